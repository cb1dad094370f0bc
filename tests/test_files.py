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
