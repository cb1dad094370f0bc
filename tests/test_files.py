"""Reading tables: read_table (CSV, TSV, Excel, Parquet) and as_table (DataFrame or path)."""

import pandas as pd
import pytest

import linkages as lk
from linkages.build.files import as_table


# -- read_table -----------------------------------------------------------------------------
@pytest.mark.parametrize("name, save", [
    ("t.csv", lambda f, p: f.to_csv(p, index=False)),
    ("t.csv.gz", lambda f, p: f.to_csv(p, index=False)),
    ("t.tsv", lambda f, p: f.to_csv(p, index=False, sep="\t")),
    ("t.xlsx", lambda f, p: f.to_excel(p, index=False)),
    ("t.parquet", lambda f, p: f.to_parquet(p, index=False)),
    ("t.pq", lambda f, p: f.set_index("id").to_parquet(p)),      # id kept as the index
    ("u.parquet", lambda f, p: f.to_parquet(p)),                 # default index: not a column
])
def test_read_table_formats(tmp_path, name, save):
    frame = pd.DataFrame({"id": ["A", "B"], "size": [10, 250]})
    save(frame, tmp_path / name)
    pd.testing.assert_frame_equal(lk.read_table(tmp_path / name), frame)


def test_read_table_errors(tmp_path):
    with pytest.raises(lk.InputError, match=r"The 'path' argument of read_table must end in "
                       r"one of \['.csv', "):
        lk.read_table(tmp_path / "orgs.dbf")
    with pytest.raises(lk.InputError, match="names a file that does not exist: .*nothere.csv"):
        lk.read_table(tmp_path / "nothere.csv")


def test_as_table_takes_a_frame_or_a_path(tmp_path):
    frame = pd.DataFrame({"id": ["A", "B"]})
    assert as_table(frame, argument="orgs", caller="f") is frame
    frame.to_csv(tmp_path / "orgs.csv", index=False)
    pd.testing.assert_frame_equal(as_table(tmp_path / "orgs.csv", argument="orgs",
                                           caller="f"), frame)
    with pytest.raises(TypeError, match=r"The 'orgs' argument of f must be a pandas DataFrame "
                       r"or path to a CSV, Excel or Parquet file. Got int instead."):
        as_table(3, argument="orgs", caller="f")


# -- separators and encodings ---------------------------------------------------------------
def test_semicolon_latin1_is_guessed_and_reported(tmp_path):
    text = "id;name;size;share\n007;Société Générale;12;0,5\nX1;Müller GmbH;250;1,25\n"
    (tmp_path / "orgs.csv").write_bytes(text.encode("latin-1"))
    frame = lk.read_table(tmp_path / "orgs.csv", text_columns=["id"])
    assert frame["id"].tolist() == ["007", "X1"]
    assert frame["name"].tolist() == ["Société Générale", "Müller GmbH"]
    assert frame["size"].tolist() == [12, 250]
    assert frame["share"].tolist() == [0.5, 1.25]            # decimal commas
    read = frame.attrs["read"]
    assert (read["sep"], read["encoding"], read["guessed"]) == (";", "cp1252",
                                                                ["encoding", "sep"])
    assert read["decimal_comma"] == ["share"]


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"),
    ("utf-16", "utf-16")])
def test_separators_and_encodings_guessed(tmp_path, sep, encoding, expected):
    rows = [["id", "name", "w"], ["007", "Åbo Œuvre €", "1"], ["B", "plain, with comma", "2"]]
    text = "\n".join(sep.join(f'"{v}"' if sep in v or "," in v else v for v in row)
                     for row in rows) + "\n"
    (tmp_path / "t.csv").write_bytes(text.encode(encoding))
    frame = lk.read_table(tmp_path / "t.csv", text_columns=["id"])
    assert frame.columns.tolist() == ["id", "name", "w"]
    assert frame["name"].tolist() == ["Åbo Œuvre €", "plain, with comma"]
    assert frame["id"].tolist() == ["007", "B"]
    assert (frame.attrs["read"]["sep"], frame.attrs["read"]["encoding"]) == (sep, expected)


def test_latin1_bytes_cp1252_cannot_decode(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"id,name\nA,caf\xe9 \x81\n")      # 0x81: not cp1252
    frame = lk.read_table(tmp_path / "t.csv")
    assert frame.attrs["read"]["encoding"] == "latin-1"
    assert frame["name"].tolist() == ["café \x81"]


