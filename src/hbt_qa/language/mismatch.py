"""Positive contradictions between what a question asks and what a sentence states: another
council term ("nhiệm kỳ 2011-2016" asked, "Nhiệm kỳ 2016-2021" stated), another indicator
(revenue given where spending is asked, the value of production where revenue is, a harvest). Pure
functions; unknown never contradicts."""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold_words, nfc

_TERM = re.compile(r"\b(?:nhiem ky|term|tenure)\s*\(?((?:19|20)\d\d)\s*(?:-|to)?\s*((?:19|20)\d\d)")
_TERM_AFTER = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|to)?\s*((?:19|20)\d\d)\)?\s*(?:term|tenure)\b")


def _terms(text: str) -> frozenset[tuple[str, str]]:
    """The council terms a text names, as (first year, last year)."""
    words = fold_words(text)
    return frozenset(
        (m.group(1), m.group(2)) for p in (_TERM, _TERM_AFTER) for m in p.finditer(words)
    )


_asked_terms = lru_cache(maxsize=1024)(_terms)  # a question's, read once for all its sentences


def other_term(question: str, sentence: str) -> bool:
    """True when the question names a council term and the sentence only other ones."""
    asked = _asked_terms(question)
    if not asked:
        return False  # the sentence is not read at all
    stated = _terms(sentence)
    return bool(stated) and not asked & stated


# The indicators a figure may be of, as records write them (with marks: "chi" is also "chỉ",
# "chí"), as a question typed without marks writes them (whole phrases only: a bare "thu" is
# also "thú"), and in English.
_FAMILIES: dict[str, tuple[str, str, str]] = {
    "revenue": (
        r"tổng thu(?! nhập)|thu ngân sách|thu nsnn|thu nội địa",
        r"tong thu(?! nhap)|thu ngan sach|thu nsnn|thu noi dia",
        r"revenues?|collection|collected",
    ),
    "spend": (
        r"tổng chi|chi ngân sách|chi thường xuyên|chi đầu tư",
        r"tong chi|chi ngan sach|chi thuong xuyen|chi dau tu",
        r"spending|expenditures?|spent|spend",
    ),
    "disburse": (r"giải ngân", r"giai ngan", r"disburs\w*"),
    "production": (
        r"giá trị sản xuất",
        r"gia tri san xuat",
        r"production value|output value|value of (?:production|output)",
    ),
    "output": (r"sản lượng", r"san luong", r"yields?|harvests?|tonnes|tons"),
    "growth": (r"tăng trưởng|grdp", r"tang truong|grdp", r"growth|grew|grow|grdp"),
    "area": (r"diện tích", r"dien tich", r"sown|cultivated|hectares?"),
    "income": (r"thu nhập", r"thu nhap", r"income"),
    "poverty": (r"hộ nghèo|hộ cận nghèo", r"ho ngheo|ho can ngheo", r"poor households?|poverty"),
    "vote": (
        r"biểu quyết|tán thành|nhất trí",
        r"bieu quyet|tan thanh|nhat tri",
        r"vot(?:e|es|ed|ing)|in favou?r",
    ),
}
_PATTERNS = {
    name: tuple(re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for p in forms)
    for name, forms in _FAMILIES.items()
}


@lru_cache(maxsize=4096)
def _families(text: str, question: bool) -> frozenset[str]:
    """Which indicators a text names."""
    low = nfc(text).lower()
    bare = fold_words(text) if question and text.isascii() else ""
    return frozenset(
        name
        for name, (marked, folded, english) in _PATTERNS.items()
        if marked.search(low) or english.search(low) or (bare and folded.search(bare))
    )


def other_indicator(question: str, sentence: str) -> bool:
    """True when the question names an indicator (revenue, spending, disbursement, production
    value, output, growth, area, income, poor households, a vote) and the sentence only others."""
    asked = _families(question, True)
    if not asked:
        return False  # the sentence is not read at all
    stated = _families(sentence, False)
    return bool(stated) and not asked & stated


# Revenue "do tỉnh / huyện / xã quản lý": which level's budget collects it.
_MANAGED = re.compile(
    r"\b(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|trung uong) quan ly\b"
)


@lru_cache(maxsize=4096)
def _levels(text: str) -> frozenset[str]:
    """The levels whose managed revenue a text names."""
    return frozenset(m.group(1) for m in _MANAGED.finditer(fold_words(text)))


def other_managing_level(question: str, sentence: str) -> bool:
    """True when a question asks what one level's budget manages ("thu ngân sách tỉnh quản
    lý") and the sentence names only another level's ("do huyện quản lý")."""
    asked = _levels(question)
    if not asked:
        return False  # the sentence is not read at all
    stated = _levels(sentence)
    return bool(stated) and not asked & stated
