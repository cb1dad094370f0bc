"""Multiplex measures: how an organisation's ties spread over layers and where layers overlap.

Overlapping degree and participation coefficient (Battiston, Nicosia & Latora 2014), edge
overlap per pair and layer-by-layer overlap, multiplex PageRank (Halu et al. 2013) and
eigenvector versatility (De Domenico et al. 2015).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from linkages._validation import InputError, check_layers, check_one_of, check_type
from linkages.network import MultilayerNetwork

__all__ = ["overlapping_degree", "participation_coefficient", "edge_overlap", "layer_overlap",
           "multiplex_pagerank", "versatility", "PAGERANK_VARIANTS"]

#: Exponents (beta, gamma) of the multiplex PageRank variants of Halu et al. (2013).
PAGERANK_VARIANTS = {"neutral": (0, 0), "additive": (0, 1), "multiplicative": (1, 0),
                     "combined": (1, 1)}


def _layer_degrees(net: MultilayerNetwork, layers: list[str]) -> np.ndarray:
    """k[i, a]: ties of organisation i in layer a (in + out on directed layers)."""
    src, tgt, lay = net.codes()
    n = net.n_organisations
    k = np.zeros((n, len(layers)))
    for a, name in enumerate(layers):
        mask = lay == net.layers.index(name)
        k[:, a] = np.bincount(src[mask], minlength=n) + np.bincount(tgt[mask], minlength=n)
    return k


def overlapping_degree(net: MultilayerNetwork, *,
                       layers: str | Sequence[str] | None = None) -> pd.Series:
    """Overlapping degree :math:`o_i = \\sum_a k_i^{[a]}`, the ties of ``i`` over all layers.

    :math:`k_i^{[a]}` counts the ties of ``i`` in layer ``a``, incoming plus outgoing on
    directed layers (Battiston, Nicosia & Latora 2014, Phys. Rev. E 89, 032804).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> o = lk.overlapping_degree(net)
    >>> int(o.sum()) == 2 * net.n_relations
    True
    """
    layers = check_layers(layers, net.layers, caller="overlapping_degree")
    k = _layer_degrees(net, layers)
    return pd.Series(k.sum(axis=1), index=net.organisations.index, name="overlapping_degree")


def participation_coefficient(net: MultilayerNetwork, *,
                              layers: str | Sequence[str] | None = None) -> pd.Series:
    """How evenly an organisation's ties spread over the layers (0: one layer, 1: even).

    .. math:: P_i = \\frac{M}{M - 1}\\left[1 - \\sum_{a=1}^{M}
              \\left(\\frac{k_i^{[a]}}{o_i}\\right)^2\\right]

    with ``M`` layers, :math:`k_i^{[a]}` the ties of ``i`` in layer ``a`` (in + out on
    directed layers) and :math:`o_i` the overlapping degree; :math:`P_i = 0` where
    :math:`o_i = 0` (Battiston, Nicosia & Latora 2014, Phys. Rev. E 89, 032804).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> p = lk.participation_coefficient(net)
    >>> bool(p.between(0, 1).all())
    True
    """
    caller = "participation_coefficient"
    layers = check_layers(layers, net.layers, caller=caller)
    m = len(layers)
    if m < 2:
        raise InputError(f"The 'layers' argument of {caller} must name at least two layers. "
                         f"Got {layers!r} instead.")
    k = _layer_degrees(net, layers)
    o = k.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(o[:, None] > 0, k / o[:, None], 0.0)
    p = np.where(o > 0, m / (m - 1) * (1 - (share ** 2).sum(axis=1)), 0.0)
    return pd.Series(p, index=net.organisations.index, name="participation_coefficient")


def _pairs(net: MultilayerNetwork, layers: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Unordered pair keys (i * n + j, i < j) and the layer position of every tie."""
    src, tgt, lay = net.codes()
    chosen = np.isin(lay, [net.layers.index(name) for name in layers])
    s, t = src[chosen], tgt[chosen]
    a = np.searchsorted([net.layers.index(name) for name in layers], lay[chosen])
    n = np.int64(net.n_organisations)
    return np.minimum(s, t) * n + np.maximum(s, t), a


