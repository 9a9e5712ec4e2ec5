"""The vocabulary of figures: the recurring indicators of meeting records and the words around them.

Pure functions over strings, stdlib plus `numbers`; the catalogue itself is data
(``indicators.json`` beside this module, read once). An `Indicator` lists the ways records write
it (``synonyms``, with diacritics), the same without marks (``folded``) and the English a user
may type. `find_mentions` locates indicator words in a sentence; `match_indicator` maps a user's
phrase to an indicator; the marker helpers recognise estimates, targets, the base of a percentage
and the linking words that may stand between an indicator and its amount.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, Literal

from ..language.numbers import keyword_pattern, match_text
from ..language.period_types import Period
from ..language.periods import find_periods
from ..language.text import fold, fold_words

__all__ = [
    "CATALOGUE",
    "Indicator",
    "Mention",
    "estimate_frames",
    "find_mentions",
    "find_phrase",
    "get_indicator",
    "has_estimate_marker",
    "has_target_marker",
    "is_aside",
    "is_change",
    "match_indicator",
    "matching_indicators",
    "only_bridge_words",
    "percent_base",
    "record_periods",
]

Unit = Literal["dong", "percent"]


@dataclass(frozen=True)
class Indicator:
    """A recurring indicator: id, labels, the forms it is written and typed in, its unit."""

    id: str
    label_vi: str
    label_en: str
    synonyms: tuple[str, ...]
    english: tuple[str, ...]
    unit: Unit = "dong"
    folded: tuple[str, ...] = field(default=())

    @property
    def is_rate(self) -> bool:
        """True when the indicator's value is itself a percentage."""
        return self.unit == "percent"


def _indicator(entry: dict[str, Any]) -> Indicator:
    """One indicator of indicators.json, with its folded forms."""
    syns = tuple(s.strip() for s in entry["synonyms"])
    folded = tuple(dict.fromkeys(_fold(s) for s in syns))
    eng = tuple(s.strip() for s in entry["english"])
    unit: Unit = entry.get("unit", "dong")
    return Indicator(entry["id"], entry["label_vi"], entry["label_en"], syns, eng, unit, folded)


def _fold(text: str) -> str:
    return fold_words(text.replace("_", " "))  # "du_toan" (a base's key) is two words


def _load_catalogue() -> tuple[Indicator, ...]:
    """indicators.json, package data read once (at import)."""
    raw = files(__package__).joinpath("indicators.json").read_text(encoding="utf-8")
    return tuple(_indicator(entry) for entry in json.loads(raw)["indicators"])


# Longest forms first inside each indicator does not matter: matching sorts all forms by length.
CATALOGUE: tuple[Indicator, ...] = _load_catalogue()

_BY_ID = {ind.id: ind for ind in CATALOGUE}


def get_indicator(indicator_id: str) -> Indicator | None:
    """The catalogue entry with this id, or None."""
    return _BY_ID.get(indicator_id)


# ---------------------------------------------------------------------------------------------
# Mentions in article sentences
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """Indicator words found in a sentence; offsets are relative to that sentence."""

    indicator_id: str | None
    start: int
    end: int
    text: str


# "…" in a form stands for up to four words ("giải quyết … đúng hạn": "giải quyết hồ sơ đúng hạn").
_GAP = "…"


def _form_pattern(form: str) -> str:
    parts = [part.strip() for part in form.split(_GAP)]
    return r"(?:\s+\w+){0,4}?\s+".join(keyword_pattern(part) for part in parts)


def _mention_table() -> tuple[re.Pattern[str], dict[str, str], list[tuple[re.Pattern[str], str]]]:
    by_key: dict[str, str] = {}
    for ind in CATALOGUE:
        for form in ind.folded:
            if by_key.setdefault(form, ind.id) != ind.id:
                raise ValueError(f"indicator form {form!r} belongs to two indicators")
    forms = sorted({s for ind in CATALOGUE for s in ind.synonyms}, key=lambda s: -len(s))
    gapped = [
        (re.compile(_form_pattern(s)), i.id) for i in CATALOGUE for s in i.synonyms if _GAP in s
    ]
    # Alternatives are tried in order, so the longest form wins at each position.
    body = "|".join(_form_pattern(s) for s in forms)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)"), by_key, gapped


