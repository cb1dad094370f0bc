"""linkages: network analysis of inter-organisational linkages.

Build multilayer networks of organisations (production, scientific-technical and
commercial ties), find clusters, rank their leading firms and draw interactive maps.
"""

from ._validation import InputError
from .brokerage import brokerage, structural_holes
from .build import from_tables, project_two_mode
from .centrality import centrality
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
from .leaders import leading_firms, resilience
from .multilayer_clusters import multiplex_modularity
from .multiplex import (
    edge_overlap,
    layer_overlap,
    multiplex_pagerank,
    overlapping_degree,
    participation_coefficient,
    versatility,
)
from .network import BuildReport, MultilayerNetwork
from .profiles import location_quotient, profile_clusters
from .records import aggregate_records
from .report import write_report

__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "Clusters",
    "InputError",
    "MultilayerNetwork",
    "aggregate_records",
    "aggregate_ties",
    "brokerage",
    "centrality",
    "cluster_composition_figure",
    "compare_layers",
    "compare_partitions",
    "consensus_clusters",
    "edge_overlap",
    "example_tables",
    "find_clusters",
    "from_networkx",
    "from_tables",
    "layer_overlap",
    "layer_overlap_figure",
    "leader_ranking_figure",
    "leading_firms",
    "load_example",
    "location_quotient",
    "make_regional_cluster",
    "modularity",
    "multiplex_modularity",
    "multiplex_pagerank",
    "overlapping_degree",
    "participation_coefficient",
    "profile_clusters",
    "project_two_mode",
    "read_gexf",
    "read_graphml",
    "read_incidence",
    "read_json",
    "read_pajek",
    "read_table",
    "read_tables",
    "resilience",
    "resolution_sweep",
    "structural_holes",
    "to_html",
    "to_igraph",
    "to_networkx",
    "versatility",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_pajek",
    "write_report",
    "write_tables",
]
