"""The map per period and its index page (write_period_maps): files, colours, escaping,
and in headless Chromium the selector, slider and keys switching the framed page."""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.build.periods import Periods
from linkages.cli.main import main
from linkages.render.geo import Projection

HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(2)</script>"


def page_data(path):
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])


def index_data(path):
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(re.search(r'id="linkages-periods">(.*?)</script>', text)[1])


@pytest.fixture(scope="module")
def planted():
    planted = lk.make_evolving_clusters(seed=1)
    periods = lk.periods_from_records(planted.records, planted.organisations, date="date",
                                      value=None, directed=False, layer_name="scientific")
    return periods, lk.track_clusters(periods, seed=1, n_shuffles=0)


@pytest.fixture(scope="module")
def hostile(planted):
    """The first three periods relabelled with hostile labels."""
    periods, evolution = planted
    labels = list(periods)[:3]
    names = [HOSTILE, BREAKOUT, "2012 & after"]
    networks = {new: periods[old] for new, old in zip(names, labels)}
    windows = periods.windows.loc[labels].set_axis(pd.Index(names, name="period"))
    membership = evolution.membership[labels].set_axis(names, axis=1)
    return Periods(networks, windows), membership


@pytest.fixture(scope="module")
def written(planted, tmp_path_factory):
    periods, evolution = planted
    return lk.write_period_maps(periods, tmp_path_factory.mktemp("pm") / "map.html",
                                clusters=evolution, title=f"Over time {HOSTILE}")


def test_one_page_per_period_with_stable_colours(planted, written):
    periods, evolution = planted
    data = index_data(written)
    assert [p["label"] for p in data["periods"]] == list(periods)
    assert [p["href"] for p in data["periods"]] == [f"map_periods/period-{k}.html"
                                                   for k in range(1, 7)]
    colour_of = {}
    for k, (label, row) in enumerate(zip(periods, data["periods"]), start=1):
        page = page_data(written.parent / "map_periods" / f"period-{k}.html")
        active = evolution.membership[label].notna()
        assert row["organisations"] == len(page["nodes"]) == int(active.sum())
        assert row["ties"] == periods[label].n_relations
        for cluster in page["clusters"]:
            colour_of.setdefault(cluster["id"], set()).add(cluster["color"])
    # a tracked cluster has one colour in every period
    assert all(len(colours) == 1 for colours in colour_of.values())
    assert set(colour_of) == set(evolution.membership.stack().dropna().astype(int))


def page_xy(data):
    """Organisation id -> (x, y) of a page's network layout."""
    ids = [row[data["fields"].index("id")] for row in data["info"]]
    xy = data["positions"]["network"]
    return {i: (xy[2 * k], xy[2 * k + 1]) for k, i in enumerate(ids)}


def test_an_organisation_is_at_the_same_place_in_every_period(planted, written):
    periods, evolution = planted
    folder = written.parent / "map_periods"
    pages = [page_xy(page_data(folder / f"period-{k}.html")) for k in range(1, 7)]
    place: dict = {}
    for xy in pages:
        for i, at in xy.items():
            place.setdefault(i, set()).add(at)
    assert all(len(at) == 1 for at in place.values())
    # organisations in several periods: the check above compares them
    assert sum(len(xy) for xy in pages) > 1.5 * len(place)
    # the positions are the layout of the union of the periods
    first = pages[0]
    assert len({at for xy in pages for at in xy.values()}) == len(place)   # no two on one spot
    union = lk.MultilayerNetwork(periods.organisations,
                                 pd.concat([net.relations for net in periods.values()]),
                                 directed=False, duplicates="max")
    modal = evolution.membership.apply(lambda row: row.dropna().astype(int).mode().min(),
                                       axis=1)
    expected = lk.network_layout(union, clusters=modal.reindex(union.organisations.index),
                                 seed=0)
    assert first == {i: tuple(expected.loc[i].round(1)) for i in first}


