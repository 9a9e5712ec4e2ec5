"""The records search's plain helpers: the date a passage is filed under, how much of a
query a passage covers, the passages per month of the timeline, and the words to mark."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..language.glossary import record_terms_in
from ..language.text import fold_words
from ..models import Hit

__all__ = ["highlight_terms", "hit_date", "per_month"]


def hit_date(hit: Hit) -> str | None:
    """The date a passage is filed under: the meeting date, else the publication date."""
    return hit.meeting_date or hit.published


def per_month(
    hits: Sequence[Hit], start: str | None = None, end: str | None = None, most: int = 240
) -> list[tuple[str, int]]:
    """Matching passages per month (YYYY-MM), every month of the range (or of the hits)."""
    counts = Counter((hit_date(h) or "")[:7] for h in hits if hit_date(h))
    if not counts:
        return []
    first = min([*counts, start[:7]] if start else counts)
    last = max([*counts, end[:7]] if end else counts)
    if _months_between(first, last) > most:  # an open-ended range: only where hits are
        first, last = min(counts), max(counts)
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append((key, counts.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _months_between(a: str, b: str) -> int:
    """Months from YYYY-MM ``a`` to ``b``."""
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7])


def highlight_terms(
    terms: Sequence[str], phrases: Sequence[str], query: str = ""
) -> tuple[str, ...]:
    """What to mark in snippets: the query's compounds, and its words that stand alone in it.

    ``terms`` are the folded content syllables, ``phrases`` the folded compounds (from word
    segmentation; the glossary's record terms in ``query`` join them, as underthesea splits
    "phòng cháy chữa cháy"). A syllable that in ``query`` only stands inside a compound is not
    marked on its own: a lone "phòng" is noise for "phòng cháy chữa cháy". Without ``query``,
    the words no phrase covers.
    """
    compounds = list(dict.fromkeys([*phrases, *record_terms_in(query)])) if query else [*phrases]
    if not query:
        covered = {w for p in compounds for w in p.split()}
        return tuple(compounds) + tuple(t for t in terms if t not in covered)
    sylls = fold_words(query).split()
    longest = sorted((c.split() for c in compounds), key=len, reverse=True)
    alone: list[str] = []
    i = 0
    while i < len(sylls):
        step = next((len(c) for c in longest if sylls[i : i + len(c)] == c), 0)
        if not step and sylls[i] in terms:
            alone.append(sylls[i])
        i += step or 1
    # Terms the query does not write (an English question's Vietnamese words) and no
    # compound holds.
    covered = {w for c in longest for w in c}
    alone += [t for t in terms if t not in sylls and t not in covered]
    return tuple(compounds) + tuple(dict.fromkeys(alone))
