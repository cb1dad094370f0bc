"""Partner suggestions (link prediction) with their reasons, unsupervised or fitted.

For every organisation asked about, :func:`suggest_partners` ranks the organisations it is
not yet tied to in a layer, and says why ("3 common scientific partners, same cluster,
12 km, works on SC3 like you"). The features of a pair (query ``q``, candidate ``j``,
layer ``l``) are computed for blocks of queries at once, with sparse matrix products (no
Python loop per pair), read only at the pairs within reach (``hops`` steps or a shared
theme) unless those are most of the block:

- ``common``, ``adamic_adar``, ``resource_allocation``: common neighbours of ``q`` and
  ``j`` in layer ``l`` (Liben-Nowell & Kleinberg 2007; Adamic & Adar 2003, weights
  ``1 / log(degree)``; Zhou, Lu & Zhang 2009, weights ``1 / degree``), ties of directed
  layers read both ways;
- ``common_other``, ``adamic_adar_other``: the same through ties of the other layers;
- ``paths3``: paths of length three in layer ``l`` (friends of friends of friends);
- ``activity``: ``j``'s partners in layer ``l`` (preferential attachment: active
  organisations gain partners), ``activity_all``: in any layer;
- ``other_layers``: layers other than ``l`` that already tie ``q`` and ``j``;
- ``same_cluster``: 1 when both are in the same cluster (``clusters``);
- ``helix``: 1 when the two belong to different triple-helix groups
  (:data:`linkages.vocabulary.HELIX_GROUPS`: industry, academia, government);
- ``type_affinity``, ``region_affinity``: the share of ``q``'s partners (all layers)
  that have ``j``'s type, ``j``'s region (who ``q`` usually works with);
- ``proximity``: ``1 / (1 + km / 50)`` from the great-circle distance, where both have
  ``lat`` and ``lon`` (0 otherwise);
- ``themes``: cosine similarity of the two organisations' theme profiles (the programme
  parts of their projects, their sector: ``theme`` with or without ``records``).

The unsupervised default combines them with fixed weights (:data:`DEFAULT_WEIGHTS`, on
``log(1 + x)`` of the counts); :func:`fit_suggestions` learns the combination from a
network's own history (earlier ties -> later new ties) with scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import reverse_cuthill_mckee

from linkages._validation import (
    InputError,
    check_columns,
    check_known_ids,
    check_layers,
    check_one_of,
    check_type,
    preview,
)
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork, haversine_km
from linkages.vocabulary import HELIX_GROUPS

__all__ = ["suggest_partners", "fit_suggestions", "SuggestionModel", "FEATURES",
           "DEFAULT_WEIGHTS", "pair_feature_blocks"]

#: The features of a pair, in the order the fitted models read them.
FEATURES = ("common", "adamic_adar", "resource_allocation", "common_other",
            "adamic_adar_other", "paths3", "activity", "activity_all", "other_layers",
            "same_cluster", "helix", "type_affinity", "region_affinity", "proximity",
            "themes")
#: Features read as ``log(1 + x)`` by the default score and the fitted models (counts).
LOGGED = ("common", "adamic_adar", "resource_allocation", "common_other",
          "adamic_adar_other", "paths3", "activity", "activity_all")
#: Weights of the unsupervised default score: ``sum_k w_k f_k`` with ``f_k`` the
#: feature (``log(1 + x)`` for :data:`LOGGED`). Chosen on the CORDIS history before 2016
#: (2014-2015 ties predicting the new ties of 2016; see ``benchmarks/bench_suggest.py``);
#: the weights of the features CORDIS lacks (other layers, clusters, distance) are priors.
DEFAULT_WEIGHTS: dict[str, float] = {
    "adamic_adar": 1.0, "adamic_adar_other": 0.5, "paths3": 0.05, "activity": 0.15,
    "activity_all": 0.1, "other_layers": 0.5, "same_cluster": 0.3,
    "helix": 0.05, "type_affinity": 0.3, "region_affinity": 0.3, "proximity": 0.3,
    "themes": 0.3}

# Blocks of queries: dense features on at most _DENSE_CELLS queries x organisations (1M
# was faster than 4M on CORDIS: the arrays stay in cache); pair by pair, queries x the
# organisations they reach at most _BLOCK_CELLS. Features are dense past _DENSE_SHARE of
# a block's pairs (measured on CORDIS and the realistic 100k network; bench_suggest.py).
_DENSE_CELLS = 1_000_000
_BLOCK_CELLS = 4_000_000
_DENSE_SHARE = 0.05


# -- the context: matrices computed once per network ----------------------------------------

@dataclass
class _Context:
    """Everything the features need, computed once per network."""

    ids: pd.Index
    layers: list[str]
    adjacency: dict[str, sp.csr_matrix]            # binary, symmetric, per layer
    every: sp.csr_matrix                           # binary, symmetric, any layer
    degree: dict[str, np.ndarray]
    degree_all: np.ndarray
    clusters: np.ndarray | None                    # codes, -1 none
    helix: np.ndarray | None                       # codes, -1 unknown
    types: np.ndarray | None                       # codes, -1 unknown
    type_names: np.ndarray | None
    type_share: sp.csr_matrix | None               # n x types: share of partners
    regions: np.ndarray | None
    region_share: sp.csr_matrix | None
    lat: np.ndarray | None
    lon: np.ndarray | None
    themes: sp.csr_matrix | None                   # n x themes, rows of unit length
    theme_counts: sp.csr_matrix | None
    theme_names: np.ndarray | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)


def _binary(s: np.ndarray, t: np.ndarray, n: int) -> sp.csr_matrix:
    """Symmetric 0/1 adjacency (self-loops dropped) from tie endpoints."""
    keep = s != t
    s, t = s[keep], t[keep]
    m = sp.csr_matrix((np.ones(2 * len(s)), (np.concatenate([s, t]), np.concatenate([t, s]))),
                      shape=(n, n))
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _share(adjacency: sp.csr_matrix, codes: np.ndarray, degree: np.ndarray
           ) -> sp.csr_matrix:
    """n x k: the share of each organisation's partners having each code."""
    known = codes >= 0
    k = int(codes.max()) + 1 if known.any() else 1
    onehot = sp.csr_matrix((np.ones(int(known.sum())), (np.flatnonzero(known), codes[known])),
                           shape=(len(codes), k))
    counts = (adjacency @ onehot).tocsr()
    return (sp.diags(1.0 / np.maximum(degree, 1)) @ counts).tocsr()


