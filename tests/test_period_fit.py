"""How a record's periods fit the period a question asks: strictness and positive contradictions."""

from __future__ import annotations

from hbt_qa.answering.constraints import question_constraints
from hbt_qa.answering.timefit import MIN_TIME_FIT, time_fit
from hbt_qa.index.pipeline import passage_periods
from hbt_qa.models import Hit


def _hit(text: str, day: str | None) -> Hit:
    """One passage of an invented record dated ``day``."""
    return Hit("a", "a.txt", None, "t", day, "a#p0", text, 0, len(text), 1.0,
               meeting_date=day, periods=passage_periods(text, day))  # fmt: skip


def _sentence(text: str, sentence: str) -> tuple[int, int]:
    a = text.index(sentence)
    return a, a + len(sentence)


def test_a_figure_asked_for_a_year_is_not_answered_by_a_quarter_of_it() -> None:
    text = "Quý I năm 2031, xã Đồi Mây thu ngân sách 12 tỷ đồng. Chi thường xuyên 9 tỷ đồng."
    hit = _hit(text, "2031-04-10")
    a, b = _sentence(text, "Chi thường xuyên 9 tỷ đồng.")
    figure = question_constraints("Năm 2031 xã Đồi Mây chi thường xuyên bao nhiêu?")
    assert figure.figure
    assert time_fit(figure, hit, a, b) < MIN_TIME_FIT
    # A day of that year still fits, and a question for a person is not strict.
    person = question_constraints("Năm 2031 ai chủ trì phiên họp của xã Đồi Mây?")
    assert not person.figure
    assert time_fit(person, hit, a, b) >= MIN_TIME_FIT
    day = "Ngày 3/9/2031, xã Đồi Mây họp và thu ngân sách 40 tỷ đồng."
    assert time_fit(figure, _hit(day, "2031-09-05"), 0, len(day)) >= MIN_TIME_FIT


def test_a_record_dated_before_the_asked_year_contradicts_it_unless_it_names_the_year() -> None:
    text = (
        "Năm 2040, thu nhập bình quân đầu người của huyện Lam Sơn đạt 50 triệu đồng. "
        "Mục tiêu nhiệm vụ năm 2041 được thông qua. "
        "Tỷ lệ hộ nghèo còn 2%."
    )
    hit = _hit(text, "2040-12-02")
    asked = question_constraints("Tỷ lệ hộ nghèo huyện Lam Sơn năm 2041 là bao nhiêu?")
    a, b = _sentence(text, "Tỷ lệ hộ nghèo còn 2%.")
    assert time_fit(asked, hit, a, b) < MIN_TIME_FIT  # inherits 2041, but written in 2040
    assert time_fit(asked, hit) < MIN_TIME_FIT  # the record as a whole
    plan = "Năm 2041, huyện phấn đấu giảm tỷ lệ hộ nghèo còn 1,5%."
    assert time_fit(asked, _hit(plan, "2040-12-02"), 0, len(plan)) >= MIN_TIME_FIT


def test_a_plan_asked_for_a_year_fits_a_record_of_the_quarter_before_it() -> None:
    text = "Kế hoạch đầu tư công năm 2041 của huyện Lam Sơn có tổng vốn 618 tỷ đồng."
    plan = question_constraints("Kế hoạch đầu tư công năm 2041 của huyện Lam Sơn bao nhiêu vốn?")
    figure = question_constraints("Năm 2041 huyện Lam Sơn giải ngân bao nhiêu vốn đầu tư công?")
    assert plan.plan and not figure.plan
    december = _hit(text, "2040-12-10")
    assert time_fit(plan, december) >= MIN_TIME_FIT  # adopted at the year-end session
    assert time_fit(figure, december) < MIN_TIME_FIT  # what was spent: not known yet
    assert time_fit(plan, _hit(text, "2040-06-10")) < MIN_TIME_FIT  # too early for its plan


