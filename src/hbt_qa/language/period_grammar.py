"""The grammar of time expressions: fragments, builders and the patterns that join them.

Vietnamese with or without diacritics, and English; matched against the lower-cased NFC copy of
``numbers.match_text``. Read by ``periods`` (articles) and ``question_time`` (questions). About
600 lines, kept whole: each pattern is read with the builder that turns its match into a ``_Raw``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import replace

from .numbers import keyword_pattern as kw
from .period_types import _Raw
from .text import fold

# ---------------------------------------------------------------------------------------------
# Grammar fragments (all matched against the lower-cased, NFC copy from `match_text`)
# ---------------------------------------------------------------------------------------------

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_MONTH_BY_NAME = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTH_BY_NAME.update({name.lower()[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTH_BY_NAME["sept"] = 9
# English month names that are also everyday words: only a month after a preposition or
# before a year ("in May", "May 2024"), never in "how much may the district spend".
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "march"})
_MONTH_NAME = (
    r"(?P<mn>" + "|".join(sorted(_MONTH_BY_NAME, key=lambda n: (-len(n), n))) + r")(?!\w)\.?"
)

_NUMBER_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_VI_NUMBER = kw(
    "một", "hai", "ba", "bốn", "tư", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười",
    "mười một", "mười hai",
)  # fmt: skip
_EN_NUMBER = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# No "last": "last quarter" is the previous quarter as often as the fourth one.
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}
_ORDINAL["4th"] = 4

_YEAR = r"(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
_MONTH = r"(?P<m>1[0-2]|0?[1-9])(?![0-9])"
_DAY = r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])"
_T = kw("tháng")
_N = kw("năm")
_NGAY = kw("ngày")
# "năm ngoái" is last year, but "5 năm trước" is five years ago: no number before "năm".
_N_ALONE = r"(?<![0-9])(?<![0-9]\s)(?<!\w)" + _N
_REL_YEARS = {"nay": 0, "ngoai": -1, "truoc": -1, "vua qua": -1, "toi": 1, "sau": 1}
_REL_VI = r"(?P<rel>" + kw("nay", "ngoái", "trước", "vừa qua", "tới", "sau") + r")(?!\w)"
_REL_EN_YEARS = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1}
_REL_EN = r"(?P<relen>this|current|last|previous|next)\s+year(?!\w)"
# A year after a month, quarter or "N tháng đầu năm": "/2024", " năm 2024", " năm nay".
_VI_YEAR_SUFFIX = rf"(?:(?:\s*[/-]\s*|(?:\s*,)?\s+{_N}\s+)(?:{_YEAR}|{_REL_VI}))?"
_EN_YEAR_SUFFIX = rf"(?:(?:\s*[,/])?\s*(?:of\s+|in\s+)?{_YEAR}|\s+(?:of\s+)?(?:the\s+)?{_REL_EN})?"
_NOT_RANGE = r"(?!\s*[-–—/]\s*[0-9])"  # "năm 2023-2024" is a school year, not 2023


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _year_of(m: re.Match[str]) -> tuple[int | None, int | None]:
    """(explicit year, relative offset) from the shared year groups of a match."""
    if (y := _group(m, "y")) is not None:
        return int(y), None
    if (rel := _group(m, "rel")) is not None:
        return None, _REL_YEARS[" ".join(fold(rel).split())]
    if (relen := _group(m, "relen")) is not None:
        return None, _REL_EN_YEARS[relen]
    return None, None


def _month_of(m: re.Match[str]) -> int | None:
    if (num := _group(m, "m")) is not None:
        return int(num)
    if (name := _group(m, "mn")) is not None:
        return _MONTH_BY_NAME[name]
    return None


def _n_of(raw: str) -> int | None:
    if raw.isdigit():
        n = int(raw)
        return n if 1 <= n <= 12 else None
    return _NUMBER_WORDS.get(" ".join(fold(raw).split()))


Builder = Callable[[re.Match[str], str], _Raw | None]


def _date_builder(m: re.Match[str], t: str) -> _Raw | None:
    month = _month_of(m)
    year, rel = _year_of(m)
    day = int(m.group("d"))
    # Numbers-only "28 tháng 5" needs "ngày" or a year to be a date and not "28 months of May".
    if _group(m, "words") is not None and year is None and _group(m, "ng") is None:
        return None
    if month is None or not _valid_day(year or 2000, month, day):
        return None
    if _group(m, "mn") in _AMBIGUOUS_MONTHS and year is None and _WORD_AFTER.match(t, m.end()):
        return None  # "5 may be late" is not the fifth of May; "on 28 May?" is
    return _Raw(m.start(), m.end(), "day", year=year, rel=rel, m1=month, m2=month, day=day)


_WORD_AFTER = re.compile(r"\s*[^\W\d_]")
_MEETING_DAYS = 4  # a meeting held over days lasts two to four: "từ 1 đến 30/6" is a month


def _days_builder(m: re.Match[str], t: str) -> _Raw | None:
    """'ngày 29 và 30/6/2021', 'July 6-7', 'từ ngày 16/7 đến hết sáng ngày 17/7': the days of
    one meeting, in one month."""
    raw = _date_builder(m, t)
    first = int(m.group("d0"))
    if raw is None or raw.day is None or not 0 < raw.day - first < _MEETING_DAYS:
        return None
    if (m0 := _group(m, "m0")) is not None and int(m0) != raw.m1:
        return None
    return replace(raw, day=first, day2=raw.day)


def _ambiguous_month(m: re.Match[str]) -> bool:
    name = _group(m, "mn")
    return name in _AMBIGUOUS_MONTHS and _group(m, "prep") is None and _group(m, "y") is None


def _month_builder(m: re.Match[str], t: str) -> _Raw | None:
    if _ambiguous_month(m):
        return None
    month = _month_of(m)
    year, rel = _year_of(m)
    # "in June": the preposition is needed to read "May" as a month but is not part of it.
    start = m.start("mn") if _group(m, "mn") is not None else m.start()
    return _Raw(start, m.end(), "month", year=year, rel=rel, m1=month, m2=month)


def _quarter_builder(m: re.Match[str], t: str) -> _Raw | None:
    raw = _group(m, "q") or _group(m, "qn") or ""
    q = _ROMAN.get(raw) or (int(raw) if raw.isdigit() else None)
    if (ordinal := _group(m, "qo")) is not None:
        q = _ORDINAL[ordinal]
    if q is None or not 1 <= q <= 4:
        return None
    year, rel = _year_of(m)
    return _Raw(m.start(), m.end(), "quarter", year=year, rel=rel, m1=3 * q - 2, m2=3 * q)


def _months_builder(m: re.Match[str], t: str) -> _Raw | None:
    n = _n_of(m.group("n"))
    pos = _group(m, "pos")
    year, rel = _year_of(m)
    if n is None or (pos is None and year is None and rel is None):
        return None  # "5 tháng năm" alone is not a period
    if _group(m, "nam") is None and year is None and "month" not in m.group():
        return None  # "6 tháng đầu", "5 tháng nay": no year named
    last = pos is not None and fold(pos) in ("cuoi", "last")
    if pos == "last" and year is None and rel is None and "year" not in m.group():
        return None  # "the last 6 months" is a rolling window, not a calendar period
    if n == 12:
        return _Raw(m.start(), m.end(), "year", year=year, rel=rel)
    kind = "half" if n == 6 else ("rest" if last else "ytd")
    m1, m2 = (13 - n, 12) if last else (1, n)
    return _Raw(m.start(), m.end(), kind, year=year, rel=rel, m1=m1, m2=m2)


def _month_count_builder(m: re.Match[str], t: str) -> _Raw | None:
    # "the 9-month revenue": from January; the year comes from elsewhere in the question.
    n = _n_of(m.group("n"))
    if n is None or n < 2:
        return None
    kind = "year" if n == 12 else "half" if n == 6 else "ytd"
    return _Raw(m.start(), m.end(), kind, m1=1, m2=n)


def _month_range_builder(m: re.Match[str], t: str) -> _Raw | None:
    """'tháng 1-5/2024', 'từ tháng 1 đến tháng 5', 'January to May 2024': a reporting period
    when its months make one (from January: year to date; a half; a quarter; to December)."""
    first = int(m.group("m")) if _group(m, "m") else _MONTH_BY_NAME.get(_group(m, "mn") or "")
    last = int(m.group("m2")) if _group(m, "m2") else _MONTH_BY_NAME.get(_group(m, "mn2") or "")
    if first is None or last is None or not 1 <= first < last <= 12:
        return None
    year, rel = _year_of(m)
    if (first, last) in ((1, 6), (7, 12)):
        kind = "half"
    elif last - first == 2 and first % 3 == 1:
        kind = "quarter"
    elif first == 1:
        kind = "ytd"
    elif last == 12:
        kind = "rest"
    else:
        return None  # "tháng 3-5" is no reporting period: leave its months to other rules
    return _Raw(m.start(), m.end(), kind, year=year, rel=rel, m1=first, m2=last)


def _half_builder(m: re.Match[str], t: str) -> _Raw | None:
    which = _group(m, "h") or _group(m, "hn") or ""
    second = fold(which) in ("cuoi", "second", "2nd", "last", "2")
    year, rel = _year_of(m)
    m1, m2 = (7, 12) if second else (1, 6)
    return _Raw(m.start(), m.end(), "half", year=year, rel=rel, m1=m1, m2=m2)


def _year_builder(m: re.Match[str], t: str) -> _Raw | None:
    year, rel = _year_of(m)
    start = m.start("y") if _group(m, "prep") is not None else m.start()  # "in 2023" -> "2023"
    return _Raw(start, m.end(), "year", year=year, rel=rel)


def _term_builder(m: re.Match[str], t: str) -> _Raw | None:
    first, last = int(m.group("y")), int(m.group("y2"))
    if not first <= last <= first + 10:
        return None
    return _Raw(m.start(), m.end(), "term", year=first, year2=last)


def _midyear_builder(m: re.Match[str], t: str) -> _Raw | None:
    year, rel = _year_of(m)
    return _Raw(m.start(), m.end(), "midyear", year=year, rel=rel, m1=6, m2=7)


def _yearend_builder(m: re.Match[str], t: str) -> _Raw | None:
    year, rel = _year_of(m)
    start = m.start() + len(m.group()) - len(m.group().lstrip())  # after "session" and a space
    return _Raw(start, m.end(), "yearend", year=year, rel=rel, m1=11, m2=12)


def _now_builder(m: re.Match[str], t: str) -> _Raw | None:
    return _Raw(m.start(), m.end(), "now", mode="asof")


def _since_start_builder(m: re.Match[str], t: str) -> _Raw | None:
    year, rel = _year_of(m)
    rel = 0 if year is None else rel  # "từ đầu năm": this year, whatever the anchor says
    return _Raw(m.start(), m.end(), "ytd", year=year, rel=rel, m1=1, m2=None)


def _some_months_builder(m: re.Match[str], t: str) -> _Raw | None:
    # "các tháng cuối năm": the months after the anchor; "các tháng đầu năm": up to it.
    year, rel = _year_of(m)
    rel = 0 if year is None else rel
    if fold(m.group("pos")) == "cuoi":
        return _Raw(m.start(), m.end(), "rest", year=year, rel=rel, m1=None, m2=12)
    return _Raw(m.start(), m.end(), "ytd", year=year, rel=rel, m1=1, m2=None)


def _rel_month_builder(m: re.Match[str], t: str) -> _Raw | None:
    word = fold(_group(m, "rm") or _group(m, "rm2") or "")
    offset = 0 if word in ("nay", "this", "current") else -1
    return _Raw(m.start(), m.end(), "month", m1=None, m2=None, rel_month=offset)


def _compare_builder(m: re.Match[str], t: str) -> _Raw | None:
    year, rel = _year_of(m)
    return _Raw(m.start(), m.end(), "same_period", mode="compare", year=year, rel=rel)


_DURATION_BEFORE = re.compile(
    r"(?<!\w)(?:"
    + kw("sau", "vòng", "dài", "mỗi", "hơn", "gần", "khoảng", "đủ", "đa", "hạn", "trước", "từ")
    + "|"
    + kw("mất", "tù", "phạt", "cách", "thêm", "được", folded=False)
    + r")\s+\Z"
)
_DURATION_AFTER = re.compile(
    r"\s+(?:"
    + kw("tuổi", "một lần", "qua", "tới", "nữa", "sau", "trước", "trở", "kể", "liên", "vừa")
    + r")(?!\w)"
)


def _bare_months_builder(m: re.Match[str], t: str) -> _Raw | None:
    # "9 tháng" is the nine-month report; "sau 6 tháng", "6 tháng một lần" are durations.
    # Only 6 and 9 are taken bare: "3 tháng" is far more often a duration than quý I.
    if _DURATION_BEFORE.search(t, max(0, m.start() - 12), m.start()):
        return None
    if _DURATION_AFTER.match(t, m.end()):
        return None
    n = int(m.group("n"))
    kind = "half" if n == 6 else "ytd"
    return _Raw(m.start(), m.end(), kind, m1=1, m2=n)


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# ---------------------------------------------------------------------------------------------
# Patterns. Each is (regex, builder, where): "both", "article" or "question".
# ---------------------------------------------------------------------------------------------

_NUM_DATE = (
    rf"(?<![\w/.,:-])(?:(?P<ng>{_NGAY})\s+)?{_DAY}(?P<sep>[/.-]){_MONTH}(?P=sep){_YEAR}"
    r"(?![/-]?\w|[.,][0-9])"
)
_ISO_DATE = (
    r"(?<![\w/.,:-])(?P<y>(?:19|20)[0-9]{2})-(?P<m>0[1-9]|1[0-2])-"
    r"(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])"
)
_WORD_DATE = (
    rf"(?<![\w/.,])(?:(?P<ng>{_NGAY})\s+)?{_DAY}\s+(?P<words>{_T})\s+{_MONTH}"
    rf"(?:(?:(?:\s*,)?\s*{_N}\s+|\s*[/-]\s*){_YEAR})?"
)
# "ngày 18/11", "ngày 11-6", "sáng 16-1", "chiều ngày 4/11": a day without its year, after "ngày"
# or the part of the day a meeting was held (the year comes from the page: see ingest.dates).
# A part of the day may say which ("sáng nay (16/7)", "chiều qua, 15/7", "sáng thứ Hai (15/7)");
# "hôm" is the day itself ("hôm 16/7"); "sáng 16.7" is written with a dot in some papers.
_PART_OF_DAY = kw("sáng", "chiều", "tối", "trưa")
_WEEKDAY = (
    kw("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
    + rf"|{kw('thứ')}\s+[2-7]"
)
_POD = (
    rf"(?:{_PART_OF_DAY})(?:\s+{kw('nay', 'qua', 'hôm nay', 'hôm qua')}(?!\w))?"
    rf"(?:\s+(?:{_WEEKDAY})(?!\w))?|{kw('hôm nay', 'hôm qua', 'hôm')}"
)
_SHORT_DATE = (
    rf"(?<!\w)(?:(?P<pod>{_POD})(?:\s*[,(]\s*|\s+)(?:{_NGAY}\s+)?|(?P<ng>{_NGAY})\s+)"
    rf"{_DAY}(?:\s*/\s*|[-.]){_MONTH}(?![0-9/]|[.-][0-9])\)?"
)
_EN_DATE_DMY = (
    rf"(?<![\w/.,]){_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}(?:(?:\s*,)?\s*{_YEAR})?"
)
_EN_DATE_MDY = rf"(?<!\w){_MONTH_NAME}\s+{_DAY}(?:st|nd|rd|th)?(?:(?:\s*,)?\s*{_YEAR})?"
# The days of a meeting held over several in one month: "trong hai ngày 29 và 30/6/2021", "2 ngày
# (16, 17/7)", "sáng 16-17/7", "từ ngày 16/7 đến hết buổi sáng ngày 17/7", "25 - 26.12.2019"
# (bare only with its year), "July 6 and 7", "6-7 July 2021". Read by `_days_builder`.
_DAY0 = _DAY.replace("?P<d>", "?P<d0>")
_ORD = r"(?:st|nd|rd|th)?"
_VI_DAYS = (
    rf"(?<!\w)(?:(?P<pod>{_POD})(?:\s*[,(]\s*|\s+)(?:{_NGAY}\s+)?|(?P<ng>{_NGAY})\s*\(?\s*)"
    rf"{_DAY0}(?:\s*/\s*(?P<m0>1[0-2]|0?[1-9])(?![0-9/]))?"
    rf"\s*(?:,|[-–—]|{kw('và', 'đến', 'tới')})\s*"
    rf"(?:{kw('hết')}\s+)?(?:(?:{kw('buổi')}\s+)?{_PART_OF_DAY}\s+)?(?:{_NGAY}\s+)?"
    rf"{_DAY}\s*(?P<sep>[/.-])\s*{_MONTH}(?:(?P=sep){_YEAR})?(?![0-9]|[/.-][0-9])\)?"
)
_VI_DAYS_BARE = (
    rf"(?<![\w/.,:-]){_DAY0}\s*(?:[-–—]|{kw('và')})\s*{_DAY}(?P<sep>[/.-]){_MONTH}"
    rf"(?P=sep){_YEAR}(?![/-]?\w|[.,][0-9])"
)
_EN_DAYS_MDY = (
    rf"(?<!\w){_MONTH_NAME}\s+{_DAY0}{_ORD}\s*(?:[-–—&]|and|to)\s*{_DAY}{_ORD}(?![0-9])"
    rf"(?:(?:\s*,)?\s*{_YEAR})?"
)
_EN_DAYS_DMY = (
    rf"(?<![\w/.,]){_DAY0}{_ORD}\s*(?:[-–—&]|and|to)\s*{_DAY}{_ORD}\s+(?:of\s+)?{_MONTH_NAME}"
    rf"(?:(?:\s*,)?\s*{_YEAR})?"
)

_DAYS = (_VI_DAYS, _VI_DAYS_BARE, _EN_DAYS_MDY, _EN_DAYS_DMY)

_DATE_TARGETS: list[tuple[str, Builder]] = [
    (_NUM_DATE, _date_builder),
    (_ISO_DATE, _date_builder),
    (_WORD_DATE, _date_builder),
    (_SHORT_DATE, _date_builder),
    (_EN_DATE_DMY, _date_builder),
    (_EN_DATE_MDY, _date_builder),
]
_VI_MONTH = rf"(?<!\w){_T}\s+{_MONTH}{_VI_YEAR_SUFFIX}"
_EN_MONTH = rf"(?<!\w)(?:(?P<prep>in|during|for|of|on|from)\s+)?{_MONTH_NAME}{_EN_YEAR_SUFFIX}"
_VI_YEAR = rf"(?<!\w){_N}\s+{_YEAR}{_NOT_RANGE}|{_N_ALONE}\s+{_REL_VI}"
_EN_YEAR = (
    r"(?<!\w)(?:(?:(?P<prep>in|during|for|of)|year|fiscal\s+year|fy)\s+"
    rf"{_YEAR}{_NOT_RANGE}|{_REL_EN})"
)

_TO_VI = rf"\s*(?:[-–—]|{kw('đến', 'tới')})\s*"
_VI_MONTH_RANGE = (
    rf"(?<!\w)(?:{kw('từ')}\s+)?{_T}\s+{_MONTH}{_TO_VI}(?:{_T}\s+)?"
    rf"(?P<m2>1[0-2]|0?[1-9])(?![0-9]){_VI_YEAR_SUFFIX}"
)
_EN_MONTH_RANGE = (
    r"(?<!\w)(?:(?:from|between)\s+)?"
    + _MONTH_NAME
    + r"\s*(?:[-–—]|to|through|thru|until|and)\s*"
    + _MONTH_NAME.replace("?P<mn>", "?P<mn2>")
    + _EN_YEAR_SUFFIX
)

_BASE: list[tuple[str, Builder, str]] = [
    *((regex, builder, "both") for regex, builder in _DATE_TARGETS),
    *((regex, _days_builder, "article") for regex in _DAYS),
    (_VI_MONTH_RANGE, _month_range_builder, "both"),
    (_EN_MONTH_RANGE, _month_range_builder, "both"),
    (_VI_MONTH, _month_builder, "both"),
    (_EN_MONTH, _month_builder, "both"),
    (
        rf"(?<!\w){kw('quý', 'quí')}\s+(?P<q>iv|iii|ii|i|[1-4])(?!\w){_VI_YEAR_SUFFIX}",
        _quarter_builder,
        "both",
    ),
    (
        r"(?<!\w)(?:q(?P<q>[1-4])|(?P<qo>first|second|third|fourth|1st|2nd|3rd|4th)"
        rf"\s+quarter|quarter\s+(?P<qn>[1-4]))(?!\w){_EN_YEAR_SUFFIX}",
        _quarter_builder,
        "both",
    ),
    (
        # "5 tháng đầu năm 2024", "9 tháng năm nay", "5 tháng 2024" (a count of months, then a year)
        rf"(?<![\w.,])(?P<n>[0-9]{{1,2}}|{_VI_NUMBER})\s+{_T}"
        rf"(?:\s+(?P<pos>{kw('đầu', 'cuối')}))?(?:\s+(?P<nam>{_N}))?(?:\s+(?:{_YEAR}|{_REL_VI}))?",
        _months_builder,
        "both",
    ),
    (
        rf"(?<!\w)(?:the\s+)?(?P<pos>first|last)\s+(?P<n>[0-9]{{1,2}}|{_EN_NUMBER})\s+months"
        rf"(?:\s+of(?:\s+the\s+year)?)?{_EN_YEAR_SUFFIX}",
        _months_builder,
        "both",
    ),
    (
        # "the six last months of 2022", "6 first months of the year" (the Vietnamese order)
        rf"(?<![\w.,])(?:the\s+)?(?P<n>[0-9]{{1,2}}|{_EN_NUMBER})\s+(?P<pos>first|last)\s+months"
        rf"(?:\s+of(?:\s+the\s+year)?)?{_EN_YEAR_SUFFIX}",
        _months_builder,
        "both",
    ),
    (
        # "in 10 months of 2024", "nine months of this year": months counted from January
        rf"(?<![\w.,])(?P<n>[0-9]{{1,2}}|{_EN_NUMBER})\s+months\s+of\s+"
        rf"(?:{_YEAR}|(?:the\s+)?{_REL_EN})",
        _months_builder,
        "both",
    ),
    (
        # "the 9-month revenue": a count of months as an adjective ("a 3-month delay" is not)
        rf"(?<![\w.,-])(?<!\ba\s)(?<!\ban\s)(?P<n>[0-9]{{1,2}}|{_EN_NUMBER})-month(?![\w-])",
        _month_count_builder,
        "question",
    ),
    (
        rf"(?<!\w){kw('nửa')}\s+(?P<h>{kw('đầu', 'cuối')})\s+{_N}(?:\s+(?:{_YEAR}|{_REL_VI}))?",
        _half_builder,
        "both",
    ),
    (
        r"(?<!\w)(?:(?:the\s+)?(?P<h>first|1st|second|2nd)\s+half(?:\s+of)?(?:\s+the\s+year)?"
        rf"|h(?P<hn>[12])(?!\w)){_EN_YEAR_SUFFIX}",
        _half_builder,
        "both",
    ),
    (_VI_YEAR, _year_builder, "both"),
    (_EN_YEAR, _year_builder, "both"),
    (rf"(?<![\w/.,-]){_YEAR}{_NOT_RANGE}(?!\s*%)", _year_builder, "question"),
    (
        rf"(?<!\w)(?:{kw('nhiệm kỳ', 'nhiệm kì', 'giai đoạn')}|term|period)\s+{_YEAR}"
        r"\s*[-–—]\s*(?P<y2>(?:19|20)[0-9]{2})(?![0-9])",
        _term_builder,
        "both",
    ),
    (
        rf"(?<!\w)(?:{kw('giữa')}\s+{_N}|mid-?\s?year)(?:\s+(?:{_YEAR}|{_REL_VI}))?",
        _midyear_builder,
        "both",
    ),
    (rf"(?<!\w)mid-\s?{_YEAR}", _midyear_builder, "both"),  # "the mid-2023 session"
    # The year-end session: "kỳ họp (thường lệ) cuối năm 2023", "the year-end 2023 session",
    # "the session at the end of 2023"; a bare "cuối năm" or "end of 2023" is no session.
    (
        rf"(?<!\w){kw('kỳ họp', 'phiên họp')}(?:\s+{kw('thường lệ')})?\s+{kw('cuối')}\s+{_N}"
        rf"(?:\s+(?:{_YEAR}|{_REL_VI}))?",
        _yearend_builder,
        "question",
    ),
    (
        rf"(?<!\w)(?:year[\s-]+end|end[\s-]+of[\s-]+(?:the[\s-]+)?year)(?:\s+{_YEAR})?"
        r"(?=(?:\s+[\w'’-]+){0,3}?\s+(?:session|meeting|sitting)s?(?!\w))",
        _yearend_builder,
        "question",
    ),
    (
        r"(?<=session|meeting|sitting)\s+(?:held\s+)?at\s+the\s+end\s+of\s+"
        rf"(?:{_YEAR}|the\s+year)",
        _yearend_builder,
        "question",
    ),
    (
        rf"(?<!\w){kw('từ')}\s+{kw('đầu')}\s+{_N}(?:\s+{_YEAR})?"
        rf"(?:\s+{kw('đến', 'tới')}\s+{kw('nay')}(?!\w))?",
        _since_start_builder,
        "both",
    ),
    (
        rf"(?<!\w)(?:{kw('các', 'những')})\s+{_T}\s+(?P<pos>{kw('đầu', 'cuối')})\s+{_N}"
        rf"(?:\s+{_YEAR})?",
        _some_months_builder,
        "article",
    ),
    (
        rf"(?<![0-9])(?<![0-9]\s)(?<!\w){_T}\s+(?P<rm>{kw('này', 'trước', 'vừa qua')})(?!\w)"
        r"|(?<!\w)(?P<rm2>this|last|current)\s+month(?!\w)",
        _rel_month_builder,
        "both",
    ),
    (
        rf"(?<![\w.,])(?P<n>[69])\s+{_T}(?!\w)(?!\s+[0-9])",
        _bare_months_builder,
        "both",
    ),
    (
        rf"(?<!\w){kw('cùng kỳ', 'cùng kì')}(?:\s+{_N}\s+(?:{_YEAR}|{_REL_VI}))?",
        _compare_builder,
        "both",
    ),
    (
        rf"(?<!\w)same\s+period(?:\s+(?:of|in)\s+{_YEAR}|\s+(?:of\s+)?{_REL_EN})?",
        _compare_builder,
        "both",
    ),
    (
        rf"(?<!\w)(?:{kw('hiện nay', 'hiện tại', 'bây giờ')}|now|currently|so\s+far|to\s+date"
        r"|year[\s-]+to[\s-]+date|ytd)(?!\w)",
        _now_builder,
        "question",
    ),
]

# "tính đến ..." / "lũy kế đến ..." in articles; a bare "đến"/"by" only in questions, because
# in articles "đến ngày 30/6" is as often a deadline as a cut-off.
_ASOF_STRICT = (
    rf"(?<!\w)(?:{kw('tính', 'lũy kế', 'luỹ kế', 'cộng dồn')})\s+{kw('đến', 'tới')}"
    rf"\s+(?:(?P<het>{kw('hết', 'cuối')})\s+)?"
)
_ASOF_LOOSE = rf"(?<!\w){kw('đến', 'tới')}\s+(?:(?P<het>{kw('hết', 'cuối')})\s+)?"
_ASOF_EN = (
    r"(?<!\w)(?:by|as\s+of|as\s+at|up\s+to|until|till|through|thru)\s+"
    r"(?:(?P<het>the\s+end\s+of|end\s+of)\s+)?"
)
_ASOF_VI_TARGETS: list[tuple[str, Builder]] = [
    *_DATE_TARGETS[:4],
    (rf"{_T}\s+{_MONTH}{_VI_YEAR_SUFFIX}", _month_builder),
    (rf"{_N}\s+(?:{_YEAR}|{_REL_VI})", _year_builder),
    (rf"(?P<now>{kw('nay')})(?!\w)", _now_builder),
]
# "tính đến 31/5": after "tính đến" a day needs neither "ngày" nor its year (after a bare
# "đến" it may be a fraction: "giảm đến 1/3").
_BARE_DAY = rf"{_DAY}\s*/\s*{_MONTH}(?![0-9/]|[.-][0-9])"
_ASOF_EN_TARGETS: list[tuple[str, Builder]] = [
    *_DATE_TARGETS[:2],
    *_DATE_TARGETS[4:],
    (rf"(?P<prep>){_MONTH_NAME}{_EN_YEAR_SUFFIX}", _month_builder),
    (rf"{_YEAR}{_NOT_RANGE}|(?:the\s+)?{_REL_EN}|the\s+year", _year_builder),
    (r"(?:now|today|date)(?!\w)", _now_builder),
]


def _strip_lookbehind(regex: str) -> str:
    # Targets glued after a prefix must not re-check what precedes them.
    while regex.startswith("(?<"):
        depth = 0
        for end, ch in enumerate(regex, 1):
            depth += (ch == "(") - (ch == ")")
            if depth == 0:
                regex = regex[end:]
                break
        else:
            break
    return regex


def _asof_builder(inner: Builder) -> Builder:
    def build(m: re.Match[str], t: str) -> _Raw | None:
        raw = inner(m, t)
        if raw is None:
            return None
        return replace(raw, start=m.start(), end=m.end(), mode="asof")

    return build


_PATTERNS: list[tuple[re.Pattern[str], Builder, str]] = [
    (re.compile(regex), builder, where) for regex, builder, where in _BASE
]
for _prefix, _targets, _where in (
    (_ASOF_STRICT, [*_ASOF_VI_TARGETS, (_BARE_DAY, _date_builder)], "both"),
    (_ASOF_LOOSE, _ASOF_VI_TARGETS, "question"),
    (_ASOF_EN, _ASOF_EN_TARGETS, "both"),
):
    for _regex, _builder in _targets:
        _PATTERNS.append(
            (
                re.compile(_prefix + "(?:" + _strip_lookbehind(_regex) + ")"),
                _asof_builder(_builder),
                _where,
            )
        )

_DATE_PATTERNS = [re.compile(regex) for regex, _ in _DATE_TARGETS]
# A day named by the time of day, without "ngày" or a year: "Sáng 26/8", "chiều 8-10". Only for
# spotting a day in a sentence (``periods.find_days``): a period reader needs more than that.
_DAYPART_DATE = (
    rf"(?<!\w)(?P<ng>{kw('sáng', 'chiều', 'tối', 'trưa')})(?:\s+{_NGAY})?\s+"
    rf"{_DAY}\s*[/-]\s*{_MONTH}(?![0-9]|[/.-][0-9])"
)
# The days of a range count as one value ("từ ngày 3 - 7.12", "2 ngày (12 và 13/7)").
_DAY_PATTERNS = [*_DATE_PATTERNS, re.compile(_DAYPART_DATE), *(re.compile(r) for r in _DAYS)]
