"""Fit the fusion of the two legs on the dev half of the real records.

    .venv/bin/python bench/tune_fusion.py --index /tmp/rd.db \
        --questions ../shared/realdev/questions.jsonl --split dev

Runs both legs once per question, then re-fuses them (no new embedding) under each method
(weighted RRF with several k, weighted min-max) and leg weights per question language, and
prints passage and article R@5 and passage MRR@10 of each, best first. The chosen setting is
written by hand into ``answering/search.py`` (``FUSION``, ``LEG_WEIGHTS``).
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()
    if not args.questions.exists():
        print(f"skipped: {args.questions} is absent", file=sys.stderr)
        return 0
    service = Service(dataclasses.replace(Settings.from_env(), index_path=args.index))
    store = service.ready_store()
    qs = [q for q in select_split(load_questions(args.questions), args.split) if q.answerable]
    runs = [(q, S.run_search(store, service.embedder, q.question, k=10)) for q in qs]
    langs = sorted({r.plan.lang for _, r in runs})
    grid_w = [0.3, 0.6, 1.0, 1.5, 2.5]
    results = []
    for method, rrf_k in [("rrf", 60), ("rrf", 20), ("minmax", 0)]:
        for lang in langs:
            for wb, wv in itertools.product(grid_w, grid_w):
                if wb != 1.0 and wv != 1.0:
                    continue  # one weight fixed at 1: only the ratio matters
                S.FUSION = method  # type: ignore[assignment]
                saved = S.LEG_WEIGHTS[lang]
                S.LEG_WEIGHTS[lang] = {"bm25": wb, "vector": wv}
                psg5 = art5 = mrr = 0.0
                n = 0
                for q, r in runs:
                    if r.plan.lang != lang:
                        continue
                    hits = S.with_mode(store, r, "hybrid", 10, rrf_k or 60).hits
                    pr, ar = evidence_rank(q, hits), article_rank(q, hits)
                    n += 1
                    psg5 += pr is not None and pr <= 5
                    art5 += ar is not None and ar <= 5
                    mrr += 1 / pr if pr else 0.0
                S.LEG_WEIGHTS[lang] = saved
                if n:
                    results.append((lang, method, rrf_k, wb, wv, n, psg5 / n, art5 / n, mrr / n))
    for lang in langs:
        rows = sorted((r for r in results if r[0] == lang), key=lambda r: (-r[6], -r[8], -r[7]))
        print(f"== {lang} (n={rows[0][5]}): method k w_bm25 w_vector | psg R@5 art R@5 psg MRR")
        for r in rows[:8]:
            print(f"  {r[1]:6s} {r[2]:3d} {r[3]:.1f} {r[4]:.1f} | {r[6]:.3f} {r[7]:.3f} {r[8]:.3f}")
        cur = S.LEG_WEIGHTS[lang]
        now = [r for r in rows if r[1] == "rrf" and r[2] == 60 and (r[3], r[4]) == (
            cur["bm25"], cur["vector"])]  # fmt: skip
        if now:
            r = now[0]
            print(f"  current rrf 60 {r[3]:.1f} {r[4]:.1f} | {r[6]:.3f} {r[7]:.3f} {r[8]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
