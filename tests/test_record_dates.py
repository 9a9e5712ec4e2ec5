"""When a record was published and met, from real page layouts: one invented snippet per form."""

from __future__ import annotations

import pytest

from hbt_qa.ingest.articles import parse_article
from hbt_qa.ingest.dates import address_dates, is_date_line, read_dates, store_prefix

BODY = ["HĐND huyện tổ chức kỳ họp thường lệ để xem xét các báo cáo."]


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("Ngày đăng 14/03/2022 | 08:05 | Lượt xem: 312", "2022-03-14"),
        ("11/02/2020 09:40 | 3", "2020-02-11"),
        ("Cập nhật: 02/10/2021", "2021-10-02"),
        ("Cập nhật lúc: 16:20 05/01/2019", "2019-01-05"),
        ("Đăng ngày 27/06/2023", "2023-06-27"),
        ("18/08/2022 07:12    41", "2022-08-18"),
        ("thứ hai, 6/3/2023 10:05 GMT+07", "2023-03-06"),
        ("Friday, 14/11/2025", "2025-11-14"),
        ("Updated : Monday, June 3, 2019 8:15 AM", "2019-06-03"),
        ("Oct 12, 2021 / 09:30", "2021-10-12"),
        ("09:12, 04/09/2020", "2020-09-04"),
    ],
)
def test_a_header_line_gives_the_published_day(header: str, published: str) -> None:
    assert is_date_line(header)
    found = read_dates("Tiêu đề bài viết", [header], BODY)
    assert (found.published, found.published_source) == (published, "header")


@pytest.mark.parametrize(
    "line",
    ["HĐND huyện họp ngày 5/6/2024", "Ngày 5/6/2024, UBND quận tổ chức hội nghị", "Lượt xem"],
)
def test_a_sentence_is_no_date_line(line: str) -> None:
    assert not is_date_line(line)


def test_a_stamp_at_the_end_of_the_title() -> None:
    found = read_dates("Council approves budget (08:40 11/12/2019)", [], ["On December 9, …"])
    assert (found.published, found.published_source) == ("2019-12-11", "title")
    assert (found.meeting, found.meeting_source) == ("2019-12-09", "inferred")


def test_a_time_and_date_glued_before_the_lead() -> None:
    first = "08:15 12/09/2019 Sáng 11-9, HĐND huyện tổ chức kỳ họp chuyên đề."
    found = read_dates(first, [], [first])
    assert (found.published, found.published_source) == ("2019-09-12", "header")
    assert (found.meeting, found.meeting_source) == ("2019-09-11", "inferred")


def test_a_print_header_is_not_the_meeting_day() -> None:
    found = read_dates(
        "Kỳ họp chuyên đề HĐND quận", ["Nam Định, ngày 08 tháng 02 năm 2021"], ["Chiều 30/12, …"]
    )
    assert found.printed == "2021-02-08" and found.published is None
    assert (found.meeting, found.year, found.year_source) == ("2020-12-30", 2020, "inferred")


@pytest.mark.parametrize(
    ("first", "published", "month", "taken"),
    [
        ("date 2023-04-18 Ngày 17/4, HĐND xã họp.", "2023-04-18", "2023-04", 16),
        ("date 2024-10 Kỳ họp thứ 20 HĐND huyện", None, "2024-10", 13),
        ("date 2021-06-02 Chính trị HĐND phường họp", "2021-06-02", "2021-06", 26),
    ],
)
def test_the_store_prefix(first: str, published, month: str, taken: int) -> None:
    iso, used = store_prefix(first)
    assert iso == (published or month) and used == taken
    found = read_dates(first, [], [first])
    assert (found.published, found.month) == (published, month)
    assert found.published_source == ("store" if published else None)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.vn/channel/12/201906/quan-tang-thu-3226001/", (None, "2019-06", 2019)),
        ("https://example.vn/pages/2022-11-06/Ky-hop-thu-9.aspx", ("2022-11-06", "2022-11", 2022)),
        ("https://example.vn/tin/hdnd-hop-ky-thu-5-20191203.html", ("2019-12-03", "2019-12", 2019)),
        ("https://example.vn/2021/03/city-assigns-budget/", (None, "2021-03", 2021)),
        ("https://example.vn/ky-hop-vao-ngay-15-16122021-tai-hoi-truong.aspx",
         ("2021-12-16", "2021-12", 2021)),
        ("https://example.vn/hop-ubnd-quan-ngay-02-5-2019", ("2019-05-02", "2019-05", 2019)),
        ("https://example.vn/bao-cao-cuoi-nam-2023-366001.html", (None, None, 2023)),
        ("https://example.vn/tin-tuc/3226928/1048421", (None, None, None)),
    ],
)  # fmt: skip
def test_dates_of_an_address(url: str, expected) -> None:
    assert address_dates(url) == expected


