"""Broken input never gives a traceback (hypothesis).

Generated tables and files with the faults real users' files have (missing columns, ids of
mixed kinds, ids with spaces, duplicate and unknown ids, NaN / inf / negative / text /
overflowing weights, empty, header-only, ragged, binary and wrongly encoded files) go
through the library (``from_tables``) and the command line (``main([...])`` in-process,
and one subprocess). Each either fails cleanly or succeeds with every row accounted for:

- library: an :class:`~linkages.InputError`, or a network whose relation rows in equal the
  ties out plus the rows the build report says it dropped;
- command line: exit 2 with exactly one stderr line, ``linkages: error: ...`` (never the
  last-resort 'unexpected' one), and no output folder; or exit 0 with the same accounting
  in ``relations.csv`` and ``build_report.csv`` (``info``: exit 0, 1 or 2).
"""

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import linkages as lk
from linkages.cli.main import main

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

IDS = ["A", "B", "C", "007", "7", "X1", "NA", "é1", "0.5", "Z"]
BAD_WEIGHTS = [math.nan, math.inf, -math.inf, -1.0, "abc", "", 1e308]
TYPES = ["sme", "Large Firm", "HES", "univ", "Spinoff", None]
TABLE_FAULTS = ["duplicate id", "no id column", "ids as numbers", "unknown id", "id with spaces",
                "bad weight", "overflowing weights", "no source column", "no weight column",
                "no relations", "mixed id kinds", "missing layer"]
FAULTS = ["none", "none", "none", "empty", "header only", "ragged", "binary",
          "latin-1 read as utf-8", "semicolons", "utf-16"]


