"""What a question pins down besides its topic (period, place, session, organ) and how a record's
place, session and organ fit it; the period's fit is in ``timefit``. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..language.facts import EN_ORDINAL, VI_ORDINAL, ordinal_number
from ..language.period_types import TimeConstraint
from ..language.places import HBT_WARDS as WARDS
from ..language.places import QUESTION_DISTRICTS as DISTRICTS
from ..language.places import bare_place
from ..language.text import fold, fold_words
from ..models import Hit

if TYPE_CHECKING:
    from ..language.gazetteer import PlaceMention
from .timefit import names_meeting

_PLACES = tuple(sorted({fold(p) for p in DISTRICTS + WARDS}, key=len, reverse=True))
_PLACE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PLACES) + r")\b")
_WHOLE_YEAR = re.compile(
    r"\b(ca nam|full year|whole year|entire year|for the year"
    r"|(whole|all|entirety) of (the year|(19|20)\d\d))\b"
)
# "Kỳ họp thứ 17", "ky hop thu 17", "the 17th session": a council's sessions are numbered; "the
# first session of 2024" is the year's first, not the first of the tenure.
_NOT_OF_YEAR = r"(?! (?:of|in) (?:the year|this year|\d{4})\b| this year\b)"
# "kỳ họp Hội đồng nhân dân phường (Phước Hải) lần thứ Nhất": the council, then its count.
_COUNCIL_THEN_ORDINAL = (
    rf"\bky hop (?:hoi dong nhan dan|hdnd)(?: \w+){{0,4}}? lan thu (\d{{1,2}}|{VI_ORDINAL})\b"
)
# "the second extraordinary session" counts those (a "9th, thematic session" is the 9th).
_EN_WORDS = r"(?: (?!extraordinary\b|thematic\b|special\b|unscheduled\b)\w+){0,2}"
_SESSION_Q = re.compile(
    rf"\bky hop (?:lan )?(?:thu )?(\d{{1,2}}|(?<=thu )(?:{VI_ORDINAL}|[ivx]{{1,5}}))\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)(?: \w+){{0,2}} (?:session|sitting)\b{_NOT_OF_YEAR}"
    rf"|\b({EN_ORDINAL}){_EN_WORDS} (?:session|sitting)\b{_NOT_OF_YEAR}"
    r"|\bsession (?:no )?(\d{1,2})\b"
    rf"|{_COUNCIL_THEN_ORDINAL}"
)
_SESSION_TEXT = re.compile(
    rf"\bky hop (?:lan )?(?:thu )?(\d{{1,2}}|(?<=thu )(?:{VI_ORDINAL}|[ivx]{{1,5}}))\b"
    # "kỳ họp HĐND phường lần thứ Nhất"; not "kỳ họp bất thường lần thứ hai" (its own count)
    rf"|{_COUNCIL_THEN_ORDINAL}"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)(?: \w+){{0,2}} session\b{_NOT_OF_YEAR}"
    rf"|\b({EN_ORDINAL}){_EN_WORDS} session\b{_NOT_OF_YEAR}"
)
# The organ that met, when a question names it beside the meeting ("Kỳ họp thứ 16 HĐND quận",
# "phiên họp UBND tháng 5", "the People's Council session"); a role ("Chủ tịch UBND") is not it.
_ORGAN_Q = (
    (
        "HĐND",
        re.compile(
            r"\b(ky hop|phien hop)( \w+){0,3}? (hdnd|hoi dong nhan dan)\b|"
            r"\b(people s )?council( s)? (\w+ ){0,2}(session|meeting|sitting)\b|"
            r"\b(session|meeting|sitting) of the (\w+ )*people s council\b|"
            r"\bstanding (committee|board) of the (\w+ )*people s council\b"
        ),
    ),
    (
        "UBND",
        re.compile(
            r"\b(ky hop|phien hop)( \w+){0,3}? (ubnd|uy ban nhan dan)\b|"
            r"\bpeople s committee( s)? (\w+ )?(session|meeting)\b|"
            r"\bmeeting of the (\w+ )*people s committee\b"
        ),
    ),
)


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
    tenure: int | None = None  # "HĐND thành phố khóa X": a council of another tenure never answers
    within: tuple[str, ...] = ()  # provinces holding the asked district or ward (bare, folded)
    plan: bool = False  # asks a plan or target ("kế hoạch đầu tư công năm 2024")
    districts: tuple[str, ...] = ()  # districts that held the asked ward, when none is asked
    tally: bool = False  # counts what a meeting handled ("mấy báo cáo", "how many resolutions")

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
        if period is not None and (names_meeting(period) or _year_of(time, period, question)):
            period = None
    from ..language.values import question_type

    qtype = question_type(question)
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
        qtype == "number",
        asked_tenure(question),
        asked_within(question),
        bool(_PLAN_Q.search(fold_words(question))),
        asked_districts(question),
        qtype == "number" and _asks_tally(question),
    )


# Between a session named by its time and its year ("year-end session of 2023").
_SESSION_GAP = re.compile(
    r"^(?:\s|\b(?:regular|session|meeting|sitting|of|in|the|ky|hop|phien)\b)*$"
)


def _year_of(time: TimeConstraint, period: TimeConstraint, question: str) -> bool:
    """True when the second period is only the year of the session named by its time ("the
    year-end session of 2023", "the 2023 mid-year meeting"), not a period of its own."""
    if period.kind != "year" or period.year != time.year:
        return False
    a, b = sorted(((time.start_char, time.end_char), (period.start_char, period.end_char)))
    return bool(_SESSION_GAP.match(fold(question[a[1] : b[0]])))


# A plan or target asked: adopted before its period, so a record of the months before fits.
_PLAN_Q = re.compile(r"\b(ke hoach|chi tieu|muc tieu|du kien|plan|plans|planned|target|targets)\b")


def _asks_tally(question: str) -> bool:
    """True when a number question counts things (a counted noun, no money or share asked)."""
    from ..language.values import count_noun, wants_money

    if wants_money(question):
        return False
    noun = count_noun(question)
    return noun is not None and not noun.startswith(("ty", "trieu", "dong", "phan tram"))


def asked_units(question: str) -> tuple[tuple[str, str, str], ...]:
    """The administrative units a question names, at their level, against the list of units.

    With or without marks or the unit word, in English too ("Hoan Kiem district"); old and new
    (post-July-2025) names alike.
    """
    out = []
    for m in _mentions(question):  # the name as written ("Long Điền") and the unit's own (merged)
        for name in (m.former, m.units[0].name if m.units else m.name):
            bare = bare_place(name) if name else ""
            if bare:  # "Phường 1" is found in a text as "phuong 1", never as a bare "1"
                phrase = fold_words(m.name) if bare.isdigit() else bare
                out.append((m.level, bare, phrase))
    return tuple(dict.fromkeys(out))


def asked_within(question: str) -> tuple[str, ...]:
    """The provinces (bare, folded) that hold the districts and wards a question names, each
    with the provinces merged with it in 2025: a record of another province is not about them."""
    from ..language.gazetteer_data import predecessors, province_of, successor

    out = []
    for m in _mentions(question):
        if m.level == "province":
            continue
        for u in m.units:
            p = province_of(u)
            for q in (p, *successor(p), *predecessors(p)) if p is not None else ():
                out.append(bare_place(q.name))
    return tuple(dict.fromkeys(out))


def asked_districts(question: str) -> tuple[str, ...]:
    """The districts (bare, folded) that held the ward a question names without its district:
    a record of another district is not about it (wards are named alike across the country, so
    every candidate's district counts). Empty when a district is asked or no ward is."""
    from ..language.gazetteer_data import ancestors, predecessors

    mentions = _mentions(question)
    if any(m.level == "district" for m in mentions):
        return ()
    out: list[str] = []
    for m in mentions:
        if m.level != "ward":
            continue
        for u in m.units:
            for old in (u, *predecessors(u)):
                out.extend(bare_place(a.name) for a in ancestors(old) if a.level == "district")
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=256)
def _mentions(question: str) -> tuple[PlaceMention, ...]:
    """The places a question names (``gazetteer.find_places``); none when the list fails."""
    from ..language.gazetteer import find_places

    try:
        return tuple(find_places(question))
    except Exception:  # the place list is a help, never a reason to fail a question
        return ()


