"""The ``linkages`` command, through its real entry point (a subprocess) where it matters."""

import html
import json
import shutil
import subprocess
import sys
from pathlib import Path

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
            "figures/leaders.png", "gaps.csv", "priorities.csv", "systemic_risk.csv",
            "suggestions.csv"]


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
    assert report.count("data:image/png;base64,") == 4   # with members by region
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


# -- two-mode input, weighted clusters, types, separators ------------------------------------
@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """The example's organisation x project records, and a CORDIS-like organisations file."""
    folder = tmp_path_factory.mktemp("two_mode")
    rows = pd.read_csv(Path(lk.datasets.__file__).parent / "example_projects.csv")
    rows.rename(columns={"organisation": "pic", "project": "rcn"}).to_csv(
        folder / "rows.csv", index=False, sep=";")
    orgs = lk.load_example().organisations
    codes = {"sme": "PRC", "large firm": "PRC", "university": "HES",
             "research institute": "REC", "public body": "PUB", "intermediary": "Cluster org"}
    orgs.assign(type=orgs["type"].map(codes)).to_csv(folder / "orgs.csv", sep=";")
    return folder


def test_two_mode_records_are_projected_as_the_library_does(projects, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["analyze", "--organisations", str(projects / "orgs.csv"),
                 "--two-mode", str(projects / "rows.csv"), "--organisation-column", "pic",
                 "--group-column", "rcn", "--weighting", "count", "--layer", "scientific",
                 "--sep", "semicolon", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    rows = pd.read_csv(projects / "rows.csv", sep=";", dtype=str)
    expected = lk.project_two_mode(rows, organisation="pic", group="rcn", weighting="count")
    ties = pd.read_csv(out / "relations.csv", dtype={"source": str, "target": str})
    assert len(ties) == len(expected)
    assert ties["weight"].sum() == pytest.approx(expected["weight"].sum())
    singles = expected.attrs["singleton_groups"]
    assert (f"{rows['pic'].nunique()} organisations, {rows['rcn'].nunique()} groups ('rcn'), "
            f"{singles} of them with one participant (no tie)") in err
    assert "count weighting" in err
    report = pd.read_csv(out / "build_report.csv")
    assert report["step"].iloc[0].startswith("two-mode projection (count): 'rows.csv'")
    assert "'PRC' as 'firm'" in err and "'Cluster org' (10)" in err   # types read / unknown


def test_two_mode_in_a_config_file_and_type_map(projects, tmp_path, capsys):
    (tmp_path / "types.csv").write_text("value;type\nCluster org;intermediary\n")  # --sep: all
    config = tmp_path / "job.toml"
    config.write_text(f"""
organisations = "{(projects / 'orgs.csv').as_posix()}"
out = "result"
weighted = true
sep = ";"
type_map = "types.csv"
[[two_mode]]
file = "{(projects / 'rows.csv').as_posix()}"
layer = "scientific"
organisation = "pic"
group = "rcn"
""", encoding="utf-8")
    assert main(["analyze", "--config", str(config), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "weighted: tie weights used" in captured.out
    orgs = pd.read_csv(tmp_path / "result" / "organisations.csv")
    assert "Cluster org" not in set(orgs["type"]) and "intermediary" in set(orgs["type"])


def test_weighted_flag_reaches_find_clusters_and_the_summary(files, tmp_path, capsys):
    args = ["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
            str(files / "other.csv"), "--quiet"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert "unweighted: every tie counts 1" in capsys.readouterr().out
    assert main([*args, "--weighted", "--out", str(tmp_path / "b")]) == 0
    assert "weighted: tie weights used" in capsys.readouterr().out
    net = network_from_files(Options(organisations=files / "orgs.csv",
                                     relations=[RelationsFile(files / "other.csv")]))
    found = lk.find_clusters(net, weighted=True, seed=1)
    clusters = pd.read_csv(tmp_path / "b" / "organisations.csv", index_col="id")["cluster"]
    assert lk.compare_partitions(found, clusters.reindex(net.organisations.index)) == 1.0


def test_info_on_two_mode_records_says_what_they_are(projects, capsys):
    code = main(["info", str(projects / "rows.csv"), "--organisation-column", "pic",
                 "--group-column", "rcn"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "organisation x group records (two-mode; columns 'pic' and 'rcn')" in text
    assert "with one participant" in text and "neither" not in text
    assert "separator semicolon" in text                           # the guess is shown


def test_info_names_unrecognised_types_and_type_map_reads_them(projects, tmp_path, capsys):
    assert main(["info", str(projects / "orgs.csv")]) == 0         # a note, not a problem
    text = capsys.readouterr().out
    assert "1 values are no organisation type linkages knows" in text
    assert "'Cluster org' (10)" in text
    (tmp_path / "types.toml").write_text('[types]\n"Cluster org" = "intermediary"\n')
    assert main(["info", str(projects / "orgs.csv"), "--type-map",
                 str(tmp_path / "types.toml")]) == 0
    text = capsys.readouterr().out
    assert "no organisation type linkages knows" not in text and "intermediary (10)" in text
    (tmp_path / "bad.csv").write_text("value,type\nCluster org,spaceship\n")
    assert main(["info", str(projects / "orgs.csv"), "--type-map",
                 str(tmp_path / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"linkages: error: type map file '{tmp_path / 'bad.csv'}': maps "
                          "'Cluster org' to 'spaceship'") and err.count("\n") == 1


# -- errors: one line, before the work, nothing half-written ---------------------------------
def test_info_on_duplicate_ids_lists_each_id_and_exits_1(tmp_path, capsys):
    (tmp_path / "o.csv").write_text("id,name\nA,x\nB,y\nA,z\nC,w\nB,v\nA,u\n")
    (tmp_path / "r.csv").write_text("source,target\nA,B\nC,A\n")
    assert main(["info", str(tmp_path / "o.csv"), str(tmp_path / "r.csv")]) == 1
    text = capsys.readouterr().out
    assert ("problem: column 'id': 2 ids are repeated (5 rows): 'A' at rows 2, 4, 7; "
            "'B' at rows 3, 6") in text
    assert text.count("no problems found") == 1                    # the relations are fine


@pytest.mark.parametrize("args, expected", [
    (["--directed", "nosuchlayer"],
     "--directed/--undirected name layer 'nosuchlayer', which no input file holds; the layers "
     "are scientific, commercial."),
    (["--directed", "scientific", "--undirected", "scientific"],
     "layer 'scientific' is given both --directed and --undirected; choose one."),
    (["--weighting", "count"], "give --weighting once for all --two-mode files"),
    (["--two-mode"], "argument --two-mode: expected one argument (see 'linkages analyze "
                     "--help')"),
])
def test_layer_and_two_mode_options_are_checked(files, tmp_path, capsys, args, expected):
    if args == ["--weighting", "count"]:
        args = ["--two-mode", str(files / "other.csv"), "--weighting", "count",
                "--weighting", "newman"]
    try:
        code = main(["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
                     str(files / "other.csv"), "--out", str(tmp_path / "out"), "--quiet",
                     *args])
    except SystemExit as stop:                   # argparse: its own one line
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"linkages: error: {expected}"), err
    assert not (tmp_path / "out").exists()


def test_out_is_checked_before_the_work(files, tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    args = ["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
            str(files / "other.csv")]
    assert main([*args, "--out", str(tmp_path / "afile")]) == 2
    err = capsys.readouterr().err
    assert err == (f"linkages: error: output folder '{tmp_path / 'afile'}' is a file, not a "
                   "folder; choose another --out.\n")               # no progress line before
    assert main([*args, "--out", "/proc/linkages-out"]) == 2     # not writable, even as root
    assert capsys.readouterr().err.startswith(
        "linkages: error: output folder '/proc/linkages-out' cannot be written")


def test_a_failure_during_the_job_writes_nothing(files, tmp_path, capsys, monkeypatch):
    from linkages.cli import job as job_module

    def broken(*args, **kwargs):
        raise ValueError("Out of range float values are not JSON compliant")

    monkeypatch.setattr(job_module, "write_report", broken)
    out = tmp_path / "out"
    assert main(["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
                 str(files / "other.csv"), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("linkages: error: unexpected ValueError: Out of range float")
    assert err.count("\n") == 1 and "LINKAGES_DEBUG=1" in err
    assert not out.exists() and list(tmp_path.iterdir()) == []  # no staging folder left


def test_out_with_earlier_files_keeps_the_users_and_removes_only_stale_ones(files, tmp_path,
                                                                          capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    args = ["analyze", "--organisations", str(files / "orgs.csv"), "--relations",
            str(files / "other.csv"), "--out", str(out), "--quiet"]
    assert main(args) == 0
    manifest = json.loads((out / "linkages-manifest.json").read_text())
    assert "figures/cluster_composition.png" in manifest["files"]
    assert "notes.txt" not in manifest["files"]
    capsys.readouterr()
    # a second run without types cannot draw the composition figure: the old one goes
    orgs = pd.read_csv(files / "orgs.csv").drop(columns="type")
    orgs.to_csv(tmp_path / "untyped.csv", index=False)
    assert main([*args[:2], str(tmp_path / "untyped.csv"), *args[3:]]) == 0
    summary = capsys.readouterr().out
    assert "Removed (written by an earlier run, not by this one):\n  " \
           "figures/cluster_composition.png" in summary
    assert not (out / "figures" / "cluster_composition.png").exists()
    assert (out / "notes.txt").read_text() == "mine"
    # a file of the user's under one of the job's names stops the run before any work
    (out / "linkages-manifest.json").unlink()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "holds 'organisations.csv', which no earlier run listed in linkages-manifest.json" \
        in err and err.count("\n") == 1


def test_argparse_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["analyze", "--no-such-flag"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("linkages: error: unrecognized arguments")


# -- the summary on big inputs ---------------------------------------------------------------
def test_summary_shows_the_clusters_that_matter_and_ids_as_written(tmp_path):
    from linkages.cli.job import SUMMARY_TOP, JobResult, summary_table
    ids = [str(999792484 + i) for i in range(100)] + ["007"]
    orgs = pd.DataFrame({"id": ids, "type": "large firm"})
    # 30 triangles, then 11 isolated organisations ('007' among them)
    src = [ids[3 * k + i] for k in range(30) for i in (0, 1, 2)]
    tgt = [ids[3 * k + (i + 1) % 3] for k in range(30) for i in (0, 1, 2)]
    net = lk.from_tables(orgs, {"scientific": pd.DataFrame({"source": src, "target": tgt})})
    clusters = lk.find_clusters(net, seed=1)
    leaders = lk.leading_firms(net, clusters, top=1)
    text = summary_table(JobResult(net, clusters=clusters, leaders=leaders))
    assert len(text.splitlines()) < SUMMARY_TOP + 10
    assert ".0" not in text
    shown = leaders[leaders["rank"] == 1].index[0]
    assert f"  {shown}  " in text or f" {shown}" in text
    assert (f"... and {clusters.n_clusters - SUMMARY_TOP} more clusters of "
            f"{101 - 3 * SUMMARY_TOP} organisations") in text
    assert "11 single organisations, 11 of the network's organisations have no tie" in text


# -- priorities and systemic risk ------------------------------------------------------------
def test_example_writes_gaps_priorities_and_systemic_risk(example_run):
    result, out = example_run
    assert result.returncode == 0, result.stderr
    gaps = pd.read_csv(out / "gaps.csv")
    priorities = pd.read_csv(out / "priorities.csv")
    systemic = pd.read_csv(out / "systemic_risk.csv", index_col="id")
    assert len(gaps) == len(priorities) > 0
    assert priorities["priority"].tolist() == list(range(1, len(gaps) + 1))
    assert priorities["score"].is_monotonic_decreasing
    assert set(priorities["kind"]) <= set(lk.analysis.gaps.GAP_KINDS)
    # the 100 firms of largest strength of the production layer's 255, ranked by ESRI
    net = lk.load_example()
    expected = lk.systemic_risk(net, candidates=100)
    assert systemic.index.tolist() == expected.index.tolist()
    assert systemic["esri"].to_numpy() == pytest.approx(expected["esri"].to_numpy())
    assert systemic["rank"].tolist() == list(range(1, 101))
    assert systemic["esri"].is_monotonic_decreasing
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Priorities</h2>" in text and "Systemically important firms" in text
    assert "<h2>Timeline</h2>" not in text and not (out / "periods").exists()
    assert "ESRI computed for the 100 firms of largest strength of 255" in result.stderr
    assert "ESRI computed for the 100 firms of largest strength of 255" in text


def test_esri_is_bounded_on_large_production_layers(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("linkages.cli.job.ESRI_ALL_MAX", 300)     # every firm: 255
    code = main(["analyze", "--organisations", str(files / "orgs.csv"),
                 "--relations", str(files / "supply.csv"), "--layer", "production",
                 "--source", "supplier", "--target", "customer", "--weight", "value",
                 "--out", str(tmp_path / "all")])
    assert code == 0 and len(pd.read_csv(tmp_path / "all" / "systemic_risk.csv")) == 255
    assert "ESRI, every firm of the production layer (255)" in capsys.readouterr().err
    monkeypatch.setattr("linkages.cli.job.ESRI_ALL_MAX", 50)
    monkeypatch.setattr("linkages.cli.job.ESRI_TOP", 7)
    code = main(["analyze", "--organisations", str(files / "orgs.csv"),
                 "--relations", str(files / "supply.csv"), "--layer", "production",
                 "--source", "supplier", "--target", "customer", "--weight", "value",
                 "--out", str(tmp_path / "out")])
    assert code == 0
    systemic = pd.read_csv(tmp_path / "out" / "systemic_risk.csv")
    assert len(systemic) == 7
    err = capsys.readouterr().err
    assert "ESRI computed for the 7 firms of largest strength of 255" in err
    text = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "ESRI computed for the 7 firms of largest strength" in text


def test_example_suggests_partners_for_everyone_and_reports_the_leaders(example_run):
    result, out = example_run
    suggestions = pd.read_csv(out / "suggestions.csv", dtype={"organisation": str,
                                                             "partner": str})
    net = lk.load_example()
    clusters = pd.read_csv(out / "organisations.csv", index_col="id")["cluster"]
    expected = lk.suggest_partners(net, clusters=clusters, top=3, theme="sector")
    assert suggestions[["organisation", "layer", "rank", "partner"]].equals(
        expected[["organisation", "layer", "rank", "partner"]])
    assert suggestions["reason"].tolist() == expected["reason"].tolist()
    assert set(suggestions["organisation"]) == set(net.organisations.index)
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "<h3>Partners to suggest</h3>" in text
    assert "The best new partner of the leading firms in each layer" in text


def test_suggestions_are_bounded_on_large_networks(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("linkages.cli.job.SUGGEST_ALL_MAX", 100)     # the example: 300
    code = main(["analyze", "--organisations", str(files / "orgs.csv"),
                 "--relations", str(files / "other.csv"), "--out", str(tmp_path / "out")])
    assert code == 0
    leaders = pd.read_csv(tmp_path / "out" / "leaders.csv", dtype={"id": str})
    suggestions = pd.read_csv(tmp_path / "out" / "suggestions.csv",
                              dtype={"organisation": str})
    assert set(suggestions["organisation"]) == set(leaders["id"])
    err = capsys.readouterr().err
    message = "past 100 organisations the job suggests partners for the leading firms only"
    assert message in err
    assert message in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


# -- clusters over time ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """Planted evolving clusters (births, deaths, merges, splits) as dated records."""
    folder = tmp_path_factory.mktemp("dated")
    planted = lk.make_evolving_clusters(seed=1)
    planted.organisations.to_csv(folder / "orgs.csv")
    records = planted.records.copy()
    records["date"] = records["date"].dt.strftime("%Y-%m-%d")
    records.to_csv(folder / "records.csv", index=False)
    return folder, planted


def test_dated_run_tracks_clusters_and_writes_the_timeline(dated, tmp_path, capsys):
    folder, planted = dated
    out = tmp_path / "out"
    code = main(["analyze", "--organisations", str(folder / "orgs.csv"),
                 "--relations", str(folder / "records.csv"), "--layer", "scientific",
                 "--date", "date", "--period", "year", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    for name in ("periods/windows.csv", "periods/events.csv", "periods/membership.csv",
                 "periods/cluster_stats.csv", "periods/moves.csv", "periods/tie_changes.csv",
                 "figures/alluvial.png", "gaps.csv", "priorities.csv"):
        assert (out / name).is_file(), name
        assert name in captured.out
    # no production layer: no systemic risk, and the summary says why
    assert not (out / "systemic_risk.csv").exists()
    assert "systemic_risk.csv: no directed 'production' layer" in captured.out
    # the same events and membership as the library on the same periods and seed
    periods = lk.periods_from_records(planted.records, planted.organisations, date="date",
                                      value=None, directed=False, layer_name="scientific")
    expected = lk.track_clusters(periods, n_shuffles=200, seed=1)
    events = pd.read_csv(out / "periods" / "events.csv", dtype={"period": str})
    assert events[["period", "event"]].values.tolist() == \
        expected.events[["period", "event"]].values.tolist()
    assert {"birth", "death", "merge", "split"} <= set(events["event"])
    membership = pd.read_csv(out / "periods" / "membership.csv", index_col="id")
    assert list(membership.columns) == list(periods)
    assert membership.fillna(-1).astype(int).values.tolist() == \
        expected.membership.fillna(-1).astype(int).values.tolist()
    windows = pd.read_csv(out / "periods" / "windows.csv", index_col="period")
    assert windows["ties"].tolist() == periods.windows["ties"].tolist()
    stats = pd.read_csv(out / "periods" / "cluster_stats.csv")
    assert stats["size"].sum() == expected.cluster_stats()["size"].sum()
    text = (out / "report.html").read_text(encoding="utf-8")
    timeline = text[text.index("<h2>Timeline</h2>"):]
    assert "<svg" in timeline and "<script" not in text
    assert "tracking clusters over 6 periods" in captured.err


def test_durations_from_a_config_file_with_two_mode_records(tmp_path, capsys):
    rows = pd.DataFrame({"org": ["A", "B", "B", "C", "A", "C"],
                         "project": ["p1", "p1", "p2", "p2", "p3", "p3"],
                         "begin": [2014, 2014, 2015, 2015, 2016, 2016],
                         "finish": [2016, 2016, 2015, 2015, 2017, 2017]})
    rows.to_csv(tmp_path / "projects.csv", index=False)
    (tmp_path / "run.toml").write_text(
        'out = "out"\n[[two_mode]]\nfile = "projects.csv"\norganisation = "org"\n'
        'layer = "scientific"\nweighting = "count"\n'
        '[periods]\nstart = "begin"\nend = "finish"\nperiod = "year"\n')
    assert main(["analyze", "--config", str(tmp_path / "run.toml"), "--quiet"]) == 0
    windows = pd.read_csv(tmp_path / "out" / "periods" / "windows.csv", dtype={"period": str})
    # a project's ties exist in every year it runs
    assert windows[["period", "ties"]].values.tolist() == [["2014", 1], ["2015", 2],
                                                          ["2016", 2], ["2017", 1]]
    changes = pd.read_csv(tmp_path / "out" / "periods" / "tie_changes.csv",
                          dtype={"period": str})
    assert changes[["period", "formed", "dissolved"]].values.tolist() == [
        ["2015", 1, 0], ["2016", 1, 1], ["2017", 0, 1]]


@pytest.mark.parametrize("args, expected", [
    (["--date", "when"], "no input file has the date column 'when'"),
    (["--date", "date", "--start", "date"], "give --date COL (a record's date) or --start"),
    (["--end", "date"], "--end COL goes with --start COL"),
])
def test_period_options_are_checked(dated, tmp_path, capsys, args, expected):
    folder, _ = dated
    code = main(["analyze", "--organisations", str(folder / "orgs.csv"),
                 "--relations", str(folder / "records.csv"), *args,
                 "--out", str(tmp_path / "out")])
    assert code == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_undated_records_stop_the_run_or_are_dropped_and_counted(dated, tmp_path, capsys):
    folder, _ = dated
    records = pd.read_csv(folder / "records.csv")
    records.loc[[2, 9], "date"] = None
    records.to_csv(tmp_path / "records.csv", index=False)
    args = ["analyze", "--organisations", str(folder / "orgs.csv"),
            "--relations", str(tmp_path / "records.csv"), "--date", "date", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "stop")]) == 2
    assert "column 'date': 2 empty dates at rows 4, 11 (--undated drop" in \
        capsys.readouterr().err
    assert main([*args, "--undated", "drop", "--out", str(tmp_path / "drop")]) == 0
    windows = pd.read_csv(tmp_path / "drop" / "periods" / "windows.csv")
    assert windows["records"].sum() == len(records) - 2


def test_a_bad_date_names_file_column_and_row(dated, tmp_path, capsys):
    folder, _ = dated
    records = pd.read_csv(folder / "records.csv")
    records.loc[3, "date"] = "soon"
    records.to_csv(tmp_path / "records.csv", index=False)
    code = main(["analyze", "--organisations", str(folder / "orgs.csv"),
                 "--relations", str(tmp_path / "records.csv"), "--date", "date",
                 "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert f"relations file '{tmp_path / 'records.csv'}': column 'date': 'soon' at row 5 " \
           "is not a date" in err
