"""Small hand-built networks and paths to the shared data sets."""

from pathlib import Path

import pandas as pd
import pytest

import linkages as lk

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATASETS = SHARED / "datasets"


def shared_dataset(*parts: str) -> Path:
    """Path to a file in ../shared/datasets, or skip the test with the reason."""
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data set not found: {path}")
    return path


@pytest.fixture(scope="session")
def shared_data():
    """``shared_data("florentine", "florentine.mpx")``: a shared data file, or skip.

    (Test modules cannot ``from conftest import ...`` under --import-mode=importlib.)
    """
    return shared_dataset


@pytest.fixture
def tiny():
    """Four organisations, two layers: production (directed) and scientific (undirected)."""
    orgs = pd.DataFrame({"name": ["Anchor", "Sme1", "Sme2", "Uni"],
                         "type": ["large firm", "sme", "sme", "university"],
                         "region": ["North", "North", "South", "North"],
                         "lat": [45.0, 45.1, 44.0, 45.05], "lon": [9.0, 9.1, 9.0, 9.2]},
                        index=pd.Index(["A", "B", "C", "U"], name="id"))
    rels = pd.DataFrame({"source": ["B", "C", "U", "U", "B"],
                         "target": ["A", "A", "A", "B", "A"],
                         "layer": ["production", "production", "scientific", "scientific",
                                   "scientific"],
                         "weight": [10.0, 4.0, 1.0, 2.0, 0.5]})
    return lk.MultilayerNetwork(orgs, rels)


@pytest.fixture(scope="session")
def florentine():
    """Padgett's Florentine families: marriage and business layers, 16 families."""
    folder = shared_dataset("florentine")
    nodes = pd.read_csv(folder / "flo_marriage_nodes.csv").set_index("id")
    layers = {name: pd.read_csv(folder / f"flo_{name}_edges.csv")[["source", "target"]]
              for name in ("marriage", "business")}
    return lk.from_tables(nodes.rename_axis("id"), layers, weight=None,
                          directed=False, self_loops="error", duplicates="error")
