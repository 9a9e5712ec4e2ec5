"""What a question pins down besides its topic: the period and the place. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..language.period_types import Period, TimeConstraint
from ..language.places import HBT_WARDS as WARDS
from ..language.places import QUESTION_DISTRICTS as DISTRICTS
from ..language.places import bare_place
from ..language.text import fold, fold_words
from ..models import Hit, PeriodSpan

_PLACES = tuple(sorted({fold(p) for p in DISTRICTS + WARDS}, key=len, reverse=True))
_PLACE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PLACES) + r")\b")
_WHOLE_YEAR = re.compile(
    r"\b(ca nam|full year|whole year|entire year|for the year"
    r"|(whole|all|entirety) of (the year|(19|20)\d\d))\b"
)
# "Kỳ họp thứ 17", "ky hop thu 17", "the 17th session": a council's sessions are numbered.
_SESSION_Q = re.compile(
    r"\bky hop (?:thu )?(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)(?: \w+){0,2} (?:session|sitting)\b"
    r"|\bsession (?:no )?(\d{1,2})\b"
)
_SESSION_TEXT = re.compile(
    r"\bky hop (?:thu )?(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)(?: \w+){0,2} session\b"
)
# The organ that met, when a question names it beside the meeting ("Kỳ họp thứ 16 HĐND quận",
# "phiên họp UBND tháng 5", "the People's Council session"); a role ("Chủ tịch UBND") is not it.
_ORGAN_Q = (
    (
        "HĐND",
        re.compile(
            r"\b(ky hop|phien hop)( \w+){0,3}? (hdnd|hoi dong nhan dan)\b|"
            r"\b(people s )?council (session|meeting|sitting)\b|"
            r"\b(session|meeting|sitting) of the (\w+ )*people s council\b"
        ),
    ),
    (
        "UBND",
        re.compile(
            r"\b(ky hop|phien hop)( \w+){0,3}? (ubnd|uy ban nhan dan)\b|"
            r"\bpeople s committee (session|meeting)\b|"
            r"\bmeeting of the (\w+ )*people s committee\b"
        ),
    ),
)
_EXCLUDED_KINDS = frozenset({"same_period"})  # comparison baselines, not the figure's period
# Words right before a period that make it a plan or comparison year, not the figure's period
# ("bằng 27% kế hoạch vốn năm 2024", "đạt 55% so với dự toán năm 2024").
_BASELINE_BEFORE = re.compile(r"(ke hoach|du toan|so voi|cung ky|nhiem ky|giai doan)( \w+){0,2} $")


@dataclass(frozen=True)
class Constraints:
    """The period and places a question asks about (either may be absent)."""

    time: TimeConstraint | None
    places: tuple[str, ...]  # folded place names
    whole_year: bool = False  # "cả năm 2024", "full year": a part of the year does not answer
    period: TimeConstraint | None = None  # the figure's period when ``time`` names the meeting
    session: int | None = None  # "Kỳ họp thứ 17": another numbered session never answers
    organ: str | None = None  # "HĐND" / "UBND" when the question names the body that met
    units: tuple[tuple[str, str, str], ...] = ()  # (level, bare name, phrase in text), folded
    figure: bool = False  # asks a figure: a plainly asked year is not answered by a part of it

    @property
    def empty(self) -> bool:
        """True when the question pins down nothing."""
        return self.time is None and not self.places


def places_in(text: str, known: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Place names in a text, folded, in order of appearance: the listed districts and wards,
    and ``known`` ones (names the index's own records carry, such as a ward of another
    district)."""
    found = _place_re(known).findall(" ".join(re.findall(r"\w+", fold(text))))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=8)
def _place_re(known: tuple[str, ...]) -> re.Pattern[str]:
    """The place pattern with extra names, folded (longest first so "nam tu liem" wins)."""
    if not known:
        return _PLACE_RE
    extra = {" ".join(re.findall(r"\w+", fold(k))) for k in known}
    names = sorted(set(_PLACES) | {k for k in extra if k}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in names) + r")\b")


