"""The meeting day in the forms real leads write it: one invented sentence per form."""

from __future__ import annotations

import datetime as dt

import pytest

from hbt_qa.ingest.dates import read_dates
from hbt_qa.language.periods import find_periods

PAGE = ["Ngày đăng 20/12/2020 | 09:15"]  # the page's day: a year for a day written without one


@pytest.mark.parametrize(
    ("lead", "meeting", "source"),
    [
        # a meeting held over days: its first day
        ("Trong hai ngày 12 và 13/5/2022, thị xã Bình An tổ chức kỳ họp thứ ba.", "2022-05-12",
         "body"),
        ("Diễn ra trong 2 ngày (8, 9/12), kỳ họp tập trung thảo luận các báo cáo.", "2020-12-08",
         "inferred"),
        ("Ngày 8-9/12, HĐND huyện Đông Sơn họp kỳ thứ 5.", "2020-12-08", "inferred"),
        ("Sáng 3 và 4/11, HĐND xã Tân Lạc tổ chức kỳ họp.", "2020-11-03", "inferred"),
        ("Từ ngày 8 đến 9/12/2020, HĐND huyện Mỹ Hòa họp kỳ cuối năm.", "2020-12-08", "body"),
        ("HĐND huyện Phú Lâm họp trong 2 ngày 25 - 26.11.2020.", "2020-11-25", "body"),
        ("Diễn ra trong 1,5 ngày, từ ngày 16/7 đến hết buổi sáng ngày 17/7, kỳ họp thông qua 8 "
         "nghị quyết.", "2020-07-16", "inferred"),
        ("On July 8 and 9, the provincial People's Council met in Lam Ha.", "2020-07-08",
         "inferred"),
        ("The council of Binh Son met on 8-9 July 2020.", "2020-07-08", "body"),
        # English leads without a year
        ("On the morning of December 7, the council opened its session.", "2020-12-07",
         "inferred"),
        ("On Tuesday, July 6, the district council adopted six resolutions.", "2020-07-06",
         "inferred"),
        ("Lam Ha (VNA) – The Lam Ha People's Council on July 6 adopted a resolution.",
         "2020-07-06", "inferred"),
        # a part of the day said twice, the day itself, a day written with a dot
        ("Sáng nay (16/7), HĐND huyện Yên Hòa khai mạc kỳ họp thứ 4.", "2020-07-16", "inferred"),
        ("Chiều qua, 15/7, UBND quận Tây Sơn họp phiên thường kỳ.", "2020-07-15", "inferred"),
        ("Hôm 16/7, Thường trực HĐND phường Hòa Mỹ họp.", "2020-07-16", "inferred"),
        ("Sáng 16.7, HĐND huyện Kim Sơn tổ chức kỳ họp chuyên đề.", "2020-07-16", "inferred"),
        ("Sáng thứ Hai (13/7), HĐND huyện Kim Sơn tổ chức kỳ họp.", "2020-07-13", "inferred"),
        ("On Monday (July 13), the council of Binh Son met.", "2020-07-13", "inferred"),
    ],
)  # fmt: skip
def test_the_meeting_day_of_a_lead(lead: str, meeting: str, source: str) -> None:
    found = read_dates("Kỳ họp HĐND", PAGE, [lead])
    assert (found.meeting, found.meeting_source) == (meeting, source)


@pytest.mark.parametrize(
    "lead",
    [
        "Kỳ họp thứ nhất dự kiến tổ chức vào ngày 16/6/2021, tại hội trường UBND huyện.",
        "Theo kế hoạch, kỳ họp diễn ra trong 2 ngày 16-17/7.",
        "Theo dự kiến, kỳ họp sẽ diễn ra trong 2 ngày (từ 25 - 26.12.2019).",
        "The session will be held on July 6.",
        "Ngày 16/7 tới, HĐND huyện Yên Hòa sẽ khai mạc kỳ họp.",
        "Từ ngày 1/7/2021, nghị quyết của HĐND tỉnh có hiệu lực.",
    ],
)
def test_a_planned_day_is_not_the_meeting_day(lead: str) -> None:
    assert read_dates("Kỳ họp HĐND", PAGE, [lead]).meeting is None


