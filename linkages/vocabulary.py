"""The domain's words, defined once: relation layers, organisation types, helix groups.

Every module that needs to know which layers are directed, which types are firms or which
types belong to the triple helix reads it here. Organisation types as users write them
(``Large Firm``, ``SME``, ``univ``, the CORDIS codes ``HES``/``PRC``/...) are read into
these words by :func:`normalise_types`, which names every value it recoded and every value
it could not read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError

__all__ = ["STANDARD_LAYERS", "DEFAULT_DIRECTED", "ORGANISATION_TYPES", "FIRM_TYPES",
           "SIZED_FIRM_TYPES", "RESEARCH_TYPES", "HELIX_GROUPS", "OTHER_TYPE", "TYPE_SYNONYMS",
           "CORDIS_TYPES", "is_directed_by_default", "normalise_types", "type_table",
           "describe_types"]

#: The three relation kinds of an industrial cluster, in their usual order.
STANDARD_LAYERS = ("production", "scientific", "commercial")
#: Directedness of the standard layers (supplier -> customer, seller -> buyer); any other
#: layer is undirected unless the user says otherwise.
DEFAULT_DIRECTED = {"production": True, "scientific": False, "commercial": True}

#: The organisation types linkages recognises (values of the ``type`` column). ``"firm"`` is
#: a firm whose size class is unknown (e.g. CORDIS ``PRC``, private for-profit): a firm
#: for leaders and the triple helix, neither an SME nor a large firm.
ORGANISATION_TYPES = ("sme", "large firm", "firm", "university", "research institute",
                      "public body", "intermediary")
#: Firms: large firms, SMEs and firms of unknown size class.
FIRM_TYPES = ("large firm", "sme", "firm")
#: Firms whose size class is known.
SIZED_FIRM_TYPES = ("large firm", "sme")
RESEARCH_TYPES = ("university", "research institute")
#: The triple helix (Etzkowitz & Leydesdorff 2000): industry, academia, government.
HELIX_GROUPS = {"industry": FIRM_TYPES, "academia": RESEARCH_TYPES,
                "government": ("public body",)}
#: A recognised word for "none of the types above" (CORDIS ``OTH``); not one of
#: :data:`ORGANISATION_TYPES`, so profiles count it with the unrecognised values.
OTHER_TYPE = "other"

#: Synonyms of the types, written as :func:`normalise_types` compares them: lower case,
#: ``_ - . / , ( )`` read as spaces, ``&`` as ``and``, runs of spaces as one. A plural
#: (``SMEs``, ``universities``) is read as its singular.
TYPE_SYNONYMS: dict[str, str] = {
    # SMEs (EU Recommendation 2003/361: fewer than 250 employees)
    **dict.fromkeys(["small and medium enterprise", "small and medium sized enterprise",
                     "small medium enterprise", "small or medium enterprise",
                     "small and medium sized firm", "small firm", "medium firm",
                     "small enterprise", "medium enterprise", "micro enterprise",
                     "microenterprise", "micro firm", "small business", "small company",
                     "medium sized enterprise", "medium sized firm"], "sme"),
    # large firms
    **dict.fromkeys(["large", "large enterprise", "large company", "large corporation",
                     "big firm", "big company", "multinational", "multinational enterprise",
                     "multinational company", "multinational corporation", "mne"],
                    "large firm"),
    # firms of unknown size class
    **dict.fromkeys(["company", "enterprise", "business", "corporation", "private company",
                     "private firm", "private enterprise", "private for profit",
                     "private for profit entity", "private for profit entities excluding "
                     "higher or secondary education establishments", "industry",
                     "industrial partner"], "firm"),
    # universities
    **dict.fromkeys(["univ", "uni", "higher education", "higher education institution",
                     "higher education establishment", "hei", "college", "polytechnic",
                     "university of applied sciences", "academia", "academic",
                     "higher or secondary education establishment"], "university"),
    # research institutes (incl. research and technology organisations)
    **dict.fromkeys(["research institution", "research organisation", "research organization",
                     "research centre", "research center", "research center centre",
                     "research centre center", "research lab", "research laboratory",
                     "laboratory", "rto", "research and technology organisation",
                     "research and technology organization", "research technology organisation",
                     "public research organisation", "public research organization",
                     "research"], "research institute"),
    # public bodies
    **dict.fromkeys(["public authority", "public administration", "government",
                     "government body", "government agency", "local authority",
                     "regional authority", "regional government", "local government",
                     "municipality", "ministry", "public sector", "public organisation",
                     "public organization", "public institution", "public",
                     "public bodies excluding research organisations and secondary or higher "
                     "education establishments"], "public body"),
    # intermediaries (bridging organisations)
    **dict.fromkeys(["agency", "development agency", "regional development agency",
                     "innovation agency", "cluster organisation", "cluster organization",
                     "cluster management organisation", "cluster manager", "cluster",
                     "business association", "industry association", "trade association",
                     "association", "chamber of commerce", "chamber", "technology transfer office",
                     "tto", "incubator", "accelerator", "science park", "technology park",
                     "innovation hub", "innovation centre", "innovation center",
                     "bridging organisation", "intermediary organisation",
                     "intermediary organization"], "intermediary"),
    **dict.fromkeys(["others", "other organisation", "other organization"], OTHER_TYPE),
}

#: CORDIS participant activity types (EU Framework Programmes): HES higher or secondary
#: education, REC research organisation, PUB public body, PRC private for-profit (size
#: class unknown: CORDIS keeps SMEs in a separate flag), OTH other. Read without being
#: asked (codes in any case); also usable as ``type_map=CORDIS_TYPES``.
CORDIS_TYPES = {"HES": "university", "REC": "research institute", "PUB": "public body",
                "PRC": "firm", "OTH": OTHER_TYPE}

_KNOWN = frozenset(ORGANISATION_TYPES) | {OTHER_TYPE}
_SEPARATORS = re.compile(r"[\s_\-./,()]+")
#: How each value was read, in the order of the rules (the ``how`` of :func:`type_table`).
_HOW = ("linkages type", "type_map", "case or spacing", "synonym", "CORDIS code", "blank",
        "unrecognised")


def is_directed_by_default(layer: str) -> bool:
    """True for the layers that are directed unless said otherwise (production, commercial).

    Examples
    --------
    >>> from linkages.vocabulary import is_directed_by_default
    >>> is_directed_by_default("production"), is_directed_by_default("friendship")
    (True, False)
    """
    return DEFAULT_DIRECTED.get(layer, False)


def _key(value: Any) -> str:
    """A value as the rules compare it: lower case, separators as one space."""
    return _SEPARATORS.sub(" ", str(value).casefold().replace("&", " and ")).strip()


def _singular(key: str) -> str:
    if key.endswith("ies"):
        return key[:-3] + "y"
    return key[:-1] if key.endswith("s") else key


def _read_word(key: str) -> tuple[str, str] | None:
    """(type, how) for a compared key, or None when no rule reads it."""
    for candidate in dict.fromkeys([key, _singular(key)]):
        if candidate in _KNOWN:
            return candidate, "case or spacing"
        if candidate in TYPE_SYNONYMS:
            return TYPE_SYNONYMS[candidate], "synonym"
    if key.upper() in CORDIS_TYPES:
        return CORDIS_TYPES[key.upper()], "CORDIS code"
    return None


def _check_type_map(type_map: Mapping[Any, str] | None, *, caller: str) -> dict[Any, str]:
    if type_map is None:
        return {}
    if not isinstance(type_map, Mapping):
        raise TypeError(f"The 'type_map' argument of {caller} must be a mapping of the "
                        f"values written to a linkages type. Got {type(type_map).__name__} "
                        "instead.")
    out = {}
    for value, target in type_map.items():
        read = (target, "") if target in _KNOWN else (
            _read_word(_key(target)) if isinstance(target, str) else None)
        if read is None:
            raise InputError(f"The 'type_map' argument of {caller} maps {value!r} to "
                             f"{target!r}, which is not a linkages type: use one of "
                             f"{sorted(_KNOWN)!r}.")
        out[value] = read[0]
    return out


def type_table(values: Any, *, type_map: Mapping[Any, str] | None = None) -> pd.DataFrame:
    """How every distinct value of a ``type`` column is read: one row per value written.

    The rules, first match wins:

    1. a value of ``type_map`` (matched as written, then in lower case and spacing);
    2. a linkages type as written (:data:`ORGANISATION_TYPES` or ``"other"``);
    3. a linkages type in other case, spacing or plural (``Large Firm``, ``large_firm``,
       ``LARGE FIRM``, ``SMEs``);
    4. a synonym (:data:`TYPE_SYNONYMS`: ``small and medium enterprise``, ``univ``,
       ``research centre``, ``RTO``, ``government``, ``agency``, ``cluster
       organisation``, ...);
    5. a CORDIS code (:data:`CORDIS_TYPES`: ``HES``, ``REC``, ``PUB``, ``PRC``, ``OTH``);
    6. blank (only spaces): read as missing;
    7. otherwise unrecognised: kept as written (profiles count it as other, leaders not as
       a firm). Missing values are not rows of the table.

    Parameters
    ----------
    values : Series or sequence
        The ``type`` column as read.
    type_map : mapping, optional
        The user's words: value written -> linkages type (a type or one of its synonyms).

    Returns
    -------
    DataFrame
        Columns ``value`` (as written), ``count``, ``type`` (as read; the value as written
        when unrecognised, missing when blank) and ``how`` (``'linkages type'``,
        ``'type_map'``, ``'case or spacing'``, ``'synonym'``, ``'CORDIS code'``,
        ``'blank'``, ``'unrecognised'``), most frequent first.

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages.vocabulary import type_table
    >>> column = pd.Series(["SME", "SME", "Large Firm", "HES", "univ", "sme", "Spinoff"])
    >>> print(type_table(column).to_string(index=False))
         value  count       type             how
           SME      2        sme case or spacing
           HES      1 university     CORDIS code
    Large Firm      1 large firm case or spacing
       Spinoff      1    Spinoff    unrecognised
           sme      1        sme   linkages type
          univ      1 university         synonym
    """
    mapping = _check_type_map(type_map, caller="normalise_types")
    keyed = {_key(k): v for k, v in mapping.items()}
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    counts = series.value_counts(dropna=True, sort=False)
    rows = []
    for value, count in counts.items():
        read: tuple[Any, str] | None
        key = _key(value)
        if mapping and _hashable_in(value, mapping):
            read = (mapping[value], "type_map")
        elif key in keyed:
            read = (keyed[key], "type_map")
        elif isinstance(value, str) and value in _KNOWN:
            read = (value, "linkages type")
        elif not key:
            read = (None, "blank")
        else:
            read = _read_word(key) or (value, "unrecognised")
        rows.append((value, int(count), np.nan if read[0] is None else read[0], read[1]))
    # most frequent first, then by the value as text (a stable sort: a few rows, in Python,
    # not a pandas sort of a table)
    rows.sort(key=lambda row: (-row[1], str(row[0])))
    columns = list(zip(*rows)) if rows else [(), (), (), ()]

    def as_objects(values: tuple) -> pd.Series:      # text stays object, as it was written
        return pd.Series(np.array(values + (None,), dtype=object)[:-1], dtype=object)
    return pd.DataFrame({"value": as_objects(columns[0]),
                         "count": pd.Series(columns[1], dtype=np.int64),
                         "type": as_objects(columns[2]), "how": as_objects(columns[3])})


def _hashable_in(value: Any, mapping: Mapping[Any, str]) -> bool:
    try:
        return value in mapping
    except TypeError:
        return False


def normalise_types(values: Any, *, type_map: Mapping[Any, str] | None = None
                    ) -> tuple[pd.Series, dict[str, int]]:
    """Read a ``type`` column into linkages types; name the values left unrecognised.

    Case, spacing and plural variants, common synonyms and the CORDIS codes are read as the
    linkages types (rules in :func:`type_table`; ``type_map`` first). Unrecognised values
    are kept as written, never recoded; blank values become missing. Reading twice changes
    nothing, so the function can be called on a built network's column as well as on a raw
    one.

    Parameters
    ----------
    values : Series or sequence
        The ``type`` column as read.
    type_map : mapping, optional
        The user's words: value written -> linkages type, e.g. ``{"Spinoff": "sme"}``, or
        :data:`CORDIS_TYPES`.

    Returns
    -------
    types : Series
        Same index and name as ``values``.
    unrecognised : dict
        Every value left unrecognised (as text) -> the number of rows holding it.

    Examples
    --------
    >>> import pandas as pd
    >>> import linkages as lk
    >>> column = pd.Series(["Large Firm", "SME", "SME", "univ", "PRC", "Spinoff"])
    >>> types, unrecognised = lk.normalise_types(column)
    >>> types.tolist()
    ['large firm', 'sme', 'sme', 'university', 'firm', 'Spinoff']
    >>> unrecognised
    {'Spinoff': 1}
    >>> lk.normalise_types(column, type_map={"Spinoff": "SME"})[0].tolist()[-1]
    'sme'
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    table = type_table(series, type_map=type_map)
    reading = dict(zip(table["value"], table["type"], strict=True))
    types = series.map(reading).astype(object)
    types = types.where(types.notna(), None)
    if isinstance(series.dtype, pd.StringDtype):     # text in, text out
        types = types.astype(series.dtype)
    left = table[table["how"] == "unrecognised"]
    unrecognised = {str(v): int(n) for v, n in zip(left["value"], left["count"], strict=True)}
    return types.rename(series.name), unrecognised


