"""Sentences, passages and word segmentation (underthesea), always with original offsets."""

from __future__ import annotations

import re
import sys
import threading
from importlib.abc import MetaPathFinder
from types import ModuleType

from ..models import Sentence
from .text import normalize, normalize_with_map

_SENT_FALLBACK = re.compile(r"[^.!?;…]+(?:[.!?;…]+|$)")
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def approx_tokens(text: str) -> int:
    """A cheap upper estimate of model tokens, for use without a tokenizer."""
    return int(len(text.split()) * 1.6) + 2


class _NoDeepLearning(MetaPathFinder):
    """Refuses torch and transformers to one thread while it first imports underthesea."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        """Raise ImportError for the deep-learning stack in that thread; pass on the rest."""
        if threading.get_ident() != self.thread:
            return None  # another thread loading the model for ingestion is not affected
        if name.split(".")[0] in ("torch", "transformers", "sentence_transformers"):
            raise ImportError(f"{name}: not needed by hbt_qa's use of underthesea")
        return None


_IMPORT_LOCK = threading.Lock()


def _underthesea() -> ModuleType:
    """underthesea, imported without its optional deep-learning pipelines.

    Its package init imports translation and parsing pipelines that pull in transformers and
    torch (about 5 s and 500 MB); it skips them when they fail to import. We only use its CRF
    sentence and word tokenizers, so a process that answers questions never loads torch.
    When torch is already loaded (ingestion), the import runs as usual.
    """
    if "underthesea" in sys.modules:
        return sys.modules["underthesea"]
    with _IMPORT_LOCK:
        if "torch" in sys.modules:
            import underthesea

            return underthesea
        guard = _NoDeepLearning()
        sys.meta_path.insert(0, guard)
        try:
            import underthesea
        finally:
            sys.meta_path.remove(guard)
        return underthesea


def _sent_tokenize(text: str) -> list[str]:
    """underthesea's sentence splitter, imported lazily."""
    return _underthesea().sent_tokenize(text)


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of ``text[start:end]`` (one paragraph) as absolute offsets into ``text``."""
    para = text[start:end]
    if not para.strip():
        return []
    norm, index = normalize_with_map(para)
    try:
        pieces = _sent_tokenize(norm)
    except Exception:  # underthesea can fail on odd input; fall back to punctuation
        pieces = [m.group(0) for m in _SENT_FALLBACK.finditer(norm)]
    out: list[Sentence] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = norm.find(piece, cursor)
        if at < 0:  # the splitter changed the text; give up on fine splitting
            return [_trimmed(text, start, end)]
        a, b = index[at], index[at + len(piece)]
        out.append(_trimmed(text, start + a, start + b))
        cursor = at + len(piece)
    if not out:
        return [_trimmed(text, start, end)]
    # Keep every character of the paragraph inside some sentence: widen to the gaps.
    return _cover(text, start, end, out)


def _trimmed(text: str, a: int, b: int) -> Sentence:
    """A sentence span without surrounding whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Sentence(a, b)


def _cover(text: str, start: int, end: int, sents: list[Sentence]) -> list[Sentence]:
    """Attach any non-space text between sentences to the sentence before it."""
    fixed: list[Sentence] = []
    for i, s in enumerate(sents):
        nxt = sents[i + 1].start if i + 1 < len(sents) else end
        a = s.start if fixed or s.start == start else start
        gap = text[s.end : nxt]
        b = nxt if gap.strip() else s.end
        fixed.append(_trimmed(text, a, b))
    return fixed


def _word_tokenize(text: str) -> str:
    """underthesea's word segmentation with compounds joined by '_'."""
    return _underthesea().word_tokenize(text, format="text")


def segment_words(text: str) -> str:
    """Normalised, lower-cased, underthesea-segmented text: 'giải_ngân vốn đầu_tư'."""
    norm = normalize(text)
    try:
        seg = _word_tokenize(norm)
    except Exception:
        seg = norm
    return " ".join(t for t in seg.lower().split() if any(ch.isalnum() for ch in t))


def syllables(text: str) -> str:
    """Normalised, lower-cased syllables separated by spaces."""
    return " ".join(m.group(0) for m in re.finditer(r"\w+", normalize(text).lower()))
