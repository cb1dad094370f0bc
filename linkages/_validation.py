"""Shared checks of user input and the one error-message template.

Every check raises :class:`InputError` (a ``ValueError``) or ``TypeError`` with a
message that names the argument, what was expected and what was found, e.g.::

    The 'layer' argument of centrality must be one of ['commercial', 'production',
    'scientific']. Got 'sales' instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["InputError"]  # the rest is shared inside the package


class InputError(ValueError):
    """Bad user input: a wrong value, a missing column, a dangling id.

    A subclass of ``ValueError`` so callers may catch either; the command line
    turns it into a one-line message and exit code 2.

    Examples
    --------
    >>> import linkages as lk
    >>> try:
    ...     lk.to_igraph(lk.load_example(), layers="sales")
    ... except lk.InputError as error:
    ...     print(error)
    The 'layers' argument of to_igraph must be one of ['commercial', 'production',
    'scientific']. Got 'sales' instead.
    """


def _plain(values: Iterable[Any]) -> list[Any]:
    """numpy scalars as Python values: numpy 2 prints them as np.int64(0) in a list."""
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def preview(values: Iterable[Any], limit: int = 5) -> str:
    values = _plain(values)
    shown = sorted(values[:limit * 20], key=str)[:limit] if values else []
    more = f" and {len(values) - limit} more" if len(values) > limit else ""
    return f"{shown!r}{more}"


def check_one_of(value: Any, options: Sequence[Any], *, argument: str, caller: str) -> Any:
    """Return ``value`` if it is among ``options``; else raise InputError."""
    if value not in options:
        raise InputError(
            f"The {argument!r} argument of {caller} must be one of "
            f"{sorted(_plain(options), key=str)!r}. Got {value!r} instead."
        )
    return value


def check_type(value: Any, types: type | tuple[type, ...], *, argument: str, caller: str,
               expected: str | None = None) -> Any:
    """Return ``value`` if it is an instance of ``types``; else raise TypeError."""
    if not isinstance(value, types):
        if expected is None:
            names = types if isinstance(types, tuple) else (types,)
            expected = " or ".join(t.__name__ for t in names)
        raise TypeError(
            f"The {argument!r} argument of {caller} must be a {expected}. "
            f"Got {type(value).__name__} instead."
        )
    return value


def check_columns(table: pd.DataFrame, columns: Iterable[str], *, argument: str,
                  caller: str) -> None:
    """Raise InputError naming the columns of ``table`` that are missing."""
    check_type(table, pd.DataFrame, argument=argument, caller=caller,
               expected="pandas DataFrame")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"The {argument!r} argument of {caller} must have the columns "
            f"{list(columns)!r}; missing {missing!r}. Found columns "
            f"{[str(c) for c in table.columns]!r}."
        )


def check_not_empty(table: pd.DataFrame, *, argument: str, caller: str) -> None:
    if len(table) == 0:
        raise InputError(f"The {argument!r} argument of {caller} is empty: it has no rows.")


def check_weights(weights: pd.Series, *, argument: str, caller: str,
                  rows: Callable[[np.ndarray], str] | None = None) -> np.ndarray:
    """Return ``weights`` as float64; raise InputError on non-numeric, NaN, negative or
    infinite values, naming their rows.

    ``rows`` names rows from their positions (e.g. a file's rows as in a spreadsheet);
    by default they are named by the index labels of ``weights``.
    """
    def where(mask: np.ndarray) -> str:
        if rows is not None:
            return rows(np.flatnonzero(mask))
        return f"rows {preview(weights.index[mask])}"

    numeric = pd.to_numeric(weights, errors="coerce")
    bad_type = (numeric.isna() & weights.notna()).to_numpy(dtype=bool)
    if bad_type.any():
        raise InputError(
            f"The {argument!r} argument of {caller} must hold numbers; "
            f"{int(bad_type.sum())} values are not numeric, e.g. "
            f"{preview(weights[bad_type].unique())} ({where(bad_type)})."
        )
    values = numeric.to_numpy(dtype="float64", na_value=np.nan)
    nan = np.isnan(values)
    if nan.any():
        raise InputError(
            f"The {argument!r} argument of {caller} must not hold missing values (NaN); "
            f"found {int(nan.sum())} at {where(nan)}."
        )
    negative = values < 0
    if negative.any():
        raise InputError(
            f"The {argument!r} argument of {caller} must hold non-negative numbers; "
            f"found {int(negative.sum())} negative values at {where(negative)}."
        )
    infinite = np.isinf(values)
    if infinite.any():
        raise InputError(
            f"The {argument!r} argument of {caller} must hold finite numbers; "
            f"found {int(infinite.sum())} infinite values at {where(infinite)}."
        )
    return values


def check_known_ids(ids: pd.Series, known: pd.Index, *, argument: str, caller: str,
                    what: str = "organisations") -> np.ndarray:
    """Return integer positions of ``ids`` in ``known``; raise naming a few unknown ids."""
    codes = index_positions(known, ids)
    unknown = codes < 0
    if unknown.any():
        missing = pd.unique(ids[unknown])
        raise InputError(
            f"The {argument!r} argument of {caller} references {len(missing)} "
            f"{what} not in the organisations table ({int(unknown.sum())} rows): "
            f"{preview(missing)}."
        )
    return codes


def index_positions(known: pd.Index, ids: Any) -> np.ndarray:
    """``known.get_indexer(ids)`` (-1 where absent), through Arrow for text ids.

    pandas' hash lookup of Arrow-backed strings converts them to Python objects first;
    Arrow's ``index_in`` is about 4x faster on millions of ids.
    """
    if (isinstance(known.dtype, pd.StringDtype) and isinstance(getattr(ids, "dtype", None),
                                                               pd.StringDtype)
            and known.is_unique):
        import pyarrow as pa
        import pyarrow.compute as pc
        found = pc.index_in(pa.array(pd.array(ids)), value_set=pa.array(known.array))
        return found.fill_null(-1).to_numpy().astype(np.intp, copy=False)
    return known.get_indexer(ids)


def check_choices(values: Any, options: Sequence[str], *, argument: str, caller: str,
                  what: str = "value") -> list[str]:
    """Normalise a name or a list of names to a non-empty list of names from ``options``."""
    if isinstance(values, str):
        values = [values]
    values = list(values)
    if not values:
        raise InputError(f"The {argument!r} argument of {caller} must name at least one {what}. "
                         "Got an empty list instead.")
    for name in values:
        check_one_of(name, list(options), argument=argument, caller=caller)
    return values


def check_layers(layers: Any, known: Sequence[str], *, argument: str = "layers",
                 caller: str) -> list[str]:
    """Normalise ``layers`` (None for all, a name or a list of names) to known layer names."""
    if layers is None:
        return list(known)
    return check_choices(layers, known, argument=argument, caller=caller, what="layer")


def check_layer_weights(layer_weights: Mapping[str, float] | None, layers: Sequence[str], *,
                        caller: str) -> dict[str, float]:
    """Layer weights as a dict over ``layers`` (1 where not given); raise on bad ones."""
    if layer_weights is None:
        return {name: 1.0 for name in layers}
    check_type(layer_weights, Mapping, argument="layer_weights", caller=caller,
               expected="mapping of layer name to number")
    for name, value in layer_weights.items():
        check_one_of(name, list(layers), argument="layer_weights", caller=caller)
        if not isinstance(value, int | float | np.number) or not np.isfinite(value) or value < 0:
            raise InputError(f"The 'layer_weights' argument of {caller} must map layers to "
                             f"finite non-negative numbers. Got {value!r} for {name!r} instead.")
    return {name: float(layer_weights.get(name, 1.0)) for name in layers}
