"""Places named in a text or an address, resolved against the list of administrative units.

`find_places` reads a text: a unit word and a name ("huyện Xuân Lộc", "Q. Hải Châu", "TX. Hồng
Lĩnh", "TP.HCM", "Phường 1"), an English form ("Hoan Kiem district", "Hai Duong provincial",
"Hanoi People's Council"), or a bare name when it can only be one unit ("Đà Nẵng", "Hà Tĩnh");
with or without diacritics. Each mention keeps its span, its level, its canonical name and the
candidate units; a mention that could be several units is narrowed by the others of the same text
(a ward by the district or province written next to it). `places_from_url` reads host labels
("phuochai.nhatrang.khanhhoa.gov.vn") and slugs ("/quan-thanh-khe-phan-dau…"). `successor`,
`predecessors` and `same_unit` follow the reorganisation of 1 July 2025 (districts dissolved,
provinces and wards merged), so a record naming an old ward and one naming its new ward meet.

Matching is one pass over word tokens with dictionary look-ups of their folded joined forms (a
few microseconds per word; the list itself loads once, see ``gazetteer_data``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from .gazetteer_data import (
    Era,
    Level,
    Unit,
    ancestors,
    gazetteer,
    inside,
    predecessors,
    province_of,
    same_unit,
    successor,
    unit,
)
from .place_scan import (
    PlaceMention,
    _candidates,
    _era_ok,
    _mention,
    _narrow,
    _scan,
)
from .place_words import KIND_LEVELS

__all__ = [
    "PlaceMention",
    "Unit",
    "ancestors",
    "find_places",
    "places_from_url",
    "predecessors",
    "province_of",
    "same_unit",
    "successor",
    "unit",
]


def find_places(
    text: str, era: Era | None = None, context: tuple[Unit, ...] = ()
) -> list[PlaceMention]:
    """Every administrative unit named in a text, in order, with spans into ``text``.

    ``era`` ("old": before 1 July 2025, "new": since) decides between an old and a new unit of
    the same name; ``context`` (units known from elsewhere, such as the address) narrows a name
    that many units share ("Phường 1").
    """
    return _narrow(_scan(text, era, "text"), context, era)


# ---------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------

_HOST_SKIP = frozenset(
    "www english en vn gov com net org edu info dcs portal mobile m web cand qdnd".split()
)
# Words glued to a place in a host name: "baodanang", "dbndhanoi", "halongcity", "phuyennews",
# and the district media centres' "ttth" (trung tâm truyền thanh – truyền hình).
_HOST_AFFIXES = (
    "bao truyenhinh ttth ubnd hdnd dbnd mttq dangbo congan tinhuy city news times tv online".split()
)
_HOST_UNIT_WORDS = {
    "thanhpho": "thành phố", "tp": "thành phố", "tinh": "tỉnh", "quan": "quận", "huyen": "huyện",
    "thixa": "thị xã", "tx": "thị xã", "phuong": "phường", "xa": "xã", "thitran": "thị trấn",
}  # fmt: skip
_MIN_HOST_KEY = 4  # "lak", "hue" and the like are too short to find inside a host name


@lru_cache(maxsize=4096)
def _segment(label: str) -> tuple[tuple[str | None, str], ...] | None:
    """A host label cut into (unit word, name key) parts, affixes dropped; None if it is not.

    The whole label must be covered; of the ways to cut it, the one with fewest names, then
    fewest pieces ("bao|lamdong", not "baolam|dong").
    """
    g = gazetteer()
    # position → (names, pieces, parts, pending unit word)
    best: dict[int, tuple[int, int, tuple[tuple[str | None, str], ...], str | None]] = {
        0: (0, 0, (), None)
    }
    for p in range(len(label)):
        if p not in best:
            continue
        names, pieces, parts, word = best[p]
        for q in range(p + 1, len(label) + 1):
            piece = label[p:q]
            step: tuple[int, int, tuple[tuple[str | None, str], ...], str | None]
            if piece in _HOST_AFFIXES and word is None:
                step = (names, pieces + 1, parts, None)
            elif piece in _HOST_UNIT_WORDS and word is None:
                step = (names, pieces + 1, parts, _HOST_UNIT_WORDS[piece])
            elif (
                (piece.isdigit() and word is not None)
                or (len(piece) >= _MIN_HOST_KEY and (piece in g.by_key or piece in g.aliases))
                or (q == len(label) and pieces and not names and word is None and _short(piece))
            ):
                key = str(int(piece)) if piece.isdecimal() else piece
                step = (names + 1, pieces + 1, (*parts, (word, key)), None)
            else:
                continue
            if q not in best or step[:2] < best[q][:2]:
                best[q] = step
    found = best.get(len(label))
    return found[2] if found and found[2] and found[3] is None else None


def _short(piece: str) -> bool:
    """A name too short to look for inside a host name ("lak", "hue") that may still end one
    after a prefix ("ttthlak"): a district or a province."""
    return len(piece) < _MIN_HOST_KEY and bool(_candidates(piece, ("province", "district"), None))


def _host_mentions(url: str, host: str, era: Era | None) -> list[PlaceMention]:
    """Places in host labels, most specific first, each narrowed by the labels after it."""
    at = url.find(host)
    out: list[PlaceMention] = []
    pos = at
    for label in host.split("."):
        start = url.find(label, pos)
        pos = start + len(label)
        if label in _HOST_SKIP or not label.isalnum():
            continue
        for word, key in _segment(label) or ():
            levels: tuple[Level, ...] = (
                KIND_LEVELS[word] if word else ("province", "district", "ward")
            )
            found = [f for f in _candidates(key, levels, word) if _era_ok(f[0], era)]
            found = found or _candidates(key, levels, word)
            if found:
                span = (start, start, start + len(label), start + len(label))
                out.append(_mention(url, span, found, word, word is not None, "host"))
    if not out:
        return out
    # "phuochai.nhatrang.khanhhoa": each label lies inside the next.
    narrowed = _narrow(out[::-1], (), era)
    return narrowed[::-1]


def _respan(m: PlaceMention, decoded: str) -> PlaceMention:
    """A slug mention with the address's own characters as its text."""
    return PlaceMention(m.start, m.end, decoded[m.start : m.end], m.units, m.word, m.marked,
                        m.where, m.former, m.written_level)  # fmt: skip


