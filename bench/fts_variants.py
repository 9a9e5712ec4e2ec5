"""The BM25 leg's plans side by side under one load: drop-only against the cost-capped plan.

    python bench/fts_variants.py bench/out/index-100k.db bench/out/corpus-100k/queries.jsonl

Per query, each plan runs in turn (so both see the same load); one warm-up pass, then
``--passes`` timed ones. Prints p50 / p95 per plan and p95 per query language.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("index", type=Path)
    ap.add_argument("queries", type=Path)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--budget", type=int, default=None, help="default: query.FTS_BUDGET")
    args = ap.parse_args()

    from hbt_qa.query import FTS_BUDGET, frequent_folded, plan_query
    from hbt_qa.store import Store

    store = Store(args.index)
    texts = [json.loads(x)["q"] for x in args.queries.read_text("utf-8").splitlines()]
    total, docs = store.term_docs()
    drop = frequent_folded(total, docs)
    budget = args.budget or FTS_BUDGET
    plans = {
        "drop > 5 %": [plan_query(q, drop) for q in texts],
        f"drop + cap {budget}": [plan_query(q, drop, docs, budget) for q in texts],
    }
    times: dict[str, dict[str, list[float]]] = {k: {} for k in plans}
    for rep in range(args.passes + 1):
        for i in range(len(texts)):
            for name, ps in plans.items():
                p = ps[i]
                if not p.match:
                    continue
                t = time.perf_counter()
                store.fts_search(p.match, p.weights, 50)
                if rep:
                    times[name].setdefault(p.lang, []).append((time.perf_counter() - t) * 1000)
    for name, by_lang in times.items():
        every = np.array([t for ts in by_lang.values() for t in ts])
        langs = ", ".join(f"{k} {np.percentile(v, 95):.1f}" for k, v in sorted(by_lang.items()))
        p50, p95 = np.percentile(every, 50), np.percentile(every, 95)
        print(f"{name}: p50 {p50:.1f} / p95 {p95:.1f} ms (p95 by language: {langs})")


if __name__ == "__main__":
    main()
