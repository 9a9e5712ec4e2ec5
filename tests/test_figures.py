"""Tests for indicator figures: catalogue, extraction with periods, series, table."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hbt_qa.figures.extract import Figure, extract_figures, extract_phrase_figures
from hbt_qa.figures.indicators import (
    CATALOGUE,
    find_mentions,
    match_indicator,
    matching_indicators,
)
from hbt_qa.figures.series import SeriesRow, build_series, period_label, series_table_markdown
from hbt_qa.ingest.articles import read_article_file
from hbt_qa.ingest.passages import make_passages
from hbt_qa.language.places import (
    Locality,
    article_locality,
    find_scope_markers,
    locality_from_text,
)

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "hbt-2024-05-phien-hop-uy-vien.txt"
DEV = ROOT / "bench" / "devset" / "articles"
HBT = "Hai Bà Trưng"


H23_05 = "hbt-2023-05-phien-hop-uy-vien.txt"
H23_12 = "hbt-2023-12-ky-hop-hdnd.txt"
H24_07 = "hbt-2024-07-ky-hop-hdnd-giua-nam.txt"
H24_10 = "hbt-2024-10-phien-hop-uy-vien.txt"
H25_03 = "hbt-2025-03-phien-hop-uy-vien.txt"
BK = "hbt-phuong-bach-khoa-2024-06-so-ket.txt"
DD05 = "dongda-2024-05-phien-hop-ubnd.txt"
DD07 = "dongda-2024-07-ky-hop-hdnd.txt"
MEETING = D(2024, 5, 28)


def article_figures(path: Path) -> list[Figure]:
    """Figures of one article file, with underthesea's sentences and the meeting date."""
    article, paragraphs = read_article_file(path, path.name)
    sentences = [s for p in make_passages(article, paragraphs) for s in p.sentences]
    ref = D.fromisoformat(article.meeting_date or article.published or "")
    return extract_figures(article.text, sentences, article.article_id, article.source, ref)


@pytest.fixture(scope="module")
def seed_figures() -> list[Figure]:
    return article_figures(SEED)


@pytest.fixture(scope="module")
def all_figures(seed_figures: list[Figure]) -> list[Figure]:
    figures = list(seed_figures)
    for path in sorted(DEV.glob("*.txt")):
        figures.extend(article_figures(path))
    return figures


def spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans for inline fixtures: a sentence ends with a full stop before a space."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r"\S.*?(?:[.:](?=\s|$)|$)", line.group()):
            out.append((line.start() + m.start(), line.start() + m.end()))
    return out


def extract(text: str, ref: D | None = MEETING, **kw: object) -> list[Figure]:
    return extract_figures(text, spans(text), "a", "a.txt", ref, **kw)  # type: ignore[arg-type]


def summary(f: Figure) -> tuple[object, ...]:
    p = f.period
    assert p is not None
    return (f.indicator_id, p.start, p.end, f.value, f.estimate)


# --- catalogue ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("giai ngan", "giai_ngan_von_dau_tu"),
        ("giải ngân vốn đầu tư phát triển", "giai_ngan_von_dau_tu"),
        ("disbursement", "giai_ngan_von_dau_tu"),
        ("how much had been disbursed by May?", "giai_ngan_von_dau_tu"),
        ("budget revenue", "tong_thu_ngan_sach"),
        ("how has budget revenue changed?", "tong_thu_ngan_sach"),
        ("Tổng số thu ngân sách trên địa bàn", "tong_thu_ngan_sach"),
        ("thu ngan sach 6 thang dau nam cac nam qua", "tong_thu_ngan_sach"),
        ("thu ngân sách quận sau điều tiết", "thu_ngan_sach_quan"),
        ("district budget revenue", "thu_ngan_sach_quan"),
        ("dự toán thu ngân sách", "du_toan_thu_ngan_sach"),
        ("chi ngan sach", "chi_ngan_sach"),
        ("kế hoạch vốn đầu tư công", "ke_hoach_von_dau_tu_cong"),
        ("tỷ lệ giải quyết đúng hạn", "ty_le_giai_quyet_dung_han"),
        ("giai_ngan_von_dau_tu", "giai_ngan_von_dau_tu"),
    ],
)
def test_match_indicator(phrase: str, expected: str) -> None:
    found = match_indicator(phrase)
    assert found is not None and found.id == expected


