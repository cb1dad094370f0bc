"""Classic centralities: Florentine reference values and networkx as oracle."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.measures.centrality import MEASURES, betweenness


@pytest.fixture(scope="module")
def example():
    return lk.load_example()


@pytest.fixture(scope="module")
def marriage15(florentine):
    """Marriage layer of the 15 connected families (Pucci left out), indexed by name."""
    keep = florentine.organisations["name"] != "Pucci"
    net = florentine.subnetwork(keep.to_numpy())
    c = lk.centrality(net, layers="marriage", measures=list(MEASURES))
    return c.set_axis(net.organisations["name"].to_numpy())


REFERENCE = pd.DataFrame(   # REFERENCES.md, Florentine marriage layer, 15 families
    {"degree": [6, 4, 3, 4, 3, 3], "betweenness": [.522, .255, .212, .103, .114, .092],
     "eigenvector": [.430, .289, .244, .356, .342, .326],
     "closeness": [.560, .467, .483, .438, .500, .483],
     "pagerank": [.1458, .0984, .0791, .0881, .0696, .0713]},
    index=["Medici", "Guadagni", "Albizzi", "Strozzi", "Ridolfi", "Tornabuoni"])


@pytest.mark.parametrize("measure", ["degree", "betweenness", "eigenvector", "closeness",
                                     "pagerank"])
def test_florentine_marriage_reference_values(marriage15, measure):
    got = marriage15.loc[REFERENCE.index, f"{measure}:marriage"]
    tol = 5e-5 if measure == "pagerank" else 5e-4
    np.testing.assert_allclose(got, REFERENCE[measure], atol=tol)


def test_florentine_with_isolated_pucci(florentine):
    c = lk.centrality(florentine, measures=["degree", "betweenness"])
    c.index = florentine.organisations["name"]
    assert c.loc["Medici", "betweenness:marriage"] == pytest.approx(0.452, abs=5e-4)
    assert c.loc["Pucci", "betweenness:marriage"] == 0
    assert c.loc["Medici", ["degree:marriage", "degree:business"]].tolist() == [6, 5]


def _oracle(G: nx.Graph, measure: str, n: int) -> dict[str, dict]:
    """networkx values named like centrality's columns (unweighted unless strength)."""
    if measure == "degree":     # distinct partners in either direction
        return {measure: dict(G.to_undirected(as_view=True).degree())}
    if measure in ("in_degree", "out_degree", "in_strength", "out_strength", "strength"):
        weight = "weight" if "strength" in measure else None
        if not G.is_directed() or measure == "strength":
            return {measure: dict(G.degree(weight=weight))}
        degree = G.in_degree if measure.startswith("in_") else G.out_degree
        return {measure: dict(degree(weight=weight))}
    if measure == "betweenness":
        return {measure: nx.betweenness_centrality(G)}
    if measure == "closeness":
        return {measure: nx.closeness_centrality(G)}
    if measure == "harmonic":
        return {measure: {k: v / (n - 1) for k, v in nx.harmonic_centrality(G).items()}}
    if measure == "pagerank":
        return {measure: nx.pagerank(G, weight=None, tol=1e-12, max_iter=10_000)}
    return {measure: nx.core_number(G)}


@pytest.mark.parametrize("measure", [m for m in MEASURES
                                     if m not in ("eigenvector", "hub", "authority")])
def test_networkx_oracle_on_example(example, measure):
    c = lk.centrality(example, measures=measure)
    n = example.n_organisations
    for layer in (*example.layers, "aggregate"):
        layers = None if layer == "aggregate" else layer
        G = lk.to_networkx(example, layers=layers)
        for name, expected in _oracle(G, measure, n).items():
            want = pd.Series(expected).reindex(c.index).to_numpy(dtype=float)
            np.testing.assert_allclose(c[f"{name}:{layer}"], want, atol=1e-8,
                                       err_msg=f"{name}:{layer}")


def test_eigenvector_matches_networkx_and_numpy_on_undirected_views(example):
    c = lk.centrality(example, measures="eigenvector")
    G = lk.to_networkx(example)   # the aggregate is connected: networkx accepts it
    want = pd.Series(nx.eigenvector_centrality_numpy(G, weight=None)).reindex(c.index)
    np.testing.assert_allclose(c["eigenvector:aggregate"], np.abs(want), atol=1e-8)
    # the scientific layer has isolates (networkx refuses): dense numpy eigenvector
    A = nx.to_numpy_array(lk.to_networkx(example, layers="scientific"), weight=None)
    values, vectors = np.linalg.eigh(A)
    x = np.abs(vectors[:, -1])
    np.testing.assert_allclose(c["eigenvector:scientific"], x, atol=1e-8)


