"""The vector leg's binary shortlist (vecmatrix.py) against the exact scan: recall and speed.

    # recall on real e5 vectors: the bench's embedding cache, plus a 100k set of mixtures of them
    python bench/vec_prefilter.py recall --vectors bench/out/cache/vectors-seed1-….npz \
        --questions bench/devset/questions.jsonl=/tmp/vecdev.db \
        --questions bench/out/corpus-100k/queries.jsonl=bench/out/index-100k.db --mix 100000
    # speed and recall on an index, the old exact scan and the shortlist interleaved per query
    python bench/vec_prefilter.py speed --index bench/out/index-100k.db \
        --queries bench/out/corpus-100k/queries.jsonl --fake

A measurement, not a test. `recall` runs the module's own functions (thresholds, codes,
Hamming, shortlist, shortlist size) over vectors in memory; question vectors are the product's
(`run_search(...).query_vector`, the real model, against the index named after `=`). Queries of
the passages themselves are 500 passages left out of the base. `--mix N` adds, up to N rows,
mixtures ``normalise(a·x_i + (1−a)·x_j)`` of two random real passages (a uniform in
[0.25, 0.75], seed 0): synthetic, but with e5's anisotropy. `speed` loads the index into a
VectorMatrix and times `search(q, 50)` with the shortlist and with it switched off
(`exact_below` above the size: the previous exact scan), alternating per query, after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

K = 50  # what run_search asks the leg for


def exact_top(base: np.ndarray, q: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Exact top-k positions and the k-th score (ties at it count as hits)."""
    s = base @ q
    top = np.argpartition(-s, k - 1)[:k]
    return top, float(s[top].min())


def shortlist_top(
    base: np.ndarray, codes: np.ndarray, thr: np.ndarray, q: np.ndarray, k: int
) -> np.ndarray:
    """Top-k positions as VectorMatrix.search finds them above its exact threshold."""
    from hbt_qa.index import vecmatrix as vm

    dist = np.empty(len(base), np.uint16)
    vm.hamming(codes, vm.encode(q[None, :], thr)[:, 0], dist)
    rows = vm.shortlist(dist, vm.shortlist_size(len(base), K))
    return rows[vm.top_k(base[rows] @ q, k)]


def recall(base: np.ndarray, queries: np.ndarray) -> dict[str, float]:
    """Mean recall@10 and @50 of the shortlist against the exact scan (ties forgiven)."""
    from hbt_qa.index import vecmatrix as vm

    ones = np.ones(len(base), np.float32)
    thr = vm.code_thresholds(base, ones)
    codes = vm.encode_rows(base, ones, thr)
    out: dict[str, list[float]] = {"recall_at_10": [], "recall_at_50": []}
    for q in queries:
        q = q / np.linalg.norm(q)
        got = shortlist_top(base, codes, thr, q, K)
        scores = base @ q
        for k in (10, 50):
            _, kth = exact_top(base, q, k)
            out[f"recall_at_{k}"].append(float(np.mean(scores[got[:k]] >= kth - 1e-6)))
    return {name: round(statistics.fmean(v), 4) for name, v in out.items()} | {
        "queries": len(queries),
        "rows": len(base),
        "shortlist": vm.shortlist_size(len(base), K),
    }


def question_vectors(path: str, index: str) -> np.ndarray:
    """The product's query vectors of a JSONL file's questions ("question" or "q")."""
    from hbt_qa.answering.search import run_search
    from hbt_qa.config import Settings
    from hbt_qa.service import Service

    svc = Service(replace(Settings.from_env(), index_path=Path(index)))
    store, emb = svc.ready_store(), svc.embedder
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    texts = [r.get("question") or r["q"] for r in rows]
    vecs = [run_search(store, emb, t, k=10, mode="vector").query_vector for t in texts]
    return np.stack([np.asarray(v, np.float32) for v in vecs])


