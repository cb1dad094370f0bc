"""Organisation types as users write them: variants, synonyms, CORDIS codes, a user mapping;
every value recoded or left unrecognised named, in the build report too."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages.vocabulary import (
    CORDIS_TYPES,
    FIRM_TYPES,
    HELIX_GROUPS,
    ORGANISATION_TYPES,
    TYPE_SYNONYMS,
    describe_types,
    type_table,
)


@pytest.mark.parametrize("written, read", [
    # the inputs
    ("Large Firm", "large firm"), ("SME", "sme"), ("univ", "university"),
    ("HES", "university"), ("PRC", "firm"), ("REC", "research institute"),
    ("PUB", "public body"), ("OTH", "other"),
    # case, spacing, separators, plurals
    ("large_firm", "large firm"), ("LARGE FIRM", "large firm"), (" large-firm ", "large firm"),
    ("Large  Firms", "large firm"), ("SMEs", "sme"), ("Universities", "university"),
    ("Public Bodies", "public body"), ("research_institute", "research institute"),
    ("hes", "university"), ("Intermediary", "intermediary"),
    # synonyms
    ("small and medium enterprise", "sme"), ("Small and Medium-Sized Enterprises", "sme"),
    ("University", "university"), ("higher education institution", "university"),
    ("research centre", "research institute"), ("Research Center", "research institute"),
    ("RTO", "research institute"), ("Research & Technology Organisation", "research institute"),
    ("public authority", "public body"), ("Government", "public body"),
    ("agency", "intermediary"), ("Cluster Organisation", "intermediary"),
    ("company", "firm"), ("multinational", "large firm"),
    # CORDIS long names
    ("Higher or Secondary Education Establishments", "university"),
    ("Private for-profit entities (excluding Higher or Secondary Education Establishments)",
     "firm"),
])
def test_variants_synonyms_and_cordis_codes_are_read(written, read):
    types, unrecognised = lk.normalise_types(pd.Series([written]))
    assert types.tolist() == [read] and unrecognised == {}


def test_every_synonym_and_code_reads_as_a_linkages_type():
    known = set(ORGANISATION_TYPES) | {"other"}
    assert set(TYPE_SYNONYMS.values()) <= known and set(CORDIS_TYPES.values()) <= known
    assert CORDIS_TYPES == {"HES": "university", "REC": "research institute",
                            "PUB": "public body", "PRC": "firm", "OTH": "other"}
    # a firm of unknown size class is a type and a firm, in industry, neither SME nor large
    assert "firm" in ORGANISATION_TYPES and "firm" in FIRM_TYPES
    assert "firm" in HELIX_GROUPS["industry"]


def test_unrecognised_values_are_kept_as_written_and_counted():
    column = pd.Series(["SME", "Spinoff", "Spinoff", "sme", None, "  ", "7"], name="type",
                       index=list("abcdefg"))
    types, unrecognised = lk.normalise_types(column)
    assert types.name == "type" and types.index.tolist() == list("abcdefg")
    assert types.tolist()[:4] == ["sme", "Spinoff", "Spinoff", "sme"]
    assert types.iloc[4:6].isna().all() and types.iloc[6] == "7"     # blank -> missing
    assert unrecognised == {"Spinoff": 2, "7": 1}
    table = type_table(column)
    assert table.fillna({"type": "(missing)"}).to_dict("list") == {
        "value": ["Spinoff", "  ", "7", "SME", "sme"], "count": [2, 1, 1, 1, 1],
        "type": ["Spinoff", "(missing)", "7", "sme", "sme"],
        "how": ["unrecognised", "blank", "unrecognised", "case or spacing", "linkages type"]}
    assert describe_types(table, missing=1) == [
        "types recoded: 1 '  ' read as missing (blank); 1 'SME' read as 'sme' (case or spacing)",
        "types not recognised (kept as written; map them with type_map): 'Spinoff' (2), '7' (1)",
        "1 organisations have no type"]


def test_reading_twice_changes_nothing():
    column = pd.Series(["Large Firm", "SME", "univ", "HES", "PRC", "REC", "PUB", "OTH", "x"])
    once, left = lk.normalise_types(column)
    twice, left_again = lk.normalise_types(once)
    pd.testing.assert_series_equal(once, twice)
    assert left == left_again == {"x": 1}
    assert describe_types(type_table(once)) == [
        "types not recognised (kept as written; map them with type_map): 'x' (1)"]


def test_text_columns_stay_text():
    column = pd.Series(["SME", "univ"], dtype="string")
    assert lk.normalise_types(column)[0].dtype == column.dtype


def test_type_map_comes_first():
    column = pd.Series(["Spinoff", "Spinoff", "univ", "agency", "LE"])
    types, left = lk.normalise_types(column, type_map={"spinoff": "SME", "agency": "public body",
                                                       "LE": "large firm"})
    # matched in any case and spacing; before the synonym 'agency' -> intermediary
    assert types.tolist() == ["sme", "sme", "university", "public body", "large firm"]
    assert left == {}
    how = type_table(column, type_map={"Spinoff": "sme"}).set_index("value")["how"]
    assert how.to_dict() == {"Spinoff": "type_map", "univ": "synonym", "agency": "synonym",
                             "LE": "unrecognised"}
    # numeric codes, and the CORDIS mapping given explicitly
    codes = pd.Series([1, 2, 2, 3])
    types, left = lk.normalise_types(codes, type_map={1: "sme", 2: "large firm"})
    assert types.tolist() == ["sme", "large firm", "large firm", 3] and left == {"3": 1}
    assert lk.normalise_types(["hes", "PRC"], type_map=CORDIS_TYPES)[0].tolist() == [
        "university", "firm"]


def test_type_map_errors():
    with pytest.raises(lk.InputError, match=re.escape(
            "The 'type_map' argument of normalise_types maps 'X' to 'gadget', which is not a "
            "linkages type: use one of ['firm', 'intermediary', 'large firm', 'other', "
            "'public body', 'research institute', 'sme', 'university'].")):
        lk.normalise_types(["X"], type_map={"X": "gadget"})
    with pytest.raises(TypeError, match="The 'type_map' argument of normalise_types must be a "
                                        "mapping"):
        lk.normalise_types(["X"], type_map=[("X", "sme")])


# -- from_tables: the report names every value recoded and left unrecognised -----------------
@pytest.fixture
def tables():
    orgs = pd.DataFrame({"id": ["A", "B", "C", "D", "E", "F"],
                         "type": ["Large Firm", "SME", "SME", "univ", "Spinoff", np.nan]})
    rels = pd.DataFrame({"source": ["B", "C", "D"], "target": ["A", "A", "A"],
                         "layer": ["production", "production", "scientific"], "weight": 1.0})
    return orgs, rels


def test_from_tables_reads_types_and_reports_them(tables):
    orgs, rels = tables
    net = lk.from_tables(orgs, rels)
    assert net.organisations["type"].tolist()[:5] == ["large firm", "sme", "sme", "university",
                                                      "Spinoff"]
    assert pd.isna(net.organisations.loc["F", "type"])
    assert net.report.notes == [
        "types recoded: 2 'SME' read as 'sme' (case or spacing); 1 'Large Firm' read as "
        "'large firm' (case or spacing); 1 'univ' read as 'university' (synonym)",
        "types not recognised (kept as written; map them with type_map): 'Spinoff' (1)",
        "1 organisations have no type"]
    # the built column gives the CLI the same unrecognised counts as the raw one
    assert lk.normalise_types(net.organisations["type"])[1] == {"Spinoff": 1}
    leaders = lk.leading_firms(net, [0] * 6)
    assert leaders.index.tolist() == ["A", "B", "C"] and leaders["anchor"].tolist() == [
        True, False, False]


def test_from_tables_type_map(tables):
    orgs, rels = tables
    net = lk.from_tables(orgs, rels, type_map={"Spinoff": "sme"})
    assert net.organisations.loc["E", "type"] == "sme"
    assert "1 'Spinoff' read as 'sme' (type_map)" in net.report.notes[0]
    assert not any("not recognised" in note for note in net.report.notes)
    with pytest.raises(lk.InputError, match=re.escape(
            "The 'type_map' argument of from_tables maps types, but the organisations have no "
            "'type' column. Found columns []")):
        lk.from_tables(orgs.drop(columns="type"), rels, type_map={"Spinoff": "sme"})


def test_from_tables_cordis_codes():
    orgs = pd.DataFrame({"id": list("ABCDEF"), "type": ["HES", "PRC", "REC", "PUB", "OTH",
                                                         "PRC"]})
    rels = pd.DataFrame({"source": ["B"], "target": ["F"], "layer": ["production"]})
    net = lk.from_tables(orgs, rels)
    assert net.organisations["type"].tolist() == ["university", "firm", "research institute",
                                                  "public body", "other", "firm"]
    assert net.report.notes[-1] == (
        "types recoded: 2 'PRC' read as 'firm' (CORDIS code); 1 'HES' read as 'university' "
        "(CORDIS code); 1 'OTH' read as 'other' (CORDIS code); 1 'PUB' read as 'public body' "
        "(CORDIS code); 1 'REC' read as 'research institute' (CORDIS code)")


def test_no_type_column_is_fine(tables):
    orgs, rels = tables
    net = lk.from_tables(orgs.drop(columns="type"), rels)
    assert "type" not in net.organisations
    assert not any("type" in note for note in net.report.notes)
