"""The BM25 leg with kept posting lists: FTS5's scores for the whole OR, in step with writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from hbt_qa.index import ftsleg as ftsleg
from hbt_qa.index.ftsleg import PostingCache, Postings, add_up, bm25_leg, cache_for
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.query import frequent_folded, plan_query
from hbt_qa.index.store import Store

DEV = Path(__file__).resolve().parent.parent / "bench" / "devset" / "articles"
QUERIES = (
    "giải ngân vốn đầu tư công",
    "thu ngan sach quan 5 thang dau nam",
    "Who chaired the meeting?",
    "How much budget revenue had the district collected by May?",
    "Phạm Thị Thu Hà chủ trì phiên họp",
)


def _postings(gen: int, rows: list[tuple[int, float]]) -> Postings:
    return Postings.of(gen, rows)


def test_add_up_sums_scores_per_row_and_keeps_the_best():
    a = _postings(1, [(3, 1.0), (7, 2.0), (9, 0.5)])
    b = _postings(1, [(7, 1.5), (2, 3.0)])
    assert add_up([a, b], 2) == [(7, 3.5), (2, 3.0)]
    assert add_up([a, b], 10) == [(7, 3.5), (2, 3.0), (3, 1.0), (9, 0.5)]
    assert add_up([], 5) == [] and add_up([_postings(1, [])], 5) == []


def test_add_up_on_sparse_row_ids_matches_the_dense_sum():
    rows = [(10_000_000 + 3 * i, float(i % 7) + 0.25) for i in range(50)]
    a, b = _postings(1, rows), _postings(1, rows[::2])
    got = dict(add_up([a, b], 100))
    want: dict[int, float] = {}
    for r, s in rows + rows[::2]:
        want[r] = want.get(r, 0.0) + s
    assert got == pytest.approx(want)


def test_cache_keeps_one_generation_and_evicts_the_least_recently_used():
    cache = PostingCache(capacity=5)
    key = ("a", (1.0,))
    assert cache.get(key, 1) is None
    cache.put(key, _postings(1, [(1, 1.0), (2, 1.0)]))
    cache.put(("b", (1.0,)), _postings(1, [(1, 1.0), (2, 1.0)]))
    assert cache.get(key, 1) is not None  # a is now the most recently used
    cache.put(("c", (1.0,)), _postings(1, [(5, 1.0), (6, 1.0)]))
    assert cache.get(("b", (1.0,)), 1) is None and cache.get(key, 1) is not None
    cache.put(("d", (1.0,)), _postings(0, [(1, 1.0)]))  # read before a write: not kept
    assert cache.get(("d", (1.0,)), 1) is None
    assert cache.get(key, 2) is None and len(cache) == 0  # a write empties it
    cache.put(("big", (1.0,)), _postings(2, [(i, 1.0) for i in range(6)]))
    assert len(cache) == 0  # larger than the whole cache


@pytest.fixture
def dev_store(tmp_path: Path, fake_embedder, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The synthetic dev articles indexed, with every part counted as costly."""
    monkeypatch.setattr(ftsleg, "MIN_PASSAGES", 0)
    monkeypatch.setattr(ftsleg, "COSTLY", 1)
    folder = tmp_path / "articles"
    shutil.copytree(DEV, folder)
    s = Store(tmp_path / "dev.db")
    ingest_paths(s, fake_embedder, [folder])
    return s


def _both(s: Store, q: str) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    total, docs = s.term_docs(min_doc=1)
    plan = plan_query(q, frequent_folded(total, docs))
    assert plan.match
    return bm25_leg(s, plan, total, docs, 20), s.fts_search(plan.match, plan.weights, 20)


def test_kept_lists_give_fts5s_own_scores(dev_store: Store):
    for q in QUERIES:
        ours, fts5 = _both(dev_store, q)
        assert [round(x, 6) for _, x in ours] == [round(x, 6) for _, x in fts5], q
        assert {r for r, _ in ours[:5]} & {r for r, _ in fts5[:5]}, q
    fetched = cache_for(dev_store).fetches
    assert fetched >= len(QUERIES)
    for q in QUERIES:
        _both(dev_store, q)
    assert cache_for(dev_store).fetches == fetched  # the second time every list is kept


def test_a_write_moves_the_generation_and_the_leg_follows(dev_store: Store, fake_embedder):
    g0 = dev_store.generation()
    assert g0 > 0
    ours, _ = _both(dev_store, QUERIES[0])
    top = dev_store.passages_by_rowid([ours[0][0]])[ours[0][0]]
    assert dev_store.delete_sources(["no-such-article"]) == []
    assert dev_store.generation() == g0  # nothing removed, nothing moved
    assert dev_store.delete_sources([top.source]) == [top.source]
    assert dev_store.generation() == g0 + 1
    ours, fts5 = _both(dev_store, QUERIES[0])
    assert top.rowid not in {r for r, _ in ours}
    assert [round(x, 6) for _, x in ours] == [round(x, 6) for _, x in fts5]


def test_small_indexes_use_one_fts5_query(tmp_path: Path, corpus_dir: Path, fake_embedder):
    s = Store(tmp_path / "t.db")
    ingest_paths(s, fake_embedder, [corpus_dir])
    total, docs = s.term_docs(min_doc=1)
    plan = plan_query("giải ngân vốn đầu tư", frequent_folded(total, docs))
    assert bm25_leg(s, plan, total, docs, 5) == s.fts_search(plan.match or "", plan.weights, 5)
    assert cache_for(s).fetches == 0
    assert np.isfinite([x for _, x in bm25_leg(s, plan, total, docs, 5)]).all()
