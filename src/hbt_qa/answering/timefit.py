"""How well a record's periods and dates fit the period a question asks. Pure functions.

A reporting period must be the asked one ("6 tháng đầu năm" is not answered by "quý I"); a
meeting named by its month must have been held then; a record dated before the asked period
contradicts it; unknown dates are neutral (0.5), never a contradiction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from ..language.calendar import month_end
from ..language.period_types import Period, TimeConstraint
from ..language.text import fold
from ..models import Hit, PeriodSpan


@dataclass(frozen=True)
class _Asked:
    """The period part of a question's constraints (a figure's period after its meeting's)."""

    time: Any
    period: Any
    whole_year: bool
    figure: bool
    plan: bool = False


class Constraints(Protocol):
    """What fitting a period needs of ``constraints.Constraints`` (a dataclass)."""

    @property
    def time(self) -> Any:
        """The asked period or meeting (a ``TimeConstraint``), or None."""

    @property
    def period(self) -> Any:
        """The figure's period when ``time`` names the meeting, or None."""

    @property
    def whole_year(self) -> bool:
        """Whether the whole year is asked."""

    @property
    def figure(self) -> bool:
        """Whether a figure is asked."""

    @property
    def plan(self) -> bool:
        """Whether a plan or target is asked ("kế hoạch đầu tư công năm 2024")."""


_EXCLUDED_KINDS = frozenset({"same_period"})  # comparison baselines, not the figure's period
# Words right before a period that make it a plan or comparison year, not the figure's period
# ("bằng 27% kế hoạch vốn năm 2024", "đạt 55% so với dự toán năm 2024").
_BASELINE_BEFORE = re.compile(r"(ke hoach|du toan|so voi|cung ky|nhiem ky|giai doan)( \w+){0,2} $")


def _words_before(text: str, start: int, reach: int) -> str:
    """The folded words of ``text`` within ``reach`` before ``start`` since the last punctuation
    ("… so với cùng kỳ. Riêng quý III": only "Riêng"), and a space."""
    clause = re.split(r"[.;:,()\n]", text[max(0, start - reach) : start])[-1]
    return " ".join(re.findall(r"\w+", fold(clause))) + " "


def is_baseline(text: str, start: int) -> bool:
    """True when the period at ``start`` of ``text`` is a plan or comparison baseline."""
    return bool(_BASELINE_BEFORE.search(_words_before(text, start, 40)))


def _spans(
    periods: tuple[PeriodSpan, ...],
    a: int | None = None,
    b: int | None = None,
    text: str = "",
) -> list:
    """Periods (as period_types.Period) of a passage, optionally inside [a, b) of its text.

    With the passage ``text``, plan and comparison years ("kế hoạch vốn năm 2024") are left out.
    """
    from ..language.period_types import Period

    out = []
    for start, end, kind, s, e in periods:
        if kind in _EXCLUDED_KINDS or (text and is_baseline(text, s)):
            continue
        if a is not None and b is not None and not (a <= s and e <= b):
            continue
        day = dt.date.fromisoformat(start)
        closes = kind == "day" and bool(text) and _closes(text, s)
        # A figure counted up to a day ("thực hiện đến 30/6") is reported as of that day: for a
        # figure asked for the whole year it is an early part of it, not the year's.
        out.append(Period(day, dt.date.fromisoformat(end), "asof" if closes else kind, "", s, e))
        if closes and day.month == 1:
            # A year's budget and capital plan are carried out until 31 January of the next
            # ("Tổng chi … thực hiện đến 26/1/2021"): the day closes the year before too.
            last = day.year - 1
            out.append(Period(dt.date(last, 1, 1), dt.date(last, 12, 31), "year", "", s, e))
    return out


_CLOSING = re.compile(r"\b(?:thuc hien|giai ngan|luy ke|uoc)?\s*den(?: het)?(?: ngay)?\s*$")


def _closes(text: str, start: int) -> bool:
    """True when the day at ``start`` is what a figure is counted up to ("… đến 26/1/2021"),
    not the end of a range of days ("từ ngày 5 đến ngày 7/12")."""
    words = _words_before(text, start, 30)
    return bool(_CLOSING.search(words)) and not _RANGE_FROM.search(words)


_RANGE_FROM = re.compile(r"\btu (?:ngay )?\d")


MIN_TIME_FIT = 0.3  # below this a period fit contradicts the asked period
_MEETING_KINDS = frozenset({"month", "midyear", "yearend"})


def names_meeting(t: object) -> bool:
    """True when the asked time is a meeting's, not a reporting period's.

    The records report cumulative periods ("5 tháng đầu năm", "quý III", "năm 2024"), so a
    single calendar month ("phiên họp tháng 5/2024", "by late May 2024"), "giữa năm" or the
    year-end session ("kỳ họp cuối năm 2023") names when the figure was reported: the
    meeting's own date is then what must fit.
    """
    return getattr(t, "mode", "") == "within" and getattr(t, "kind", "") in _MEETING_KINDS


