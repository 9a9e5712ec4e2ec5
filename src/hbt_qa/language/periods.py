"""Dates and reporting periods in meeting records.

Pure functions over strings, stdlib only. One grammar of time expressions (Vietnamese with or
without diacritics, and English; ``period_grammar``) feeds two readers:

* `find_periods` reads an article: every date and period it mentions, resolved to concrete
  dates. A missing year ("5 tháng đầu năm") comes from ``ref`` (usually the article's date);
  without ``ref`` such expressions are skipped rather than guessed.
* `question_time.parse_question_time` reads a question: what period it asks about. A missing
  year stays ``None`` unless ``ref`` supplies it; the month numbers are always given.

`calendar.period_fits` scores an article's date or in-text period against a question's constraint.
Spans are offsets in the original string (NFC or NFD alike), so ``text[p.start_char:p.end_char]
== p.text`` always holds; a leading keyword ("ngày", "tháng", "tính đến") is part of the span.
"""

from __future__ import annotations

import datetime as dt

from .calendar import _dates_for, _in_calendar, _resolve_year, _shift_year
from .numbers import MatchText, match_text
from .period_grammar import (
    _DATE_PATTERNS,
    _DAY_PATTERNS,
    _MONTH_NAMES,
    _PATTERNS,
    _date_builder,
    _group,
)
from .period_types import DateMatch, Period, _Raw

__all__ = [
    "DateMatch",
    "Period",
    "find_dates",
    "find_periods",
    "format_date_en",
    "format_date_vi",
    "parse_date",
]


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


def find_days(text: str) -> list[tuple[int, int]]:
    """Spans of every day written in ``text``, with or without its year, in order.

    "28/5/2024", "ngày 18/11", "Sáng 26/8", "July 6", "25 - 26.12.2019" (each day): what a
    question asking "when" is answered by, even where the page leaves the year to its date line.
    """
    view = match_text(text)
    found: list[tuple[int, int]] = []
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(view.text):
            raw = _date_builder(m, view.text)
            if raw is None or raw.m1 is None or raw.day is None:
                continue
            found.append((m.start("d") if _group(m, "ng") is not None else m.start(), m.end()))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[tuple[int, int]] = []
    for start, end in found:
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return [view.span(a, b) for a, b in out]


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text`` ("28/5/2024", "ngày 31/5/2023", "28 May 2024")."""
    dates = find_dates(text)
    return dates[0].date if dates else None


def find_periods(text: str, ref: dt.date | None = None) -> list[Period]:
    """Every date and reporting period mentioned in an article, resolved against ``ref``."""
    view = match_text(text)
    periods: list[Period] = []
    previous: Period | None = None
    year: int | None
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
# Formatting
# ---------------------------------------------------------------------------------------------


def format_date_vi(d: dt.date) -> str:
    """Vietnamese short date without zero padding: "28/5/2024"."""
    return f"{d.day}/{d.month}/{d.year}"


def format_date_en(d: dt.date) -> str:
    """English date: "28 May 2024"."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"
