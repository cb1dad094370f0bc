"""aggregate_records: hand-worked values, and the pandas, DuckDB and Spark engines agree."""

import re
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import linkages as lk
from linkages import InputError

COLUMNS = dict(source="seller", target="buyer", value="amount", date="day", layer="kind")


def random_records(n=3000, n_ids=60, seed=7):
    rng = np.random.default_rng(seed)
    ids = np.array([f"F{i:03d}" for i in range(n_ids)])
    day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    return pd.DataFrame({
        "seller": ids[rng.integers(0, n_ids, n)], "buyer": ids[rng.integers(0, n_ids, n)],
        "amount": rng.lognormal(2, 1, n).round(2), "day": day,
        # categories deliberately not in text order: ties sort by text whatever the engine
        "kind": pd.Categorical(rng.choice(["production", "commercial", "scientific"], n),
                               categories=["scientific", "production", "commercial"])})


@pytest.fixture
def invoices():
    return pd.DataFrame({"seller": ["B", "B", "C", "A", "B"], "buyer": ["A", "A", "A", "B", "A"],
                         "amount": [10.0, 5.0, 2.0, 1.0, 4.0],
                         "kind": ["production", "production", "production", "production",
                                  "commercial"],
                         "day": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-02",
                                                "2024-05-05", "2024-04-01"])})


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_hand_worked_directed_and_undirected(invoices, engine):
    ties = lk.aggregate_records(invoices, **COLUMNS, engine=engine)
    assert ties.columns.tolist() == ["source", "target", "layer", "weight", "records",
                                     "first", "last"]
    assert ties[["source", "target", "layer", "weight", "records"]].values.tolist() == [
        ["A", "B", "production", 1.0, 1], ["B", "A", "commercial", 4.0, 1],
        ["B", "A", "production", 15.0, 2], ["C", "A", "production", 2.0, 1]]
    assert ties.loc[2, "first"] == pd.Timestamp("2024-01-05")
    assert ties.loc[2, "last"] == pd.Timestamp("2024-03-01")
    # undirected, no layer: A-B gets 10 + 5 + 1 + 4 from four records in both directions
    both = lk.aggregate_records(invoices, source="seller", target="buyer", value="amount",
                                directed=False, engine=engine)
    assert both.values.tolist() == [["A", "B", 20.0, 4], ["A", "C", 2.0, 1]]
    # no value: the weight is the record count
    counts = lk.aggregate_records(invoices, source="seller", target="buyer", value=None,
                                  engine=engine)
    assert counts["weight"].tolist() == [1.0, 3.0, 1.0]


@pytest.mark.parametrize("directed", [True, False])
def test_duckdb_equals_pandas_on_random_records(directed):
    records = random_records()
    a = lk.aggregate_records(records, **COLUMNS, directed=directed, engine="pandas")
    b = lk.aggregate_records(records, **COLUMNS, directed=directed, engine="duckdb")
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    assert a["records"].sum() == len(records)
    assert np.isclose(a["weight"].sum(), records["amount"].sum())
    # independent oracle: a plain groupby on the raw table
    if directed:
        oracle = records.groupby(["seller", "buyer", records["kind"].astype(str)],
                                 observed=True)["amount"].sum()
        assert np.allclose(a.set_index(["source", "target", "layer"])["weight"]
                           .reindex(oracle.index), oracle)


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_unsorted_ties_are_the_same_ties(engine):
    records = random_records()
    ordered = lk.aggregate_records(records, **COLUMNS, engine=engine)
    loose = lk.aggregate_records(records, **COLUMNS, engine=engine, sort=False)
    assert not loose.equals(ordered)           # the sort did something here
    back = loose.sort_values(["source", "target", "layer"], ignore_index=True)
    pd.testing.assert_frame_equal(back, ordered, check_exact=False, rtol=1e-12)
    with pytest.raises(TypeError, match="The 'sort' argument of aggregate_records must be "
                       "a bool. Got str instead."):
        lk.aggregate_records(records, **COLUMNS, engine=engine, sort="yes")