def test_a_record_announcing_the_asked_mid_year_session_is_not_contradicted_by_its_date() -> None:
    text = (
        "On May 25, the council's standing committee agreed the programme of the mid-year "
        "session. The mid-year session will be held on July 8 and 9."
    )
    asked = question_constraints("When is the mid-year 2037 session of the council held?")
    assert time_fit(asked, _hit(text, "2037-05-25")) == 0.5  # not a contradiction
    # Written long before, or naming no session of that time of year: still not held then.
    assert time_fit(asked, _hit(text, "2037-01-10")) == 0.0
    other = "On May 25, the council's standing committee met on land prices."
    assert time_fit(asked, _hit(other, "2037-05-25")) == 0.0


def test_the_year_end_and_mid_year_sessions_are_named_in_questions() -> None:
    from hbt_qa.answering.timefit import names_meeting
    from hbt_qa.language.question_time import parse_question_time

    for question, kind, span in (
        ("Kỳ họp thường lệ cuối năm 2036 thông qua bao nhiêu nghị quyết?", "yearend",
         "Kỳ họp thường lệ cuối năm 2036"),
        ("ky hop cuoi nam 2036 cua hdnd xa Doi May", "yearend", "ky hop cuoi nam 2036"),
        ("What did the year-end 2036 session of the council approve?", "yearend",
         "year-end 2036"),
        ("Who chaired the session at the end of 2036?", "yearend", "at the end of 2036"),
        ("When did the mid-2036 session close?", "midyear", "mid-2036"),
    ):  # fmt: skip
        c = parse_question_time(question)
        assert c is not None and (c.kind, c.text, c.year) == (kind, span, 2036)
        assert names_meeting(c)
    # Without a session, the end of a year is a figure's cut-off or the year itself.
    for question, kind in (
        ("Tỷ lệ hộ nghèo đến cuối năm 2036 là bao nhiêu?", "year"),
        ("What was the poverty rate at the end of 2036?", "year"),
    ):
        c = parse_question_time(question)
        assert c is not None and c.kind == kind and not names_meeting(c)


def test_a_dated_record_of_another_session_of_the_year_does_not_answer_the_year_end_one() -> None:
    text = "Ngày 10/7/2036, HĐND xã Đồi Mây khai mạc kỳ họp và thông qua 7 nghị quyết."
    asked = question_constraints("Kỳ họp cuối năm 2036 HĐND xã Đồi Mây thông qua mấy nghị quyết?")
    assert time_fit(asked, _hit(text, "2036-07-10")) == 0.0
    assert time_fit(asked, _hit(text, "2036-12-15")) == 1.0
    assert time_fit(asked, _hit(text, None)) == 0.5  # undated: unknown, never a veto


def test_a_day_after_tinh_den_is_a_cut_off_without_ngay_or_its_year() -> None:
    import datetime as dt

    from hbt_qa.language.periods import find_periods
    from hbt_qa.language.question_time import parse_question_time

    found = find_periods("Tính đến 31/5, xã Đồi Mây giải ngân 12 tỷ đồng.", dt.date(2037, 6, 2))
    assert [(p.kind, p.end, p.text) for p in found] == [
        ("asof", dt.date(2037, 5, 31), "Tính đến 31/5")
    ]
    c = parse_question_time("luy ke den 30/9 giai ngan bao nhieu")
    assert c is not None and (c.mode, c.day, c.months[-1]) == ("asof", 30, 9)
    assert parse_question_time("giảm đến 1/3 số hộ nghèo") is None  # a fraction, not a day


def test_english_counts_of_months_are_periods_from_january() -> None:
    from hbt_qa.language.question_time import parse_question_time

    for question, kind, last in (
        ("What was the 9-month revenue of Doi May commune in 2037?", "ytd", 9),
        ("How much did the commune collect in 10 months of 2037?", "ytd", 10),
        ("What was the six-month revenue in 2037?", "half", 6),
    ):
        c = parse_question_time(question)
        assert c is not None and (c.kind, c.year, c.months[-1]) == (kind, 2037, last)
    # A duration is no reporting period: the year stays the one asked.
    c = parse_question_time("Why was there a 3-month delay in 2037?")
    assert c is not None and c.kind == "year"
    c = parse_question_time("How did prices move for 6 months in 2037?")
    assert c is not None and c.kind == "year"


