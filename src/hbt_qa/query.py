"""Understanding a typed query: cleaning, language, and the safe FTS5 MATCH expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .errors import QueryError
from .glossary import STOP_EN, STOP_FOLDED, STOP_VI, english_terms
from .text import clean_control, detect_lang, fold, normalize

MAX_QUERY_CHARS = 1000
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class QueryPlan:
    """Everything the legs need from one query."""

    raw: str
    text: str  # cleaned and normalised, what the model embeds
    lang: str  # vi | vi-nodiac | en
    terms: tuple[str, ...]  # folded content syllables, for sentence overlap
    match: str | None  # FTS5 MATCH expression, None when nothing is searchable
    weights: tuple[float, ...]  # bm25 weights over store.FTS_COLUMNS


def clean_query(raw: str) -> str:
    """Control characters out, whitespace collapsed, length capped; refuse empty queries."""
    text = " ".join(clean_control(raw or "").split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
    if not _WORD.search(text):
        raise QueryError(
            "Câu hỏi trống hoặc chỉ có dấu câu / the question is empty or only punctuation: "
            "type a few words, e.g. 'giải ngân vốn đầu tư 5 tháng đầu năm 2024'"
        )
    return text


def _quote(term: str) -> str:
    """A term as an FTS5 string: user text can never become FTS syntax."""
    return '"' + term.replace('"', '""') + '"'


def _bigrams(tokens: list[str]) -> list[str]:
    """Adjacent pairs as phrases, which reward terms that appear together."""
    return [f"{a} {b}" for a, b in pairwise(tokens)]


def _segmented(text: str) -> list[str]:
    """Segmented words of a Vietnamese query, imported lazily."""
    from .segment import segment_words

    return segment_words(text).split()


def plan_query(raw: str, drop: frozenset[str] = frozenset()) -> QueryPlan:
    """Build the FTS expressions and overlap terms for a query.

    ``drop`` holds very frequent index terms (folded) that would only slow the BM25 leg.
    """
    text = normalize(clean_query(raw))
    lang = detect_lang(text)
    sylls = [w.lower() for w in _WORD.findall(text)]
    if lang == "en":
        vi_terms = english_terms(text)
        keep = [w for w in sylls if w not in STOP_EN and (w.isdigit() or w[:1].isupper())]
        keep += [w for w in _WORD.findall(text) if w[:1].isupper() and w.lower() not in STOP_EN]
        vi_sylls = [s for t in vi_terms for s in _WORD.findall(t.lower())]
        folded_terms = [fold(s) for s in vi_sylls] + [fold(w) for w in keep if w.isdigit()]
        names = [fold(w) for w in _WORD.findall(text) if w[:1].isupper()]
        names = [n for n in names if n not in STOP_EN and not n.isdigit()]
        phrases = [" ".join(fold(s) for s in _WORD.findall(t.lower())) for t in vi_terms]
        folded_terms += names
        terms = _dedupe([t for t in folded_terms if t not in drop])
        parts = [_quote(t) for t in terms] + [_quote(p) for p in phrases if " " in p]
        match = f"{{folded t_folded}} : ({' OR '.join(parts)})" if parts else None
        weights = (0.0, 0.0, 1.0, 0.0, 0.3)
        return QueryPlan(raw, text, lang, tuple(terms), match, weights)
    if lang == "vi-nodiac":
        toks = [fold(w) for w in sylls]
        content = [t for t in toks if t not in STOP_FOLDED and t not in drop]
        terms = _dedupe(content)
        parts = [_quote(t) for t in terms] + [_quote(b) for b in _bigrams(content)]
        match = f"{{folded t_folded}} : ({' OR '.join(parts)})" if parts else None
        return QueryPlan(raw, text, lang, tuple(terms), match, (0.0, 0.0, 1.0, 0.0, 0.3))
    words = [w for w in _segmented(text) if w not in STOP_VI]
    content_sylls = [s for s in sylls if s not in STOP_VI and fold(s) not in drop]
    terms = _dedupe([fold(s) for s in content_sylls])
    compounds = [w for w in words if "_" in w]
    syll_parts = _dedupe(content_sylls) + _bigrams(content_sylls)
    parts = [f"words : {_quote(w)}" for w in _dedupe(compounds)]
    parts += [f"{{syll t_syll}} : {_quote(s)}" for s in syll_parts]
    match = " OR ".join(parts) if parts else None
    return QueryPlan(raw, text, lang, tuple(terms), match, (1.0, 0.6, 0.0, 0.3, 0.0))


def _dedupe(items: list[str]) -> list[str]:
    """Unique items in first-seen order, empties removed."""
    seen: set[str] = set()
    out = []
    for it in items:
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out
