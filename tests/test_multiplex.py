"""Multiplex measures against hand-worked values, published references and numpy."""

import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.measures.multiplex import PAGERANK_VARIANTS


@pytest.fixture
def star_path():
    """Nodes 1, 2, 3; layer 'star' {1-2, 1-3}, layer 'path' {1-2, 2-3} (REFERENCES.md)."""
    orgs = pd.DataFrame(index=pd.Index([1, 2, 3], name="id"))
    rels = pd.DataFrame({"source": [1, 1, 1, 2], "target": [2, 3, 2, 3],
                         "layer": ["star", "star", "path", "path"], "weight": 1.0})
    return lk.MultilayerNetwork(orgs, rels, directed=False)


@pytest.fixture
def two_layer():
    """Five organisations, a directed and an undirected layer, one isolate in layer 'b'."""
    orgs = pd.DataFrame(index=pd.Index(list("pqrst"), name="id"))
    rels = pd.DataFrame({
        "source": ["p", "q", "r", "s", "t", "p", "p", "q", "r"],
        "target": ["q", "r", "p", "p", "p", "q", "r", "r", "s"],
        "layer": ["a"] * 5 + ["b"] * 4, "weight": [1, 2, 1, 3, 1, 2, 1, 1, 4]})
    return lk.MultilayerNetwork(orgs, rels, directed={"a": True, "b": False})


def test_participation_coefficient_star_path(star_path):
    np.testing.assert_allclose(lk.participation_coefficient(star_path), [8 / 9, 8 / 9, 1])
    assert lk.overlapping_degree(star_path).tolist() == [3, 3, 2]


def test_participation_coefficient_florentine(florentine):
    p = lk.participation_coefficient(florentine).set_axis(florentine.organisations["name"])
    o = lk.overlapping_degree(florentine).set_axis(florentine.organisations["name"])
    # Medici: k = (6, 5), o = 11, P = 2 * (1 - (6/11)^2 - (5/11)^2) = 120/121
    assert o["Medici"] == 11
    assert p["Medici"] == pytest.approx(120 / 121) == pytest.approx(0.9917, abs=1e-4)
    assert p["Peruzzi"] == pytest.approx(0.9796, abs=1e-4)   # k = (3, 4): 2 (1 - 25/49)
    assert p["Strozzi"] == 0 and p["Pucci"] == 0             # one layer only; no ties


def test_participation_counts_directed_ties_both_ways(two_layer):
    # p: layer a in 1 (r) + 2 (s, t) + out 1 (q) = 4 ties; layer b: q, r = 2 -> o = 6
    p = lk.participation_coefficient(two_layer)
    assert lk.overlapping_degree(two_layer)["p"] == 6
    assert p["p"] == pytest.approx(2 * (1 - (4 / 6) ** 2 - (2 / 6) ** 2))
    assert p["t"] == 0   # only in layer a


def test_edge_overlap_and_layer_overlap(star_path, florentine):
    pairs = lk.edge_overlap(star_path)
    assert pairs[["source", "target", "star", "path", "overlap"]].values.tolist() == [
        [1, 2, True, True, 2], [1, 3, True, False, 1], [2, 3, False, True, 1]]
    j = lk.layer_overlap(star_path)
    assert j.loc["star", "path"] == pytest.approx(1 / 3) and j.loc["star", "star"] == 1
    assert lk.layer_overlap(star_path, measure="shared").to_numpy().tolist() == [[2, 1], [1, 2]]
    # Florentine: marriage and business share the pairs tied in both (networkx oracle)
    m = lk.to_networkx(florentine, layers="marriage")
    b = lk.to_networkx(florentine, layers="business")
    both = {frozenset(e) for e in m.edges} & {frozenset(e) for e in b.edges}
    union = {frozenset(e) for e in m.edges} | {frozenset(e) for e in b.edges}
    shared = lk.layer_overlap(florentine, measure="shared")
    assert shared.loc["marriage", "business"] == len(both)
    assert lk.layer_overlap(florentine).loc["business", "marriage"] == pytest.approx(
        len(both) / len(union))
    pairs = lk.edge_overlap(florentine)
    assert (pairs["overlap"] == 2).sum() == len(both) and len(pairs) == len(union)


def test_edge_overlap_directed_pair_is_unordered(two_layer):
    pairs = lk.edge_overlap(two_layer).set_index(["source", "target"])
    # p->q and q->p? only p->q in a and p-q in b: one pair, both layers
    assert pairs.loc[("p", "q"), "overlap"] == 2
    assert pairs.loc[("r", "s"), ["a", "b"]].tolist() == [False, True]
    assert len(pairs) == 6   # pq, qr, pr, ps, pt, rs


def _halu_dense(A1: np.ndarray, A2: np.ndarray, beta: int, gamma: int, alpha: float = 0.85):
    """Halu et al. 2013 solved as a linear system (not by power iteration).

    A[i, j] = tie j -> i. Dangling columns send their walker to the teleport vector v, so
    X = alpha (M D^-1 X + v d.X) + (1 - alpha) v with sum X = 1, i.e.
    (I - alpha M D^-1 - alpha v d^T) X = (1 - alpha) v.
    """
    def solve(A, x, b, g):
        v = x ** g / (x ** g).sum()
        M = (x ** b)[:, None] * A
        G = M.sum(axis=0)
        d = (G == 0).astype(float)
        P = M / np.where(G > 0, G, 1)
        n = len(x)
        return np.linalg.solve(np.eye(n) - alpha * P - alpha * np.outer(v, d), (1 - alpha) * v)
    x = solve(A1, np.ones(len(A1)), 0, 0)
    return solve(A2, x, beta, gamma)


