"""Cluster profiles for reports, members by region, and the location quotient.

:func:`specialisation` is the one location-quotient computation: :func:`location_quotient`
(sectors in regions) and :func:`linkages.analysis.themes.cluster_themes` (themes in
clusters) both call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_columns, check_layers
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork, haversine_km
from linkages.views import aggregate_ties
from linkages.vocabulary import HELIX_GROUPS, ORGANISATION_TYPES

__all__ = ["profile_clusters", "regions_by_cluster", "location_quotient", "specialisation"]


def profile_clusters(net: MultilayerNetwork, clusters: Any, *,
                     layers: str | Sequence[str] | None = None, type: str | None = "type",
                     region: str | None = "region", lat: str | None = "lat",
                     lon: str | None = "lon", hub_threshold: float = 0.5,
                     flat_threshold: float = 0.2, dense_threshold: float = 0.1
                     ) -> pd.DataFrame:
    """One row per cluster: size, composition, ties, openness, territory and structure.

    Columns (``C`` a cluster of ``n`` members; ties inside ``C`` have both ends in it):

    - ``size``; ``share_<type>`` for every type in
      :data:`linkages.vocabulary.ORGANISATION_TYPES` (and ``share_other``); ``helix``: how
      many of industry (SMEs, large firms), academia (universities, research institutes)
      and government (public bodies) are present,
      ``triple_helix`` when all three are (Etzkowitz & Leydesdorff 2000).
    - per layer ``ties:<layer>`` inside ``C``; ``density:<layer>`` = ties / possible ties
      (``n(n-1)`` directed, ``n(n-1)/2`` undirected); ``ei:<layer>`` the E-I index.
    - ``ei_index`` over all ``layers``: :math:`(E - I) / (E + I)` with ``E`` the ties with
      one end in ``C`` and ``I`` the ties inside (Krackhardt & Stern 1988); -1 closed,
      +1 open; NaN without ties.
    - ``dominant_region`` and ``region_share`` (share of members there; all regions:
      :func:`regions_by_cluster`); ``centroid_lat``, ``centroid_lon``: the members' mean
      coordinates, and ``spread_km``: their mean great-circle distance to it, over the
      members with coordinates (NaN when none has them).
    - ``density``: density of the undirected aggregate of ``layers`` inside ``C``;
      ``centralisation``: Freeman's degree centralisation of it,
      :math:`\\sum_i (d_{max} - d_i) / ((n-1)(n-2))`, 1 for a star, 0 when all degrees
      are equal (0 when ``n < 3``).
    - ``structure``, by this rule: ``"hub-and-spoke"`` when centralisation >=
      ``hub_threshold`` (0.5: organised around one or a few anchors); else
      ``"Marshallian"`` when centralisation < ``flat_threshold`` (0.2) and density >=
      ``dense_threshold`` (0.1): flat and dense; else ``"mixed"``.

    Organisations with no cluster (-1, missing) are in no row; their ties to clusters
    count as external. Columns whose attribute (``type``, ``region``, ``lat``/``lon``) is
    None or absent from the network are left out: without a ``type`` column there is no
    composition (``share_*``, ``helix``, ``triple_helix``), and the table says so rather
    than raising. What could not be computed, and types outside the vocabulary (counted
    in ``share_other``), are listed in plain words in ``result.attrs["notes"]``.

    References
    ----------
    Freeman (1979) Social Networks 1, 215-239; Krackhardt & Stern (1988) Social Psychology
    Quarterly 51, 123-140; Markusen (1996) Economic Geography 72, 293-313 (hub-and-spoke and
    Marshallian districts).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> p = lk.profile_clusters(net, "planted_cluster")
    >>> p[["size", "share_sme", "dominant_region", "structure"]].round(2)
                     size  share_sme dominant_region      structure
    planted_cluster
    0                  68       0.81           North  hub-and-spoke
    1                  69       0.87          Centre  hub-and-spoke
    2                  77       0.77           South  hub-and-spoke
    3                  86       0.81           North  hub-and-spoke

    Without a ``type`` column the composition is left out and the notes say why:

    >>> untyped = lk.MultilayerNetwork(net.organisations.drop(columns="type"), net.relations)
    >>> p = lk.profile_clusters(untyped, "planted_cluster")
    >>> "share_sme" in p, p.attrs["notes"]
    (False, ["no 'type' column: the composition (share_*, helix, triple_helix) is not computed"])
    """
    caller = "profile_clusters"
    layers = check_layers(layers, net.layers, caller=caller)
    for name, value in (("hub_threshold", hub_threshold), ("flat_threshold", flat_threshold),
                        ("dense_threshold", dense_threshold)):
        if not 0 <= value <= 1:
            raise InputError(f"The {name!r} argument of {caller} must be in [0, 1]. "
                             f"Got {value!r} instead.")
    codes, labels = group_codes(clusters, net.organisations, argument="clusters", caller=caller)
    k = len(labels)
    orgs = net.organisations
    inside = codes >= 0
    size = np.bincount(codes[inside], minlength=k)
    table = pd.DataFrame({"size": size}, index=labels)
    notes = []
    wanted = {"the composition (share_*, helix, triple_helix) is": [type],
              "dominant_region and region_share are": [region],
              "the centroid and spread_km are": [lat, lon] if None not in (lat, lon) else []}
    for what, columns in wanted.items():
        absent = [c for c in columns if c is not None and c not in orgs.columns]
        if absent:
            names = " and ".join(repr(c) for c in absent)
            notes.append(f"no {names} column{'s' if len(absent) > 1 else ''}: {what} not "
                         "computed")

    if type is not None and type in orgs.columns:
        kinds = orgs[type].to_numpy()
        known = np.isin(kinds, ORGANISATION_TYPES)
        for kind in ORGANISATION_TYPES:
            table[f"share_{kind.replace(' ', '_')}"] = _share(codes, kinds == kind, size)
        table["share_other"] = _share(codes, ~known, size)
        other = inside & ~known
        if other.any():
            found = pd.Series(kinds[other]).astype("string").fillna("<missing>").value_counts()
            n = int(other.sum())
            notes.append(f"{n:,} member{' has' if n == 1 else 's have'} a type outside the "
                         "vocabulary "
                         f"(counted in share_other): {', '.join(map(str, found.index[:5]))}"
                         + (" ..." if len(found) > 5 else ""))
        present = [np.bincount(codes[inside & np.isin(kinds, members)], minlength=k) > 0
                   for members in HELIX_GROUPS.values()]
        table["helix"] = np.sum(present, axis=0)
        table["triple_helix"] = table["helix"] == 3

    total_e = np.zeros(k)
    total_i = np.zeros(k)
    for name in layers:
        s, t, _, directed = aggregate_ties(net, layers=name, caller=caller)
        internal, external = _ties(codes, s, t, k)
        total_i += internal
        total_e += external
        pairs = size * (size - 1) / (1 if directed else 2)
        table[f"ties:{name}"] = internal.astype(np.int64)
        table[f"density:{name}"] = _ratio(internal, pairs)
        table[f"ei:{name}"] = _ratio(external - internal, external + internal, np.nan)
    table["ei_index"] = _ratio(total_e - total_i, total_e + total_i, np.nan)

    if region is not None and region in orgs.columns:
        counts = pd.crosstab(codes[inside], orgs[region].to_numpy()[inside])
        counts = counts.reindex(range(k), fill_value=0)
        table["dominant_region"] = counts.idxmax(axis=1).to_numpy()
        table["region_share"] = _ratio(counts.max(axis=1).to_numpy(), size)
    if lat is not None and lon is not None and {lat, lon} <= set(orgs.columns):
        centre_lat, centre_lon, spread = _spread(codes, orgs[lat], orgs[lon], k)
        table["centroid_lat"], table["centroid_lon"] = centre_lat, centre_lon
        table["spread_km"] = spread

    s, t, _, _ = aggregate_ties(net, layers=layers, directed=False, caller=caller)
    keep = (codes[s] == codes[t]) & (codes[s] >= 0) & (s != t)
    degree = np.bincount(np.r_[s[keep], t[keep]], minlength=net.n_organisations)
    per = pd.DataFrame({"cluster": codes[inside], "degree": degree[inside]})
    stats = per.groupby("cluster")["degree"].agg(["max", "sum"]).reindex(range(k))
    table["density"] = _ratio(stats["sum"].to_numpy() / 2, size * (size - 1) / 2)
    table["centralisation"] = _ratio(size * stats["max"].to_numpy() - stats["sum"].to_numpy(),
                                     (size - 1.0) * (size - 2.0))
    hub = table["centralisation"] >= hub_threshold
    flat = (table["centralisation"] < flat_threshold) & (table["density"] >= dense_threshold)
    table["structure"] = np.where(hub, "hub-and-spoke", np.where(flat, "Marshallian", "mixed"))
    table.index.name = labels.name
    table.attrs["notes"] = list(dict.fromkeys(notes))
    return table


def regions_by_cluster(net: MultilayerNetwork, clusters: Any, *, region: str = "region",
                       share: bool = False) -> pd.DataFrame:
    """Members of every cluster by region, all regions: clusters as rows, regions as columns.

    Parameters
    ----------
    net : MultilayerNetwork
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column (e.g.
        ``"planted_cluster"``). Organisations with no cluster (-1, missing) are left out.
    region : str
        The organisations' region column.
    share : bool
        False (default): counts of members; True: shares of the cluster's members with a
        region (each row sums to 1).

    Returns
    -------
    DataFrame
        One row per cluster (as in :func:`profile_clusters`), one column per region
        (sorted), and ``total`` (members with a region) when ``share`` is False. Members
        without a region are in no column; their number per cluster is in
        ``result.attrs["no_region"]`` (a dict, clusters with none left out).

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> lk.regions_by_cluster(net, "planted_cluster")
    region           Centre  North  South  total
    planted_cluster
    0                     5     62      1     68
    1                    60      2      7     69
    2                     5      4     68     77
    3                     5     74      7     86
    >>> lk.regions_by_cluster(net, "planted_cluster", share=True).round(2).loc[0].tolist()
    [0.07, 0.91, 0.01]
    """
    caller = "regions_by_cluster"
    check_columns(net.organisations, [region], argument="net.organisations", caller=caller)
    codes, labels = group_codes(clusters, net.organisations, argument="clusters", caller=caller)
    places = net.organisations[region].to_numpy()
    placed = (codes >= 0) & pd.notna(places)
    counts = pd.crosstab(codes[placed], places[placed])
    counts = counts.reindex(range(len(labels)), fill_value=0)
    counts = counts.reindex(columns=sorted(counts.columns, key=str)).astype(np.int64)
    counts.index, counts.columns.name = labels, region
    missing = np.bincount(codes[(codes >= 0) & ~placed], minlength=len(labels))
    if share:
        counts = counts.div(counts.sum(axis=1).where(lambda s: s > 0), axis=0)
    else:
        counts["total"] = counts.sum(axis=1)
    counts.attrs["no_region"] = {labels[i]: int(n) for i, n in enumerate(missing) if n}
    return counts


def _share(codes: np.ndarray, flag: np.ndarray, size: np.ndarray) -> np.ndarray:
    count = np.bincount(codes[(codes >= 0) & flag], minlength=len(size))
    return _ratio(count, size)


def _ratio(num: np.ndarray, den: np.ndarray, empty: float = 0.0) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(num.shape, empty), where=den > 0)


def _ties(codes: np.ndarray, s: np.ndarray, t: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Ties inside each cluster and ties with exactly one end in it (self-loops left out)."""
    cs, ct = codes[s], codes[t]
    real = s != t
    internal = np.bincount(cs[real & (cs == ct) & (cs >= 0)], minlength=k)
    crossing = real & (cs != ct)
    external = (np.bincount(cs[crossing & (cs >= 0)], minlength=k)
                + np.bincount(ct[crossing & (ct >= 0)], minlength=k))
    return internal.astype(float), external.astype(float)