@pytest.mark.parametrize("phrase", ["", "phòng cháy chữa cháy", "who chaired the meeting", "?"])
def test_match_indicator_none(phrase: str) -> None:
    assert match_indicator(phrase) is None


def test_matching_indicators_lists_the_siblings_best_first() -> None:
    """Issue 15 point 11: "thu ngân sách" names one indicator and is part of others."""
    ids = [i.id for i in matching_indicators("thu ngân sách")]
    assert ids[0] == "tong_thu_ngan_sach" == match_indicator("thu ngân sách").id
    assert "thu_ngan_sach_quan" in ids and "du_toan_thu_ngan_sach" in ids
    assert "chi_ngan_sach" not in ids and len(set(ids)) == len(ids)
    assert matching_indicators("cây xanh") == []


def test_catalogue_entries_are_complete() -> None:
    ids = [ind.id for ind in CATALOGUE]
    assert len(ids) == len(set(ids))
    for ind in CATALOGUE:
        assert ind.label_vi and ind.label_en and ind.synonyms and ind.english
        assert all(form.isascii() for form in ind.folded)


def test_mentions_prefer_the_longest_form() -> None:
    text = "Dự toán thu ngân sách trên địa bàn năm 2024; thu ngân sách quận sau điều tiết"
    found = [(m.indicator_id, m.text) for m in find_mentions(text)]
    assert found == [
        ("du_toan_thu_ngan_sach", "Dự toán thu ngân sách trên địa bàn"),
        ("thu_ngan_sach_quan", "thu ngân sách quận sau điều tiết"),
    ]
    assert [m.indicator_id for m in find_mentions("tong thu ngan sach, giai ngan von")] == [
        "tong_thu_ngan_sach",
        "giai_ngan_von_dau_tu",
    ]


# --- places -------------------------------------------------------------------------------------


def test_article_locality() -> None:
    assert article_locality("UBND quận Đống Đa họp phiên thường kỳ", "") == Locality("Đống Đa")
    ward = article_locality("Phường Bách Khoa sơ kết công tác", "UBND phường (quận Hai Bà Trưng)")
    assert ward == Locality(HBT, "Bách Khoa") and ward.level == "ward"
    # A person after "UBND quận" in the body is not a district.
    assert article_locality("Phiên họp", "Chủ tịch UBND quận Nguyễn Quang Trung") == Locality(None)
    front = "---\ntitle: HĐND quận Ba Đình tổ chức Kỳ họp\n---\nHĐND quận Ba Đình\n"
    assert locality_from_text(front) == Locality("Ba Đình")
    assert locality_from_text(SEED.read_text(encoding="utf-8")) == Locality(HBT)


def test_scope_markers() -> None:
    text = "Thu ngân sách trên địa bàn phường đạt 5 tỷ; quận và các phường tiếp nhận hồ sơ."
    assert [(m.level, m.name) for m in find_scope_markers(text)] == [("ward", None)]
    named = find_scope_markers("tổng thu của quận Đống Đa và phường Minh Khai")
    assert [(m.level, m.name) for m in named] == [("district", "Đống Đa"), ("ward", "Minh Khai")]


# --- the seed article ---------------------------------------------------------------------------


