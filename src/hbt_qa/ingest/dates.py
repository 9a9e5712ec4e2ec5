"""When a record was published and when its meeting was held, each with where it was read.

Pure functions over a page's lines and address. Real pages put their date in a dozen places: a
header line ("Ngày đăng 03/05/2019 | 10:23 | Lượt xem: 740", "thứ tư, 22/9/2021 14:20 GMT+07",
"Updated : Thursday, May 17, 2018 2:59 PM"), the end of the title ("… (13:36 07/12/2018)"), a
time and date glued before the lead ("10:56 03/07/2018 Sáng 3-7, …"), a store-added prefix on
the first line ("date 2022-07-06 …", "date 2024-10 …"), the address ("/201906/", "-20191203.html",
"/2021/03/", "/2022-11-06/") or nowhere. A print header ("Hải Phòng, ngày 19 tháng 01 năm 2020")
is when the page was printed: kept apart, used only to place a meeting before it.

The meeting day is often written without its year ("Sáng 16-1", "Ngày 18/11"): the year then
comes from the page's date (the latest year that does not put the meeting after the page), else
from the years the text reports on ("năm 2019", "6 tháng đầu năm 2023"), and is marked
"inferred". Every date expression is read by ``language.periods``; this module only knows where
on a page to look, plus the numeric forms of addresses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..language.calendar import month_end
from ..language.periods import find_dates, find_periods

__all__ = [
    "META_LINE",
    "POSTED_DATE",
    "RecordDates",
    "address_dates",
    "is_date_line",
    "read_dates",
    "store_prefix",
]

_LEAP_ANCHOR = dt.date(2000, 12, 31)  # a leap year: "29/02" is read, its year decided later
_AFTER_PAGE = dt.timedelta(days=7)  # a page may report a meeting a few days ahead, no more
_LEAD_CHARS = 400  # of each opening paragraph, where the meeting day is written

# The store's prefix: "date 2024-10 ", "date 2022-07-06 Chính trị …".
_STORE = re.compile(
    r"\A\s*date\s+((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?![\w-])\s*"
)
_CATEGORY = re.compile(
    r"\s*(?:Chính trị|Kinh tế|Xã hội|Thời sự|Văn hóa|Văn hoá|Pháp luật|Giáo dục|Y tế|Đô thị"
    r"|Thể thao|Quốc phòng|An ninh|Đời sống|Tin tức|Politics|Society|Economy)\b\s*"
)
# The labels of a page's header line ("Ngày đăng 03/05/2019 | 10:23 | Lượt xem: 740"), one list
# for the posted day a converter reads and for the metadata lines a parser keeps out of the body.
_POSTED_LABELS = r"Ngày đăng|Ngay dang|Đăng ngày|Ngày cập nhật|Cập nhật"
POSTED_DATE = re.compile(
    rf"(?:{_POSTED_LABELS})\s*:?\s*(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})", re.I
)  # "Ngày đăng: 26/06/2024" → day, month, year
META_LINE = re.compile(rf"^\s*(?:{_POSTED_LABELS}|Lượt xem|Luot xem)\b", re.I)
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?"
# What a date line may hold besides its date: labels, times, weekdays, zones, counters.
_DATE_LINE_WORDS = re.compile(
    r"(?i)ngày đăng|ngay dang|đăng ngày|đăng lúc|cập nhật(?: lúc)?|lượt xem|lượt đọc|updated?"
    r"|posted|published|view count|views?|thứ (?:hai|ba|tư|năm|sáu|bảy|7)|chủ nhật"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|gmt\s*[+-]\s*\d+|"
    + _TIME
    + r"|\d{1,6}|[|/,:;()\-–—.]"
)
_PRINT_LINE = re.compile(r"\A[^\d,]{2,30},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*\Z")
# A time then a date opening the first line ("10:56 03/07/2018 Sáng 3-7, …").
_TIME_THEN_DATE = re.compile(r"\A\s*" + _TIME + r",?\s+(?=\d{1,2}/\d{1,2}/\d{4})")
_TITLE_STAMP = re.compile(r"\(\s*(?:" + _TIME + r")?\s*[^()]{6,12}\)\s*\Z")
# Before a meeting day: the paragraph's start, maybe after a dateline or credit ("(TTV) - ",
# "Đà Nẵng- ", the store's "date …"), or a word that says when ("chiều", "ngày", "on", "hôm").
_LEAD_IN = re.compile(
    r"(?:\A|[.!?]\s+)(?:\([^)]{1,30}\)\s*[-–—]?\s*|[A-ZĐ][^\s.,]{0,15}(?:\s[A-ZĐ]\w*)?\s*[-–—]\s*"
    r"|date\s+\S+\s+)?\Z"
)
_WHEN_WORD = re.compile(
    r"(?i)\b(?:ngày|sáng|chiều|tối|trưa|hôm|on|vào|trong\s+\w+\s+ngày"
    r"|(?:on|in)\s+the\s+(?:morning|afternoon|evening|night)\s+of)\s+\Z"
    r"|\bon\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*[,(]?\s*\Z"
)
# A day that is planned ("dự kiến tổ chức vào ngày 16/6", "will be held on July 6", "ngày 16/7
# tới") or a deadline ("trước ngày 30/6"), not when the meeting was held. "Từ ngày 1/7" is when a
# rule takes effect, but "từ ngày 16 đến 17/7" is when a meeting of two days was held.
_PLANNED = re.compile(
    r"(?i)\b(?:dự kiến|sẽ|theo kế hoạch|will|expected|scheduled|to be held|slated)\b[^.;]*\Z"
    r"|\b(?:đến|trước|until|by)\s+(?:vào\s+)?\Z"
)
_PLANNED_AFTER = re.compile(r"(?i)\s*(?:tới|sắp tới|next)\b")  # matched where the day ends
_FROM = re.compile(r"(?i)\b(?:từ|from)\s+(?:vào\s+)?\Z")
_DAY_WORDS = ("ngày", "sáng", "chiều", "tối", "trưa", "hôm")
# Numeric dates of addresses: "/2022-11-06/", "-20191203.html", "/201906/", "/2021/03/".
_ADDR_DAY = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<![\d])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])"),
)
_ADDR_DMY = re.compile(r"(?<![\d])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d\d)(?![\d])")
_ADDR_SLUG_DMY = re.compile(
    r"ngay[-_](\d{1,2})[-_](\d{1,2})[-_]((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
_ADDR_MONTH = (
    re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])/"),
    re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/"),
)
_ADDR_YEAR = re.compile(r"(?i)(?:nam|year)[-_]((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class RecordDates:
    """The dates of a record, each with the place it was read from.

    ``published``: ISO day, from "header", "title", "store" (the store's prefix), "address" or
    "front matter". ``meeting``: ISO day, "body" when written in full, "inferred" when its year
    came from elsewhere. ``year``: the record's year (the meeting's, else the page's, else the
    year it reports on) and its source. ``month``: "YYYY-MM" when the page gives no day.
    ``printed``: a print header's day (never the meeting's).
    """

    published: str | None = None
    published_source: str | None = None
    meeting: str | None = None
    meeting_source: str | None = None
    year: int | None = None
    year_source: str | None = None
    month: str | None = None
    month_source: str | None = None
    printed: str | None = None

    def sources(self) -> dict[str, str]:
        """Field → where it was read, for the fields that were read."""
        pairs = (
            ("published", self.published, self.published_source),
            ("meeting_date", self.meeting, self.meeting_source),
            ("year", self.year, self.year_source),
        )
        return {name: src for name, value, src in pairs if value is not None and src}


def store_prefix(line: str) -> tuple[str | None, int]:
    """("YYYY-MM" or "YYYY-MM-DD", characters it takes with a category word) of a store prefix."""
    m = _STORE.match(line)
    if m is None:
        return None, 0
    iso = "-".join(g for g in m.groups() if g)
    if len(iso) == 10 and not _real(iso):
        return None, 0
    cat = _CATEGORY.match(line, m.end())
    return iso, cat.end() if cat else m.end()


def is_date_line(line: str) -> bool:
    """True for a line that is only a date with its furniture, or a print header."""
    if len(line) > 90 or not find_dates(line):
        return False
    if _PRINT_LINE.match(line):
        return True
    rest = line
    for d in reversed(find_dates(line)):
        rest = rest[: d.start] + " " + rest[d.end :]
    return not _DATE_LINE_WORDS.sub(" ", rest).strip()


def address_dates(url: str | None) -> tuple[str | None, str | None, int | None]:
    """(day, month "YYYY-MM", year) an address gives; the day of a dated path or slug."""
    if not url:
        return None, None, None
    for pattern in _ADDR_DAY:
        for m in pattern.finditer(url):
            if _real(iso := f"{m.group(1)}-{m.group(2)}-{m.group(3)}"):
                return iso, iso[:7], int(m.group(1))
    for m in (*_ADDR_DMY.finditer(url), *_ADDR_SLUG_DMY.finditer(url)):
        iso = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        if _real(iso):
            return iso, iso[:7], int(m.group(3))
    for pattern in _ADDR_MONTH:
        if month := pattern.search(url):
            return None, f"{month.group(1)}-{month.group(2)}", int(month.group(1))
    year = _ADDR_YEAR.search(url)
    return None, None, int(year.group(1)) if year else None


def _real(iso: str) -> bool:
    """True when an ISO day exists in the calendar and lies in the years records are from."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return 1990 <= day.year <= 2100


