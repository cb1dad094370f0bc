"""Identifiers are text: read byte for byte, matched as written, written back as read."""

from re import escape

import openpyxl
import pandas as pd
import pytest

import linkages as lk
from linkages.cli.inputs import read_input

ORGS = "id,name,size\n007,Zero Zero Seven,12\n7,Seven,250\nX1,Ex One,40\nNA,Namibia Ltd,3\n"
RELS = ("source,target,layer,weight\n007,X1,production,2.5\n7,X1,production,1\n"
        "X1,007,scientific,1\nNA,7,commercial,4\n")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "orgs.csv").write_text(ORGS)
    (tmp_path / "rels.csv").write_text(RELS)
    return tmp_path / "orgs.csv", tmp_path / "rels.csv"


def ties(net):
    return sorted(map(tuple, net.relations[["source", "target", "layer", "weight"]]
                      .astype({"layer": str}).values.tolist()))


EXPECTED = [("007", "X1", "production", 2.5), ("007", "X1", "scientific", 1.0),
            ("7", "X1", "production", 1.0), ("NA", "7", "commercial", 4.0)]


def test_csv_ids_survive_byte_for_byte(files):
    net = lk.from_tables(*files)
    assert net.organisations.index.tolist() == ["007", "7", "X1", "NA"]
    assert net.organisations.loc["007", "name"] == "Zero Zero Seven"
    assert net.organisations.loc["7", "size"] == 250            # other columns stay numbers
    assert ties(net) == EXPECTED


def test_read_table_text_columns(files):
    frame = lk.read_table(files[0], text_columns=["id"])
    assert frame["id"].tolist() == ["007", "7", "X1", "NA"]
    assert frame["size"].tolist() == [12, 250, 40, 3]
    plain = lk.read_table(files[0])                  # without: pandas' reading, for contrast
    assert plain["id"].isna().sum() == 1             # 'NA' is missing when not an id column


def test_only_digit_ids_stay_text(tmp_path):
    (tmp_path / "o.csv").write_text("org\n007\n7\n0042\n")
    (tmp_path / "r.csv").write_text("from,to\n007,7\n0042,007\n")
    net = lk.from_tables(tmp_path / "o.csv", {"scientific": tmp_path / "r.csv"}, id="org",
                         source="from", target="to")
    assert net.organisations.index.tolist() == ["007", "7", "0042"]
    assert ties(net) == [("007", "0042", "scientific", 1.0), ("007", "7", "scientific", 1.0)]


def test_excel_ids_as_text_and_zero_padded_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "size"])
    sheet.append(["007", 12])           # text cell: as written
    sheet.append([7, 250])              # number cell: the text of the number
    sheet.append([42, 3])
    sheet.cell(row=4, column=1).number_format = "00000"     # shown as 00042 in Excel
    sheet.append(["X1", 40])
    book.save(tmp_path / "orgs.xlsx")
    frame = lk.read_table(tmp_path / "orgs.xlsx", text_columns=["id"])
    assert frame["id"].tolist() == ["007", "7", "00042", "X1"]
    assert frame["size"].tolist() == [12, 250, 3, 40]
    rels = pd.DataFrame({"source": ["007", "7", "00042"], "target": ["X1", "007", "7"],
                         "layer": "scientific"})
    rels.to_excel(tmp_path / "rels.xlsx", index=False)
    net = lk.from_tables(tmp_path / "orgs.xlsx", tmp_path / "rels.xlsx")
    assert ties(net) == [("007", "7", "scientific", 1.0), ("007", "X1", "scientific", 1.0),
                         ("7", "00042", "scientific", 1.0)]


def test_parquet_integer_ids_agree(tmp_path):
    pd.DataFrame({"id": [7, 8, 9]}).to_parquet(tmp_path / "o.parquet")
    pd.DataFrame({"source": [7, 8], "target": [8, 9], "layer": "scientific"}).to_parquet(
        tmp_path / "r.parquet")
    net = lk.from_tables(tmp_path / "o.parquet", tmp_path / "r.parquet")
    assert net.organisations.index.tolist() == [7, 8, 9]
    assert ties(net) == [(7, 8, "scientific", 1.0), (8, 9, "scientific", 1.0)]


