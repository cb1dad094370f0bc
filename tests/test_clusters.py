"""Clusters: checked against published optima, planted partitions and oracles."""

import random
import sys

import leidenalg as la
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.clusters import find, inputs, layer_methods, methods
from linkages.clusters.quality import tie_modularity

# -- fixtures ---------------------------------------------------------------------------------


def _from_nx(G, layer="friendship"):
    """A network from a networkx graph with edge data stripped (unweighted)."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges())
    return lk.from_networkx(H, default_layer=layer)


@pytest.fixture(scope="module")
def karate():
    return _from_nx(nx.karate_club_graph())


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


@pytest.fixture(scope="module")
def lfr():
    """networkx LFR graphs (n=1000, tau1=3, tau2=1.5, <k>=20, k_max=50, sizes 20-100), seed 0."""
    graphs = {}
    for mu in (0.1, 0.3):
        G = nx.LFR_benchmark_graph(1000, 3, 1.5, mu, average_degree=20, max_degree=50,
                                   min_community=20, max_community=100, seed=0)
        truth = pd.Series({v: min(G.nodes[v]["community"]) for v in G})
        for v in G:
            del G.nodes[v]["community"]
        src, tgt = np.array(G.edges()).T
        realised = float(np.mean(truth[src].to_numpy() != truth[tgt].to_numpy()))
        graphs[mu] = (_from_nx(G), truth, realised)
    return graphs


def _sbm(truths, p_in, p_out, seed):
    """One undirected stochastic-block-model layer per planted partition in ``truths``."""
    rng = np.random.default_rng(seed)
    n = len(truths[0])
    i, j = np.triu_indices(n, 1)
    rows = []
    for layer, truth in enumerate(truths):
        keep = rng.random(len(i)) < np.where(truth[i] == truth[j], p_in, p_out)
        rows.append(pd.DataFrame({"source": i[keep], "target": j[keep],
                                  "layer": f"L{layer}", "weight": 1.0}))
    orgs = pd.DataFrame(index=pd.Index(range(n), name="id"))
    return lk.MultilayerNetwork(orgs, pd.concat(rows, ignore_index=True), directed=False)


PLANTED = np.repeat(np.arange(5), 60)


# -- Zachary karate club ----------------------------------------------------------------------
def test_karate_leiden_reaches_the_known_optimum(karate):
    # Brandes et al. 2008: optimum Q = 0.419790, 4 communities of 12/11/6/5.
    for seed in range(5):
        found = lk.find_clusters(karate, seed=seed)
        assert found.quality == pytest.approx(0.419790, abs=1e-6)
        assert found.sizes.tolist() == [12, 11, 6, 5]
    # networkx as the oracle of the modularity value
    G = nx.karate_club_graph()
    parts = [set(g.index) for _, g in found.membership.groupby(found.membership)]
    assert nx.community.modularity(G, parts, weight=None) == pytest.approx(found.quality)
    assert lk.modularity(karate, found) == pytest.approx(found.quality)
    # NMI (arithmetic) of the optimum to the two factions: 0.5878 (REFERENCES.md)
    club = karate.organisations["club"]
    assert lk.compare_partitions(found, club) == pytest.approx(0.5878, abs=1e-4)
    assert lk.modularity(karate, club) == pytest.approx(0.3582, abs=1e-4)


def test_karate_two_factions_at_low_resolution(karate):
    found = lk.find_clusters(karate, method=lk.Leiden(resolution=0.5), seed=1)
    assert found.n_clusters == 2
    table = pd.crosstab(found.membership, karate.organisations["club"])
    assert sorted(table.to_numpy().ravel().tolist()) == [1, 1, 16, 16]   # 32 of 34 right


def test_louvain_and_label_propagation_on_karate(karate):
    # igraph multilevel reaches the optimum in about 23 of 100 seeds (REFERENCES.md)
    qualities = [lk.find_clusters(karate, method="louvain", seed=s).quality for s in range(20)]
    assert max(qualities) == pytest.approx(0.419790, abs=1e-6)
    assert min(qualities) > 0.38 and max(qualities) < 0.419790 + 1e-6
    lp = lk.find_clusters(karate, method="label_propagation", seed=3)
    assert lp.quality_name == "modularity" and 0.1 < lp.quality <= 0.42


# -- LFR benchmark ----------------------------------------------------------------------------
@pytest.mark.parametrize("mu", [0.1, 0.3])
@pytest.mark.parametrize("method", ["leiden", "infomap"])
def test_lfr_planted_partition_recovered(lfr, mu, method):
    net, truth, realised = lfr[mu]
    found = lk.find_clusters(net, method=method, seed=1)
    nmi = lk.compare_partitions(found, truth)
    print(f"LFR mu={mu}: realised mixing {realised:.3f}, {method} NMI {nmi:.4f}")
    # networkx realises more mixing than asked (REFERENCES.md): 0.155 and 0.455 here
    assert realised == pytest.approx({0.1: 0.155, 0.3: 0.455}[mu], abs=0.005)
    assert nmi >= 0.95


# -- multiplex and layer-coupled --------------------------------------------------------------
def test_multiplex_recovers_what_no_single_layer_can():
    net = _sbm([PLANTED] * 3, 0.07, 0.01, seed=1)
    truth = pd.Series(PLANTED, index=net.organisations.index)
    joint = lk.find_clusters(net, method="multiplex", seed=1)
    # small: both starts run, the better one is kept and recorded
    assert joint.params["method"].start in ("singletons", "aggregate")
    assert lk.compare_partitions(joint, truth) >= 0.95
    for layer in net.layers:
        best = max(lk.compare_partitions(lk.find_clusters(net, layers=layer, seed=s), truth)
                   for s in range(3))
        assert best <= 0.65
    per_layer = lk.layer_modularity(net, joint)
    assert joint.quality == pytest.approx(per_layer.mean())


def test_multiplex_warm_start_matches_cold_start(monkeypatch):
    # layers of different density: the aggregate start scales each by 1 / its 2m
    net = _sbm([PLANTED] * 3, 0.07, 0.01, seed=1)
    dense = _sbm([PLANTED], 0.2, 0.03, seed=2).relations.assign(layer="L3")
    net = lk.MultilayerNetwork(net.organisations, pd.concat([net.relations, dense]),
                               directed=False)
    truth = pd.Series(PLANTED, index=net.organisations.index)
    cold = lk.find_clusters(net, method=lk.Multiplex(start="singletons"), seed=1)
    assert cold.params["method"].start == "singletons"
    for iterations in (0, 1, -1):
        warm = lk.find_clusters(net, method=lk.Multiplex(start="aggregate",
                                                         n_iterations=iterations), seed=1)
        assert warm.params["method"].start == "aggregate"
        assert warm.quality >= cold.quality - 1e-3
        assert lk.compare_partitions(warm, truth) >= 0.9
        assert warm.quality == pytest.approx(lk.layer_modularity(net, warm).mean())
    again = lk.find_clusters(net, method=lk.Multiplex(start="aggregate"), seed=1)
    assert again.membership.equals(warm.membership) and again.quality == warm.quality
    # "auto": singletons on small networks (unchanged results), the aggregate above
    assert lk.find_clusters(net, method="multiplex", seed=1).membership.equals(cold.membership)
    monkeypatch.setattr(layer_methods, "AUTO_WARM_TIES", 100)
    assert lk.find_clusters(net, method="multiplex", seed=1).params["method"].start == \
        "aggregate"


def test_multiplex_warm_start_weighs_layers_as_the_objective(example, monkeypatch):
    # sum_l lambda_l Q_l: a tie inside a cluster adds lambda_l / m_l, so the aggregate that
    # seeds the multiplex optimiser weighs each layer's ties by lambda_l / m_l (times a constant)
    lam = {"production": 1.0, "scientific": 3.0, "commercial": 0.5}
    seen, original = {}, layer_methods.arc_graph

    def spy(net, **options):
        seen.update(options)
        return original(net, **options)

    monkeypatch.setattr(layer_methods, "arc_graph", spy)
    lk.find_clusters(example, method=lk.Multiplex(start="aggregate"), layer_weights=lam, seed=1)
    m = {name: len(example.layer_relations(name)) for name in lam}   # 557, 707, 370 ties
    per_tie = [seen["layer_weights"][name] * m[name] / lam[name] for name in lam]
    assert per_tie == pytest.approx([np.mean(list(m.values()))] * 3)


def test_multiplex_cpm_aggregate_start_is_the_same_objective(example):
    # leidenalg's multiplex CPM, sum_l lambda_l (arcs inside - gamma n_c (n_c - 1)), is twice
    # igraph's aggregate CPM sum_c (e_c - gamma' n_c^2 / 2) plus gamma' N / 2, with ties
    # weighted lambda_l (halved in the directed layers) and gamma' = gamma sum_l lambda_l
    lam = {"production": 1.0, "scientific": 2.0, "commercial": 0.5}
    gamma, rng = 0.05, np.random.default_rng(0)
    agg = inputs.arc_graph(example, layers=list(example.layers), weighted=False,
                           layer_weights={name: lam[name] * (
                               0.5 if example.directed[name] else 1.0) for name in lam})
    for k in (1, 3, 10, 50):
        labels = rng.integers(0, k, 300)
        found = lk.find_clusters(example, method=lk.Multiplex(
            objective="CPM", resolution=gamma, start="aggregate", n_iterations=0),
            layer_weights=lam, seed=1)
        if k == 1:
            labels = found.membership.to_numpy()
        multiplex = sum(lam[name] * la.CPMVertexPartition(
            lk.to_igraph(example, layers=name, weighted=False), weights="weight",
            resolution_parameter=gamma, initial_membership=labels.tolist()).quality()
            for name in lam)
        src, tgt = np.array(agg.get_edgelist()).T
        inside = np.array(agg.es["weight"])[labels[src] == labels[tgt]].sum()
        aggregate = inside - gamma * sum(lam.values()) * (np.bincount(labels) ** 2).sum() / 2
        assert multiplex == pytest.approx(2 * aggregate + gamma * sum(lam.values()) * 300)
        if k == 1:
            assert found.quality == pytest.approx(multiplex)


def test_multiplex_directed_layer_matches_leidenalg(example):
    found = lk.find_clusters(example, method="multiplex", layers="production", seed=2)
    graph = lk.to_igraph(example, layers="production")
    oracle = la.ModularityVertexPartition(graph, initial_membership=found.membership.tolist())
    assert graph.is_directed()
    assert found.quality == pytest.approx(oracle.quality())
    assert lk.layer_modularity(example, found, layers="production")["production"] == \
        pytest.approx(oracle.quality())


def test_coupled_recovers_a_partition_that_differs_by_layer():
    rng = np.random.default_rng(3)
    moved = PLANTED.copy()
    movers = rng.choice(len(moved), 60, replace=False)
    moved[movers] = (moved[movers] + 1 + rng.integers(0, 4, 60)) % 5
    net = _sbm([PLANTED, moved], 0.15, 0.01, seed=2)
    found = lk.find_clusters(net, method=lk.Coupled(omega=0.5), seed=1)
    layers = found.layer_membership
    assert lk.compare_partitions(layers["L0"], pd.Series(PLANTED)) == 1.0
    assert lk.compare_partitions(layers["L1"], pd.Series(moved)) == 1.0
    assert found.switches.sum() == 60 and found.switches.iloc[movers].all()
    assert lk.compare_layers(found).loc["L0", "L1"] < 0.8
    # one partition for all layers (multiplex) cannot show the movers
    assert lk.find_clusters(net, method="multiplex", seed=1).n_clusters == 5


def test_multislice_modularity_florentine(florentine):
    # REFERENCES.md (Mucha et al. 2010), 15 families with ties, same partition in both layers
    net = florentine.subnetwork(florentine.organisations.index[
        florentine.organisations["name"] != "Pucci"])
    groups = [["Acciaiuoli", "Medici", "Pazzi", "Ridolfi", "Salviati", "Tornabuoni"],
              ["Albizzi", "Ginori"], ["Barbadori", "Castellani", "Peruzzi", "Strozzi"],
              ["Bischeri", "Guadagni", "Lamberteschi"]]
    label = {name: k for k, group in enumerate(groups) for name in group}
    partition = net.organisations["name"].map(label)
    for omega, expected in [(0, 0.328571), (0.5, 0.447059), (1, 0.530000)]:
        assert lk.multiplex_modularity(net, partition, omega=omega) == \
            pytest.approx(expected, abs=1e-6)
    table = pd.DataFrame({"marriage": partition, "business": partition})
    assert lk.multiplex_modularity(net, table, omega=1) == pytest.approx(0.53)
    best = max((lk.find_clusters(net, method=lk.Coupled(omega=1), seed=s) for s in range(10)),
               key=lambda c: c.quality)
    assert best.quality == pytest.approx(0.53, abs=1e-6)
    assert lk.compare_partitions(best, partition) == 1.0
    assert lk.multiplex_modularity(net, best, omega=1) == pytest.approx(0.53, abs=1e-6)


def test_infomap_multilayer_per_layer_membership():
    net = _sbm([PLANTED] * 2, 0.15, 0.01, seed=4)
    found = lk.find_clusters(net, method="infomap_multilayer", seed=1)
    assert found.quality_name == "codelength" and found.quality > 0
    assert list(found.layer_membership.columns) == ["L0", "L1"]
    assert lk.compare_partitions(found, pd.Series(PLANTED)) >= 0.95


# -- the example data -------------------------------------------------------------------------
def test_example_planted_clusters_recovered(example):
    truth = example.organisations["planted_cluster"]
    nmi = {method: lk.compare_partitions(lk.find_clusters(example, method=method, seed=1),
                                         truth)
           for method in ("leiden", "multiplex", "louvain")}
    print("example NMI to planted clusters:", {k: round(v, 3) for k, v in nmi.items()})
    assert nmi["leiden"] >= 0.9 and nmi["multiplex"] >= 0.9 and nmi["louvain"] >= 0.8
    weighted = lk.find_clusters(example, weighted=True, seed=1)
    assert weighted.n_clusters > 4   # heavy-tailed values split off small groups (documented)


def test_unweighted_aggregate_counts_layers(tiny):
    # B-A tied in production and scientific, C-A in production, U-A and U-B in scientific
    graph = inputs.cluster_graph(tiny, layers=list(tiny.layers),
                                 layer_weights={"production": 2.0, "scientific": 1.0},
                                 weighted=False)
    names = tiny.organisations.index
    weights = {frozenset((names[e.source], names[e.target])): e["weight"] for e in graph.es}
    assert weights == {frozenset("AB"): 3.0, frozenset("AC"): 2.0, frozenset("AU"): 1.0,
                       frozenset("BU"): 1.0}


def test_clusters_on_a_territory(example):
    north = example.select(region="North")
    found = lk.find_clusters(north, seed=1)
    assert found.membership.index.equals(north.organisations.index)
    assert len(found.membership) == 142
    near = example.within(center=(45.6, 9.2), radius_km=30)
    assert lk.find_clusters(near, seed=1).membership.index.equals(near.organisations.index)


def test_cpm_objective(karate):
    # CPM at resolution 0 rewards every internal tie: one cluster per component (Traag 2011)
    found = lk.find_clusters(karate, method=lk.Leiden(objective="CPM", resolution=0), seed=1)
    assert found.n_clusters == 1 and found.quality == pytest.approx(1.0)
    fine = lk.find_clusters(karate, method=lk.Leiden(objective="CPM", resolution=0.5), seed=1)
    assert fine.quality_name == "CPM quality" and fine.n_clusters > 4
    # igraph's CPM quality: sum over clusters of (2 e_c - gamma n_c^2), divided by 2m
    m = fine.membership
    rel = karate.relations
    inside = m[rel["source"]].to_numpy() == m[rel["target"]].to_numpy()
    e = np.bincount(m[rel["source"]].to_numpy()[inside], minlength=fine.n_clusters)
    n = fine.sizes.to_numpy()
    assert fine.quality == pytest.approx((2 * e - 0.5 * n ** 2).sum() / (2 * 78))


# -- seeds ------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["leiden", "louvain", "label_propagation", "infomap",
                                    "multiplex", "coupled", "infomap_multilayer"])
def test_same_seed_same_result(example, method):
    state = random.getstate()
    a = lk.find_clusters(example, method=method, seed=11)
    b = lk.find_clusters(example, method=method, seed=11)
    assert random.getstate() == state   # the global random module is left alone
    assert a.membership.equals(b.membership) and a.quality == b.quality and a.seed == 11
    if a.layer_membership is not None:
        assert a.layer_membership.equals(b.layer_membership)
    assert a.membership.name == "cluster"
    assert (a.membership.value_counts().sort_index().diff().dropna() <= 0).all()  # 0 largest


def test_seed_none_is_recorded(example):
    found = lk.find_clusters(example, method="label_propagation")
    again = lk.find_clusters(example, method="label_propagation", seed=found.seed)
    assert again.membership.equals(found.membership)


def test_repr_and_sizes(karate):
    found = lk.find_clusters(karate, seed=1)
    assert repr(found) == ("Clusters(method='leiden', 4 clusters of sizes [12, 11, 6, 5], "
                           "modularity=0.4198, seed=1)")
    assert found.sizes.to_dict() == {0: 12, 1: 11, 2: 6, 3: 5}


# -- networkit --------------------------------------------------------------------------------
def test_networkit_engine_matches_igraph_modularity(lfr):
    pytest.importorskip("networkit")
    net = lfr[0.3][0]
    reference = lk.find_clusters(net, seed=1).quality
    for method in ("leiden", "louvain"):
        kind = {"leiden": lk.Leiden, "louvain": lk.Louvain}[method]
        fast = lk.find_clusters(net, method=kind(engine="networkit"), seed=1)
        assert fast.params["method"].engine == "networkit"
        assert fast.quality == pytest.approx(reference, rel=0.01)
        assert fast.quality == pytest.approx(lk.modularity(net, fast))
    auto = lk.find_clusters(net, method=lk.Leiden(engine="auto"), seed=1)
    assert auto.params["method"].engine == "igraph"  # small


def test_default_engine_is_chosen_by_size_and_recorded(lfr, monkeypatch):
    net = lfr[0.3][0]                                   # 1,000 organisations, ~10k ties
    small = lk.find_clusters(net, seed=1)
    assert small.params["method"] == lk.Leiden(engine="igraph")
    assert small.params["why"].startswith("engine='auto': igraph, as the chosen layers have")
    assert small.params["why"].endswith("its import costs about 2 s")     # the trade-off
    assert lk.find_clusters(net, method=lk.Leiden(engine="igraph"), seed=1).membership.equals(
        small.membership)
    pytest.importorskip("networkit")
    monkeypatch.setattr(methods, "AUTO_NETWORKIT_TIES", 1_000)   # the fast engine's size
    first = lk.find_clusters(net, seed=7)
    chosen = first.params["method"]
    assert chosen == lk.Leiden(engine="networkit", n_iterations=methods.AUTO_ITERATIONS)
    assert "networkit" in first.params["why"] and "AUTO_ITERATIONS" in first.params["why"]
    again = lk.find_clusters(net, seed=7)
    assert again.membership.equals(first.membership) and again.quality == first.quality
    rerun = lk.find_clusters(net, **first.params, seed=first.seed)
    assert rerun.membership.equals(first.membership)
    assert first.quality == pytest.approx(small.quality, rel=0.01)
    louvain = lk.find_clusters(net, method=lk.Louvain(engine="auto"), seed=7)
    assert louvain.params["method"].engine == "networkit" and "why" in louvain.params
    # an explicit engine or iteration count is kept as given, with no note
    kept = lk.find_clusters(net, method=lk.Leiden(engine="auto", n_iterations=5), seed=7)
    assert kept.params["method"].n_iterations == 5
    forced = lk.find_clusters(net, method=lk.Leiden(engine="igraph"), seed=7)
    assert "why" not in forced.params
    cpm = lk.find_clusters(net, method=lk.Leiden(objective="CPM", resolution=0.05,
                                                 engine="auto"), seed=7)
    assert cpm.params["method"].engine == "igraph" and "modularity only" in cpm.params["why"]


def test_networkit_missing_is_explained(karate, monkeypatch):
    monkeypatch.setitem(sys.modules, "networkit", None)
    with pytest.raises(ImportError, match="engine='networkit' needs the optional package"):
        lk.find_clusters(karate, method=lk.Leiden(engine="networkit"), seed=1)
    auto = lk.find_clusters(karate, method=lk.Louvain(engine="auto"), seed=1)
    assert auto.params["method"].engine == "igraph"
    monkeypatch.setattr(methods, "AUTO_NETWORKIT_TIES", 10)
    auto = lk.find_clusters(karate, seed=1)
    assert auto.params["method"].engine == "igraph"
    assert "networkit is not installed" in auto.params["why"]


# -- quality ---------------------------------------------------------------------------------
def test_modularity_per_layer_matches_networkx(example):
    truth = example.organisations["planted_cluster"]
    values = lk.layer_modularity(example, truth)
    for layer in example.layers:
        rel = example.layer_relations(layer)
        G = nx.DiGraph() if example.directed[layer] else nx.Graph()
        G.add_nodes_from(example.organisations.index)
        G.add_edges_from(zip(rel["source"], rel["target"]))
        parts = [set(g.index) for _, g in truth.groupby(truth)]
        assert values[layer] == pytest.approx(nx.community.modularity(G, parts))


def test_tie_modularity_matches_igraph(example):
    truth = example.organisations["planted_cluster"].to_numpy()
    for directed in (True, False):
        ties = lk.aggregate_ties(example, directed=directed)
        graph = lk.to_igraph(example, directed=directed)
        for gamma in (0.5, 1.0):
            assert tie_modularity(ties, truth, resolution=gamma) == pytest.approx(
                graph.modularity(truth.tolist(), weights="weight", resolution=gamma,
                                 directed=True))


def test_modularity_return_types_do_not_change_with_options(example):
    truth = example.organisations["planted_cluster"]
    for layers in (None, "production", ["scientific", "commercial"]):
        assert isinstance(lk.modularity(example, truth, layers=layers), float)
        per_layer = lk.layer_modularity(example, truth, layers=layers)
        assert isinstance(per_layer, pd.Series) and per_layer.name == "modularity"
        assert per_layer.index.name == "layer" and per_layer.dtype == "float64"
        assert isinstance(lk.multiplex_modularity(example, truth, layers=layers), float)
    # the aggregate of one layer is undirected: what Leiden clusters
    found = lk.find_clusters(example, layers="production", seed=1)
    assert lk.modularity(example, found, layers="production") == pytest.approx(found.quality)


# -- method objects ---------------------------------------------------------------------------
def test_a_name_is_the_method_with_its_defaults(example):
    for name, cls in [("leiden", lk.Leiden), ("louvain", lk.Louvain),
                      ("label_propagation", lk.LabelPropagation), ("infomap", lk.Infomap),
                      ("coupled", lk.Coupled), ("infomap_multilayer", lk.MultilayerInfomap)]:
        by_name = lk.find_clusters(example, method=name, seed=3)
        by_object = lk.find_clusters(example, method=cls(), seed=3)
        assert by_name.method == by_object.method == name
        assert by_name.membership.equals(by_object.membership)
        # an "auto" option is recorded as the choice made on this network
        default = cls(**find.NAME_OPTIONS.get(name, {}))
        if isinstance(default, methods.GraphMethod):
            default = default.resolved(example, list(example.layers))
        assert by_name.params["method"] == default


def test_params_rerun_the_same_result(example):
    for method in (lk.Leiden(objective="CPM", resolution=0.05), lk.Louvain(resolution=2),
                   lk.Multiplex(start="aggregate", n_iterations=1),
                   lk.Coupled(omega=0.3), lk.MultilayerInfomap(relax_rate=0.4)):
        found = lk.find_clusters(example, method=method, layers=["production", "commercial"],
                                 layer_weights={"production": 2.0}, weighted=True, seed=5)
        assert set(found.params) - {"why"} == {"method", "layers", "layer_weights",
                                                "weighted"}
        again = lk.find_clusters(example, **found.params, seed=found.seed)
        assert again.membership.equals(found.membership) and again.quality == found.quality


def test_an_option_of_another_method_cannot_be_passed(example):
    with pytest.raises(TypeError, match="unexpected keyword argument 'objective'"):
        lk.Louvain(objective="CPM")
    with pytest.raises(TypeError, match="unexpected keyword argument 'engine'"):
        lk.Multiplex(engine="networkit")
    with pytest.raises(TypeError, match="unexpected keyword argument 'start'"):
        lk.Coupled(start="aggregate")
    with pytest.raises(TypeError, match="unexpected keyword argument 'resolution'"):
        lk.find_clusters(example, method="infomap", resolution=2)


def test_method_from_options_for_the_command_line():
    make = find.method_from_options
    assert make("leiden", engine="auto", resolution=2) == lk.Leiden(resolution=2,
                                                                    engine="auto")
    # defaults the command line fills in are left out where they do not apply
    assert make("multiplex", engine="igraph", resolution=1.0) == lk.Multiplex()
    assert make("infomap", engine="igraph", resolution=1.0) == lk.Infomap()
    assert make("leiden", engine=None) == lk.Leiden()
    with pytest.raises(lk.InputError, match=r"The 'engine' argument of find_clusters applies "
                       r"only to the methods \['leiden', 'louvain'\]. Got method 'coupled'."):
        make("coupled", engine="networkit")
    with pytest.raises(lk.InputError, match=r"The 'resolution' argument of find_clusters "
                       r"applies only to the methods \['coupled', 'leiden', 'louvain', "
                       r"'multiplex'\]. Got method 'infomap'."):
        make("infomap", resolution=2.0)
    with pytest.raises(lk.InputError, match=r"The 'method' argument of find_clusters must be "
                       r"one of \['coupled', 'infomap', 'infomap_multilayer'"):
        make("walktrap")


# -- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("make, message", [
    (lambda: lk.Leiden(objective="surprise"),
     r"The 'objective' argument of Leiden must be one of \['CPM', 'modularity'\]. "
     r"Got 'surprise' instead."),
    (lambda: lk.Leiden(engine="gpu"),
     r"The 'engine' argument of Leiden must be one of \['auto', 'igraph', 'networkit'\]. "
     r"Got 'gpu' instead."),
    (lambda: lk.Louvain(engine="gpu"), r"The 'engine' argument of Louvain must be one of"),
    (lambda: lk.Leiden(resolution=-1),
     r"The 'resolution' argument of Leiden must be a finite number >= 0. Got -1 instead."),
    (lambda: lk.Leiden(n_iterations=1.5),
     r"The 'n_iterations' argument of Leiden must be an integer \(negative: until the "
     r"partition is stable\). Got 1.5 instead."),
    (lambda: lk.Multiplex(start="middle"),
     r"The 'start' argument of Multiplex must be one of \['aggregate', 'auto', "
     r"'singletons'\]. Got 'middle' instead."),
    (lambda: lk.Multiplex(objective="surprise"), r"The 'objective' argument of Multiplex"),
    (lambda: lk.Coupled(omega=float("nan")),
     r"The 'omega' argument of Coupled must be a finite number >= 0. Got nan instead."),
    (lambda: lk.Coupled(resolution="high"), r"The 'resolution' argument of Coupled"),
    (lambda: lk.MultilayerInfomap(relax_rate=1.5),
     r"The 'relax_rate' argument of MultilayerInfomap must be a number in \[0, 1\]. "
     r"Got 1.5 instead."),
])
def test_method_option_errors(make, message):
    with pytest.raises(lk.InputError, match=message):
        make()


@pytest.mark.parametrize("kwargs, error, message", [
    ({"method": "walktrap"}, lk.InputError,
     r"The 'method' argument of find_clusters must be one of \['coupled', 'infomap'"),
    ({"method": 3}, TypeError,
     r"The 'method' argument of find_clusters must be a method name or a method object "
     r"such as Leiden\(\). Got int instead."),
    ({"seed": -3}, lk.InputError,
     r"The 'seed' argument of find_clusters must be a non-negative integer or None. Got -3"),
    ({"seed": 1.5}, lk.InputError, r"The 'seed' argument of find_clusters"),
    ({"layers": "sales"}, lk.InputError,
     r"The 'layers' argument of find_clusters must be one of \['commercial', 'production', "
     r"'scientific'\]. Got 'sales' instead."),
    ({"layer_weights": {"production": -1}}, lk.InputError,
     r"The 'layer_weights' argument of find_clusters must map layers to finite non-negative"),
])
def test_find_clusters_errors(example, kwargs, error, message):
    with pytest.raises(error, match=message):
        lk.find_clusters(example, **kwargs)


def test_other_errors(example):
    with pytest.raises(TypeError, match="The 'net' argument of find_clusters must be a "
                                        "MultilayerNetwork. Got Graph instead."):
        lk.find_clusters(nx.Graph())
    with pytest.raises(lk.InputError, match=r"The 'membership' argument of "
                                            r"multiplex_modularity has no column for the "
                                            r"layers \['scientific'\]"):
        lk.multiplex_modularity(example, pd.DataFrame({"production": [0] * 300,
                                                       "commercial": [0] * 300},
                                                      index=example.organisations.index),
                                layers=["production", "scientific"])
    with pytest.raises(lk.InputError, match="The 'omega' argument of multiplex_modularity"):
        lk.multiplex_modularity(example, [0] * 300, omega=-1)
    with pytest.raises(lk.InputError, match="The 'membership' argument of modularity must "
                                            r"give one cluster per organisation \(300\)"):
        lk.modularity(example, [0, 1])
    with pytest.raises(lk.InputError, match="The 'resolution' argument of layer_modularity"):
        lk.layer_modularity(example, [0] * 300, resolution=-2)


# -- corrections of issue 12 --------------------------------------------------------------------
def test_networkit_same_seed_same_result(monkeypatch):
    nk = pytest.importorskip("networkit")
    net = lk.make_regional_cluster(2000, seed=3)
    threads = nk.engineering.getMaxNumberOfThreads()
    for method in (lk.Leiden(engine="networkit"), lk.Louvain(engine="networkit")):
        runs = [lk.find_clusters(net, method=method, seed=7) for _ in range(4)]
        assert all(run.membership.equals(runs[0].membership) for run in runs[1:])
        assert nk.engineering.getMaxNumberOfThreads() == threads   # restored after
    # n_iterations reaches ParallelLeiden
    seen = {}
    original = nk.community.ParallelLeiden

    def spy(graph, **options):
        seen.update(options)
        return original(graph, **options)

    monkeypatch.setattr(nk.community, "ParallelLeiden", spy)
    lk.find_clusters(net, method=lk.Leiden(engine="networkit", n_iterations=2), seed=1)
    assert seen["iterations"] == 2
    lk.find_clusters(net, method=lk.Leiden(engine="networkit"), seed=1)
    assert seen["iterations"] == methods.NETWORKIT_MAX_ITERATIONS
    alone = lk.find_clusters(net, method=lk.Leiden(engine="networkit", n_iterations=0), seed=1)
    assert alone.n_clusters == net.n_organisations


def test_multiplex_auto_start_keeps_the_better_start(monkeypatch):
    # a noisy planted multiplex: each start settles on its own optimum; "auto" keeps the best
    wins = set()
    for seed in (2, 3):
        net = lk.make_regional_cluster(600, mixing=0.4, seed=seed)
        runs = {start: lk.find_clusters(net, method=lk.Multiplex(start=start), seed=1)
                for start in ("singletons", "aggregate", "auto")}
        best = max(runs["singletons"].quality, runs["aggregate"].quality)
        assert runs["auto"].quality == pytest.approx(best)
        assert runs["auto"].quality >= runs["singletons"].quality
        assert runs["auto"].quality >= runs["aggregate"].quality
        chosen = runs["auto"].params["method"].start
        assert runs["auto"].membership.equals(runs[chosen].membership)
        wins.add(chosen)
        # params rerun the same result
        again = lk.find_clusters(net, **runs["auto"].params, seed=1)
        assert again.membership.equals(runs["auto"].membership)
    assert wins == {"singletons", "aggregate"}   # seed 2: singletons, seed 3: aggregate
    # above AUTO_WARM_TIES only the aggregate start runs
    monkeypatch.setattr(layer_methods, "AUTO_WARM_TIES", 100)
    calls = []
    original = layer_methods.Multiplex._optimise

    def spy(self, *args):
        calls.append(args[-2] is None)
        return original(self, *args)

    monkeypatch.setattr(layer_methods.Multiplex, "_optimise", spy)
    found = lk.find_clusters(net, method="multiplex", seed=1)
    assert calls == [False] and found.params["method"].start == "aggregate"
