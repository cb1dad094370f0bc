"""Plain tables: CSV files (and one Excel workbook) of organisations, relations and layers.

What a spreadsheet or another program reads without a graph library; reading them back
gives an equal network.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from linkages._validation import InputError, check_type
from linkages.build.files import NA_MARKERS, read_table
from linkages.formats.shared import existing_file, organisation_table
from linkages.network import MultilayerNetwork

__all__ = ["EXCEL_MAX_ROWS", "read_tables", "write_tables"]

#: Columns read back as text, as written: ids ('007' stays '007').
ID_COLUMNS = ("id", "source", "target")
#: Data rows an Excel sheet holds (1,048,576 rows with the header).
EXCEL_MAX_ROWS = 1_048_575


def write_tables(net: MultilayerNetwork, folder: str | PathLike, *, clusters: Any = None,
                 scores: pd.Series | pd.DataFrame | None = None, excel: bool = False,
                 extra: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write CSV tables: ``organisations.csv`` (with cluster and score columns),
    ``relations.csv`` and ``layers.csv`` (directedness), plus ``<name>.csv`` for each
    ``extra`` table (leaders, profiles...; its index is written unless it is a plain row
    number); optionally one Excel workbook ``network.xlsx`` with the same tables, a sheet
    each, written in one pass. An Excel sheet holds at most
    :data:`EXCEL_MAX_ROWS` rows: a larger network raises an error before anything is
    written (use ``excel=False``).

    Examples
    --------
    >>> import tempfile
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> folder = lk.write_tables(net, tempfile.mkdtemp(), excel=True)
    >>> sorted(p.name for p in folder.iterdir())
    ['layers.csv', 'network.xlsx', 'organisations.csv', 'relations.csv']
    >>> lk.read_tables(folder).n_relations == net.n_relations
    True
    """
    caller = "write_tables"
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"The 'folder' argument of {caller} must be an existing folder. "
                         f"Got {str(folder)!r} instead.")
    sheets = {"organisations": organisation_table(net, clusters, scores, caller=caller),
              "relations": net.relations.assign(layer=net.relations["layer"].astype(str)),
              "layers": pd.DataFrame({"layer": list(net.layers),
                                      "directed": [net.directed[x] for x in net.layers]})}
    for name, table in (extra or {}).items():
        check_type(table, pd.DataFrame, argument="extra", caller=caller,
                   expected="mapping of name to DataFrame")
        if name in sheets:
            raise InputError(f"The 'extra' argument of {caller} must not reuse the names "
                             f"{sorted(sheets)!r}. Got {name!r}.")
        sheets[name] = table
    keep_index = {name: not isinstance(table.index, pd.RangeIndex)
                  for name, table in sheets.items()}
    keep_index.update(organisations=True, relations=False, layers=False)
    too_big = {name: len(t) for name, t in sheets.items() if len(t) > EXCEL_MAX_ROWS}
    if excel and too_big:
        raise InputError(f"The 'excel' argument of {caller} must be False for a network this "
                         f"large: an Excel sheet holds {EXCEL_MAX_ROWS:,} rows; got "
                         + ", ".join(f"{n:,} {name}" for name, n in too_big.items()) + ".")
    for name, table in sheets.items():
        table.to_csv(folder / f"{name}.csv", index=keep_index[name])
    if excel:
        with pd.ExcelWriter(folder / "network.xlsx") as book:
            for name, table in sheets.items():
                table.to_excel(book, sheet_name=name[:31], index=keep_index[name])
    return folder


def read_tables(source: str | PathLike) -> MultilayerNetwork:
    """Read the tables of :func:`write_tables` back: a folder of CSVs or the workbook.

    Examples
    --------
    >>> import tempfile
    >>> import linkages as lk
    >>> net = lk.load_example()
    >>> back = lk.read_tables(lk.write_tables(net, tempfile.mkdtemp()))
    >>> back.layers, back.n_relations
    (('production', 'scientific', 'commercial'), 1634)
    """
    caller = "read_tables"
    source = existing_file(source, caller=caller)
    if source.is_dir():
        sheets = {name: read_table(source / f"{name}.csv", text_columns=ID_COLUMNS)
                  for name in ("organisations", "relations", "layers")
                  if (source / f"{name}.csv").exists()}
    else:       # ids as text, as written ('007' and 'NA' stay so)
        headers = pd.read_excel(source, sheet_name=None, nrows=0)
        columns = {str(c) for header in headers.values() for c in header.columns}
        sheets = pd.read_excel(source, sheet_name=None, dtype=dict.fromkeys(ID_COLUMNS, str),
                               keep_default_na=False,
                               na_values={c: [""] if c in ID_COLUMNS else NA_MARKERS
                                          for c in columns})
    missing = [s for s in ("organisations", "relations", "layers") if s not in sheets]
    if missing:
        raise InputError(f"The 'source' argument of {caller} must hold the tables "
                         f"organisations, relations and layers; missing {missing!r}.")
    layers = sheets["layers"]
    directed = dict(zip(layers["layer"].astype(str), layers["directed"].astype(bool)))
    organisations = sheets["organisations"].set_index(sheets["organisations"].columns[0])
    relations = sheets["relations"]
    relations["layer"] = pd.Categorical(relations["layer"].astype(str),
                                        categories=list(directed))
    return MultilayerNetwork(organisations.rename_axis("id"), relations, directed=directed,
                             duplicates="error")
