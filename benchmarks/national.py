"""Seeded generator of national-scale synthetic firm networks and raw transaction files.

A degree-corrected planted partition, vectorised with numpy (no loop over firms or ties):

- every organisation has an activity ``theta`` drawn from a Pareto law (heavy-tailed
  degrees: a few hubs, many small firms) and a size (employees) that grows with it;
- organisations sit in planted communities of lognormal sizes; each community has a home
  region (most members there) and a dominant sector;
- three layers: production (directed, 60% of ties), commercial (directed, 30%, more mixing
  across communities) and scientific (undirected, 10%, universities and research institutes
  weigh 20x more);
- a tie picks its source with probability proportional to ``theta`` and its target, with
  probability ``1 - mixing``, inside the source's community (again proportional to
  ``theta``), else anywhere. Sampling inside a community is one ``searchsorted`` on the
  cumulative activity of organisations sorted by community.

Raw records (seller, buyer, layer, amount, date) split each tie into one or more
transactions and are written as chunked Parquet files, in shuffled order.

Usage::

    python benchmarks/national.py --organisations 1000000 --records 50000000 \\
        --out /tmp/linkages-bench/records-1m
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

LAYERS = {"production": (0.6, True), "commercial": (0.3, True), "scientific": (0.1, False)}
SECTORS = [f"S{i:02d}" for i in range(20)]
REGION_GRID = (5, 4)        # 20 regions on a grid over a country-sized box
LAT, LON = (37.0, 46.5), (7.0, 18.0)


def make_national(n_organisations: int, *, ties_per_organisation: float = 10.0,
                  n_communities: int | None = None, mixing: float = 0.2,
                  seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Organisations and relations tables of a synthetic national firm network.

    Returns ``(organisations, relations)``: organisations indexed by id (``F0000042``...)
    with ``type``, ``size``, ``sector``, ``region``, ``lat``, ``lon``, ``community``
    (planted); relations with ``source``, ``target``, ``layer`` (categorical), ``weight``,
    ``n_organisations * ties_per_organisation`` ties in all, no duplicates, no self-loops.
    """
    rng = np.random.default_rng(seed)
    n = int(n_organisations)
    k = n_communities or max(4, n // 1000)
    # community of each position, contiguous (positions sorted by community)
    share = rng.lognormal(0.0, 1.0, k)
    counts = rng.multinomial(n, share / share.sum())
    counts = counts[counts > 0]
    k = len(counts)
    community = np.repeat(np.arange(k), counts)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    ends = np.cumsum(counts)

    theta = np.minimum(rng.pareto(1.6, n) + 1.0, n / 50)
    size = np.maximum(1, np.round(2.0 * theta ** 1.3 * rng.lognormal(0, 0.6, n))).astype(int)
    kind = np.where(size >= 250, "large firm", "sme").astype(object)
    special = rng.random(n)
    kind[special < 0.004] = "university"
    kind[(special >= 0.004) & (special < 0.01)] = "research institute"
    kind[(special >= 0.01) & (special < 0.015)] = "public body"
    kind[(special >= 0.015) & (special < 0.02)] = "intermediary"

    n_regions = REGION_GRID[0] * REGION_GRID[1]
    home = rng.integers(0, n_regions, k)[community]
    region = np.where(rng.random(n) < 0.85, home, rng.integers(0, n_regions, n))
    row, col = np.divmod(region, REGION_GRID[1])
    lat = LAT[0] + (row + 0.5) * (LAT[1] - LAT[0]) / REGION_GRID[0] + rng.normal(0, .3, n)
    lon = LON[0] + (col + 0.5) * (LON[1] - LON[0]) / REGION_GRID[1] + rng.normal(0, .3, n)
    dominant = rng.integers(0, len(SECTORS), k)[community]
    sector = np.where(rng.random(n) < 0.7, dominant, rng.integers(0, len(SECTORS), n))

    # ids in random order, so the table order says nothing about communities
    label = pd.Index(np.char.add("F", np.char.zfill(rng.permutation(n).astype(str), 7)))
    organisations = pd.DataFrame({
        "type": pd.Categorical(kind), "size": size,
        "sector": pd.Categorical(np.array(SECTORS)[sector]),
        "region": pd.Categorical(np.char.add("R", np.char.zfill(region.astype(str), 2))),
        "lat": lat, "lon": lon, "community": community}, index=label.rename("id"))

    total = int(round(n * ties_per_organisation))
    parts = []
    science = np.isin(kind, ["university", "research institute"])
    for name, (fraction, _) in LAYERS.items():
        m = int(round(total * fraction))
        weights = theta * np.where(science, 20.0, 1.0) if name == "scientific" else theta
        layer_mixing = min(1.0, mixing * 2) if name == "commercial" else mixing
        s, t = draw_ties(rng, weights, community, starts, ends, int(m * 1.15) + 100,
                          layer_mixing)
        if name == "scientific":                     # undirected: one order per pair
            s, t = np.minimum(s, t), np.maximum(s, t)
        keep = s != t
        s, t = s[keep], t[keep]
        _, first = np.unique(s.astype(np.int64) * n + t, return_index=True)
        first = np.sort(first)[:m]                   # distinct pairs, in draw order
        value = np.round(rng.lognormal(8.0, 1.5, len(first)), 2)
        parts.append(pd.DataFrame({"source": s[first], "target": t[first], "layer": name,
                                   "weight": value}))
    ties = pd.concat(parts, ignore_index=True)
    relations = pd.DataFrame({
        "source": label.take(ties["source"].to_numpy()),
        "target": label.take(ties["target"].to_numpy()),
        "layer": pd.Categorical(ties["layer"], categories=list(LAYERS)),
        "weight": ties["weight"].to_numpy()})
    organisations = organisations.sort_index()
    return organisations, relations


def draw_ties(rng, weights, community, starts, ends, m, mixing):
    """m (source, target) position pairs of a degree-corrected planted partition (a tie
    stays inside its community with probability 1 - mixing, if the community has weight)."""
    cum = np.cumsum(weights)
    n = len(weights)
    s = np.minimum(np.searchsorted(cum, rng.random(m) * cum[-1], side="right"), n - 1)
    c = community[s]
    low = np.where(starts[c] > 0, cum[starts[c] - 1], 0.0)
    high = cum[ends[c] - 1]
    inside = (rng.random(m) >= mixing) & (high > low)
    u = np.where(inside, low + rng.random(m) * (high - low), rng.random(m) * cum[-1])
    t = np.minimum(np.searchsorted(cum, u, side="right"), n - 1)
    return s.astype(np.int64), t.astype(np.int64)


def write_records(relations: pd.DataFrame, folder: str | Path, *, n_records: int,
                  seed: int = 0, chunk_rows: int = 5_000_000) -> list[Path]:
    """Write raw transactions whose aggregation gives back the relations' pairs.

    Every tie gets at least one record; the rest are spread in proportion to the square
    root of its weight. Each record has ``seller``, ``buyer``, ``layer``, ``amount``
    (the tie's weight split with noise) and ``date`` (a day of 2023). Rows are shuffled and
    written as ``part-NNN.parquet`` files of ``chunk_rows`` rows.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    m = len(relations)
    if n_records < m:
        raise ValueError(f"n_records ({n_records}) must be at least the number of ties ({m})")
    p = np.sqrt(relations["weight"].to_numpy())
    per_tie = 1 + rng.multinomial(n_records - m, p / p.sum())
    tie = np.repeat(np.arange(m, dtype=np.int32), per_tie)
    tie = tie[rng.permutation(len(tie))]
    src = pa.array(relations["source"].to_numpy(dtype=object), pa.string())
    tgt = pa.array(relations["target"].to_numpy(dtype=object), pa.string())
    lay = pa.array(relations["layer"].astype(str).to_numpy(dtype=object), pa.string())
    share = (relations["weight"].to_numpy() / per_tie)
    start = np.datetime64("2023-01-01")
    paths = []
    for i, lo in enumerate(range(0, len(tie), chunk_rows)):
        idx = tie[lo:lo + chunk_rows]
        take = pa.array(idx)
        amount = np.round(share[idx] * rng.lognormal(0.0, 0.3, len(idx)), 2)
        day = start + rng.integers(0, 365, len(idx)).astype("timedelta64[D]")
        table = pa.table({"seller": src.take(take), "buyer": tgt.take(take),
                          "layer": lay.take(take), "amount": amount,
                          "date": pa.array(day.astype("datetime64[D]"), pa.date32())})
        path = folder / f"part-{i:03d}.parquet"
        pq.write_table(table, path, row_group_size=1_000_000)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--ties-per-organisation", type=float, default=10.0)
    parser.add_argument("--records", type=int, default=0,
                        help="raw records to write (0: none)")
    parser.add_argument("--out", default="/tmp/linkages-bench/records")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    orgs, rels = make_national(args.organisations,
                               ties_per_organisation=args.ties_per_organisation,
                               seed=args.seed)
    print(f"{len(orgs):,} organisations, {len(rels):,} ties, "
          f"{orgs['community'].nunique():,} communities in {time.perf_counter() - start:.1f} s")
    degree = np.bincount(orgs.index.get_indexer(pd.concat([rels["source"], rels["target"]])),
                         minlength=len(orgs))
    print(f"degree: median {np.median(degree):.0f}, 99th pct {np.percentile(degree, 99):.0f}, "
          f"max {degree.max():,}")
    if args.records:
        start = time.perf_counter()
        paths = write_records(rels, args.out, n_records=args.records, seed=args.seed)
        size = sum(p.stat().st_size for p in paths) / 1e9
        print(f"{args.records:,} records in {len(paths)} files ({size:.2f} GB) at {args.out} "
              f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
