"""An archive of many places (issue 21): places at their own level, labelled dates, the place
filter at every level, figures kept apart by place and sub-total, undated matches counted,
the title and examples from settings and archive, exports and Markdown that render."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from fakes import hit

from hbt_qa.cli import main
from hbt_qa.config import Settings
from hbt_qa.figures.archive import archive_organs, archive_places, example_questions
from hbt_qa.figures.trends import series_for
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store
from hbt_qa.ingest.recordmeta import RecordFilter, place_matches
from hbt_qa.service import Service
from hbt_qa.web.render import dates_text, esc_md, place_text, record_meta_html
from hbt_qa.web.render_chat import answer_markdown
from hbt_qa.web.render_search import export_csv, export_markdown, search_results_html
from hbt_qa.web.search_tab import timeline_rows

XUAN_LOC = """---
title: HĐND huyện Xuân Lộc tổ chức Kỳ họp thứ 12 khóa XI
published: 2019-12-20
source: synthetic
---
HĐND huyện Xuân Lộc tổ chức Kỳ họp thứ 12 khóa XI

Ngày 18/12/2019, HĐND huyện Xuân Lộc, tỉnh Đồng Nai tổ chức Kỳ họp thứ 12 để đánh giá tình hình
kinh tế - xã hội năm 2019.

{budget}
""".format(
    budget="Năm 2019, tổng thu ngân sách nhà nước trên địa bàn huyện đạt 418 tỷ đồng, vượt dự "
    "toán; trong đó thu nội địa đạt 122,4 tỷ đồng, thu ngân sách huyện được hưởng theo phân cấp "
    "đạt 366,2 tỷ đồng."
)

DUC_TRONG = """---
title: UBND huyện Đức Trọng họp đánh giá kết quả năm 2019
published: 2019-12-28
source: synthetic
---
UBND huyện Đức Trọng họp đánh giá kết quả năm 2019

Ngày 27/12/2019, UBND huyện Đức Trọng, tỉnh Lâm Đồng tổ chức phiên họp thường kỳ.

Năm 2019, tổng thu ngân sách nhà nước trên địa bàn huyện đạt 57 tỷ đồng.
"""

UNDATED = """---
title: HĐND xã Sơn Mùa bàn về thu ngân sách
source: synthetic
---
HĐND xã Sơn Mùa bàn về thu ngân sách

