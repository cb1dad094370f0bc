"""Clusters named and described in words: a short label and a paragraph per cluster.

The words come from the tables the other analyses compute (profiles, members by region,
themes, leading firms, openness); nothing here measures anything new, so every number in
a paragraph can be found in those tables. The text is deterministic: the same tables, the
same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError, check_type, preview
from linkages.analysis.leaders import DEFAULT_WEIGHTS, leading_firms
from linkages.analysis.profiles import profile_clusters, regions_by_cluster
from linkages.analysis.themes import cluster_themes
from linkages.membership import group_codes
from linkages.network import MultilayerNetwork
from linkages.vocabulary import HELIX_GROUPS, ORGANISATION_TYPES

__all__ = ["cluster_labels", "describe_clusters", "OPENNESS_COLUMNS", "PLURALS"]

#: How each organisation type is counted in words (any other value: "other organisations").
PLURALS = {"sme": ("SME", "SMEs"), "large firm": ("large firm", "large firms"),
           "firm": ("firm of unknown size", "firms of unknown size"),
           "university": ("university", "universities"),
           "research institute": ("research institute", "research institutes"),
           "public body": ("public body", "public bodies"),
           "intermediary": ("intermediary", "intermediaries")}
#: Columns of an ``openness`` table read as "share of the cluster's ties that leave the
#: territory", the first one found (``openness``: :func:`linkages.analysis.regions.openness`).
OPENNESS_COLUMNS = ("openness", "share_ties_outside", "share_ties_external", "share_outside")
STRUCTURES = {"hub-and-spoke": "organised around one or a few anchors",
              "Marshallian": "flat and dense, without a dominant hub",
              "mixed": "neither organised around one hub nor flat and dense"}
HELIX_WORDS = {"industry": ("firm", "firms"),
               "academia": ("university or research institute",
                            "universities or research institutes"),
               "government": ("public body", "public bodies")}
THEME_CHARACTERS = 32
#: Share of the members two regions must hold together to name the place "A/B".
PAIR_SHARE = 2 / 3


def cluster_labels(net: MultilayerNetwork, clusters: Any, *,
                   profiles: pd.DataFrame | None = None, themes: pd.DataFrame | None = None,
                   labels: Mapping[Any, str] | pd.Series | None = None,
                   region_share: float = 0.5) -> pd.Series:
    """A short name for every cluster: place · theme · structure.

    - **place**: the dominant region when it holds at least ``region_share`` of the
      members, else the two largest regions when together they hold two thirds (and at
      least ``region_share``; "North/Centre"), else "several regions"; nothing without a
      region column;
    - **theme**: of the cluster's themes (a :func:`linkages.cluster_themes` table), the
      largest share among those it is specialised in (location quotient >= 1), else its
      largest; shortened to 32 characters. Without themes, the composition instead when one
      type holds half the members ("mostly SMEs");
    - **structure**: ``hub-and-spoke``, ``Marshallian`` or ``mixed``, from
      :func:`linkages.profile_clusters`.

    When every cluster has the same place (one region's clusters), the place is left out.
    Labels shared by several clusters get the cluster in brackets, so every label is
    unique.

    Parameters
    ----------
    net : MultilayerNetwork
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column.
    profiles : DataFrame, optional
        :func:`linkages.profile_clusters` of these clusters (computed when None).
    themes : DataFrame, optional
        :func:`linkages.cluster_themes` of these clusters. None: the organisations'
        ``sector`` when they have one, else no theme.
    labels : mapping or Series, optional
        Labels of your own for some or all clusters; they replace the automatic ones.
    region_share : float
        Share of the members a region (or two) must hold to name the place, in (0, 1].

    Returns
    -------
    Series
        Indexed by cluster, named ``label``.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> for label in lk.cluster_labels(net, "planted_cluster"):
    ...     print(label)
    North · C29 motor vehicles · hub-and-spoke
    Centre · C26 electronics · hub-and-spoke
    South · C10 food · hub-and-spoke
    North · C20 chemicals · hub-and-spoke
    >>> lk.cluster_labels(net, "planted_cluster", labels={0: "Motor Valley"}).tolist()[:2]
    ['Motor Valley', 'Centre · C26 electronics · hub-and-spoke']
    """
    caller = "cluster_labels"
    facts = _Facts(net, clusters, profiles=profiles, themes=themes, caller=caller)
    return _labels(facts, labels, region_share, caller=caller)


def describe_clusters(net: MultilayerNetwork, clusters: Any, *,
                      leaders: pd.DataFrame | None = None, profiles: pd.DataFrame | None = None,
                      themes: pd.DataFrame | None = None, openness: pd.DataFrame | None = None,
                      labels: Mapping[Any, str] | pd.Series | None = None,
                      region_share: float = 0.5, top_themes: int = 2) -> pd.DataFrame:
    """One plain-language paragraph per cluster, a one-line summary and a label.

    The paragraph says, in this order and as far as the tables allow: the cluster's label
    and size with its make-up by type; where its members are (the regions holding them,
    their mean distance to their centre); what it works on (its top themes, with their share
    and location quotient); who leads it and why (the ``reason`` of
    :func:`linkages.leading_firms`, and its other anchors); how its ties are structured;
    which triple-helix partners (industry, academia, government) it has and lacks; and how
    open it is (the share of its ties that cross the cluster's boundary, from the E-I
    index, and, given an ``openness`` table, the share that leave the territory). The
    summary says the same in one line, for the command line.

    Parameters
    ----------
    net : MultilayerNetwork
    clusters : find_clusters result, Series, sequence or str
        Cluster of every organisation, or an organisation column.
    leaders : DataFrame, optional
        :func:`linkages.leading_firms` of these clusters. None: computed with its defaults
        when the organisations have a ``type`` column (with the layers of those defaults
        the network lacks left out), else the leaders are not described.
    profiles : DataFrame, optional
        :func:`linkages.profile_clusters` of these clusters (computed when None).
    themes : DataFrame, optional
        :func:`linkages.cluster_themes` of these clusters. None: the organisations'
        ``sector`` when they have one, else no theme.
    openness : DataFrame, optional
        One row per cluster (indexed by cluster, or with a ``cluster`` column) with the
        share of its ties that leave the territory, in the first column of
        :data:`OPENNESS_COLUMNS` it has: the table of
        :func:`linkages.analysis.regions.openness` (its ``openness`` column).
    labels : mapping or Series, optional
        Labels of your own for some or all clusters (see :func:`cluster_labels`).
    region_share : float
        Share of the members a region must hold to name the place in the label.
    top_themes : int
        Themes named in the paragraph (at most).

    Returns
    -------
    DataFrame
        Indexed by cluster: ``label``, ``summary`` (one line) and ``paragraph``.
        ``result.attrs["notes"]`` says what could not be described and why.

    Examples
    --------
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> words = lk.describe_clusters(net, "planted_cluster")
    >>> import textwrap
    >>> print(textwrap.fill(words.loc[2, "summary"], 88))
    South · C10 food · hub-and-spoke: 77 organisations, 88% in South; C10 food (82%, 3.9×
    the network's share); led by Large 0137; triple helix; 28% of ties leave the cluster
    >>> print(textwrap.fill(words.loc[2, "paragraph"], 88))
    Cluster 2, "South · C10 food · hub-and-spoke", has 77 organisations: 59 SMEs, 4 large
    firms, 4 universities, 6 research institutes and 4 public bodies. 88% of its members are
    in South, 6% in Centre and 5% in North, on average 27 km from their centre. It works
    mainly on C10 food (82% of its members, 3.9 times the share in the whole network), then
    M72 research (13%, 1.3 times). It is led by Large 0137, a large firm and anchor (buys
    from 52 of the cluster's 59 SMEs; R&D ties to 1 research organisation; 1,846 employees).
    Its ties are hub-and-spoke, organised around one or a few anchors (degree centralisation
    0.69, density 0.08). It has all three triple-helix partners: industry (63 firms),
    academia (10 universities or research institutes) and government (4 public bodies). 28%
    of its ties cross its boundary (E-I index -0.43).
    """
    caller = "describe_clusters"
    check_type(top_themes, int, argument="top_themes", caller=caller)
    facts = _Facts(net, clusters, profiles=profiles, themes=themes, caller=caller)
    names = _labels(facts, labels, region_share, caller=caller)
    leaders = facts.leaders(leaders)
    open_share = _openness(openness, facts.index, caller=caller)
    by_cluster = {} if leaders is None else facts.leaders_by_cluster(leaders)
    rows: dict[str, list[str]] = {"label": [], "summary": [], "paragraph": []}
    for cluster in facts.index:
        own = None if leaders is None else by_cluster.get(cluster, [])
        words = _Cluster(facts, cluster, names[cluster], own, open_share, top_themes)
        rows["label"].append(names[cluster])
        rows["summary"].append(words.summary())
        rows["paragraph"].append(words.paragraph())
    result = pd.DataFrame(rows, index=facts.index)
    result.attrs["notes"] = list(dict.fromkeys(facts.notes))
    return result


# -- the facts every sentence reads ----------------------------------------------------------
class _Facts:
    """The tables the words come from, computed once, looked up per cluster."""

    def __init__(self, net: MultilayerNetwork, clusters: Any, *,
                 profiles: pd.DataFrame | None, themes: pd.DataFrame | None, caller: str):
        self.net, self.clusters = net, clusters
        orgs = net.organisations
        codes, index = group_codes(clusters, orgs, argument="clusters", caller=caller)
        self.index = index
        if profiles is None:
            profiles = profile_clusters(net, clusters)
        check_type(profiles, pd.DataFrame, argument="profiles", caller=caller,
                   expected="pandas DataFrame (a profile_clusters table)")
        self.notes = list(profiles.attrs.get("notes", []))
        # plain dicts and lists: looked up once per cluster, thousands of clusters stay fast
        self.profiles: dict[Any, dict[str, Any]] = profiles.reindex(index).to_dict("index")
        self.regions: dict[Any, list[tuple[Any, float]]] | None = None
        if "region" in orgs.columns:
            shares = regions_by_cluster(net, clusters, share=True)
            names, values = shares.columns.tolist(), shares.to_numpy(dtype=float)
            self.regions = {}
            for cluster, row in zip(shares.index, values):
                order = np.argsort(-np.nan_to_num(row), kind="stable")
                self.regions[cluster] = [(names[j], float(row[j])) for j in order
                                         if row[j] > 0]
        if themes is None and "sector" in orgs.columns:
            themes = cluster_themes(net, clusters, "sector", top=None)
        elif themes is None:
            self.notes.append("no themes given and no 'sector' column: what the clusters "
                              "work on is not described")
        if themes is not None:
            check_type(themes, pd.DataFrame, argument="themes", caller=caller,
                       expected="pandas DataFrame (a cluster_themes table)")
            missing = [c for c in ("cluster", "theme", "share", "lq") if c not in themes]
            if missing:
                raise InputError(f"The 'themes' argument of {caller} must be a cluster_themes "
                                 f"table; missing the columns {missing!r}.")
            sort = [c for c in ("cluster", "rank") if c in themes]
            themes = themes.sort_values(sort, kind="stable")
        self.themes: dict[Any, list[dict[str, Any]]] | None = None
        if themes is not None:
            self.themes = {c: g.to_dict("records") for c, g in themes.groupby("cluster",
                                                                             sort=False)}
        self.counted = themes.attrs.get("counted", "records") if themes is not None else ""
        self.types: dict[Any, dict[str, int]] | None = None
        if "type" in orgs.columns:
            kinds = orgs["type"].to_numpy()
            inside = codes >= 0
            kinds = np.where(np.isin(kinds, ORGANISATION_TYPES), kinds, "other")
            types = pd.crosstab(codes[inside], kinds[inside])
            types = types.reindex(range(len(index)), fill_value=0)
            self.types = {c: {k: int(n) for k, n in zip(types.columns, row)}
                          for c, row in zip(index, types.to_numpy())}
        else:
            self.notes.append("no 'type' column: the make-up, the triple helix and the "
                              "leaders are not described")

    def themes_of(self, cluster: Any) -> list[dict[str, Any]]:
        """The cluster's themes in their rank order (rows of the themes table)."""
        return [] if self.themes is None else self.themes.get(cluster, [])

    def types_of(self, cluster: Any) -> dict[str, int]:
        return {} if self.types is None else self.types.get(cluster, {})

    def leaders(self, leaders: pd.DataFrame | None) -> pd.DataFrame | None:
        if leaders is None:
            if self.types is None:
                return None
            leaders = self._compute_leaders()
        check_type(leaders, pd.DataFrame, argument="leaders", caller="describe_clusters",
                   expected="pandas DataFrame (a leading_firms table)")
        missing = [c for c in ("cluster", "rank") if c not in leaders]
        if missing:
            raise InputError("The 'leaders' argument of describe_clusters must be a "
                             f"leading_firms table; missing the columns {missing!r}.")
        return leaders.sort_values(["cluster", "rank"], kind="stable")

    @staticmethod
    def leaders_by_cluster(leaders: pd.DataFrame) -> dict[Any, list[dict[str, Any]]]:
        """Each cluster's leaders in rank order, as dicts with their id under ``"_id"``."""
        rows = leaders.assign(_id=leaders.index.astype(str)).to_dict("records")
        grouped: dict[Any, list[dict[str, Any]]] = {}
        for row in rows:
            grouped.setdefault(row["cluster"], []).append(row)
        return grouped

    def _compute_leaders(self) -> pd.DataFrame:
        layers, orgs = self.net.layers, self.net.organisations
        production = "production" if "production" in layers else None
        science = "scientific" if "scientific" in layers else None
        size = "size" if "size" in orgs.columns else None
        unused = ({"sme_reach", "pagerank"} if production is None else set()) | (
            {"research"} if science is None else set()) | ({"size"} if size is None else set())
        weights = {k: w for k, w in DEFAULT_WEIGHTS.items() if k not in unused}
        return leading_firms(self.net, self.clusters, top=None, weights=weights,
                             production=production, science=science, size=size)


def _labels(facts: _Facts, labels: Mapping[Any, str] | pd.Series | None, region_share: float,
            *, caller: str) -> pd.Series:
    if not 0 < region_share <= 1:
        raise InputError(f"The 'region_share' argument of {caller} must be in (0, 1]. "
                         f"Got {region_share!r} instead.")
    places = [_place(facts, cluster, region_share) for cluster in facts.index]
    if len(places) > 1 and len(set(places)) == 1:
        places = [None] * len(places)      # one territory: the place tells clusters not apart
    auto = []
    for cluster, place in zip(facts.index, places):
        found = [place, _theme_word(facts, cluster), facts.profiles[cluster].get("structure")]
        parts = [p for p in found if isinstance(p, str) and p]
        auto.append(" · ".join(parts) or f"cluster {_cluster_name(cluster)}")
    result = pd.Series(auto, index=facts.index, name="label")
    repeated = result.duplicated(keep=False)
    result[repeated] = [f"{label} ({_cluster_name(cluster)})"
                        for cluster, label in result[repeated].items()]
    if labels is not None:
        check_type(labels, (Mapping, pd.Series), argument="labels", caller=caller,
                   expected="mapping or pandas Series (cluster -> label)")
        given = pd.Series(dict(labels)) if isinstance(labels, Mapping) else labels
        unknown = [c for c in given.index if c not in facts.index]
        if unknown:
            raise InputError(f"The 'labels' argument of {caller} names clusters that do not "
                             f"exist: {preview(unknown)}. The clusters are "
                             f"{preview(facts.index.tolist())}.")
        for cluster, label in given.items():
            result[cluster] = str(label)
    return result


def _place(facts: _Facts, cluster: Any, region_share: float) -> str | None:
    shares = [] if facts.regions is None else facts.regions.get(cluster, [])
    if not shares:
        return None
    if shares[0][1] >= region_share:
        return str(shares[0][0])
    if len(shares) > 1 and shares[0][1] + shares[1][1] >= max(region_share, PAIR_SHARE):
        return f"{shares[0][0]}/{shares[1][0]}"
    return "several regions"


def _theme_word(facts: _Facts, cluster: Any) -> str | None:
    themes = facts.themes_of(cluster)
    if themes:
        special = [row for row in themes if row["lq"] >= 1]
        best = max(special or themes, key=lambda row: row["share"])   # first of equals
        return _short(str(best["theme"]))
    counts = facts.types_of(cluster)
    total = sum(counts.values())
    if total:
        kind = max(counts, key=lambda k: counts[k])
        if counts[kind] / total >= 0.5:
            return f"mostly {_plural(kind)}"
    return None


# -- one cluster in words ----------------------------------------------------------------
class _Cluster:
    def __init__(self, facts: _Facts, cluster: Any, label: str,
                 leaders: list[dict[str, Any]] | None, open_share: pd.Series | None,
                 top_themes: int):
        """``leaders``: this cluster's rows of the leaders table (None: not described)."""
        self.facts, self.cluster, self.label = facts, cluster, label
        self.profile = facts.profiles[cluster]
        self.size = int(self.profile.get("size", 0))
        self.leaders = leaders
        self.open_share = None if open_share is None else open_share.get(cluster)
        self.themes = facts.themes_of(cluster)[:top_themes]

    # the sentences
    def paragraph(self) -> str:
        parts = [self._size(), self._where(), self._what(), self._leads(), self._structure(),
                 self._helix(), self._openness()]
        return " ".join(p for p in parts if p)

    def summary(self) -> str:
        bits = [_count(self.size, "organisation", "organisations")]
        regions = self._regions()
        if regions:
            bits[0] += f", {_percent(regions[0][1])} in {regions[0][0]}"
        if self.themes:
            first = self.themes[0]
            bits.append(f"{first['theme']} ({_percent(first['share'])}, "
                        f"{_number(first['lq'], 1)}× the network's share)")
        leader = self._leader()
        if leader is not None:
            bits.append(f"led by {leader[0]}")
        has, lacks = self._helix_groups()
        if has and not lacks:
            bits.append("triple helix")
        elif lacks:
            bits.append(f"no {_join(lacks)}")
        crossing = self._crossing()
        if crossing is not None:
            bits.append(f"{_percent(crossing)} of ties leave the cluster")
        if self.open_share is not None and pd.notna(self.open_share):
            bits.append(f"{_percent(self.open_share)} leave the territory")
        return f"{self.label}: " + "; ".join(bits)

    def _size(self) -> str:
        text = (f"Cluster {_cluster_name(self.cluster)}, \"{self.label}\", has "
                f"{_count(self.size, 'organisation', 'organisations')}")
        if self.facts.types is not None:
            counts = self.facts.types_of(self.cluster)
            order = [t for t in (*ORGANISATION_TYPES, "other") if counts.get(t, 0) > 0]
            text += ": " + _join([_count(int(counts[t]), *_words(t)) for t in order])
        return text + "."

    def _regions(self) -> list[tuple[Any, float]]:
        return [] if self.facts.regions is None else self.facts.regions.get(self.cluster, [])

    def _where(self) -> str | None:
        shares = self._regions()
        spread = self.profile.get("spread_km", np.nan)
        if not shares:
            return None
        places = [f"{_percent(shares[0][1])} of its members are in {shares[0][0]}"]
        places += [f"{_percent(s)} in {r}" for r, s in shares[1:3]]
        if len(shares) > 3:
            places.append(f"the other {_percent(sum(s for _, s in shares[3:]))} in "
                          f"{_count(len(shares) - 3, 'other region', 'other regions')}")
        text = _join(places)
        if pd.notna(spread):
            text += f", on average {_number(spread, 0)} km from their centre"
        return text + "."

    def _what(self) -> str | None:
        if not self.themes:
            return None
        unit = "of its members" if self.facts.counted == "members" else "of its records"
        first, rest = self.themes[0], self.themes[1:]
        text = (f"It works mainly on {first['theme']} ({_percent(first['share'])} {unit}, "
                f"{_number(first['lq'], 1)} times the share in the whole network)")
        if len(rest):
            text += ", then " + _join([f"{r['theme']} ({_percent(r['share'])}, "
                                       f"{_number(r['lq'], 1)} times)"
                                       for r in rest])
        return text + "."

    def _leader(self) -> tuple[str, dict[str, Any]] | None:
        if not self.leaders:
            return None
        return _name(self.leaders[0]), self.leaders[0]

    def _leads(self) -> str | None:
        found = self._leader()
        if found is None:
            return None if self.leaders is None else "No firm of it is ranked as a leader."
        name, first = found
        kind = _words(str(first["type"]))[0] if pd.notna(first.get("type")) else ""
        anchor = "anchor" if _true(first.get("anchor")) else ""
        role = _join([w for w in (kind, anchor) if w])
        text = f"It is led by {name}" + (f", {_article(role)} {role}" if role else "")
        reason = first.get("reason")
        if isinstance(reason, str) and reason:
            text += f" ({reason})"
        text += "."
        if self.leaders:
            names = [_name(row) for row in self.leaders[1:] if _true(row.get("anchor"))]
            if len(names) == 1:
                text += f" {names[0]} is another anchor."
            elif names:
                text += f" {_join(names)} are other anchors."
        return text

    def _structure(self) -> str | None:
        structure = self.profile.get("structure")
        if not isinstance(structure, str):
            return None
        text = f"Its ties are {structure}, {STRUCTURES.get(structure, '')}".rstrip(", ")
        return (text + f" (degree centralisation {_number(self.profile['centralisation'], 2)}, "
                f"density {_number(self.profile['density'], 2)}).")

    def _helix_groups(self) -> tuple[list[str], list[str]]:
        """The helix groups present (with their count in words) and those missing."""
        if self.facts.types is None:
            return [], []
        counts = self.facts.types_of(self.cluster)
        has, lacks = [], []
        for group, kinds in HELIX_GROUPS.items():
            n = int(sum(counts.get(k, 0) for k in kinds))
            if n:
                has.append(f"{group} ({_count(n, *HELIX_WORDS.get(group, (group, group)))})")
            else:
                lacks.append(group)
        return has, lacks

    def _helix(self) -> str | None:
        if self.facts.types is None:
            return None
        has, lacks = self._helix_groups()
        if not lacks:
            return f"It has all three triple-helix partners: {_join(has)}."
        missing = _join([f"{g} partner (no {HELIX_WORDS.get(g, (g, g))[0]})" for g in lacks])
        if not has:
            return f"It has none of the triple-helix partners: no {missing}."
        return f"It has {_join(has)} but no {missing}."

    def _crossing(self) -> float | None:
        ei = self.profile.get("ei_index", np.nan)
        return None if pd.isna(ei) else (1 + float(ei)) / 2

    def _openness(self) -> str | None:
        crossing = self._crossing()
        parts = []
        if crossing is not None:
            parts.append(f"{_percent(crossing)} of its ties cross its boundary "
                         f"(E-I index {_number(self.profile['ei_index'], 2)})")
        if self.open_share is not None and pd.notna(self.open_share):
            parts.append(f"{_percent(self.open_share)} leave the territory")
        if not parts:
            return None
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


# -- formatting -----------------------------------------------------------------------------
def _openness(openness: pd.DataFrame | None, index: pd.Index, *, caller: str
              ) -> pd.Series | None:
    if openness is None:
        return None
    check_type(openness, pd.DataFrame, argument="openness", caller=caller,
               expected="pandas DataFrame")
    table = openness.set_index("cluster") if "cluster" in openness.columns else openness
    column = next((c for c in OPENNESS_COLUMNS if c in table.columns), None)
    if column is None:
        raise InputError(f"The 'openness' argument of {caller} must have one of the columns "
                         f"{list(OPENNESS_COLUMNS)!r}. Found {[str(c) for c in table.columns]!r}.")
    return pd.to_numeric(table[column], errors="coerce").groupby(level=0).first().reindex(index)


def _cluster_name(cluster: Any) -> str:
    """A cluster as written in the text: 3, not 3.0."""
    if isinstance(cluster, float | np.floating) and float(cluster).is_integer():
        return str(int(cluster))
    return str(cluster)


def _true(value: Any) -> bool:
    return bool(value) if isinstance(value, bool | np.bool_) else False


def _name(row: Mapping[str, Any]) -> str:
    """An organisation's name, else its id (a row of :meth:`_Facts.leaders_by_cluster`)."""
    name = row.get("name")
    return str(name) if isinstance(name, str) and name else str(row.get("_id"))


def _words(kind: str) -> tuple[str, str]:
    return PLURALS.get(kind, ("other organisation", "other organisations"))


def _plural(kind: str) -> str:
    return _words(kind)[1]


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def _percent(x: float) -> str:
    x = float(x)
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 <= x < 1:
        return "over 99%"
    return f"{x:.0%}"


def _number(x: float, digits: int) -> str:
    return "n/a" if pd.isna(x) else f"{float(x):,.{digits}f}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith("SME") else "a"


def _short(text: str, limit: int = THEME_CHARACTERS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,;:-") + "…"
