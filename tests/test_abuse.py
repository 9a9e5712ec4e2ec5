"""Faults and abuse through the handlers and the service, without a browser (fake model):
broken files, sign-in lockouts and the audit log, caps on questions and feedback, exports that
do not pile up, uploads and deletes that leave no copy behind (issue 22)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from conftest import SEED
from fakes import NEW_ARTICLE

from hbt_qa import cli
from hbt_qa.config import Settings
from hbt_qa.errors import QueryError
from hbt_qa.index.store import Store
from hbt_qa.service import Service
from hbt_qa.web import handlers as handlers_mod
from hbt_qa.web.guard import MAX_QUESTION_CHARS
from hbt_qa.web.handlers import Handlers

SEED_ID = "hbt-2024-05-phien-hop-uy-vien"
# A page whose declared charset is a codec that refuses errors="replace": the HTML reader used
# to raise UnicodeError out of ingestion, and `hbt-qa serve` exited with a traceback.
BROKEN_HTML = b"<html><head><meta charset='x-choke'></head><body><p>" + b"Ng\xe0y h\xe1p " * 40


@pytest.fixture(autouse=True)
def choking_reader(monkeypatch):
    """A reader bug stands in for any library that raises on a page (once, 'idna' did)."""
    from hbt_qa.ingest import formats

    real = formats.decode_html

    def decode(data: bytes, charset: str | None = None) -> tuple[str, str]:
        if b"x-choke" in data[:200]:
            raise UnicodeError("decoding with 'x-choke' codec failed")
        return real(data, charset)

    monkeypatch.setattr(formats, "decode_html", decode)


@pytest.fixture
def service(admin_service: Service) -> Service:
    return admin_service


@pytest.fixture
def handlers(service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Handlers:
    monkeypatch.setattr(handlers_mod, "LOGIN_DELAY_S", 0)
    h = Handlers(service, export_dir=tmp_path / "exports")
    h.upload_root = tmp_path / "gradio"
    return h


def gradio_upload(h: Handlers, name: str, data: bytes) -> Path:
    """A file as Gradio's upload route leaves it: ``<upload folder>/<hash>/<name>``."""
    assert h.upload_root is not None
    h.upload_root.mkdir(exist_ok=True)
    folder = h.upload_root / str(len(list(h.upload_root.iterdir())))
    folder.mkdir()
    path = folder / name
    path.write_bytes(data)
    return path


def actions(service: Service) -> list[str]:
    return [r["action"] for r in reversed(service.audit_log(1000))]


# -- point 2: a broken file never stops a start ----------------------------------------
def test_a_file_the_reader_chokes_on_is_one_line_and_the_rest_is_indexed(
    tmp_path, corpus_dir, fake_embedder
):
    (corpus_dir / "hong.html").write_bytes(BROKEN_HTML)
    (corpus_dir / "moi.md").write_text(NEW_ARTICLE, encoding="utf-8")
    svc = Service(Settings(index_path=tmp_path / "i.db", corpus_dir=corpus_dir))
    svc.set_embedder(fake_embedder)
    report = svc.ensure_index()
    assert report is not None and len(report.failed) == 1
    path, reason = report.failed[0]
    assert path.endswith("hong.html") and "\n" not in reason
    assert "cannot be read (UnicodeError" in reason
    assert len(report.added) == 2
    assert svc.corpus_failures == report.failed
    html, _ = Handlers(svc).records("vi")
    assert "Tệp bị từ chối (1)" in html
    assert "<code>hong.html</code></td><td>cannot be read" in html


