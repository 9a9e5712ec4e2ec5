"""Vietnamese text normalisation for matching; originals are never changed.

Matching uses NFC with one tone-mark placement (the classic one: hòa, thủy, khỏe) and an
optional diacritic-folded form (đ→d) for users who type without marks. Functions that change
length return an offset map back into the original text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Literal

# Combining tone marks in NFD: grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_SET = frozenset(_TONES)
# Open syllables where the "new" style puts the tone on the second vowel (hoà, thuỷ, khoẻ).
_ONSET = r"(?<![^\W\d_])((?:[bcdfghklmnprstvxđ]|ch|gh|gi|kh|ng|ngh|nh|ph|th|tr)?)"
_AFTER = r"(?![^\W\d_]|[\u0300-\u036f])"
# Open syllables where the "new" style puts the tone on the second vowel (hoà, thuỷ, khoẻ);
# "qu" is a consonant, so "quý" is the same in both styles and is left alone.
_OPEN_PAIR = re.compile(r"(?i)" + _ONSET + r"(o)([ae])([" + _TONES + r"])" + _AFTER)
_OPEN_UY = re.compile(r"(?i)" + _ONSET + r"(u)(y)([" + _TONES + r"])" + _AFTER)
_WORD = re.compile(r"\w+", re.UNICODE)
_VI_MARKED = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
    re.IGNORECASE,
)
_EN_HINTS = frozenset(
    "the what how much many who when which where did does was were is are has have had by of in "
    "for and much budget revenue disbursed disbursement chaired meeting district".split()
)


def _fix_tone_nfd(s: str) -> str:
    """Move the tone of open oa/oe/uy syllables onto the first vowel (NFD input)."""
    s = _OPEN_PAIR.sub(lambda m: m.group(1) + m.group(2) + m.group(4) + m.group(3), s)
    return _OPEN_UY.sub(lambda m: m.group(1) + m.group(2) + m.group(4) + m.group(3), s)


def normalize(text: str) -> str:
    """NFC with one tone-mark placement; same length as ``nfc(text)``."""
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _fix_tone_nfd(nfd))


def nfc(text: str) -> str:
    """Plain NFC."""
    return unicodedata.normalize("NFC", text)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return, per output char, the index of its source char.

    The map has one extra entry (``len(text)``) so that an end offset maps too.
    """
    if text.isascii():
        return text, list(range(len(text) + 1))
    if not any(unicodedata.combining(c) for c in set(text)):  # composed already: 1 char → 1
        fixed = normalize(text)
        if len(fixed) == len(text):
            return fixed, list(range(len(text) + 1))
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        out.append(cluster)
        index.extend([i] * len(cluster))
        i = j
    index.append(n)
    joined = "".join(out)
    fixed = normalize(joined)
    if len(fixed) != len(joined):  # tone fix is length-preserving in NFC; be safe anyway
        return joined, index
    return fixed, index


# Characters pages type for others: "ð" (eth) for "đ", full-width digits and "%".
_LOOKALIKE = {"\u00f0": "đ", "\uff05": "%", **{chr(0xFF10 + i): str(i) for i in range(10)}}
LOOKALIKES = str.maketrans(_LOOKALIKE)
_FOLD = str.maketrans({**_LOOKALIKE, "đ": "d", "\u00f0": "d"})


def fold(text: str) -> str:
    """Strip every diacritic and map đ→d, lower-cased: 'Giải Ngân' → 'giai ngan'. The one
    folding of the project (look-alikes too: "ð" folds like "đ", full-width digits to digits)."""
    nfd = unicodedata.normalize("NFD", text.lower().translate(_FOLD))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """Folded words joined by single spaces: "Quận  Hai Bà Trưng," → "quan hai ba trung"."""
    return " ".join(_WORD.findall(fold(text)))


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese letter with marks."""
    return bool(_VI_MARKED.search(nfc(text)))


def words(text: str) -> list[str]:
    """Lower-case word tokens of already normalised text."""
    return [w.lower() for w in _WORD.findall(text)]


_VI_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?"
    r"(a|ai|ao|au|ay|e|eo|i|ia|iu|ieu|ie|o|oa|oai|oay|oe|oi|oo|u|ua|uai|uay|ue|ui|uo|uoi|uou|uu|"
    r"uy|uya|uye|uyu|y|ye|yeu|ye)"
    r"(ch|ng|nh|[cmnpt])?$"
)


def is_vi_syllable(token: str) -> bool:
    """True when a diacritic-free token has the shape of a Vietnamese syllable."""
    return bool(_VI_SYLLABLE.match(fold(token)))


VI_WORD_SHARE = 0.3  # a text with fewer marked words than this is English


def text_lang(text: str) -> Literal["vi", "en"]:
    """'vi' when at least 30% of the words carry Vietnamese marks or đ, else 'en'."""
    toks = [w for w in words(nfc(text)) if not w.isdigit()]
    marked = sum(1 for w in toks if _VI_MARKED.search(w))  # already NFC
    return "vi" if toks and marked / len(toks) >= VI_WORD_SHARE else "en"


def detect_lang(text: str) -> str:
    """'vi' (with marks), 'vi-nodiac' (Vietnamese typed without marks) or 'en'."""
    if has_diacritics(text):
        return "vi"
    toks = words(text)
    if not toks:
        return "vi"
    en = sum(1 for t in toks if t in _EN_HINTS)
    vi = sum(1 for t in toks if is_vi_syllable(t) and t not in _EN_HINTS)
    return "en" if en >= max(1, vi * 0.5) else "vi-nodiac"


# Every character Markdown (and the math and table syntax of Gradio's renderer) gives a meaning.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$=:])")


def escape_markdown(text: object) -> str:
    """Untrusted text for Markdown that also renders HTML: no tags, links, emphasis or math."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape("" if text is None else str(text), quote=True))


def clean_control(text: str) -> str:
    """Drop control characters other than newline and tab."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
