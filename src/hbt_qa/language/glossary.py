"""Domain vocabulary: English→Vietnamese terms of meeting records, and query stop words.

The terms and stop words are data, in ``glossary.json`` beside this module (read once).
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from .text import fold


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """glossary.json, package data read once."""
    return json.loads(files(__package__).joinpath("glossary.json").read_text(encoding="utf-8"))


# English phrase (lower case, longest first when matching) → Vietnamese terms of the records.
EN_VI: dict[str, tuple[str, ...]] = {en: tuple(vi) for en, vi in _data()["en_vi"].items()}
_EN_KEYS = sorted(EN_VI, key=len, reverse=True)
_EN_PATTERN = re.compile(r"\b(" + "|".join(re.escape(k) for k in _EN_KEYS) + r")\b", re.I)


def english_terms(question: str) -> list[str]:
    """Vietnamese record terms for the English phrases of a question."""
    out: list[str] = []
    for m in _EN_PATTERN.finditer(question.replace("’", "'")):
        for term in EN_VI[m.group(1).lower()]:
            if term not in out:
                out.append(term)
    return out


@cache
def _vi_en() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Folded Vietnamese record terms → the English phrases that translate to them."""
    out: dict[str, list[str]] = {}
    for en, vis in EN_VI.items():
        for vi in vis:
            key = " ".join(re.findall(r"\w+", fold(vi).lower()))
            # One folded syllable is ambiguous ("thu" is thu and thứ); "hđnd" is not.
            if (" " in key or len(key) >= 4) and en not in out.setdefault(key, []):
                out[key].append(en)
    return tuple(sorted(((k, tuple(v)) for k, v in out.items()), key=lambda kv: -len(kv[0])))


def record_terms_in(question: str) -> list[str]:
    """The folded record terms of more than one syllable that a Vietnamese question uses
    ("phòng cháy chữa cháy" → "phong chay chua chay"), longest first."""
    words = " " + " ".join(re.findall(r"\w+", fold(question).lower())) + " "
    return [vi for vi, _ in _vi_en() if " " in vi and f" {vi} " in words]


def vietnamese_terms_in_english(question: str) -> list[str]:
    """English phrases for the record terms a Vietnamese question uses ("nghị quyết" →
    "resolution", "resolutions"): what an English page writes for them."""
    words = " " + " ".join(re.findall(r"\w+", fold(question).lower())) + " "
    out: list[str] = []
    rest = words  # a one-syllable term is no part of a longer one ("phường" in "địa phương")
    for vi, ens in _vi_en():
        if " " in vi and f" {vi} " in words:
            out += [e for e in ens if e not in out]
            rest = rest.replace(f" {vi} ", " | ")
    for vi, ens in _vi_en():
        if " " not in vi and f" {vi} " in rest:
            out += [e for e in ens if e not in out]
    return out


# Function words and question words that only add noise to a BM25 query (normalised forms).
_STOP_VI: list[str] = _data()["stop_vi"]
STOP_VI = frozenset(_STOP_VI) | frozenset(w.replace("_", " ") for w in _STOP_VI)
STOP_FOLDED = frozenset(fold(w) for w in STOP_VI) - {"tren"}
STOP_EN = frozenset(_data()["stop_en"])
