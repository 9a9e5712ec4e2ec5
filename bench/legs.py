"""The query side: plan, embedding, both legs, search and ask, and their baselines."""

from __future__ import annotations

import contextlib
import io
import re
import statistics
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from stages import fake_vectors, read_vectors
from util import CANDIDATES, TimedEmbedder, dist, sha1, timed


# -- query side --------------------------------------------------------------------------------
def folded_terms(text: str) -> list[str]:
    """The folded content syllables of a query: the same tokens for FTS and bm25s."""
    from hbt_qa.language.glossary import STOP_FOLDED
    from hbt_qa.language.text import fold

    toks = [fold(w) for w in re.findall(r"\w+", text.lower())]
    return list(dict.fromkeys(t for t in toks if t not in STOP_FOLDED))


def quote(t: str) -> str:
    """An FTS5 string literal."""
    return '"' + t.replace('"', '""') + '"'


def repeat(
    queries: Sequence[Any], fn: Callable[[Any], Any], repeats: int, warm: bool = True
) -> tuple[list[float], list[Any]]:
    """A warm-up pass (if ``warm``), then ``repeats`` timed passes; timings and last results."""
    for q in queries if warm else ():
        fn(q)
    times: list[float] = []
    results: list[Any] = []
    for r in range(repeats):
        results = []
        for q in queries:
            out, t = timed(lambda q=q: fn(q))
            times.append(t)
            if r == repeats - 1:
                results.append(out)
    return times, results


def bench_queries(
    store: Any, embedder: Any, queries: list[dict[str, str]], repeats: int, fake: bool
) -> dict[str, Any]:
    """Latency of plan, embedding, each leg, search and ask, plus the three baselines."""
    import bm25s

    from hbt_qa.answering.answer import ask
    from hbt_qa.answering.search import run_search
    from hbt_qa.index.embed import to_blob
    from hbt_qa.index.ftsleg import bm25_leg, cache_for
    from hbt_qa.index.query import frequent_folded, plan_query
    from hbt_qa.index.vecmatrix import matrix_for

    texts = [q["q"] for q in queries]
    out: dict[str, Any] = {"queries": len(texts)}
    plan_t, plans = repeat(texts, plan_query, repeats)
    out["plan_query"] = dist(plan_t)
    emb_t, qvecs = repeat([p.text for p in plans], embedder.embed_query, repeats)
    out["query_embedding"] = dist(emb_t)
    if fake:  # vectors of the same random distribution as the corpus, for the leg benchmarks
        qvecs = list(fake_vectors([sha1("q:" + t) for t in texts], embedder.info.dim))

    # the product leg, as run_search runs it: frequent terms dropped, the whole OR scored, the
    # posting lists of costly parts fetched once (the cold pass) and then kept (warm passes)
    (total, docs), t_docs = timed(store.term_docs)
    drop = frequent_folded(total, docs)
    dplans = [p for p in (plan_query(t, drop=drop) for t in texts) if p.match]
    cache = cache_for(store)
    cold_t, _ = repeat(dplans, lambda p: bm25_leg(store, p, total, docs, CANDIDATES), 1, warm=False)
    fts_t, fts_res = repeat(dplans, lambda p: bm25_leg(store, p, total, docs, CANDIDATES), repeats)
    out["fts_leg"] = dist(fts_t) | {
        "term_docs_load_s": round(t_docs, 2),
        "lists_kept": len(cache),
        "lists_fetched": cache.fetches,
    }
    out["fts_leg_cold"] = dist(cold_t)
    out["fts_leg_by_lang"] = {
        lang: dist([t for t, p in zip(fts_t, dplans * repeats, strict=True) if p.lang == lang])
        for lang in ("vi", "vi-nodiac", "en")
    }
    drop_t, drop_res = repeat(
        dplans, lambda p: store.fts_search(p.match, p.weights, CANDIDATES), repeats
    )
    out["fts_leg_drop_frequent"] = dist(drop_t) | {"dropped_terms": len(drop)}
    out["fts_leg_same_scores_at_10"] = same_scores_at_10(fts_res, drop_res)
    cplans = [p for p in (plan_query(t, drop, docs) for t in texts) if p.match]
    cap_t, cap_res = repeat(
        cplans, lambda p: store.fts_search(p.match, p.weights, CANDIDATES), repeats
    )
    out["fts_leg_capped"] = dist(cap_t) | {
        "capped_queries": sum(") AND (" in (p.match or "") for p in cplans)
    }
    out["fts_capped_vs_uncapped_overlap_at_10"] = overlap_at_10(cap_res, drop_res)
    out["fts_uncapped_self_overlap_at_10"] = overlap_at_10(
        drop_res, [store.fts_search(p.match, p.weights, CANDIDATES) for p in dplans]
    )
    every = [p for p in plans if p.match]
    all_t, _ = repeat(every, lambda p: store.fts_search(p.match, p.weights, CANDIDATES), repeats)
    out["fts_leg_all_terms"] = dist(all_t)

    # like for like with bm25s: one column (folded), OR of the same folded terms
    terms = [folded_terms(p.text) for p in plans]
    pairs = [(i, t) for i, t in enumerate(terms) if t]
    single = (0.0, 0.0, 1.0, 0.0, 0.0)
    ff_t, ff_res = repeat(
        pairs,
        lambda it: store.fts_search(
            "folded : (" + " OR ".join(quote(x) for x in it[1]) + ")", single, CANDIDATES
        ),
        repeats,
    )
    out["fts_single_column"] = dist(ff_t)
    out |= bench_bm25s(store, bm25s, pairs, ff_res, repeats)

    blobs = [to_blob(v) for v in qvecs]
    vec_t, vec_res = repeat(blobs, lambda b: store.vec_search(b, CANDIDATES), repeats)
    out["sqlite_vec_leg"] = dist(vec_t)
    matrix = matrix_for(store)
    _, t_load = timed(matrix.refresh)
    m_t, m_res = repeat(list(qvecs), lambda q: matrix.search(q, CANDIDATES), repeats)
    out["vector_leg"] = dist(m_t) | {"matrix_load_s": round(t_load, 2), "passages": len(matrix)}
    ids, mat = read_vectors(store)
    np_t, np_res = repeat(list(qvecs), lambda q: numpy_topk(mat, ids, q, CANDIDATES), repeats)
    out["numpy_bruteforce"] = dist(np_t)
    out |= recall_at_10(mat, ids, list(qvecs), m_res, np_res)
    sq = recall_at_10(mat, ids, list(qvecs), vec_res, np_res)
    out["sqlite_vec_recall_at_10"] = sq["recall_at_10"]

    timed_emb = TimedEmbedder(embedder)
    for name, fn in (
        ("search", lambda q: run_search(store, timed_emb, q, k=10)),
        ("ask", lambda q: ask(store, timed_emb, q, k=5)),
    ):
        totals, rests, embeds = split_embedding(texts, fn, timed_emb, repeats)
        out[name] = dist(totals)
        out[f"{name}_minus_embedding"] = dist(rests)
        out[f"{name}_embedding"] = dist(embeds)
    return out


