"""Where a record or a figure is: the district (quận) and, for a ward's record, the ward (phường).

Pure functions over strings. `article_locality` reads an article's title and body;
`find_scope_markers` finds the words of a sentence that place a figure ("trên địa bàn phường",
"quận Đống Đa"). Names are compared without case or diacritics (`same_place`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .gazetteer_data import Unit, gazetteer, joined_key
from .numbers import match_text
from .text import fold_words, nfc

__all__ = [  # HANOI_DISTRICTS, HBT_WARDS and QUESTION_DISTRICTS too, through __getattr__
    "Level",
    "Locality",
    "ScopeMarker",
    "article_locality",
    "bare_place",
    "find_scope_markers",
    "hanoi_districts",
    "hbt_wards",
    "locality_from_text",
    "place_name",
    "question_districts",
    "same_place",
]


# The places a record or question names, from the maintained list of units (``gazetteer_data``)
# rather than typed by hand: Hanoi's urban districts (quận) and the wards of quận Hai Bà Trưng as
# they stood until 1 July 2025. Two choices keep what the hand lists did: the three wards merged
# in 2020 (older records name them; the list keeps them as former names of their successors),
# and the suburban districts a question may name (naming any other does not narrow a search).
_FORMER_HBT_WARDS = ("Cầu Dền", "Đống Mác", "Quỳnh Lôi")
_ASKED_SUBURBS = ("Sơn Tây", "Gia Lâm", "Đông Anh", "Sóc Sơn", "Thanh Trì")


@lru_cache(maxsize=1)
def _hanoi_districts() -> tuple[Unit, ...]:
    """The district-level units of Hà Nội before 1 July 2025, in the list's order."""
    g = gazetteer()
    (hanoi,) = (g.units[u] for u in g.by_key["hanoi"] if g.units[u].level == "province")
    return tuple(g.units[u] for u in g.children[hanoi.uid] if g.units[u].level == "district")


@lru_cache(maxsize=1)
def hanoi_districts() -> tuple[str, ...]:
    """Names of Hanoi's urban districts (quận): "Ba Đình", "Hai Bà Trưng", …"""
    return tuple(u.name for u in _hanoi_districts() if u.kind == "quận")


@lru_cache(maxsize=1)
def question_districts() -> tuple[str, ...]:
    """The districts a question may be narrowed to: the urban ones and the suburbs asked about."""
    suburbs = tuple(u.name for u in _hanoi_districts() if u.name in _ASKED_SUBURBS)
    return hanoi_districts() + suburbs


@lru_cache(maxsize=1)
def hbt_wards() -> tuple[str, ...]:
    """Names of the wards of quận Hai Bà Trưng, with the three merged in 2020."""
    g = gazetteer()
    (hbt,) = (u for u in _hanoi_districts() if u.name == "Hai Bà Trưng")
    wards = tuple(g.units[w].name for w in g.children[hbt.uid])
    former = tuple(
        name
        for name in _FORMER_HBT_WARDS
        if any(uid in g.children[hbt.uid] for uid, _ in g.aliases.get(joined_key(name), []))
    )
    return wards + former


def _known(level: Level) -> tuple[str, ...]:
    return hbt_wards() if level == "ward" else hanoi_districts()


_LAZY = {
    "HANOI_DISTRICTS": hanoi_districts,
    "HBT_WARDS": hbt_wards,
    "QUESTION_DISTRICTS": question_districts,
}


