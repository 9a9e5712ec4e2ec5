"""Ingestion end to end against the raw encoder, in one process.

    python bench/ingest_e2e.py bench/out/corpus-1k/articles --articles 40 --rounds 3 \
        --batches 64,256

Copies the first ``--articles`` files of a folder, then per round, in an order that rotates,
runs: ingestion into a fresh index with the batch written synchronously
(``indexer.OVERLAP = False``) at the product's ``EMBED_BATCH``; ingestion with the batch embedded
and written in a worker while the next articles are prepared (the product) at each of
``--batches``; and one raw ``SentenceTransformer.encode`` call over the same passages (the
ceiling). Prints median wall-clock passages/s and the ratios against the raw encode: parse to
commit, not a sum of stage costs. Real model; a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batches", default="", help="EMBED_BATCH values, default the product's")
    args = ap.parse_args()

    from hbt_qa.config import Settings
    from hbt_qa.index import pipeline as indexer
    from hbt_qa.index.embed import _prep, load_embedder
    from hbt_qa.index.store import Store

    embedder = load_embedder(Settings.from_env())
    default = indexer.EMBED_BATCH
    batches = [int(b) for b in args.batches.split(",") if b] or [default]
    work = Path(tempfile.mkdtemp(prefix="hbt-e2e-"))
    src = work / "articles"
    src.mkdir()
    files = sorted(p for p in args.folder.rglob("*") if p.is_file())[: args.articles]
    for f in files:
        shutil.copy(f, src / f.name)

    def ingest(overlap: bool, batch: int, tag: str) -> tuple[float, list[str]]:
        indexer.OVERLAP, indexer.EMBED_BATCH = overlap, batch
        store = Store(work / f"{tag}.db")
        t = time.perf_counter()
        indexer.ingest_paths(store, embedder, [src])
        wall = time.perf_counter() - t
        texts = [r[0] for r in store.conn.execute("select text from passages order by id")]
        return wall, texts

    _, texts = ingest(True, default, "warm")  # loads the passage model and underthesea
    model = embedder.passages_model() if hasattr(embedder, "passages_model") else embedder

    def raw() -> float:
        t = time.perf_counter()
        model.model.encode(
            [_prep(x) for x in texts],
            prompt_name="passage",
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return time.perf_counter() - t

    variants = {f"sync {default}": (False, default)}
    variants |= {f"overlap {b}": (True, b) for b in batches}
    runs: dict[str, list[float]] = {name: [] for name in [*variants, "raw encode"]}
    names = list(runs)
    for r in range(args.rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            if name == "raw encode":
                runs[name].append(raw())
            else:
                overlap, batch = variants[name]
                runs[name].append(ingest(overlap, batch, f"r{r}-{name.replace(' ', '-')}")[0])
    indexer.OVERLAP, indexer.EMBED_BATCH = True, default
    n = len(texts)
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"{len(files)} articles, {n} passages, {args.rounds} rounds (median wall-clock)")
    for k, v in med.items():
        ratio = med["raw encode"] / v
        print(f"{k:12s} {v:7.2f} s  {n / v:6.2f} passages/s  {ratio:.2f}x raw encode")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
