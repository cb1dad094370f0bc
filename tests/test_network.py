import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages import network
from linkages.network import end_positions


def test_tiny_tables_and_codes(tiny):
    assert tiny.layers == ("production", "scientific")
    assert tiny.directed == {"production": True, "scientific": False}
    # undirected ties are stored in the organisations' order: U-A becomes A-U
    sci = tiny.layer_relations("scientific")
    assert sci[["source", "target"]].values.tolist() == [["A", "U"], ["B", "U"], ["A", "B"]]
    src, tgt, lay = tiny.codes()
    assert src.tolist() == [1, 2, 0, 1, 0] and tgt.tolist() == [0, 0, 3, 3, 1]
    assert lay.tolist() == [0, 0, 1, 1, 1]


def test_florentine_layers(florentine):
    s = florentine.summary()
    assert s.loc["marriage", "ties"] == 20 and s.loc["business", "ties"] == 15
    assert florentine.n_organisations == 16
    pairs = {name: set(map(tuple, florentine.layer_relations(name)[["source", "target"]].values))
             for name in florentine.layers}
    assert len(pairs["marriage"] & pairs["business"]) == 8
    assert len(pairs["marriage"] | pairs["business"]) == 27
    medici = florentine.organisations.index[florentine.organisations["name"] == "Medici"][0]
    degree = {name: lk.to_igraph(florentine, layers=name).degree(
        int(florentine.organisations.index.get_loc(medici))) for name in florentine.layers}
    assert degree == {"marriage": 6, "business": 5}


def test_aggregate_weight_is_sum_over_layers(tiny):
    s, t, w, directed = lk.aggregate_ties(tiny, layer_weights={"production": 2.0})
    assert not directed
    got = {(tiny.organisations.index[a], tiny.organisations.index[b]): x
           for a, b, x in zip(s, t, w)}
    # A-B: production 10 (x2) + scientific 0.5; A-C: 4 (x2); A-U 1; B-U 2
    assert got == {("A", "B"): 20.5, ("A", "C"): 8.0, ("A", "U"): 1.0, ("B", "U"): 2.0}


def test_directed_aggregate_doubles_undirected_ties(tiny):
    g = lk.to_igraph(tiny, directed=True)
    assert g.is_directed()
    edges = {(g.vs[e.source]["name"], g.vs[e.target]["name"]): e["weight"] for e in g.es}
    assert edges[("B", "A")] == 10.5 and edges[("A", "B")] == 0.5
    assert edges[("U", "A")] == 1.0 and edges[("A", "U")] == 1.0


def test_multigraph_view_keeps_every_tie(tiny):
    g = lk.to_igraph(tiny, merge=False)
    assert g.ecount() == tiny.n_relations
    assert sorted(g.es["layer"]) == ["production"] * 2 + ["scientific"] * 3


def test_selection_by_attribute_and_territory(tiny):
    north = tiny.select(region="North")
    assert list(north.organisations.index) == ["A", "B", "U"]
    assert north.n_relations == 4   # C's supply tie is left out, and reported
    assert north.report.steps[-1]["dropped"] == {"ties with an end outside the selection": 1}
    box = tiny.within(bbox=(44.9, 8.9, 45.2, 9.15))
    assert list(box.organisations.index) == ["A", "B"]
    # 1 degree of latitude is 111.2 km on the mean Earth radius
    near = tiny.within(center=(45.0, 9.0), radius_km=112)
    assert "C" in near.organisations.index
    assert "C" not in tiny.within(center=(45.0, 9.0), radius_km=100).organisations.index


def test_with_layers(tiny):
    prod = tiny.with_layers("production")
    assert prod.layers == ("production",) and prod.n_relations == 2
    assert prod.n_organisations == 4


@pytest.mark.parametrize("bad, message", [
    (dict(directed={"sales": True}), "names layers that have no relations: ['sales']"),
    (dict(duplicates="merge"), "The 'duplicates' argument of MultilayerNetwork must be one of"),
])
def test_constructor_argument_errors(tiny, bad, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")
                       .replace("(", r"\(").replace(")", r"\)")):
        lk.MultilayerNetwork(tiny.organisations, tiny.relations, **bad)


