"""Partner suggestions validated on the future: the CORDIS protocol of issue 15.

Train: the bundled CORDIS Horizon 2020 projects starting before 2017, projected onto
organisation pairs (one layer). Candidates: organisations with at least one tie then.
Positives: pairs of candidates that first work together in a project starting in 2017 or
later. For 1,000 organisations drawn with a fixed seed among those with a new partner,
every other candidate (not itself, not a current partner) is ranked; the mean
precision@10 and the mean per-organisation AUC are reported for the classic indices
(common neighbours, Adamic-Adar, resource allocation, preferential attachment) and
linkages (the unsupervised default; logistic regression and gradient boosting fitted on
2014-2015 ties predicting the new ties of 2016, so nothing from 2017 on is seen).

    python benchmarks/bench_suggest.py [--queries 1000] [--seed 0] [--tune]

One run (2 shared cores; 457 s wall, 124 s CPU, of which the fits 139 s wall)::

                                precision@10    AUC
    common neighbours                  0.197  0.794
    Adamic-Adar                        0.199  0.795
    resource allocation                0.177  0.793
    preferential attachment            0.175  0.819
    linkages default                   0.214  0.862
    linkages fitted (logistic)         0.217  0.867
    linkages fitted (boosting)         0.183  0.866

``--tune`` evaluates on the earlier split instead (2014-2015 -> 2016), the one the
default weights were chosen on.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from scipy.stats import rankdata

import linkages as lk
from linkages.analysis.suggest import (
    DEFAULT_WEIGHTS,
    fit_suggestions,
    pair_feature_blocks,
)


def history(cordis: lk.datasets.Cordis, start: str, end: str | None = None):
    """The network of projects starting before ``start`` (candidates: organisations with a
    tie), its participations with the programme part, and the pairs first tied in projects
    starting in [start, end)."""
    parts = cordis.participations.dropna(subset=["start_date"])
    parts = parts.assign(programme_part=cordis.projects["programme_part"]
                         .reindex(parts["project"]).to_numpy())
    before = parts[parts["start_date"] < pd.Timestamp(start)]
    after = parts[parts["start_date"] >= pd.Timestamp(start)]
    if end is not None:
        after = after[after["start_date"] < pd.Timestamp(end)]
    ties = lk.project_two_mode(before, weighting="count")
    ids = pd.Index(sorted(set(ties["source"]) | set(ties["target"])), dtype="str", name="id")
    orgs = cordis.organisations.reindex(ids)[["type", "region"]]
    net = lk.MultilayerNetwork(orgs, ties.assign(layer="projects")[
        ["source", "target", "layer", "weight"]])
    later = lk.project_two_mode(after[after["organisation"].isin(ids)], weighting="count")
    return net, before[before["organisation"].isin(ids)], later


def evaluate(net, records, later, *, queries: int, seed: int, models: dict) -> pd.DataFrame:
    """precision@10 and AUC of every method on ``queries`` organisations with a new
    partner."""
    n = net.n_organisations
    index = net.organisations.index
    s, t = index.get_indexer(later["source"]), index.get_indexer(later["target"])
    import scipy.sparse as sp
    new = sp.csr_matrix((np.ones(2 * len(s)), (np.r_[s, t], np.r_[t, s])), shape=(n, n))
    src, tgt, _ = net.codes()
    tied = sp.csr_matrix((np.ones(2 * len(src)), (np.r_[src, tgt], np.r_[tgt, src])),
                         shape=(n, n))
    new = (new - new.multiply(tied > 0)).tocsr()
    new.eliminate_zeros()
    with_new = np.flatnonzero(np.diff(new.indptr) > 0)
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(with_new, min(queries, len(with_new)), replace=False))
    deg = np.diff(tied.tocsr().indptr).astype(float)
    results: dict[str, dict[str, list[float]]] = {}
    for rows, block in pair_feature_blocks(net, index[chosen], records=records,
                                           theme="programme_part", block_size=250):
        allowed = np.ones(block["common"].shape, dtype=bool)
        allowed[np.arange(len(rows)), rows] = False
        allowed &= tied[rows].toarray() == 0
        positive = new[rows].toarray() > 0
        scores = {
            "common neighbours": block["common"],
            "Adamic-Adar": block["adamic_adar"],
            "resource allocation": block["resource_allocation"],
            "preferential attachment": np.outer(deg[rows], deg),
            "linkages default": sum(w * (np.log1p(block[f]) if f in LOGGED else block[f])
                                    for f, w in DEFAULT_WEIGHTS.items()),
        }
        for name, model in models.items():
            full = np.full(allowed.shape, -np.inf)
            full[allowed] = model.score(block, allowed)
            scores[name] = full
        for name, score in scores.items():
            out = results.setdefault(name, {"p10": [], "auc": []})
            for i in range(len(rows)):
                sc, y = score[i][allowed[i]], positive[i][allowed[i]]
                top = np.lexsort((np.arange(len(sc)), -sc))[:10]   # ties: organisation order
                out["p10"].append(float(y[top].mean()))
                r = rankdata(sc)
                npos = int(y.sum())
                out["auc"].append(float((r[y].sum() - npos * (npos + 1) / 2)
                                        / (npos * (len(y) - npos))))
    return pd.DataFrame({name: {"precision@10": np.mean(v["p10"]), "AUC": np.mean(v["auc"])}
                         for name, v in results.items()}).T


LOGGED = ("common", "adamic_adar", "resource_allocation", "common_other",
          "adamic_adar_other", "paths3", "activity", "activity_all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    cordis = lk.load_cordis()
    split = ("2016-01-01", "2017-01-01") if args.tune else ("2017-01-01", None)
    net, records, later = history(cordis, *split)
    print(f"{net}; {len(later):,} later pairs; read in {time.perf_counter() - start:.1f} s")
    models = {}
    if not args.tune:
        fit_start = time.perf_counter()
        train, train_records, train_later = history(cordis, "2016-01-01", "2017-01-01")
        for method in ("logistic", "boosting"):
            models[f"linkages fitted ({method})"] = fit_suggestions(
                train, train_later, records=train_records, theme="programme_part",
                method=method, seed=args.seed)
        print(f"fitted on 2014-2015 -> 2016 in {time.perf_counter() - fit_start:.1f} s")
    table = evaluate(net, records, later, queries=args.queries, seed=args.seed,
                     models=models)
    print(table.round(3).to_string())
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
