"""The HTML map: file content checks, and real-browser checks (headless Chromium)."""

import json
import os
import re
import urllib.parse
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.render.map_pages import FAST_EDGES

HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(2)</script>"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "_static"


def page_data(path):
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])


@pytest.fixture(scope="module")
def net():
    """The example with two hostile names (organisations 5 and 6)."""
    base = lk.load_example()
    orgs = base.organisations.copy()
    orgs.loc[orgs.index[5], "name"] = HOSTILE
    orgs.loc[orgs.index[6], "name"] = BREAKOUT
    return lk.MultilayerNetwork(orgs, base.relations)


@pytest.fixture(scope="module")
def example_map(net, tmp_path_factory):
    orgs = net.organisations
    scores = pd.DataFrame({"degree": lk.to_igraph(net, directed=False).degree(),
                           "share": np.linspace(0, 1, 300)}, index=orgs.index)
    path = tmp_path_factory.mktemp("map") / "map.html"
    lk.to_html(net, path, clusters=orgs["planted_cluster"], scores=scores,
               leaders=orgs.index[orgs["anchor"]], title="Example cluster map")
    return path


# -- the file ----------------------------------------------------------------------------------
def test_file_is_self_contained_and_escaped(example_map):
    text = example_map.read_text(encoding="utf-8")
    assert "<link" not in text and "<script src" not in text and "bootstrap" not in text
    assert HOSTILE not in text and BREAKOUT not in text      # only escaped forms
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text
    assert text.count("</script>") == 3                      # vis, data, page script
    data = page_data(example_map)
    assert data["names"][5] == HOSTILE and data["names"][6] == BREAKOUT


def test_every_tie_kept_with_its_layer(example_map, net):
    data = page_data(example_map)
    assert len(data["nodes"]) == 300 and len(data["edges"]) == 1634
    assert len({e["id"] for e in data["edges"]}) == 1634
    layers = [x["name"] for x in data["layers"]]
    counts = pd.Series([layers[e["layer"]] for e in data["edges"]]).value_counts().to_dict()
    assert counts == {"scientific": 707, "production": 557, "commercial": 370}
    assert [x["ties"] for x in data["layers"]] == [557, 707, 370]
    # same pair in two layers: both ties drawn
    pairs = pd.DataFrame([(min(e["from"], e["to"]), max(e["from"], e["to"]), e["layer"])
                          for e in data["edges"]])
    assert pairs.duplicated([0, 1]).sum() == net.relations.assign(
        a=np.minimum(*net.codes()[:2]), b=np.maximum(*net.codes()[:2])).duplicated(
        ["a", "b"]).sum() > 0


def test_nodes_coloured_sized_and_leaders(example_map, net):
    data = page_data(example_map)
    orgs = net.organisations
    anchors = np.flatnonzero(orgs["anchor"].to_numpy())
    for i in anchors:
        node = data["nodes"][i]
        assert node["borderWidth"] == 4 and node["label"].startswith("\u2605 ")
        assert node["color"]["border"] == "#000000"
    assert data["nodes"][0]["color"]["background"] == data["clusters"][
        [c["id"] for c in data["clusters"]].index(orgs["planted_cluster"].iloc[0])]["color"]
    sizes = np.array([n["size"] for n in data["nodes"]])
    degree = lk.to_igraph(net, directed=False).degree()
    expected = 6 + 24 * np.sqrt(degree) / np.sqrt(max(degree))   # sized by the first score
    assert sizes == pytest.approx(expected, abs=0.01)
    fields = data["fields"]
    assert fields[:2] == ["id", "name"] and fields[-3:] == ["degree", "share", "leader"]
    assert data["info"][0][fields.index("cluster")] == int(orgs["planted_cluster"].iloc[0])
    assert [len(c["leaders"]) for c in data["clusters"]] == [3, 3, 3, 3]


def test_same_seed_same_file(net, tmp_path):
    a = lk.to_html(net, tmp_path / "a.html", seed=1).read_text()
    b = lk.to_html(net, tmp_path / "b.html", seed=1).read_text()
    c = lk.to_html(net, tmp_path / "c.html", seed=2).read_text()
    assert a == b and a != c


def test_overview_files(tmp_path):
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    clusters = big.organisations["planted_cluster"]
    path = lk.to_html(big, tmp_path / "big.html", clusters=clusters, max_nodes=500)
    data = page_data(path)
    sizes = clusters.value_counts()
    assert [c["members"] for c in data["clusters"]] == sorted(sizes.tolist(), reverse=True)
    assert len(data["nodes"]) == len(sizes)
    assert "Overview: 1,200 organisations are more than max_nodes=500" in data["note"]
    # ties between clusters, per layer, sum to the ties whose ends are in different clusters
    cl = clusters.to_numpy()
    src, tgt, lay = big.codes()
    between = cl[src] != cl[tgt]
    for i in range(len(big.layers)):
        drawn = sum(e["weight"] for e in data["edges"] if e["layer"] == i)
        assert drawn == int((between & (lay == i)).sum())
    for c in data["clusters"]:
        page = tmp_path / c["href"]
        sub = page_data(page)
        assert len(sub["nodes"]) == c["members"]
        assert sub["back"]["href"] == "../big.html"


def test_errors(net, tmp_path):
    with pytest.raises(lk.InputError, match="Pass clusters="):
        lk.to_html(net, tmp_path / "x.html", max_nodes=100)
    with pytest.raises(lk.InputError, match="The 'physics' argument of to_html may be True "
                                            "only up to 500 organisations"):
        lk.to_html(lk.make_regional_cluster(600, seed=0), tmp_path / "x.html", physics=True)
    with pytest.raises(lk.InputError, match=r"The 'size_by' argument of to_html must be one "
                                            r"of \["):
        lk.to_html(net, tmp_path / "x.html", size_by="turnover")
    with pytest.raises(lk.InputError, match="The 'leaders' argument of to_html references 1 "
                                            "organisations not in the organisations table"):
        lk.to_html(net, tmp_path / "x.html", leaders=["nobody"])
    with pytest.raises(lk.InputError, match="The 'path' argument of to_html must be in an "
                                            "existing folder"):
        lk.to_html(net, tmp_path / "no" / "x.html")
    with pytest.raises(lk.InputError, match="has 300 clusters, more than max_nodes=100"):
        lk.to_html(net, tmp_path / "x.html", clusters=np.arange(300), max_nodes=100)


# -- the browser (the fixture `browser`: tests/conftest.py) -----------------------------



def counts(page):
    return page.evaluate("""() => ({
        nodes: linkages.network.body.nodeIndices.length,
        edges: linkages.network.body.edgeIndices.length,
        visible: linkages.visibleEdges.length,
        layers: [...new Set(linkages.visibleEdges.get().map(e => e.layer))].sort()})""")


