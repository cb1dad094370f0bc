"""Themes carried onto clusters: a planted recovery and location quotients by hand."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


def planted_records(net, membership: pd.Series, *, own: float = 0.6, seed: int = 3):
    """Participations whose programme part is the cluster's own with probability ``own``.

    Cluster c owns part 'SC{c}'; the other records draw any of the parts at random, so every
    part appears in every cluster and only the planted ownership sets them apart.
    """
    rng = np.random.default_rng(seed)
    parts = [f"SC{c}" for c in sorted(membership.unique())]
    rows = []
    for org, cluster in membership.items():
        for i in range(int(rng.integers(2, 6))):
            part = f"SC{cluster}" if rng.random() < own else parts[rng.integers(len(parts))]
            rows.append((org, f"P{org}-{i}", part))
    return pd.DataFrame(rows, columns=["organisation", "project", "programme_part"])


def test_planted_programme_parts_are_recovered(example):
    planted = example.organisations["planted_cluster"]
    records = planted_records(example, planted)
    top = lk.cluster_themes(example, "planted_cluster", "programme_part", records=records,
                            top=1)
    assert top["theme"].tolist() == [f"SC{c}" for c in top["cluster"]]
    assert (top["lq"] > 1.5).all() and (top["rank"] == 1).all()
    by_lq = lk.cluster_themes(example, "planted_cluster", "programme_part", records=records,
                              top=1, by="lq")
    assert by_lq["theme"].tolist() == top["theme"].tolist()
    # found clusters: each carries the part of the planted cluster most of its members are in
    found = lk.find_clusters(example, seed=1)
    top = lk.cluster_themes(example, found, "programme_part", records=records, top=1)
    majority = planted.groupby(found.membership).agg(lambda s: s.mode().iloc[0])
    big = found.membership.value_counts()
    big = big[big >= 20].index
    assert len(big) >= 4
    assert top.set_index("cluster").loc[sorted(big), "theme"].tolist() == [
        f"SC{majority[c]}" for c in sorted(big)]


def test_location_quotients_by_hand():
    # clusters: 0 = {a, b}, 1 = {c}, d in none; records: a: X X Y, b: X, c: Y Y, d: Y Z
    orgs = pd.DataFrame({"type": ["sme"] * 4}, index=pd.Index(list("abcd"), name="id"))
    rels = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["x"], "weight": [1.0]})
    net = lk.MultilayerNetwork(orgs, rels)
    membership = pd.Series([0, 0, 1, -1], index=orgs.index)
    records = pd.DataFrame({"organisation": list("aaabccddz") + ["a"],
                            "theme": list("XXYXYYYZX") + [None]})
    t = lk.cluster_themes(net, membership, "theme", records=records, top=None)
    # network (z is not in it, a's record without a theme is left out):
    # X 3, Y 4, Z 1 of 8. Cluster 0: X 3, Y 1 of 4; cluster 1: Y 2 of 2
    assert t[["cluster", "theme", "count", "rank"]].values.tolist() == [
        [0, "X", 3, 1], [0, "Y", 1, 2], [1, "Y", 2, 1]]
    np.testing.assert_allclose(t["share"], [3 / 4, 1 / 4, 1.0])
    np.testing.assert_allclose(t["lq"], [(3 / 4) / (3 / 8), (1 / 4) / (4 / 8), 1 / (4 / 8)])
    assert t.attrs == {"theme": "theme", "counted": "records", "missing": 1,
                       "outside_network": 1, "notes": []}
    # by lq the order within cluster 0 is the same here; top=1 keeps the first
    assert lk.cluster_themes(net, membership, "theme", records=records,
                             top=1)["theme"].tolist() == ["X", "Y"]


def test_organisation_themes_match_location_quotient(example):
    """Sectors in regions through cluster_themes equal location_quotient: one computation."""
    t = lk.cluster_themes(example, "region", "sector", top=None)
    lq = lk.location_quotient(example)
    for _, row in t.iterrows():
        assert row["lq"] == pytest.approx(lq.loc[row["cluster"], row["theme"]])
    assert t.attrs["counted"] == "members"
    counts = example.organisations.groupby(["region", "sector"]).size()
    assert t.set_index(["cluster", "theme"])["count"].sort_index().tolist() == \
        counts.sort_index().tolist()


def test_ranking_ties_and_top(example):
    t = lk.cluster_themes(example, "planted_cluster", "sector", top=None)
    assert (t.groupby("cluster")["rank"].apply(lambda r: r.tolist() == list(
        range(1, len(r) + 1)))).all()
    shares = t.groupby("cluster")["share"].apply(lambda s: s.is_monotonic_decreasing)
    assert shares.all()
    np.testing.assert_allclose(t.groupby("cluster")["share"].sum(), 1.0)
    assert t.groupby("cluster").size().max() > 2
    assert (lk.cluster_themes(example, "planted_cluster", "sector", top=2)
            .groupby("cluster").size() == 2).all()


def test_clusters_without_themes_are_noted():
    orgs = pd.DataFrame({"sector": ["A", "A", None]}, index=pd.Index(list("abc"), name="id"))
    rels = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["x"], "weight": [1.0]})
    net = lk.MultilayerNetwork(orgs, rels)
    t = lk.cluster_themes(net, pd.Series([0, 0, 1], index=orgs.index), "sector")
    assert t["cluster"].tolist() == [0]
    assert t.attrs["missing"] == 1
    assert t.attrs["notes"] == ["1 cluster has no members with a 'sector': 1"]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"theme": "programme"}, lk.InputError, "The 'net.organisations' argument of "
     "cluster_themes must have the columns ['programme']"),
    ({"theme": "part", "records": pd.DataFrame({"org": ["O00000"], "part": ["x"]})},
     lk.InputError, "The 'records' argument of cluster_themes must have the columns "
     "['organisation', 'part']"),
    ({"theme": "sector", "top": 0}, lk.InputError, "The 'top' argument of cluster_themes "
     "must be a positive integer or None. Got 0 instead."),
    ({"theme": "sector", "by": "count"}, lk.InputError, "The 'by' argument of cluster_themes "
     "must be one of ['lq', 'share']. Got 'count' instead."),
    ({"theme": "part", "records": pd.DataFrame({"organisation": ["O00000"], "part": [None]})},
     lk.InputError, "cluster_themes found no records with a 'part'."),
    ({"theme": 3}, TypeError, "The 'theme' argument of cluster_themes must be a str."),
])
def test_errors(example, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        lk.cluster_themes(example, "planted_cluster", **kwargs)
