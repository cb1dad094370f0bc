"""A territory with its outside partners: select_region on CORDIS Greece (EL), openness
checked against an independent pandas computation, gatekeepers on a hand-made network."""

import numpy as np
import pandas as pd
import pytest

import linkages as lk

REGION = "EL"


@pytest.fixture(scope="module")
def cordis_net():
    orgs, participations, _ = lk.load_cordis()
    ties = lk.project_two_mode(participations, organisation="organisation", group="project")
    return lk.from_tables(orgs, {"scientific": ties})


@pytest.fixture(scope="module")
def greece(cordis_net):
    return lk.select_region(cordis_net, REGION)


@pytest.fixture(scope="module")
def greek_clusters(greece):
    return lk.inside_clusters(greece, seed=1)


# -- the selection ------------------------------------------------------------------------------
def test_keeps_every_tie_touching_the_region(cordis_net, greece):
    full = cordis_net.relations
    region = cordis_net.organisations["region"]
    inside_s = full["source"].map(region).eq(REGION)
    inside_t = full["target"].map(region).eq(REGION)
    touching = full[inside_s | inside_t]
    # the same ties, the same weights
    mine = greece.relations.set_index(["source", "target"])["weight"].sort_index()
    theirs = touching.set_index(["source", "target"])["weight"].sort_index()
    assert mine.index.equals(theirs.index) and np.allclose(mine, theirs)
    # labelled: internal when both ends are Greek, else external
    scope = greece.relations["scope"].astype(str)
    both = (greece.relations["source"].map(region).eq(REGION)
            & greece.relations["target"].map(region).eq(REGION))
    assert (scope == np.where(both, "internal", "external")).all()
    n_internal, n_external = int((inside_s & inside_t).sum()), int((inside_s ^ inside_t).sum())
    n_outside = int((~inside_s & ~inside_t).sum())
    assert (n_internal, n_external, n_outside) == (2_645, 51_293, 742_732)
    # count in = internal + external + dropped outside-outside, in the report
    step = greece.report.steps[-1]
    assert step["step"] == "select_region"
    assert step["rows_in"] == cordis_net.n_relations == 796_670
    assert step["rows_out"] == n_internal + n_external == greece.n_relations
    assert step["dropped"] == {"ties between two organisations outside the region": n_outside}
    assert step["rows_in"] == step["rows_out"] + sum(step["dropped"].values())
    assert "2,645 internal ties + 51,293 external ties" in greece.report.notes[-1]


def test_outside_partners_kept_and_flagged(cordis_net, greece):
    orgs = greece.organisations
    assert orgs["external"].dtype == bool
    inside = cordis_net.organisations.index[cordis_net.organisations["region"] == REGION]
    assert set(orgs.index[~orgs["external"]]) == set(inside) and len(inside) == 878
    # the outside organisations kept are exactly those tied to a Greek one
    rel = greece.relations
    ends = pd.concat([rel["source"], rel["target"]])
    partners = set(ends) - set(inside)
    assert set(orgs.index[orgs["external"]]) == partners and len(partners) == 12_583
    assert (orgs.loc[orgs["external"], "region"] != REGION).all()
    organisations_step = greece.report.steps[-2]
    assert organisations_step["rows_in"] == 35_871
    assert organisations_step["rows_out"] == 878 + 12_583


def test_old_select_still_drops_everything_and_counts_it(cordis_net):
    only = cordis_net.select(region=REGION)
    assert only.n_relations == 2_645
    assert only.report.dropped["ties with an end outside the selection"] == 794_025


def test_unknown_region_and_missing_flag():
    net = lk.load_example()
    with pytest.raises(lk.InputError, match="matches no organisation"):
        lk.select_region(net, "Atlantis")
    with pytest.raises(lk.InputError, match="select_region"):
        lk.openness(net)


# -- openness, against pandas --------------------------------------------------------------------
def pandas_openness(net, membership):
    """Per cluster: ties with an end in it, within, between, external; the weight going out."""
    rel = net.relations
    external = net.organisations["external"]
    cs, ct = rel["source"].map(membership), rel["target"].map(membership)
    xs, xt = rel["source"].map(external), rel["target"].map(external)
    rows = {}
    for c in sorted(set(membership[membership >= 0])):
        touches = (cs == c) | (ct == c)
        within = (cs == c) & (ct == c)
        outside = touches & (xs | xt)
        rows[c] = {"organisations": int((membership == c).sum()), "ties": int(touches.sum()),
                   "within": int(within.sum()),
                   "between": int((touches & ~within & ~outside).sum()),
                   "external": int(outside.sum()),
                   "openness": outside.sum() / touches.sum() if touches.any() else np.nan,
                   "weight": rel.loc[touches, "weight"].sum(),
                   "external_weight": rel.loc[outside, "weight"].sum()}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["weight_openness"] = table["external_weight"] / table["weight"]
    return table


def test_openness_per_cluster_equals_pandas(greece, greek_clusters):
    membership = greek_clusters.membership
    assert (membership[greece.organisations["external"]] == -1).all()
    assert (membership[~greece.organisations["external"]] >= 0).all()
    mine = lk.openness(greece, greek_clusters)
    theirs = pandas_openness(greece, membership)
    assert mine.index.tolist() == theirs.index.tolist()
    pd.testing.assert_frame_equal(mine[theirs.columns], theirs, check_dtype=False,
                                  check_index_type=False, check_names=False)
    # the whole territory: every kept tie touches it; the external ones go out
    whole = lk.openness(greece).loc["all"]
    assert whole["ties"] == greece.n_relations and whole["external"] == 51_293
    assert whole["openness"] == pytest.approx(51_293 / 53_938)


