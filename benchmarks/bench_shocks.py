"""ESRI (systemic_risk) on a synthetic production network: every firm at a few thousand,
the top-k by strength at 100k firms and 1M ties.

The generator (numpy only; ``make_regional_cluster`` is too small and slow beyond ~20k):
firms get a sector (``--sectors``, Zipf-sized) and a heavy-tailed out-degree (Pareto,
exponent ``--alpha``, scaled to ``--ties`` in total); customers are drawn with probability
proportional to a heavy-tailed attractiveness, so large customers buy from many firms;
values are log-normal. Supply chains have a direction (raw materials -> assembly), so
ties run from a lower to a higher tier with probability ``--forward`` and back otherwise
(cycles exist, as in real data).

Usage::

    python benchmarks/bench_shocks.py                        # 3k all firms; 100k top-100
    python benchmarks/bench_shocks.py --firms 100000 --ties 1000000 --top 200 --output 0

First it prints the bundled example's top 5 firms by ESRI, by the leader score and by
resilience. One run (2 shared cores, load average 2-3 from other work): every one of
3,000 firms (25,349 ties) in 4.9 s; the top 100 by strength of 100,000 firms (935,912
ties) in 10.9 s (24 steps) with 30% of output sold outside, 41.8 s (149 steps) with
``--output 0`` (a closed network, the paper's setting); the top 1,000 in 62 s (30% sold
outside).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import linkages as lk


def production_network(firms: int, ties: int, *, sectors: int = 60, alpha: float = 2.1,
                       forward: float = 0.9, seed: int = 0) -> lk.MultilayerNetwork:
    """A synthetic production layer: heavy-tailed out-degree, ``ties`` distinct ties."""
    rng = np.random.default_rng(seed)
    sector_size = 1.0 / np.arange(1, sectors + 1)
    sector = rng.choice(sectors, size=firms, p=sector_size / sector_size.sum())
    out_weight = rng.pareto(alpha - 1, size=firms) + 1
    attract = rng.pareto(alpha - 1, size=firms) + 1
    draw = int(ties * 1.15)                       # extra rows for self-ties and repeats
    source = rng.choice(firms, size=draw, p=out_weight / out_weight.sum())
    target = rng.choice(firms, size=draw, p=attract / attract.sum())
    tier = rng.permutation(firms)                 # a firm's place in the supply chain
    flip = (tier[source] > tier[target]) ^ (rng.random(draw) > forward)
    source, target = np.where(flip, target, source), np.where(flip, source, target)
    keep = source != target
    key = np.unique(source[keep].astype(np.int64) * firms + target[keep])[:ties]
    rng.shuffle(key)
    ids = np.char.add("F", np.arange(firms).astype(str))
    orgs = pd.DataFrame({"id": ids, "type": np.where(out_weight > 20, "large firm", "sme"),
                         "sector": np.char.add("S", sector.astype(str))})
    rels = pd.DataFrame({"source": ids[key // firms], "target": ids[key % firms],
                         "layer": "production",
                         "weight": np.round(rng.lognormal(4, 1.2, size=len(key)), 2)})
    return lk.from_tables(orgs, rels)


def example_comparison(top: int = 5) -> pd.DataFrame:
    """The bundled example's top firms by ESRI (half of output sold outside the region),
    by leadership (``leading_firms`` score, all clusters) and by connectivity
    (``resilience`` on the production layer: share of the cluster cut off)."""
    net = lk.load_example()
    risk = lk.systemic_risk(net, output=0.5)
    leaders = lk.leading_firms(net, "planted_cluster", top=None).sort_values(
        "score", ascending=False, kind="stable")
    firms = risk.index[risk["is_firm"]] if "is_firm" in risk.columns else risk.index
    held = lk.resilience(net, "planted_cluster", list(firms), layers="production")
    held = held.xs("production", level="layer").sort_values(
        ["disconnected_share", "lcc_change"], ascending=[False, True], kind="stable")
    rows = []
    for k in range(top):
        e, lead, r = risk.index[k], leaders.index[k], held.index[k]
        rows.append({"rank": k + 1,
                     "ESRI": f"{e} ({risk.loc[e, 'esri']:.3f})",
                     "leaders": f"{lead} ({leaders.loc[lead, 'score']:.3f})",
                     "resilience": f"{r} ({held.loc[r, 'disconnected_share']:.3f})"})
    return pd.DataFrame(rows).set_index("rank")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=3000, help="firms of the all-firms run")
    parser.add_argument("--small-ties", type=int, default=30000)
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--top", type=int, default=100, help="candidates at --firms")
    parser.add_argument("--output", type=float, default=0.3,
                        help="share of output sold outside the network (0: the paper)")
    parser.add_argument("--function", default="generalised")
    parser.add_argument("--skip-example", action="store_true")
    args = parser.parse_args()
    if not args.skip_example:
        start = time.perf_counter()
        table = example_comparison()
        print("the bundled example, top firms (ESRI: share of output lost, output=0.5; "
              "leaders: score; resilience: share of the cluster cut off, production layer):")
        print(table.to_string())
        print(f"({time.perf_counter() - start:.1f} s)")
    output = args.output or None
    for firms, ties, top in ((args.small, args.small_ties, None),
                             (args.firms, args.ties, args.top)):
        start = time.perf_counter()
        net = production_network(firms, ties)
        built = time.perf_counter() - start
        start = time.perf_counter()
        risk = lk.systemic_risk(net, top, production_function=args.function, output=output)
        took = time.perf_counter() - start
        print(f"{firms:,} firms, {net.n_relations:,} ties (built in {built:.1f} s): ESRI of "
              f"{len(risk):,} firms ({'all' if top is None else f'top {top} by strength'}, "
              f"{args.function}, output={output}) in {took:.1f} s; "
              f"max {risk['esri'].max():.4f}, median {risk['esri'].median():.5f}, "
              f"steps max {risk['steps'].max()}")


if __name__ == "__main__":
    main()