def __getattr__(name: str) -> tuple[str, ...]:
    """HANOI_DISTRICTS, HBT_WARDS and QUESTION_DISTRICTS, read from the list at first use."""
    if name in _LAZY:
        return _LAZY[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Level = Literal["district", "ward"]


@dataclass(frozen=True)
class Locality:
    """The district and (for a ward's record) the ward an article is about."""

    district: str | None
    ward: str | None = None

    @property
    def level(self) -> Level:
        """ "ward" when the article is a ward's record, else "district"."""
        return "ward" if self.ward else "district"


@dataclass(frozen=True)
class ScopeMarker:
    """Words placing a figure in the district or a ward ("trên địa bàn phường")."""

    level: Level
    name: str | None
    start: int
    end: int


_UNIT_WORDS = ("thanh pho", "thi xa", "thi tran", "dac khu", "tinh", "quan", "huyen", "phuong",
               "xa", "tp", "tx")  # fmt: skip


def place_name(name: str) -> str:
    """A place name as written, without its unit word: "phường Nhật Tân" → "Nhật Tân"; a
    numbered unit keeps it ("Phường 1")."""
    words = name.split()
    for word in _UNIT_WORDS:
        n = len(word.split())
        if len(words) > n and fold_words(" ".join(words[:n])) == word:
            rest = " ".join(words[n:])
            return name if rest.isdigit() else rest
    return name


def bare_place(name: str | None) -> str:
    """A place name folded and without its unit word: "quận Hai Bà Trưng" → "hai ba trung"."""
    return fold_words(place_name(name or ""))


def same_place(a: str | None, b: str | None) -> bool:
    """True when two place names are the same, ignoring case, diacritics and the unit word."""
    return a is not None and b is not None and bare_place(a) == bare_place(b)


_PLACE_WORD = re.compile(r"(?<!\w)(quận|phường)(?!\w)")
_CAPITALISED = re.compile(r"\s+([^\W\d_][\w]*)")
# "UBND quận", "trên địa bàn phường": the unit itself, even without its name.
_UNIT_BEFORE = re.compile(r"(?<!\w)(?:ubnd|hđnd|ủy ban nhân dân|địa bàn|toàn|của|cấp)\s*\Z")


def _name_after(text: str, pos: int, level: Level, known_only: bool) -> str | None:
    """The place name written after "quận"/"phường" at ``pos``, if any."""
    words: list[str] = []
    while len(words) < 4 and (m := _CAPITALISED.match(text, pos)) and m.group(1)[0].isupper():
        words.append(m.group(1))
        pos = m.end()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        for name in _known(level):
            if same_place(candidate, name):
                return name
    if known_only or not words:
        return None
    return nfc(" ".join(words[:3]))


def find_scope_markers(sentence: str) -> list[ScopeMarker]:
    """Words of a sentence that place a figure in the district or in a ward, in order."""
    out: list[ScopeMarker] = []
    view = match_text(sentence)
    for m in _PLACE_WORD.finditer(view.text):
        level: Level = "ward" if m.group(1) == "phường" else "district"
        a, b = view.span(m.start(), m.end())
        name = _name_after(sentence, b, level, known_only=True)
        unit = _UNIT_BEFORE.search(view.text, max(0, m.start() - 20), m.start())
        if name is not None or unit is not None or m.start() == 0:
            out.append(ScopeMarker(level, name, a, b))
    return out


def _first_named(text: str, level: Level, known_only: bool) -> str | None:
    view = match_text(text)
    for m in _PLACE_WORD.finditer(view.text):
        if (m.group(1) == "phường") == (level == "ward"):
            name = _name_after(text, view.span(m.start(), m.end())[1], level, known_only)
            if name is not None:
                return name
    return None


def article_locality(title: str, body: str) -> Locality:
    """Where an article is: a ward only if its title names one; the district from title or body."""
    ward = _first_named(title, "ward", known_only=False)
    district = _first_named(title, "district", known_only=False) or _first_named(
        body, "district", known_only=True
    )
    return Locality(district, ward)


def locality_from_text(text: str) -> Locality:
    """The place of an article from its full text (front-matter title or first line, body)."""
    title = ""
    fm = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---", text, re.S)
    if fm and (t := re.search(r"^title:\s*(.+)$", fm.group(1), re.M)):
        title = t.group(1).strip().strip("\"'")
    body = text[fm.end() :] if fm else text
    if not title:
        title = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return article_locality(title, body)
