"""The cited answer: pick the answering sentence, extract its value, number the citations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .embed import Embedder
from .models import Answer, Hit
from .query import QueryPlan
from .search import SearchResult, run_search
from .store import Store
from .text import fold

QType = str  # number | date | person | list | fact

_NUM_Q = re.compile(
    r"(?i)\b(bao nhi[eê]u|bao nhieu|how much|how many|t[ổo]ng (s[ốo] )?thu|m[ứu]c|t[ỷy] l[ệe]|"
    r"ph[ầa]n tr[ăa]m|percent|percentage|amount|s[ốo] li[ệe]u)\b"
)
_DATE_Q = re.compile(
    r"(?i)\b(khi n[àa]o|ng[àa]y n[àa]o|bao gi[ờo]|th[ờo]i gian n[àa]o|when|what date)\b"
)
_PERSON_Q = re.compile(r"(?i)(\bai\b|\bwho\b|\bwhom\b|ng[ưu][ờo]i n[àa]o)")
_LIST_Q = re.compile(
    r"(?i)(nh[ữu]ng nhi[ệe]m v[ụu]|nhi[ệe]m v[ụu] (g[ìi]|n[àa]o|tr[ọo]ng t[âa]m)|"
    r"nh[ữu]ng (vi[ệe]c|gi[ảa]i ph[áa]p|n[ộo]i dung)|what tasks|which tasks|what are the tasks|"
    r"list|y[êe]u c[ầa]u g[ìi]|gi[ảa]i ph[áa]p g[ìi]|what (did|does) .* (ask|require|direct))"
)
_ROLE = (
    r"(?:Phó\s+)?(?:Chủ tịch|Bí thư|Trưởng phòng|Chánh Văn phòng|Giám đốc|Trưởng ban|"
    r"Phó Bí thư|Ủy viên)"
)
_PERSON = re.compile(
    _ROLE + r"(?:\s+(?:UBND|HĐND|Quận ủy|MTTQ|ủy ban nhân dân|Hội đồng nhân dân))?"
    r"(?:\s+(?:quận|phường|thành phố|huyện|TP)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})?"
    r"\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*\s+){1,3}"
    r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*)"
)
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_SYL = re.compile(r"\w+")
MIN_OVERLAP = 0.5
MIN_COSINE_EN = 0.86

NOT_FOUND_VI = "Không tìm thấy thông tin này trong các biên bản đã lưu. Các đoạn gần nhất:"
NOT_FOUND_EN = "Not found in the records. The nearest passages are:"


def question_type(question: str) -> QType:
    """What kind of value a question asks for."""
    q = question.strip()
    if _LIST_Q.search(q):
        return "list"
    if _PERSON_Q.search(q):
        return "person"
    if _DATE_Q.search(q):
        return "date"
    if _NUM_Q.search(q):
        return "number"
    return "fact"


@dataclass
class Candidate:
    """A sentence considered as the answer."""

    hit_index: int
    start: int  # absolute offsets in the article
    end: int
    text: str
    overlap: float
    score: float


def _terms_in(text: str) -> set[str]:
    """Folded syllables of a text."""
    return set(_SYL.findall(fold(text)))


def overlap(plan: QueryPlan, sentence: str) -> float:
    """Share of the query's content terms in a sentence; whole phrases count double."""
    if not plan.terms and not plan.phrases:
        return 0.0
    folded = " ".join(_SYL.findall(fold(sentence)))
    have = set(folded.split())
    got = sum(1 for t in plan.terms if t in have)
    got += 2 * sum(1 for p in plan.phrases if f" {p} " in f" {folded} ")
    return got / (len(plan.terms) + 2 * len(plan.phrases))


def _has_value(qtype: QType, sentence: str) -> bool:
    """Whether a sentence holds the kind of value the question wants."""
    if qtype == "number":
        return bool(_amounts(sentence))
    if qtype == "date":
        return bool(_DATE.search(sentence))
    if qtype == "person":
        return bool(_PERSON.search(sentence))
    return True


def candidates(hits: list[Hit], plan: QueryPlan, qtype: QType, top: int = 4) -> list[Candidate]:
    """Every sentence of the top hits, scored by overlap, value type and hit rank."""
    out: list[Candidate] = []
    for i, hit in enumerate(hits[:top]):
        prior = 1.0 / (1 + i)
        for s in hit.sentences or ():
            text = hit.text[s.start - hit.start : s.end - hit.start]
            ov = overlap(plan, text)
            bonus = 0.35 if _has_value(qtype, text) and qtype in ("number", "date", "person") else 0
            out.append(Candidate(i, s.start, s.end, text, ov, ov + bonus + 0.25 * prior))
    out.sort(key=lambda c: -c.score)
    return out


