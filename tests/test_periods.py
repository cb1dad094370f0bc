"""periods_from_records: directedness per layer (one flag, a mapping, the vocabulary's
default), in the pandas and DuckDB record engines."""

import pandas as pd
import pytest

import linkages as lk

RECORDS = pd.DataFrame({
    "a": ["B", "A", "A", "B", "C", "A", "D"],
    "b": ["A", "B", "B", "C", "B", "D", "A"],
    "kind": ["production", "production", "production", "scientific", "scientific",
             "friendship", "friendship"],
    "day": pd.to_datetime(["2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01",
                           "2020-06-01", "2021-01-01", "2021-02-01"])})


def ties(periods, label):
    rel = periods[label].relations
    return sorted(map(tuple, rel[["source", "target", "layer", "weight"]].astype(
        {"layer": str}).values.tolist()))


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_directedness_per_layer(engine):
    default = lk.periods_from_records(RECORDS, source="a", target="b", layer="kind",
                                      value=None, date="day", engine=engine)
    # the vocabulary: production directed, scientific and unknown layers undirected
    assert default["2020"].directed == {"production": True, "scientific": False,
                                        "friendship": False}
    assert ties(default, "2020") == [("A", "B", "production", 2.0),
                                     ("B", "A", "production", 1.0),
                                     ("B", "C", "scientific", 2.0)]
    assert ties(default, "2021") == [("A", "D", "friendship", 2.0)]
    mapping = lk.periods_from_records(RECORDS, source="a", target="b", layer="kind",
                                      value=None, date="day", engine=engine,
                                      directed={"friendship": True, "production": False})
    assert mapping["2021"].directed == {"production": False, "scientific": False,
                                        "friendship": True}
    assert ties(mapping, "2021") == [("A", "D", "friendship", 1.0),
                                     ("D", "A", "friendship", 1.0)]
    assert ties(mapping, "2020") == [("A", "B", "production", 3.0),
                                     ("B", "C", "scientific", 2.0)]
    # one flag for every layer, as before
    every = lk.periods_from_records(RECORDS, source="a", target="b", layer="kind",
                                    value=None, date="day", engine=engine, directed=True)
    assert set(every["2020"].directed.values()) == {True}
    assert ("C", "B", "scientific", 1.0) in ties(every, "2020")


def test_one_layer_keeps_its_flag_and_default():
    records = RECORDS.assign(kind="x")
    produced = lk.periods_from_records(records, source="a", target="b", value=None,
                                       date="day")
    assert produced["2020"].directed == {"production": True}     # layer_name's default
    undirected = lk.periods_from_records(records, source="a", target="b", value=None,
                                         date="day", directed=False)
    assert undirected["2020"].directed == {"production": False}
    named = lk.periods_from_records(records, source="a", target="b", value=None,
                                    date="day", layer_name="scientific")
    assert named["2020"].directed == {"scientific": False}


def test_directed_must_be_a_flag_or_mapping():
    with pytest.raises(lk.InputError, match="'directed' argument of periods_from_records "
                                            "must be True, False, None or a mapping"):
        lk.periods_from_records(RECORDS, source="a", target="b", value=None, date="day",
                                directed="yes")
    with pytest.raises(lk.InputError, match="'directed' argument"):
        lk.periods_from_records(RECORDS, source="a", target="b", layer="kind", value=None,
                                date="day", directed={"production": "yes"})
    with pytest.raises(lk.InputError, match="names layers that have no records: \\['prod'\\]"):
        lk.periods_from_records(RECORDS, source="a", target="b", layer="kind", value=None,
                                date="day", directed={"prod": True})


def test_every_period_has_every_layer_in_one_order(tmp_path):
    periods = lk.periods_from_records(RECORDS, source="a", target="b", layer="kind",
                                      value=None, date="day", between=(2019, 2021))
    assert {label: net.layers for label, net in periods.items()} == {
        label: ("production", "scientific", "friendship") for label in ("2019", "2020", "2021")}
    assert periods["2021"].relations["layer"].astype(str).tolist() == ["friendship"]
    assert periods["2021"].report.steps == periods.reports["2021"].steps
    assert periods["2021"].report.steps[0]["step"].startswith("aggregate records")
    # a layer chosen for the maps exists in every period, drawn in one colour throughout
    out = lk.write_period_maps(periods, tmp_path / "m.html", layers="scientific",
                               active_only=False)
    assert sorted(p.name for p in (out.parent / "m_periods").iterdir()) == [
        "period-1.html", "period-2.html", "period-3.html"]
