"""The values time expressions become: dates, periods and a question's time constraint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Mode = Literal["asof", "within"]


@dataclass(frozen=True)
class DateMatch:
    """A calendar date written in a text, with its span (the date only, not "ngày")."""

    date: dt.date
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Period:
    """A period an article talks about, ``start``..``end`` inclusive.

    ``kind`` is one of: day (one, or the two to four days of a meeting: "29 và 30/6/2021"),
    month, quarter, half (6 months), ytd (first N months or "from the start of the year"), rest
    (last N months), year, midyear ("giữa năm": June-July), yearend (in
    questions, the year-end session: November-December), term
    ("nhiệm kỳ 2021-2026"), asof (cumulative from 1 January to a date: "tính đến ...") and
    same_period ("cùng kỳ năm 2023": the previous period moved to that year).
    """

    start: dt.date
    end: dt.date
    kind: str
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class TimeConstraint:
    """The time a question asks about.

    ``mode`` is "asof" (a cumulative figure up to ``end``: "tính đến tháng 5", "by May") or
    "within" (a figure for ``start``..``end``: "tháng 5/2024", "in Q3 2024"). ``kind`` is the
    granularity, as in `Period`, plus "now" ("hiện nay", "so far"). ``months`` lists the months
    covered (for "asof", January through the last month), so callers can match articles even
    when ``year`` is None; ``start``/``end`` are None until the year is known (asof constraints
    never have a ``start``). ``year_inferred`` is True when the year came from ``ref``.
    """

    mode: Mode
    kind: str
    start: dt.date | None
    end: dt.date | None
    year: int | None
    months: tuple[int, ...]
    text: str
    start_char: int
    end_char: int
    day: int | None = None
    year_inferred: bool = False


@dataclass
class _Raw:
    """A time expression before resolution; offsets are in the normalised copy."""

    start: int
    end: int
    kind: str
    mode: str = "within"  # "within" | "asof" | "compare"
    year: int | None = None
    rel: int | None = None  # year offset from the anchor date ("năm ngoái" -> -1)
    m1: int | None = 1  # None: "from the month after the anchor" (các tháng cuối năm)
    m2: int | None = 12  # None: "up to the anchor's month" (các tháng đầu năm)
    day: int | None = None
    day2: int | None = None  # the last day of a meeting held over several ("29 và 30/6")
    year2: int | None = None  # last year of a term
    rel_month: int | None = None  # "tháng này" 0, "tháng trước" -1
