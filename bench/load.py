"""Load test of issue 7: simulated users asking and searching while an ingest writes the index.

    python bench/load.py --seconds 60 --users 20

Starts the web app (``python app.py``) on a free 127.0.0.1 port with its index and corpus in a
temporary folder, then for ``--seconds`` drives ``--users`` threads, each with its own
gradio_client, alternating ``/ask`` and ``/search`` with the benchmark's queries
(bench/generate.py), while another process runs ``hbt-qa ingest`` into the same index, round
after round, each round a fresh synthetic corpus (marked synthetic). Reports requests done,
errors (with "database is locked" counted apart, in replies and in both processes' logs),
p50/p95/max latency per operation, ingest rounds, and ``hbt-qa check`` of the index afterwards.
Exit code 1 when anything failed. Everything is bounded: the run, each request, the start-up,
the last ingest round. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_queries, write_corpus  # noqa: E402

LOCKED = "database is locked"


def free_port() -> int:
    """A port nobody listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float) -> float:
    """Poll ``url`` until it answers 200; returns the seconds it took."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the app was not ready after {timeout:.0f} s")


def article_count(index: Path) -> int:
    """Articles in the index, read with the standard library (no extension needed)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()


def wait_writing(index: Path, before: int, ingester: Ingester, timeout: float) -> float:
    """Wait until the ingest has stored its first article, so that the load overlaps writes."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if article_count(index) > before or (ingester.rounds and ingester.rounds[0]["rc"]):
            return time.monotonic() - t0
        time.sleep(0.2)
    raise SystemExit(f"the ingest wrote nothing in {timeout:.0f} s")


def pct(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100), None when there is nothing."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def summary(values: list[float]) -> dict[str, float | int | None]:
    """Count and latency percentiles in milliseconds."""
    ms = sorted(v * 1000 for v in values)
    r = lambda x: None if x is None else round(x, 1)  # noqa: E731
    return {
        "n": len(ms),
        "p50_ms": r(pct(ms, 50)),
        "p95_ms": r(pct(ms, 95)),
        "max_ms": r(ms[-1] if ms else None),
    }


class Users:
    """``n`` threads with their own client, alternating ask and search until a deadline."""

    def __init__(self, url: str, n: int, queries: list[str], timeout: float) -> None:
        self.url, self.n, self.queries, self.timeout = url, n, queries, timeout
        self.lat: dict[str, list[float]] = {"ask": [], "search": []}
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def _user(self, i: int, deadline: float) -> None:
        from gradio_client import Client

        try:
            client = Client(
                self.url, verbose=False, httpx_kwargs={"timeout": self.timeout},
                download_files=False, analytics_enabled=False,
            )  # fmt: skip
        except Exception as exc:  # a client that cannot connect is an error, not a crash
            with self._lock:
                self.errors.append(f"user {i} connect: {type(exc).__name__}: {exc}")
            return
        j = i
        while time.monotonic() < deadline:
            q = self.queries[j % len(self.queries)]
            op = "ask" if j % 2 == 0 else "search"
            j += 1
            t = time.monotonic()
            try:
                if op == "ask":
                    out = client.predict(question=q, k=5, history=None, api_name="/ask")
                    ok = isinstance(out, dict) and "answer" in out
                else:
                    out = client.predict(query=q, k=10, api_name="/search")
                    ok = isinstance(out, dict) and "hits" in out
                dt = time.monotonic() - t
                with self._lock:
                    self.lat[op].append(dt)
                    if not ok:
                        self.errors.append(f"{op} {q!r}: unexpected reply {str(out)[:200]}")
            except Exception as exc:
                with self._lock:
                    self.errors.append(f"{op} {q!r}: {type(exc).__name__}: {str(exc)[:300]}")

    def run(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=self._user, args=(i, deadline), daemon=True)
            for i in range(self.n)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + self.timeout + 30)


class Ingester:
    """``hbt-qa ingest`` rounds into the index, one fresh synthetic corpus per round."""

    def __init__(self, index: Path, work: Path, env: dict, passages: int) -> None:
        self.index, self.work, self.env, self.passages = index, work, env, passages
        self.rounds: list[dict] = []
        self.log = work / "ingest.log"
        self.proc: subprocess.Popen | None = None
        self.stop = threading.Event()
        cli = Path(sys.executable).with_name("hbt-qa")
        self.cli = [str(cli)] if cli.exists() else [sys.executable, "-m", "hbt_qa.cli"]

    def _loop(self) -> None:
        r = 0
        while not self.stop.is_set():
            r += 1
            folder = self.work / f"round-{r}"
            manifest = write_corpus(folder, seed=1000 + r, passages=self.passages)
            t = time.monotonic()
            with self.log.open("a") as log:
                self.proc = subprocess.Popen(
                    [*self.cli, "ingest", str(folder / "articles"), "--index", str(self.index),
                     "--json"],
                    stdout=subprocess.PIPE, stderr=log, text=True, env=self.env,
                )  # fmt: skip
                out, _ = self.proc.communicate()
            done = {"round": r, "rc": self.proc.returncode, "s": round(time.monotonic() - t, 1)}
            done["articles"] = manifest["articles"]
            try:
                rep = json.loads(out)
                done.update({k: len(rep.get(k, [])) for k in ("added", "updated", "failed")})
            except ValueError:
                done["stdout"] = out[-300:]
            self.rounds.append(done)

    def start(self) -> threading.Thread:
        t = threading.Thread(target=self._loop, daemon=True)
        t.start()
        return t

    def finish(self, thread: threading.Thread, grace: float) -> None:
        """Let the running round end within ``grace`` seconds, else stop it."""
        self.stop.set()
        thread.join(timeout=grace)
        if thread.is_alive() and self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            thread.join(timeout=30)
            if self.rounds:
                self.rounds[-1]["stopped"] = True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60, help="length of the load (default 60)")
    ap.add_argument("--users", type=int, default=20, help="simulated users (default 20)")
    ap.add_argument("--passages", type=int, default=1500, help="passages per ingest round")
    ap.add_argument("--timeout", type=float, default=120, help="per-request limit in seconds")
    ap.add_argument("--out", type=Path, help="also write the JSON report here")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="hbt-load-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for f in (ROOT / "corpus").iterdir():
        if f.is_file():
            shutil.copy(f, corpus / f.name)
    index = work / "index" / "hbt_qa.db"
    port = free_port()
    env = dict(os.environ)
    env.update(
        HBT_QA_INDEX=str(index), HBT_QA_CORPUS=str(corpus), HBT_QA_HOST="127.0.0.1",
        HBT_QA_PORT=str(port), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1", NO_PROXY="127.0.0.1,localhost",
    )  # fmt: skip
    env.pop("HBT_QA_ADMIN_USER", None)
    env.pop("HBT_QA_ADMIN_PASSWORD", None)
    app_log = work / "app.log"
    url = f"http://127.0.0.1:{port}/"
    report: dict = {"users": args.users, "seconds": args.seconds, "url": url}
    with app_log.open("w") as log:
        app = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")], stdout=log, stderr=subprocess.STDOUT, env=env
        )
    try:
        report["app_ready_s"] = round(wait_ready(url, app, timeout=300), 1)
        queries = [q["q"] for q in make_queries(1)]
        queries += ["Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"]
        ingester = Ingester(index, work, env, args.passages)
        users = Users(url, args.users, queries, args.timeout)
        before = article_count(index)
        ing_thread = ingester.start()
        report["ingest_first_write_s"] = round(wait_writing(index, before, ingester, 300), 1)
        at_start = article_count(index)
        t0 = time.monotonic()
        users.run(args.seconds)
        report["load_s"] = round(time.monotonic() - t0, 1)
        report["articles_written_during_load"] = article_count(index) - at_start
        ingester.finish(ing_thread, grace=120)
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()

    all_lat = users.lat["ask"] + users.lat["search"]
    report["requests"] = len(all_lat)
    report["errors"] = len(users.errors)
    report["error_samples"] = users.errors[:10]
    report["latency"] = {
        "all": summary(all_lat),
        "ask": summary(users.lat["ask"]),
        "search": summary(users.lat["search"]),
    }
    report["requests_per_s"] = round(len(all_lat) / max(report["load_s"], 1e-9), 2)
    app_text = app_log.read_text(errors="replace")
    ing_text = ingester.log.read_text(errors="replace") if ingester.log.exists() else ""
    report["locked"] = {
        "replies": sum(LOCKED in e for e in users.errors),
        "app_log": app_text.count(LOCKED),
        "ingest_log": ing_text.count(LOCKED),
    }
    report["tracebacks_in_app_log"] = app_text.count("Traceback")
    report["ingest_rounds"] = ingester.rounds
    cli = [*ingester.cli, "check", "--index", str(index)]
    check = subprocess.run(cli, capture_output=True, text=True, env=env, timeout=300)
    report["check"] = {"rc": check.returncode, "out": check.stdout.strip()}
    report["work"] = str(work) if args.keep else None

    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    failed = (
        report["errors"]
        or sum(report["locked"].values())
        or report["tracebacks_in_app_log"]
        or check.returncode
        or any(r["rc"] not in (0, None) and not r.get("stopped") for r in ingester.rounds)
        or not ingester.rounds
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
