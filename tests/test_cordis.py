"""The bundled CORDIS Horizon 2020 extract: files shipped, counts as in SOURCE.txt, ids as
text byte for byte, the loader's rules (types, disagreeing rows, "NA", programme parts)."""

import configparser
import csv
import gzip
from collections import Counter
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import linkages as lk
from linkages.datasets.cordis import most_frequent
from linkages.vocabulary import CORDIS_TYPES

ROOT = Path(__file__).resolve().parents[1]
FOLDER = resources.files("linkages.datasets").joinpath("cordis_h2020")


@pytest.fixture(scope="module")
def cordis():
    return lk.load_cordis()


@pytest.fixture(scope="module")
def raw_rows():
    """The participation file read with the standard library only: every field as text."""
    with resources.as_file(FOLDER.joinpath("h2020.csv.gz")) as path, \
            gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_files_are_in_the_package_with_source_and_licence():
    names = {entry.name for entry in FOLDER.iterdir()}
    assert {"h2020.csv.gz", "programme_parts.csv.gz", "countries.yml", "SOURCE.txt",
            "LICENSE"} <= names
    source = FOLDER.joinpath("SOURCE.txt").read_text(encoding="utf-8")
    assert "144,726 rows; 31,451 projects (rcn); 35,871 organisations (pic)" in source
    assert "MIT License" in FOLDER.joinpath("LICENSE").read_text(encoding="utf-8")
    # pip install . ships them: setup.cfg's package data names the folder
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    patterns = [p.strip() for p in config["options.package_data"]["linkages.datasets"].split(",")]
    assert "cordis_h2020/*" in patterns
    # one copy in the repository: the top-level datasets/ folder points to the package's
    assert not (ROOT / "datasets" / "cordis_h2020" / "h2020.csv.gz").exists()
    assert "linkages/datasets/cordis_h2020/" in (
        ROOT / "datasets" / "cordis_h2020" / "README.md").read_text(encoding="utf-8")


def test_counts_match_source(cordis):
    organisations, participations, projects = cordis
    assert isinstance(cordis, lk.datasets.Cordis)
    assert len(participations) == 144_726
    assert len(projects) == participations["project"].nunique() == 31_451
    assert len(organisations) == participations["organisation"].nunique() == 35_871
    assert organisations.index.is_unique and projects.index.is_unique
    assert int(organisations["participations"].sum()) == 144_726
    assert int(projects["participants"].sum()) == 144_726   # no repeated (pic, rcn) row
    # activity types as SOURCE.txt counts them (participation rows)
    rows = participations["organisation"].map(organisations["cordis_type"]).value_counts()
    assert rows.to_dict() == {"HES": 49_220, "PRC": 48_244, "REC": 29_481, "OTH": 9_840,
                              "PUB": 7_941}


def test_ids_are_the_files_text_byte_for_byte(cordis, raw_rows):
    organisations, participations, projects = cordis
    assert participations["organisation"].tolist() == [row["pic"] for row in raw_rows]
    assert participations["project"].tolist() == [row["rcn"] for row in raw_rows]
    assert set(organisations.index) == {row["pic"] for row in raw_rows}
    assert set(projects.index) == {row["rcn"] for row in raw_rows}
    assert all(isinstance(i, str) for i in organisations.index[:100])
    assert participations["role"].tolist() == [row["role"] for row in raw_rows]


def test_types_regions_and_disagreements(cordis, raw_rows):
    organisations, _, _ = cordis
    # the vocabulary's mapping, raw code kept
    assert (organisations["type"] == organisations["cordis_type"].map(CORDIS_TYPES)).all()
    assert organisations["type"].value_counts().to_dict() == {
        "firm": 23_407, "other": 4_258, "research institute": 3_065, "university": 2_617,
        "public body": 2_524}
    # no organisation's rows disagree in this extract, and the count says so
    assert organisations.attrs["disagreements"] == {"type": 0, "region": 0}
    by_pic = {}
    for row in raw_rows:
        by_pic.setdefault(row["pic"], set()).add((row["type"], row["country"]))
    assert all(len(values) == 1 for values in by_pic.values())
    assert {pic: values.pop() for pic, values in by_pic.items()} == dict(zip(
        organisations.index, zip(organisations["cordis_type"], organisations["region"])))
    # "NA" is kept as text (Namibia's code; R's missing marker): 8 organisations
    assert int((organisations["region"] == "NA").sum()) == 8
    assert organisations["region"].notna().all()
    assert organisations.loc["998802502", ["region", "type"]].tolist() == [
        "EL", "research institute"]


def test_most_frequent_rule_counts_disagreements():
    rows = pd.DataFrame({"pic": ["1", "1", "1", "2", "2", "3"],
                         "type": ["PRC", "OTH", "PRC", "REC", "HES", "PUB"]})
    value, disagreeing = most_frequent(rows, "pic", "type")
    # pic 1: PRC twice; pic 2: a tie, the smallest code; pic 3: one value
    assert value.to_dict() == {"1": "PRC", "2": "HES", "3": "PUB"}
    assert disagreeing == 2


def test_participations_and_projects(cordis, raw_rows):
    _, participations, projects = cordis
    assert participations.columns.tolist() == ["organisation", "project", "role",
                                               "contribution", "start_date", "end_date"]
    missing = sum(row["contribution"] == "NA" for row in raw_rows)
    assert int(participations["contribution"].isna().sum()) == missing == 13_754
    total = sum(float(row["contribution"]) for row in raw_rows if row["contribution"] != "NA")
    assert participations["contribution"].sum() == pytest.approx(total)
    roles = Counter(row["role"] for row in raw_rows)
    assert participations["role"].value_counts().to_dict() == dict(roles)
    # project attributes: one value per project in the file
    first = {}
    for row in raw_rows:
        first.setdefault(row["rcn"], row)
    sample = list(first)[::997]
    for rcn in sample:
        row, project = first[rcn], projects.loc[rcn]
        assert project["start_date"] == pd.Timestamp(row["start_date"])
        assert project["max_contribution"] == float(row["max_contribution"])
        assert project["countries"] == int(row["nunique"])
    assert projects["start_year"].min() >= 2014


def test_programme_parts(cordis):
    _, _, projects = cordis
    with resources.as_file(FOLDER.joinpath("programme_parts.csv.gz")) as path:
        parts = pd.read_csv(path, dtype=str, keep_default_na=False)
    listed = parts.groupby("rcn")["programme_part"].agg(lambda s: ";".join(sorted(s)))
    known = projects["programme_parts"].dropna()
    assert len(known) == 31_347 and int(projects["programme_part"].isna().sum()) == 104
    assert known.to_dict() == listed[listed.index.isin(projects.index)].to_dict()
    # the most specific part: the one with the fewest projects in the extract
    size = parts["programme_part"].value_counts()
    for rcn in ["216611", "203391", "194413"]:
        names = projects.loc[rcn, "programme_parts"].split(";")
        assert projects.loc[rcn, "programme_part"] == min(names, key=lambda p: (size[p], p))
    assert projects.loc["216611", "programme_part"] == "SC4"          # SC4 + LEIT