@pytest.mark.parametrize(
    ("body", "headers", "url", "meeting", "source"),
    [
        # the year from the page's date: the latest that does not put the meeting after it
        (["Sáng 16-1, UBND huyện tổ chức hội nghị."], ["Ngày đăng 18/01/2022"], None,
         "2022-01-16", "inferred"),
        (["Ngày 18/11, HĐND xã họp phiên bất thường."], ["15/01/2021 08:00"], None,
         "2020-11-18", "inferred"),
        (["Chiều 8/10, Thường trực HĐND quận họp."], [], "https://example.vn/p/202110/tin/",
         "2021-10-08", "inferred"),
        (["Ngày 11-6, quận đề ra mục tiêu thu ngân sách."], [], "https://example.vn/201806/x/",
         "2018-06-11", "inferred"),
        # no page date: the years the text reports on
        (["Sáng 20-12, HĐND huyện họp.", "Năm 2019, huyện thu ngân sách đạt kế hoạch."], [],
         None, "2019-12-20", "inferred"),
        (["Ngày 4/7, HĐND phường đánh giá 6 tháng đầu năm 2023."], [], None, "2023-07-04",
         "inferred"),
        # 29 February exists in one year of the term only
        (["Sáng ngày 29/02, Thường trực HĐND huyện khóa XX, nhiệm kỳ 2021 – 2026 họp."], [],
         None, "2024-02-29", "inferred"),
        # written in full
        (["Ngày 21/6/2024, UBND phường tổ chức hội nghị."], [], None, "2024-06-21", "body"),
        (["(TTV) - Chiều 9/5/2023, HĐND thị xã khai mạc kỳ họp."], [], None, "2023-05-09",
         "body"),
        (["On May 20, the provincial People's Council met."], ["Thursday, 22/05/2025"], None,
         "2025-05-20", "inferred"),
        # a planned day is not the meeting's
        (["Kỳ họp dự kiến bế mạc ngày 28/6/2023."], [], None, None, None),
    ],
)  # fmt: skip
def test_the_meeting_day(body, headers, url, meeting, source) -> None:
    found = read_dates("Tiêu đề", headers, body, url)
    assert (found.meeting, found.meeting_source) == (meeting, source)


def test_the_year_and_where_it_came_from() -> None:
    assert read_dates("Tiêu đề", [], ["Không có ngày tháng nào."]).year is None
    only_store = read_dates("date 2020-03 Theo UBND huyện, quý I thu đạt 24% dự toán.", [], [])
    assert (only_store.year, only_store.year_source) == (2020, "store")
    periods = read_dates("Tiêu đề", [], ["Năm 2019, thu ngân sách đạt 162% dự toán, tăng so với "
                                          "cùng kỳ năm 2018."])  # fmt: skip
    assert (periods.year, periods.year_source) == (2019, "periods")
    by_address = read_dates("Tiêu đề", [], ["Không có ngày."], "https://x.vn/ket-qua-nam-2021")
    assert (by_address.year, by_address.year_source) == (2021, "address")
    dated = read_dates("Tiêu đề", ["Đăng ngày 08/05/2024"], ["HĐND phường họp."])
    assert (dated.year, dated.year_source) == (2024, "header")
    assert dated.sources() == {"published": "header", "year": "header"}


def test_a_real_layout_parses_into_its_dates_and_place() -> None:
    page = (
        "URL: https://vinhhai.nhatrang.khanhhoa.gov.vn/tin/ky-hop-hdnd\n\n"
        "Lượt xem: 57\n\n"
        "Kỳ họp thứ Nhất HĐND phường khóa XIII\n"
        "12/07/2021 10:30 | 2\n\n"
        "Sáng 9/7, HĐND phường tổ chức kỳ họp thứ Nhất, nhiệm kỳ 2021 – 2026.\n"
    )  # fmt: skip
    art, paragraphs = parse_article(page, "x.txt")
    assert art.title == "Kỳ họp thứ Nhất HĐND phường khóa XIII"
    assert (art.published, art.meeting_date, art.year) == ("2021-07-12", "2021-07-09", 2021)
    assert (art.ward, art.district, art.province) == (
        "phường Vĩnh Hải", "thành phố Nha Trang", "tỉnh Khánh Hòa",
    )  # fmt: skip
    assert (art.organ, art.organ_kind, art.organ_level) == ("HĐND phường", "HĐND", "phường")
    assert art.meta_sources == {
        "published": "header", "meeting_date": "inferred", "year": "inferred", "organ": "title",
        "ward": "site", "district": "gazetteer", "province": "gazetteer",
    }  # fmt: skip
    assert [page[a:b] for a, b in art.header_spans][:2] == ["Lượt xem: 57", art.title]
    assert page[paragraphs[0][0] : paragraphs[0][1]].startswith("Sáng 9/7")