_MEETING_SLACK = dt.timedelta(days=7)  # published a few days after the meeting


def held_in(t: object, day: dt.date | None) -> float:
    """1 when a meeting on ``day`` was held in the asked month (or mid-year), else 0.

    Strict, unlike a reporting period: a July session is not "the May meeting".
    """
    if day is None:
        return 0.5
    start, end = getattr(t, "start", None), getattr(t, "end", None)
    if start is not None and end is not None:
        return 1.0 if start <= day <= end + _MEETING_SLACK else 0.0
    months = getattr(t, "months", ()) or ()
    return 1.0 if day.month in months else 0.0


_NOTICE = dt.timedelta(days=62)  # a session is announced up to two months before it opens
_SESSION_KINDS = frozenset({"midyear", "yearend"})  # sessions named by their time of year


def announces(t: object, periods: tuple[PeriodSpan, ...], day: dt.date | None) -> bool:
    """True when a record dated shortly before the asked session names that very session."""
    # "Preparing for the mid-year meeting …" on 20 May may answer "the mid-year 2025 session"
    # (when it is scheduled, what it will consider): its date then does not contradict it.
    # So does one written in May that names a day or the month of the July session asked.
    start, end = getattr(t, "start", None), getattr(t, "end", None)
    kind = getattr(t, "kind", "")
    if day is None or start is None or kind not in (*_SESSION_KINDS, "month"):
        return False
    if not start - _NOTICE <= day < start:
        return False
    if kind == "month":
        return end is not None and any(
            k in ("month", "day") and start <= dt.date.fromisoformat(a) <= end
            for a, _, k, _, _ in periods
        )
    return any(k == kind and dt.date.fromisoformat(a) == start for a, _, k, _, _ in periods)


def meeting_fit(c: Constraints, hit: Hit) -> float:
    """How well the article's own date (the meeting) fits the asked period; 0.5 when unasked."""
    if c.time is None:
        return 0.5
    if _undated_before(c.time, hit) or _other_meeting(c.time, _article_date(hit)):
        return 0.0
    return _dated_fit(c.time, hit)


def _other_meeting(t: object, day: dt.date | None) -> bool:
    """True when a record dated ``day`` cannot be the asked meeting's: a session named by its
    time ("kỳ họp giữa năm 2024", "phiên họp tháng 5") and a record of months before its notice
    or after its late posting (the next year's mid-year session is another one)."""
    start, end = getattr(t, "start", None), getattr(t, "end", None)
    if day is None or start is None or end is None or not names_meeting(t):
        return False
    return day < start - _NOTICE or day > end + _LATE_POST


def _undated_before(t: object, hit: Hit) -> bool:
    """True when a record without a day is of a month (else a year) before the asked period's."""
    # A page dated only "2021-06", or by its title's year, cannot report on 2023.
    if hit.meeting_date or hit.published:
        return False
    first = getattr(t, "start", None) or getattr(t, "end", None)
    if first is None:
        return False
    month = _month_of(hit)
    if month is not None:
        return month[1] < first
    return hit.year is not None and hit.year < first.year


def _month_of(hit: Hit) -> tuple[dt.date, dt.date] | None:
    """First and last day of the month a record is dated by, when it gives no day."""
    if hit.meeting_date or hit.published or not hit.month:
        return None
    try:
        year, month = (int(x) for x in hit.month.split("-")[:2])
        return dt.date(year, month, 1), month_end(year, month)
    except ValueError:
        return None


def _month_held(t: object, hit: Hit) -> float:
    """0 when a record dated by its month alone was posted well after the asked meeting's
    month (or before it), else 0.5: the day is unknown."""
    month = _month_of(hit)
    start, end = getattr(t, "start", None), getattr(t, "end", None)
    if month is None or start is None or end is None:
        return 0.5
    return 0.0 if month[1] < start or month[0] > end + _LATE_POST else 0.5


def _article_date(hit: Hit) -> dt.date | None:
    """The meeting date, else the published date."""
    iso = hit.meeting_date or hit.published
    return dt.date.fromisoformat(iso) if iso else None


_WHOLE_KINDS = frozenset({"year", "half", "quarter", "ytd", "month"})
# Reporting periods shorter than a year: a figure for one of them is not the year's. A term
# ("khóa XX, nhiệm kỳ 2021-2026") names the council, not the figure's period.
_PART_KINDS = frozenset({"half", "quarter", "ytd", "month", "rest", "asof"})
_SLACK = dt.timedelta(days=20)
_YEAR_END_REPORT = dt.timedelta(days=62)  # a year's figure reported from November on
_NAMED = 0.8  # a period equal to the asked one or inside it (calendar.period_fits)
_BEFORE_CAP = 0.2  # below MIN_TIME_FIT: a record dated before the asked period contradicts it
_STALE = dt.timedelta(days=400)


