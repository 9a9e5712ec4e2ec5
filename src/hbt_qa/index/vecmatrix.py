"""The vector leg in process: every stored embedding in one float32 matrix, kept in step with
the index.

sqlite-vec (``passages_vec``) stays the store of record; this is a read cache of it. Below
EXACT_BELOW passages a query scans the float32 matrix with numpy (exact, recall 1.0). From there
a binary code shortlists rows and only those are scored exactly: each vector is kept as a
thermometer code, per dimension three bits ``x > t1``, ``x > t2``, ``x > t3`` with t the
quartiles of that dimension over the loaded vectors (the median bit is the sign after centring,
which e5's anisotropic vectors need; the sign bits alone needed a shortlist 3–5× as long for the
same recall on real question vectors). The Hamming distance of
two codes is the L1 distance of the vectors quantised to four levels. The shortlist is the
``shortlist_size`` rows nearest by Hamming (xor + popcount over 18 uint64 words), rescored with
exact cosines from the matrix. At 100k passages that takes 5–7 ms against the full scan's
12–16 ms (the Hamming pass is ≈ 3 ms of it), with recall@10 ≥ 0.99 against the exact scan on
real e5 question vectors; on the bench's fake random vectors, which have no neighbourhoods for a
code to find, recall@10 is 0.91 (bench/README.md, "Vector leg: binary shortlist"). The quartiles
stay fixed from the last full load; incremental updates encode new vectors with them, and a full
reload (first use, or more than FULL_RELOAD_SHARE of the articles changed) recomputes them.
Memory: 1.5 KB per passage for the matrix plus 144 bytes for the code (168 MB at 100k).

e5 puts every text of one language near that language's mean, so a Vietnamese question scores
Vietnamese passages above the English passage that answers it, and the other way round. When
two languages each hold CENTRE_MIN_ARTICLES articles, passages are ranked by the cosine of the
question with the passage less its language's mean (``(u·q − m·q) / |u − m|``, per slot a
language and a factor; the means are taken again when a language's article count has moved
by FULL_RELOAD_SHARE, ≈ 100 ms at 100k), and each language gets its own shortlist. The score
given back stays the plain cosine, which the answer decision reads. Its cost at 100k passages,
20 % of them English: p50 4.2–5.9 ms against 3.1–7.0 ms plain in two runs on a shared
machine, recall@10 0.993 against the exact centred scan (bench/vec_centre.py).

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

from ..language.text import text_lang
from .store import Store

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

# From this many passages an exact scan is split over two threads (the 2-core target machine):
# numpy's matmul drops the GIL, so the halves run at once. Only the exact path (the benchmark's
# baseline above EXACT_BELOW) is this large; nothing in the app limits BLAS's own threads.
SPLIT_MIN_ROWS = 50_000
SPLIT_THREADS = 2
FULL_RELOAD_SHARE = 0.25  # past this share of changed articles a full reload is cheaper
EXACT_BELOW = 20_000  # rows; below this the full float32 scan is fast (< 5 ms) and exact
SHORTLIST_MIN = 2_000  # rows rescored exactly, at least
SHORTLIST_PER_RESULT = 20  # … and at least this many per result asked for
SHORTLIST_SHARE = 0.02  # … and this share of the passages (recall holds as the index grows)
CODE_QUANTILES = (0.25, 0.5, 0.75)  # thermometer thresholds per dimension
CODE_SAMPLE = 8_192  # rows the thresholds are computed from (every n-th row: 12 MB)
ENCODE_BATCH = 8_192  # rows encoded at once (bounded temporaries)
LANGUAGES = ("vi", "en")  # an article's language (text_lang of its head) as a slot's group
CENTRE_MIN_ARTICLES = 3  # a language's mean is subtracted once this many of its articles are held
HEAD_CHARS = 1000  # characters of an article's text its language is read from (≈ 0.1 ms)
_MATRICES: weakref.WeakKeyDictionary[Store, VectorMatrix] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def matrix_for(store: Store) -> VectorMatrix:
    """The one VectorMatrix of a Store (created on first use, loaded on first search)."""
    with _REGISTRY_LOCK:
        m = _MATRICES.get(store)
        if m is None:
            m = _MATRICES[store] = VectorMatrix(store.path)
        return m


def shortlist_size(live: int, k: int) -> int:
    """How many rows the binary code shortlists for exact rescoring."""
    return max(SHORTLIST_MIN, SHORTLIST_PER_RESULT * k, int(SHORTLIST_SHARE * live))


def code_thresholds(mat: np.ndarray, inv_norm: np.ndarray) -> np.ndarray:
    """Per-dimension quantiles (CODE_QUANTILES × dim) of up to CODE_SAMPLE rows made unit length."""
    if not len(mat):
        return np.zeros((len(CODE_QUANTILES), mat.shape[1]), np.float32)
    step = max(1, len(mat) // CODE_SAMPLE)
    sample = mat[::step] * inv_norm[::step, None]
    return np.quantile(sample, CODE_QUANTILES, axis=0).astype(np.float32)


def encode(unit_rows: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Thermometer codes of rows, as (words, rows) uint64: one column per row."""
    pad = (-unit_rows.shape[1]) % 64  # whole words per plane
    planes = []
    for t in thresholds:
        bits = unit_rows > t
        if pad:
            bits = np.pad(bits, ((0, 0), (0, pad)))
        planes.append(np.packbits(bits, axis=1, bitorder="little").view("<u8"))
    return np.ascontiguousarray(np.concatenate(planes, axis=1).T).astype(np.uint64, copy=False)