def question_constraints(question: str, known: tuple[str, ...] = ()) -> Constraints:
    """Parse the time constraint and the places of a question (``known``: see places_in)."""
    from ..language.question_time import parse_question_time

    try:
        time = parse_question_time(question)
    except Exception:  # a parser bug must not cost the user an answer
        time = None
    whole = bool(_WHOLE_YEAR.search(" ".join(re.findall(r"\w+", fold(question)))))
    period = None
    if time is not None and names_meeting(time):
        # "Tại phiên họp tháng 5/2024, … ước 6 tháng đầu năm": the second period is the figure's.
        a, b = getattr(time, "start_char", 0), getattr(time, "end_char", 0)
        try:
            period = parse_question_time(question[:a] + " " * (b - a) + question[b:])
        except Exception:
            period = None
        if period is not None and names_meeting(period):
            period = None
    units = asked_units(question)
    names = places_in(question, known) + tuple(bare for _, bare, _ in units)
    return Constraints(
        time,
        tuple(dict.fromkeys(names)),
        whole,
        period,
        asked_session(question),
        asked_organ(question),
        units,
        _asks_figure(question),
    )


def _asks_figure(question: str) -> bool:
    """True when the question asks for a number (an amount, a count, a rate)."""
    from ..language.values import question_type

    return question_type(question) == "number"


def asked_units(question: str) -> tuple[tuple[str, str, str], ...]:
    """The administrative units a question names, at their level, against the list of units.

    With or without marks or the unit word, in English too ("Hoan Kiem district"); old and new
    (post-July-2025) names alike.
    """
    from ..language.gazetteer import find_places

    try:
        mentions = find_places(question)
    except Exception:  # the place list is a help, never a reason to fail a question
        return ()
    out = []
    for m in mentions:  # the name as written ("Long Điền") and the unit's own (after a merger)
        for name in (m.former, m.units[0].name if m.units else m.name):
            bare = bare_place(name) if name else ""
            if bare:  # "Phường 1" is found in a text as "phuong 1", never as a bare "1"
                phrase = fold_words(m.name) if bare.isdigit() else bare
                out.append((m.level, bare, phrase))
    return tuple(dict.fromkeys(out))


def asked_session(question: str) -> int | None:
    """The numbered session a question names ("Kỳ họp thứ 17", "the 17th session")."""
    m = _SESSION_Q.search(fold_words(question))
    return int(next(g for g in m.groups() if g)) if m else None


def asked_organ(question: str) -> str | None:
    """ "HĐND" or "UBND" when the question names the body whose meeting it asks about."""
    q = fold_words(question)
    found = [name for name, pattern in _ORGAN_Q if pattern.search(q)]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=4096)
def _sessions(text: str) -> frozenset[int]:
    """Session numbers a title or passage names."""
    return frozenset(int(a or b) for a, b in _SESSION_TEXT.findall(fold_words(text)))


def session_fit(c: Constraints, hit: Hit) -> float:
    """1 when the record is of the asked session, 0 when of another numbered one, else 0.5."""
    if c.session is None:
        return 0.5
    have = _sessions(hit.title) or _sessions(hit.text[:300])
    if not have:
        return 0.5
    return 1.0 if c.session in have else 0.0


def organ_fit(c: Constraints, hit: Hit) -> float:
    """1 when the record's organ is the asked one, 0 when another is known, else 0.5."""
    if c.organ is None or not hit.organ:
        return 0.5
    # "Thường trực HĐND quận" is the standing committee of the council asked about.
    return 1.0 if hit.organ.startswith(c.organ) or f" {c.organ}" in hit.organ else 0.0


@lru_cache(maxsize=4096)
def _article_places(title: str) -> tuple[str, ...]:
    """Places named in an article title (cached: titles repeat across hits)."""
    return places_in(title)


def place_fit(c: Constraints, hit: Hit, home: tuple[str, ...] = ()) -> float:
    """1 when the article is about the asked place, 0 when about another one, 0.5 unknown.

    A unit the question names (at its level: province, district or ward) matches the record's
    own unit of that level, or a mention of it in the title or passage; it contradicts only a
    record whose unit of that level is known, other, and not mentioned either (an article about
    several councils names them all).
    """
    if c.units:
        return _unit_fit(c.units, hit)
    have = _article_places(hit.title) or places_in(hit.text[:300])
    # The record's own units, bare ("thị xã Duyên Hải" → "duyen hai"), as a question names them.
    own = tuple(bare_place(x) for x in (hit.province, hit.district, hit.ward) if x)
    have = tuple(dict.fromkeys(have + own))
    wanted = c.places or home
    if not wanted:
        return 0.5
    if not have:
        return 0.5 if c.places else 0.55
    if any(p in have for p in wanted):
        return 1.0 if c.places else 0.6
    if c.places and _mentions_any(c.places, hit):
        return 1.0  # an article about several councils names each of them
    return 0.0 if c.places else 0.45