def _context(net: MultilayerNetwork, *, clusters: Any, records: pd.DataFrame | None,
             theme: str | None, organisation: str, type: str | None, region: str | None,
             lat: str, lon: str, caller: str) -> _Context:
    orgs = net.organisations
    n = net.n_organisations
    src, tgt, lay = net.codes()
    adjacency = {name: _binary(src[lay == i], tgt[lay == i], n)
                 for i, name in enumerate(net.layers)}
    every = _binary(src, tgt, n)
    degree = {name: np.diff(a.indptr).astype(float) for name, a in adjacency.items()}
    degree_all = np.diff(every.indptr).astype(float)

    codes = None
    if clusters is not None:
        codes = group_codes(clusters, orgs, argument="clusters", caller=caller)[0]

    helix = types = type_names = type_share = None
    if type is not None and type in orgs.columns:
        values = orgs[type].astype(object).where(orgs[type].notna(), None)
        group = {t: i for i, ts in enumerate(HELIX_GROUPS.values()) for t in ts}
        helix = values.map(lambda v: group.get(v, -1)).to_numpy(dtype=np.int64)
        types, uniques = pd.factorize(values, sort=True)
        type_names = np.asarray(uniques, dtype=object)
        type_share = _share(every, types, degree_all)

    regions = region_share = None
    if region is not None and region in orgs.columns:
        regions = pd.factorize(orgs[region], sort=True)[0]
        region_share = _share(every, regions, degree_all)

    la = lo = None
    if lat in orgs.columns and lon in orgs.columns:
        la = pd.to_numeric(orgs[lat], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        lo = pd.to_numeric(orgs[lon], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if not (np.isfinite(la) & np.isfinite(lo)).any():
            la = lo = None

    themes = theme_counts = theme_names = None
    if theme is not None:
        check_type(theme, str, argument="theme", caller=caller)
        if records is None:
            if theme not in orgs.columns:
                raise InputError(f"The 'theme' argument of {caller} must be a column of the "
                                 f"organisations (or of 'records', when given). Got {theme!r} "
                                 f"instead; the organisations have the columns "
                                 f"{[str(c) for c in orgs.columns]!r}.")
            who = np.arange(n)
            values = orgs[theme]
        else:
            check_columns(records, [organisation, theme], argument="records", caller=caller)
            who = net.organisations.index.get_indexer(records[organisation])
            values = records[theme]
        ok = (who >= 0) & values.notna().to_numpy()
        code, uniques = pd.factorize(values[ok], sort=True)
        theme_counts = sp.csr_matrix((np.ones(len(code)), (who[ok], code)),
                                     shape=(n, max(len(uniques), 1)))
        theme_counts.sum_duplicates()
        norm = np.sqrt(np.asarray(theme_counts.multiply(theme_counts).sum(axis=1)).ravel())
        themes = (sp.diags(1.0 / np.where(norm > 0, norm, 1.0)) @ theme_counts).tocsr()
        theme_names = np.asarray(uniques, dtype=object)
    elif records is not None:
        raise InputError(f"The 'theme' argument of {caller} must name a column of 'records' "
                         "when records are given. Got None instead.")

    return _Context(ids=orgs.index, layers=list(net.layers), adjacency=adjacency, every=every,
                    degree=degree, degree_all=degree_all, clusters=codes, helix=helix,
                    types=types, type_names=type_names, type_share=type_share,
                    regions=regions, region_share=region_share, lat=la, lon=lo,
                    themes=themes, theme_counts=theme_counts, theme_names=theme_names)


def _lookup(share: sp.csr_matrix, rows: np.ndarray, r: np.ndarray, codes: np.ndarray
            ) -> np.ndarray:
    """``share[rows[r], codes]`` pair by pair, broadcast (0 where the code is unknown)."""
    out = share[rows].toarray()[r, np.maximum(codes, 0)]
    return np.where(codes >= 0, out, 0.0)


def _keys(m: sp.csr_matrix) -> np.ndarray:
    """The flat positions ``r * columns + j`` of a CSR matrix's entries, sorted (the matrix
    is made canonical in place, so ``m.data`` lines up with them)."""
    m.sum_duplicates()
    return (np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr)) * m.shape[1]
            + m.indices)


