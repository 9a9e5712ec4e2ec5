"""Every reported value of an indicator over time, and the table that shows it.

Pure functions over `Figure` records. Nothing is interpolated or summed: a row is one value
said for one period, place and basis (estimate or actual). The same value said by several
articles is one row citing them all; different values for the same period, place and basis
are all kept and flagged ``conflict``. Estimates and actuals for the same period are separate
rows, never a conflict.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ..ingest.recordmeta import place_matches
from ..language.amount_format import format_amount_en, format_amount_vi
from ..language.numbers import Amount, amounts_equal
from ..language.periods import format_date_en, format_date_vi
from ..language.places import Level, same_place
from ..language.text import escape_markdown, fold
from .extract import Figure, PercentContext
from .indicators import get_indicator

__all__ = ["SeriesRow", "build_series", "period_label", "series_table_markdown"]

Lang = Literal["vi", "en"]


@dataclass(frozen=True)
class SeriesRow:
    """One value of an indicator for one period, place and basis, with every source saying it."""

    indicator_id: str | None
    level: Level
    district: str | None
    ward: str | None
    start: dt.date
    end: dt.date
    kind: str
    estimate: bool
    value: float
    unit: str
    qualifier: str | None
    percents: tuple[PercentContext, ...]
    sources: tuple[Figure, ...]
    conflict: bool
    place: str | None = None  # the place as shown ("huyện Xuân Lộc, tỉnh Đồng Nai")
    breakdown: str | None = None  # a sub-total's part; None for the total
    province: str | None = None


def _fold(name: str | None) -> str:
    return fold(name or "")


def _place_ok(f: Figure, district: str | None, ward: str | None, place: str | None) -> bool:
    if place is not None and not place_matches(f, place):
        return False
    if ward is not None:
        district_ok = district is None or same_place(f.district, district)
        return f.level == "ward" and same_place(f.ward, ward) and district_ok
    if district is not None:
        return f.level == "district" and same_place(f.district, district)
    return True


def _source_order(f: Figure) -> tuple[dt.date, str, int]:
    return (f.article_date or dt.date.min, f.source, f.amount_start)


def build_series(
    figures: Iterable[Figure],
    indicator_id: str | None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    district: str | None = None,
    ward: str | None = None,
    place: str | None = None,
) -> list[SeriesRow]:
    """Every reported value of an indicator, ordered by period end, deduplicated and checked.

    ``indicator_id`` None selects free-phrase figures. A figure is kept when its period ends
    within ``since``..``until``. With ``ward`` only that ward's figures are kept; with only
    ``district`` only the district's own figures (not its wards'); with neither, every place,
    each in its own rows. ``place`` keeps the figures of a place at any level (old or new
    names). A row is one place and one part: values of two places (or of a record whose place
    is unknown and another record) never share a row or a conflict flag, and a sub-total
    ("thu nội địa") is a series of its own beside the total.
    """
    groups: dict[tuple[object, ...], list[list[Figure]]] = {}
    for f in figures:
        p = f.period
        if f.indicator_id != indicator_id or p is None:
            continue
        if not _place_ok(f, district, ward, place):
            continue
        if (since is not None and p.end < since) or (until is not None and p.end > until):
            continue
        key = (_place_key(f), f.breakdown or "", p.start, p.end, f.estimate, f.unit)
        clusters = groups.setdefault(key, [])
        for cluster in clusters:
            if amounts_equal(cluster[0].value, f.value):
                cluster.append(f)
                break
        else:
            clusters.append([f])
    rows = [
        _row(sorted(cluster, key=_source_order), conflict=len(clusters) > 1)
        for clusters in groups.values()
        for cluster in clusters
    ]
    rows.sort(
        key=lambda r: (
            r.end,
            r.start,
            r.estimate,
            r.breakdown or "",
            _fold(r.place),
            r.level == "ward",
            fold(r.district or ""),
            fold(r.ward or ""),
            r.value,
        )
    )
    return rows


def _place_key(f: Figure) -> tuple[str, ...]:
    """What makes two figures the same place: the place of their record (with the unit the
    sentence names), else, when the record's place is unknown, the record itself."""
    if f.place or f.district or f.ward:
        return (_fold(f.place), f.level, _fold(f.district), _fold(f.ward))
    return ("?", f.article_id)