def test_errors_name_unknown_ids_and_count(tiny):
    rels = pd.DataFrame({"source": ["B", "X1", "X2", "X1"], "target": ["A", "A", "A", "B"],
                         "layer": "production", "weight": 1.0})
    with pytest.raises(lk.InputError, match=r"references 2 organisations not in the "
                       r"organisations table \(3 rows\): \['X1', 'X2'\]"):
        lk.MultilayerNetwork(tiny.organisations, rels)


def test_duplicate_organisation_ids():
    orgs = pd.DataFrame(index=pd.Index(["A", "A", "B"], name="id"))
    rels = pd.DataFrame({"source": ["A"], "target": ["B"], "layer": "x", "weight": 1.0})
    with pytest.raises(lk.InputError, match=r"unique ids; found 1 duplicated ids: \['A'\]"):
        lk.MultilayerNetwork(orgs, rels)


@pytest.mark.parametrize("weights, message", [
    ([1.0, np.nan], r"must not hold missing values \(NaN\); found 1 at rows \[1\]"),
    ([1.0, -2.0], r"non-negative numbers; found 1 negative values at rows \[1\]"),
    ([1.0, "lots"], r"must hold numbers; 1 values are not numeric, e.g. \['lots'\]"),
])
def test_bad_weights(tiny, weights, message):
    rels = pd.DataFrame({"source": ["B", "C"], "target": ["A", "A"], "layer": "production",
                         "weight": weights})
    with pytest.raises(lk.InputError, match=message):
        lk.MultilayerNetwork(tiny.organisations, rels)


def test_duplicates_policies(tiny):
    rels = pd.DataFrame({"source": ["B", "B", "C", "A"], "target": ["A", "A", "A", "B"],
                         "layer": ["p", "p", "p", "s"], "weight": [1.0, 2.0, 5.0, 1.0]})
    with pytest.raises(lk.InputError, match="1 duplicate rows for the same"):
        lk.MultilayerNetwork(tiny.organisations, rels)
    for policy, expected in [("sum", 3.0), ("max", 2.0), ("first", 1.0)]:
        net = lk.MultilayerNetwork(tiny.organisations, rels, duplicates=policy)
        assert net.relations["weight"].tolist() == [expected, 5.0, 1.0]
        assert net.report.steps[-1]["rows_in"] == 4 and net.report.steps[-1]["rows_out"] == 3


def test_undirected_reverse_pairs_are_duplicates(tiny):
    rels = pd.DataFrame({"source": ["A", "B"], "target": ["B", "A"], "layer": "s",
                         "weight": [1.0, 2.0]})
    net = lk.MultilayerNetwork(tiny.organisations, rels, directed=False, duplicates="sum")
    assert net.relations[["source", "target", "weight"]].values.tolist() == [["A", "B", 3.0]]
    net = lk.MultilayerNetwork(tiny.organisations, rels, directed=True)
    assert net.n_relations == 2


def test_self_loops_policy(tiny):
    rels = pd.DataFrame({"source": ["A", "B"], "target": ["A", "A"], "layer": "p",
                         "weight": 1.0})
    with pytest.raises(lk.InputError, match="1 self-loops"):
        lk.MultilayerNetwork(tiny.organisations, rels, self_loops="error")
    dropped = lk.MultilayerNetwork(tiny.organisations, rels, self_loops="drop")
    assert dropped.n_relations == 1
    assert dropped.report.dropped == {"self-loops dropped (self_loops='drop')": 1}
    assert lk.MultilayerNetwork(tiny.organisations, rels).n_relations == 2


def test_unknown_layer_argument(tiny):
    with pytest.raises(lk.InputError, match=r"The 'layers' argument of to_igraph must be one "
                       r"of \['production', 'scientific'\]. Got 'sales' instead."):
        lk.to_igraph(tiny, layers="sales")


# -- added: summary values, views, selection errors, report ---------------------------------
def test_summary_values(tiny):
    s = tiny.summary()
    assert s.loc["production"].tolist() == [2, True, 3, 2 / 12, 14.0]
    assert s.loc["scientific"].tolist() == [3, False, 3, 3 / 6, 3.5]
    assert repr(tiny) == ("MultilayerNetwork(4 organisations, 5 relations in 2 layers: "
                          "production (2, directed), scientific (3))")


