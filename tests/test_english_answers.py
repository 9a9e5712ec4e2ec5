"""An English answer states its value in English (issue 14, point 5): dates in English words
with their year, whatever notation the Vietnamese page used. Invented examples."""

from __future__ import annotations

import pytest

from hbt_qa.answering.wording import shown_date
from hbt_qa.models import Hit

RECORD = Hit("a", "a.txt", None, "t", "2021-08-27", "a#p0", "x", 0, 1, 1.0)


@pytest.mark.parametrize(
    ("value", "english", "vietnamese"),
    [
        ("Sáng 26/8", "morning of 26 August 2021", "Sáng 26/8/2021"),
        ("chiều ngày 12-7", "afternoon of 12 July 2021", "chiều ngày 12-7-2021"),
        ("date 2020-03-05", "5 March 2020", "5/3/2020"),  # a store's date line
        ("3 - 7.12", "3–7 December 2021", "3 - 7.12.2021"),
        ("ngày 28/6/2019", "28 June 2019", "ngày 28/6/2019"),
        ("July 6", "July 6, 2021", "July 6/2021"),  # an English page's own words stay
    ],
)
def test_a_date_is_stated_in_the_answers_language_with_its_year(value, english, vietnamese):
    assert shown_date(value, RECORD, "en") == english
    assert shown_date(value, RECORD, "vi") == vietnamese


def test_an_impossible_day_is_left_as_written() -> None:
    assert shown_date("31/2", RECORD, "en") == "31/2, 2021"


def test_a_numbered_session_is_the_value_of_which_session_and_is_stated_in_english() -> None:
    from hbt_qa.language.facts import session_in_english
    from hbt_qa.language.value_pick import pick_value

    sentence = "Sáng 12-12, tại kỳ họp cuối năm (kỳ họp thứ 9) khóa V, HĐND huyện đã thông qua."
    picked = pick_value("fact", "Which session did the district council hold?", (), sentence)
    assert picked is not None and picked[0] == "kỳ họp thứ 9"
    stated = session_in_english(picked[0], sentence[picked[2] :])
    assert stated == "the 9th session of the 5th tenure"
    assert session_in_english("phiên họp lần thứ 22") == "the 22nd session"
    assert session_in_english("Kỳ họp thứ Tư") == "the 4th session"
    assert pick_value("fact", "Kỳ họp bàn nội dung gì?", (), sentence) is None


def test_a_numbered_session_is_stated_with_its_tenure_in_vietnamese_too() -> None:
    from hbt_qa.language.facts import session_in_vietnamese

    sentence = "Sáng 12-12, HĐND huyện khai mạc kỳ họp thứ 9 HĐND huyện khóa V, nhiệm kỳ 2031-2036."
    at = sentence.index("kỳ họp thứ 9") + len("kỳ họp thứ 9")
    assert session_in_vietnamese("kỳ họp thứ 9", sentence[at:]) == "kỳ họp thứ 9, khóa V"
    assert session_in_vietnamese("Kỳ họp thứ Tư", " của HĐND phường") == "Kỳ họp thứ Tư"
    # An English page's session, asked in Vietnamese: stated in Vietnamese.
    english = "8th Session of the 12th Provincial People's Council, term 2031-2036"
    assert session_in_vietnamese("8th Session", english[11:]) == "kỳ họp thứ 8, khóa XII"
    assert session_in_vietnamese("thông qua 5 nghị quyết") is None


def test_an_english_pages_session_is_the_value_of_a_vietnamese_which_session_question() -> None:
    from hbt_qa.language.facts import session_in_vietnamese
    from hbt_qa.language.value_pick import pick_value

    sentence = (
        "The council closed the 14th Session (the regular session at mid-year 2031) "
        "of the 18th Provincial People's Council."
    )
    picked = pick_value("fact", "Đó là kỳ họp thứ mấy?", (), sentence)
    assert picked is not None and picked[0] == "14th Session"
    assert session_in_vietnamese(picked[0], sentence[picked[2] :]) == "kỳ họp thứ 14, khóa XVIII"


def test_an_english_page_names_its_numbered_session() -> None:
    from hbt_qa.answering.constraints import question_constraints, session_fit

    cons = question_constraints("When did the town council hold its 9th, thematic session?")
    other = Hit("a", "a.txt", None, "Council adopts plan at its 7th session", None, "a#p0",
                "x", 0, 1, 1.0)  # fmt: skip
    same = Hit("b", "b.txt", None, "Kỳ họp thứ 9 HĐND thị xã", None, "b#p0", "x", 0, 1, 1.0)
    assert session_fit(cons, other) == 0.0 and session_fit(cons, same) == 1.0
    # A session numbered in Roman figures ("kỳ họp thứ II") is that session.
    roman = Hit("c", "c.txt", None, "HĐND phường tổ chức kỳ họp thứ II", None, "c#p0", "x", 0, 1,
                1.0)  # fmt: skip
    assert session_fit(cons, roman) == 0.0
    asked = question_constraints("Kỳ họp thứ 2 HĐND phường thông qua mấy nghị quyết?")
    assert session_fit(asked, roman) == 1.0


