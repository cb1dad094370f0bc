"""Reading tables: CSV, TSV, Excel and Parquet files, or a DataFrame as given.

``read_table`` reads one file; ``as_table`` is what every builder calls on an argument that
may be a DataFrame or a path. Graph file formats (Pajek, GEXF, GraphML, JSON) are in
:mod:`linkages.formats`.

What a file holds is kept as written: columns named in ``text_columns`` (the ids) are read as
text, byte for byte (``007`` stays ``007``, ``NA`` stays ``NA``); the separator and encoding of
a text file are guessed when not given, and the guess is reported in ``frame.attrs['read']``;
every file that cannot be read gives one :class:`InputError` naming it.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
import re
import zipfile
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias, cast

import pandas as pd

from linkages._validation import InputError, check_type

__all__ = ["NA_MARKERS", "SEPARATORS", "Table", "as_table", "read_note", "read_table"]

#: A table argument: a DataFrame, or the path of a file :func:`read_table` reads.
Table: TypeAlias = "pd.DataFrame | str | PathLike[str]"

#: The separators ``read_table(sep=None)`` chooses among, in order of preference on a tie.
SEPARATORS = (",", ";", "\t", "|")

_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_EXCEL_SUFFIXES = (".xlsx", ".xls")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_SUFFIXES = _TEXT_SUFFIXES + _EXCEL_SUFFIXES + _PARQUET_SUFFIXES
_COMPRESSIONS = (".gz", ".bz2", ".zip", ".xz")

# pandas' default missing-value markers, kept for the columns that are not text: a text
# (id) column treats only an empty cell as missing, so an id 'NA' or 'null' survives.
NA_MARKERS = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
               "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"]
_SNIFF_BYTES = 64 * 1024
_SNIFF_LINES = 50


def read_table(path: str | PathLike[str], *, text_columns: Iterable[str] = (),
               sep: str | None = None, encoding: str | None = None) -> pd.DataFrame:
    """Read a CSV (also ``.csv.gz``), TSV, Excel or Parquet file into a DataFrame.

    Parameters
    ----------
    path : str or path
        The file; its suffix chooses the reader: ``.csv``/``.txt``, ``.tsv``,
        ``.xlsx``/``.xls``, ``.parquet``/``.pq``, optionally followed by ``.gz``, ``.bz2``,
        ``.zip`` or ``.xz``. A Parquet file written from a DataFrame with a named index
        (``orgs.to_parquet(path)`` of a table indexed by ``id``) gives the index back as
        a column.
    text_columns : iterable of str
        Columns read as text, exactly as written: identifiers (``007`` stays ``007`` and
        differs from ``7``; only an empty cell is missing, so ``NA`` is an id). Names the
        file lacks are ignored. Other columns are parsed as usual (numbers stay numbers).
        In an Excel file a number cell gives the text of the number (``7``), zero-padded when
        the cell's number format is one (``000`` shows 7 as ``007``); Parquet keeps its types.
    sep : str, optional
        Separator of a CSV/TSV file. ``None`` guesses it among ``,`` ``;`` tab ``|`` from
        the first lines (``.tsv`` prefers tab on a tie).
    encoding : str, optional
        Encoding of a CSV/TSV file. ``None`` guesses: UTF-8 (with or without a byte-order
        mark), UTF-16 with a byte-order mark, else cp1252 (Windows Western European), else
        latin-1.

    Returns
    -------
    DataFrame
        With ``attrs['read']``: the file, its format and, for text files, the ``sep`` and
        ``encoding`` used and which of them were ``guessed``.

    Raises
    ------
    InputError
        Naming the file, for an unknown suffix, a missing, empty (0 bytes), binary or corrupt
        file, a header without records, a row with more fields than the header (its row
        number counted as in a spreadsheet: the header is row 1, the first record row 2),
        or text that is not in the encoding given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import linkages as lk
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "orgs.csv"
    >>> _ = path.write_bytes("id;name;size\\n007;Société;12\\n7;Acme;250\\n".encode("cp1252"))
    >>> frame = lk.read_table(path, text_columns=["id"])
    >>> frame["id"].tolist(), frame["name"].tolist(), frame["size"].tolist()
    (['007', '7'], ['Société', 'Acme'], [12, 250])
    >>> frame.attrs["read"]["sep"], frame.attrs["read"]["encoding"]
    (';', 'cp1252')
    """
    path = Path(path)
    suffixes = [s.lower() for s in path.suffixes]
    compression = suffixes[-1] if len(suffixes) > 1 and suffixes[-1] in _COMPRESSIONS else None
    suffix = suffixes[-2] if compression else path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(f"The 'path' argument of read_table must end in one of "
                         f"{sorted(_SUFFIXES)!r} (optionally compressed). Got {str(path)!r} "
                         "instead.")
    if not path.exists():
        raise InputError(f"The 'path' argument of read_table names a file that does not "
                         f"exist: {str(path)!r}.")
    if path.is_dir():
        raise InputError(f"The 'path' argument of read_table names a folder, not a table "
                         f"file: {str(path)!r}.")
    if path.stat().st_size == 0:
        raise InputError(f"File {str(path)!r} is empty (0 bytes): it has no header and no rows.")
    text_columns = [str(c) for c in ([text_columns] if isinstance(text_columns, str)
                                     else text_columns)]
    if suffix in _TEXT_SUFFIXES:
        frame = _read_text(path, compression, text_columns, sep=sep, encoding=encoding,
                           tab=suffix == ".tsv")
    elif suffix in _EXCEL_SUFFIXES:
        frame = _read_excel(path, text_columns)
    else:
        frame = _read_parquet(path)
    if len(frame) == 0:
        raise InputError(f"File {str(path)!r} has a header row (columns "
                         f"{[str(c) for c in frame.columns]!r}) but no records.")
    return frame


def as_table(table: Table, *, argument: str, caller: str,
             text_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A DataFrame as given, or read from a CSV, Excel or Parquet path by its suffix.

    ``text_columns`` are read as text (see :func:`read_table`). Raises TypeError (naming
    ``argument`` of ``caller``) for anything else.
    """
    if isinstance(table, pd.DataFrame):
        return table
    check_type(table, (str, PathLike), argument=argument, caller=caller,
               expected="pandas DataFrame or path to a CSV, Excel or Parquet file")
    return read_table(table, text_columns=text_columns)