def test_an_upload_that_crashes_the_reader_is_not_left_in_the_corpus(handlers, service):
    corpus = service.settings.corpus_dir
    before = sorted(p.name for p in corpus.iterdir())
    f = gradio_upload(handlers, "hong.html", BROKEN_HTML)
    html = handlers.upload([str(f)], True, "vi")
    assert "lỗi" in html and "UnicodeError" in html
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_an_upload_whose_indexing_raises_is_not_left_in_the_corpus(handlers, service, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("embedding died")

    monkeypatch.setattr(service, "ingest", boom)
    f = gradio_upload(handlers, "moi.md", NEW_ARTICLE.encode())
    html = handlers.upload([str(f)], True, "en")
    assert "failed" in html and "embedding died" in html
    assert not (service.settings.corpus_dir / "moi.md").exists()


# -- points 3 and 4: sign-in throttling and the audit log ----------------------------
def test_sign_in_locks_an_address_out_and_says_so_in_the_interface_language(handlers, service):
    for _ in range(5):
        ok, msg = handlers.login("admin", "doan-mo", "vi", "10.9.8.7")
        assert not ok and "Sai tên đăng nhập" in msg
    ok, msg = handlers.login("admin", "pw", "vi", "10.9.8.7")  # right, but locked: unchecked
    assert not ok and "Thử lại sau 1 phút" in msg
    ok, msg = handlers.login("admin", "pw", "en", "10.9.8.7")
    assert not ok and "Try again in 1 min" in msg
    ok, _ = handlers.login("admin", "pw", "vi", "10.1.1.1")  # the admin, elsewhere
    assert ok
    log = actions(service)
    assert log.count("sign-in-failed") == 5 and "lockout" in log
    assert log.count("sign-in-locked") == 2 and log[-1] == "sign-in"
    rows = service.audit_log()
    assert rows[0]["address"] == "10.1.1.1" and rows[0]["user"] == "admin"
    dump = json.dumps(rows, ensure_ascii=False)
    assert "doan-mo" not in dump and '"pw"' not in dump


def test_admin_actions_are_audited_and_refusals_too(handlers, service):
    with pytest.raises(PermissionError):
        handlers.delete(SEED_ID, False, "vi", "10.6.6.6")
    f = gradio_upload(handlers, "moi.md", NEW_ARTICLE.encode())
    handlers.upload([str(f)], True, "vi", address="10.0.0.5")
    handlers.reindex(True, "vi", address="10.0.0.5")
    handlers.delete(SEED_ID, True, "vi", "10.0.0.5")
    rows = list(reversed(service.audit_log()))
    assert [(r["action"], r["address"]) for r in rows] == [
        ("denied", "10.6.6.6"),
        ("upload", "10.0.0.5"),
        ("reindex", "10.0.0.5"),
        ("delete", "10.0.0.5"),
    ]
    assert rows[1]["target"] == "moi.md: added" and rows[3]["target"] == SEED.name
    assert rows[1]["user"] == "admin" and rows[0]["user"] == ""
    html, _ = handlers.records("en")
    assert "Sign-ins and administration log" in html and "10.0.0.5" in html


def test_audit_entries_are_escaped_in_the_records_tab(handlers, service):
    handlers.login("<img src=x onerror=alert(1)>", "x", "vi", "10.0.0.1")
    html, _ = handlers.records("vi")
    assert "<img" not in html and "&lt;img src=x" in html


def test_hbt_qa_audit_prints_the_log(service, capsys, monkeypatch):
    service.audit("10.0.0.5", "admin", "sign-in", "records tab")
    service.audit("10.0.0.6", "", "denied", "delete")
    index = str(service.settings.index_path)
    assert cli.main(["audit", "--index", index, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["action"] for r in rows] == ["denied", "sign-in"]
    assert set(rows[0]) == {"at", "address", "user", "action", "target"}
    assert cli.main(["audit", "--index", index, "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].split("\t")[1:] == ["10.0.0.6", "-", "denied", "delete"]


def test_an_index_made_before_the_audit_log_gets_its_table(service):
    store = service.store()
    with store.conn as c:
        c.execute("drop table audit")
    fresh = Service(service.settings)
    fresh.set_embedder(service.embedder)
    fresh.audit("10.0.0.1", "admin", "sign-in")
    assert fresh.audit_log()[0]["action"] == "sign-in"
    assert (
        Store(service.settings.index_path).meta()["schema_version"]
        == store.meta()["schema_version"]
    )


# -- point 5: exports do not pile up ----------------------------------------------------
def test_searches_reuse_their_exports_and_old_ones_are_swept(handlers):
    def folders() -> list[Path]:
        return sorted(p for p in handlers.export_dir.iterdir() if p.is_dir())

    first = handlers.search("giải ngân vốn đầu tư", "", "", "relevance", "vi")
    for _ in range(5):
        again = handlers.search("giải ngân vốn đầu tư", "", "", "relevance", "vi")
    assert again[4:] == first[4:]  # the same files
    assert len(folders()) == 2  # one CSV, one Markdown: not two per search
    old = time.time() - 2 * 3600
    for f in folders():
        os.utime(f, (old, old))
    handlers.search("thu ngân sách", "", "", "relevance", "vi")
    assert all(f.stat().st_mtime > old for f in folders())  # the hour-old ones are gone
    assert len(folders()) <= 2


# -- point 6: caps on questions and feedback --------------------------------------------
def test_a_long_question_is_refused_with_a_message_in_each_language(handlers, service):
    long = "giải ngân " * 300
    assert len(long) > MAX_QUESTION_CHARS
    chat, cards, box, turns, ans = handlers.respond(long, [], [], "vi")
    assert ans is None and turns == [] and cards == "" and box == long
    assert "tối đa 2000 ký tự" in chat[-1]["content"] and len(chat[0]["content"]) < 300
    chat, *_ = handlers.respond(long, [], [], "en")
    assert "at most 2000" in chat[-1]["content"]
    html, *_ = handlers.search(long, "", "", "relevance", "en")
    assert "at most 2000" in html and 'class="msg error"' in html
    with pytest.raises(QueryError, match="at most 2000"):
        handlers.api_ask(long)
    with pytest.raises(QueryError, match="tối đa 2000"):
        handlers.api_search(long)
    with pytest.raises(QueryError, match="at most 20 earlier"):
        handlers.api_ask("giải ngân", history=["a?"] * 21)
    assert handlers.respond("x" * MAX_QUESTION_CHARS, [], [], "vi")[3] != []  # at the cap: asked
    assert service.store().feedback_rows() == []


def test_feedback_is_capped_in_size_and_rate_per_session(handlers, service):
    _, _, _, turns, _ = handlers.respond("giải ngân vốn đầu tư", [], [], "vi")
    turns[0]["answer"] = "x" * 100_000  # what a tampered turn could hold
    turns[0]["citations"] = [f"p{i}" for i in range(1000)]
    notes = [handlers.feedback(turns, 1, True, "en", "session-a", "10.0.0.1") for _ in range(25)]
    assert notes.count("Feedback saved, thank you.") == 20
    assert notes[-1].startswith("This session has sent a lot of feedback")
    assert handlers.feedback(turns, 1, True, "vi", "session-b", "10.0.0.1").startswith("Đã ghi")
    rows = service.store().feedback_rows()
    assert len(rows) == 21
    assert max(len(r["answer"]) for r in rows) <= 4000
    assert max(len(r["citations"]) for r in rows) <= 20


# -- point 7: no copy of an upload stays behind -----------------------------------------
def test_upload_removes_gradios_copy_and_delete_removes_any_left(handlers, service):
    f = gradio_upload(handlers, "moi.md", NEW_ARTICLE.encode())
    handlers.upload([str(f)], True, "vi")
    assert not f.exists() and not f.parent.exists()
    assert (service.settings.corpus_dir / "moi.md").exists()
    # A copy Gradio kept anyway (an upload from before this fix, a second cached copy).
    left = gradio_upload(handlers, "moi.md", NEW_ARTICLE.encode())
    other = gradio_upload(handlers, "khac.md", b"another file")
    aid = service.store().article_by_source("moi.md")["article_id"]
    handlers.delete(aid, True, "vi")
    assert not left.exists() and other.exists()
    assert not (service.settings.corpus_dir / "moi.md").exists()


def test_files_outside_gradios_upload_folder_are_never_removed(handlers, service, tmp_path):
    outside = tmp_path / "elsewhere" / "moi.md"
    outside.parent.mkdir()
    outside.write_text(NEW_ARTICLE, encoding="utf-8")
    handlers.upload([str(outside)], True, "vi")
    assert outside.exists()


def test_exports_are_capped_in_total_size(tmp_path):
    from hbt_qa.web.files import sweep_exports, write_export

    folder = tmp_path / "exports"
    for i in range(10):
        path = write_export(folder, "x.csv", f"{i}" * 1000)
        old = time.time() - 100 + i
        os.utime(path.parent, (old, old))
    sweep_exports(folder, 3600, max_bytes=3500)
    left = sorted(p.read_text()[0] for p in folder.glob("*/x.csv"))
    assert left == ["7", "8", "9"]
