"""How much of a question's topic a text covers. Pure functions over query plans."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from ..index.query import QueryPlan
from ..language.abbreviations import with_other_forms
from ..language.glossary import english_terms
from ..language.place_words import EN_KINDS
from ..language.text import fold, has_diacritics
from .constraints import Constraints

_SYL = re.compile(r"\w+")
_PERIOD_WORDS = frozenset({"thang", "nam", "dau", "cuoi", "quy", "ngay", "ky", "nua"})


def coverage(plan: QueryPlan, text: str) -> float:
    """Share of the query's content terms in a text; whole phrases count double.

    An English question is also measured by its own words (an English page holds none of the
    Vietnamese terms its words translate to); the better of the two counts.
    """
    folded = with_other_forms(" ".join(_SYL.findall(fold(text))))
    have = set(folded.split())
    best = 0.0
    if plan.terms or plan.phrases:
        got = sum(1 for t in plan.terms if t in have)
        got += 2 * sum(1 for p in plan.phrases if f" {p} " in f" {folded} ")
        best = got / (len(plan.terms) + 2 * len(plan.phrases))
    if plan.en_terms:
        best = max(best, sum(1 for t in plan.en_terms if t in have) / len(plan.en_terms))
    return best


def crosslingual_coverage(plan: QueryPlan, text: str) -> float:
    """Share of what an English page writes for a Vietnamese question (``plan.crosslingual``)
    in a text; a word may run on ("estimate" in "estimates"), a joined place name may be
    written apart ("hanoi" in "Ha Noi")."""
    if not plan.crosslingual:
        return 0.0
    words = _SYL.findall(fold(text).lower())
    folded = " " + " ".join(words) + " "
    joined = {a + b for a, b in pairwise(words)}
    got = sum(1 for c in plan.crosslingual if f" {c}" in folded or c in joined)
    return got / len(plan.crosslingual)


def english_coverage(plan: QueryPlan, text: str) -> float:
    """For a Vietnamese question and an English text, the coverage of the English its terms are
    written with; 0 for a Vietnamese text (its own words are there to match)."""
    if not plan.crosslingual or has_diacritics(text):
        return 0.0
    return crosslingual_coverage(plan, text)


def topic_coverage(plan: QueryPlan, text: str) -> float:
    """The better of the question's own coverage of a text and its ``english_coverage``."""
    return max(coverage(plan, text), english_coverage(plan, text))


def adjacent_phrases(plan: QueryPlan) -> QueryPlan:
    """Keep only phrases written together in the question.

    Diacritic-free plans pair content syllables across dropped stop words ("le hoi thu" gives
    "le thu"); such pairs never occur in the records and would only dilute the coverage.
    """
    folded = " " + " ".join(_SYL.findall(fold(plan.text))) + " "
    kept = tuple(p for p in plan.phrases if f" {p} " in folded)
    return plan if kept == plan.phrases else replace(plan, phrases=kept)


_EN_UNIT = "(" + "|".join(EN_KINDS) + ")"  # "district", "town", "ward"…


def _unit_words(question: str, places: tuple[str, ...]) -> set[str]:
    """The English unit words written after the asked places ("Xuan Loc district"), with the
    Vietnamese they translate to ("quận"): the place, scored apart, not the topic ("quận"
    would match any "cơ quan" of a huyện's record). A Vietnamese unit word stays: the records
    write it too ("HĐND phường thông qua …")."""
    folded = " ".join(_SYL.findall(fold(question).lower()))
    out: set[str] = set()
    for place in places:
        for m in re.finditer(rf"\b{re.escape(place)} {_EN_UNIT}\b", folded):
            out.add(m.group(1))
            out.update(w for t in english_terms(m.group(1)) for w in _SYL.findall(fold(t)))
    return out


def topic_plan(plan: QueryPlan, cons: Constraints | None) -> QueryPlan:
    """The plan without the words of its period and places, which constraints score apart."""
    plan = adjacent_phrases(plan)
    if cons is None or cons.empty:
        return plan
    drop: set[str] = set()
    for place in cons.places:
        drop.update(place.split())
    drop.update(_unit_words(plan.raw or plan.text, cons.places))
    if cons.time is not None:
        drop.update(_SYL.findall(fold(getattr(cons.time, "text", "") or "")))
        # An English question's period comes back from the glossary in Vietnamese words
        # ("5 tháng đầu năm"): those are the period too, scored apart, not the topic.
        drop.update(_PERIOD_WORDS)
        drop.update(t for t in plan.terms if t.isdigit())
    terms = tuple(t for t in plan.terms if t not in drop)
    phrases = tuple(p for p in plan.phrases if not set(p.split()) <= drop)
    phrases = tuple(p for p in phrases if not set(p.split()) & _PERIOD_WORDS or cons.time is None)
    en_terms = tuple(t for t in plan.en_terms if t not in drop)
    if not terms and not phrases and not en_terms:
        return plan
    joined = {p.replace(" ", "") for p in cons.places}  # "hanoi" is "Hà Nội", a place
    cross = tuple(c for c in plan.crosslingual if c.replace(" ", "") not in joined)
    return replace(plan, terms=terms, phrases=phrases, en_terms=en_terms, crosslingual=cross)