def test_networkx_merged_view_and_layer_weights(tiny):
    G = lk.to_networkx(tiny, layers="scientific")
    assert not G.is_directed() and G.number_of_edges() == 3
    assert G.nodes["U"] == {"name": "Uni", "type": "university", "region": "North",
                            "lat": 45.05, "lon": 9.2}
    D = lk.to_networkx(tiny, layer_weights={"production": 0.0})
    assert D["A"]["B"]["weight"] == 0.5 and D["A"]["C"]["weight"] == 0.0
    with pytest.raises(lk.InputError, match=r"The 'layer_weights' argument of to_networkx "
                       r"must map layers to finite non-negative numbers. Got -1 for "
                       r"'production' instead."):
        lk.to_networkx(tiny, layer_weights={"production": -1})
    with pytest.raises(TypeError, match=r"The 'layer_weights' argument of to_igraph must be a "
                       r"mapping of layer name to number. Got list instead."):
        lk.to_igraph(tiny, layer_weights=[1, 2])


def test_from_networkx_errors_and_layers():
    import networkx as nx
    with pytest.raises(TypeError, match=r"The 'G' argument of from_networkx must be a "
                       r"networkx graph. Got dict instead."):
        lk.from_networkx({})
    with pytest.raises(lk.InputError, match="The 'G' argument of from_networkx is empty"):
        lk.from_networkx(nx.Graph())
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="production", weight=2.0)
    G.add_edge("b", "c", layer="commercial")
    net = lk.from_networkx(G)
    assert net.layers == ("production", "commercial")
    assert net.relations["weight"].tolist() == [2.0, 1.0]


def test_subnetwork_and_selection_errors(tiny):
    with pytest.raises(lk.InputError, match=r"The 'organisations' argument of subnetwork "
                       r"references 1 ids not in the organisations table \(1 rows\): \['Z'\]"):
        tiny.subnetwork(["A", "Z"])
    with pytest.raises(lk.InputError, match=r"must be a mask of length 4. Got length 2"):
        tiny.subnetwork(np.array([True, False]))
    with pytest.raises(lk.InputError, match=r"The 'sector' criterion of select must be an "
                       r"organisation attribute, one of \['name', 'type', 'region', 'lat', "
                       r"'lon'\]. Got 'sector' instead."):
        tiny.select(sector="C25")
    assert list(tiny.select(type=["sme", "university"]).organisations.index) == ["B", "C", "U"]
    with pytest.raises(lk.InputError, match=r"within needs exactly one territory"):
        tiny.within()
    with pytest.raises(lk.InputError, match=r"The 'radius_km' argument of within must be a "
                       r"non-negative number when center is given. Got -1 instead."):
        tiny.within(center=(45.0, 9.0), radius_km=-1)
    with pytest.raises(lk.InputError, match=r"The 'layer' argument of layer_relations must "
                       r"be one of \['production', 'scientific'\]. Got 'sales' instead."):
        tiny.layer_relations("sales")
    with pytest.raises(lk.InputError, match=r"The 'layers' argument of with_layers must name "
                       r"at least one layer. Got an empty list instead."):
        tiny.with_layers([])


def test_within_counts_missing_coordinates(tiny):
    orgs = tiny.organisations.copy()
    orgs.loc["C", "lat"] = np.nan
    net = lk.MultilayerNetwork(orgs, tiny.relations)
    near = net.within(center=(45.0, 9.0), radius_km=500)
    assert "C" not in near.organisations.index
    assert near.report.notes[-1] == "1 organisations without coordinates left out by within"


def test_constructor_input_errors(tiny):
    rels = tiny.relations.drop(columns="weight")
    with pytest.raises(lk.InputError, match=r"The 'relations' argument of MultilayerNetwork "
                       r"must have the columns \['source', 'target', 'layer', 'weight'\]; "
                       r"missing \['weight'\]"):
        lk.MultilayerNetwork(tiny.organisations, rels)
    with pytest.raises(TypeError, match=r"The 'organisations' argument of MultilayerNetwork "
                       r"must be a pandas DataFrame. Got list instead."):
        lk.MultilayerNetwork(["A"], tiny.relations)
    rels = tiny.relations.astype({"layer": object})
    rels.loc[1, "layer"] = None
    with pytest.raises(lk.InputError, match="has 1 rows with no layer name"):
        lk.MultilayerNetwork(tiny.organisations, rels)
    rels = tiny.relations.astype({"target": object})
    rels.loc[[0, 2], "target"] = None
    with pytest.raises(lk.InputError, match=r"has 2 rows with no target organisation, at "
                       r"rows \[0, 2\]"):
        lk.MultilayerNetwork(tiny.organisations, rels)
    orgs = pd.DataFrame(index=pd.Index(["A", None], name="id"))
    with pytest.raises(lk.InputError, match="has 1 rows with no organisation id"):
        lk.MultilayerNetwork(orgs, tiny.relations.iloc[:0])


