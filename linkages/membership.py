"""The one reader of partitions and groupings (and of scores and leader sets).

Every function that takes ``clusters`` (or ``groups``, ``membership``) reads it here, so
each accepts the same things:

- a :class:`~linkages.Clusters` result (its ``membership``);
- a pandas Series indexed by organisation id (organisations missing from it belong to no
  group);
- a sequence or array with one label per organisation, in the organisations' order;
- the name of an organisation attribute column (``"region"``, ``"planted_cluster"``).

Labels may be cluster numbers (negative or missing: no cluster) or any other values
(names, codes; missing: no group).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_known_ids, check_type, preview

__all__ = ["read_labels", "as_membership", "group_codes", "per_layer_labels", "relabel",
           "read_scores", "read_leaders"]


def read_labels(groups: Any, organisations: pd.DataFrame, *, argument: str = "clusters",
                caller: str) -> pd.Series:
    """The label of every organisation, aligned with ``organisations.index`` (NA: none).

    Numeric labels below 0 mean "no cluster" and become NA.
    """
    index = organisations.index
    if isinstance(groups, str):
        if groups not in organisations.columns:
            raise InputError(f"The {argument!r} argument of {caller} must be a cluster "
                             f"membership or an organisation attribute, one of "
                             f"{[str(c) for c in organisations.columns]!r}. Got {groups!r} "
                             "instead.")
        labels = organisations[groups]
    else:
        labels = getattr(groups, "membership", groups)
        if isinstance(labels, pd.Series):
            unknown = labels.index.difference(index)
            if len(unknown):
                raise InputError(f"The {argument!r} argument of {caller} names {len(unknown)} "
                                 f"organisations not in the network: {preview(unknown)}.")
            labels = labels.reindex(index)
        elif isinstance(labels, Sequence | np.ndarray | pd.Index):
            if len(labels) != len(index):
                raise InputError(f"The {argument!r} argument of {caller} must give one "
                                 f"cluster per organisation ({len(index)}). Got "
                                 f"{len(labels)} instead.")
            labels = pd.Series(np.asarray(labels), index=index)
        else:
            raise TypeError(f"The {argument!r} argument of {caller} must be a find_clusters "
                            f"result, a pandas Series, a sequence or a column name. Got "
                            f"{type(groups).__name__} instead.")
    if pd.api.types.is_numeric_dtype(labels.dtype) and not pd.api.types.is_bool_dtype(
            labels.dtype):
        if (labels.dropna() % 1 == 0).all():    # whole numbers stay integers once -1 is NA
            labels = labels.astype("Int64")
        labels = labels.mask(labels < 0)
    return labels


def as_membership(groups: Any, organisations: pd.DataFrame, *, argument: str = "clusters",
                  caller: str) -> pd.Series:
    """Cluster numbers as an int64 Series named ``cluster``, -1 where none.

    Integer labels are kept as they are; other labels (names, codes) are numbered in
    sorted order.

    Examples
    --------
    >>> import linkages as lk
    >>> from linkages.membership import as_membership
    >>> net = lk.load_example()
    >>> as_membership("region", net.organisations, caller="example").head(3).tolist()
    [0, 0, 1]
    """
    labels = read_labels(groups, organisations, argument=argument, caller=caller)
    if not pd.api.types.is_numeric_dtype(labels.dtype) or pd.api.types.is_bool_dtype(
            labels.dtype):
        codes, _ = pd.factorize(labels, sort=True)
        labels = pd.Series(codes, index=labels.index).mask(codes < 0)
    values = labels.to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(values)
    if (values[known] != np.round(values[known])).any():
        raise InputError(f"The {argument!r} argument of {caller} must hold whole cluster "
                         f"numbers. Got {preview(values[known][values[known] % 1 != 0])}.")
    return pd.Series(np.where(known, values, -1).astype(np.int64), index=labels.index,
                     name="cluster")


def group_codes(groups: Any, organisations: pd.DataFrame, *, argument: str = "clusters",
                caller: str) -> tuple[np.ndarray, pd.Index]:
    """Codes ``0..k-1`` per organisation (-1: no group) and the ``k`` labels, sorted.

    The labels are named after the attribute column, or ``cluster``.
    """
    labels = read_labels(groups, organisations, argument=argument, caller=caller)
    codes, uniques = pd.factorize(labels, sort=True)
    name = groups if isinstance(groups, str) else "cluster"
    return codes.astype(np.int64), pd.Index(uniques, name=name)


def per_layer_labels(membership: Any, organisations: pd.DataFrame, layers: list[str], *,
                     caller: str) -> np.ndarray:
    """(L, N) integer labels, one row per layer.

    ``membership`` is a layer-coupled result (its ``layer_membership``), a DataFrame with a
    column per layer, or one partition for every layer. A missing entry takes the
    organisation's overall cluster, else its cluster in another layer, else a cluster of
    its own.
    """
    index = organisations.index
    table = getattr(membership, "layer_membership", None)
    if table is not None:
        overall = membership.membership
        table = table.apply(lambda column: column.fillna(overall))
    table = membership if isinstance(membership, pd.DataFrame) else table
    if table is None:
        one = as_membership(membership, organisations, argument="membership", caller=caller)
        table = pd.DataFrame({name: one for name in layers})
        table = table.mask(table < 0)
    missing = [name for name in layers if name not in table.columns]
    if missing:
        raise InputError(f"The 'membership' argument of {caller} has no column for the "
                         f"layers {missing!r}. Found columns {[str(c) for c in table.columns]!r}.")
    table = table[layers].reindex(index).astype("Float64")
    table = table.bfill(axis=1).ffill(axis=1)
    values = table.to_numpy(dtype=float, na_value=np.nan).T
    fresh = -1 - np.arange(values.size, dtype=float).reshape(values.shape)
    return np.where(np.isnan(values), fresh, values).astype(np.int64)


def relabel(labels: Any) -> np.ndarray:
    """Cluster labels renumbered by size: 0 the largest; ties by first appearance.

    Examples
    --------
    >>> from linkages.membership import relabel
    >>> relabel(["b", "a", "a", "c"]).tolist()
    [1, 0, 0, 2]
    """
    codes, _ = pd.factorize(np.asarray(labels))
    sizes = np.bincount(codes)
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
    return rank[codes]


def read_scores(scores: Any, organisations: pd.DataFrame, *, caller: str) -> pd.DataFrame:
    """Scores as a DataFrame aligned with ``organisations.index`` (NaN: no score).

    ``scores`` is None (no columns), a Series (one column, named after it or ``score``) or
    a DataFrame indexed by organisation id, such as the result of ``centrality``; column
    names become strings. Ids not in ``organisations`` raise an error.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> from linkages.membership import read_scores
    >>> net = lk.load_example()
    >>> table = read_scores(pd.Series({"O00001": 0.5}, name="rank"), net.organisations,
    ...                     caller="example")
    >>> table.shape, int(table["rank"].notna().sum())
    ((300, 1), 1)
    """
    index = organisations.index
    if scores is None:
        return pd.DataFrame(index=index)
    check_type(scores, (pd.Series, pd.DataFrame), argument="scores", caller=caller,
               expected="pandas Series or DataFrame indexed by organisation id")
    frame = scores.to_frame(scores.name or "score") if isinstance(scores, pd.Series) else scores
    unknown = frame.index.difference(index)
    if len(unknown):
        raise InputError(f"The 'scores' argument of {caller} names {len(unknown)} "
                         f"organisations not in the network: {preview(unknown)}.")
    frame = frame.reindex(index)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def read_leaders(leaders: Any, organisations: pd.DataFrame, *, caller: str) -> np.ndarray:
    """A boolean mask over ``organisations.index``: True for each leader.

    ``leaders`` is None (no leader), a sequence or set of organisation ids, a boolean
    Series indexed by organisation id, or a DataFrame such as the result of
    ``leading_firms`` (its ``organisation``, ``id`` or ``organisation_id`` column, else its
    index). Unknown ids raise an error.

    Examples
    --------
    >>> import linkages as lk
    >>> from linkages.membership import read_leaders
    >>> net = lk.load_example()
    >>> read_leaders(["O00002"], net.organisations, caller="example")[:4].tolist()
    [False, False, True, False]
    """
    index = organisations.index
    mask = np.zeros(len(index), dtype=bool)
    if leaders is None:
        return mask
    if isinstance(leaders, pd.DataFrame):
        column = next((c for c in ("organisation", "id", "organisation_id")
                       if c in leaders.columns), None)
        leaders = leaders[column] if column else leaders.index.to_series()
    if isinstance(leaders, pd.Series) and leaders.dtype == bool:
        leaders = leaders.index[leaders.to_numpy()]
    if isinstance(leaders, str) or not isinstance(leaders, Sequence | pd.Index | pd.Series
                                                  | np.ndarray | set):
        raise TypeError(f"The 'leaders' argument of {caller} must be a sequence of organisation "
                        f"ids, a boolean Series or a DataFrame. Got {type(leaders).__name__} "
                        "instead.")
    pos = check_known_ids(pd.Series(list(leaders), dtype=object), index, argument="leaders",
                          caller=caller)
    mask[pos] = True
    return mask
