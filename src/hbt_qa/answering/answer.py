"""The cited answer: pick the answering sentence, extract its value, number the citations."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..index.embed import Embedder
from ..index.query import QueryPlan
from ..index.store import Store
from ..language.facts import (
    asks_session_itself,
    fact_cue,
    prepares_session,
    session_in_english,
    session_in_vietnamese,
)
from ..language.mismatch import other_indicator, other_managing_level, other_term
from ..language.persons import joint_chairs
from ..language.roles import asked_role
from ..language.text import fold_words, has_diacritics
from ..language.value_pick import names_asked_office_holder, pick_value
from ..language.values import (
    QType,
    Span,
    asks_share,
    count_noun,
    has_value,
    names_currency,
    percent_basis,
    question_type,
    wants_money,
)
from ..models import Answer, Hit
from .constraints import Constraints, place_fit, session_fit
from .decide import Candidate, context, features, kind_row, model
from .followup import resolve_followup
from .overlap import topic_coverage as overlap
from .overlap import topic_plan
from .posting import asks_posting, posting_line
from .search import SearchResult, run_search
from .timefit import MIN_TIME_FIT, meeting_fit, time_fit
from .wording import fmt_date, shown_date, shown_value

TOP_HITS = 4
LIST_BONUS = 0.3  # a "những nhiệm vụ gì" question is answered by an enumerating sentence
LIST_ITEMS = 6

NOT_FOUND_VI = "Không tìm thấy thông tin này trong các biên bản đã lưu. Các đoạn gần nhất:"
NOT_FOUND_EN = "Not found in the records. The nearest passages are:"
NOT_FOUND_PERIOD_VI = (
    "Các biên bản đã lưu không có số liệu cho thời kỳ được hỏi ({period}). Các đoạn gần nhất:"
)
NOT_FOUND_PERIOD_EN = "The records hold no figure for the period asked ({period}). Nearest:"


def candidates(result: SearchResult, qtype: QType, top: int = TOP_HITS) -> list[Candidate]:
    """Every sentence of the top hits, scored by overlap, value type, period fit and rank."""
    cons = result.constraints
    plan = topic_plan(result.plan, cons)
    noun = count_noun(plan.raw) if qtype == "number" else None
    money = qtype == "number" and wants_money(plan.raw)
    currency = money and names_currency(plan.raw)
    basis = percent_basis(plan.raw) if qtype == "number" else None
    share = qtype == "number" and asks_share(plan.raw)

    def holds(text: str) -> bool:
        """Whether ``text`` holds the kind of value asked."""
        return has_value(qtype, text, noun, money, basis, currency, share)

    out: list[Candidate] = []
    typed = qtype in ("number", "date", "person")
    cue = fact_cue(plan.raw) if qtype == "fact" else None
    session_day = qtype == "date" and asks_session_itself(plan.raw)
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
                has = typed and holds(text[value_at:])
                if cue is not None:  # a fact of the asked kind: "nhằm …" for "mục đích gì"
                    has = bool(cue.search(fold_words(text)))
                if has and _contradicted(
                    plan.raw, qtype, session_day, text, value_at, hit.text[:b]
                ):
                    has = False
                if sb > s.end and (not has or holds(hit.text[a : s.end - hit.start])):
                    continue  # only widen forward when the value is in the next sentence alone
                prev = hit.text[a : s.start - hit.start]  # the sentence widened back over
                if sa < s.start and (
                    not has
                    or overlap(plan, text[value_at:]) >= overlap(plan, prev)
                    or (_adds_nothing(plan, text[value_at:], prev) and holds(prev))
                ):
                    continue  # only widen back when the topic is in the sentence before
                ov = overlap(plan, text)
                va = a + value_at  # the period is the value's own (or the last one before it)
                tf = time_fit(cons, hit, va, b) if cons is not None else 0.5
                score = ov + (0.35 if has else 0.0) + 0.25 * prior + 0.5 * (tf - 0.5) - penalty
                listed = list_shaped(text)
                if qtype == "list" and listed:
                    score += LIST_BONUS
                out.append(
                    Candidate(i, sa, sb, text, ov, tf, score, value_at, has, penalty, listed)
                )
    out.sort(key=lambda c: -c.score)
    return out


def _contradicted(
    question: str, qtype: QType, session_day: bool, text: str, value_at: int, before: str
) -> bool:
    """A positive contradiction of the value a sentence holds: the day of a meeting that
    prepares the asked session; everyone named holding another office than the one asked;
    another council term (the passage's up to the sentence, ``before``); only other indicators
    than the asked one (revenue where spending is asked)."""
    if session_day and prepares_session(text[value_at:]):
        return True
    if qtype == "person" and not names_asked_office_holder(question, text):
        return True
    return (
        other_term(question, before)
        or other_indicator(question, text)
        or other_managing_level(question, text)
    )


def _adds_nothing(plan: QueryPlan, sentence: str, before: str) -> bool:
    """True when a sentence names none of the question's words that the one before lacks
    ("Cụ thể, thu thuế và phí 73 tỷ" after "thu ngân sách do huyện quản lý 127 tỷ"): when that
    one states a value, it answers, not the parts after it. An English page is read by the
    English words of the question."""
    terms = plan.terms
    if not has_diacritics(sentence):
        terms = tuple(w for t in (*plan.crosslingual, *plan.en_terms) for w in t.split())
    own, prior = set(fold_words(sentence).split()), set(fold_words(before).split())
    return not any(t in own and t not in prior for t in terms)


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


def decide(
    result: SearchResult, qtype: QType, cands: list[Candidate]
) -> tuple[Candidate | None, float]:
    """The most probable answering sentence and its probability (``decide.model``).

    A sentence whose asked period is contradicted (by it and by its record) is passed over;
    when every sentence is, the first of them comes back with probability 0.
    """
    m = model()
    typed = qtype in ("number", "date", "person")
    ctx = context(result)
    best: Candidate | None = None
    top = -math.inf
    for c in cands:
        if period_contradicted(result, c, qtype):
            continue
        s = m.score(features(ctx, result, c, typed, qtype == "list"))
        if s > top:
            best, top = c, s
    if best is None:
        return (cands[0] if cands else None), 0.0
    return best, m.probability(top, kind_row(qtype, result.plan.lang))


def period_contradicted(result: SearchResult, cand: Candidate, qtype: QType) -> bool:
    """The asked period is contradicted by the sentence and by its record ("6 tháng đầu năm
    2023" asked, 2024 reported); a person, date, task or fact is also answered by a meeting
    held in the asked period ("Ai chủ trì kỳ họp giữa năm 2024?")."""
    cons: Constraints | None = result.constraints
    if cons is None or cons.time is None:
        return False
    lead = result.hits[cand.hit_index]
    if qtype != "number" and meeting_fit(cons, lead) >= MIN_TIME_FIT:
        return False
    if max(cand.time_fit, 0.0) >= MIN_TIME_FIT:
        return False
    # A figure whose own sentence names another period ("Ước thực hiện 6 tháng đầu năm là …"
    # when the first five months are asked) is contradicted, whatever its record's date.
    if qtype == "number" and _names_a_period(lead, cand):
        return True
    return time_fit(cons, lead) < MIN_TIME_FIT


def _names_a_period(hit: Hit, cand: Candidate) -> bool:
    """Whether the part of a candidate that holds its value names a period of its own."""
    a = cand.start + cand.value_at - hit.start
    b = cand.end - hit.start
    return any(a <= s and e <= b for _, _, kind, s, e in hit.periods if kind != "same_period")


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


def _why_not(result: SearchResult, best: Candidate | None, confidence: float) -> str:
    """Empty when the best sentence answers; else the reason ('period' or 'weak').

    Only a positive contradiction vetoes: the asked period contradicted by every sentence
    considered (``period_contradicted``). Missing evidence only lowers the confidence, which
    must reach the fitted threshold.
    """
    if best is None:
        return "weak"
    qtype = question_type(result.plan.raw)
    if qtype in ("number", "date", "person") and not best.has_value:
        return "weak"  # asked for a figure, a date or a name, and the sentence holds none
    if period_contradicted(result, best, qtype):
        return "period"
    return "" if confidence >= model().threshold else "weak"


def compose(question: str, result: SearchResult, top: int = TOP_HITS) -> Answer:
    """Build the extractive answer from search results."""
    plan = result.plan
    lang = "en" if plan.lang == "en" else "vi"
    hits = result.hits
    qtype = question_type(question)
    if qtype in ("date", "fact") and asks_posting(question):
        posted = posting_line(hits)
        if posted is not None:
            return _posted_answer(question, posted, lang)
    best, confidence = decide(result, qtype, candidates(result, qtype, top))
    reason = _why_not(result, best, confidence)
    if reason or best is None:
        text = _not_found(lang, reason, result)
        return Answer(question, text, False, hits[:3], lang=lang, confidence=confidence)
    lead = hits[best.hit_index]
    citations = [lead] + [h for i, h in enumerate(hits[:top]) if i != best.hit_index]
    topic = topic_plan(plan, result.constraints)
    picked = pick_value(qtype, plan.raw, topic.terms, best.text[best.value_at :])
    if picked:
        picked = (picked[0], picked[1] + best.value_at, picked[2] + best.value_at)
    if qtype == "person" and asked_role(plan.raw).presiding:
        picked = _joint(best, picked, lang)
    value = picked[0] if picked else None
    estimate = False
    if value is not None and qtype == "date":
        value = shown_date(value, lead, lang)
    shown = value
    if value is not None and picked and qtype == "number":
        # The value is the sentence's own words without a verb ("đạt"): what is highlighted and
        # returned; an English answer states it in English words in its first line.
        bare, estimate = shown_value(value, "vi")
        at = value.find(bare) if bare in value else 0
        picked = (bare, picked[1] + at, picked[1] + at + len(bare)) if at >= 0 else picked
        value = picked[0]
        shown = shown_value(value, lang)[0] if lang == "en" else value
    # The as-of date belongs to a figure; a date or a name answers for itself.
    if value is not None and qtype == "fact":
        after = best.text[picked[2] :] if picked else ""
        said = session_in_english if lang == "en" else session_in_vietnamese
        shown = said(value, after) or value
    asof = fmt_date(lead.meeting_date or lead.published, lang) if qtype == "number" else None
    if qtype == "list":
        text = _render_list(lang, lead, best, following(lead, hits))
    else:
        text = _render(lang, shown, estimate, best.text, asof)
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
        confidence=confidence,
    )


def _posted_answer(question: str, posted: tuple[Hit, int, int], lang: str) -> Answer:
    """The posting day of the first record found, quoting the line that shows it."""
    hit, a, b = posted
    sentence = hit.text[a - hit.start : b - hit.start]
    value = fmt_date(hit.published, lang)
    return Answer(
        question=question,
        text=_render(lang, value, False, sentence, None),
        found=True,
        citations=[hit],
        value=value,
        sentence=sentence,
        sentence_start=a,
        sentence_end=b,
        lang=lang,
    )


def _joint(best: Candidate, picked: Span | None, lang: str) -> Span | None:
    """Every co-chair, when the answering sentence says several presided together: their
    names joined ("A và B"), the highlight running from the first name to the last."""
    names = joint_chairs(best.text[best.value_at :])
    if not names:
        return picked
    at = best.value_at
    joined = (" and " if lang == "en" else " và ").join(n for n, _, _ in names)
    return joined, names[0][1] + at, names[-1][2] + at


def _not_found(lang: str, reason: str, result: SearchResult) -> str:
    """The plain 'not found' line, naming the period when that is why."""
    cons = result.constraints
    if reason == "period" and cons is not None and cons.time is not None:
        period = getattr(cons.time, "text", "") or ""
        template = NOT_FOUND_PERIOD_EN if lang == "en" else NOT_FOUND_PERIOD_VI
        return template.format(period=period)
    return NOT_FOUND_EN if lang == "en" else NOT_FOUND_VI


def _render(lang: str, value: str | None, estimate: bool, sentence: str, asof: str | None) -> str:
    """The answer line: the value (with "ước"/"estimate" as a label), the as-of date of a
    figure, the quote and the marker."""
    quote = f"«{sentence}» [1]"
    if lang == "en":
        label = ", estimate" if estimate else ""
        when = f" (as of {asof}{label})" if asof else (" (estimate)" if estimate else "")
        return f"{value}{when}. Source: {quote}" if value else quote
    label = "ước, " if estimate else ""
    when = f" ({label}tính đến {asof})" if asof else (" (ước)" if estimate else "")
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
    if resolved != question:  # say what a follow-up kept from the question before it
        lead = "Read as" if answer.lang == "en" else "Hiểu câu hỏi là"
        answer.text = f"({lead}: {resolved})\n\n{answer.text}"
    answer.citations = answer.citations[:k]
    return answer