@pytest.mark.parametrize("variant", ["neutral", "additive", "multiplicative", "combined"])
def test_multiplex_pagerank_matches_the_formula(two_layer, variant):
    beta, gamma = PAGERANK_VARIANTS[variant]
    A1 = nx.to_numpy_array(lk.to_networkx(two_layer, layers="a"), weight=None).T  # j -> i
    A2 = nx.to_numpy_array(lk.to_networkx(two_layer, layers="b"), weight=None).T
    want = _halu_dense(A1, A2, beta, gamma)
    got = lk.multiplex_pagerank(two_layer, layers=["a", "b"], variant=variant)
    np.testing.assert_allclose(got, want, atol=1e-10)
    # weighted: weights as A values
    W1 = nx.to_numpy_array(lk.to_networkx(two_layer, layers="a")).T
    W2 = nx.to_numpy_array(lk.to_networkx(two_layer, layers="b")).T
    got = lk.multiplex_pagerank(two_layer, layers=["a", "b"], variant=variant, weighted=True)
    np.testing.assert_allclose(got, _halu_dense(W1, W2, beta, gamma), atol=1e-10)


def test_multiplex_pagerank_florentine_reference(florentine):
    net = florentine.subnetwork((florentine.organisations["name"] != "Pucci").to_numpy())
    names = net.organisations["name"].to_numpy()
    reference = {"combined": .2332, "multiplicative": .2231, "additive": .1898,
                 "neutral": .1775}
    for variant, value in reference.items():
        x = lk.multiplex_pagerank(net, layers=["marriage", "business"], variant=variant)
        assert x.to_numpy()[names == "Medici"][0] == pytest.approx(value, abs=5e-5)
    neutral = lk.multiplex_pagerank(net, layers=["marriage", "business"], variant="neutral")
    ordinary = lk.centrality(net, layers="business", measures="pagerank")
    np.testing.assert_allclose(neutral, ordinary["pagerank:business"], atol=1e-9)


def test_versatility_matches_numpy_supra_eigenvector(two_layer):
    n, names = 5, list("pqrst")
    S = np.zeros((2 * n, 2 * n))
    for layer_pos, layer in enumerate(["a", "b"]):
        rel = two_layer.layer_relations(layer)
        for s, t in zip(rel["source"], rel["target"]):
            i, j = names.index(s), names.index(t)
            S[layer_pos * n + i, layer_pos * n + j] = 1
            if layer == "b":
                S[layer_pos * n + j, layer_pos * n + i] = 1
    for i in range(n):
        S[i, n + i] = S[n + i, i] = 0.5
    values, vectors = np.linalg.eig(S.T)
    v = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    theta = v[:n] + v[n:]
    got = lk.versatility(two_layer, interlayer=0.5)
    np.testing.assert_allclose(got, theta / theta.max(), atol=1e-10)


def test_versatility_large_path_agrees_with_dense():
    # the sparse (ARPACK) branch (N L > 300) against dense numpy
    net = lk.make_regional_cluster(160, n_clusters=2, seed=1)
    got = lk.versatility(net, layers=["production", "scientific"])
    A = [nx.to_numpy_array(lk.to_networkx(net, layers=name), weight=None)
         for name in ("production", "scientific")]
    n = net.n_organisations
    S = np.block([[A[0], np.eye(n)], [np.eye(n), A[1]]])
    values, vectors = np.linalg.eig(S.T)
    v = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    theta = v[:n] + v[n:]
    np.testing.assert_allclose(got, theta / theta.max(), atol=1e-8)


def test_versatility_single_layer_is_eigenvector_centrality(florentine):
    v = lk.versatility(florentine, layers="marriage")
    e = lk.centrality(florentine, layers="marriage", measures="eigenvector")
    np.testing.assert_allclose(v, e["eigenvector:marriage"] / e["eigenvector:marriage"].max(),
                               atol=1e-8)


@pytest.mark.parametrize("call, message", [
    (lambda n: lk.participation_coefficient(n, layers="a"),
     "The 'layers' argument of participation_coefficient must name at least two layers. "
     "Got ['a'] instead."),
    (lambda n: lk.multiplex_pagerank(n, layers=["a"]),
     "The 'layers' argument of multiplex_pagerank must name at least two layers."),
    (lambda n: lk.multiplex_pagerank(n, variant="mixed"),
     "The 'variant' argument of multiplex_pagerank must be one of ['additive', 'combined', "
     "'multiplicative', 'neutral']. Got 'mixed' instead."),
    (lambda n: lk.multiplex_pagerank(n, damping=0),
     "The 'damping' argument of multiplex_pagerank must be in (0, 1). Got 0 instead."),
    (lambda n: lk.multiplex_pagerank(n, max_iter=1),
     "multiplex_pagerank did not converge in 1 iterations"),
    (lambda n: lk.layer_overlap(n, measure="cosine"),
     "The 'measure' argument of layer_overlap must be one of ['jaccard', 'shared']."),
    (lambda n: lk.versatility(n, interlayer=-1),
     "The 'interlayer' argument of versatility must be a finite non-negative number."),
    (lambda n: lk.edge_overlap(n, layers="c"),
     "The 'layers' argument of edge_overlap must be one of ['a', 'b']. Got 'c' instead."),
])
def test_errors(two_layer, call, message):
    with pytest.raises(lk.InputError, match=re.escape(message)):
        call(two_layer)


def test_weighted_must_be_bool(two_layer):
    with pytest.raises(TypeError, match="The 'weighted' argument of versatility must be a bool"):
        lk.versatility(two_layer, weighted=1)