def _dense(pairs: int, rows: int, n: int) -> bool:
    """Whether a block's pairs are most of it: then its features are computed dense."""
    return pairs >= _DENSE_SHARE * rows * n


def _at(matrix: Any, cells: np.ndarray | None) -> np.ndarray:
    """A (rows x n) matrix: dense without ``cells``, else at the flat ``cells`` (sorted)."""
    if cells is None:
        return matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
    m = sp.csr_matrix(matrix)
    keys = _keys(m)
    if not len(keys):
        return np.zeros(len(cells))
    pos = np.minimum(np.searchsorted(keys, cells), len(keys) - 1)
    return np.where(keys[pos] == cells, m.data[pos], 0.0)


def _block(ctx: _Context, layer: str, rows: np.ndarray, cells: np.ndarray | None = None
           ) -> dict[str, np.ndarray]:
    """Every feature of the pairs ``rows`` x every organisation.

    Dense ``(rows, n)`` arrays without ``cells`` or when ``cells`` (flat positions ``r * n
    + j``, sorted) are most of the block. Else 1-d arrays over ``cells`` only: the products
    stay sparse and are read at those pairs (suggestions within a few steps)."""
    n = ctx.n
    if cells is not None and _dense(len(cells), len(rows), n):
        cells = None                # most pairs: the dense products are faster
    a = ctx.adjacency[layer]
    deg = ctx.degree[layer]
    if cells is None:               # broadcast: rows down, organisations across
        r, j = np.arange(len(rows))[:, None], np.arange(n)[None, :]
        shape: tuple[int, ...] = (len(rows), n)
    else:
        r, j = np.divmod(cells, n)
        shape = (len(cells),)
    q_of = rows[r]                                   # each pair's query
    q = a[rows]
    out: dict[str, np.ndarray] = {}
    out["common"] = _at(q @ a, cells)
    out["adamic_adar"] = _at(q @ sp.diags(1.0 / np.log(np.maximum(deg, 2))) @ a, cells)
    out["resource_allocation"] = _at(q @ sp.diags(1.0 / np.maximum(deg, 1)) @ a, cells)
    if len(ctx.layers) > 1:
        qo = ctx.every[rows]
        out["common_other"] = np.clip(_at(qo @ ctx.every, cells) - out["common"], 0, None)
        out["adamic_adar_other"] = np.clip(_at(
            qo @ sp.diags(1.0 / np.log(np.maximum(ctx.degree_all, 2))) @ ctx.every, cells)
            - out["adamic_adar"], 0, None)
    else:
        out["common_other"] = np.zeros(shape)
        out["adamic_adar_other"] = np.zeros(shape)
    if cells is None:
        # paths of length 3: (q A) A, through the transpose so the dense side is on the right
        out["paths3"] = np.asarray((a @ out["common"].T).T)
    else:       # only towards the pairs' organisations, so the product stays small
        cols, col = np.unique(j, return_inverse=True)
        out["paths3"] = _at((q @ a) @ a[cols].T, r * len(cols) + col.ravel())
    out["activity"] = np.broadcast_to(deg[j], shape).copy()
    out["activity_all"] = np.broadcast_to(ctx.degree_all[j], shape).copy()
    tied = np.zeros(shape)
    for name in ctx.layers:
        if name != layer:
            tied += _at(ctx.adjacency[name][rows], cells)
    out["other_layers"] = tied
    if ctx.clusters is not None:
        cl = ctx.clusters
        out["same_cluster"] = ((cl[q_of] == cl[j]) & (cl[j] >= 0)).astype(float)
    else:
        out["same_cluster"] = np.zeros(shape)
    if ctx.helix is not None:
        h = ctx.helix
        out["helix"] = ((h[q_of] != h[j]) & (h[q_of] >= 0) & (h[j] >= 0)).astype(float)
    else:
        out["helix"] = np.zeros(shape)
    out["type_affinity"] = (_lookup(ctx.type_share, rows, r, ctx.types[j])
                            if ctx.type_share is not None and ctx.types is not None
                            else np.zeros(shape))
    out["region_affinity"] = (_lookup(ctx.region_share, rows, r, ctx.regions[j])
                              if ctx.region_share is not None and ctx.regions is not None
                              else np.zeros(shape))
    if ctx.lat is not None and ctx.lon is not None:
        km = haversine_km(ctx.lat[q_of], ctx.lon[q_of], ctx.lat[j], ctx.lon[j])
        out["km"] = km
        out["proximity"] = np.where(np.isfinite(km), 1.0 / (1.0 + km / 50.0), 0.0)
    else:
        out["proximity"] = np.zeros(shape)
    out["themes"] = (_at(ctx.themes[rows] @ ctx.themes.T, cells) if ctx.themes is not None
                     else np.zeros(shape))
    return out


def _design(block: Mapping[str, np.ndarray], mask: np.ndarray | tuple[np.ndarray, ...]
            ) -> np.ndarray:
    """The features of the chosen cells as a (cells, features) matrix, counts logged."""
    shape = block["common"].shape
    cells = (np.flatnonzero(mask) if isinstance(mask, np.ndarray) and mask.dtype == bool
             else np.ravel_multi_index(mask, shape))
    x = np.empty((len(cells), len(FEATURES)))
    for k, name in enumerate(FEATURES):
        np.take(block[name].reshape(-1), cells, out=x[:, k])
        if name in LOGGED:
            np.log1p(x[:, k], out=x[:, k])
    return x


