"""Vietnamese money amounts and percentages: find, parse, format and compare them.

Pure functions over strings, stdlib only. Conventions of the corpus:

* dot is the thousands separator and comma the decimal separator ("4.206 tỷ", "70,759 tỷ");
* amounts may be compound ("4.206 tỷ 168 triệu đồng" = 4 206 168 000 000 đồng);
* text may be NFC or NFD, use old tone placement ("hoà") or carry no diacritics at all
  ("115 ty dong"). Matching runs on a normalised copy (see `match_text`) and every span is
  mapped back to the original string, so ``text[a.start:a.end] == a.text`` always holds.

What counts as an amount: a number followed by a percent sign or word, by a scale word
(nghìn/ngàn, triệu, tỷ/tỉ, nghìn tỷ, thousand, million, billion, trillion) or by a currency
(đồng, đ, VND). Plain numbers ("18 phường", "70 năm", years, dates, ordinals) are skipped.
Amounts of tỷ and above are money even without "đồng" ("hơn 6.000 tỷ"); nghìn/triệu without a
currency are unit ``"count"`` ("2,1 triệu lượt khách"). Amounts in a foreign currency (USD,
đô la, euro) are skipped rather than mislabelled as đồng.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .text import LOOKALIKES, fold, normalize, normalize_with_map

__all__ = [
    "QUALIFIERS",
    "Amount",
    "MatchText",
    "Unit",
    "amounts_equal",
    "find_amounts",
    "keyword_pattern",
    "match_text",
    "normalize_amount_text",
    "parse_amount",
]

Unit = Literal["dong", "percent", "count"]


@dataclass(frozen=True)
class Amount:
    """A money amount, percentage or scaled count found in a text.

    ``value`` is in đồng for money, a ratio for percentages (0.51 for 51%) and a plain number
    for counts. ``qualifier`` is the canonical Vietnamese qualifier (a key of `QUALIFIERS`),
    whatever language or spelling the text used. The span ``start:end`` covers the qualifier
    when there is one, a leading "VND", the number, its scale words and its unit.
    """

    value: float
    unit: Unit
    qualifier: str | None
    start: int
    end: int
    text: str


# ---------------------------------------------------------------------------------------------
# An offset-preserving, lower-cased normalised view of a string (text.normalize_with_map does
# the NFC and tone-placement work; periods.py, indicators.py and places.py use it too).
# ---------------------------------------------------------------------------------------------

# Look-alikes seen in scraped Vietnamese text: eth for đ, full-width digits and percent sign.
_CHAR_MAP = LOOKALIKES


class MatchText:
    """A lower-cased, NFC, tone-normalised copy of a string that remembers original offsets."""

    __slots__ = ("_ends", "_starts", "original", "text")

    def __init__(self, original: str, text: str, starts: list[int], ends: list[int]) -> None:
        self.original = original
        self.text = text
        self._starts = starts
        self._ends = ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised copy back to a span of the original string."""
        n = len(self.text)
        if start >= n:
            return len(self.original), len(self.original)
        if end <= start:
            return self._starts[start], self._starts[start]
        return self._starts[start], self._ends[min(end, n) - 1]


def match_text(text: str) -> MatchText:
    """Build the normalised matching copy of ``text`` with its offset map."""
    norm, index = normalize_with_map(text)
    lowered = norm.lower()
    if len(lowered) != len(norm):  # a letter whose lower case is longer ("İ"): keep it as is
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    n = len(norm)
    starts = index[:n]
    if n == len(text):
        ends = list(range(1, n + 1))  # one character in, one out (composed text)
    else:
        ends = [0] * n
        nxt = index[n]
        for k in range(n - 1, -1, -1):  # the end of the cluster each character comes from
            if index[k + 1] > index[k]:
                nxt = index[k + 1]
            ends[k] = nxt
    return MatchText(text, lowered.translate(_CHAR_MAP), starts, ends)


