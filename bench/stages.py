"""Ingestion stage by stage through the library, with the vector and segmentation caches."""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from util import REPO, say, sha1, timed


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
    """Hash of the code whose output the segmentation cache holds (of store.py only FtsRow and of
    indexer.py only the FTS-row functions, so that changes to the SQL or the ingest loop do not
    invalidate a 100k cache that takes half an hour to fill)."""
    import inspect

    import underthesea

    from hbt_qa.index import pipeline as indexer
    from hbt_qa.index.store import FtsRow

    h = hashlib.sha256(model_fp.encode())
    h.update(getattr(underthesea, "__version__", "?").encode())
    for name in (
        "language/segment.py",
        "language/text.py",
        "ingest/articles.py",
        "ingest/passages.py",
        "models.py",
    ):
        h.update((REPO / "src" / "hbt_qa" / name).read_bytes())
    for obj in (FtsRow, indexer.fts_row, indexer._title_forms, indexer.passage_periods):
        h.update(inspect.getsource(obj).encode())
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
    from hbt_qa.index.pipeline import fts_row
    from hbt_qa.ingest.articles import read_article_file
    from hbt_qa.ingest.passages import make_passages

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
    from hbt_qa.index.pipeline import fts_row
    from hbt_qa.ingest.articles import read_article_file
    from hbt_qa.ingest.passages import make_passages

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


def ingest_groups(docs: list[Doc], size: int) -> list[list[Doc]]:
    """Consecutive articles grouped until each group holds ``size`` passages (as ingest_paths)."""
    groups: list[list[Doc]] = [[]]
    count = 0
    for d in docs:
        groups[-1].append(d)
        count += len(d.passages)
        if count >= size:
            groups.append([])
            count = 0
    return [g for g in groups if g]


def embed_sample(docs: list[Doc], embedder: Any, stages: Stages) -> dict[str, Any]:
    """Embed the sample as ingest does (articles grouped until EMBED_BATCH passages) and with one
    raw encode call (ABBA order)."""
    from hbt_qa.index.embed import _prep
    from hbt_qa.index.pipeline import EMBED_BATCH

    sample = [d for d in docs if d.sample]
    halves = [sample[: len(sample) // 2], sample[len(sample) // 2 :]]
    encode_s = 0.0
    n = 0
    for j, half in enumerate(halves):
        texts = [_prep(p.text) for d in half for p in d.passages]
        if not texts:
            continue

        def raw(texts: list[str] = texts) -> Any:
            # The embedded default embeds passages through its sentence-transformers half.
            full = embedder.passages_model() if hasattr(embedder, "passages_model") else embedder
            return full.model.encode(
                texts,
                prompt_name="passage",
                batch_size=32,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )

        def per_article(half: list[Doc] = half) -> None:
            for group in ingest_groups(half, EMBED_BATCH):
                texts = [p.text for d in group for p in d.passages]
                vecs, t = timed(lambda texts=texts: embedder.embed_passages(texts))
                at = 0
                for d in group:
                    d.vectors = np.asarray(vecs[at : at + len(d.passages)], np.float32)
                    at += len(d.passages)
                stages.add("embedding", t, len(texts))

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
    from hbt_qa.index.embed import to_blob

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