def test_eigenvector_directed_uses_incoming_ties():
    # cycle 0->1->2->0 plus 0->2: in-eigenvector solves lambda x = A^T x
    orgs = pd.DataFrame(index=pd.Index(list("abc"), name="id"))
    rels = pd.DataFrame({"source": list("abca"), "target": list("bcac"),
                         "layer": "production", "weight": 1.0})
    c = lk.centrality(lk.MultilayerNetwork(orgs, rels), measures="eigenvector")
    A = np.array([[0, 1, 1], [0, 0, 1], [1, 0, 0]], dtype=float)
    values, vectors = np.linalg.eig(A.T)
    x = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    np.testing.assert_allclose(c["eigenvector:production"], x / np.linalg.norm(x), atol=1e-8)


def test_weighted_path_measures_use_inverse_weights(example):
    # commercial values are lognormal: no ties between path lengths to break differently
    layer = "commercial"
    c = lk.centrality(example, layers=layer, measures=["betweenness", "closeness", "harmonic"],
                      weighted=True)
    G = lk.to_networkx(example, layers=layer)
    for _, _, d in G.edges(data=True):
        d["length"] = 1 / d["weight"]
    want = pd.Series(nx.betweenness_centrality(G, weight="length")).reindex(c.index)
    np.testing.assert_allclose(c[f"betweenness:{layer}"], want, atol=1e-8)
    want = pd.Series(nx.closeness_centrality(G, distance="length")).reindex(c.index)
    np.testing.assert_allclose(c[f"closeness:{layer}"], want, atol=1e-8)
    want = pd.Series(nx.harmonic_centrality(G, distance="length")).reindex(c.index) / 299
    np.testing.assert_allclose(c[f"harmonic:{layer}"], want, atol=1e-8)


def test_hits_matches_networkx_on_a_strongly_connected_layer():
    # HITS is unique only when A^T A has a simple leading eigenvalue: a random digraph
    G = nx.gnp_random_graph(60, 0.1, seed=2, directed=True)
    net = lk.from_networkx(G, default_layer="trade", directed=True)
    c = lk.centrality(net, measures=["hub", "authority"])
    hubs, authorities = nx.hits(G, max_iter=10_000, tol=1e-12)
    np.testing.assert_allclose(c["hub:trade"], pd.Series(hubs).reindex(c.index), atol=1e-8)
    np.testing.assert_allclose(c["authority:trade"], pd.Series(authorities).reindex(c.index),
                               atol=1e-8)


def test_weighted_pagerank(example):
    c = lk.centrality(example, layers="production", measures="pagerank", weighted=True)
    G = lk.to_networkx(example, layers="production")
    want = pd.Series(nx.pagerank(G, weight="weight", tol=1e-12, max_iter=10_000)).reindex(c.index)
    np.testing.assert_allclose(c["pagerank:production"], want, atol=1e-8)


def test_sampled_betweenness_is_seeded_and_unbiased(example):
    graph = lk.to_igraph(example)
    exact = betweenness(graph)
    a = betweenness(graph, samples=60, seed=3)
    assert np.array_equal(a, betweenness(graph, samples=60, seed=3))
    assert not np.array_equal(a, betweenness(graph, samples=60, seed=4))
    assert np.array_equal(betweenness(graph, samples=10_000, seed=1), exact)
    # the mean over many samples approaches the exact value (unbiased estimator)
    mean = np.mean([betweenness(graph, samples=60, seed=s) for s in range(40)], axis=0)
    top = np.argsort(exact)[-10:]
    np.testing.assert_allclose(mean[top], exact[top], rtol=0.15)
    c = lk.centrality(example, measures="betweenness", betweenness_samples=60, seed=3,
                      layers=list(example.layers), aggregate=True)
    np.testing.assert_array_equal(c["betweenness:aggregate"], a)


def test_single_layer_has_no_aggregate(example):
    c = lk.centrality(example, layers="scientific", measures="degree")
    assert c.columns.tolist() == ["degree:scientific"]
    assert c.index.equals(example.organisations.index)