def _first_date(line: str) -> str | None:
    """ISO of the first full date of a line."""
    found = find_dates(line)
    return found[0].date.isoformat() if found else None


def _published(title: str, headers: Sequence[str], first: str) -> tuple[str | None, str | None]:
    """(ISO day, source) of the page's own date: header line, title stamp, or glued time."""
    for line in headers:
        if not _PRINT_LINE.match(line) and (iso := _first_date(line)):
            return iso, "header"
    stamp = _TITLE_STAMP.search(title)
    if stamp and (iso := _first_date(stamp.group())):
        return iso, "title"
    for line in (title, first):
        _, used = store_prefix(line)
        if _TIME_THEN_DATE.match(line[used:]) and (iso := _first_date(line[used:][:30])):
            return iso, "header"
    return None, None


def _meeting_day(paragraphs: Sequence[str]) -> tuple[dt.date | None, bool]:
    """(day, year written) of the meeting: the first day named at the start of an opening
    paragraph or after "ngày", "sáng", "on"…; a day without a year comes in year 2000; a meeting
    held over days gives its first ("trong hai ngày 29 và 30/6/2021")."""
    for par in paragraphs[:3]:
        head = par[:_LEAD_CHARS]
        explicit = {(d.start, d.end) for d in find_dates(head)}
        for p in find_periods(head, _LEAP_ANCHOR):
            if p.kind != "day" or _not_held(head, p.start_char, p.end_char, p.end > p.start):
                continue
            before = head[: p.start_char]
            keyword = p.text.split()[0].lower() in _DAY_WORDS
            if keyword or _WHEN_WORD.search(before[-30:]) or _LEAD_IN.search(before):
                has_year = any(a <= p.end_char and p.start_char <= b for a, b in explicit) or (
                    p.start.year != _LEAP_ANCHOR.year
                )
                return p.start, has_year
    return None, False


