"""Indicator figures with their periods: extract them from articles, line them up as a series.

Pure functions over an article's text and its sentence spans; no SQL, no printing.

How a money amount becomes a `Figure`, sentence by sentence:

* **Indicator**: the catalogue words nearest before the amount, after the previous money amount
  of the sentence, that are not part of a percentage's comparison ("đạt 51% so với dự toán").
  Words in another clause count only when what lies between is time, estimate and linking
  words ("Về thu ngân sách, 5 tháng đầu năm đạt ..."). A sentence or clause with nothing but
  such words before its amount ("Ước thực hiện 6 tháng đầu năm là 5.095 tỷ ...") continues
  the indicator of the previous figure of its paragraph. Targets ("mục tiêu", "phấn đấu") and
  changes ("tăng 460 tỷ đồng") are not reported levels and are skipped.
* **Period** (`record_periods`: `find_periods` plus "lũy kế N tháng", "cả năm" and a clause
  opening "Đến ngày 30/6/2022," read as a cut-off), first that applies: the nearest period
  before the amount in its sentence, or one after it in the same clause; else the *paragraph
  context*: the last period named in an earlier sentence of the same paragraph (not an aside:
  "Riêng tháng 3, ..."); a paragraph ending with ":" ("..., cụ thể:") hands its context to the
  next one, skipping image captions (a one-sentence paragraph without final punctuation); else
  "as of the meeting date" (``ref_date``), which is also what "tính đến nay" means. Comparison
  periods ("cùng kỳ năm 2023"), terms, event days, "giữa năm" and periods inside a percentage's
  comparison never count; a carried period must not start after ``ref_date``.
  `FigurePeriod.origin` says which rule gave the period.
* **Estimate**: "ước", "ước thực hiện", "ước đạt", "dự kiến" between the previous money amount
  and this one, or right before the figure's own period in the sentence ("Ước thực hiện 6 tháng
  đầu năm 2025, A đạt ...; B đạt ..."). It is never carried from another sentence.
* **Percentages** after a money figure (up to the next money amount) are its context, with their
  base (dự toán, cùng kỳ, kế hoạch); a percentage is a figure of its own only for a rate
  indicator ("tỷ lệ giải quyết đúng hạn đạt 99,5%").
* **Place**: the nearest "quận …"/"phường …" marker before the amount ("trên địa bàn phường"),
  else the article's own place (`article_locality`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..language.numbers import Amount, find_amounts
from ..language.period_types import Period
from ..language.places import Level, Locality, find_scope_markers, locality_from_text
from ..language.text import fold
from ..models import Sentence
from .indicators import (
    Mention,
    estimate_frames,
    find_mentions,
    find_phrase,
    get_indicator,
    has_estimate_marker,
    has_target_marker,
    is_aside,
    is_change,
    only_bridge_words,
    percent_base,
    record_periods,
)

__all__ = ["Figure", "FigurePeriod", "PercentContext", "extract_figures", "extract_phrase_figures"]

Origin = Literal["sentence", "paragraph", "lead_in", "meeting_date"]
SentenceSpan = tuple[int, int] | Sentence


@dataclass(frozen=True)
class FigurePeriod:
    """The period a figure is for; offsets are absolute, None when the period is implied."""

    start: dt.date
    end: dt.date
    kind: str
    text: str
    start_char: int | None
    end_char: int | None
    origin: Origin


@dataclass(frozen=True)
class PercentContext:
    """A percentage said of a figure: 0.51 and base "du_toan" for "đạt 51% so với dự toán"."""

    value: float
    base: str | None  # "du_toan", "cung_ky", "ke_hoach" or None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    """One reported value of an indicator (or of a free phrase), with where it was said."""

    indicator_id: str | None
    phrase: str  # the indicator words as written, or the user's phrase
    value: float  # đồng for money, a ratio for rates
    unit: str
    qualifier: str | None
    period: FigurePeriod | None
    estimate: bool
    percents: tuple[PercentContext, ...]
    sentence: str
    sentence_start: int
    sentence_end: int
    amount_text: str
    amount_start: int
    amount_end: int
    mention_start: int  # absolute; in an earlier sentence when the indicator was carried
    mention_end: int
    article_id: str
    source: str
    article_date: dt.date | None
    district: str | None
    ward: str | None
    level: Level
    province: str | None = None
    place: str | None = None  # the place as shown, set from the record's metadata ("huyện X")
    breakdown: str | None = None  # a sub-total's part: "thu nội địa", "ngân sách cấp huyện"


# ---------------------------------------------------------------------------------------------
# Sentence analysis
# ---------------------------------------------------------------------------------------------

_EXCLUDED_KINDS = frozenset({"same_period", "term", "day", "midyear"})
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]")


@dataclass
class _Sentence:
    """One sentence's amounts, periods, mentions and percentage-comparison spans (relative)."""

    start: int
    text: str
    amounts: list[Amount]
    periods: list[Period]
    all_periods: list[Period]
    mentions: list[Mention]
    contexts: list[tuple[int, int]]


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_BREAK.search(text, pos)
    return m.start() if m else len(text)


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _analyse(text: str, start: int, ref: dt.date | None, phrase: str | None) -> _Sentence:
    amounts = [a for a in find_amounts(text) if a.unit in ("dong", "percent")]
    contexts = [(a.start, _clause_end(text, a.end)) for a in amounts if a.unit == "percent"]
    all_periods = record_periods(text, ref)
    periods = [
        p
        for p in all_periods
        if p.kind not in _EXCLUDED_KINDS and not _inside(contexts, p.start_char, p.end_char)
    ]
    found = find_phrase(text, phrase) if phrase is not None else find_mentions(text)
    mentions = [m for m in found if not _inside(contexts, m.start, m.end)]
    return _Sentence(start, text, amounts, periods, all_periods, mentions, contexts)