@pytest.mark.browser
def test_browser_offline_and_complete(open_page, example_map):
    page = open_page(example_map)
    assert page.requests == [] and page.errors == []
    assert counts(page) == {"nodes": 300, "edges": 1634, "visible": 1634, "layers": [0, 1, 2]}
    assert page.evaluate("linkages.drawnEdges") == 1634
    assert page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_screenshot_for_readme(open_page, tmp_path):
    net = lk.load_example()
    orgs = net.organisations
    path = lk.to_html(net, tmp_path / "example.html", clusters=orgs["planted_cluster"],
                      leaders=orgs.index[orgs["anchor"]], title="Example cluster map")
    page = open_page(path)
    # The README's picture is refreshed only on request, so a test run leaves the tree clean:
    # LINKAGES_UPDATE_SCREENSHOT=1 python -m pytest tests/test_html.py -k screenshot
    target = (DOCS / "example-map.png" if os.environ.get("LINKAGES_UPDATE_SCREENSHOT")
              else tmp_path / "example-map.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert page.requests == [] and target.stat().st_size > 10_000
    page.close()


@pytest.mark.browser
def test_browser_layer_checkbox(open_page, example_map):
    page = open_page(example_map)
    page.uncheck('input[data-layer="production"]')
    assert counts(page) == {"nodes": 300, "edges": 1634 - 557, "visible": 1634 - 557,
                            "layers": [1, 2]}
    page.uncheck('input[data-layer="commercial"]')
    assert counts(page)["edges"] == 707
    page.check('input[data-layer="production"]')
    page.check('input[data-layer="commercial"]')
    assert counts(page)["edges"] == 1634
    page.close()


@pytest.mark.browser
def test_browser_tooltip_shows_hostile_name_as_text(open_page, example_map, net):
    page = open_page(example_map)
    # put the node alone in empty space so no neighbour sits on top of it, then hover it
    page.evaluate("""() => { const net = linkages.network;
        net.moveNode(5, 5000, 5000); net.moveTo({position: {x: 5000, y: 5000}, scale: 2}); }""")
    dom = page.evaluate("linkages.network.canvasToDOM(linkages.network.getPositions([5])[5])")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + dom["x"] + 40, box["y"] + dom["y"] + 40)
    page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"], steps=5)
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible", timeout=5000)
    assert tip.locator("b").inner_text() == HOSTILE
    text = tip.inner_text()
    assert net.organisations.index[5] in text and "planted_cluster" in text
    assert "degree" in text and "share" in text
    assert page.locator("#tooltip img").count() == 0 and page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.dialogs == [] and page.requests == [] and page.errors == []
    page.close()


@pytest.mark.browser
def test_browser_search(open_page, example_map):
    page = open_page(example_map)
    page.fill("#search", "onerror=alert")
    page.press("#search", "Enter")
    assert page.evaluate("linkages.network.getSelectedNodes()") == [5]
    assert "1 match" in page.inner_text("#search-status")
    assert page.evaluate("linkages.search('no such organisation')") == []
    assert page.inner_text("#search-status") == "No organisation matches."
    assert page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_overview_and_drill_down(open_page, tmp_path):
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    path = lk.to_html(big, tmp_path / "big.html", clusters=big.organisations["planted_cluster"],
                      max_nodes=500)
    page = open_page(path)
    assert page.requests == []
    assert counts(page)["nodes"] == 4
    assert "Overview" in page.inner_text("#note")
    first = page_data(path)["clusters"][0]
    page.click(f'#clusters a[href="{first["href"]}"]')
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    assert counts(page)["nodes"] == first["members"]
    assert page.requests == [] and page.errors == []
    page.close()


@pytest.mark.browser
def test_browser_fast_mode_draws_every_tie(open_page, tmp_path):
    """Above 10,000 ties the page strokes the ties itself: every tie, layer toggles exact."""
    big = lk.make_regional_cluster(2000, seed=2)
    assert big.n_relations > FAST_EDGES
    path = lk.to_html(big, tmp_path / "fast.html", clusters=big.organisations["planted_cluster"])
    assert page_data(path)["fastEdges"] is True
    page = open_page(path)
    ties = big.summary()["ties"]
    assert page.evaluate("linkages.drawnEdges") == big.n_relations
    assert counts(page)["nodes"] == 2000
    page.uncheck('input[data-layer="scientific"]')
    page.wait_for_function(f"linkages.drawnEdges === {big.n_relations - ties['scientific']}",
                           timeout=5000)
    assert counts(page)["visible"] == big.n_relations - ties["scientific"]
    page.check('input[data-layer="scientific"]')
    page.wait_for_function(f"linkages.drawnEdges === {big.n_relations}", timeout=5000)
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


def test_overview_draws_the_strongest_lines_and_says_so(tmp_path, monkeypatch):
    import linkages.render.map_pages as html_module
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    clusters = big.organisations["planted_cluster"]
    full = page_data(lk.to_html(big, tmp_path / "full.html", clusters=clusters, max_nodes=500))
    monkeypatch.setattr(html_module, "OVERVIEW_MAX_LINES", 5)
    data = page_data(lk.to_html(big, tmp_path / "few.html", clusters=clusters, max_nodes=500))
    assert len(full["edges"]) > 5 and len(data["edges"]) == 5
    strongest = sorted((e["weight"] for e in full["edges"]), reverse=True)[:5]
    assert sorted((e["weight"] for e in data["edges"]), reverse=True) == strongest
    assert (f"The 5 strongest of these {len(full['edges']):,} lines are drawn (each of at "
            f"least {min(strongest):,} ties)") in data["note"]
    assert "strongest" not in full["note"]


def test_overview_max_pages(tmp_path):
    net = lk.load_example()
    clusters = net.organisations["planted_cluster"]
    path = lk.to_html(net, tmp_path / "m.html", clusters=clusters, max_nodes=100, max_pages=2)
    pages = sorted(p.name for p in (tmp_path / "m_clusters").iterdir())
    assert len(pages) == 2            # the two largest clusters of 4 (all under 100 members)
    largest = clusters.value_counts().index[:2]
    assert pages == sorted(f"cluster-{c}.html" for c in largest)
    text = path.read_text(encoding="utf-8")
    assert "Only the 2 largest clusters have a page (max_pages=2); 2 smaller ones have none." \
        in text
    with pytest.raises(lk.InputError, match="The 'max_pages' argument of to_html must be a "
                       "non-negative integer or None. Got -1 instead."):
        lk.to_html(net, tmp_path / "x.html", clusters=clusters, max_nodes=100, max_pages=-1)


def test_small_max_nodes_every_page_within_it_and_every_organisation_on_one(tmp_path):
    net = lk.load_example()
    clusters = net.organisations["planted_cluster"]
    lk.to_html(net, tmp_path / "m.html", clusters=clusters, max_nodes=5, max_pages=None)
    names = set()
    for page in tmp_path.rglob("*.html"):
        data = page_data(page)
        assert len(data["nodes"]) <= 5, page          # Leiden's many parts: at most 5
        if "members" not in data:                     # an organisations' page
            names |= set(data["names"])
    assert names == set(net.organisations["name"])
    with pytest.raises(lk.InputError, match="The 'max_nodes' argument of to_html must be at "
                                            "least 2 to split"):
        lk.to_html(net, tmp_path / "one.html", clusters=clusters * 0, max_nodes=1)


# -- the geographic layout, labels and themes ----------------------------------------------------
def project(lat, lon, geo):
    """The documented projection, computed independently of linkages.render.geo."""
    k = geo["scale"] * 6371.0 * np.pi / 180.0
    x = k * (np.asarray(lon) - geo["lon0"]) * np.cos(np.radians(geo["lat0"]))
    return np.column_stack([x, -k * (np.asarray(lat) - geo["lat0"])])


@pytest.fixture(scope="module")
def territory(net, square_region):
    orgs = net.organisations
    return {"type": "FeatureCollection", "features": [
        square_region(HOSTILE if region == "North" else region, g["lon"].mean(), g["lat"].mean())
        for region, g in orgs.groupby("region")]}


THEMES = pd.DataFrame({"cluster": [0, 0, 0, 0, 1], "theme": ["SC3 energy", "ICT", HOSTILE, "x",
                                                             "Space"],
                       "share": [0.5, 0.3, 0.1, 0.05, 0.6], "lq": [3.1, 1.2, 0.5, 0.2, 2.0]})


