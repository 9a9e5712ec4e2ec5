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
    phrases: tuple[str, ...] = ()  # folded multi-syllable units (compounds, glossary terms)


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


def _is_year(token: str) -> bool:
    """Years are time constraints, not content: they steer BM25 but not sentence overlap."""
    return len(token) == 4 and token.isdigit() and token[:2] in ("19", "20")


def plan_query(raw: str, drop: frozenset[str] = frozenset()) -> QueryPlan:
    """Build the FTS expressions and overlap terms for a query.

    ``drop`` holds very frequent index terms (folded) that would only slow the BM25 leg.
    """
    text = normalize(clean_query(raw))
    lang = detect_lang(text)
    sylls = [w.lower() for w in _WORD.findall(text)]
    if lang == "en":
        vi_terms = english_terms(text)
        vi_sylls = [fold(s) for t in vi_terms for s in _WORD.findall(t.lower())]
        numbers = [w for w in sylls if w.isdigit()]
        names = [fold(w) for w in _WORD.findall(text) if w[:1].isupper()]
        names = [n for n in names if n not in STOP_EN and not n.isdigit()]
        fts_terms = _dedupe([t for t in vi_sylls + numbers + names if t not in drop])
        phrases = _dedupe([" ".join(fold(s) for s in _WORD.findall(t.lower())) for t in vi_terms])
        phrases = [p for p in phrases if " " in p]
        parts = [_quote(t) for t in fts_terms] + [_quote(p) for p in phrases]
        match = f"{{folded t_folded}} : ({' OR '.join(parts)})" if parts else None
        terms = tuple(t for t in fts_terms if not _is_year(t))
        return QueryPlan(raw, text, lang, terms, match, (0.0, 0.0, 1.0, 0.0, 0.3), tuple(phrases))
    if lang == "vi-nodiac":
        toks = [fold(w) for w in sylls]
        content = [t for t in toks if t not in STOP_FOLDED and t not in drop]
        fts_terms = _dedupe(content)
        phrases = _dedupe(_bigrams([t for t in content if not t.isdigit()]))
        parts = [_quote(t) for t in fts_terms] + [_quote(b) for b in phrases]
        match = f"{{folded t_folded}} : ({' OR '.join(parts)})" if parts else None
        terms = tuple(t for t in fts_terms if not _is_year(t))
        weights = (0.0, 0.0, 1.0, 0.0, 0.3)
        return QueryPlan(raw, text, lang, terms, match, weights, tuple(phrases))
    words = [w for w in _segmented(text) if w not in STOP_VI]
    content_sylls = [s for s in sylls if s not in STOP_VI and fold(s) not in drop]
    compounds = _dedupe([w for w in words if "_" in w])
    syll_parts = _dedupe(content_sylls) + _bigrams(content_sylls)
    parts = [f"words : {_quote(w)}" for w in compounds]
    parts += [f"{{syll t_syll}} : {_quote(s)}" for s in syll_parts]
    match = " OR ".join(parts) if parts else None
    terms = tuple(_dedupe([fold(s) for s in content_sylls if not _is_year(s)]))
    phrases = tuple(_dedupe([fold(w.replace("_", " ")) for w in compounds]))
    return QueryPlan(raw, text, lang, terms, match, (1.0, 0.6, 0.0, 0.3, 0.0), phrases)


def _dedupe(items: list[str]) -> list[str]:
    """Unique items in first-seen order, empties removed."""
    seen: set[str] = set()
    out = []
    for it in items:
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out