def _is_bridge(s: _Sentence, a: int, b: int) -> bool:
    """True when ``text[a:b]`` holds only time, estimate and linking words."""
    cut = [(p.start_char, p.end_char) for p in s.all_periods] + s.contexts
    chars = list(s.text[a:b])
    for x, y in cut:
        for i in range(max(x, a), min(y, b)):
            chars[i - a] = " "
    return only_bridge_words("".join(chars))


# ---------------------------------------------------------------------------------------------
# Article walk
# ---------------------------------------------------------------------------------------------


@dataclass
class _State:
    """What carries between sentences: the paragraph's period and last indicator."""

    period: FigurePeriod | None = None
    lead_in: FigurePeriod | None = None
    indicator: tuple[str | None, str, int, int] | None = None


@dataclass(frozen=True)
class _Article:
    article_id: str
    source: str
    ref: dt.date | None
    locality: Locality
    phrase: str | None


def _span(s: SentenceSpan) -> tuple[int, int]:
    return (s.start, s.end) if isinstance(s, Sentence) else (s[0], s[1])


def _is_caption(text: str, single: bool) -> bool:
    return single and not text.rstrip().endswith((".", "!", "?", ":", ";", "…", '"', "”"))


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group consecutive sentence spans into paragraphs (a line break between them)."""
    paras: list[list[tuple[int, int]]] = []
    for a, b in spans:
        if paras and "\n" not in text[paras[-1][-1][1] : a]:
            paras[-1].append((a, b))
        else:
            paras.append([(a, b)])
    return paras


def extract_figures(
    text: str,
    sentences: Sequence[SentenceSpan],
    article_id: str,
    source: str,
    ref_date: dt.date | None,
    *,
    locality: Locality | None = None,
) -> list[Figure]:
    """Every catalogue indicator figure in an article, in text order."""
    art = _Article(article_id, source, ref_date, locality or locality_from_text(text), None)
    return _walk(text, [_span(s) for s in sentences], art)


def extract_phrase_figures(
    text: str,
    sentences: Sequence[SentenceSpan],
    phrase: str,
    article_id: str,
    source: str,
    ref_date: dt.date | None,
    *,
    locality: Locality | None = None,
) -> list[Figure]:
    """Money figures reported right after a user's free phrase ("tiền phạt"); no indicator id."""
    art = _Article(article_id, source, ref_date, locality or locality_from_text(text), phrase)
    return _walk(text, [_span(s) for s in sentences], art)


