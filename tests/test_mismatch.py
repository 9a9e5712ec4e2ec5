"""Positive contradictions between a question and a sentence (language/mismatch.py)."""

from __future__ import annotations

from hbt_qa.language.mismatch import other_indicator, other_managing_level, other_term


def test_another_council_term_contradicts_the_asked_one() -> None:
    q = "How many resolutions did the Doi May commune council pass in the 2026-2031 term?"
    assert other_term(q, "Nhiệm kỳ 2031-2036, HĐND xã ban hành 90 nghị quyết.")
    assert not other_term(q, "Nhiệm kỳ 2026 - 2031, HĐND xã ban hành 90 nghị quyết.")
    assert not other_term(q, "HĐND xã ban hành 90 nghị quyết.")  # no term stated: unknown
    assert not other_term("HĐND xã ban hành bao nhiêu nghị quyết?", "Nhiệm kỳ 2031-2036, …")


def test_revenue_does_not_answer_spending_nor_the_other_way_round() -> None:
    assert other_indicator("tong chi ngan sach xa nam 2031", "Xã thu ngân sách 43 tỷ đồng.")
    assert other_indicator("Thu ngân sách xã năm 2031?", "Tổng chi ngân sách xã là 40 tỷ.")
    assert other_indicator("How much did the commune spend?", "Tổng thu ngân sách 43 tỷ.")
    # Both named, or neither: no contradiction; "chỉ" is no "chi".
    assert not other_indicator("Tổng chi ngân sách?", "Tổng thu 43 tỷ, tổng chi ngân sách 40 tỷ.")
    assert not other_indicator("Tổng chi ngân sách?", "Xã chỉ đạt 40 tỷ đồng.")


def test_another_indicator_of_a_report_does_not_answer_the_asked_one() -> None:
    revenue = "What was Doi May district's state budget revenue in 2031?"
    assert other_indicator(revenue, "Giá trị sản xuất các ngành kinh tế đạt 2.245 tỷ đồng.")
    assert other_indicator(revenue, "Sản lượng lương thực có hạt đạt 12.466 tấn.")
    assert other_indicator(
        "tong chi ngan sach xa doi may", "Diện tích gieo trồng đạt 98% kế hoạch."
    )
    assert other_indicator(
        "By how much was the spending estimate adjusted?", "Đại biểu biểu quyết với tỷ lệ 100%."
    )
    income = "What was per capita income in Doi May district in 2031?"
    assert not other_indicator(income, "Thu nhập bình quân đầu người đạt 35,74 triệu đồng.")
    # A sentence naming the asked indicator among others, or no indicator, is no contradiction.
    assert not other_indicator(
        revenue, "Giá trị sản xuất tăng 8%, thu ngân sách đạt 431 tỷ đồng, tăng trưởng 12%."
    )
    assert not other_indicator(revenue, "Năm 2031 huyện đạt 431 tỷ đồng.")
    assert not other_indicator("Huyện được khen thưởng mấy lần?", "Giá trị sản xuất đạt 2.245 tỷ.")


def test_indicators_as_records_write_them_are_no_contradiction() -> None:
    assert not other_indicator("How much did GRDP grow in 2031?", "GRDP tăng 7,5%, thu 500 tỷ.")
    assert not other_indicator(
        "How many delegates voted for it?", "Với 48/50 đại biểu tán thành, HĐND thông qua."
    )
    assert not other_indicator("How many trees were planted?", "Trồng 5.000 cây, tăng trưởng xanh.")
    assert other_indicator("Tổng thu ngân sách xã bao nhiêu?", "Tổng thu nhập bình quân 50 triệu.")


def test_another_levels_managed_revenue_does_not_answer() -> None:
    q = "thu ngan sach tinh quan ly tren dia ban huyen doi may quy 1 bang bao nhieu % cung ky"
    assert other_managing_level(q, "Thu ngân sách do huyện quản lý 127 tỷ đồng, tăng 12%.")
    assert not other_managing_level(q, "Riêng thu ngân sách tỉnh quản lý 108 tỷ, bằng 110%.")
    assert not other_managing_level(q, "Tổng thu ngân sách 235 tỷ đồng.")  # none named
    assert not other_managing_level("Tổng thu ngân sách?", "do huyện quản lý 127 tỷ đồng")
