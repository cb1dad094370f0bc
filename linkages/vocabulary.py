"""The domain's words, defined once: relation layers, organisation types, helix groups.

Every module that needs to know which layers are directed, which types are firms or which
types belong to the triple helix reads it here.
"""

from __future__ import annotations

__all__ = ["STANDARD_LAYERS", "DEFAULT_DIRECTED", "ORGANISATION_TYPES", "FIRM_TYPES",
           "RESEARCH_TYPES", "HELIX_GROUPS", "is_directed_by_default"]

#: The three relation kinds of an industrial cluster, in their usual order.
STANDARD_LAYERS = ("production", "scientific", "commercial")
#: Directedness of the standard layers (supplier -> customer, seller -> buyer); any other
#: layer is undirected unless the user says otherwise.
DEFAULT_DIRECTED = {"production": True, "scientific": False, "commercial": True}

#: The organisation types linkages recognises (values of the ``type`` column).
ORGANISATION_TYPES = ("sme", "large firm", "university", "research institute", "public body",
                      "intermediary")
FIRM_TYPES = ("large firm", "sme")
RESEARCH_TYPES = ("university", "research institute")
#: The triple helix (Etzkowitz & Leydesdorff 2000): industry, academia, government.
HELIX_GROUPS = {"industry": FIRM_TYPES, "academia": RESEARCH_TYPES,
                "government": ("public body",)}


def is_directed_by_default(layer: str) -> bool:
    """True for the layers that are directed unless said otherwise (production, commercial).

    Examples
    --------
    >>> from linkages.vocabulary import is_directed_by_default
    >>> is_directed_by_default("production"), is_directed_by_default("friendship")
    (True, False)
    """
    return DEFAULT_DIRECTED.get(layer, False)