def _canonical_word(word: str) -> str:
    return normalize(word.lower())


def keyword_pattern(*words: str, folded: bool = True) -> str:
    """Regex alternation matching each word as spelled or (if ``folded``) with no diacritics.

    A word written with diacritics must be spelled right ("đất" is not "đạt"); only a word with
    none at all falls back to its folded form, which is how diacritic-free text is written.
    """
    variants: set[str] = set()
    for word in words:
        canonical = _canonical_word(word)
        variants.add(canonical)
        if folded:
            variants.add(fold(canonical))
    ordered = sorted(variants, key=lambda v: (-len(v), v))
    alternatives = (r"\s+".join(re.escape(part) for part in v.split()) for v in ordered)
    return "(?:" + "|".join(alternatives) + ")"


def _key(matched: str) -> str:
    # Lookup key for a matched keyword: folded, single-spaced.
    return " ".join(fold(matched).split())


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

# Canonical Vietnamese qualifier -> (English rendering, other spellings it is written as).
QUALIFIERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "trên dưới": ("about", ()),
    "ước đạt": ("an estimated", ()),
    "ước tính": ("an estimated", ("estimated",)),
    "ước": ("an estimated", ()),
    "xấp xỉ": ("approximately", ("approximately", "roughly")),
    "khoảng": ("about", ("about", "around")),
    "gần": ("nearly", ("nearly", "almost")),
    "trên": ("over", ("over", "above")),
    "hơn": ("over", ("more than",)),
    "dưới": ("under", ("under", "below", "less than")),
    "đạt": ("reached", ("reached",)),
    "tăng": ("up", ("up", "increased by", "rose")),
    "giảm": ("down", ("down", "decreased by", "fell")),
    "bằng": ("equal to", ("equal to",)),
}
_QUALIFIER_BY_KEY: dict[str, str] = {}
for _canon, (_en, _others) in QUALIFIERS.items():
    for _spelling in (_canon, *_others):
        _QUALIFIER_BY_KEY[_key(_spelling)] = _canon
_QUALIFIER_BEFORE_RE = re.compile(
    r"(?<!\w)(?P<q>"
    + keyword_pattern(*(s for c, (_, o) in QUALIFIERS.items() for s in (c, *o)))
    + r")\s*\Z"
)