@pytest.fixture(scope="module")
def geo_map(net, territory, tmp_path_factory):
    orgs = net.organisations
    path = tmp_path_factory.mktemp("geo") / "geo.html"
    lk.to_html(net, path, clusters=orgs["planted_cluster"], territory=territory,
               labels={0: "Centre \u00b7 motor vehicles", 1: BREAKOUT}, themes=THEMES)
    return path


def test_geographic_positions_are_the_projected_coordinates(geo_map, net):
    data = page_data(geo_map)
    orgs = net.organisations
    geo = data["geo"]
    assert data["layoutMode"] == "geographic" and geo["projection"] == "equirectangular"
    assert geo["lat0"] == pytest.approx(orgs["lat"].mean())
    assert geo["lon0"] == pytest.approx(orgs["lon"].mean())
    expected = project(orgs["lat"], orgs["lon"], geo)
    xy = np.reshape(data["positions"]["geographic"], (-1, 2))
    assert xy == pytest.approx(expected, abs=0.06)
    assert [[n["x"], n["y"]] for n in data["nodes"]] == xy.tolist()   # opens geographic
    # both layouts in the page; the spans of the two are alike
    network = np.reshape(data["positions"]["network"], (-1, 2))
    assert network.shape == xy.shape and not np.allclose(network, xy)
    assert np.ptp(xy, axis=0).max() == pytest.approx(2 * 30 * np.sqrt(300), rel=0.01)
    # the territory with the same projection; names escaped in the file
    ring = np.reshape(geo["territory"]["rings"][0], (-1, 2))
    first = territory_rings(net)[0]
    assert ring == pytest.approx(project(first[:, 1], first[:, 0], geo), abs=0.06)
    assert HOSTILE in [t[0] for t in geo["territory"]["names"]]
    assert "Geographic layout: 300 organisations at their coordinates" in geo["note"]
    assert geo["unplaced"] == []


def territory_rings(net):
    orgs = net.organisations
    g = orgs[orgs["region"] == sorted(orgs["region"].unique())[0]]
    lon, lat, d = g["lon"].mean(), g["lat"].mean(), 0.3
    return [np.array([[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d],
                      [lon - d, lat + d], [lon - d, lat - d]])]


def test_labels_and_themes_in_legend_and_tooltips(geo_map):
    data = page_data(geo_map)
    text = geo_map.read_text(encoding="utf-8")
    assert BREAKOUT not in text and HOSTILE not in text
    legend = {c["id"]: c for c in data["clusters"]}
    assert legend[0]["label"] == "Centre \u00b7 motor vehicles" and legend[1]["label"] == BREAKOUT
    assert legend[2]["label"] == "Cluster 2" and legend[2]["themes"] == []
    assert legend[0]["themes"] == ["SC3 energy: 50% of the cluster, LQ 3.1",
                                   "ICT: 30% of the cluster, LQ 1.2",
                                   f"{HOSTILE}: 10% of the cluster, LQ 0.5"]   # top 3
    assert "cluster label" in data["fields"]


def test_organisations_without_coordinates_are_set_aside_and_said(net, tmp_path):
    orgs = net.organisations.copy()
    orgs.loc[orgs.index[:7], "lat"] = np.nan
    path = lk.to_html(lk.MultilayerNetwork(orgs, net.relations), tmp_path / "m.html",
                      layout="geographic")
    data = page_data(path)
    assert sorted(data["positions"]) == ["geographic"]        # no network layout computed
    xy = np.reshape(data["positions"]["geographic"], (-1, 2))
    assert data["geo"]["unplaced"] == list(range(7))
    assert (xy[:7, 0] > xy[7:, 0].max()).all()                  # to the right of the map
    assert "7 organisations without coordinates are drawn in a grid to the right" in \
        data["geo"]["note"]
    assert xy[7:] == pytest.approx(project(orgs["lat"][7:], orgs["lon"][7:], data["geo"]),
                                   abs=0.06)


def test_layout_choices_and_defaults(net, tmp_path):
    plain = net.organisations.drop(columns=["lat", "lon"])
    no_coords = lk.MultilayerNetwork(plain, net.relations)
    data = page_data(lk.to_html(no_coords, tmp_path / "a.html"))
    assert data["layoutMode"] == "network" and data["geo"] is None
    data = page_data(lk.to_html(net, tmp_path / "b.html", layout="network"))
    assert sorted(data["positions"]) == ["network"] and data["geo"] is None
    renamed = lk.MultilayerNetwork(net.organisations.rename(columns={"lat": "y", "lon": "x"}),
                                   net.relations)
    data = page_data(lk.to_html(renamed, tmp_path / "c.html", coordinates=("y", "x")))
    assert data["layoutMode"] == "geographic"


def test_geographic_errors(net, tmp_path, territory):
    no_coords = lk.MultilayerNetwork(net.organisations.drop(columns=["lat"]), net.relations)
    with pytest.raises(lk.InputError, match="The 'layout' argument of to_html may be "
                                            "'geographic' only when organisations have "
                                            "coordinates"):
        lk.to_html(no_coords, tmp_path / "x.html", layout="geographic")
    with pytest.raises(lk.InputError, match="The 'layout' argument of to_html must be one of"):
        lk.to_html(net, tmp_path / "x.html", layout="map")
    with pytest.raises(lk.InputError, match="The 'territory' argument of to_html is drawn under "
                                            "the geographic layout"):
        lk.to_html(net, tmp_path / "x.html", layout="network", territory=territory)
    with pytest.raises(lk.InputError, match="must hold Polygon or MultiPolygon geometries "
                                            "\\(GeoJSON\\). Got 'Point'"):
        lk.to_html(net, tmp_path / "x.html", territory={"type": "Point", "coordinates": [9, 45]})
    with pytest.raises(lk.InputError, match="positions outside longitude"):
        lk.to_html(net, tmp_path / "x.html", territory={"type": "Polygon", "coordinates": [
            [[500000, 4000000], [500100, 4000000], [500100, 4000100]]]})
    (tmp_path / "t.geojson").write_text("not json")
    with pytest.raises(lk.InputError, match="is not JSON"):
        lk.to_html(net, tmp_path / "x.html", territory=tmp_path / "t.geojson")
    swapped = net.organisations.copy()
    swapped["lat"] = swapped["lat"] * 3
    with pytest.raises(lk.InputError, match="The organisations' 'lat' column must be within "
                                            "\\+-90 degrees"):
        lk.to_html(lk.MultilayerNetwork(swapped, net.relations), tmp_path / "x.html")
    with pytest.raises(lk.InputError, match="must have the columns"):
        lk.to_html(net, tmp_path / "x.html", themes=pd.DataFrame({"cluster": [0]}))
    with pytest.raises(lk.InputError, match="The 'labels' argument of to_html must be keyed by "
                                            "cluster numbers"):
        lk.to_html(net, tmp_path / "x.html", labels={"energy": "x"})


def test_overview_geographic_labels_and_themes(tmp_path, territory):
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    clusters = big.organisations["planted_cluster"]
    path = lk.to_html(big, tmp_path / "big.html", clusters=clusters, max_nodes=500,
                      labels={0: "Zero"}, themes=THEMES, territory=territory)
    data = page_data(path)
    orgs = big.organisations
    ids = [c["id"] for c in data["clusters"]]
    mean = orgs.groupby("planted_cluster")[["lat", "lon"]].mean().loc[ids]
    xy = np.reshape(data["positions"]["geographic"], (-1, 2))
    assert xy == pytest.approx(project(mean["lat"], mean["lon"], data["geo"]), abs=0.06)
    assert "mean position of its members" in data["geo"]["note"]
    legend = {c["id"]: c for c in data["clusters"]}
    assert legend[0]["label"] == "Zero" and len(legend[0]["themes"]) == 3
    sub = page_data(tmp_path / legend[0]["href"])                 # drill-down: its own layout
    assert sub["title"].endswith(": Zero") and sub["layoutMode"] == "geographic"
    assert sub["geo"]["territory"] is not None


