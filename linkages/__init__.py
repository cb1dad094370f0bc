"""linkages: network analysis of inter-organisational linkages.

Build multilayer networks of organisations (production, scientific-technical and
commercial ties), find clusters, rank their leading firms and draw interactive maps.
"""

from ._validation import InputError
from .build import aggregate_records, from_tables, project_two_mode
from .convert import aggregate_ties, from_networkx, to_igraph, to_networkx
from .datasets import example_tables, load_example, make_regional_cluster
from .io import read_incidence, read_pajek, read_table
from .network import BuildReport, MultilayerNetwork

__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "InputError",
    "MultilayerNetwork",
    "aggregate_records",
    "aggregate_ties",
    "example_tables",
    "from_networkx",
    "from_tables",
    "load_example",
    "make_regional_cluster",
    "project_two_mode",
    "read_incidence",
    "read_pajek",
    "read_table",
    "to_igraph",
    "to_networkx",
]
