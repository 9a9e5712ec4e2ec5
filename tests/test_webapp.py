"""Web app handlers and the service methods behind them, without a browser (fake model)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED
from fakes import NEW_ARTICLE

from hbt_qa import service as service_mod
from hbt_qa.config import Settings
from hbt_qa.errors import QueryError
from hbt_qa.models import Hit
from hbt_qa.service import (
    Service,
    highlight_terms,
    parse_day,
    per_month,
    safe_upload_name,
)
from hbt_qa.web import app as webapp
from hbt_qa.web import handlers as handlers_mod
from hbt_qa.web.guard import MAX_FILTER_CHARS
from hbt_qa.web.handlers import Handlers
from hbt_qa.web.render_records import upload_results_html

SEED_ID = "hbt-2024-05-phien-hop-uy-vien"


@pytest.fixture
def service(admin_service: Service) -> Service:
    return admin_service


@pytest.fixture
def handlers(service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Handlers:
    monkeypatch.setattr(handlers_mod, "LOGIN_DELAY_S", 0)
    return Handlers(service, export_dir=tmp_path / "exports")


def upload_file(tmp_path: Path, name: str, text: str | bytes) -> Path:
    """A file as Gradio hands it over: a temp folder holding the original name."""
    d = tmp_path / "gradio-upload" / str(len(list(tmp_path.glob("gradio-upload/*"))))
    d.mkdir(parents=True)
    p = d / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


# -- pure helpers ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../x.txt", "x.txt"),
        ("..\\..\\windows\\x.md", "x.md"),
        ("/etc/passwd", "passwd"),
        ("Phiên họp 5/2024.txt", "2024.txt"),
        ("Phiên họp tháng 5.txt", "Phiên họp tháng 5.txt"),
        (".hidden.txt", "hidden.txt"),
        ("a<b>|c?.txt", "a_b_c_.txt"),
        ("..", None),
        ("", None),
        ("...txt", "txt"),
        ("tab\tnew\nline.md", "tabnewline.md"),
    ],
)
def test_safe_upload_name(name, expected):
    assert safe_upload_name(name) == expected


def test_safe_upload_name_caps_length_and_keeps_suffix():
    out = safe_upload_name("a" * 300 + ".md")
    assert out is not None and len(out) <= 120 and out.endswith(".md")


def test_parse_day_accepts_iso_and_vietnamese_dates():
    assert parse_day("2024-5-1") == "2024-05-01"
    assert parse_day("31/5/2024") == "2024-05-31"
    assert parse_day("  ") is None and parse_day(None) is None
    for bad in ["2024-02-30", "mai", "05/2024"]:
        with pytest.raises(QueryError, match="YYYY-MM-DD"):
            parse_day(bad)


def _hit(date: str | None, pid: str = "p") -> Hit:
    return Hit("a", "a.txt", None, "T", date, pid, "x", 0, 1, 1.0)


def test_per_month_fills_gaps_and_the_asked_range():
    hits = [_hit("2024-01-05"), _hit("2024-03-01"), _hit("2024-03-09"), _hit(None)]
    assert per_month(hits) == [("2024-01", 1), ("2024-02", 0), ("2024-03", 2)]
    ranged = per_month(hits, "2023-12-01", "2024-04-30")
    assert ranged[0] == ("2023-12", 0) and ranged[-1] == ("2024-04", 0) and len(ranged) == 5
    assert per_month(hits, "1900-01-01", None)[0] == ("2024-01", 1)  # open range: hits only
    assert per_month([]) == []


def test_coverage_and_highlight_terms():
    """One coverage (answering.overlap) serves the records search too (issue 19 point 7)."""
    from hbt_qa.answering.overlap import coverage
    from hbt_qa.index.query import QueryPlan

    plan = QueryPlan("", "", "vi", ("giai", "ngan", "von"), None, ())
    assert coverage(plan, "Giải ngân 115 tỷ") == pytest.approx(2 / 3)
    assert coverage(replace(plan, terms=()), "x") == 0.0
    assert service_mod.coverage is coverage  # not a second one
    assert highlight_terms(["giai", "ngan", "von"], ["giai ngan"]) == ("giai ngan", "von")


def test_admin_settings_need_both_variables():
    both = Settings.from_env({"HBT_QA_ADMIN_USER": "u", "HBT_QA_ADMIN_PASSWORD": "p"})
    assert (both.admin_user, both.admin_password) == ("u", "p")
    only_user = Settings.from_env({"HBT_QA_ADMIN_USER": "u"})
    assert only_user.admin_user is None and only_user.admin_password is None


# -- service ---------------------------------------------------------------------------
def test_ask_passes_the_resolved_previous_question(service, monkeypatch):
    seen = {}

    def fake_ask(store, embedder, question, k=5, previous=None, home=()):
        seen.update(question=question, previous=previous)
        from hbt_qa.models import Answer

        return Answer(question, "x", False, [])

    monkeypatch.setattr(service_mod, "_ask", fake_ask)
    monkeypatch.setattr(service_mod, "resolve_followup", lambda q, p: f"{p}+{q}")
    service.ask("Còn tháng 6?", history=["A?", "B?"])
    assert seen == {"question": "Còn tháng 6?", "previous": "None+A?+B?"}
    service.ask("Q?")
    assert seen["previous"] is None


def test_check_admin(service):
    assert service.check_admin("admin", "pw")
    assert not service.check_admin("admin", "PW") and not service.check_admin("", "")
    off = Service(replace(service.settings, admin_user=None, admin_password=None))
    assert not off.admin_enabled and not off.check_admin("admin", "pw")


# -- chat handlers ---------------------------------------------------------------------
def test_respond_answers_with_cards_and_records_the_turn(handlers, service, monkeypatch):
    calls = []
    real = service.ask

    def spy(question, k=5, history=None):
        calls.append(history)
        return real(question, k, history=history)

    monkeypatch.setattr(service, "ask", spy)
    q = "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"
    chat, cards, box, turns, ans = handlers.respond(q, [], [], "vi")
    assert box == "" and ans is not None
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert 'class="card"' in cards and "open-article" in cards
    assert turns[0]["index"] == 1 and turns[0]["question"] == q
    assert turns[0]["citations"] == [h.passage_id for h in ans.citations]
    chat, *_, turns, _ = handlers.respond("Còn thu ngân sách?", chat, turns, "vi")
    assert calls == [[], [q]]
    assert len(chat) == 4 and turns[1]["index"] == 3


def test_respond_ignores_blank_and_shows_errors_escaped(handlers):
    assert handlers.respond("   ", [], [], "vi")[0] == []
    chat, cards, _, turns, ans = handlers.respond("?! …", [], [], "vi")
    assert ans is None and turns == [] and cards == ""
    assert "Câu hỏi trống" in chat[1]["content"]
    chat, *_ = handlers.respond("<img src=x onerror=alert(1)> giải ngân", [], [], "vi")
    assert "<" not in chat[0]["content"] and "&lt;img" in chat[0]["content"]


def test_example_click_asks_it(handlers):
    chat, *_ = handlers.example({"text": "giải ngân", "files": []}, [], [], "vi")
    assert chat[0]["content"] == "giải ngân"


def test_feedback_is_stored_with_question_and_citations(handlers, service):
    _, _, _, turns, ans = handlers.respond("giải ngân vốn đầu tư", [], [], "vi")
    assert handlers.feedback(turns, 1, True, "vi") == "Đã ghi nhận góp ý, cảm ơn bạn."
    assert handlers.feedback(turns, [1, 0], "Dislike", "en").startswith("Feedback saved")
    assert handlers.feedback(turns, 0, True, "vi") == ""  # a user message: nothing
    assert handlers.feedback(turns, 1, "", "vi") == ""  # un-liking: nothing
    rows = service.store().feedback_rows()
    assert [r["rating"] for r in rows] == [1, -1]
    assert rows[0]["question"] == "giải ngân vốn đầu tư"
    assert rows[0]["citations"] == [h.passage_id for h in ans.citations]


# -- search handlers -------------------------------------------------------------------
def test_search_with_dates_paging_and_exports(handlers, service):
    html, months, rs, page, csv_path, md_path = handlers.search(
        "giải ngân vốn đầu tư", "2024-05-01", "31/5/2024", "relevance", "vi", "http://h:1/"
    )
    assert rs is not None and rs.hits and rs.exact and page == 1
    assert all((h.meeting_date or h.published) == "2024-05-28" for h in rs.hits)
    assert months == [("2024-05", len(rs.hits))]
    assert "đoạn khớp" in html and "từ 2024-05-01 đến 2024-05-31" in html
    rows = list(csv.DictReader(io.StringIO(Path(csv_path).read_text("utf-8").lstrip("\ufeff"))))
    assert len(rows) == len(rs.hits)
    assert rows[0]["permalink"].startswith(f"http://h:1/?article={SEED_ID}&passage=")
    assert any("115 tỷ" in r["text"] for r in rows)
    md = Path(md_path).read_text("utf-8")
    assert md.startswith("# Kết quả tra cứu: giải ngân vốn đầu tư")
    assert "2024-05-01" in md and "2024\\-05" not in md and "&amp;" not in md

    none = handlers.search("giải ngân vốn đầu tư", "2023-01-01", "2023-12-31", "date", "vi")
    assert "Không có đoạn nào khớp" in none[0] and none[4] is None
    _, p = handlers.page(rs, 1, 1, "vi")
    assert p == 1  # a single page stays on page 1
    assert handlers.page(None, 3, 1, "vi")[1] == 1


def test_search_sorts_by_date_and_reports_bad_input(handlers, service, tmp_path):
    newer = upload_file(tmp_path, "thang7.md", NEW_ARTICLE.replace("hồ Thanh Nhàn", "vốn"))
    service.add_files([("thang7.md", newer)])
    *_, rs, _, _, _ = handlers.search("kinh phí vốn", "", "", "date", "vi")
    dates = [h.meeting_date or h.published for h in rs.hits]
    assert dates == sorted(dates, reverse=True)
    bad = handlers.search("giải ngân", "hôm qua", "", "relevance", "vi")
    assert 'class="msg error"' in bad[0] and bad[2] is None
    empty = handlers.search("  ", "", "", "relevance", "vi")
    assert "Nhập từ khóa" in empty[0]


def test_search_with_no_matching_words_shows_nearest(handlers):
    *_, rs, _, _, _ = handlers.search("xyzzy quux", "", "", "relevance", "vi")
    assert rs is not None and not rs.exact and rs.months == []


def test_search_with_no_matching_words_counts_nearest_in_both_languages(handlers):
    vi = handlers.search("xyzzy quux", "", "", "relevance", "vi")[0]
    assert "đoạn khớp" not in vi and "đoạn gần nghĩa nhất" in vi
    en = handlers.search("xyzzy quux", "", "", "relevance", "en")[0]
    assert "matching passage" not in en and "nearest passage" in en


# -- article view ----------------------------------------------------------------------
def test_open_article_marks_the_passage(handlers, service):
    spans = service.store().passage_spans(SEED_ID)
    pid = spans[4][0]
    html, shown = handlers.open_article(f"{SEED_ID}|{pid}", "vi")
    assert shown == (SEED_ID, pid)
    assert 'id="cited"' in html and "115 tỷ" in html
    html, shown = handlers.open_article(f"{SEED_ID}|nope", "vi")
    assert 'id="cited"' not in html and shown == (SEED_ID, "nope")
    assert "Không tìm thấy" in handlers.open_article("missing|x", "vi")[0]
    assert "Chưa mở" in handlers.open_article("", "vi")[0]


def test_permalink_on_load(handlers, service):
    pid = service.store().passage_spans(SEED_ID)[0][0]
    html, shown, opened = handlers.load({"article": SEED_ID, "passage": pid}, "en")
    assert opened and shown == (SEED_ID, pid) and "Permalink" in html
    assert handlers.load({}, "vi")[2] is False


# -- records tab -----------------------------------------------------------------------
def test_login(handlers):
    ok, msg = handlers.login("admin", "pw", "vi")
    assert ok and "Đã đăng nhập" in msg
    ok, msg = handlers.login("admin", "nope", "en")
    assert not ok and "Wrong" in msg


def test_records_lists_articles_and_delete_choices(handlers):
    html, choices = handlers.records("vi")
    assert "1 bài viết, 13 đoạn" in html  # title and header line are passages too
    assert choices == [(f"2024-05-28 · {choices[0][0].split(' · ', 1)[1]}", SEED_ID)]


def test_records_list_refused_files_with_reasons_in_the_ui_language(handlers, service, tmp_path):
    bad = upload_file(tmp_path, "hong<i>.txt", b"\x00\x01binary")
    (result,) = handlers.upload_files([str(bad)], True, "vi")
    assert result.status == "failed"
    (service.settings.corpus_dir / "rong.txt").write_text("", encoding="utf-8")
    handlers.reindex(True, "vi")
    vi, _ = handlers.records("vi")
    en, _ = handlers.records("en")
    assert "Tệp bị từ chối" in vi and "Refused files" in en
    assert "tệp nhị phân" in vi and "the file is binary" in en  # the reason, in each language
    assert "tệp rỗng" in vi and "the file is empty" in en and "rong.txt" in vi
    assert "hong<i>" not in vi and "hong&lt;i&gt;.txt" in vi  # file names are escaped
    # A later upload of the same name that succeeds takes it off the list.
    good = upload_file(tmp_path, result.saved_as or "", NEW_ARTICLE)
    assert handlers.upload_files([str(good)], True, "vi")[0].status == "added"
    assert "tệp nhị phân" not in handlers.records("vi")[0]


def test_admin_operations_need_sign_in(handlers, tmp_path):
    f = upload_file(tmp_path, "a.txt", NEW_ARTICLE)
    with pytest.raises(PermissionError):
        handlers.upload([str(f)], False, "vi")
    with pytest.raises(PermissionError):
        handlers.delete(SEED_ID, False, "vi")
    with pytest.raises(PermissionError):
        handlers.reindex(False, "vi")


def test_upload_saves_into_corpus_and_indexes(handlers, service, tmp_path):
    f = upload_file(tmp_path, "Phiên họp tháng 7.md", NEW_ARTICLE)
    steps = []
    html = handlers.upload([str(f)], True, "vi", lambda d, t, n: steps.append((d, t)))
    assert "đã thêm" in html and "Phiên họp tháng 7.md" in html
    assert steps[0] == (0, 1) and steps[-1] == (1, 1)
    saved = service.settings.corpus_dir / "Phiên họp tháng 7.md"
    assert saved.read_text("utf-8") == NEW_ARTICLE
    titles = [a["title"] for a in service.records()]
    assert "Phiên họp UBND quận tháng 7 năm 2024" in titles
    again = handlers.upload([str(f)], True, "vi")
    assert "không thay đổi" in again


def test_upload_cannot_escape_the_corpus_folder(service, tmp_path):
    f = upload_file(tmp_path, "x.txt", NEW_ARTICLE)
    res = service.add_files([("../../escape.txt", f)])
    assert res[0].status == "added" and res[0].saved_as == "escape.txt"
    corpus = service.settings.corpus_dir
    assert (corpus / "escape.txt").exists()
    assert not (corpus.parent.parent / "escape.txt").exists()
    assert not (corpus.parent / "escape.txt").exists()


def test_upload_refuses_wrong_type_big_and_broken_files(service, tmp_path):
    corpus = service.settings.corpus_dir
    before = sorted(p.name for p in corpus.iterdir())
    exe = upload_file(tmp_path, "run.exe", b"MZ\x00\x00")
    empty = upload_file(tmp_path, "empty.txt", b"")
    binary = upload_file(tmp_path, "bin.md", b"\x00\x01\x02" * 100)
    res = service.add_files([("run.exe", exe), ("empty.txt", empty), ("bin.md", binary)])
    assert [r.status for r in res] == ["failed", "failed", "failed"]
    assert "unsupported" in res[0].message and "empty" in res[1].message
    assert sorted(p.name for p in corpus.iterdir()) == before  # nothing left behind
    small = Service(replace(service.settings, max_upload_bytes=10))
    small.set_embedder(service.embedder)
    big = small.add_files([("big.txt", upload_file(tmp_path, "big.txt", NEW_ARTICLE))])
    assert big[0].status == "failed" and "MB" in big[0].message


def test_a_broken_reupload_keeps_the_previous_version(service, tmp_path):
    good = SEED.read_bytes()
    res = service.add_files([(SEED.name, upload_file(tmp_path, SEED.name, b""))])
    assert res[0].status == "failed"
    assert (service.settings.corpus_dir / SEED.name).read_bytes() == good
    assert service.store().article(SEED_ID) is not None


def test_delete_removes_article_and_moves_its_file_to_the_trash(handlers, service):
    path = service.settings.corpus_dir / SEED.name
    assert path.exists()
    msg = handlers.delete(SEED_ID, True, "vi")
    assert "Đã xóa" in msg and SEED.name in msg and "deleted" in msg
    assert not path.exists() and service.store().article(SEED_ID) is None
    moved = list(service.trash_dir.glob(f"*-{SEED.name}"))
    assert len(moved) == 1 and moved[0].read_bytes() == SEED.read_bytes()
    assert "Không tìm thấy" in handlers.delete(SEED_ID, True, "vi")
    assert handlers.delete(None, True, "vi") == ""


def test_reindex_picks_up_new_files(handlers, service):
    (service.settings.corpus_dir / "moi.md").write_text(NEW_ARTICLE, encoding="utf-8")
    (service.settings.corpus_dir / "rong.txt").write_text("", encoding="utf-8")
    html = handlers.reindex(True, "vi")
    assert "added 1" in html and "rong.txt" in html and 'class="msg error"' in html


UNDATED = """---
title: Phường Bách Khoa bàn giải ngân vốn đầu tư
---
UBND phường Bách Khoa họp bàn giải ngân vốn đầu tư công của phường.
"""


def test_search_takes_place_and_undated_as_arguments(handlers, service, tmp_path):
    service.add_files([("khong-ngay.md", upload_file(tmp_path, "khong-ngay.md", UNDATED))])
    args = ("giải ngân vốn đầu tư", "2024-05-01", "2024-05-31", "relevance", "vi")
    *_, rs, _, _, _ = handlers.search(*args)
    assert rs.undated == 1 and "khong-ngay.md" not in {h.source for h in rs.hits}
    *_, rs, _, _, _ = handlers.search(*args, with_undated=True)
    assert rs.with_undated and "khong-ngay.md" in {h.source for h in rs.hits}
    *_, rs, _, _, _ = handlers.search(*args, place="hai ba trung")
    assert rs.hits and rs.place == "hai ba trung"
    *_, rs, _, _, _ = handlers.search(*args, place="Đà Nẵng")
    assert rs is not None and not rs.hits
    html, _, rs, *_ = handlers.search(*args, place="x" * (MAX_FILTER_CHARS + 1))
    assert rs is None and 'class="msg error"' in html and str(MAX_FILTER_CHARS) in html


# -- API -------------------------------------------------------------------------------
def test_api_ask_and_search_shapes(handlers):
    ans = handlers.api_ask("giải ngân vốn đầu tư", 3)
    assert set(ans) >= {"question", "answer", "found", "citations"}
    assert len(ans["citations"]) <= 3
    out = handlers.api_search("giải ngân vốn đầu tư", 2, "2024-05-01", "2024-05-31", "date")
    assert out["total"] >= len(out["hits"]) and len(out["hits"]) <= 2
    assert out["hits"][0]["date"] == "2024-05-28" and out["sort"] == "date"
    assert out["months"] == [{"month": "2024-05", "passages": out["total"]}]
    with pytest.raises(QueryError):
        handlers.api_search("x", sort="random")


def test_api_search_takes_place_and_undated_checked_on_the_server(handlers, service, tmp_path):
    service.add_files([("khong-ngay.md", upload_file(tmp_path, "khong-ngay.md", UNDATED))])
    q = "giải ngân vốn đầu tư"
    out = handlers.api_search(q, 20, "2024-05-01", "2024-05-31", place="Hai Bà Trưng")
    assert out["place"] == "Hai Bà Trưng" and out["with_undated"] is False
    assert out["undated"] == 1 and "khong-ngay.md" not in {h["source"] for h in out["hits"]}
    out = handlers.api_search(q, 20, "2024-05-01", "2024-05-31", with_undated=True)
    assert out["with_undated"] is True and "khong-ngay.md" in {h["source"] for h in out["hits"]}
    assert handlers.api_search(q, place="Đà Nẵng")["total"] == 0
    for bad in ({"place": "x" * (MAX_FILTER_CHARS + 1)}, {"organ": "x" * (MAX_FILTER_CHARS + 1)},
                {"with_undated": "maybe"}, {"place": ["Hà Nội"]}):  # fmt: skip
        with pytest.raises(QueryError):
            handlers.api_search(q, **bad)
    assert handlers.api_search(q, with_undated="true")["with_undated"] is True  # JSON clients


@pytest.mark.slow
def test_build_app_exposes_only_ask_search_and_figures(service):
    demo = webapp.build_app(service)
    public = {
        fn.api_name
        for fn in demo.fns.values()
        if fn.api_name and getattr(fn, "api_visibility", "public") == "public"
    }
    assert public == {"ask", "search", "figures"}


# -- issue 15.12-13: the records tab's progress and delete safeguards -------------------
def test_delete_asks_first_naming_the_article_and_says_when_nothing_is_picked(handlers):
    msg, pending = handlers.delete_prompt(None, True, "vi")
    assert pending is None and "Chưa chọn bài viết" in msg
    msg, pending = handlers.delete_prompt(SEED_ID, True, "en")
    assert pending == SEED_ID
    assert "Delete the article «Ủy ban nhân dân quận Hai Bà Trưng" in msg
    assert SEED.name in msg
    msg, pending = handlers.delete_prompt("no-such-article", True, "vi")
    assert pending is None and "error" in msg
    with pytest.raises(PermissionError):
        handlers.delete_prompt(SEED_ID, False, "vi")
    assert handlers.service.article_view(SEED_ID) is not None  # asking deletes nothing


def test_upload_lines_of_a_deleted_article_no_longer_link_to_it(handlers, tmp_path):
    f = upload_file(tmp_path, "thang7.txt", NEW_ARTICLE)
    results = handlers.upload_files([str(f)], True, "vi")
    (art,) = {r.article_id for r in results}
    assert f'data-article="{art}"' in upload_results_html(results, "vi")
    handlers.delete(art, True, "vi")
    after = upload_results_html(results, "vi", deleted=[art])
    assert "data-article" not in after and "đã xóa" in after


@pytest.mark.slow
def test_records_writes_show_one_progress_area(service):
    demo = webapp.build_app(service)
    by_id = {b.elem_id: b._id for b in demo.blocks.values() if getattr(b, "elem_id", None)}
    shown = {
        tuple(fn.targets[0]): [c._id for c in fn.show_progress_on or []]
        for fn in demo.fns.values()
        if fn.targets
    }
    assert shown[(by_id["upload"], "upload")] == [by_id["upload-result"]]
    assert shown[(by_id["reindex"], "click")] == [by_id["admin-msg"]]
    assert shown[(by_id["delete-yes"], "click")] == [by_id["admin-msg"]]
