"""What clusters work on: themes of records and organisations carried onto clusters.

A theme is an attribute of the two-mode records (the programme part of a project a member
takes part in, a patent's class, a product code) or of the organisations themselves (their
sector). Each cluster gets its themes with their count, their share within the cluster and
their location quotient against the whole network (:func:`~linkages.analysis.profiles.
specialisation`, the same computation as :func:`~linkages.location_quotient`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_columns, check_one_of, check_type
from linkages.analysis.profiles import specialisation
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork

__all__ = ["cluster_themes"]

COLUMNS = ["cluster", "theme", "count", "share", "lq", "rank"]


def cluster_themes(net: MultilayerNetwork, clusters: Any, theme: str, *,
                   records: pd.DataFrame | None = None, organisation: str = "organisation",
                   top: int | None = 5, by: str = "share") -> pd.DataFrame:
    """The top themes of every cluster: count, share in the cluster, location quotient.

    For a cluster ``C`` and a theme ``t``, with ``e`` counting the records (or members):

    - ``count`` :math:`e_{Ct}`: the records of ``C``'s members with theme ``t`` (with
      ``records=None``: ``C``'s members whose ``theme`` attribute is ``t``). A project
      with two members of ``C`` counts twice, once per participation;
    - ``share`` :math:`e_{Ct} / e_C`, over the cluster's records with a theme;
    - ``lq``, the location quotient :math:`(e_{Ct} / e_C) / (e_t / e)` against the whole
      network: all records of the network's organisations, those in no cluster included.
      ``lq > 1``: the cluster is specialised in the theme (Isard 1960);
    - ``rank`` within the cluster, by ``by`` (then the other measure, then the theme's
      name, so ties are broken the same way every time).

    Parameters
    ----------
    net : MultilayerNetwork
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column (e.g.
        ``"planted_cluster"``). Organisations with no cluster (-1, missing) are in no row
        but count in the network's totals.
    theme : str
        The theme column: of ``records`` when given (e.g. ``"programme_part"``), else of
        the organisations (e.g. ``"sector"``). Multi-valued themes (a patent's several
        classes) go one row per value (``records.explode(theme)``).
    records : DataFrame, optional
        Two-mode records, one row per organisation and item (participations in projects,
        patents, products), with the columns ``organisation`` and ``theme``. Records of
        organisations outside the network are left out; their number is in
        ``result.attrs["outside_network"]``.
    organisation : str
        The records' organisation id column.
    top : int or None
        Themes per cluster (None: all).
    by : {'share', 'lq'}
        What ranks the themes: the share (what the cluster mostly does; default) or the
        location quotient (what sets it apart; small themes can have a large one).

    Returns
    -------
    DataFrame
        Tidy, sorted by cluster and rank: ``cluster`` (its labels, as in
        :func:`linkages.profile_clusters`), ``theme``, ``count``, ``share``, ``lq``,
        ``rank``. ``attrs``: ``theme`` (the column), ``counted`` (``"records"`` or
        ``"members"``), ``missing`` (records or members without a theme, left out of every
        total), ``outside_network``, and ``notes`` (clusters without any theme).

    See Also
    --------
    linkages.location_quotient : the same quotient for sectors in regions.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> themes = lk.cluster_themes(net, "planted_cluster", "sector", top=1)
    >>> themes.round(2)
       cluster               theme  count  share    lq  rank
    0        0  C29 motor vehicles     57   0.84  4.41     1
    1        1     C26 electronics     63   0.91  4.35     1
    2        2            C10 food     63   0.82  3.90     1
    3        3       C20 chemicals     72   0.84  3.49     1

    Themes of records, e.g. the topics of the example's projects (made up here):

    >>> _, _, projects = lk.example_tables()
    >>> projects["topic"] = projects["project"].str[-1].map(
    ...     lambda d: "energy" if d in "01234" else "health")
    >>> lk.cluster_themes(net, "planted_cluster", "topic", records=projects,
    ...                   top=1).attrs["counted"]
    'records'
    """
    caller = "cluster_themes"
    check_type(theme, str, argument="theme", caller=caller)
    check_one_of(by, ["share", "lq"], argument="by", caller=caller)
    if top is not None and (not isinstance(top, int | np.integer) or isinstance(top, bool)
                            or top < 1):
        raise InputError(f"The 'top' argument of {caller} must be a positive integer or None. "
                         f"Got {top!r} instead.")
    codes, labels = group_codes(clusters, net.organisations, argument="clusters", caller=caller)
    code_of = pd.Series(codes, index=net.organisations.index)
    outside = 0
    if records is None:
        check_columns(net.organisations, [theme], argument="net.organisations", caller=caller)
        values = net.organisations[theme]
        member = code_of
        counted = "members"
    else:
        check_columns(records, [organisation, theme], argument="records", caller=caller)
        known = records[organisation].isin(net.organisations.index)
        outside = int((~known).sum())
        values = records.loc[known, theme]
        member = code_of.reindex(records.loc[known, organisation]).set_axis(values.index)
        counted = "records"
    has_theme = values.notna()
    missing = int((~has_theme).sum())
    values, member = values[has_theme], member[has_theme]
    if values.empty:
        raise InputError(f"{caller} found no {counted} with a {theme!r}.")

    # the network's row (code -1: no cluster) sits in the totals only
    e = pd.crosstab(member.to_numpy(), values.to_numpy())
    e = e.reindex(index=range(-1, len(labels)), fill_value=0)
    lq = specialisation(e)
    shares = e.div(e.sum(axis=1).where(lambda s: s > 0), axis=0)
    tidy = pd.DataFrame({"cluster": np.repeat(e.index.to_numpy(), e.shape[1]),
                         "theme": np.tile(e.columns.to_numpy(), e.shape[0]),
                         "count": e.to_numpy().ravel(), "share": shares.to_numpy().ravel(),
                         "lq": lq.to_numpy().ravel()})
    tidy = tidy[(tidy["cluster"] >= 0) & (tidy["count"] > 0)]
    other = "lq" if by == "share" else "share"
    tidy = tidy.assign(name=tidy["theme"].astype(str)).sort_values(
        ["cluster", by, other, "name"], ascending=[True, False, False, True], kind="stable")
    tidy["rank"] = tidy.groupby("cluster").cumcount() + 1
    if top is not None:
        tidy = tidy[tidy["rank"] <= top]
    empty = sorted(set(range(len(labels))) - set(tidy["cluster"]))
    tidy["cluster"] = labels.take(tidy["cluster"].to_numpy()).to_numpy()
    tidy = tidy[COLUMNS].reset_index(drop=True)
    tidy["count"] = tidy["count"].astype(np.int64)
    tidy.attrs.update(theme=theme, counted=counted, missing=missing, outside_network=outside,
                      notes=[f"{len(empty):,} cluster{' has' if len(empty) == 1 else 's have'}"
                             f" no {counted} with a {theme!r}: "
                             + ", ".join(map(str, labels.take(empty[:5])))
                             + (" ..." if len(empty) > 5 else "")] if empty else [])
    return tidy