@pytest.mark.browser
def test_browser_geographic_layout_toggle_and_no_request(browser, geo_map, net):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    seen, errors = [], []
    page.on("request", lambda r: seen.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(geo_map.resolve().as_uri())
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    data = page_data(geo_map)
    expected = project(net.organisations["lat"], net.organisations["lon"], data["geo"])

    def positions():   # vis-network keeps whole pixels: within 1 px (0.2 km here)
        got = page.evaluate("linkages.network.getPositions()")
        return np.array([[got[str(i)]["x"], got[str(i)]["y"]] for i in range(300)])

    assert page.evaluate("linkages.layout") == "geographic"
    assert positions() == pytest.approx(expected, abs=1.0)
    assert page.evaluate("linkages.network.physics.physicsEnabled") is False
    assert page.inner_text("#layout-toggle") == "Show the network layout"
    assert "300 organisations at their coordinates" in page.inner_text("#geo-note")
    page.click("#layout-toggle")
    assert page.evaluate("linkages.layout") == "network"
    assert positions() == pytest.approx(np.reshape(data["positions"]["network"], (-1, 2)),
                                        abs=1.0)
    assert page.inner_text("#layout-toggle") == "Show the geographic layout"
    assert not page.is_visible("#geo-note")
    page.click("#layout-toggle")
    assert positions() == pytest.approx(expected, abs=1.0)
    # a legend row's tooltip names the cluster and its themes, as text
    row = page.locator("#clusters .row", has_text="Centre")
    assert row.get_attribute("title").startswith("Cluster 0\nSC3 energy: 50%")
    assert page.locator("#clusters").inner_text().count(BREAKOUT) == 1
    target = geo_map.with_name("geographic.png")
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    assert seen == [geo_map.resolve().as_uri()] and errors == []
    page.close()


# -- every tie visible, links, fit and colours (issue 16) --------------------------------------
def two_layer_pairs(data):
    """Pairs (either direction) tied in two or more ties: their edge ids."""
    groups = {}
    for e in data["edges"]:
        groups.setdefault((min(e["from"], e["to"]), max(e["from"], e["to"])), []).append(
            e["id"])
    return [ids for ids in groups.values() if len(ids) > 1]


def assert_distinct_paths(paths, pairs):
    for ids in pairs:
        drawn = {tuple(round(v, 1) for v in paths[str(i)][2:4]) for i in ids}
        assert len(drawn) == len(ids), ids          # one control point per tie: no overlap


@pytest.mark.browser
def test_browser_every_tie_of_a_pair_has_its_own_curve(open_page, example_map):
    data = page_data(example_map)
    pairs = two_layer_pairs(data)
    assert len(pairs) >= 250                         # 282 pairs tied twice or more
    page = open_page(example_map)
    paths = page.evaluate("linkages.tiePaths()")
    assert len(paths) == 1634
    assert_distinct_paths(paths, pairs)
    # the page's own formula (fast mode) is vis-network's curve: the same control points
    mine = page.evaluate("""() => { const out = {}; const d = linkages.data;
        const B = linkages.network.body.nodes;
        d.edges.slice(0, 200).forEach(e => { out[e.id] = linkages.network.body.edges[e.id]
            .edgeType._getViaCoordinates(); }); return out; }""")
    for key, via in mine.items():
        assert paths[key][2:4] == pytest.approx([via["x"], via["y"]], abs=0.01)
    # arrows on the directed layers' ties, none on the undirected one
    arrows = page.evaluate("""() => { const r = {}; linkages.data.edges.forEach(e => {
        const on = linkages.network.body.edges[e.id].options.arrows.to.enabled;
        r[e.layer] = (r[e.layer] || 0) + (on ? 1 : 0); }); return r; }""")
    directed = {i: x["directed"] for i, x in enumerate(data["layers"])}
    for layer, n in arrows.items():
        assert (n > 0) == directed[int(layer)]
    page.close()


@pytest.mark.browser
def test_browser_fast_mode_curves_arrows_and_tie_tooltips(open_page, tmp_path):
    big = lk.make_regional_cluster(2000, seed=2)
    path = lk.to_html(big, tmp_path / "fast.html", clusters=big.organisations["planted_cluster"])
    data = page_data(path)
    assert data["fastEdges"] is True
    page = open_page(path)
    paths = page.evaluate("linkages.tiePaths()")
    assert len(paths) == big.n_relations
    assert_distinct_paths(paths, two_layer_pairs(data))
    directed = sum(x["ties"] for x in data["layers"] if x["directed"])
    assert directed > 0 and page.evaluate("linkages.drawnArrows") == directed
    # a tie's tooltip: hover the middle of one curve, alone in empty space
    e = data["edges"][0]
    page.evaluate(f"""() => {{ const n = linkages.network;
        n.moveNode({e['from']}, 90000, 90000); n.moveNode({e['to']}, 90400, 90000);
        n.moveTo({{position: {{x: 90200, y: 90000}}, scale: 1}}); }}""")
    mid = page.evaluate(f"""() => {{ const p = linkages.tiePaths()[{e['id']}];
        const x = 0.25 * p[0] + 0.5 * p[2] + 0.25 * p[4], y = 0.25 * p[1] + 0.5 * p[3]
        + 0.25 * p[5]; return linkages.network.canvasToDOM({{x: x, y: y}}); }}""")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + mid["x"] + 30, box["y"] + mid["y"] + 30)
    page.mouse.move(box["x"] + mid["x"], box["y"] + mid["y"], steps=4)
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible", timeout=5000)
    layer = data["layers"][e["layer"]]["name"]
    assert layer in tip.inner_text() and data["names"][e["from"]] in tip.inner_text()
    assert page.errors == [] and page.requests == []
    page.close()


@pytest.mark.browser
def test_browser_fit_on_nodes_long_names_and_tooltip_inside(open_page, tmp_path):
    base = lk.load_example()
    orgs = base.organisations.copy()
    first = np.flatnonzero(orgs["anchor"].to_numpy())[0]
    orgs.loc[orgs.index[first], "name"] = "Long " * 60
    orgs["notes"] = "x " * 400                       # a long attribute: a tall tooltip
    net = lk.MultilayerNetwork(orgs, base.relations)
    path = lk.to_html(net, tmp_path / "long.html", clusters=orgs["planted_cluster"],
                      leaders=orgs.index[orgs["anchor"]], layout="network")
    data = page_data(path)
    assert len(data["nodes"][first]["label"]) <= 2 + 40 and data["nodes"][first][
        "label"].endswith("\u2026")
    assert data["names"][first] == "Long " * 60   # the full name: tooltips and search
    page = open_page(path)
    assert page.evaluate("linkages.network.getScale()") > 0.6   # was 0.35 with label boxes
    # hover the lowest, right-most node: its tooltip stays inside the window
    node = max(range(300), key=lambda i: data["nodes"][i]["y"] + data["nodes"][i]["x"])
    dom = page.evaluate(f"linkages.network.canvasToDOM(linkages.network.getPositions([{node}])"
                        f"[{node}])")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + dom["x"] - 30, box["y"] + dom["y"] - 30)
    page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"], steps=4)
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible", timeout=5000)
    t = tip.bounding_box()
    assert t["x"] >= 0 and t["y"] >= 0 and t["x"] + t["width"] <= 1280
    assert t["y"] + t["height"] <= 800
    page.close()