def test_a_councils_term_in_a_sentence_does_not_contradict_a_figure_asked_for_a_year() -> None:
    text = "Kỳ họp thứ 8 HĐND xã Đồi Mây khóa III, nhiệm kỳ 2036-2041 thông qua 9 nghị quyết."
    asked = question_constraints(
        "Năm 2038 kỳ họp thứ 8 HĐND xã Đồi Mây thông qua bao nhiêu nghị quyết?"
    )
    assert time_fit(asked, _hit(text, "2038-07-12"), 0, len(text)) >= MIN_TIME_FIT


def test_a_record_known_only_by_an_earlier_year_contradicts_a_later_asked_year() -> None:
    from dataclasses import replace

    from hbt_qa.answering.timefit import meeting_fit

    text = "Kỳ họp HĐND xã Đồi Mây khóa III, nhiệm kỳ 2036-2041. Ông Lò Văn Sơn chủ trì kỳ họp."
    a, b = _sentence(text, "Ông Lò Văn Sơn chủ trì kỳ họp.")
    asked = question_constraints("Năm 2039 ai chủ trì kỳ họp HĐND xã Đồi Mây?")
    undated = replace(_hit(text, None), year=2036)
    assert meeting_fit(asked, undated) == 0.0
    assert time_fit(asked, undated, a, b) < MIN_TIME_FIT
    # Of the asked year, or of no known year: unknown, never a contradiction.
    assert meeting_fit(asked, replace(undated, year=2039)) == 0.5
    assert time_fit(asked, replace(undated, year=None), a, b) >= MIN_TIME_FIT


def test_a_year_end_report_of_eleven_months_answers_a_figure_asked_for_the_year() -> None:
    text = "Tính đến ngày 30/11/2038, xã Đồi Mây thu ngân sách 48 tỷ đồng."
    asked = question_constraints("Năm 2038 xã Đồi Mây thu ngân sách bao nhiêu?")
    assert time_fit(asked, _hit(text, "2038-12-05"), 0, len(text)) >= MIN_TIME_FIT
    nine = "Chín tháng đầu năm 2038, xã Đồi Mây thu ngân sách 30 tỷ đồng."
    assert time_fit(asked, _hit(nine, "2038-10-05"), 0, len(nine)) < MIN_TIME_FIT


def _posted(text: str, published: str | None, year: int | None = None) -> Hit:
    """One passage of an invented page that gives its posting day (or only a year)."""
    return Hit("b", "b.txt", None, "t", published, "b#p0", text, 0, len(text), 1.0,
               year=year, periods=passage_periods(text, published))  # fmt: skip


def test_a_page_posted_weeks_after_the_asked_month_does_not_contradict_it() -> None:
    # An English page about the October meeting, posted in November: its meeting day is unknown.
    text = "The People's Committee of Lam Son district reviewed the work of the month."
    asked = question_constraints("Who chaired the October 2036 meeting of Lam Son district?")
    late = _posted(text, "2036-11-20")
    assert time_fit(asked, late) == 0.5
    # Posted months later, or before the month: a contradiction still.
    assert time_fit(asked, _posted(text, "2037-02-20")) == 0.0
    assert time_fit(asked, _posted(text, "2036-09-20")) == 0.0
    # A meeting day read from the page is what counts when there is one.
    held = Hit("c", "c.txt", None, "t", "2036-11-20", "c#p0", text, 0, len(text), 1.0,
               meeting_date="2036-11-18", periods=())  # fmt: skip
    assert time_fit(asked, held) == 0.0