def test_same_seed_same_files_and_given_positions_used(planted, written, tmp_path):
    periods, evolution = planted
    again = lk.write_period_maps(periods, tmp_path / "map.html", clusters=evolution,
                                 title=f"Over time {HOSTILE}")
    other = lk.write_period_maps(periods, tmp_path / "seed.html", clusters=evolution,
                                 title=f"Over time {HOSTILE}", seed=7)
    for k in range(1, 7):
        name = f"period-{k}.html"
        text = (written.parent / "map_periods" / name).read_text(encoding="utf-8")
        assert (tmp_path / "map_periods" / name).read_text(encoding="utf-8") == text
        assert (other.parent / "seed_periods" / name).read_text(encoding="utf-8") != text
    assert again.read_text(encoding="utf-8") == written.read_text(encoding="utf-8")
    # positions= given: every period draws them
    ids = periods.organisations.index
    given = pd.DataFrame({"x": range(len(ids)), "y": range(0, -len(ids), -1)}, index=ids,
                         dtype=float)
    out = lk.write_period_maps(periods, tmp_path / "given.html", positions=given)
    for k in (1, 6):
        xy = page_xy(page_data(out.parent / "given_periods" / f"period-{k}.html"))
        assert xy == {i: (given.at[i, "x"], given.at[i, "y"]) for i in xy}


def test_labels_escaped_in_the_file(hostile, tmp_path):
    periods, membership = hostile
    out = lk.write_period_maps(periods, tmp_path / "m.html", clusters=membership,
                               title=BREAKOUT)
    text = out.read_text(encoding="utf-8")
    assert HOSTILE not in text and BREAKOUT not in text and "<img" not in text
    assert [p["label"] for p in index_data(out)["periods"]] == list(periods)


@pytest.fixture(scope="module")
def gap(tmp_path_factory):
    """Three years, the middle one without a record: its map is not written."""
    records = pd.DataFrame({"source": ["A", "B", "A"], "target": ["B", "C", "C"],
                            "day": pd.to_datetime(["2020-03-01", "2020-05-01",
                                                   "2022-07-01"])})
    periods = lk.periods_from_records(records, date="day", value=None, directed=False,
                                      between=(2020, 2022))
    return lk.write_period_maps(periods, tmp_path_factory.mktemp("gap") / "m.html")


def test_a_period_without_ties_has_no_page(gap):
    rows = index_data(gap)["periods"]
    assert [(r["label"], r["href"], r["organisations"], r["ties"]) for r in rows] == [
        ("2020", "m_periods/period-1.html", 3, 2), ("2021", None, 0, 0),
        ("2022", "m_periods/period-3.html", 2, 1)]
    assert sorted(p.name for p in (gap.parent / "m_periods").iterdir()) == [
        "period-1.html", "period-3.html"]


def test_odd_file_names_still_link_their_pages(tmp_path):
    records = pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"],
                            "day": pd.to_datetime(["2020-03-01", "2021-05-01"])})
    periods = lk.periods_from_records(records, date="day", value=None, directed=False)
    for name, folder in [(" map.html", "%20map_periods"), ("a\\b .html", "a%5Cb%20_periods"),
                         ("run:1.html", "run%3A1_periods")]:
        rows = index_data(lk.write_period_maps(periods, tmp_path / name))["periods"]
        assert [r["href"] for r in rows] == [f"{folder}/period-1.html",
                                             f"{folder}/period-2.html"], name


def test_scores_of_every_organisation_reach_each_map(tmp_path):
    records = pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"],
                            "day": pd.to_datetime(["2020-03-01", "2021-05-01"])})
    periods = lk.periods_from_records(records, date="day", value=None, directed=False)
    scores = pd.Series([1.0, 2.0, 3.0], index=periods.organisations.index, name="score")
    out = lk.write_period_maps(periods, tmp_path / "m.html", scores=scores)
    first = page_data(out.parent / "m_periods" / "period-1.html")     # A and B only
    assert first["names"] == ["A", "B"] and "score" in first["fields"]
    with pytest.raises(lk.InputError, match="'scores' argument of to_html"):
        lk.write_period_maps(periods, tmp_path / "x.html",
                             scores=pd.concat([scores, pd.Series({"Z": 1.0})]))


def test_errors(planted, tmp_path):
    periods, evolution = planted
    with pytest.raises(TypeError, match="'periods' argument of write_period_maps"):
        lk.write_period_maps(evolution, tmp_path / "m.html")
    with pytest.raises(lk.InputError, match="existing folder"):
        lk.write_period_maps(periods, tmp_path / "no" / "m.html")
    with pytest.raises(lk.InputError, match="column per period. Missing: \\['2015'\\]"):
        lk.write_period_maps(periods, tmp_path / "m.html",
                             clusters=evolution.membership.drop(columns="2015"))
    with pytest.raises(lk.InputError, match="must be an Evolution"):
        lk.write_period_maps(periods, tmp_path / "m.html", clusters=[1, 2])
    with pytest.raises(lk.InputError, match="must be indexed by the organisations' ids"):
        lk.write_period_maps(periods, tmp_path / "m.html",
                             clusters=evolution.membership.reset_index(drop=True))
    with pytest.raises(lk.InputError, match="whole cluster numbers"):
        lk.write_period_maps(periods, tmp_path / "m.html", clusters=evolution.membership / 2)
    with pytest.raises(lk.InputError, match="'layers' argument of write_period_maps"):
        lk.write_period_maps(periods, tmp_path / "m.html", layers="sales")
    with pytest.raises(lk.InputError, match="'positions' argument of to_html must have finite"):
        lk.write_period_maps(periods, tmp_path / "m.html", positions=pd.DataFrame(
            {"x": [float("nan")], "y": [0.0]}, index=periods.organisations.index[:1]))


