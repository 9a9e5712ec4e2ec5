"""The abbreviations of council business, for matching: "TXCT" is "tiếp xúc cử tri".

Real pages abbreviate what a question spells out (and the other way round): "lịch TXCT trước kỳ
họp", "phát triển KT-XH", "thu NSNN". A folded text gets the other form of each one it holds
appended, so that both forms match (and a question's BM25 query asks for both); the text itself
(and its offsets) is never changed.
"""

from __future__ import annotations

import re
from functools import cache

# Folded abbreviation (its words as the text folds them) → folded full form.
ABBREVIATIONS: dict[str, str] = {
    "txct": "tiep xuc cu tri",
    "kt xh": "kinh te xa hoi",
    "ktxh": "kinh te xa hoi",
    "nsnn": "ngan sach nha nuoc",
    "gpmb": "giai phong mat bang",
    "dbqh": "dai bieu quoc hoi",
    "mttq": "mat tran to quoc",
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "pccc": "phong chay chua chay",
    "attp": "an toan thuc pham",
    "tdp": "to dan pho",
    "xdcb": "xay dung co ban",
    "qp an": "quoc phong an ninh",
    "an tt": "an ninh trat tu",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "ntm": "nong thon moi",
}


@cache
def _pattern() -> re.Pattern[str]:
    """Every form of the table, longest first, as whole words."""
    forms = sorted({*ABBREVIATIONS, *ABBREVIATIONS.values()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


@cache
def _other() -> dict[str, tuple[str, ...]]:
    """Each form → the other forms it stands for."""
    out: dict[str, list[str]] = {}
    for short, full in ABBREVIATIONS.items():
        out.setdefault(short, []).append(full)
        out.setdefault(full, []).append(short)
    return {k: tuple(v) for k, v in out.items()}


def other_forms(folded: str) -> list[str]:
    """The other form of each abbreviation a folded, space-joined text holds (in order)."""
    found = dict.fromkeys(m.group(1) for m in _pattern().finditer(folded))
    return list(dict.fromkeys(o for f in found for o in _other()[f]))


def with_other_forms(folded: str) -> str:
    """A folded, space-joined text with the other form of each abbreviation it holds appended."""
    extra = other_forms(folded)
    return f"{folded} {' '.join(extra)}" if extra else folded
