"""from_tables: column mapping, files, policies, every error."""

import re

import numpy as np
import pandas as pd
import pytest

import linkages as lk


@pytest.fixture
def orgs():
    return pd.DataFrame({"org": ["A", "B", "C", "U"],
                         "kind": ["large firm", "sme", "sme", "university"]})


@pytest.fixture
def supply():
    return pd.DataFrame({"seller": ["B", "C", "C", "C"], "buyer": ["A", "A", "A", "C"],
                         "value": [10.0, 4.0, 1.0, 2.0]})


@pytest.fixture
def research():
    return pd.DataFrame({"seller": ["U", "A"], "buyer": ["A", "U"], "value": [1.0, 2.0]})


MAPPING = dict(id="org", source="seller", target="buyer", weight="value")


def ties(net):
    return sorted((r.source, r.target, str(r.layer), r.weight)
                  for r in net.relations.itertuples())


def escape(text):
    return re.escape(text)


# -- from_tables ----------------------------------------------------------------------------
def test_column_mapping_and_layers_mapping(orgs, supply, research):
    net = lk.from_tables(orgs, {"production": supply, "scientific": research}, **MAPPING)
    assert net.layers == ("production", "scientific")
    assert net.directed == {"production": True, "scientific": False}
    # C->C self-loop dropped; C->A merged 4 + 1; U-A and A-U one undirected tie 1 + 2
    assert ties(net) == [("A", "U", "scientific", 3.0), ("B", "A", "production", 10.0),
                         ("C", "A", "production", 5.0)]
    assert net.organisations.index.name == "id"
    assert net.organisations["kind"].tolist() == ["large firm", "sme", "sme", "university"]
    assert net.report.dropped == {
        "self-loops dropped (self_loops='drop')": 1,
        "duplicate (source, target, layer) rows merged (duplicates='sum')": 2}
    step = net.report.steps[-1]
    assert step["rows_in"] == 6 and step["rows_out"] == 3


def test_single_table_with_layer_column(orgs, supply):
    table = supply.assign(kind_of_tie=["production", "commercial", "commercial", "production"])
    net = lk.from_tables(orgs, table, layer="kind_of_tie", self_loops="keep", **MAPPING)
    assert net.layers == ("production", "commercial")
    assert ties(net) == [("B", "A", "production", 10.0), ("C", "A", "commercial", 5.0),
                         ("C", "C", "production", 2.0)]


def test_organisation_ids_in_the_index(orgs, supply):
    net = lk.from_tables(orgs.set_index("org"), {"production": supply}, id="org",
                         source="seller", target="buyer", weight="value")
    assert list(net.organisations.index) == ["A", "B", "C", "U"]


@pytest.mark.parametrize("suffix, save", [
    (".csv", lambda f, p: f.to_csv(p, index=False)),
    (".xlsx", lambda f, p: f.to_excel(p, index=False)),
    (".parquet", lambda f, p: f.to_parquet(p, index=False)),
])
def test_file_paths(tmp_path, orgs, supply, research, suffix, save):
    paths = {}
    for name, frame in [("orgs", orgs), ("supply", supply), ("research", research)]:
        paths[name] = tmp_path / f"{name}{suffix}"
        save(frame, paths[name])
    from_files = lk.from_tables(paths["orgs"], {"production": paths["supply"],
                                                "scientific": str(paths["research"])},
                                **MAPPING)
    from_frames = lk.from_tables(orgs, {"production": supply, "scientific": research},
                                 **MAPPING)
    assert ties(from_files) == ties(from_frames)
    pd.testing.assert_frame_equal(from_files.organisations, from_frames.organisations)


def test_numeric_ids_read_from_file_match_text_ids(tmp_path):
    orgs = pd.DataFrame({"id": ["1", "2", "x"]})
    path = tmp_path / "rels.csv"
    pd.DataFrame({"source": [1, 2], "target": [2, 1], "layer": "p"}).to_csv(path, index=False)
    net = lk.from_tables(orgs, path, directed=True)
    assert ties(net) == [("1", "2", "p", 1.0), ("2", "1", "p", 1.0)]


