"""What a question pins down besides its topic: the period and the place. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .models import Hit, PeriodSpan
from .text import fold

# Districts of Hanoi and the wards of Hai Bà Trưng: public names, matched diacritic-free.
DISTRICTS = (
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Sơn Tây", "Gia Lâm",
    "Đông Anh", "Sóc Sơn", "Thanh Trì",
)  # fmt: skip
WARDS = (
    "Bách Khoa", "Bạch Đằng", "Bạch Mai", "Cầu Dền", "Đống Mác", "Đồng Nhân", "Đồng Tâm",
    "Lê Đại Hành", "Minh Khai", "Nguyễn Du", "Phạm Đình Hổ", "Phố Huế", "Quỳnh Lôi", "Quỳnh Mai",
    "Thanh Lương", "Thanh Nhàn", "Trương Định", "Vĩnh Tuy",
)  # fmt: skip
_PLACES = tuple(sorted({fold(p) for p in DISTRICTS + WARDS}, key=len, reverse=True))
_PLACE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PLACES) + r")\b")
_EXCLUDED_KINDS = frozenset({"same_period"})  # comparison baselines, not the figure's period


@dataclass(frozen=True)
class Constraints:
    """The period and places a question asks about (either may be absent)."""

    time: object | None  # periods.TimeConstraint
    places: tuple[str, ...]  # folded place names

    @property
    def empty(self) -> bool:
        """True when the question pins down nothing."""
        return self.time is None and not self.places


def places_in(text: str) -> tuple[str, ...]:
    """Known place names in a text, folded, in order of appearance."""
    found = _PLACE_RE.findall(" ".join(re.findall(r"\w+", fold(text))))
    return tuple(dict.fromkeys(found))


def question_constraints(question: str) -> Constraints:
    """Parse the time constraint and the places of a question."""
    from .periods import parse_question_time

    try:
        time = parse_question_time(question)
    except Exception:  # a parser bug must not cost the user an answer
        time = None
    return Constraints(time, places_in(question))


@lru_cache(maxsize=4096)
def _article_places(title: str) -> tuple[str, ...]:
    """Places named in an article title (cached: titles repeat across hits)."""
    return places_in(title)


def place_fit(c: Constraints, hit: Hit, home: tuple[str, ...] = ()) -> float:
    """1 when the article is about the asked place, 0 when about another one, 0.5 unknown."""
    have = _article_places(hit.title) or places_in(hit.text[:300])
    wanted = c.places or home
    if not wanted:
        return 0.5
    if not have:
        return 0.5 if c.places else 0.55
    if any(p in have for p in wanted):
        return 1.0 if c.places else 0.6
    return 0.0 if c.places else 0.45


def _spans(periods: tuple[PeriodSpan, ...], a: int | None = None, b: int | None = None) -> list:
    """Periods (as periods.Period) of a passage, optionally inside [a, b) of its text."""
    from .periods import Period

    out = []
    for start, end, kind, s, e in periods:
        if kind in _EXCLUDED_KINDS:
            continue
        if a is not None and b is not None and not (a <= s and e <= b):
            continue
        out.append(Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end), kind, "", s, e))
    return out


def _article_date(hit: Hit) -> dt.date | None:
    """The meeting date, else the published date."""
    iso = hit.meeting_date or hit.published
    return dt.date.fromisoformat(iso) if iso else None


def time_fit(c: Constraints, hit: Hit, a: int | None = None, b: int | None = None) -> float:
    """How well a passage (or its span [a, b) of the passage text) fits the asked period."""
    from .periods import period_fits

    if c.time is None:
        return 0.5
    spans = _spans(hit.periods, a, b)
    day = _article_date(hit)
    date_fit = period_fits(c.time, day) if day else 0.5
    if not spans:
        return date_fit if a is None else min(date_fit, 0.5 + 0.5 * (date_fit - 0.5))
    best = max(period_fits(c.time, p) for p in spans)
    # An article dated long after the period can still report it; one dated before cannot.
    return best if date_fit > 0 else min(best, 0.3)
