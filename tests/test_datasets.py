"""Reference checks on real data: the small sets committed in tests/data (Florentine
families, board interlocks: never skipped) and the CORDIS extract in ../shared/datasets
(skipped when absent)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linkages as lk


# -- Florentine families ----------------------------------------------------------------------
def read_mpx(path):
    """multinet's .mpx text format, parsed independently: sections start with '#NAME'."""
    sections, current = {}, None
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("#"):
            current = sections.setdefault(line[1:], [])
        elif line and current is not None:
            current.append([part.strip() for part in line.split(",")])
    return sections


def test_florentine_mpx_matches_the_two_layer_network(florentine, reference_data):
    mpx = read_mpx(reference_data("florentine", "florentine.mpx"))
    assert mpx["LAYERS"] == [["marriage", "UNDIRECTED"], ["business", "UNDIRECTED"]]
    names = florentine.organisations["name"]
    for layer in ("marriage", "business"):
        theirs = {frozenset(edge[:2]) for edge in mpx["EDGES"] if edge[2] == layer}
        rel = florentine.layer_relations(layer)
        mine = {frozenset((names[s], names[t])) for s, t in zip(rel["source"], rel["target"])}
        assert mine == theirs
    # the actors' wealth agrees with the network's attribute (Pucci is not in the .mpx)
    wealth = {row[0]: float(row[3]) for row in mpx["ACTORS"]}
    assert len(wealth) == 15
    mine = florentine.organisations.set_index("name")["wealth"]
    assert all(mine[family] == value for family, value in wealth.items())
    assert "Pucci" in mine.index and "Pucci" not in wealth


def test_florentine_reference_values(florentine):
    medici = florentine.organisations.index[florentine.organisations["name"] == "Medici"][0]
    # both layers aggregated: 27 distinct pairs, 8 of them with weight 2 (in both layers)
    s, t, w, directed = lk.aggregate_ties(florentine)
    assert not directed and len(w) == 27 and int((w == 2).sum()) == 8
    marriage = lk.to_igraph(florentine, layers="marriage")
    betweenness = pd.Series(marriage.betweenness(), index=florentine.organisations["name"])
    n = 15                      # normalised over the connected families (Pucci isolated)
    normalised = betweenness / ((n - 1) * (n - 2) / 2)
    assert normalised["Medici"] == pytest.approx(0.522, abs=5e-4)
    assert normalised["Guadagni"] == pytest.approx(0.255, abs=5e-4)
    assert marriage.degree(int(florentine.organisations.index.get_loc(medici))) == 6


# -- Board interlocks ------------------------------------------------------------------------
def test_board_interlocks_incidence_matches_the_edge_list(reference_data):
    """The committed incidence matrix is the MIT edge list, cell for cell (see SOURCE.txt)."""
    folder = reference_data("board_interlocks")
    nodes = pd.read_csv(folder / "brunson_corporate_leadership_nodes.csv")
    edges = pd.read_csv(folder / "brunson_corporate_leadership_edges.csv")
    matrix = pd.read_csv(folder / "brunson_corporate_leadership_incidence.csv",
                         index_col="director")
    directors, organisations = nodes.loc[~nodes["type"], "name"], nodes.loc[nodes["type"], "name"]
    assert sorted(matrix.index) == sorted(directors) and len(directors) == 20
    assert sorted(matrix.columns) == sorted(organisations) and len(organisations) == 24
    names = nodes.set_index("id")["name"]
    assert (names[edges["source"]].to_numpy() == edges["source_name"].to_numpy()).all()
    assert (names[edges["target"]].to_numpy() == edges["target_name"].to_numpy()).all()
    cells = {(d, o) for d, o in zip(edges["target_name"], edges["source_name"])}
    ones = {(d, o) for d in matrix.index for o in matrix.columns if matrix.loc[d, o] == 1}
    assert len(edges) == len(cells) == 99 and ones == cells
    assert set(np.unique(matrix.to_numpy())) == {0, 1}


