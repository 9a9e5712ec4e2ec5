"""Follow-ups keep the earlier question's place, period and what it asks for (synthetic)."""

from __future__ import annotations

import pytest

from hbt_qa.answering.followup import is_followup, resolve_followup

REVENUE = "Tổng thu ngân sách trên địa bàn quận Hai Bà Trưng 5 tháng đầu năm 2024 là bao nhiêu?"


@pytest.mark.parametrize(
    ("follow", "expected"),
    [
        # a new period: the same question for that period, the year kept
        (
            "Còn 6 tháng đầu năm thì sao?",
            "Tổng thu ngân sách trên địa bàn quận Hai Bà Trưng 6 tháng đầu năm 2024 là bao nhiêu?",
        ),
        # a new topic: place, period and "là bao nhiêu" kept (the answer format needs them)
        (
            "Còn giải ngân thì sao?",
            "giải ngân quận Hai Bà Trưng 5 tháng đầu năm 2024 là bao nhiêu?",
        ),
        # a new place: the same question about it
        (
            "Còn quận Đống Đa thì sao?",
            "Tổng thu ngân sách trên địa bàn quận Đống Đa 5 tháng đầu năm 2024 là bao nhiêu?",
        ),
        (
            "Còn năm 2023?",
            "Tổng thu ngân sách trên địa bàn quận Hai Bà Trưng năm 2023 là bao nhiêu?",
        ),
    ],
)
def test_a_vietnamese_follow_up_keeps_the_frame(follow: str, expected: str) -> None:
    assert resolve_followup(follow, REVENUE) == expected


def test_a_whole_year_follow_up_keeps_the_place() -> None:
    before = "Thu ngân sách của huyện Đức Trọng 6 tháng đầu năm 2020 đạt bao nhiêu?"
    after = resolve_followup("Còn cả năm 2020 thì sao?", before)
    assert after == "Thu ngân sách của huyện Đức Trọng cả năm 2020 đạt bao nhiêu?"


def test_an_english_follow_up_keeps_the_frame() -> None:
    before = (
        "What was the total budget revenue of Hai Ba Trung district in the first five months "
        "of 2024?"
    )
    assert resolve_followup("And in June?", before).endswith("Hai Ba Trung district in June 2024?")
    other = resolve_followup("What about Dong Da district?", before)
    assert "Dong Da district" in other and "Hai Ba Trung" not in other and "2024" in other


def test_a_whole_question_is_not_a_follow_up() -> None:
    q = "Ai chủ trì phiên họp UBND quận tháng 5 năm 2024?"
    assert not is_followup(q) and resolve_followup(q, REVENUE) == q
    assert resolve_followup("Còn giải ngân?", None) == "Còn giải ngân?"
