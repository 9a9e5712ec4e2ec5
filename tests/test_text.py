"""Normalisation, folding and offsets of Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hbt_qa.language.text import detect_lang, fold, has_diacritics, normalize, normalize_with_map


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà bình", "hòa bình"),
        ("Thuỷ lợi", "Thủy lợi"),
        ("khoẻ", "khỏe"),
        ("Uỷ ban", "Ủy ban"),
        ("tuỳ", "tùy"),
        ("xoá", "xóa"),
        ("thoả thuận", "thỏa thuận"),
    ],
)
def test_one_tone_placement(old: str, new: str) -> None:
    assert normalize(old) == normalize(new) == new


@pytest.mark.parametrize("word", ["quý", "quỹ", "hoàn thành", "tuyết", "huỳnh", "hoặc", "khuya"])
def test_closed_or_qu_syllables_unchanged(word: str) -> None:
    assert normalize(word) == word


def test_nfd_becomes_nfc() -> None:
    s = "Giải ngân đạt trên 115 tỷ đồng"
    assert normalize(unicodedata.normalize("NFD", s)) == s


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Giải Ngân", "giai ngan"), ("Đống Đa", "dong da"), ("HĐND", "hdnd"), ("người", "nguoi")],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_offset_map_points_into_original() -> None:
    original = unicodedata.normalize("NFD", "Quận Hai Bà Trưng, ngày 28/5/2024")
    norm, index = normalize_with_map(original)
    assert norm == "Quận Hai Bà Trưng, ngày 28/5/2024"
    at = norm.index("Trưng")
    assert unicodedata.normalize("NFC", original[index[at] : index[at + 5]]) == "Trưng"
    assert index[len(norm)] == len(original)


@given(st.text(max_size=200))
def test_offset_map_is_monotonic_and_total(text: str) -> None:
    norm, index = normalize_with_map(text)
    assert len(index) == len(norm) + 1
    assert index == sorted(index)
    assert index[-1] == len(text)
    assert unicodedata.is_normalized("NFC", norm)


@pytest.mark.parametrize(
    ("q", "lang"),
    [
        ("Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?", "vi"),
        ("quan da giai ngan duoc bao nhieu", "vi-nodiac"),
        ("thu ngan sach 5 thang dau nam 2024", "vi-nodiac"),
        ("How much had been disbursed by May 2024?", "en"),
        ("Who chaired the meeting?", "en"),
    ],
)
def test_detect_lang(q: str, lang: str) -> None:
    assert detect_lang(q) == lang


def test_has_diacritics() -> None:
    assert has_diacritics("giải ngân") and not has_diacritics("giai ngan")


def test_an_abbreviation_and_its_full_form_both_match() -> None:
    from hbt_qa.answering.overlap import coverage
    from hbt_qa.index.query import plan_query
    from hbt_qa.language.abbreviations import with_other_forms

    assert with_other_forms("lich txct truoc ky hop").endswith("tiep xuc cu tri")
    assert with_other_forms("tiep xuc cu tri dot 2").endswith("txct")
    assert with_other_forms("thu ngan sach") == "thu ngan sach"  # none: unchanged
    plan = plan_query("Lịch tiếp xúc cử tri trước kỳ họp thứ 9 là khi nào?")
    assert coverage(plan, "Thường trực thống nhất lịch TXCT trước kỳ họp từ ngày 3 - 7.12.") > (
        coverage(plan, "Thường trực thống nhất lịch làm việc trước kỳ họp từ ngày 3 - 7.12.")
    )


def test_an_abbreviation_counts_as_its_full_form_in_the_weighted_overlap() -> None:
    from hbt_qa.answering.decide import Context, _idf_overlap
    from hbt_qa.index.query import plan_query
    from hbt_qa.language.roles import asked_role

    plan = plan_query("Lịch tiếp xúc cử tri trước kỳ họp là khi nào?")
    idf = {"tiep": 2.0, "xuc": 2.0, "cu": 1.0, "tri": 1.0, "ky": 0.5, "hop": 0.5}
    ctx = Context(plan, idf, 1.0, 0.0, asked_role(plan.raw))
    short = _idf_overlap(ctx, "Thống nhất lịch TXCT trước kỳ họp từ ngày 3 - 7.12.")
    other = _idf_overlap(ctx, "Kỳ họp diễn ra từ ngày 25 - 26.12.")
    assert short == 1.0 and other == 1.0 / 7.0


def test_a_query_asks_bm25_for_both_forms_of_an_abbreviation() -> None:
    from hbt_qa.index.query import plan_query

    for question in (
        "Lịch tiếp xúc cử tri trước kỳ họp thứ 9 là khi nào?",
        "lich tiep xuc cu tri truoc ky hop thu 9",
        "When were the voter contact meetings before the 9th session?",
    ):
        assert ("folded t_folded", "txct") in plan_query(question).parts, question
    assert ("folded t_folded", "tiep xuc cu tri") in plan_query("lich txct ky hop 9").parts
    assert not any("txct" in t for _, t in plan_query("thu ngân sách quận năm 2031").parts)