def test_leader_labels_do_not_overlap():
    from linkages.render.map_pages import label_offsets
    xy = np.array([[0.0, 0.0], [5.0, 3.0], [8.0, -2.0], [500.0, 0.0]])
    size = np.full(4, 10.0)
    text = np.array(["\u2605 Large 0001", "\u2605 SME 0023", "\u2605 Large 0002", "\u2605 x"])
    v = label_offsets(xy, size, text, np.ones(4, bool), font=16.0, order=np.arange(4))
    boxes = []
    for i in np.flatnonzero(np.isfinite(v)):
        half = 0.3 * 16 * len(text[i])
        top = xy[i, 1] + size[i] + 2 + v[i]
        boxes.append((xy[i, 0] - half, top, xy[i, 0] + half, top + 20))
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            A, B = boxes[a], boxes[b]
            assert A[2] <= B[0] or B[2] <= A[0] or A[3] <= B[1] or B[3] <= A[1]
    assert np.isfinite(v[:2]).all() and v[3] == 0


def test_isolates_in_a_compact_grid_beside_the_network():
    from linkages.render.style import layout
    base = lk.make_regional_cluster(300, seed=3)
    s, t, _ = base.codes()
    n = 350                                          # 30 isolates and 10 pairs added
    s = np.concatenate([s, np.arange(330, 350, 2)])
    t = np.concatenate([t, np.arange(331, 351, 2)])
    xy = layout(n, s, t, None, seed=0)
    main, aside = xy[:300], xy[300:]
    width = np.ptp(main[:, 0])
    assert aside[:, 0].min() > main[:, 0].max()      # beside, not around
    assert aside[:, 0].max() - main[:, 0].max() < 0.5 * width        # compact
    assert main[:, 1].min() - 1 <= aside[:, 1].min() and aside[:, 1].max() <= main[:, 1].max() + 1
    pairs = np.hypot(*(xy[331:351:2] - xy[330:350:2]).T)
    assert pairs.max() < 0.1 * width                 # the two of a pair side by side


# colour-blind check: Machado et al. (2009) severity 1 matrices on linear sRGB, CIELAB distance
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])


