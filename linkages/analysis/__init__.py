"""What the regional literature asks of clusters, built on clusters and measures.

- :mod:`~linkages.analysis.leaders`: the leading firms of each cluster with the reasons,
  anchors, and what losing an organisation would cost (resilience);
- :mod:`~linkages.analysis.profiles`: one row per cluster (composition, ties, openness,
  territory, structure) and the location quotient.
"""
