"""Answers decided by evidence: place, period, enumerations and counted nouns."""

from __future__ import annotations

from pathlib import Path

import pytest

from hbt_qa.answering.answer import ask, list_shaped
from hbt_qa.answering.overlap import adjacent_phrases
from hbt_qa.answering.timefit import is_baseline
from hbt_qa.index.query import plan_query
from hbt_qa.index.store import Store
from hbt_qa.language.values import count_noun

ARTICLES = {
    "dongda.txt": (
        "UBND quận Đống Đa họp phiên thường kỳ tháng 7 năm 2024",
        "2024-07-05",
        "Ngày 5/7/2024, Chủ tịch UBND quận Đống Đa Kiều Minh Đức chủ trì phiên họp. "
        "Giải ngân vốn đầu tư công 6 tháng đầu năm 2024 đạt trên 142 tỷ đồng, bằng 27% kế "
        "hoạch vốn năm 2024.",
    ),
    "badinh.txt": (
        "HĐND quận Ba Đình tổ chức kỳ họp giữa năm 2024",
        "2024-07-06",
        "Ngày 6/7/2024, HĐND quận Ba Đình tổ chức kỳ họp giữa năm. Chủ tịch HĐND quận Ba Đình "
        "Mai Xuân Hòa chủ trì kỳ họp. 6 tháng đầu năm 2024, giải ngân vốn đầu tư công đạt "
        "trên 205 tỷ đồng, bằng 40% kế hoạch vốn năm 2024. Kết luận kỳ họp, Chủ tịch HĐND "
        "quận đề nghị tập trung các "
        "nhiệm vụ: hoàn thành dự toán thu ngân sách; đẩy nhanh giải ngân; bảo đảm trật tự đô thị.",
    ),
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    from fakes import indexed_articles

    return indexed_articles(tmp_path, ARTICLES)  # type: ignore[return-value]


def test_another_districts_figure_never_answers(store: Store) -> None:
    question = "Quận Ba Đình giải ngân vốn đầu tư công 6 tháng đầu năm 2024 được bao nhiêu?"
    ans = ask(store, None, question)
    assert ans.found and "205 tỷ" in ans.text and "142" not in ans.text


def test_a_plan_year_is_not_the_figures_period() -> None:
    text = "Giải ngân đạt trên 205 tỷ đồng, bằng 40% kế hoạch vốn năm 2024. Riêng quý III/2024"
    assert is_baseline(text, text.index("năm 2024"))
    assert not is_baseline(text, text.index("quý III"))  # after a full stop: its own period
    assert is_baseline("đạt 55% so với dự toán năm 2024", 28)


def test_a_person_is_answered_by_a_meeting_held_in_the_period(store: Store) -> None:
    ans = ask(store, None, "Ai chủ trì kỳ họp HĐND quận Ba Đình giữa năm 2024?")
    assert ans.found and "Mai Xuân Hòa" in ans.text


def test_a_task_question_is_answered_by_the_enumeration(store: Store) -> None:
    ans = ask(store, None, "Kỳ họp HĐND quận Ba Đình đề nghị tập trung những nhiệm vụ gì?")
    assert ans.found and "dự toán thu ngân sách" in ans.text and "trật tự đô thị" in ans.text


def test_list_shaped_sentences() -> None:
    assert list_shaped("đề nghị tập trung các nhiệm vụ: thu ngân sách; giải ngân; trật tự.")
    assert not list_shaped("Giải ngân đạt trên 205 tỷ đồng; bằng 40% kế hoạch.")


def test_english_count_noun_is_the_first_known_noun() -> None:
    assert count_noun("How many fallen trees did the district clear?") == "cay"
    assert count_noun("How many sidewalk encroachment violations were handled?") == "vi pham"
    assert count_noun("How many widgets were there?") is None
    assert count_noun("Có bao nhiêu cơ sở bị xử phạt?") == "co so"


def test_coverage_keeps_only_phrases_written_together() -> None:
    plan = plan_query("le hoi thu ha noi nam 2023 o hoan kiem")
    kept = adjacent_phrases(plan).phrases
    assert all(f" {p} " in " le hoi thu ha noi nam 2023 o hoan kiem " for p in kept)
    assert len(kept) <= len(plan.phrases)


def test_a_single_month_names_the_meeting_and_a_second_period_the_figure() -> None:
    import datetime as dt

    from hbt_qa.answering.constraints import question_constraints
    from hbt_qa.answering.timefit import held_in, names_meeting

    c = question_constraints("Tại phiên họp tháng 5/2024, quận ước thu 6 tháng đầu năm 2024?")
    assert names_meeting(c.time) and c.period is not None
    assert getattr(c.period, "kind", "") == "half"
    assert held_in(c.time, dt.date(2024, 5, 29)) == 1.0
    assert held_in(c.time, dt.date(2024, 7, 3)) == 0.0, "a July session is not the May meeting"
    plain = question_constraints("Thu ngân sách 5 tháng đầu năm 2024 là bao nhiêu?")
    assert not names_meeting(plain.time) and plain.period is None


def test_when_asks_for_a_date_only_at_the_start() -> None:
    from hbt_qa.language.values import question_type

    assert question_type("When did the 17th session open?") == "date"
    assert question_type("Which streets did they focus on when handling violations?") == "fact"


def _hit(article: str, start: int, text: str) -> object:
    from hbt_qa.models import Hit

    return Hit(
        article_id=article,
        source=f"{article}.txt",
        url=None,
        title=article,
        published="2024-05-31",
        passage_id=f"{article}-{start}",
        text=text,
        start=start,
        end=start + len(text),
        score=1.0,
    )


def test_a_list_continues_into_the_next_passage_of_its_article() -> None:
    from hbt_qa.answering.answer import following

    head = _hit("a", 0, "Chủ tịch yêu cầu tập trung vào các nhiệm vụ trọng tâm sau:")
    items = _hit("a", head.end + 2, "- Đẩy mạnh giải ngân vốn đầu tư công.\n- Tuyển sinh đầu cấp.")
    far = _hit("a", items.end + 500, "Một đoạn khác của bài.")
    other = _hit("b", head.end + 2, "- Một bài khác.")
    assert following(head, [far, other, items, head]) == [items]
    assert following(items, [head, far]) == []