def test_the_days_of_a_meeting_are_one_period() -> None:
    (days,) = find_periods("Trong hai ngày 29 và 30/6/2021, HĐND huyện họp.")
    assert (days.kind, days.start, days.end) == ("day", dt.date(2021, 6, 29), dt.date(2021, 6, 30))
    assert days.text == "ngày 29 và 30/6/2021"
    (bare,) = find_periods("Kỳ họp (25 - 26.12.2019) thông qua 9 nghị quyết.")
    assert (bare.start, bare.end) == (dt.date(2019, 12, 25), dt.date(2019, 12, 26))


def test_a_month_written_as_a_range_of_days_is_no_meeting() -> None:
    periods = find_periods("Từ ngày 1 đến 30/6/2021, huyện thu ngân sách đạt 52% dự toán.")
    assert all(p.start != dt.date(2021, 6, 1) for p in periods)


def test_a_year_named_by_the_address_places_a_day_when_nothing_else_does() -> None:
    url = "https://example.vn/en/council-year-2021-adopts-budget-5512.html"
    found = read_dates("Council adopts budget", [], ["On July 6, the council met."], url)
    assert (found.meeting, found.meeting_source) == ("2021-07-06", "inferred")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Thường trực thống nhất lịch tiếp xúc cử tri từ ngày 4 - 8.11.", "4 - 8.11"),
        ("Các tổ đại biểu tiếp xúc cử tri từ ngày 4 đến 8/11.", "4 đến 8/11"),
        ("Kỳ họp diễn ra trong 2 ngày (14 và 15/7).", "14 và 15/7"),
        ("Sáng 16-17/7, HĐND tỉnh họp.", "Sáng 16-17/7"),
    ],
)
def test_a_range_of_days_without_a_year_is_a_date_value(sentence: str, value: str) -> None:
    from hbt_qa.language.values import dates, has_value

    assert [d[0] for d in dates(sentence)] == [value]
    assert has_value("date", sentence)


def test_two_full_dates_are_two_values_not_a_range() -> None:
    from hbt_qa.language.values import dates

    got = [d[0] for d in dates("Kỳ họp diễn ra ngày 28/5/2031 và 29/5/2031.")]
    assert got == ["28/5/2031", "29/5/2031"]


def test_the_day_of_a_meeting_that_prepares_a_session_is_not_the_sessions() -> None:
    from fakes import hit

    from hbt_qa.answering.answer import compose
    from hbt_qa.answering.search import SearchResult
    from hbt_qa.index.query import plan_query
    from hbt_qa.language.facts import prepares_session
    from hbt_qa.language.segment import split_sentences

    prep = (
        "Sáng ngày 28/02, Thường trực HĐND xã Đồi Mây tổ chức phiên họp, thống nhất dự kiến "
        "nội dung chương trình kỳ họp thứ 12 HĐND xã Đồi Mây."
    )
    held = "Kỳ họp thứ 12 dự kiến họp vào sáng ngày 03/03."
    assert prepares_session(prep) and not prepares_session(held)
    hits = [
        hit(
            text=t, end=len(t), passage_id=f"a#p{i}", sentences=tuple(split_sentences(t, 0, len(t)))
        )
        for i, t in enumerate((prep, held))
    ]  # the preparing meeting ranked first
    question = "Kỳ họp thứ 12 HĐND xã Đồi Mây dự kiến họp vào ngày nào?"
    answer = compose(question, SearchResult(plan_query(question), hits))
    assert "03/03" in (answer.value or "")
    # Asked about the preparing meeting itself, its day answers.
    question = "Phiên họp chuẩn bị kỳ họp thứ 12 của Thường trực HĐND xã Đồi Mây diễn ra ngày nào?"
    answer = compose(question, SearchResult(plan_query(question), hits))
    assert "28/02" in (answer.value or "")
