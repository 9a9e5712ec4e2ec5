"""Understanding a typed query: cleaning, language, and the safe FTS5 MATCH expressions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TypeVar

from ..errors import QueryError
from ..language.abbreviations import other_forms
from ..language.glossary import (
    STOP_EN,
    STOP_FOLDED,
    STOP_VI,
    english_terms,
    vietnamese_terms_in_english,
)
from ..language.text import clean_control, detect_lang, fold, normalize

MAX_QUERY_CHARS = 1000
_FOLDED = "folded t_folded"
# The session-2 cost cap, kept for the benchmark's comparison (bench/fts_variants.py, legs.py):
# the product's BM25 leg now scores the whole OR exactly and fast (ftsleg.py). With ``docs``,
# plan_query ANDs a MATCH whose parts (terms and phrases) may match more than this many passages
# with its rarest parts, so that only passages holding one of those are ranked. At 100k passages
# it took the leg's p95 from ~430 to ~55 ms under load 4, keeping 88–94 % of the uncapped top 10.
FTS_BUDGET = 5_000
# Below this many passages every plan is cheap (p95 13 ms at 1k) and the AND only adds work.
FTS_CAP_MIN_PASSAGES = 20_000
DocFreqs = Mapping[tuple[str, str], int]  # (FTS column, term) → passages holding it
T = TypeVar("T")
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
    parts: tuple[tuple[str, str], ...] = ()  # (FTS columns, term or phrase) OR'ed in ``match``
    en_terms: tuple[str, ...] = ()  # an English question's own content words (English pages)
    crosslingual: tuple[str, ...] = ()  # what English pages write for a Vietnamese question


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
    from ..language.segment import segment_words

    return segment_words(text).split()


def with_word_phrases(plan: QueryPlan, restored: str) -> QueryPlan:
    """A plan typed without marks, its phrases the words of its restored text ("thông_qua",
    "nghị_quyết") instead of every adjacent pair ("qua may", "may nghi"), which the records
    never hold and which would dilute the coverage of the sentences that answer."""
    pairs = set(plan.phrases)
    words = [fold(w.replace("_", " ")).split() for w in _segmented(restored) if "_" in w]
    kept = [" ".join(w) for w in words if all(f"{a} {b}" in pairs for a, b in pairwise(w))]
    return replace(plan, phrases=tuple(_dedupe(kept)))


def _is_year(token: str) -> bool:
    """Years are time constraints, not content: they steer BM25 but not sentence overlap."""
    return len(token) == 4 and token.isdigit() and token[:2] in ("19", "20")


def frequent_folded(
    total: int, docs: DocFreqs, fraction: float = 0.05, min_passages: int = 5000
) -> frozenset[str]:
    """Folded terms in more than ``fraction`` of passages, once an index has ``min_passages``.

    Measured at 10k passages: dropping them takes the FTS leg from 158 to 29 ms p95.
    """
    if total < min_passages:
        return frozenset()
    key = (id(docs), total, fraction)
    if _FREQUENT[0] != key:
        terms = frozenset(t for (c, t), d in docs.items() if c == "folded" and d > total * fraction)
        _FREQUENT[:] = [key, terms]
    return _FREQUENT[1]  # type: ignore[return-value]


_FREQUENT: list[object] = [None, frozenset()]  # one-entry cache: (docs id, total, fraction), terms


def cost_docs(total: int, docs: DocFreqs) -> DocFreqs | None:
    """The document frequencies plan_query should cap with: none for a small index."""
    return docs if total >= FTS_CAP_MIN_PASSAGES else None


def part_cost(tokens: list[str], columns: tuple[str, ...], docs: DocFreqs) -> int:
    """Passages one OR'ed part may match (at most): each token's passages in each column."""
    return sum(docs.get((c, t.lower()), 0) for t in tokens for c in columns)


def within_budget(parts: list[tuple[T, int]], budget: int) -> list[T]:
    """The cheapest parts whose costs add up to at most ``budget`` (at least one), in order."""
    if not parts:
        return []
    order = sorted(range(len(parts)), key=lambda i: parts[i][1])
    keep = {order[0]}
    spent = parts[order[0]][1]
    for i in order[1:]:
        if spent + parts[i][1] <= budget:
            keep.add(i)
            spent += parts[i][1]
    return [parts[i][0] for i in sorted(keep)]


def plan_query(
    raw: str,
    drop: frozenset[str] = frozenset(),
    docs: DocFreqs | None = None,
    budget: int = FTS_BUDGET,
) -> QueryPlan:
    """Build the FTS expressions and overlap terms for a query.

    ``drop`` holds very frequent index terms (folded) that would only slow the BM25 leg;
    with ``docs`` (document frequencies), a MATCH estimated to hit more than ``budget`` passages
    only ranks the passages that hold one of its rarest parts.
    """
    plan = _plan(raw, drop)
    if docs is None or plan.match is None:
        return plan
    return replace(plan, match=_capped(plan, docs, budget))


def costed_parts(plan: QueryPlan, docs: DocFreqs) -> list[tuple[tuple[str, str], int]]:
    """Each OR'ed part of a plan with the passages it may match (see part_cost)."""
    return [
        (part, part_cost([t] if cols == "words" else t.split(), tuple(cols.split()), docs))
        for part in plan.parts
        for cols, t in [part]
    ]