def lab(colour, matrix=None):
    c = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    if matrix is not None:
        c = np.clip(matrix @ c, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ c / np.array([0.95047, 1, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a, b):
    """The smallest CIELAB distance for normal, deuteranope and protanope vision."""
    return min(np.linalg.norm(lab(a, m) - lab(b, m)) for m in (None, DEUTERANOPIA, PROTANOPIA))


def test_palettes_apart_for_colour_blind_readers():
    from linkages.render.style import CLUSTER_COLOURS, LAYER_COLOURS, LAYER_DASHES
    first = CLUSTER_COLOURS[:8]
    assert min(distance(a, b) for i, a in enumerate(first) for b in first[i + 1:]) >= 15
    # layers: a dark family, far from every cluster colour, and a line style of their own
    assert min(distance(a, b) for a in LAYER_COLOURS for b in CLUSTER_COLOURS) >= 20
    assert all(lab(c)[0] < 35 for c in LAYER_COLOURS)
    assert all(lab(c)[0] > 40 for c in CLUSTER_COLOURS)
    assert len({tuple(d) for d in LAYER_DASHES}) == len(LAYER_DASHES) == len(LAYER_COLOURS)
    # the old clash: layer red/green against the clusters 3 and 2 colours
    assert distance("#c0392b", "#e15759") < 20 and distance("#27ae60", "#59a14f") < 20


@pytest.mark.browser
def test_browser_selection_keeps_cluster_colour_and_enter_searches_once(open_page, example_map):
    page = open_page(example_map)
    data = page_data(example_map)
    page.fill("#search", "onerror=alert")
    page.press("#search", "Enter")
    assert page.evaluate("linkages.searches") == 1
    assert page.evaluate("linkages.network.getSelectedNodes()") == [5]
    colour = page.evaluate("linkages.network.body.nodes[5].options.color.highlight.background")
    assert colour == data["nodes"][5]["color"] if isinstance(data["nodes"][5]["color"], str) \
        else data["nodes"][5]["color"]["background"]
    page.close()


@pytest.mark.browser
def test_browser_hostile_links_are_text_and_odd_names_work(open_page, browser, tmp_path):
    net = lk.load_example()
    clusters = net.organisations["planted_cluster"]
    report = lk.write_report(net, tmp_path / "report.html", clusters=clusters,
                             title=HOSTILE, files={
                                 "javascript:alert(3)": "hostile", "JaVaScRiPt:alert(4)": "x",
                                 "http://example.org/x": "far", "/etc/passwd": "absolute",
                                 "//example.org/y": "host", "run:1.html": "colon",
                                 "sub dir/a#b.html": "plain " + HOSTILE})
    text = report.read_text(encoding="utf-8")
    hrefs = re.findall(r"href='([^']*)'", text)
    assert hrefs == ["sub%20dir/a%23b.html"] and "javascript:alert" in text
    page = browser.new_page()
    page.dialogs, requests = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url == report.as_uri()
               else (requests.append(r.request.url), r.abort()))
    page.goto(report.as_uri())
    for item in page.locator("li").all():
        if "hostile" in item.inner_text() or "x" == item.inner_text()[-1:]:
            item.click()
    assert page.dialogs == [] and page.locator("a[href^='javascript']").count() == 0
    page.close()
    # an overview written as run:1.html links to its pages (percent-encoded) and back
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    path = lk.to_html(big, tmp_path / "run:1.html", clusters=big.organisations["planted_cluster"],
                      max_nodes=500)
    first = page_data(path)["clusters"][0]
    assert first["href"] == "run%3A1_clusters/cluster-" + str(first["id"]) + ".html"
    page = open_page(path)
    page.click(f'#clusters a[href="{first["href"]}"]')
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    assert counts(page)["nodes"] == first["members"]
    page.click("#back a")
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    assert counts(page)["nodes"] == 4
    assert page.dialogs == [] and page.requests == [] and page.errors == []
    page.close()


@pytest.mark.browser
def test_browser_overview_search_finds_an_organisations_page(open_page, tmp_path):
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    path = lk.to_html(big, tmp_path / "big.html", clusters=big.organisations["planted_cluster"],
                      max_nodes=500)
    name = str(big.organisations["name"].iloc[777])
    page = open_page(path)
    page.fill("#search", name)
    page.press("#search", "Enter")
    found = page.evaluate("linkages.found")
    assert found["organisation"] == 777 and page.evaluate("linkages.searches") == 1
    assert page.evaluate("linkages.network.getSelectedNodes()") == [found["cluster"]]
    page.click("#search-status a")
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    page.wait_for_function("linkages.searches === 1", timeout=10_000)
    selected = page.evaluate("linkages.network.getSelectedNodes()")
    assert [page_data(path)["members"]["names"][777]] == [
        page.evaluate(f"linkages.data.names[{selected[0]}]")]
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


# -- the WebGL page (sigma.js) -----------------------------------------------------------------
@pytest.fixture(scope="module")
def webgl_map(net, tmp_path_factory):
    orgs = net.organisations
    path = tmp_path_factory.mktemp("webgl") / "webgl.html"
    lk.to_html(net, path, clusters=orgs["planted_cluster"], leaders=orgs.index[orgs["anchor"]],
               title=HOSTILE, render="webgl", layout="network")
    return path


def test_webgl_file_is_self_contained_and_escaped(webgl_map):
    text = webgl_map.read_text(encoding="utf-8")
    assert "<link" not in text and "<script src" not in text and "sourceMappingURL" not in text
    assert HOSTILE not in text and BREAKOUT not in text
    assert text.count("</script>") == 4                  # graphology, sigma, data, page script
    data = page_data(webgl_map)
    assert data["renderer"] == "webgl" and data["n"] == 300 and len(data["src"]) == 1634
    assert data["names"][5] == HOSTILE and len(data["weight"]) == len(data["side"]) == 1634
    assert len(data["leaders"]) == len(data["labels"]) > 0
    vendor = Path(lk.__file__).parent / "render" / "vendor"
    assert {"sigma-LICENSE.txt", "graphology-LICENSE.txt"} <= {p.name for p in vendor.iterdir()}


def test_webgl_title_with_template_fields_stays_text(net, tmp_path):
    title = "{{ data }} {{ libraries }} {{ title }}"
    text = lk.to_html(net, tmp_path / "t.html", title=title,
                      render="webgl").read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in text and text.count("</script>") == 4
    assert page_data(tmp_path / "t.html")["title"] == title


def test_network_without_relations_is_refused_by_name(tmp_path):
    orgs = pd.DataFrame({"name": ["a", "b"]}, index=pd.Index(["A", "B"], name="id"))
    empty = lk.MultilayerNetwork(orgs, pd.DataFrame(columns=["source", "target", "layer",
                                                                   "weight"]))
    with pytest.raises(lk.InputError, match="The 'net' argument of to_html must have at least "
                                            "one layer"):
        lk.to_html(empty, tmp_path / "x.html")


def test_renderer_choice(net, tmp_path, monkeypatch):
    import linkages.render.map as map_module
    path = lk.to_html(net, tmp_path / "a.html")
    assert "renderer" not in page_data(path)                    # 300: vis-network
    monkeypatch.setattr(map_module, "WEBGL_MIN_NODES", 100)
    assert page_data(lk.to_html(net, tmp_path / "b.html"))["renderer"] == "webgl"
    assert "renderer" not in page_data(lk.to_html(net, tmp_path / "c.html", render="vis"))
    with pytest.raises(lk.InputError, match="render"):
        lk.to_html(net, tmp_path / "d.html", render="canvas")
    with pytest.raises(lk.InputError, match="physics"):
        lk.to_html(net, tmp_path / "e.html", render="webgl", physics=True)


@pytest.mark.browser
def test_browser_webgl_draws_searches_and_toggles(open_page, webgl_map):
    from io import BytesIO
    page = open_page(webgl_map)
    assert page.evaluate("linkages.graph.order") == 300
    # every tie drawn, an arrow head on each tie of a directed layer (production, commercial)
    assert page.evaluate("[linkages.ties.drawn, linkages.ties.drawnArrows]") == [1634, 557 + 370]
    page.wait_for_timeout(300)
    image = pytest.importorskip("PIL.Image").open(BytesIO(page.locator("#network").screenshot()))
    assert len(image.convert("RGB").getcolors(1 << 20)) > 20          # drawn, not blank
    # search: the hostile name is found and shown as text
    page.fill("#search", "<img src")
    page.press("#search", "Enter")
    assert page.evaluate("linkages.found") == 5 and page.evaluate("linkages.searches") == 1
    assert HOSTILE in page.inner_text("#search-status")
    assert page.inner_text("#title") == HOSTILE
    # the layer checkbox hides that layer's ties: the next drawing leaves them out
    page.wait_for_function("linkages.ties.passes >= 2", timeout=30_000)   # after the search
    passes = page.evaluate("linkages.ties.passes")
    assert page.evaluate("linkages.visibleTies()") == 1634
    page.uncheck('#layers input[data-layer="production"]')
    page.wait_for_function(f"linkages.ties.passes > {passes}", timeout=30_000)
    assert page.evaluate("linkages.visibleTies()") == 1634 - 557
    assert page.evaluate("[linkages.ties.drawn, linkages.ties.drawnArrows]") == [1634 - 557, 370]
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


def directed_ties(net):
    return int(net.relations["layer"].map(net.directed).sum())


def test_webgl_ties_of_a_pair_lie_apart(net):
    """Each tie of a pair (another layer, the other direction) gets its own side offset."""
    from linkages.render.map_webgl import tie_sides
    src, tgt, lay = net.codes()
    side = tie_sides(src, tgt, lay)
    # the offset as drawn: in the pair's own orientation (lower node number first)
    frame = pd.DataFrame({"lo": np.minimum(src, tgt), "hi": np.maximum(src, tgt), "side": side})
    pairs = frame.groupby(["lo", "hi"])["side"]
    assert (pairs.nunique() == pairs.size()).all()
    assert (pairs.size() >= 2).sum() == 282               # pairs tied more than once
    assert set(np.abs(side)) <= {1, 2, 3, 4}


@pytest.mark.browser
def test_browser_webgl_arrows_hover_and_tie_list(open_page, webgl_map, net):
    page = open_page(webgl_map)
    assert page.evaluate("[linkages.ties.drawn, linkages.ties.drawnArrows]") == [
        1634, directed_ties(net)]
    # hover the hostile-named organisation: its tooltip shows the name as text
    page.evaluate("linkages.search(linkages.data.names[5])")
    page.wait_for_function("linkages.ties.passes >= 2", timeout=30_000)
    v = page.evaluate("linkages.sigma.framedGraphToViewport("
                      "linkages.sigma.getNodeDisplayData(5))")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + v["x"], box["y"] + v["y"])
    page.wait_for_function("document.getElementById('tooltip').style.display === 'block'")
    assert page.inner_text("#tooltip b") == HOSTILE
    # a click lists its ties: layer, direction, the other organisation, weight
    page.mouse.click(box["x"] + v["x"], box["y"] + v["y"])
    listed = page.evaluate("linkages.listed")
    src, tgt, _ = net.codes()
    assert listed["organisation"] == 5 and listed["ties"] == int(((src == 5) | (tgt == 5)).sum())
    weights = [r[3] for r in listed["rows"]]
    assert weights == sorted(weights, reverse=True)
    assert {r[1] for r in listed["rows"]} <= {"\u2192", "\u2190", "\u2014"}
    assert page.locator("#tie-list tr").count() == len(listed["rows"]) + 1
    assert page.dialogs == [] and page.requests == [] and page.errors == []
    page.close()


@pytest.mark.browser
def test_browser_arrows_at_5000_in_both_renderers(open_page, tmp_path):
    big = lk.make_regional_cluster(5000, seed=0)
    clusters = big.organisations["planted_cluster"]
    path = lk.to_html(big, tmp_path / "m.html", clusters=clusters, render="vis")
    assert "renderer" not in page_data(path)
    page = open_page(path)
    assert page.evaluate("linkages.drawnArrows") == directed_ties(big) > 0
    page.close()
    path = lk.to_html(big, tmp_path / "w.html", clusters=clusters, render="webgl")
    assert len(page_data(path)["src"]) == big.n_relations
    page = open_page(path)
    assert page.evaluate("[linkages.ties.drawn, linkages.ties.drawnArrows]") == [
        big.n_relations, directed_ties(big)]
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_browser_webgl_100000_every_tie_arrows_and_search(open_page, tmp_path):
    """100,000 organisations in one page: every tie drawn, arrow heads on the directed
    layers, search finds a named organisation (about 40 s: the network, layout, load)."""
    big = lk.make_regional_cluster(100_000, seed=0)
    path = lk.to_html(big, tmp_path / "m.html", clusters=big.organisations["planted_cluster"],
                      layout="network")
    data = page_data(path)
    assert data["n"] == 100_000 and len(data["src"]) == big.n_relations
    page = open_page(path)
    assert page.evaluate("[linkages.ties.drawn, linkages.ties.drawnArrows]") == [
        big.n_relations, directed_ties(big)]
    name = str(big.organisations["name"].iloc[77_777])
    page.fill("#search", name)
    page.press("#search", "Enter")
    assert page.evaluate("linkages.found") == 77_777
    assert page.inner_text("#search-status").endswith(name)
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


