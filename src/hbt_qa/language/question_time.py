"""The time a question asks about: its period, whether "as of" or "within", and a baseline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .calendar import _dates_for, _in_calendar
from .numbers import keyword_pattern as kw
from .numbers import match_text
from .period_types import Mode, TimeConstraint, _Raw
from .periods import _scan

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
    start: dt.date | None
    end: dt.date | None
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
