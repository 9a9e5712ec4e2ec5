"""How an answer words its value: a date in the answer's language with its year, an amount
without its verb ("đạt"), whether it is an estimate. Pure functions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ..language.text import fold
from ..language.values import EN_NUMBER_WORDS
from ..models import Hit


def fmt_date(iso: str | None, lang: str) -> str | None:
    """28/5/2024 or 28 May 2024."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}" if lang == "en" else f"{d.day}/{d.month}/{d.year}"


def with_year(day: str, record: Hit, lang: str) -> str:
    """A day written without its year ("Sáng 26/8", "July 6"), completed from its record.

    Real pages leave the year to their date line or address; the answer states it.
    """
    if re.search(r"\b(19|20)\d{2}\b", day):
        return day
    m = _DAY_MONTH.search(day)
    found = _year_near(int(m[2]), int(m[3]), record) if m else None
    year = str(found) if found else _record_year(record)
    if not year:
        return day
    if lang == "en" or not day[-1:].isdigit():
        return f"{day}, {year}"
    sep = re.search(r"\d+\s*([/.-])\s*\d+$", day)  # the page's own mark: "21-12" → "21-12-2018"
    return f"{day}{sep[1] if sep else '/'}{year}"


def _record_year(record: Hit) -> str:
    """The year of a record's date, else of the record, else ''."""
    iso = record.meeting_date or record.published
    return iso[:4] if iso else (str(record.year) if record.year else "")


def _year_near(day: int, month: int, record: Hit) -> int | None:
    """The year that puts a day and month nearest its record's date ("5/1" in a December record
    is next January; "28/12" in a January one, last December); None without a record date."""
    iso = record.meeting_date or record.published
    if not iso:
        return None
    ref = dt.date.fromisoformat(iso)
    best: tuple[int, int] | None = None
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            gap = abs((dt.date(year, month, day) - ref).days)
        except ValueError:
            continue
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else None


_ISO_DAY = re.compile(r"\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH = re.compile(
    r"(?<![\d/.])(?:(\d{1,2})\s*(?:-|–|và|đến)\s*)?(\d{1,2})[/.-](\d{1,2})"
    r"(?:[/.-]((?:19|20)\d\d))?(?![\d/])"
)
_PART_OF_DAY = {"sang": "morning", "trua": "noon", "chieu": "afternoon", "toi": "evening"}


def shown_date(value: str, record: Hit, lang: str) -> str:
    """A date value as the answer states it: in the answer's language, with its year.

    "date 2022-07-06" (a store's date line) → "6/7/2022" or "6 July 2022"; for English,
    "Sáng 26/8" → "morning of 26 August 2025" and "3 - 7.12" → "3–7 December 2019", the year
    taken from the record when the page leaves it out.
    """
    from ..language.periods import format_date_en, format_date_vi

    iso = _ISO_DAY.search(value)
    if iso:
        try:
            day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return value
        return format_date_en(day) if lang == "en" else format_date_vi(day)
    m = _DAY_MONTH.search(value)
    if lang != "en" or m is None:
        return with_year(value, record, lang)
    year = int(m[4]) if m[4] else _year_near(int(m[2]), int(m[3]), record) or record.year
    try:
        when = dt.date(int(year), int(m[3]), int(m[2])) if year else None
    except ValueError:
        when = None
    if when is None:
        return with_year(value, record, lang)
    text = format_date_en(when)
    if m[1]:
        text = f"{int(m[1])}–{text}"
    before = fold(value[: m.start()]).split()
    part = _PART_OF_DAY.get(before[0]) if before else None
    return f"{part} of {text}" if part else text


_VERB_QUALIFIERS = frozenset({"đạt", "bằng"})  # "đạt 162 tỷ đồng": the value is 162 tỷ đồng
_ESTIMATES = frozenset({"ước đạt", "ước tính", "ước"})
_LEADING_VERB = re.compile(r"^\s*(?:ước\s+đạt|ước\s+tính|ước|đạt|bằng)\s+", re.IGNORECASE)


def shown_value(value: str, lang: str) -> tuple[str, bool]:
    """The value as the answer shows it, without a verb ("đạt", "reached"), and whether it is
    an estimate ("ước đạt 96 tỷ 500 triệu đồng" → "96 tỷ 500 triệu đồng", estimate)."""
    from ..language.amount_format import format_amount_en
    from ..language.numbers import parse_amount

    a = parse_amount(value)
    if a is None:
        n = EN_NUMBER_WORDS.get(value.lower())
        return (f"{n} ({value})" if n else value), False  # "five" counted on an English page
    estimate = a.qualifier in _ESTIMATES
    if lang == "en":
        if estimate or a.qualifier in _VERB_QUALIFIERS:
            a = replace(a, qualifier=None)
        return format_amount_en(a), estimate
    return _LEADING_VERB.sub("", value) or value, estimate
