"""The vector leg in process: every stored embedding in one float32 matrix, kept in step with
the index.

sqlite-vec (``passages_vec``) stays the store of record; this is a read cache of it. A float32
scan with numpy is exact (recall 1.0) and costs what brute force costs: at 100k passages
sqlite-vec's own scan took 4.6× as long (bench/README.md). Memory: 1.5 KB per passage (154 MB at
100k passages).

Other threads and processes may ingest into the same WAL-mode file while we serve. Each search
asks SQLite's ``pragma data_version`` (microseconds) on a connection that never writes; only when
another connection has committed does it compare every article's version (row id, content
hash, ingested_at, passage count) with the ones loaded, and fetch or drop just the articles that
changed, all inside one read transaction so that it never sees half an article.
"""

from __future__ import annotations

import functools
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from .store import Store

if TYPE_CHECKING:
    from collections.abc import Sequence

# From this many passages the scan is split over two threads (the 2-core target machine): numpy's
# matmul drops the GIL, so the halves run at once (BLAS itself is kept to one thread by the app).
SPLIT_MIN_ROWS = 50_000
SPLIT_THREADS = 2
FULL_RELOAD_SHARE = 0.25  # past this share of changed articles a full reload is cheaper
_MATRICES: weakref.WeakKeyDictionary[Store, VectorMatrix] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def matrix_for(store: Store) -> VectorMatrix:
    """The one VectorMatrix of a Store (created on first use, loaded on first search)."""
    with _REGISTRY_LOCK:
        m = _MATRICES.get(store)
        if m is None:
            m = _MATRICES[store] = VectorMatrix(store.path)
        return m


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first (ties broken by position)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return part[np.lexsort((part, -scores[part]))]


