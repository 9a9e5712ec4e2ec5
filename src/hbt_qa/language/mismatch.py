"""Positive contradictions between what a question asks and what a sentence states: another
council term ("nhiệm kỳ 2011-2016" asked, "Nhiệm kỳ 2016-2021" stated), revenue given where
spending is asked (or the other way round). Pure functions; unknown never contradicts."""

from __future__ import annotations

import re

from .text import fold_words, nfc

_TERM = re.compile(r"\b(?:nhiem ky|term|tenure)\s*\(?((?:19|20)\d\d)\s*(?:-|to)?\s*((?:19|20)\d\d)")
_TERM_AFTER = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|to)?\s*((?:19|20)\d\d)\)?\s*(?:term|tenure)\b")


def _terms(text: str) -> set[tuple[str, str]]:
    """The council terms a text names, as (first year, last year)."""
    words = fold_words(text)
    return {(m.group(1), m.group(2)) for p in (_TERM, _TERM_AFTER) for m in p.finditer(words)}


def other_term(question: str, sentence: str) -> bool:
    """True when the question names a council term and the sentence only other ones."""
    asked, stated = _terms(question), _terms(sentence)
    return bool(asked) and bool(stated) and not asked & stated


# Spending and revenue, with their marks ("chi" is also "chỉ", "chí"), or typed bare in a
# question only as whole phrases.
_SPEND_MARKED = re.compile(r"\b(?:tổng chi|chi ngân sách|chi thường xuyên|chi đầu tư)\b")
_SPEND_EN = re.compile(r"\b(?:spending|expenditure|spent|spend)\b", re.IGNORECASE)
_SPEND_BARE = re.compile(r"\b(?:tong chi|chi ngan sach|chi thuong xuyen|chi dau tu)\b")
_REVENUE_MARKED = re.compile(r"\b(?:tổng thu|thu ngân sách)\b")
_REVENUE_EN = re.compile(r"\b(?:revenue|revenues|collection|collected)\b", re.IGNORECASE)
_REVENUE_BARE = re.compile(r"\b(?:tong thu|thu ngan sach)\b")


def _side(text: str, question: bool) -> set[str]:
    """Which of spending and revenue a text names."""
    low = nfc(text).lower()
    sides = set()
    bare = fold_words(text) if question and text.isascii() else ""
    if _SPEND_MARKED.search(low) or _SPEND_EN.search(low) or _SPEND_BARE.search(bare):
        sides.add("spend")
    if _REVENUE_MARKED.search(low) or _REVENUE_EN.search(low) or _REVENUE_BARE.search(bare):
        sides.add("revenue")
    return sides


def other_side_of_budget(question: str, sentence: str) -> bool:
    """True when a question asks spending only and the sentence names revenue only, or the
    other way round."""
    asked, stated = _side(question, True), _side(sentence, False)
    return len(asked) == 1 and len(stated) == 1 and asked != stated
