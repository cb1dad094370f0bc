"""Round trips of every export format: organisations, ties per layer and attributes."""

import json
import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import linkages as lk


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


@pytest.fixture
def mixed():
    """Two layers of different directedness, a tie of the same pair in both layers, an
    extra relation column, a missing attribute value, an empty layer and a hostile name."""
    orgs = pd.DataFrame({"name": ["Anchor", 'Q"uote <b>&', "Uni", "Lab"],
                         "size": [100, 5, 2000, 40],
                         "lat": [45.0, np.nan, 45.5, 44.9],
                         "anchor": [True, False, False, False]},
                        index=pd.Index(["A", "B", "U", "L"], name="id"))
    rels = pd.DataFrame({"source": ["B", "B", "U", "L"], "target": ["A", "A", "A", "U"],
                         "layer": pd.Categorical(["production", "scientific", "scientific",
                                                  "scientific"],
                                                 categories=["production", "scientific",
                                                             "commercial"]),
                         "weight": [10.5, 1.0, 2.0, 0.25], "year": [2020, 2021, 2022, 2023]})
    return lk.MultilayerNetwork(orgs, rels)


def ties(net):
    """Ties per layer as a sorted table of (layer, source, target, weight)."""
    rel = net.relations.assign(layer=net.relations["layer"].astype(str))
    return (rel[["layer", "source", "target", "weight"]]
            .sort_values(["layer", "source", "target"]).reset_index(drop=True))


def assert_same(back, net, *, attributes=True):
    assert back.layers == net.layers
    assert back.directed == net.directed
    assert list(back.organisations.index) == [str(i) for i in net.organisations.index]
    pd.testing.assert_frame_equal(ties(back), ties(net), check_dtype=False,
                                  check_categorical=False)
    assert back.summary()["ties"].to_dict() == net.summary()["ties"].to_dict()
    if attributes:
        cols = list(net.organisations.columns)
        pd.testing.assert_frame_equal(back.organisations[cols], net.organisations,
                                      check_dtype=False, check_index_type=False)


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json", "tables", "xlsx"])
def test_round_trip_example(example, tmp_path, fmt):
    back = _round_trip(example, tmp_path, fmt)
    assert back.n_organisations == 300 and back.n_relations == 1634
    assert back.summary()["ties"].to_dict() == {"production": 557, "scientific": 707,
                                                "commercial": 370}
    assert_same(back, example)


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json", "tables", "xlsx"])
def test_round_trip_mixed(mixed, tmp_path, fmt):
    back = _round_trip(mixed, tmp_path, fmt)
    assert_same(back, mixed)
    # the same pair tied in two layers stays two ties; the empty layer survives
    assert back.summary()["ties"].to_dict() == {"production": 1, "scientific": 3,
                                                "commercial": 0}
    assert back.relations.set_index(["source", "target", "layer"])["year"].sort_index(
    ).tolist() == [2021, 2022, 2020, 2023]   # (A,B,sci) (A,U,sci) (B,A,prod) (U,L,sci)
    assert back.organisations.loc["B", "name"] == 'Q"uote <b>&'
    assert pd.isna(back.organisations.loc["B", "lat"])


def _round_trip(net, tmp_path, fmt, **kw):
    if fmt == "gexf":
        return lk.read_gexf(lk.write_gexf(net, tmp_path / "n.gexf", **kw))
    if fmt == "graphml":
        return lk.read_graphml(lk.write_graphml(net, tmp_path / "n.graphml", **kw))
    if fmt == "json":
        return lk.read_json(lk.write_json(net, tmp_path / "n.json", **kw))
    folder = lk.write_tables(net, tmp_path, excel=fmt == "xlsx", **kw)
    return lk.read_tables(folder / "network.xlsx" if fmt == "xlsx" else folder)


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json", "tables"])
def test_clusters_and_scores_are_written(example, tmp_path, fmt):
    clusters = example.organisations["planted_cluster"]
    scores = pd.DataFrame({"degree": lk.to_igraph(example, directed=False).degree(),
                           "half": np.arange(300) / 2}, index=example.organisations.index)
    back = _round_trip(example, tmp_path, fmt, clusters=clusters, scores=scores)
    assert back.organisations["cluster"].tolist() == clusters.tolist()
    assert back.organisations["degree"].tolist() == scores["degree"].tolist()
    assert back.organisations["half"].tolist() == pytest.approx(scores["half"].tolist())
    assert_same(back, example)