def test_files_parquet_glob_and_csv(tmp_path):
    records = random_records(n=2000)
    records["kind"] = records["kind"].astype(str)
    half = len(records) // 2
    records.iloc[:half].to_parquet(tmp_path / "part-0.parquet")
    records.iloc[half:].to_parquet(tmp_path / "part-1.parquet")
    records.to_csv(tmp_path / "all.csv", index=False)
    expected = lk.aggregate_records(records, **COLUMNS, engine="pandas")
    for source in (str(tmp_path / "part-*.parquet"),
                   [tmp_path / "part-0.parquet", tmp_path / "part-1.parquet"],
                   tmp_path / "all.csv"):
        for engine in ("duckdb", "pandas"):
            got = lk.aggregate_records(source, **COLUMNS, engine=engine)
            pd.testing.assert_frame_equal(expected, got, check_exact=False, rtol=1e-12)
    auto = lk.aggregate_records(str(tmp_path / "part-*.parquet"), **COLUMNS)
    assert auto.attrs["report"].steps[0]["step"] == "aggregate records (duckdb)"
    small = lk.aggregate_records(records, **COLUMNS)
    assert small.attrs["report"].steps[0]["step"] == "aggregate records (pandas)"


def bad_records():
    records = random_records(n=300)[["seller", "buyer", "amount"]]
    amount = records["amount"].astype(object)
    amount[[5, 7, 8]] = ["x", np.nan, -1.0]
    amount[[11, 12]] = [np.inf, -np.inf]        # -inf counts as negative
    records["amount"] = amount
    records.loc[[20, 21], "seller"] = None
    records.loc[[21, 22], "buyer"] = None
    return records


def test_errors_and_drops_match_across_engines():
    records = bad_records()
    kw = dict(source="seller", target="buyer", value="amount")
    expected_reasons = {"records with no 'seller' (invalid='drop')": 2,
                        "records with no 'buyer' (invalid='drop')": 1,
                        "records with a non-numeric 'amount' (invalid='drop')": 1,
                        "records with a missing 'amount' (invalid='drop')": 1,
                        "records with a negative 'amount' (invalid='drop')": 2,
                        "records with an infinite 'amount' (invalid='drop')": 1}
    for engine in ("pandas", "duckdb"):
        with pytest.raises(InputError, match=r"has 2 rows with no 'seller'\.$"):
            lk.aggregate_records(records, **kw, engine=engine)
        with pytest.raises(InputError, match=r"has 1 rows with no 'buyer'\.$"):
            lk.aggregate_records(records.dropna(subset=["seller"]), **kw, engine=engine)
        ok_ends = records.dropna(subset=["seller", "buyer"])
        with pytest.raises(InputError, match=r"must hold numbers; 1 values are not numeric, "
                           r"e.g. \['x'\] \(rows \[5\]\)"):
            lk.aggregate_records(ok_ends, **kw, engine=engine)
        numeric = ok_ends.drop(index=5)
        with pytest.raises(InputError, match=r"must not hold missing values \(NaN\); found 1 "
                           r"at rows \[7\]"):
            lk.aggregate_records(numeric, **kw, engine=engine)
        with pytest.raises(InputError, match=r"found 2 negative values at rows \[12, 8\]"):
            lk.aggregate_records(numeric.drop(index=7), **kw, engine=engine)
        with pytest.raises(InputError, match="must hold finite numbers; found 1 infinite"):
            lk.aggregate_records(numeric.drop(index=[7, 8, 12]), **kw, engine=engine)
        ties = lk.aggregate_records(records, **kw, engine=engine, invalid="drop")
        step = ties.attrs["report"].steps[0]
        reasons = {k: v for k, v in step["dropped"].items() if "merged" not in k}
        assert reasons == expected_reasons
        assert step["rows_in"] == 300 == step["rows_out"] + sum(step["dropped"].values())
        assert ties["records"].sum() == 300 - 8