def describe_types(table: pd.DataFrame, missing: int = 0) -> list[str]:
    """The report lines for a :func:`type_table`: every value recoded and left unrecognised.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`type_table`.
    missing : int
        Rows with no type (shown when more than 0).

    Returns
    -------
    list of str
        At most three lines: the values read as another word, those left unrecognised,
        the rows with no type. Empty when every value was a linkages type as written.

    Examples
    --------
    >>> import pandas as pd
    >>> from linkages.vocabulary import describe_types, type_table
    >>> for line in describe_types(type_table(pd.Series(["SME"] * 3 + ["Spinoff"]))):
    ...     print(line)
    types recoded: 3 'SME' read as 'sme' (case or spacing)
    types not recognised (kept as written; map them with type_map): 'Spinoff' (1)
    """
    lines = []
    recoded = table[~table["how"].isin(["linkages type", "unrecognised"])]
    if len(recoded):
        lines.append("types recoded: " + "; ".join(
            f"{n:,} {v!r} read as " + ("missing" if pd.isna(t) else repr(t)) + f" ({how})"
            for v, n, t, how in zip(recoded["value"], recoded["count"], recoded["type"],
                                    recoded["how"], strict=True)))
    left = table[table["how"] == "unrecognised"]
    if len(left):
        lines.append("types not recognised (kept as written; map them with type_map): "
                     + ", ".join(
                         f"{str(v)!r} ({n:,})" for v, n in zip(left["value"], left["count"],
                                                               strict=True)))
    if missing:
        lines.append(f"{missing:,} organisations have no type")
    return lines