def _row(cluster: list[Figure], conflict: bool) -> SeriesRow:
    first = cluster[0]
    assert first.period is not None
    return SeriesRow(
        indicator_id=first.indicator_id,
        level=first.level,
        district=first.district,
        ward=first.ward,
        start=first.period.start,
        end=first.period.end,
        kind=first.period.kind,
        estimate=first.estimate,
        value=first.value,
        unit=first.unit,
        qualifier=first.qualifier,
        percents=first.percents,
        sources=tuple(cluster),
        conflict=conflict,
        place=first.place,
        breakdown=first.breakdown,
        province=first.province,
    )


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------

_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_ROMAN = ("I", "II", "III", "IV")


def _month_end(d: dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def period_label(start: dt.date, end: dt.date, kind: str, lang: Lang = "vi") -> str:
    """A short period name: "5 tháng đầu năm 2024" / "Jan–May 2024", "quý III/2024" / "Q3 2024"."""
    vi = lang == "vi"
    y, m1, m2 = end.year, start.month, end.month
    if kind == "asof" or (start == dt.date(y, 1, 1) and not _month_end(end)):
        return f"đến {format_date_vi(end)}" if vi else f"to {format_date_en(end)}"
    if start.day != 1 or not _month_end(end) or start.year != y:
        if vi:
            return f"{format_date_vi(start)}–{format_date_vi(end)}"
        return f"{format_date_en(start)}–{format_date_en(end)}"
    if (m1, m2) == (1, 12):
        return f"năm {y}" if vi else str(y)
    if m1 == m2:
        return f"tháng {m1}/{y}" if vi else f"{_MONTHS_EN[m1 - 1]} {y}"
    if m2 - m1 == 2 and m1 % 3 == 1:
        q = (m1 - 1) // 3
        return f"quý {_ROMAN[q]}/{y}" if vi else f"Q{q + 1} {y}"
    if (m1, m2) == (1, 6):
        return f"6 tháng đầu năm {y}" if vi else f"H1 {y}"
    if (m1, m2) == (7, 12):
        return f"6 tháng cuối năm {y}" if vi else f"H2 {y}"
    if m1 == 1:
        return f"{m2} tháng đầu năm {y}" if vi else f"Jan–{_MONTHS_EN[m2 - 1]} {y}"
    if vi:
        return f"tháng {m1}–{m2}/{y}"
    return f"{_MONTHS_EN[m1 - 1]}–{_MONTHS_EN[m2 - 1]} {y}"


def _esc(text: str | None) -> str:
    """Text from an article on one line (a table cell), escaped for Markdown."""
    return escape_markdown(" ".join((text or "").split()))


_BASE_LABEL = {
    "vi": {"du_toan": "dự toán", "cung_ky": "cùng kỳ", "ke_hoach": "kế hoạch"},
    "en": {"du_toan": "of plan", "cung_ky": "of same period", "ke_hoach": "of target"},
}
_HEAD = {
    "vi": ("Kỳ", "Địa bàn", "Giá trị", "Loại", "Tỷ lệ", "Nguồn"),
    "en": ("Period", "Place", "Value", "Basis", "Ratios", "Sources"),
}
_WORDS = {
    "vi": {"est": "ước thực hiện", "act": "thực hiện", "conflict": "⚠ các nguồn khác số liệu"},
    "en": {"est": "estimate", "act": "actual", "conflict": "⚠ sources disagree"},
}


# Qualifiers that change what a value means; "đạt", "ước đạt" only restate the basis column.
_SHOWN_QUALIFIERS = frozenset({"trên", "hơn", "gần", "khoảng", "dưới", "xấp xỉ", "trên dưới"})


def _fmt(value: float, unit: str, qualifier: str | None, lang: Lang) -> str:
    shown = qualifier if qualifier in _SHOWN_QUALIFIERS else None
    amount = Amount(value, unit, shown, 0, 0, "")  # type: ignore[arg-type]
    return format_amount_vi(amount) if lang == "vi" else format_amount_en(amount)


def _ratios(row: SeriesRow, lang: Lang) -> str:
    parts = []
    for p in row.percents:
        base = _BASE_LABEL[lang].get(p.base or "", "")
        parts.append(f"{_fmt(p.value, 'percent', None, lang)} {base}".strip())
    return "; ".join(parts)


def _place(row: SeriesRow, lang: Lang) -> str:
    part = f" · {row.breakdown}" if row.breakdown else ""
    return _place_only(row, lang) + part


def _place_only(row: SeriesRow, lang: Lang) -> str:
    if row.place:
        return row.place
    if not (row.district or row.ward):  # a record whose place is unknown: its own row
        return "không rõ địa bàn" if lang == "vi" else "place unknown"
    if row.level == "ward":
        name = row.ward or "?"
        return f"phường {name}" if lang == "vi" else f"{name} ward"
    name = row.district or "?"
    return f"quận {name}" if lang == "vi" else f"{name} district"


def series_cells(
    rows: Iterable[SeriesRow], lang: Lang = "vi", esc: Callable[[str], str] = str
) -> tuple[list[list[str]], list[str]]:
    """The header and each row's cells (period, place, value, basis, ratios, source markers),
    and the numbered source lines; ``esc`` escapes the text that comes from articles."""
    words = _WORDS[lang]
    table = [list(_HEAD[lang])]
    cited: dict[tuple[str, int], int] = {}
    notes: list[str] = []
    for row in rows:
        refs = []
        for f in row.sources:
            key = (f.article_id, f.amount_start)
            if key not in cited:
                cited[key] = len(cited) + 1
                date = f.article_date.isoformat() if f.article_date else ""
                sentence = " ".join((f.sentence or "").split())
                notes.append(f"[{cited[key]}] {esc(f.source)} {date} — «{esc(sentence)}»")
            refs.append(f"[{cited[key]}]")
        basis = words["est"] if row.estimate else words["act"]
        if row.conflict:
            basis += f" {words['conflict']}"
        table.append(
            [
                period_label(row.start, row.end, row.kind, lang),
                esc(_place(row, lang)),
                _fmt(row.value, row.unit, row.qualifier, lang),
                basis,
                _ratios(row, lang),
                " ".join(refs),
            ]
        )
    return table, notes


def series_table_markdown(rows: Iterable[SeriesRow], lang: Lang = "vi") -> str:
    """A Markdown table of a series with numbered citations; article text is escaped."""
    rows = list(rows)
    if not rows:
        return "Không có số liệu." if lang == "vi" else "No figures found."
    table, notes = series_cells(rows, lang, _esc)
    head, body = table[0], table[1:]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return "\n".join(lines) + "\n\n" + "  \n".join(notes)


def series_json(res: Any) -> dict[str, Any]:
    """The JSON form of a series: rows with period, value, flags and every source."""
    rows = []
    for r in res.rows:
        rows.append(
            {
                "period_start": r.start.isoformat(),
                "period_end": r.end.isoformat(),
                "period_kind": r.kind,
                "estimate": r.estimate,
                "conflict": r.conflict,
                "value": r.value,
                "unit": r.unit,
                "qualifier": r.qualifier,
                "place": r.place,
                "breakdown": r.breakdown,
                "province": r.province,
                "district": r.district,
                "ward": r.ward,
                "percents": [
                    {"value": p.value, "base": p.base, "text": p.text} for p in r.percents
                ],
                "sources": [
                    {
                        "article_id": f.article_id,
                        "source": f.source,
                        "sentence": f.sentence,
                        "sentence_start": f.sentence_start,
                        "sentence_end": f.sentence_end,
                        "amount": f.amount_text,
                    }
                    for f in r.sources
                ],
            }
        )
    related = [get_indicator(i) for i in getattr(res, "related", ())]
    return {
        "indicator": res.indicator_id,
        "label": res.label,
        "rows": rows,
        "related": [
            {"id": i.id, "label_vi": i.label_vi, "label_en": i.label_en} for i in related if i
        ],
    }
