"""The ``linkages`` command, through its real entry point (a subprocess) where it matters."""

import html
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import linkages as lk
from linkages.cli.inputs import Options, RelationsFile, network_from_files
from linkages.cli.main import main

# The console script when installed (pip install -e .), else the same main() as a module.
COMMAND = ([shutil.which("linkages")] if shutil.which("linkages")
           else [sys.executable, "-m", "linkages.cli"])

PROMISED = ["map.html", "report.html", "organisations.csv", "relations.csv", "layers.csv",
            "leaders.csv", "clusters.csv", "build_report.csv", "network.xlsx", "network.gexf",
            "figures/layer_overlap.png", "figures/cluster_composition.png",
            "figures/leaders.png"]


def run(*args, cwd=None):
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The example tables written as user files: organisations, one file per layer."""
    folder = tmp_path_factory.mktemp("input")
    net = lk.load_example()
    net.organisations.to_csv(folder / "orgs.csv")
    rel = net.relations
    supply = rel[rel["layer"] == "production"][["source", "target", "weight"]]
    supply.columns = ["supplier", "customer", "value"]
    supply.to_csv(folder / "supply.csv", index=False)
    rel[rel["layer"] != "production"].to_csv(folder / "other.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "out"
    return run("example", "--out", out), out


# -- the main job ----------------------------------------------------------------------------
def test_example_writes_every_promised_file(example_run):
    result, out = example_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    missing = [name for name in PROMISED if not (out / name).is_file()]
    assert not missing, f"not written: {missing}; stderr: {result.stderr}"
    assert "Skipped" not in result.stdout


def test_example_results_recover_the_planted_structure(example_run):
    import igraph as ig
    result, out = example_run
    orgs = pd.read_csv(out / "organisations.csv", index_col="id")
    assert orgs["cluster"].nunique() == 4
    nmi = ig.compare_communities(orgs["cluster"].tolist(), orgs["planted_cluster"].tolist(),
                                 method="nmi")
    assert nmi > 0.85          # same as find_clusters on the example (seed 1)
    sizes = orgs["cluster"].value_counts().sort_index()
    assert sizes.is_monotonic_decreasing                     # cluster 0 is the largest
    leaders = pd.read_csv(out / "leaders.csv", index_col="id")
    first = leaders[leaders["rank"] == 1]
    assert len(first) == 4 and first["anchor"].all()
    assert orgs.loc[first.index, "anchor"].all()             # each is a planted anchor
    profiles = pd.read_csv(out / "clusters.csv", index_col="cluster")
    assert profiles["size"].tolist() == sizes.tolist()
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count("data:image/png;base64,") == 3
    assert html.escape(first["reason"].iloc[0], quote=False) in report


def test_example_progress_and_summary(example_run):
    result, out = example_run
    assert "linkages: finding clusters (leiden, unweighted) ..." in result.stderr
    assert "300 organisations, 1,634 relations in 3 layers" in result.stdout
    assert "report.html" in result.stdout and "map.html" in result.stdout


def test_report_is_self_contained_and_escapes_names(tmp_path, capsys):
    orgs = pd.DataFrame({"id": ["A", "B", "C", "D"],
                         "name": ["<img src=x onerror=alert(1)>", "B & co", "C", "D"],
                         "type": ["large firm", "sme", "sme", "sme"]})
    rel = pd.DataFrame({"source": ["B", "C", "D", "C"], "target": ["A", "A", "A", "B"]})
    orgs.to_csv(tmp_path / "o.csv", index=False)
    rel.to_csv(tmp_path / "r.csv", index=False)
    out = tmp_path / "out"
    code = main(["analyze", "--organisations", str(tmp_path / "o.csv"), "--relations",
                 str(tmp_path / "r.csv"), "--layer", "<b>production</b>", "--out", str(out),
                 "--quiet"])
    assert code == 0
    assert capsys.readouterr().err == ""                         # --quiet: no progress lines
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<b>production" not in page and "&lt;b&gt;production&lt;/b&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page         # in the leaders table
    assert "http://" not in page and "https://" not in page


# -- analyze: building from files ------------------------------------------------------------
def test_analyze_builds_the_same_network_from_files(files):
    opts = Options(organisations=files / "orgs.csv",
                   relations=[RelationsFile(files / "supply.csv", "production",
                                            {"source": "supplier", "target": "customer",
                                             "weight": "value"}),
                              RelationsFile(files / "other.csv")])
    net, example = network_from_files(opts), lk.load_example()
    assert net.layers == example.layers
    assert net.directed == example.directed
    pd.testing.assert_frame_equal(net.summary(), example.summary())


def test_per_file_column_flags_and_config_agree(files, tmp_path):
    config = tmp_path / "job.toml"
    config.write_text(f"""