# -- text files ------------------------------------------------------------------------------
def _open_raw(path: Path, compression: str | None) -> BinaryIO:
    """The file's bytes, decompressed (the first member of a zip archive)."""
    if compression == ".gz":
        return cast(BinaryIO, gzip.open(path, "rb"))
    if compression == ".bz2":
        return cast(BinaryIO, bz2.open(path, "rb"))
    if compression == ".xz":
        return cast(BinaryIO, lzma.open(path, "rb"))
    if compression == ".zip":
        archive = zipfile.ZipFile(path)
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if not names:
            raise InputError(f"File {str(path)!r} is a zip archive with no file in it.")
        return cast(BinaryIO, archive.open(names[0]))
    return open(path, "rb")


def _chunks(path: Path, compression: str | None, size: int = 1 << 20) -> Iterator[bytes]:
    with _open_raw(path, compression) as raw:
        while chunk := raw.read(size):
            yield chunk


def _guess_encoding(path: Path, compression: str | None, head: bytes) -> str:
    """UTF-8 (with BOM), UTF-16 (with BOM), else cp1252, else latin-1; binary refused."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in _chunks(path, compression):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _sniff_sep(lines: list[str], *, tab: bool) -> str:
    """The separator that splits the lines into the most consistent number of fields.

    A candidate must split the header into at least two fields; the one under which most
    sampled lines have the header's number of fields wins; ties go to the order of
    :data:`SEPARATORS` (tab first for a ``.tsv`` file).
    """
    order = ("\t",) + tuple(s for s in SEPARATORS if s != "\t") if tab else SEPARATORS
    lines = [line for line in lines if line.strip()]
    best, best_score = order[0], (0, 0)
    for candidate in order:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        score = (sum(c == counts[0] for c in counts), counts[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _text_head(path: Path, compression: str | None, encoding: str) -> list[str]:
    """The first complete lines of the decoded file, for sniffing."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = ""
    for chunk in _chunks(path, compression, _SNIFF_BYTES):
        text += decoder.decode(chunk)
        if text.count("\n") > _SNIFF_LINES or len(text) > 4 * _SNIFF_BYTES:
            break
    lines = text.splitlines()
    return lines[:_SNIFF_LINES]


