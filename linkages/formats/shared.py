"""What every format shares: the organisation table it writes and the check of a path read.

The organisation table is the organisations' attributes plus a ``cluster`` column and the
score columns when given (read by :mod:`linkages.membership`, as everywhere else).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from linkages._validation import InputError, check_type
from linkages.membership import as_membership, read_scores
from linkages.network import MultilayerNetwork

__all__ = ["existing_file", "organisation_table"]


def organisation_table(net: MultilayerNetwork, clusters: Any, scores: Any, *,
                       caller: str) -> pd.DataFrame:
    """Organisations with a ``cluster`` column and the score columns appended."""
    check_type(net, MultilayerNetwork, argument="net", caller=caller,
               expected="MultilayerNetwork")
    table = net.organisations.copy()
    if clusters is not None:
        table["cluster"] = as_membership(clusters, net.organisations, caller=caller).to_numpy()
    for column, values in read_scores(scores, table, caller=caller).items():
        table[column] = values.to_numpy()
    return table


def existing_file(path: str | PathLike, *, caller: str) -> Path:
    """``path`` as a Path, checked to exist (argument ``path`` of ``caller``)."""
    check_type(path, (str, PathLike), argument="path", caller=caller, expected="path")
    path = Path(path)
    if not path.exists():
        raise InputError(f"The 'path' argument of {caller} names a file that does not "
                         f"exist: {str(path)!r}.")
    return path