def test_openness_per_region_equals_pandas(cordis_net):
    both = lk.select_region(cordis_net, ["EL", "CY"])
    table = lk.openness(both, "region")
    assert table.index.tolist() == ["CY", "EL"]
    codes = both.organisations["region"].map({"CY": 0, "EL": 1}).where(
        ~both.organisations["external"]).fillna(-1).astype(int)
    theirs = pandas_openness(both, codes)
    assert table["external"].tolist() == theirs["external"].tolist()
    assert table["between"].tolist() == theirs["between"].tolist()
    assert table["between"].sum() > 0          # Greek-Cypriot ties: inside, another group


def test_partner_regions_equal_pandas(greece, greek_clusters):
    mine = lk.partner_regions(greece, greek_clusters, top=None)
    rel = greece.relations[greece.relations["scope"] == "external"]
    orgs = greece.organisations
    inner = np.where(orgs.loc[rel["source"], "external"], rel["target"], rel["source"])
    outer = np.where(orgs.loc[rel["source"], "external"], rel["source"], rel["target"])
    table = pd.DataFrame({"cluster": greek_clusters.membership[inner].to_numpy(),
                          "partner_region": orgs.loc[outer, "region"].to_numpy()})
    counts = table.groupby(["cluster", "partner_region"]).size()
    got = mine.set_index(["cluster", "partner_region"])["ties"].sort_index()
    assert got.to_dict() == counts.to_dict()
    assert np.allclose(mine.groupby("cluster")["share"].sum(), 1.0)
    top = lk.partner_regions(greece, top=3)
    assert top["partner_region"].tolist() == ["ES", "IT", "DE"]


# -- gatekeepers on a hand-made network ---------------------------------------------------------
@pytest.fixture
def small():
    """Region A (a1, a2, a3) with partners b1 (region B) and c1 (region C).

    production (directed): b1 -> a1 -> a2, a1 -> a3, a2 -> a3 -> c1, b1 -> c1 (outside);
    scientific: a2 - b1, a2 - c1, a1 - a2.
    """
    orgs = pd.DataFrame({"id": ["a1", "a2", "a3", "b1", "c1"],
                         "type": ["large firm", "university", "sme", "sme", "sme"],
                         "region": ["A", "A", "A", "B", "C"]})
    production = pd.DataFrame({"source": ["b1", "a1", "a1", "a2", "a3", "b1"],
                               "target": ["a1", "a2", "a3", "a3", "c1", "c1"],
                               "weight": [5.0, 1.0, 1.0, 1.0, 3.0, 7.0]})
    scientific = pd.DataFrame({"source": ["a2", "a2", "a1"], "target": ["b1", "c1", "a2"],
                               "weight": [1.0, 1.0, 1.0]})
    net = lk.from_tables(orgs, {"production": production, "scientific": scientific})
    return lk.select_region(net, "A")


def test_small_selection_counts(small):
    assert small.report.steps[-1]["dropped"] == {
        "ties between two organisations outside the region": 1}
    table = lk.openness(small).loc["all"]
    # inside: a1->a2, a1->a3, a2->a3, a1-a2; outside: b1->a1, a3->c1, a2-b1, a2-c1
    assert (table["ties"], table["within"], table["external"]) == (8, 4, 4)
    assert table["openness"] == 0.5
    assert table["weight_openness"] == pytest.approx(10 / 14)


def test_gatekeepers_by_hand(small):
    table = lk.gatekeepers(small)
    assert table.index.tolist() == ["a2", "a1", "a3"]        # 2 ties; then 1 tie, weight 5 > 3
    assert table["rank"].tolist() == [1, 2, 3]
    assert table["external_ties"].tolist() == [2, 1, 1]
    assert table["external_weight"].tolist() == [2.0, 5.0, 3.0]
    assert table["partners"].tolist() == [2, 1, 1]
    assert table["partner_regions"].tolist() == [2, 1, 1]
    assert table["external_share"].tolist() == pytest.approx([2 / 5, 1 / 4, 1 / 3])
    assert table["cluster_share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    # Gould-Fernandez on the directed layer, inside vs outside:
    # a1 lets b1's flow in: b1 -> a1 -> a2 and b1 -> a1 -> a3 (both open)
    # a3 carries the inside's flow out: a1 -> a3 -> c1 and a2 -> a3 -> c1
    assert table["gatekeeper"].tolist() == [0, 2, 0]
    assert table["representative"].tolist() == [0, 0, 2]
    # per cluster, top 1: {a1, a2} and {a3}
    clusters = pd.Series({"a1": 0, "a2": 0, "a3": 1, "b1": -1, "c1": -1})
    per = lk.gatekeepers(small, clusters, top=1)
    assert per.index.tolist() == ["a2", "a3"] and per["cluster"].tolist() == [0, 1]
    # on the undirected layer alone: no Gould-Fernandez columns
    sci = lk.gatekeepers(small, layers="scientific")
    assert sci.index.tolist() == ["a2"] and "gatekeeper" not in sci.columns


def test_gatekeepers_on_cordis(greece, greek_clusters):
    top = lk.gatekeepers(greece, greek_clusters, top=3)
    assert (top.groupby("cluster").size() <= 3).all()
    assert not greece.organisations.loc[top.index, "external"].any()
    # the first of each cluster has the most external ties in it
    rel = greece.relations[greece.relations["scope"] == "external"]
    ends = pd.concat([rel["source"], rel["target"]])
    counts = ends[~ends.map(greece.organisations["external"])].value_counts()
    membership = greek_clusters.membership
    for cluster, row in top[top["rank"] == 1].iterrows():
        members = membership.index[membership == row["cluster"]]
        assert row["external_ties"] == counts.reindex(members, fill_value=0).max()
        assert counts[cluster] == row["external_ties"]
