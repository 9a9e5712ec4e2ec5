"""Reads while records change (issue 22, point 10): 8 clients ask questions while an
administrator uploads 50 files, against a real `hbt-qa serve` on a free 127.0.0.1 port.

    python bench/read_during_upload.py /work/shared/realdev/articles --clients 8 --files 50

The corpus starts with the seed and the folder's files after the first ``--files``; those
first files are then uploaded one at a time through the page's own routes (sign-in, upload
cookie, ``/gradio_api/upload``, the upload event), as the browser does. Meanwhile ``--clients``
threads ask questions through the queue (the ``ask`` operation) in a loop. Prints the answer
time p50/p95 while quiet (``--quiet`` seconds before the upload) and during the upload, the
failed requests, and how many uploaded articles were found by a search right after their
upload reported done. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gradio_http import GradioHTTP, free_port, start_serve  # noqa: E402

QUESTIONS = [
    "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
    "Ai chủ trì phiên họp?",
    "thu ngan sach 5 thang dau nam",
    "How much had been disbursed by May 2024?",
    "Kết quả phòng cháy chữa cháy",
    "Công tác chuyển đổi số của phường",
]
ADMIN = ("bench", "bench-password-22")


def p(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of some seconds, in ms."""
    if not values:
        return float("nan")
    s = sorted(values)
    rank = math.ceil(q * len(s))  # nearest rank
    return 1000 * s[min(len(s), max(1, rank)) - 1]


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--quiet", type=float, default=30.0, help="seconds measured before upload")
    args = ap.parse_args()

    home = Path(tempfile.mkdtemp(prefix="hbt-rdu-"))
    corpus = home / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "hbt-2024-05-phien-hop-uy-vien.txt", corpus)
    files = sorted(f for f in args.folder.iterdir() if f.is_file())
    uploads, initial = files[: args.files], files[args.files :]
    for f in initial:
        shutil.copy(f, corpus / f.name)
    port = free_port()
    env = {
        "HOME": str(home),
        "HBT_QA_INDEX": str(home / "index" / "hbt_qa.db"),
        "HBT_QA_CORPUS": str(corpus),
        "HBT_QA_ADMIN_USER": ADMIN[0],
        "HBT_QA_ADMIN_PASSWORD": ADMIN[1],
        "GRADIO_TEMP_DIR": str(home / "gradio-tmp"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    t0 = time.perf_counter()
    proc = start_serve(home, env, port, timeout=900)
    print(f"served in {time.perf_counter() - t0:.0f} s ({len(initial) + 1} files)", flush=True)
    phase = ["quiet"]
    times: dict[str, list[float]] = {"quiet": [], "upload": []}
    failures: list[str] = []
    stop = threading.Event()

    def asker(i: int) -> None:
        c = GradioHTTP(port, timeout=120)
        fn = next(int(d["id"]) for d in c.config()["dependencies"] if d.get("api_name") == "ask")
        n = i
        while not stop.is_set():
            q = QUESTIONS[n % len(QUESTIONS)]
            n += 1
            label = phase[0]
            t = time.perf_counter()
            try:
                r = c.call(fn, [q, 5, None])
                ok = r.get("success") is True
            except Exception as exc:  # a failed request is counted, not raised
                ok, r = False, {"error": repr(exc)}
            took = time.perf_counter() - t
            if label == phase[0] and label in times:
                times[label].append(took)
            if not ok:
                failures.append(f"{label}: {str(r)[:200]}")

    threads = [threading.Thread(target=asker, args=(i,), daemon=True) for i in range(args.clients)]
    try:
        for t in threads:
            t.start()
        time.sleep(args.quiet)
        found, t_up = upload_all(port, uploads, home / "index" / "hbt_qa.db", phase, failures)
        phase[0] = "after"
        stop.set()
        for t in threads:
            t.join(timeout=180)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    q, u = times["quiet"], times["upload"]
    print(f"{args.clients} clients; {len(uploads)} uploads in {t_up:.0f} s")
    print(f"quiet : {len(q):4d} answers  p50 {p(q, 0.5):6.0f} ms  p95 {p(q, 0.95):6.0f} ms")
    print(f"upload: {len(u):4d} answers  p50 {p(u, 0.5):6.0f} ms  p95 {p(u, 0.95):6.0f} ms")
    ratio = p(u, 0.95) / p(q, 0.95) if q and u else float("nan")
    print(f"p95 during upload / quiet: {ratio:.2f}x; failed requests: {len(failures)}")
    print(f"uploaded articles found by a search right after done: {found}/{len(uploads)}")
    for f in failures[:5]:
        print("  ", f)
    if os.environ.get("HBT_QA_KEEP") is None:
        shutil.rmtree(home, ignore_errors=True)
    print(f"(median of answer times overall {statistics.median(q + u) * 1000:.0f} ms)")


def upload_all(
    port: int, uploads: list[Path], index: Path, phase: list[str], failures: list[str]
) -> tuple[int, float]:
    """Sign in, get the upload cookie, upload each file and search for it once done."""
    admin = GradioHTTP(port, timeout=600)
    session = "bench-admin"
    cfg = admin.config()
    kinds = {int(c["id"]): c for c in cfg["components"]}

    def data(fn: int, values: dict) -> list:
        out = []
        for cid in admin.inputs(fn):
            comp = kinds[cid]
            elem = comp.get("props", {}).get("elem_id")
            out.append(True if comp.get("type") == "state" else values.get(elem))
        return out

    fn, tid = admin.event("login", "click")
    signed = admin.call(fn, data(fn, {"admin-user": ADMIN[0], "admin-password": ADMIN[1]}),
                        session, tid)  # fmt: skip
    code = signed["output"]["data"][-1]
    assert admin.request("GET", f"/hbt-qa/grant?code={code}").status == 204
    up_fn, up_tid = admin.event("upload", "upload")
    search_fn = next(int(d["id"]) for d in cfg["dependencies"] if d.get("api_name") == "search")
    found = 0
    missing: list[str] = []
    phase[0] = "upload"
    t0 = time.perf_counter()
    for f in uploads:
        r = admin.upload(f.name, f.read_bytes())
        if r.status != 200:
            failures.append(f"upload route {f.name}: {r.status}")
            continue
        meta = {"path": r.json()[0], "orig_name": f.name, "meta": {"_type": "gradio.FileData"}}
        done = admin.call(up_fn, data(up_fn, {"upload": [meta]}), session, up_tid)
        if not done.get("success"):
            failures.append(f"upload {f.name}: {str(done)[:200]}")
            continue
        with sqlite3.connect(index) as c:
            row = c.execute(
                "select a.article_id, a.title, s.kind from sources s "
                "join articles a on a.article_id = s.article_id where s.source = ?",
                (f.name,),
            ).fetchone()
        if row is None:
            missing.append(f"{f.name}: not in the index after its upload reported done")
            continue
        aid, title, kind = row
        hit = admin.call(search_fn, [title[:200], 10, "", "", "relevance", ""])
        out = hit.get("output", {}).get("data", [{}])[0] if hit.get("success") else {}
        if any(h.get("article_id") == aid for h in out.get("hits", [])):
            found += 1
        else:
            missing.append(f"{f.name} ({kind}): its title did not find article {aid}")
    took = time.perf_counter() - t0
    phase[0] = "after"
    for m in missing:
        print("  not found:", m)
    return found, took


if __name__ == "__main__":
    main()
