"""Who presided over a meeting: role and name, read from the sentence that says so.

Pure functions. The sentence holds "chủ trì" or "chủ tọa" (or "chaired"); the people before it
are the chairs, each with the roles written before or after the name:

* "Chủ tịch UBND quận Nguyễn Quang Trung chủ trì" → "Chủ tịch UBND quận Nguyễn Quang Trung";
* "đồng chí Lê Minh Châu - Phó Bí thư Quận ủy - Chủ tịch UBND quận chủ trì" → roles after the
  name, kept whole: "Phó Bí thư Quận ủy, Chủ tịch UBND quận Lê Minh Châu";
* "Phó Bí thư Thường trực Thị ủy, Chủ tịch HĐND thị xã Bình Minh – Trần Văn Tâm chủ trì":
  the whole role list, not its last item;
* "Bà A, Bí thư Đảng ủy, Chủ tịch HĐND phường và ông B, Phó Chủ tịch HĐND phường đồng chủ tọa":
  both, joined by "; "; ranks ("Đại tá", "Thượng tá") stay with the name they precede.

A place name is never read as a person ("quận Ba Đình Mai Xuân Hòa": the name is the last three
words), since the places of the sentence are masked first.
"""

from __future__ import annotations

import re

from ..language.gazetteer import find_places
from ..language.persons import _SURNAMES, SURNAMES, name_run
from ..language.roles import PRESIDED
from ..language.text import fold, normalize

__all__ = ["find_chair"]

_FIRST_CHARS = 1500  # of the body: the chair is named in the opening paragraphs
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])|\n+")
_WORD = re.compile(r"\w+")
_ROLE = re.compile(
    r"\b(?:pho )?(?:chu tich|bi thu|truong ban|giam doc|chanh van phong|truong phong"
    r"|chi huy truong|chu nhiem|truong cong an|giam doc cong an)\b"
    r"|\buv ?btv\b|\buy vien\b|\b(?:tinh|thanh|quan|huyen) uy vien\b"
    r"|\bpct\b|\b(?:dai|thuong|trung|thieu) (?:ta|uy|tuong)\b"
    r"|\b(?:vice )?(?:chairman|chairwoman|chairperson|chair|secretary|director)\b"
)
# Words before a name that are no part of a role: honorifics, "do", the date, "Các".
_HONORIFIC = re.compile(
    r"(?i)(?:^|\W)(?:các\s+)?(?:ông|bà|đồng chí|đ/c|đc|mr\.?|ms\.?|mrs\.?)\s*\Z"
)
_JOINS = re.compile(r"\s+(?:và|and|cùng)\s+|;\s*")


_WRITTEN_SURNAMES = frozenset(normalize(s) for s in SURNAMES)


def _is_surname(word: str) -> bool:
    """A family name as written ("Trương", not "Trưởng"), or folded in text without marks."""
    if word.isascii():
        return fold(word) in _SURNAMES
    return normalize(word[:1].upper() + word[1:].lower()) in _WRITTEN_SURNAMES


def _names(sentence: str, masked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of people's names: a surname and one to three more capitalised words."""
    caps = [
        m
        for m in _WORD.finditer(sentence)
        if m.group()[0].isupper() and not any(a <= m.start() < b for a, b in masked)
    ]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(caps):
        w = caps[i]
        if not _is_surname(w.group()) or (out and w.start() < out[-1][1]):
            i += 1
            continue
        if w.group().lower() in ("ông", "bà") and i + 1 < len(caps):
            i += 1  # "Ông Phạm Thanh Bình": the honorific, though "Ông" is a surname too
            continue
        run = name_run(sentence, caps, i)
        if len(run) >= 2:
            out.append((w.start(), run[-1].end()))
            i += len(run)
        else:
            i += 1
    return out


def _roles(segment: str) -> str | None:
    """The role list in a stretch of text, from its first role word to its end, tidied."""
    m = _ROLE.search(fold(segment))
    if m is None:
        return None
    roles = segment[m.start() :].strip(" ,-–—:.;")
    roles = re.sub(r"(?<=\D)\s+[-–—]\s+(?=\D)", ", ", roles)  # not "2016 – 2021"
    return " ".join(roles.split()) or None


def _person(sentence: str, name: tuple[int, int], left: int, right: int) -> str:
    """Roles and name of one chair; roles after the name ("A - Chủ tịch…") or before it."""
    a, b = name
    after = sentence[b:right]
    if re.match(r"\s*[-–—,(]", after) and (roles := _roles(after)):
        before = sentence[left:a]
        rank = _roles(before)
        person = f"{rank} {sentence[a:b]}" if rank and len(rank.split()) <= 3 else sentence[a:b]
        return f"{roles} {person}"
    before = sentence[left:a]
    before = _HONORIFIC.sub("", before) if _HONORIFIC.search(before) else before
    roles = _roles(before)
    return f"{roles.rstrip(' ,-–—')} {sentence[a:b]}" if roles else sentence[a:b]


def _chairs(sentence: str, at: int) -> str | None:
    """The chairs named before ``at`` in a sentence, "; "-joined; else the first one after it
    ("chủ trì hội nghị có đồng chí …")."""
    found = _chairs_in(sentence[:at])
    if found is None:
        after = _chairs_in(sentence[at:])
        found = after.split("; ")[0] if after else None
    return found


def _chairs_in(clause: str) -> str | None:
    """The people of a clause, each with their roles, "; "-joined."""
    clause = clause.rstrip()
    clause = re.sub(r"(?i)\s+đồng\Z", "", clause)
    masked = [(m.start, m.end) for m in find_places(clause)]
    names = _names(clause, masked)
    if not names:
        return None
    # Each person's stretch runs from the previous one's end (or a joining word) to the next name.
    people = []
    for k, name in enumerate(names):
        left = names[k - 1][1] if k else 0
        joins = list(_JOINS.finditer(clause, left, name[0]))
        if joins:
            left = joins[-1].end()
        elif k == 0 and (by := clause.rfind(" do ", 0, name[0])) >= 0:
            left = by + 4  # "… do đồng chí A chủ trì": A, not what comes before
        right = names[k + 1][0] if k + 1 < len(names) else len(clause)
        nxt_join = _JOINS.search(clause, name[1], right)
        if nxt_join:
            right = nxt_join.start()
        people.append(_person(clause, name, left, right))
    return "; ".join(people)


def find_chair(body: str) -> str | None:
    """Role and name of whoever presided (co-chairs joined by "; "), from "chủ trì"/"chủ tọa"."""
    for sentence in _SENTENCE.split(body[:_FIRST_CHARS]):
        at = PRESIDED.search(fold(sentence).lower())
        if at is not None and (found := _chairs(sentence, at.start())):
            return found
    return None