def test_a_yearless_day_takes_the_year_nearest_its_records_date() -> None:
    # A year-end record names a day of the coming January; a January one, last December.
    late = Hit("b", "b.txt", None, "t", "2031-12-29", "b#p0", "x", 0, 1, 1.0)
    early = Hit("c", "c.txt", None, "t", "2032-01-03", "c#p0", "x", 0, 1, 1.0)
    assert shown_date("Sáng 5/1", late, "vi") == "Sáng 5/1/2032"
    assert shown_date("Sáng 5/1", late, "en") == "morning of 5 January 2032"
    assert shown_date("ngày 28/12", early, "vi") == "ngày 28/12/2031"
    assert shown_date("ngày 28/12", late, "vi") == "ngày 28/12/2031"
    # Without a date the record's year is all there is.
    undated = Hit("d", "d.txt", None, "t", None, "d#p0", "x", 0, 1, 1.0, year=2030)
    assert shown_date("Sáng 5/1", undated, "vi") == "Sáng 5/1/2030"


def test_a_share_of_the_estimate_on_an_english_page_is_the_asked_percentage() -> None:
    from hbt_qa.language.values import has_value, percent_basis

    basis = percent_basis("Thu ngân sách khu vực ngoài quốc doanh đạt bao nhiêu phần trăm dự toán?")
    english = (
        "Non-state sector revenue reached VND 5.1 trillion, accounting for 97.4% of the estimate."
    )
    assert basis == "du toan" and has_value("number", english, None, False, basis)
    assert not has_value("number", "Revenue grew by 6% year on year.", None, False, basis)


def test_a_share_asked_without_a_basis_wants_a_percentage_not_a_count() -> None:
    from hbt_qa.language.values import asks_share, has_value

    question = "What share of voters in Doi May ward backed the plan to found Doi May town?"
    assert asks_share(question) and asks_share("tỷ lệ cử tri tán thành là bao nhiêu?")
    assert not asks_share("How many voters in Doi May ward were consulted?")
    count = "Phường Đồi Mây lấy ý kiến 8.981 cử tri về đề án thành lập thị xã."
    share = "Qua đó có 99,24% cử tri tán thành chủ trương thành lập thị xã Đồi Mây."
    assert has_value("number", count) and not has_value("number", count, share=True)
    assert has_value("number", share, share=True)


@pytest.mark.parametrize(
    ("question", "organ"),
    [
        ("Who chaired the district council's mid-year session?", "HĐND"),
        ("When did the Standing Committee of the People's Council meet in May?", "HĐND"),
        ("Who chaired the People's Committee's regular meeting in June?", "UBND"),
        ("Who is the chairman of the People's Committee?", None),  # an office, not a meeting
    ],
)
def test_an_english_question_names_the_body_that_met(question: str, organ: str | None) -> None:
    from hbt_qa.answering.constraints import asked_organ

    assert asked_organ(question) == organ


def test_counted_nouns_come_from_the_glossary_both_ways() -> None:
    from hbt_qa.language.values import count_noun, counts

    assert count_noun("How many petitions did voters raise in Tan Lap ward?") == "kien nghi"
    assert count_noun("How many tonnes of waste are collected daily?") is None  # a unit: none
    # An English page counts a record term in the glossary's English words.
    assert [c[0] for c in counts("Voters raised 56 petitions and 3 letters.", "kien nghi")] == [
        "56"
    ]


def test_a_vietnamese_question_covers_an_english_sentence_by_its_english_words() -> None:
    from hbt_qa.answering.overlap import coverage, topic_coverage
    from hbt_qa.index.query import plan_query

    plan = plan_query("Kỳ họp thông qua bao nhiêu nghị quyết về đầu tư công?")
    english = "The council passed 12 resolutions on public investment."
    assert coverage(plan, english) == 0.0 and topic_coverage(plan, english) > 0.5
    # A Vietnamese sentence is measured by its own words only.
    other = "Kỳ họp bàn về public investment và resolutions."
    assert topic_coverage(plan, other) == coverage(plan, other)


def test_who_chairs_a_council_asks_who_holds_its_chair_not_who_presided() -> None:
    from hbt_qa.language.roles import asked_role, role_fit

    role = asked_role("Who chairs the interim People's Council of Doi May ward?")
    assert (role.title, role.organ, role.presiding) == ("chu tich", "hdnd", False)
    assert role_fit(role, "Theo Bí thư Đảng ủy, Chủ tịch HĐND phường Đồi Mây Lê Văn Tám, …") == 1.0
    assert role_fit(role, "Ông Lê Văn Tám, Phó Chủ tịch HĐND phường, phát biểu.") == 0.0
    assert asked_role("Who heads the Doi May People's Committee?").organ == "ubnd"
    assert asked_role("Who chaired the Doi May council's May meeting?").presiding
    assert asked_role("Who leads the delegation?").title is None  # no council named