def _capped(plan: QueryPlan, docs: DocFreqs, budget: int) -> str | None:
    """The plan's MATCH, restricted to passages holding one of its rarest parts when too costly."""
    # An English question's own words add recall on English pages; they never decide which
    # passages get ranked (over Vietnamese records they match none).
    extra = set(plan.en_terms) | set(plan.crosslingual)
    costed = [(p, c) for p, c in costed_parts(plan, docs) if p[1] not in extra]
    rare = within_budget(costed, budget)
    if len(rare) == len(costed):
        return plan.match
    return f"({build_match(plan.lang, rare)}) AND ({plan.match})"


def other_language_match(plan: QueryPlan) -> str | None:
    """A MATCH of the question's words in the other language alone: the English that pages in
    English write for a Vietnamese question, the glossary's Vietnamese phrases for an English
    one. Ranked apart, the pages of the other language compete among themselves."""
    terms = plan.phrases if plan.lang == "en" else plan.crosslingual
    return build_match("en", [(_FOLDED, t) for t in terms])


def build_match(lang: str, parts: list[tuple[str, str]]) -> str | None:
    """The FTS5 MATCH expression OR-ing (columns, term) parts; None when there are none."""
    if not parts:
        return None
    if lang != "vi":
        return f"{{folded t_folded}} : ({' OR '.join(_quote(t) for _, t in parts)})"
    return " OR ".join(
        f"words : {_quote(t)}" if c == "words" else f"{{{c}}} : {_quote(t)}" for c, t in parts
    )