def test_seed_figures_exactly(seed_figures: list[Figure]) -> None:
    got = [summary(f) for f in seed_figures]
    assert got == [
        ("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 5, 31), 4.206168e12, False),
        ("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 6, 30), 5.095057e12, True),
        ("thu_ngan_sach_quan", D(2024, 1, 1), D(2024, 5, 31), 3.81553e11, False),
        ("thu_ngan_sach_quan", D(2024, 1, 1), D(2024, 6, 30), 5.24452e11, True),
        ("giai_ngan_von_dau_tu", D(2024, 1, 1), D(2024, 5, 28), 1.15e11, False),
    ]
    assert all((f.district, f.ward, f.level) == (HBT, None, "district") for f in seed_figures)


def test_seed_first_figure_takes_its_period_from_the_lead_in(seed_figures: list[Figure]) -> None:
    text = SEED.read_text(encoding="utf-8")
    first = seed_figures[0]
    assert first.period is not None
    assert first.period.origin == "lead_in" and first.period.kind == "ytd"
    assert first.period.start_char is not None and first.period.end_char is not None
    # The period words are those of "trong 5 tháng đầu năm 2024, ..., cụ thể:".
    assert text[first.period.start_char : first.period.end_char] == "5 tháng đầu năm 2024"
    assert first.period.start_char < first.sentence_start
    assert [(p.value, p.base) for p in first.percents] == [(0.51, "du_toan"), (0.54, "cung_ky")]
    assert first.qualifier is None and first.amount_text == "4.206 tỷ 168 triệu đồng"


def test_seed_estimate_continues_the_previous_indicator(seed_figures: list[Figure]) -> None:
    second, fourth = seed_figures[1], seed_figures[3]
    assert second.sentence.startswith("Ước thực hiện 6 tháng đầu năm là 5.095")
    assert second.phrase == "Tổng số thu ngân sách trên địa bàn"  # carried from the sentence before
    assert second.mention_start < second.sentence_start
    assert second.period is not None and second.period.origin == "sentence"
    assert [(p.value, p.base) for p in second.percents] == [(0.62, "du_toan")]
    assert fourth.phrase == "Thu ngân sách quận sau điều tiết"


def test_seed_disbursement_is_as_of_the_meeting(seed_figures: list[Figure]) -> None:
    f = seed_figures[-1]
    assert f.qualifier == "trên" and f.amount_text == "trên 115 tỷ đồng"
    assert f.period is not None
    assert (f.period.kind, f.period.text, f.period.end) == ("asof", "tính đến nay", D(2024, 5, 28))
    assert f.percents == ()


def test_figure_spans_point_into_the_article(all_figures: list[Figure]) -> None:
    texts = {SEED.name: SEED.read_text(encoding="utf-8")}
    texts.update({p.name: p.read_text(encoding="utf-8") for p in DEV.glob("*.txt")})
    for f in all_figures:
        text = texts[f.source]
        assert text[f.amount_start : f.amount_end] == f.amount_text
        assert text[f.sentence_start : f.sentence_end] == f.sentence
        assert f.sentence_start <= f.amount_start < f.amount_end <= f.sentence_end
        assert f.phrase == text[f.mention_start : f.mention_end]
        for pct in f.percents:
            assert text[pct.start : pct.end] == pct.text
        p = f.period
        if p is not None and p.start_char is not None and p.end_char is not None:
            assert text[p.start_char : p.end_char] == p.text


# --- the series over seed + dev articles ---------------------------------------------------------


def rows_summary(rows: list[SeriesRow]) -> list[tuple[object, ...]]:
    return [
        (r.start, r.end, r.value, r.estimate, r.conflict, sorted(f.source for f in r.sources))
        for r in rows
    ]


def test_hbt_budget_revenue_series(all_figures: list[Figure]) -> None:
    rows = build_series(all_figures, "tong_thu_ngan_sach", district="Hai Ba Trung")
    assert rows_summary(rows) == [
        (D(2023, 1, 1), D(2023, 5, 31), 7.788912e12, False, False, [H23_05]),
        (D(2023, 1, 1), D(2023, 6, 30), 9.12045e12, True, False, [H23_05]),
        (D(2023, 1, 1), D(2023, 12, 31), 1.748623e13, True, False, [H23_12]),
        (D(2024, 1, 1), D(2024, 5, 31), 4.206168e12, False, False, [SEED.name, BK]),
        (D(2024, 1, 1), D(2024, 6, 30), 5.10234e12, False, False, [H24_07]),
        (D(2024, 1, 1), D(2024, 6, 30), 5.095057e12, True, False, [SEED.name]),
        (D(2024, 1, 1), D(2024, 9, 30), 7.036725e12, False, False, [H24_10]),
        (D(2024, 7, 1), D(2024, 9, 30), 1.934385e12, False, False, [H24_10]),
        (D(2025, 1, 1), D(2025, 3, 31), 3.27564e12, True, False, [H25_03]),
    ]  # fmt: skip


def test_hbt_disbursement_series(all_figures: list[Figure]) -> None:
    rows = build_series(all_figures, "giai_ngan_von_dau_tu", district=HBT)
    assert rows_summary(rows) == [
        (D(2023, 1, 1), D(2023, 5, 25), 9.8e10, False, False, [H23_05]),
        (D(2023, 1, 1), D(2023, 12, 31), 4.52318e11, True, False, [H23_12]),
        (D(2024, 1, 1), D(2024, 5, 28), 1.15e11, False, False, [SEED.name]),
        (D(2024, 1, 1), D(2024, 6, 30), 1.42e11, False, False, [H24_07]),
        (D(2024, 1, 1), D(2024, 9, 30), 2.86e11, False, False, [H24_10]),
        (D(2025, 1, 1), D(2025, 3, 31), 6.4e10, False, False, [H25_03]),
    ]  # fmt: skip
    assert [r.qualifier for r in rows] == ["trên", "ước đạt", "trên", "trên", "trên", "trên"]


def test_dong_da_conflict_is_flagged_and_both_values_cited(all_figures: list[Figure]) -> None:
    rows = build_series(
        all_figures, "tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 12, 31), district="Đống Đa"
    )
    assert rows_summary(rows) == [
        (D(2024, 1, 1), D(2024, 5, 31), 3.41276e12, False, True, [DD05]),
        (D(2024, 1, 1), D(2024, 5, 31), 3.42176e12, False, True, [DD07]),
        # The two estimates of H1 2024 differ too: same period, same basis, so also a conflict.
        (D(2024, 1, 1), D(2024, 6, 30), 4.15e12, True, True, [DD05]),
        (D(2024, 1, 1), D(2024, 6, 30), 4.168905e12, True, True, [DD07]),
    ]  # fmt: skip


def test_estimates_and_actuals_are_never_a_conflict(all_figures: list[Figure]) -> None:
    rows = build_series(
        all_figures, "tong_thu_ngan_sach", D(2024, 6, 30), D(2024, 6, 30), district=HBT
    )
    assert [(r.value, r.estimate, r.conflict) for r in rows] == [
        (5.10234e12, False, False),
        (5.095057e12, True, False),
    ]


def test_ward_figures_stay_out_of_the_district_series(all_figures: list[Figure]) -> None:
    ward = build_series(all_figures, "tong_thu_ngan_sach", ward="Bách Khoa")
    assert rows_summary(ward) == [
        (D(2024, 1, 1), D(2024, 6, 30), 7.0759e10, True, False, [BK]),
    ]  # fmt: skip
    assert ward[0].level == "ward" and ward[0].district == HBT
    minh_khai = build_series(all_figures, "giai_ngan_von_dau_tu", ward="minh khai")
    assert [(r.start, r.end, r.value) for r in minh_khai] == [
        (D(2022, 1, 1), D(2022, 12, 31), 1.5e9)
    ]
    district = build_series(all_figures, "tong_thu_ngan_sach", district=HBT)
    assert all(r.level == "district" and r.ward is None for r in district)


def test_unfiltered_series_keeps_places_apart(all_figures: list[Figure]) -> None:
    rows = build_series(all_figures, "tong_thu_ngan_sach", D(2024, 5, 31), D(2024, 5, 31))
    # Same period: places in alphabetical order (without marks), then by value.
    assert [(r.district, r.value, r.conflict) for r in rows] == [
        ("Đống Đa", 3.41276e12, True),
        ("Đống Đa", 3.42176e12, True),
        ("Hai Bà Trưng", 4.206168e12, False),
    ]


def test_plans_and_rates(all_figures: list[Figure]) -> None:
    plans = build_series(all_figures, "du_toan_thu_ngan_sach")
    assert [(r.district, r.start, r.value) for r in plans] == [
        (HBT, D(2024, 1, 1), 8.24739e12),
        ("Hoàn Kiếm", D(2025, 1, 1), 1.398e13),
    ]
    rates = build_series(all_figures, "ty_le_giai_quyet_dung_han", district="Cầu Giấy")
    assert [(r.start, r.end, r.value, r.unit) for r in rates] == [
        (D(2025, 1, 1), D(2025, 3, 31), 0.998, "percent")
    ]


# --- inline fixtures: the rules one by one -------------------------------------------------------


def test_paragraph_context_and_no_estimate_carry() -> None:
    text = (
        "UBND quận Ba Đình họp\n"
        "Theo báo cáo, 6 tháng đầu năm 2024, tổng thu ngân sách ước đạt 6.215 tỷ đồng. "
        "Thu ngân sách quận sau điều tiết đạt 389 tỷ đồng, bằng 40% kế hoạch vốn năm 2025. "
        "Giải ngân vốn đầu tư công đạt trên 205 tỷ đồng.\n"
        "Giải ngân vốn đầu tư công đạt trên 210 tỷ đồng."
    )
    figures = extract(text, D(2024, 7, 5))
    assert [(summary(f), f.period.origin if f.period else None) for f in figures] == [
        (("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 6, 30), 6.215e12, True), "sentence"),
        (("thu_ngan_sach_quan", D(2024, 1, 1), D(2024, 6, 30), 3.89e11, False), "paragraph"),
        # "năm 2025" belongs to the percentage's comparison, so it is not carried.
        (("giai_ngan_von_dau_tu", D(2024, 1, 1), D(2024, 6, 30), 2.05e11, False), "paragraph"),
        # A new paragraph starts without context: as of the meeting date.
        (("giai_ngan_von_dau_tu", D(2024, 1, 1), D(2024, 7, 5), 2.1e11, False), "meeting_date"),
    ]
    assert all(f.district == "Ba Đình" for f in figures)


def test_lead_in_skips_captions_and_stops_after_one_paragraph() -> None:
    text = (
        "Tiêu đề\n"
        "Trong 9 tháng đầu năm 2024, các chỉ tiêu đều tăng, cụ thể:\n"
        "Quang cảnh phiên họp\n"
        "Tổng thu ngân sách trên địa bàn là 100 tỷ đồng.\n"
        "Tổng thu ngân sách trên địa bàn là 90 tỷ đồng."
    )
    figures = extract(text, D(2024, 10, 20), locality=Locality(HBT))
    assert [(f.period.origin, f.period.end) for f in figures if f.period] == [
        ("lead_in", D(2024, 9, 30)),
        ("meeting_date", D(2024, 10, 20)),
    ]


def test_targets_counts_and_unknown_indicators_are_not_figures() -> None:
    text = (
        "Năm 2023, phường đặt mục tiêu thu ngân sách trên địa bàn đạt 101 tỷ đồng. "
        "Quận đã xử phạt 31 cơ sở với số tiền 224 triệu đồng. "
        "Quận đón 2,1 triệu lượt khách. "
        "Phấn đấu giải ngân vốn đầu tư công đạt trên 95% kế hoạch."
    )
    assert extract(text) == []


def test_a_new_subject_does_not_continue_the_indicator() -> None:
    text = (
        "Thu ngân sách trên địa bàn phường 6 tháng đầu năm 2024 ước đạt 70,759 tỷ đồng. "
        "Phường đã hoàn thành cải tạo 4 ngõ với tổng kinh phí 1,5 tỷ đồng."
    )
    assert [f.value for f in extract(text)] == [70.759e9]


def test_two_figures_in_one_sentence() -> None:
    text = (
        "Tổng thu ngân sách 5 tháng đầu năm 2024 đạt 400 tỷ đồng, đạt 41% so với dự toán; "
        "ước thực hiện 6 tháng đầu năm đạt 500 tỷ đồng, bằng 50% dự toán."
    )
    figures = extract(text)
    assert [summary(f) for f in figures] == [
        ("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 5, 31), 4e11, False),
        ("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 6, 30), 5e11, True),
    ]
    assert [[p.value for p in f.percents] for f in figures] == [[0.41], [0.5]]


def test_an_estimate_frame_covers_every_figure_of_its_period() -> None:
    text = (
        "Ước thực hiện 6 tháng đầu năm 2025, thu ngân sách trên địa bàn đạt 3.960 tỷ đồng; "
        "thu ngân sách quận được hưởng đạt 610 tỷ đồng. Giải ngân vốn đầu tư công đạt 355 tỷ đồng."
    )
    figures = extract(text, D(2025, 6, 25))
    # The frame is the sentence's own period; the next sentence carries the period, not the flag.
    assert [(f.indicator_id, f.estimate) for f in figures] == [
        ("tong_thu_ngan_sach", True),
        ("thu_ngan_sach_quan", True),
        ("giai_ngan_von_dau_tu", False),
    ]


def test_cumulative_months_and_rates_with_words_inside() -> None:
    text = (
        "Lũy kế 5 tháng, tổng thu ngân sách trên địa bàn là 3.215 tỷ đồng. "
        "Tỷ lệ giải quyết hồ sơ đúng hạn đạt 99,3%."
    )
    assert [summary(f) for f in extract(text, D(2025, 6, 25))] == [
        ("tong_thu_ngan_sach", D(2025, 1, 1), D(2025, 5, 31), 3.215e12, False),
        ("ty_le_giai_quyet_dung_han", D(2025, 1, 1), D(2025, 5, 31), 0.993, False),
    ]


def test_changes_cutoffs_whole_years_and_asides() -> None:
    text = (
        "Kết quả quý I/2024: thu ngân sách trên địa bàn đạt 1.400 tỷ đồng. "
        "Riêng tháng 3/2024, thu ngân sách trên địa bàn đạt 520 tỷ đồng. "
        "Vốn đầu tư công đã giải ngân 72 tỷ đồng. "
        "So với cùng kỳ năm 2023, thu ngân sách tăng 460 tỷ đồng.\n"
        "Đến ngày 30/3/2024, quận giải ngân được 80 tỷ đồng. "
        "Tổng vốn đầu tư công năm 2024 của quận là 540 tỷ đồng. "
        "Ước cả năm, thu ngân sách đạt 6.000 tỷ đồng."
    )
    assert [summary(f) for f in extract(text, D(2024, 4, 3))] == [
        ("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 3, 31), 1.4e12, False),
        ("tong_thu_ngan_sach", D(2024, 3, 1), D(2024, 3, 31), 5.2e11, False),
        # "Riêng tháng 3" is an aside: the paragraph is still about quý I.
        ("giai_ngan_von_dau_tu", D(2024, 1, 1), D(2024, 3, 31), 7.2e10, False),
        # "tăng 460 tỷ đồng" is a change, not a level: no figure.
        ("giai_ngan_von_dau_tu", D(2024, 1, 1), D(2024, 3, 30), 8e10, False),
        ("ke_hoach_von_dau_tu_cong", D(2024, 1, 1), D(2024, 12, 31), 5.4e11, False),
        ("tong_thu_ngan_sach", D(2024, 1, 1), D(2024, 12, 31), 6e12, True),
    ]


def test_text_without_diacritics() -> None:
    text = "Tinh den nay giai ngan von dau tu cong dat tren 115 ty dong."
    figures = extract(text)
    assert [summary(f) for f in figures] == [
        ("giai_ngan_von_dau_tu", D(2024, 1, 1), D(2024, 5, 28), 1.15e11, False)
    ]
    assert figures[0].qualifier == "trên"


def test_ward_marker_names_the_figure_place() -> None:
    text = (
        "Theo báo cáo của UBND quận, tổng thu ngân sách trên địa bàn quận đạt 900 tỷ đồng. "
        "Thu ngân sách trên địa bàn phường Minh Khai đạt 9 tỷ đồng."
    )
    figures = extract(text, locality=Locality(HBT, "Bách Khoa"))
    assert [(f.level, f.district, f.ward) for f in figures] == [
        ("district", HBT, None),
        ("ward", HBT, "Minh Khai"),
    ]


def test_free_phrase_figures() -> None:
    text = "Phường đã xử lý 9 trường hợp vi phạm với tổng số tiền phạt 245 triệu đồng."
    figures = extract_phrase_figures(text, spans(text), "tien phat", "a", "a.txt", D(2022, 12, 21))
    assert [(f.indicator_id, f.phrase, f.value) for f in figures] == [(None, "tien phat", 2.45e8)]
    assert build_series(figures, None)[0].value == 2.45e8
    assert extract_phrase_figures(text, spans(text), "kinh phí", "a", "a.txt", None) == []


def test_without_a_reference_date_relative_periods_are_unknown() -> None:
    figures = extract("Tính đến nay giải ngân đạt 5 tỷ đồng.", ref=None)
    assert [f.period for f in figures] == [None]
    assert build_series(figures, "giai_ngan_von_dau_tu") == []


# --- labels and the table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "kind", "vi", "en"),
    [
        (D(2024, 1, 1), D(2024, 5, 31), "ytd", "5 tháng đầu năm 2024", "Jan–May 2024"),
        (D(2024, 1, 1), D(2024, 6, 30), "half", "6 tháng đầu năm 2024", "H1 2024"),
        (D(2024, 7, 1), D(2024, 12, 31), "half", "6 tháng cuối năm 2024", "H2 2024"),
        (D(2024, 7, 1), D(2024, 9, 30), "quarter", "quý III/2024", "Q3 2024"),
        (D(2024, 1, 1), D(2024, 12, 31), "year", "năm 2024", "2024"),
        (D(2024, 5, 1), D(2024, 5, 31), "month", "tháng 5/2024", "May 2024"),
        (D(2024, 1, 1), D(2024, 5, 28), "asof", "đến 28/5/2024", "to 28 May 2024"),
        (D(2024, 3, 15), D(2024, 4, 1), "day", "15/3/2024–1/4/2024", "15 March 2024–1 April 2024"),
    ],
)  # fmt: skip
def test_period_label(start: D, end: D, kind: str, vi: str, en: str) -> None:
    assert period_label(start, end, kind, "vi") == vi
    assert period_label(start, end, kind, "en") == en


def test_table_escapes_article_text_and_marks_conflicts() -> None:
    text = "Tổng thu ngân sách 5 tháng đầu năm 2024 đạt 400 tỷ đồng <b>|</b> [x](javascript:1)."
    other = "Tổng thu ngân sách 5 tháng đầu năm 2024 đạt trên 401 tỷ đồng."
    figures = extract(text, locality=Locality(HBT)) + extract_figures(
        other, spans(other), "b", "b*<i>.txt", D(2024, 6, 1), locality=Locality(HBT)
    )
    table = series_table_markdown(build_series(figures, "tong_thu_ngan_sach"), "vi")
    assert "<b>" not in table and "<i>" not in table and "](javascript" not in table
    assert "&lt;b&gt;" in table and "\\|" in table and "b\\*&lt;i&gt;" in table
    lines = table.splitlines()
    assert lines[0] == "| Kỳ | Địa bàn | Giá trị | Loại | Tỷ lệ | Nguồn |"
    assert lines[2].startswith("| 5 tháng đầu năm 2024 | quận Hai Bà Trưng | 400 tỷ đồng |")
    assert "⚠" in lines[2] and "⚠" in lines[3] and "trên 401 tỷ đồng" in lines[3]
    en = series_table_markdown(build_series(figures, "tong_thu_ngan_sach"), "en")
    assert (
        "| Jan–May 2024 | Hai Bà Trưng district | 400 billion VND | actual ⚠ sources disagree" in en
    )
    assert series_table_markdown([], "en") == "No figures found."


def test_repost_is_one_row_with_every_source_cited(all_figures: list[Figure]) -> None:
    rows = build_series(
        all_figures, "tong_thu_ngan_sach", D(2024, 5, 31), D(2024, 5, 31), district=HBT
    )
    table = series_table_markdown(rows, "vi")
    assert "| [1] [2] |" in table
    assert "[1] hbt\\-2024\\-05\\-phien\\-hop\\-uy\\-vien\\.txt 2024-05-28" in table
    assert "[2] hbt\\-phuong\\-bach\\-khoa\\-2024\\-06\\-so\\-ket\\.txt 2024-06-21" in table
