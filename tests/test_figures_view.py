"""The figures tab without a browser: handlers, table, chart and CSV (fake model)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from hbt_qa.config import Settings
from hbt_qa.errors import QueryError
from hbt_qa.figures.indicators import CATALOGUE
from hbt_qa.service import Service
from hbt_qa.web.figures_tab import FiguresView, indicator_choices
from hbt_qa.web.render_figures import figures_chart_svg, figures_csv, figures_table_html

DEV = ROOT / "bench" / "devset" / "articles"  # synthetic articles
SEED_ID = "hbt-2024-05-phien-hop-uy-vien"
EVIL = """---
title: "<script>alert(1)</script> Thu ngân sách"
published: 2024-06-20
---
Ngày 18/6/2024, UBND phường Bạch Đằng họp.

Tổng thu ngân sách trên địa bàn 5 tháng đầu năm 2024 đạt 12 tỷ đồng \
<img src=x onerror=alert(1)> =HYPERLINK("x").
"""


@pytest.fixture(scope="module")
def view(tmp_path_factory) -> FiguresView:
    """Seed + synthetic dev articles + one article with markup in it."""
    from fakes import HashEmbedder

    d = tmp_path_factory.mktemp("figview")
    corpus = d / "corpus"
    shutil.copytree(DEV, corpus)
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "zz-evil.md").write_text(EVIL, encoding="utf-8")
    svc = Service(Settings(index_path=d / "i.db", corpus_dir=corpus))
    svc.set_embedder(HashEmbedder())
    svc.ensure_index()
    return FiguresView(svc, export_dir=d / "exports")


def _csv_rows(path: str | None) -> list[dict[str, str]]:
    assert path is not None
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_indicator_choices_follow_the_language():
    vi, en = indicator_choices("vi"), indicator_choices("en")
    assert [v for _, v in vi] == [v for _, v in en] == [i.id for i in CATALOGUE]
    assert ("Giải ngân vốn đầu tư công", "giai_ngan_von_dau_tu") in vi
    assert ("Public investment disbursed", "giai_ngan_von_dau_tu") in en


def test_free_text_series_table_links_every_value_to_its_passage(view):
    out = view.show("giải ngân", None, "Hai Bà Trưng", "", "", "", "vi")
    assert out.result is not None and out.result.indicator_id == "giai_ngan_von_dau_tu"
    assert len(out.result.rows) == 6
    html = out.table
    assert "Giải ngân vốn đầu tư công: 6 giá trị" in html
    assert html.count('class="open-article fig-value"') == 6
    store = view.service.store()
    seed = next(r for r in out.result.rows if r.end == dt.date(2024, 5, 28))
    f = seed.sources[0]
    pid = store.passage_at(f.article_id, f.sentence_start).passage_id
    link = f'href="?article={SEED_ID}&amp;passage={pid.replace("#", "%23")}"'
    assert link in html and f'data-passage="{pid}"' in html
    assert '<mark class="val">trên 115 tỷ đồng</mark>' in html
    assert "ước thực hiện" in html and 'class="estimate"' in html  # năm 2023, estimate
    assert "không nội suy" in html and "5 tháng đầu năm" in html and "quý III" in html


def test_dropdown_pick_and_english(view):
    out = view.show("", "giai_ngan_von_dau_tu", "Hai Bà Trưng", "", "2024-01-01", "", "en")
    assert [r.end.isoformat() for r in out.result.rows] == [
        "2024-05-28",
        "2024-06-30",
        "2024-09-30",
        "2025-03-31",
    ]
    assert "Public investment disbursed: 4 values" in out.table
    assert "<th>Period</th>" in out.table and "not interpolated" not in out.table
    assert "nothing is interpolated or summed" in out.table
    # The box still holding the picked indicator's label is the same request.
    again = view.show("Public investment disbursed", "giai_ngan_von_dau_tu", "Hai Bà Trưng",
                      "", "1/1/2024", "", "en")  # fmt: skip
    assert again.result.rows == out.result.rows
    # Typed text wins over the dropdown.
    other = view.show("tổng thu ngân sách", "giai_ngan_von_dau_tu", "", "", "", "", "vi")
    assert other.result.indicator_id == "tong_thu_ngan_sach"


def test_conflicts_are_flagged_in_table_chart_and_csv(view):
    may = "2024-05-31"
    out = view.show("tổng thu ngân sách trên địa bàn", None, "Đống Đa", "", may, may, "vi")
    conflicts = [r for r in out.result.rows if r.conflict]
    assert len(conflicts) == 2
    assert out.table.count('class="actual conflict"') == 2
    assert out.table.count("⚠ các nguồn khác số liệu") == 2
    assert out.chart.count('class="fig-conflict-mark"') == 2
    rows = _csv_rows(out.csv_path)
    assert sum(r["conflict"] == "yes" for r in rows) == 2
    assert {r["basis"] for r in rows} <= {"actual", "estimate"}


def test_chart_svg_lines_points_and_links(view):
    out = view.show("giải ngân", None, "Hai Bà Trưng", "", "", "", "vi")
    svg = out.chart
    assert svg.count("<svg") == 1 and svg.count('class="fig-point') == 6
    assert svg.count('class="fig-point estimate"') == 1  # hollow, its own series
    assert svg.count('<a class="open-article"') == 6
    assert 'class="fig-line actual"' in svg  # 2024 year to date: 115 → 142 → 286
    assert "tỷ đồng" in svg and "lũy kế từ đầu năm" in svg
    assert "<script" not in svg and "onerror" not in svg
    assert figures_chart_svg([], {}, "vi") == ""


def test_csv_export_one_line_per_source_and_spreadsheet_safe(view):
    out = view.show("giải ngân", None, "Hai Bà Trưng", "", "", "", "vi")
    rows = _csv_rows(out.csv_path)
    assert Path(out.csv_path).name == "so-lieu-giai-ngan-von-dau-tu.csv"
    seed = next(r for r in rows if r["article_id"] == SEED_ID)
    assert seed["value"] == "115000000000" and seed["value_text"] == "trên 115 tỷ đồng"
    assert seed["period_end"] == "2024-05-28" and seed["basis"] == "actual"
    assert "giải ngân đạt trên 115 tỷ đồng" in seed["sentence"]
    assert seed["permalink"].startswith(f"?article={SEED_ID}&passage=")
    assert {r["basis"] for r in rows} == {"actual", "estimate"}
    row = next(r for r in out.result.rows if r.end == dt.date(2024, 5, 28))
    f = replace(row.sources[0], source="=HYPERLINK(1).txt", sentence="-1+2 «trên 115 tỷ»")
    text = figures_csv([replace(row, sources=(f,))], {}, "http://h/")
    line = next(csv.DictReader(io.StringIO(text[1:])))
    assert line["source"] == "'=HYPERLINK(1).txt" and line["sentence"] == "'-1+2 «trên 115 tỷ»"
    assert line["permalink"] == f"http://h/?article={SEED_ID}"


def test_article_markup_is_escaped(view):
    may = "2024-05-31"
    out = view.show("tổng thu ngân sách", None, "", "", may, may, "vi")
    html = out.table + out.chart
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    tags = set(re.findall(r"<([a-zA-Z]+)", html))
    allowed = {"p", "div", "table", "thead", "tbody", "tr", "th", "td", "a", "mark", "br",
               "span", "svg", "title", "line", "text", "circle", "polyline"}  # fmt: skip
    assert tags <= allowed


def test_empty_bad_and_unknown_input(view):
    first = view.show("", None, "", "", "", "", "vi")
    assert "Nhập hoặc chọn" in first.table and first.csv_path is None
    bad = view.show("giải ngân", None, "", "", "31/02/2024", "", "en")
    assert 'class="msg error"' in bad.table and bad.result is None
    none = view.show("cây xanh <b>", None, "", "", "", "", "vi")
    assert "Không tìm thấy số liệu nào của «cây xanh &lt;b&gt;»" in none.table
    assert none.csv_path is None and none.chart == ""


def test_related_indicators_that_also_matched_are_listed(view):
    """Issue 15 point 11: the sibling of "thu ngân sách" is named, in the tab's language."""
    vi = view.show("thu ngân sách", None, "", "", "", "", "vi")
    assert vi.result is not None and vi.result.indicator_id == "tong_thu_ngan_sach"
    assert "Chỉ tiêu liên quan: Thu ngân sách quận (sau điều tiết)" in vi.table
    assert "Dự toán thu ngân sách" in vi.table
    en = view.show("thu ngân sách", None, "", "", "", "", "en")
    assert "Related indicators: District budget revenue (after revenue sharing)" in en.table
    assert "Chỉ tiêu liên quan" not in en.table
    one = view.show("giải ngân vốn đầu tư công", None, "", "", "", "", "vi")
    assert "Chỉ tiêu liên quan" not in one.table
    out = view.api("thu ngân sách")
    assert [r["id"] for r in out["related"]][:1] == ["thu_ngan_sach_quan"]
    assert out["related"][0]["label_en"] == "District budget revenue (after revenue sharing)"