@pytest.mark.parametrize("kwargs, message", [
    ({"measures": "fame"}, "The 'measures' argument of centrality must be one of"),
    ({"measures": []}, "The 'measures' argument of centrality must name at least one"),
    ({"layers": "sales"}, "The 'layers' argument of centrality must be one of "
                          "['commercial', 'production', 'scientific']. Got 'sales' instead."),
    ({"damping": 1.5}, "The 'damping' argument of centrality must be in (0, 1). Got 1.5"),
    ({"betweenness_samples": 0}, "The 'betweenness_samples' argument of centrality must be a "
                                 "positive integer, 'auto' or None. Got 0 instead."),
    ({"betweenness_samples": "some"}, "The 'betweenness_samples' argument of centrality must "
                                      "be a positive integer, 'auto' or None. Got 'some'"),
])
def test_errors(example, kwargs, message):
    with pytest.raises(lk.InputError, match=_escape(message)):
        lk.centrality(example, **kwargs)


def test_weighted_must_be_bool(example):
    with pytest.raises(TypeError, match="The 'weighted' argument of centrality must be a bool"):
        lk.centrality(example, weighted="yes")


def _escape(text: str) -> str:
    import re
    return re.escape(text)


def test_auto_betweenness_is_exact_on_small_networks_and_sampled_on_large(example):
    auto = lk.centrality(example, measures="betweenness", layers="scientific")
    exact = lk.centrality(example, measures="betweenness", layers="scientific",
                          betweenness_samples=None)
    pd.testing.assert_frame_equal(auto, exact)               # 300 organisations: exact
    from linkages.measures.centrality import BETWEENNESS_BUDGET, resolve_samples

    class Large:                                             # only the sizes are read
        n_organisations, n_relations = 1_000_000, 10_000_000
    assert resolve_samples("auto", Large, caller="centrality") == 2
    Large.n_relations = 900_000
    assert resolve_samples("auto", Large, caller="centrality") == BETWEENNESS_BUDGET // 900_000


def test_ties_paths_match_igraph_sampled_betweenness_and_pagerank():
    """The igraph-free paths leaders use at scale give igraph's values (same sources)."""
    import igraph as ig
    import numpy as np

    from linkages.measures.centrality import (
        betweenness,
        betweenness_from_ties,
        pagerank_from_ties,
    )
    for directed in (False, True):
        g = ig.Graph.Erdos_Renyi(n=800, m=2400, directed=directed)
        e = np.array(g.get_edgelist(), dtype=np.int64)
        expected = betweenness(g, samples=15, seed=4)
        got = betweenness_from_ties(800, e[:, 0], e[:, 1], directed=directed,
                                    samples=15, seed=4)
        np.testing.assert_allclose(got, expected, atol=1e-12)
        w = np.random.default_rng(1).random(len(e))
        w[:5] = 0.0
        g.es["weight"] = w
        s, t = e[:, 0], e[:, 1]
        if not directed:
            s, t, w = np.r_[s, t], np.r_[t, s], np.r_[w, w]
        np.testing.assert_allclose(pagerank_from_ties(800, s, t, w),
                                   g.pagerank(directed=directed, weights="weight"),
                                   atol=1e-10)


def test_ties_path_of_centrality_matches_igraph(monkeypatch):
    """Above EXACT_BETWEENNESS_MAX, degrees, strengths and PageRank come from the ties:
    igraph's values on the views, self-loops and reciprocated pairs included."""
    import numpy as np
    import pandas as pd

    import linkages as lk
    from linkages.measures import centrality as module

    rng = np.random.default_rng(5)
    ids = [f"o{i}" for i in range(120)]
    frames = []
    for layer in ("production", "scientific"):
        s, t = rng.integers(0, 120, 500), rng.integers(0, 120, 500)
        frames.append(pd.DataFrame({"source": np.take(ids, s), "target": np.take(ids, t),
                                    "layer": layer, "weight": rng.random(500).round(3)}))
    rels = pd.concat(frames + [pd.DataFrame({"source": ["o1", "o2"], "target": ["o1", "o2"],
                                             "layer": ["production", "scientific"],
                                             "weight": [2.0, 3.0]})])
    net = lk.from_tables(pd.DataFrame({"id": ids}), rels, duplicates="sum")
    measures = sorted(module.TIES_MEASURES)
    for weighted in (False, True):
        expected = lk.centrality(net, measures=measures, weighted=weighted)
        monkeypatch.setattr(module, "EXACT_BETWEENNESS_MAX", 10)
        net.views.clear()
        got = lk.centrality(net, measures=measures, weighted=weighted)
        assert len(net.views) == 0
        monkeypatch.setattr(module, "EXACT_BETWEENNESS_MAX", 5_000)
        pd.testing.assert_index_equal(got.columns, expected.columns)
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-12)