def test_who_held_an_office_in_a_year_fits_that_years_record_whatever_it_plans() -> None:
    text = "Bí thư Tỉnh ủy Lê Văn Mận chỉ đạo các nhiệm vụ trọng tâm của năm 2042."
    who = question_constraints("Bí thư Tỉnh ủy Lam Sơn năm 2041 là ai?")
    assert time_fit(who, _posted(text, "2041-12-10"), 0, len(text)) >= MIN_TIME_FIT
    assert time_fit(who, _posted(text, None, year=2041), 0, len(text)) >= MIN_TIME_FIT
    assert time_fit(who, _posted(text, None, year=2039), 0, len(text)) < MIN_TIME_FIT
    # A figure asked for 2041 is not answered by the 2042 plan, whatever the record's date.
    figure = question_constraints("Chỉ tiêu thu ngân sách tỉnh Lam Sơn năm 2041 là bao nhiêu?")
    plan = "Chỉ tiêu thu ngân sách năm 2042 là 900 tỷ đồng."
    assert time_fit(figure, _posted(plan, "2041-12-10"), 0, len(plan)) < MIN_TIME_FIT


def test_english_counts_of_months_in_the_vietnamese_order_are_a_half_year() -> None:
    text = "The council adopted tasks for the six last months of 2038 on July 6."
    asked = question_constraints("What tasks did the council adopt for the second half of 2038?")
    hit = _posted(text, "2038-07-06")
    assert [(p[2], p[0], p[1]) for p in hit.periods if p[2] == "half"] == [
        ("half", "2038-07-01", "2038-12-31")
    ]
    assert time_fit(asked, hit, 0, len(text)) >= 0.8


def test_a_sentence_naming_the_asked_month_answers_for_it_whatever_its_record_date() -> None:
    text = (
        "The term review recalled the council's work. In June 2031, the council of Lam Son "
        "district elected Mr. Do Van Khiem as its chairman. The district grew fast."
    )
    hit = _posted(text, "2033-03-02")
    asked = question_constraints("Who did the Lam Son council elect in June 2031?")
    a, b = _sentence(
        text,
        "In June 2031, the council of Lam Son district elected Mr. Do Van Khiem as its chairman.",
    )
    assert time_fit(asked, hit, a, b) >= MIN_TIME_FIT
    # Another sentence of that record, and the record as a whole, were not written then.
    a2, b2 = _sentence(text, "The district grew fast.")
    assert time_fit(asked, hit, a2, b2) < MIN_TIME_FIT
    assert time_fit(asked, hit) < MIN_TIME_FIT


def test_a_record_written_before_the_asked_month_that_names_it_is_not_contradicted() -> None:
    text = "The council of Lam Son district will hold its regular session on July 9 and 10, 2039."
    asked = question_constraints("What will the Lam Son council consider at its July 2039 session?")
    assert time_fit(asked, _posted(text, "2039-05-28")) == 0.5  # announced, not yet held
    other = "The council of Lam Son district reviewed the first five months of 2039."
    assert time_fit(asked, _posted(other, "2039-05-28")) == 0.0  # names no day of July
    assert time_fit(asked, _posted(text, "2039-01-05")) == 0.0  # too long before


def test_a_page_dated_by_its_month_alone_contradicts_a_meeting_or_period_of_other_months() -> None:
    text = "Tại kỳ họp, HĐND huyện Lam Sơn thông qua 6 nghị quyết."
    june = Hit("m", "m.txt", None, "t", None, "m#p0", text, 0, len(text), 1.0,
               year=2035, month="2035-06", periods=passage_periods(text, None))  # fmt: skip
    year_end = question_constraints(
        "Kỳ họp cuối năm 2035 HĐND huyện Lam Sơn thông qua mấy nghị quyết?"
    )
    assert time_fit(year_end, june) == 0.0  # posted in June: not the year-end session
    mid_year = question_constraints(
        "Kỳ họp giữa năm 2035 HĐND huyện Lam Sơn thông qua mấy nghị quyết?"
    )
    assert time_fit(mid_year, june) == 0.5  # its day unknown: neither fits nor contradicts
    next_year = question_constraints("Thu ngân sách năm 2036 của huyện Lam Sơn là bao nhiêu?")
    assert time_fit(next_year, june) < MIN_TIME_FIT  # written before the year it is asked of


