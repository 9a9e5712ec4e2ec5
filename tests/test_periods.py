"""Tests for hbt_qa.language.periods: dates, reporting periods and question time constraints."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hbt_qa.language.calendar import period_fits
from hbt_qa.language.period_types import Period, TimeConstraint
from hbt_qa.language.periods import (
    find_dates,
    find_periods,
    format_date_en,
    format_date_vi,
    parse_date,
)
from hbt_qa.language.question_time import parse_question_time

D = dt.date
REF = D(2024, 5, 31)
ARTICLE = Path(__file__).parent.parent / "corpus" / "hbt-2024-05-phien-hop-uy-vien.txt"


def assert_period_spans(text: str, periods: list[Period]) -> None:
    for p in periods:
        assert text[p.start_char : p.end_char] == p.text
        assert p.start <= p.end


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "span"),
    [
        ("28/5/2024", D(2024, 5, 28), "28/5/2024"),
        ("31/05/2024", D(2024, 5, 31), "31/05/2024"),
        ("ngày 31/5/2023", D(2023, 5, 31), "31/5/2023"),
        ("Ngày đăng 31/05/2024 | 14:30", D(2024, 5, 31), "31/05/2024"),
        ("28-5-2024", D(2024, 5, 28), "28-5-2024"),
        ("28.5.2024", D(2024, 5, 28), "28.5.2024"),
        ("2024-05-28", D(2024, 5, 28), "2024-05-28"),
        ("28 May 2024", D(2024, 5, 28), "28 May 2024"),
        ("May 28, 2024", D(2024, 5, 28), "May 28, 2024"),
        ("the 31st of May, 2024", D(2024, 5, 31), "31st of May, 2024"),
        ("3 Sept 2023", D(2023, 9, 3), "3 Sept 2023"),
        ("ngày 28 tháng 5 năm 2024", D(2024, 5, 28), "28 tháng 5 năm 2024"),
        ("ngay 28 thang 5 nam 2024", D(2024, 5, 28), "28 thang 5 nam 2024"),
        ("29/2/2024", D(2024, 2, 29), "29/2/2024"),
        ("(10/10/1954", D(1954, 10, 10), "10/10/1954"),
    ],
)
def test_find_dates(text: str, date: dt.date, span: str):
    [found] = find_dates(text)
    assert found.date == date
    assert found.text == span == text[found.start : found.end]
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2024",
        "29/2/2023",
        "32/1/2024",
        "1.250.000 đồng",
        "5/2024",
        "2021-2026",
        "28/5/24",
        "14:30",
        "4.206 tỷ",
        "5 may be late",
        "số 12/5/2024/QĐ-UBND",
        "",
    ],
)
def test_no_dates(text: str):
    assert find_dates(text) == []
    assert parse_date(text) is None


def test_find_dates_in_article():
    text = ARTICLE.read_text(encoding="utf-8")
    dates = find_dates(text)
    assert [d.date for d in dates] == [D(2024, 5, 31), D(2024, 5, 28), D(2024, 5, 25)]
    for d in dates:
        assert text[d.start : d.end] == d.text


def test_dates_in_nfd_text_keep_original_offsets():
    text = unicodedata.normalize(
        "NFD", "Lễ ra mắt diễn ra ngày 25/5/2024 và ngày 28 tháng 5 năm 2024"
    )
    dates = find_dates(text)
    assert [d.date for d in dates] == [D(2024, 5, 25), D(2024, 5, 28)]
    for d in dates:
        assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    ("date", "vi", "en"),
    [
        (D(2024, 5, 28), "28/5/2024", "28 May 2024"),
        (D(2023, 12, 1), "1/12/2023", "1 December 2023"),
        (D(2025, 1, 9), "9/1/2025", "9 January 2025"),
    ],
)
def test_format_dates(date: dt.date, vi: str, en: str):
    assert format_date_vi(date) == vi
    assert format_date_en(date) == en
    assert parse_date(vi) == date
    assert parse_date(en) == date


# --- periods in articles ------------------------------------------------------------------------

PERIODS = [
    # (text, kind, start, end, span)
    ("tháng 5 năm 2024", "month", D(2024, 5, 1), D(2024, 5, 31), "tháng 5 năm 2024"),
    ("tháng 5/2024", "month", D(2024, 5, 1), D(2024, 5, 31), "tháng 5/2024"),
    ("tháng 02/2024", "month", D(2024, 2, 1), D(2024, 2, 29), "tháng 02/2024"),
    ("tháng 5", "month", D(2024, 5, 1), D(2024, 5, 31), "tháng 5"),
    ("tháng 12 năm ngoái", "month", D(2023, 12, 1), D(2023, 12, 31), "tháng 12 năm ngoái"),
    ("5 tháng đầu năm 2024", "ytd", D(2024, 1, 1), D(2024, 5, 31), "5 tháng đầu năm 2024"),
    ("5 tháng đầu năm", "ytd", D(2024, 1, 1), D(2024, 5, 31), "5 tháng đầu năm"),
    ("5\u00a0tháng đầu năm", "ytd", D(2024, 1, 1), D(2024, 5, 31), "5\u00a0tháng đầu năm"),
    ("năm tháng đầu năm", "ytd", D(2024, 1, 1), D(2024, 5, 31), "năm tháng đầu năm"),
    ("9 tháng năm 2022", "ytd", D(2022, 1, 1), D(2022, 9, 30), "9 tháng năm 2022"),
    ("6 tháng cuối năm", "half", D(2024, 7, 1), D(2024, 12, 31), "6 tháng cuối năm"),
    ("6 tháng đầu năm", "half", D(2024, 1, 1), D(2024, 6, 30), "6 tháng đầu năm"),
    ("3 tháng cuối năm 2023", "rest", D(2023, 10, 1), D(2023, 12, 31), "3 tháng cuối năm 2023"),
    ("12 tháng năm 2023", "year", D(2023, 1, 1), D(2023, 12, 31), "12 tháng năm 2023"),
    ("nửa đầu năm 2024", "half", D(2024, 1, 1), D(2024, 6, 30), "nửa đầu năm 2024"),
    ("quý III/2024", "quarter", D(2024, 7, 1), D(2024, 9, 30), "quý III/2024"),
    ("quý 3 năm 2024", "quarter", D(2024, 7, 1), D(2024, 9, 30), "quý 3 năm 2024"),
    ("Quý IV năm 2023", "quarter", D(2023, 10, 1), D(2023, 12, 31), "Quý IV năm 2023"),
    ("quý I", "quarter", D(2024, 1, 1), D(2024, 3, 31), "quý I"),
    ("quý II năm nay", "quarter", D(2024, 4, 1), D(2024, 6, 30), "quý II năm nay"),
    ("9 tháng", "ytd", D(2024, 1, 1), D(2024, 9, 30), "9 tháng"),
    ("báo cáo 6 tháng", "half", D(2024, 1, 1), D(2024, 6, 30), "6 tháng"),
    ("năm 2023", "year", D(2023, 1, 1), D(2023, 12, 31), "năm 2023"),
    ("năm nay", "year", D(2024, 1, 1), D(2024, 12, 31), "năm nay"),
    ("năm ngoái", "year", D(2023, 1, 1), D(2023, 12, 31), "năm ngoái"),
    ("giữa năm", "midyear", D(2024, 6, 1), D(2024, 7, 31), "giữa năm"),
    ("giữa năm 2023", "midyear", D(2023, 6, 1), D(2023, 7, 31), "giữa năm 2023"),
    ("nhiệm kỳ 2021-2026", "term", D(2021, 1, 1), D(2026, 12, 31), "nhiệm kỳ 2021-2026"),
    ("giai đoạn 2021 – 2025", "term", D(2021, 1, 1), D(2025, 12, 31), "giai đoạn 2021 – 2025"),
    ("tính đến ngày 31/5/2023", "asof", D(2023, 1, 1), D(2023, 5, 31), "tính đến ngày 31/5/2023"),
    ("Tính đến ngày 23/6/2023,", "asof", D(2023, 1, 1), D(2023, 6, 23), "Tính đến ngày 23/6/2023"),
    ("tính đến nay", "asof", D(2024, 1, 1), D(2024, 5, 31), "tính đến nay"),
    ("tính đến hết tháng 4", "asof", D(2024, 1, 1), D(2024, 4, 30), "tính đến hết tháng 4"),
    ("lũy kế đến tháng 5/2024", "asof", D(2024, 1, 1), D(2024, 5, 31), "lũy kế đến tháng 5/2024"),
    ("cùng kỳ năm 2023", "same_period", D(2023, 1, 1), D(2023, 12, 31), "cùng kỳ năm 2023"),
    ("ngay từ đầu năm", "ytd", D(2024, 1, 1), D(2024, 5, 31), "từ đầu năm"),
    ("các tháng cuối năm", "rest", D(2024, 6, 1), D(2024, 12, 31), "các tháng cuối năm"),
    ("Ngày 28/5/2024", "day", D(2024, 5, 28), D(2024, 5, 28), "Ngày 28/5/2024"),
    ("ngày 25/5", "day", D(2024, 5, 25), D(2024, 5, 25), "ngày 25/5"),
    ("28 May 2024", "day", D(2024, 5, 28), D(2024, 5, 28), "28 May 2024"),
    # without diacritics
    ("5 thang dau nam", "ytd", D(2024, 1, 1), D(2024, 5, 31), "5 thang dau nam"),
    ("5 thang dau nam 2024", "ytd", D(2024, 1, 1), D(2024, 5, 31), "5 thang dau nam 2024"),
    ("quy III/2024", "quarter", D(2024, 7, 1), D(2024, 9, 30), "quy III/2024"),
    ("6 thang cuoi nam", "half", D(2024, 7, 1), D(2024, 12, 31), "6 thang cuoi nam"),
    ("thang 5 nam 2024", "month", D(2024, 5, 1), D(2024, 5, 31), "thang 5 nam 2024"),
    ("tinh den ngay 31/5/2023", "asof", D(2023, 1, 1), D(2023, 5, 31), "tinh den ngay 31/5/2023"),
    ("nhiem ky 2021-2026", "term", D(2021, 1, 1), D(2026, 12, 31), "nhiem ky 2021-2026"),
    # English
    ("in Q3 2024", "quarter", D(2024, 7, 1), D(2024, 9, 30), "Q3 2024"),
    ("first five months of 2024", "ytd", D(2024, 1, 1), D(2024, 5, 31),
     "first five months of 2024"),
    ("in June 2023", "month", D(2023, 6, 1), D(2023, 6, 30), "June 2023"),
    ("as of 31 May 2024", "asof", D(2024, 1, 1), D(2024, 5, 31), "as of 31 May 2024"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "start", "end", "span"), PERIODS)
def test_find_periods(text: str, kind: str, start: dt.date, end: dt.date, span: str):
    [p] = find_periods(text, ref=REF)
    assert (p.kind, p.start, p.end) == (kind, start, end)
    assert p.text == span == text[p.start_char : p.end_char]


@pytest.mark.parametrize(
    "text",
    [
        "Chủ tịch UBND 18 phường",
        "Kỷ niệm 70 năm Ngày Giải phóng Thủ đô",
        "5 năm trước",
        "sau 6 tháng triển khai",
        "6 tháng một lần",
        "hoàn thành trong 9 tháng tới",
        "trẻ em dưới 6 tháng tuổi",
        "trong 3 tháng",
        "năm học 2023-2024",
        "năm 2023-2024",
        "4.206 tỷ 168 triệu đồng",
        "Kỳ họp thứ 15",
        "quý khách",
        "How much may the district spend?",
        "",
    ],
)
def test_no_periods(text: str):
    assert find_periods(text, ref=REF) == []


@pytest.mark.parametrize(
    "text",
    ["5 tháng đầu năm", "tháng 5", "quý I", "9 tháng", "năm nay", "giữa năm", "tính đến nay",
     "các tháng cuối năm", "ngày 25/5", "cùng kỳ"],
)  # fmt: skip
def test_missing_year_without_ref_is_skipped(text: str):
    assert find_periods(text) == []


def test_same_period_follows_the_previous_period():
    text = "Trong 5 tháng đầu năm 2024, thu ngân sách bằng 54% so với cùng kỳ năm 2023."
    ytd, same = find_periods(text)
    assert (ytd.kind, ytd.start, ytd.end) == ("ytd", D(2024, 1, 1), D(2024, 5, 31))
    assert (same.kind, same.start, same.end) == ("same_period", D(2023, 1, 1), D(2023, 5, 31))
    assert same.text == "cùng kỳ năm 2023"


def test_same_period_without_year_is_last_year():
    text = "Quý I/2025 thu đạt 31% dự toán, bằng 121% so với cùng kỳ."
    _, same = find_periods(text)
    assert (same.start, same.end) == (D(2024, 1, 1), D(2024, 3, 31))


def test_same_period_of_leap_day_shifts_safely():
    _, same = find_periods("tính đến ngày 29/2/2024, bằng 90% cùng kỳ năm 2023")
    assert same.end == D(2023, 2, 28)


def test_article_periods():
    text = ARTICLE.read_text(encoding="utf-8")
    periods = find_periods(text, ref=D(2024, 5, 31))
    assert_period_spans(text, periods)
    got = [(p.kind, p.text.replace("\u00a0", " ")) for p in periods]
    assert got == [
        ("month", "tháng 5 năm 2024"),
        ("day", "31/05/2024"),
        ("day", "Ngày 28/5/2024"),
        ("month", "tháng 5 năm 2024"),
        ("midyear", "giữa năm"),
        ("ytd", "5 tháng đầu năm"),
        ("rest", "các tháng cuối năm"),
        ("term", "nhiệm kỳ 2021-2026"),
        ("ytd", "5 tháng đầu năm"),
        ("half", "6 tháng cuối năm"),
        ("ytd", "5 tháng đầu năm 2024"),
        ("same_period", "cùng kỳ năm 2023"),
        ("same_period", "cùng kỳ năm 2023"),
        ("half", "6 tháng đầu năm"),
        ("ytd", "5 tháng đầu năm 2024"),
        ("same_period", "cùng kỳ năm 2023"),
        ("half", "6 tháng đầu năm"),
        ("ytd", "từ đầu năm"),
        ("asof", "tính đến nay"),
        ("day", "ngày 25/5/2024"),
        ("midyear", "giữa năm"),
    ]
    same = [p for p in periods if p.kind == "same_period"]
    assert {(p.start, p.end) for p in same} == {(D(2023, 1, 1), D(2023, 5, 31))}


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_article_periods_in_any_normal_form(form: str):
    text = unicodedata.normalize(form, ARTICLE.read_text(encoding="utf-8"))
    periods = find_periods(text, ref=REF)
    assert_period_spans(text, periods)
    assert len(periods) == 21


def test_upper_case_and_old_tone_placement():
    text = "KẾT QUẢ 5 THÁNG ĐẦU NĂM 2024 VÀ QUÝ III/2024"
    assert [p.kind for p in find_periods(text)] == ["ytd", "quarter"]


# --- questions ----------------------------------------------------------------------------------

QUESTIONS = [
    # (question, mode, kind, year, months, start, end, span); no today/ref given
    ("Tính đến tháng 5 thu ngân sách được bao nhiêu?", "asof", "month", None, (1, 2, 3, 4, 5),
     None, None, "Tính đến tháng 5"),
    ("đến tháng 5", "asof", "month", None, (1, 2, 3, 4, 5), None, None, "đến tháng 5"),
    ("đến hết tháng 5 năm 2024", "asof", "month", 2024, (1, 2, 3, 4, 5), None, D(2024, 5, 31),
     "đến hết tháng 5 năm 2024"),
    ("tháng 5/2024", "within", "month", 2024, (5,), D(2024, 5, 1), D(2024, 5, 31),
     "tháng 5/2024"),
    ("5 tháng đầu năm 2024 thu bao nhiêu", "within", "ytd", 2024, (1, 2, 3, 4, 5),
     D(2024, 1, 1), D(2024, 5, 31), "5 tháng đầu năm 2024"),
    ("quý III/2024", "within", "quarter", 2024, (7, 8, 9), D(2024, 7, 1), D(2024, 9, 30),
     "quý III/2024"),
    ("năm 2023 giải ngân bao nhiêu", "within", "year", 2023, tuple(range(1, 13)),
     D(2023, 1, 1), D(2023, 12, 31), "năm 2023"),
    ("by May", "asof", "month", None, (1, 2, 3, 4, 5), None, None, "by May"),
    ("How much was collected by May 2024?", "asof", "month", 2024, (1, 2, 3, 4, 5), None,
     D(2024, 5, 31), "by May 2024"),
    ("as of 31 May 2024", "asof", "day", 2024, (1, 2, 3, 4, 5), None, D(2024, 5, 31),
     "as of 31 May 2024"),
    ("What was revenue in 2023?", "within", "year", 2023, tuple(range(1, 13)), D(2023, 1, 1),
     D(2023, 12, 31), "2023"),
    ("in Q3 2024", "within", "quarter", 2024, (7, 8, 9), D(2024, 7, 1), D(2024, 9, 30),
     "Q3 2024"),
    ("revenue in the first five months of 2024", "within", "ytd", 2024, (1, 2, 3, 4, 5),
     D(2024, 1, 1), D(2024, 5, 31), "the first five months of 2024"),
    ("in June", "within", "month", None, (6,), None, None, "June"),
    ("and in June?", "within", "month", None, (6,), None, None, "June"),
    ("tinh den thang 5 nam 2024", "asof", "month", 2024, (1, 2, 3, 4, 5), None, D(2024, 5, 31),
     "tinh den thang 5 nam 2024"),
    ("5 thang dau nam 2024", "within", "ytd", 2024, (1, 2, 3, 4, 5), D(2024, 1, 1),
     D(2024, 5, 31), "5 thang dau nam 2024"),
    ("quy III/2024", "within", "quarter", 2024, (7, 8, 9), D(2024, 7, 1), D(2024, 9, 30),
     "quy III/2024"),
    ("first half of 2024", "within", "half", 2024, (1, 2, 3, 4, 5, 6), D(2024, 1, 1),
     D(2024, 6, 30), "first half of 2024"),
    ("H2 2023", "within", "half", 2023, (7, 8, 9, 10, 11, 12), D(2023, 7, 1), D(2023, 12, 31),
     "H2 2023"),
    ("2023 revenue", "within", "year", 2023, tuple(range(1, 13)), D(2023, 1, 1),
     D(2023, 12, 31), "2023"),
    ("ngày 28/5/2024 ai chủ trì?", "within", "day", 2024, (5,), D(2024, 5, 28), D(2024, 5, 28),
     "ngày 28/5/2024"),
    ("đến hết năm 2023", "asof", "year", 2023, tuple(range(1, 13)), None, D(2023, 12, 31),
     "đến hết năm 2023"),
    ("quý 3", "within", "quarter", None, (7, 8, 9), None, None, "quý 3"),
    ("What about the third quarter?", "within", "quarter", None, (7, 8, 9), None, None,
     "third quarter"),
    ("until end of March 2024", "asof", "month", 2024, (1, 2, 3), None, D(2024, 3, 31),
     "until end of March 2024"),
    ("6 tháng cuối năm 2024", "within", "half", 2024, (7, 8, 9, 10, 11, 12), D(2024, 7, 1),
     D(2024, 12, 31), "6 tháng cuối năm 2024"),
    ("nhiệm kỳ 2021-2026", "within", "term", 2021, tuple(range(1, 13)), D(2021, 1, 1),
     D(2026, 12, 31), "nhiệm kỳ 2021-2026"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "mode", "kind", "year", "months", "start", "end", "span"), QUESTIONS
)
def test_parse_question_time(
    question: str,
    mode: str,
    kind: str,
    year: int | None,
    months: tuple[int, ...],
    start: dt.date | None,
    end: dt.date | None,
    span: str,
):
    c = parse_question_time(question)
    assert c is not None
    assert (c.mode, c.kind, c.year, c.months) == (mode, kind, year, months)
    assert (c.start, c.end) == (start, end)
    assert c.text == span == question[c.start_char : c.end_char]
    assert c.year_inferred is False


@pytest.mark.parametrize(
    ("question", "year", "start", "end"),
    [
        ("năm ngoái thu bao nhiêu", 2023, D(2023, 1, 1), D(2023, 12, 31)),
        ("năm nay", 2024, D(2024, 1, 1), D(2024, 12, 31)),
        ("nam ngoai", 2023, D(2023, 1, 1), D(2023, 12, 31)),
        ("last year", 2023, D(2023, 1, 1), D(2023, 12, 31)),
        ("this year", 2024, D(2024, 1, 1), D(2024, 12, 31)),
        ("quý I năm ngoái", 2023, D(2023, 1, 1), D(2023, 3, 31)),
        ("Q1 of last year", 2023, D(2023, 1, 1), D(2023, 3, 31)),
    ],
)
def test_relative_years_use_today(question: str, year: int, start: dt.date, end: dt.date):
    c = parse_question_time(question, today=REF)
    assert c is not None
    assert (c.year, c.start, c.end, c.year_inferred) == (year, start, end, False)
    assert parse_question_time(question, ref=REF) == c  # ref stands in for today
    without = parse_question_time(question)
    assert without is not None and without.year is None and without.start is None


def test_today_wins_over_ref_for_relative_years():
    c = parse_question_time("năm ngoái", today=D(2025, 3, 1), ref=REF)
    assert c is not None and c.year == 2024


@pytest.mark.parametrize(
    ("question", "end"),
    [("tính đến tháng 5", D(2024, 5, 31)), ("by May", D(2024, 5, 31)), ("in June", D(2024, 6, 30))],
)
def test_missing_year_comes_from_ref_only(question: str, end: dt.date):
    c = parse_question_time(question, ref=REF)
    assert c is not None and c.year == 2024 and c.end == end and c.year_inferred
    assert parse_question_time(question, today=REF).year is None  # type: ignore[union-attr]


def test_year_elsewhere_in_question_fills_month():
    c = parse_question_time("Năm 2024, tính đến tháng 5, giải ngân bao nhiêu?")
    assert c is not None
    assert (c.mode, c.year, c.end, c.text) == ("asof", 2024, D(2024, 5, 31), "tính đến tháng 5")


def test_year_after_a_number_is_still_a_year():
    # "5 năm trước" is five years ago, but "Kỳ họp thứ 17 năm 2024" names 2024.
    [p] = find_periods("Kỳ họp thứ 17 năm 2024")
    assert (p.kind, p.text) == ("year", "năm 2024")


def test_day_month_without_year_in_english():
    c = parse_question_time("What happened on 28 May?")
    assert c is not None and (c.kind, c.day, c.months, c.year) == ("day", 28, (5,), None)


@pytest.mark.parametrize(
    "question",
    ["so với năm 2023, năm 2024 thu bao nhiêu?", "How did 2024 do compared to 2023?",
     "Năm 2024 thu nhiều hơn năm 2023 không?"],
)  # fmt: skip
def test_baseline_year_is_not_the_asked_year(question: str):
    c = parse_question_time(question)
    assert c is not None and c.year == 2024


def test_comparison_year_is_not_the_asked_year():
    c = parse_question_time("Thu tháng 5 so với cùng kỳ năm 2023 thế nào?")
    assert c is not None and c.year is None and c.months == (5,)
    c = parse_question_time("5 tháng đầu năm 2024 so với cùng kỳ năm 2023")
    assert c is not None and c.year == 2024


@pytest.mark.parametrize(
    ("question", "end"),
    [("Hiện nay giải ngân được bao nhiêu?", REF), ("How much has been disbursed so far?", REF),
     ("từ đầu năm đến nay", REF), ("tính đến nay", REF)],
)  # fmt: skip
def test_now(question: str, end: dt.date):
    c = parse_question_time(question, today=end)
    assert c is not None and c.mode in ("asof", "within") and c.end == end
    assert parse_question_time(question) is not None  # still a time question, end unknown


@pytest.mark.parametrize(
    "question",
    ["Ai chủ trì phiên họp?", "How much may the district spend?", "18 phường", "70 năm", "",
     "Tổng thu ngân sách là bao nhiêu?", "What was the total budget revenue?"],
)  # fmt: skip
def test_no_time_in_question(question: str):
    assert parse_question_time(question, today=REF) is None


# --- fit ----------------------------------------------------------------------------------------


def period(start: dt.date, end: dt.date, kind: str = "ytd") -> Period:
    return Period(start, end, kind, "", 0, 0)


def q(text: str, **kw: dt.date) -> TimeConstraint:
    c = parse_question_time(text, **kw)
    assert c is not None
    return c


@pytest.mark.parametrize(
    ("question", "target", "score"),
    [
        # within, periods
        ("5 tháng đầu năm 2024", period(D(2024, 1, 1), D(2024, 5, 31)), 1.0),
        ("năm 2024", period(D(2024, 1, 1), D(2024, 5, 31)), 0.8),
        ("tháng 5/2024", period(D(2024, 1, 1), D(2024, 5, 31)), 0.6),
        ("quý II/2024", period(D(2024, 1, 1), D(2024, 5, 31)), 0.3),
        ("năm 2023", period(D(2024, 1, 1), D(2024, 5, 31)), 0.0),
        # within, article dates
        ("5 tháng đầu năm 2024", D(2024, 5, 31), 1.0),
        ("5 tháng đầu năm 2024", D(2024, 6, 20), 1.0),
        ("5 tháng đầu năm 2024", D(2023, 12, 1), 0.0),
        ("5 tháng đầu năm 2024", D(2024, 12, 1), 0.4),
        ("năm 2023", dt.datetime(2024, 1, 15, 9, 0), 1.0),
        # asof
        ("tính đến tháng 5/2024", period(D(2024, 1, 1), D(2024, 5, 31)), 1.0),
        ("tính đến tháng 5/2024", period(D(2024, 5, 1), D(2024, 5, 31), "month"), 0.7),
        ("tính đến tháng 5/2024", period(D(2024, 1, 1), D(2024, 6, 30)), 0.4),
        ("tính đến tháng 5/2024", period(D(2024, 1, 1), D(2024, 9, 30)), 0.2),
        ("tính đến tháng 5/2024", period(D(2023, 1, 1), D(2023, 5, 31)), 0.0),
        ("tính đến tháng 5/2024", D(2024, 5, 28), 1.0),
        ("tính đến tháng 5/2024", D(2024, 3, 1), 0.0),
        ("tính đến tháng 5/2024", D(2024, 10, 1), 0.4),
        # year unknown: matched in the target's own year
        ("tính đến tháng 5", period(D(2023, 1, 1), D(2023, 5, 31)), 1.0),
        ("tính đến tháng 5", D(2023, 5, 30), 1.0),
        ("tính đến tháng 5", period(D(2023, 1, 1), D(2023, 9, 30)), 0.2),
        ("in June", period(D(2024, 6, 1), D(2024, 6, 30), "month"), 1.0),
        ("in June", D(2024, 7, 5), 1.0),
        ("quý 3", period(D(2022, 7, 1), D(2022, 9, 30), "quarter"), 1.0),
        ("quý 3", period(D(2022, 1, 1), D(2022, 3, 31), "quarter"), 0.0),
    ],
)
def test_period_fits(question: str, target: Period | dt.date, score: float):
    assert period_fits(q(question), target) == pytest.approx(score)


def test_period_fits_unknowns():
    assert period_fits(None, REF) == 0.5
    assert period_fits(q("năm 2024"), None) == 0.5
    assert period_fits(q("hiện nay"), REF) == 0.5  # "now" with no anchor date
    assert period_fits(q("hiện nay", today=REF), D(2024, 5, 31)) == 1.0


def test_period_fits_with_article_periods():
    text = "Thu ngân sách 5 tháng đầu năm 2024 đạt 51% so với cùng kỳ năm 2023."
    ytd, same = find_periods(text)
    c = q("Tổng thu 5 tháng đầu năm 2024?")
    assert period_fits(c, ytd) == 1.0
    assert period_fits(c, same) == 0.0


# --- robustness ---------------------------------------------------------------------------------

ODD_INPUTS = [
    " " * 10_000,
    "tháng " * 1_600,
    "May" + " " * 9_990 + "x",
    "năm" + " " * 9_990,
    "quý I" + " " * 9_990,
    "đến " * 2_500,
    "28/5/" * 2_000,
    "\u0301" * 10_000,
    "🙂📅" * 3_000 + "28/5/2024",
    "\x00\x01\x02\x1b" * 2_500,
    "cùng kỳ năm 2023 " * 500,
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=lambda t: repr(t[:8]))
def test_odd_inputs_do_not_crash(text: str):
    assert_period_spans(text, find_periods(text, ref=REF))
    for d in find_dates(text):
        assert text[d.start : d.end] == d.text
    c = parse_question_time(text, today=REF, ref=REF)
    if c is not None:
        assert text[c.start_char : c.end_char] == c.text


@pytest.mark.parametrize("anchor", [dt.date.min, dt.date.max, D(1, 12, 31), D(9999, 1, 1)])
@pytest.mark.parametrize(
    "text",
    ["năm ngoái", "năm sau", "tháng trước", "tháng này", "cùng kỳ năm trước", "tính đến nay",
     "các tháng cuối năm", "5 tháng đầu năm", "last year", "next year", "by May", "hiện nay"],
)  # fmt: skip
def test_extreme_anchor_dates(text: str, anchor: dt.date):
    article = f"Quý I. {text}"
    assert_period_spans(article, find_periods(article, ref=anchor))
    c = parse_question_time(text, today=anchor, ref=anchor)
    if c is not None:
        for target in (anchor, dt.date.min, dt.date.max, period(anchor, anchor)):
            assert 0.0 <= period_fits(c, target) <= 1.0


TIME_ALPHABET = (
    "0123456789/-.,: \u00a0\nthángnămquýIVđầucuốigiữakỳcùngtínhđếnnayngàyMayJuneQ\u0300\u0301\u0323"
)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)))
def test_never_raises_on_arbitrary_text(text: str, ref: dt.date):
    assert_period_spans(text, find_periods(text, ref=ref))
    for d in find_dates(text):
        assert text[d.start : d.end] == d.text
    parse_question_time(text, today=ref, ref=ref)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=TIME_ALPHABET, max_size=200),
    st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))),
)
def test_spans_on_time_like_text(text: str, ref: dt.date | None):
    periods = find_periods(text, ref=ref)
    assert_period_spans(text, periods)
    for prev, nxt in itertools.pairwise(periods):
        assert prev.end_char <= nxt.start_char
    c = parse_question_time(text, today=ref, ref=ref)
    if c is not None:
        assert text[c.start_char : c.end_char] == c.text
        assert 0.0 <= period_fits(c, ref) <= 1.0
        for p in periods:
            assert 0.0 <= period_fits(c, p) <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)))
def test_date_formats_round_trip(d: dt.date):
    assert parse_date(format_date_vi(d)) == d
    assert parse_date(format_date_en(d)) == d
    assert parse_date(d.isoformat()) == d


@pytest.mark.parametrize(
    ("question", "start", "end", "kind"),
    [
        ("How much revenue in January-May 2024?", D(2024, 1, 1), D(2024, 5, 31), "ytd"),
        ("from January to May 2024", D(2024, 1, 1), D(2024, 5, 31), "ytd"),
        ("Jan–May 2024", D(2024, 1, 1), D(2024, 5, 31), "ytd"),
        ("Thu ngân sách tháng 1-5/2024?", D(2024, 1, 1), D(2024, 5, 31), "ytd"),
        ("từ tháng 1 đến tháng 5 năm 2024", D(2024, 1, 1), D(2024, 5, 31), "ytd"),
        ("tu thang 1 den thang 5 nam 2024", D(2024, 1, 1), D(2024, 5, 31), "ytd"),
        ("tháng 1 đến tháng 6 năm 2024", D(2024, 1, 1), D(2024, 6, 30), "half"),
        ("between July and December 2023", D(2023, 7, 1), D(2023, 12, 31), "half"),
        ("tháng 7 - 9/2024", D(2024, 7, 1), D(2024, 9, 30), "quarter"),
        ("tháng 10-12/2024", D(2024, 10, 1), D(2024, 12, 31), "quarter"),
    ],
)
def test_month_ranges_are_reporting_periods(question, start, end, kind):
    c = parse_question_time(question)
    assert c is not None and (c.start, c.end, c.kind, c.mode) == (start, end, kind, "within")


def test_month_range_in_an_article_is_one_period():
    (p,) = find_periods("Trong tháng 1-5/2024, quận thu 4.206 tỷ đồng.", ref=D(2024, 6, 1))
    assert (p.start, p.end, p.kind, p.text) == (
        D(2024, 1, 1),
        D(2024, 5, 31),
        "ytd",
        "tháng 1-5/2024",
    )
    # Months that make no reporting period are not read as one.
    c = parse_question_time("tháng 3-5/2024")
    assert c is None or c.kind != "ytd"