def _amounts(sentence: str) -> list:
    """Amounts found in a sentence (the numbers module does the parsing)."""
    from .numbers import find_amounts

    return [a for a in find_amounts(sentence) if a.unit in ("dong", "percent")]


def pick_value(qtype: QType, plan: QueryPlan, sentence: str) -> tuple[str, int, int] | None:
    """The value a question asks for inside its sentence, with its span."""
    if qtype == "number":
        found = _amounts(sentence)
        if not found:
            return None
        wants_pct = bool(re.search(r"(?i)(%|t[ỷy] l[ệe]|ph[ầa]n tr[ăa]m|percent)", plan.raw))
        pool = [a for a in found if (a.unit == "percent") == wants_pct] or found
        term_pos = [m.start() for m in _SYL.finditer(fold(sentence)) if m.group(0) in plan.terms]
        anchor = max(term_pos) if term_pos else 0

        def dist(a) -> float:
            return a.start - anchor if a.start >= anchor else 3 * (anchor - a.start)

        best = min(pool, key=dist)
        return best.text, best.start, best.end
    if qtype == "date":
        m = _DATE.search(sentence)
        return (m.group(0), m.start(), m.end()) if m else None
    if qtype == "person":
        m = _PERSON.search(sentence)
        return (m.group(0), m.start(), m.end()) if m else None
    return None


def _fmt_date(iso: str | None, lang: str) -> str | None:
    """28/5/2024 or 28 May 2024."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    if lang == "en":
        return f"{d.day} {d.strftime('%B')} {d.year}"
    return f"{d.day}/{d.month}/{d.year}"


def _english_value(value: str) -> str:
    """An amount in English words where the numbers module can parse it."""
    from .numbers import format_amount_en, parse_amount

    a = parse_amount(value)
    return format_amount_en(a) if a is not None else value


def compose(
    question: str, result: SearchResult, qtype: QType | None = None, top: int = 4
) -> Answer:
    """Build the extractive answer from search results."""
    plan = result.plan
    lang = "en" if plan.lang == "en" else "vi"
    hits = result.hits
    qtype = qtype or question_type(question)
    cands = candidates(hits, plan, qtype, top)
    best = cands[0] if cands else None
    top_cos = max((c for _, c in result.vector), default=0.0)
    found = best is not None and _confident(plan, best, top_cos, qtype)
    if not found or best is None:
        text = NOT_FOUND_EN if lang == "en" else NOT_FOUND_VI
        return Answer(question, text, False, hits[:3], lang=lang)
    lead = hits[best.hit_index]
    citations = [lead] + [h for i, h in enumerate(hits[:top]) if i != best.hit_index]
    picked = pick_value(qtype, plan, best.text)
    value = picked[0] if picked else None
    highlight = (picked[1], picked[2]) if picked else None
    asof = _fmt_date(lead.meeting_date or lead.published, lang)
    text = _render(lang, qtype, value, best.text, asof, lead)
    return Answer(
        question=question,
        text=text,
        found=True,
        citations=citations,
        value=value,
        sentence=best.text,
        sentence_start=best.start,
        sentence_end=best.end,
        highlight=highlight,
        lang=lang,
    )


def _confident(plan: QueryPlan, best: Candidate, top_cos: float, qtype: QType) -> bool:
    """Answer only when the sentence covers the question, or (English) the vectors agree."""
    if qtype in ("number", "date", "person") and not _has_value(qtype, best.text):
        return False
    if plan.lang == "en":
        return best.overlap >= MIN_OVERLAP or top_cos >= MIN_COSINE_EN
    return best.overlap >= MIN_OVERLAP


def _render(
    lang: str, qtype: QType, value: str | None, sentence: str, asof: str | None, lead: Hit
) -> str:
    """The answer line: the value first, then the as-of date, the quote and the marker."""
    quote = f"«{sentence}» [1]"
    if lang == "en":
        head = _english_value(value) if value and qtype == "number" else value
        when = f" (as of {asof})" if asof else ""
        return f"{head}{when}. Source: {quote}" if head else f"{quote}{when}"
    when = f" (tính đến {asof})" if asof and qtype == "number" else ""
    return f"{value}{when}: {quote}" if value else quote


def ask(store: Store, embedder: Embedder | None, question: str, k: int = 5) -> Answer:
    """Answer a question with citations, or say plainly that nothing was found."""
    result = run_search(store, embedder, question, k=max(k, 8))
    answer = compose(question, result)
    answer.citations = answer.citations[:k]
    return answer
