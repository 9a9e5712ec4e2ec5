"""Crash safety: SIGKILL a real ingest process at many moments; the index must survive.

Each kill leaves an index that opens, passes ``Store.check()`` and ``hbt-qa check``, and a
re-run completes with every article present. The worker is a separate Python process that
ingests a folder of synthetic articles with the tests' fast ``HashEmbedder`` (the real model
would make every run cost a model load). Kills come from the clock (after the imports, while
the write-ahead log grows) and, for exact moments, from an SQL trace hook that kills the
process just before the Nth statement of a kind runs (mid-transaction, before COMMIT, in the
middle of creating the schema). Killing the embedded-model build is covered by
tests/test_e5convert.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hbt_qa.index.store import Store

TESTS = Path(__file__).resolve().parent
N_ARTICLES = 40

WORKER = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from fakes import HashEmbedder
    import hbt_qa.index.pipeline
    import hbt_qa.language.segment
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    # underthesea costs ~10 s of start-up per process and writes nothing: whitespace words
    # and segment.py's own punctuation fallback keep every write of the real pipeline.
    def no_underthesea(text):
        raise RuntimeError("not in crash tests")

    hbt_qa.language.segment._sent_tokenize = no_underthesea
    hbt_qa.index.pipeline.segment_words = lambda text: " ".join(text.split())

    db, corpus, kill_on, kill_n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    seen = [0]

    def trace(sql):
        # Called as each statement starts: the kill lands before it runs.
        if kill_on and kill_on in sql.lower():
            seen[0] += 1
            if seen[0] >= kill_n:
                os.kill(os.getpid(), signal.SIGKILL)

    class TrapStore(Store):
        def _connect(self):
            conn = super()._connect()
            conn.set_trace_callback(trace)
            return conn

    def progress(done, total, source):
        print("PROGRESS", done, total, flush=True)

    class SlowEmbedder(HashEmbedder):
        # As slow per article as a real model is on a few passages, so that the kills below
        # land mid-ingest however fast the machine is (a fast CI box finished before them).
        # Per passage, not per call: ingest embeds batches of 256, so a fixed sleep per call
        # let the whole corpus finish before the two-second kill.
        def embed_passages(self, texts):
            time.sleep(0.2 + 0.01 * len(texts))
            return super().embed_passages(texts)

    print("READY", flush=True)
    report = ingest_paths(TrapStore(db), SlowEmbedder(), [Path(corpus)], progress=progress)
    done = len(report.added) + len(report.updated)
    print("DONE", done, len(report.unchanged), len(report.failed), flush=True)
    """
).format(tests=str(TESTS))

_SENTENCES = [
    "Ngày {d}/{m}/2024, UBND quận tổ chức phiên họp thường kỳ tháng {m} để đánh giá kết quả.",
    "Tổng thu ngân sách nhà nước trên địa bàn ước đạt {n}.{k} tỷ đồng, bằng {p}% dự toán.",
    "Công tác giải ngân vốn đầu tư công đạt {n} tỷ đồng, tăng {p}% so với cùng kỳ năm trước.",
    "Chủ tịch UBND quận yêu cầu các phòng, ban và phường tập trung chỉ đạo quyết liệt.",
    "Phòng Tài chính – Kế hoạch chủ trì phối hợp rà soát các dự án chậm tiến độ số {k}.",
    "Công an quận đẩy mạnh tuyên truyền phòng cháy chữa cháy tại {n} khu dân cư.",
    "Quận đã tiếp {n} lượt công dân, giải quyết {k} đơn thư khiếu nại, tố cáo.",
    "Ủy ban nhân dân phường Bách Khoa báo cáo tiến độ chỉnh trang đô thị đạt {p}%.",
]