_MENTION_RE, _MENTION_KEY, _GAPPED = _mention_table()


def _mention_id(matched: str) -> str | None:
    if (found := _MENTION_KEY.get(_fold(matched))) is not None:
        return found
    return next((id for pattern, id in _GAPPED if pattern.fullmatch(matched)), None)


def find_mentions(sentence: str) -> list[Mention]:
    """Every catalogue indicator named in ``sentence``, in order, longest form first."""
    view = match_text(sentence)
    found: list[Mention] = []
    for m in _MENTION_RE.finditer(view.text):
        a, b = view.span(m.start(), m.end())
        found.append(Mention(_mention_id(m.group()), a, b, sentence[a:b]))
    return found


def find_phrase(sentence: str, phrase: str) -> list[Mention]:
    """Occurrences of a user's free phrase in ``sentence`` (marks optional), as mentions."""
    words = _fold(phrase).split()
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + keyword_pattern(" ".join(words)) + r"(?!\w)")
    view = match_text(sentence)
    folded_view = fold(view.text)
    out: list[Mention] = []
    # Matching the folded copy finds the phrase whether or not either side has marks; folding
    # keeps the length of an NFC lower-cased string, so offsets carry over.
    if len(folded_view) != len(view.text):
        folded_view = view.text
    for m in pattern.finditer(folded_view):
        a, b = view.span(m.start(), m.end())
        out.append(Mention(None, a, b, sentence[a:b]))
    return out


# Words that may stand between an indicator and its amount, or make up a clause that continues
# the previous figure ("Ước thực hiện 6 tháng đầu năm là ..."): time, estimate and linking words.
_BRIDGE_WORDS = frozenset(
    "uoc thuc hien tinh dat la duoc trong rieng ca cua den toi nay tu dau cuoi nam thang quy "
    "du kien luy ke cong don con va khoang tren hon gan theo bao cao da cu the ve".split()
)
_ESTIMATE_WORDS = keyword_pattern("ước", "ước thực hiện", "ước tính", "dự kiến", "estimated")
_ESTIMATE_RE = re.compile(r"(?<!\w)" + _ESTIMATE_WORDS + r"(?!\w)")
# "Ước thực hiện 6 tháng đầu năm 2025, A đạt ...; B đạt ...": the estimate frames the period.
_ESTIMATE_FRAME_RE = re.compile(
    r"(?<!\w)" + _ESTIMATE_WORDS + r"\s+(?:" + keyword_pattern("cả") + r"\s+)?\Z"
)
_TARGET_RE = re.compile(r"(?<!\w)" + keyword_pattern("mục tiêu", "phấn đấu") + r"(?!\w)")
_BASES = (("du toan", "du_toan"), ("cung ky", "cung_ky"), ("ke hoach", "ke_hoach"))


def only_bridge_words(text: str) -> bool:
    """True when ``text`` holds nothing but time, estimate and linking words (or punctuation)."""
    return all(w in _BRIDGE_WORDS for w in re.findall(r"\w+", fold(text)))


def has_estimate_marker(text: str) -> bool:
    """True when ``text`` says a figure is estimated ("ước thực hiện", "ước đạt", "dự kiến")."""
    return _ESTIMATE_RE.search(match_text(text).text) is not None


def estimate_frames(text_before_period: str) -> bool:
    """True when the words just before a period make it an estimate ("ước thực hiện 6 tháng")."""
    return _ESTIMATE_FRAME_RE.search(match_text(text_before_period).text) is not None


def has_target_marker(text: str) -> bool:
    """True when ``text`` says a figure is a target ("mục tiêu", "phấn đấu"), not a result."""
    return _TARGET_RE.search(match_text(text).text) is not None


def percent_base(text: str) -> str | None:
    """What a percentage compares with, from the words after it: du_toan, cung_ky or ke_hoach."""
    folded = fold(text)
    return next((base for key, base in _BASES if key in folded), None)