HĐND xã Sơn Mùa, huyện Sốp Cộp, tỉnh Sơn La họp bàn về thu ngân sách của xã.
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Three records of three places in three provinces (one undated), a fake embedder."""
    from fakes import HashEmbedder

    d = tmp_path_factory.mktemp("places")
    corpus = d / "corpus"
    corpus.mkdir()
    for name, text in (("xuanloc.txt", XUAN_LOC), ("ductrong.txt", DUC_TRONG),
                       ("sonmua.txt", UNDATED)):  # fmt: skip
        (corpus / name).write_text(text, encoding="utf-8")
    store = Store(d / "i.db")
    report = ingest_paths(store, HashEmbedder(), [corpus])
    assert not report.failed
    service = Service(Settings(index_path=d / "i.db", corpus_dir=corpus))
    service.set_embedder(HashEmbedder())
    return service, d / "i.db"


# -- 1. places at their own level, both dates labelled ----------------------------------------
def test_cards_show_the_place_at_its_own_level_and_both_dates_labelled():
    h = hit(
        organ="HĐND huyện", district="huyện Xuân Lộc", province="tỉnh Đồng Nai",
        place_level="district", meeting_date="2019-12-18", published="2019-12-20",
        meta_sources={"meeting_date": "body", "published": "inferred"},
    )  # fmt: skip
    meta = record_meta_html(h, "vi")
    assert "HĐND huyện · huyện Xuân Lộc, tỉnh Đồng Nai" in meta and "quận" not in meta
    assert dates_text(h, "vi") == "Ngày họp: 2019-12-18 · Ngày đăng: 2019-12-20 (suy ra)"
    ward = hit(ward="xã Sơn Mùa", district="huyện Sốp Cộp", province="tỉnh Sơn La",
               place_level="ward", year=2020, meta_sources={"year": "periods"})  # fmt: skip
    assert place_text(ward) == "xã Sơn Mùa, huyện Sốp Cộp, tỉnh Sơn La"
    assert dates_text(ward, "en") == "Year: 2020 (inferred)"
    assert dates_text(hit(), "vi") == "không rõ ngày"
    # The records list (rows as stored) shows both labelled dates with the place.
    row = {"organ": "UBND tỉnh", "province": "tỉnh Quảng Ngãi", "place_level": "province",
           "published": "2024-01-02", "meta_sources": {"published": "header"}}  # fmt: skip
    assert record_meta_html(row, "en") == " · Published: 2024-01-02 · UBND tỉnh · tỉnh Quảng Ngãi"


def test_stored_records_carry_place_organ_and_date_sources(archive):
    service, _ = archive
    rows = {r["source"]: r for r in service.records()}
    xl = rows["xuanloc.txt"]
    assert xl["district"] == "huyện Xuân Lộc" and xl["province"] == "tỉnh Đồng Nai"
    assert xl["organ"] == "HĐND huyện" and xl["meta_sources"]["published"]
    html = search_results_html(service.search_records("thu ngân sách"), 1, 10, "vi")
    assert "huyện Xuân Lộc, tỉnh Đồng Nai" in html and "quận" not in html
    assert "Ngày họp: 2019-12-18" in html and "Ngày đăng: 2019-12-20" in html


def test_cli_plain_search_shows_labelled_dates_organ_and_place(archive, capsys, monkeypatch):
    from fakes import HashEmbedder

    monkeypatch.setattr("hbt_qa.service.load_embedder", lambda *a, **k: HashEmbedder())
    monkeypatch.setenv("HBT_QA_MODEL", "fake:hash64")
    _, index = archive
    assert main(["search", "thu ngân sách", "--index", str(index), "--mode", "bm25"]) == 0
    out = capsys.readouterr().out
    assert "Meeting: 2019-12-18 · Published: 2019-12-20 · HĐND huyện · huyện Xuân Lộc" in out
    assert "quận" not in out


# -- 2. a place filter at every level, with or without diacritics, old or new names ----------
def test_place_filter_matches_any_level_folded_old_and_new_names():
    xl = {"district": "huyện Xuân Lộc", "province": "tỉnh Đồng Nai"}
    assert place_matches(xl, "Xuân Lộc") and place_matches(xl, "xuan loc")
    assert place_matches(xl, "huyện Xuân Lộc") and place_matches(xl, "dong nai")
    assert not place_matches(xl, "Đức Trọng")
    # Hải Dương merged into Hải Phòng on 1 July 2025: either name finds the other's records.
    assert place_matches({"province": "tỉnh Hải Dương"}, "Hải Phòng")
    assert place_matches({"province": "thành phố Hải Phòng"}, "Hai Duong")


def test_search_place_filter_and_archive_options(archive):
    service, _ = archive
    rs = service.search_records("thu ngân sách", place="duc trong")
    assert rs.hits and {h.source for h in rs.hits} == {"ductrong.txt"}
    assert rs.place == "duc trong"
    places = service.places()
    assert {"huyện Xuân Lộc", "tỉnh Đồng Nai", "huyện Đức Trọng", "xã Sơn Mùa"} <= set(places)
    organs = service.organs()
    assert "HĐND huyện" in organs and "UBND huyện" in organs
    assert not any("quận" in o for o in organs)
    rs = service.search_records("thu ngân sách", organ="UBND huyện")
    assert {h.source for h in rs.hits} == {"ductrong.txt"}
    none = service.search_records("thu ngân sách", place="Đà Nẵng")
    assert not none.hits
    assert "với cơ quan, địa bàn đã chọn" in search_results_html(none, 1, 10, "vi")


def test_archive_options_are_plain_functions():
    rows = [
        {"province": "tỉnh Đồng Nai", "district": "huyện Xuân Lộc", "organ": "HĐND huyện",
         "organ_kind": "HĐND"},
        {"province": "Tỉnh Đồng Nai", "organ_kind": "UBND"},
    ]  # fmt: skip
    assert archive_places(rows) == ["tỉnh Đồng Nai", "huyện Xuân Lộc"]
    assert archive_organs(rows) == ["HĐND huyện", "HĐND", "UBND"]


def test_cli_place_option(archive, capsys, monkeypatch):
    from fakes import HashEmbedder

    monkeypatch.setattr("hbt_qa.service.load_embedder", lambda *a, **k: HashEmbedder())
    monkeypatch.setenv("HBT_QA_MODEL", "fake:hash64")
    _, index = archive
    args = ["search", "thu ngân sách", "--index", str(index), "--json", "--place", "Xuan Loc"]
    assert main(args) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {h["district"] for h in hits} == {"huyện Xuân Lộc"}
    assert main(["figures", "thu ngân sách", "--index", str(index), "--json",
                 "--place", "Đức Trọng"]) == 0  # fmt: skip
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [round(r["value"] / 1e9) for r in rows] == [57]


# -- 3. figures: one place per row and conflict flag; sub-totals apart ------------------------
def test_figures_never_join_two_places_and_sub_totals_are_their_own_series(archive):
    service, _ = archive
    res = series_for(service.store(), "tổng thu ngân sách trên địa bàn")
    year = [r for r in res.rows if r.end == dt.date(2019, 12, 31)]
    places = {r.place for r in year}
    assert {"huyện Xuân Lộc, tỉnh Đồng Nai", "huyện Đức Trọng, tỉnh Lâm Đồng"} <= places
    assert not any(r.conflict for r in year)
    totals = {(r.place, r.breakdown): round(r.value / 1e9, 1) for r in year}
    assert totals[("huyện Xuân Lộc, tỉnh Đồng Nai", None)] == 418
    assert totals[("huyện Xuân Lộc, tỉnh Đồng Nai", "ngân sách huyện được hưởng")] == 366.2
    only = series_for(service.store(), "tổng thu ngân sách trên địa bàn", place="xuan loc")
    assert only.rows and all("Xuân Lộc" in (r.place or "") for r in only.rows)
    from hbt_qa.web.render_figures import figures_csv

    lines = list(csv.DictReader(io.StringIO(figures_csv(only.rows, {}).lstrip("\ufeff"))))
    assert {x["place"] for x in lines} == {"huyện Xuân Lộc, tỉnh Đồng Nai"}
    assert {x["breakdown"] for x in lines} == {"", "ngân sách huyện được hưởng"}


# -- 4. dates: inferred ones count, undated matches counted and optional ----------------------
def test_date_filter_counts_years_and_says_how_many_are_undated(archive):
    service, _ = archive
    rs = service.search_records("thu ngân sách", "2019-01-01", "2019-12-31")
    assert {h.source for h in rs.hits} >= {"xuanloc.txt", "ductrong.txt"}
    assert "sonmua.txt" not in {h.source for h in rs.hits} and rs.undated >= 1
    html = search_results_html(rs, 1, 10, "vi")
    assert f"{rs.undated} kết quả không rõ ngày không được tính" in html
    assert "Gồm cả bài không rõ ngày" in html
    kept = service.search_records("thu ngân sách", "2019-01-01", "2019-12-31", with_undated=True)
    assert "sonmua.txt" in {h.source for h in kept.hits}
    year_only = hit(year=2019, meta_sources={"year": "periods"})
    assert RecordFilter("2019-01-01", "2019-12-31").matches(year_only)
    assert not RecordFilter("2020-01-01", None).matches(year_only)


# -- 5. title from settings, examples from the archive ---------------------------------------
def test_title_from_settings_and_examples_from_the_archive(archive):
    assert Settings.from_env({"HBT_QA_TITLE": "  Lưu trữ   biên bản  "}).title == (
        "Lưu trữ biên bản"
    )
    assert Settings.from_env({}).title is None
    from hbt_qa.web.app import heading

    service, _ = archive
    assert heading(service, "vi") == "Hỏi đáp biên bản họp UBND, HĐND quận Hai Bà Trưng"
    examples = service.example_questions()
    assert examples and all("Hai Bà Trưng" not in q for q in examples)
    assert any("Xuân Lộc" in q or "Đức Trọng" in q for q in examples)
    assert example_questions([]) == []


# -- 6. exports: place, organ, both dates with sources; Markdown that renders ---------------
def test_exports_carry_place_organ_dates_and_sources(archive):
    service, _ = archive
    rs = service.search_records("thu ngân sách", place="Xuân Lộc")
    rows = list(csv.DictReader(io.StringIO(export_csv(rs).lstrip("\ufeff"))))
    first = rows[0]
    assert first["district"] == "huyện Xuân Lộc" and first["province"] == "tỉnh Đồng Nai"
    assert first["organ"] == "HĐND huyện" and first["meeting_date"] == "2019-12-18"
    assert first["published"] == "2019-12-20" and first["published_source"]
    md = export_markdown(rs)
    assert "Ngày họp: 2019-12-18" in md and "huyện Xuân Lộc, tỉnh Đồng Nai" in md
    assert "2019\\-" not in md and "&amp;" not in md


def test_markdown_renders_as_written():
    assert esc_md("Q&A 2024-05-28 a-1.txt") == "Q&A 2024-05-28 a-1.txt"
    assert esc_md("- x\n# y\n1. z") == "\\- x\n\\# y\n1\\. z"
    assert esc_md("<b>&amp;") == "&lt;b&gt;&amp;amp;"


# -- 7. no double escaping ----------------------------------------------------------------
def test_quotes_are_not_escaped_twice_in_answers_and_sources():
    from hbt_qa.models import Answer

    h = hit(title="People's Council", meeting_date="2024-05-28")
    ans = Answer(question="What did the People's Council say?", text="People's «x»",
                 found=True, citations=[h])  # fmt: skip
    md = answer_markdown(ans)
    assert "People's Council" in md and "&#x27;" not in md and "&amp;" not in md
    assert esc_md("What did the People's Council say?") == "What did the People's Council say?"


def test_cli_search_counts_undated_matches_and_keeps_them_on_request(archive, capsys, monkeypatch):
    from fakes import HashEmbedder

    monkeypatch.setattr("hbt_qa.service.load_embedder", lambda *a, **k: HashEmbedder())
    monkeypatch.setenv("HBT_QA_MODEL", "fake:hash64")
    _, index = archive
    base = ["search", "thu ngân sách", "--index", str(index), "--mode", "bm25",
            "--from", "2019-01-01", "--to", "2019-12-31"]  # fmt: skip
    assert main(base) == 0
    out = capsys.readouterr().out
    left = re.search(r"(\d+) undated match(?:es)? left out of the date range", out)
    assert "sonmua.txt" not in out and left and int(left.group(1)) >= 1
    assert "--with-undated" in out  # the message names the option
    assert main([*base, "--with-undated"]) == 0
    out = capsys.readouterr().out
    kept = re.search(r"(\d+) of these hits ha(?:s|ve) no date", out)
    assert "sonmua.txt" in out and kept and kept.group(1) == left.group(1)
    assert main([*base, "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["undated"] == int(left.group(1))
    assert "sonmua.txt" not in {h["source"] for h in res["hits"]}
    assert main([*base, "--json", "--undated"]) == 0  # the older spelling
    res = json.loads(capsys.readouterr().out)
    assert "sonmua.txt" in {h["source"] for h in res["hits"]} and res["with_undated"] is True


def test_cli_search_without_a_date_range_says_nothing_of_undated(archive, capsys, monkeypatch):
    from fakes import HashEmbedder

    monkeypatch.setattr("hbt_qa.service.load_embedder", lambda *a, **k: HashEmbedder())
    monkeypatch.setenv("HBT_QA_MODEL", "fake:hash64")
    _, index = archive
    assert main(["search", "thu ngân sách", "--index", str(index), "--mode", "bm25"]) == 0
    out = capsys.readouterr().out
    assert "undated match" not in out and "have no date" not in out


# -- 8. the monthly chart: labels apart, undated counted ------------------------------------
def test_timeline_labels_stay_apart_and_undated_are_counted(archive):
    months = [(f"{y}-{m:02d}", 1) for y in range(2019, 2025) for m in range(1, 13)]
    bars, angle = timeline_rows(months)
    assert angle == 0  # years: few labels
    assert [b for b, _ in bars] == [str(y) for y in range(2019, 2025)] and bars[0][1] == 12
    assert timeline_rows(months[:18])[1] == -45 and timeline_rows(months[:6])[1] == 0
    service, _ = archive
    rs = service.search_records("thu ngân sách")
    assert rs.months and rs.undated_in_chart >= 1
    html = search_results_html(rs, 1, 10, "en")
    assert f"{rs.undated_in_chart} undated passages are not in the chart" in html


DUC_TRONG_2020 = """---
title: HĐND huyện Đức Trọng tổng kết năm 2020
published: 2020-12-25
source: synthetic
---
HĐND huyện Đức Trọng tổng kết năm 2020