def edge_overlap(net: MultilayerNetwork, *,
                 layers: str | Sequence[str] | None = None) -> pd.DataFrame:
    """For every tied pair of organisations, the layers that tie them.

    Pairs are unordered: a directed tie in either direction ties the pair in that layer.
    The overlap of a pair is :math:`o_{ij} = \\sum_a a_{ij}^{[a]}`, the number of layers in
    which ``i`` and ``j`` are tied (Battiston, Nicosia & Latora 2014); ``overlap >= 2``
    marks multiplex ties.

    Returns
    -------
    DataFrame
        Columns ``source``, ``target`` (organisation ids, in the organisations' order), one
        boolean column per layer and ``overlap``; one row per tied pair.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> pairs = lk.edge_overlap(net)
    >>> pairs.columns.tolist()
    ['source', 'target', 'production', 'scientific', 'commercial', 'overlap']
    >>> int((pairs["overlap"] >= 2).sum()) > 0   # some pairs trade and do R&D together
    True
    """
    layers = check_layers(layers, net.layers, caller="edge_overlap")
    key, a = _pairs(net, layers)
    keys, pair = np.unique(key, return_inverse=True)
    present = np.zeros((len(keys), len(layers)), dtype=bool)
    present[pair.ravel(), a] = True
    n = np.int64(net.n_organisations)
    ids = net.organisations.index
    table = pd.DataFrame(present, columns=layers)
    table.insert(0, "source", ids.take(keys // n))
    table.insert(1, "target", ids.take(keys % n))
    table["overlap"] = present.sum(axis=1)
    return table


def layer_overlap(net: MultilayerNetwork, *, layers: str | Sequence[str] | None = None,
                  measure: str = "jaccard") -> pd.DataFrame:
    """Layer-by-layer overlap of tied (unordered) pairs.

    With :math:`E_a` the set of pairs tied in layer ``a``:

    - ``"shared"``: :math:`|E_a \\cap E_b|` (the diagonal is :math:`|E_a|`);
    - ``"jaccard"``: :math:`|E_a \\cap E_b| / |E_a \\cup E_b|` (1 on the diagonal of a
      non-empty layer; 0 when both layers are empty).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> j = lk.layer_overlap(net)
    >>> round(float(j.loc["production", "commercial"]), 3)
    0.391
    """
    caller = "layer_overlap"
    layers = check_layers(layers, net.layers, caller=caller)
    check_one_of(measure, ["jaccard", "shared"], argument="measure", caller=caller)
    present = edge_overlap(net, layers=layers)[layers].to_numpy(dtype=float)
    shared = present.T @ present
    if measure == "jaccard":
        size = np.diag(shared)
        union = size[:, None] + size[None, :] - shared
        with np.errstate(invalid="ignore", divide="ignore"):
            shared = np.where(union > 0, shared / union, 0.0)
    return pd.DataFrame(shared, index=pd.Index(layers, name="layer"),
                        columns=pd.Index(layers, name="layer"))


def _adjacency(net: MultilayerNetwork, layer: str, weighted: bool) -> sp.csr_matrix:
    """A[i, j] = weight of the tie i -> j (both directions on undirected layers)."""
    src, tgt, lay = net.codes()
    mask = lay == net.layers.index(layer)
    s, t = src[mask], tgt[mask]
    w = net.relations["weight"].to_numpy()[mask] if weighted else np.ones(mask.sum())
    if not net.directed[layer]:
        off = s != t
        s, t, w = np.r_[s, t[off]], np.r_[t, s[off]], np.r_[w, w[off]]
    n = net.n_organisations
    return sp.csr_matrix((w, (s, t)), shape=(n, n))


def multiplex_pagerank(net: MultilayerNetwork, *, layers: Sequence[str] | None = None,
                       variant: str = "combined", damping: float = 0.85,
                       weighted: bool = False, tol: float = 1e-12,
                       max_iter: int = 10_000) -> pd.Series:
    """Multiplex PageRank: the walk on one layer is biased by centrality in another.

    For two layers, with :math:`x` the ordinary PageRank of the first layer and
    :math:`A_{ij}` the tie ``j -> i`` of the second (symmetric on undirected layers):

    .. math:: X_i = \\alpha \\sum_j \\frac{x_i^\\beta A_{ij}}{G_j} X_j +
              (1 - \\alpha) \\frac{x_i^\\gamma}{\\sum_r x_r^\\gamma}, \\qquad
              G_j = \\sum_r A_{rj} x_r^\\beta

    (Halu, Mondragon, Panzarasa & Bianconi 2013, PLoS ONE 8, e78293) with
    :math:`\\alpha` = ``damping`` and the variants (beta, gamma): ``"neutral"`` (0, 0),
    ``"additive"`` (0, 1), ``"multiplicative"`` (1, 0), ``"combined"`` (1, 1). The walker
    moves preferentially to organisations central in the first layer (beta) and jumps to
    them (gamma); ``neutral`` is the ordinary PageRank of the second layer. A walker at an
    organisation with no outgoing tie (:math:`G_j = 0`) jumps as in the teleport term
    (for ``neutral``: uniformly, as ordinary PageRank). With more than two layers the rule
    is chained: each layer's walk is biased by the result of the layers before it (an
    extension; Halu et al. treat two). Solved by power iteration to L1 change < ``tol``.

    Parameters
    ----------
    layers : list of str, optional
        The layers in order of influence (first biases second); all layers by default, in
        the network's order.
    weighted : bool
        Use tie weights as :math:`A_{ij}` (default: presence, 1).

    Returns
    -------
    Series
        Sums to 1, indexed by organisation id.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> x = lk.multiplex_pagerank(net, layers=["scientific", "production"])
    >>> round(float(x.sum()), 6)
    1.0
    """
    caller = "multiplex_pagerank"
    layers = check_layers(layers, net.layers, caller=caller)
    if len(layers) < 2:
        raise InputError(f"The 'layers' argument of {caller} must name at least two layers. "
                         f"Got {layers!r} instead.")
    check_one_of(variant, list(PAGERANK_VARIANTS), argument="variant", caller=caller)
    check_type(weighted, bool, argument="weighted", caller=caller)
    if not 0 < damping < 1:
        raise InputError(f"The 'damping' argument of {caller} must be in (0, 1). "
                         f"Got {damping!r} instead.")
    beta, gamma = PAGERANK_VARIANTS[variant]
    x = np.ones(net.n_organisations)
    x = _biased_pagerank(_adjacency(net, layers[0], weighted).T.tocsr(), x, 0, 0, damping,
                         tol, max_iter, caller)
    for layer in layers[1:]:
        x = _biased_pagerank(_adjacency(net, layer, weighted).T.tocsr(), x, beta, gamma,
                             damping, tol, max_iter, caller)
    return pd.Series(x, index=net.organisations.index, name="multiplex_pagerank")


def _biased_pagerank(A: sp.csr_matrix, x: np.ndarray, beta: float, gamma: float,
                     alpha: float, tol: float, max_iter: int, caller: str) -> np.ndarray:
    """Power iteration of Halu's X = alpha M D^-1 X + dangling + teleport; A[i, j]: j -> i."""
    n = len(x)
    teleport = x ** gamma
    teleport = teleport / teleport.sum()
    M = sp.diags(x ** beta) @ A
    G = np.asarray(M.sum(axis=0)).ravel()
    dangling = G == 0
    inverse_g = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, G))
    X = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = alpha * (M @ (X * inverse_g)) + (alpha * X[dangling].sum() + 1 - alpha) * teleport
        if np.abs(new - X).sum() < tol:
            return new / new.sum()
        X = new
    raise InputError(f"{caller} did not converge in {max_iter} iterations to tol={tol}; "
                     "raise max_iter or tol.")


