"""What a record is about: the organ that met, its place at every level, and who chaired.

Pure functions over an article's title, opening paragraphs and address. The organ is read from
the title first (the headline names the body that met: "HĐND huyện Xuân Lộc tổ chức Kỳ họp…"),
else from the opening (the chair's office when the opening says who chaired before it names the
body that met); its kind ("HĐND") and level ("huyện") are kept apart. The place is the
unit that met, checked against the list of administrative units (``language.gazetteer``): the one
written with the organ, else one named in the title, else in the body, then in the address
("/quan-thanh-khe-…"), then in the site's name ("longbien.hanoi.gov.vn"); the units above a ward
or a district come from the list when they are certain. `RecordMeta.sources` says where each
field was read: "title", "body", "address", "site" or "gazetteer". The chair comes from
``chairs``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..language.gazetteer import (
    PlaceMention,
    Unit,
    ancestors,
    find_places,
    places_from_url,
    predecessors,
    successor,
)
from ..language.gazetteer_data import Era, gazetteer, inside, joined_key
from ..language.places import bare_place, same_place
from ..language.text import fold
from .chairs import find_chair
from .organs import Organ, find_organs, organ_name

__all__ = [
    "RecordFilter",
    "RecordMeta",
    "find_chair",
    "find_organ",
    "organ_matches",
    "place_matches",
    "record_meta",
]

_FIRST_PARAGRAPHS = 1500  # characters of the body searched for the organ, place and chair
_WARD_KINDS = ("phường", "xã", "thị trấn", "đặc khu")
_LEVEL_OF_KIND = {
    "tỉnh": "province", "quận": "district", "huyện": "district", "thị xã": "district",
    "phường": "ward", "xã": "ward", "thị trấn": "ward", "đặc khu": "ward",
}  # fmt: skip
_DEPTH = {"province": 1, "district": 2, "ward": 3}


@dataclass(frozen=True)
class RecordMeta:
    """Organ, places and chair of a record, and where each was read.

    ``organ`` is the display form ("HĐND huyện", "Quận ủy", "phường" for a ward's record with
    no organ named); ``organ_kind`` ("HĐND") and ``organ_level`` ("huyện") are its parts. Places
    carry their unit word: ``province`` "tỉnh Đồng Nai", ``district`` "huyện Xuân Lộc", ``ward``
    "phường Bách Khoa"; ``place_level`` is the level of the unit that met ("province",
    "district" or "ward").
    """

    organ: str | None = None
    district: str | None = None
    ward: str | None = None
    chair: str | None = None
    organ_kind: str | None = None
    organ_level: str | None = None
    province: str | None = None
    place_level: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def find_organ(text: str, is_ward: bool) -> str | None:
    """The first organ named in a text, as shown ("HĐND phường", "Quận ủy"); "phường" for a
    ward's text that names none."""
    organ = _pick_organ(find_organs(text))
    if organ is None:
        return "phường" if is_ward else None
    return organ.name if organ.level else organ_name(organ.kind, "phường" if is_ward else None)


def _pick_organ(organs: list[Organ], strict: bool = False) -> Organ | None:
    """The organ that met: the first not named as someone's office, else (unless ``strict``)
    the first."""
    fallback = None if strict else next(iter(organs), None)
    return next((o for o in organs if not o.role), fallback)


_PRESIDE = re.compile(r"\b(?:dong )?(?:chu tri|chu toa)\b|\b(?:chaired|presided)\b")


def _chair_organ(body: str, organs: list[Organ]) -> Organ | None:
    """The office of whoever chaired, in the first sentence saying so: the organ nearest to
    "chủ trì" ("Chủ trì kỳ họp có ông A, Phó Chủ tịch HĐND huyện", "Chairman of the City
    People's Committee B chaired")."""
    folded = fold(body).lower()
    said = _PRESIDE.search(folded) if len(folded) == len(body) else None
    if said is None:
        return None
    start = max(folded.rfind(c, 0, said.start()) for c in ".!?\n") + 1
    ends = [i for c in ".!?\n" if (i := folded.find(c, said.end())) >= 0]
    end = min(ends, default=len(folded))
    inside = [o for o in organs if start <= o.start and o.end <= end]
    return min(
        inside,
        key=lambda o: o.start - said.end() if o.start >= said.end() else said.start() - o.end,
        default=None,
    )


