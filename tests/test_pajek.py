"""read_pajek: Pajek multi-relational files (.net, .paj)."""

import pandas as pd
import pytest

import linkages as lk


def write(tmp_path, text, name="net.net", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def pairs(net, layer):
    return set(map(tuple, net.layer_relations(layer)[["source", "target"]].values))


# -- read_pajek -----------------------------------------------------------------------------
def padgett_paj(folder):
    """The Florentine families in the layout of Pajek's Padgett.paj: symmetric arcs per
    relation, coordinates, and a *Vector (built from the MIT-licensed CSV files)."""
    nodes = pd.read_csv(folder / "flo_marriage_nodes.csv")
    lines = ["% Padgett's families", "*Network Padgett's Florentine Families",
             f"*Vertices      {len(nodes)}"]
    lines += [f'{i + 1:3d} "{name}"   {0.05 * i:.4f}    0.5000'
              for i, name in enumerate(nodes["name"])]
    for k, (relation, layer) in enumerate([("Business", "business"), ("Marital", "marriage")]):
        edges = pd.read_csv(folder / f"flo_{layer}_edges.csv")
        arcs = sorted({(s + 1, t + 1) for s, t in zip(edges["source"], edges["target"])}
                      | {(t + 1, s + 1) for s, t in zip(edges["source"], edges["target"])})
        lines += [f'*Arcs :{k + 1} "{relation}"'] + [f"{s:3d} {t:2d} 1" for s, t in arcs]
    lines += ["", "*Vector Wealth", f"*Vertices {len(nodes)}"]
    lines += [str(int(w)) for w in nodes["wealth"]]
    return "\n".join(lines) + "\n", nodes


def test_read_pajek_padgett_layers(tmp_path, florentine, shared_data):
    text, nodes = padgett_paj(shared_data("florentine"))
    path = write(tmp_path, text, "Padgett.paj")
    arcs = lk.read_pajek(path)
    assert arcs.layers == ("Business", "Marital")
    assert arcs.directed == {"Business": True, "Marital": True}
    assert arcs.summary()["ties"].to_dict() == {"Business": 30, "Marital": 40}
    # read as undirected: each symmetric pair of arcs is one tie
    net = lk.read_pajek(path, directed=False, duplicates="max")
    assert net.summary()["ties"].to_dict() == {"Business": 15, "Marital": 20}
    assert (net.relations["weight"] == 1.0).all()
    summed = lk.read_pajek(path, directed=False)             # default duplicates='sum'
    assert set(summed.relations["weight"]) == {2.0}
    assert summed.report.dropped == {
        "duplicate (source, target, layer) rows merged (duplicates='sum')": 35}
    # the same ties as the CSV files, by family name
    names = florentine.organisations["name"]
    for mine, theirs in [("Business", "business"), ("Marital", "marriage")]:
        expected = {tuple(sorted((names[s], names[t])))
                    for s, t in pairs(florentine, theirs)}
        assert {tuple(sorted(p)) for p in pairs(net, mine)} == expected
    medici = lk.to_igraph(net, layers="Marital").vs.find(name="Medici")
    assert medici.degree() == 6
    assert lk.to_igraph(net, layers="Business").vs.find(name="Medici").degree() == 5
    assert net.organisations.loc["Medici", "Wealth"] == 103
    assert net.organisations.loc["Strozzi", "Wealth"] == 146
    assert net.organisations.loc["Acciaiuoli", ["x", "y"]].tolist() == [0.0, 0.5]
    assert list(net.organisations.index) == nodes["name"].tolist()


def test_read_pajek_sections_and_forms(tmp_path):
    text = """% comment line
*Vertices 5 2
1 "Acme Steel" 0.1 0.2 0.3 ic Red
2 Beta
3 "Uni of X"
5 "Lab"
*Arcs :1 "production"
1 2 2.5
2: 3 1 4
*Edges :3
1 3
*Edges
2 5 0.5
*Arcslist :1 "production"
5 1 2
*Edgeslist :4 "listed"
3 4 5
*Partition Sector
*Vertices 5
1
1
2
2
3
*Cluster ignored
*Vertices 5
"""
    net = lk.read_pajek(write(tmp_path, text))
    orgs = net.organisations
    # vertex 4 has no line: labelled by its number (Pajek's rule)
    assert list(orgs.index) == ["Acme Steel", "Beta", "Uni of X", "4", "Lab"]
    assert orgs["mode"].tolist() == [1, 1, 2, 2, 2]
    assert orgs["Sector"].tolist() == [1, 1, 2, 2, 3]
    assert orgs.loc["Acme Steel", ["x", "y", "z"]].tolist() == [0.1, 0.2, 0.3]
    assert orgs.loc["Beta", ["x", "y", "z"]].isna().all()
    assert net.layers == ("production", "relation 3", "default", "listed", "relation 2")
    assert net.directed == {"production": True, "relation 3": False, "default": False,
                            "relation 2": True, "listed": False}
    got = {(r.source, r.target, r.layer): r.weight for r in net.relations.itertuples()}
    assert got == {
        ("Acme Steel", "Beta", "production"): 2.5, ("Lab", "Acme Steel", "production"): 1.0,
        ("Lab", "Beta", "production"): 1.0, ("Uni of X", "Acme Steel", "relation 2"): 4.0,
        ("Acme Steel", "Uni of X", "relation 3"): 1.0, ("Beta", "Lab", "default"): 0.5,
        ("Uni of X", "4", "listed"): 1.0, ("Uni of X", "Lab", "listed"): 1.0}
    assert "Pajek section *Cluster ignored ignored" in net.report.notes


def test_read_pajek_edges_in_directed_layer_go_both_ways(tmp_path):
    text = '*Vertices 3\n1 "a"\n2 "b"\n3 "c"\n*Arcs :1 "trade"\n1 2 5\n*Edges :1 "trade"\n2 3 2\n'
    net = lk.read_pajek(write(tmp_path, text))
    assert net.directed == {"trade": True}
    assert sorted(net.relations[["source", "target", "weight"]].values.tolist()) == [
        ["a", "b", 5.0], ["b", "c", 2.0], ["c", "b", 2.0]]
    assert net.report.notes == ["1 *Edges lines in directed layers read as arcs in both "
                                "directions"]
    undirected = lk.read_pajek(write(tmp_path, text), directed={"trade": False})
    assert undirected.n_relations == 2 and undirected.directed == {"trade": False}


def test_read_pajek_matrix_ids_by_number_and_latin1(tmp_path):
    text = ('*Vertices 3\n1 "Société Générale"\n2 "Bäcker"\n3 "C"\n*Matrix :1 "supply"\n'
            "0 2 0\n0 0 1.5\n0 0 0\n")
    path = write(tmp_path, text, encoding="latin-1")
    net = lk.read_pajek(path, id="number")
    assert net.organisations["name"].tolist() == ["Société Générale", "Bäcker", "C"]
    assert list(net.organisations.index) == [1, 2, 3]
    assert net.relations[["source", "target", "weight"]].values.tolist() == [[1, 2, 2.0],
                                                                           [2, 3, 1.5]]
    assert net.directed == {"supply": True}


def test_read_pajek_keeps_empty_layers(tmp_path):
    text = '*Vertices 2\n1 "a"\n2 "b"\n*Arcs :1 "production"\n1 2\n*Edges :2 "scientific"\n'
    net = lk.read_pajek(write(tmp_path, text))
    assert net.layers == ("production", "scientific")
    assert net.summary()["ties"].tolist() == [1, 0]


def test_read_pajek_round_trip_with_write_pajek(tmp_path):
    if not hasattr(lk, "write_pajek"):
        pytest.skip("write_pajek not available yet")
    net = lk.load_example()
    path = tmp_path / "example.net"
    lk.write_pajek(net, path)
    back = lk.read_pajek(path)
    assert back.layers == net.layers and back.directed == net.directed
    assert list(back.organisations.index) == [str(i) for i in net.organisations.index]
    mine = net.relations.assign(source=net.relations["source"].astype(str),
                                target=net.relations["target"].astype(str))
    cols = ["source", "target", "layer", "weight"]
    key = ["layer", "source", "target"]
    left = mine[cols].astype({"layer": str}).sort_values(key).reset_index(drop=True)
    right = back.relations[cols].astype({"layer": str}).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("text, message", [
    ("1 2\n", r"is not a Pajek file: it must start with a \*Vertices or \*Network line"),
    ("", r"is not a Pajek file"),
    ('*Arcs\n1 2\n', r"has no \*Vertices section"),
    ('*Vertices x\n', r"must give the vertex count, '\*Vertices n'. Got '\*Vertices x' "),
    ('*Vertices 2\n"a"\n', r"has 1 vertex lines not starting with a number, e.g. \['\"a\"'\]"),
    ('*Vertices 2\n1 a\n3 b\n', r"must number its 2 vertices 1..n, each once"),
    ('*Vertices 2\n1 a\n2 a\n', r"has 1 vertex labels used more than once: \['a'\]; pass "
                                r"id='number'"),
    ('*Vertices 2\n1 a\n2 b\n*Arcs\n1 3\n2 7\n', r"has 2 ties with a vertex number outside "
                                                 r"1..2, e.g. \[\(1, 3\), \(2, 7\)\]"),
    ('*Vertices 2\n1 a\n2 b\n*Edges\n1 b\n', r"has 1 \*edges lines that are not 'source "
                                             r"target \[weight\]', e.g. \['1 b'\]"),
    ('*Vertices 2\n1 a\n2 b\n*Edges\n1 2 -1\n', r"must hold non-negative numbers; found 1 "
                                               r"negative values at rows \[0\]"),
    ('*Vertices 2\n1 a\n2 b\n*Matrix\n0 1 0\n', r"has a \*Matrix of 3 values; expected 2 x 2"),
    ('*Vertices 2\n1 a\n2 b\n*Vector w\n*Vertices 2\n1\n', r"has a \*Vector/\*Partition 'w' "
                                                           r"of 1 values"),
    ('*Network one\n*Vertices 1\n*Network two\n*Vertices 1\n', r"holds several \*Network "
                                                               r"sections"),
    ('*Vertices 2\n*Vertices 2\n', r"has two \*Vertices sections"),
])
def test_read_pajek_errors(tmp_path, text, message):
    with pytest.raises(lk.InputError, match=r"The 'path' argument of read_pajek .*" + message):
        lk.read_pajek(write(tmp_path, text))


def test_read_pajek_argument_errors(tmp_path):
    path = write(tmp_path, '*Vertices 2\n1 a\n2 b\n*Arcs :1 "p"\n1 2\n')
    with pytest.raises(lk.InputError, match=r"The 'id' argument of read_pajek must be one of "
                       r"\['label', 'number'\]. Got 'name' instead."):
        lk.read_pajek(path, id="name")
    with pytest.raises(lk.InputError, match=r"The 'directed' argument of read_pajek must be "
                       r"one of \['p'\]. Got 'q' instead."):
        lk.read_pajek(path, directed={"q": True})
    with pytest.raises(TypeError, match=r"The 'directed' argument of read_pajek must be a "
                       r"bool or mapping of layer name to bool. Got str instead."):
        lk.read_pajek(path, directed="yes")
    with pytest.raises(TypeError, match=r"The 'path' argument of read_pajek must be a path. "
                       r"Got int instead."):
        lk.read_pajek(3)
    with pytest.raises(lk.InputError, match="names a file that does not exist"):
        lk.read_pajek(tmp_path / "missing.net")
