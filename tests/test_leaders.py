"""Leading firms and resilience: hand-worked values (profiles: tests/test_profiles.py)."""

import random
import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.analysis.leaders import DEFAULT_WEIGHTS


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


def _recovered(net, membership: pd.Series, leaders: pd.DataFrame) -> int:
    """Planted anchors ranked within the first k of their cluster, k = anchors there."""
    anchor = net.organisations["anchor"]
    per_cluster = anchor.groupby(membership).transform("sum")
    rank = leaders["rank"].reindex(net.organisations.index)
    return int(((rank <= per_cluster) & anchor).sum())


def test_planted_anchors_lead_their_planted_clusters(example):
    leaders = lk.leading_firms(example, "planted_cluster", top=None)
    membership = example.organisations["planted_cluster"]
    assert _recovered(example, membership, leaders) == 5           # 5 of 5
    # the anchor flag marks exactly the planted anchors
    flagged = set(leaders.index[leaders["anchor"]])
    assert flagged == set(example.organisations.index[example.organisations["anchor"]])
    assert set(leaders["type"]) == {"large firm", "sme"}           # firms only by default
    assert (leaders.groupby("cluster")["rank"].min() == 1).all()


def test_planted_anchors_lead_leiden_clusters(example):
    # clusters found by igraph Leiden directly (not linkages.clusters), unweighted modularity
    random.seed(0)
    part = lk.to_igraph(example, directed=False).community_leiden(
        objective_function="modularity", n_iterations=-1)
    membership = pd.Series(part.membership, index=example.organisations.index)
    leaders = lk.leading_firms(example, membership, top=None)
    assert _recovered(example, membership, leaders) == 5


@pytest.fixture
def district():
    """Cluster X: anchor L, SMEs S1-S4, university U; cluster Y: K, SME T1, institute R.

    production (supplier -> customer): S1->L, S2->L, S3->L, L->S4, S1->S2, T1->K, S4->K
    scientific: L-U, L-R, S1-U; commercial: K->L.
    """
    ids = ["L", "S1", "S2", "S3", "S4", "U", "K", "T1", "R"]
    orgs = pd.DataFrame({
        "name": [f"Org {i}" for i in ids],
        "type": ["large firm", "sme", "sme", "sme", "sme", "university", "large firm", "sme",
                 "research institute"],
        "size": [1000, 10, 20, 30, 40, 500, 800, 5, 300],
        "cluster": ["X"] * 6 + ["Y"] * 3}, index=pd.Index(ids, name="id"))
    prod = [("S1", "L"), ("S2", "L"), ("S3", "L"), ("L", "S4"), ("S1", "S2"), ("T1", "K"),
            ("S4", "K")]
    sci = [("L", "U"), ("L", "R"), ("S1", "U")]
    rels = pd.DataFrame(prod + sci + [("K", "L")], columns=["source", "target"])
    rels["layer"] = ["production"] * 7 + ["scientific"] * 3 + ["commercial"]
    rels["weight"] = [10.0, 20, 30, 5, 1, 7, 2, 1, 1, 1, 4]
    return lk.MultilayerNetwork(orgs, rels)


def test_measures_and_reason_by_hand(district):
    t = lk.leading_firms(district, "cluster", top=None)
    assert t.loc["L", ["sme_suppliers", "sme_customers", "sme_reach", "cluster_smes",
                       "research", "research_outside"]].tolist() == [3, 1, 4, 4, 2, 1]
    assert t.loc["L", "sme_share"] == 1.0
    assert t.loc["L", "reason"] == ("buys from 3 of the cluster's 4 SMEs; supplies 1 of its "
                                    "SMEs; R&D ties to 2 research organisations (1 outside "
                                    "the cluster); 1,000 employees")
    # S2 buys from S1 (the cluster has 3 other SMEs); S1 supplies S2, does R&D with U
    assert t.loc["S2", ["sme_suppliers", "sme_customers", "cluster_smes"]].tolist() == [1, 0, 3]
    assert t.loc["S2", "sme_share"] == pytest.approx(1 / 3)
    assert t.loc["S1", "reason"] == ("supplies 1 of its SMEs; R&D ties to 1 research "
                                     "organisation; 10 employees")
    # the cross-cluster tie S4->K does not count; K buys from T1, the only SME of Y
    assert t.loc["K", ["sme_suppliers", "cluster_smes", "sme_share"]].tolist() == [1, 1, 1.0]
    assert t.loc[["L", "K"], "anchor"].all() and not t["anchor"].drop(["L", "K"]).any()
    assert t.loc["L", ["cluster", "rank", "name"]].tolist() == ["X", 1, "Org L"]
    assert "U" not in t.index and "R" not in t.index                  # firms only