def test_numbers_in_one_table_text_in_the_other_is_an_error(tmp_path):
    pd.DataFrame({"id": [7, 8, 9]}).to_parquet(tmp_path / "o.parquet")
    pd.DataFrame({"source": ["7", "8"], "target": ["8", "9"], "layer": "scientific"}
                 ).to_parquet(tmp_path / "r.parquet")
    with pytest.raises(lk.InputError, match=escape(
            f"The ids of the organisations (file '{tmp_path / 'o.parquet'}', column 'id') are "
            "numbers (e.g. 7) while the relations' ids (columns 'source', 'target') are text "
            "(e.g. '7'): they cannot match as written.")):
        lk.from_tables(tmp_path / "o.parquet", tmp_path / "r.parquet")
    # the same with DataFrames: never a silent astype(str)
    with pytest.raises(lk.InputError, match="cannot match as written"):
        lk.from_tables(pd.DataFrame({"id": ["7", "8"]}),
                       pd.DataFrame({"source": [7], "target": [8], "layer": ["x"]}))


def test_mixed_numbers_and_text_in_a_frame_is_an_error():
    orgs = pd.DataFrame({"id": pd.Series(["X1", 7], dtype=object)})
    rels = pd.DataFrame({"source": ["X1"], "target": ["7"], "layer": ["x"]})
    with pytest.raises(lk.InputError, match=escape(
            "Column 'id' of the organisations (organisations) mixes numbers and text as ids "
            "(e.g. 7 and 'X1')")):
        lk.from_tables(orgs, rels)


def test_ids_with_spaces_are_refused_naming_file_row_and_value(tmp_path):
    (tmp_path / "o.csv").write_text("id\nA\nB\n")
    (tmp_path / "r.csv").write_text("source,target,layer\nA,B,x\nB ,A,x\n")
    with pytest.raises(lk.InputError, match=escape(
            "Column 'source' has 1 ids with spaces around them, e.g. 'B ' at row 3 of file "
            f"'{tmp_path / 'r.csv'}' (counted as in a spreadsheet: the header is row 1)")):
        lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv")


def test_strip_ids_strips_and_reports(tmp_path):
    (tmp_path / "o.csv").write_text("id\n A\nB\n")
    (tmp_path / "r.csv").write_text("source,target,layer\nA,B\u00a0,x\nB ,A,y\n")
    with pytest.raises(lk.InputError, match="Column 'source' has 1 ids with spaces around "
                       "them, e.g. 'B ' at row 3 of file"):
        lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv")
    with pytest.raises(lk.InputError, match="Column 'id' has 1 ids with spaces around them, "
                       "e.g. ' A' at row 2 of file"):
        lk.from_tables(tmp_path / "o.csv", {"x": pd.DataFrame({"source": ["A"],
                                                               "target": ["B"]})})
    net = lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv", strip_ids=True)
    assert net.organisations.index.tolist() == ["A", "B"]
    assert ties(net) == [("A", "B", "x", 1.0), ("A", "B", "y", 1.0)]
    assert "3 ids stripped of surrounding spaces (strip_ids=True)" in net.report.notes


def test_unknown_ids_all_counted_over_both_ends(tmp_path):
    (tmp_path / "o.csv").write_text("id\nA\n")
    (tmp_path / "r.csv").write_text("source,target,layer\nA,B,x\nC,A,x\nD,E,x\nA,A,x\n")
    with pytest.raises(lk.InputError, match=escape(
            "references 4 organisations not in the organisations table, in 3 rows: "
            "['B', 'C', 'D', 'E'], at rows 2, 3, 4 of file")):
        lk.from_tables(tmp_path / "o.csv", tmp_path / "r.csv")


def test_write_tables_round_trips_ids(files, tmp_path):
    net = lk.from_tables(*files)
    out = tmp_path / "out"
    out.mkdir()
    lk.write_tables(net, out, excel=True)
    assert (out / "organisations.csv").read_text().splitlines()[1].startswith("007,")
    for source in (out, out / "network.xlsx"):
        back = lk.read_tables(source)
        assert back.organisations.index.tolist() == ["007", "7", "X1", "NA"]
        assert ties(back) == EXPECTED


def test_cli_read_input_keeps_ids(files):
    orgs = read_input(files[0], role="organisations")
    assert orgs["id"].tolist() == ["007", "7", "X1", "NA"]
    rels = read_input(files[1], role="relations", text_columns=["source", "target"])
    assert rels["source"].tolist() == ["007", "7", "X1", "NA"]
    assert rels["weight"].tolist() == [2.5, 1.0, 1.0, 4.0]