def _spread(codes: np.ndarray, lat: pd.Series, lon: pd.Series, k: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centroid (mean lat, mean lon) and mean distance to it, in km, per cluster."""
    la = pd.to_numeric(lat, errors="coerce").to_numpy(dtype=float)
    lo = pd.to_numeric(lon, errors="coerce").to_numpy(dtype=float)
    ok = (codes >= 0) & ~np.isnan(la) & ~np.isnan(lo)
    n = np.bincount(codes[ok], minlength=k).astype(float)
    centre_lat = _ratio(np.bincount(codes[ok], weights=la[ok], minlength=k), n, np.nan)
    centre_lon = _ratio(np.bincount(codes[ok], weights=lo[ok], minlength=k), n, np.nan)
    distance = haversine_km(la[ok], lo[ok], centre_lat[codes[ok]], centre_lon[codes[ok]])
    return (centre_lat, centre_lon,
            _ratio(np.bincount(codes[ok], weights=distance, minlength=k), n, np.nan))


def location_quotient(net: MultilayerNetwork, *, sector: str = "sector",
                      region: str = "region", weight: str | None = None) -> pd.DataFrame:
    """Location quotient of every sector in every region.

    .. math:: LQ_{rs} = \\frac{e_{rs} / e_r}{e_s / e}

    with :math:`e_{rs}` the organisations (or, with ``weight="size"``, the employees) of
    sector ``s`` in region ``r``, :math:`e_r`, :math:`e_s` the region's and the sector's
    totals and ``e`` the grand total. ``LQ > 1``: the region is specialised in the sector
    (Isard 1960; Florence 1939). Organisations with no sector or region (or no weight) are
    left out of every total; their number is in ``result.attrs["left_out"]``.

    Returns
    -------
    DataFrame
        Regions as rows, sectors as columns.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> lq = lk.location_quotient(net, weight="size")
    >>> round(float(lq.loc["North", "C20 chemicals"]), 2)
    2.93
    """
    caller = "location_quotient"
    columns = [sector, region] + ([weight] if weight is not None else [])
    check_columns(net.organisations, columns, argument="net.organisations", caller=caller)
    orgs = net.organisations[columns]
    values = (pd.to_numeric(orgs[weight], errors="coerce") if weight is not None
              else pd.Series(1.0, index=orgs.index))
    if (values < 0).any():
        raise InputError(f"The {weight!r} column of {caller} must hold non-negative numbers; "
                         f"found {int((values < 0).sum())} negative values.")
    ok = orgs[sector].notna() & orgs[region].notna() & values.notna()
    e = pd.crosstab(orgs.loc[ok, region], orgs.loc[ok, sector], values=values[ok],
                    aggfunc="sum").fillna(0.0)
    total = e.to_numpy().sum()
    if total == 0:
        raise InputError(f"{caller} found no organisations with a {sector!r}, a {region!r}"
                         f"{' and a positive ' + repr(weight) if weight else ''}.")
    lq = specialisation(e)
    lq.index.name, lq.columns.name = region, sector
    lq.attrs["left_out"] = int((~ok).sum())
    return lq


def specialisation(counts: pd.DataFrame) -> pd.DataFrame:
    """Location quotients of a table of counts: groups as rows, categories as columns.

    .. math:: LQ_{gc} = \\frac{e_{gc} / e_g}{e_c / e}

    the category's share in the group over its share in the whole table. NaN for a group
    with no count. The one implementation behind :func:`location_quotient` and
    :func:`linkages.analysis.themes.cluster_themes`.

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages.analysis.profiles import specialisation
    >>> specialisation(pd.DataFrame({"A": [3, 1], "B": [1, 3]}, index=["R1", "R2"]))
          A    B
    R1  1.5  0.5
    R2  0.5  1.5
    """
    counts = counts.astype(float)
    total = counts.to_numpy().sum()
    rows = counts.sum(axis=1).where(lambda s: s > 0)
    return counts.div(rows, axis=0).div(counts.sum(axis=0) / total, axis=1)