_THOUSAND, _MILLION, _BILLION = Decimal(1000), Decimal(10**6), Decimal(10**9)
_VI_SCALES = {
    "nghin": _THOUSAND,
    "ngan": _THOUSAND,
    "trieu": _MILLION,
    "ty": _BILLION,
    "ti": _BILLION,
}
_EN_SCALES = {
    **dict.fromkeys(("thousand", "thousands"), _THOUSAND),
    **dict.fromkeys(("million", "millions"), _MILLION),
    **dict.fromkeys(("billion", "billions", "bn"), _BILLION),
    **dict.fromkeys(("trillion", "trillions"), Decimal(10**12)),
}
_SCALE_BY_KEY: dict[str, Decimal] = _VI_SCALES | _EN_SCALES
_SCALE_RE = re.compile(
    r"\s*(?P<w>"
    + keyword_pattern("nghìn", "ngàn", "triệu", "tỷ", "tỉ")
    + r"|thousands?|millions?|billions?|trillions?|bn)(?!\w)"
)
# "tỷ lệ" (rate), "tỷ trọng" (share), "tỷ số" (score), "tỷ giá" (exchange rate) are not tỷ đồng.
# The folded "trong"/"so"/"gia" are real words after amounts ("115 ty so voi ..."), so only
# the accented spellings count here.
_NOT_TY_RE = re.compile(r"\s*(?:lệ|le|trọng|số|giá)(?!\w)")
_PERCENT_RE = re.compile(
    r"\s*(?:%|(?P<w>" + keyword_pattern("phần trăm") + r"|percent|per\s+cent|pct)(?!\w))"
)
_CURRENCY_RE = re.compile(r"\s*(?:(?:" + keyword_pattern("đồng") + r"|vnđ|vnd)(?!\w)|đ(?![\w/]))")
_FOREIGN_RE = re.compile(r"\s*(?:usd|us\$|\$|eur|euros?|dollars?|đô\s+la|do\s+la|đô)(?!\w)")
# "18 đồng chí" (comrades), "đồng ý" (agree), "đồng thời" (meanwhile)...: not money when the
# number has no scale word in front of "đồng".
# Without diacritics only the unambiguous ones count ("dong ho tro" is "đồng hỗ trợ").
_NOT_DONG_WORDS = (
    "chí bào hồ ý thời bộ loạt nghiệp hành tâm thuận phục đều lòng chủ minh đội môn hương ruộng "
    "bằng dạng nhất niên cảm tình sở cấp tác diễn lứa ca"
).split()
_NOT_DONG_RE = re.compile(
    r"\s+(?:"
    + keyword_pattern(*_NOT_DONG_WORDS, folded=False)
    + "|"
    + keyword_pattern("chí", "bào", "thời", "loạt", "nghiệp", "thuận", "chủ trì")
    + r")(?!\w)"
)
_COMPOUND_RE = re.compile(r"\s+(?P<n>[0-9]{1,3})(?![0-9.,][0-9])")
_NUMBER_RE = re.compile(
    r"(?:(?<!\w)(?P<pre>vnd|vnđ)\s*|(?<![\w.,/]))(?P<num>[0-9]+(?:[.,][0-9]+)*)(?![0-9])"
)
_YEAR_BEFORE_RE = re.compile(r"(?<!\w)(?:" + keyword_pattern("năm") + r"|year|in)\s+\Z")

Locale = Literal["vi", "en", "money"]


def _parse_number(raw: str, locale: Locale) -> Decimal | None:
    """Parse "4.206", "70,759", "1.250.000", "4,206.168" under the locale's separator rules."""
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # Both present: the later one is the decimal separator ("1.234,5" / "1,234.5").
        thousands, decimal = (".", ",") if raw.rfind(",") > raw.rfind(".") else (",", ".")
        if raw.count(decimal) > 1:
            return None
        whole, frac = raw.split(decimal)
        return _grouped(whole, thousands, frac)
    if dots > 1 or commas > 1:
        return _grouped(raw, "." if dots else ",", "")
    if dots == 1 or commas == 1:
        sep = "." if dots else ","
        whole, frac = raw.split(sep)
        if sep == "." and locale == "en":
            is_thousands = False
        elif sep == "." or locale in ("en", "money"):
            # Vietnamese dots group thousands; an English (or đồng-only) comma does too. A
            # 1-2 digit tail ("1.5 tỷ") is a sloppy decimal point, not a group.
            is_thousands = len(frac) == 3 and len(whole) <= 3
        else:
            is_thousands = False
        return _grouped(raw, sep, "") if is_thousands else Decimal(f"{whole}.{frac}")
    return Decimal(raw)


def _grouped(whole: str, sep: str, frac: str) -> Decimal | None:
    groups = whole.split(sep)
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return Decimal("".join(groups) + ("." + frac if frac else ""))


@dataclass
class _Read:
    end: int
    value: Decimal | None  # None: consumed but not an amount (e.g. a USD figure)
    unit: Unit = "count"


def _read_scales(t: str, pos: int) -> tuple[int, Decimal, bool] | None:
    """Read one or two scale words at ``pos`` ("tỷ", "nghìn tỷ"): (end, multiplier, english)."""
    mult = Decimal(0)
    english = False
    end = pos
    for _ in range(2):
        m = _SCALE_RE.match(t, end)
        if not m:
            break
        key = _key(m.group("w"))
        factor = _SCALE_BY_KEY[key]
        if factor == _BILLION and key in ("ty", "ti") and _NOT_TY_RE.match(t, m.end()):
            break
        if mult and factor <= mult:  # "nghìn tỷ" multiplies; "tỷ nghìn" does not
            break
        mult = factor * (mult or 1)
        english = english or key in _EN_SCALES
        end = m.end()
    return (end, mult, english) if mult else None


