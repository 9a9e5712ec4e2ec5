"""The cited answer: pick the answering sentence, extract its value, number the citations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..index.embed import Embedder
from ..index.store import Store
from ..language.values import (
    QType,
    count_noun,
    has_value,
    percent_basis,
    pick_value,
    question_type,
    wants_money,
)
from ..models import Answer, Hit
from .constraints import Constraints, meeting_fit, place_fit, session_fit, time_fit
from .overlap import coverage as overlap
from .overlap import topic_plan
from .search import SearchResult, run_search

_SYL = re.compile(r"\w+")
MIN_OVERLAP = 0.3
MIN_OVERLAP_PINNED = 0.2  # when the value, place and period all fit
MIN_COSINE_EN = 0.86
MIN_TIME_FIT = 0.3
TOP_HITS = 4
LIST_BONUS = 0.3  # a "những nhiệm vụ gì" question is answered by an enumerating sentence
LIST_ITEMS = 6

NOT_FOUND_VI = "Không tìm thấy thông tin này trong các biên bản đã lưu. Các đoạn gần nhất:"
NOT_FOUND_EN = "Not found in the records. The nearest passages are:"
NOT_FOUND_PERIOD_VI = (
    "Các biên bản đã lưu không có số liệu cho thời kỳ được hỏi ({period}). Các đoạn gần nhất:"
)
NOT_FOUND_PERIOD_EN = "The records hold no figure for the period asked ({period}). Nearest:"


@dataclass
class Candidate:
    """A sentence considered as the answer."""

    hit_index: int
    start: int  # absolute offsets in the article
    end: int
    text: str
    overlap: float
    time_fit: float
    score: float
    value_at: int = 0  # where in ``text`` the value may start (after a sentence of context)
    has_value: bool = False  # holds the kind of value asked (amount, date, person)


def candidates(result: SearchResult, qtype: QType, top: int = TOP_HITS) -> list[Candidate]:
    """Every sentence of the top hits, scored by overlap, value type, period fit and rank."""
    cons = result.constraints
    plan = topic_plan(result.plan, cons)
    noun = count_noun(plan.raw) if qtype == "number" else None
    money = qtype == "number" and wants_money(plan.raw)
    basis = percent_basis(plan.raw) if qtype == "number" else None
    out: list[Candidate] = []
    typed = qtype in ("number", "date", "person")
    for i, hit in enumerate(result.hits[:top]):
        if cons is not None and cons.places and place_fit(cons, hit) == 0.0:
            continue  # a sentence about another district or ward never answers
        if cons is not None and session_fit(cons, hit) == 0.0:
            continue  # nor one of another numbered session
        prior = (
            1.0 / (1 + i)
            + 1.2 * (hit.legs.get("place_fit", 0.5) - 0.5)
            + 0.6 * (hit.legs.get("organ_fit", 0.5) - 0.5)
        )
        sents = list(hit.sentences or ())
        for j, s in enumerate(sents):
            for sa, sb, value_at, penalty in _spans_of(hit, sents, j, typed):
                a, b = sa - hit.start, sb - hit.start
                text = hit.text[a:b]
                has = typed and has_value(qtype, text[value_at:], noun, money, basis)
                if sb > s.end and (
                    not has or has_value(qtype, hit.text[a : s.end - hit.start], noun, money, basis)
                ):
                    continue  # only widen forward when the value is in the next sentence alone
                if sa < s.start and (
                    not has
                    or overlap(plan, text[value_at:])
                    >= overlap(plan, hit.text[a : s.start - hit.start])
                ):
                    continue  # only widen back when the topic is in the sentence before
                ov = overlap(plan, text)
                va = a + value_at  # the period is the value's own (or the last one before it)
                tf = time_fit(cons, hit, va, b) if cons is not None else 0.5
                score = ov + (0.35 if has else 0.0) + 0.25 * prior + 0.5 * (tf - 0.5) - penalty
                if qtype == "list" and list_shaped(text):
                    score += LIST_BONUS
                out.append(Candidate(i, sa, sb, text, ov, tf, score, value_at, has))
    out.sort(key=lambda c: -c.score)
    return out


def _spans_of(hit: Hit, sents: list, j: int, typed: bool) -> list[tuple[int, int, int, float]]:
    """(start, end, where the value may start, penalty) of the spans around sentence ``j``.

    The sentence; for typed questions also the sentence with the next one (the topic in one,
    the value in the next: "Tại phiên chất vấn, … bếp ăn bán trú. Trưởng phòng … đã trả lời"),
    with the previous one (the value in an elliptic sentence: "Tổng số thu … là 4.206 tỷ ….
    Ước thực hiện 6 tháng đầu năm là 5.095 tỷ …"), and each clause of a ';' list (a clause has
    its own value while another clause names another period: "… đúng hạn đạt 99,6%; Chỉ số cải
    cách hành chính năm 2022 …").
    """
    s = sents[j]
    out = [(s.start, s.end, 0, 0.0)]
    if not typed:
        return out
    if j + 1 < len(sents):
        out.append((s.start, sents[j + 1].end, 0, 0.05))
    if j > 0:
        prev = sents[j - 1]
        out.append((prev.start, s.end, s.start - prev.start, 0.05))
    for ca, cb in clause_spans(hit.text, s.start - hit.start, s.end - hit.start):
        out.append((hit.start + ca, hit.start + cb, 0, 0.1))
    return out


def choose(cands: list[Candidate]) -> Candidate | None:
    """The best candidate holding the asked kind of value, else the best one (cands sorted).

    A closing sentence that repeats the question's words ("… các nghị quyết vừa được thông
    qua") can outscore the one with the count ("Kỳ họp đã thông qua 6 nghị quyết"); the answer
    is the latter, and every other check still applies to it.
    """
    return next((c for c in cands if c.has_value), cands[0] if cands else None)


def clause_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The ';'-separated clauses of the sentence at [a, b) of ``text``, when it has several."""
    parts, start = [], a
    for m in re.finditer(";", text[a:b]):
        parts.append((start, a + m.start()))
        start = a + m.end()
    if not parts:
        return []
    parts.append((start, b))
    out = []
    for ca, cb in parts:
        while ca < cb and text[ca].isspace():
            ca += 1
        if cb - ca >= 20:
            out.append((ca, cb))
    return out


def list_shaped(text: str) -> bool:
    """A sentence that enumerates: a colon, then items separated by semicolons."""
    _, colon, rest = text.partition(":")
    return bool(colon) and rest.count(";") >= 2


def _fmt_date(iso: str | None, lang: str) -> str | None:
    """28/5/2024 or 28 May 2024."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}" if lang == "en" else f"{d.day}/{d.month}/{d.year}"


def _english_value(value: str) -> str:
    """An amount in English words where the numbers module can parse it."""
    from ..language.amount_format import format_amount_en
    from ..language.numbers import parse_amount

    a = parse_amount(value)
    return format_amount_en(a) if a is not None else value


def _why_not(result: SearchResult, best: Candidate | None, qtype: QType, top_cos: float) -> str:
    """Empty when the best sentence answers; else the reason ('period', 'place', 'weak')."""
    if best is None:
        return "weak"
    cons: Constraints | None = result.constraints
    lead = result.hits[best.hit_index]
    noun = count_noun(result.plan.raw) if qtype == "number" else None
    money = qtype == "number" and wants_money(result.plan.raw)
    basis = percent_basis(result.plan.raw) if qtype == "number" else None
    typed = qtype in ("number", "date", "person")
    if typed and not has_value(qtype, best.text[best.value_at :], noun, money, basis):
        return "weak"
    if cons is not None and cons.places and place_fit(cons, lead) == 0.0:
        return "place"
    if cons is not None and cons.time is not None:
        # A figure must be of the asked period; a person, date, task or fact is also answered
        # by a meeting held in that period ("Ai chủ trì kỳ họp giữa năm 2024?").
        held = qtype != "number" and meeting_fit(cons, lead) >= MIN_TIME_FIT
        if max(best.time_fit, 0.0) < MIN_TIME_FIT and time_fit(cons, lead) < MIN_TIME_FIT:
            if not held:
                return "period"
    strong = best.overlap >= MIN_OVERLAP
    # A sentence holding the asked kind of value, in the asked place and period, needs less
    # topic overlap: its evidence is the value, the place and the period, not the wording.
    pinned = cons is not None and bool(cons.places) and cons.time is not None
    if qtype in ("number", "date", "person") and pinned and best.time_fit >= MIN_TIME_FIT:
        strong = strong or best.overlap >= MIN_OVERLAP_PINNED
    if result.plan.lang == "en":  # a close embedding vouches only for a sentence on the topic
        strong = strong or (top_cos >= MIN_COSINE_EN and best.overlap > 0)
    return "" if strong else "weak"


def compose(question: str, result: SearchResult, top: int = TOP_HITS) -> Answer:
    """Build the extractive answer from search results."""
    plan = result.plan
    lang = "en" if plan.lang == "en" else "vi"
    hits = result.hits
    qtype = question_type(question)
    cands = candidates(result, qtype, top)
    best = choose(cands)
    top_cos = max((c for _, c in result.vector), default=0.0)
    reason = _why_not(result, best, qtype, top_cos)
    if reason or best is None:
        return Answer(question, _not_found(lang, reason, result), False, hits[:3], lang=lang)
    lead = hits[best.hit_index]
    citations = [lead] + [h for i, h in enumerate(hits[:top]) if i != best.hit_index]
    topic = topic_plan(plan, result.constraints)
    picked = pick_value(qtype, plan.raw, topic.terms, best.text[best.value_at :])
    if picked:
        picked = (picked[0], picked[1] + best.value_at, picked[2] + best.value_at)
    value = picked[0] if picked else None
    asof = _fmt_date(lead.meeting_date or lead.published, lang)
    if qtype == "list":
        text = _render_list(lang, lead, best, following(lead, hits))
    else:
        text = _render(lang, qtype, value, best.text, asof)
    return Answer(
        question=question,
        text=text,
        found=True,
        citations=citations,
        value=value,
        sentence=best.text,
        sentence_start=best.start,
        sentence_end=best.end,
        highlight=(picked[1], picked[2]) if picked else None,
        lang=lang,
    )


def _not_found(lang: str, reason: str, result: SearchResult) -> str:
    """The plain 'not found' line, naming the period when that is why."""
    cons = result.constraints
    if reason == "period" and cons is not None and cons.time is not None:
        period = getattr(cons.time, "text", "") or ""
        template = NOT_FOUND_PERIOD_EN if lang == "en" else NOT_FOUND_PERIOD_VI
        return template.format(period=period)
    return NOT_FOUND_EN if lang == "en" else NOT_FOUND_VI


def _render(lang: str, qtype: QType, value: str | None, sentence: str, asof: str | None) -> str:
    """The answer line: the value first, then the as-of date, the quote and the marker."""
    quote = f"«{sentence}» [1]"
    if lang == "en":
        head = _english_value(value) if value and qtype == "number" else value
        when = f" (as of {asof})" if asof else ""
        return f"{head}{when}. Source: {quote}" if head else f"{quote}{when}"
    when = f" (tính đến {asof})" if asof and qtype == "number" else ""
    return f"{value}{when}: {quote}" if value else quote


def following(lead: Hit, hits: list[Hit], gap: int = 3) -> list[Hit]:
    """Hits that continue the lead passage in its article, in order, without a hole."""
    same = sorted((h for h in hits if h.article_id == lead.article_id), key=lambda h: h.start)
    out: list[Hit] = []
    end = lead.end
    for h in same:
        if end <= h.start <= end + gap:
            out.append(h)
            end = h.end
    return out


def _render_list(lang: str, lead: Hit, best: Candidate, more: Sequence[Hit] = ()) -> str:
    """A short list: the answering sentence and the items that follow it, across passages.

    A heading such as "tập trung vào một số nhiệm vụ trọng tâm sau:" often ends its passage;
    its items are in the next passage of the article when the search returned it too.
    """
    start = best.start - lead.start
    rest = "\n".join([lead.text[start:], *(h.text for h in more)])
    items = [x.strip(" .;:") for x in re.split(r"(?<=[.;])\s+|\n", rest) if x.strip(" .;:")]
    items = items[:LIST_ITEMS]
    head = "Tasks listed [1]:" if lang == "en" else "Các nội dung chính [1]:"
    return head + "\n" + "\n".join(f"- {x}" for x in items)


_FOLLOW = re.compile(
    r"^(còn|con|vậy còn|vay con|thế còn|the con|and|what about|how about)\b|"
    r"(thì sao|thi sao|thế nào|the nao)\??$",
    re.IGNORECASE,
)


def resolve_followup(question: str, previous: str | None) -> str:
    """Merge a short follow-up ('Còn thu ngân sách thì sao?', 'and in June?') with the last turn."""
    if not previous or not _FOLLOW.search(question.strip()):
        return question
    from ..language.question_time import parse_question_time

    core = _FOLLOW.sub("", question.strip()).strip(" ?,.")
    new_time = parse_question_time(question)
    old_time = parse_question_time(previous)
    topic = core
    if new_time is not None:
        topic = (core[: new_time.start_char] + core[new_time.end_char :]).strip(" ?,.")
        topic = re.sub(r"^(in|trong|vào|vao)\s*$", "", topic, flags=re.I).strip()
    if new_time is not None and not topic:
        if old_time is not None:
            a, b = old_time.start_char, old_time.end_char
            return previous[:a] + new_time.text + previous[b:]
        return f"{previous.rstrip(' ?')} {new_time.text}?"
    if old_time is not None and new_time is None:
        return f"{core} {old_time.text}?"
    return core or question


def ask(
    store: Store,
    embedder: Embedder | None,
    question: str,
    k: int = 5,
    previous: str | None = None,
    home: tuple[str, ...] = (),
) -> Answer:
    """Answer a question with citations, or say plainly that nothing was found."""
    resolved = resolve_followup(question, previous)
    from ..language.text import detect_lang
    from .trend import trend_answer

    trend = trend_answer(store, resolved, "en" if detect_lang(resolved) == "en" else "vi")
    if trend is not None:
        trend.question = question
        return trend
    result = run_search(store, embedder, resolved, k=max(k, 8), home=home)
    answer = compose(resolved, result)
    answer.question = question
    answer.citations = answer.citations[:k]
    return answer
