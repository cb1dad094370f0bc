"""Static figures for reports (matplotlib): layer overlap, cluster composition, members by
region, leaders.

Each function returns a :class:`matplotlib.figure.Figure` made without pyplot (no global
state, no display needed: it renders with the Agg backend); save it with
``fig.savefig("name.png", dpi=150)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_columns, check_one_of, check_type
from linkages.measures.multiplex import layer_overlap
from linkages.membership import as_membership
from linkages.network import MultilayerNetwork
from linkages.render.style import CLUSTER_COLOURS, NO_CLUSTER_COLOUR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["cluster_composition_figure", "layer_overlap_figure", "leader_ranking_figure",
           "region_composition_figure"]


def layer_overlap_figure(net: MultilayerNetwork, *, layers: str | Sequence[str] | None = None,
                         measure: str = "jaccard") -> Figure:
    """Heatmap of the overlap of tied pairs between layers.

    With :math:`E_a` the set of organisation pairs tied in layer ``a`` (direction ignored),
    the Jaccard overlap is :math:`|E_a \\cap E_b| / |E_a \\cup E_b|`
    (:func:`linkages.layer_overlap`; Battiston, Nicosia & Latora 2014, Phys. Rev. E 89,
    032804). ``measure='shared'`` draws the counts :math:`|E_a \\cap E_b|`. Each cell is
    annotated with its value.

    Examples
    --------
    >>> import linkages as lk
    >>> fig = lk.layer_overlap_figure(lk.load_example())
    >>> values = fig.axes[0].images[0].get_array()
    >>> round(float(values[0, 2]), 3)   # production x commercial
    0.391
    """
    table = layer_overlap(net, layers=layers, measure=measure)
    from matplotlib.figure import Figure  # on first use: matplotlib is slow to import
    fig = Figure(figsize=(1.6 + 1.1 * len(table), 1.2 + 1.0 * len(table)), layout="constrained")
    ax = fig.add_subplot()
    values = table.to_numpy(dtype=float)
    top = 1.0 if measure == "jaccard" else float(max(values.max(), 1.0))
    image = ax.imshow(values, cmap="Blues", vmin=0.0, vmax=top)
    ax.set_xticks(range(len(table)), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(table)), table.index)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.2f}" if measure == "jaccard" else f"{v:,.0f}", ha="center",
                va="center", color="white" if v > 0.6 * top else "black")
    fig.colorbar(image, ax=ax, label="Jaccard overlap of ties" if measure == "jaccard"
                 else "shared tied pairs")
    ax.set_title("Overlap of ties between layers")
    return fig


def cluster_composition_figure(data: MultilayerNetwork | pd.DataFrame, clusters: Any = None,
                               *, by: str = "type", share: bool = False,
                               top: int | None = 30) -> Figure:
    """Stacked bars: the make-up of each cluster (organisations by type, or a profile).

    From a network and ``clusters``: one bar per cluster (largest first), stacked by the
    organisation attribute ``by`` (counts, or shares of the cluster when ``share``).
    From a DataFrame (e.g. a cluster profile, one row per cluster): its numeric columns
    stacked as given. Organisations with cluster -1 (none) are left out. Only the first
    ``top`` bars are drawn (None: all), and the title says so: a national network has
    hundreds of clusters.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> fig = lk.cluster_composition_figure(net, net.organisations["planted_cluster"])
    >>> ax = fig.axes[0]
    >>> int(sum(bar.get_width() for bar in ax.patches)) == net.n_organisations
    True
    """
    caller = "cluster_composition_figure"
    if isinstance(data, MultilayerNetwork):
        if clusters is None:
            raise InputError(f"The 'clusters' argument of {caller} is needed with a network "
                             "(or pass a DataFrame with one row per cluster).")
        check_one_of(by, list(data.organisations.columns), argument="by", caller=caller)
        membership = as_membership(clusters, data.organisations, caller=caller)
        keep = membership.to_numpy() >= 0
        table = pd.crosstab(membership[keep], data.organisations[by][keep].astype(str))
        table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
        table.index = [f"Cluster {c}" for c in table.index]
        xlabel = "organisations"
    else:
        check_type(data, pd.DataFrame, argument="data", caller=caller,
                   expected="MultilayerNetwork or pandas DataFrame")
        table = data.select_dtypes("number")
        if table.empty:
            raise InputError(f"The 'data' argument of {caller} must have numeric columns. "
                             f"Got columns {list(map(str, data.columns))!r} instead.")
        table.index = table.index.map(str)
        xlabel = "value"
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
            raise InputError(f"The 'top' argument of {caller} must be a positive integer or "
                             f"None. Got {top!r} instead.")
    title = "Cluster composition"
    if top is not None and len(table) > top:
        title += f" (the first {top} of {len(table)} clusters)"
        table = table.iloc[:top]
    if share:
        table = table.div(table.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
        xlabel = "share of the cluster"
    from matplotlib.figure import Figure
    fig = Figure(figsize=(7.5, 1.2 + 0.45 * len(table)), layout="constrained")
    ax = fig.add_subplot()
    left = np.zeros(len(table))
    labels = list(table.index)[::-1]     # largest cluster on top
    for k, column in enumerate(table.columns):
        values = table[column].to_numpy(dtype=float)[::-1]
        ax.barh(labels, values, left=left, label=str(column),
                color=CLUSTER_COLOURS[k % len(CLUSTER_COLOURS)])
        left = left + values
    ax.set_xlabel(xlabel)
    ax.legend(title=by if isinstance(data, MultilayerNetwork) else None, fontsize=8,
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title(title)
    return fig


def leader_ranking_figure(ranking: pd.Series | pd.DataFrame, *, score: str = "score",
                          label: str | None = None, top: int = 15) -> Figure:
    """Horizontal bars of the leading organisations, highest score on top.

    ``ranking`` is a Series of scores indexed by organisation, or a DataFrame such as the
    result of ``leading_firms`` with a ``score`` column; bars are labelled by ``label``
    (default: a ``name`` column, else ``organisation``/``id``, else the index) and coloured
    by a ``cluster`` column when there is one. The ``top`` highest scores are drawn.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> scores = pd.Series({"Anchor": 0.9, "Supplier": 0.4, "Lab": 0.6})
    >>> fig = lk.leader_ranking_figure(scores)
    >>> [float(bar.get_width()) for bar in fig.axes[0].patches]
    [0.4, 0.6, 0.9]
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Supplier', 'Lab', 'Anchor']
    """
    caller = "leader_ranking_figure"
    if not isinstance(top, int | np.integer) or top < 1:
        raise InputError(f"The 'top' argument of {caller} must be a positive integer. "
                         f"Got {top!r} instead.")
    if isinstance(ranking, pd.Series):
        ranking = ranking.rename(score).to_frame()
    check_type(ranking, pd.DataFrame, argument="ranking", caller=caller,
               expected="pandas Series or DataFrame")
    check_columns(ranking, [score], argument="ranking", caller=caller)
    if label is None:
        label = next((c for c in ("name", "organisation", "id") if c in ranking.columns), None)
    elif label not in ranking.columns:
        check_one_of(label, list(map(str, ranking.columns)), argument="label", caller=caller)
    table = ranking.sort_values(score, ascending=False, kind="stable").head(top)[::-1]
    names = (table[label] if label else table.index.to_series()).astype(str).tolist()
    values = table[score].to_numpy(dtype=float)
    if "cluster" in table.columns:
        cluster = table["cluster"].to_numpy()
        colours: str | list[str] = [
            CLUSTER_COLOURS[int(c) % len(CLUSTER_COLOURS)] if c >= 0 else NO_CLUSTER_COLOUR
            for c in cluster]
    else:
        colours = CLUSTER_COLOURS[0]
    from matplotlib.figure import Figure
    fig = Figure(figsize=(7.0, 1.0 + 0.35 * len(table)), layout="constrained")
    ax = fig.add_subplot()
    ax.barh(range(len(table)), values, color=colours)
    ax.set_yticks(range(len(table)), names)
    ax.set_xlabel(score)
    ax.set_title(f"Leading organisations (top {len(table)})")
    return fig


def region_composition_figure(table: pd.DataFrame, *, top: int | None = 20,
                              regions: int = 8, share: bool = False) -> Figure:
    """Stacked bars: the members of each cluster by region.

    ``table`` has one row per cluster and one column per region (counts of members), as
    :func:`linkages.regions_by_cluster` makes it (a ``total`` column is left out); its
    index labels the bars
    (rename it with cluster labels first). One bar per cluster, the largest on top; the
    ``regions`` regions with most members among the bars drawn get a colour each and the
    others are stacked as one grey "other regions" part, so every member is drawn. Only the
    first ``top`` clusters by size are drawn (None: all), and the title says so. With
    ``share``, each bar is the cluster's shares (summing to 1).

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> table = pd.DataFrame({"Attica": [30, 2, 1], "Crete": [5, 8, 0], "Epirus": [1, 0, 4]},
    ...                      index=["energy", "food", "health"])
    >>> ax = lk.region_composition_figure(table, regions=2).axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]      # largest cluster on top
    ['health', 'food', 'energy']
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Attica', 'Crete', 'other regions']
    >>> int(sum(bar.get_width() for bar in ax.patches)) == int(table.to_numpy().sum())
    True
    """
    caller = "region_composition_figure"
    check_type(table, pd.DataFrame, argument="table", caller=caller,
               expected="pandas DataFrame (clusters x regions)")
    counts = table.select_dtypes("number").drop(columns=["total"], errors="ignore")
    if counts.empty:
        raise InputError(f"The 'table' argument of {caller} must have numeric columns (one "
                         f"per region). Got columns {list(map(str, table.columns))!r} "
                         "instead.")
    for name, value, allow_none in (("top", top, True), ("regions", regions, False)):
        if not ((allow_none and value is None) or (
                isinstance(value, int | np.integer) and not isinstance(value, bool)
                and value >= 1)):
            raise InputError(f"The {name!r} argument of {caller} must be a positive integer"
                             f"{' or None' if allow_none else ''}. Got {value!r} instead.")
    counts = counts.fillna(0)
    counts.index = counts.index.map(str)
    total = counts.sum(axis=1)
    counts = counts.loc[total.sort_values(ascending=False, kind="stable").index]
    title = "Members by region"
    if top is not None and len(counts) > top:
        title += f" (the first {top} of {len(counts)} clusters)"
        counts = counts.iloc[:top]
    by_region = counts.sum(axis=0).sort_values(ascending=False, kind="stable")
    kept = list(by_region.index[:regions])
    drawn = counts[kept].copy()
    drawn.columns = drawn.columns.map(str)
    rest = counts.drop(columns=kept).sum(axis=1)
    if len(by_region) > regions:
        drawn["other regions"] = rest
    xlabel = "organisations"
    if share:
        drawn = drawn.div(drawn.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
        xlabel = "share of the cluster"
    from matplotlib.figure import Figure
    fig = Figure(figsize=(7.5, 1.2 + 0.45 * len(drawn)), layout="constrained")
    ax = fig.add_subplot()
    left = np.zeros(len(drawn))
    labels = list(drawn.index)[::-1]
    for k, column in enumerate(drawn.columns):
        values = drawn[column].to_numpy(dtype=float)[::-1]
        colour = (NO_CLUSTER_COLOUR if column == "other regions" and k == len(kept)
                  else CLUSTER_COLOURS[k % len(CLUSTER_COLOURS)])
        ax.barh(labels, values, left=left, label=str(column), color=colour)
        left = left + values
    ax.set_xlabel(xlabel)
    ax.legend(title="region", fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5),
              frameon=False)
    ax.set_title(title)
    return fig
