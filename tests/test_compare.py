"""Comparing partitions and layers, resolution sweeps and consensus over seeds."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.clusters.compare import _with_core
from linkages.clusters.inputs import graph_ties
from linkages.clusters.quality import cpm_quality


@pytest.fixture(scope="module")
def karate():
    H = nx.Graph()
    H.add_nodes_from(nx.karate_club_graph().nodes(data=True))
    H.add_edges_from(nx.karate_club_graph().edges())
    return lk.from_networkx(H, default_layer="friendship")


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


def _planted(p_in, p_out, seed):
    """One undirected stochastic-block-model layer: 5 planted groups of 60."""
    truth = np.repeat(np.arange(5), 60)
    rng = np.random.default_rng(seed)
    i, j = np.triu_indices(len(truth), 1)
    keep = rng.random(len(i)) < np.where(truth[i] == truth[j], p_in, p_out)
    rels = pd.DataFrame({"source": i[keep], "target": j[keep], "layer": "L0", "weight": 1.0})
    orgs = pd.DataFrame(index=pd.Index(range(len(truth)), name="id"))
    return lk.MultilayerNetwork(orgs, rels, directed=False), pd.Series(truth)


def test_compare_partitions_hand_worked():
    a, b = [0, 0, 1, 1], [0, 0, 0, 1]
    # H(a)=ln 2, H(b)=0.5623, H(a,b)=1.0397, I=0.2158 (nats)
    assert lk.compare_partitions(a, b, method="vi") == pytest.approx(0.8240, abs=1e-4)
    assert lk.compare_partitions(a, b, method="nmi") == pytest.approx(0.3438, abs=1e-4)
    assert lk.compare_partitions(a, b, method="ari") == pytest.approx(0.0, abs=1e-12)
    assert lk.compare_partitions(a, b, method="rand") == pytest.approx(0.5)
    # Series align on ids; missing labels are left out
    x = pd.Series([0, 0, 1, 1, 2], index=list("abcde"))
    y = pd.Series(["q", "q", "p", "p", np.nan], index=list("dcbae"))
    assert lk.compare_partitions(x, y) == 1.0


def test_resolution_sweep_on_karate(karate):
    sweep = lk.resolution_sweep(karate, resolutions=[0.5, 1.0], seeds=range(4))
    assert sweep["n_clusters"].tolist() == [2.0, 4.0]
    assert sweep.loc[1.0, "quality"] == pytest.approx(0.419790, abs=1e-6)
    assert sweep.loc[1.0, "stability"] == pytest.approx(1.0)


def test_consensus_clusters(example):
    agreed = lk.consensus_clusters(example, n_runs=8, seed=2, method="louvain")
    truth = example.organisations["planted_cluster"]
    assert agreed.params["converged"] and agreed.n_clusters == 4
    assert lk.compare_partitions(agreed, truth) >= 0.85
    assert agreed.confidence.between(0, 1).all() and agreed.confidence.mean() > 0.8
    assert lk.consensus_clusters(example, n_runs=8, seed=2, method="louvain").membership.equals(
        agreed.membership)
    # noisy planted partition: consensus stays at least as good as a single run
    net, truth = _planted(0.12, 0.03, seed=5)
    single = lk.compare_partitions(lk.find_clusters(net, method="louvain", seed=1), truth)
    both = lk.consensus_clusters(net, n_runs=10, seed=1, method="louvain")
    assert lk.compare_partitions(both, truth) >= single - 0.02


def test_core_confidence_hand_worked():
    final = np.array([0, 0, 0, 1, 1])
    run = np.array([7, 7, 3, 3, 3])   # org 2 left its cluster's core (7) in this run
    assert _with_core(final, run).tolist() == [True, True, False, True, True]


def test_sweep_keeps_the_method_options(example):
    sweep = lk.resolution_sweep(example, resolutions=[0.02, 0.05], seeds=[1],
                                method=lk.Leiden(objective="CPM"))
    for resolution in (0.02, 0.05):
        found = lk.find_clusters(example, method=lk.Leiden(objective="CPM",
                                                           resolution=resolution), seed=1)
        assert sweep.loc[resolution, "quality"] == found.quality
    with pytest.raises(lk.InputError, match=r"The 'method' argument of resolution_sweep must "
                       r"be a method with a resolution, one of \['coupled', 'leiden', "
                       r"'louvain', 'multiplex'\]. Got 'infomap' instead."):
        lk.resolution_sweep(example, resolutions=[1.0], method="infomap")


def test_consensus_records_how_to_rerun(example):
    agreed = lk.consensus_clusters(example, method=lk.Louvain(resolution=0.8),
                                   layers=["production", "scientific"], n_runs=3, seed=4)
    params = agreed.params
    assert params["method"] == lk.Louvain(resolution=0.8)
    assert params["layers"] == ["production", "scientific"] and params["n_runs"] == 3
    inputs = {k: params[k] for k in ("method", "layers", "layer_weights", "weighted", "n_runs",
                                     "threshold", "max_rounds")}
    assert lk.consensus_clusters(example, **inputs, seed=4).membership.equals(
        agreed.membership)


def test_compare_errors(example, karate):
    with pytest.raises(lk.InputError, match=r"The 'b' argument of compare_partitions must "
                                            r"have as many entries as 'a' \(2\). Got 3"):
        lk.compare_partitions([0, 1], [0, 1, 1])
    with pytest.raises(TypeError, match="The 'a' argument of compare_partitions must be a "
                                        "find_clusters result"):
        lk.compare_partitions({"a": 1}, [0])
    with pytest.raises(lk.InputError, match="The 'method' argument of compare_partitions"):
        lk.compare_partitions([0], [0], method="jaccard")
    with pytest.raises(lk.InputError, match="share no organisation with a cluster in both"):
        lk.compare_partitions(pd.Series([1], index=["a"]), pd.Series([1], index=["b"]))
    with pytest.raises(TypeError, match="The 'clusters' argument of compare_layers must be a "
                                        "layer-coupled find_clusters result"):
        lk.compare_layers(lk.find_clusters(karate, seed=1))
    with pytest.raises(lk.InputError, match="The 'n_runs' argument of consensus_clusters "
                                            "must be an integer >= 2. Got 1 instead."):
        lk.consensus_clusters(example, n_runs=1)
    with pytest.raises(lk.InputError, match="The 'max_rounds' argument of consensus_clusters "
                                            "must be an integer >= 1. Got 0 instead."):
        lk.consensus_clusters(example, max_rounds=0)
    with pytest.raises(lk.InputError, match=r"The 'threshold' argument of consensus_clusters "
                                            r"must be a number in \[0, 1\]. Got 2 instead."):
        lk.consensus_clusters(example, threshold=2)
    with pytest.raises(lk.InputError, match="The 'resolutions' and 'seeds' arguments of "
                                            "resolution_sweep must each name at least one"):
        lk.resolution_sweep(example, resolutions=[])


def test_consensus_keeps_the_method_and_its_quality(example, monkeypatch):
    # CPM throughout (Lancichinetti & Fortunato 2012): the later rounds run the same method
    # with its resolution, and the quality is labelled and computed as CPM
    resolutions = []
    original = lk.Leiden.on_graph

    def spy(self, graph, *, seed):
        resolutions.append((self.objective, self.resolution))
        return original(self, graph, seed=seed)

    monkeypatch.setattr(lk.Leiden, "on_graph", spy)
    method = lk.Leiden(objective="CPM", resolution=0.05)
    agreed = lk.consensus_clusters(example, method=method, n_runs=5, seed=1)
    assert agreed.quality_name == "CPM quality"
    assert agreed.params["rounds"] > 1 and agreed.params["consensus_method"] == method
    assert len(resolutions) == 5 * agreed.params["rounds"]
    assert set(resolutions) == {("CPM", 0.05)}
    # the CPM quality as Leiden reports it, on the aggregate
    found = lk.find_clusters(example, method=method, seed=1)
    graph = lk.to_igraph(example, directed=False, weighted=False)
    assert cpm_quality(graph_ties(graph), found.membership.to_numpy(),
                       resolution=0.05) == pytest.approx(found.quality)
    assert agreed.quality == pytest.approx(cpm_quality(
        graph_ties(graph), agreed.membership.to_numpy(), resolution=0.05))
    # a layer-aware method: Leiden with its objective and resolution in the later rounds
    resolutions.clear()
    joint = lk.consensus_clusters(example, method=lk.Multiplex(
        objective="CPM", resolution=0.05, start="singletons"), n_runs=3, seed=1, max_rounds=2)
    assert joint.quality_name == "CPM quality"
    assert joint.params["consensus_method"] == lk.Leiden(objective="CPM", resolution=0.05)
    assert resolutions and set(resolutions) == {("CPM", 0.05)}
    # modularity at a resolution: the rounds keep it
    resolutions.clear()
    fine = lk.consensus_clusters(example, method=lk.Leiden(resolution=2.0), n_runs=3, seed=1)
    assert fine.quality_name == "modularity" and set(resolutions) == {("modularity", 2.0)}