def test_organisations_none(supply):
    net = lk.from_tables(None, {"production": supply}, source="seller", target="buyer",
                         weight="value")
    assert list(net.organisations.index) == ["B", "C", "A"]
    assert net.organisations.columns.empty
    assert net.report.notes == ["no organisations table: 3 organisations taken from the "
                                "relation endpoints"]


def test_weight_none_and_missing_default_weight_column(orgs, supply):
    net = lk.from_tables(orgs, {"production": supply}, id="org", source="seller",
                         target="buyer", weight=None)
    assert ties(net) == [("B", "A", "production", 1.0), ("C", "A", "production", 2.0)]
    assert "no weight column: every relation row weighs 1" in net.report.notes
    # the default 'weight' column may be absent: weight 1
    plain = supply.drop(columns="value")
    net = lk.from_tables(orgs, {"production": plain}, id="org", source="seller",
                         target="buyer", duplicates="max")
    assert ties(net) == [("B", "A", "production", 1.0), ("C", "A", "production", 1.0)]


def test_unknown_ids_drop_is_counted(orgs):
    rels = pd.DataFrame({"source": ["B", "X", "Y", "C"], "target": ["A", "A", "B", "Z"],
                         "layer": "production", "weight": 1.0})
    net = lk.from_tables(orgs, rels, id="org", unknown_ids="drop")
    assert ties(net) == [("B", "A", "production", 1.0)]
    assert net.report.dropped == {
        "relations with an end not in organisations (unknown_ids='drop')": 3}
    step = next(s for s in net.report.steps if s["step"] == "unknown ids")
    assert (step["rows_in"], step["rows_out"]) == (4, 1)
    assert "3 dropped" in str(net.report)


def test_policies_passed_through(orgs, supply):
    kwargs = dict(MAPPING, self_loops="keep")
    for policy, weight in [("sum", 5.0), ("max", 4.0), ("first", 4.0)]:
        net = lk.from_tables(orgs, {"production": supply}, duplicates=policy, **kwargs)
        assert dict(((r.source, r.target), r.weight)
                    for r in net.relations.itertuples())[("C", "A")] == weight
    with pytest.raises(lk.InputError, match="has 1 self-loops"):
        lk.from_tables(orgs, {"production": supply}, self_loops="error", **MAPPING)
    with pytest.raises(lk.InputError, match=escape("has 1 duplicate rows for the same "
                                                   "(source, target, layer), e.g. [('C', 'A',"
                                                   " 'production')]")):
        lk.from_tables(orgs, {"production": supply}, duplicates="error", **MAPPING)
    net = lk.from_tables(orgs, {"production": supply}, directed={"production": False},
                         **MAPPING)
    assert net.directed == {"production": False}


