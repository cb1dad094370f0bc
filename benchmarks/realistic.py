"""A realistic synthetic multiplex for benchmarks that cannot flatter (issue 17).

Seeded and vectorised (no loop over organisations or ties). Compared with ``national.py``:

- **cluster sizes from a power law** (Pareto, tail exponent 1.2, at least 50 members,
  at most 2% of the organisations): at 1M organisations about 4,000 planted clusters from
  30 to 20,000 members, at 100k about 400;
- **heavy-tailed degrees**: an activity per organisation from a Pareto law (exponent 1.5),
  so a few hubs hold thousands of ties and most firms a handful;
- **layers of different densities and mixing**: production (directed, ~6 ties per
  organisation, 15% of ties leave the cluster), commercial (directed, ~3, 35% leave it,
  a quarter of its pairs also tied in production, often the other way round) and
  scientific (undirected, ~1, only universities, research institutes and the 15% most
  active firms; 30% leave the cluster), written in random orientation as users' files are;
- **isolates**: 4% of the organisations have no tie at all.

Tables are written to ``<out>/organisations.parquet`` and ``<out>/relations.parquet``
(ids as text, ``F0000042``), so every benchmark step can start from files.

Usage::

    python benchmarks/realistic.py --organisations 1000000 --out /tmp/linkages-bench/real-1m
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from national import draw_ties

#: layer -> (ties per organisation, share of ties leaving the cluster, directed)
LAYERS = {"production": (6.0, 0.15, True), "commercial": (3.0, 0.35, True),
          "scientific": (1.0, 0.30, False)}
ISOLATES = 0.04
MIN_CLUSTER = 50


def cluster_sizes(n: int, rng: np.random.Generator, *, exponent: float = 1.2,
                  smallest: int = MIN_CLUSTER, largest_share: float = 0.02) -> np.ndarray:
    """Planted cluster sizes from a Pareto law summing to ``n``."""
    largest = max(smallest, int(n * largest_share))
    sizes: list[np.ndarray] = []
    total = 0
    while total < n:
        draw = np.minimum(smallest * (1 + rng.pareto(exponent, max(16, n // 200))),
                          largest).astype(np.int64)
        sizes.append(draw)
        total += int(draw.sum())
    out = np.concatenate(sizes)
    out = out[np.cumsum(out) <= n]
    rest = n - int(out.sum())
    if rest:
        out = np.append(out, rest)
    return out


def make_realistic(n: int, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(organisations, relations)``: organisations indexed by text id with ``type``,
    ``size``, ``sector``, ``region``, ``lat``, ``lon``, ``community`` (planted, -1 for
    isolates); relations ``source``, ``target``, ``layer``, ``weight``, no duplicates."""
    rng = np.random.default_rng(seed)
    counts = cluster_sizes(n, rng)
    k = len(counts)
    community = np.repeat(np.arange(k), counts)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    ends = np.cumsum(counts)

    theta = np.minimum(rng.pareto(1.5, n) + 1.0, n / 100)
    isolate = rng.random(n) < ISOLATES
    size = np.maximum(1, np.round(2.0 * theta ** 1.3 * rng.lognormal(0, 0.6, n))).astype(int)
    kind = np.where(size >= 250, "large firm", "sme").astype(object)
    special = rng.random(n)
    kind[special < 0.004] = "university"
    kind[(special >= 0.004) & (special < 0.01)] = "research institute"
    kind[(special >= 0.01) & (special < 0.015)] = "public body"
    research = np.isin(kind, ["university", "research institute"])
    in_science = research | (theta >= np.quantile(theta, 0.85))

    region = np.where(rng.random(n) < 0.85, rng.integers(0, 20, k)[community],
                      rng.integers(0, 20, n))
    row, col = np.divmod(region, 4)
    lat = 37.0 + (row + 0.5) * 1.9 + rng.normal(0, .3, n)
    lon = 7.0 + (col + 0.5) * 2.75 + rng.normal(0, .3, n)
    sector = np.where(rng.random(n) < 0.7, rng.integers(0, 20, k)[community],
                      rng.integers(0, 20, n))

    parts = []
    production_pairs = None
    for name, (per_org, mixing, directed) in LAYERS.items():
        m = int(per_org * n)
        weights = theta * ~isolate
        if name == "scientific":
            weights = weights * in_science * np.where(research, 20.0, 1.0)
        s, t = draw_ties(rng, weights, community, starts, ends, int(m * 1.2) + 100, mixing)
        if name == "commercial" and production_pairs is not None:   # overlap production
            reuse = rng.choice(len(production_pairs[0]), m // 4, replace=False)
            flip = rng.random(len(reuse)) < 0.6
            ps, pt = production_pairs[0][reuse], production_pairs[1][reuse]
            s = np.r_[np.where(flip, pt, ps), s]
            t = np.r_[np.where(flip, ps, pt), t]
        keep = s != t
        s, t = s[keep], t[keep]
        key = (np.minimum(s, t) * n + np.maximum(s, t)) if not directed else s * n + t
        _, first = np.unique(key, return_index=True)
        first = np.sort(first)[:m]
        s, t = s[first], t[first]
        if name == "production":
            production_pairs = (s, t)
        value = np.round(rng.lognormal(8.0, 1.5, len(s)), 2)
        parts.append((name, s, t, value))

    label = pd.Index(np.char.add("F", np.char.zfill(rng.permutation(n).astype(str), 7)),
                     dtype="string[pyarrow]")
    organisations = pd.DataFrame({
        "type": pd.Categorical(kind), "size": size,
        "sector": pd.Categorical(np.char.add("S", np.char.zfill(sector.astype(str), 2))),
        "region": pd.Categorical(np.char.add("R", np.char.zfill(region.astype(str), 2))),
        "lat": lat, "lon": lon, "community": np.where(isolate, -1, community)},
        index=label.rename("id"))
    s = np.concatenate([p[1] for p in parts])
    t = np.concatenate([p[2] for p in parts])
    shuffle = rng.permutation(len(s))           # files do not come sorted by layer
    relations = pd.DataFrame({
        "source": label.take(s[shuffle]).array, "target": label.take(t[shuffle]).array,
        "layer": pd.Categorical(np.repeat([p[0] for p in parts], [len(p[1]) for p in parts])
                                [shuffle], categories=list(LAYERS)),
        "weight": np.concatenate([p[3] for p in parts])[shuffle]})
    return organisations.sort_index(), relations


def write(n: int, out: str | Path, *, seed: int = 0) -> Path:
    """Generate and write the two Parquet files once (a ``done`` marker); the folder."""
    out = Path(out)
    if (out / "done").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    orgs, rels = make_realistic(n, seed=seed)
    orgs.to_parquet(out / "organisations.parquet")
    rels.to_parquet(out / "relations.parquet", row_group_size=1_000_000)
    (out / "done").write_text("ok")
    return out


def describe(orgs: pd.DataFrame, rels: pd.DataFrame) -> str:
    degree = np.bincount(orgs.index.get_indexer(pd.concat([rels["source"], rels["target"]])),
                         minlength=len(orgs))
    sizes = orgs.loc[orgs["community"] >= 0, "community"].value_counts()
    per_layer = rels["layer"].value_counts().to_dict()
    return (f"{len(orgs):,} organisations, {len(rels):,} ties {per_layer}; "
            f"{len(sizes):,} planted clusters of {sizes.min()}-{sizes.max():,} members; "
            f"degree median {np.median(degree):.0f}, 99th pct "
            f"{np.percentile(degree, 99):.0f}, max {degree.max():,}; "
            f"{int((degree == 0).sum()):,} isolates")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--out", default="/tmp/linkages-bench/real-100k")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    orgs, rels = make_realistic(args.organisations, seed=args.seed)
    print(f"{describe(orgs, rels)} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
