"""The answer decision: fitted weights, their fitting, and the evidence it reads (synthetic)."""

from __future__ import annotations

import random

from hbt_qa.answering.decide import (
    FEATURES,
    KINDS,
    Model,
    fit_logistic,
    fit_selection,
    kind_row,
    model,
)
from hbt_qa.answering.overlap import coverage
from hbt_qa.index.query import plan_query
from hbt_qa.ingest.passages import article_context, embedding_text
from hbt_qa.language.periods import find_days
from hbt_qa.language.roles import Role
from hbt_qa.models import Article, Passage


def test_the_shipped_model_matches_the_features_and_is_calibrated() -> None:
    m = model()
    assert len(m.weights) == len(FEATURES)
    assert 0.0 < m.threshold < 1.0 and m.scale > 0  # a higher score is more often right
    assert m.probability(10.0) > m.probability(0.0)
    assert len(m.kinds) == len(KINDS)


def test_the_calibration_adds_the_offset_of_the_questions_kind() -> None:
    # A fact question has no value to detect, so its best score is lower for the same odds.
    m = Model((1.0,), scale=1.0, bias=-5.0, threshold=0.5, kinds=(2.0, 0.0, 0.0, 0.0, -1.0))
    assert kind_row("fact", "vi") == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert kind_row("number", "en") == [0.0, 0.0, 0.0, 0.0, 1.0]
    number = m.probability(4.0, kind_row("number", "vi"))
    assert m.probability(4.0, kind_row("fact", "vi")) > 0.5 > number
    assert m.probability(4.0, kind_row("number", "en")) < number
    assert m.probability(4.0) == number  # no kind given: a Vietnamese number question


def test_fit_selection_prefers_the_feature_that_marks_right_sentences() -> None:
    rng = random.Random(7)
    groups = []
    for _ in range(60):
        rows = [[rng.random(), rng.random()] for _ in range(6)]
        right = max(range(6), key=lambda i: rows[i][0])  # feature 0 decides, feature 1 is noise
        groups.append((rows, [1 if i == right else 0 for i in range(6)]))
    w = fit_selection(groups, l2=0.1)
    assert w[0] > 5 * abs(w[1])


def test_fit_logistic_separates_by_its_signal() -> None:
    rows = [[x / 10] for x in range(-10, 11)]
    labels = [1 if r[0] > 0 else 0 for r in rows]
    (w,), _ = fit_logistic(rows, labels, l2=0.1)
    assert w > 1


def test_days_are_found_with_or_without_their_year() -> None:
    text = "Sáng 26/8, kỳ họp khai mạc; dự kiến từ 25 - 26.12.2019; council met on July 6."
    found = [text[a:b] for a, b in find_days(text)]
    assert [f[-10:].split()[-1] for f in found] == ["26/8", "26.12.2019", "6"]
    assert found[0].endswith("26/8") and found[2] == "July 6"
    assert find_days("Thu ngân sách đạt 51% dự toán, 4.206 tỷ đồng.") == []


def test_an_english_question_searches_its_own_words_too() -> None:
    plan = plan_query("How many resolutions did the provincial council pass?")
    assert "resolutions" in plan.en_terms and "council" in plan.en_terms
    assert '"resolutions"' in (plan.match or "")
    english = "The provincial People's Council passed 41 resolutions at the session."
    assert coverage(plan, english) > coverage(plan, "Kỳ họp diễn ra trong 2 ngày.")


def test_a_passage_is_embedded_with_its_articles_context() -> None:
    text = "Kỳ họp thứ 9 HĐND huyện Đông Sơn\nNăm nay huyện đạt 102% dự toán."
    art = Article("a", "a.txt", "", text, 33, "Kỳ họp thứ 9 HĐND huyện Đông Sơn", None,
                  "2023-12-20", None, None, "", "HĐND huyện", "Đông Sơn")  # fmt: skip
    body = Passage("a#p1", "a", 1, 33, len(text), text[33:])
    title = Passage("a#p0", "a", 0, 0, 32, text[:32])
    assert "2023" in article_context(art)
    assert embedding_text(art, body).endswith(body.text)
    assert embedding_text(art, body).startswith("Kỳ họp thứ 9 HĐND huyện Đông Sơn")
    assert embedding_text(art, title) == title.text  # the headline is not repeated