# -- the browser (the fixture `browser`: tests/conftest.py) -----------------------------



def framed(page, href):
    """The framed map's title once the frame shows ``href`` and the map has drawn, and
    the frame's ``src``."""
    page.frame_locator("#frame").locator("body").wait_for()
    child = page.frames[1]
    child.wait_for_url(re.compile(re.escape(href) + "(#.*)?$"), timeout=60_000)
    child.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    return child.title(), page.eval_on_selector("#frame", "f => f.getAttribute('src')")


@pytest.mark.browser
def test_browser_selector_slider_and_keys(open_page, written):
    page = open_page(written, drawn=False)
    first, fourth = "map_periods/period-1.html", "map_periods/period-4.html"
    assert framed(page, first) == (f"Over time {HOSTILE}: 2010", first)
    page.select_option("#period", label="2013")
    assert framed(page, fourth) == (f"Over time {HOSTILE}: 2013", fourth)
    page.eval_on_selector("#slider", "s => { s.value = '1'; "
                                     "s.dispatchEvent(new Event('input')); }")
    assert framed(page, "period-2.html")[1] == "map_periods/period-2.html"
    page.click("h1")
    page.keyboard.press("ArrowRight")
    assert page.eval_on_selector("#period", "s => s.value") == "2"
    assert framed(page, "period-3.html")[1] == "map_periods/period-3.html"
    page.click("#prev")
    assert page.eval_on_selector("#slider", "s => s.value") == "1"
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_period_without_ties(open_page, gap):
    page = open_page(gap, drawn=False)
    framed(page, "m_periods/period-1.html")
    page.select_option("#period", label="2021")
    page.frames[1].wait_for_url("about:blank")
    assert page.eval_on_selector("#summary", "s => s.textContent") == \
        "2021: no ties in this period, no map (2 of 3)"
    page.click("#next")
    assert framed(page, "m_periods/period-3.html")[1] == "m_periods/period-3.html"
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_hostile_labels_are_text(open_page, hostile, tmp_path):
    periods, membership = hostile
    out = lk.write_period_maps(periods, tmp_path / "m.html", clusters=membership,
                               title=BREAKOUT)
    page = open_page(out, drawn=False)
    options = page.eval_on_selector_all("#period option", "os => os.map(o => o.textContent)")
    assert options == [HOSTILE, BREAKOUT, "2012 & after"]
    assert page.eval_on_selector("h1", "h => h.textContent") == BREAKOUT
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.select_option("#period", index=1)
    second = "m_periods/period-2.html"
    assert framed(page, second) == (f"{BREAKOUT}: {BREAKOUT}", second)
    assert page.eval_on_selector("#summary", "s => s.textContent").startswith(BREAKOUT)
    assert page.dialogs == [] and page.errors == [] and page.requests == []
    page.close()