def _not_held(text: str, start: int, end: int, several: bool) -> bool:
    """True for a day written as planned or as a deadline rather than as when a meeting met."""
    before = text[max(0, start - 40) : start]
    if _PLANNED.search(before) or _PLANNED_AFTER.match(text, end):
        return True
    return not several and _FROM.search(before) is not None


def _years_reported(texts: Sequence[str]) -> list[int]:
    """Years of the full dates and periods a text names (terms and comparisons left out)."""
    years: list[int] = []
    for text in texts:
        for p in find_periods(text):
            if p.kind not in ("term", "same_period", "asof"):
                years.append(p.end.year)
    return years


def _likeliest_year(years: Sequence[int]) -> int | None:
    """The year named most often; of equals, the earliest (a review comes before its plan)."""
    if not years:
        return None
    counts = Counter(years)
    return min(counts, key=lambda y: (-counts[y], y))


def _place_in_year(day: dt.date, ref: dt.date) -> dt.date | None:
    """The day in the latest year that does not put it more than a week after ``ref``."""
    for year in (ref.year + 1, ref.year, ref.year - 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate <= ref + _AFTER_PAGE:
            return candidate
    return None


def _term_year(day: dt.date, texts: Sequence[str]) -> int | None:
    """The one year of a named term in which a day exists ("29/02" in 2021–2026 is 2024)."""
    for text in texts:
        for p in find_periods(text):
            if p.kind == "term":
                fits = []
                for y in range(p.start.year, p.end.year + 1):
                    try:
                        fits.append(day.replace(year=y).year)
                    except ValueError:
                        continue
                if len(fits) == 1:
                    return fits[0]
    return None


def read_dates(
    title: str,
    headers: Sequence[str],
    paragraphs: Sequence[str],
    url: str | None = None,
    published: str | None = None,
) -> RecordDates:
    """The published day, the meeting day and the year of a record, each with its source.

    ``title`` is the page's first line (a headline, or a lead paragraph standing in its place),
    ``headers`` the date and counter lines, ``paragraphs`` the body's opening paragraphs.
    ``published`` is a date given with the file (front matter), which wins.
    """
    first = paragraphs[0] if paragraphs else ""
    pub_src = "front matter" if published else None
    if published is None:
        published, pub_src = _published(title, headers, first)
    printed = next((_first_date(h) for h in headers if _PRINT_LINE.match(h)), None)
    month, month_src = None, None
    for line in (title, first):
        iso, _ = store_prefix(line)
        if iso and len(iso) == 10 and published is None:
            published, pub_src = iso, "store"
        if iso:
            month, month_src = iso[:7], "store"
            break
    a_day, a_month, a_year = address_dates(url)
    if published is None and a_day:
        published, pub_src = a_day, "address"
    if published:
        month, month_src = published[:7], pub_src
    elif month is None and a_month:
        month, month_src = a_month, "address"

    opening = [title, *paragraphs] if title and title not in paragraphs else list(paragraphs)
    reported = _years_reported([title, *paragraphs[:6]])
    day, has_year = _meeting_day(opening)
    meeting, meeting_src = None, None
    if day is not None and has_year:
        meeting, meeting_src = day, "body"
    elif day is not None:
        ref = _reference(published, printed, month, a_year, reported)
        placed = _place_in_year(day, ref) if ref else None
        if placed is None and (y := _term_year(day, [title, *paragraphs[:6]])):
            placed = day.replace(year=y)
        meeting, meeting_src = placed, "inferred" if placed else None

    year, year_src = _record_year(meeting, meeting_src, published, pub_src, month, month_src)
    if year is None and printed:
        year, year_src = int(printed[:4]), "print"
    if year is None and (y := _likeliest_year(_years_reported([title]))):
        year, year_src = y, "title"
    if year is None and a_year:
        year, year_src = a_year, "address"
    if year is None and (y := _likeliest_year(reported)):
        year, year_src = y, "periods"
    return RecordDates(
        published, pub_src if published else None,
        meeting.isoformat() if meeting else None, meeting_src,
        year, year_src, month, month_src if month else None, printed,
    )  # fmt: skip


def _reference(
    published: str | None,
    printed: str | None,
    month: str | None,
    address_year: int | None,
    reported: Sequence[int],
) -> dt.date | None:
    """The day a meeting written without its year cannot be (much) later than: the page's day,
    else the end of its month, of the year its text reports on, of a year its address names
    (a slug's "nam-2023" is a period talked about, like the text's, not the page's date)."""
    if published or printed:
        return dt.date.fromisoformat(published or printed or "")
    if month:
        return month_end(int(month[:4]), int(month[5:7]))
    year = _likeliest_year(reported) or address_year
    return dt.date(year, 12, 31) if year else None


def _record_year(
    meeting: dt.date | None,
    meeting_src: str | None,
    published: str | None,
    pub_src: str | None,
    month: str | None,
    month_src: str | None,
) -> tuple[int | None, str | None]:
    """The year of the meeting, else of the page, else of its month."""
    if meeting is not None:
        return meeting.year, meeting_src
    if published:
        return int(published[:4]), pub_src
    if month:
        return int(month[:4]), month_src
    return None, None
