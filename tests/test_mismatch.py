"""Positive contradictions between a question and a sentence (language/mismatch.py)."""

from __future__ import annotations

from hbt_qa.language.mismatch import other_side_of_budget, other_term


def test_another_council_term_contradicts_the_asked_one() -> None:
    q = "How many resolutions did the Doi May commune council pass in the 2026-2031 term?"
    assert other_term(q, "Nhiệm kỳ 2031-2036, HĐND xã ban hành 90 nghị quyết.")
    assert not other_term(q, "Nhiệm kỳ 2026 - 2031, HĐND xã ban hành 90 nghị quyết.")
    assert not other_term(q, "HĐND xã ban hành 90 nghị quyết.")  # no term stated: unknown
    assert not other_term("HĐND xã ban hành bao nhiêu nghị quyết?", "Nhiệm kỳ 2031-2036, …")


def test_revenue_does_not_answer_spending_nor_the_other_way_round() -> None:
    assert other_side_of_budget("tong chi ngan sach xa nam 2031", "Xã thu ngân sách 43 tỷ đồng.")
    assert other_side_of_budget("Thu ngân sách xã năm 2031?", "Tổng chi ngân sách xã là 40 tỷ.")
    assert other_side_of_budget("How much did the commune spend?", "Tổng thu ngân sách 43 tỷ.")
    # Both named, or neither: no contradiction; "chỉ" is no "chi".
    assert not other_side_of_budget(
        "Tổng chi ngân sách?", "Tổng thu 43 tỷ, tổng chi ngân sách 40 tỷ."
    )
    assert not other_side_of_budget("Tổng chi ngân sách?", "Xã chỉ đạt 40 tỷ đồng.")
