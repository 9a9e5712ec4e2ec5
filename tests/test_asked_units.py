"""The units, sessions and quarters a question names, and how a record's place fits them.

Synthetic questions and records written for these tests (no real article).
"""

from __future__ import annotations

from fakes import hit

from hbt_qa.answering.constraints import (
    asked_districts,
    asked_session,
    place_fit,
    question_constraints,
    session_fit,
)
from hbt_qa.answering.overlap import topic_plan
from hbt_qa.index.query import plan_query
from hbt_qa.language.gazetteer import find_places


def test_an_english_unit_word_picks_the_unit_of_its_kind() -> None:
    # "town" is a thị xã or a thị trấn; a bare name many xã bear too stays found, and the
    # province written beside it narrows it to one unit.
    town, province = find_places("the Binh Minh town (Vinh Long) People's Council")
    assert town.unit is not None and town.name == "thị xã Bình Minh"
    assert province.name == "tỉnh Vĩnh Long"
    (alone,) = find_places("Binh Minh town leaders met")
    assert alone.units and all(u.kind in ("thị xã", "thị trấn") for u in alone.units)


def test_q1_before_a_year_is_a_quarter_not_district_1() -> None:
    assert [m.name for m in find_places("revenue of Ben Cat city in Q1 2031")] == [
        "thành phố Bến Cát"
    ]
    assert find_places("Q3/2031 revenue rose") == []
    assert [m.name for m in find_places("UBND Q1 họp")] == ["Quận 1"]


def test_a_session_number_in_words_is_asked_and_read() -> None:
    assert asked_session("Where was the first session of the new council held?") == 1
    assert asked_session("Kỳ họp thứ Mười Hai HĐND phường thông qua mấy nghị quyết?") == 12
    assert asked_session("ky hop thu hai hdnd xa to chuc ngay nao") == 2
    assert asked_session("Sáng thứ hai, HĐND họp bàn gì?") is None  # Monday, no session
    cons = question_constraints("Kỳ họp thứ hai của HĐND xã diễn ra khi nào?")
    other = hit(title="Khai mạc kỳ họp thứ Nhất HĐND xã")
    same = hit(title="Kỳ họp thứ Hai HĐND xã khóa III")
    assert session_fit(cons, other) == 0.0 and session_fit(cons, same) == 1.0


def test_a_tenure_named_after_a_session_in_words_fits_the_asked_one() -> None:
    cons = question_constraints("What did the 9th-tenure town council decide at its first session?")
    text = (
        "Chiều 2/6, Thường trực thống nhất nội dung kỳ họp thứ Nhất và kỳ họp thứ Hai "
        "(kỳ họp thường lệ giữa năm) HĐND thị xã khóa IX, nhiệm kỳ 2031 - 2036."
    )
    assert session_fit(cons, hit(title="", text=text)) == 1.0
    assert session_fit(cons, hit(title="", text=text.replace("khóa IX", "khóa VIII"))) == 0.0


def test_an_english_unit_word_and_its_translation_are_place_not_topic() -> None:
    q = "What was the total production value in Xuan Loc district in 2031?"
    topic = topic_plan(plan_query(q), question_constraints(q))
    assert "quan" not in topic.terms and "district" not in topic.en_terms
    assert "production" in topic.en_terms
    # A Vietnamese unit word stays: the records write it too ("HĐND phường thông qua …").
    q = "HĐND phường Hồng Gai thông qua mấy nghị quyết năm 2031?"
    assert "phuong" in topic_plan(plan_query(q), question_constraints(q)).terms


def test_a_ward_asked_alone_is_not_another_wards_or_its_districts_own_record() -> None:
    q = "Phường Quảng An thu ngân sách năm 2031 đạt bao nhiêu?"
    assert "tay ho" in asked_districts(q)
    cons = question_constraints(q)
    ward = hit(ward="phường Quảng An", district="quận Tây Hồ", place_level="ward")
    other_ward = hit(ward="phường Nhật Tân", district="quận Tây Hồ", place_level="ward")
    district = hit(district="quận Tây Hồ", province="thành phố Hà Nội", place_level="district")
    elsewhere = hit(district="quận Đống Đa", province="thành phố Hà Nội", place_level="district")
    fits = [place_fit(cons, h) for h in (ward, other_ward, district, elsewhere)]
    assert fits[0] == 1.0 and fits[1] == 0.0 and 0.0 < fits[2] < 0.5 and fits[3] == 0.0
    # The ward and its district both asked: the ward decides.
    cons = question_constraints("Phường Quảng An, quận Tây Hồ thu ngân sách bao nhiêu?")
    assert place_fit(cons, other_ward) == 0.0 and 0.0 < place_fit(cons, district) < 0.5
    assert place_fit(cons, ward) == 1.0


def test_a_session_in_words_needs_its_ordinal_word_and_may_name_its_council_first() -> None:
    from hbt_qa.answering.constraints import _sessions

    assert _sessions("Các kỳ họp năm 2031 đều đúng luật") == frozenset()  # "năm" the year
    assert _sessions("Kỳ họp hai ngày") == frozenset()
    assert _sessions("tổ chức kỳ họp Hội đồng nhân dân phường lần thứ Nhất khóa IX") == {1}
    assert _sessions("kỳ họp bất thường lần thứ hai") == frozenset()  # its own count
    cons = question_constraints("ky hop thu hai hdnd phuong to chuc ngay nao")
    first = hit(title="", text="Sáng 8/6, tổ chức kỳ họp Hội đồng nhân dân phường lần thứ Nhất.")
    assert session_fit(cons, first) == 0.0


def test_the_first_session_of_a_year_is_no_session_number() -> None:
    assert asked_session("What did the council decide at its first session of 2031?") is None
    assert asked_session("Who chaired the first session of the 9th-tenure council?") == 1


def test_session_numbers_read_only_where_a_session_is_counted() -> None:
    from hbt_qa.answering.constraints import _session_tenures, _sessions

    for text in (
        "Kỳ họp lần này là lần thứ hai trong năm",  # the year's count
        "Tại kỳ họp, thu năm 2031 ước đạt 40 tỷ đồng",  # "thu năm 2031": revenue, the year
        "Kỳ họp thứ hai mươi mốt",  # a compound: not the second
        "the twenty-first session",
        "the first session this year",
        "the second extraordinary session",
    ):
        assert _sessions(text) == frozenset(), text
    # Another body's tenure near the session is not the council's.
    text = "Kỳ họp thứ 7 HĐND tỉnh có sự tham dự của đồng chí A, Phó Đoàn ĐBQH Quốc hội khóa XV"
    assert _session_tenures("", text, 7) == frozenset()


def test_the_same_ward_name_in_another_district_and_the_province_silent_on_it() -> None:
    cons = question_constraints("Xã Tân Thành, huyện Thới Bình thu ngân sách bao nhiêu?")
    there = hit(ward="xã Tân Thành", district="huyện Thới Bình", place_level="ward")
    elsewhere = hit(ward="xã Tân Thành", district="huyện Lục Ngạn", place_level="ward")
    assert place_fit(cons, there) == 1.0 and place_fit(cons, elsewhere) == 0.0
    cons = question_constraints("Phường Quảng An thu ngân sách năm 2031 đạt bao nhiêu?")
    city = hit(province="thành phố Hà Nội", place_level="province")
    assert 0.0 < place_fit(cons, city) < 0.5