_CUMULATIVE_RE = re.compile(
    r"(?<!\w)" + keyword_pattern("lũy kế", "cộng dồn") + r"\s+(?P<n>1[0-2]|[1-9])\s+"
    + keyword_pattern("tháng") + r"(?!\w)"
)  # fmt: skip
_WHOLE_YEAR_RE = re.compile(r"(?<!\w)" + keyword_pattern("cả năm") + r"(?!\w)(?!\s+(?:học|\d))")
_CUTOFF_BEFORE_RE = re.compile(
    r"(?:\A|[,;:]\s*)"
    + keyword_pattern("đến", "tới")
    + r"\s+(?:"
    + keyword_pattern("hết")
    + r"\s+)?\Z"
)
_ASIDE_RE = re.compile(r"(?<!\w)" + keyword_pattern("riêng") + r"\s*\Z")
_CHANGE_RE = re.compile(
    r"(?<!\w)" + keyword_pattern("tăng", "giảm", "tăng thêm", "giảm bớt", "chênh lệch") + r"\s*\Z"
)


def record_periods(text: str, ref: dt.date | None) -> list[Period]:
    """`find_periods` plus what reports also say: "lũy kế 5 tháng", "cả năm", "Đến ngày 30/6, …"."""
    periods = []
    for p in find_periods(text, ref):
        if p.kind == "day" and _CUTOFF_BEFORE_RE.search(match_text(text[: p.start_char]).text):
            # Opening a clause, "đến ngày 30/6/2022" is a cut-off, not a deadline.
            p = Period(dt.date(p.end.year, 1, 1), p.end, "asof", p.text, p.start_char, p.end_char)
        periods.append(p)
    if ref is not None:
        periods.extend(_extra_periods(text, ref, periods))
    return sorted(periods, key=lambda p: p.start_char)


def _extra_periods(text: str, ref: dt.date, found: list[Period]) -> list[Period]:
    view = match_text(text)
    out = []
    for regex in (_CUMULATIVE_RE, _WHOLE_YEAR_RE):
        for m in regex.finditer(view.text):
            a, b = view.span(m.start(), m.end())
            if any(p.start_char < b and a < p.end_char for p in found):
                continue  # "lũy kế 5 tháng đầu năm 2025", "cả năm 2023": already read
            n = int(m.group("n")) if m.re is _CUMULATIVE_RE else 12
            end = dt.date(ref.year, n, calendar.monthrange(ref.year, n)[1])
            out.append(
                Period(dt.date(ref.year, 1, 1), end, "ytd" if n < 12 else "year", text[a:b], a, b)
            )
    return out


def is_aside(text_before_period: str) -> bool:
    """True when a period is an aside ("Riêng tháng 3, ..."): used in place, never carried."""
    return _ASIDE_RE.search(match_text(text_before_period).text) is not None


def is_change(text_before_amount: str) -> bool:
    """True when an amount is a change ("tăng 460 tỷ đồng"), not the level of an indicator."""
    return _CHANGE_RE.search(match_text(text_before_amount).text) is not None


# ---------------------------------------------------------------------------------------------
# What a user typed
# ---------------------------------------------------------------------------------------------


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def matching_indicators(phrase: str) -> list[Indicator]:
    """Every indicator a user's phrase names or is part of, the one it names best first
    ("thu ngân sách": the total, then the district's share and the plan)."""
    words = _fold(phrase).split()
    if not words:
        return []
    scores: dict[str, tuple[tuple[int, int, int], Indicator]] = {}
    for rank, ind in enumerate(CATALOGUE):
        forms = {*ind.folded, _fold(ind.id), _fold(ind.label_vi), *map(_fold, ind.english)}
        for form in forms:
            fw = form.split()
            if _contains(words, fw):
                score = (2, len(fw), -rank)  # the phrase names this form: longest form wins
            elif len(words) >= 2 and _contains(fw, words):
                score = (1, len(words), -rank)  # the phrase is part of a form ("giai ngan von")
            else:
                continue
            if ind.id not in scores or score > scores[ind.id][0]:
                scores[ind.id] = (score, ind)
    return [ind for _, ind in sorted(scores.values(), key=lambda si: si[0], reverse=True)]


def match_indicator(phrase: str) -> Indicator | None:
    """The indicator a user's phrase names (Vietnamese with or without marks, or English)."""
    found = matching_indicators(phrase)
    return found[0] if found else None