# -- the command line --------------------------------------------------------------------------
def test_cli_dated_run_writes_the_period_maps(tmp_path, capsys):
    planted = lk.make_evolving_clusters(seed=1)
    planted.organisations.to_csv(tmp_path / "orgs.csv")
    records = planted.records.assign(date=planted.records["date"].dt.strftime("%Y-%m-%d"))
    records.to_csv(tmp_path / "records.csv", index=False)
    out = tmp_path / "out"
    arguments = ["analyze", "--organisations", str(tmp_path / "orgs.csv"), "--relations",
                 str(tmp_path / "records.csv"), "--layer", "scientific", "--date", "date",
                 "--period", "year", "--out", str(out)]
    assert main(arguments) == 0
    assert "drawing a map per period (6)" in capsys.readouterr().err
    data = index_data(out / "periods" / "map.html")
    assert [p["label"] for p in data["periods"]] == [str(y) for y in range(2010, 2016)]
    membership = pd.read_csv(out / "periods" / "membership.csv", index_col="id")
    for k, label in enumerate(membership.columns, start=1):
        page = page_data(out / "periods" / "map_periods" / f"period-{k}.html")
        assert len(page["nodes"]) == int(membership[label].notna().sum())
    manifest = json.loads((out / "linkages-manifest.json").read_text(encoding="utf-8"))
    assert "periods/map.html" in manifest["files"]
    assert "periods/map_periods/period-6.html" in manifest["files"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<a href='periods/map.html'>" in report


def assert_same_spots(spots):
    """Every organisation drawn on all the pages is within 1 px of its place on the first,
    and the organisations are spread over the view, not bunched in a corner."""
    common = set.intersection(*map(set, spots))
    assert len(common) > 20
    for i in common:
        for other in spots[1:]:
            assert other[i] == pytest.approx(spots[0][i], abs=1.0)
    xs = [x for x, _ in spots[0].values()]
    assert max(xs) - min(xs) > 400


@pytest.mark.browser
@pytest.mark.parametrize("render", ["vis", "webgl"])
@pytest.mark.parametrize("layout", ["network", "geographic"])
def test_browser_an_organisation_is_at_the_same_spot_of_the_screen(open_page, request,
                                                                     tmp_path, render, layout):
    """Periods 1, 4 and 6 show every organisation at one spot, in the network layout (the
    planted periods) and in the geographic one (the same with coordinates); the geographic
    view is the same again after the layout toggle."""
    periods, evolution = request.getfixturevalue(
        "planted" if layout == "network" else "placed")[:2]
    out = lk.write_period_maps(periods, tmp_path / "m.html", clusters=evolution,
                               render=render)
    spots = []
    for k in (1, 4, 6):
        path = out.parent / "m_periods" / f"period-{k}.html"
        data = page_data(path)
        assert data["layoutMode"] == layout and data["frame"] is not None
        page = open_page(path)
        assert page.evaluate("window.linkages.layout") == layout
        index = {i: n for n, i in enumerate(
            page_xy(data) if layout == "network" else page_geo(data))}
        spots.append({i: page.spot(n) for i, n in index.items()})
        if k == 4 and layout == "geographic":   # to the network layout and back
            assert "geographic" in data["frame"]
            page.click("#layout-toggle")
            assert page.evaluate("window.linkages.layout") == "network"
            page.click("#layout-toggle")
            assert page.evaluate("window.linkages.layout") == "geographic"
            again = {i: page.spot(n) for i, n in index.items()}
            assert all(again[i] == pytest.approx(spots[-1][i], abs=1.0) for i in again)
        assert page.requests == [] and page.errors == []
        page.close()
    assert_same_spots(spots)


# -- the geographic layout: one projection and one first view for every period ---------------
@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    """The planted periods with coordinates (Greece-sized), their tracked clusters, and
    their maps with a territory of two regions."""
    planted = lk.make_evolving_clusters(seed=1)
    orgs = planted.organisations.copy()
    rng = np.random.default_rng(3)
    orgs["lat"] = 37.0 + 4.0 * rng.random(len(orgs))
    orgs["lon"] = 20.5 + 5.0 * rng.random(len(orgs))
    periods = lk.periods_from_records(planted.records, orgs, date="date", value=None,
                                      directed=False, layer_name="scientific")
    evolution = lk.track_clusters(periods, seed=1, n_shuffles=0)
    territory = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": {
            "type": "Polygon", "coordinates": [[[x, 37.0], [x + 2.5, 37.0], [x + 2.5, 41.0],
                                                [x, 41.0], [x, 37.0]]]}}
        for name, x in (("West", 20.5), ("East", 23.0))]}
    out = lk.write_period_maps(periods, tmp_path_factory.mktemp("geo") / "m.html",
                               clusters=evolution, territory=territory)
    return periods, evolution, out


def page_geo(data):
    """Organisation id -> (x, y) of a page's geographic layout."""
    ids = [row[data["fields"].index("id")] for row in data["info"]]
    xy = data["positions"]["geographic"]
    return {i: (xy[2 * k], xy[2 * k + 1]) for k, i in enumerate(ids)}


