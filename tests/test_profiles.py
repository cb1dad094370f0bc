"""Cluster profiles and the location quotient: hand-worked values."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk

KM_PER_DEGREE = 6371.0088 * np.pi / 180   # along the equator


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


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