def _read_text(path: Path, compression: str | None, text_columns: list[str], *,
               sep: str | None, encoding: str | None, tab: bool) -> pd.DataFrame:
    name = str(path)
    try:
        with _open_raw(path, compression) as raw:
            head = raw.read(_SNIFF_BYTES)
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError) as error:
        raise InputError(f"File {name!r} cannot be decompressed: {_reason(error)}.") from None
    if not head:
        raise InputError(f"File {name!r} is empty: it has no header and no rows.")
    guessed = []
    if encoding is None:
        if head.startswith(b"PK\x03\x04"):
            raise InputError(f"File {name!r} is a zip archive or an Excel workbook, not text: "
                             "name it .xlsx if it is a workbook.")
        bom = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if b"\x00" in head and not bom:
            raise InputError(f"File {name!r} is not a text table: it holds binary data (NUL "
                             "bytes). Save it as CSV (or pass encoding= if it is UTF-16 "
                             "without a byte-order mark).")
        encoding = _guess_encoding(path, compression, head)
        guessed.append("encoding")
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"The 'encoding' argument of read_table must name a text "
                             f"encoding, such as 'utf-8' or 'cp1252'. Got {encoding!r} "
                             "instead.") from None
    if sep is None:
        sep = _sniff_sep(_text_head(path, compression, encoding), tab=tab)
        guessed.append("sep")
    elif not isinstance(sep, str) or len(sep) != 1:
        raise InputError(f"The 'sep' argument of read_table must be one character, such as "
                         f"',' ';' or '\\t'. Got {sep!r} instead.")
    try:
        header = pd.read_csv(path, sep=sep, encoding=encoding, nrows=0, index_col=False)
    except pd.errors.EmptyDataError:
        raise InputError(f"File {name!r} has no header row: it holds only blank lines.") from None
    except (ValueError, UnicodeDecodeError, OSError) as error:
        raise _text_error(path, compression, error, sep, encoding) from None
    columns = [str(c) for c in header.columns]
    text = [c for c in columns if c in set(text_columns)]
    try:
        frame = pd.read_csv(path, sep=sep, encoding=encoding, dtype=dict.fromkeys(text, str),
                            keep_default_na=False,
                            na_values={c: ([""] if c in text else NA_MARKERS)
                                       for c in columns})
    except (ValueError, UnicodeDecodeError, OSError) as error:
        raise _text_error(path, compression, error, sep, encoding) from None
    if not isinstance(frame.index, pd.RangeIndex):      # more fields than the header
        raise _ragged(path, compression, sep, encoding) or InputError(
            f"File {name!r} has rows with more fields than its header.")
    decimal = _decimal_commas(frame, text) if sep != "," else []
    frame.attrs["read"] = {"file": name, "format": "text", "sep": sep, "encoding": encoding,
                           "guessed": guessed}
    if decimal:
        frame.attrs["read"]["decimal_comma"] = decimal
    return frame


_DECIMAL_COMMA = r"[+-]?\d+(,\d+)?"


def _decimal_commas(frame: pd.DataFrame, text: list[str]) -> list[str]:
    """Columns written with a decimal comma (``1,5``: spreadsheets in most of Europe, with a
    ';' separator) read as numbers, in place; their names returned for the report."""
    converted = []
    for column in frame.columns:
        values = frame[column]
        if column in text or pd.api.types.is_numeric_dtype(values.dtype):
            continue
        present = values.dropna()
        if not len(present) or not all(isinstance(v, str) for v in present.head(1000)):
            continue
        as_text = present.astype(str)
        if (as_text.str.fullmatch(_DECIMAL_COMMA).all()
                and as_text.str.contains(",", regex=False).any()):
            frame[column] = pd.to_numeric(values.str.replace(",", ".", regex=False))
            converted.append(str(column))
    return converted


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _text_error(path: Path, compression: str | None, error: BaseException, sep: str,
                encoding: str) -> InputError:
    name = str(path)
    if isinstance(error, UnicodeDecodeError):
        found = _first_bad_byte(path, compression, encoding)
        where = (f"byte {found[1]!r} on line {found[0]} (the header is line 1)" if found
                 else f"byte {error.object[error.start:error.start + 1]!r}")
        return InputError(
            f"File {name!r} is not text in the encoding {encoding!r}: {where} cannot be "
            "decoded. Pass encoding= (e.g. 'cp1252' or 'latin-1'), or leave it out to guess.")
    message = str(error)
    if "EOF inside string" in message:
        row = re.search(r"row (\d+)", message)
        where = f" (a quote opened near row {int(row.group(1)) + 1})" if row else ""
        return InputError(f"File {name!r} has a quote (\") that is never closed{where}; rows are "
                          "counted as in a spreadsheet: the header is row 1.")
    if isinstance(error, pd.errors.ParserError):
        ragged = _ragged(path, compression, sep, encoding)
        if ragged is not None:
            return ragged
    return InputError(f"File {name!r} cannot be read as a table (separator {sep!r}, encoding "
                      f"{encoding!r}): {_reason(error)}")