def test_drop_equals_aggregating_the_clean_rows():
    records = bad_records()
    clean = records.drop(index=[5, 7, 8, 11, 12, 20, 21, 22])
    clean = clean.assign(amount=clean["amount"].astype(float))
    kw = dict(source="seller", target="buyer", value="amount")
    expected = lk.aggregate_records(clean, **kw, engine="pandas")
    for engine in ("pandas", "duckdb"):
        got = lk.aggregate_records(records, **kw, engine=engine, invalid="drop")
        pd.testing.assert_frame_equal(expected, got, check_exact=False, rtol=1e-12)


def test_argument_errors(invoices, tmp_path):
    with pytest.raises(InputError, match=r"The 'engine' argument of aggregate_records must be "
                       r"one of \['auto', 'duckdb', 'pandas', 'spark'\]. Got 'polars' instead."):
        lk.aggregate_records(invoices, engine="polars")
    with pytest.raises(InputError, match=r"The 'invalid' argument .* Got 'skip' instead."):
        lk.aggregate_records(invoices, invalid="skip")
    for engine in ("pandas", "duckdb"):
        with pytest.raises(InputError, match=r"missing \['source', 'target', 'value'\]"):
            lk.aggregate_records(invoices, engine=engine)
        with pytest.raises(InputError, match="is empty: it has no rows"):
            lk.aggregate_records(invoices.iloc[:0], source="seller", target="buyer",
                                 value="amount", engine=engine)
        with pytest.raises(InputError, match="names no existing file"):
            lk.aggregate_records(str(tmp_path / "none-*.parquet"), engine=engine)
    with pytest.raises(TypeError, match="must be a pandas DataFrame, path, glob or list"):
        lk.aggregate_records(42)


def test_missing_duckdb_names_the_extra(invoices, tmp_path):
    code = ("import sys; sys.modules['duckdb'] = None\n"
            "import pandas as pd, linkages as lk\n"
            "df = pd.DataFrame({'source': ['a'], 'target': ['b'], 'value': [1.0]})\n"
            "assert lk.aggregate_records(df)['weight'].tolist() == [1.0]  # auto -> pandas\n"
            "try:\n    lk.aggregate_records(df, engine='duckdb')\n"
            "except ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "aggregate_records(engine='duckdb') needs DuckDB: pip install linkages[scale]" in out


def test_report_is_extended(invoices):
    report = lk.BuildReport()
    ties = lk.aggregate_records(invoices, source="seller", target="buyer", value="amount",
                                report=report)
    assert ties.attrs["report"] is report
    assert report.steps[0]["rows_in"] == 5 and report.steps[0]["rows_out"] == 3
    assert report.dropped == {"records merged into one tie per (source, target)": 2}


# -- hand-worked: sums, counts, dates, undirected, layers ----------------------------------
@pytest.fixture
def late_invoices():
    return pd.DataFrame({
        "seller": ["B", "B", "C", "A", "B"], "buyer": ["A", "A", "A", "B", "A"],
        "amount": [10.0, 5.0, 2.0, 1.0, 0.5],
        "kind": ["supply", "supply", "supply", "supply", "sales"],
        "day": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-02", "2023-12-01",
                               "2024-06-30"])})


def test_aggregate_records_sum_count_dates(late_invoices):
    out = lk.aggregate_records(late_invoices, source="seller", target="buyer", value="amount",
                               date="day")
    rows = {(r.source, r.target): (r.weight, r.records, str(r.first.date()),
                                   str(r.last.date())) for r in out.itertuples()}
    assert rows == {("A", "B"): (1.0, 1, "2023-12-01", "2023-12-01"),
                    ("B", "A"): (15.5, 3, "2024-01-05", "2024-06-30"),
                    ("C", "A"): (2.0, 1, "2024-02-02", "2024-02-02")}