def test_report_frame_and_text(tiny):
    rels = pd.DataFrame({"source": ["A", "B", "B"], "target": ["A", "A", "A"], "layer": "p",
                         "weight": 1.0})
    net = lk.MultilayerNetwork(tiny.organisations, rels, self_loops="drop", duplicates="sum")
    frame = net.report.to_frame()
    assert frame.loc[0, ["rows_in", "rows_out", "dropped"]].tolist() == [3, 1, 2]
    assert str(net.report).splitlines()[1] == (
        "  relations: 3 rows in, 1 out; 1 dropped (self-loops dropped (self_loops='drop')); "
        "1 dropped (duplicate (source, target, layer) rows merged (duplicates='sum'))")


# -- read-only tables and the view cache ------------------------------------------------------
def test_editing_a_table_copy_leaves_the_network_unchanged(tiny):
    edited = tiny.relations
    edited.loc[0, "weight"] = 99.0
    assert tiny.relations.loc[0, "weight"] == 10.0
    assert lk.to_igraph(tiny, layers="production").es["weight"][0] == 10.0


def test_assigning_a_table_revalidates_and_refreshes_views(tiny):
    before = lk.to_igraph(tiny, layers="production")
    assert before.es["weight"] == [10.0, 4.0]
    assert len(tiny.views) == 1
    edited = tiny.relations
    edited.loc[0, "weight"] = 99.0
    tiny.relations = edited
    assert len(tiny.views) == 0
    after = lk.to_igraph(tiny, layers="production")
    assert after is not before and after.es["weight"] == [99.0, 4.0]
    assert tiny.report.steps[-1]["step"] == "relations replaced"
    assert tiny.layers == ("production", "scientific")
    assert tiny.directed == {"production": True, "scientific": False}


def test_assigning_a_bad_table_raises_and_keeps_the_network(tiny):
    edited = tiny.relations
    edited.loc[0, "source"] = "NOPE"
    with pytest.raises(lk.InputError, match="references 1 organisations not in the "
                                            "organisations table"):
        tiny.relations = edited
    assert tiny.relations.loc[0, "source"] == "B" and tiny.n_relations == 5


def test_assigning_organisations_keeps_relations_checked(tiny):
    orgs = tiny.organisations
    orgs["size"] = [300, 20, 15, 2000]
    tiny.organisations = orgs
    assert tiny.organisations["size"].tolist() == [300, 20, 15, 2000]
    with pytest.raises(lk.InputError, match="not in the organisations table"):
        tiny.organisations = orgs.drop(index="U")


def test_view_cache_is_bounded_and_can_be_cleared():
    example = lk.load_example()
    example.views.max_views = 2
    first = lk.to_igraph(example, layers="production")
    lk.to_igraph(example, layers="scientific")
    lk.to_igraph(example, layers="commercial")
    assert len(example.views) == 2
    assert lk.to_igraph(example, layers="production") is not first   # evicted, rebuilt
    example.views.clear()
    assert len(example.views) == 0