def test_the_month_of_a_store_date_line_is_kept_when_the_page_gives_no_day() -> None:
    from hbt_qa.ingest.articles import parse_article

    art, _ = parse_article(
        "URL: https://example.org/a\n\ndate 2035-06 Huyện Lam Sơn họp.\n", "a.txt"
    )
    assert (art.month, art.published, art.meeting_date) == ("2035-06", None, None)
    art, _ = parse_article(
        "URL: https://example.org/b\n\ndate 2035-06-12 Sáng 10/6, huyện họp.\n", "b.txt"
    )
    assert art.month is None and art.published == "2035-06-12"


def test_a_session_named_by_its_time_is_not_another_years_record() -> None:
    from hbt_qa.answering.timefit import meeting_fit

    asked = question_constraints("Kỳ họp thường lệ giữa năm 2036 dự kiến tổ chức vào ngày nào?")
    text = "The regular mid-year meeting is scheduled to take place from July 10 to 11, {}."
    assert meeting_fit(asked, _hit(text.format(2037), "2037-05-20")) == 0.0  # the next year's
    assert meeting_fit(asked, _hit(text.format(2036), "2036-07-12")) > 0.0


def test_what_a_numbered_session_handled_is_the_sessions_not_its_reports_periods() -> None:
    record = _hit("The council voted to approve 41 resolutions on the plan for 2037.", None)
    record.year = 2036
    counted = question_constraints("Kỳ họp thứ 19 (cuối năm 2036) thông qua mấy nghị quyết?")
    assert counted.tally and time_fit(counted, record) >= MIN_TIME_FIT
    # A year's amount asked with a session named stays the year's own figure.
    amount = question_constraints("Tại kỳ họp thứ 19, thu ngân sách năm 2036 đạt bao nhiêu?")
    plan = _hit("Thu ngân sách năm 2037 phấn đấu đạt 41 tỷ đồng.", "2036-12-10")
    assert not amount.tally and time_fit(amount, plan) < MIN_TIME_FIT


def test_a_figure_counted_up_to_a_day_in_january_is_the_year_befores() -> None:
    text = "Tổng chi ngân sách địa phương thực hiện đến 26/1/2041 là 831 tỷ đồng."
    hit = _hit(text, "2041-01-29")
    year_before = question_constraints("Tổng chi ngân sách xã Đồi Mây năm 2040 là bao nhiêu?")
    assert time_fit(year_before, hit, 0, len(text)) >= MIN_TIME_FIT
    # Counted up to a day of another month, it is that year's own, not the year before's.
    may = "Tổng chi ngân sách địa phương thực hiện đến 26/5/2041 là 300 tỷ đồng."
    assert time_fit(year_before, _hit(may, "2041-05-29"), 0, len(may)) < MIN_TIME_FIT
    # A January day that is no cut-off (the day of a meeting) stays in its own year.
    met = "Ngày 26/1/2041, xã Đồi Mây chi 5 tỷ đồng cho lễ hội."
    assert time_fit(year_before, _hit(met, "2041-01-29"), 0, len(met)) < MIN_TIME_FIT


def test_a_figure_counted_up_to_a_day_is_part_of_its_year_not_the_whole_year() -> None:
    year = question_constraints("Năm 2041 xã Đồi Mây giải ngân vốn đầu tư công được bao nhiêu?")
    june = "Giải ngân vốn đầu tư công thực hiện đến 30/6/2041 là 120 tỷ đồng."
    assert time_fit(year, _hit(june, "2041-07-02"), 0, len(june)) < MIN_TIME_FIT
    # Up to a day in January it is the year before's, never the new year's.
    jan = "Ước thực hiện giải ngân đến 31/01/2042 là 333 tỷ đồng, đạt 94% kế hoạch vốn."
    new_year = question_constraints(
        "Giải ngân vốn đầu tư công năm 2042 của xã Đồi Mây đạt bao nhiêu?"
    )
    assert time_fit(new_year, _hit(jan, "2042-02-03"), 0, len(jan)) < MIN_TIME_FIT
    # Asked up to that day, it fits.
    asof = question_constraints("Tính đến 30/6/2041 xã Đồi Mây giải ngân bao nhiêu?")
    assert time_fit(asof, _hit(june, "2041-07-02"), 0, len(june)) >= MIN_TIME_FIT


