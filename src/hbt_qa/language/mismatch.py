"""Positive contradictions between what a question asks and what a sentence states: another
council term ("nhiệm kỳ 2011-2016" asked, "Nhiệm kỳ 2016-2021" stated), revenue given where
spending is asked (or the other way round). Pure functions; unknown never contradicts."""

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


# Spending and revenue, with their marks ("chi" is also "chỉ", "chí"), or typed bare in a
# question only as whole phrases.
_SPEND_MARKED = re.compile(r"\b(?:tổng chi|chi ngân sách|chi thường xuyên|chi đầu tư)\b")
_SPEND_EN = re.compile(r"\b(?:spending|expenditure|spent|spend)\b", re.IGNORECASE)
_SPEND_BARE = re.compile(r"\b(?:tong chi|chi ngan sach|chi thuong xuyen|chi dau tu)\b")
_REVENUE_MARKED = re.compile(r"\b(?:tổng thu|thu ngân sách)\b")
_REVENUE_EN = re.compile(r"\b(?:revenue|revenues|collection|collected)\b", re.IGNORECASE)
_REVENUE_BARE = re.compile(r"\b(?:tong thu|thu ngan sach)\b")


@lru_cache(maxsize=4096)
def _side(text: str, question: bool) -> frozenset[str]:
    """Which of spending and revenue a text names."""
    low = nfc(text).lower()
    sides = set()
    bare = fold_words(text) if question and text.isascii() else ""
    if _SPEND_MARKED.search(low) or _SPEND_EN.search(low) or _SPEND_BARE.search(bare):
        sides.add("spend")
    if _REVENUE_MARKED.search(low) or _REVENUE_EN.search(low) or _REVENUE_BARE.search(bare):
        sides.add("revenue")
    return frozenset(sides)


def other_side_of_budget(question: str, sentence: str) -> bool:
    """True when a question asks spending only and the sentence names revenue only, or the
    other way round."""
    asked = _side(question, True)
    if len(asked) != 1:
        return False  # the sentence is not read at all
    stated = _side(sentence, False)
    return len(stated) == 1 and asked != stated
