"""Judging an answer against a gold one: amounts, counts, dates, optional parts and lists.

The rules (documented with the question format in ``evaluate``): a parenthesised part of the
gold is optional; ``"; "`` items must all appear; ``" | "`` items too, except for lists, where
half suffice; numbers compare as amounts, or as a count against the picked value; dates compare
as dates, a day and month without a year taking the gold's parenthesised year if any.
"""

from __future__ import annotations

import re
from typing import Protocol

from .language.text import fold
from .models import Answer


class Question(Protocol):
    """What judging needs of a question (``evaluate.Question`` has it)."""

    @property
    def answer(self) -> str | None:
        """The expected answer (None for a no-answer question)."""
        ...

    @property
    def type(self) -> str:
        """The question type (number, person, list, …)."""
        ...

    @property
    def answerable(self) -> bool:
        """False for questions the records cannot answer."""
        ...


_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTHS = "January February March April May June July August September October November December"
_MONTH_NAMES = _MONTHS.split()
_DAY_MONTH = re.compile(
    r"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])"
    r"|(?<!\d)(\d{1,2}) tháng (\d{1,2})(?: năm (\d{4}))?"
    r"|(?<!\d)(\d{1,2})(?:st|nd|rd|th)? (" + "|".join(_MONTH_NAMES) + r")(?:,? (\d{4}))?"
    r"|(" + "|".join(_MONTH_NAMES) + r") (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?",
    re.I,
)
_OPTIONAL = re.compile(r"\s*\([^()]*\)")
_COUNT = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+)?")
_PARENS = re.compile(r"\(([^()]*)\)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_RANGE_NUM = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*(?:[-–—]|và|đến|to|and)\s*(\d{1,2})/(\d{1,2})(/\d{4})?"
)
_MONTH_ALT = "|".join(_MONTH_NAMES)
_RANGE_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:[-–—]|to|and)\s*(\d{{1,2}}) ({_MONTH_ALT})( \d{{4}})?", re.I
)
_RANGE_MDY = re.compile(
    rf"({_MONTH_ALT}) (\d{{1,2}})\s*(?:[-–—]|to|and)\s*(\d{{1,2}})(,? \d{{4}})?", re.I
)
_MDY = re.compile(rf"({_MONTH_ALT}) (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})", re.I)


_VI_LONG = re.compile(r"(?<!\d)(\d{1,2}) tháng (\d{1,2}),? năm (\d{4})(?!\d)", re.I)


def _spelled_out(text: str) -> str:
    """Dates in one notation: 26.12.2019 and "26 tháng 12 năm 2019" → 26/12/2019; a range of
    days → each day written."""
    text = _DOTTED.sub(r"\1/\2/\3", text)
    text = _VI_LONG.sub(r"\1/\2/\3", text)
    text = _RANGE_NUM.sub(lambda m: f"{m[1]}/{m[3]}{m[4] or ''} {m[2]}/{m[3]}{m[4] or ''}", text)
    text = _RANGE_DMY.sub(lambda m: f"{m[1]} {m[3]}{m[4] or ''} {m[2]} {m[3]}{m[4] or ''}", text)
    text = _RANGE_MDY.sub(lambda m: f"{m[1]} {m[2]}{m[4] or ''} {m[1]} {m[3]}{m[4] or ''}", text)
    return _MDY.sub(lambda m: f"{m[2]} {m[1]} {m[3]}", text)


def _dates(text: str) -> set[tuple[int, int, int]]:
    """Dates written d/m/yyyy or '28 May 2024' (dotted dates and ranges of days included)."""
    text = _spelled_out(text)
    out = {(int(d), int(m), int(y)) for d, m, y in _DATE.findall(text)}
    for d, mname, y in re.findall(r"(\d{1,2}) (" + "|".join(_MONTH_NAMES) + r") (\d{4})", text):
        out.add((int(d), _MONTH_NAMES.index(mname) + 1, int(y)))
    return out


def _day_months(text: str) -> set[tuple[int, int, int | None]]:
    """(day, month, year or None) of every date, with or without a year: 25/10, 4 November."""
    out: set[tuple[int, int, int | None]] = set()
    for m in _DAY_MONTH.finditer(_spelled_out(text)):
        g = m.groups()
        if g[0]:
            d, mo, y = g[0], g[1], g[2]
        elif g[3]:
            d, mo, y = g[3], g[4], g[5]
        elif g[6]:
            d, mo, y = g[6], str(_month(g[7])), g[8]
        else:
            d, mo, y = g[10], str(_month(g[9])), g[11]
        if 1 <= int(d) <= 31 and 1 <= int(mo) <= 12:
            out.add((int(d), int(mo), int(y) if y else None))
    return out


def _month(name: str) -> int:
    """1–12 from an English month name."""
    return [m.lower() for m in _MONTH_NAMES].index(name.lower()) + 1


def _count(text: str) -> str | None:
    """The first number of a text as digits: '06 ý kiến' → '6', '8.981' → '8981', '23/23'."""
    m = _COUNT.search(text)
    if not m:
        return None
    digits = re.sub(r"[.,](?=\d{3}(?!\d))", "", m.group(0))
    return "/".join(part.lstrip("0") or "0" for part in digits.split("/"))


def required_part(gold: str) -> str:
    """The gold answer without its parenthesised (optional) parts."""
    return _OPTIONAL.sub("", gold).strip() or gold


def answer_correct(q: Question, ans: Answer) -> bool:
    """The gold value appears in the answer, after normalising amounts, dates and marks."""
    if not q.answerable or not ans.found or not q.answer:
        return False
    text = ans.text
    gold = required_part(q.answer)
    if q.type == "number":
        from .language.numbers import amounts_equal, normalize_amount_text

        amounts = normalize_amount_text(gold)
        got = normalize_amount_text(text) + normalize_amount_text(ans.value or "")
        if amounts:
            return any(amounts_equal(g, x) for g in amounts for x in got)
        count = _count(gold)
        if count and count == _count(ans.value or ""):
            return True  # "3 Ủy viên" answered with the value 3 from "bầu bổ sung 3 chức danh"
    if q.type == "date":
        gold_d = _dates(gold)
        if gold_d:
            return bool(gold_d & _dates(text))
        day_months = {(d, m) for d, m, _ in _day_months(gold)}
        if day_months:
            years = {int(y) for part in _PARENS.findall(q.answer) for y in _YEAR.findall(part)}
            return any(
                (d, m) in day_months and (y is None or not years or y in years)
                for d, m, y in _day_months(text)
            )
    have = fold(text)
    if "; " in gold:
        return all(fold(x).strip() in have for x in gold.split("; ") if x.strip())
    items = [fold(x).strip() for x in gold.split("|") if x.strip()]
    if q.type == "list":
        return sum(1 for x in items if x in have) >= max(1, len(items) // 2)
    return all(x in have for x in items)


def stated_value_correct(q: Question, ans: Answer) -> bool | None:
    """For a number question, whether the value the answer states (its first line, not the
    quoted sentence that ``answer_correct`` also accepts) is the gold figure; None otherwise."""
    if q.type != "number" or not q.answerable or not q.answer:
        return None
    if not ans.found or not ans.value:
        return False
    from .language.numbers import amounts_equal, normalize_amount_text

    gold = required_part(q.answer)
    amounts, got = normalize_amount_text(gold), normalize_amount_text(ans.value)
    if amounts and got:
        return any(amounts_equal(g, x) for g in amounts for x in got)
    count = _count(gold)
    return bool(count) and count == _count(ans.value)