def encode_rows(mat: np.ndarray, inv_norm: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Codes of the rows of ``mat`` scaled to unit length, ENCODE_BATCH rows at a time."""
    out = np.zeros((code_words(mat.shape[1]), len(mat)), np.uint64)
    for a in range(0, len(mat), ENCODE_BATCH):
        b = min(a + ENCODE_BATCH, len(mat))
        out[:, a:b] = encode(mat[a:b] * inv_norm[a:b, None], thresholds)
    return out


def code_words(dim: int) -> int:
    """uint64 words per code of a ``dim``-dimensional vector."""
    return len(CODE_QUANTILES) * (-(-dim // 64))


def hamming(codes: np.ndarray, query: np.ndarray, out: np.ndarray) -> None:
    """Hamming distance of every column of ``codes`` to ``query`` (one code), into ``out``."""
    n = codes.shape[1]
    xor = np.empty(n, np.uint64)
    ones = np.empty(n, np.uint8)
    out[:] = 0
    for w in range(codes.shape[0]):
        np.bitwise_xor(codes[w], query[w], out=xor)
        np.bitwise_count(xor, out=ones)
        np.add(out, ones, out=out)


def shortlist(dist: np.ndarray, r: int) -> np.ndarray:
    """Positions of the ``r`` smallest distances (and any tied with the r-th), ascending."""
    if r >= len(dist):
        return np.arange(len(dist))
    cut = int(np.searchsorted(np.cumsum(np.bincount(dist)), r))
    return np.flatnonzero(dist <= cut)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first (ties broken by position)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return part[np.lexsort((part, -scores[part]))]


class VectorMatrix:
    """Cosine KNN over an in-memory copy of ``passages_vec``; thread-safe.

    Exact below ``exact_below`` rows, binary shortlist + exact rescoring from there.
    """

    def __init__(self, path: object) -> None:
        # A Store of its own: its connections only read, so pragma data_version moves on every
        # commit, this process's included (a connection never sees its own commits there).
        self._reader = Store(path)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self._mat = np.zeros((0, 0), dtype=np.float32)
        self._inv_norm = np.zeros(0, dtype=np.float32)
        self._ids = np.zeros(0, dtype=np.int64)  # rowid per slot, -1 for a free slot
        self._codes = np.zeros((0, 0), dtype=np.uint64)  # (words, slots) thermometer codes
        self._thresholds = np.zeros((len(CODE_QUANTILES), 0), dtype=np.float32)
        self._group = np.zeros(0, dtype=np.int8)  # language per slot (index into LANGUAGES)
        self._means = np.zeros((len(LANGUAGES), 0), dtype=np.float32)  # zero: not centred
        self._inv_centred = np.zeros(0, dtype=np.float32)  # 1 / |unit row − its mean|
        self._centred = False
        self._centre_held = np.zeros(len(LANGUAGES), dtype=np.int64)  # articles the means saw
        self._article_group: dict[str, int] = {}
        self.exact_below = EXACT_BELOW  # an attribute, so that tests can lower it
        self._free: list[int] = []
        self._slots: dict[str, list[int]] = {}  # article_id → its slots
        self._versions: dict[str, tuple[int, str, str, int]] | None = None
        self._seen = threading.local()  # .version: data_version this thread's reader last saw
        self.reloads = 0  # full loads, for tests and the benchmark
        self._warming: threading.Thread | None = None

    # -- queries ------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(rowid, cosine similarity) of the k nearest passages, best first.

        Nearest by the cosine to the passage less its language's mean when centred (see above).
        """
        with self._lock:
            self._refresh()
            if not len(self._ids) or k <= 0:
                return []
            q = np.asarray(query, dtype=np.float32).ravel()
            norm = float(np.linalg.norm(q))
            q = q / norm if norm > 0 else q
            k = min(k, len(self))
            r = shortlist_size(len(self), k)
            if len(self._ids) < self.exact_below or r >= len(self):
                rows: slice | np.ndarray = slice(None)
                scores = _scores(self._mat, q)
            else:
                rows = self._shortlist(q, r)
                # einsum, not BLAS: a multi-threaded sgemv this small waits on a busy core
                scores = np.einsum("ij,j->i", self._mat[rows], q)
            scores *= self._inv_norm[rows]
            ids = self._ids[rows]
            rank = scores
            if self._centred:
                rank = (scores - (self._means @ q)[self._group[rows]]) * self._inv_centred[rows]
            rank[ids < 0] = -np.inf  # free slots
            best = top_k(rank, k)
            return [(int(ids[i]), float(scores[i])) for i in best]

    def _shortlist(self, q: np.ndarray, r: int) -> np.ndarray:
        """Slots of the ``r`` live rows nearest to ``q`` by code (ties at the cut too)."""
        code = encode(q[None, :], self._thresholds)[:, 0]
        dist = np.empty(len(self._ids), np.uint16)
        _split(len(dist), lambda a, b: hamming(self._codes[:, a:b], code, dist[a:b]))
        if self._free:
            dist[self._free] = 64 * len(code) + 1  # past every real distance
        if not self._centred:
            return shortlist(dist, r)
        # A language's mean moves all its scores alike: each language is cut on its own.
        out = []
        for g in range(len(LANGUAGES)):
            slots = np.flatnonzero(self._group == g)
            if len(slots):
                out.append(slots[shortlist(dist[slots], r)])
        return np.concatenate(out)

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
        self._article_group = _languages(self._reader.article_heads(chars=HEAD_CHARS))
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
        self._thresholds = code_thresholds(mat[:i], inv[:i])
        self._codes = encode_rows(mat, inv, self._thresholds)
        self._mat, self._ids, self._inv_norm = mat, ids, inv
        self._free = list(range(i, n))  # passages without a vector (`hbt-qa check` reports)
        self._slots = {}
        self._group = np.zeros(n, dtype=np.int8)
        for slot in range(i):
            article = owner[int(ids[slot])]
            self._slots.setdefault(article, []).append(slot)
            self._group[slot] = self._article_group.get(article, 0)
        self._versions = dict(versions)
        self._recentre()
        self.reloads += 1

    def _apply(
        self,
        versions: dict[str, tuple[int, str, str, int]],
        changed: Sequence[str],
        gone: Sequence[str],
    ) -> None:
        """Drop the slots of changed or deleted articles, then add the changed ones' vectors."""
        for a in [*changed, *gone]:
            self._article_group.pop(a, None)
            for slot in self._slots.pop(a, []):
                self._ids[slot] = -1
                self._mat[slot] = 0.0
                self._inv_norm[slot] = 0.0
                self._free.append(slot)
        owner = dict(self._reader.passage_articles(changed))
        self._article_group.update(_languages(self._reader.article_heads(changed, HEAD_CHARS)))
        vectors = self._reader.vectors_by_rowid(list(owner))
        self._grow(len(vectors) - len(self._free))
        self._free.sort(reverse=True)  # fill the lowest free slots first
        filled = []
        for rowid, blob in vectors.items():
            slot = self._free.pop()
            vec = np.frombuffer(blob, "<f4")
            self._mat[slot] = vec
            self._inv_norm[slot] = _inv_norms(vec[None, :])[0]
            self._ids[slot] = rowid
            self._slots.setdefault(owner[rowid], []).append(slot)
            self._group[slot] = self._article_group.get(owner[rowid], 0)
            filled.append(slot)
        if filled:  # codes with the thresholds of the last full load
            self._codes[:, filled] = encode_rows(
                self._mat[filled], self._inv_norm[filled], self._thresholds
            )
        for a in gone:
            self._versions.pop(a, None)  # type: ignore[union-attr]
        for a in changed:
            self._versions[a] = versions[a]  # type: ignore[index]
        self._recentre(filled)

    def _recentre(self, added: Sequence[int] | None = None) -> None:
        """Each language's mean unit vector and each slot's centred length (see the module).

        With ``added`` (slots just filled) only their lengths are computed, while every
        language's article count stays within FULL_RELOAD_SHARE of the counts the means were
        taken at (a full pass costs ≈ 100 ms at 100k passages).
        """
        held = np.bincount(
            [self._article_group.get(a, 0) for a in self._slots], minlength=len(LANGUAGES)
        )
        centred = int((held >= CENTRE_MIN_ARTICLES).sum()) >= 2
        drift = np.abs(held - self._centre_held) > FULL_RELOAD_SHARE * np.maximum(
            self._centre_held, 1
        )
        if added is not None and centred == self._centred and not drift.any():
            if centred and len(added):
                self._inv_centred[list(added)] = self._centred_lengths(np.asarray(added))
            return
        self._centred, self._centre_held = centred, held
        if not centred:
            return
        live = self._ids >= 0
        self._means = np.zeros((len(LANGUAGES), self._mat.shape[1]), np.float32)
        for g in range(len(LANGUAGES)):
            weights = np.where(live & (self._group == g), self._inv_norm, 0).astype(np.float32)
            count = int((weights > 0).sum())
            if held[g] >= CENTRE_MIN_ARTICLES and count:
                self._means[g] = (weights @ self._mat) / count  # no full-size temporary
        self._inv_centred = np.zeros(len(self._ids), np.float32)
        self._inv_centred[live] = self._centred_lengths(np.flatnonzero(live))

    def _centred_lengths(self, slots: np.ndarray) -> np.ndarray:
        """1 / |unit row − its language's mean| of some slots, ENCODE_BATCH rows at a time."""
        out = np.zeros(len(slots), np.float32)
        for a in range(0, len(slots), ENCODE_BATCH):
            part = slots[a : a + ENCODE_BATCH]
            mean = self._means[self._group[part]]
            along = np.einsum("ij,ij->i", self._mat[part], mean) * self._inv_norm[part]
            sq = 1.0 - 2.0 * along + np.einsum("ij,ij->i", mean, mean)
            out[a : a + len(part)] = 1.0 / np.sqrt(np.maximum(sq, 1e-12))
        return out

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
        self._group = np.concatenate([self._group, np.zeros(add, np.int8)])
        self._inv_centred = np.concatenate([self._inv_centred, np.zeros(add, np.float32)])
        words = code_words(dim)
        self._codes = np.concatenate(
            [self._codes.reshape(words, n), np.zeros((words, add), np.uint64)], axis=1
        )
        self._free.extend(range(n, n + add))


def _scores(mat: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``mat @ q``; a large matrix is split over SPLIT_THREADS threads (numpy drops the GIL)."""
    out = np.empty(len(mat), dtype=np.float32)
    _split(len(mat), lambda a, b: np.matmul(mat[a:b], q, out=out[a:b]))
    return out


def _split(n: int, work: Callable[[int, int], object]) -> None:
    """``work(a, b)`` over row ranges covering ``n`` rows: one range, or from SPLIT_MIN_ROWS
    one per thread of SPLIT_THREADS (the caller takes the first)."""
    if n < SPLIT_MIN_ROWS or SPLIT_THREADS < 2:
        work(0, n)
        return
    step = -(-n // SPLIT_THREADS)
    parts = [(a, min(a + step, n)) for a in range(0, n, step)]
    futures = [_split_pool().submit(work, a, b) for a, b in parts[1:]]
    work(*parts[0])
    for f in futures:
        f.result()


@functools.cache
def _split_pool() -> ThreadPoolExecutor:
    """Threads that score slices of a large matrix alongside the caller."""
    return ThreadPoolExecutor(
        max_workers=max(1, SPLIT_THREADS - 1), thread_name_prefix="hbt-qa-vec"
    )


def _languages(heads: Sequence[tuple[str, str]]) -> dict[str, int]:
    """article_id → index into LANGUAGES, read from the head of its text."""
    return {a: LANGUAGES.index(text_lang(head or "")) for a, head in heads}


def _inv_norms(mat: np.ndarray) -> np.ndarray:
    """1 / row length (0 for a zero row), so that scores are cosines as sqlite-vec gives."""
    norms = np.sqrt(np.einsum("ij,ij->i", mat, mat))  # no full-size temporary
    out = np.zeros_like(norms, dtype=np.float32)
    np.divide(1.0, norms, out=out, where=norms > 0)
    return out