def test_unweighted_aggregate_counts_a_reciprocated_pair_once_per_layer():
    # A->B and B->A in one directed layer, the same pair in a second layer: the pair is
    # tied by two layers, so its unweighted weight is 2 (layer-weighted), not 3.
    orgs = pd.DataFrame(index=pd.Index(["A", "B", "C"], name="id"))
    rels = pd.DataFrame({"source": ["A", "B", "A", "B"], "target": ["B", "A", "B", "C"],
                         "layer": ["production", "production", "commercial", "production"],
                         "weight": [5.0, 7.0, 2.0, 1.0]})
    net = lk.MultilayerNetwork(orgs, rels, directed=True)

    def pairs(**options):
        s, t, w, _ = lk.aggregate_ties(net, **options)
        return {(net.organisations.index[a], net.organisations.index[b]): x
                for a, b, x in zip(s, t, w)}

    assert pairs(weighted=False, directed=False) == {("A", "B"): 2.0, ("B", "C"): 1.0}
    assert pairs(weighted=False, directed=False,
                 layer_weights={"production": 3.0, "commercial": 0.5}) == {
        ("A", "B"): 3.5, ("B", "C"): 3.0}
    assert pairs(weighted=False, directed=False, layers="production") == {
        ("A", "B"): 1.0, ("B", "C"): 1.0}
    # directed: each arc is its own tie; weighted: both arcs' flows add up
    assert pairs(weighted=False, directed=True) == {("A", "B"): 2.0, ("B", "A"): 1.0,
                                                    ("B", "C"): 1.0}
    assert pairs(weighted=True, directed=False) == {("A", "B"): 14.0, ("B", "C"): 1.0}
    g = lk.to_igraph(net, directed=False, weighted=False)
    assert sorted(g.es["weight"]) == [1.0, 2.0]


def test_symmetrised_arcs_are_reported_per_layer():
    # 'advice' (undirected by default) holds A->B, B->A, C->A, A->D, D->A: two reciprocal
    # pairs; 'friends' holds one row in reverse order, no reciprocal pair: no note.
    orgs = pd.DataFrame(index=pd.Index(list("ABCD"), name="id"))
    rels = pd.DataFrame({"source": list("ABCADD"), "target": list("BAADAC"),
                         "layer": ["advice"] * 5 + ["friends"], "weight": 1.0})
    net = lk.from_tables(orgs.reset_index(), rels)
    notes = [note for note in net.report.notes if "tied both ways" in note]
    assert len(notes) == 1
    assert notes[0].startswith("layer 'advice' is undirected but has 2 pairs tied both ways")
    assert "its 5 rows were symmetrised (3 with source and target swapped" in notes[0]
    assert "directed={'advice': True}" in notes[0]
    assert "tied both ways" in str(net.report)
    assert net.summary().loc["advice", "ties"] == 3
    # as directed arcs nothing is merged, and nothing is said
    kept = lk.from_tables(orgs.reset_index(), rels, directed={"advice": True})
    assert not [note for note in kept.report.notes if "tied both ways" in note]
    assert kept.summary().loc["advice", "ties"] == 5


def test_unknown_ids_of_both_ends_are_named_together():
    orgs = pd.DataFrame(index=pd.Index(["A", "B"], name="id"))
    rels = pd.DataFrame({"source": ["A", "X"], "target": ["Y", "B"], "layer": "p",
                         "weight": 1.0})
    with pytest.raises(lk.InputError, match=r"references 2 organisations .*\['X', 'Y'\]"):
        lk.MultilayerNetwork(orgs, rels)


# -- build fast paths (issue 17): same tables as the slow path -------------------------------
@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", "str"])
def test_swapped_undirected_rows_keep_ids_as_written(dtype):
    orgs = pd.DataFrame(index=pd.Index(["007", "A b", "Zé", "7"], name="id", dtype=dtype))
    rels = pd.DataFrame({"source": pd.array(["Zé", "007", "7", "A b"], dtype=dtype),
                         "target": pd.array(["007", "A b", "Zé", "Zé"], dtype=dtype),
                         "layer": ["scientific", "scientific", "production", "scientific"],
                         "weight": [1.0, 2.0, 3.0, 4.0]})
    net = lk.MultilayerNetwork(orgs, rels)
    out = net.relations
    assert out["source"].tolist() == ["007", "007", "7", "A b"]
    assert out["target"].tolist() == ["Zé", "A b", "Zé", "Zé"]
    s, t, _ = net.codes()
    ids = net.organisations.index
    assert ids.take(s).tolist() == out["source"].tolist()
    assert ids.take(t).tolist() == out["target"].tolist()