def _first_bad_byte(path: Path, compression: str | None,
                    encoding: str) -> tuple[int, bytes] | None:
    """The line number (from 1) and the first byte that ``encoding`` cannot decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    for chunk in _chunks(path, compression):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            pending = len(error.object) - len(chunk)       # bytes held from the last chunk
            at = max(error.start - pending, 0)
            return lines + chunk[:at].count(b"\n"), chunk[at:at + 1]
        lines += chunk.count(b"\n")
    return None


def _ragged(path: Path, compression: str | None, sep: str, encoding: str) -> InputError | None:
    """Name the rows with more fields than the header (only called when reading failed)."""
    with _open_raw(path, compression) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=sep)
        header = next(reader, [])
        bad = []
        n_fields = len(header)
        for number, row in enumerate(reader, start=2):
            if len(row) > n_fields:
                bad.append((number, len(row)))
    if not bad:
        return None
    rows = ", ".join(str(n) for n, _ in bad[:5]) + (f" and {len(bad) - 5} more"
                                                    if len(bad) > 5 else "")
    word = "row" if len(bad) == 1 else "rows"
    return InputError(
        f"File {str(path)!r} has {len(bad)} {word} with more fields than its header "
        f"({n_fields} columns, separator {sep!r}): {word} {rows} (row {bad[0][0]} has "
        f"{bad[0][1]} fields); rows are counted as in a spreadsheet: the header is row 1, "
        "the first record row 2.")


# -- Excel and Parquet -----------------------------------------------------------------------
def _read_excel(path: Path, text_columns: list[str]) -> pd.DataFrame:
    name = str(path)
    try:
        header = pd.read_excel(path, nrows=0)
        columns = [str(c) for c in header.columns]
        text = [c for c in columns if c in set(text_columns)]
        frame = pd.read_excel(path, dtype=dict.fromkeys(text, str), keep_default_na=False,
                              na_values={c: ([""] if c in text else NA_MARKERS)
                                         for c in columns})
    except ImportError as error:
        raise InputError(f"File {name!r} cannot be read: {_reason(error)} (or save it as .xlsx "
                         "or CSV).") from None
    except Exception as error:      # openpyxl/xlrd/zip raise many kinds on a corrupt file
        raise InputError(f"File {name!r} cannot be read as an Excel workbook: "
                         f"{_reason(error)}") from None
    if text and path.suffix.lower() == ".xlsx" and len(frame):
        frame = _zero_padded(path, frame, text)
    frame.attrs["read"] = {"file": name, "format": "excel"}
    return frame


def _zero_padded(path: Path, frame: pd.DataFrame, text: list[str]) -> pd.DataFrame:
    """Number cells of ``text`` columns shown zero-padded (format ``000``) as shown: ``007``.

    Only when the sheet's non-blank rows line up with the frame's rows one to one.
    """
    import openpyxl  # type: ignore[import-untyped]  # pandas just read the file with it

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows()
        header = [None if c.value is None else str(c.value) for c in next(rows, ())]
        where = {c: header.index(c) for c in text if c in header}
        padded: dict[str, list[tuple[int, str]]] = {c: [] for c in where}
        position = 0
        for row in rows:
            if all(getattr(cell, "value", None) is None for cell in row):
                continue
            for column, i in where.items():
                cell = row[i] if i < len(row) else None
                value = getattr(cell, "value", None)
                fmt = getattr(cell, "number_format", "") or ""
                if (isinstance(value, int | float) and not isinstance(value, bool)
                        and float(value).is_integer() and re.fullmatch(r"0+", fmt)
                        and value >= 0):
                    padded[column].append((position, str(int(value)).zfill(len(fmt))))
            position += 1
    finally:
        book.close()
    if position != len(frame) or not any(padded.values()):
        return frame
    frame = frame.copy()
    for column, values in padded.items():
        if values:
            at, shown = zip(*values)
            frame.iloc[list(at), frame.columns.get_loc(column)] = list(shown)
    return frame


def _read_parquet(path: Path) -> pd.DataFrame:
    # pandas stores a named index (orgs.to_parquet() of a table indexed by id) as the
    # index again: give it back as the column it names, as CSV and Excel files have it.
    try:
        frame = pd.read_parquet(path)
    except ImportError as error:
        raise InputError(f"File {str(path)!r} cannot be read: {_reason(error)}") from None
    except Exception as error:      # pyarrow raises its own kinds on a corrupt file
        raise InputError(f"File {str(path)!r} cannot be read as a Parquet file: "
                         f"{_reason(error)}") from None
    named = any(name is not None for name in frame.index.names)
    frame = frame.reset_index() if named else frame
    frame.attrs["read"] = {"file": str(path), "format": "parquet"}
    return frame


def read_note(frame: pd.DataFrame) -> str | None:
    """A line for a build report saying the separator and encoding guessed for a file."""
    read: Any = frame.attrs.get("read") or {}
    if not read.get("guessed") and not read.get("decimal_comma"):
        return None
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
    guessed = read.get("guessed") or []
    parts = []
    if "sep" in guessed:
        parts.append(f"separator {shown.get(read['sep'], repr(read['sep']))}")
    if "encoding" in guessed:
        parts.append(f"encoding {read['encoding']}")
    texts = [f"read with {' and '.join(parts)} (guessed)"] if parts else []
    if read.get("decimal_comma"):
        texts.append(f"decimal commas read as numbers in columns {read['decimal_comma']!r}")
    return f"file {read['file']!r} " + "; ".join(texts)