def test_layout_by_parts_is_seeded_and_keeps_clusters_apart(monkeypatch):
    from linkages.render import style
    monkeypatch.setattr(style, "LAYOUT_SPLIT", 500)
    monkeypatch.setattr(style, "LAYOUT_PART", 100)
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    src, tgt, _ = big.codes()
    groups = big.organisations["planted_cluster"].to_numpy()
    xy = style.layout(1200, src, tgt, None, seed=3, groups=groups)
    assert np.array_equal(xy, style.layout(1200, src, tgt, None, seed=3, groups=groups))
    centre = np.array([xy[groups == g].mean(axis=0) for g in range(4)])
    radius = np.array([np.hypot(*(xy[groups == g] - centre[g]).T).max() for g in range(4)])
    for a in range(4):
        for b in range(a + 1, 4):       # discs apart: no organisation among another's
            assert np.hypot(*(centre[a] - centre[b])) >= radius[a] + radius[b]


@pytest.mark.browser
def test_browser_overview_splits_clusters_larger_than_max_nodes(open_page, tmp_path):
    """Clusters above max_nodes open an overview of their sub-clusters (seeded Leiden), down
    until every organisation is on a page; search leads to an organisation's page."""
    big = lk.make_regional_cluster(2400, n_clusters=3, seed=1)
    path = lk.to_html(big, tmp_path / "big.html", clusters=big.organisations["planted_cluster"],
                      max_nodes=300, max_pages=None)
    pages = {p.resolve() for p in tmp_path.rglob("*.html")} - {path.resolve()}

    def drawn(page_path):        # organisations drawn one by one in a page, else None
        data = page_data(page_path)
        return None if "members" in data else len(data["names"])
    leaves = {p: drawn(p) for p in pages}
    assert sum(v for v in leaves.values() if v) == 2400          # every organisation, once
    assert all(v is None or v <= 300 for v in leaves.values())
    # each overview links every one of its clusters to a page that exists
    for p in [path, *[q for q, v in leaves.items() if v is None]]:
        data = page_data(p)
        assert all(h is not None for h in data["hrefs"])
        for h in data["hrefs"]:
            assert (p.parent / urllib.parse.unquote(h)).resolve() in pages
    same = lk.to_html(big, tmp_path / "again.html", clusters=big.organisations["planted_cluster"],
                      max_nodes=300, max_pages=None)
    assert page_data(same)["hrefs"] == [h.replace("big_", "again_") for h in
                                        page_data(path)["hrefs"]]                  # seeded
    # search from the top: follow the links down to the organisation's own page
    name = str(big.organisations["name"].iloc[1234])
    page = open_page(path)
    for _ in range(5):
        page.fill("#search", name)
        page.press("#search", "Enter")
        if "members" not in page.evaluate("linkages.data"):
            break
        assert page.evaluate("linkages.found.organisation") is not None
        page.click("#search-status a")
        page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    selected = page.evaluate("linkages.network.getSelectedNodes()")
    assert [name] == [page.evaluate(f"linkages.data.names[{selected[0]}]")]
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


TIE_POINT = """(e) => { const d = linkages.data, r = linkages.sigma;
    const a = r.framedGraphToViewport(r.getNodeDisplayData(d.src[e])),
          b = r.framedGraphToViewport(r.getNodeDisplayData(d.tgt[e]));
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy);
    const off = (d.src[e] > d.tgt[e] ? -1 : 1) * d.side[e] * 1.5;   // drawn this far aside
    const t = 0.3 + 0.4 * ((e * 7919) % 100) / 100;
    return {x: a.x + dx * t + dy / len * off, y: a.y + dy * t - dx / len * off, len: len}; }"""


@pytest.mark.browser
def test_browser_webgl_tie_tooltips(open_page, webgl_map):
    """The tie under the pointer, its side offset included: each of a pair's ties apart."""
    page = open_page(webgl_map)
    data = page_data(webgl_map)
    pairs = pd.DataFrame({"lo": np.minimum(data["src"], data["tgt"]),
                          "hi": np.maximum(data["src"], data["tgt"])}).groupby(["lo", "hi"])
    twice = [e for idx in pairs.indices.values() if len(idx) > 1 for e in idx.tolist()]
    found = []
    for e in twice[:60]:
        point = page.evaluate(TIE_POINT, e)
        if point["len"] > 60:
            found.append(page.evaluate(f"linkages.tieAt({point['x']}, {point['y']})") == e)
    assert len(found) > 20 and all(found)
    # a real pointer resting on a tie away from every organisation shows its tooltip
    for e in range(len(data["src"])):
        point = page.evaluate(TIE_POINT, e)
        if point["len"] > 150 and page.evaluate(
                f"linkages.nodeAt({point['x']}, {point['y']}) === null && "
                f"linkages.tieAt({point['x']}, {point['y']}) === {e}"):
            break
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(f"linkages.tieShown === {e}", timeout=5000)
    text = page.inner_text("#tooltip")
    assert data["layers"][data["layer"][e]]["name"] in text
    assert data["names"][data["src"][e]] in text and data["names"][data["tgt"][e]] in text
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_webgl_layout_toggle(open_page, tmp_path):
    base = lk.load_example()
    path = lk.to_html(base, tmp_path / "geo.html", clusters=base.organisations["planted_cluster"],
                      render="webgl")
    data = page_data(path)
    page = open_page(path)
    assert page.evaluate("linkages.layout") == "geographic"
    assert page.evaluate("document.getElementById('geo-note').hidden") is False
    before = page.evaluate("linkages.sigma.getNodeDisplayData(0)")
    page.click("#layout-toggle")
    page.wait_for_function("linkages.ties.passes >= 2", timeout=30_000)
    assert page.evaluate("linkages.layout") == "network"
    assert page.evaluate("linkages.graph.getNodeAttribute(0, 'x')") == data["positions"][
        "network"][0]
    assert page.evaluate("linkages.sigma.getNodeDisplayData(0)") != before
    assert page.evaluate("linkages.ties.drawn") == 1634
    assert page.inner_text("#layout-toggle") == "Show the geographic layout"
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


# -- given network-layout positions (positions=, network_layout) ------------------------------
def page_xy(data, mode="network"):
    """Organisation id -> (x, y) of a page's layout ``mode``."""
    ids = [row[data["fields"].index("id")] for row in data["info"]]
    xy = data["positions"][mode]
    return {i: (xy[2 * k], xy[2 * k + 1]) for k, i in enumerate(ids)}


def test_network_layout_is_what_to_html_draws(net, tmp_path):
    clusters = net.organisations["planted_cluster"]
    xy = lk.network_layout(net, clusters=clusters, seed=3)
    assert list(xy.columns) == ["x", "y"] and xy.index.equals(net.organisations.index)
    assert np.isfinite(xy.to_numpy()).all()
    assert xy.equals(lk.network_layout(net, clusters=clusters, seed=3))
    assert not xy.equals(lk.network_layout(net, clusters=clusters, seed=4))
    own = lk.to_html(net, tmp_path / "own.html", clusters=clusters, seed=3)
    given = lk.to_html(net, tmp_path / "given.html", clusters=clusters, seed=3, positions=xy)
    a, b = page_data(own), page_data(given)
    # the same page, but its first view frames the given positions (the page's nodes here)
    assert a.pop("frame") is None
    low, high = xy.min(), xy.max()
    assert b.pop("frame") == {"network": [round(low["x"], 1), round(low["y"], 1),
                                          round(high["x"], 1), round(high["y"], 1)]}
    assert a == b         # nodes, ties, positions, texts
    only = lk.network_layout(net, layers="scientific", seed=3)
    assert not only.equals(lk.network_layout(net, seed=3))


