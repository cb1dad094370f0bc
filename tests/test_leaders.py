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
    ({"production": None, "weights": {"sme_reach": 1, "pagerank": 1}},
     "gives ['sme_reach', 'pagerank'] a weight, but they cannot be computed (sme_reach: "
     "production=None; pagerank: production=None); set their weights to 0"),
    ({"science": "sales"}, "The 'science' argument of leading_firms must be one of "
                           "['commercial', 'production', 'scientific']. Got 'sales' instead."),
    ({"size": None, "weights": {"size": 1}}, "gives ['size'] a weight, but they cannot be "
                                             "computed (size: size=None)"),
    ({"type": None, "weights": {"research": 1}}, "gives ['research'] a weight, but they cannot "
                                                 "be computed (research: no organisation "
                                                 "types)"),
    ({"type": "kind"}, "The 'net.organisations' argument of leading_firms must have the "
                       "columns ['kind']"),
    ({"size": "staff"}, "must have the columns ['staff']"),
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


# -- types: optional, as written, of unknown size -----------------------------------------------
def test_without_a_type_column_every_organisation_is_ranked(district):
    orgs = district.organisations.drop(columns="type")
    net = lk.MultilayerNetwork(orgs, district.relations)
    t = lk.leading_firms(net, "cluster", top=None)
    assert set(t.index) == set(orgs.index)                     # U and R too: no firm filter
    assert "type" not in t.columns and not t["anchor"].any()
    assert t.attrs["notes"] == [
        "no 'type' column: every organisation is ranked (not only firms), no anchor is flagged",
        "left out of the score: sme_reach (no organisation types); research (no organisation "
        "types); the other weights renormalised: pagerank 0.444, betweenness 0.222, size 0.333"]
    assert t.attrs["weights"] == pytest.approx({"sme_reach": 0, "pagerank": 0.2 / 0.45,
                                                "research": 0, "betweenness": 0.1 / 0.45,
                                                "size": 0.15 / 0.45})
    assert (t[["sme_reach", "research"]] == 0).all().all()
    # the score is the weighted mean of the three measures it could compute
    parts = pd.DataFrame({"pagerank": t["pagerank"], "betweenness": t["betweenness"],
                          "size": np.log1p(t["size"])})
    scaled = parts / parts.groupby(t["cluster"]).transform("max").replace(0, np.inf)
    np.testing.assert_allclose(t["score"], (0.2 * scaled["pagerank"] + 0.1 * scaled[
        "betweenness"] + 0.15 * scaled["size"]) / 0.45)
    assert t.loc["L", "rank"] == 1 and t.loc["L", "reason"] == "1,000 employees"
    # type=None does the same; the default resilience needs no types either
    pd.testing.assert_frame_equal(lk.leading_firms(district, "cluster", top=None, type=None)
                                  .drop(columns="type", errors="ignore"), t)
    assert lk.resilience(net, "cluster", layers="production").index.get_level_values(
        "id").tolist() == ["L", "K"]


def test_measures_it_cannot_compute_are_left_out_and_said(district):
    orgs = district.organisations.drop(columns="size")
    rels = district.relations[district.relations["layer"] != "scientific"]
    net = lk.MultilayerNetwork(orgs, rels.assign(layer=rels["layer"].astype(str)))
    assert net.layers == ("production", "commercial")
    t = lk.leading_firms(net, "cluster", top=None)
    assert t.attrs["notes"] == [
        "left out of the score: research (no 'scientific' layer); size (no 'size' column); "
        "the other weights renormalised: sme_reach 0.571, pagerank 0.286, betweenness 0.143"]
    assert t["size"].isna().all() and t.loc["L", "anchor"]
    assert t.loc["L", "reason"] == "buys from 3 of the cluster's 4 SMEs; supplies 1 of its SMEs"
    # the same with production=None: its measures are left out too
    t = lk.leading_firms(district, "cluster", production=None, top=None)
    assert t.attrs["notes"][0].startswith("left out of the score: sme_reach (production=None); "
                                          "pagerank (production=None); the other weights")
    assert not t["anchor"].any()
    assert t.attrs["notes"][-1].startswith("no production layer: no anchor is flagged")


def test_a_missing_employee_count_leaves_size_out_of_that_score(district):
    orgs = district.organisations.copy()
    orgs.loc["S3", "size"] = np.nan
    net = lk.MultilayerNetwork(orgs, district.relations)
    t = lk.leading_firms(net, "cluster", top=None)
    full = lk.leading_firms(district, "cluster", top=None)
    assert pd.isna(t.loc["S3", "size"])
    assert t.loc["S3", "reason"] == "no employee count (size left out of the score)"
    assert "1 ranked organisations have no employee count in 'size'" in t.attrs["notes"][0]
    # S3's score is its other measures' weighted mean: 0.85 of the weights
    parts = pd.DataFrame({"sme_reach": t["sme_share"], "pagerank": t["pagerank"],
                          "research": t["research"], "betweenness": t["betweenness"]})
    scaled = parts / parts.groupby(t["cluster"]).transform("max").replace(0, np.inf)
    want = sum(DEFAULT_WEIGHTS[k] * scaled.loc["S3", k] for k in parts) / 0.85
    assert t.loc["S3", "score"] == pytest.approx(want)
    assert t.drop(index="S3")["score"].tolist() == pytest.approx(
        full.drop(index="S3")["score"].tolist())


