"""Brokerage and structural holes: Gould-Fernandez roles, Burt's constraint and effective size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from linkages._validation import InputError, check_layers, check_type
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork
from linkages.views import aggregate_ties, to_igraph

__all__ = ["brokerage", "structural_holes", "ROLES"]

#: Gould-Fernandez roles, in the order of the columns of :func:`brokerage`.
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def brokerage(net: MultilayerNetwork, groups: Any, *,
              layers: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Gould-Fernandez brokerage roles of every organisation with respect to a grouping.

    For every open two-path ``a -> b -> c`` on the directed ties (``a != c`` and no tie
    ``a -> c``, the convention of Gould & Fernandez and of statnet's ``brokerage``), the
    broker ``b`` plays one role according to the groups of ``a``, ``b`` and ``c``:

    ==============  ==========================  ==============================
    role            groups                      meaning
    ==============  ==========================  ==============================
    coordinator     g(a) = g(b) = g(c)          mediates inside its own group
    itinerant       g(a) = g(c) != g(b)         outside broker for one group
    representative  g(a) = g(b) != g(c)         carries its group's flow out
    gatekeeper      g(b) = g(c) != g(a)         lets outside flow into its group
    liaison         all three differ            links two other groups
    ==============  ==========================  ==============================

    Organisations with no group (missing value, cluster -1) each count as a group of their
    own. Ties in the chosen layers are merged per ordered pair; self-loops are ignored.

    Parameters
    ----------
    net : MultilayerNetwork
    groups : str, find_clusters result, Series or sequence
        An organisation attribute column (``"region"``, ``"type"``) or a cluster membership.
    layers : str or list of str, optional
        Directed layers to use (merged); by default every directed layer.

    Returns
    -------
    DataFrame
        Indexed by organisation id; one integer column per role and ``total``.

    References
    ----------
    Gould & Fernandez (1989) Structures of mediation: a formal approach to brokerage in
    transaction networks. Sociological Methodology 19, 89-126.

    Examples
    --------
    >>> import linkages as lk
    >>> from linkages.measures.brokerage import ROLES, brokerage   # also lk.brokerage
    >>> net = lk.load_example()
    >>> b = brokerage(net, "region", layers="production")
    >>> b.columns.tolist()
    ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison', 'total']
    >>> b.loc["O00214"].tolist()   # the chemicals anchor: SMEs -> anchor -> customers
    [50, 0, 0, 14, 0, 64]
    """
    caller = "brokerage"
    if layers is None:
        layers = [name for name in net.layers if net.directed[name]]
        if not layers:
            raise InputError(f"{caller} needs a directed layer; the network has none "
                             f"(layers {list(net.layers)!r}).")
    layers = check_layers(layers, net.layers, caller=caller)
    undirected = [name for name in layers if not net.directed[name]]
    if undirected:
        raise InputError(f"The 'layers' argument of {caller} must name directed layers. "
                         f"Got undirected {undirected!r} instead.")
    codes, _ = group_codes(groups, net.organisations, argument="groups", caller=caller)
    n = net.n_organisations
    codes = np.where(codes >= 0, codes, codes.max(initial=0) + 1 + np.arange(n))
    s, t, _, _ = aggregate_ties(net, layers=layers, directed=True, caller=caller)
    keep = s != t
    s, t = s[keep], t[keep]
    # CSR of out-neighbours; every tie a -> b expands into the two-paths a -> b -> c
    out = sp.csr_matrix((np.ones(len(s)), (s, t)), shape=(n, n))
    indptr, indices = out.indptr, out.indices
    count = np.diff(indptr)[t]
    a = np.repeat(s, count)
    b = np.repeat(t, count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    c = indices[np.repeat(indptr[t], count) + offset].astype(np.int64)
    closed = np.isin(a * n + c, s * n + t)
    open_ = (a != c) & ~closed
    a, b, c = codes[a[open_]], b[open_], c[open_]
    gb, gc = codes[b], codes[c]
    role = np.select([(a == gb) & (gb == gc), a == gc, a == gb, gb == gc], [0, 1, 2, 3],
                     default=4)
    counts = np.zeros((n, len(ROLES)), dtype=np.int64)
    np.add.at(counts, (b, role), 1)
    table = pd.DataFrame(counts, index=net.organisations.index, columns=list(ROLES))
    table["total"] = counts.sum(axis=1)
    return table


def structural_holes(net: MultilayerNetwork, *, layers: str | Sequence[str] | None = None,
                     weighted: bool = False) -> pd.DataFrame:
    """Burt's constraint and effective size of every organisation's ego network.

    Ties are taken without direction; with :math:`w_{ij}` the weight of ``i -> j`` (1 when
    ``weighted`` is False) the mutual weight is :math:`z_{ij} = w_{ij} + w_{ji}`,
    :math:`p_{ij} = z_{ij} / \\sum_k z_{ik}` and :math:`m_{ij} = z_{ij} / \\max_k z_{ik}`.

    - constraint: :math:`c_i = \\sum_{j \\in N(i)} (p_{ij} + \\sum_{q \\ne i, j}
      p_{iq} p_{qj})^2`; high when the partners are tied to each other (igraph).
    - effective size: :math:`e_i = \\sum_{j \\in N(i)} (1 - \\sum_{q \\ne i, j} p_{iq}
      m_{jq})`, the number of partners minus their redundancy; unweighted and undirected
      it is :math:`|N(i)| - 2 t_i / |N(i)|` with :math:`t_i` ties among the partners
      (Borgatti 1997).

    Both are NaN for organisations with no ties (as networkx). Self-loops are ignored.

    References
    ----------
    Burt (1992) Structural Holes. Harvard University Press; Borgatti (1997) Structural holes:
    unpacking Burt's redundancy measures. Connections 20(1), 35-38.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> h = lk.structural_holes(net)
    >>> h.loc["O00214"].round(2).tolist()
    [0.03, 71.96]
    """
    caller = "structural_holes"
    layers = check_layers(layers, net.layers, caller=caller)
    check_type(weighted, bool, argument="weighted", caller=caller)
    graph = to_igraph(net, layers=layers)
    constraint = np.asarray(graph.constraint(weights="weight" if weighted else None),
                            dtype=float)
    s, t, w, directed = aggregate_ties(net, layers=layers, caller=caller)
    keep = s != t
    s, t = s[keep], t[keep]
    w = w[keep] if weighted else np.ones(keep.sum())
    n = net.n_organisations
    z = sp.csr_matrix((w, (s, t)), shape=(n, n))
    z = (z + z.T).tocsr()   # mutual weight; undirected views list each pair once
    total = np.asarray(z.sum(axis=1)).ravel()
    top = z.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = sp.diags(np.where(total > 0, 1 / total, 0)) @ z
        m = sp.diags(np.where(top > 0, 1 / top, 0)) @ z
    partners = np.diff(z.indptr)
    binary = z.copy()
    binary.data[:] = 1.0
    redundancy = np.asarray((binary.multiply(p @ m.T)).sum(axis=1)).ravel()
    effective = np.where(partners > 0, partners - redundancy, np.nan)
    constraint = np.where(partners > 0, constraint, np.nan)
    return pd.DataFrame({"constraint": constraint, "effective_size": effective},
                        index=net.organisations.index)