def _body_organ(body: str, organs: list[Organ]) -> Organ | None:
    """The organ the opening names as the body that met, or the chair's office when the
    opening says who chaired before it names any such body."""
    named = _pick_organ(organs, strict=True)
    chair = _chair_organ(body, organs)
    if chair is not None and (named is None or chair.start < named.start):
        return chair
    return named


# -- the place --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """A place mention and where it was read."""

    mention: PlaceMention
    source: str


def _attached(organ: Organ | None, mentions: list[PlaceMention], text: str) -> PlaceMention | None:
    """The place written with the organ: "HĐND huyện Đức Trọng", "HĐND Q. Hải Châu", and in
    English before it: "Hanoi People's Council", "Hai Duong Provincial People's Council"."""
    if organ is None:
        return None
    for m in mentions:
        if organ.start < m.start <= organ.end + 3 and not re.search(
            r"[.,;:()]", text[organ.end : m.start]
        ):
            return m
        if m.start < organ.start <= m.end + 1:
            return m
    return None


def _organ_with(
    place: PlaceMention, organs: list[Organ], mentions: list[PlaceMention], text: str
) -> Organ | None:
    """The first organ of a text written with the same unit as ``place`` ("UBND huyện X")."""
    if place.unit is None:
        return None
    same = [m for m in mentions if m.unit is not None and m.unit.uid == place.unit.uid]
    return next((o for o in organs if same and _attached(o, same, text) is not None), None)


def _choose(found: list[_Found], level: str | None) -> _Found | None:
    """The place at the organ's level if one is named, else the most specific, first first."""
    if not found:
        return None
    if level is not None:
        at_level = [f for f in found if f.mention.level == level]
        return at_level[0] if at_level else None
    deepest = max(_DEPTH[f.mention.level] for f in found)
    return next(f for f in found if _DEPTH[f.mention.level] == deepest)


def _organ_place_level(organ: Organ | None, site: list[PlaceMention]) -> str | None:
    """The level of the unit an organ sits at ("thành phố" is a province or a district)."""
    if organ is None or organ.level is None:
        return None
    if organ.level == "thành phố":
        for m in site:
            if m.units and m.units[0].kind == "thành phố":
                return m.level
        return None
    return _LEVEL_OF_KIND.get(organ.level)


def _refine(own: _Found, others: list[_Found], level: str | None) -> _Found:
    """A more specific unit inside the chosen one, named elsewhere, when the level allows."""
    if own.mention.unit is None or level == own.mention.level:
        return own
    for f in others:
        u = f.mention.unit
        if u is not None and _DEPTH[u.level] > _DEPTH[own.mention.level]:
            if any(a.uid == own.mention.unit.uid for a in ancestors(u)):
                return f
    return own


def _parents(own: _Found, all_found: list[_Found]) -> dict[str, tuple[str, str]]:
    """Province and district above the unit (name, source), from the list or the text."""
    out: dict[str, tuple[str, str]] = {}
    m = own.mention
    if m.unit is not None:
        for a in ancestors(m.unit):
            out[a.level] = (a.canonical, "gazetteer")
    elif m.province:
        out["province"] = (m.province, "gazetteer")
    for f in all_found:  # a unit named beside it ("phường Bách Khoa (quận Hai Bà Trưng)")
        u = f.mention.unit
        if u is None or f is own or u.level == m.level or _DEPTH[u.level] > _DEPTH[m.level]:
            continue
        if u.level not in out and (m.unit is None or _consistent(m.unit, u)):
            out[u.level] = (f.mention.name, f.source)
    return out


def _consistent(unit: Unit, above: Unit) -> bool:
    """True when ``above`` is one of the units over ``unit`` (or a province it became part of)."""
    return inside(unit, above)