def _walk(text: str, spans: list[tuple[int, int]], art: _Article) -> list[Figure]:
    out: list[Figure] = []
    state = _State()
    for para in _paragraphs(text, spans):
        first_text = text[para[0][0] : para[0][1]]
        if _is_caption(first_text, len(para) == 1):
            continue  # captions neither use nor break the lead-in
        state = _State(period=state.lead_in)
        for a, b in para:
            sent = _analyse(text[a:b], a, art.ref, art.phrase)
            out.extend(_sentence_figures(sent, state, art))
            _carry_period(sent, state, art.ref)
        if text[para[-1][0] : para[-1][1]].rstrip().endswith(":") and state.period is not None:
            state.lead_in = replace(state.period, origin="lead_in")
    return out


def _carry_period(s: _Sentence, state: _State, ref: dt.date | None) -> None:
    for p in reversed(s.periods):
        if (ref is None or p.start <= ref) and not is_aside(s.text[: p.start_char]):
            state.period = _figure_period(s, p, "paragraph")
            return


def _figure_period(s: _Sentence, p: Period, origin: Origin) -> FigurePeriod:
    return FigurePeriod(
        p.start, p.end, p.kind, p.text, s.start + p.start_char, s.start + p.end_char, origin
    )


def _sentence_figures(s: _Sentence, state: _State, art: _Article) -> list[Figure]:
    figures: list[Figure] = []
    percents: list[list[PercentContext]] = []
    boundary = 0
    current: list[PercentContext] | None = None  # where the next percentages go
    for amount in s.amounts:
        if amount.unit == "percent":
            mention = _mention_for(s, boundary, amount.start, state, allow_carry=False)
            if mention is not None and _is_rate(mention[0]):
                figures.append(_figure(s, amount, mention, boundary, state, art))
                percents.append([])
                current, boundary = None, amount.end
            elif current is not None:
                base = percent_base(s.text[amount.end : _clause_end(s.text, amount.end)])
                a, b = s.start + amount.start, s.start + amount.end
                current.append(PercentContext(amount.value, base, amount.text, a, b))
            continue
        lo, boundary, current = boundary, amount.end, None
        if has_target_marker(s.text[lo : amount.start]) or _is_change(s, amount):
            continue
        mention = _mention_for(s, lo, amount.start, state, allow_carry=True)
        if mention is None or (art.phrase is None and _is_rate(mention[0])):
            continue
        figures.append(_figure(s, amount, mention, lo, state, art))
        current = []
        percents.append(current)
        state.indicator = mention
    return [replace(f, percents=tuple(p)) for f, p in zip(figures, percents, strict=True)]


def _is_change(s: _Sentence, amount: Amount) -> bool:
    return amount.qualifier in ("tăng", "giảm") or is_change(s.text[: amount.start])


def _is_rate(indicator_id: str | None) -> bool:
    ind = get_indicator(indicator_id) if indicator_id else None
    return ind is not None and ind.is_rate


def _mention_for(
    s: _Sentence, lo: int, hi: int, state: _State, allow_carry: bool
) -> tuple[str | None, str, int, int] | None:
    """(indicator id, words, absolute start, end) naming the amount at ``hi``, or None."""
    for m in reversed([m for m in s.mentions if lo <= m.start and m.end <= hi]):
        same_clause = _CLAUSE_BREAK.search(s.text, m.end, hi) is None
        if same_clause or _is_bridge(s, m.end, hi):
            return (m.indicator_id, m.text, s.start + m.start, s.start + m.end)
        return None
    if allow_carry and state.indicator is not None and _is_bridge(s, lo, hi):
        return state.indicator
    return None