@pytest.mark.parametrize("index_dtype", ["str", "string[pyarrow]", object])
def test_swapped_arrow_ids_keep_their_dtype_and_text(index_dtype):
    # Arrow text ends are taken from the index by position when swapped: same text, the
    # relations' own dtype (pandas' 'string' with an index of the 'str' dtype, as Parquet
    # files read by pandas give them)
    orgs = pd.DataFrame({"id": pd.array(["b", "a", "Zé", "007"], dtype=index_dtype),
                         "type": pd.Categorical(["SME", None, "univ", "sme"])})
    rels = pd.DataFrame({"source": pd.array(["Zé", "a", "007", "Zé"], dtype="string[pyarrow]"),
                         "target": pd.array(["a", "b", "a", "007"], dtype="string[pyarrow]"),
                         "layer": pd.Categorical(["scientific", "production", "scientific",
                                                  "scientific"]),
                         "weight": [1.0, 2.0, 3.0, 4.0]})
    net = lk.from_tables(orgs.set_index("id"), rels)
    out = net.relations
    assert out["source"].dtype == rels["source"].dtype
    assert out["target"].dtype == rels["target"].dtype
    assert out["source"].tolist() == ["a", "a", "a", "Zé"]
    assert out["target"].tolist() == ["Zé", "b", "007", "007"]
    assert net.organisations["type"].tolist() == ["sme", None, "university", "sme"]
    assert net.organisations["type"].dtype == object

def test_duplicates_found_in_any_row_order():
    orgs = pd.DataFrame(index=pd.Index(list("ABCD"), name="id"))
    sorted_rows = pd.DataFrame({"source": list("AABC"), "target": list("BCCD"),
                                "layer": "production", "weight": 1.0})
    assert lk.MultilayerNetwork(orgs, sorted_rows).n_relations == 4        # no duplicates
    shuffled = pd.DataFrame({"source": list("CABAA"), "target": list("DCABC"),
                             "layer": "production", "weight": [1.0, 2.0, 3.0, 4.0, 5.0]})
    with pytest.raises(lk.InputError, match="1 duplicate rows"):
        lk.MultilayerNetwork(orgs, shuffled)
    merged = lk.MultilayerNetwork(orgs, shuffled, duplicates="sum")
    assert merged.n_relations == 4
    assert merged.relations["weight"].tolist() == [1.0, 7.0, 3.0, 4.0]
    # the same pair in two layers, or both ways in a directed layer, is no duplicate
    two = pd.DataFrame({"source": list("ABA"), "target": list("BAB"),
                        "layer": ["production", "production", "commercial"], "weight": 1.0})
    assert lk.MultilayerNetwork(orgs, two).n_relations == 3


def test_from_codes_gives_the_constructors_network_and_checks_the_codes():
    orgs = pd.DataFrame(index=pd.Index(["A", "B", "C"], name="id"))
    rels = pd.DataFrame({"source": ["B", "C", "C", "A"], "target": ["A", "B", "B", "C"],
                         "layer": ["production", "production", "production", "scientific"],
                         "weight": [1.0, 2.0, 3.0, 4.0]})
    s, t = end_positions(orgs.index, rels)
    fast = lk.MultilayerNetwork.from_codes(orgs, rels, s, t, duplicates="sum")
    slow = lk.MultilayerNetwork(orgs, rels, duplicates="sum")
    assert fast.relations.equals(slow.relations)
    assert all((a == b).all() for a, b in zip(fast.codes(), slow.codes()))
    assert fast.report == slow.report
    with pytest.raises(lk.InputError, match="'source_codes' argument of MultilayerNetwork."
                       "from_codes must be an integer array with one position per relation"):
        lk.MultilayerNetwork.from_codes(orgs, rels, s[:2], t)
    with pytest.raises(lk.InputError, match=r"must hold positions .* from -1 \(not found\) "
                       r"to 2. Got values from 0 to 7"):
        lk.MultilayerNetwork.from_codes(orgs, rels, s, np.array([0, 1, 7, 2]))
    # -1: looked up again; an id in the index takes its place, others are named
    again = lk.MultilayerNetwork.from_codes(orgs, rels, s, np.array([0, 1, 1, -1]),
                                            duplicates="sum")
    assert again.relations.equals(slow.relations)
    unknown = rels.assign(target=["A", "B", "B", "Z"])
    with pytest.raises(lk.InputError, match=r"references 1 organisations .*\['Z'\]"):
        lk.MultilayerNetwork.from_codes(orgs, unknown, s, np.array([0, 1, 1, -1]))