def _default_score(block: Mapping[str, np.ndarray], weights: Mapping[str, float]
                   ) -> np.ndarray:
    score = np.zeros(block["common"].shape)
    for name, w in weights.items():
        if w:
            score += w * (np.log1p(block[name]) if name in LOGGED else block[name])
    return score


def _candidates(ctx: _Context, layer: str, rows: np.ndarray,
                reach: sp.csr_matrix | None = None) -> np.ndarray:
    """The pairs that may be suggested, as sorted flat positions ``r * n + j`` in ``rows x
    n``: not the organisation itself, not already a partner in the layer, and within
    ``reach`` when given (else any organisation)."""
    n = ctx.n
    if reach is None or _dense(reach.nnz, len(rows), n):
        allowed = (ctx.adjacency[layer][rows].toarray() == 0 if reach is None
                   else reach.toarray() & (ctx.adjacency[layer][rows].toarray() == 0))
        allowed[np.arange(len(rows)), rows] = False
        return np.flatnonzero(allowed)
    excluded = np.union1d(_keys(ctx.adjacency[layer][rows]),
                          np.arange(len(rows), dtype=np.int64) * n + rows)
    return np.setdiff1d(_keys(reach), excluded, assume_unique=True)


def _reach(ctx: _Context, rows: np.ndarray, hops: int) -> sp.csr_matrix:
    """Boolean (rows x n): organisations within ``hops`` steps in any layer, or sharing a
    theme."""
    frontier = ctx.every[rows]
    reach = frontier.copy()
    for _ in range(hops - 1):
        frontier = frontier @ ctx.every
        reach = reach + frontier
    if ctx.themes is not None:
        reach = reach + ctx.themes[rows] @ ctx.themes.T
    return (reach > 0).tocsr()


