"""The vector leg centred per language (vecmatrix.py) at scale: shortlist recall and speed.

    .venv/bin/python bench/vec_centre.py --index /tmp/rd.db \
        --questions ../shared/realdev/questions.jsonl --rows 100000

A measurement, not a test. The index's real vectors, each with its article's language, are
grown to ``--rows`` with mixtures ``normalise(a·x_i + (1−a)·x_j)`` of two passages of one
language (a uniform in [0.25, 0.75], seed 0; each mixture is an article of its own), loaded into
a VectorMatrix as its full load would (thresholds, codes, language means). Question vectors are
the product's. Recall@10 and @50 compare the shortlist (each language cut on its own) with the
exact centred ranking over every row; speed times ``search(q, 50)`` centred and plain (the same
matrix with centring off), interleaved per query, after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

K = 50  # what run_search asks the leg for


def load(index: Path, rows: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Unit vectors, their language index and article ids, grown to ``rows`` by mixtures."""
    from hbt_qa.index import vecmatrix as vm
    from hbt_qa.index.store import Store

    store = Store(index)
    owner = dict(store.passage_articles())
    langs = vm._languages(store.article_heads(chars=vm.HEAD_CHARS))
    ids, vecs = [], []
    for batch in store.iter_vectors():
        for rowid, blob in batch:
            if rowid in owner:
                ids.append(owner[rowid])
                vecs.append(np.frombuffer(blob, "<f4"))
    mat = np.stack(vecs).astype(np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    group = np.array([langs.get(a, 0) for a in ids], np.int8)
    rng = np.random.default_rng(0)
    extra = max(0, rows - len(mat))
    g = group[rng.integers(0, len(mat), extra)]
    parts, groups = [mat], [group]
    for lang in np.unique(group):
        pool = np.flatnonzero(group == lang)
        n = int((g == lang).sum())
        i, j = rng.choice(pool, n), rng.choice(pool, n)
        a = rng.uniform(0.25, 0.75, n)[:, None].astype(np.float32)
        v = a * mat[i] + (1 - a) * mat[j]
        parts.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        groups.append(np.full(n, lang, np.int8))
    articles = ids + [f"mix{i}" for i in range(extra)]
    return np.concatenate(parts), np.concatenate(groups), articles


def matrix(mat: np.ndarray, group: np.ndarray, articles: list[str], path: Path) -> object:
    """A VectorMatrix holding ``mat`` as a full load would (its reads of the index bypassed)."""
    from hbt_qa.index import vecmatrix as vm

    m = vm.VectorMatrix(path)
    m._refresh = lambda: None  # type: ignore[method-assign]
    ones = np.ones(len(mat), np.float32)
    m._mat, m._inv_norm, m._ids = mat, ones, np.arange(len(mat), dtype=np.int64)
    m._thresholds = vm.code_thresholds(mat, ones)
    m._codes = vm.encode_rows(mat, ones, m._thresholds)
    m._group = group
    m._article_group = {a: int(g) for a, g in zip(articles, group, strict=True)}
    m._slots = {}
    for slot, a in enumerate(articles):
        m._slots.setdefault(a, []).append(slot)
    m._recentre()
    return m


def question_vectors(path: Path, index: Path) -> np.ndarray:
    """The product's query vectors of a JSONL file's questions."""
    from hbt_qa.answering.search import run_search
    from hbt_qa.config import Settings
    from hbt_qa.service import Service

    svc = Service(replace(Settings.from_env(), index_path=index))
    store, emb = svc.ready_store(), svc.embedder
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    texts = [r.get("question") or r["q"] for r in rows]
    vecs = [run_search(store, emb, t, k=10, mode="vector").query_vector for t in texts]
    return np.stack([np.asarray(v, np.float32) for v in vecs])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    if not args.questions.exists():
        print(f"skipped: {args.questions} is absent", file=sys.stderr)
        return 0
    mat, group, articles = load(args.index, args.rows)
    m = matrix(mat, group, articles, args.index)
    qs = question_vectors(args.questions, args.index)
    assert m._centred, "the index needs two languages of 3 articles each"  # type: ignore[attr-defined]
    rec: dict[int, list[float]] = {10: [], 50: []}
    for q in qs:
        q = q / np.linalg.norm(q)
        rank = (mat @ q - (m._means @ q)[group]) * m._inv_centred  # type: ignore[attr-defined]
        got = [r for r, _ in m.search(q, K)]  # type: ignore[attr-defined]
        for k in rec:
            kth = np.partition(-rank, k - 1)[k - 1]
            rec[k].append(float(np.mean(rank[got[:k]] >= -kth - 1e-6)))
    times: dict[bool, list[float]] = {True: [], False: []}
    for q in np.concatenate([qs[:10], qs]):
        for centred in (True, False):
            m._centred = centred  # type: ignore[attr-defined]
            t = time.perf_counter()
            m.search(q, K)  # type: ignore[attr-defined]
            times[centred].append(time.perf_counter() - t)
    out = {
        "rows": len(mat),
        "english rows": int((group == 1).sum()),
        "queries": len(qs),
        "recall@10": round(statistics.fmean(rec[10]), 4),
        "recall@50": round(statistics.fmean(rec[50]), 4),
        "p50 ms centred": round(1000 * statistics.median(times[True][10:]), 2),
        "p50 ms plain": round(1000 * statistics.median(times[False][10:]), 2),
        "p95 ms centred": round(1000 * np.percentile(times[True][10:], 95), 2),
        "p95 ms plain": round(1000 * np.percentile(times[False][10:], 95), 2),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