def _read_amount(t: str, m: re.Match[str]) -> _Read | None:
    """Read the unit after the number matched by ``m``; None if it is a plain number."""
    raw, pos = m.group("num"), m.end()
    prefixed = m.group("pre") is not None

    pct = _PERCENT_RE.match(t, pos)
    if pct and not prefixed:
        word = pct.group("w")
        locale: Locale = "en" if word and _key(word) in ("percent", "per cent", "pct") else "vi"
        value = _parse_number(raw, locale)
        return _Read(pct.end(), None if value is None else value / 100, "percent")

    scales = _read_scales(t, pos)
    if scales is None:
        if (foreign := _FOREIGN_RE.match(t, pos)) is not None:
            return _Read(foreign.end(), None)
        cur = _CURRENCY_RE.match(t, pos)
        if cur and not _NOT_DONG_RE.match(t, cur.end()):
            return _Read(cur.end(), _parse_number(raw, "money"), "dong")
        if prefixed:
            return _Read(pos, _parse_number(raw, "money"), "dong")
        return None

    end, mult, english = scales
    first = _parse_number(raw, "en" if english else "vi")
    if first is None:
        return _Read(end, None)
    total, smallest = first * mult, mult
    # Compound amounts: "4.206 tỷ 168 triệu", each part a smaller scale than the one before.
    while (part := _COMPOUND_RE.match(t, end)) is not None:
        more = _read_scales(t, part.end())
        if more is None or more[1] >= smallest:
            break
        end, smallest = more[0], more[1]
        total += Decimal(part.group("n")) * smallest
    if (foreign := _FOREIGN_RE.match(t, end)) is not None:
        return _Read(foreign.end(), None)
    if (cur := _CURRENCY_RE.match(t, end)) is not None:
        return _Read(cur.end(), total, "dong")
    return _Read(end, total, "dong" if prefixed or mult >= _BILLION else "count")


def _is_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100


def find_amounts(text: str) -> list[Amount]:
    """Find every money amount, percentage and scaled count in ``text``, in order."""
    view = match_text(text)
    t = view.text
    found: list[Amount] = []
    resume = 0
    for m in _NUMBER_RE.finditer(t):
        if m.start() < resume:
            continue  # part of an amount already read ("168" in "4.206 tỷ 168 triệu")
        if _is_year(m.group("num")) and _YEAR_BEFORE_RE.search(
            t, max(0, m.start() - 12), m.start()
        ):
            continue  # "năm 2024 tỷ lệ ...": a year, never money
        read = _read_amount(t, m)
        if read is None:
            continue
        resume = read.end
        if read.value is None or not math.isfinite(float(read.value)):
            continue
        start = m.start()
        qualifier = None
        q = _QUALIFIER_BEFORE_RE.search(t, max(0, start - 40), start)
        if q is not None:
            qualifier = _QUALIFIER_BY_KEY.get(_key(q.group("q")))
            start = q.start()
        a, b = view.span(start, read.end)
        found.append(Amount(float(read.value), read.unit, qualifier, a, b, text[a:b]))
    return found


def parse_amount(text: str) -> Amount | None:
    """Return the first amount in ``text``, or None."""
    amounts = find_amounts(text)
    return amounts[0] if amounts else None


def normalize_amount_text(text: str) -> list[float]:
    """Values of every amount in ``text`` (Vietnamese or English), for matching gold answers."""
    return [a.value for a in find_amounts(text)]


def amounts_equal(a: float, b: float, rel: float = 1e-9, abs_tol: float = 1e-12) -> bool:
    """True when two amount values agree within a relative tolerance."""
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)
