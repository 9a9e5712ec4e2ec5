"""Diacritic restoration for questions typed without marks, from the index's own vocabulary.

"giai ngan von dau tu cong" becomes "giải ngân vốn đầu tư công" by choosing, syllable by
syllable, the marked forms the stored records use most, with adjacent pairs deciding between
forms ("tu" is "tư" after "đầu", "từ" elsewhere). The core is pure: counts in, text out; the
one function that reads the store is ``restored_query``.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from ..language.text import fold, normalize

if TYPE_CHECKING:
    from ..index.query import QueryPlan
    from ..index.store import Store

_SYL = re.compile(r"\w+")
MAX_FORMS = 6  # marked forms considered per folded syllable
W_PAIR = 2.0  # weight of an attested adjacent pair over a single syllable's frequency
SAMPLE = 5000  # newest passages counted: ~0.6 ms each, once per index version (~3 s)
# Question words the records rarely write, counted as if seen this many times, so that
# "bao nhieu" is "bao nhiêu", not "báo nhiều"; place names likewise ("dong da" is "Đống Đa").
SEED_WEIGHT = 50
PLACE_WEIGHT = 3  # enough to break a tie, not to turn every "den" into "Dền"
QUESTION_WORDS = (
    "bao nhiêu. bao giờ. khi nào. ngày nào. năm nào. tháng nào. ai. những gì. những nhiệm vụ gì. "
    "nhiệm vụ nào. như thế nào. thế nào. là gì. là bao nhiêu. được bao nhiêu. đạt bao nhiêu. "
    "của quận. tại phiên họp. tại kỳ họp. có bao nhiêu. thì sao. còn"
)


@dataclass
class Vocab:
    """How the records mark each folded syllable, alone and next to its neighbour."""

    forms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def candidates(self, folded: str) -> list[str]:
        """The most used marked forms of a folded syllable, most used first."""
        return [m for m, _ in self.forms.get(folded, Counter()).most_common(MAX_FORMS)]


def count_forms(texts: Iterable[str]) -> Vocab:
    """Count marked syllables and adjacent marked pairs (lowercase) in record texts."""
    vocab = Vocab()
    for text in texts:
        for sentence in re.split(r"[.;:!?\n]", normalize(text).lower()):
            sylls = [s for s in _SYL.findall(sentence) if not s.isdigit()]
            for s in sylls:
                vocab.forms[fold(s)][s] += 1
            vocab.pairs.update(pairwise(sylls))
    vocab.forms = dict(vocab.forms)
    return vocab


def restore(text: str, vocab: Vocab) -> str:
    """The text with marks put back on plain syllables (best path over adjacent pairs)."""
    tokens = list(_SYL.finditer(text))
    words = [m.group(0) for m in tokens]
    options = [_options(w, vocab) for w in words]
    best = _viterbi(options, vocab)
    out, last = [], 0
    for m, word, choice in zip(tokens, words, best, strict=True):
        out.append(text[last : m.start()])
        out.append(_same_case(word, choice))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _options(word: str, vocab: Vocab) -> list[str]:
    """Marked forms a token may take; a token that is marked, a number or unknown stays."""
    low = word.lower()
    if not word.isascii() or word.isdigit():
        return [low]
    return vocab.candidates(low) or [low]


def _viterbi(options: list[list[str]], vocab: Vocab) -> list[str]:
    """The sequence of forms maximising single-syllable plus adjacent-pair log counts."""
    if not options:
        return []

    def unit(m: str) -> float:
        return math.log1p(vocab.forms.get(fold(m), Counter()).get(m, 0))

    scores = {m: (unit(m), [m]) for m in options[0]}
    for opts in options[1:]:
        nxt = {}
        for m in opts:
            prev, (score, path) = max(
                scores.items(),
                key=lambda kv: kv[1][0] + W_PAIR * math.log1p(vocab.pairs.get((kv[0], m), 0)),
            )
            pair = W_PAIR * math.log1p(vocab.pairs.get((prev, m), 0))
            nxt[m] = (score + pair + unit(m), [*path, m])
        scores = nxt
    return max(scores.values(), key=lambda sp: sp[0])[1]


def _same_case(original: str, restored: str) -> str:
    """Carry the original's capitals over to the restored syllable."""
    if original.isupper() and len(original) > 1:
        return restored.upper()
    if original[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored


_CACHE: dict[tuple[str, int], Vocab] = {}
_LOCK = threading.Lock()


def seed_texts() -> list[str]:
    """Question words (SEED_WEIGHT times) and place names (PLACE_WEIGHT times)."""
    from .constraints import DISTRICTS, WARDS

    places = ". ".join(f"quận {p}. phường {p}" for p in DISTRICTS + WARDS)
    return [QUESTION_WORDS] * SEED_WEIGHT + [places] * PLACE_WEIGHT


def vocab_for(store: Store) -> Vocab:
    """The index's vocabulary, counted once per index version and kept in memory."""
    key = (str(store.path), store.passages_version())
    with _LOCK:
        vocab = _CACHE.get(key)
        if vocab is None:
            vocab = count_forms([*store.passage_texts(SAMPLE), *seed_texts()])
            _CACHE.clear()  # one index at a time: the old version's counts are stale
            _CACHE[key] = vocab
    return vocab


def restored_query(store: Store, plan: QueryPlan) -> str:
    """What the vector leg embeds: the question with its marks restored when typed without."""
    if plan.lang != "vi-nodiac":
        return plan.text
    return restore(plan.text, vocab_for(store))
