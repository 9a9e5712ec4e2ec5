"""Where the asked value sits in its sentence: of several figures, dates or people, the one the
question's words describe. Pure functions."""

from __future__ import annotations

import re

from .facts import FACT_CUES, fact_cue, sessions
from .persons import persons
from .roles import Role, asked_role, role_fit
from .text import fold, nfc
from .values import (
    NOT_COUNTED,
    QType,
    Span,
    amounts,
    asks_share,
    count_noun,
    counts,
    dates,
    percent_basis,
    percents_against,
    wants_money,
)


def pick_value(qtype: QType, question: str, terms: tuple[str, ...], sentence: str) -> Span | None:
    """The value a question asks for inside its sentence: the one right after its topic."""
    noun = count_noun(question) if qtype == "number" else None
    basis = percent_basis(question) if qtype == "number" else None
    if qtype == "number":
        wants_pct = asks_share(question)
        money = [(a.text, a.start, a.end, a.unit == "percent") for a in amounts(sentence)]
        pool: list[Span]
        against = percents_against(sentence, basis) if basis is not None else []
        if against:
            pool = against
        elif noun and noun.split()[0] not in NOT_COUNTED:
            pool = counts(sentence, noun) or [(t, a, b) for t, a, b, _ in money]
        else:
            pool = [(t, a, b) for t, a, b, pct in money if pct == wants_pct]
            pool = pool or [(t, a, b) for t, a, b, _ in money]
            if not pool and not wants_money(question):
                pool = counts(sentence, None)
    elif qtype == "date":
        pool = dates(sentence)
    elif qtype == "person":
        pool = _holding_role(question, sentence, persons(sentence))
    elif qtype == "fact" and fact_cue(question) is FACT_CUES[1][1]:
        pool = sessions(sentence)  # "kỳ họp thứ mấy": the numbered session is the value
    else:
        return None
    if not pool:
        return None
    folded = fold(nfc(sentence))
    found = [(m.start(), m.group(0)) for m in re.finditer(r"\w+", folded) if m.group(0) in terms]
    anchor = max(at for at, _ in found) if found else 0

    def near(span: Span, marks: re.Pattern[str]) -> int:
        """How many of the topic's words the value's own clause holds ("điều chỉnh chủ trương
        đầu tư 02 dự án", between the marks that part a list of figures)."""
        cuts = list(marks.finditer(folded, 0, span[1]))
        lo = cuts[-1].end() if cuts else 0
        if cuts and cuts[-1].group(0) == ":":  # "thu tài chính: 4 tỷ đồng": its label
            label = cuts[-2].end() if len(cuts) > 1 else 0
            if not re.search(r"\d", folded[label : cuts[-1].start()]):
                lo = label
        nxt = marks.search(folded, span[2])
        hi = nxt.start() if nxt else len(folded)
        return len({w for at, w in found if lo <= at < hi})

    def part(span: Span) -> bool:
        """True for a part after "trong đó" when a value stands before it (the whole)."""
        lo = max((m.end() for m in _CLAUSE_MARK.finditer(folded, 0, span[1])), default=0)
        cut = _PART_OF.search(folded, lo, span[1])
        return cut is not None and any(lo <= s[1] < cut.start() for s in pool)

    def distance(span: Span) -> float:
        start = span[1]
        return start - anchor if start >= anchor else 3 * (anchor - start)

    before, after = _slot_words(question) if qtype == "number" else (frozenset(), frozenset())
    starts = sorted(s[1] for s in pool)

    def said(span: Span) -> tuple[int, int]:
        """How many of the question's words around its "bao nhiêu" stand around the value:
        what it counts after ("95 nghị quyết về đất đai"), its predicate before ("thực hiện
        đạt 48 tỷ")."""
        lo = max((m.end() for m in _COMMA_MARK.finditer(folded, 0, span[1])), default=0)
        cut = _COMMA_MARK.search(folded, span[2])
        hi = min([cut.start() if cut else len(folded)] + [a for a in starts if a > span[1]])
        ahead = set(re.findall(r"\w+", folded[lo : span[1]])[-4:])
        behind = set(re.findall(r"\w+", folded[span[2] : hi])[:8])
        return len(after & behind), len(before & ahead)

    def key(span: Span) -> tuple[int, int, int, int, bool, float]:
        """Its clause's words, the words around it, its part's words, whole first, nearest."""
        own, lead = said(span)
        return (-near(span, _CLAUSE_MARK), -own, -lead, -near(span, _COMMA_MARK), part(span),
                distance(span))  # fmt: skip

    return min(pool, key=key)


# What a question asks around its "bao nhiêu": the predicate before ("thực hiện đạt bao
# nhiêu"), what it counts after ("bao nhiêu nghị quyết về đất đai", the noun itself left out,
# as every count has it); empty words left out.
_ASKED_SLOT = re.compile(r"\b(?:bao nhieu|may)\b")
_EMPTY_WORDS = frozenset("la duoc da co cua va thi se trong nam thang".split())
_UNIT_WORDS = frozenset("ty trieu nghin dong phan tram".split())  # every amount has them


def _slot_words(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The up to four words before a Vietnamese question's "bao nhiêu"/"mấy" and six after."""
    q = " ".join(re.findall(r"\w+", fold(nfc(question))))
    m = _ASKED_SLOT.search(q)
    if m is None:
        return frozenset(), frozenset()
    words = [w for w in q[: m.start()].split() if w not in _EMPTY_WORDS and not w.isdigit()]
    noun = set((count_noun(question) or "").split()) | _UNIT_WORDS
    later = [w for w in q[m.end() :].split()[:8] if w not in _EMPTY_WORDS | noun]
    return frozenset(words[-4:]), frozenset(w for w in later if not w.isdigit())


_CLAUSE_MARK = re.compile(r"[;:()]")  # the marks between the clauses of a list of figures
# Within a clause, the commas and "trong đó" that part the figures of one list, more weakly.
_COMMA_MARK = re.compile(r"[;:(),]|\btrong (?:so )?do\b|\bof which\b|\bincluding\b")
_PART_OF = re.compile(r"\btrong (?:so )?do\b|\bof which\b|\bincluding\b")


def _holding_role(question: str, sentence: str, pool: list[Span]) -> list[Span]:
    """The people of a sentence who hold the office the question asks about, if any does.

    Each person's office is read from their mention up to the next person's ("ông A, Chủ tịch
    UBND huyện; bà B, Phó Chủ tịch HĐND huyện").
    """
    role = asked_role(question)
    if role.empty or len(pool) < 2:
        return pool
    fits = _office_fits(role, sentence, pool)
    best = max(fits)
    return [s for s, f in zip(pool, fits, strict=True) if f == best]


def _office_fits(role: Role, sentence: str, pool: list[Span]) -> list[float]:
    """``role_fit`` of each person's mention, up to the next person's."""
    ends = [s[1] for s in pool[1:]] + [len(sentence)]
    return [
        role_fit(role, sentence[s[1] : min(e, s[2] + 100)]) for s, e in zip(pool, ends, strict=True)
    ]


def names_asked_office_holder(question: str, sentence: str) -> bool:
    """False when a sentence gives each person it names an office other than the one asked
    ("Chủ tịch HĐND phường là ai?": "Ông A – Phó Chủ tịch HĐND phường – chủ tọa"): a positive
    contradiction. True when it names no office, the asked one, or no office is asked."""
    role = asked_role(question)
    pool = persons(sentence)
    if role.title is None or not pool:
        return bool(pool)
    return max(_office_fits(role, sentence, pool)) > 0.0
