"""Grid search of the reranking weights on the synthetic dev set (retrieval metrics only).

Usage: python bench/tune_weights.py /tmp/dev.db bench/devset/questions.jsonl
The query embedding and both legs run once per question; only fusion and reranking repeat.
"""

from __future__ import annotations

import itertools
import statistics
import sys
from pathlib import Path

from hbt_qa import search as S
from hbt_qa.config import Settings
from hbt_qa.evaluate import evidence_rank, load_questions
from hbt_qa.index.embed import load_embedder
from hbt_qa.index.store import Store


def main(index: str, questions: str) -> None:
    """Print R@1 and MRR@10 for each weight combination, best last."""
    store = Store(index)
    embedder = load_embedder(Settings.from_env())
    qs = [q for q in load_questions(Path(questions)) if q.answerable]
    base = [S.run_search(store, embedder, q.question, k=10) for q in qs]
    rows = []
    grid = itertools.product((0.3, 0.6), (0.8,), (0.6, 1.0, 1.4), (0.3, 0.6, 1.0), (0.6, 1.0, 1.5))
    for w_t, w_p, w_c, w_vi, w_en in grid:
        S.W_TIME, S.W_PLACE, S.W_COVER = w_t, w_p, w_c
        S.LEG_WEIGHTS["vi"]["vector"] = w_vi
        S.LEG_WEIGHTS["en"]["bm25"] = w_en
        ranks = [
            evidence_rank(q, S.with_mode(store, b, "hybrid", 10).hits)
            for q, b in zip(qs, base, strict=True)
        ]
        r1 = statistics.fmean(1.0 if r == 1 else 0.0 for r in ranks)
        mrr = statistics.fmean(1 / r if r else 0.0 for r in ranks)
        rows.append((mrr, r1, w_t, w_p, w_c, w_vi, w_en))
    for mrr, r1, *w in sorted(rows)[-8:]:
        print(
            f"MRR@10 {mrr:.3f}  R@1 {r1:.3f}  W_TIME {w[0]} W_PLACE {w[1]} W_COVER {w[2]} "
            f"vi-vector {w[3]} en-bm25 {w[4]}"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