def mixtures(real: np.ndarray, n: int) -> np.ndarray:
    """``n`` unit mixtures of two random real vectors each (seed 0)."""
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(real), n), rng.integers(0, len(real), n)
    a = rng.uniform(0.25, 0.75, n)[:, None].astype(np.float32)
    v = a * real[i] + (1 - a) * real[j]
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def run_recall(args: argparse.Namespace) -> dict[str, Any]:
    """Recall per base (real, real + mixtures) and query set."""
    real = np.load(args.vectors)["vecs"].astype(np.float32)
    real /= np.linalg.norm(real, axis=1, keepdims=True)
    sets = {
        Path(p).parent.name + "/" + Path(p).name: question_vectors(p, i)
        for p, i in (q.split("=", 1) for q in args.questions)
    }
    left = np.random.default_rng(1).choice(len(real), 500, replace=False)
    keep = np.ones(len(real), bool)
    keep[left] = False
    out: dict[str, Any] = {"passages as queries (500 left out)": recall(real[keep], real[left])}
    bases = {"real": real}
    if args.mix > len(real):
        bases[f"real + mixtures to {args.mix}"] = np.concatenate(
            [real, mixtures(real, args.mix - len(real))]
        )
    for bname, base in bases.items():
        for sname, qv in sets.items():
            out[f"{sname} over {bname}"] = recall(base, qv)
            print(f"{sname} over {bname}", out[f"{sname} over {bname}"], flush=True)
    return out


def run_speed(args: argparse.Namespace) -> dict[str, Any]:
    """The leg with the shortlist and with the exact scan, interleaved, plus recall."""
    from hbt_qa.index.store import Store
    from hbt_qa.index.vecmatrix import VectorMatrix

    store = Store(args.index)
    m = VectorMatrix(store.path)
    t = time.perf_counter()
    m.refresh()
    load = time.perf_counter() - t
    texts = [json.loads(x)["q"] for x in Path(args.queries).read_text().splitlines() if x.strip()]
    dim = int(store.meta()["dim"])
    if args.fake:  # the vectors the bench stores and queries with at 100k
        sys.path.insert(0, str(Path(__file__).parent))
        from stages import fake_vectors
        from util import sha1

        qvecs = list(fake_vectors([sha1("q:" + t) for t in texts], dim))
    else:
        qvecs = list(question_vectors(args.queries, args.index))
    times: dict[str, list[float]] = {"exact": [], "shortlist": []}
    hits: dict[str, list[float]] = {"recall_at_10": [], "recall_at_50": []}
    for rep in range(args.repeats + 1):
        for q in qvecs:
            res = {}
            for mode in ("exact", "shortlist") if rep % 2 else ("shortlist", "exact"):
                m.exact_below = 1 << 62 if mode == "exact" else args.exact_below
                t = time.perf_counter()
                res[mode] = m.search(q, K)
                if rep:
                    times[mode].append(time.perf_counter() - t)
            if rep == 1:
                for k in (10, 50):
                    kth = res["exact"][k - 1][1]
                    got = [s for _, s in res["shortlist"][:k]]
                    hits[f"recall_at_{k}"].append(float(np.mean([s >= kth - 1e-6 for s in got])))

    def summary(xs: list[float]) -> dict[str, float]:
        xs = sorted(xs)
        return {
            "p50_ms": round(1000 * statistics.median(xs), 2),
            "p95_ms": round(1000 * xs[min(len(xs) - 1, int(0.95 * len(xs)))], 2),
        }

    ex, sl = summary(times["exact"]), summary(times["shortlist"])
    return {
        "passages": len(m),
        "load_s": round(load, 2),
        "exact_scan": ex,
        "shortlist": sl,
        "speedup_p50": round(ex["p50_ms"] / sl["p50_ms"], 2),
        "calls_each": len(times["exact"]),
    } | {k: round(statistics.fmean(v), 4) for k, v in hits.items()}


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("recall")
    r.add_argument("--vectors", required=True, help="the bench's vectors-….npz cache")
    r.add_argument("--questions", action="append", default=[], help="FILE.jsonl=INDEX.db")
    r.add_argument("--mix", type=int, default=0, help="pad the base with mixtures to N rows")
    s = sub.add_parser("speed")
    s.add_argument("--index", required=True)
    s.add_argument("--queries", required=True, help="JSONL with a 'q' field")
    s.add_argument("--fake", action="store_true", help="fake query vectors as the 100k bench")
    s.add_argument("--repeats", type=int, default=4, help="timed passes after one warm-up")
    s.add_argument("--exact-below", type=int, default=20_000)
    args = ap.parse_args()
    out = run_recall(args) if args.cmd == "recall" else run_speed(args)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