organisations = "{(files / 'orgs.csv').as_posix()}"
out = "result"
seed = 3
[[relations]]
file = "{(files / 'supply.csv').as_posix()}"
layer = "production"
source = "supplier"
target = "customer"
weight = "value"
[[relations]]
file = "{(files / 'other.csv').as_posix()}"
""", encoding="utf-8")
    from linkages.cli.inputs import options_from
    from linkages.cli.main import _parser
    by_config, out = options_from(_parser().parse_args(["analyze", "--config", str(config)]))
    assert out == tmp_path / "result" and by_config.seed == 3
    by_flags, _ = options_from(_parser().parse_args([
        "analyze", "--organisations", str(files / "orgs.csv"),
        "--relations", str(files / "supply.csv"), "--relations", str(files / "other.csv"),
        "--layer", "production", "--layer", "mixed",
        "--source", "supplier", "--source", "source", "--target", "customer",
        "--target", "target", "--weight", "value", "--weight", "weight", "--directed", "mixed",
        "--out", "x"]))
    a, b = network_from_files(by_config), network_from_files(by_flags)
    assert a.summary().loc["production"].equals(b.summary().loc["production"])
    assert b.layers == ("production", "mixed")       # --layer names a whole file
    assert b.directed == {"production": True, "mixed": True}
    # rows repeating a (source, target) of the other layer merge in 'mixed' (info says 9)
    assert b.summary().loc["mixed", "ties"] == 707 + 370 - 9


# -- bad input: exit 2, one line naming file, column and row ---------------------------------
def error_of(result):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("linkages: error")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_missing_file(files, tmp_path):
    line = error_of(run("analyze", "--organisations", files / "nope.csv", "--relations",
                        files / "other.csv", "--out", tmp_path))
    assert line == f"linkages: error: organisations file '{files / 'nope.csv'}' does not exist."


def test_missing_column(files, tmp_path):
    line = error_of(run("analyze", "--organisations", files / "orgs.csv", "--relations",
                        files / "supply.csv", "--out", tmp_path))
    assert line == (f"linkages: error: relations file '{files / 'supply.csv'}': column "
                    "'source' is missing; found columns ['supplier', 'customer', 'value'] "
                    "(set --source).")


def test_dangling_id(files, tmp_path):
    rel = pd.read_csv(files / "other.csv").head(20)
    rel.loc[[6, 11], "target"] = ["ACME", "Foo"]
    rel.to_csv(tmp_path / "dangling.csv", index=False)
    line = error_of(run("analyze", "--organisations", files / "orgs.csv", "--relations",
                        tmp_path / "dangling.csv", "--out", tmp_path / "out"))
    # data row 6 is spreadsheet row 8 (the header is row 1)
    assert line == (f"linkages: error: relations file '{tmp_path / 'dangling.csv'}': column "
                    f"'target': id 'ACME' at row 8 is not in the organisations file "
                    f"'{files / 'orgs.csv'}' (2 such rows: rows 8, 13).")
    assert not (tmp_path / "out" / "report.html").exists()


@pytest.mark.parametrize("content, expected", [
    ("source,target,weight\nO00001,O00002,abc\n",
     "column 'weight': 1 values are not numbers, e.g. 'abc' at row 2."),
    ("source,target,weight\nO00001,O00002,-1\nO00001,O00003,2\n",
     "column 'weight': 1 negative weights at row 2."),
    ("source,target\nO00001,\n",
     "column 'target': 1 empty organisation ids at row 2."),
])
def test_bad_values_name_column_and_row(files, tmp_path, content, expected):
    (tmp_path / "r.csv").write_text(content, encoding="utf-8")
    code = main(["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
                 str(tmp_path / "r.csv"), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2


def test_bad_values_messages(files, tmp_path, capsys):
    (tmp_path / "r.csv").write_text("source,target,weight\nO00001,O00002,abc\n",
                                    encoding="utf-8")
    main(["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
          str(tmp_path / "r.csv"), "--out", str(tmp_path / "out"), "--quiet"])
    assert capsys.readouterr().err.strip() == (
        f"linkages: error: relations file '{tmp_path / 'r.csv'}': column 'weight': 1 values "
        "are not numbers, e.g. 'abc' at row 2.")


@pytest.mark.parametrize("args, expected", [
    (["--layer", "a", "--layer", "b"],
     "give one --layer per input file (--relations and --two-mode, in their order): got 2 "
     "--layer for 1 files."),
    (["--method", "kmeans"],
     "The 'method' argument of find_clusters must be one of"),
    (["--engine", "gpu"],
     "The 'engine' argument of Leiden must be one of ['auto', 'igraph', 'networkit']. "
     "Got 'gpu' instead."),
])
def test_bad_options(files, tmp_path, capsys, args, expected):
    code = main(["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
                 str(files / "other.csv"), "--out", str(tmp_path), "--quiet", *args])
    assert code == 2
    assert capsys.readouterr().err.startswith(f"linkages: error: {expected}")


def test_duplicate_ids_and_unreadable_files(files, tmp_path, capsys):
    (tmp_path / "o.csv").write_text("id,name\nA,x\nB,y\nA,z\n", encoding="utf-8")
    (tmp_path / "r.xlsx").write_bytes(b"not a spreadsheet")
    (tmp_path / "bad.toml").write_text("organisations = [", encoding="utf-8")
    cases = [
        (["--organisations", str(tmp_path / "o.csv"), "--relations", str(files / "other.csv")],
         f"organisations file '{tmp_path / 'o.csv'}': column 'id': 1 id is repeated (2 rows): "
         "'A' at rows 2, 4."),
        (["--organisations", str(files / "orgs.csv"), "--relations", str(tmp_path / "r.xlsx")],
         f"relations file '{tmp_path / 'r.xlsx'}' cannot be read as "),
        (["--config", str(tmp_path / "bad.toml")],
         f"config file '{tmp_path / 'bad.toml'}' is not valid TOML: "),
    ]
    for args, expected in cases:
        assert main(["analyze", *args, "--out", str(tmp_path / "out"), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"linkages: error: {expected}"), err
        assert err.count("\n") == 1


# -- info ------------------------------------------------------------------------------------
def test_info_lists_contents_and_problems(files, tmp_path, capsys):
    rel = pd.DataFrame({"source": ["O00001", "O00002", "O00002", "ZZZ", "O00003"],
                        "target": ["O00001", "O00003", "O00003", "O00004", None],
                        "layer": ["production", "scientific", "scientific", "production",
                                  "production"],
                        "weight": [1.0, 2.0, 2.0, None, 1.0]})
    rel.to_csv(tmp_path / "rel.csv", index=False)
    assert main(["info", str(files / "orgs.csv"), str(tmp_path / "rel.csv")]) == 1  # problems
    text = capsys.readouterr().out
    assert f"{files / 'orgs.csv'}: 300 rows, 10 columns" in text
    assert "types: sme (244), research institute (16), university (15), large firm (11)" in text
    assert f"{tmp_path / 'rel.csv'}: 5 rows, 4 columns: source, target, layer, weight" in text
    assert "layers in column 'layer': production (3), scientific (2)" in text
    assert "problem: column 'target': 1 empty organisation ids at row 6" in text
    assert "problem: column 'weight': 1 empty weights at row 5" in text
    assert (f"problem: column 'source': id 'ZZZ' at row 5 is not in organisations file "
            f"'{files / 'orgs.csv'}'") in text
    assert "note: 1 self-loops (source = target) at row 2; they will be dropped" in text
    assert ("note: 1 rows repeat an earlier (source, target, layer) at row 4; their weights "
            "will be summed") in text


def test_info_missing_file_exits_2(tmp_path, capsys):
    assert main(["info", str(tmp_path / "missing.csv")]) == 2
    assert capsys.readouterr().err == (
        f"linkages: error: input file '{tmp_path / 'missing.csv'}' does not exist.\n")


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"linkages {lk.__version__}"


def test_large_networks_skip_the_workbook_and_gexf_and_say_so(tmp_path, monkeypatch, capsys):
    # the limits lowered to the example's size stand for a national network
    import linkages.cli.job as cli
    net = lk.load_example()
    monkeypatch.setattr(cli, "WORKBOOK_MAX_ROWS", net.n_relations - 1)
    monkeypatch.setattr(cli, "GEXF_MAX_RELATIONS", net.n_relations - 1)
    job = cli.run_job(net, tmp_path, seed=1, progress=cli.Progress(quiet=False))
    written = sorted(p.name for p in tmp_path.iterdir())
    assert "network.xlsx" not in written and "network.gexf" not in written
    assert {"relations.csv", "organisations.csv", "map.html", "report.html"} <= set(written)
    assert len(pd.read_csv(tmp_path / "relations.csv")) == net.n_relations   # nothing lost
    err = capsys.readouterr().err
    assert (f"skipped network.xlsx: {net.n_relations:,} relations; past "
            f"{net.n_relations - 1:,} rows a workbook takes minutes to write and open (the CSV "
            "files have everything)") in err
    assert f"skipped network.gexf: {net.n_relations:,} relations; past" in err
    assert len(job.skipped) == 2
    assert "Skipped:\n  network.xlsx: " in cli.summary_table(job)


def test_write_tables_refuses_excel_past_its_rows_before_writing(tmp_path, monkeypatch):
    import linkages.formats.tables as formats
    monkeypatch.setattr(formats, "EXCEL_MAX_ROWS", 100)
    with pytest.raises(lk.InputError, match=r"The 'excel' argument of write_tables must be "
                       r"False for a network this large: an Excel sheet holds 100 rows; got "
                       r"300 organisations, 1,634 relations\."):
        lk.write_tables(lk.load_example(), tmp_path, excel=True)
    assert list(tmp_path.iterdir()) == []


def test_engine_option_reaches_find_clusters(files, tmp_path):
    pytest.importorskip("networkit")
    out = tmp_path / "out"
    assert main(["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
                 str(files / "other.csv"), "--out", str(out), "--quiet",
                 "--engine", "networkit"]) == 0
    assert pd.read_csv(out / "organisations.csv")["cluster"].nunique() > 1


def test_relation_notes_are_the_same_with_and_without_known_ids():
    # known ids take the integer fast path; without them the text is compared
    from linkages.cli.inputs import relation_problems
    rows = pd.DataFrame({"s": ["A", "B", "A", "A", "C", "A", "B"],
                         "t": ["B", "B", "B", "B", "A", "B", "C"],
                         "kind": ["x", "x", "x", "y", "x", None, "x"],
                         "w": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    fast = relation_problems(rows, source="s", target="t", weight="w", layer="kind",
                             known=pd.Index(["A", "B", "C"]))
    slow = relation_problems(rows, source="s", target="t", weight="w", layer="kind")
    assert [p.text for p in fast] == [p.text for p in slow] == [
        "1 self-loops (source = target) at row 3; they will be dropped",
        "1 rows repeat an earlier (s, t, kind) at row 4; their weights will be summed"]
