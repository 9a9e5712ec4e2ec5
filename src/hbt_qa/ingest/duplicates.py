"""The same record twice: exact copies and light edits of one article, found by its body.

Pure functions. A body's *key* hashes its words (case and spacing ignored): equal keys are an
exact copy even when the title line, view counter or front matter differ. Its *sketch* keeps the
smallest hashes of its five-word shingles (bottom-k MinHash); two sketches estimate the Jaccard
similarity of the bodies, so a repost with a corrected typo or an extra caption still matches.
Its *figures* digest covers every number in it: a near copy must report the same figures, so
another month's report written from the same template (other figures, other dates) is never
taken for a copy, and neither is a corrected figure.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..language.text import fold

__all__ = ["BodyIndex", "Fingerprint", "Match", "best_match", "fingerprint", "similarity"]

SHINGLE = 5  # words per shingle
SKETCH = 128  # hashes kept per body
NEAR = 0.8  # estimated Jaccard similarity from which two bodies are one record
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """Exact key, figures digest and MinHash sketch of one article's body."""

    key: str
    sketch: tuple[int, ...]
    figures: str = ""

    def stored_key(self) -> str:
        """The key and figures digest as one stored string."""
        return f"{self.key}:{self.figures}"

    @classmethod
    def from_stored(cls, stored: str | None, sketch: Sequence[int]) -> Fingerprint:
        """Rebuild from ``stored_key()`` and the stored sketch."""
        key, _, figures = (stored or "").partition(":")
        return cls(key, tuple(sketch), figures)


@dataclass(frozen=True)
class Match:
    """An earlier article that a new one duplicates."""

    article_id: str
    similarity: float  # 1.0 for an exact copy

    @property
    def exact(self) -> bool:
        """True for a word-for-word copy."""
        return self.similarity >= 1.0


def _hash(text: str) -> int:
    """A stable 64-bit hash."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprint(paragraphs: Iterable[str]) -> Fingerprint:
    """Key and sketch of a body given as its paragraphs."""
    words = _WORD.findall(unicodedata.normalize("NFC", " ".join(paragraphs)).lower())
    key = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
    numbers = sorted(w for w in words if w.isdigit())
    figures = hashlib.sha256(" ".join(numbers).encode("ascii")).hexdigest()[:16]
    plain = fold(" ".join(words)).split()
    n = min(SHINGLE, len(plain)) or 1
    shingles = {" ".join(plain[i : i + n]) for i in range(max(1, len(plain) - n + 1))}
    sketch = tuple(sorted({_hash(s) for s in shingles if s})[:SKETCH])
    return Fingerprint(key, sketch, figures)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two bodies from their sketches."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[: max(len(a), len(b))]
    return sum(1 for h in union if h in sa and h in sb) / len(union)


def best_match(
    new: Fingerprint,
    meeting_date: str | None,
    known: Iterable[tuple[str, str | None, Fingerprint]],
) -> Match | None:
    """The stored article (id, meeting date, fingerprint) that ``new`` copies, if any.

    Two records of meetings held on different days are never one record.
    """
    best: Match | None = None
    for article_id, date, fp in known:
        if meeting_date and date and meeting_date != date:
            continue
        if fp.key == new.key:
            return Match(article_id, 1.0)
        if fp.figures != new.figures:
            continue
        sim = similarity(new.sketch, fp.sketch)
        if sim >= NEAR and (best is None or sim > best.similarity):
            best = Match(article_id, round(min(sim, 0.999), 3))
    return best


@dataclass
class BodyIndex:
    """The fingerprints of stored articles, grouped by figures digest so that a new body is
    compared only with the few that report the same numbers (constant time per article)."""

    by_figures: dict[str, list[tuple[str, str, str | None, Fingerprint]]] = field(
        default_factory=dict
    )
    figures_of: dict[str, str] = field(default_factory=dict)  # source → figures digest

    def add(self, article_id: str, source: str, date: str | None, fp: Fingerprint) -> None:
        """Remember an article's body (replacing what ``source`` held before)."""
        self.discard(source)
        self.by_figures.setdefault(fp.figures, []).append((article_id, source, date, fp))
        self.figures_of[source] = fp.figures

    def discard(self, source: str) -> None:
        """Forget whatever body was stored under ``source``."""
        figures = self.figures_of.pop(source, None)
        if figures is not None:
            group = self.by_figures[figures]
            group[:] = [e for e in group if e[1] != source]

    def match(self, fp: Fingerprint, date: str | None, source: str) -> tuple[Match, str] | None:
        """The article ``fp`` copies, and that article's source; never ``source`` itself."""
        group = [e for e in self.by_figures.get(fp.figures, ()) if e[1] != source]
        found = best_match(fp, date, [(aid, d, f) for aid, _, d, f in group])
        if found is None:
            return None
        original = next(src for aid, src, _, _ in group if aid == found.article_id)
        return found, original