@st.composite
def broken_tables(draw):
    """(organisations, relations): a sound pair of small tables with 0 to 2 of the faults of
    real files."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=7, unique=True))
    orgs = pd.DataFrame({"id": ids, "type": draw(st.lists(
        st.sampled_from(TYPES), min_size=len(ids), max_size=len(ids)))}, dtype=object)
    n = draw(st.integers(1, 10))
    pool = st.sampled_from(ids)
    rel = pd.DataFrame({
        "source": draw(st.lists(pool, min_size=n, max_size=n)),
        "target": draw(st.lists(pool, min_size=n, max_size=n)),
        "weight": draw(st.lists(st.floats(0, 100), min_size=n, max_size=n)),
        "layer": draw(st.lists(st.sampled_from(["production", "scientific", "custom"]),
                               min_size=n, max_size=n)),
    }).astype({"source": object, "target": object, "weight": object})
    row = draw(st.integers(0, n - 1))
    for fault in draw(st.lists(st.sampled_from(TABLE_FAULTS), max_size=2, unique=True)):
        if len(rel) <= row or {"source", "target", "weight"} - set(rel.columns):
            break                                   # one fault removed what another needs
        if fault == "duplicate id":
            orgs = pd.concat([orgs, orgs.iloc[[0]]], ignore_index=True)
        elif fault == "no id column":
            orgs = orgs.rename(columns={"id": "ident"})
        elif fault == "ids as numbers" and "id" in orgs:
            orgs["id"] = list(range(len(orgs)))
        elif fault == "unknown id":
            rel.loc[row, "target"] = "nobody"
        elif fault == "id with spaces":
            rel.loc[row, "source"] = f" {rel.loc[row, 'source']} "
        elif fault == "bad weight" and "weight" in rel:
            rel.loc[row, "weight"] = draw(st.sampled_from(BAD_WEIGHTS))
        elif fault == "overflowing weights" and "weight" in rel:
            rel = pd.concat([rel.iloc[[row]], rel], ignore_index=True)
            rel.loc[[0, row + 1], "weight"] = 1e308
        elif fault == "no source column":
            rel = rel.drop(columns="source")
        elif fault == "no weight column":
            rel = rel.drop(columns="weight")
        elif fault == "no relations":
            rel = rel.iloc[:0]
        elif fault == "mixed id kinds" and "source" in rel:
            rel["source"] = pd.Series([7] * len(rel), index=rel.index, dtype=object)
        elif fault == "missing layer":
            rel.loc[row, "layer"] = None
    return orgs, rel


def accounted(rows_in: int, ties_out: int, report: pd.DataFrame | dict) -> bool:
    dropped = (sum(report.values()) if isinstance(report, dict)
               else int(report["dropped"].sum()))
    return rows_in == ties_out + dropped


# -- the library -----------------------------------------------------------------------------
@FAST
@given(broken_tables())
def test_from_tables_fails_clearly_or_accounts_for_every_row(tables):
    orgs, rel = tables
    try:
        net = lk.from_tables(orgs, rel, unknown_ids="error")
    except lk.InputError as error:
        assert str(error).strip()
        event("InputError")
        return
    event("built")
    assert accounted(len(rel), net.n_relations, net.report.dropped), net.report
    assert net.relations["weight"].map(math.isfinite).all()


@FAST
@given(broken_tables())
def test_from_tables_drop_unknown_and_strip_ids(tables):
    orgs, rel = tables
    try:
        net = lk.from_tables(orgs, rel, unknown_ids="drop", strip_ids=True)
    except lk.InputError:
        return
    assert accounted(len(rel), net.n_relations, net.report.dropped), net.report


# -- the command line ------------------------------------------------------------------------
def write(table: pd.DataFrame, path: Path, fault: str) -> None:
    """``table`` as a CSV file at ``path``, with ``fault``."""
    if fault == "empty":
        path.write_bytes(b"")
    elif fault == "header only":
        path.write_text(",".join(map(str, table.columns)) + "\n", encoding="utf-8")
    elif fault == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif fault == "utf-16":
        table.to_csv(path, index=False, encoding="utf-16")
    elif fault == "semicolons":
        table.to_csv(path, index=False, sep=";")
    elif fault == "latin-1 read as utf-8":
        table.assign(note="Société").to_csv(path, index=False, encoding="latin-1")
    else:
        table.to_csv(path, index=False, encoding="utf-8")
        if fault == "ragged":
            with path.open("a", encoding="utf-8") as handle:
                handle.write("A,B,1,production,extra,fields\n")


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("linkages: error:")]
    assert "Traceback" not in err, err
    assert len(errors) == 1, err
    assert all(line.startswith("linkages: ") for line in lines), err
    assert "unexpected" not in errors[0], errors[0]      # the last resort: a bug
    return errors[0]


@pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
@SLOW
@given(broken_tables(), st.sampled_from(FAULTS), st.sampled_from(FAULTS),
       st.sampled_from([[], ["--drop-unknown"], ["--strip-ids"], ["--weighted"],
                        ["--encoding", "utf-8"], ["--sep", ";"]]))
def test_analyze_exits_2_with_one_line_or_writes_everything(capsys, tables, org_fault,
                                                            rel_fault, flags):
    orgs, rel = tables
    folder = Path(tempfile.mkdtemp())
    try:
        write(orgs, folder / "orgs.csv", org_fault)
        write(rel, folder / "rel.csv", rel_fault)
        out = folder / "out"
        code = main(["analyze", "--organisations", str(folder / "orgs.csv"), "--relations",
                     str(folder / "rel.csv"), "--out", str(out), "--quiet", *flags])
        captured = capsys.readouterr()
        event(f"analyze exit {code}")
        assert code in (0, 2), captured.err
        if code == 2:
            one_error_line(captured.err)
            assert not out.exists(), "an error after writing part of the output"
            return
        assert "Traceback" not in captured.err
        assert (out / "report.html").is_file() and (out / "linkages-manifest.json").is_file()
        rows_in = len(rel) + (rel_fault == "ragged")
        ties = pd.read_csv(out / "relations.csv")
        report = pd.read_csv(out / "build_report.csv")
        assert accounted(rows_in, len(ties), report), report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@FAST
@given(broken_tables(), st.sampled_from(FAULTS))
def test_info_never_fails_with_a_traceback(capsys, tables, fault):
    orgs, rel = tables
    folder = Path(tempfile.mkdtemp())
    try:
        write(orgs, folder / "orgs.csv", "none")
        write(rel, folder / "rel.csv", fault)
        code = main(["info", str(folder / "orgs.csv"), str(folder / "rel.csv")])
        captured = capsys.readouterr()
        event(f"info exit {code}")
        assert code in (0, 1, 2), captured.err
        if code == 2:
            one_error_line(captured.err)
        else:
            assert captured.err == ""
            assert ("no problems found" in captured.out) == (code == 0) or code == 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("fault", ["binary", "ragged"])
def test_a_broken_file_through_the_real_command(tmp_path, fault):
    """The installed command (a subprocess): one line on stderr, exit 2, nothing written."""
    write(pd.DataFrame({"id": ["A", "B"]}), tmp_path / "orgs.csv", "none")
    write(pd.DataFrame({"source": ["A"], "target": ["B"], "weight": [1.0],
                        "layer": ["production"]}), tmp_path / "rel.csv", fault)
    command = ([shutil.which("linkages")] if shutil.which("linkages")
               else [sys.executable, "-m", "linkages.cli"])
    result = subprocess.run([*command, "analyze", "--organisations", str(tmp_path / "orgs.csv"),
                             "--relations", str(tmp_path / "rel.csv"), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert f"relations file '{tmp_path / 'rel.csv'}'" in line
    assert not (tmp_path / "out").exists()