def _place(
    title: str,
    body: str,
    url: str | None,
    era: Era | None,
    organs: tuple[Organ | None, ...],
    body_organs: list[Organ],
) -> tuple[_Found | None, dict[str, tuple[str, str]], Organ | None]:
    """The unit that met, the units above it, and the organ the place was read with."""
    address = places_from_url(url, era) if url else []
    site = [m for m in address if m.where == "host"]
    path = [m for m in address if m.where == "path"]
    context = tuple(m.unit for m in address if m.unit is not None)
    in_title, in_body = find_places(title, era, context), find_places(body, era, context)
    # Each text narrows the other: "Phường Minh Khai" in the title, "(quận Hai Bà Trưng)" below.
    context += tuple(m.unit for m in (*in_title, *in_body) if m.unit is not None)
    in_title, in_body = find_places(title, era, context), find_places(body, era, context)
    title_organ, body_organ = organs
    organ = title_organ or body_organ
    level = _organ_place_level(organ, site)
    if title_organ is None and level is not None and in_title:
        if not any(m.level == level for m in in_title):
            # A place the title names outranks a body organ of another level ("Thạch Thành thu
            # ngân sách…" over "chỉ đạo của UBND tỉnh"): the organ written with it, if any.
            named = _choose([_Found(m, "title") for m in in_title], None)
            with_it = _organ_with(named.mention, body_organs, in_body, body) if named else None
            organ = with_it or organ
            level = _organ_place_level(with_it, site) if with_it else None
    every = [
        *(_Found(m, "title") for m in in_title),
        *(_Found(m, "body") for m in in_body),
        *(_Found(m, "address") for m in path),
        *(_Found(m, "site") for m in site),
    ]
    in_title_at = _attached(title_organ, in_title, title)
    in_body_at = _attached(body_organ, in_body, body)
    own = (
        (_Found(in_title_at, "title") if in_title_at else None)
        or _choose([f for f in every if f.source == "title"], level)
        or (_Found(in_body_at, "body") if in_body_at else None)
        or _choose([f for f in every if f.source == "body" and f.mention.marked], level)
        or _choose([f for f in every if f.source == "address"], level)
        or _choose([f for f in every if f.source == "site"], level)
    )
    if own is None:
        return None, {}, organ
    if level is None and (organ is None or organ.level is None):
        own = _refine(own, every, None)
    return own, _parents(own, every), organ


def record_meta(
    title: str, body: str, url: str | None = None, era: Era | None = None
) -> RecordMeta:
    """Organ, places and chair of a record from its title, opening paragraphs and address."""
    body = body[:_FIRST_PARAGRAPHS]
    title_organs, body_organs = find_organs(title), find_organs(body)
    organs = (_pick_organ(title_organs, strict=True), _body_organ(body, body_organs))
    if organs == (None, None):  # only offices ("Chủ tịch UBND huyện"): they name the organ
        organs = (_pick_organ(title_organs), _pick_organ(body_organs))
    own, above, organ = _place(title, body, url, era, organs, body_organs)
    sources: dict[str, str] = {}
    places: dict[str, str | None] = {"province": None, "district": None, "ward": None}
    place_level = None
    if own is not None:
        place_level = own.mention.level
        places[place_level] = own.mention.name
        sources[place_level] = own.source
        for above_level, (name, src) in above.items():
            if places.get(above_level) is None and src is not None:
                places[above_level], sources[above_level] = name, src
    kind = organ.kind if organ else None
    level = organ.level if organ else None
    if organ is not None:
        sources["organ"] = "title" if organ in title_organs else "body"
    if kind is not None and level is None and own is not None:
        level = _kind_of(own.mention)
    shown = organ_name(kind, level)
    if shown is None and place_level == "ward" and own is not None:
        shown = _kind_of(own.mention)  # a ward's record that names no organ
    chair = find_chair(body)
    if chair:
        sources["chair"] = "body"
    return RecordMeta(
        shown, places["district"], places["ward"], chair, kind, level, places["province"],
        place_level, sources,
    )  # fmt: skip