class VectorMatrix:
    """Exact cosine KNN over an in-memory copy of ``passages_vec``; thread-safe."""

    def __init__(self, path: object) -> None:
        # A Store of its own: its connections only read, so pragma data_version moves on every
        # commit, this process's included (a connection never sees its own commits there).
        self._reader = Store(path)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._mat = np.zeros((0, 0), dtype=np.float32)
        self._inv_norm = np.zeros(0, dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)  # rowid per slot, -1 for a free slot
        self._free: list[int] = []
        self._slots: dict[str, list[int]] = {}  # article_id → its slots
        self._versions: dict[str, tuple[int, str, str, int]] | None = None
        self._seen = threading.local()  # .version: data_version this thread's reader last saw
        self.reloads = 0  # full loads, for tests and the benchmark
        self._warming: threading.Thread | None = None

    # -- queries ------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(rowid, cosine similarity) of the k nearest passages, best first."""
        with self._lock:
            self._refresh()
            if not len(self._ids) or k <= 0:
                return []
            q = np.asarray(query, dtype=np.float32).ravel()
            norm = float(np.linalg.norm(q))
            scores = _scores(self._mat, q / norm if norm > 0 else q)
            scores *= self._inv_norm
            if self._free:
                scores[self._free] = -np.inf
            best = top_k(scores, min(k, len(self)))
            return [(int(self._ids[i]), float(scores[i])) for i in best]

    def __len__(self) -> int:
        """Passages held."""
        return len(self._ids) - len(self._free)

    def refresh(self) -> None:
        """Catch up with the index now (searches do it themselves)."""
        with self._lock:
            self._refresh()

    def warm(self) -> None:
        """Start the first load in the background (3.5 s at 100k passages) if nothing is loaded.

        A search meanwhile waits for it on the lock, or loads by itself if it gets there first.
        """
        if self._versions is None and self._warming is None:
            self._warming = threading.Thread(target=self.refresh, name="hbt-qa-vec-load")
            self._warming.daemon = True
            self._warming.start()

    # -- keeping in step with the index --------------------------------------------------
    def _refresh(self) -> None:
        """Load on first use; afterwards apply only what other connections committed."""
        version = self._reader.data_version()
        if self._versions is not None and getattr(self._seen, "version", None) == version:
            return
        with self._reader.read_snapshot():
            now = self._reader.article_versions()
            if self._versions is None:
                self._load_all(now)
            else:
                changed = [a for a, v in now.items() if self._versions.get(a) != v]
                gone = [a for a in self._versions if a not in now]
                if len(changed) + len(gone) > FULL_RELOAD_SHARE * max(len(now), 1):
                    self._load_all(now)
                elif changed or gone:
                    self._apply(now, changed, gone)
        self._seen.version = version

    def _load_all(self, versions: dict[str, tuple[int, str, str, int]]) -> None:
        """Read every vector into a fresh matrix (batches: no second full-size copy)."""
        owner = dict(self._reader.passage_articles())
        dim = int(self._reader.meta().get("dim", "0"))
        n = len(owner)
        mat = np.zeros((n, dim), dtype=np.float32)
        ids = np.full(n, -1, dtype=np.int64)
        inv = np.zeros(n, dtype=np.float32)
        i = 0
        for rows in self._reader.iter_vectors():  # 2,048 rows: a 3 MB transient per batch
            if not owner.keys() >= {r[0] for r in rows}:  # vectors of no passage (see check)
                rows = [r for r in rows if r[0] in owner]
                if not rows:
                    continue
            rowids, blobs = zip(*rows, strict=True)
            m = min(len(rowids), n - i)
            if m <= 0:
                continue
            ids[i : i + m] = rowids[:m]
            mat[i : i + m] = np.frombuffer(b"".join(blobs[:m]), "<f4").reshape(m, dim)
            inv[i : i + m] = _inv_norms(mat[i : i + m])
            i += m
        self._mat, self._ids, self._inv_norm = mat, ids, inv
        self._free = list(range(i, n))  # passages without a vector (`hbt-qa check` reports)
        self._slots = {}
        for slot in range(i):
            self._slots.setdefault(owner[int(ids[slot])], []).append(slot)
        self._versions = dict(versions)
        self.reloads += 1

    def _apply(
        self,
        versions: dict[str, tuple[int, str, str, int]],
        changed: Sequence[str],
        gone: Sequence[str],
    ) -> None:
        """Drop the slots of changed or deleted articles, then add the changed ones' vectors."""
        for a in [*changed, *gone]:
            for slot in self._slots.pop(a, []):
                self._ids[slot] = -1
                self._mat[slot] = 0.0
                self._inv_norm[slot] = 0.0
                self._free.append(slot)
        owner = dict(self._reader.passage_articles(changed))
        vectors = self._reader.vectors_by_rowid(list(owner))
        self._grow(len(vectors) - len(self._free))
        self._free.sort(reverse=True)  # fill the lowest free slots first
        for rowid, blob in vectors.items():
            slot = self._free.pop()
            vec = np.frombuffer(blob, "<f4")
            self._mat[slot] = vec
            self._inv_norm[slot] = _inv_norms(vec[None, :])[0]
            self._ids[slot] = rowid
            self._slots.setdefault(owner[rowid], []).append(slot)
        for a in gone:
            self._versions.pop(a, None)  # type: ignore[union-attr]
        for a in changed:
            self._versions[a] = versions[a]  # type: ignore[index]

    def _grow(self, extra: int) -> None:
        """Room for ``extra`` more vectors, by a quarter at least (amortised appends)."""
        if extra <= 0:
            return
        n, dim = self._mat.shape
        dim = dim or int(self._reader.meta().get("dim", "0"))
        add = max(extra, n // 4, 64)
        self._mat = (
            np.concatenate([self._mat, np.zeros((add, dim), np.float32)])
            if n
            else (np.zeros((add, dim), np.float32))
        )
        self._inv_norm = np.concatenate([self._inv_norm, np.zeros(add, np.float32)])
        self._ids = np.concatenate([self._ids, np.full(add, -1, np.int64)])
        self._free.extend(range(n, n + add))


def _scores(mat: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``mat @ q``; a large matrix is split over SPLIT_THREADS threads (numpy drops the GIL)."""
    n = len(mat)
    if n < SPLIT_MIN_ROWS or SPLIT_THREADS < 2:
        return mat @ q
    out = np.empty(n, dtype=np.float32)
    step = -(-n // SPLIT_THREADS)
    parts = [(a, min(a + step, n)) for a in range(0, n, step)]

    def part(ab: tuple[int, int]) -> None:
        np.matmul(mat[ab[0] : ab[1]], q, out=out[ab[0] : ab[1]])

    futures = [_split_pool().submit(part, ab) for ab in parts[1:]]
    part(parts[0])
    for f in futures:
        f.result()
    return out


@functools.cache
def _split_pool() -> ThreadPoolExecutor:
    """Threads that score slices of a large matrix alongside the caller."""
    return ThreadPoolExecutor(
        max_workers=max(1, SPLIT_THREADS - 1), thread_name_prefix="hbt-qa-vec"
    )


def _inv_norms(mat: np.ndarray) -> np.ndarray:
    """1 / row length (0 for a zero row), so that scores are cosines as sqlite-vec gives."""
    norms = np.sqrt(np.einsum("ij,ij->i", mat, mat))  # no full-size temporary
    out = np.zeros_like(norms, dtype=np.float32)
    np.divide(1.0, norms, out=out, where=norms > 0)
    return out
