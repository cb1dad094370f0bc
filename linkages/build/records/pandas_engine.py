"""The pandas engine of :func:`linkages.aggregate_records`: in memory, for small inputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from linkages._validation import check_columns
from linkages.build.files import read_table
from linkages.build.records.common import (
    PROBLEMS,
    Counts,
    Spec,
    check_rows,
    finish,
    paths,
    problem_column,
    raise_first,
)

__all__ = ["Pandas"]


class Pandas:
    """The pandas engine: it has no options (``engine='pandas'``)."""

    name: ClassVar[str] = "pandas"

    def __repr__(self) -> str:
        return "Pandas()"

    def aggregate(self, records: Any, kind: str, spec: Spec) -> tuple[pd.DataFrame, Counts]:
        frame = records if kind == "pandas" else _read_files(records, caller=spec.caller)
        return _aggregate(frame, spec)


def _read_files(records: Any, *, caller: str) -> pd.DataFrame:
    frames = [read_table(path) for path in paths(records, caller=caller)]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _aggregate(records: pd.DataFrame, spec: Spec) -> tuple[pd.DataFrame, Counts]:
    check_columns(records, spec.columns, argument="records", caller=spec.caller)
    check_rows(len(records), spec)
    masks = {"no source": records[spec.source].isna().to_numpy(),
             "no target": records[spec.target].isna().to_numpy()}
    if spec.value is not None:
        raw = records[spec.value]
        numeric = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64",
                                                              na_value=np.nan)
        nan = np.isnan(numeric)
        masks.update({"not numeric": nan & raw.notna().to_numpy(), "missing": nan,
                      "negative": numeric < 0, "infinite": np.isinf(numeric)})
    else:
        numeric = np.ones(len(records))
    if spec.date is not None:
        raw_date = records[spec.date]
        dates = pd.to_datetime(raw_date, errors="coerce")
        masks["bad date"] = (dates.isna() & raw_date.notna()).to_numpy()
    bad = np.zeros(len(records), dtype=bool)
    counts = {"rows": len(records)}
    for problem in PROBLEMS:                     # exclusive: the first problem counts
        mask = masks.get(problem)
        counts[problem] = 0 if mask is None else int((mask & ~bad).sum())
        if mask is not None:
            bad |= mask
    if spec.invalid == "error":
        def rows_of(problem: str) -> tuple[Sequence[Any], Sequence[Any]]:
            mask = masks[problem]
            return records.index[mask], records[problem_column(problem, spec)][mask].unique()
        raise_first(counts, spec, rows_of)
    keep = ~bad if bad.any() else slice(None)

    frame = pd.DataFrame({"source": records[spec.source].to_numpy()[keep],
                          "target": records[spec.target].to_numpy()[keep],
                          "weight": numeric[keep]})
    if not spec.directed:
        s, t = frame["source"].to_numpy(), frame["target"].to_numpy()
        swap = (frame["source"].astype(str) > frame["target"].astype(str)).to_numpy()
        frame["source"], frame["target"] = np.where(swap, t, s), np.where(swap, s, t)
    aggregations: dict[str, Any] = {"weight": ("weight", "sum"), "records": ("weight", "size")}
    if spec.layer is not None:
        frame["layer"] = records[spec.layer].astype(str).to_numpy()[keep]
    if spec.date is not None:
        frame["date"] = dates.to_numpy()[keep]
        aggregations.update(first=("date", "min"), last=("date", "max"))
    ties = frame.groupby(spec.keys, sort=spec.sort, observed=True).agg(**aggregations)
    return finish(ties.reset_index(), spec), counts
