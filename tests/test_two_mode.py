"""Two-mode data: read_incidence (wide incidence tables) and project_two_mode (count and
Newman weights worked by hand)."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk


def escape(text):
    return re.escape(text)


# -- project_two_mode -----------------------------------------------------------------------
@pytest.fixture
def projects():
    # P1: A B C (3 members), P2: A B (2), P3: D alone, P4: A B C D (4), B listed twice in P2
    return pd.DataFrame({"org": ["A", "B", "C", "A", "B", "B", "D", "A", "B", "C", "D"],
                         "project": ["P1", "P1", "P1", "P2", "P2", "P2", "P3", "P4", "P4",
                                     "P4", "P4"]})


def test_project_two_mode_count_and_newman_by_hand(projects):
    report = lk.BuildReport()
    count = lk.project_two_mode(projects, organisation="org", weighting="count",
                                report=report)
    got = {(s, t): (w, g) for s, t, w, g in count.values.tolist()}
    assert got == {("A", "B"): (3.0, 3), ("A", "C"): (2.0, 2), ("A", "D"): (1.0, 1),
                   ("B", "C"): (2.0, 2), ("B", "D"): (1.0, 1), ("C", "D"): (1.0, 1)}
    newman = lk.project_two_mode(projects, organisation="org", weighting="newman")
    w = dict(zip(zip(newman["source"], newman["target"]), newman["weight"]))
    # A-B: P1 1/2 + P2 1/1 + P4 1/3; A-C: 1/2 + 1/3; A-D: 1/3
    assert w[("A", "B")] == pytest.approx(1 / 2 + 1 + 1 / 3)
    assert w[("A", "C")] == pytest.approx(1 / 2 + 1 / 3)
    assert w[("A", "D")] == w[("C", "D")] == pytest.approx(1 / 3)
    # Newman's weights: an organisation's ties from a project add up to 1, so its weighted
    # degree is its number of projects with >= 2 participants (A: 3, D: 1)
    strength = (newman.groupby("source")["weight"].sum()
                .add(newman.groupby("target")["weight"].sum(), fill_value=0))
    assert strength.to_dict() == pytest.approx({"A": 3.0, "B": 3.0, "C": 2.0, "D": 1.0})
    # the report counts the singleton project and the repeated row
    assert newman.attrs["singleton_groups"] == 1
    assert report.dropped == {"repeated (organisation, group) rows counted once": 1,
                              "rows of groups with a single participant (no tie)": 1}
    assert report.steps[0]["rows_in"] == 11 and report.steps[0]["rows_out"] == 6


def test_project_two_mode_into_from_tables(projects):
    report = lk.BuildReport()
    sci = lk.project_two_mode(projects, organisation="org", report=report)
    net = lk.from_tables(None, {"scientific": sci})
    assert net.n_relations == 6 and net.directed == {"scientific": False}


def test_project_two_mode_only_singletons():
    out = lk.project_two_mode(pd.DataFrame({"organisation": ["A", "B"], "project": [1, 2]}))
    assert out.empty and list(out.columns) == ["source", "target", "weight", "groups"]
    assert out.attrs["singleton_groups"] == 2


@pytest.mark.parametrize("table, kwargs, error, message", [
    (pd.DataFrame({"org": ["A"], "project": [1]}), {}, lk.InputError,
     "The 'participations' argument of project_two_mode must have the columns "
     "['organisation', 'project']; missing ['organisation']. Found columns ['org', "
     "'project']."),
    (pd.DataFrame({"organisation": ["A", None], "project": [1, 1]}), {}, lk.InputError,
     "The 'participations' argument of project_two_mode has 1 rows with no 'organisation' "
     "or 'project'."),
    (pd.DataFrame({"organisation": [], "project": []}), {}, lk.InputError,
     "The 'participations' argument of project_two_mode is empty: it has no rows."),
    (pd.DataFrame({"organisation": ["A"], "project": [1]}), {"weighting": "jaccard"},
     lk.InputError, "The 'weighting' argument of project_two_mode must be one of ['count', "
     "'newman']. Got 'jaccard' instead."),
    ({"organisation": ["A"]}, {}, TypeError, "The 'participations' argument of "
     "project_two_mode must be a pandas DataFrame or path to a CSV, Excel or Parquet file. "
     "Got dict instead."),
])
def test_project_two_mode_errors(table, kwargs, error, message):
    with pytest.raises(error, match=escape(message)):
        lk.project_two_mode(table, **kwargs)


# -- read_incidence -------------------------------------------------------------------------
@pytest.fixture
def grid():
    return pd.DataFrame({"org": ["A", "B", "C", "D"], "P1": [1, 1, 1, 0], "P2": [1, 2, 0, 0],
                         "P3": [0, 0, 1, 0]})


def test_read_incidence_long_table(grid):
    long = lk.read_incidence(grid, organisation="org")
    assert long.values.tolist() == [["A", "P1", 1.0], ["A", "P2", 1.0], ["B", "P1", 1.0],
                                    ["B", "P2", 2.0], ["C", "P1", 1.0], ["C", "P3", 1.0]]
    assert list(long.columns) == ["organisation", "project", "count"]
    assert long.attrs["no_participation"] == ["D"]
    # the group column may be renamed, and groups chosen
    long = lk.read_incidence(grid, organisation="org", groups=["P2"], group="patent")
    assert long.values.tolist() == [["A", "P2", 1.0], ["B", "P2", 2.0]]
    assert long.attrs["no_participation"] == ["C", "D"]


def test_read_incidence_projection_matches_matrix_product(grid):
    long = lk.read_incidence(grid, organisation="org")
    ties = lk.project_two_mode(long, weighting="count")
    # B^T B off the diagonal with B binary: shared projects
    assert ties.values.tolist() == [["A", "B", 2.0, 2], ["A", "C", 1.0, 1],
                                    ["B", "C", 1.0, 1]]
    newman = lk.project_two_mode(long, weighting="newman")
    # P1 has 3 members (1/2 per pair), P2 has 2 (1 per pair)
    assert newman["weight"].tolist() == [1.5, 0.5, 0.5]
    assert long.attrs["no_participation"] == ["D"]


def test_read_incidence_transpose_and_file(tmp_path, grid):
    path = tmp_path / "grid.csv"
    grid.set_index("org").T.to_csv(path)        # rows projects, columns organisations
    long = lk.read_incidence(path, transpose=True)
    assert long.values.tolist() == lk.read_incidence(grid, organisation="org").values.tolist()


def test_read_incidence_board_interlocks(shared_data):
    """Barnes & Burkett: 20 directors x 24 organisations, 99 memberships (KONECT: 99 edges)."""
    path = shared_data("board_interlocks", "brunson_corporate_leadership_incidence.csv")
    long = lk.read_incidence(path, transpose=True, group="director")
    assert len(long) == 99
    assert long["organisation"].nunique() + len(long.attrs["no_participation"]) == 24
    ties = lk.project_two_mode(lk.read_incidence(path, transpose=True), weighting="count")
    matrix = pd.read_csv(path, index_col=0)
    shared = matrix.T.to_numpy() @ matrix.to_numpy()    # organisations x organisations
    upper = np.triu(shared, k=1)
    assert len(ties) == int((upper > 0).sum())
    assert ties["weight"].sum() == upper.sum()
    names = list(matrix.columns)
    got = {(s, t): w for s, t, w in zip(ties["source"], ties["target"], ties["weight"])}
    i, j = np.nonzero(upper)
    want = {tuple(sorted((names[a], names[b]))): float(upper[a, b]) for a, b in zip(i, j)}
    assert got == want
    net = lk.from_tables(None, {"interlocks": ties})
    assert net.n_relations == len(ties)


@pytest.mark.parametrize("frame, kwargs, error, message", [
    (pd.DataFrame({"P1": [1, 0]}, index=["A", "A"]), {}, lk.InputError,
     r"must have unique organisation ids; found 1 duplicated: \['A'\]"),
    (pd.DataFrame([[1, 0]], columns=["P", "P"], index=["A"]), {}, lk.InputError,
     r"must have unique project ids; found 1 duplicated: \['P'\]"),
    (pd.DataFrame({"P1": [1, np.nan]}, index=["A", "B"]), {}, lk.InputError,
     r"must not hold missing values \(NaN\); found 1 at rows \[\('B', 'P1'\)\]"),
    (pd.DataFrame({"P1": [1, -1]}, index=["A", "B"]), {}, lk.InputError,
     r"non-negative numbers; found 1 negative values"),
    (pd.DataFrame({"P1": [1, "x"]}, index=["A", "B"]), {}, lk.InputError,
     r"must hold numbers; 1 values are not numeric, e.g. \['x'\]"),
    (pd.DataFrame({"P1": []}), {}, lk.InputError, r"is empty: it has no rows"),
    (pd.DataFrame({"P1": [1]}), {"organisation": "org"}, lk.InputError,
     r"must have the columns \['org'\]; missing \['org'\]. Found columns \['P1'\]"),
    (pd.DataFrame({"P1": [1]}), {"groups": ["P9"]}, lk.InputError,
     r"missing \['P9'\]"),
    (pd.DataFrame({"P1": [1]}), {"weighting": "count"}, TypeError,
     r"unexpected keyword argument 'weighting'"),      # one return type: project after
    ([[1, 0]], {}, TypeError, r"The 'table' argument of read_incidence must be a pandas "
     r"DataFrame or path to a CSV, Excel or Parquet file. Got list instead."),
])
def test_read_incidence_errors(frame, kwargs, error, message):
    with pytest.raises(error, match=message):
        lk.read_incidence(frame, **kwargs)