@pytest.mark.parametrize("make, kwargs, message", [
    # missing columns: name the argument, the columns wanted and the columns found
    (lambda o, s: (o, {"production": s}), dict(source="from"),
     "The \"relations['production']\" argument of from_tables must have the columns "
     "['from', 'buyer']; missing ['from']. Found columns ['seller', 'buyer', 'value']."),
    (lambda o, s: (o, s.assign(layer="p")), dict(weight="amount"),
     "The 'relations' argument of from_tables must have the columns ['amount']; missing "
     "['amount']. Found columns ['seller', 'buyer', 'value', 'layer']."),
    (lambda o, s: (o, s), {},
     "The 'relations' argument of from_tables must have a layer column 'layer' (set layer= "
     "to its name) or be a mapping of layer name to table, e.g. {'production': table}. "
     "Found columns ['seller', 'buyer', 'value']."),
    (lambda o, s: (o, {"production": s}), dict(id="code"),
     "The 'organisations' argument of from_tables must have the columns ['code']; missing "
     "['code']. Found columns ['org', 'kind']."),
    # unknown ids: all counted (both ends), a few named, and their rows
    (lambda o, s: (o.iloc[:1], {"production": s}), {},
     "The 'relations' argument of from_tables references 2 organisations not in the "
     "organisations table, in 4 rows: ['B', 'C'], at rows [0, 1, 2, 3] of "
     "relations['production']. Pass unknown_ids='drop' to drop those rows."),
    # duplicated ids
    (lambda o, s: (pd.concat([o, o.iloc[[1, 2]]]), {"production": s}), {},
     "The 'organisations' argument of MultilayerNetwork must have unique ids; found 2 "
     "duplicated ids: ['B', 'C']."),
    # weights
    (lambda o, s: (o, {"production": s.assign(value=[1.0, np.nan, 2.0, 3.0])}), {},
     "must not hold missing values (NaN); found 1 at row [1] of relations['production']."),
    (lambda o, s: (o, {"production": s.assign(value=[1.0, -5.0, 2.0, 3.0])}), {},
     "must hold non-negative numbers; found 1 negative values at row [1] of "
     "relations['production']."),
    (lambda o, s: (o, {"production": s.assign(value=["1", "ten", "2", "3"])}), {},
     "must hold numbers; 1 values are not numeric, e.g. ['ten'] (row [1] of "
     "relations['production'])."),
    (lambda o, s: (o, {"production": s.assign(value=[1.0, np.inf, 2.0, 3.0])}), {},
     "The \"relations['production']['value']\" argument of from_tables must hold finite "
     "numbers; found 1 infinite values at row [1] of relations['production']."),
    # unknown layer names
    (lambda o, s: (o, {"production": s}), dict(directed={"sales": True}),
     "The 'directed' argument of MultilayerNetwork names layers that have no relations: "
     "['sales']. Layers found: ['production']."),
    # empty input
    (lambda o, s: (o, {}), {},
     "The 'relations' argument of from_tables is an empty mapping: it names no layer."),
    (lambda o, s: (o, {"production": s.iloc[:0]}), {},
     "The 'relations' argument of from_tables is empty: it has no rows."),
    (lambda o, s: (o.iloc[:0], {"production": s}), {},
     "The 'organisations' argument of from_tables is empty: it has no rows."),
    # bad policies
    (lambda o, s: (o, {"production": s}), dict(unknown_ids="ignore"),
     "The 'unknown_ids' argument of from_tables must be one of ['drop', 'error']. "
     "Got 'ignore' instead."),
    (lambda o, s: (o, {"production": s}), dict(duplicates="merge"),
     "The 'duplicates' argument of MultilayerNetwork must be one of ['error', 'first', "
     "'max', 'sum']. Got 'merge' instead."),
    (lambda o, s: (o, {"production": s}), dict(self_loops="remove"),
     "The 'self_loops' argument of MultilayerNetwork must be one of ['drop', 'error', "
     "'keep']. Got 'remove' instead."),
])
def test_from_tables_errors(orgs, supply, make, kwargs, message):
    organisations, relations = make(orgs, supply)
    options = dict(MAPPING, **kwargs)
    with pytest.raises(lk.InputError, match=escape(message)):
        lk.from_tables(organisations, relations, **options)


@pytest.mark.parametrize("organisations, relations, message", [
    (None, [("A", "B")], "The 'relations' argument of from_tables must be a pandas DataFrame "
     "or path to a CSV, Excel or Parquet file. Got list instead."),
    (42, "RELS", "The 'organisations' argument of from_tables must be a pandas DataFrame or "
     "path to a CSV, Excel or Parquet file. Got int instead."),
    (None, {"production": 3.5}, "The \"relations['production']\" argument of from_tables "
     "must be a pandas DataFrame or path to a CSV, Excel or Parquet file. Got float instead."),
])
def test_from_tables_wrong_types(supply, organisations, relations, message):
    if isinstance(relations, str):
        relations = {"production": supply}
    with pytest.raises(TypeError, match=escape(message)):
        lk.from_tables(organisations, relations, source="seller", target="buyer")


def test_directed_wrong_type(orgs, supply):
    with pytest.raises(TypeError, match=escape("The 'directed' argument of MultilayerNetwork "
                                               "must be a bool or mapping of layer name to "
                                               "bool. Got str instead.")):
        lk.from_tables(orgs, {"production": supply}, directed="yes", **MAPPING)