def test_sep_and_encoding_given(tmp_path):
    (tmp_path / "t.txt").write_bytes("a|b\né|1\n".encode("cp1252"))
    frame = lk.read_table(tmp_path / "t.txt", sep="|", encoding="cp1252")
    assert frame["a"].tolist() == ["é"] and frame.attrs["read"]["guessed"] == []
    with pytest.raises(lk.InputError, match=r"File '.*t.txt' is not text in the encoding "
                       r"'utf-8': byte b'\\xe9' on line 2 \(the header is line 1\) cannot "
                       r"be decoded. Pass encoding="):
        lk.read_table(tmp_path / "t.txt", sep="|", encoding="utf-8")
    with pytest.raises(lk.InputError, match="The 'encoding' argument of read_table must name "
                       "a text encoding, such as 'utf-8' or 'cp1252'. Got 'klingon' instead."):
        lk.read_table(tmp_path / "t.txt", encoding="klingon")
    with pytest.raises(lk.InputError, match="The 'sep' argument of read_table must be one "
                       "character"):
        lk.read_table(tmp_path / "t.txt", sep="||")


def test_from_tables_notes_the_guess(tmp_path):
    (tmp_path / "o.csv").write_bytes("id;name\n007;Séville\n7;B\n".encode("cp1252"))
    (tmp_path / "r.tsv").write_text("source\ttarget\tweight\n007\t7\t2\n")
    net = lk.from_tables(tmp_path / "o.csv", {"scientific": tmp_path / "r.tsv"})
    assert (f"file '{tmp_path / 'o.csv'}' read with separator semicolon and encoding cp1252 "
            "(guessed)") in net.report.notes
    assert (f"file '{tmp_path / 'r.tsv'}' read with separator tab and encoding utf-8 "
            "(guessed)") in net.report.notes
    assert net.relations[["source", "target", "weight"]].values.tolist() == [["007", "7", 2.0]]


# -- bad files: one InputError naming the file ----------------------------------------------
def _workbook_bytes():
    import io
    buffer = io.BytesIO()
    pd.DataFrame({"id": ["A"]}).to_excel(buffer, index=False)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, message", [
    ("e.csv", b"", r"File '.*e.csv' is empty \(0 bytes\): it has no header and no rows."),
    ("h.csv", b"id,name\n", r"File '.*h.csv' has a header row \(columns \['id', 'name'\]\) "
     r"but no records."),
    ("blank.csv", b"\n\n\n", r"File '.*blank.csv' has no header row: it holds only blank "
     r"lines."),
    ("bin.csv", bytes(range(256)) * 4, r"File '.*bin.csv' is not a text table: it holds "
     r"binary data \(NUL bytes\)."),
    ("book.csv", _workbook_bytes(), r"File '.*book.csv' is a zip archive or an Excel workbook, "
     r"not text: name it .xlsx if it is a workbook."),
    ("r.csv", b"id,name\nA,x\nB,y,extra\nC,z\nD,w,1,2\n",
     r"File '.*r.csv' has 2 rows with more fields than its header \(2 columns, separator "
     r"','\): rows 3, 5 \(row 3 has 3 fields\); rows are counted as in a spreadsheet: the "
     r"header is row 1, the first record row 2."),
    ("first.csv", b"id,name\nA,x,extra\nB,y\n",
     r"File '.*first.csv' has 1 row with more fields than its header \(2 columns, separator "
     r"','\): row 2 \(row 2 has 3 fields\)"),
    ("q.csv", b'id,name\nA,"open\nB,y\n', r"File '.*q.csv' has a quote \(\"\) that is never "
     r"closed"),
    ("e.xlsx", b"", r"File '.*e.xlsx' is empty \(0 bytes\)"),
    ("c.xlsx", b"PK\x03\x04 not really a workbook", r"File '.*c.xlsx' cannot be read as an "
     r"Excel workbook: "),
    ("g.xlsx", b"garbage bytes", r"File '.*g.xlsx' cannot be read as an Excel workbook: "),
    ("c.parquet", b"PAR1 broken", r"File '.*c.parquet' cannot be read as a Parquet file: "),
    ("c.csv.gz", b"not gzip at all", r"File '.*c.csv.gz' cannot be decompressed: "),
])
def test_bad_files_give_one_input_error(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(lk.InputError, match=message):
        lk.read_table(tmp_path / name)


def test_header_only_excel_and_parquet(tmp_path):
    pd.DataFrame({"id": []}).to_excel(tmp_path / "h.xlsx", index=False)
    pd.DataFrame({"id": pd.Series([], dtype=str)}).to_parquet(tmp_path / "h.parquet")
    for name in ("h.xlsx", "h.parquet"):
        with pytest.raises(lk.InputError, match=rf"File '.*{name}' has a header row \(columns "
                           r"\['id'\]\) but no records."):
            lk.read_table(tmp_path / name)


def test_folder_is_refused(tmp_path):
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(lk.InputError, match="names a folder, not a table file"):
        lk.read_table(tmp_path / "d.csv")
