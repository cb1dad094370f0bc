"""Search on a cluster overview links straight to the page an organisation is drawn on,
past any sub-cluster overviews (file checks, and headless Chromium)."""

import json
import re
import urllib.parse
from pathlib import Path

import pytest

import linkages as lk

HOSTILE = "<img src=x onerror=alert(1)>"


def page_data(path):
    text = Path(path).read_text(encoding="utf-8")
    return json.loads(re.search(r'id="linkages-data">(.*?)</script>', text)[1])


def deepest(path):
    """The index of an organisation whose page is the deepest under ``path``'s overview."""
    pages = page_data(path)["members"]["pages"]["href"]
    deep = max(range(len(pages)), key=lambda j: (pages[j].count("/"), -j))
    return page_data(path)["members"]["page"].index(deep)


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    """2,400 organisations in 3 clusters of 800, max_nodes=300: each cluster opens an
    overview of its sub-clusters; the organisation on the deepest page gets a hostile name."""
    big = lk.make_regional_cluster(2400, n_clusters=3, seed=1)
    clusters = big.organisations["planted_cluster"]
    first = tmp_path_factory.mktemp("first") / "big.html"
    lk.to_html(big, first, clusters=clusters, max_nodes=300, max_pages=None)
    orgs = big.organisations.copy()
    orgs.loc[orgs.index[deepest(first)], "name"] = HOSTILE
    big = lk.MultilayerNetwork(orgs, big.relations)
    path = tmp_path_factory.mktemp("nested") / "big.html"
    lk.to_html(big, path, clusters=clusters, max_nodes=300, max_pages=None)
    return big, path


def leaf_of(overview, i):
    """The page organisation ``i`` of ``overview`` is drawn on (a Path), else None."""
    members = page_data(overview)["members"]
    j = members["page"][i]
    if j < 0:
        return None
    return (overview.parent / urllib.parse.unquote(members["pages"]["href"][j])).resolve()


def overviews(folder):
    return [p for p in Path(folder).rglob("*.html") if "members" in page_data(p)]


def test_every_organisation_links_to_the_page_it_is_drawn_on(nested):
    big, path = nested
    names = big.organisations["name"].astype(str).tolist()
    tops = overviews(path.parent)
    assert len(tops) == 4                        # the top one and one per cluster (of 800)
    # on every overview (the top one and each sub-cluster's), each organisation's link
    # exists and its page draws that organisation one by one
    for overview in tops:
        members = page_data(overview)["members"]
        drawn = {}
        for i, name in enumerate(members["names"]):
            leaf = leaf_of(overview, i)
            assert leaf is not None and leaf.is_file(), (overview, name)
            if leaf not in drawn:
                data = page_data(leaf)
                assert "members" not in data                 # a page of organisations
                drawn[leaf] = set(data["names"])
            assert name in drawn[leaf]
    top = page_data(path)["members"]
    assert top["names"] == names
    deep = top["pages"]["href"][top["page"][names.index(HOSTILE)]]
    assert deep.startswith("big_clusters/") and deep.count("_clusters/") == 2   # two levels
    labels = top["pages"]["label"]
    assert len(labels) == len(top["pages"]["href"]) == len(set(top["pages"]["href"]))
    assert sum(" \u00b7 part " in s for s in labels) == len(labels)   # all below a split


def test_organisations_on_no_page_have_no_link(tmp_path):
    big = lk.make_regional_cluster(2400, n_clusters=3, seed=1)
    path = lk.to_html(big, tmp_path / "few.html", clusters=big.organisations["planted_cluster"],
                      max_nodes=300, max_pages=2)
    drawn = set()
    for p in tmp_path.rglob("*.html"):
        if "members" not in page_data(p):
            drawn |= set(page_data(p)["names"])
    members = page_data(path)["members"]
    linked = {n for i, n in enumerate(members["names"]) if members["page"][i] >= 0}
    assert linked == drawn and 0 < len(drawn) < 2400
    for i in range(2400):
        leaf = leaf_of(path, i)
        assert leaf is None or members["names"][i] in page_data(leaf)["names"]


@pytest.mark.browser
def test_browser_search_on_the_top_overview_opens_the_deepest_page(open_page, nested):
    big, path = nested
    names = big.organisations["name"].astype(str).tolist()
    i = max((j for j in range(len(names)) if names[j] != HOSTILE),
            key=lambda j: (leaf_of(path, j).as_posix().count("_clusters/"), -j))
    name = names[i]
    page = open_page(path)
    page.fill("#search", name)
    page.press("#search", "Enter")
    found = page.evaluate("linkages.found")
    assert found["organisation"] == i and page.evaluate("linkages.searches") == 1
    assert page.evaluate("linkages.network.getSelectedNodes()") == [found["cluster"]]
    status = page.inner_text("#search-status")
    assert status.startswith(f"{name} is in Cluster ") and " \u00b7 part " in status
    page.click("#search-status a")
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    page.wait_for_function("linkages.searches === 1", timeout=10_000)
    assert Path(urllib.parse.unquote(urllib.parse.urlparse(page.url).path)).resolve() == \
        leaf_of(path, i)                                    # one click: the page it is on
    assert "members" not in page.evaluate("linkages.data")
    selected = page.evaluate("linkages.network.getSelectedNodes()")
    assert [name] == [page.evaluate(f"linkages.data.names[{selected[0]}]")]
    assert page.requests == [] and page.errors == [] and page.dialogs == []
    page.close()


@pytest.mark.browser
def test_browser_hostile_name_is_text_and_its_link_safe(open_page, nested):
    big, path = nested
    page = open_page(path)
    page.fill("#search", HOSTILE)
    page.press("#search", "Enter")
    assert page.inner_text("#search-status").startswith(f"{HOSTILE} is in Cluster ")
    assert page.evaluate("document.querySelectorAll('#search-status img').length") == 0
    href = page.get_attribute("#search-status a", "href")
    assert href.endswith("#search=" + urllib.parse.quote(HOSTILE, safe="()")) and \
        href.count("_clusters/") == 2
    page.click("#search-status a")
    page.wait_for_function("window.linkages && window.linkages.drawn", timeout=60_000)
    page.wait_for_function("linkages.searches === 1", timeout=10_000)
    selected = page.evaluate("linkages.network.getSelectedNodes()")
    assert [HOSTILE] == [page.evaluate(f"linkages.data.names[{selected[0]}]")]
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.dialogs == [] and page.requests == [] and page.errors == []
    page.close()