def versatility(net: MultilayerNetwork, *, layers: str | Sequence[str] | None = None,
                interlayer: float = 1.0, weighted: bool = False) -> pd.Series:
    """Eigenvector versatility: eigenvector centrality of the supra-adjacency matrix.

    The supra-adjacency matrix ``S`` (``N L x N L`` for ``N`` organisations and ``L``
    layers) has the layers' adjacency matrices on its diagonal blocks, entry
    ``(a N + i, a N + j)`` = tie ``i -> j`` in layer ``a``, and ``interlayer`` times the
    identity in every off-diagonal block, tying each organisation to itself across layers
    (De Domenico, Solé-Ribalta, Omodei, Gómez & Arenas 2015, Nat. Commun. 6, 6868). With
    ``v`` the leading eigenvector of :math:`S^T` (incoming ties; entries made non-negative)

    .. math:: \\Theta_i = \\sum_a v_{aN + i}, \\quad \\text{scaled so that } \\max_i
              \\Theta_i = 1.

    The definition of muxViz's multilayer eigenvector centrality.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> v = lk.versatility(net)
    >>> float(v.max())
    1.0
    """
    caller = "versatility"
    layers = check_layers(layers, net.layers, caller=caller)
    check_type(weighted, bool, argument="weighted", caller=caller)
    if not (isinstance(interlayer, int | float) and np.isfinite(interlayer) and interlayer >= 0):
        raise InputError(f"The 'interlayer' argument of {caller} must be a finite "
                         f"non-negative number. Got {interlayer!r} instead.")
    n, m = net.n_organisations, len(layers)
    blocks = [[_adjacency(net, a, weighted) if a == b else interlayer * sp.identity(n)
               for b in layers] for a in layers]
    S = sp.block_array(blocks, format="csr").astype(float)
    if n * m <= 300:
        values, vectors = np.linalg.eig(S.T.toarray())
    else:
        values, vectors = spla.eigs(S.T, k=1, which="LR")
    v = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    theta = v.reshape(m, n).sum(axis=0)
    top = theta.max()
    return pd.Series(theta / top if top > 0 else theta, index=net.organisations.index,
                     name="versatility")