def test_pajek_round_trip(example, tmp_path):
    path = lk.write_pajek(example, tmp_path / "n.net")
    lines = path.read_text().splitlines()
    assert lines[0] == "*Vertices 300" and lines[1] == '1 "O00000"'
    assert lines.count('*Arcs :1 "production"') == 1
    assert lines.count('*Edges :2 "scientific"') == 1
    assert lines.count('*Arcs :3 "commercial"') == 1
    back = lk.read_pajek(path)
    assert_same(back, example, attributes=False)


def test_pajek_project_keeps_numeric_attributes(mixed, tmp_path):
    path = lk.write_pajek(mixed.subnetwork(["A", "U", "L"]), tmp_path / "n.paj",
                          clusters=[0, 1, 1], scores=pd.Series([0.5, 0.25, 1.0],
                                                               index=["A", "U", "L"],
                                                               name="score"))
    back = lk.read_pajek(path)
    assert back.organisations["cluster"].tolist() == [0, 1, 1]
    assert back.organisations["score"].tolist() == [0.5, 0.25, 1.0]
    assert back.organisations["size"].tolist() == [100, 2000, 40]
    assert back.organisations["anchor"].tolist() == [1, 0, 0]
    assert "lat" in back.organisations  # no missing value among these three
    assert back.summary()["ties"].to_dict() == {"production": 0, "scientific": 2,
                                                "commercial": 0}


def test_pajek_mixed_keeps_parallel_ties(mixed, tmp_path):
    back = lk.read_pajek(lk.write_pajek(mixed, tmp_path / "n.net"))
    assert_same(back, mixed, attributes=False)


def test_pajek_refuses_quotes_in_ids(tmp_path):
    orgs = pd.DataFrame(index=pd.Index(['a"b', "c"], name="id"))
    net = lk.MultilayerNetwork(orgs, pd.DataFrame({"source": ['a"b'], "target": ["c"],
                                                   "layer": ["x"], "weight": [1.0]}))
    with pytest.raises(lk.InputError, match="write_pajek cannot write organisation ids "
                                            "holding a double quote"):
        lk.write_pajek(net, tmp_path / "n.net")


def test_gexf_viz_and_gephi_attributes(example, tmp_path):
    clusters = example.organisations["planted_cluster"]
    path = lk.write_gexf(example, tmp_path / "n.gexf", clusters=clusters, seed=3)
    root = ET.parse(path).getroot()
    ns = {"g": root.tag[1:root.tag.index("}")], "viz": "http://www.gexf.net/1.2draft/viz"}
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == 300
    colours = {(c.get("r"), c.get("g"), c.get("b"))
               for c in root.findall(".//viz:color", ns)}
    assert len(colours) == 4                          # one colour per planted cluster
    first = nodes[0].find("viz:color", ns)
    assert (first.get("r"), first.get("g"), first.get("b")) == ("0", "114", "178")  # 0072b2
    assert len(root.findall(".//viz:position", ns)) == 300
    assert len(root.findall(".//viz:size", ns)) == 300
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == 1634
    assert sum(e.get("type") == "undirected" for e in edges) == 707   # scientific ties
    description = root.find("g:meta/g:description", ns).text
    assert json.loads(description) == {"linkages_layers": example.directed}
    # same seed, same file
    again = lk.write_gexf(example, tmp_path / "m.gexf", clusters=clusters, seed=3)
    def strip(text):
        return [x for x in text.splitlines() if "lastmodified" not in x]
    assert strip(path.read_text()) == strip(again.read_text())


def test_gexf_from_another_tool(tmp_path):
    """A plain networkx GEXF (no linkages metadata): one layer, directedness of its edges."""
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.write_gexf(G, tmp_path / "p.gexf")
    back = lk.read_gexf(tmp_path / "p.gexf")
    assert back.layers == ("default",) and back.directed == {"default": True}
    assert ties(back)[["source", "target"]].values.tolist() == [["a", "b"], ["b", "c"]]