@pytest.mark.parametrize("render", ["vis", "webgl"])
def test_given_positions_are_drawn_exactly_and_others_ignored(net, tmp_path, render):
    orgs = net.organisations
    rng = np.random.default_rng(0)
    given = pd.DataFrame(rng.uniform(-500, 500, size=(len(orgs), 2)), index=orgs.index,
                         columns=["x", "y"])
    given["other"] = "ignored"
    extra = pd.DataFrame({"x": [1e6], "y": [1e6]}, index=["not in the network"])
    table = pd.concat([given.iloc[::-1], extra])     # any order, ids of other networks
    path = lk.to_html(net, tmp_path / "p.html", positions=table, render=render)
    data = page_data(path)
    drawn = page_xy(data)
    assert drawn == {i: (round(x, 1), round(y, 1))
                     for i, x, y in zip(given.index, given["x"], given["y"])}
    assert "missing from the given positions" not in data["summary"]
    # the geographic layout is the projection of the coordinates, as without positions
    plain = page_data(lk.to_html(net, tmp_path / "q.html", render=render))
    assert data["layoutMode"] == plain["layoutMode"] == "geographic"
    assert data["positions"]["geographic"] == plain["positions"]["geographic"]
    assert data["geo"] == plain["geo"]


def test_organisations_missing_from_positions_are_placed_near_their_partners(tmp_path):
    # a path A-B-C-D, a separate pair E-F and an isolate G; only A and B given
    records = pd.DataFrame({"source": ["A", "B", "C", "E"], "target": ["B", "C", "D", "F"]})
    orgs = pd.DataFrame({"id": list("ABCDEFG")})
    net = lk.from_tables(orgs, {"t": records}, directed=False)
    given = pd.DataFrame({"x": [0.0, 100.0], "y": [0.0, 0.0]}, index=["A", "B"])
    path = lk.to_html(net, tmp_path / "m.html", positions=given, seed=5)
    data = page_data(path)
    xy = page_xy(data)
    assert xy["A"] == (0.0, 0.0) and xy["B"] == (100.0, 0.0)
    at = {k: np.array(v) for k, v in xy.items()}
    # C next to its placed partner B (the documented 30 pixels), D next to C
    assert np.hypot(*(at["C"] - at["B"])) == pytest.approx(30, abs=0.2)
    assert np.hypot(*(at["D"] - at["C"])) == pytest.approx(30, abs=0.2)
    # E, F and G have no path to a placed organisation: laid out to the right of the rest
    assert min(at[k][0] for k in "EFG") > max(at[k][0] for k in "ABCD")
    assert "5 organisations missing from the given positions are placed" in data["summary"]
    again = lk.to_html(net, tmp_path / "again.html", positions=given, seed=5)
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_overview_cluster_pages_use_the_given_positions(tmp_path):
    big = lk.make_regional_cluster(1200, n_clusters=4, seed=1)
    clusters = big.organisations["planted_cluster"]
    xy = lk.network_layout(big, seed=2)
    path = lk.to_html(big, tmp_path / "big.html", clusters=clusters, max_nodes=500,
                      positions=xy)
    for c in page_data(path)["clusters"]:
        sub = page_xy(page_data(tmp_path / c["href"]))
        assert len(sub) == c["members"]
        assert sub == {i: tuple(xy.loc[i].round(1)) for i in sub}


def test_positions_errors(net, tmp_path):
    orgs = net.organisations
    good = lk.network_layout(net)
    out = tmp_path / "m.html"
    with pytest.raises(TypeError, match="The 'positions' argument of to_html must be a pandas "
                                        "DataFrame indexed by organisation id"):
        lk.to_html(net, out, positions=good.to_numpy())
    with pytest.raises(lk.InputError, match=r"The 'positions' argument of to_html must have "
                                            r"the columns \['x', 'y'\]; missing \['y'\]"):
        lk.to_html(net, out, positions=good[["x"]])
    with pytest.raises(lk.InputError, match="must have numeric columns 'x' and 'y'. Got 'y' "
                                            "of type (object|str) instead"):
        lk.to_html(net, out, positions=good.assign(y="north"))
    for bad in (np.nan, np.inf):
        table = good.copy()
        table.iloc[[3, 4], 1] = bad
        with pytest.raises(lk.InputError, match=r"finite 'x' and 'y' \(no NaN nor infinity\)."
                                                " Got 2 rows without"):
            lk.to_html(net, out, positions=table)
    with pytest.raises(lk.InputError, match="one row per organisation. Got repeated ids"):
        lk.to_html(net, out, positions=pd.concat([good, good.iloc[:2]]))
    with pytest.raises(lk.InputError, match="must be indexed by the organisations' ids .* None "
                                            "of its 300 rows matches"):
        lk.to_html(net, out, positions=good.reset_index(drop=True))
    with pytest.raises(lk.InputError, match="'layers' argument of network_layout"):
        lk.network_layout(net, layers="sales")
    with pytest.raises(TypeError, match="'net' argument of network_layout"):
        lk.network_layout(orgs)
    assert not out.exists()


@pytest.mark.browser
@pytest.mark.parametrize("render", ["vis", "webgl"])
def test_browser_given_positions_one_view_after_the_layout_toggle(open_page, tmp_path, render):
    """A part and the whole drawn with one positions table: after switching from the
    geographic to the network layout, an organisation is at the same spot of the screen."""
    base = lk.load_example()
    xy = lk.network_layout(base, seed=1)
    region = base.organisations["region"]
    part = base.subnetwork(region == region.iloc[0])
    spots = []
    for name, net in (("whole", base), ("part", part)):
        path = lk.to_html(net, tmp_path / f"{name}.html", positions=xy, render=render)
        page = open_page(path)
        assert page.evaluate("linkages.layout") == "geographic"
        page.click("#layout-toggle")
        page.wait_for_function("linkages.layout === 'network'", timeout=30_000)
        ids = list(page_xy(page_data(path)))
        spots.append({i: page.spot(n) for n, i in enumerate(ids)})
        assert page.requests == [] and page.errors == []
        page.close()
    whole, piece = spots
    assert 20 < len(piece) < len(whole)
    for i, at in piece.items():
        assert at == pytest.approx(whole[i], abs=1.0)


def test_sub_cluster_overviews_do_not_nest_in_chains(tmp_path):
    """Clusters of 2,500 above max_nodes=300: Leiden's large parts are split again on the
    same overview, so nearly every organisation's page is one sub-cluster overview below
    its cluster's (before, chains of overviews went six levels down here)."""
    big = lk.make_regional_cluster(5000, n_clusters=2, seed=1)
    lk.to_html(big, tmp_path / "m.html", clusters=big.organisations["planted_cluster"],
               max_nodes=300, max_pages=None)
    depth = {p: len(p.relative_to(tmp_path).parts) for p in tmp_path.rglob("*.html")}
    leaves = {p: page_data(p) for p in depth if "members" not in page_data(p)}
    assert sum(len(d["names"]) for d in leaves.values()) == 5000
    assert all(len(d["names"]) <= 300 for d in leaves.values())
    # m.html / m_clusters/cluster-k.html (overview) / m_clusters/cluster-k_clusters/...
    assert max(depth.values()) <= 4
    deep = [p for p in leaves if depth[p] > 3]
    assert sum(len(leaves[p]["names"]) for p in deep) <= 320
