"""Words about clusters that drawings show: labels, descriptions and top themes.

The analysis makes them (cluster labels, paragraphs, the tidy themes table); the map and
the report take them as arguments and read them here, so both accept the same things.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_columns, check_type

__all__ = ["cluster_text", "read_cluster_text", "read_themes", "theme_line", "top_themes"]


def read_cluster_text(values: Any, *, argument: str, caller: str) -> dict[int, str]:
    """Cluster number -> text, from a mapping or a Series indexed by cluster (None: empty).

    Missing texts are left out; keys must be whole cluster numbers.
    """
    if values is None:
        return {}
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    if not isinstance(values, pd.Series | Mapping):
        raise InputError(f"The {argument!r} argument of {caller} must be a mapping or a "
                         f"pandas Series from cluster number to text. Got "
                         f"{type(values).__name__} instead.")
    out = {}
    for key, text in (values.items() if isinstance(values, pd.Series) else values.items()):
        if text is None or (isinstance(text, float) and np.isnan(text)):
            continue
        try:
            number = int(key)
        except (TypeError, ValueError):
            number = None
        if number is None or number != key:
            raise InputError(f"The {argument!r} argument of {caller} must be keyed by cluster "
                             f"numbers. Got the key {key!r}.")
        out[number] = str(text)
    return out


def cluster_text(labels: Mapping[int, str], cluster: int) -> str:
    """The label of a cluster, else ``Cluster k`` (``no cluster`` below 0)."""
    if cluster < 0:
        return "no cluster"
    return labels.get(cluster, f"Cluster {cluster}")


def read_themes(themes: pd.DataFrame | None, *, caller: str) -> pd.DataFrame | None:
    """The tidy themes table: one row per cluster and theme, ``share`` and optional ``lq``.

    Rows are ordered within each cluster by ``rank`` when there is one, else by share
    (largest first).
    """
    if themes is None:
        return None
    check_type(themes, pd.DataFrame, argument="themes", caller=caller,
               expected="pandas DataFrame (cluster, theme, share, lq)")
    if "cluster" not in themes.columns and themes.index.name == "cluster":
        themes = themes.reset_index()
    check_columns(themes, ["cluster", "theme", "share"], argument="themes", caller=caller)
    table = themes.copy()
    if "lq" not in table.columns:
        table["lq"] = np.nan
    table["share"] = pd.to_numeric(table["share"], errors="coerce")
    table["lq"] = pd.to_numeric(table["lq"], errors="coerce")
    order = ["cluster", "rank"] if "rank" in table.columns else ["cluster", "share"]
    ascending = [True, True] if "rank" in table.columns else [True, False]
    return table.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


def theme_line(theme: Any, share: float, lq: float) -> str:
    """``"SC3 energy: 42% of the cluster, LQ 3.1"``."""
    text = f"{theme}: {share:.0%} of the cluster" if np.isfinite(share) else str(theme)
    return text + (f", LQ {lq:.2g}" if np.isfinite(lq) else "")


def top_themes(themes: pd.DataFrame | None, top: int = 3) -> dict[int, list[str]]:
    """Cluster -> its first ``top`` themes as lines (see :func:`theme_line`)."""
    if themes is None or themes.empty:
        return {}
    first = themes.groupby("cluster", sort=False).head(top)
    out: dict[int, list[str]] = {}
    for cluster, theme, share, lq in zip(first["cluster"], first["theme"], first["share"],
                                         first["lq"]):
        out.setdefault(int(cluster), []).append(theme_line(theme, float(share), float(lq)))
    return out
