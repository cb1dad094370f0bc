"""Static figures: the values drawn are the values computed."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import linkages as lk


def test_layer_overlap_heatmap_values(tiny, tmp_path):
    # tiny: production {B-A, C-A}; scientific {U-A, U-B, B-A}: shared pair A-B only
    fig = lk.layer_overlap_figure(tiny)
    assert isinstance(fig, Figure)
    values = np.asarray(fig.axes[0].images[0].get_array())
    assert values == pytest.approx(np.array([[1.0, 0.25], [0.25, 1.0]]))   # 1 / |{AB,AC,AU,BU}|
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["0.25", "0.25", "1.00", "1.00"]
    shared = lk.layer_overlap_figure(tiny, measure="shared")
    assert np.asarray(shared.axes[0].images[0].get_array()) == pytest.approx(
        np.array([[2, 1], [1, 3]]))
    fig.savefig(tmp_path / "overlap.png")
    assert (tmp_path / "overlap.png").stat().st_size > 1000


def test_layer_overlap_heatmap_matches_sets(florentine):
    pairs = {name: {frozenset(p) for p in florentine.layer_relations(name)[
        ["source", "target"]].itertuples(index=False)} for name in florentine.layers}
    a, b = (pairs[name] for name in florentine.layers)
    values = np.asarray(lk.layer_overlap_figure(florentine).axes[0].images[0].get_array())
    assert values[0, 1] == pytest.approx(len(a & b) / len(a | b))


def test_cluster_composition_from_network(tiny):
    fig = lk.cluster_composition_figure(tiny, [0, 0, 1, 0], by="type")
    ax = fig.axes[0]
    widths = [(round(p.get_y() + p.get_height() / 2), p.get_width(), p.get_x())
              for p in ax.patches]
    # types sorted: large firm, sme, university; cluster 0 (3 orgs) on top (y=1)
    assert sorted(widths) == [(0, 0.0, 0.0), (0, 0.0, 1.0), (0, 1.0, 0.0),
                              (1, 1.0, 0.0), (1, 1.0, 1.0), (1, 1.0, 2.0)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Cluster 1", "Cluster 0"]
    shares = lk.cluster_composition_figure(tiny, [0, 0, 1, 0], share=True)
    tops = sorted(p.get_width() for p in shares.axes[0].patches if p.get_y() > 0.5)
    assert tops == pytest.approx([1 / 3, 1 / 3, 1 / 3])


def test_cluster_composition_draws_the_largest_clusters_and_says_so(tiny):
    fig = lk.cluster_composition_figure(tiny, [0, 0, 1, 0], top=1)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Cluster 0"]
    assert ax.get_title() == "Cluster composition (the first 1 of 2 clusters)"
    assert sum(p.get_width() for p in ax.patches) == 3            # cluster 0's members
    with pytest.raises(lk.InputError, match="The 'top' argument of cluster_composition_figure "
                       "must be a positive integer or None. Got 0 instead."):
        lk.cluster_composition_figure(tiny, [0, 0, 1, 0], top=0)


def test_cluster_composition_from_profile():
    profile = pd.DataFrame({"firms": [10, 4], "universities": [2, 1], "label": ["a", "b"]},
                           index=pd.Index([0, 1], name="cluster"))
    ax = lk.cluster_composition_figure(profile).axes[0]
    assert sorted(p.get_width() for p in ax.patches) == [1, 2, 4, 10]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["firms", "universities"]


def test_leader_ranking_bars():
    ranking = pd.DataFrame({"cluster": [0, 0, 1, 1], "rank": [1, 2, 1, 2],
                            "organisation": ["A", "B", "C", "D"],
                            "name": ["Anchor", "Bolt", "Cam", "Dyn"],
                            "score": [0.9, 0.2, 0.5, 0.7]})
    ax = lk.leader_ranking_figure(ranking, top=3).axes[0]
    assert [p.get_width() for p in ax.patches] == [0.5, 0.7, 0.9]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Cam", "Dyn", "Anchor"]
    colours = [p.get_facecolor()[:3] for p in ax.patches]
    assert colours[1] == colours[0] != colours[2]       # coloured by cluster
    ax = lk.leader_ranking_figure(ranking, label="organisation").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "C", "D", "A"]


def test_errors(tiny):
    with pytest.raises(lk.InputError, match="The 'clusters' argument of "
                                            "cluster_composition_figure is needed"):
        lk.cluster_composition_figure(tiny)
    with pytest.raises(lk.InputError, match=r"The 'by' argument of cluster_composition_figure "
                                            r"must be one of \["):
        lk.cluster_composition_figure(tiny, [0, 0, 1, 1], by="colour")
    with pytest.raises(lk.InputError, match="must have the columns \\['score'\\]"):
        lk.leader_ranking_figure(pd.DataFrame({"value": [1.0]}))
    with pytest.raises(lk.InputError, match="The 'top' argument of leader_ranking_figure must "
                                            "be a positive integer. Got 0 instead."):
        lk.leader_ranking_figure(pd.Series([1.0]), top=0)
    with pytest.raises(lk.InputError, match="The 'layers' argument of layer_overlap must be "
                                            "one of"):
        lk.layer_overlap_figure(tiny, layers=["sales"])


def test_region_composition_bars_and_other_regions():
    net = lk.load_example()
    table = lk.regions_by_cluster(net, "planted_cluster")          # with a 'total' column
    ax = lk.region_composition_figure(table, regions=2).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["0", "1", "2", "3"]             # cluster 3 (86) on top, 0 (68) below
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["North", "South", "other regions"]       # the two most common (142, 83)
    assert sum(p.get_width() for p in ax.patches) == net.n_organisations
    other = ax.patches[-4:]                   # the last stack, bottom bar first: Centre
    assert [p.get_width() for p in other] == table.loc[[0, 1, 2, 3], "Centre"].tolist()
    ax = lk.region_composition_figure(table, top=2, share=True).axes[0]
    assert ax.get_title() == "Members by region (the first 2 of 4 clusters)"
    tops = {}
    for p in ax.patches:
        tops[round(p.get_y() + p.get_height() / 2)] = tops.get(
            round(p.get_y() + p.get_height() / 2), 0) + p.get_width()
    assert list(tops.values()) == pytest.approx([1.0, 1.0])
    with pytest.raises(lk.InputError, match="The 'regions' argument of "
                       "region_composition_figure must be a positive integer. Got 0"):
        lk.region_composition_figure(table, regions=0)
    with pytest.raises(lk.InputError, match="must have numeric columns"):
        lk.region_composition_figure(pd.DataFrame({"a": ["x"]}))
