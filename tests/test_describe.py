"""Cluster labels and paragraphs: the words name what the tables say."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.analysis.regions import inside_clusters, openness, select_region


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


@pytest.fixture(scope="module")
def planted(example):
    return lk.describe_clusters(example, "planted_cluster")


def test_labels_name_place_theme_and_structure(example):
    labels = lk.cluster_labels(example, "planted_cluster")
    assert labels.tolist() == ["North · C29 motor vehicles · hub-and-spoke",
                               "Centre · C26 electronics · hub-and-spoke",
                               "South · C10 food · hub-and-spoke",
                               "North · C20 chemicals · hub-and-spoke"]
    assert labels.name == "label" and labels.index.name == "planted_cluster"


def test_labels_are_overridable_and_unique(example):
    labels = lk.cluster_labels(example, "planted_cluster",
                               labels={0: "Motor Valley", 3: "Chemicals"})
    assert labels[[0, 1, 3]].tolist() == ["Motor Valley",
                                          "Centre · C26 electronics · hub-and-spoke",
                                          "Chemicals"]
    words = lk.describe_clusters(example, "planted_cluster",
                                 labels=pd.Series({2: "Food district"}))
    assert words.loc[2, "label"] == "Food district"
    assert words.loc[2, "paragraph"].startswith('Cluster 2, "Food district", has 77 ')
    assert words.loc[2, "summary"].startswith("Food district: 77 organisations")
    with pytest.raises(lk.InputError, match=re.escape(
            "The 'labels' argument of cluster_labels names clusters that do not exist: [9]")):
        lk.cluster_labels(example, "planted_cluster", labels={9: "nowhere"})
    # two clusters with the same automatic label get their cluster in brackets
    same = example.organisations["planted_cluster"].replace({3: 0}).where(
        example.organisations["planted_cluster"] != 0, 3)
    twins = lk.cluster_labels(example, same.to_numpy(),
                              themes=lk.cluster_themes(example, same.to_numpy(), "region"))
    assert twins.is_unique


def test_labels_fall_back_without_region_or_theme(example):
    orgs = example.organisations.drop(columns=["region", "sector"])
    net = lk.MultilayerNetwork(orgs, example.relations)
    labels = lk.cluster_labels(net, "planted_cluster")
    assert labels.tolist() == ["mostly SMEs · hub-and-spoke (0)",
                               "mostly SMEs · hub-and-spoke (1)",
                               "mostly SMEs · hub-and-spoke (2)",
                               "mostly SMEs · hub-and-spoke (3)"]
    # no region clearly dominant: the two largest, else "several regions"
    orgs = example.organisations
    first = orgs["planted_cluster"] == 0

    def relabel(regions):
        spread = orgs.assign(region=orgs["region"].where(
            ~first, np.resize(regions, orgs.shape[0])))
        return lk.cluster_labels(lk.MultilayerNetwork(spread, example.relations),
                                 "planted_cluster", region_share=0.6)

    assert relabel(["North", "Centre", "South", "East"])[0].startswith("several regions · ")
    assert relabel(["North", "Centre"])[0].startswith("Centre/North · ")  # 34 and 34
    # one territory: every cluster in the same place, so the place is left out
    north = orgs.assign(region="North")
    labels = lk.cluster_labels(lk.MultilayerNetwork(north, example.relations), "planted_cluster")
    assert labels[0] == "C29 motor vehicles · hub-and-spoke"


def test_paragraph_names_anchor_region_theme_and_helix(example, planted):
    leaders = lk.leading_firms(example, "planted_cluster", top=None)
    profiles = lk.profile_clusters(example, "planted_cluster")
    for cluster, row in planted.iterrows():
        text = row["paragraph"]
        first = leaders[leaders["cluster"] == cluster].iloc[0]
        assert f"It is led by {first['name']}, a large firm and anchor ({first['reason']})." \
            in text
        assert f"of its members are in {profiles.loc[cluster, 'dominant_region']}" in text
        assert f"has {profiles.loc[cluster, 'size']} organisations: " in text
        anchors = leaders[(leaders["cluster"] == cluster) & leaders["anchor"]]
        for name in anchors["name"]:
            assert name in text
    assert "It works mainly on C29 motor vehicles (84% of its members, 4.4 times" in \
        planted.loc[0, "paragraph"]
    # cluster 2 has public bodies, the others none
    assert ("It has all three triple-helix partners: industry (63 firms), academia "
            "(10 universities or research institutes) and government (4 public bodies).") in \
        planted.loc[2, "paragraph"]
    assert ("It has industry (57 firms) and academia (8 universities or research institutes) "
            "but no government partner (no public body).") in planted.loc[0, "paragraph"]
    assert "Large 0000 is another anchor." in planted.loc[0, "paragraph"]
    assert "55 SMEs, 2 large firms, 4 universities, 4 research institutes and 3 " \
        "intermediaries" in planted.loc[0, "paragraph"]
    # openness from the E-I index: share of ties crossing = (1 + EI) / 2
    ei = profiles.loc[1, "ei_index"]
    assert f"{(1 + ei) / 2:.0%} of its ties cross its boundary (E-I index {ei:.2f})" in \
        planted.loc[1, "paragraph"]


def test_summary_is_one_short_line(planted):
    for _, row in planted.iterrows():
        assert "\n" not in row["summary"] and len(row["summary"]) < 250
        assert row["summary"].startswith(row["label"] + ": ")
    assert planted.loc[2, "summary"] == (
        "South · C10 food · hub-and-spoke: 77 organisations, 88% in South; C10 food (82%, "
        "3.9× the network's share); led by Large 0137; triple helix; 28% of ties leave the "
        "cluster")
    assert "; no government; " in planted.loc[0, "summary"]


def test_found_clusters_are_described_deterministically(example):
    found = lk.find_clusters(example, seed=1)
    first = lk.describe_clusters(example, found)
    again = lk.describe_clusters(example, found)
    pd.testing.assert_frame_equal(first, again)
    assert first.index.tolist() == sorted(found.membership[found.membership >= 0].unique())
    assert first["label"].is_unique
    assert first["paragraph"].str.contains("It is led by Large ").all()


def test_given_tables_are_used(example):
    records = pd.DataFrame({"organisation": example.organisations.index,
                            "programme_part": np.where(
                                example.organisations["planted_cluster"] == 1, "SC3 energy",
                                "SC1 health")})
    themes = lk.cluster_themes(example, "planted_cluster", "programme_part", records=records)
    openness = pd.DataFrame({"cluster": [0, 1, 2, 3, "all"],
                             "openness": [0.1, 0.25, 0.5, 0.004, 0.2]})
    leaders = lk.leading_firms(example, "planted_cluster", top=1)
    words = lk.describe_clusters(example, "planted_cluster", themes=themes, openness=openness,
                                 leaders=leaders)
    assert words.loc[1, "label"] == "Centre · SC3 energy · hub-and-spoke"
    assert "It works mainly on SC3 energy (100% of its records, 4.3 times" in \
        words.loc[1, "paragraph"]
    assert "; 25% leave the territory." in words.loc[1, "paragraph"]
    assert "under 1% leave the territory" in words.loc[3, "paragraph"]
    assert words.loc[1, "summary"].endswith("; 25% leave the territory")
    assert "another anchor" not in words.loc[0, "paragraph"]   # top=1: no other anchor given
    with pytest.raises(lk.InputError, match=re.escape("must have one of the columns "
                                                      "['openness', 'share_ties_outside'")):
        lk.describe_clusters(example, "planted_cluster", openness=pd.DataFrame({"x": [1]}))


def test_without_types_it_says_what_it_could_not_describe(example):
    untyped = lk.MultilayerNetwork(example.organisations.drop(columns="type"),
                                   example.relations)
    words = lk.describe_clusters(untyped, "planted_cluster")
    text = words.loc[0, "paragraph"]
    assert text.startswith('Cluster 0, "North · C29 motor vehicles · hub-and-spoke", has 68 '
                           'organisations. 91% of its members are in North')
    assert "led by" not in text and "helix" not in text
    assert "no 'type' column: the make-up, the triple helix and the leaders are not " \
        "described" in words.attrs["notes"]


def test_a_region_with_its_outside_partners(example):
    """On select_region's network: inside clusters, their openness in words."""
    north = select_region(example, "North")
    found = inside_clusters(north, seed=1)
    table = openness(north, found)
    words = lk.describe_clusters(north, found, openness=table)
    assert words.index.tolist() == table.index.tolist()
    for cluster, row in words.iterrows():
        share = table.loc[cluster, "openness"]
        said = "under 1%" if 0 < share < 0.005 else f"{share:.0%}"
        assert f"{said} leave the territory." in row["paragraph"]
