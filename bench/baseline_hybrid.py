"""A plain hybrid baseline on the same articles and questions: one chunk per paragraph, BM25
(bm25s, diacritic-folded words) plus the same e5-small vectors, fused by RRF (k=60).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/baseline_hybrid.py ../shared/realdev --split test

Prints article and passage R@5 per question language for the baseline, so that the figures of
`hbt-qa eval` on the same split come with their ratio to it (README "Quality"). A passage hit
means the chunk holds the gold evidence, as `hbt-qa eval` scores it.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from hbt_qa.config import Settings
from hbt_qa.evaluate import load_questions, select_split
from hbt_qa.index.embed import load_embedder
from hbt_qa.language.text import fold


def chunks(folder: Path) -> list[tuple[str, str]]:
    """(article stem, paragraph) for every non-empty line after the URL line."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        body = lines[2:] if lines and lines[0].startswith("URL:") else lines
        out += [(path.stem, line.strip()) for line in body if line.strip()]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("realdev", type=Path)
    ap.add_argument("--split", default="test")
    args = ap.parse_args()
    if not (args.realdev / "questions.jsonl").exists():
        print(f"skipped: {args.realdev} is absent", file=sys.stderr)
        return 0
    import bm25s

    docs = chunks(args.realdev / "articles")
    texts = [t for _, t in docs]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([fold(t).lower() for t in texts], stopwords=None))
    embedder = load_embedder(Settings.from_env())
    vecs = embedder.embed_passages(texts)
    qs = [q for q in select_split(load_questions(args.realdev / "questions.jsonl"), args.split)]
    scores: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for q in qs:
        if not q.answerable:
            continue
        ids, _ = retriever.retrieve(bm25s.tokenize([fold(q.question).lower()], stopwords=None),
                                    k=min(50, len(texts)))  # fmt: skip
        bm = [int(i) for i in ids[0]]
        vec = list(np.argsort(-(vecs @ embedder.embed_query(q.question)))[:50])
        fused: dict[int, float] = {}
        for ranked in (bm, vec):
            for r, i in enumerate(ranked, 1):
                fused[int(i)] = fused.get(int(i), 0.0) + 1 / (60 + r)
        top = sorted(fused, key=lambda i: -fused[i])
        arts: list[str] = []
        for i in top:
            if docs[i][0] not in arts:
                arts.append(docs[i][0])
        art5 = any(d in arts[:5] for d in q.docs)
        psg5 = any(docs[i][0] in q.docs and (q.evidence or "\0") in docs[i][1] for i in top[:5])
        for key in ("all", q.lang):
            scores[key].append((art5, psg5))
    print(f"plain hybrid baseline, realdev {args.split}: slice | n | article R@5 | passage R@5")
    for key, rows in scores.items():
        n = len(rows)
        a = sum(x for x, _ in rows) / n
        p = sum(y for _, y in rows) / n
        print(f"  {key:16s} | {n:3d} | {a:.3f} | {p:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