def test_aggregate_records_count_weight_undirected_and_layer(late_invoices):
    counts = lk.aggregate_records(late_invoices, source="seller", target="buyer", value=None)
    assert dict(zip(zip(counts["source"], counts["target"]), counts["weight"])) == {
        ("A", "B"): 1.0, ("B", "A"): 3.0, ("C", "A"): 1.0}
    undirected = lk.aggregate_records(late_invoices, source="seller", target="buyer",
                                      value="amount", directed=False)
    assert undirected[["source", "target", "weight", "records"]].values.tolist() == [
        ["A", "B", 16.5, 4], ["A", "C", 2.0, 1]]
    layered = lk.aggregate_records(late_invoices, source="seller", target="buyer",
                                   value="amount", layer="kind")
    got = {(r.source, r.target, r.layer): r.weight for r in layered.itertuples()}
    assert got == {("A", "B", "supply"): 1.0, ("B", "A", "sales"): 0.5,
                   ("B", "A", "supply"): 15.0, ("C", "A", "supply"): 2.0}
    # ready for from_tables: one table, layer column
    net = lk.from_tables(None, layered, layer="layer",
                         directed={"supply": True, "sales": True})
    assert net.n_relations == 4 and net.report.dropped == {}


def test_aggregate_records_errors(late_invoices):
    with pytest.raises(lk.InputError, match=re.escape("missing ['price']")):
        lk.aggregate_records(late_invoices, source="seller", target="buyer", value="price")
    with pytest.raises(lk.InputError, match="negative"):
        lk.aggregate_records(late_invoices.assign(amount=-1.0), source="seller", target="buyer",
                             value="amount")
    with pytest.raises(lk.InputError, match="empty: it has no rows"):
        lk.aggregate_records(late_invoices.iloc[:0], source="seller", target="buyer",
                             value="amount")


