"""The vis-network map leaves out a region name that would overlap one written before, as
the WebGL page does (many small regions at a low zoom), and writes them when zoomed in."""

import pytest

import linkages as lk

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def net():
    return lk.load_example()


@pytest.fixture(scope="module")
def grid(net, square_region):
    """A 10x10 grid of small boxes amid the organisations: names wider than the boxes."""
    lon, lat, step = net.organisations["lon"].mean(), net.organisations["lat"].mean(), 0.05
    return {"type": "FeatureCollection", "features": [
        square_region(f"Region {i}{j}", lon + (j - 4.5) * step, lat + (i - 4.5) * step,
                      d=step / 2) for i in range(10) for j in range(10)]}


@pytest.fixture(scope="module")
def apart(net, square_region):
    """A box around each of the three regions' organisations, one named with hostile text."""
    return {"type": "FeatureCollection", "features": [
        square_region(HOSTILE if region == "North" else region, g["lon"].mean(),
                      g["lat"].mean()) for region, g in net.organisations.groupby("region")]}


def written_after_drawing(page, passes):
    page.wait_for_function(f"linkages.territory && linkages.territory.passes > {passes}",
                           timeout=30_000)
    return page.evaluate("[linkages.territory.namesWritten, linkages.territory.passes]")


@pytest.mark.browser
def test_browser_vis_leaves_out_overlapping_region_names(open_page, net, grid, tmp_path):
    path = lk.to_html(net, tmp_path / "grid.html", territory=grid, render="vis")
    page = open_page(path)
    assert page.evaluate("[linkages.layout, linkages.territory.names]") == ["geographic", 100]
    first, passes = written_after_drawing(page, 0)
    assert 0 < first < 100                         # overlapping names left out
    page.evaluate("linkages.network.moveTo({scale: linkages.network.getScale() * 3})")
    zoomed, passes = written_after_drawing(page, passes)
    assert zoomed > first                          # zoomed in: more room, more names
    # the network layout draws no names (the count stays that of the last drawing)
    page.click("#layout-toggle")
    page.wait_for_function("linkages.layout === 'network'", timeout=30_000)
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_vis_writes_every_name_of_regions_apart(open_page, net, apart, tmp_path):
    path = lk.to_html(net, tmp_path / "apart.html", territory=apart, render="vis")
    page = open_page(path)
    assert written_after_drawing(page, 0)[0] == 3
    page.wait_for_timeout(300)                     # time for an injected handler to fire
    assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()
