"""Leading firms, cluster profiles, resilience and location quotients: hand-worked values."""

import random
import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.analysis.leaders import DEFAULT_WEIGHTS

KM_PER_DEGREE = 6371.0088 * np.pi / 180   # along the equator


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


# -- profiles -------------------------------------------------------------------------------
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


def test_profile_by_hand(star_and_clique):
    net, membership = star_and_clique
    p = lk.profile_clusters(net, membership)
    assert p.index.tolist() == [0, 1] and p["size"].tolist() == [5, 4]
    assert p.loc[0, ["share_sme", "share_large_firm"]].tolist() == [0.8, 0.2]
    assert p.loc[1, ["share_sme", "share_university", "share_public_body"]].tolist() == [
        0.5, 0.25, 0.25]
    assert p["helix"].tolist() == [1, 3] and p["triple_helix"].tolist() == [False, True]
    # production: star has 4 ties inside, 1 from Z outside; clique none
    assert p.loc[0, ["ties:production", "density:production"]].tolist() == [4, 4 / 20]
    assert p.loc[0, "ei:production"] == pytest.approx((1 - 4) / 5)
    assert np.isnan(p.loc[1, "ei:production"])
    assert p.loc[1, ["ties:scientific", "density:scientific"]].tolist() == [6, 1.0]
    assert p.loc[0, "ei:commercial"] == 1 and p.loc[1, "ei:commercial"] == 1
    # all layers: star I = 4, E = 2; clique I = 6, E = 1
    np.testing.assert_allclose(p["ei_index"], [(2 - 4) / 6, (1 - 6) / 7])
    assert p.loc[0, ["dominant_region", "region_share"]].tolist() == ["N", 0.6]
    assert p.loc[1, ["dominant_region", "region_share"]].tolist() == ["E", 1.0]
    # star members with coordinates all sit at one point; clique: 1 degree from the centroid
    assert p.loc[0, "spread_km"] == pytest.approx(0, abs=1e-9)
    assert p.loc[1, "spread_km"] == pytest.approx(KM_PER_DEGREE)
    # star: degrees 4,1,1,1,1 -> (5*4 - 8) / (4*3) = 1; clique: all 3 -> 0
    np.testing.assert_allclose(p["centralisation"], [1.0, 0.0])
    np.testing.assert_allclose(p["density"], [0.4, 1.0])
    assert p["structure"].tolist() == ["hub-and-spoke", "Marshallian"]


def test_profile_thresholds_and_attribute_grouping(star_and_clique, example):
    net, membership = star_and_clique
    p = lk.profile_clusters(net, membership, hub_threshold=1.0, dense_threshold=1.0)
    assert p["structure"].tolist() == ["hub-and-spoke", "Marshallian"]
    p = lk.profile_clusters(net, membership, flat_threshold=0.0)
    assert p["structure"].tolist() == ["hub-and-spoke", "mixed"]
    by_region = lk.profile_clusters(example, "region", region=None, lat=None)
    assert by_region.index.name == "region" and by_region["size"].sum() == 300
    assert "dominant_region" not in by_region and "spread_km" not in by_region
    with pytest.raises(lk.InputError, match=re.escape(
            "The 'hub_threshold' argument of profile_clusters must be in [0, 1]. Got 2 instead.")):
        lk.profile_clusters(net, membership, hub_threshold=2)


def test_planted_clusters_are_hub_and_spoke(example):
    p = lk.profile_clusters(example, "planted_cluster")
    assert (p["structure"] == "hub-and-spoke").all()
    assert (p["ei_index"] < 0).all() and (p["region_share"] > 0.8).all()


# -- location quotient ------------------------------------------------------------------------
def test_location_quotient_by_hand():
    # R1: A A A B; R2: A B B B; one organisation with no sector
    orgs = pd.DataFrame({"sector": list("AAAB") + list("ABBB") + [None],
                         "region": ["R1"] * 4 + ["R2"] * 5,
                         "size": [10, 10, 10, 70, 50, 10, 10, 30, 99]},
                        index=pd.Index(range(9), name="id"))
    rels = pd.DataFrame({"source": [0], "target": [1], "layer": ["x"], "weight": [1.0]})
    net = lk.MultilayerNetwork(orgs, rels)
    lq = lk.location_quotient(net)
    # LQ(R1, A) = (3/4) / (4/8) = 1.5; LQ(R1, B) = (1/4) / (4/8) = 0.5
    assert lq.to_numpy().tolist() == [[1.5, 0.5], [0.5, 1.5]]
    assert lq.attrs["left_out"] == 1
    # employees: R1 = 100 (A 30, B 70), R2 = 100 (A 50, B 50); A = 80, B = 120, e = 200
    lq = lk.location_quotient(net, weight="size")
    np.testing.assert_allclose(lq.to_numpy(), [[(30 / 100) / (80 / 200), (70 / 100) / (120 / 200)],
                                               [(50 / 100) / (80 / 200), (50 / 100) / (120 / 200)]])
    with pytest.raises(lk.InputError, match=re.escape("must have the columns ['sector', "
                                                      "'region', 'staff']")):
        lk.location_quotient(net, weight="staff")


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
