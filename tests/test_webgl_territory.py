"""The WebGL map draws the territory (region outlines and names) as the vis page does."""

import json
import re
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest

import linkages as lk
from linkages.render.geo import Projection, read_territory

HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(2)</script>"
OUTLINE = np.array([84, 110, 122])          # the outline's colour (alpha 0.75)


def page_data(path):
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])


@pytest.fixture(scope="module")
def net():
    return lk.load_example()


@pytest.fixture(scope="module")
def territory(net, square_region):
    """A box around each region's organisations, two named with hostile text."""
    names = {"North": HOSTILE, "South": BREAKOUT}
    return {"type": "FeatureCollection", "features": [
        square_region(names.get(region, region), g["lon"].mean(), g["lat"].mean())
        for region, g in net.organisations.groupby("region")]}


@pytest.fixture(scope="module")
def pages(net, territory, tmp_path_factory):
    folder = tmp_path_factory.mktemp("territory")
    clusters = net.organisations["planted_cluster"]
    return {render: lk.to_html(net, folder / f"{render}.html", clusters=clusters,
                               territory=territory, render=render)
            for render in ("vis", "webgl")}


def test_webgl_data_holds_the_vis_pages_territory(pages, net, territory):
    vis, webgl = page_data(pages["vis"]), page_data(pages["webgl"])
    assert webgl["renderer"] == "webgl" and webgl["layoutMode"] == "geographic"
    assert webgl["geo"]["territory"] == vis["geo"]["territory"]
    assert webgl["positions"]["geographic"] == vis["positions"]["geographic"]
    # the rings are geo.py's projection of the GeoJSON, the organisations' projection
    geo = webgl["geo"]
    projection = Projection(geo["lat0"], geo["lon0"], geo["scale"])
    expected = read_territory(territory, caller="test").projected(projection)
    assert webgl["geo"]["territory"] == expected
    assert len(expected["rings"]) == 3 and {HOSTILE, BREAKOUT} < {
        t[0] for t in expected["names"]}
    # each region's box holds its organisations' mean geographic position
    xy = np.reshape(webgl["positions"]["geographic"], (-1, 2))
    regions = net.organisations["region"].to_numpy()
    for ring, (name, _, _) in zip(expected["rings"], expected["names"], strict=True):
        ring = np.reshape(ring, (-1, 2))
        region = {HOSTILE: "North", BREAKOUT: "South"}.get(name, name)
        centre = xy[regions == region].mean(axis=0)
        assert (ring.min(axis=0) < centre).all() and (centre < ring.max(axis=0)).all()
    # hostile names are escaped in the file (no tag, no end of script)
    text = pages["webgl"].read_text(encoding="utf-8")
    assert HOSTILE not in text and BREAKOUT not in text


def outline_points(page, data, per_edge=40):
    """Viewport points along every ring's edges (corners left out), by sigma's own
    graph -> viewport transform (the organisations' positions: y up in sigma)."""
    points = []
    for ring in data["geo"]["territory"]["rings"]:
        ring = np.reshape(ring, (-1, 2))
        for a, b in zip(ring[:-1], ring[1:], strict=True):
            for t in np.linspace(0.1, 0.9, per_edge):
                x, y = a + t * (b - a)
                points.append({"x": float(x), "y": float(-y)})
    return page.evaluate("ps => ps.map(p => { var v = linkages.sigma.graphToViewport(p);"
                         " return [v.x, v.y]; })", points)


def outline_share(page, points):
    """Share of the points with an outline pixel within 1 pixel: a pixel on the line from
    the map's background to the outline colour, at least a third of the way."""
    image = pytest.importorskip("PIL.Image").open(BytesIO(page.locator("#network").screenshot()))
    rgb = np.asarray(image.convert("RGB"), dtype=float)
    white = np.array([255.0, 255.0, 255.0])
    direction = (OUTLINE - white) / np.linalg.norm(OUTLINE - white)
    hits = inside = 0
    for x, y in points:
        i, j = int(round(y)), int(round(x))
        if not (1 <= i < rgb.shape[0] - 1 and 1 <= j < rgb.shape[1] - 1):
            continue
        inside += 1
        patch = rgb[i - 1:i + 2, j - 1:j + 2].reshape(-1, 3) - white
        along = patch @ direction
        off = np.linalg.norm(patch - np.outer(along, direction), axis=1)
        hits += bool(((along > 0.33 * np.linalg.norm(OUTLINE - white)) & (off < 14)).any())
    assert inside > 100
    return hits / inside


