"""Cluster profiles and the location quotient: hand-worked values."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.analysis.profiles import specialisation

KM_PER_DEGREE = 6371.0088 * np.pi / 180   # along the equator


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


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


# -- without types, by region, centroid --------------------------------------------------------
def test_profile_without_type_says_what_it_could_not_compute(star_and_clique):
    net, membership = star_and_clique
    untyped = lk.MultilayerNetwork(net.organisations.drop(columns="type"), net.relations)
    p = lk.profile_clusters(untyped, membership)
    assert not [c for c in p.columns if c.startswith("share_")]
    assert "helix" not in p and "triple_helix" not in p
    assert p["size"].tolist() == [5, 4] and p["structure"].tolist() == ["hub-and-spoke",
                                                                       "Marshallian"]
    assert p.attrs["notes"] == ["no 'type' column: the composition (share_*, helix, "
                                "triple_helix) is not computed"]
    nowhere = lk.MultilayerNetwork(net.organisations.drop(columns=["lat", "lon"]), net.relations)
    assert lk.profile_clusters(nowhere, membership).attrs["notes"] == [
        "no 'lat' and 'lon' columns: the centroid and spread_km are not computed"]
    # asked-for columns that are absent are noted too; type=None asks for nothing
    bare = lk.profile_clusters(untyped, membership, type=None, region="county", lat=None)
    assert bare.attrs["notes"] == ["no 'county' column: dominant_region and region_share "
                                   "are not computed"]
    assert lk.profile_clusters(net, membership).attrs["notes"] == []


def test_profile_notes_types_outside_the_vocabulary(star_and_clique):
    net, membership = star_and_clique
    orgs = net.organisations.assign(type=["Large Firm"] + list(net.organisations["type"][1:]))
    p = lk.profile_clusters(lk.MultilayerNetwork(orgs, net.relations), membership)
    assert p.loc[0, "share_other"] == 0.2 and p.loc[0, "share_large_firm"] == 0
    assert p.attrs["notes"] == ["1 member has a type outside the vocabulary (counted in "
                                "share_other): Large Firm"]


def test_profile_centroid(star_and_clique):
    net, membership = star_and_clique
    p = lk.profile_clusters(net, membership)
    # star: 4 members with coordinates at (45, 9); clique: (0, 0), (0, 2), (0, 0), (0, 2)
    assert p.loc[0, ["centroid_lat", "centroid_lon"]].tolist() == [45, 9]
    assert p.loc[1, ["centroid_lat", "centroid_lon"]].tolist() == [0, 1]
    lonely = net.organisations.assign(lat=np.nan)
    p = lk.profile_clusters(lk.MultilayerNetwork(lonely, net.relations), membership)
    assert p[["centroid_lat", "centroid_lon", "spread_km"]].isna().all().all()


def test_regions_by_cluster_by_hand(star_and_clique):
    net, membership = star_and_clique
    counts = lk.regions_by_cluster(net, membership)
    assert counts.columns.tolist() == ["E", "N", "S", "total"]
    assert counts.to_numpy().tolist() == [[0, 3, 2, 5], [4, 0, 0, 4]]   # Z is in no cluster
    assert counts.index.name == "cluster" and counts.columns.name == "region"
    shares = lk.regions_by_cluster(net, membership, share=True)
    assert shares.to_numpy().tolist() == [[0, 0.6, 0.4], [1, 0, 0]]
    # members without a region are counted aside
    orgs = net.organisations.assign(region=[None] + list(net.organisations["region"][1:]))
    counts = lk.regions_by_cluster(lk.MultilayerNetwork(orgs, net.relations), membership)
    assert counts["total"].tolist() == [4, 4] and counts.attrs["no_region"] == {0: 1}
    with pytest.raises(lk.InputError, match="must have the columns \\['county'\\]"):
        lk.regions_by_cluster(net, membership, region="county")


def test_regions_by_cluster_agrees_with_the_profile(example):
    counts = lk.regions_by_cluster(example, "planted_cluster")
    p = lk.profile_clusters(example, "planted_cluster")
    regions = counts.drop(columns="total")
    assert (regions.idxmax(axis=1) == p["dominant_region"]).all()
    np.testing.assert_allclose(regions.max(axis=1) / counts["total"], p["region_share"])
    assert (counts["total"] == p["size"]).all()


def test_specialisation_is_the_location_quotient():
    counts = pd.DataFrame({"A": [3, 1, 0], "B": [1, 3, 0]}, index=["R1", "R2", "R3"])
    lq = specialisation(counts)
    assert lq.loc[["R1", "R2"]].to_numpy().tolist() == [[1.5, 0.5], [0.5, 1.5]]
    assert lq.loc["R3"].isna().all()          # a group with no count has no quotient