def test_an_organisation_is_at_the_same_geographic_place_in_every_period(placed):
    periods, _, out = placed
    pages = [page_data(out.parent / "m_periods" / f"period-{k}.html") for k in range(1, 7)]
    assert all(page["layoutMode"] == "geographic" for page in pages)
    place: dict = {}
    for page in pages:
        for i, at in page_geo(page).items():
            place.setdefault(i, set()).add(at)
    assert all(len(at) == 1 for at in place.values())
    assert sum(len(page["nodes"]) for page in pages) > 1.5 * len(place)
    # one projection, fitted on every organisation drawn in some period, one first view
    # and one territory outline
    tied = pd.unique(pd.concat([net.relations[end] for net in periods.values()
                                for end in ("source", "target")]))
    union = periods.organisations.loc[periods.organisations.index.isin(tied)]
    fit = Projection.fit(union["lat"].to_numpy(), union["lon"].to_numpy(),
                         width=max(600.0, 60.0 * np.sqrt(len(union))))
    for page in pages:
        assert {k: page["geo"][k] for k in ("lat0", "lon0", "scale")} == pytest.approx(
            {"lat0": fit.lat0, "lon0": fit.lon0, "scale": fit.scale})
        xy = fit.project(union["lat"].to_numpy(), union["lon"].to_numpy())
        assert page["frame"]["geographic"] == [round(v, 1) for v in
                                               (*xy.min(axis=0), *xy.max(axis=0))]
        assert page["geo"]["territory"] == pages[0]["geo"]["territory"]
        assert "box" not in page["geo"]
    first = page_geo(pages[0])
    i = next(iter(first))
    assert first[i] == tuple(fit.project(union.loc[[i], "lat"], union.loc[[i], "lon"])
                             .round(1)[0])


def test_a_map_without_geo_frame_fits_its_own_organisations(tmp_path):
    net = lk.load_example()
    out = lk.to_html(net, tmp_path / "own.html")
    own = page_data(out)
    lat, lon = net.organisations["lat"].to_numpy(), net.organisations["lon"].to_numpy()
    fit = Projection.fit(lat, lon, width=max(600.0, 60.0 * np.sqrt(net.n_organisations)))
    assert (own["geo"]["lat0"], own["geo"]["lon0"], own["geo"]["scale"]) == (
        fit.lat0, fit.lon0, fit.scale)
    assert own["frame"] is None
    assert own["positions"]["geographic"] == fit.project(lat, lon).round(1).ravel().tolist()
    # the page's own organisations as geo_frame: the same projection, now with its frame
    same = page_data(lk.to_html(net, tmp_path / "same.html", geo_frame=net.organisations))
    assert same["positions"] == own["positions"] and same["geo"] == own["geo"]
    xy = np.array(own["positions"]["geographic"]).reshape(-1, 2)
    assert same["frame"] == {"geographic": pytest.approx(
        [*xy.min(axis=0), *xy.max(axis=0)], abs=0.11)}
    # a wider frame: another projection, the same for a part of the network
    wide = pd.DataFrame({"lat": [lat.min() - 1, lat.max() + 1],
                         "lon": [lon.min() - 1, lon.max() + 1]})
    whole = page_data(lk.to_html(net, tmp_path / "w.html", geo_frame=wide))
    part = net.subnetwork(net.organisations["region"] == net.organisations["region"].iloc[0])
    piece = page_data(lk.to_html(part, tmp_path / "p.html", geo_frame=wide))
    assert whole["geo"]["lat0"] != own["geo"]["lat0"]
    assert piece["geo"] == {**whole["geo"], "placed": piece["geo"]["placed"],
                            "note": piece["geo"]["note"]}
    assert piece["frame"] == whole["frame"]
    assert page_geo(piece).items() <= page_geo(whole).items()
    # the network layout only: geo_frame has nothing to frame
    flat = page_data(lk.to_html(net, tmp_path / "n.html", layout="network", geo_frame=wide))
    assert flat["geo"] is None and flat["frame"] is None


def test_geo_frame_errors(tmp_path):
    net = lk.load_example()
    with pytest.raises(TypeError, match="'geo_frame' argument of to_html must be a pandas"):
        lk.to_html(net, tmp_path / "m.html", geo_frame=[(38.0, 23.0)])
    with pytest.raises(lk.InputError, match="'geo_frame' argument of to_html must have the "
                                            "columns \\['lat', 'lon'\\]; missing \\['lon'\\]"):
        lk.to_html(net, tmp_path / "m.html", geo_frame=pd.DataFrame({"lat": [38.0]}))
    with pytest.raises(lk.InputError, match="at least one row with both 'lat' and 'lon'"):
        lk.to_html(net, tmp_path / "m.html",
                   geo_frame=pd.DataFrame({"lat": [38.0], "lon": [float("nan")]}))
    with pytest.raises(lk.InputError, match="'geo_frame' argument of to_html must hold valid "
                                            "coordinates.*'lat' column must be within"):
        lk.to_html(net, tmp_path / "m.html",
                   geo_frame=pd.DataFrame({"lat": [138.0], "lon": [23.0]}))


