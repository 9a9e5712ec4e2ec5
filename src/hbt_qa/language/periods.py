"""Dates and reporting periods in meeting records, and the time a question asks about.

Pure functions over strings, stdlib only. One grammar of time expressions (Vietnamese with or
without diacritics, and English) feeds two readers:

* `find_periods` reads an article: every date and period it mentions, resolved to concrete
  dates. A missing year ("5 tháng đầu năm") comes from ``ref`` (usually the article's date);
  without ``ref`` such expressions are skipped rather than guessed.
* `parse_question_time` reads a question: what period it asks about. A missing year stays
  ``None`` unless ``ref`` supplies it; the month numbers are always given.

`period_fits` scores an article's date or in-text period against a question's constraint.
Spans are offsets in the original string (NFC or NFD alike), so ``text[p.start_char:p.end_char]
== p.text`` always holds; a leading keyword ("ngày", "tháng", "tính đến") is part of the span.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from .numbers import MatchText, fold_diacritics, match_text
from .numbers import keyword_pattern as kw

__all__ = [
    "DateMatch",
    "Period",
    "TimeConstraint",
    "find_dates",
    "find_periods",
    "format_date_en",
    "format_date_vi",
    "parse_date",
    "parse_question_time",
    "period_fits",
]

Mode = Literal["asof", "within"]


@dataclass(frozen=True)
class DateMatch:
    """A calendar date written in a text, with its span (the date only, not "ngày")."""

    date: dt.date
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Period:
    """A period an article talks about, ``start``..``end`` inclusive.

    ``kind`` is one of: day, month, quarter, half (6 months), ytd (first N months or "from the
    start of the year"), rest (last N months), year, midyear ("giữa năm": June-July), term
    ("nhiệm kỳ 2021-2026"), asof (cumulative from 1 January to a date: "tính đến ...") and
    same_period ("cùng kỳ năm 2023": the previous period moved to that year).
    """

    start: dt.date
    end: dt.date
    kind: str
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class TimeConstraint:
    """The time a question asks about.

    ``mode`` is "asof" (a cumulative figure up to ``end``: "tính đến tháng 5", "by May") or
    "within" (a figure for ``start``..``end``: "tháng 5/2024", "in Q3 2024"). ``kind`` is the
    granularity, as in `Period`, plus "now" ("hiện nay", "so far"). ``months`` lists the months
    covered (for "asof", January through the last month), so callers can match articles even
    when ``year`` is None; ``start``/``end`` are None until the year is known (asof constraints
    never have a ``start``). ``year_inferred`` is True when the year came from ``ref``.
    """

    mode: Mode
    kind: str
    start: dt.date | None
    end: dt.date | None
    year: int | None
    months: tuple[int, ...]
    text: str
    start_char: int
    end_char: int
    day: int | None = None
    year_inferred: bool = False


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


@dataclass
class _Raw:
    """A time expression before resolution; offsets are in the normalised copy."""

    start: int
    end: int
    kind: str
    mode: str = "within"  # "within" | "asof" | "compare"
    year: int | None = None
    rel: int | None = None  # year offset from the anchor date ("năm ngoái" -> -1)
    m1: int | None = 1  # None: "from the month after the anchor" (các tháng cuối năm)
    m2: int | None = 12  # None: "up to the anchor's month" (các tháng đầu năm)
    day: int | None = None
    year2: int | None = None  # last year of a term
    rel_month: int | None = None  # "tháng này" 0, "tháng trước" -1


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _year_of(m: re.Match[str]) -> tuple[int | None, int | None]:
    """(explicit year, relative offset) from the shared year groups of a match."""
    if (y := _group(m, "y")) is not None:
        return int(y), None
    if (rel := _group(m, "rel")) is not None:
        return None, _REL_YEARS[" ".join(fold_diacritics(rel).split())]
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
    return _NUMBER_WORDS.get(" ".join(fold_diacritics(raw).split()))


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
    last = pos is not None and fold_diacritics(pos) in ("cuoi", "last")
    if pos == "last" and year is None and rel is None and "year" not in m.group():
        return None  # "the last 6 months" is a rolling window, not a calendar period
    if n == 12:
        return _Raw(m.start(), m.end(), "year", year=year, rel=rel)
    kind = "half" if n == 6 else ("rest" if last else "ytd")
    m1, m2 = (13 - n, 12) if last else (1, n)
    return _Raw(m.start(), m.end(), kind, year=year, rel=rel, m1=m1, m2=m2)


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
    second = fold_diacritics(which) in ("cuoi", "second", "2nd", "last", "2")
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
    if fold_diacritics(m.group("pos")) == "cuoi":
        return _Raw(m.start(), m.end(), "rest", year=year, rel=rel, m1=None, m2=12)
    return _Raw(m.start(), m.end(), "ytd", year=year, rel=rel, m1=1, m2=None)


def _rel_month_builder(m: re.Match[str], t: str) -> _Raw | None:
    word = fold_diacritics(_group(m, "rm") or _group(m, "rm2") or "")
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
_SHORT_DATE = rf"(?<!\w)(?P<ng>{_NGAY})\s+{_DAY}\s*/\s*{_MONTH}(?![0-9/]|[.-][0-9])"
_EN_DATE_DMY = (
    rf"(?<![\w/.,]){_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}(?:(?:\s*,)?\s*{_YEAR})?"
)
_EN_DATE_MDY = rf"(?<!\w){_MONTH_NAME}\s+{_DAY}(?:st|nd|rd|th)?(?:(?:\s*,)?\s*{_YEAR})?"

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
    (_ASOF_STRICT, _ASOF_VI_TARGETS, "both"),
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


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------


def _scan(view: MatchText, where: str) -> list[_Raw]:
    """All time expressions for a context, leftmost-longest, without overlaps."""
    t = view.text
    found: list[_Raw] = []
    for pattern, builder, scope in _PATTERNS:
        if scope not in ("both", where):
            continue
        for m in pattern.finditer(t):
            if m.end() > m.start() and (raw := builder(m, t)) is not None:
                found.append(raw)
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    chosen: list[_Raw] = []
    for raw in found:
        if not chosen or raw.start >= chosen[-1].end:
            chosen.append(raw)
    return chosen


def _in_calendar(year: int) -> bool:
    # Relative years near date.min / date.max must not fall off the calendar.
    return dt.MINYEAR <= year <= dt.MAXYEAR


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_year(d: dt.date, year: int) -> dt.date:
    # 29 February has no twin in a common year: use the 28th.
    return d.replace(year=year, day=min(d.day, calendar.monthrange(year, d.month)[1]))


def _dates_for(raw: _Raw, year: int, anchor: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """Concrete start and end of a raw expression in ``year``; None when it cannot be fixed."""
    if not _in_calendar(year):
        return None
    if raw.kind == "term" and raw.year2 is not None:
        return dt.date(year, 1, 1), dt.date(raw.year2, 12, 31)
    if raw.kind == "now":
        return (dt.date(anchor.year, 1, 1), anchor) if anchor else None
    if raw.rel_month is not None:
        if anchor is None:
            return None
        index = anchor.year * 12 + anchor.month - 1 + raw.rel_month
        y, m = divmod(index, 12)
        return (dt.date(y, m + 1, 1), _month_end(y, m + 1)) if _in_calendar(y) else None
    m1, m2 = raw.m1, raw.m2
    if m1 is None or m2 is None:
        # Relative to the anchor month: only meaningful within the anchor's own year.
        if anchor is None or anchor.year != year:
            return None
        if m1 is None:
            if anchor.month == 12:
                return None
            m1 = anchor.month + 1
        if m2 is None:
            return dt.date(year, 1, 1), anchor
    if raw.day is not None:
        if not _valid_day(year, m1, raw.day):
            return None
        day = dt.date(year, m1, raw.day)
        return day, day
    return dt.date(year, m1, 1), _month_end(year, m2)


def _resolve_year(raw: _Raw, anchor: dt.date | None) -> int | None:
    if raw.year is not None:
        return raw.year
    if anchor is None:
        return None
    return anchor.year + (raw.rel or 0)


def find_dates(text: str) -> list[DateMatch]:
    """Every full calendar date (with a year) in ``text``, in order, with exact spans."""
    view = match_text(text)
    found: list[tuple[int, int, dt.date]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(view.text):
            raw = _date_builder(m, view.text)
            if raw is None or raw.year is None or raw.m1 is None or raw.day is None:
                continue
            # The span is the date itself, without a leading "ngày".
            start = m.start("d") if _group(m, "ng") is not None else m.start()
            found.append((start, m.end(), dt.date(raw.year, raw.m1, raw.day)))
    found.sort(key=lambda f: (f[0], -f[1]))
    result: list[DateMatch] = []
    last_end = -1
    for start, end, day in found:
        if start >= last_end:
            a, b = view.span(start, end)
            result.append(DateMatch(day, a, b, text[a:b]))
            last_end = end
    return result


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text`` ("28/5/2024", "ngày 31/5/2023", "28 May 2024")."""
    dates = find_dates(text)
    return dates[0].date if dates else None


def find_periods(text: str, ref: dt.date | None = None) -> list[Period]:
    """Every date and reporting period mentioned in an article, resolved against ``ref``."""
    view = match_text(text)
    periods: list[Period] = []
    previous: Period | None = None
    for raw in _scan(view, "article"):
        a, b = view.span(raw.start, raw.end)
        if raw.mode == "compare":
            # "cùng kỳ năm 2023": the period just discussed, moved to that year.
            if previous is not None and previous.kind != "term":
                rel = raw.rel if raw.rel is not None else -1
                year = raw.year if raw.year is not None else previous.end.year + rel
                shift = year - previous.end.year
                if not (_in_calendar(year) and _in_calendar(previous.start.year + shift)):
                    continue
                start = _shift_year(previous.start, previous.start.year + shift)
                end = _shift_year(previous.end, year)
            elif raw.year is not None:
                start, end = dt.date(raw.year, 1, 1), dt.date(raw.year, 12, 31)
            else:
                continue
            periods.append(Period(start, end, "same_period", text[a:b], a, b))
            continue
        year = _resolve_year(raw, ref)
        if year is None:
            continue
        dates = _dates_for(raw, year, ref)
        if dates is None:
            continue
        start, end = dates
        kind = raw.kind
        if raw.mode == "asof":
            start, kind = dt.date(end.year, 1, 1), "asof"
        previous = Period(start, end, kind, text[a:b], a, b)
        periods.append(previous)
    return periods


# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------


# "so với năm 2023, năm 2024 thu bao nhiêu?": the year after "so với" is the baseline.
_COMPARED_TO = re.compile(
    r"(?<!\w)(?:" + kw("so với") + r"|compared\s+(?:to|with)|than|versus|vs\.?)\s+\Z"
)


def parse_question_time(
    question: str, today: dt.date | None = None, ref: dt.date | None = None
) -> TimeConstraint | None:
    """The time a question asks about, or None when it names none.

    Relative words ("năm nay", "năm ngoái", "last year", "hiện nay") resolve against ``today``,
    or ``ref`` when ``today`` is None. A month without a year ("tính đến tháng 5", "by May")
    keeps ``year=None`` unless ``ref`` is given, in which case ref's year is used and
    ``year_inferred`` is set. A year named elsewhere in the question fills it first ("năm
    2024, tính đến tháng 5 ..."); "cùng kỳ năm 2023" is a comparison and never does.
    """
    view = match_text(question)
    found = [
        raw
        for raw in _scan(view, "question")
        if raw.mode != "compare"
        and not _COMPARED_TO.search(view.text, max(0, raw.start - 20), raw.start)
    ]
    if not found:
        return None
    specific = [raw for raw in found if raw.kind != "year" or raw.mode == "asof"]
    primary = specific[0] if specific else found[0]
    if primary.year is None and primary.rel is None and primary.kind not in ("now", "year"):
        for other in found:
            if other is not primary and other.kind == "year":
                primary = replace(primary, year=other.year, rel=other.rel)
                break
    anchor = today or ref
    year = primary.year
    inferred = False
    if year is None and primary.rel is not None and anchor is not None:
        year = anchor.year + primary.rel
    if year is None and primary.rel is None and ref is not None and primary.kind != "now":
        year, inferred = ref.year, True
    if year is not None and not _in_calendar(year):
        year, inferred = None, False
    a, b = view.span(primary.start, primary.end)
    return _constraint(primary, year, anchor, question[a:b], a, b, inferred)


def _constraint(
    raw: _Raw,
    year: int | None,
    anchor: dt.date | None,
    text: str,
    a: int,
    b: int,
    inferred: bool,
) -> TimeConstraint | None:
    mode: Mode = "asof" if raw.mode == "asof" or raw.kind == "now" else "within"
    if raw.kind == "now" or raw.rel_month is not None:
        dates = _dates_for(raw, anchor.year, anchor) if anchor else None
        if dates is None:
            if raw.kind == "now":
                return TimeConstraint("asof", "now", None, None, None, (), text, a, b)
            return None
        start, end = dates
        months = tuple(range(1 if mode == "asof" else start.month, end.month + 1))
        return TimeConstraint(
            mode, raw.kind, None if mode == "asof" else start, end, end.year, months, text, a, b
        )
    dates = _dates_for(raw, year, anchor) if year is not None else None
    if dates is not None:
        start, end = dates
        first, last = start.month, end.month
        if raw.kind == "term":
            first, last = 1, 12
    else:
        start = end = None
        if raw.m1 is None or raw.m2 is None:
            # Relative to an anchor date we do not have ("từ đầu năm đến nay").
            return TimeConstraint(mode, raw.kind, None, None, year, (), text, a, b)
        first, last = raw.m1, raw.m2
        if year is not None and raw.day is not None:
            return None  # an impossible date such as 29/2 in a common year
    months = tuple(range(1 if mode == "asof" else first, last + 1))
    if mode == "asof":
        start = None
    return TimeConstraint(
        mode, raw.kind, start, end, year, months, text, a, b, day=raw.day, year_inferred=inferred
    )


# ---------------------------------------------------------------------------------------------
# Fit
# ---------------------------------------------------------------------------------------------

_PUBLISH_LAG = dt.timedelta(days=62)  # reports on a period appear up to ~2 months after it
_ASOF_EARLY = dt.timedelta(days=7)
_ASOF_LATE = dt.timedelta(days=45)


def period_fits(constraint: TimeConstraint | None, target: Period | dt.date | None) -> float:
    """How well an article date or in-text period fits a question's time, in [0, 1].

    1 = exact fit, 0 = contradicts, 0.5 = unknown (no constraint, no target, or nothing to
    compare). "within" constraints: a period equal to the asked one scores 1, one inside it
    0.8, one containing it 0.6, an overlap 0.3, disjoint 0; an article dated inside the period
    or up to two months after it 1, before it 0, later 0.4. "asof" constraints: a period ending
    on the asked date scores 1 (0.7 if not cumulative from 1 January), ending within a month of
    it 0.4, elsewhere in the same year 0.2, another year 0; an article dated a week before to
    45 days after the date 1, earlier 0, later 0.4. A constraint without a year is tried in the
    target's year (and the year before, for article dates).
    """
    if constraint is None or target is None:
        return 0.5
    if isinstance(target, dt.datetime):
        target = target.date()
    if isinstance(target, Period):
        start, end, is_date = target.start, target.end, False
    else:
        start = end = target
        is_date = True
    if constraint.end is None:
        if not constraint.months:
            return 0.5
        years = (end.year, end.year - 1) if is_date else (end.year,)
        scores = [
            _fit(c, start, end, is_date)
            for y in years
            if (c := _with_year(constraint, y)) is not None
        ]
        return max(scores, default=0.5)
    return _fit(constraint, start, end, is_date)


def _with_year(c: TimeConstraint, year: int) -> TimeConstraint | None:
    if not _in_calendar(year):
        return None
    first, last = c.months[0], c.months[-1]
    if c.day is not None:
        if not _valid_day(year, last, c.day):
            return None
        end = dt.date(year, last, c.day)
        start = end if c.mode == "within" else None
    else:
        end = _month_end(year, last)
        start = dt.date(year, first, 1) if c.mode == "within" else None
    return replace(c, start=start, end=end, year=year)


def _add(d: dt.date, delta: dt.timedelta) -> dt.date:
    try:
        return d + delta
    except OverflowError:  # past date.max / before date.min
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min


def _fit(c: TimeConstraint, start: dt.date, end: dt.date, is_date: bool) -> float:
    assert c.end is not None
    if c.mode == "asof":
        if is_date:
            if _add(c.end, -_ASOF_EARLY) <= end <= _add(c.end, _ASOF_LATE):
                return 1.0
            return 0.0 if end < c.end else 0.4
        if end == c.end:
            return 1.0 if start == dt.date(end.year, 1, 1) else 0.7
        if end.year != c.end.year:
            return 0.0
        return 0.4 if abs((end - c.end).days) <= 31 else 0.2
    c_start = c.start or dt.date(c.end.year, 1, 1)
    if is_date:
        if c_start <= end <= _add(c.end, _PUBLISH_LAG):
            return 1.0
        return 0.0 if end < c_start else 0.4
    if (start, end) == (c_start, c.end):
        return 1.0
    if c_start <= start and end <= c.end:
        return 0.8
    if start <= c_start and c.end <= end:
        return 0.6
    if start <= c.end and c_start <= end:
        return 0.3
    return 0.0


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------


def format_date_vi(d: dt.date) -> str:
    """Vietnamese short date without zero padding: "28/5/2024"."""
    return f"{d.day}/{d.month}/{d.year}"


def format_date_en(d: dt.date) -> str:
    """English date: "28 May 2024"."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"