def test_graphml_stores_layer_directedness(mixed, tmp_path):
    path = lk.write_graphml(mixed, tmp_path / "n.graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    assert json.loads(G.graph["linkages_layers"]) == {"production": True,
                                                       "scientific": False,
                                                       "commercial": True}
    assert G.number_of_edges() == 4


def test_json_is_node_link(example, tmp_path):
    data = json.loads(lk.write_json(example, tmp_path / "n.json").read_text())
    assert data["graph"]["layers"] == example.directed
    assert len(data["nodes"]) == 300 and len(data["edges"]) == 1634
    assert {e["layer"] for e in data["edges"]} == set(example.layers)


def test_tables_content(example, tmp_path):
    lk.write_tables(example, tmp_path, clusters=example.organisations["planted_cluster"],
                    scores=pd.Series(1.0, index=example.organisations.index, name="s"))
    orgs = pd.read_csv(tmp_path / "organisations.csv")
    assert list(orgs.columns) == ["id", *example.organisations.columns, "cluster", "s"]
    assert len(orgs) == 300
    rels = pd.read_csv(tmp_path / "relations.csv")
    assert rels["layer"].value_counts().to_dict() == {"scientific": 707, "production": 557,
                                                      "commercial": 370}
    assert pd.read_csv(tmp_path / "layers.csv").values.tolist() == [
        ["production", True], ["scientific", False], ["commercial", True]]


def test_errors(example, tmp_path):
    with pytest.raises(lk.InputError, match="The 'folder' argument of write_tables must be an "
                                            "existing folder"):
        lk.write_tables(example, tmp_path / "nope")
    with pytest.raises(lk.InputError, match="The 'path' argument of read_gexf names a file "
                                            "that does not exist"):
        lk.read_gexf(tmp_path / "nope.gexf")
    with pytest.raises(lk.InputError, match="The 'scores' argument of write_json names 1 "
                                            "organisations not in the network"):
        lk.write_json(example, tmp_path / "n.json", scores=pd.Series([1.0], index=["ZZZ"]))
    with pytest.raises(lk.InputError, match="must give one cluster per organisation"):
        lk.write_graphml(example, tmp_path / "n.graphml", clusters=[0, 1])
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "organisations.csv").write_text("id\nA\n")
    with pytest.raises(lk.InputError, match=r"must hold the tables organisations, relations "
                                            r"and layers; missing \['relations', 'layers'\]"):
        lk.read_tables(tmp_path / "t")
    with pytest.raises(TypeError, match="The 'net' argument of write_pajek must be a "
                                        "MultilayerNetwork"):
        lk.write_pajek("net", tmp_path / "n.net")


def test_write_tables_extra_tables_go_to_csv_and_the_one_workbook(tmp_path):
    net = lk.load_example()
    leaders = pd.DataFrame({"score": [0.9, 0.5]}, index=pd.Index(["O00214", "O00037"],
                                                                   name="id"))
    report = net.report.to_frame()                           # a plain row-number index
    lk.write_tables(net, tmp_path, excel=True, extra={"leaders": leaders, "report": report})
    assert pd.read_csv(tmp_path / "leaders.csv", index_col="id").equals(leaders)
    assert pd.read_csv(tmp_path / "report.csv").columns.tolist() == report.columns.tolist()
    book = pd.read_excel(tmp_path / "network.xlsx", sheet_name=None)
    assert list(book) == ["organisations", "relations", "layers", "leaders", "report"]
    assert book["leaders"]["id"].tolist() == ["O00214", "O00037"]
    assert lk.read_tables(tmp_path / "network.xlsx").n_relations == net.n_relations
    with pytest.raises(lk.InputError, match=r"The 'extra' argument of write_tables must not "
                       r"reuse the names \['layers', 'organisations', 'relations'\]. Got "
                       r"'layers'."):
        lk.write_tables(net, tmp_path, extra={"layers": leaders})