def test_a_range_of_days_is_one_value_and_a_yearless_day_takes_its_records_year() -> None:
    from hbt_qa.answering.wording import with_year
    from hbt_qa.language.values import dates
    from hbt_qa.models import Hit

    assert [v for v, _, _ in dates("diễn ra trong 2 ngày (từ 25 - 26.12.2019).")] == [
        "25 - 26.12.2019"
    ]
    assert [v for v, _, _ in dates("Trong hai ngày 29 và 30/6/2021, thị xã họp.")] == [
        "29 và 30/6/2021"
    ]
    record = Hit("a", "a.txt", None, "t", "2022-07-07", "a#p0", "x", 0, 1, 1.0)
    assert with_year("26/8", record, "vi") == "26/8/2022"
    assert with_year("July 6", record, "en") == "July 6, 2022"
    assert with_year("26/8/2019", record, "vi") == "26/8/2019"
    # The year joins with the page's own mark: never "21-12/2022".
    assert with_year("20 và 21-12", record, "vi") == "20 và 21-12-2022"
    assert with_year("ngày 3.12", record, "vi") == "ngày 3.12.2022"


def test_the_judge_reads_dotted_dates_and_ranges_of_days() -> None:
    from hbt_qa.goldanswer import _dates

    assert _dates("25 - 26.12.2019") == _dates("25–26/12/2019") == {(25, 12, 2019), (26, 12, 2019)}
    assert _dates("July 10 to 11, 2025") == _dates("10–11 July 2025")
    # The long Vietnamese form of a date is the same date.
    assert _dates("30 tháng 6 năm 2031: «…»") == _dates("30/6/2031") == {(30, 6, 2031)}
    assert _dates("ngày 5 tháng 1, năm 2032") == {(5, 1, 2032)}


def test_a_vietnamese_question_also_searches_what_an_english_page_writes() -> None:
    plan = plan_query(
        "Kỳ họp cuối năm 2023 của HĐND tỉnh Hải Dương thông qua bao nhiêu nghị quyết?"
    )
    assert '"resolutions"' in (plan.match or "") and '"haiduong"' in (plan.match or "")
    assert '"revenue"' not in (plan.match or "")  # "thứ" folds to "thu": one syllable is no term


def test_the_shown_value_carries_no_verb_and_labels_an_estimate() -> None:
    from hbt_qa.answering.wording import shown_value

    assert shown_value("đạt 162 tỷ đồng", "vi") == ("162 tỷ đồng", False)
    assert shown_value("ước đạt 96 tỷ 500 triệu đồng", "vi") == ("96 tỷ 500 triệu đồng", True)
    assert shown_value("trên 118 tỷ đồng", "vi") == ("trên 118 tỷ đồng", False)  # a qualifier
    assert shown_value("đạt 5.210,3 tỷ đồng", "en") == ("5,210.3 billion VND", False)
    assert shown_value("ước đạt 96 tỷ 500 triệu đồng", "en") == ("96.5 billion VND", True)


def test_a_figure_whose_own_sentence_names_another_period_is_passed_over() -> None:
    from hbt_qa.answering.answer import period_contradicted
    from hbt_qa.answering.constraints import question_constraints
    from hbt_qa.answering.decide import Candidate
    from hbt_qa.answering.search import SearchResult
    from hbt_qa.index.pipeline import passage_periods
    from hbt_qa.models import Hit

    text = (
        "Tổng thu 5 tháng đầu năm là 4.206 tỷ đồng. Ước thực hiện 6 tháng đầu năm là 5.095 tỷ đồng."
    )
    hit = Hit("a", "a.txt", None, "t", "2024-05-31", "a#p0", text, 0, len(text), 1.0,
              periods=passage_periods(text, "2024-05-31"))  # fmt: skip
    q = "What was the total budget revenue in the first five months of 2024?"
    result = SearchResult(plan_query(q), [hit], constraints=question_constraints(q))
    six = Candidate(0, 0, len(text), text, 1.0, 0.25, 1.0, 43, True)
    assert period_contradicted(result, six, "number")


def test_a_variant_the_question_did_not_ask_for_is_a_feature() -> None:
    from hbt_qa.answering.decide import Context, _variant_not_asked

    ctx = Context(plan_query("What was the total budget revenue?"), {}, 1.0, 0.0, Role())
    assert _variant_not_asked(ctx, "Thu ngân sách quận sau điều tiết là 381 tỷ đồng.") == 1.0
    assert _variant_not_asked(ctx, "Tổng số thu ngân sách trên địa bàn là 4.206 tỷ đồng.") == 0.0
    asked = Context(plan_query("thu ngân sách sau điều tiết là bao nhiêu"), {}, 1.0, 0.0, Role())
    assert _variant_not_asked(asked, "Thu ngân sách sau điều tiết là 381 tỷ đồng.") == 0.0