def _plan(raw: str, drop: frozenset[str]) -> QueryPlan:
    """The uncapped plan."""
    text = normalize(clean_query(raw))
    lang = detect_lang(text)
    sylls = [w.lower() for w in _WORD.findall(text)]
    if lang == "en":
        vi_terms = english_terms(text)
        vi_sylls = [fold(s) for t in vi_terms for s in _WORD.findall(t.lower())]
        numbers = [w for w in sylls if w.isdigit()]
        names = [fold(w) for w in _WORD.findall(text) if w[:1].isupper()]
        names = [n for n in names if n not in STOP_EN and not n.isdigit()]
        # English words too: some portals publish in English, and their pages hold no
        # Vietnamese term for the glossary's translation to find.
        english = [w for w in sylls if w not in STOP_EN and not w.isdigit() and len(w) > 2]
        fts_terms = _dedupe([t for t in vi_sylls + numbers + names + english if t not in drop])
        phrases = _dedupe([" ".join(fold(s) for s in _WORD.findall(t.lower())) for t in vi_terms])
        phrases = [p for p in phrases if " " in p]
        parts = [(_FOLDED, t) for t in fts_terms + phrases + _abbreviated(phrases)]
        en_terms = tuple(_dedupe([w for w in english if w not in drop]))
        terms = tuple(t for t in fts_terms if not _is_year(t) and t not in en_terms)
        weights = (0.0, 0.0, 1.0, 0.0, 0.3)
        match = build_match(lang, parts)
        return QueryPlan(
            raw, text, lang, terms, match, weights, tuple(phrases), tuple(parts), en_terms
        )
    if lang == "vi-nodiac":
        toks = [fold(w) for w in sylls]
        content = [t for t in toks if t not in STOP_FOLDED and t not in drop]
        fts_terms = _dedupe(content)
        phrases = _dedupe(_bigrams([t for t in content if not t.isdigit()]))
        cross = tuple(t for t in crosslingual_parts(text) if t not in drop and t not in fts_terms)
        parts = [(_FOLDED, t) for t in [*fts_terms, *phrases, *cross, *_abbreviated(toks)]]
        terms = tuple(t for t in fts_terms if not _is_year(t))
        weights = (0.0, 0.0, 1.0, 0.0, 0.3)
        match = build_match(lang, parts)
        return QueryPlan(
            raw, text, lang, terms, match, weights, tuple(phrases), tuple(parts), (), cross
        )
    words = [w for w in _segmented(text) if w not in STOP_VI]
    content_sylls = [s for s in sylls if s not in STOP_VI and fold(s) not in drop]
    compounds = _dedupe([w for w in words if "_" in w])
    syll_parts = _dedupe(content_sylls) + _bigrams(content_sylls)
    parts = [("words", w) for w in compounds] + [("syll t_syll", s) for s in syll_parts]
    cross = tuple(t for t in crosslingual_parts(text) if t not in drop)
    parts += [(_FOLDED, t) for t in cross]
    parts += [(_FOLDED, t) for t in _abbreviated([fold(s) for s in sylls])]
    terms = tuple(_dedupe([fold(s) for s in content_sylls if not _is_year(s)]))
    phrases = _dedupe([fold(w.replace("_", " ")) for w in compounds])
    weights = (1.0, 0.6, 0.3, 0.3, 0.1)  # folded: the English and place parts alone
    match = build_match(lang, parts)
    return QueryPlan(raw, text, lang, terms, match, weights, tuple(phrases), tuple(parts), (), cross)


def _abbreviated(words: list[str]) -> list[str]:
    """The other forms of the abbreviations a query's folded words hold ("txct" for "tiep xuc
    cu tri" and back): a page may write either."""
    return other_forms(" ".join(words))


def crosslingual_parts(text: str) -> list[str]:
    """What an English page writes for a Vietnamese question: the English phrases of its
    record terms (glossary) and its place names written together ("hanoi", "danang")."""
    from ..language.gazetteer import find_places

    out = [" ".join(_WORD.findall(e.lower())) for e in vietnamese_terms_in_english(text)]
    try:
        places = find_places(text)
    except Exception:  # the place list helps; it never costs a question its search
        places = []
    for m in places:
        name = fold(m.units[0].name if m.units else m.name).lower()
        joined = "".join(_WORD.findall(name))
        if len(joined) >= 5:
            out.append(joined)
    if text.isascii():  # typed without marks and capitals: the provinces it names ("ha noi")
        out += _provinces_typed_bare(text)
    return _dedupe([o for o in out if o])


def _provinces_typed_bare(text: str) -> list[str]:
    """Province names written as two or three words of a text ("ha noi" → "hanoi")."""
    from ..language.gazetteer_data import gazetteer

    g = gazetteer()
    words = _WORD.findall(text.lower())
    out = []
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            key = "".join(words[i : i + n])
            if any(g.units[u].level == "province" for u in g.by_key.get(key, ())):
                out.append(key)
    return out


def _dedupe(items: list[str]) -> list[str]:
    """Unique items in first-seen order, empties removed."""
    seen: set[str] = set()
    out = []
    for it in items:
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out