HĐND huyện Đức Trọng, tỉnh Lâm Đồng họp cuối năm.

{parts}
""".format(
    parts="Năm 2020, tổng thu ngân sách nhà nước trên địa bàn huyện đạt 842.310 triệu đồng. "
    "Trong đó, thu ngân sách do huyện quản lý là 497.260 triệu đồng, đạt 108% dự toán; "
    "thu ngân sách tỉnh quản lý đạt 318.340 triệu đồng, đạt 90% dự toán; "
    "tổng thu NSNN giao xã, thị trấn quản lý là 27.500 triệu đồng, thực hiện đạt 26.710 triệu "
    "đồng, đạt 97% so với dự toán giao."
)


def test_sub_totals_by_level_of_budget_are_not_rivals_of_the_total(tmp_path):
    from fakes import HashEmbedder

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ductrong-2020.txt").write_text(DUC_TRONG_2020, encoding="utf-8")
    store = Store(tmp_path / "i.db")
    assert not ingest_paths(store, HashEmbedder(), [corpus]).failed
    rows = series_for(store, "thu ngân sách", place="Đức Trọng").rows
    got = {(r.breakdown, round(r.value / 1e9, 1)) for r in rows if r.end == dt.date(2020, 12, 31)}
    assert got == {
        (None, 842.3),
        ("ngân sách huyện quản lý", 497.3),
        ("ngân sách tỉnh quản lý", 318.3),
        ("giao xã, thị trấn quản lý", 26.7),
    }
    assert not any(r.conflict for r in rows)