def write_corpus(folder: Path, n: int = N_ARTICLES) -> list[str]:
    """Synthetic articles (not real records): varied numbers, 12 paragraphs each."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        lines = [
            "---",
            f"title: Bài tổng hợp số {i} (dữ liệu giả lập cho kiểm thử)",
            "source: synthetic test data",
            f"published: 2024-{i % 12 + 1:02d}-15",
            "---",
        ]
        for j in range(12):
            sents = [
                s.format(d=(i + j) % 28 + 1, m=i % 12 + 1, n=100 + i * 7 + j, k=j * 13, p=j + i)
                for s in _SENTENCES[j % 3 :] + _SENTENCES[: j % 3]
            ]
            lines.append(" ".join(sents))
        name = f"synthetic-{i:03d}.md"
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        names.append(name)
    return names


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict]:
    """The worker script, a 40-article and a 6-article synthetic corpus, the environment."""
    d = tmp_path_factory.mktemp("crash")
    script = d / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    write_corpus(d / "corpus")
    write_corpus(d / "small", n=6)
    return script, d / "corpus", d / "small", dict(os.environ)


def _start(script: Path, db: Path, corpus: Path, env: dict, kill_on: str = "", n: int = 0):
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(corpus), kill_on, str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_line(proc: subprocess.Popen, prefix: str, timeout: float = 60) -> str:
    """Read the worker's stdout until a line starts with ``prefix``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"worker ended before {prefix!r}: {proc.stderr.read()[-2000:]}")
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no {prefix!r} from the worker in {timeout} s")


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the worker (if it is still running) and reap it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()


