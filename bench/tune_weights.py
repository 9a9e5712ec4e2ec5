"""Grid search of the reranking weights (``answering/search.py``) on the dev sets.

    .venv/bin/python bench/tune_weights.py \
        --set /tmp/rd.db ../shared/realdev/questions.jsonl dev \
        --set /tmp/dev.db bench/devset/questions.jsonl all

Each ``--set`` is an index, its question file and the split used (tune on the real records' dev
half and the synthetic dev set, never on the test half). The query embedding and both legs run
once per question; only fusion and reranking repeat. Prints, for the best settings and the
current one, passage R@1 and R@5, MRR@10 and how many questions get another article first
(all summed over the sets). The chosen weights are written by hand into the search module.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
from pathlib import Path

from hbt_qa.answering import search as S
from hbt_qa.config import Settings
from hbt_qa.evaluate import article_rank, evidence_rank, load_questions, select_split
from hbt_qa.service import Service

NAMES = ("W_TIME", "W_PLACE", "W_COVER", "W_SESSION", "W_ORGAN")
GRID = ((0.3, 0.6, 1.0), (0.8, 1.2, 1.6), (0.6, 1.0), (0.8,), (0.3, 0.6))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--set", nargs=3, action="append", required=True,
                    metavar=("INDEX", "QUESTIONS", "SPLIT"))  # fmt: skip
    args = ap.parse_args()
    runs = []
    for index, questions, split in args.set:
        if not Path(questions).exists():
            print(f"skipped: {questions} is absent", file=sys.stderr)
            continue
        service = Service(dataclasses.replace(Settings.from_env(), index_path=Path(index)))
        store = service.ready_store()
        for q in select_split(load_questions(Path(questions)), split):  # type: ignore[arg-type]
            if q.answerable:
                runs.append((store, q, S.run_search(store, service.embedder, q.question, k=10)))
    if not runs:
        return 0
    current = tuple(getattr(S, n) for n in NAMES)
    rows = []
    for combo in sorted(set(itertools.product(*GRID)) | {current}):
        for name, w in zip(NAMES, combo, strict=True):
            setattr(S, name, w)
        r1 = r5 = mrr = other_first = 0.0
        for store, q, base in runs:
            hits = S.with_mode(store, base, "hybrid", 10).hits
            rank = evidence_rank(q, hits)
            r1 += rank == 1
            r5 += rank is not None and rank <= 5
            mrr += 1 / rank if rank else 0.0
            other_first += article_rank(q, hits) != 1
        rows.append((r5, mrr, r1, -other_first, combo))
    for name, w in zip(NAMES, current, strict=True):
        setattr(S, name, w)
    print(f"{len(runs)} answerable questions; sums over them")
    for r5, mrr, r1, neg_other, combo in sorted(rows, reverse=True)[:10]:
        mark = "  (current)" if combo == current else ""
        print(
            f"R@5 {r5:.0f}  MRR@10 {mrr:.2f}  R@1 {r1:.0f}  "
            f"another article first {-neg_other:.0f}  "
            + " ".join(f"{n} {w}" for n, w in zip(NAMES, combo, strict=True))
            + mark
        )
    cur = next(r for r in rows if r[4] == current)
    print(
        f"current: R@5 {cur[0]:.0f}  MRR@10 {cur[1]:.2f}  R@1 {cur[2]:.0f}  "
        f"another article first {-cur[3]:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