def asked_session(question: str) -> int | None:
    """The numbered session a question names ("Kỳ họp thứ 17", "the 17th session")."""
    m = _SESSION_Q.search(fold_words(question))
    return ordinal_number(next(g for g in m.groups() if g)) if m else None


def asked_organ(question: str) -> str | None:
    """ "HĐND" or "UBND" when the question names the body whose meeting it asks about."""
    q = fold_words(question)
    found = [name for name, pattern in _ORGAN_Q if pattern.search(q)]
    return found[0] if len(found) == 1 else None


# A council's tenure: "khóa X", "khoá 16", "the 16th tenure", "16th-tenure", "tenure XVI".
_TENURE = re.compile(
    r"\bkhoa ([ivxl]+|\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th) tenure\b|\btenure ([ivxl]+|\d{1,2})\b"
)


def _tenures(text: str) -> frozenset[int]:
    """The tenures a text names, as numbers."""
    from ..language.facts import roman_or_number

    found = (next(g for g in m.groups() if g) for m in _TENURE.finditer(fold_words(text)))
    return frozenset(n for n in map(roman_or_number, found) if n)


# A session with its own tenure right after it: "kỳ họp thứ 7 HĐND thành phố khóa IX".
_SESSION_TENURE = re.compile(
    rf"\bky hop (?:thu )?(\d{{1,2}}|(?<=thu )(?:{VI_ORDINAL}))\b"
    r"(?:(?!quoc hoi|dang bo|dang uy)[^.;]){0,80}?\bkhoa ([ivxl]+|\d{1,2})\b"
    r"|\b(\d{1,2})(?:st|nd|rd|th) session\b[^.;]{0,60}?\bof the (\d{1,2})(?:st|nd|rd|th)\b"
)


