"""Reading place names in text and slugs: the token scanner behind ``gazetteer.find_places``.

A text is cut into word tokens, each folded once; at each token a unit word and a name ("huyện
Xuân Lộc", "TX. Hồng Lĩnh", "TPHCM"), an English form ("Dong Nai province") or a bare name that
only one unit bears are looked up by their folded joined key. `_narrow` then keeps, of a name that
several units share, the candidates inside the places named around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .gazetteer_data import Era, Level, Unit, ancestors, gazetteer, inside, joined_key, province_of
from .persons import _SURNAMES
from .place_words import (
    ABBREVIATIONS,
    BARE_STOP,
    COMMITTEE_TOKENS,
    COUNTED,
    EN_AFTER,
    EN_BODIES,
    EN_KINDS,
    FIRST_KEYS,
    KIND_LEVELS,
    NOT_NAMES,
    SLUG_STOP,
    TYPED_STOP,
    UNIT_TOKENS,
)
from .text import detect_lang, fold, normalize

Where = Literal["text", "host", "path"]
_TOKEN = re.compile(r"\w+")
_NAME_GAP = re.compile(r"[ \t]*(?:[-–][ \t]*)?\Z")  # between syllables of one name
_SPACE_GAP = re.compile(r"[ \t]+\Z")
_WORD_GAP = re.compile(r"[ \t]*\.?[ \t]*\Z")  # between a unit word and its name ("Q. Hải Châu")
_MAX_NAME = 5  # syllables
# Words before a unit word that make it plural or general: "các xã", "những phường", "mỗi xã".
_PLURAL = frozenset("cac nhung moi tung nhieu mot so toan".split())


@dataclass(frozen=True)
class PlaceMention:
    """A place written in a text or an address, with the units it can be (best first)."""

    start: int
    end: int
    text: str
    units: tuple[Unit, ...]
    word: str | None = None  # the unit word written ("thị xã" for "TX."), if any
    marked: bool = True  # a unit word (or an English one) was written with the name
    where: Where = "text"
    former: str | None = None  # a name as written when not the unit's own ("Long Điền")
    written_level: Level | None = None  # for a name missing from the list (no units)

    @property
    def level(self) -> Level:
        """ "province", "district" or "ward"."""
        return self.units[0].level if self.units else (self.written_level or "district")

    @property
    def name(self) -> str:
        """Canonical name with its unit word: "huyện Xuân Lộc", "thị xã Hồng Lĩnh", "Phường 1"."""
        if not self.units:
            return f"{self.word} {self.former}"
        u = self.units[0]
        kind = self.word if self.word and u.level in KIND_LEVELS[self.word] else u.kind
        name = self.former or u.name
        return f"{kind[0].upper()}{kind[1:]} {name}" if name.isdigit() else f"{kind} {name}"

    @property
    def unit(self) -> Unit | None:
        """The one unit meant, when the mention and its context leave only one."""
        return self.units[0] if len(self.units) == 1 else None

    @property
    def province(self) -> str | None:
        """Canonical name of the province, when every candidate lies in the same one."""
        names = {p.canonical for u in self.units if (p := province_of(u)) is not None}
        return names.pop() if len(names) == 1 else None

    @property
    def parents(self) -> tuple[str, ...]:
        """Canonical names of the units above, district first, when the unit is known."""
        return tuple(a.canonical for a in ancestors(self.unit)) if self.unit else ()


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    raw: str
    key: str  # folded
    cap: bool  # starts with a capital letter or a digit

    @property
    def upper(self) -> bool:
        return len(self.raw) > 1 and self.raw.isupper()


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

Found = tuple[Unit, str | None]  # a candidate and the unit word its former name was written with


@lru_cache(maxsize=65536)
def _fold_token(raw: str) -> str:
    return fold(raw)


def _tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.start(), m.end(), m.group(), _fold_token(m.group()), m.group()[0].isupper())
        for m in _TOKEN.finditer(text)
    ]


def _spelled(written: str, accented: str) -> bool:
    """True when words are written as ``accented`` ("Hoà"/"Hòa"), or without any marks."""
    return written.isascii() or normalize(written.lower()) == normalize(accented.lower())


def _unit_word(text: str, toks: list[_Tok], i: int) -> tuple[int, str, bool] | None:
    """(tokens used, unit word, abbreviated) of a unit word starting at token ``i``."""
    if toks[i].key not in FIRST_KEYS:
        return None
    pair = tuple(t.key for t in toks[i : i + 2])
    if pair in COMMITTEE_TOKENS and _NAME_GAP.match(text[toks[i].end : toks[i + 1].start]):
        spelled, word = COMMITTEE_TOKENS[pair]
        if _spelled(f"{toks[i].raw} {toks[i + 1].raw}", spelled):
            return 2, word, False
    for n in (2, 1):
        part = toks[i : i + n]
        if len(part) < n or tuple(t.key for t in part) not in UNIT_TOKENS:
            continue
        if n == 2 and not _NAME_GAP.match(text[part[0].end : part[1].start]):
            continue
        word = UNIT_TOKENS[tuple(t.key for t in part)]
        if _spelled(" ".join(t.raw for t in part), word):
            return n, word, False
    tok = toks[i]
    if tok.key in ABBREVIATIONS and (tok.upper or tok.raw in ("Tp", "Q", "P")):
        dot, word = ABBREVIATIONS[tok.key]
        after = text[tok.end : tok.end + 1]
        if not dot or after == "." or (tok.key == "q" and after.isdigit()):
            return 1, word, True
    return None


def _candidates(key: str, levels: tuple[Level, ...], word: str | None) -> list[Found]:
    """Units under a folded key at those levels, those of the written unit word first.

    A written unit word of another kind at the same level is kept as a fallback (a thị xã
    that became a thành phố); a number ("Quận 5") must be of the very kind written.
    """
    g = gazetteer()
    found: list[Found] = [
        (g.units[uid], None) for uid in g.by_key.get(key, ()) if g.units[uid].level in levels
    ]
    seen = {u.uid for u, _ in found}
    for uid, alias_word in g.aliases.get(key, ()):
        if g.units[uid].level in levels and uid not in seen:
            found.append((g.units[uid], alias_word))
            seen.add(uid)
    if not word:
        return found
    exact = [f for f in found if word in (f[0].kind, f[1])]
    return exact if exact or key.isdigit() else found


def _name_at(text: str, toks: list[_Tok], j: int, need_caps: bool) -> list[tuple[int, str]]:
    """(length, joined key) of the names that may start at token ``j``, longest first."""
    out: list[tuple[int, str]] = []
    key = ""
    for n in range(1, _MAX_NAME + 1):
        if j + n > len(toks):
            break
        t = toks[j + n - 1]
        if n > 1 and not _NAME_GAP.match(text[toks[j + n - 2].end : t.start]):
            break
        if need_caps and not (t.cap or t.raw[0].isdigit()):
            break
        key += t.key
        out.append((n, str(int(key)) if key.isdecimal() else key))
    return out[::-1]


def _counts_something(text: str, toks: list[_Tok], k: int) -> bool:
    """True when token ``k`` makes the number before it a quantity ("6 thang dau nam").

    Not when that word takes a number of its own ("quan 5 nam 2020": District 5 in 2020).
    """
    if k >= len(toks):
        return False
    gap = text[toks[k - 1].end : toks[k].start]
    if gap.strip() == "%":
        return True
    if not _SPACE_GAP.match(gap) or toks[k].key not in COUNTED:
        return False
    return not (k + 1 < len(toks) and toks[k + 1].key.isdecimal())


def _era_ok(u: Unit, era: Era | None) -> bool:
    return era is None or u.era in (era, "both")


def _as_written(written: str, found: list[Found]) -> list[Found]:
    """Candidates whose name is spelled as written, when it is written with diacritics."""
    if written.isascii():
        return found
    bare = " ".join(re.split(r"[\s_–-]+", written))
    return [f for f in found if f[1] is not None or _spelled(bare, f[0].name)]


def _mention(
    text: str,
    span: tuple[int, int, int, int],
    found: list[Found],
    word: str | None,
    marked: bool,
    where: Where,
) -> PlaceMention:
    """A mention from its span (start, name start, name end, end) and candidates."""
    a, na, nb, b = span
    units = tuple(dict.fromkeys(u for u, _ in found))
    u, alias_word = found[0]
    former = None
    parts = re.split(r"[\s_–-]+", text[na:nb])
    if where != "host" and len(parts) > 1 and joined_key(text[na:nb]) != joined_key(u.name):
        former = " ".join(w[:1].upper() + w[1:].lower() for w in parts)  # "huyện Long Điền"
    return PlaceMention(a, b, text[a:b], units, word or alias_word, marked, where, former)


def _scan(text: str, era: Era | None, where: Where) -> list[PlaceMention]:
    """Every place mention of a text or a slug, before narrowing."""
    toks = _tokens(text)
    cased = where == "text" and any(c.isupper() for c in text) and any(c.islower() for c in text)
    out: list[PlaceMention] = []
    i = 0
    while i < len(toks):
        found = _marked_at(text, toks, i, cased, era, where) or _bare_at(
            text, toks, i, cased, era, where
        )
        if found is None:
            uw = _unit_word(text, toks, i)
            i += uw[0] if uw else 1  # "thị xã X" unknown: not "xã X"
            continue
        mention, i = found
        out.append(mention)
    return out


def _marked_at(
    text: str, toks: list[_Tok], i: int, cased: bool, era: Era | None, where: Where
) -> tuple[PlaceMention, int] | None:
    """A unit word and a name at token ``i`` ("huyện Xuân Lộc", "TP.HCM"), and the next token."""
    glued = _glued_at(text, toks, i, era, where)
    if glued is not None:
        return glued
    uw = _unit_word(text, toks, i)
    if uw is None or i + uw[0] >= len(toks):
        return None
    n, word, abbreviated = uw
    j = i + n
    gap = text[toks[j - 1].end : toks[j].start]
    if not (_WORD_GAP if abbreviated or where != "text" else _SPACE_GAP).match(gap):
        return None
    need_caps = cased and not (toks[i].upper and toks[j].upper)
    around = text[max(0, toks[i].start - 40) : toks[j - 1].end + 40]
    if not abbreviated and text[toks[i].start : toks[j - 1].end].isascii() and not around.isascii():
        return None  # "xa" amid words with marks is "far", not "xã"
    unmarked = text[toks[i].start : toks[j - 1].end].isascii()
    if unmarked and not need_caps and i > 0 and toks[i - 1].key in _PLURAL:
        return None  # "cac xa chua dat": the communes in general, no name follows
    for length, key in _name_at(text, toks, j, need_caps):
        a, na, b = toks[i].start, toks[j].start, toks[j + length - 1].end
        if key.isdecimal() and unmarked and _counts_something(text, toks, j + length):
            continue  # "tuyen quan 6 thang": six months of "tuyển quân", not Quận 6
        found = _as_written(text[na:b], _candidates(key, KIND_LEVELS[word], word))
        if length == 1 and text[na:b].isascii():
            # One word typed without marks is no name of several ("xa chua dat" is no "xã
            # Chư Á"); a province typed as one word stays ("tp hanoi").
            found = [f for f in found if " " not in f[0].name or f[0].level == "province"]
        preferred = [f for f in found if _era_ok(f[0], era)] or found
        if preferred:
            return _mention(text, (a, na, b, b), preferred, word, True, where), j + length
    return _unknown_at(text, toks, i, j, word, need_caps, where)


def _unknown_at(
    text: str, toks: list[_Tok], i: int, j: int, word: str, need_caps: bool, where: Where
) -> tuple[PlaceMention, int] | None:
    """A unit word and a capitalised name missing from the list ("thị xã Duyên Hải")."""
    if where != "text" or not need_caps:
        return None
    run = 0
    while j + run < len(toks) and toks[j + run].cap and not toks[j + run].upper:
        if run and not _NAME_GAP.match(text[toks[j + run - 1].end : toks[j + run].start]):
            break
        run += 1
    if run != 2 or toks[j].key in _SURNAMES or toks[j].key in NOT_NAMES:
        return None  # a person after the unit word ("quận Nông Thị Hải Yến"), a "Khóa"…
    a, b = toks[i].start, toks[j + run - 1].end
    name = " ".join(t.raw for t in toks[j : j + run])
    level = KIND_LEVELS[word][-1]
    return PlaceMention(a, b, text[a:b], (), word, True, where, name, level), j + run


_QUARTER_AFTER = re.compile(r"[ \t]*(?:[/.-][ \t]*|of[ \t]+)?(?:19|20)\d\d\b", re.I)
_QUARTER_BEFORE = re.compile(r"\b(?:in|during|for|by|the|from|to|and)[ \t]+\Z", re.I)


def _quarter(text: str, tok: _Tok) -> bool:
    """True when "Q1"…"Q4" is a quarter ("Q1 2020", "Q3/2022", "in Q2"), not Quận 1…4."""
    if tok.key not in ("q1", "q2", "q3", "q4"):
        return False
    return bool(_QUARTER_AFTER.match(text, tok.end) or _QUARTER_BEFORE.search(text[: tok.start]))


def _glued_at(
    text: str, toks: list[_Tok], i: int, era: Era | None, where: Where
) -> tuple[PlaceMention, int] | None:
    """An abbreviation glued to a name in one word: "TPHCM", "Q5"."""
    tok = toks[i]
    if not tok.key.startswith(("tp", "tx", "q")) or not tok.upper:
        return None
    for prefix, word in (("tp", "thành phố"), ("tx", "thị xã"), ("q", "quận")):
        rest = tok.key[len(prefix) :]
        if not tok.key.startswith(prefix) or not rest or not tok.raw[: len(prefix)].isupper():
            continue
        if prefix == "q" and (not rest.isdigit() or _quarter(text, tok)):
            continue
        key = str(int(rest)) if rest.isdecimal() else rest
        found = [f for f in _candidates(key, KIND_LEVELS[word], word) if _era_ok(f[0], era)]
        if found:
            span = (tok.start, tok.start + len(prefix), tok.end, tok.end)
            return _mention(text, span, found, word, True, where), i + 1
    return None


def _bare_at(
    text: str, toks: list[_Tok], i: int, cased: bool, era: Era | None, where: Where
) -> tuple[PlaceMention, int] | None:
    """A name written without a unit word that can only be one unit, and the next token.

    In a text typed in lower case without marks ("thu ngan sach ha noi"), only a province's
    name of two syllables or more that is no everyday phrase ("hoa binh") counts.
    """
    typed_bare = (
        where == "text"
        and not cased
        and text.isascii()
        and text == text.lower()
        and detect_lang(text) != "en"  # "how long an application takes" names no Long An
    )
    if where == "text" and not typed_bare and (not cased or not toks[i].cap or toks[i].upper):
        return None
    if i > 0 and where == "text":
        prev = toks[i - 1]
        if prev.cap and not prev.upper and _NAME_GAP.match(text[prev.end : toks[i].start]):
            return None  # inside a longer proper name ("Nguyễn Thanh Hải")
    for length, key in _name_at(text, toks, i, where == "text" and not typed_bare):
        everyday = (key in SLUG_STOP and where == "path") or (typed_bare and key in TYPED_STOP)
        if key in BARE_STOP or key.isdigit() or everyday:
            continue
        if where == "path" and any((t.key,) in UNIT_TOKENS for t in toks[i : i + length]):
            continue  # "nhan-dan-phuong-hoa-loi" is no "Đan Phượng"
        end = i + length
        levels: tuple[Level, ...] = ("province", "district", "ward")
        marked = False
        nxt = toks[end] if end < len(toks) else None
        if nxt is not None and _NAME_GAP.match(text[toks[end - 1].end : nxt.start]):
            if nxt.key in EN_AFTER:
                levels, marked = EN_AFTER[nxt.key], nxt.key not in EN_BODIES
            elif nxt.cap and where == "text":
                continue  # part of a longer name
        if where == "path" and not marked:
            levels = ("province", "district")
        a, nb = toks[i].start, toks[end - 1].end
        found = _as_written(text[a:nb], _candidates(key, levels, None))
        found = [f for f in found if f[1] is None and _era_ok(f[0], era)]  # no former names
        if length == 1 or typed_bare:
            found = [f for f in found if f[0].level == "province" and " " in f[0].name]
        elif marked and len(found) > 1 and where == "text" and nxt is not None:
            # "Hoa Thanh town": the units of that kind, all kept for the places around it to
            # narrow (as a Vietnamese unit word's are).
            found = [f for f in found if f[0].kind in EN_KINDS.get(nxt.key, ())] or found
        elif len(found) > 1 and where == "text":
            # A capitalised bare name that a province and smaller units share ("Hải Dương",
            # "Binh Duong's"): written alone, it names the province.
            found = [f for f in found if f[0].level == "province"] or found
        elif not marked and where == "path" and length == 2:
            found = [f for f in found if f[0].level == "province"] or (
                found if len(found) == 1 and found[0][0].level == "district" else []
            )
        if len(found) == 1 or (found and marked and where == "text"):
            stop = end + 1 if marked else end
            span = (a, a, nb, toks[stop - 1].end)
            return _mention(text, span, found, None, marked, where), stop
    return None


def _narrow(
    mentions: list[PlaceMention], context: tuple[Unit, ...], era: Era | None
) -> list[PlaceMention]:
    """Each mention's candidates reduced to those inside (or around) the known places."""
    for _ in range(2):
        anchors = [*context, *(m.unit for m in mentions if m.unit is not None)]
        out = []
        for m in mentions:
            units = m.units
            if len(units) > 1:
                units = _closest(units, anchors)
            if len(units) > 1 and era is not None:
                units = tuple(u for u in units if _era_ok(u, era)) or units
            if len(units) > 1 and m.where == "host":  # a host names a district before a ward
                top = min(_DEPTH[u.level] for u in units)
                units = tuple(u for u in units if _DEPTH[u.level] == top)
            out.append(m if units == m.units else _renamed(m, units))
        mentions = out
    return mentions


_DEPTH = {"province": 1, "district": 2, "ward": 3}


def _closest(units: tuple[Unit, ...], anchors: list[Unit]) -> tuple[Unit, ...]:
    """The candidates inside (or around) the most specific known place, if any is."""
    scored = [
        (max((_DEPTH[a.level] for a in anchors if a != u and inside(u, a)), default=0), u)
        for u in units
    ]
    top = max(score for score, _ in scored)
    return tuple(u for score, u in scored if score == top) if top else units


def _renamed(m: PlaceMention, units: tuple[Unit, ...]) -> PlaceMention:
    """The mention with fewer candidates."""
    return PlaceMention(
        m.start, m.end, m.text, units, m.word, m.marked, m.where, m.former, m.written_level
    )