def test_score_is_the_documented_weighted_mean(district):
    t = lk.leading_firms(district, "cluster", top=None)
    c = lk.centrality(district, measures=["pagerank", "betweenness"], weighted=True)
    np.testing.assert_allclose(t["pagerank"], c.loc[t.index, "pagerank:production"])
    unweighted = lk.centrality(district, measures="betweenness")
    np.testing.assert_allclose(t["betweenness"], unweighted.loc[t.index, "betweenness:aggregate"])
    parts = pd.DataFrame({"sme_reach": t["sme_share"], "pagerank": t["pagerank"],
                          "research": t["research"], "betweenness": t["betweenness"],
                          "size": np.log1p(t["size"])})
    scaled = parts / parts.groupby(t["cluster"]).transform("max").replace(0, np.inf)
    want = sum(w * scaled[k] for k, w in DEFAULT_WEIGHTS.items()) / sum(DEFAULT_WEIGHTS.values())
    np.testing.assert_allclose(t["score"], want)
    assert t["rank"].tolist() == [1, 2, 3, 4, 5, 1, 2]


def test_user_weights_anchor_share_and_all_types(district):
    t = lk.leading_firms(district, "cluster", weights={"sme_reach": 1}, top=3)
    # X: L (share 1) then S1, S2 (1/3 each, organisations' order); Y: K then T1
    assert t.index.tolist() == ["L", "S1", "S2", "K", "T1"]
    np.testing.assert_allclose(t["score"], [1, 1 / 3, 1 / 3, 1, 0])
    everyone = lk.leading_firms(district, "cluster", top=None, firms_only=False,
                                weights={"research": 1})
    assert everyone.query("cluster == 'X'").index[0] == "L"             # 2 research ties
    assert {"U", "R"} <= set(everyone.index)
    assert everyone.loc["U", "reason"] == "500 employees"   # its partners are not research
    assert not lk.leading_firms(district, "cluster", anchor_share=1.0)["anchor"].drop(
        ["L", "K"]).any()


def test_sampled_betweenness_is_seeded(example):
    a = lk.leading_firms(example, "planted_cluster", betweenness_samples=50, seed=1)
    pd.testing.assert_frame_equal(a, lk.leading_firms(example, "planted_cluster",
                                                      betweenness_samples=50, seed=1))


@pytest.mark.parametrize("kwargs, message", [
    ({"weights": {"fame": 1}}, "The 'weights' argument of leading_firms must be one of "
                               "['betweenness', 'pagerank', 'research', 'size', 'sme_reach']. "
                               "Got 'fame' instead."),
    ({"weights": {"size": -1}}, "must map measures to finite non-negative numbers. Got -1 for "
                                "'size' instead."),
    ({"weights": {"size": 0}}, "must give some measure a positive weight"),
    ({"top": 0}, "The 'top' argument of leading_firms must be a positive integer or None."),
    ({"anchor_share": 2}, "The 'anchor_share' argument of leading_firms must be in [0, 1]."),
    ({"production": None}, "gives ['sme_reach', 'pagerank'] a weight but production=None"),
    ({"science": "sales"}, "The 'science' argument of leading_firms must be one of "
                           "['commercial', 'production', 'scientific']. Got 'sales' instead."),
    ({"size": None}, "gives 'size' a weight but size=None"),
])
def test_leading_firms_errors(district, kwargs, message):
    with pytest.raises(lk.InputError, match=re.escape(message)):
        lk.leading_firms(district, "cluster", **kwargs)


def test_leading_firms_input_errors(district):
    with pytest.raises(TypeError, match="The 'weights' argument of leading_firms must be a "
                                        "mapping"):
        lk.leading_firms(district, "cluster", weights=[1, 2])
    with pytest.raises(lk.InputError, match="The 'clusters' argument of leading_firms must be "
                                            "a cluster membership or an organisation attribute"):
        lk.leading_firms(district, "industry")
    net = lk.MultilayerNetwork(district.organisations.drop(columns="type"), district.relations)
    with pytest.raises(lk.InputError, match=re.escape("must have the columns ['type']")):
        lk.leading_firms(net, "cluster")


