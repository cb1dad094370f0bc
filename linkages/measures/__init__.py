"""Measures of organisations in the network.

- :mod:`~linkages.measures.centrality`: degree, strength, betweenness, closeness, harmonic,
  eigenvector, PageRank, HITS and coreness per layer and on the aggregate;
- :mod:`~linkages.measures.multiplex`: measures across layers (overlapping degree,
  participation coefficient, edge and layer overlap, multiplex PageRank, versatility);
- :mod:`~linkages.measures.brokerage`: Gould-Fernandez brokerage roles and Burt's
  structural holes.
"""