def _figure(
    s: _Sentence,
    amount: Amount,
    mention: tuple[str | None, str, int, int],
    lo: int,
    state: _State,
    art: _Article,
) -> Figure:
    indicator_id, words, m_start, m_end = mention
    level, district, ward = _place(s, amount.start, art.locality)
    period = _period_for(s, amount, state, art.ref)
    estimate = has_estimate_marker(s.text[lo : amount.end]) or _framed_estimate(s, period)
    # A part named after the indicator ("thu ngân sách huyện được hưởng …", "trong đó thu nội
    # địa …"), in the value's own clause: from the mention, or from the last ";" when the
    # mention was made before (in this sentence, or carried from an earlier one).
    clause = s.text.rfind(";", 0, amount.start) + 1
    start = max(m_end - s.start, clause) if s.start <= m_end else max(lo, clause)
    after = s.text[start : amount.start]
    part = sub_total(after, words)
    return Figure(
        indicator_id=indicator_id,
        phrase=art.phrase if art.phrase is not None else words,
        value=amount.value,
        unit=amount.unit,
        qualifier=amount.qualifier,
        period=period,
        estimate=estimate,
        percents=(),
        sentence=s.text,
        sentence_start=s.start,
        sentence_end=s.start + len(s.text),
        amount_text=amount.text,
        amount_start=s.start + amount.start,
        amount_end=s.start + amount.end,
        mention_start=m_start,
        mention_end=m_end,
        article_id=art.article_id,
        source=art.source,
        article_date=art.ref,
        district=district,
        ward=ward,
        level=level,
        breakdown=part,
    )


# The words that make a value a part of a total (by source, by level of budget): each part is a
# series of its own, never a rival of the total ("trong đó thu nội địa 130,7 tỷ").
_SUB_TOTAL = re.compile(
    r"(?i)(?<!\w)(thu nội địa|nội địa|thu từ [\w ]{2,30}?(?=\s+(?:đạt|là|được|:|\d))|"
    r"thu tiền sử dụng đất|tiền sử dụng đất|thu bổ sung(?: cân đối| có mục tiêu)?|"
    r"bổ sung (?:cân đối|có mục tiêu)|(?:ngân sách )?cấp (?:tỉnh|huyện|quận|xã|phường)|"
    r"ngân sách (?:tỉnh|huyện|quận|thị xã|thành phố|xã|phường|trung ương|địa phương)"
    r"(?: quản lý| được hưởng)?|giao (?:cho )?(?:xã|phường|thị trấn)[\w ,]{0,20}? quản lý|"
    r"(?:được )?hưởng theo phân cấp|điều tiết|xuất nhập khẩu|thu xổ số)(?!\w)"
)


_BUDGET_LEVEL = re.compile(
    r"(?i)\s*(?:cấp\s+|do\s+)?(tỉnh|huyện|quận|thị xã|thành phố|xã|phường)(?!\w)"
    r"(\s+quản lý|\s+được hưởng)?"
)


def sub_total(text: str, mention: str = "") -> str | None:
    """The part of a total a value is for, as written and lower-cased, or None for the total;
    ``text`` follows the indicator's ``mention`` ("thu ngân sách" + " huyện được hưởng …")."""
    level = _BUDGET_LEVEL.match(text)
    if level and fold(mention).endswith("ngan sach"):
        return f"ngân sách {level.group(1).lower()}{level.group(2) or ''}".strip()
    found = list(_SUB_TOTAL.finditer(text))
    return " ".join(found[-1].group(1).lower().split()) if found else None


def _framed_estimate(s: _Sentence, period: FigurePeriod | None) -> bool:
    """True when the figure's own period in this sentence is introduced as an estimate."""
    if period is None or period.origin != "sentence" or period.start_char is None:
        return False
    return estimate_frames(s.text[: period.start_char - s.start])


def _period_for(
    s: _Sentence, amount: Amount, state: _State, ref: dt.date | None
) -> FigurePeriod | None:
    before = [p for p in s.periods if p.end_char <= amount.start]
    if before:
        return _figure_period(s, before[-1], "sentence")
    clause_end = _clause_end(s.text, amount.end)
    after = [p for p in s.periods if amount.end <= p.start_char and p.end_char <= clause_end]
    if after:
        return _figure_period(s, after[0], "sentence")
    if state.period is not None:
        return state.period
    if ref is None:
        return None
    return FigurePeriod(dt.date(ref.year, 1, 1), ref, "asof", "", None, None, "meeting_date")


def _place(s: _Sentence, pos: int, home: Locality) -> tuple[Level, str | None, str | None]:
    markers = [
        m
        for m in find_scope_markers(s.text)
        if m.end <= pos and not _inside(s.contexts, m.start, m.end)
    ]
    if not markers:
        return home.level, home.district, home.ward
    last = markers[-1]
    if last.level == "ward":
        return "ward", home.district, last.name or home.ward
    return "district", last.name or home.district, None
