"""Roles of people: which office a question asks about, and whether a mention holds it.

"Chủ tịch UBND thị xã … là ai?" asks for the chair of the People's Committee, not the vice-chair
of the People's Council who chaired the session; "Who presided over …" asks for whoever "chủ trì".
Pure functions over folded text, Vietnamese and English alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import fold_words


def _alternation(table: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One pattern over a (name, pattern) table; the match's ``lastgroup`` is ``g<row>``."""
    return re.compile(
        r"\b(?:" + "|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(table)) + r")\b"
    )


def _row(table: tuple[tuple[str, str], ...], m: re.Match[str]) -> str:
    """The name of the table row a match of ``_alternation(table)`` came from."""
    return table[int((m.lastgroup or "g0")[1:])][0]


# Longest first, so "pho chu tich" is never read as "chu tich".
# Real pages abbreviate offices after a name: "Nguyễn Văn A - UVTV - PCT HĐND quận".
_TITLES = (
    ("pho chu tich", r"pho chu tich|pct|(?:vice|deputy) chair(?:man|woman|person)?|vice president"),
    ("chu tich", r"chu tich|ct(?= (?:ubnd|hdnd|ub))|chair(?:man|woman|person)|president"),
    ("pho bi thu", r"pho bi thu|pbt|deputy (?:party )?secretary"),
    ("bi thu", r"bi thu|(?:party )?secretary"),
    ("pho truong ban", r"pho truong ban|deputy head"),
    ("truong ban", r"truong ban|head of"),
    ("uy vien", r"uy vien|uvtv|uvbtv|[tqh]uv|member of"),
    ("chanh van phong", r"chanh van phong|chief of (?:the )?office"),
    ("giam doc", r"giam doc|director"),
)
_TITLE_RE = _alternation(_TITLES)
_ORGANS = (
    ("ubnd", r"ubnd|uy ban nhan dan|people s committee"),
    ("hdnd", r"hdnd|hoi dong nhan dan|people s council"),
    ("dang", r"dang uy|(?:huyen|tinh|thanh|quan|thi) uy|party committee"),
    ("mttq", r"mttq|mat tran to quoc|fatherland front"),
)
_ORGAN_RE = _alternation(_ORGANS)
# A record's words for who presided (ingest reads the chair with them) …
PRESIDED = re.compile(r"\b(?:dong )?(?:chu tri|chu toa)\b|\b(?:chaired|presided)\b")
# … and a question's, which may also ask who ran or co-chaired the session.
_PRESIDE = re.compile(PRESIDED.pattern + r"|\b(?:dieu hanh|presid\w*|co chair\w*)\b")
# Words between a title and its organ ("chairman of the X district People's Committee").
_ORGAN_REACH = 8


@dataclass(frozen=True)
class Role:
    """An office (title and organ, either may be unknown) and whether presiding is asked."""

    title: str | None = None
    organ: str | None = None
    presiding: bool = False

    @property
    def empty(self) -> bool:
        """True when nothing about an office is asked."""
        return self.title is None and not self.presiding


def titles_in(text: str) -> list[tuple[str, str | None]]:
    """(title, organ or None) of every office named in a text, in order."""
    words = fold_words(text)
    out = []
    for m in _TITLE_RE.finditer(words):
        out.append((_row(_TITLES, m), _organ_after(words, m.end())))
    return out


def _organ_after(words: str, at: int) -> str | None:
    """The organ named within a few words after ``at``, before any other title."""
    window = " ".join(words[at:].split()[:_ORGAN_REACH])
    cut = _TITLE_RE.search(window)
    m = _ORGAN_RE.search(window[: cut.start()] if cut else window)
    return _row(_ORGANS, m) if m else None


@lru_cache(maxsize=1024)
def asked_role(question: str) -> Role:
    """The office a "who" question asks about ("chủ tịch UBND thị xã", "who presided")."""
    found = titles_in(question)
    words = fold_words(question)
    presiding = bool(_PRESIDE.search(words))
    title, organ = found[0] if found else (None, None)
    heads = _HEADS.search(words) if title is None else None
    council = _organ_after(words, heads.end()) if heads else None
    if council in ("ubnd", "hdnd"):
        title, organ = "chu tich", council  # "Who chairs the ward People's Council?": held now
    return Role(title, organ, presiding)


# "Who chairs / heads / leads the X People's Council": who holds its chair, not who presided.
_HEADS = re.compile(r"\bwho (?:currently )?(?:chairs|heads|leads)\b")


def role_fit(role: Role, text: str) -> float:
    """1 when a text gives someone the asked office (or says they presided), 0 when it gives
    only other offices (or names people, none presiding, when presiding is asked), 0.5 when it
    says nothing of offices."""
    if role.empty:
        return 0.5
    fit = 0.5
    if role.title is not None:
        held = titles_in(text)
        organs = (None, role.organ) if role.organ else None
        if any(t == role.title and (organs is None or o in organs) for t, o in held):
            return 1.0
        if held:
            fit = 0.0
    if role.presiding:
        if _PRESIDE.search(fold_words(text)):
            fit = 1.0 if role.title is None else max(fit, 0.5)
        elif role.title is None:
            fit = 0.0  # people named, none said to preside ("Tham dự có …")
    return fit


def names_an_office(question: str) -> bool:
    """True when a terse question starts with an office ("bi thu dang uy phuong X nam 2021"):
    it asks who held it."""
    words = fold_words(question)
    m = _TITLE_RE.match(words)
    return m is not None and m.group(0) not in ("member of", "head of", "director")