def test_the_record_of_the_asked_meeting_does_not_contradict_the_year_it_settles() -> None:
    text = (
        "Sau phiên họp ngày 4/12/2040, HĐND tỉnh Đồi Mây thông qua quyết toán. "
        "Tổng thu ngân sách nhà nước đạt hơn 212 tỷ đồng, bằng 103% dự toán."
    )
    hit = _hit(text, "2040-12-05")
    a, b = _sentence(text, "Tổng thu ngân sách nhà nước đạt hơn 212 tỷ đồng, bằng 103% dự toán.")
    settled = question_constraints(
        "What was Doi May province's total state budget revenue for 2039 under the settlement "
        "approved by the provincial People's Council in December 2040?"
    )
    assert settled.period is not None
    assert time_fit(settled, hit, a, b) >= 0.5  # the meeting's date says nothing of the year
    other = text.replace("Tổng thu ngân sách nhà nước", "Năm 2038, tổng thu ngân sách nhà nước")
    a2, b2 = _sentence(
        other, "Năm 2038, tổng thu ngân sách nhà nước đạt hơn 212 tỷ đồng, bằng 103% dự toán."
    )
    assert time_fit(settled, _hit(other, "2040-12-05"), a2, b2) < MIN_TIME_FIT


def test_the_year_of_a_session_named_by_its_time_is_not_a_second_period() -> None:
    for q in (
        "How many resolutions did the Doi May council pass at its year-end session of 2041?",
        "At the 2041 year-end session, how many resolutions did Doi May pass?",
    ):
        c = question_constraints(q)
        assert c.time is not None and c.time.kind == "yearend" and c.period is None
    c = question_constraints(
        "At the year-end 2041 session, what was Doi May's 2042 revenue estimate?"
    )
    assert c.period is not None and c.period.year == 2042
    # Its records speak of the next year's plans: a passage naming 2042 is no other period.
    text = "HĐND tỉnh Đồi Mây thông qua 41 nghị quyết, trong đó có kế hoạch năm 2042."
    yearend = question_constraints(
        "How many resolutions did the Doi May council pass at its year-end session of 2041?"
    )
    assert time_fit(yearend, _hit(text, None), 0, len(text)) >= MIN_TIME_FIT


def test_an_undated_record_titled_by_the_other_session_of_the_year_does_not_answer() -> None:
    text = "HĐND tỉnh Đồi Mây biểu quyết thông qua 41 nghị quyết."
    hit = _hit(text, None)
    hit.title = "Results of the 19th session (regular session at the end of 2041) of Doi May"
    midyear = question_constraints(
        "How many resolutions did the Doi May council pass at its mid-year session in 2041?"
    )
    assert time_fit(midyear, hit, 0, len(text)) < MIN_TIME_FIT
    yearend = question_constraints(
        "How many resolutions did the Doi May council pass at its year-end session of 2041?"
    )
    assert time_fit(yearend, hit, 0, len(text)) >= MIN_TIME_FIT
    hit.title = "HĐND tỉnh Đồi Mây họp"  # no session named: unknown, never a contradiction
    assert time_fit(midyear, hit, 0, len(text)) >= MIN_TIME_FIT
    hit.title = "Kỳ họp thứ 9: triển khai nhiệm vụ 6 tháng cuối năm 2041"  # no year-end session
    assert time_fit(midyear, hit, 0, len(text)) >= MIN_TIME_FIT


def test_the_last_day_of_a_range_is_no_cut_off() -> None:
    year = question_constraints("Năm 2041 xã Đồi Mây giải ngân vốn đầu tư công được bao nhiêu?")
    held = "Từ ngày 5 đến ngày 7/7/2041, xã Đồi Mây giải ngân 120 tỷ đồng vốn đầu tư công."
    assert time_fit(year, _hit(held, "2041-07-08"), 0, len(held)) >= MIN_TIME_FIT