@pytest.mark.browser
def test_browser_webgl_draws_the_territory_in_the_geographic_layout_only(open_page, pages):
    page = open_page(pages["webgl"])
    data = page_data(pages["webgl"])
    page.wait_for_function("linkages.territory.passes >= 1", timeout=30_000)
    state = page.evaluate("({rings: linkages.territory.rings, names: linkages.territory.names,"
                          " shown: linkages.territory.shown,"
                          " hidden: document.getElementById('territory').hidden})")
    assert state == {"rings": 3, "names": 3, "shown": True, "hidden": False}
    # outline pixels along the rings, where sigma puts those page pixels
    assert outline_share(page, outline_points(page, data)) > 0.6
    # the view moves (zoom and pan): the outline follows, drawn anew at rest
    passes = page.evaluate("linkages.territory.passes")
    # while it moves, the territory's images move with the organisations' and the ties',
    # all about their top left corner (the transforms are computed for it)
    moving = page.evaluate("""() => new Promise(done => {
        linkages.sigma.getCamera().setState({x: 0.45, y: 0.55, ratio: 0.7, angle: 0});
        requestAnimationFrame(() => done(['territory', 'region-names', 'ties'].map(
            id => document.getElementById(id)).concat(Array.from(
            document.querySelectorAll('.sigma-nodes, .sigma-edges'))).map(
            c => [c.style.transform, getComputedStyle(c).transformOrigin])));
    })""")
    assert moving[0][0].startswith("matrix(") and moving[0][1] == "0px 0px"
    assert all(m == moving[0] for m in moving)
    page.wait_for_function(f"linkages.territory.passes > {passes}", timeout=30_000)
    page.wait_for_function("linkages.drawn && !document.getElementById('territory')"
                           ".style.transform", timeout=30_000)
    assert outline_share(page, outline_points(page, data)) > 0.6
    # the network layout: no territory
    page.click("#layout-toggle")
    page.wait_for_function("linkages.layout === 'network'", timeout=30_000)
    page.wait_for_timeout(300)
    assert page.evaluate("[linkages.territory.shown, "
                         "document.getElementById('territory').hidden, "
                         "document.getElementById('region-names').hidden]") == [
        False, True, True]
    assert outline_share(page, outline_points(page, data)) < 0.15
    # and back
    page.click("#layout-toggle")
    page.wait_for_function("linkages.layout === 'geographic'", timeout=30_000)
    page.wait_for_timeout(300)
    assert outline_share(page, outline_points(page, data)) > 0.6
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_hostile_region_names_are_canvas_text(open_page, pages):
    page = open_page(pages["webgl"])
    page.wait_for_function("linkages.territory.passes >= 1", timeout=30_000)
    page.wait_for_timeout(500)                  # time for an injected handler to fire
    assert page.evaluate("document.querySelectorAll('img, [onerror], #network script')"
                         ".length") == 0
    # the names are drawn: dark text pixels at a hostile name's place on its canvas
    names = page_data(pages["webgl"])["geo"]["territory"]["names"]
    x, y = next([t[1], t[2]] for t in names if t[0] == HOSTILE)
    ink = page.evaluate("""([x, y]) => {
        var v = linkages.sigma.graphToViewport({x: x, y: -y});
        var c = document.getElementById('region-names'), r = window.devicePixelRatio || 1;
        var d = c.getContext('2d').getImageData(Math.round((v.x - 60) * r),
                                                Math.round((v.y - 14) * r), 120 * r, 18 * r).data;
        var dark = 0;
        for (var i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 100) dark++;
        return dark; }""", [x, y])
    assert ink > 50
    assert page.evaluate("linkages.territory.namesWritten") == 3     # apart: all written
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()