def test_mapping_of_layers_with_and_without_weights():
    orgs = pd.DataFrame({"id": ["A", "B", "C"]})
    supply = pd.DataFrame({"source": ["B", "C"], "target": ["A", "A"], "weight": [3.0, 2.0]})
    rd = pd.DataFrame({"source": ["A"], "target": ["C"]})
    net = lk.from_tables(orgs, {"production": supply, "scientific": rd})
    assert net.relations["weight"].tolist() == [3.0, 2.0, 1.0]
    assert "relations['scientific'] has no 'weight' column: its rows weigh 1" in net.report.notes
    with pytest.raises(lk.InputError, match=r"relations\['scientific'\]\" argument of from_tables "
                       r"must have the columns \['value'\]; missing \['value'\]"):
        lk.from_tables(orgs, {"production": supply.rename(columns={"weight": "value"}),
                              "scientific": rd}, weight="value")


# -- weights that are infinite or overflow when merged --------------------------------------
def test_infinite_weight_in_a_file_names_the_row(tmp_path):
    (tmp_path / "o.csv").write_text("id\nA\nB\n")
    (tmp_path / "r.csv").write_text("source,target,layer,weight\nA,B,x,1\nB,A,x,+inf\n")
    with pytest.raises(lk.InputError, match=escape(
            "The \"relations['weight']\" argument of from_tables must hold finite numbers; "
            f"found 1 infinite values at row 3 of file '{tmp_path / 'r.csv'}' (counted as in "
            "a spreadsheet: the header is row 1).")):
        lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv")


def test_merged_weights_that_overflow_name_the_rows(tmp_path):
    (tmp_path / "o.csv").write_text("id\nA\nB\nC\n")
    (tmp_path / "r.csv").write_text("source,target,layer,weight\nA,C,x,1\nA,B,x,1e308\n"
                                    "B,A,x,1e308\n")
    with pytest.raises(lk.InputError, match=escape(
            "The 'relations' argument of from_tables has 2 rows whose weights, merged "
            "(duplicates='sum'), exceed the largest number (about 1.8e308), e.g. ('A', 'B', "
            f"'x'), at rows 3, 4 of file '{tmp_path / 'r.csv'}'")):
        lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv")
    # directed: A->B and B->A are two ties, no overflow; 'max' merges without summing
    net = lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv", directed=True)
    assert net.relations["weight"].tolist() == [1.0, 1e308, 1e308]
    net = lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv", duplicates="max")
    assert net.relations["weight"].tolist() == [1.0, 1e308]


def test_network_merge_overflow_is_an_input_error():
    orgs = pd.DataFrame(index=pd.Index(["A", "B"], name="id"))
    rels = pd.DataFrame({"source": ["A", "B", "A"], "target": ["B", "A", "A"],
                         "layer": "scientific", "weight": [1e308, 1e308, 1.0]})
    with pytest.raises(lk.InputError, match=escape(
            "The 'relations' argument of MultilayerNetwork has 2 rows whose weights, merged "
            "(duplicates='sum'), exceed the largest number (about 1.8e308), e.g. ('A', 'B', "
            "'scientific'), at rows [0, 1].")):
        lk.MultilayerNetwork(orgs, rels, duplicates="sum")
    net = lk.MultilayerNetwork(orgs, rels.assign(weight=[1e307, 1e307, 1.0]),
                               duplicates="sum")
    assert net.relations["weight"].tolist() == [2e307, 1.0]


def test_integer_ids_held_as_objects_are_not_trimmed_as_text():
    # found by tests/test_robustness.py: .str on an object column of integers crashed
    orgs = pd.DataFrame({"id": ["A", 7]})
    rels = pd.DataFrame({"source": pd.Series([7, 7], dtype=object), "target": ["A", "A"],
                         "layer": "p"})
    with pytest.raises(lk.InputError, match="numbers in one column and text in the other"):
        lk.from_tables(orgs, rels)
