"""The BM25 leg at scale: FTS5's own scores, with the posting lists of costly parts kept.

FTS5 walks every posting of every phrase in a MATCH (≈ 1.3 µs each at 100k passages, positions
included), so a question made only of common words ("who chaired the meeting" → "chu tri" OR
"phien hop", ≈ 55k passages) costs 60–130 ms however the expression is written. Its bm25() is a
sum over the expression's phrases, each term depending only on that phrase and the row, so the
score of an OR of parts is the sum of the parts' own scores. Here each costly part's (row,
score) list is fetched from FTS5 once and kept while the index is unchanged (the store's
generation, which every write moves, read in the same snapshot as the list); the cheap parts go
to FTS5 together in one OR, as before; numpy adds the lists up. The ranking is FTS5's over the
whole OR, with no cap and no sampling.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .query import DocFreqs, QueryPlan, build_match, costed_parts, other_language_match
from .store import Store
from .vecmatrix import top_k

MIN_PASSAGES = 20_000  # below this every plan is cheap (p95 13 ms at 1k): plain FTS5
COSTLY = 2_000  # estimated postings from which a part's list is fetched alone and kept
DENSE_SPAN = 64  # row ids up to this many times the postings are summed in a dense array
CACHE_POSTINGS = 4_000_000  # kept postings in all (12 bytes each: ≈ 48 MB)
_CACHES: weakref.WeakKeyDictionary[Store, PostingCache] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


@dataclass(frozen=True)
class Postings:
    """One part's matching rows and their bm25 (negated: higher is better)."""

    generation: int
    ids: np.ndarray  # int64 row ids
    scores: np.ndarray  # float64

    @classmethod
    def of(cls, generation: int, rows: Sequence[tuple[int, float]]) -> Postings:
        """From (rowid, score) rows as the store returns them."""
        arr = np.array(rows, dtype=np.float64).reshape(-1, 2)
        return cls(generation, arr[:, 0].astype(np.int64), arr[:, 1].copy())


class PostingCache:
    """Least-recently-used posting lists of one index, all of a single generation."""

    def __init__(self, capacity: int = CACHE_POSTINGS) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._lists: OrderedDict[tuple[str, tuple[float, ...]], Postings] = OrderedDict()
        self._generation: int | None = None
        self._held = 0
        self.fetches = 0  # lists read from FTS5, for tests and the benchmark

    def get(self, key: tuple[str, tuple[float, ...]], generation: int) -> Postings | None:
        """The kept list for ``key`` if it is of ``generation`` (any other empties the cache)."""
        with self._lock:
            if generation != self._generation:
                self._lists.clear()
                self._held = 0
                self._generation = generation
                return None
            found = self._lists.get(key)
            if found is not None:
                self._lists.move_to_end(key)
            return found

    def put(self, key: tuple[str, tuple[float, ...]], postings: Postings) -> None:
        """Keep a list if it is of the cache's generation, evicting the least recently used."""
        size = len(postings.ids)
        with self._lock:
            self.fetches += 1
            if postings.generation != self._generation or size > self.capacity:
                return
            old = self._lists.pop(key, None)
            self._held -= len(old.ids) if old is not None else 0
            self._lists[key] = postings
            self._held += size
            while self._held > self.capacity:
                _, gone = self._lists.popitem(last=False)
                self._held -= len(gone.ids)

    def __len__(self) -> int:
        """Lists kept."""
        return len(self._lists)


def cache_for(store: Store) -> PostingCache:
    """The one PostingCache of a Store."""
    with _REGISTRY_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = PostingCache()
        return cache


def bm25_leg(
    store: Store, plan: QueryPlan, total: int, docs: DocFreqs, k: int
) -> list[tuple[int, float]]:
    """The k best (rowid, bm25) for the plan's whole OR, best first."""
    if plan.match is None:
        return []
    costed = costed_parts(plan, docs) if total >= MIN_PASSAGES else []
    costly = [part for part, cost in costed if cost >= COSTLY]
    if not costly:
        return store.fts_search(plan.match, plan.weights, k)
    cheap = [part for part, cost in costed if cost < COSTLY]
    cache = cache_for(store)
    generation = store.generation()
    lists = []
    for part in costly:
        key = (build_match(plan.lang, [part]) or "", tuple(plan.weights))
        found = cache.get(key, generation)
        if found is None:
            found = Postings.of(*store.fts_postings(key[0], plan.weights))
            cache.put(key, found)
        lists.append(found)
    if cheap:
        lists.append(
            Postings.of(*store.fts_postings(build_match(plan.lang, cheap) or "", plan.weights))
        )
    return add_up(lists, k)


def other_language_leg(store: Store, plan: QueryPlan, k: int) -> list[tuple[int, float]]:
    """The k best (rowid, bm25) for the question's words in the other language alone."""
    match = other_language_match(plan)
    return store.fts_search(match, plan.weights, k) if match else []


def add_up(lists: Sequence[Postings], k: int) -> list[tuple[int, float]]:
    """Sum the lists' scores per row and return the k best rows, best first."""
    ids = np.concatenate([p.ids for p in lists]) if lists else np.zeros(0, np.int64)
    if not len(ids):
        return []
    scores = np.concatenate([p.scores for p in lists])
    if int(ids.max()) <= DENSE_SPAN * len(ids):  # a dense sum: no sort
        touched = np.zeros(int(ids.max()) + 1, dtype=bool)
        touched[ids] = True
        rows = np.flatnonzero(touched)
        sums = np.bincount(ids, weights=scores)[rows]
    else:
        rows, where = np.unique(ids, return_inverse=True)
        sums = np.bincount(where, weights=scores, minlength=len(rows))
    best = top_k(sums, k)
    return [(int(rows[i]), float(sums[i])) for i in best]