def _mentions_any(places: tuple[str, ...], hit: Hit) -> bool:
    """True when the title or passage names one of the (folded, bare) places."""
    words = f" {fold_words(hit.title)} {fold_words(hit.text)} "
    return any(len(p) >= 4 and f" {p} " in words for p in places)


def _unit_fit(units: tuple[tuple[str, str, str], ...], hit: Hit) -> float:
    """place_fit for units recognised in the question (see there)."""

    own = {
        "province": bare_place(hit.province),
        "district": bare_place(hit.district),
        "ward": bare_place(hit.ward),
    }
    words = f" {fold_words(hit.title)} {fold_words(hit.text)} "
    address = fold_words(hit.url or "").replace(" ", "")  # "dienbiendong.dienbien.gov.vn"
    contradicted = False
    for level, name, phrase in units:
        joined = phrase.replace(" ", "")
        in_address = len(joined) >= 6 and joined in address
        if own.get(level) == name or f" {phrase} " in words or in_address:
            return 1.0
        if own.get(level):
            contradicted = True
    return 0.0 if contradicted else 0.5


def is_baseline(text: str, start: int) -> bool:
    """True when the period at ``start`` of ``text`` is a plan or comparison baseline."""
    # Only the words since the last punctuation: "… so với cùng kỳ. Riêng quý III" is no baseline.
    clause = re.split(r"[.;:,()\n]", text[max(0, start - 40) : start])[-1]
    before = " ".join(re.findall(r"\w+", fold(clause)))
    return bool(_BASELINE_BEFORE.search(before + " "))


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
        out.append(Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end), kind, "", s, e))
    return out


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
    start, kind = getattr(t, "start", None), getattr(t, "kind", "")
    if day is None or start is None or kind not in _SESSION_KINDS:
        return False
    if not start - _NOTICE <= day < start:
        return False
    return any(k == kind and dt.date.fromisoformat(a) == start for a, _, k, _, _ in periods)


def meeting_fit(c: Constraints, hit: Hit) -> float:
    """How well the article's own date (the meeting) fits the asked period; 0.5 when unasked."""
    if c.time is None:
        return 0.5
    return 0.0 if _undated_before(c.time, hit) else _dated_fit(c.time, hit)


def _undated_before(t: object, hit: Hit) -> bool:
    """True when a record without a day is of a year before the asked period's."""
    # A page dated only "2021-06", or by its title's year, cannot report on 2023.
    if hit.meeting_date or hit.published or not hit.year:
        return False
    first = getattr(t, "start", None) or getattr(t, "end", None)
    return first is not None and hit.year < first.year


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
    ủy năm 2023" in a December 2023 record about the 2024 plan).
    """
    fit = _reported_fit(c, hit, a, b)
    if c.figure or c.time is None or names_meeting(c.time):
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


_LATE_POST = dt.timedelta(days=45)  # a page (a translation) may be posted weeks after the meeting


def _posted_after(t: object, hit: Hit) -> bool:
    """True when only the page's posting day is known and it follows the asked period closely:
    the meeting it reports may still lie in that period, so the day proves nothing."""
    end = getattr(t, "end", None)
    if hit.meeting_date or not hit.published or end is None:
        return False
    return end < dt.date.fromisoformat(hit.published) <= end + _LATE_POST


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
    if names_meeting(c.time):
        held = 0.0 if earlier_year else held_in(c.time, day)
        if held == 0.0 and announces(c.time, hit.periods, day):
            held = 0.5  # about the session, but written before it: what it will do, not did
        if held == 0.0 and _posted_after(c.time, hit):
            held = 0.5  # posted after the month asked, the meeting's own day unknown
        if c.period is None:
            return held
        asked = Constraints(c.period, c.places, c.whole_year, figure=c.figure)
        return min(held, time_fit(asked, hit, a, b))
    own = False  # the sentence names its period itself
    if a is None or b is None:
        spans = _spans(hit.periods, text=hit.text)
    else:
        spans = _spans(hit.periods, a, b, hit.text)
        own = bool(spans)
        if not spans:
            before = [p for p in _spans(hit.periods, text=hit.text) if p.end_char <= a]
            spans = before[-1:]
    if not spans:
        return date_fit
    best = max(period_fit(c.time, p, c.whole_year, c.figure) for p in spans)
    if date_fit >= 0.3:
        return best
    # An article dated before the period cannot report it (a sentence naming the period, or a
    # part of it, may still state a plan for it); one long after rarely does.
    written_before = date_fit == 0.0 and not (own and best >= _NAMED)
    return min(best, date_fit + (_BEFORE_CAP if written_before else 0.3))