def test_duplicates_after_a_sorted_prefix_are_found():
    n = 1_500
    orgs = pd.DataFrame(index=pd.Index([f"O{i:04d}" for i in range(n)], name="id"))
    source = [f"O{i:04d}" for i in range(n - 1)] + ["O0000"]      # sorted, then a repeat
    target = [f"O{i + 1:04d}" for i in range(n - 1)] + ["O0001"]
    rels = pd.DataFrame({"source": source, "target": target, "layer": "production",
                         "weight": 1.0})
    with pytest.raises(lk.InputError, match="1 duplicate rows"):
        lk.MultilayerNetwork(orgs, rels)
    assert lk.MultilayerNetwork(orgs, rels.iloc[:-1]).n_relations == n - 1


def test_spaced_ids_are_refused_wherever_they_are():
    orgs = pd.DataFrame({"id": ["A", "B", "C"]})
    rels = pd.DataFrame({"source": ["A", "B "], "target": ["B", "C"], "layer": "p"})
    with pytest.raises(lk.InputError, match="Column 'source' has 1 ids with spaces around "
                       r"them, e.g. 'B ' at row \[1\] of relations"):
        lk.from_tables(orgs, rels)
    with pytest.raises(lk.InputError, match="Column 'source' has 1 ids with spaces"):
        lk.from_tables(orgs, rels, unknown_ids="drop")      # not dropped as unknown
    spaced = pd.DataFrame({"id": ["A", "B ", "C"]})          # found, as written in both
    with pytest.raises(lk.InputError, match="Column 'id' has 1 ids with spaces"):
        lk.from_tables(spaced, rels)
    net = lk.from_tables(spaced, rels, strip_ids=True)
    assert net.relations["source"].tolist() == ["A", "B"]


def test_categorical_types_read_as_the_column():
    kinds = ["SME", "univ", None, "Large Firm", "Spinoff", "SME"]
    orgs = pd.DataFrame({"id": list("ABCDEF"), "type": kinds})
    rels = pd.DataFrame({"source": ["A"], "target": ["B"], "layer": "p"})
    plain = lk.from_tables(orgs, rels)
    column = orgs["type"].astype("category")
    categorical = lk.from_tables(orgs.assign(type=column), rels)
    # read per category: what normalise_types gives the whole column
    expected = lk.normalise_types(column)[0].set_axis(categorical.organisations.index)
    assert categorical.organisations["type"].equals(expected)
    assert categorical.organisations["type"].tolist() == [
        "sme", "university", None, "large firm", "Spinoff", "sme"]
    assert categorical.report.notes == plain.report.notes


def test_duplicate_check_agrees_with_a_sort():
    # _has_duplicates (boolean entries at 32-bit positions) against np.unique of the keys
    rng = np.random.default_rng(17)
    for _ in range(200):
        n, m, n_layers = int(rng.integers(1, 40)), int(rng.integers(2, 150)), int(
            rng.integers(1, 4))
        src, tgt = rng.integers(0, n, m), rng.integers(0, n, m)
        lay = rng.integers(0, n_layers, m).astype(np.int8)
        key = (lay.astype(np.int64) * n + src) * n + tgt
        assert network._has_duplicates(src, tgt, lay, n) == (len(np.unique(key)) < m)
    same = np.zeros(1000, dtype=np.int64)       # 1,000 rows of one triple: never overflows
    assert network._has_duplicates(same, same + 1, np.zeros(1000, dtype=np.int8), 2)


def test_from_codes_leaves_the_callers_positions_unchanged():
    orgs = pd.DataFrame(index=pd.Index(["A", "B", "C"], name="id"))
    rels = pd.DataFrame({"source": ["C", "B"], "target": ["A", "C"], "layer": "scientific",
                         "weight": [1.0, 2.0]})
    s, t = end_positions(orgs.index, rels)
    given = (s.copy(), t.copy())
    net = lk.MultilayerNetwork.from_codes(orgs, rels, s, t)      # copy=True by default
    assert s.tolist() == given[0].tolist() and t.tolist() == given[1].tolist()
    assert [c.tolist() for c in net.codes()[:2]] == [[0, 1], [2, 2]]
    assert net.relations["source"].tolist() == ["A", "B"]
    owned = lk.MultilayerNetwork.from_codes(orgs, rels, s, t, copy=False)
    assert [c.tolist() for c in owned.codes()[:2]] == [[0, 1], [2, 2]]
