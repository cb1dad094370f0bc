"""The one-page report: words first, labels in its tables, and a bounded size on big inputs."""

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import linkages as lk

HOSTILE = "<img src=x onerror=alert(1)>"


def read_table(fragment):
    """The first HTML table of a fragment as a DataFrame of strings (header: last <thead> row)."""
    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.rows[-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Rows()
    parser.feed(fragment[:fragment.index("</table>") + 8])
    header, *body = [r for r in parser.rows if r]
    return pd.DataFrame(body, columns=header)


@pytest.fixture(scope="module")
def example():
    net = lk.load_example()
    return net, net.organisations["planted_cluster"]


def test_descriptions_first_labels_regions_and_themes(example, tmp_path):
    net, clusters = example
    labels = {0: "North \u00b7 motor vehicles", 3: HOSTILE}
    descriptions = pd.Series({c: f"Cluster {c} in plain words & {HOSTILE}." for c in range(4)})
    themes = pd.DataFrame({"cluster": [0, 0, 0, 0, 3], "theme": ["A", "B", "C", "D", "E"],
                           "count": [5, 4, 3, 1, 9], "share": [0.4, 0.3, 0.2, 0.1, 1.0],
                           "lq": [2.0, 1.0, 0.5, 0.2, 3.0]})
    regions = lk.regions_by_cluster(net, clusters)
    leaders = lk.leading_firms(net, clusters)
    path = lk.write_report(net, tmp_path / "r.html", clusters=clusters, leaders=leaders,
                           profiles=lk.profile_clusters(net, clusters), labels=labels,
                           descriptions=descriptions, regions=regions, themes=themes)
    text = path.read_text(encoding="utf-8")
    assert HOSTILE not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    brief = re.findall(r"<p class='brief'><b>(.*?)\.</b> (.*?)</p>", text)
    # largest first: 3 (86), 2 (77), 1 (69), 0 (68); every paragraph before the numbers
    assert [b[0] for b in brief] == ["&lt;img src=x onerror=alert(1)&gt;", "Cluster 2",
                                     "Cluster 1", "North \u00b7 motor vehicles"]
    assert brief[0][1] == "Cluster 3 in plain words &amp; &lt;img src=x onerror=alert(1)&gt;."
    assert text.rindex("class='brief'") < text.index("<h2>Network</h2>")
    # labels in the profile table's header and the leaders' headings
    assert "<th>North \u00b7 motor vehicles</th>" in text
    assert "<h3>North \u00b7 motor vehicles</h3>" in text
    # members by region: every member counted, and a figure
    section = text[text.index("<h3>Members by region</h3>"):text.index("<h3>Themes</h3>")]
    table = read_table(section)
    assert table["total"].astype(int).sum() == 300 and table["North"].astype(int).sum() == 142
    assert table.iloc[:, 0].tolist() == [HOSTILE, "Cluster 2", "Cluster 1",
                                         "North \u00b7 motor vehicles"]
    assert "<img alt='Members of each cluster by region'" in section
    # themes: first three of cluster 0, in order
    themes_html = text[text.index("<h3>Themes</h3>"):]
    shown = read_table(themes_html)
    assert shown["theme"].tolist() == ["E", "A", "B", "C"]
    assert shown["cluster"].tolist() == [HOSTILE] + ["North \u00b7 motor vehicles"] * 3


def test_big_inputs_show_the_clusters_that_matter(tmp_path):
    base = lk.make_regional_cluster(600, n_clusters=4, seed=1)
    orgs = base.organisations
    alone = pd.DataFrame({c: orgs[c].iloc[0] for c in orgs.columns},
                         index=pd.Index([f"X{i}" for i in range(300)], name=orgs.index.name))
    net = lk.MultilayerNetwork(pd.concat([orgs, alone]), base.relations, directed=base.directed)
    clusters = pd.Series(np.concatenate([orgs["planted_cluster"], 4 + np.arange(300)]),
                         index=net.organisations.index)
    leaders = lk.leading_firms(net, clusters)
    path = lk.write_report(net, tmp_path / "big.html", clusters=clusters, leaders=leaders,
                           profiles=lk.profile_clusters(net, clusters), top_clusters=3,
                           descriptions={c: f"words {c}" for c in range(304)})
    text = path.read_text(encoding="utf-8")
    sizes = clusters.value_counts()
    largest = sizes.index[:3].tolist()
    assert re.findall(r"<h3>Cluster (\d+)</h3>", text) == [str(c) for c in largest]
    assert text.count("class='brief'") == 3
    rest = int(sizes.iloc[3])
    assert ("Shown cluster by cluster: the 3 largest clusters of at least 2 organisations "
            f"({600 - rest:,} of 900 organisations). Not shown: 1 smaller clusters ({rest} "
            "organisations); 300 single organisations") in text
    assert "304 clusters; the largest have sizes" in text
    everything = lk.write_report(net, tmp_path / "all.html", clusters=clusters,
                                 leaders=leaders, top_clusters=None, min_size=1)
    assert len(re.findall(r"<h3>Cluster \d+</h3>", everything.read_text())) == \
        leaders["cluster"].nunique()
    with pytest.raises(lk.InputError, match="The 'top_clusters' argument of write_report must "
                                            "be a positive integer or None. Got 0"):
        lk.write_report(net, tmp_path / "x.html", clusters=clusters, top_clusters=0)


def test_old_call_unchanged(example, tmp_path):
    net, clusters = example
    text = lk.write_report(net, tmp_path / "r.html", clusters=clusters).read_text()
    assert "4 clusters; sizes 68, 69, 77, 86" in text and "Shown cluster" not in text
    assert "brief" not in text.split("</style>")[1]
    assert "<h2>Priorities</h2>" not in text and "<h2>Timeline</h2>" not in text


def test_priorities_ranked_with_systemic_firms_and_leaders(example, tmp_path):
    net, clusters = example
    leaders = lk.leading_firms(net, clusters)
    priorities = lk.gap_priorities(lk.structural_gaps(net, clusters))
    hostile = priorities.copy()
    hostile.loc[0, "evidence"] = f"evidence {HOSTILE}"
    hostile.loc[0, "partners"] = [HOSTILE]
    systemic = lk.systemic_risk(net, candidates=12)
    systemic.loc[systemic.index[0], "reason"] = f"reason {HOSTILE}"
    systemic.attrs["notes"] = [f"note {HOSTILE}"]
    path = lk.write_report(net, tmp_path / "r.html", clusters=clusters, leaders=leaders,
                           labels={1: HOSTILE}, priorities=hostile, systemic=systemic)
    text = path.read_text(encoding="utf-8")
    assert HOSTILE not in text and "<h2>Priorities</h2>" in text
    section = text[text.index("<h2>Priorities</h2>"):]
    gaps = read_table(section)
    assert gaps["priority"].tolist() == [str(p) for p in priorities["priority"]]
    assert gaps["kind"].tolist() == priorities["kind"].tolist()
    assert gaps["evidence"].iloc[0] == f"evidence {HOSTILE}"          # escaped, read back
    # clusters named by their labels: the gaps of cluster 1 under the hostile label
    named = gaps["cluster"] == HOSTILE
    assert named.tolist() == (priorities["cluster"] == 1).tolist() and named.any()
    firms = read_table(section[section.index("<h3>Systemically important firms</h3>"):])
    assert firms["id"].tolist() == systemic.index[:10].tolist()
    assert firms["reason"].iloc[0] == f"reason {HOSTILE}"
    leading = set(leaders.index)
    for org, flag in zip(firms["id"], firms["leading firm"], strict=True):
        assert flag.startswith("yes") == (org in leading)
    assert "note &lt;img" in section


def test_timeline_inline_svg_and_events(tmp_path):
    planted = lk.make_evolving_clusters(seed=1)
    periods = lk.periods_from_records(planted.records, planted.organisations, date="date",
                                      value=None, directed=False, layer_name="scientific")
    evolution = lk.track_clusters(periods, n_shuffles=0, seed=1)
    net = periods[periods.labels[-1]]
    events = evolution.events.copy()
    events.loc[events.index[-1], "event"] = HOSTILE
    svg = lk.alluvial_svg(evolution)
    text = lk.write_report(net, tmp_path / "t.html", timeline=svg,
                           events=events).read_text(encoding="utf-8")
    section = text[text.index("<h2>Timeline</h2>"):]
    assert svg in section and "<script" not in text and HOSTILE not in text
    shown = read_table(section)
    changes = events[events["event"] != "continuation"]
    assert shown["event"].tolist() == changes["event"].tolist()
    assert shown["joined"].tolist() == [str(len(j)) for j in changes["joined"]]
    # an SVG with a script or a handler is never inlined: embedded as an image instead
    bad = f"<svg><script>alert(1)</script><rect onclick='x()'/>{HOSTILE}</svg>"
    text = lk.write_report(net, tmp_path / "bad.html", timeline=bad).read_text()
    assert "<script>alert" not in text and "onclick" not in text and HOSTILE not in text
    assert "data:image/svg+xml;base64," in text
    with pytest.raises(TypeError, match="'timeline' argument of write_report"):
        lk.write_report(net, tmp_path / "x.html", timeline=b"<svg/>")


def test_suggested_partners_of_the_leaders_in_their_order(example, tmp_path):
    net, clusters = example
    leaders = lk.leading_firms(net, clusters, top=2)
    suggestions = lk.suggest_partners(net, list(leaders.index), clusters=clusters, top=2)
    suggestions.loc[suggestions.index[0], "reason"] = f"reason {HOSTILE}"
    suggestions.attrs["notes"] = [f"note {HOSTILE}"]
    path = lk.write_report(net, tmp_path / "r.html", clusters=clusters, leaders=leaders,
                           suggestions=suggestions)
    text = path.read_text(encoding="utf-8")
    assert HOSTILE not in text and "note &lt;img" in text
    shown = read_table(text[text.index("<h3>Partners to suggest</h3>"):])
    best = suggestions[suggestions["rank"] == 1]
    # the leaders' order (cluster, rank), each with its best partner in every layer
    expected = best.set_index("organisation").loc[list(leaders.index)]
    assert shown["organisation"].tolist() == expected.index.tolist()
    assert shown["partner"].tolist() == expected["partner"].tolist()
    assert shown["layer"].tolist() == expected["layer"].tolist()
    assert shown["name"].tolist() == net.organisations["name"][expected.index].tolist()
    assert f"reason {HOSTILE}" in shown["reason"].tolist()
    # without leaders: every organisation's best suggestion, the first rows
    text = lk.write_report(net, tmp_path / "s.html", suggestions=suggestions).read_text()
    assert "The best new partner of each organisation" in text
    with pytest.raises(TypeError, match="The 'suggestions' argument of write_report"):
        lk.write_report(net, tmp_path / "t.html", suggestions=[1, 2])
