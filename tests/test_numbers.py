"""Tests for hbt_qa.language.numbers: Vietnamese amounts and percentages."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hbt_qa.language.amount_format import (
    format_amount_en,
    format_amount_vi,
    format_number,
    qualifier_en,
)
from hbt_qa.language.numbers import (
    QUALIFIERS,
    Amount,
    amounts_equal,
    find_amounts,
    keyword_pattern,
    match_text,
    normalize_amount_text,
    parse_amount,
)
from hbt_qa.language.text import fold as fold_diacritics

SAMPLE = (
    "Tổng số thu ngân sách trên địa bàn là 4.206 tỷ 168 triệu đồng, đạt 51% so với dự toán "
    "(bằng 54% so với thực hiện cùng kỳ năm 2023). Ước thực hiện 6 tháng đầu năm là 5.095 tỷ "
    "057 triệu đồng đạt 62% so với dự toán. Thu ngân sách quận sau điều tiết 5 tháng đầu năm "
    "2024 là 381 tỷ 553 triệu đồng, đạt 35% so với dự toán (bằng 53% so với cùng kỳ năm 2023). "
    "Ước thực hiện 6 tháng đầu năm là 524 tỷ 452 triệu đồng, đạt 48% so với dự toán. tính đến "
    "nay giải ngân đạt trên 115 tỷ đồng."
)


def only(text: str) -> Amount:
    amounts = find_amounts(text)
    assert len(amounts) == 1, amounts
    return amounts[0]


def assert_spans(text: str, amounts: list[Amount]) -> None:
    for a in amounts:
        assert text[a.start : a.end] == a.text
        assert 0 <= a.start < a.end <= len(text)


# --- finding amounts --------------------------------------------------------------------------

FOUND = [
    # (text, value, unit, qualifier, expected span text)
    ("4.206 tỷ 168 triệu đồng", 4_206_168_000_000, "dong", None, "4.206 tỷ 168 triệu đồng"),
    ("5.095 tỷ 057 triệu đồng", 5_095_057_000_000, "dong", None, "5.095 tỷ 057 triệu đồng"),
    ("381 tỷ 553 triệu đồng", 381_553_000_000, "dong", None, "381 tỷ 553 triệu đồng"),
    ("70,759 tỷ đồng", 70_759_000_000, "dong", None, "70,759 tỷ đồng"),
    ("trên 115 tỷ đồng", 115_000_000_000, "dong", "trên", "trên 115 tỷ đồng"),
    ("giải ngân đạt trên 115 tỷ đồng.", 115e9, "dong", "trên", "trên 115 tỷ đồng"),
    ("hơn 6.000 tỷ", 6_000_000_000_000, "dong", "hơn", "hơn 6.000 tỷ"),
    ("1,5 tỷ", 1_500_000_000, "dong", None, "1,5 tỷ"),
    ("12.900 tỷ đồng", 12_900_000_000_000, "dong", None, "12.900 tỷ đồng"),
    ("51%", 0.51, "percent", None, "51%"),
    ("64,3%", 0.643, "percent", None, "64,3%"),
    ("tăng 20% so với cùng kỳ", 0.20, "percent", "tăng", "tăng 20%"),
    ("đạt 35% so với dự toán", 0.35, "percent", "đạt", "đạt 35%"),
    ("giảm 5,5% so với cùng kỳ", 0.055, "percent", "giảm", "giảm 5,5%"),
    ("(bằng 54% so với", 0.54, "percent", "bằng", "bằng 54%"),
    ("2 nghìn tỷ", 2_000_000_000_000, "dong", None, "2 nghìn tỷ"),
    ("2 ngàn tỷ đồng", 2e12, "dong", None, "2 ngàn tỷ đồng"),
    ("500 triệu đồng", 500_000_000, "dong", None, "500 triệu đồng"),
    ("1.250.000 đồng", 1_250_000, "dong", None, "1.250.000 đồng"),
    ("1.250.000 VND", 1_250_000, "dong", None, "1.250.000 VND"),
    ("1.250.000 VNĐ", 1_250_000, "dong", None, "1.250.000 VNĐ"),
    ("giá vé 50.000đ một lượt", 50_000, "dong", None, "50.000đ"),
    ("giá vé 50.000 đ", 50_000, "dong", None, "50.000 đ"),
    ("115 tỉ đồng", 115e9, "dong", None, "115 tỉ đồng"),
    ("1 triệu 250 nghìn đồng", 1_250_000, "dong", None, "1 triệu 250 nghìn đồng"),
    ("115tỷ", 115e9, "dong", None, "115tỷ"),
    ("51 %", 0.51, "percent", None, "51 %"),
    ("51 phần trăm", 0.51, "percent", None, "51 phần trăm"),
    (
        "ước đạt 1.642 tỷ 075 triệu đồng",
        1_642_075e6,
        "dong",
        "ước đạt",
        "ước đạt 1.642 tỷ 075 triệu đồng",
    ),
    ("khoảng 300 tỷ đồng", 300e9, "dong", "khoảng", "khoảng 300 tỷ đồng"),
    ("gần 90%", 0.9, "percent", "gần", "gần 90%"),
    ("dưới 10%", 0.1, "percent", "dưới", "dưới 10%"),
    ("xấp xỉ 2 tỷ", 2e9, "dong", "xấp xỉ", "xấp xỉ 2 tỷ"),
    # no diacritics
    ("115 ty dong", 115e9, "dong", None, "115 ty dong"),
    ("4.206 ty 168 trieu dong", 4_206_168e6, "dong", None, "4.206 ty 168 trieu dong"),
    ("tren 115 ty", 115e9, "dong", "trên", "tren 115 ty"),
    ("hon 6.000 ty dong", 6e12, "dong", "hơn", "hon 6.000 ty dong"),
    ("dat 51%", 0.51, "percent", "đạt", "dat 51%"),
    ("500 trieu dong", 5e8, "dong", None, "500 trieu dong"),
    ("2 nghin ty", 2e12, "dong", None, "2 nghin ty"),
    ("51 phan tram", 0.51, "percent", None, "51 phan tram"),
    # English
    ("over 115 billion VND", 115e9, "dong", "trên", "over 115 billion VND"),
    ("4.2 trillion", 4.2e12, "dong", None, "4.2 trillion"),
    ("4,206.168 billion VND", 4_206_168e6, "dong", None, "4,206.168 billion VND"),
    ("VND 1.2 billion", 1.2e9, "dong", None, "VND 1.2 billion"),
    ("1,250,000 VND", 1_250_000, "dong", None, "1,250,000 VND"),
    ("51 percent", 0.51, "percent", None, "51 percent"),
    ("nearly 90 per cent", 0.9, "percent", "gần", "nearly 90 per cent"),
    ("about 500 million dong", 5e8, "dong", "khoảng", "about 500 million dong"),
    ("115bn", 115e9, "dong", None, "115bn"),
    # scaled counts
    ("khoảng 2,1 triệu lượt khách", 2_100_000, "count", "khoảng", "khoảng 2,1 triệu"),
    ("đạt 780 nghìn lượt", 780_000, "count", "đạt", "đạt 780 nghìn"),
    ("1.2 million visitors", 1_200_000, "count", None, "1.2 million"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "span"), FOUND)
def test_find_amounts(text: str, value: float, unit: str, qualifier: str | None, span: str):
    a = only(text)
    assert amounts_equal(a.value, value), (a.value, value)
    assert a.unit == unit
    assert a.qualifier == qualifier
    assert a.text == span
    assert text[a.start : a.end] == span


NOT_AMOUNTS = [
    "năm 2024",
    "Ngày 28/5/2024",
    "ngày 31/05/2024 | 14:30",
    "Chủ tịch UBND 18 phường",
    "Kỷ niệm 70 năm Ngày Giải phóng Thủ đô",
    "nhiệm kỳ 2021-2026",
    "Kỳ họp thứ 15",
    "lần thứ 5",
    "Lượt xem: 191",
    "Quyết định số 1.250/QĐ-UBND",
    "Nghị định 15/2023/NĐ-CP",
    "năm 2023 tỷ lệ hộ nghèo giảm",
    "nam 2023 ty trong",
    "tỷ lệ 5 phường đạt chuẩn",
    "3 đồng chí Phó Chủ tịch",
    "18 dong chi",
    "5 đồng ý",
    "1 tỷ USD",
    "2 triệu đô la",
    "14 vụ cháy, giảm 5 vụ",
    "COVID-19",
    "tháng 5 năm 2024",
    "quý III/2024",
    "5 tháng đầu năm",
    "",
    "   ",
    "tỷ đồng",
    "%",
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_no_false_positives(text: str):
    assert find_amounts(text) == []


def test_sample_paragraph():
    amounts = find_amounts(SAMPLE)
    assert_spans(SAMPLE, amounts)
    assert [a.text for a in amounts] == [
        "4.206 tỷ 168 triệu đồng",
        "đạt 51%",
        "bằng 54%",
        "5.095 tỷ 057 triệu đồng",
        "đạt 62%",
        "381 tỷ 553 triệu đồng",
        "đạt 35%",
        "bằng 53%",
        "524 tỷ 452 triệu đồng",
        "đạt 48%",
        "trên 115 tỷ đồng",
    ]
    assert [a.unit for a in amounts].count("dong") == 5


def test_real_article_amounts(tmp_path):
    # The corpus file is part of the repository; read it relative to this test.
    from pathlib import Path

    text = (
        Path(__file__).parent.parent / "corpus" / "hbt-2024-05-phien-hop-uy-vien.txt"
    ).read_text(encoding="utf-8")
    amounts = find_amounts(text)
    assert_spans(text, amounts)
    values = [a.value for a in amounts if a.unit == "dong"]
    assert values == [4_206_168e6, 5_095_057e6, 381_553e6, 524_452e6, 115e9]
    assert {a.value for a in amounts if a.unit == "percent"} == {
        0.51, 0.54, 0.62, 0.35, 0.53, 0.48
    }  # fmt: skip
    assert all(a.unit != "count" for a in amounts)


# --- Unicode ------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKD"])
def test_spans_in_any_normal_form(form: str):
    text = unicodedata.normalize(form, SAMPLE)
    amounts = find_amounts(text)
    assert_spans(text, amounts)
    assert [a.value for a in amounts] == [a.value for a in find_amounts(SAMPLE)]


def test_nfd_qualifier_span_covers_combining_marks():
    text = unicodedata.normalize("NFD", "giải ngân đạt trên 115 tỷ đồng")
    a = only(text)
    assert a.qualifier == "trên"
    assert a.text == unicodedata.normalize("NFD", "trên 115 tỷ đồng")
    assert text[a.end :] == ""


@pytest.mark.parametrize(
    "text",
    [
        "TRÊN 115 TỶ ĐỒNG",
        "Trên 115 Tỷ Đồng",
        "trên\u00a0115\u00a0tỷ\u00a0đồng",
        "trên  115   tỷ đồng",
    ],
)
def test_case_and_spacing(text: str):
    a = only(text)
    assert (a.value, a.qualifier, a.text) == (115e9, "trên", text)


def test_eth_lookalike_for_d_bar():
    # Some scraped pages use Ð (U+00D0, Icelandic eth) where Đ is meant.
    a = only("500 triệu ÐỒNG")
    assert a.unit == "dong" and a.text == "500 triệu ÐỒNG"


def test_fullwidth_digits_and_percent():
    a = only("đạt ５１％")
    assert a.value == pytest.approx(0.51)
    assert a.text == "đạt ５１％"


def test_accented_word_must_be_spelled_right():
    # "đất" (land) is not the qualifier "đạt" (reached), though both fold to "dat".
    a = only("tiền sử dụng đất 115 tỷ đồng")
    assert a.qualifier is None
    assert a.text == "115 tỷ đồng"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Đồng", "dong"), ("tỷ", "ty"), ("Hòa", "hoa"), ("TRIỆU", "trieu"), ("abc", "abc")],
)
def test_fold_diacritics(text: str, folded: str):
    assert fold_diacritics(text) == folded


def test_match_text_maps_nfd_back():
    original = unicodedata.normalize("NFD", "Hoà Bình tỷ")
    view = match_text(original)
    assert view.text == "hòa bình tỷ"  # NFC, lower case, tone on the first vowel
    start = view.text.index("tỷ")
    a, b = view.span(start, start + 2)
    assert original[a:b] == unicodedata.normalize("NFD", "tỷ")
    assert view.span(len(view.text), len(view.text)) == (len(original), len(original))


def test_match_text_old_tone_placement():
    assert match_text("thuỷ lợi, hoà bình, quý").text == "thủy lợi, hòa bình, quý"


def test_keyword_pattern_accepts_folded_form_only_without_marks():
    pattern = re.compile(keyword_pattern("đạt") + r"\Z")
    assert pattern.match("đạt") and pattern.match("dat")
    assert not pattern.match("đất")
    assert not re.compile(keyword_pattern("đạt", folded=False) + r"\Z").match("dat")


# --- parse / normalise / compare ----------------------------------------------------------------


def test_parse_amount_first_only():
    a = parse_amount("đạt 51% so với dự toán, tức 4.206 tỷ 168 triệu đồng")
    assert a is not None and a.unit == "percent" and a.value == pytest.approx(0.51)


@pytest.mark.parametrize("text", ["", "không có số liệu", "năm 2024", "18 phường"])
def test_parse_amount_none(text: str):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("115 tỷ", [115e9]),
        ("115 billion", [115e9]),
        ("115 billion VND", [115e9]),
        ("over 115 billion VND", [115e9]),
        ("4.2 trillion", [4.2e12]),
        ("4.206 trillion VND", [4.206e12]),
        ("51%", [0.51]),
        ("51 percent", [0.51]),
        ("4.206 tỷ 168 triệu đồng", [4_206_168e6]),
        ("4,206.168 billion VND", [4_206_168e6]),
        ("Giải ngân đạt trên 115 tỷ đồng, bằng 20% kế hoạch.", [115e9, 0.2]),
        ("No figure here.", []),
        ("28/5/2024", []),
    ],
)
def test_normalize_amount_text(text: str, values: list[float]):
    got = normalize_amount_text(text)
    assert len(got) == len(values)
    assert all(amounts_equal(g, v) for g, v in zip(got, values, strict=True))


def test_gold_matches_across_languages():
    gold = normalize_amount_text("4.206 tỷ 168 triệu đồng")
    answer = normalize_amount_text("Budget revenue was 4,206.168 billion VND, 51% of plan.")
    assert any(amounts_equal(g, x) for g in gold for x in answer)


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (115e9, 115e9, True),
        (115e9, 115e9 * (1 + 1e-12), True),
        (115e9, 116e9, False),
        (0.51, 0.51, True),
        (0.51, 0.5100000000000001, True),
        (0.0, 0.0, True),
        (0.51, 0.52, False),
    ],
)
def test_amounts_equal(a: float, b: float, equal: bool):
    assert amounts_equal(a, b) is equal


def test_amounts_equal_tolerance():
    assert amounts_equal(4.2e12, 4.206168e12, rel=0.01)
    assert not amounts_equal(4.2e12, 4.206168e12)


# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("4.206 tỷ 168 triệu đồng", "4.206 tỷ 168 triệu đồng", "4,206.168 billion VND"),
        ("5.095 tỷ 057 triệu đồng", "5.095 tỷ 057 triệu đồng", "5,095.057 billion VND"),
        ("trên 115 tỷ đồng", "trên 115 tỷ đồng", "over 115 billion VND"),
        ("hơn 6.000 tỷ", "hơn 6.000 tỷ đồng", "over 6,000 billion VND"),
        ("70,759 tỷ đồng", "70 tỷ 759 triệu đồng", "70.759 billion VND"),
        ("1,5 tỷ", "1 tỷ 500 triệu đồng", "1.5 billion VND"),
        ("500 triệu đồng", "500 triệu đồng", "500 million VND"),
        ("1.250.000 đồng", "1.250.000 đồng", "1.25 million VND"),
        ("500đ", "500 đồng", "500 VND"),
        ("51%", "51%", "51%"),
        ("64,3%", "64,3%", "64.3%"),
        ("gần 90%", "gần 90%", "nearly 90%"),
        ("khoảng 300 tỷ", "khoảng 300 tỷ đồng", "about 300 billion VND"),
        ("đạt 35%", "đạt 35%", "reached 35%"),
        ("tăng 20%", "tăng 20%", "up 20%"),
        ("ước đạt 1.642 tỷ 075 triệu đồng", "ước đạt 1.642 tỷ 075 triệu đồng",
         "an estimated 1,642.075 billion VND"),
        ("khoảng 2,1 triệu lượt", "khoảng 2,1 triệu", "about 2.1 million"),
        ("780 nghìn lượt", "780 nghìn", "780 thousand"),
    ],
)  # fmt: skip
def test_format(text: str, vi: str, en: str):
    a = only(text)
    assert format_amount_vi(a) == vi
    assert format_amount_en(a) == en


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "span"), FOUND)
def test_formats_parse_back(text: str, value: float, unit: str, qualifier: str | None, span: str):
    a = only(text)
    for rendered in (format_amount_vi(a), format_amount_en(a)):
        back = only(rendered)
        assert amounts_equal(back.value, a.value), rendered
        if a.unit != "count":
            assert back.unit == a.unit, rendered


def test_format_handles_odd_values():
    assert format_amount_en(Amount(float("inf"), "dong", None, 0, 0, "")) == "0 VND"
    assert format_amount_vi(Amount(1e40, "dong", None, 0, 0, "")).endswith("đồng")
    assert format_amount_vi(Amount(1.5, "dong", None, 0, 0, "")) == "1,5 đồng"


@pytest.mark.parametrize(
    ("qualifier", "english"),
    [("trên", "over"), ("hơn", "over"), ("gần", "nearly"), ("khoảng", "about"), ("đạt", "reached"),
     ("tăng", "up"), ("giảm", "down"), ("bằng", "equal to"), (None, None), ("không rõ", None)],
)  # fmt: skip
def test_qualifier_en(qualifier: str | None, english: str | None):
    assert qualifier_en(qualifier) == english


def test_every_qualifier_round_trips():
    for canonical in QUALIFIERS:
        a = only(f"{canonical} 115 tỷ đồng")
        assert a.qualifier == canonical
        folded = only(f"{fold_diacritics(canonical)} 115 ty dong")
        assert folded.qualifier == canonical


# --- robustness ---------------------------------------------------------------------------------

ODD_INPUTS = [
    " " * 10_000,
    "1." * 5_000,
    "9" * 10_000 + " tỷ đồng",
    "tỷ " * 3_000,
    "trên " * 2_000 + "5%",
    "1 tỷ " * 2_000,
    "\u0301" * 10_000,
    "🙂💰" * 3_000 + "115 tỷ đồng",
    "\x00\x01\x02\x1b" * 2_500,
    "đ" * 10_000,
    "5" + " " * 9_990 + "tỷ",
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=lambda t: repr(t[:8]))
def test_odd_inputs_do_not_crash(text: str):
    amounts = find_amounts(text)
    assert_spans(text, amounts)
    for a in amounts:
        format_amount_vi(a)
        format_amount_en(a)


VI_ALPHABET = (
    "0123456789.,%/- \u00a0\ntỷtitriệunghìnngànđồngđVNDtrênhơngầnkhoảngđạtăgiảmbằng\u0301\u0323"
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str):
    amounts = find_amounts(text)
    assert_spans(text, amounts)
    assert [a.start for a in amounts] == sorted(a.start for a in amounts)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=VI_ALPHABET, max_size=200))
def test_spans_on_amount_like_text(text: str):
    amounts = find_amounts(text)
    assert_spans(text, amounts)
    for prev, nxt in itertools.pairwise(amounts):
        assert prev.end <= nxt.start
    for a in amounts:
        assert a.value >= 0
        assert a.unit in ("dong", "percent", "count")
        format_amount_vi(a)
        format_amount_en(a)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=99_999),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(["", "trên ", "hơn ", "gần ", "khoảng "]),
)
def test_compound_amounts_round_trip(ty: int, trieu: int, prefix: str):
    text = f"{prefix}{ty:,} tỷ {trieu:03d} triệu đồng".replace(",", ".")
    a = only(text)
    assert a.value == ty * 1e9 + trieu * 1e6
    assert only(format_amount_vi(a)).value == a.value
    assert only(format_amount_en(a)).value == pytest.approx(a.value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=VI_ALPHABET, max_size=120))
def test_nfd_and_nfc_agree(text: str):
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert [a.value for a in find_amounts(nfc)] == [a.value for a in find_amounts(nfd)]
    assert_spans(nfd, find_amounts(nfd))


def test_format_number_for_a_chart_axis():
    """The figures chart's axis labels (render_figures._num) in each language's own marks."""
    assert format_number(1234.5, "vi") == "1.234,5" and format_number(1234.5, "en") == "1,234.5"
    assert format_number(0, "vi") == "0" and format_number(1e6, "en") == "1,000,000"
    assert format_number(0.1 + 0.2, "vi") == "0,3" and format_number(-3, "en") == "-3"
    assert format_number(1234567.891, "vi") == "1.234.567,89"