# -- CORDIS Horizon 2020 --------------------------------------------------------------------
def cordis_organisations(rows):
    """One row per organisation (pic) with its activity type and country.

    Rule, explicit and reported: a pic's value is its most frequent non-missing value over
    its participation rows, ties broken by the smallest code; a pic with no value keeps NaN.
    Returns the table and, per column, the number of pics with conflicting values.
    """
    organisations = pd.DataFrame(index=pd.Index(np.sort(rows["pic"].unique()), name="pic"))
    conflicts = {}
    for column in ("type", "country"):
        counts = rows.groupby(["pic", column]).size().rename("n").reset_index()
        counts = counts.sort_values(["pic", "n", column], ascending=[True, False, True])
        organisations[column] = counts.drop_duplicates("pic").set_index("pic")[column]
        conflicts[column] = int((counts.groupby("pic").size() > 1).sum())
    return organisations, conflicts


@pytest.fixture(scope="module")
def cordis():
    # the extract ships with the package (linkages/datasets/cordis_h2020): no skip
    folder = Path(lk.datasets.__file__).parent / "cordis_h2020"
    rows = pd.read_csv(folder / "h2020.csv.gz",
                       usecols=["rcn", "pic", "type", "country"])
    organisations, conflicts = cordis_organisations(rows)
    report = lk.BuildReport()
    ties = lk.project_two_mode(rows, organisation="pic", group="rcn", weighting="newman",
                               report=report)
    net = lk.from_tables(organisations.reset_index(), {"scientific": ties}, id="pic")
    return rows, organisations, conflicts, report, ties, net


def test_cordis_table_and_organisations(cordis):
    rows, organisations, conflicts, *_ = cordis
    assert len(rows) == 144_726
    assert rows["rcn"].nunique() == 31_451 and rows["pic"].nunique() == 35_871
    # no pic has two activity types or two countries in this extract; 8 have no country
    assert conflicts == {"type": 0, "country": 0}
    assert int(organisations["country"].isna().sum()) == 8
    assert organisations["type"].value_counts().to_dict() == {
        "PRC": 23_407, "OTH": 4_258, "REC": 3_065, "HES": 2_617, "PUB": 2_524}


def test_cordis_projection_matches_pandas_self_merge(cordis):
    rows, organisations, _, report, ties, net = cordis
    # independent computation: self-merge on the project, keep each pair once
    pairs = rows[["pic", "rcn"]].drop_duplicates()
    merged = pairs.merge(pairs, on="rcn", suffixes=("_a", "_b"))
    merged = merged[merged["pic_a"] < merged["pic_b"]]
    shared = merged.groupby(["pic_a", "pic_b"]).size()
    assert net.n_organisations == 35_871
    assert net.n_relations == len(shared) == 796_670
    assert net.report.dropped == {}
    # the very same pairs (organisations sorted by pic: undirected ties have source < target)
    rel = net.relations.sort_values(["source", "target"])
    assert np.array_equal(rel["source"].to_numpy(), shared.index.get_level_values(0))
    assert np.array_equal(rel["target"].to_numpy(), shared.index.get_level_values(1))
    # shared projects per pair
    counts = ties.set_index(["source", "target"])["groups"].sort_index()
    assert np.array_equal(counts.to_numpy(), shared.to_numpy())
    # organisations with at least one tie: those in a project of >= 2 participants
    size = pairs.groupby("rcn")["pic"].transform("size")
    in_team = pairs.loc[size >= 2, "pic"]
    src, tgt, _ = net.codes()
    assert len(np.union1d(src, tgt)) == in_team.nunique() == 31_665
    singletons = int(pairs.groupby("rcn").size().eq(1).sum())
    assert singletons == ties.attrs["singleton_groups"] == 19_050
    assert report.dropped["rows of groups with a single participant (no tie)"] == 19_050


def test_cordis_newman_weighted_degree_counts_team_projects(cordis):
    rows, organisations, _, _, _, net = cordis
    # Newman's 1/(n-1): an organisation's ties from one project add up to 1, so its
    # weighted degree is its number of projects with >= 2 participants
    src, tgt, _ = net.codes()
    w = net.relations["weight"].to_numpy()
    n = net.n_organisations
    strength = np.bincount(src, weights=w, minlength=n) + np.bincount(tgt, weights=w,
                                                                      minlength=n)
    pairs = rows[["pic", "rcn"]].drop_duplicates()
    size = pairs.groupby("rcn")["pic"].transform("size")
    team_projects = (pairs[size >= 2].groupby("pic").size()
                     .reindex(net.organisations.index, fill_value=0))
    assert np.allclose(strength, team_projects.to_numpy(), rtol=0, atol=1e-9)
    assert strength.sum() == pytest.approx(team_projects.sum())