def _assert_sound(db: Path, env: dict, cli: bool = True) -> int:
    """The index opens, is consistent and `hbt-qa check` agrees; returns the article count."""
    if not db.exists():
        return 0
    store = Store.open_existing(db) if _has_meta(db) else None
    if store is None:
        return 0
    try:
        assert store.check() == []
        counts = store.counts()
        assert counts["passages"] == counts["fts"] == counts["vectors"]
        n_articles = counts["articles"]
        stored = {a["article_id"]: a["n_passages"] for a in store.articles()}
        for aid, n in stored.items():
            assert len(store.passage_spans(aid)) == n, aid
    finally:
        store.close()
    if not cli:
        return n_articles
    command = Path(sys.executable).with_name("hbt-qa")
    out = subprocess.run(
        [str(command), "check", "--index", str(db)], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("OK "), out.stdout
    return n_articles


def _has_meta(db: Path) -> bool:
    """Whether the schema got far enough to have a meta table (else it is an empty file)."""
    store = Store(db)
    try:
        return "meta" in store._tables()
    finally:
        store.close()


def _finish(script: Path, db: Path, corpus: Path, env: dict, n: int = N_ARTICLES) -> None:
    """A re-run completes and every article is present and consistent."""
    proc = _start(script, db, corpus, env)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    assert "DONE" in out
    done = out.split("DONE", 1)[1].split()
    assert done[2] == "0", f"failures on re-run: {out}"
    assert _assert_sound(db, env, cli=False) == n
    store = Store.open_existing(db)
    sources = {a["source"] for a in store.articles()}
    store.close()
    assert sources == {p.name for p in corpus.iterdir()}


def test_sigkill_by_the_clock_then_rerun(tmp_path: Path, worker_env) -> None:
    """Kill during imports, early, mid-run and while the WAL grows; each time it survives."""
    script, corpus, _, env = worker_env
    db = tmp_path / "index" / "hbt_qa.db"
    counts = []

    # 1. During the imports (0.3 s after start): at most an empty file.
    proc = _start(script, db, corpus, env)
    time.sleep(0.3)
    _kill(proc)
    counts.append(_assert_sound(db, env))

    # 2-4. A fixed time after the worker is ready: 0.3 s, 1 s, 2 s.
    for delay in (0.3, 1.0, 2.0):
        proc = _start(script, db, corpus, env)
        _wait_line(proc, "READY")
        time.sleep(delay)
        _kill(proc)
        counts.append(_assert_sound(db, env))

    # 5. One second after the first article was written.
    proc = _start(script, db, corpus, env)
    _wait_line(proc, "PROGRESS 1 ")
    time.sleep(1.0)
    _kill(proc)
    counts.append(_assert_sound(db, env))

    # 6. While writing: the moment the write-ahead log is seen to grow.
    wal = db.with_name(db.name + "-wal")
    proc = _start(script, db, corpus, env)
    _wait_line(proc, "READY")
    start_size = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        size = wal.stat().st_size if wal.exists() else 0
        if size != start_size:
            break
        time.sleep(0.001)
    _kill(proc)
    counts.append(_assert_sound(db, env))

    assert counts == sorted(counts), "a kill lost articles that an earlier run had stored"
    assert counts[-1] < N_ARTICLES, "no kill interrupted the ingest: nothing was tested"
    _finish(script, db, corpus, env)


@pytest.mark.parametrize(
    ("kill_on", "nth"),
    [
        ('create table if not exists "articles"', 1),  # half-way through creating the schema
        ('insert into "meta"', 1),  # the schema's meta record, at its end
        ("insert into passages_vec", 3),  # mid-transaction of the first article
        ("commit", 2),  # just before an article's COMMIT
        ('insert into "sources"', 2),  # the second article's source row
    ],
)
def test_sigkill_at_exact_statements(tmp_path: Path, worker_env, kill_on: str, nth: int) -> None:
    """Killed just before a given SQL statement runs: the index is sound and a re-run ends."""
    script, _, small, env = worker_env
    db = tmp_path / "hbt_qa.db"
    proc = _start(script, db, small, env, kill_on, nth)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, f"the trap did not fire: {out} {err[-2000:]}"
    _assert_sound(db, env)
    _finish(script, db, small, env, n=6)


def test_killed_update_keeps_the_old_version(tmp_path: Path, worker_env) -> None:
    """A kill while an article is being replaced leaves the previous version searchable."""
    script, corpus, _, env = worker_env
    db = tmp_path / "hbt_qa.db"
    one = tmp_path / "one"
    one.mkdir()
    src = sorted(corpus.iterdir())[0]
    (one / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    first = _start(script, db, one, env)
    first.communicate(timeout=120)
    assert first.returncode == 0
    store = Store.open_existing(db)
    before = store.passage_spans(store.articles()[0]["article_id"])
    store.close()
    (one / src.name).write_text(
        src.read_text(encoding="utf-8") + "Đoạn bổ sung: quận giải ngân thêm 5 tỷ đồng.\n",
        encoding="utf-8",
    )
    proc = _start(script, db, one, env, "insert into passages_vec", 2)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert _assert_sound(db, env) == 1
    store = Store.open_existing(db)
    assert store.passage_spans(store.articles()[0]["article_id"]) == before
    store.close()


def test_killed_schema_upgrade_leaves_the_old_version(tmp_path: Path, worker_env) -> None:
    """A kill half-way through the 2 → 4 upgrade leaves a sound version-2 index; a re-run
    upgrades it and completes."""
    script, _, small, env = worker_env
    db = tmp_path / "hbt_qa.db"
    first = _start(script, db, small, env)
    first.communicate(timeout=120)
    assert first.returncode == 0
    store = Store.open_existing(db)
    with store.conn as c:  # what version 2 wrote: no metadata columns, no sources table
        c.execute("drop index articles_body_key")
        c.execute("drop table sources")
        for col in ("organ", "district", "ward", "chair", "body_key", "sketch"):
            c.execute(f"alter table articles drop column {col}")
        c.execute("update meta set value = '2' where key = 'schema_version'")
    store.close()

    proc = _start(script, db, small, env, 'update "articles" set "organ"', 3)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, f"the trap did not fire: {out} {err[-2000:]}"
    store = Store.open_existing(db)
    assert store.meta()["schema_version"] == "2" and "sources" not in store._tables()
    assert store.counts()["articles"] == 6 and store.check() == []
    store.close()
    _finish(script, db, small, env, n=6)
    store = Store.open_existing(db)
    assert store.meta()["schema_version"] == "5" and store.check() == []
    assert all(a["organ"] == "UBND quận" for a in store.articles())
    store.close()