def _local_blocks(ctx: _Context, rows: np.ndarray, hops: int
                  ) -> Iterator[tuple[np.ndarray, sp.csr_matrix]]:
    """``(rows, reach)`` blocks covering ``rows``: rows x the organisations they reach at
    most ``_BLOCK_CELLS`` (so the paths of length three towards them stay small), or rows x
    every organisation at most ``_DENSE_CELLS`` when the block will be dense. Rows are taken
    in cluster order (else reverse Cuthill-McKee order of the ties), so neighbouring rows
    share their reach; a block above the budget is cut smaller."""
    if ctx.clusters is not None:
        order = np.argsort(ctx.clusters[rows], kind="stable")
    else:
        rank = np.empty(ctx.n, dtype=np.int64)
        rank[reverse_cuthill_mckee(ctx.every, symmetric_mode=True)] = np.arange(ctx.n)
        order = np.argsort(rank[rows], kind="stable")
    rows = rows[order]
    for start in range(0, len(rows), 512):
        chunk = rows[start:start + 512]
        pending = [(chunk, _reach(ctx, chunk, hops))]
        while pending:                      # last in, first out: row order is kept
            chunk, reach = pending.pop()
            dense = _dense(reach.nnz, len(chunk), ctx.n)
            reached = (ctx.n if dense else
                       np.count_nonzero(np.bincount(reach.indices, minlength=ctx.n)))
            budget = _DENSE_CELLS if dense else _BLOCK_CELLS
            if len(chunk) == 1 or len(chunk) * reached <= budget:
                yield chunk, reach
            else:                           # pieces that would fit if reach were shared
                size = max(1, min(len(chunk) // 2, budget // reached))
                for cut in range(size * ((len(chunk) - 1) // size), -1, -size):
                    pending.append((chunk[cut:cut + size], reach[cut:cut + size]))


def pair_feature_blocks(net: MultilayerNetwork, organisations: Any = None, *,
                        layer: str | None = None, clusters: Any = None,
                        records: pd.DataFrame | None = None, theme: str | None = None,
                        organisation: str = "organisation", type: str | None = "type",
                        region: str | None = "region", lat: str = "lat", lon: str = "lon",
                        block_size: int | None = None, context: Any = None):
    """Yield ``(rows, features)`` blocks: positions of the queried organisations and a dict
    of dense (rows x organisations) feature arrays for ``layer``. Shared with the benchmark
    and :func:`fit_suggestions`; the public entry is :func:`suggest_partners`."""
    caller = "suggest_partners"
    ctx = context if context is not None else _context(
        net, clusters=clusters, records=records, theme=theme, organisation=organisation,
        type=type, region=region, lat=lat, lon=lon, caller=caller)
    layer = _one_layer(net, layer, caller=caller)
    rows = _rows(net, organisations, caller=caller)
    size = block_size or max(1, _DENSE_CELLS // max(ctx.n, 1))
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        yield chunk, _block(ctx, layer, chunk)


def _one_layer(net: MultilayerNetwork, layer: str | None, *, caller: str) -> str:
    if layer is None:
        if len(net.layers) != 1:
            raise InputError(f"The 'layer' argument of {caller} must name one of "
                             f"{sorted(net.layers)!r} (the network has several). Got None "
                             "instead.")
        return net.layers[0]
    return check_one_of(layer, list(net.layers), argument="layer", caller=caller)


def _rows(net: MultilayerNetwork, organisations: Any, *, caller: str) -> np.ndarray:
    if organisations is None:
        return np.arange(net.n_organisations)
    if isinstance(organisations, str) or np.isscalar(organisations):
        organisations = [organisations]
    ids = pd.Series(list(organisations), dtype=object)
    if ids.empty:
        raise InputError(f"The 'organisations' argument of {caller} must name at least one "
                         "organisation. Got an empty list instead.")
    index = net.organisations.index
    ids = ids.astype(index.dtype) if isinstance(index.dtype, pd.StringDtype) else ids
    return check_known_ids(ids, index, argument="organisations", caller=caller)


# -- the fitted model -------------------------------------------------------------------------

class SuggestionModel:
    """A combination of the pair features learnt from a network's history.

    Made by :func:`fit_suggestions`; passed to :func:`suggest_partners` as ``model``. Holds
    the scikit-learn estimator (``estimator``), the method, the number of pairs and new
    ties it learnt from (``pairs``, ``positives``), and for logistic regression the
    standardised coefficients (``coefficients``, a Series by feature).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> early = net.relations.iloc[::2]           # made-up history: half the ties first
    >>> later = net.relations.iloc[1::2]
    >>> train = lk.MultilayerNetwork(net.organisations, early)
    >>> model = lk.fit_suggestions(train, later, layer="scientific", seed=1)
    >>> model.method, model.positives > 0
    ('logistic', True)
    """

    def __init__(self, estimator: Any, method: str, pairs: int, positives: int) -> None:
        self.estimator = estimator
        self.method = method
        self.pairs = pairs
        self.positives = positives

    @property
    def coefficients(self) -> pd.Series | None:
        """Standardised logistic-regression coefficients by feature (None for boosting)."""
        last = getattr(self.estimator, "steps", [(None, self.estimator)])[-1][1]
        coef = getattr(last, "coef_", None)
        return None if coef is None else pd.Series(coef[0], index=list(FEATURES))

    def score(self, block: Mapping[str, np.ndarray], mask: Any) -> np.ndarray:
        """Scores (log-odds or probability) of the chosen cells of a feature block."""
        linear = self._linear()
        if linear is not None:                 # logistic: a weighted sum, no design matrix
            weights, intercept = linear
            out = np.full(block["common"].shape, intercept)
            for name, w in zip(FEATURES, weights, strict=True):
                if w:
                    out += w * (np.log1p(block[name]) if name in LOGGED else block[name])
            return out[mask]
        x = _design(block, mask)
        if hasattr(self.estimator, "decision_function"):
            return np.asarray(self.estimator.decision_function(x), dtype=float)
        return np.asarray(self.estimator.predict_proba(x)[:, 1], dtype=float)

    def _linear(self) -> tuple[np.ndarray, float] | None:
        """(weights, intercept) on the raw features when the estimator is a standardised
        logistic regression, else None."""
        steps = getattr(self.estimator, "steps", None)
        if not steps or len(steps) != 2 or not hasattr(steps[1][1], "coef_"):
            return None
        scaler, last = steps[0][1], steps[1][1]
        if not hasattr(scaler, "scale_"):
            return None
        weights = last.coef_[0] / scaler.scale_
        return weights, float(last.intercept_[0] - (weights * scaler.mean_).sum())

    def __repr__(self) -> str:
        return (f"SuggestionModel({self.method}, {self.pairs:,} pairs, "
                f"{self.positives:,} new ties)")


def fit_suggestions(train: MultilayerNetwork, later_ties: pd.DataFrame, *,
                    layer: str | None = None, method: str = "logistic",
                    clusters: Any = None, records: pd.DataFrame | None = None,
                    theme: str | None = None, organisation: str = "organisation",
                    type: str | None = "type", region: str | None = "region",
                    negatives: int = 50, max_organisations: int | None = 1000,
                    seed: int | None = 0) -> SuggestionModel:
    """Learn how the pair features combine from history: earlier ties -> later new ties.

    ``train`` is the network as it was (e.g. the ties of earlier periods); ``later_ties``
    the ties seen afterwards (``source``, ``target``, and ``layer`` when the network has
    several). A later tie between organisations already tied in ``layer`` is not new and
    is left out. For up to ``max_organisations`` organisations of ``train`` with a new
    partner (drawn with ``seed``), every new partner is a positive and ``negatives``
    organisations drawn among the others (not themselves, not their partners) are the
    negatives; the features are those of :func:`suggest_partners`, computed on ``train``
    only, so nothing of the later ties leaks into them.

    Parameters
    ----------
    train : MultilayerNetwork
    later_ties : DataFrame
        Columns ``source``, ``target`` (organisation ids of ``train``; others are
        ignored) and ``layer`` (optional: rows of other layers are ignored).
    layer : str, optional
        The layer to learn (needed when ``train`` has several).
    method : {'logistic', 'boosting'}
        Logistic regression on standardised features (``sklearn.linear_model.
        LogisticRegression``) or gradient boosting (``HistGradientBoostingClassifier``).
    clusters, records, theme, organisation, type, region
        As in :func:`suggest_partners`; give the same ones when suggesting.
    negatives : int
        Negatives drawn per organisation.
    max_organisations : int or None
        Organisations learnt from (None: all with a new partner).
    seed : int or None
        Draws of organisations and negatives, and the estimator's ``random_state``.

    Returns
    -------
    SuggestionModel

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> train = lk.MultilayerNetwork(net.organisations, net.relations.iloc[::2])
    >>> model = lk.fit_suggestions(train, net.relations.iloc[1::2], layer="scientific",
    ...                            clusters="planted_cluster", seed=0)
    >>> model
    SuggestionModel(logistic, 10,108 pairs, 708 new ties)
    >>> bool(model.coefficients["same_cluster"] > 0)     # a cluster predicts new ties
    True
    """
    caller = "fit_suggestions"
    check_type(train, MultilayerNetwork, argument="train", caller=caller)
    check_one_of(method, ["logistic", "boosting"], argument="method", caller=caller)
    check_columns(later_ties, ["source", "target"], argument="later_ties", caller=caller)
    _positive_int(negatives, argument="negatives", caller=caller)
    if max_organisations is not None:
        _positive_int(max_organisations, argument="max_organisations", caller=caller)
    layer = _one_layer(train, layer, caller=caller)
    ctx = _context(train, clusters=clusters, records=records, theme=theme,
                   organisation=organisation, type=type, region=region, lat="lat", lon="lon",
                   caller=caller)
    ties = later_ties
    if "layer" in ties.columns:
        ties = ties[ties["layer"].astype(str) == layer]
    s = train.organisations.index.get_indexer(ties["source"])
    t = train.organisations.index.get_indexer(ties["target"])
    known = (s >= 0) & (t >= 0)
    new = _binary(s[known], t[known], ctx.n)
    new = (new - new.multiply(ctx.adjacency[layer])).tocsr()
    new.eliminate_zeros()
    with_new = np.flatnonzero(np.diff(new.indptr) > 0)
    if len(with_new) == 0:
        raise InputError(f"The 'later_ties' argument of {caller} holds no new tie between "
                         f"organisations of 'train' in layer {layer!r}.")
    rng = np.random.default_rng(seed)
    if max_organisations is not None and len(with_new) > max_organisations:
        with_new = np.sort(rng.choice(with_new, max_organisations, replace=False))
    xs, ys = [], []
    size = max(1, _DENSE_CELLS // max(ctx.n, 1))
    for start in range(0, len(with_new), size):
        rows = with_new[start:start + size]
        block = _block(ctx, layer, rows)
        flat = np.zeros(len(rows) * ctx.n, dtype=bool)
        flat[_candidates(ctx, layer, rows)] = True
        allowed = flat.reshape(len(rows), ctx.n)
        positive = new[rows].toarray() > 0
        weights = rng.random(allowed.shape) * (allowed & ~positive)
        # the `negatives` largest random draws per row among the allowed non-positives
        k = min(negatives, allowed.shape[1] - 1)
        picked = np.argpartition(-weights, k - 1, axis=1)[:, :k]
        negative = np.zeros_like(allowed)
        np.put_along_axis(negative, picked, True, axis=1)
        negative &= weights > 0
        chosen = positive | negative
        xs.append(_design(block, chosen))
        ys.append(positive[chosen])
    x, y = np.vstack(xs), np.concatenate(ys)
    if y.all() or not y.any():
        raise InputError(f"{caller} needs both new ties and other pairs to learn from; "
                         f"found {int(y.sum())} new ties in {len(y)} pairs.")
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.pipeline import make_pipeline  # type: ignore[import-untyped]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]
    if method == "logistic":
        estimator = make_pipeline(StandardScaler(),
                                  LogisticRegression(C=1.0, max_iter=1000, random_state=seed))
    else:
        estimator = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1,
                                                   max_leaf_nodes=15, random_state=seed)
    estimator.fit(x, y)
    return SuggestionModel(estimator, method, pairs=len(y), positives=int(y.sum()))


def _positive_int(value: Any, *, argument: str, caller: str) -> int:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 1:
        raise InputError(f"The {argument!r} argument of {caller} must be a positive integer. "
                         f"Got {value!r} instead.")
    return int(value)


# -- suggestions ----------------------------------------------------------------------------

COLUMNS = ["organisation", "layer", "rank", "partner", "score", "reason"]


def suggest_partners(net: MultilayerNetwork, organisations: Any = None, *,
                     layers: str | Sequence[str] | None = None, cluster: Any = None,
                     clusters: Any = None, records: pd.DataFrame | None = None,
                     theme: str | None = None, organisation: str = "organisation",
                     top: int = 5, hops: int | None = 2, model: SuggestionModel | None = None,
                     weights: Mapping[str, float] | None = None, type: str | None = "type",
                     region: str | None = "region", lat: str = "lat", lon: str = "lon"
                     ) -> pd.DataFrame:
    """Ranked partner suggestions per layer, with the reasons in words.

    For each organisation asked about and each layer, the organisations it is not tied to
    in that layer are scored from the features of the pair (listed in
    :mod:`linkages.analysis.suggest`: common partners and their Adamic-Adar and resource
    allocation weights in the layer and in the others, paths of length three, activity,
    ties in other layers, same cluster, triple-helix complementarity, type and region
    affinity, distance, shared themes) and the ``top`` best are returned.

    **Unsupervised default** (``model=None``): ``score = sum_k w_k f_k`` with the weights
    :data:`DEFAULT_WEIGHTS` (``weights`` to change them) and ``f_k = log(1 + x_k)`` for
    the counts (common partners, Adamic-Adar, resource allocation, paths, activity).
    On the CORDIS Horizon 2020 history (ties before 2017 predicting new partners from
    2017) its precision@10 is 0.214 against 0.199 for Adamic-Adar alone, its AUC 0.86
    against 0.80 (``benchmarks/bench_suggest.py``). **Fitted** (``model=``): the
    combination learnt by :func:`fit_suggestions` from the network's own history.

    Parameters
    ----------
    net : MultilayerNetwork
    organisations : id or list of ids, optional
        The organisations to suggest partners for; every organisation by default (or the
        members of ``cluster``).
    layers : str or list of str, optional
        The layers to suggest partners in; all by default. Directed layers are read both
        ways (a supplier and a customer are both partners).
    cluster : label, optional
        Suggest for the members of this cluster of ``clusters``.
    clusters : find_clusters result, Series, sequence or column name, optional
        The clusters (feature ``same_cluster``; needed with ``cluster``).
    records : DataFrame, optional
        Two-mode records with the columns ``organisation`` and ``theme`` (e.g.
        participations with the project's programme part).
    theme : str, optional
        The theme column: of ``records`` when given, else of the organisations (e.g.
        ``"sector"``).
    organisation : str
        The records' organisation id column.
    top : int
        Suggestions per organisation and layer.
    hops : int or None
        Candidates: organisations within ``hops`` steps in any layer, or sharing a theme
        (default 2: partners of partners). None: every organisation.
    model : SuggestionModel, optional
        A fitted combination (:func:`fit_suggestions`) instead of the default weights.
    weights : mapping of feature to float, optional
        The default score's weights (features not named: 0). Ignored with ``model``.
    type, region, lat, lon : str
        Organisation columns for the type (triple helix, type affinity), the region and
        the coordinates; a column that is absent leaves its feature at 0.

    Returns
    -------
    DataFrame
        One row per suggestion, sorted by organisation, layer and rank: ``organisation``,
        ``layer``, ``rank``, ``partner``, ``score``, ``reason``, then the features
        (:data:`FEATURES`) and ``km`` (missing without coordinates). Organisations with
        no candidate in a layer have no row there.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> s = lk.suggest_partners(net, "O00002", layers="scientific", clusters="planted_cluster",
    ...                         theme="sector", top=3)
    >>> s[["partner", "rank"]].values.tolist()
    [['O00001', 1], ['O00014', 2], ['O00003', 3]]
    >>> for part in s["reason"].iloc[0].split(", "):
    ...     print(part)
    2 common partners in other layers
    already tied in production and commercial
    same cluster
    88 km
    works on C29 motor vehicles like you

    Suggestions for every member of a cluster, in every layer:

    >>> s = lk.suggest_partners(net, cluster=2, clusters="planted_cluster", top=1)
    >>> sorted(s["layer"].unique())
    ['commercial', 'production', 'scientific']
    """
    caller = "suggest_partners"
    check_type(net, MultilayerNetwork, argument="net", caller=caller)
    layer_list = check_layers(layers, net.layers, caller=caller)
    _positive_int(top, argument="top", caller=caller)
    if hops is not None:
        _positive_int(hops, argument="hops", caller=caller)
    if model is not None:
        check_type(model, SuggestionModel, argument="model", caller=caller)
    if weights is None:
        weights = DEFAULT_WEIGHTS
    else:
        check_type(weights, Mapping, argument="weights", caller=caller,
                   expected="mapping of feature name to number")
        for name in weights:
            check_one_of(name, list(FEATURES), argument="weights", caller=caller)
    ctx = _context(net, clusters=clusters, records=records, theme=theme,
                   organisation=organisation, type=type, region=region, lat=lat, lon=lon,
                   caller=caller)
    if cluster is not None:
        if ctx.clusters is None:
            raise InputError(f"The 'cluster' argument of {caller} needs 'clusters'. Got "
                             "clusters=None instead.")
        codes, labels = group_codes(clusters, net.organisations, caller=caller)
        if cluster not in set(labels):
            raise InputError(f"The 'cluster' argument of {caller} must be one of "
                             f"{preview(labels)}. Got {cluster!r} instead.")
        members = net.organisations.index[codes == labels.get_loc(cluster)]
        organisations = members if organisations is None else organisations
    rows_all = _rows(net, organisations, caller=caller)
    if hops is None:            # every organisation is a candidate: blocks of whole rows
        size = max(1, _DENSE_CELLS // max(ctx.n, 1))
        blocks: Iterator[tuple[np.ndarray, sp.csr_matrix | None]] = (
            (rows_all[i:i + size], None) for i in range(0, len(rows_all), size))
    else:
        blocks = _local_blocks(ctx, rows_all, hops)
    parts = []
    for rows, reach in blocks:
        for layer in layer_list:
            cells = _candidates(ctx, layer, rows, reach)
            block = _block(ctx, layer, rows, cells)
            # the pairs in the block's arrays: flat cells when dense, all when pair by pair
            where = (np.unravel_index(cells, block["common"].shape)
                     if block["common"].ndim == 2 else np.ones(len(cells), dtype=bool))
            score = (model.score(block, where) if model is not None
                     else _default_score(block, weights)[where])
            parts.append(_top(ctx, layer, rows, block, where, cells, score, top))
    table = (pd.concat(parts, ignore_index=True) if parts else      # no layer: no row
             pd.DataFrame(columns=[*COLUMNS, *FEATURES, "km", "_q", "_j"]))
    table = table.sort_values(["organisation", "layer", "rank"], kind="stable",
                              key=lambda c: c.map(layer_list.index) if c.name == "layer"
                              else c).reset_index(drop=True)
    table = table.assign(reason=_reasons(ctx, table))
    return table[COLUMNS + list(FEATURES) + ["km"]]


def _top(ctx: _Context, layer: str, rows: np.ndarray, block: Mapping[str, np.ndarray],
         where: Any, cells: np.ndarray, score: np.ndarray, top: int) -> pd.DataFrame:
    """The ``top`` best pairs of every row (``score``: at ``cells``, which are ``where`` in
    the block's arrays); equal scores by activity, then by position in the network."""
    r, j = np.divmod(cells, ctx.n)
    at = np.arange(len(cells))
    if _dense(len(cells), len(rows), ctx.n) and len(rows) * ctx.n <= _DENSE_CELLS:
        # most pairs: keep each row's k best (and their ties) by a partition, then sort
        dense = np.full((len(rows), ctx.n), -np.inf)
        dense[r, j] = score
        k = min(top, ctx.n)
        kth = -np.partition(-dense, k - 1, axis=1)[:, k - 1]
        at = at[score >= kth[r]]

    def feature(values: np.ndarray) -> np.ndarray:     # a feature at the pairs `at`
        return values[tuple(w[at] for w in where)] if isinstance(where, tuple) else values[at]

    order = at[np.lexsort((j[at], -feature(block["activity_all"]), -score[at], r[at]))]
    r, j = r[order], j[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r)      # position within its row
    keep = rank < top
    r, j, at, rank = r[keep], j[keep], order[keep], rank[keep]
    out = pd.DataFrame({"organisation": ctx.ids.take(rows[r]), "layer": layer,
                        "rank": rank + 1, "partner": ctx.ids.take(j), "score": score[at]})
    for name in FEATURES:
        out[name] = feature(block[name])
    out["km"] = feature(block["km"]) if "km" in block else np.nan
    out["_q"], out["_j"] = rows[r], j
    return out


def _names(names: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``names[codes]``, '' where the code is -1 (also when there are no names at all)."""
    table = np.append(np.asarray(names, dtype=object), "")
    return table[np.where(codes >= 0, codes, len(table) - 1)]


def _reasons(ctx: _Context, table: pd.DataFrame) -> pd.Series:
    """One sentence per suggestion, built column-wise over the suggested pairs."""
    if table.empty:
        return pd.Series([], dtype=object)
    idx = table.index

    def part(condition: Any, text: Any) -> pd.Series:
        return pd.Series(text, index=idx).where(np.asarray(condition), "")

    def plural(n: pd.Series, one: str, many: str) -> pd.Series:
        return n.map(lambda v: f"{v:,.0f} ") + np.where(n == 1, one, many)

    layer = table["layer"].astype(str)
    q = table["_q"].to_numpy()
    j = table["_j"].to_numpy()
    common = table["common"]
    other = table["common_other"]
    parts = [
        part(common > 0, plural(common, "common ", "common ") + layer + " partner"
             + np.where(common == 1, "", "s")),
        part(other > 0, plural(other, "common partner", "common partners")
             + " in other layers"),
        part((common == 0) & (other == 0) & (table["paths3"] > 0), "partners' partners "
             "work together"),
    ]
    if len(ctx.layers) > 1:
        names = pd.Series("", index=idx)
        for name in ctx.layers:
            tied = np.asarray(ctx.adjacency[name][q, j]).ravel() > 0
            names = names.where(~tied | (layer == name).to_numpy(),
                                names.where(names == "", names + ", ") + name)
        parts.append(part(names != "", "already tied in " + names.str.replace(", ", " and ")))
    parts.append(part(table["same_cluster"] > 0, "same cluster"))
    parts.append(part(table["km"].notna(), table["km"].map(
        lambda d: f"{d:,.0f} km" if d == d else "")))
    if ctx.theme_counts is not None and ctx.theme_names is not None:
        shared = ctx.theme_counts[q].multiply(ctx.theme_counts[j]).tocsr()
        best = np.asarray(shared.argmax(axis=1)).ravel()
        has = np.asarray(shared.max(axis=1).toarray()).ravel() > 0
        parts.append(part(has, "works on " + pd.Series(
            _names(ctx.theme_names, np.where(has, best, -1)), index=idx).astype(str)
            + " like you"))
    if ctx.helix is not None and ctx.type_names is not None and ctx.types is not None:
        tq, tj = ctx.types[q], ctx.types[j]
        names_q = pd.Series(_names(ctx.type_names, tq), index=idx).astype(str)
        names_j = pd.Series(_names(ctx.type_names, tj), index=idx).astype(str)
        parts.append(part(table["helix"] > 0, "a " + names_j + " for a " + names_q
                          + " (triple helix)"))
        parts.append(part((table["helix"] == 0) & (table["type_affinity"] >= 0.5),
                          "a type you often work with (" + names_j + ")"))
    active = table["activity"]
    busy = active >= layer.map({name: max(float(np.quantile(d[d > 0], 0.75)) if (d > 0).any()
                                          else 1.0, 1.0) for name, d in ctx.degree.items()})
    parts.append(part(busy, "active (" + plural(active, "partner", "partners") + ")"))
    reason = parts[0]
    for nxt in parts[1:]:
        reason = reason.str.cat(nxt, sep=", ")
    reason = reason.str.replace(r"(, )+", ", ", regex=True).str.strip(", ")
    return reason.where(reason != "", "no shared partners or attributes; ranked on activity")