def places_from_url(url: str, era: Era | None = None) -> list[PlaceMention]:
    """Places an address names: in its host ("longbien.hanoi.gov.vn", where "host") and in its
    path and query slugs ("/quan-thanh-khe-…", "title=HOI-DONG-NHAN-DAN-PHUONG-HOA-LOI",
    where "path"). Spans are offsets into the percent-decoded address."""
    decoded = unquote(url)
    try:
        parts = urlsplit(decoded)
    except ValueError:
        return []
    host = (parts.hostname or "").lower()
    hosts = _host_mentions(decoded, host, era) if host else []
    rest_at = decoded.find(parts.path) if parts.path else len(decoded)
    slug = re.sub(r"[/?&=#_+.-]", " ", decoded[rest_at:])  # same length: spans still hold
    paths = _scan(" " * rest_at + slug, era, "path")  # padded: spans are offsets in ``decoded``
    paths = [_respan(m, decoded) for m in paths]
    anchors = tuple(m.unit for m in hosts if m.unit is not None)
    provinces = {p.uid for a in anchors if (p := province_of(a)) is not None}
    if provinces:  # a bare name in a slug must lie in the site's province
        paths = [
            m
            for m in paths
            if m.marked or any(inside(u, up) for u in m.units for p in provinces if (up := unit(p)))
        ]
    return [*hosts, *_narrow(paths, anchors, era)]