# -- Spark (local mode) ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark not installed")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java: no java on PATH")
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("linkages-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    yield session
    session.stop()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_spark_equals_pandas(spark, tmp_path):
    # one Spark job per check: local mode starts a JVM (~30 s) and each job costs seconds
    records = random_records(n=1500)
    records["kind"] = records["kind"].astype(str)
    expected = lk.aggregate_records(records, **COLUMNS, directed=False, engine="pandas")
    got = lk.aggregate_records(spark.createDataFrame(records), **COLUMNS, directed=False)
    assert got.attrs["report"].steps[0]["step"] == "aggregate records (spark)"   # auto
    pd.testing.assert_frame_equal(expected, got, check_exact=False, rtol=1e-12)
    records.to_parquet(tmp_path / "records.parquet")
    got = lk.aggregate_records(str(tmp_path / "*.parquet"), **COLUMNS, engine="spark")
    pd.testing.assert_frame_equal(lk.aggregate_records(records, **COLUMNS), got,
                                  check_exact=False, rtol=1e-12)
    # the same errors (rows named) and the same drops
    bad = bad_records()
    bad["amount"] = pd.to_numeric(bad["amount"], errors="coerce")  # Spark needs one type
    kw = dict(source="seller", target="buyer", value="amount")
    negative = bad.dropna(subset=["seller", "buyer", "amount"])
    pattern = r"must hold non-negative numbers; found 2 negative values at rows \[12, 8\]"
    for engine in ("pandas", "spark"):
        with pytest.raises(InputError, match=pattern):
            lk.aggregate_records(negative, **kw, engine=engine)
    a = lk.aggregate_records(bad, **kw, invalid="drop")
    b = lk.aggregate_records(spark.createDataFrame(bad), **kw, invalid="drop")
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    assert a.attrs["report"].steps[0]["dropped"] == b.attrs["report"].steps[0]["dropped"]


def test_ties_with_their_report_can_be_written_to_parquet(invoices, tmp_path):
    # pandas writes .attrs to Parquet as JSON: the report must be JSON, and come back
    ties = lk.aggregate_records(invoices, source="seller", target="buyer", value="amount")
    ties.to_parquet(tmp_path / "ties.parquet")
    back = pd.read_parquet(tmp_path / "ties.parquet")
    pd.testing.assert_frame_equal(back, ties)
    assert back.attrs["report"]["steps"] == ties.attrs["report"].steps
    assert back.attrs["report"]["steps"][0]["rows_in"] == 5


def test_duckdb_spills_to_disk_past_its_memory_limit(tmp_path):
    # 1M records of 100k firms need more than the limit: DuckDB writes to temp_directory
    # (watched while it runs) and the ties still equal the pandas path's
    import os
    import threading
    import time
    rng = np.random.default_rng(0)
    n = 1_000_000
    records = pd.DataFrame({"s": rng.integers(0, 100_000, n).astype(str),
                            "t": rng.integers(0, 100_000, n).astype(str), "v": rng.random(n)})
    records.to_parquet(tmp_path / "records.parquet")
    spill = tmp_path / "spill"
    spill.mkdir()
    largest, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            largest[0] = max(largest[0], sum(p.stat().st_size for p in spill.rglob("*")
                                             if p.is_file()))
            time.sleep(0.002)
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        engine = lk.DuckDB(memory_limit=f"{40 * max(2, os.cpu_count() or 2)}MB",
                           temp_directory=spill)
        ties = lk.aggregate_records(tmp_path / "records.parquet", source="s", target="t",
                                    value="v", engine=engine)
    finally:
        done.set()
        watcher.join()
    assert largest[0] > 1_000_000                   # more than 1 MB went to disk
    expected = lk.aggregate_records(records, source="s", target="t", value="v",
                                    engine="pandas")
    pd.testing.assert_frame_equal(ties, expected, check_exact=False, rtol=1e-9)


def test_duckdb_options_live_on_the_engine(invoices, tmp_path):
    kw = dict(source="seller", target="buyer", value="amount")
    expected = lk.aggregate_records(invoices, **kw, engine="duckdb")
    spill = tmp_path / "spill"
    spill.mkdir()
    got = lk.aggregate_records(invoices, **kw, engine=lk.DuckDB(memory_limit="1GB",
                                                                temp_directory=spill))
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["report"].steps[0]["step"] == "aggregate records (duckdb)"
    assert spill.is_dir()                           # a directory given is left in place
    # an option that does not apply cannot be passed
    for option in ({"memory_limit": "1GB"}, {"temp_directory": spill}):
        with pytest.raises(TypeError, match="unexpected keyword argument"):
            lk.aggregate_records(invoices, **kw, engine="pandas", **option)
    with pytest.raises(TypeError, match=r"The 'memory_limit' argument of DuckDB must be a "
                       r"str such as '8GB' or '50%'. Got int instead."):
        lk.DuckDB(memory_limit=8)
    with pytest.raises(TypeError, match=r"The 'temp_directory' argument of DuckDB must be a "
                       r"path. Got int instead."):
        lk.DuckDB(temp_directory=3)
    with pytest.raises(TypeError, match=r"The 'engine' argument of aggregate_records must be "
                       r"a str \('auto', 'pandas', 'duckdb' or 'spark'\) or DuckDB. Got int "
                       r"instead."):
        lk.aggregate_records(invoices, **kw, engine=3)


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_an_unreadable_date_is_a_named_problem_that_drop_covers(engine):
    # issue 12: a bad date gave a raw pandas or DuckDB error, even with invalid='drop'
    records = pd.DataFrame({"s": ["A", "B", "C"], "t": ["B", "C", "A"], "v": [1.0, 2.0, 3.0],
                            "d": ["2024-01-01", "notadate", None]})
    with pytest.raises(InputError, match=r"must hold dates; 1 values cannot be read as dates, "
                                         r"e.g. \['notadate'\] \(rows \[1\]\)"):
        lk.aggregate_records(records, source="s", target="t", value="v", date="d",
                             engine=engine)
    ties = lk.aggregate_records(records, source="s", target="t", value="v", date="d",
                                engine=engine, invalid="drop")
    assert ties[["source", "target", "weight"]].values.tolist() == [["A", "B", 1.0],
                                                                     ["C", "A", 3.0]]
    assert str(ties.loc[0, "first"].date()) == "2024-01-01" and pd.isna(ties.loc[1, "first"])
    report = ties.attrs["report"]
    assert report.dropped["records with an unreadable 'd' date (invalid='drop')"] == 1
    assert report.steps[-1]["rows_in"] == 3