def split_embedding(
    texts: list[str], fn: Callable[[str], Any], emb: TimedEmbedder, repeats: int
) -> tuple[list[float], list[float], list[float]]:
    """Per call: total time, time outside query embedding, time inside it."""
    for q in texts:
        fn(q)
    totals, rests, embeds = [], [], []
    for _ in range(repeats):
        for q in texts:
            emb.spent = 0.0
            _, t = timed(lambda q=q: fn(q))
            totals.append(t)
            embeds.append(emb.spent)
            rests.append(t - emb.spent)
    return totals, rests, embeds


def recall_at_10(
    mat: np.ndarray, ids: np.ndarray, qvecs: list[np.ndarray], vec_res: list[Any], np_res: list[Any]
) -> dict[str, float]:
    """Recall@10 of the vector leg against exact search; ties at the 10th score count as hits."""
    where = {int(r): i for i, r in enumerate(ids)}
    tie_aware, strict = [], []
    for q, v, n in zip(qvecs, vec_res, np_res, strict=True):
        scores = mat @ q
        tenth = float(scores[where[int(n[min(9, len(n) - 1)])]])
        got = [r for r, _ in v[:10]]
        tie_aware.append(sum(scores[where[r]] >= tenth - 1e-5 for r in got) / 10.0)
        strict.append(len(set(got) & set(n[:10].tolist())) / 10.0)
    return {
        "recall_at_10": round(float(statistics.fmean(tie_aware)), 4),
        "recall_at_10_strict_ids": round(statistics.fmean(strict), 4),
    }


def same_scores_at_10(a: list[Any], b: list[Any]) -> float:
    """Share of queries whose ten best scores are the same in both lists (ties in any order)."""
    same = [
        [round(s, 6) for _, s in x[:10]] == [round(s, 6) for _, s in y[:10]]
        for x, y in zip(a, b, strict=True)
    ]
    return round(statistics.fmean(same), 3) if same else 1.0


def overlap_at_10(a: list[Any], b: list[Any]) -> float:
    """Mean share of the top 10 rowids two result lists have in common."""
    shares = [
        len({r for r, _ in x[:10]} & {r for r, _ in y[:10]}) / max(1, min(10, len(y)))
        for x, y in zip(a, b, strict=True)
    ]
    return round(statistics.fmean(shares), 3) if shares else 1.0


def numpy_topk(mat: np.ndarray, ids: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    """Exact cosine top-k rowids (vectors are unit length, so a dot product)."""
    scores = mat @ q
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return ids[top[np.argsort(-scores[top])]]


def bench_bm25s(
    store: Any, bm25s: Any, pairs: list[tuple[int, list[str]]], fts_res: list[Any], repeats: int
) -> dict[str, Any]:
    """bm25s (k1 1.2, b 0.75, Robertson idf as FTS5) over the folded column read back."""
    rows = store.conn.execute("select rowid, folded from passages_fts order by rowid").fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    corpus = [r[1].split() for r in rows]
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="robertson")
    with contextlib.redirect_stdout(io.StringIO()):  # bm25s prints a line while indexing
        _, build = timed(lambda: retriever.index(corpus, show_progress=False))
    k = min(CANDIDATES, len(corpus))
    bm_t, bm_res = repeat(
        pairs, lambda it: retriever.retrieve([it[1]], k=k, show_progress=False)[0][0], repeats
    )
    overlap = statistics.fmean(
        len({r for r, _ in f[:10]} & set(ids[b[:10]].tolist())) / 10.0
        for f, b in zip(fts_res, bm_res, strict=True)
    )
    return {
        "bm25s": dist(bm_t) | {"index_seconds": round(build, 2)},
        "fts_vs_bm25s_overlap_at_10": round(overlap, 3),
    }