def _kind_of(m: PlaceMention) -> str:
    """The unit word of a mention's canonical name ("huyện", "thị xã", "phường")."""
    name = m.name
    for word in ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "quận", "huyện", "phường",
                 "xã"):  # fmt: skip
        if name.lower().startswith(word + " "):
            return word
    return m.units[0].kind if m.units else name.split()[0].lower()


# -- search filters ---------------------------------------------------------------------------


def _words(text: str) -> str:
    """Folded lower-case words joined by single spaces (``&`` kept for "HĐND&UBND")."""
    return " ".join(re.findall(r"[\w&]+", fold(text).lower()))


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
    place: str | None = None  # at any level, old or new name, with or without diacritics
    undated: bool = False  # True: records with no date at all pass a date filter

    @property
    def active(self) -> bool:
        """True when anything is filtered."""
        return any((self.since, self.until, self.organ, self.district, self.ward, self.place))

    def matches(self, record: Any) -> bool:
        """True when a hit (or anything with the same attributes) passes every filter.

        The date is the meeting date, else the publication date (either may be inferred),
        else the record's year (as the whole year); a record with none fails a date filter
        unless ``undated``.
        """
        day = _record_day(record)
        if (self.since or self.until) and not day and not self.undated:
            return False
        if day and ((self.since and day[1] < self.since) or (self.until and day[0] > self.until)):
            return False
        if self.place and not place_matches(record, self.place):
            return False
        if self.organ and not organ_matches(getattr(record, "organ", None), self.organ):
            return False
        if self.district and not _place_is(getattr(record, "district", None), self.district):
            return False
        return not (self.ward and not _place_is(getattr(record, "ward", None), self.ward))

    def undated_count(self, records: Iterable[Any]) -> int:
        """How many records have no date at all yet pass the other filters."""
        keep = replace(self, undated=True)
        return sum(1 for r in records if _record_day(r) is None and keep.matches(r))


def _record_day(record: Any) -> tuple[str, str] | None:
    """(first, last) ISO day a record is filed under: its meeting or publication day, else
    its year (inferred ones count: the views label them)."""
    day = getattr(record, "meeting_date", None) or getattr(record, "published", None)
    if day:
        return day, day
    year = getattr(record, "year", None)
    return (f"{year}-01-01", f"{year}-12-31") if year else None


_PLACE_FIELDS = (("province", "province"), ("district", "district"), ("ward", "ward"))
_MAX_NAMESAKES = 3  # a name many units share is matched as written, without old/new names


@lru_cache(maxsize=256)
def place_keys(wanted: str) -> frozenset[tuple[str | None, str]]:
    """(level or None for any, folded bare name) a record's place may have to match a place
    typed by a user: the name itself at any level, and for a province or a ward the names it
    had before or after 1 July 2025 ("Hải Dương" finds records of thành phố Hải Phòng too)."""
    bare = bare_place(wanted)
    keys: set[tuple[str | None, str]] = {(None, bare)} if bare else set()
    if not bare:
        return frozenset()
    g = gazetteer()
    units = [u for uid in g.by_key.get(joined_key(bare), []) if (u := g.units.get(uid))]
    for level in ("province", "ward"):  # a district has no successor of its own level
        named = [u for u in units if u.level == level]
        if named:
            if len(named) <= _MAX_NAMESAKES:
                for u in named:
                    for other in (*successor(u), *predecessors(u)):
                        if other.level == level:
                            keys.add((level, bare_place(other.name)))
            break
        if any(u.level == "district" for u in units):
            break
    return frozenset(keys)


def place_matches(record: Any, wanted: str) -> bool:
    """True when a record's province, district or ward is the place typed by a user."""
    keys = place_keys(wanted.strip())
    for attr, level in _PLACE_FIELDS:
        have = bare_place(getattr(record, attr, None) if not isinstance(record, dict)
                          else record.get(attr))  # fmt: skip
        if have and ((None, have) in keys or (level, have) in keys):
            return True
    return False


def _place_is(have: str | None, wanted: str) -> bool:
    """A stored place against one typed by a user, with or without its unit word."""
    return same_place(have, wanted)