def _session_tenures(title: str, text: str, session: int | None) -> frozenset[int]:
    """The tenures a record gives its sessions (the asked one, when a session is asked)."""
    from ..language.facts import roman_or_number

    out = set()
    for m in _SESSION_TENURE.finditer(" ".join(fold(f"{title}. {text}").split())):
        number, tenure = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if session is None or ordinal_number(number) == session:
            out.add(roman_or_number(tenure))
    return frozenset(t for t in out if t)


def asked_tenure(question: str) -> int | None:
    """The tenure of the council a question names ("kỳ họp thứ 7 HĐND thành phố khóa X")."""
    found = _tenures(question)
    return next(iter(found)) if len(found) == 1 else None


@lru_cache(maxsize=4096)
def _sessions(text: str) -> frozenset[int]:
    """Session numbers a title or passage names."""
    groups = _SESSION_TEXT.findall(fold_words(text))
    found = (ordinal_number(next(g for g in m if g)) for m in groups)
    return frozenset(n for n in found if n)


def session_fit(c: Constraints, hit: Hit) -> float:
    """1 when the record is of the asked session (or tenure), 0 when of another numbered one
    or its title names another tenure, else 0.5."""
    fits = []
    if c.session is not None:
        have = _sessions(hit.title) or _sessions(hit.text[:300])
        fits.append(0.5 if not have else 1.0 if c.session in have else 0.0)
    if c.tenure is not None:
        # The title says whose record it is, else a session named with its own tenure ("kỳ
        # họp thứ 7 HĐND thành phố khóa IX"); a tenure named alone does not: the first session
        # of a new tenure is opened by the outgoing chair ("Phó Chủ tịch HĐND khóa I chủ tọa kỳ
        # họp thứ nhất khóa II").
        titled = _tenures(hit.title) or _session_tenures(hit.title, hit.text, c.session)
        fits.append(0.5 if not titled else 1.0 if c.tenure in titled else 0.0)
    return 0.0 if 0.0 in fits else 1.0 if 1.0 in fits else 0.5


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
        return _unit_fit(c.units, hit, c.within, c.districts)
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


def _unit_fit(
    units: tuple[tuple[str, str, str], ...],
    hit: Hit,
    within: tuple[str, ...] = (),
    districts: tuple[str, ...] = (),
) -> float:
    """place_fit for units recognised in the question (see there); ``within``: the provinces
    holding the asked district or ward, so that another province's own record contradicts.

    The finest unit asked decides ("phường Quảng An, quận Tây Hồ" asks the ward): another
    ward's record contradicts although its district matches, and a record of the district
    itself that never names the ward is the broader unit's, not the ward's."""
    own = {
        "province": bare_place(hit.province),
        "district": bare_place(hit.district),
        "ward": bare_place(hit.ward),
    }
    words = f" {fold_words(hit.title)} {fold_words(hit.text)} "
    address = fold_words(hit.url or "").replace(" ", "")  # "dienbiendong.dienbien.gov.vn"
    asked = {level for level, _, _ in units}
    fits: dict[str, float] = {}
    for level, name, phrase in units:
        joined = phrase.replace(" ", "")
        in_address = len(joined) >= 6 and joined in address
        if own.get(level) == name or f" {phrase} " in words or in_address:
            # "Hà Nội thu ngân sách …" asks the city's own figure: a record of one of its
            # districts (or a district's, of one of its wards) is inside the place, not it.
            inside = hit.place_level in _FINER.get(level, ()) and not asked & {hit.place_level}
            fits[level] = max(fits.get(level, 0.0), _INSIDE if inside else 1.0)
        elif own.get(level) and level not in fits:
            fits[level] = 0.0
    for level in _LEVELS:  # finest first
        if level in fits:
            fit = fits[level]
            if any(fits.get(c) == 0.0 for c in _COARSER[level]):
                return 0.0  # "xã Tân Thành, huyện Thới Bình": the same name in another district
            finest = next(x for x in _LEVELS if x in asked)
            if fit == 1.0 and level != finest and hit.place_level in (level, *_COARSER[level]):
                return _BROADER  # the ward asked; the district's own record, silent on it
            return fit
    if within and own["province"] and "province" not in asked and own["province"] not in within:
        return 0.0  # "huyện Thới Bình" asked: a record of another province is not about it
    if within and own["province"] in within and hit.place_level == "province":
        return _BROADER  # the province's own record, silent on the asked district or ward
    if districts and own["district"] and hit.place_level != "ward":
        # "phường Quảng An" asked: a district's own record, silent on the ward
        return _BROADER if own["district"] in districts else 0.0
    return 0.5


_LEVELS = ("ward", "district", "province")
_COARSER = {"ward": ("district", "province"), "district": ("province",), "province": ()}
_BROADER = 0.3  # a record of a larger unit holding the asked one, which it does not name
_FINER = {"province": ("district", "ward"), "district": ("ward",)}
_INSIDE = 0.3  # a record of a smaller unit inside the asked one: not the asked one