def test_types_as_written_give_the_same_leaders(district):
    written = {"large firm": "Large Firm", "sme": "SME", "university": "univ",
               "research institute": "Research Centre"}
    orgs = district.organisations.assign(type=district.organisations["type"].map(written))
    net = lk.MultilayerNetwork(orgs, district.relations)
    t = lk.leading_firms(net, "cluster", top=None)
    want = lk.leading_firms(district, "cluster", top=None)
    pd.testing.assert_frame_equal(t, want, check_dtype=False)
    assert t.attrs["notes"] == [
        "types recoded: 5 'SME' read as 'sme' (case or spacing); 2 'Large Firm' read as "
        "'large firm' (case or spacing); 1 'Research Centre' read as 'research institute' "
        "(synonym); 1 'univ' read as 'university' (synonym)"]


@pytest.fixture
def cordis():
    """CORDIS-like records: cluster P has only PRC firms (size unknown) and a university;
    cluster Q mixes a large firm, two SMEs, a PRC firm and a research organisation.

    production: P2->P1, P3->P1, P4->P1, P1->P5, S1->L, S2->F, S1->F;
    scientific: P1-U, P2-U, F-R. No size column.
    """
    ids = ["P1", "P2", "P3", "P4", "P5", "U", "L", "S1", "S2", "F", "R", "G", "O"]
    orgs = pd.DataFrame({"id": ids, "type": ["PRC"] * 5 + ["HES", "Large Firm", "SME", "SME",
                                                          "PRC", "REC", "PUB", "OTH"],
                         "cluster": ["P"] * 6 + ["Q"] * 5 + ["P", "Q"]})
    prod = [("P2", "P1"), ("P3", "P1"), ("P4", "P1"), ("P1", "P5"), ("S1", "L"), ("S2", "F"),
            ("S1", "F")]
    sci = [("P1", "U"), ("P2", "U"), ("F", "R")]
    rels = pd.DataFrame(prod + sci, columns=["source", "target"])
    rels["layer"] = ["production"] * 7 + ["scientific"] * 3
    return lk.from_tables(orgs, rels)


def test_firms_of_unknown_size_lead_and_anchor(cordis):
    assert cordis.organisations["type"].tolist() == (
        ["firm"] * 5 + ["university", "large firm", "sme", "sme", "firm", "research institute",
                        "public body", "other"])
    t = lk.leading_firms(cordis, "cluster", top=None, anchor_share=0.5)
    assert t.index.tolist() == ["P1", "P5", "P2", "P3", "P4", "F", "L", "S1", "S2"]  # firms
    # P: no size class at all, so reach counts firms: P1 is tied to all 4 other firms
    assert t.loc["P1", ["sme_reach", "cluster_smes", "sme_share"]].tolist() == [4, 4, 1.0]
    assert t.loc["P1", "reason"] == (
        "buys from 3 of the cluster's 4 firms; supplies 1 of its firms; R&D ties to 1 research "
        "organisation; size class unknown (size left out of the score)")
    # Q has SMEs: reach counts SMEs, and the firm of unknown size F reaches both of them
    assert t.loc["F", ["rank", "sme_reach", "cluster_smes"]].tolist() == [1, 2, 2]
    assert t.loc["F", "reason"] == (
        "buys from 2 of the cluster's 2 SMEs; R&D ties to 1 research organisation; size class "
        "unknown (size left out of the score)")
    assert t.index[t["anchor"]].tolist() == ["P1", "F", "L"]    # SMEs are never anchors
    assert t.loc[t["rank"] == 1].index.tolist() == ["P1", "F"]
    assert t.attrs["notes"] == [
        "left out of the score: size (no 'size' column); the other weights renormalised: "
        "sme_reach 0.471, pagerank 0.235, research 0.176, betweenness 0.118",
        "1 of 2 clusters have no member with a size class (no SME, no large firm): there "
        "sme_reach, cluster_smes and sme_share count ties to firms of any size instead of SMEs",
        "6 ranked firms have an unknown size class ('firm'): ranked among firms, anchors when "
        "their production ties reach anchor_share, 'size class unknown' in their reason"]


def test_unrecognised_types_are_named_and_no_recognised_type_ranks_everyone(district):
    orgs = district.organisations.assign(type="Widget maker")
    t = lk.leading_firms(lk.MultilayerNetwork(orgs, district.relations), "cluster", top=None)
    assert len(t) == 9 and "type" not in t.columns
    assert t.attrs["notes"][:2] == [
        "types not recognised (kept as written; map them with type_map): 'Widget maker' (9)",
        "no organisation has a recognised type in 'type': every organisation is ranked (not "
        "only firms), no anchor is flagged"]


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


def test_large_network_paths_give_the_igraph_scores(example, monkeypatch):
    """Above EXACT_BETWEENNESS_MAX leaders compute PageRank and sampled betweenness from
    the merged ties, without igraph views: the same scores and leaders as through igraph."""
    from linkages.analysis import leaders as module
    from linkages.measures.centrality import betweenness

    net, clusters = example, "planted_cluster"
    before = lk.leading_firms(net, clusters, top=None, betweenness_samples=40, seed=3)
    monkeypatch.setattr(module, "EXACT_BETWEENNESS_MAX", 10)
    net.views.clear()
    after = lk.leading_firms(net, clusters, top=None, betweenness_samples=40, seed=3)
    assert not any(key[1] == ("production",) for key in net.views.keys())
    pd.testing.assert_frame_equal(after.drop(columns=["score", "pagerank"]),
                                  before.drop(columns=["score", "pagerank"]))
    np.testing.assert_allclose(after["pagerank"], before["pagerank"], atol=1e-10)
    np.testing.assert_allclose(after["score"], before["score"], atol=1e-9)
    expected = betweenness(lk.to_igraph(net, weighted=False), samples=40, seed=3)
    got = after["betweenness"].reindex(net.organisations.index).to_numpy()
    ranked = ~np.isnan(got)
    assert ranked.sum() > 100
    np.testing.assert_allclose(got[ranked], expected[ranked], atol=1e-12)
