"""Small hand-built networks and paths to the reference data sets."""

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linkages as lk

# Small reference data committed with the tests (Florentine families, board interlocks), each
# folder with its SOURCE.txt and licence text: always present, never skipped.
DATA = Path(__file__).resolve().parent / "data"
# Large data kept outside the repository (the CORDIS Horizon 2020 extract). Tests that need it
# skip when it is absent; LINKAGES_SHARED_DATASETS points elsewhere (e.g. a missing folder,
# to check that nothing else depends on it).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATASETS = Path(os.environ.get("LINKAGES_SHARED_DATASETS", SHARED / "datasets"))


def reference_data(*parts: str) -> Path:
    """Path to a file committed in tests/data, e.g. ``reference_data("florentine")``."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"reference data missing from the repository: {path}")
    return path


def shared_dataset(*parts: str) -> Path:
    """Path to a data file: from tests/data for the data sets committed there (an error if
    the file is missing: no skip), else from ../shared/datasets, or skip the test with the
    reason (only the large CORDIS extract is not committed)."""
    if parts and DATA.joinpath(parts[0]).is_dir():
        return reference_data(*parts)
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data set not found: {path}")
    return path


@pytest.fixture(scope="session")
def shared_data():
    """``shared_data("florentine", "florentine.mpx")``: a reference data file from
    tests/data, or (CORDIS only) from ../shared/datasets, or skip.

    (Test modules cannot ``from conftest import ...`` under --import-mode=importlib.)
    """
    return shared_dataset


@pytest.fixture(scope="session", name="reference_data")
def reference_data_fixture():
    """``reference_data("florentine", "florentine.mpx")``: a file committed in tests/data."""
    return reference_data


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
    folder = reference_data("florentine")
    nodes = pd.read_csv(folder / "flo_marriage_nodes.csv").set_index("id")
    layers = {name: pd.read_csv(folder / f"flo_{name}_edges.csv")[["source", "target"]]
              for name in ("marriage", "business")}
    return lk.from_tables(nodes.rename_axis("id"), layers, weight=None,
                          directed=False, self_loops="error", duplicates="error")


# leaders (resilience) and profiles share it
@pytest.fixture
def star_and_clique():
    """Cluster 0: a star, H buys from 4 SMEs; cluster 1: a scientific 4-clique; Z in none.

    Z -> H (production) and a2 -> c1 (commercial) cross the cluster boundary.
    """
    ids = ["H", "a1", "a2", "a3", "a4", "c1", "c2", "c3", "c4", "Z"]
    orgs = pd.DataFrame({
        "type": ["large firm"] + ["sme"] * 4 + ["sme", "sme", "university", "public body",
                                                 "intermediary"],
        "region": ["N", "N", "N", "S", "S", "E", "E", "E", "E", "N"],
        "lat": [45, 45, np.nan, 45, 45, 0, 0, 0, 0, 45],
        "lon": [9, 9, np.nan, 9, 9, 0, 2, 0, 2, 9]}, index=pd.Index(ids, name="id"))
    rels = [("a1", "H", "production"), ("a2", "H", "production"), ("a3", "H", "production"),
            ("a4", "H", "production"), ("Z", "H", "production"), ("a2", "c1", "commercial")]
    rels += [(u, v, "scientific") for i, u in enumerate(ids[5:9]) for v in ids[6 + i:9]]
    rels = pd.DataFrame(rels, columns=["source", "target", "layer"]).assign(weight=1.0)
    net = lk.MultilayerNetwork(orgs, rels)
    membership = pd.Series([0] * 5 + [1] * 4 + [-1], index=orgs.index)
    return net, membership


# -- headless Chromium for the pages' tests (test_html.py, test_period_maps.py) --------------
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's) driven by playwright; skip when either is missing."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                                    else shutil.which("chromium"), args=ARGS)
        yield browser
        browser.close()


#: Where organisation ``i`` is drawn on the screen, [x, y], on either map page.
SPOT = ("(i => { var p; if (window.linkages.sigma) { p = linkages.sigma.graphToViewport("
        "linkages.graph.getNodeAttributes(i)); } else { var n = linkages.network; "
        "p = n.canvasToDOM(n.getPositions([i])[i]); } return [p.x, p.y]; })")


@pytest.fixture
def open_page(browser):
    """Open a page file with requests outside its folder (other than .html pages) blocked
    and counted in ``page.requests``; dialogs and page errors recorded. ``drawn``: wait
    until the map says it has drawn (not for the period index, which only frames maps).
    ``page.spot(i)``: where organisation ``i`` is on the screen, on either map page."""
    def open_(path, *, drawn=True):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        folder = Path(path).resolve().parent.as_uri() + "/"   # the page and its sub-pages
        page.requests, page.dialogs, page.errors = [], [], []

        def route(r):
            if r.request.url.startswith(folder) and r.request.url.endswith(".html"):
                r.continue_()
            else:
                page.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.spot = lambda i: page.evaluate(SPOT, i)
        page.goto(Path(path).resolve().as_uri())
        if drawn:
            page.wait_for_function("window.linkages && window.linkages.drawn",
                                   timeout=60_000)
        return page
    return open_


@pytest.fixture(scope="session")
def square_region():
    """A GeoJSON feature maker: the square region ``name`` of half-side ``d`` degrees
    around (``lon``, ``lat``)."""
    def box(name, lon, lat, d=0.3):
        return {"type": "Feature", "properties": {"NUTS_NAME": name}, "geometry": {
            "type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d],
                                                [lon + d, lat + d], [lon - d, lat + d],
                                                [lon - d, lat - d]]]}}
    return box