def test_a_bad_figures_date_is_worded_in_the_tab_language(view):
    """Issue 15 point 18: the date error follows the language chosen, not "since: … / …"."""
    en = view.show("giải ngân", None, "", "", "31/02/2024", "", "en").table
    assert "31/02/2024" in en and "is not a date" in en and "không phải" not in en
    vi = view.show("giải ngân", None, "", "", "", "hôm kia", "vi").table
    assert "hôm kia" in vi and "không phải ngày hợp lệ" in vi and "is not a date" not in vi


def test_a_bad_figures_api_input_logs_one_line_and_says_why(view, caplog):
    """Issue 15 point 18: an input error of /figures is one log line, not a traceback."""
    import logging

    import gradio as gr

    from hbt_qa.web.figures_tab import figures_api

    figures = figures_api(gr, view)
    for args, why in ((("giải ngân", "31/2/2024"), "is not a date"), (("  ",), "empty")):
        caplog.clear()
        with caplog.at_level(logging.INFO), pytest.raises(gr.Error) as err:
            figures(*args)
        assert why in str(err.value) and err.value.print_exception is False
        lines = [r.getMessage() for r in caplog.records]
        assert len(lines) == 1 and lines[0].startswith("/figures refused: "), lines
        assert caplog.records[0].exc_info is None and "\n" not in lines[0]


def test_render_helpers_with_no_rows():
    assert "No figures found" in figures_table_html([], {}, "en", "X", "q")
    assert figures_csv([], {}).startswith("\ufeffrow,period,")


def test_api_figures_json_with_passages(view):
    out = view.api("giải ngân", "2024-01-01", "", "Hai Bà Trưng", "")
    assert out["indicator"] == "giai_ngan_von_dau_tu" and len(out["rows"]) == 4
    src = out["rows"][0]["sources"][0]
    assert src["article_id"] == SEED_ID and src["passage_id"].startswith(SEED_ID)
    with pytest.raises(QueryError):
        view.api("giải ngân", "hôm qua")
    with pytest.raises(QueryError):
        view.api("  ")
