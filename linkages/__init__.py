"""linkages: network analysis of inter-organisational linkages.

Build multilayer networks of organisations (production, scientific-technical and
commercial ties), find clusters, rank their leading firms and draw interactive maps.
"""

from linkages._validation import InputError
from linkages._version import __version__ as __version__
from linkages.analysis.describe import cluster_labels, describe_clusters
from linkages.analysis.evolution import Evolution, track_clusters
from linkages.analysis.gaps import gap_priorities, structural_gaps
from linkages.analysis.leaders import leading_firms, resilience
from linkages.analysis.profiles import (
    location_quotient,
    profile_clusters,
    regions_by_cluster,
)
from linkages.analysis.regions import (
    gatekeepers,
    inside_clusters,
    openness,
    partner_regions,
    select_region,
)
from linkages.analysis.shocks import systemic_risk
from linkages.analysis.suggest import SuggestionModel, fit_suggestions, suggest_partners
from linkages.analysis.themes import cluster_themes
from linkages.build.files import read_table
from linkages.build.periods import Periods, periods_from_records, periods_from_two_mode
from linkages.build.records.aggregate import aggregate_records
from linkages.build.records.duckdb_engine import DuckDB
from linkages.build.tables import from_tables
from linkages.build.two_mode import project_two_mode, read_incidence
from linkages.clusters.compare import (
    compare_layers,
    compare_partitions,
    consensus_clusters,
    resolution_sweep,
)
from linkages.clusters.find import find_clusters
from linkages.clusters.layer_methods import Coupled, MultilayerInfomap, Multiplex
from linkages.clusters.methods import Infomap, LabelPropagation, Leiden, Louvain
from linkages.clusters.quality import layer_modularity, modularity, multiplex_modularity
from linkages.clusters.result import Clusters
from linkages.datasets import example_tables, load_cordis, load_example, make_regional_cluster
from linkages.datasets.evolving import make_evolving_clusters
from linkages.formats.gexf import read_gexf, write_gexf
from linkages.formats.graphml import read_graphml, write_graphml
from linkages.formats.node_link import read_json, write_json
from linkages.formats.pajek import read_pajek, write_pajek
from linkages.formats.tables import read_tables, write_tables
from linkages.measures.brokerage import brokerage, structural_holes
from linkages.measures.centrality import centrality
from linkages.measures.multiplex import (
    edge_overlap,
    layer_overlap,
    multiplex_pagerank,
    overlapping_degree,
    participation_coefficient,
    versatility,
)
from linkages.network import BuildReport, MultilayerNetwork
from linkages.render.alluvial import alluvial_figure, alluvial_svg
from linkages.render.figures import (
    cluster_composition_figure,
    layer_overlap_figure,
    leader_ranking_figure,
    region_composition_figure,
)
from linkages.render.map import network_layout, to_html
from linkages.render.period_maps import write_period_maps
from linkages.render.report import write_report
from linkages.views import aggregate_ties, from_networkx, to_igraph, to_networkx
from linkages.vocabulary import normalise_types

__all__ = [
    "BuildReport",
    "Clusters",
    "Coupled",
    "DuckDB",
    "Evolution",
    "Infomap",
    "InputError",
    "LabelPropagation",
    "Leiden",
    "Louvain",
    "MultilayerInfomap",
    "MultilayerNetwork",
    "Multiplex",
    "Periods",
    "SuggestionModel",
    "aggregate_records",
    "aggregate_ties",
    "alluvial_figure",
    "alluvial_svg",
    "brokerage",
    "centrality",
    "cluster_composition_figure",
    "cluster_labels",
    "cluster_themes",
    "compare_layers",
    "compare_partitions",
    "consensus_clusters",
    "describe_clusters",
    "edge_overlap",
    "example_tables",
    "find_clusters",
    "fit_suggestions",
    "from_networkx",
    "from_tables",
    "gap_priorities",
    "gatekeepers",
    "inside_clusters",
    "layer_modularity",
    "layer_overlap",
    "layer_overlap_figure",
    "leader_ranking_figure",
    "leading_firms",
    "load_cordis",
    "load_example",
    "location_quotient",
    "make_evolving_clusters",
    "make_regional_cluster",
    "modularity",
    "multiplex_modularity",
    "multiplex_pagerank",
    "network_layout",
    "normalise_types",
    "openness",
    "overlapping_degree",
    "participation_coefficient",
    "partner_regions",
    "periods_from_records",
    "periods_from_two_mode",
    "profile_clusters",
    "project_two_mode",
    "read_gexf",
    "read_graphml",
    "read_incidence",
    "read_json",
    "read_pajek",
    "read_table",
    "read_tables",
    "region_composition_figure",
    "regions_by_cluster",
    "resilience",
    "resolution_sweep",
    "select_region",
    "structural_gaps",
    "structural_holes",
    "suggest_partners",
    "systemic_risk",
    "to_html",
    "to_igraph",
    "to_networkx",
    "track_clusters",
    "versatility",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_pajek",
    "write_period_maps",
    "write_report",
    "write_tables",
]
