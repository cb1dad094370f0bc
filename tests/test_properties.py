"""Property tests of the data model (hypothesis): round trips keep everything, aggregates
add up over layers, and every relation row is either kept or counted as dropped."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linkages as lk

LAYERS = ["production", "scientific", "commercial", "custom"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def networks(draw, min_layers=1):
    n = draw(st.integers(2, 8))
    numeric_ids = draw(st.booleans())
    ids = list(range(10, 10 + n)) if numeric_ids else [f"org{i}" for i in range(n)]
    orgs = pd.DataFrame({
        "name": [f"Org {i}" for i in range(n)],
        "type": draw(st.lists(st.sampled_from(["sme", "large firm", "university"]),
                              min_size=n, max_size=n)),
        "size": draw(st.lists(st.integers(1, 5000), min_size=n, max_size=n)),
        "lat": draw(st.lists(st.floats(-60, 60), min_size=n, max_size=n)),
    }, index=pd.Index(ids, name="id"))
    layers = draw(st.lists(st.sampled_from(LAYERS), min_size=min_layers, max_size=4,
                           unique=True))
    directed = {name: draw(st.booleans()) for name in layers}
    m = draw(st.integers(0, 25))
    rows = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                   st.sampled_from(layers),
                                   st.floats(0, 100, allow_nan=False)),
                         min_size=m, max_size=m))
    rels = pd.DataFrame({"source": [ids[r[0]] for r in rows],
                         "target": [ids[r[1]] for r in rows],
                         "layer": pd.Categorical([r[2] for r in rows], categories=layers),
                         "weight": [r[3] for r in rows],
                         "contracts": np.arange(len(rows), dtype=np.int64)})
    return lk.MultilayerNetwork(orgs, rels, directed=directed, duplicates="first",
                                self_loops="keep")


def tie_set(relations):
    if relations.empty:     # no ties: extra columns have nothing to carry them
        return []
    return sorted((str(s), str(t), str(layer), round(float(w), 9), int(c))
                  for s, t, layer, w, c in relations[["source", "target", "layer", "weight",
                                                      "contracts"]].itertuples(index=False))


@SETTINGS
@given(networks())
def test_networkx_multigraph_round_trip_keeps_everything(net):
    back = lk.from_networkx(lk.to_networkx(net, multigraph=True))
    pd.testing.assert_frame_equal(back.organisations, net.organisations, check_dtype=False)
    assert back.layers == net.layers
    assert back.directed == net.directed
    assert tie_set(back.relations) == tie_set(net.relations)
    assert back.report.dropped == {}


@SETTINGS
@given(networks())
def test_igraph_view_keeps_every_organisation_tie_and_layer(net):
    def edges(g):
        return sorted((str(g.vs[e.source]["name"]), str(g.vs[e.target]["name"]), e["layer"],
                       round(e["weight"], 9)) for e in g.es)

    # a directed multigraph view: one edge per tie, as stored (undirected ones once)
    g = lk.to_igraph(net, merge=False, directed=True)
    assert g.vs["name"] == list(net.organisations.index)
    assert edges(g) == [row[:4] for row in tie_set(net.relations)]
    for name in net.layers:   # each layer alone, with its own directedness
        layer = lk.to_igraph(net, layers=name, merge=False)
        assert layer.is_directed() == net.directed[name]
        mine = [row[:4] for row in tie_set(net.layer_relations(name))]
        if not net.directed[name]:
            mine = sorted((*sorted(row[:2]), *row[2:]) for row in mine)
            assert sorted((*sorted(e[:2]), *e[2:]) for e in edges(layer)) == mine
        else:
            assert edges(layer) == mine
        assert lk.to_igraph(net, layers=name).ecount() == len(mine)


@SETTINGS
@given(networks(), st.data())
def test_aggregate_weight_is_sum_over_layers(net, data):
    layers = data.draw(st.lists(st.sampled_from(net.layers), min_size=1, unique=True))
    factors = {name: data.draw(st.sampled_from([0.0, 0.5, 1.0, 3.0])) for name in layers}
    directed = data.draw(st.sampled_from([None, True, False]))
    s, t, w, is_directed = lk.aggregate_ties(net, layers=layers, layer_weights=factors,
                                             directed=directed)
    if directed is None:
        assert is_directed == all(net.directed[name] for name in layers)
    # expected, from the relations table: per pair, sum over layers of factor * weight
    pos = net.organisations.index.get_indexer
    rel = net.relations[net.relations["layer"].isin(layers)]
    a, b = pos(rel["source"]), pos(rel["target"])
    value = rel["weight"].to_numpy() * rel["layer"].astype(str).map(factors).to_numpy()
    expected: dict[tuple[int, int], float] = {}
    for x, y, v, layer in zip(a, b, value, rel["layer"].astype(str)):
        if not is_directed:
            keys = [(min(x, y), max(x, y))]
        elif net.directed[layer] or x == y:
            keys = [(x, y)]
        else:                               # undirected tie in a directed aggregate
            keys = [(x, y), (y, x)]
        for key in keys:
            expected[key] = expected.get(key, 0.0) + v
    got = {(int(x), int(y)): float(v) for x, y, v in zip(s, t, w)}
    assert got.keys() == expected.keys()
    assert np.allclose([got[k] for k in expected], list(expected.values()))


@SETTINGS
@given(st.data())
def test_counts_in_equal_counts_out_plus_reported_drops(data):
    known = ["A", "B", "C", "D"]
    pool = known + ["X", "Y"]                      # X and Y are not organisations
    rows = data.draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(pool),
                                        st.sampled_from(["production", "scientific"]),
                                        st.integers(0, 9)), min_size=1, max_size=40))
    rels = pd.DataFrame(rows, columns=["source", "target", "layer", "weight"])
    orgs = pd.DataFrame({"id": known})
    net = lk.from_tables(orgs, rels, unknown_ids="drop", self_loops="drop", duplicates="sum")
    dropped = net.report.dropped
    assert len(rels) == net.n_relations + sum(dropped.values())
    # and each reason has the right count
    ok = rels["source"].isin(known) & rels["target"].isin(known)
    loops = ok & (rels["source"] == rels["target"])
    kept = rels[ok & ~loops]
    undirected = kept["layer"] == "scientific"
    lo = np.where(undirected, np.minimum(kept["source"], kept["target"]), kept["source"])
    hi = np.where(undirected, np.maximum(kept["source"], kept["target"]), kept["target"])
    unique = len(set(zip(lo, hi, kept["layer"])))
    assert dropped.get("relations with an end not in organisations (unknown_ids='drop')",
                       0) == int((~ok).sum())
    assert dropped.get("self-loops dropped (self_loops='drop')", 0) == int(loops.sum())
    assert dropped.get("duplicate (source, target, layer) rows merged (duplicates='sum')",
                       0) == len(kept) - unique
    assert net.n_relations == unique
    assert net.relations["weight"].sum() == kept["weight"].sum()   # merging keeps weight
