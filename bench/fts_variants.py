"""The BM25 leg's variants side by side under one load.

    python bench/fts_variants.py bench/out/index-100k.db bench/out/corpus-100k/queries.jsonl

Variants: FTS5 over the whole OR with frequent terms dropped ("drop > 5 %"); the same ANDed with
its rarest parts (the session-2 cost cap); and the product's leg (`ftsleg.bm25_leg`: the whole
OR, costly parts' posting lists fetched once and kept). Per query, each variant runs in turn (so
all see the same load). The first pass is reported apart (the product's leg fetches its lists
there); then ``--passes`` timed ones. Prints p50 / p95 per variant and p95 per query language,
and how often each variant's ten best scores equal FTS5's whole OR.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("index", type=Path)
    ap.add_argument("queries", type=Path)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--budget", type=int, default=None, help="default: query.FTS_BUDGET")
    args = ap.parse_args()

    from hbt_qa.index.ftsleg import bm25_leg
    from hbt_qa.index.query import FTS_BUDGET, frequent_folded, plan_query
    from hbt_qa.index.store import Store

    store = Store(args.index)
    texts = [json.loads(x)["q"] for x in args.queries.read_text("utf-8").splitlines()]
    total, docs = store.term_docs()
    drop = frequent_folded(total, docs)
    budget = args.budget or FTS_BUDGET
    plans = [plan_query(q, drop) for q in texts]
    capped = [plan_query(q, drop, docs, budget) for q in texts]
    variants: dict[str, Callable[[int], Any]] = {
        "drop > 5 %": lambda i: store.fts_search(plans[i].match, plans[i].weights, 50),
        f"drop + cap {budget}": lambda i: store.fts_search(capped[i].match, capped[i].weights, 50),
        "product leg (lists kept)": lambda i: bm25_leg(store, plans[i], total, docs, 50),
    }
    times: dict[str, dict[str, list[float]]] = {k: {} for k in variants}
    first: dict[str, list[float]] = {k: [] for k in variants}
    same: dict[str, list[bool]] = {k: [] for k in variants}
    for rep in range(args.passes + 1):
        for i, p in enumerate(plans):
            if not p.match:
                continue
            results = {}
            for name, run in variants.items():
                t = time.perf_counter()
                results[name] = run(i)
                ms = (time.perf_counter() - t) * 1000
                if rep:
                    times[name].setdefault(p.lang, []).append(ms)
                else:
                    first[name].append(ms)
            if rep == 1:
                exact = [round(s, 6) for _, s in results["drop > 5 %"][:10]]
                for name, res in results.items():
                    same[name].append([round(s, 6) for _, s in res[:10]] == exact)
    for name, by_lang in times.items():
        every = np.array([t for ts in by_lang.values() for t in ts])
        langs = ", ".join(f"{k} {np.percentile(v, 95):.1f}" for k, v in sorted(by_lang.items()))
        p50, p95 = np.percentile(every, 50), np.percentile(every, 95)
        f50, f95 = np.percentile(first[name], 50), np.percentile(first[name], 95)
        print(
            f"{name}: p50 {p50:.1f} / p95 {p95:.1f} ms (p95 by language: {langs}); "
            f"first pass p50 {f50:.1f} / p95 {f95:.1f} ms; "
            f"top-10 scores equal to the whole OR: {sum(same[name])}/{len(same[name])}"
        )


if __name__ == "__main__":
    main()