def period_fit(
    c: TimeConstraint | None, p: Period | dt.date, whole_year: bool = False, figure: bool = False
) -> float:
    """calendar.period_fits, made strict: another length of period does not answer.

    "6 tháng đầu năm" is answered neither by "quý I" nor by "9 tháng đầu năm"; "cả năm 2024"
    not by "9 tháng đầu năm 2024". A plain "năm 2023" accepts any period of that year, except
    that a ``figure`` asked for the year is not answered by a reporting period that ends well
    before it ("quý I/2023"); a day in it, the council's term, or "11 tháng" still fits.
    """
    from ..language.calendar import period_fits

    fit = period_fits(c, p)
    start, end = getattr(c, "start", None), getattr(c, "end", None)
    kind = getattr(c, "kind", "")
    if getattr(c, "mode", "") != "within" or kind not in _WHOLE_KINDS:
        return fit
    if start is None or end is None or isinstance(p, dt.date):
        return fit
    if kind == "year" and not whole_year and not (figure and _early_part(p, end)):
        return fit
    overlaps = p.start <= end and start <= p.end
    differs = abs((end - p.end).days) > _SLACK.days or abs((p.start - start).days) > _SLACK.days
    if overlaps and differs:
        return min(fit, 0.25)
    return fit


def _early_part(p: Period, year_end: dt.date) -> bool:
    """True for a reporting period that ends well before the year does ("quý I", "9 tháng")."""
    # "11 tháng" or "tính đến 30/11" is how a year-end session reports the year.
    return p.kind in _PART_KINDS and year_end - p.end > _YEAR_END_REPORT


def _date_fit(c: TimeConstraint | None, day: dt.date | None) -> float:
    """Fit of an article date: an article written long after the period rarely reports it."""
    from ..language.calendar import period_fits

    if day is None:
        return 0.5
    fit = period_fits(c, day)
    end = getattr(c, "end", None)
    if end is not None and day - end > _STALE:
        return min(fit, 0.1)
    return fit


def time_fit(c: Constraints, hit: Hit, a: int | None = None, b: int | None = None) -> float:
    """How well a passage (or its sentence at [a, b) of the passage text) fits the asked period.

    For a question that asks no figure (who chaired, when, what was decided), a record of a
    meeting held in the asked period fits whatever periods its sentences discuss ("Bí thư Tỉnh
    ủy năm 2023" in a December 2023 record about the 2024 plan) instead of contradicting it.
    """
    fit = _reported_fit(c, hit, a, b)
    # What a numbered session handled ("Kỳ họp thứ 9 tháng 12/2019 xem xét mấy báo cáo?") is
    # the session's, whatever periods its reports cover; a year's amount stays the year's.
    tally = getattr(c, "session", None) is not None and getattr(c, "tally", False)
    if fit >= MIN_TIME_FIT or c.time is None or (not tally and (c.figure or names_meeting(c.time))):
        return fit
    return max(fit, _held_fit(c.time, hit))


def _held_fit(t: TimeConstraint, hit: Hit) -> float:
    """How well the record's own date (else its year) lies in the asked period."""
    if _article_date(hit) is not None:
        return _dated_fit(t, hit)
    start, end = getattr(t, "start", None), getattr(t, "end", None)
    if hit.year and start is not None and end is not None:
        return _NAMED if start.year <= hit.year <= end.year else 0.0
    return 0.5


_PLAN_AHEAD = dt.timedelta(days=92)  # a plan is adopted in the quarter before its period


def _plans_ahead(t: object, day: dt.date | None) -> bool:
    """True when a record dated ``day`` falls in the quarter before the asked period starts."""
    start = getattr(t, "start", None)
    return day is not None and start is not None and start - _PLAN_AHEAD <= day < start


_LATE_POST = dt.timedelta(days=45)  # a page (a translation) may be posted weeks after the meeting


def _posted_after(t: object, hit: Hit) -> bool:
    """True when only the page's posting day is known and it follows the asked period closely:
    the meeting it reports may still lie in that period, so the day proves nothing."""
    end = getattr(t, "end", None)
    if hit.meeting_date or not hit.published or end is None:
        return False
    return end < dt.date.fromisoformat(hit.published) <= end + _LATE_POST


def _names_the_month(t: TimeConstraint, hit: Hit, a: int | None, b: int | None) -> bool:
    """True when the sentence at [a, b) itself names a day or month inside the asked month."""
    start, end = getattr(t, "start", None), getattr(t, "end", None)
    if a is None or b is None or start is None or end is None:
        return False
    return any(
        p.kind in ("month", "day") and start <= p.start and p.end <= end
        for p in _spans(hit.periods, a, b, hit.text)
    )


