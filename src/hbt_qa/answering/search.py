"""Hybrid retrieval: run the BM25 and vector legs, fuse them, return ``Hit``s."""

from __future__ import annotations

import functools
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Literal

from ..index.embed import Embedder
from ..index.ftsleg import bm25_leg, other_language_leg
from ..index.query import DocFreqs, QueryPlan, frequent_folded, plan_query, with_word_phrases
from ..index.store import Store, hit_from_row
from ..index.vecmatrix import matrix_for
from ..models import Hit
from .constraints import (
    Constraints,
    organ_fit,
    place_fit,
    question_constraints,
    session_fit,
)
from .fusion import minmax_fuse, rrf
from .timefit import time_fit

Mode = Literal["hybrid", "bm25", "vector"]

# Leg weights per query language, fitted with bench/tune_fusion.py (README "Quality"): on
# realdev's dev half and the synthetic dev set the vector leg carried Vietnamese questions (the
# passage embeds its article's context) and English ones equally with BM25. Questions typed
# without marks were weighted toward BM25 until session 10, when the fit was rerun over 305
# such questions (realdev's dev half and the question sets written on its pages): the vector
# leg, which embeds their restored text, weighs as for Vietnamese (passage R@5 0.967 → 0.974,
# MRR@10 0.905 → 0.909; answers unchanged). "other" ranks a Vietnamese question's English
# words alone (index/ftsleg.other_language_leg), so that English pages compete among
# themselves: over the same questions, passage R@5 Vietnamese → English 25 → 27 of 28, without
# marks → English 34 → 35 of 36, the rest unchanged; for English questions the glossary's
# Vietnamese phrases alone cost English → Vietnamese (99 → 94 of 100 at weight 1) and stay out.
# Weighted min-max fusion measured no better than RRF, so RRF stays.
LEG_WEIGHTS: dict[str, dict[str, float]] = {
    "vi": {"bm25": 0.6, "vector": 1.0, "other": 1.0},
    "vi-nodiac": {"bm25": 0.6, "vector": 1.0, "other": 0.3},
    "en": {"bm25": 1.0, "vector": 1.0},
}
FUSION: Literal["rrf", "minmax"] = "rrf"  # how the legs are joined (bench/tune_fusion.py)
CANDIDATES = 50
RERANK = 30  # fused candidates re-scored with the question's period and place
W_TIME = 0.6  # the reranking weights: bench/tune_weights.py on the dev sets (passage R@5)
W_PLACE = 0.8
W_COVER = 1.0  # share of the question's topic words (not its period or place) in the passage
W_SESSION = 0.8  # "Kỳ họp thứ 17": a record of another numbered session
W_ORGAN = 0.3  # "phiên họp UBND": the body that met


@dataclass
class SearchResult:
    """Hits plus what produced them, for answers and for explaining a search."""

    plan: QueryPlan
    hits: list[Hit]
    bm25: list[tuple[int, float]] = field(default_factory=list)
    vector: list[tuple[int, float]] = field(default_factory=list)
    query_vector: object | None = None
    constraints: Constraints | None = None
    home: tuple[str, ...] = ()
    doc_freqs: tuple[int, DocFreqs] = (0, {})  # passages, (FTS column, term) → passages
    other: list[tuple[int, float]] = field(default_factory=list)  # other_language_leg


@functools.cache
def _legs_pool() -> ThreadPoolExecutor:
    """Threads that run the BM25 leg while the query is embedded (each has its connection)."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="hbt-qa-fts")


def run_search(
    store: Store,
    embedder: Embedder | None,
    query: str,
    k: int = 10,
    mode: Mode = "hybrid",
    rrf_k: int = 60,
    home: tuple[str, ...] = (),
) -> SearchResult:
    """Search the index; ``embedder`` may be None for BM25-only.

    ``home`` names the office's own place(s), slightly preferred when a question names none.
    """
    if mode in ("hybrid", "vector") and embedder is not None:
        matrix_for(store).warm()  # the first load overlaps with planning and embedding
    total, docs = store.term_docs()
    plan = plan_query(query, frequent_folded(total, docs))
    n = max(k, CANDIDATES)
    bm25: list[tuple[int, float]] = []
    vector: list[tuple[int, float]] = []
    qvec = None
    other: list[tuple[int, float]] = []
    fts_job: Future[tuple[list[tuple[int, float]], list[tuple[int, float]]]] | None = None
    use_vector = mode in ("hybrid", "vector") and embedder is not None
    if mode in ("hybrid", "bm25") and plan.match:
        if use_vector:  # SQLite, torch and numpy release the GIL: the legs overlap on 2 cores
            fts_job = _legs_pool().submit(_keyword_legs, store, plan, total, docs, n, mode)
        else:
            bm25, other = _keyword_legs(store, plan, total, docs, n, mode)
    if use_vector:
        from .restore import restored_query

        restored = restored_query(store, plan)
        qvec = embedder.embed_query(restored)  # type: ignore[union-attr]
        vector = matrix_for(store).search(qvec, n)
    if fts_job is not None:
        bm25, other = fts_job.result()
    cons = question_constraints(plan.text, store.known_places())
    result = SearchResult(plan, [], bm25, vector, qvec, cons, tuple(home), (total, docs), other)
    result = with_mode(store, result, mode, k, rrf_k)
    if use_vector and plan.lang == "vi-nodiac":
        # The ranking is done; the answer's sentences are scored by the restored words.
        result = replace(result, plan=with_word_phrases(plan, restored))
    return result


def _keyword_legs(
    store: Store, plan: QueryPlan, total: int, docs: DocFreqs, n: int, mode: Mode
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """The BM25 leg and, when the hybrid weighs it, the other language's words alone."""
    weighted = mode == "hybrid" and LEG_WEIGHTS[plan.lang].get("other", 0.0) > 0
    other = other_language_leg(store, plan, n) if weighted else []
    return bm25_leg(store, plan, total, docs, n), other


