"""The bodies that meet, named in a record: the organ's kind and the level it sits at.

Pure functions. Kinds: "HĐND", "Thường trực HĐND", "UBND", "Đảng ủy", "MTTQ"; levels: "tỉnh",
"thành phố", "quận", "huyện", "thị xã", "phường", "xã", "thị trấn". Read from Vietnamese with or
without diacritics ("HĐND huyện", "Hội đồng nhân dân phường", "Quận ủy", "Thị uỷ", "UBND&HĐND
quận", "HĐND lâm thời phường") and English ("Standing Committee of the Provincial People's
Council", "Hanoi People's Council", "district People's Committee").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..language.text import fold

__all__ = ["ORGAN_KINDS", "Organ", "find_organs", "organ_name"]

ORGAN_KINDS = ("Thường trực HĐND", "HĐND", "UBND", "Đảng ủy", "MTTQ")
# Folded spellings, most specific first.
_KINDS: tuple[tuple[str, str], ...] = (
    (r"thuong truc (?:hdnd|hoi dong nhan dan)", "Thường trực HĐND"),
    (r"(?:ban thuong vu )?(?:quan|huyen|thi|tinh|thanh) uy(?! vien)", "Đảng ủy"),
    (r"dang uy", "Đảng ủy"),
    (r"hdnd|hoi dong nhan dan", "HĐND"),
    (r"ubnd|uy ban nhan dan", "UBND"),
    (r"ub ?mttq(?:vn)?|mttq(?:vn)?|uy ban mat tran to quoc(?: viet nam)?|mat tran to quoc", "MTTQ"),
    (
        r"standing committee of the (?:(?:provincial|municipal|city|district) )?people\W?s "
        r"council",
        "Thường trực HĐND",
    ),
    (r"(?:(?:provincial|municipal|city|district|ward|commune) )?people\W?s council", "HĐND"),
    (r"(?:(?:provincial|municipal|city|district|ward|commune) )?people\W?s committee", "UBND"),
    (r"(?:(?:provincial|municipal|city|district) )?party committee", "Đảng ủy"),
    (r"fatherland front", "MTTQ"),
)
_ORGAN_RE = re.compile(
    r"(?<![\w&])(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_KINDS)) + r")(?!\w)"
)
_LEVEL_AFTER = re.compile(
    r"[ \t]*(?:lam thoi[ \t]+)?(?:(?:&|va)[ \t]*(?:ubnd|hdnd)[ \t]*)?"
    r"(?P<lv>thanh pho|thi xa|thi tran|quan|huyen|tinh|phuong|xa|tp|tx)(?!\w)"
)
_LEVEL_WORDS = {
    "thanh pho": "thành phố", "tp": "thành phố", "thi xa": "thị xã", "tx": "thị xã",
    "thi tran": "thị trấn", "quan": "quận", "huyen": "huyện", "tinh": "tỉnh", "phuong": "phường",
    "xa": "xã", "thi": "thị xã", "thanh": "thành phố",
}  # fmt: skip
_LEVEL_SPELLED = {"xa": "xã", "quan": "quận", "tinh": "tỉnh"}  # folded words that are also others
_EN_LEVELS = {
    "provincial": "tỉnh", "municipal": "thành phố", "city": "thành phố", "district": None,
    "ward": "phường", "commune": "xã",
}  # fmt: skip
_PARTY_NAMES = {
    "quận": "Quận ủy", "huyện": "Huyện ủy", "thị xã": "Thị ủy", "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
}  # fmt: skip
# A role before an organ makes it a person's office, not the body that met ("Chủ tịch HĐND").
_ROLE_BEFORE = re.compile(
    r"(?:chu tich|bi thu|truong ban|uy vien|uvbtv|dai bieu|thuong truc|lanh dao|pct|chairman"
    r"|chairwoman|secretary|member|vice)\W*(?:\w+\W+){0,2}\Z"
)


@dataclass(frozen=True)
class Organ:
    """An organ named in a text: its kind, its level when written, and its span."""

    kind: str
    level: str | None
    start: int
    end: int  # after the level word when there is one
    role: bool = False  # named as someone's office ("Chủ tịch UBND quận …")

    @property
    def name(self) -> str:
        """How a record shows it: "HĐND huyện", "Quận ủy", "Đảng ủy phường", "UBND"."""
        return organ_name(self.kind, self.level) or self.kind


def organ_name(kind: str | None, level: str | None) -> str | None:
    """Display name of an organ: "HĐND huyện", "Quận ủy", "Đảng ủy phường", "MTTQ"."""
    if kind is None:
        return level
    if kind == "Đảng ủy" and level in _PARTY_NAMES:
        return _PARTY_NAMES[level]
    return f"{kind} {level}" if level else kind


def find_organs(text: str) -> list[Organ]:
    """Every organ a text names, in order (``text`` in NFC: offsets are the folded copy's)."""
    folded = fold(text)
    if len(folded) != len(text):  # not NFC: fall back to a length-keeping fold per character
        folded = "".join(fold(c)[:1] or c for c in text)
    out: list[Organ] = []
    for m in _ORGAN_RE.finditer(folded):
        i = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None and k[0] == "k")
        kind = _KINDS[i][1]
        written, level = _level_in(m.group())
        end = m.end()
        if not written:
            after = _LEVEL_AFTER.match(folded, m.end())
            marks = not text[m.start() : m.end()].isascii()
            if after is not None and _spelled(text, folded, after.span("lv"), marks):
                level, end = _LEVEL_WORDS[after.group("lv")], after.end()
        role = bool(_ROLE_BEFORE.search(folded[max(0, m.start() - 40) : m.start()]))
        out.append(Organ(kind, level, m.start(), end, role))
    return out


def _level_in(words: str) -> tuple[bool, str | None]:
    """(written, level) inside an organ's own words: "quan uy", "provincial people's council"."""
    party = re.match(r"(?:ban thuong vu )?(quan|huyen|thi|tinh|thanh) uy", words)
    if party:
        return True, _LEVEL_WORDS[party.group(1)]
    en = re.match(
        r"(?:standing committee of the )?(provincial|municipal|city|district|ward|commune) ", words
    )
    return (True, _EN_LEVELS[en.group(1)]) if en else (False, None)


def _spelled(text: str, folded: str, span: tuple[int, int], marks: bool) -> bool:
    """True when a folded level word is written as one: "xã", or "xa" after an organ written
    without marks ("hdnd xa"), never "xa" after "HĐND"."""
    word = folded[span[0] : span[1]]
    raw = text[span[0] : span[1]].lower()
    if word not in _LEVEL_SPELLED:
        return True
    return raw == _LEVEL_SPELLED[word] or (raw.isascii() and not marks)