def _dated_fit(t: TimeConstraint | None, hit: Hit) -> float:
    """``_date_fit`` of the record's date; a posting day just after the period is unknown."""
    fit = _date_fit(t, _article_date(hit))
    return max(fit, 0.5) if _posted_after(t, hit) else fit


def _reported_fit(c: Constraints, hit: Hit, a: int | None = None, b: int | None = None) -> float:
    """The fit of the periods a passage reports (or its sentence's, at [a, b)).

    A sentence without a period of its own takes the last period named before it in the
    passage ("Thu ngân sách 5 tháng đầu năm 2024 là …. Ước thực hiện 6 tháng …").
    """
    if c.time is None:
        return 0.5
    day = _article_date(hit)
    earlier_year = _undated_before(c.time, hit)
    date_fit = 0.0 if earlier_year else _dated_fit(c.time, hit)
    if c.plan and _plans_ahead(c.time, day):
        date_fit = max(date_fit, 0.5)  # a year's plan is adopted in the months before it
    if names_meeting(c.time):
        held = 0.0 if earlier_year else held_in(c.time, day) if day else _month_held(c.time, hit)
        if held == 0.5 and _other_season(c.time, hit.title or ""):
            held = 0.0  # undated, but its title names the other session of the year
        if held == 0.0 and announces(c.time, hit.periods, day):
            held = 0.5  # about the session, but written before it: what it will do, not did
        if held == 0.0 and _posted_after(c.time, hit):
            held = 0.5  # posted after the month asked, the meeting's own day unknown
        if held == 0.0 and _names_the_month(c.time, hit, a, b):
            held = _NAMED  # "In June 2021, the council elected …": about that month itself
        if c.period is None:
            return held
        asked = _Asked(c.period, None, c.whole_year, c.figure, c.plan)
        if held >= 1.0:  # the record is of the asked meeting: its date says nothing of the
            return _told_fit(asked, hit, a, b, 0.5, c.time)  # its reports' period (a settlement)
        return min(held, time_fit(asked, hit, a, b))
    return _told_fit(c, hit, a, b, date_fit)


def _told_fit(
    c: Constraints,
    hit: Hit,
    a: int | None,
    b: int | None,
    date_fit: float,
    meeting: TimeConstraint | None = None,
) -> float:
    """The fit of the periods the passage (or its sentence at [a, b)) names, given how well the
    record's date fits; a sentence without one takes the last named before it. Days inside the
    asked ``meeting`` are the meeting's, not a period its figures cover."""

    def told(a: int | None = None, b: int | None = None) -> list:
        return [p for p in _spans(hit.periods, a, b, hit.text) if not _inside(p, meeting)]

    own = False  # the sentence names its period itself
    if a is None or b is None:
        spans = told()
    else:
        spans = told(a, b)
        own = bool(spans)
        if not spans:
            spans = [p for p in told() if p.end_char <= a][-1:]
    if not spans:
        return date_fit
    best = max(period_fit(c.time, p, c.whole_year, c.figure) for p in spans)
    if date_fit >= 0.3:
        return best
    # An article dated before the period cannot report it (a sentence naming the period, or a
    # part of it, may still state a plan for it); one long after rarely does.
    written_before = date_fit == 0.0 and not (own and best >= _NAMED)
    return min(best, date_fit + (_BEFORE_CAP if written_before else 0.3))


def _inside(p: Any, meeting: TimeConstraint | None) -> bool:
    """True for a day or month within the asked meeting's time."""
    start, end = getattr(meeting, "start", None), getattr(meeting, "end", None)
    return start is not None and end is not None and start <= p.start and p.end <= end


_SEASONS = {
    "yearend": re.compile(
        r"\b(?<!thang )(?:cuoi nam|end of (?:the year|(?:19|20)\d\d)|year[ -]end)\b"
    ),
    "midyear": re.compile(r"\b(?:giua nam|mid[ -]?year|middle of (?:the year|(?:19|20)\d\d))\b"),
}


def _other_season(t: object, title: str) -> bool:
    """True when the asked session is named by its time of year and a record's title names
    only the other one ("regular session at the end of 2023" for the mid-year session)."""
    kind = getattr(t, "kind", "")
    if kind not in _SEASONS:
        return False
    named = _seasons_named(title)
    return bool(named) and kind not in named


@lru_cache(maxsize=1024)
def _seasons_named(title: str) -> frozenset[str]:
    """The sessions of the year a title names by their time (read once per record)."""
    words = fold(title).lower()
    return frozenset(k for k, pattern in _SEASONS.items() if pattern.search(words))
