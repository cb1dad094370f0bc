"""Clusters over time: periods, tracking, events, who moved, the alluvial pictures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.analysis.evolution import match_clusters
from linkages.build.periods import Periods


def _periods(planted):
    return lk.periods_from_records(planted.records, planted.organisations, date="date",
                                   value=None, directed=False, layer_name="scientific")


def _changes(evolution):
    return evolution.events.query("event != 'continuation'")


@pytest.fixture(scope="module")
def planted():
    return lk.make_evolving_clusters(seed=1)


@pytest.fixture(scope="module")
def evolution(planted):
    return lk.track_clusters(_periods(planted), seed=1, n_shuffles=200)


# --- periods -------------------------------------------------------------------------

def test_active_during_puts_a_project_in_every_year_it_runs():
    rows = pd.DataFrame({"org": ["A", "B", "A", "C"], "project": ["p", "p", "q", "q"],
                         "start": pd.to_datetime(["2014-06-01"] * 2 + ["2016-01-01"] * 2),
                         "end": pd.to_datetime(["2016-03-31"] * 2 + ["2016-12-31"] * 2)})
    periods = lk.periods_from_two_mode(rows, organisation="org", start="start", end="end",
                                       between=("2013", "2017"), weighting="count")
    assert list(periods) == ["2013", "2014", "2015", "2016", "2017"]
    assert periods.windows["ties"].tolist() == [0, 1, 1, 2, 0]
    # every period has the same organisations table, empty periods included
    for net in periods.values():
        assert net.organisations.index.tolist() == ["A", "B", "C"]
    assert periods["2013"].layers == ("scientific",)


def test_sliding_windows_and_engines_agree():
    records = pd.DataFrame({"source": list("ABCABD"), "target": list("BCDCDA"),
                            "value": [1.0, 2, 3, 4, 5, 6],
                            "date": pd.to_datetime(["2020-01-10", "2020-05-01", "2021-02-01",
                                                    "2021-09-01", "2022-03-01", "2022-08-01"])})
    pandas = lk.periods_from_records(records, date="date", width=2, step=1)
    duck = lk.periods_from_records(records, date="date", width=2, step=1, engine="duckdb")
    assert list(pandas) == ["2020-2021", "2021-2022"]
    for label in pandas:
        assert pandas[label].relations.equals(duck[label].relations)
    assert pandas["2020-2021"].relations["weight"].sum() == 10.0
    assert pandas.windows["records"].tolist() == [4, 4]


def test_periods_check_their_input():
    records = pd.DataFrame({"source": ["A"], "target": ["B"], "date": ["2020-01-01"]})
    with pytest.raises(lk.InputError, match="'date' and 'start'"):
        lk.periods_from_records(records, value=None)
    with pytest.raises(lk.InputError, match="'period' argument"):
        lk.periods_from_records(records, value=None, date="date", period="decade")
    bad = records.assign(end=["2019-01-01"])
    with pytest.raises(lk.InputError, match="end before they start"):
        lk.periods_from_records(bad, value=None, start="date", end="end")


# --- matching ------------------------------------------------------------------------

def test_matching_on_a_hand_example():
    # clusters 0 {a,b,c,d}, 1 {e,f,g}; then 0 {a,b,c}, 2 {d,e,f,g,h}
    before = np.array([0, 0, 0, 0, 1, 1, 1, -1])
    after = np.array([0, 0, 0, 2, 2, 2, 2, 2])
    table = match_clusters(before, after, threshold=0.3)
    assert table[["before", "after", "overlap"]].values.tolist() == [[0, 0, 3], [0, 2, 1],
                                                                      [1, 2, 3]]
    assert table["jaccard"].round(4).tolist() == [0.75, round(1 / 8, 4), 0.6]
    assert table["matched"].tolist() == [True, False, True]


def test_shuffled_membership_p_values():
    rng = np.random.default_rng(0)
    before = np.repeat([0, 1], 50)
    table = match_clusters(before, before.copy(), n_shuffles=500, rng=rng)
    assert (table["p_value"] < 0.01).all()          # identical partitions: significant
    noise = np.random.default_rng(1).integers(0, 2, 100)
    table = match_clusters(before, noise, n_shuffles=500, rng=rng)
    assert (table["p_value"] > 0.01).all()          # unrelated partitions: not


# --- events --------------------------------------------------------------------------

def test_planted_events_are_recovered(planted, evolution):
    found = _changes(evolution)[["period", "event"]].values.tolist()
    truth = planted.events.query("event != 'continuation'")[["period", "event"]]
    assert sorted(found) == sorted(truth.values.tolist())
    assert (_changes(evolution).query("event not in ['birth', 'death']")["p_value"]
            < 0.01).all()


def test_event_members(planted, evolution):
    ids = planted.organisations.index
    events = evolution.events.set_index(["period", "event"])
    merge = events.loc[("2012", "merge")]
    assert merge["size_before"] == 80 and merge["size_after"] == 80
    died = events.loc[("2014", "death")]
    assert sorted(died["left"]) == sorted(ids[planted.truth["2013"] == "C"])
    grew = events.loc[("2011", "growth")]
    assert len(grew["joined"]) == 20 and grew["left"] == []


def test_identity_zero_spurious_events_with_the_default():
    planted = lk.make_evolving_clusters("stable", n_periods=10, degree=6, noise=0.3, seed=0)
    periods = _periods(planted)
    coupled = lk.track_clusters(periods, seed=1, n_shuffles=0)
    assert len(_changes(coupled)) == 0
    assert (coupled.events["event"] == "continuation").sum() == 5 * 9
    # an organisation keeps its cluster id over the periods (a few with most of their
    # ties outside move: organisations, not clusters)
    assert (coupled.membership.nunique(axis=1) == 1).mean() > 0.8
    independent = lk.track_clusters(periods, method="independent", seed=1, n_shuffles=0)
    assert len(_changes(independent)) > 5            # Louvain-like flicker, measured


def test_independent_matching_keeps_ids(planted):
    evolution = lk.track_clusters(_periods(planted), method="independent", seed=1,
                                  n_shuffles=0)
    # the clusters of A-E before any event keep their ids into the next period
    first = evolution.membership["2010"]
    second = evolution.membership["2011"]
    same = first.notna() & second.notna()
    assert (first[same] == second[same]).mean() > 0.95


def test_same_seed_same_result(planted):
    periods = _periods(planted)
    a = lk.track_clusters(periods, seed=5, n_shuffles=50)
    b = lk.track_clusters(periods, seed=5, n_shuffles=50)
    assert a.membership.equals(b.membership)
    assert a.matches.equals(b.matches)


# --- who moved -----------------------------------------------------------------------

def test_who_moved_tables(planted, evolution):
    moves = evolution.moves()
    assert set(moves["change"]) <= {"entered", "exited", "moved"}
    assert (moves.query("period == '2011'")["change"] == "entered").sum() == 20
    stats = evolution.cluster_stats()
    assert {"size", "ties", "density", "openness", "sme"} <= set(stats.columns)
    assert ((stats["openness"] >= 0) & (stats["openness"] <= 1)).all()
    assert stats.loc["2010", "size"].sum() == 200
    ties = evolution.tie_changes()
    assert ties.columns.tolist() == ["period", "layer", "formed", "dissolved", "kept"]
    assert (ties["formed"] > 0).all()
    leaders = evolution.leaders(top=2, production=None)
    assert {"period", "cluster", "rank", "rank_change"} <= set(leaders.columns)


def test_track_clusters_checks_its_input(planted):
    with pytest.raises(lk.InputError, match="'method' argument of track_clusters"):
        lk.track_clusters(_periods(planted), method="greedy", seed=1)
    with pytest.raises(TypeError, match="'periods' argument"):
        lk.track_clusters({}, seed=1)
    with pytest.raises(lk.InputError, match="'n_iterations' argument of track_clusters"):
        lk.track_clusters(_periods(planted), n_iterations=0, seed=1)


def test_auto_method_chosen_by_size_and_recorded(planted, monkeypatch):
    from linkages.analysis import evolution as module
    periods = _periods(planted)
    small = lk.track_clusters(periods, seed=1, n_shuffles=0)
    assert small.params["method"] == "coupled"
    assert small.params["why"].startswith("method='auto': coupled, as the periods have")
    monkeypatch.setattr(module, "AUTO_COUPLED_TIES", 10)
    large = lk.track_clusters(periods, seed=1, n_shuffles=0)
    assert large.params["method"] == "independent"
    assert "more than AUTO_COUPLED_TIES (10)" in large.params["why"]
    bounded = lk.track_clusters(periods, method="coupled", n_iterations=2, seed=1,
                                n_shuffles=0)
    assert "why" not in bounded.params and bounded.params["n_iterations"] == 2
    assert len(bounded.events.query("event != 'continuation'")) >= 5


# --- pictures ------------------------------------------------------------------------

def test_alluvial_figure_and_svg(evolution, tmp_path):
    path = tmp_path / "alluvial.png"
    figure = lk.alluvial_figure(evolution, path=path)
    assert path.stat().st_size > 1000
    assert len(figure.axes[0].patches) > 30
    svg = lk.alluvial_svg(evolution)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    import matplotlib.pyplot as plt
    plt.close(figure)


def test_tie_changes_counts_per_layer_against_sets():
    """Formed, dissolved and kept per layer equal the set differences of the (source,
    target) pairs, with a layer missing from a period and a period without ties."""
    orgs = pd.DataFrame(index=pd.Index(list("ABCDE"), name="id"))
    tables = {
        "2020": [("A", "B", "sci"), ("B", "C", "sci"), ("A", "C", "prod")],
        "2021": [("A", "B", "sci"), ("C", "D", "sci"), ("D", "E", "trade")],
        "2022": [],
        "2023": [("A", "B", "sci"), ("A", "C", "prod")]}
    columns = ["source", "target", "layer"]
    networks = {label: lk.MultilayerNetwork(
        orgs, pd.DataFrame(rows or [("A", "B", "sci")], columns=columns).iloc[:len(rows)]
        .assign(weight=1.0), directed=False)
        for label, rows in tables.items()}
    windows = pd.DataFrame(index=pd.Index(list(tables), name="period"))
    evolution = lk.Evolution(Periods(networks, windows), None, None, None, {})
    found = evolution.tie_changes()
    expected = []
    labels = list(tables)
    for a, b in zip(labels[:-1], labels[1:]):
        for layer in sorted({r[2] for r in tables[a] + tables[b]}):
            x = {r[:2] for r in tables[a] if r[2] == layer}
            y = {r[:2] for r in tables[b] if r[2] == layer}
            expected.append((b, layer, len(y - x), len(x - y), len(x & y)))
    assert found.values.tolist() == [list(row) for row in expected]
