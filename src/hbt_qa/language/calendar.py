"""Calendar arithmetic: concrete dates of a period, and how well a period fits a question's."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace

from .period_types import Period, TimeConstraint, _Raw

_TYPED_DAY = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"),
)


def typed_day(text: str) -> dt.date | None:
    """The day a field holds, typed "2024-05-31" or "31/5/2024" and nothing else; None when the
    text is not written as a day; ValueError when it is one that does not exist ("31/2/2024")."""
    s = text.strip()
    for pattern in _TYPED_DAY:
        if m := pattern.fullmatch(s):
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _in_calendar(year: int) -> bool:
    # Relative years near date.min / date.max must not fall off the calendar.
    return dt.MINYEAR <= year <= dt.MAXYEAR


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
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
        return (dt.date(y, m + 1, 1), month_end(y, m + 1)) if _in_calendar(y) else None
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
        last = raw.day2 or raw.day  # a meeting held over several days: its first to its last
        if not _valid_day(year, m1, last):
            return None
        return dt.date(year, m1, raw.day), dt.date(year, m1, last)
    return dt.date(year, m1, 1), month_end(year, m2)


def _resolve_year(raw: _Raw, anchor: dt.date | None) -> int | None:
    if raw.year is not None:
        return raw.year
    if anchor is None:
        return None
    return anchor.year + (raw.rel or 0)


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
        end = month_end(year, last)
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
