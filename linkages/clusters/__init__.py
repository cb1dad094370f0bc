"""Clusters: which organisations form the clusters of a region, how good and how stable.

- :mod:`~linkages.clusters.result`: :class:`~linkages.Clusters`, every method's result;
- :mod:`~linkages.clusters.inputs`: the graphs and tie arrays the methods read, the seed;
- :mod:`~linkages.clusters.quality`: modularity (aggregate, per layer, multislice);
- :mod:`~linkages.clusters.methods`: methods on one graph (Leiden, Louvain, label
  propagation, Infomap), each an object holding its own options;
- :mod:`~linkages.clusters.layer_methods`: layer-aware methods (multiplex, layer-coupled,
  multilayer Infomap);
- :mod:`~linkages.clusters.find`: :func:`~linkages.find_clusters`, the one entry point;
- :mod:`~linkages.clusters.compare`: comparing partitions and layers, resolution sweeps,
  consensus over seeds.

Imports run down this list.
"""