def with_mode(
    store: Store, result: SearchResult, mode: Mode, k: int = 10, rrf_k: int = 60
) -> SearchResult:
    """The hits of one leg, or of their fusion, from legs already run (no new embedding)."""
    bm25 = result.bm25 if mode in ("hybrid", "bm25") else []
    vector = result.vector if mode in ("hybrid", "vector") else []
    weights = LEG_WEIGHTS[result.plan.lang] if mode == "hybrid" else None
    if FUSION == "minmax" and mode == "hybrid":
        fused = minmax_fuse({"bm25": bm25, "vector": vector}, weights)
    else:
        other = [r for r, _ in result.other] if mode == "hybrid" else []
        fused = rrf(
            {"bm25": [r for r, _ in bm25], "vector": [r for r, _ in vector], "other": other},
            weights,
            rrf_k,
        )
    top = fused[: max(k, RERANK)]
    rows = store.passages_by_rowid([r for r, _ in top])
    b_rank = {r: i + 1 for i, (r, _) in enumerate(result.bm25)}
    b_score = dict(result.bm25)
    v_score = dict(result.vector)
    hits = []
    for rowid, score in top:
        row = rows.get(rowid)
        if row is None:
            continue
        legs = {
            "bm25_rank": float(b_rank.get(rowid, 0)),
            "bm25": b_score.get(rowid, 0.0),
            "cosine": v_score.get(rowid, 0.0),
            "rowid": float(rowid),
        }
        hits.append(hit_from_row(row, score, legs))
    hits = rerank(hits, result.constraints, result.home, result.plan)[:k]
    return SearchResult(
        result.plan,
        hits,
        bm25,
        vector,
        result.query_vector,
        result.constraints,
        result.home,
        result.doc_freqs,
        result.other,
    )


def rerank(
    hits: list[Hit],
    cons: Constraints | None,
    home: tuple[str, ...] = (),
    plan: QueryPlan | None = None,
) -> list[Hit]:
    """Re-score fused hits by topic coverage and how well their period and place fit."""
    if not hits:
        return hits
    from .overlap import coverage, crosslingual_coverage, topic_plan

    topic = topic_plan(plan, cons) if plan is not None else None
    top = max(h.score for h in hits) or 1.0
    for h in hits:
        tf = time_fit(cons, h) if cons else 0.5
        pf = place_fit(cons, h, home) if cons else 0.5
        sf = session_fit(cons, h) if cons else 0.5
        of = organ_fit(cons, h) if cons else 0.5
        # A Vietnamese question's own words are absent from an English page: the English its
        # terms are written with stands in for them there.
        cover = 0.0
        if topic is not None:
            cover = max(coverage(topic, h.text), crosslingual_coverage(topic, h.text))
        h.legs.update(time_fit=tf, place_fit=pf, cover=cover, session_fit=sf, organ_fit=of)
        h.score = (
            h.score / top
            + W_TIME * (tf - 0.5)
            + W_PLACE * (pf - 0.5)
            + W_COVER * cover
            + W_SESSION * (sf - 0.5)
            + W_ORGAN * (of - 0.5)
        )
    return sorted(hits, key=lambda h: -h.score)


def search(
    store: Store,
    embedder: Embedder | None,
    query: str,
    k: int = 10,
    mode: Mode = "hybrid",
    home: tuple[str, ...] = (),
) -> list[Hit]:
    """Hybrid search returning hits best first."""
    return run_search(store, embedder, query, k, mode, home=home).hits