# -- a star and a clique (profiles use it too: tests/test_profiles.py) -------------------
@pytest.fixture
def star_and_clique():
    """Cluster 0: a star, H buys from 4 SMEs; cluster 1: a scientific 4-clique; Z in none.

    Z -> H (production) and a2 -> c1 (commercial) cross the cluster boundary.
    """
    ids = ["H", "a1", "a2", "a3", "a4", "c1", "c2", "c3", "c4", "Z"]
    orgs = pd.DataFrame({
        "type": ["large firm"] + ["sme"] * 4 + ["sme", "sme", "university", "public body",
                                                 "intermediary"],
        "region": ["N", "N", "N", "S", "S", "E", "E", "E", "E", "N"],
        "lat": [45, 45, np.nan, 45, 45, 0, 0, 0, 0, 45],
        "lon": [9, 9, np.nan, 9, 9, 0, 2, 0, 2, 9]}, index=pd.Index(ids, name="id"))
    rels = [("a1", "H", "production"), ("a2", "H", "production"), ("a3", "H", "production"),
            ("a4", "H", "production"), ("Z", "H", "production"), ("a2", "c1", "commercial")]
    rels += [(u, v, "scientific") for i, u in enumerate(ids[5:9]) for v in ids[6 + i:9]]
    rels = pd.DataFrame(rels, columns=["source", "target", "layer"]).assign(weight=1.0)
    net = lk.MultilayerNetwork(orgs, rels)
    membership = pd.Series([0] * 5 + [1] * 4 + [-1], index=orgs.index)
    return net, membership


# -- resilience ---------------------------------------------------------------------------------
def test_resilience_of_a_star(star_and_clique):
    net, membership = star_and_clique
    r = lk.resilience(net, membership, ["H", "a1"])
    hub = r.loc[("H", "production")]
    assert hub[["cluster", "members", "lcc_before", "lcc_after", "lcc_change",
                "disconnected"]].tolist() == [0, 5, 5, 1, -4, 4]
    assert hub["disconnected_share"] == 1.0
    leaf = r.loc[("a1", "production")]
    assert leaf[["lcc_before", "lcc_after", "lcc_change", "disconnected"]].tolist() == [
        5, 4, -1, 0]
    # no ties inside the star in the scientific layer: nobody had a path to lose
    assert r.loc[("H", "scientific"), ["lcc_before", "disconnected"]].tolist() == [1, 0]
    assert r.loc[("H", "aggregate"), "disconnected"] == 4
    assert r.index.get_level_values("layer").unique().tolist() == [
        "production", "commercial", "scientific", "aggregate"]


def test_resilience_of_a_path():
    # a - b - c - d - e; removing c leaves {a, b} and {d, e}: 2 of 4 lose the largest part
    orgs = pd.DataFrame(index=pd.Index(list("abcde"), name="id"))
    rels = pd.DataFrame({"source": list("abcd"), "target": list("bcde"), "layer": "s",
                         "weight": 1.0})
    net = lk.MultilayerNetwork(orgs, rels)
    r = lk.resilience(net, [0] * 5, ["c"])
    assert r.loc[("c", "s"), ["lcc_before", "lcc_after", "disconnected"]].tolist() == [5, 2, 2]
    assert r.loc[("c", "s"), "disconnected_share"] == 0.5


def test_resilience_default_removes_each_clusters_leader(example):
    r = lk.resilience(example, "planted_cluster", layers="production")
    leaders = lk.leading_firms(example, "planted_cluster", top=1)
    assert r.index.get_level_values("id").tolist() == leaders.index.tolist()
    assert (r["lcc_change"] < 0).all()


def test_resilience_errors(star_and_clique):
    net, membership = star_and_clique
    with pytest.raises(lk.InputError, match="organisations in no cluster: \\['Z'\\]"):
        lk.resilience(net, membership, ["Z"])
    with pytest.raises(lk.InputError, match="The 'organisations' argument of resilience "
                                            "references 1 organisations not in the "):
        lk.resilience(net, membership, ["nobody"])


def test_betweenness_samples_argument():
    net = lk.load_example()
    clusters = net.organisations["planted_cluster"]
    with pytest.raises(lk.InputError, match=r"The 'betweenness_samples' argument of "
                       r"leading_firms must be a positive integer, 'auto' or None. Got 0"):
        lk.leading_firms(net, clusters, betweenness_samples=0)
    # weighted out of the score: not computed at all
    no_between = lk.leading_firms(net, clusters, weights={**DEFAULT_WEIGHTS, "betweenness": 0})
    assert (no_between["betweenness"] == 0).all()
    # 'auto' is exact on small networks
    exact = lk.leading_firms(net, clusters, betweenness_samples=None)
    auto = lk.leading_firms(net, clusters)
    assert np.allclose(exact["betweenness"], auto["betweenness"])
