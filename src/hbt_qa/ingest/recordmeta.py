"""What a record is about: the organ that met, its district or ward, and who chaired.

Pure functions over an article's title and body. The organ is read from the title first (the
headline names the body that met: "HĐND quận Ba Đình tổ chức Kỳ họp…"), else from the first
paragraph; the place comes from `places.article_locality`; the chair from the sentence that says
who presided ("Chủ tịch UBND quận Nguyễn Quang Trung chủ trì phiên họp…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..language.places import HANOI_DISTRICTS, HBT_WARDS, article_locality, same_place
from ..language.text import fold
from ..language.values import persons

__all__ = ["RecordFilter", "RecordMeta", "organ_matches", "record_meta"]


@dataclass(frozen=True)
class RecordMeta:
    """Organ ("UBND quận", "HĐND phường", "Quận ủy", "phường"…), place and chair of a record."""

    organ: str | None = None
    district: str | None = None
    ward: str | None = None
    chair: str | None = None


# Folded spellings of each organ, longest first so "dang uy phuong" wins over "phuong".
_ORGANS: tuple[tuple[str, str], ...] = (
    (r"ban thuong vu quan uy|quan uy", "Quận ủy"),
    (r"dang uy phuong", "Đảng ủy phường"),
    (r"hdnd|hoi dong nhan dan", "HĐND"),
    (r"ubnd|uy ban nhan dan", "UBND"),
)
_ORGAN_RE = re.compile(r"\b(" + "|".join(p for p, _ in _ORGANS) + r")\b")
_LEVEL_AFTER = re.compile(r"\s*(?:&\s*ubnd\s*|va ubnd\s*)?(quan|phuong)\b")
_PRESIDE = re.compile(r"\bchu tri\b")
_ROLE_NAME = re.compile(
    r"((?:Phó )?(?:Chủ tịch|Bí thư) (?:HĐND|UBND|Quận ủy|Đảng ủy)?(?: (?:quận|phường))?)"
    r"((?: [A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*){2,8})(?: đồng)?\Z"
)
_FIRST_PARAGRAPHS = 1500  # characters of the body searched for the organ and the chair


def _words(text: str) -> str:
    """Folded lower-case words joined by single spaces (``&`` kept for "HĐND&UBND")."""
    return " ".join(re.findall(r"[\w&]+", fold(text).lower()))


def find_organ(text: str, is_ward: bool) -> str | None:
    """The first organ named in a text, with its level ("quận"/"phường") when stated."""
    words = _words(text)
    m = _ORGAN_RE.search(words)
    if m is None:
        return "phường" if is_ward else None
    name = next(label for pattern, label in _ORGANS if re.fullmatch(pattern, m.group(1)))
    if name in ("Quận ủy", "Đảng ủy phường"):
        return name
    level = _LEVEL_AFTER.match(words, m.end())
    if level is not None:
        return f"{name} {'phường' if level.group(1) == 'phuong' else 'quận'}"
    return f"{name} {'phường' if is_ward else 'quận'}"


def _trim_name(mention: str) -> str:
    """A role + name mention without trailing lower-case words ("… Vũ Đình Long đồng")."""
    words = mention.split()
    while len(words) > 2 and not words[-1][0].isupper():
        words.pop()
    return " ".join(words)


def _name_before(prefix: str) -> str | None:
    """Role and name written just before "chủ trì" when the surname is not a common one."""
    m = _ROLE_NAME.search(prefix.rstrip())
    if m is None:
        return None
    role, run = m.group(1), m.group(2).split()
    for place in (*HANOI_DISTRICTS, *HBT_WARDS):
        n = len(place.split())
        if len(run) > n + 1 and " ".join(run[:n]) == place:
            role, run = f"{role} {place}", run[n:]
            break
    return f"{role} {' '.join(run)}" if len(run) >= 2 else None


def find_chair(body: str) -> str | None:
    """Role and name of whoever presided (co-chairs joined by "; "), from "chủ trì"."""
    for sentence in re.split(r"(?<=[.;!?])\s+|\n+", body[:_FIRST_PARAGRAPHS]):
        at = _PRESIDE.search(fold(sentence).lower())
        if at is None:
            continue
        people = persons(sentence)
        before = [p for p in people if p[2] <= at.start()]
        if before:
            return "; ".join(_trim_name(p[0]) for p in before)
        if (own := _name_before(sentence[: at.start()])) is not None:
            return own
        if people:
            return _trim_name(people[0][0])
    return None


def record_meta(title: str, body: str) -> RecordMeta:
    """Organ, district, ward and chair of a record from its title and body."""
    place = article_locality(title, body)
    organ = find_organ(title, bool(place.ward))
    if organ is None or organ == "phường":
        organ = find_organ(body[:_FIRST_PARAGRAPHS], bool(place.ward)) or organ
    return RecordMeta(organ, place.district, place.ward, find_chair(body))


def organ_matches(organ: str | None, wanted: str) -> bool:
    """True when a stored organ matches a filter typed by a user ("hdnd", "UBND quận", "phường")."""
    want = _words(wanted)
    if not want:
        return True
    have = _words(organ or "")
    return bool(have) and all(w in have.split() for w in want.split())


@dataclass(frozen=True)
class RecordFilter:
    """Which records a search may return: a date range (ISO, inclusive) and organ or place."""

    since: str | None = None
    until: str | None = None
    organ: str | None = None
    district: str | None = None
    ward: str | None = None

    @property
    def active(self) -> bool:
        """True when anything is filtered."""
        return any((self.since, self.until, self.organ, self.district, self.ward))

    def matches(self, record: Any) -> bool:
        """True when a hit (or anything with the same attributes) passes every filter.

        The date is the meeting date, else the publication date; a record with neither
        fails a date filter.
        """
        day = getattr(record, "meeting_date", None) or getattr(record, "published", None)
        if (self.since or self.until) and not day:
            return False
        if day and ((self.since and day < self.since) or (self.until and day > self.until)):
            return False
        if self.organ and not organ_matches(getattr(record, "organ", None), self.organ):
            return False
        if self.district and not _place_is(getattr(record, "district", None), self.district):
            return False
        return not (self.ward and not _place_is(getattr(record, "ward", None), self.ward))


def _place_is(have: str | None, wanted: str) -> bool:
    """A stored place against one typed by a user, with or without "quận"/"phường"."""
    bare = re.sub(r"^(?:quan|phuong)\s+", "", _words(wanted))
    return same_place(have, bare)
