"""linkages: network analysis of inter-organisational linkages.

Build multilayer networks of organisations (production, scientific-technical and
commercial ties), find clusters, rank their leading firms and draw interactive maps.
"""

from ._validation import InputError
from .build import aggregate_records, from_tables, project_two_mode
from .cluster_quality import (
    compare_layers,
    compare_partitions,
    consensus_clusters,
    modularity,
    resolution_sweep,
)
from .clusters import Clusters, find_clusters
from .convert import aggregate_ties, from_networkx, to_igraph, to_networkx
from .datasets import example_tables, load_example, make_regional_cluster
from .figures import (
    cluster_composition_figure,
    layer_overlap_figure,
    leader_ranking_figure,
)
from .formats import (
    read_gexf,
    read_graphml,
    read_json,
    read_tables,
    write_gexf,
    write_graphml,
    write_json,
    write_pajek,
    write_tables,
)
from .html import to_html
from .io import read_incidence, read_pajek, read_table
from .multilayer_clusters import multiplex_modularity
from .network import BuildReport, MultilayerNetwork

__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "Clusters",
    "InputError",
    "MultilayerNetwork",
    "aggregate_records",
    "aggregate_ties",
    "cluster_composition_figure",
    "compare_layers",
    "compare_partitions",
    "consensus_clusters",
    "example_tables",
    "find_clusters",
    "from_networkx",
    "from_tables",
    "layer_overlap_figure",
    "leader_ranking_figure",
    "load_example",
    "make_regional_cluster",
    "modularity",
    "multiplex_modularity",
    "project_two_mode",
    "read_gexf",
    "read_graphml",
    "read_incidence",
    "read_json",
    "read_pajek",
    "read_table",
    "read_tables",
    "resolution_sweep",
    "to_html",
    "to_igraph",
    "to_networkx",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_pajek",
    "write_tables",
]
