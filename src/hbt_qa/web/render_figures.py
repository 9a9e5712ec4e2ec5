"""HTML, SVG and CSV of the figures over time ("Số liệu"): tables, the chart, the download.

Every string from a record is escaped here (our templates only); labels come from
``render.tr`` (their words are in ``messages.FIGURES_TEXT``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from ..language.amount_format import format_number
from .render import Lang, _csv_cell, esc, highlight, permalink, tr
from .templates import render

# (article_id, sentence_start) → passage id of the passage holding that sentence.
PassageMap = dict[tuple[str, int], str]


def _fig_sentence(f: Any) -> str:
    """The figure's sentence, escaped, with its amount marked."""
    return highlight(
        f.sentence, f.amount_start - f.sentence_start, f.amount_end - f.sentence_start, "val"
    )


def _fig_value(row: Any, lang: Lang) -> str:
    from ..figures.series import _fmt

    return _fmt(row.value, row.unit, row.qualifier, lang)  # type: ignore[arg-type]


def _fig_period(row: Any, lang: Lang) -> str:
    from ..figures.series import period_label

    return period_label(row.start, row.end, row.kind, lang)  # type: ignore[arg-type]


def _fig_place(row: Any, lang: Lang) -> str:
    from ..figures.series import _place

    return _place(row, lang)  # type: ignore[arg-type]


def _fig_ratios(row: Any, lang: Lang) -> str:
    from ..figures.series import _ratios

    return _ratios(row, lang)  # type: ignore[arg-type]


def figures_table_html(
    rows: Sequence[Any],
    passages: PassageMap,
    lang: Lang = "vi",
    label: str = "",
    query: str = "",
    related: Sequence[str] = (),
) -> str:
    """A series as a table: every value links to its sentence; article text is escaped;
    ``related``: the names of other indicators the phrase matched."""
    shown = [
        {
            "classes": " ".join(
                ["estimate" if row.estimate else "actual"] + (["conflict"] if row.conflict else [])
            ),
            "period": _fig_period(row, lang),
            "place": _fig_place(row, lang),
            "first": row.sources[0],
            "first_passage": passages.get(
                (row.sources[0].article_id, row.sources[0].sentence_start)
            ),
            "value": _fig_value(row, lang),
            "estimate": row.estimate,
            "conflict": row.conflict,
            "ratios": _fig_ratios(row, lang),
            "sources": [
                {
                    "figure": f,
                    "passage": passages.get((f.article_id, f.sentence_start)),
                    "sentence": Markup(_fig_sentence(f)),
                }
                for f in row.sources
            ],
        }
        for row in rows
    ]
    cols = ("fig_no", "fig_period", "fig_place", "fig_value", "fig_basis", "fig_ratios")
    return render(
        "figures_table.html",
        rows=shown,
        sources=sum(len(r.sources) for r in rows),
        cols=(*cols, "fig_sources"),
        label=label,
        query=query,
        related=related,
        lang=lang,
    )


_CHART_COLOURS = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#0e7490", "#a16207")


def _chart_scale(unit: str, values: Sequence[float], lang: Lang) -> tuple[float, str]:
    """Divisor and axis unit for the plotted values."""
    if unit == "percent":
        return 0.01, tr(lang, "fig_pct")
    if unit == "dong" and max(values, default=0) < 1e9:
        return 1e6, tr(lang, "fig_mn")
    if unit == "dong":
        return 1e9, tr(lang, "fig_tn")
    return 1.0, unit


def _num(x: float, lang: Lang) -> str:
    """An axis label: the language's own number format, two decimals at most."""
    return format_number(x, lang)


def _nice_step(span: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) for about five ticks."""
    raw = max(span, 1e-9) / 5
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _cumulative(row: Any) -> bool:
    """A year-to-date value (from 1 January: "5 tháng đầu năm", "đến 30/6", "năm 2024")."""
    return row.start.month == 1 and row.start.day == 1


def figures_chart_svg(
    rows: Sequence[Any], passages: PassageMap, lang: Lang = "vi", width: int = 760
) -> str:
    """A small inline SVG line chart from our own template.

    One line per place, basis (estimates dashed, hollow points) and kind of period
    (year-to-date values start a new line each year; single periods are dotted apart);
    conflicting values are ringed in red; every point links to its sentence.
    """
    if not rows:
        return ""
    units: dict[str, int] = {}
    for r in rows:
        units[r.unit] = units.get(r.unit, 0) + 1
    unit = max(units, key=lambda u: units[u])
    drawn = [r for r in rows if r.unit == unit]
    div, unit_label = _chart_scale(unit, [r.value for r in drawn], lang)

    groups: dict[tuple[str, bool, bool], list[Any]] = {}
    for r in drawn:
        groups.setdefault((_fig_place(r, lang), r.estimate, _cumulative(r)), []).append(r)
    places = list(dict.fromkeys(k[0] for k in groups))
    legend = []
    for place, estimate, cum in groups:
        kind = tr(lang, "fig_estimate" if estimate else "fig_actual")
        span = tr(lang, "fig_cum" if cum else "fig_single")
        legend.append((place, estimate, cum, f"{place} · {kind} · {span}"))
    conflict = any(r.conflict for r in drawn)
    items = len(legend) + (1 if conflict else 0)
    per_line = max(1, (width - 20) // 250)
    legend_h = 18 * (-(-items // per_line))
    left, right, top, bottom = 78, 24, 24, 104
    height = 240 + top + bottom + legend_h
    pw, ph = width - left - right, 240

    days = [r.end.toordinal() for r in drawn]
    x0, x1 = min(days), max(days)
    pad = max(15, (x1 - x0) // 20)
    x0, x1 = x0 - pad, x1 + pad
    ys = [r.value / div for r in drawn]
    step = _nice_step(max(max(ys), 0) - min(0.0, min(ys)))
    y0 = math.floor(min(0.0, min(ys)) / step) * step
    y1 = math.ceil(max(max(ys), step) / step) * step

    def px(d: int) -> float:
        return left + (d - x0) / (x1 - x0) * pw

    def py(v: float) -> float:
        return top + ph - (v - y0) / (y1 - y0) * ph

    parts = [
        f'<svg class="fig-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">',
        f"<title>{esc(tr(lang, 'fig_chart'))}</title>",
    ]
    v = y0
    while v <= y1 + step / 2:
        y = py(v)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="currentColor">{esc(_num(v, lang))}</text>'
        )
        v += step
    parts.append(
        f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#888"/>'
        f'<text x="{left}" y="{top - 8}" font-size="11" fill="currentColor">'
        f"{esc(unit_label)}</text>"
    )
    last_x = -1e9
    for r in sorted(drawn, key=lambda r: r.end):
        x = px(r.end.toordinal())
        if x - last_x < 22:
            continue
        last_x = x
        lab = _fig_period(r, lang)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top + ph}" x2="{x:.1f}" y2="{top + ph + 4}" stroke="#888"/>'
            f'<text x="{x:.1f}" y="{top + ph + 14}" font-size="10" fill="currentColor" '
            f'text-anchor="end" transform="rotate(-35 {x:.1f} {top + ph + 14})">'
            f"{esc(lab)}</text>"
        )
    for (place, estimate, cum), members in groups.items():
        colour = _CHART_COLOURS[places.index(place) % len(_CHART_COLOURS)]
        members.sort(key=lambda r: (r.end, r.value))
        kind = "estimate" if estimate else "actual"
        dash = ' stroke-dasharray="6 4"' if estimate else ""
        if not cum:
            dash = ' stroke-dasharray="2 4"' if not estimate else ' stroke-dasharray="8 3 2 3"'
        runs: dict[int, list[Any]] = {}
        for r in members:
            runs.setdefault(r.start.year if cum else 0, []).append(r)
        for run in runs.values():
            # One line per run; two values of the same period (a conflict) are not joined.
            ends = [r for i, r in enumerate(run) if i == 0 or run[i - 1].end != r.end]
            if len(ends) > 1:
                pts = " ".join(f"{px(r.end.toordinal()):.1f},{py(r.value / div):.1f}" for r in ends)
                parts.append(
                    f'<polyline class="fig-line {kind}" points="{pts}" fill="none" '
                    f'stroke="{colour}" stroke-width="2"{dash}/>'
                )
        for r in members:
            x, y = px(r.end.toordinal()), py(r.value / div)
            tip = f"{_fig_period(r, lang)} · {_fig_place(r, lang)} · {_fig_value(r, lang)}"
            tip += f" · {tr(lang, 'fig_' + kind)}"
            if r.conflict:
                tip += f" · {tr(lang, 'fig_conflict')}"
            ring = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="#d00" '
                f'stroke-width="2" class="fig-conflict-mark"/>'
                if r.conflict
                else ""
            )
            fill = "#fff" if estimate else colour
            f0 = r.sources[0]
            pid = passages.get((f0.article_id, f0.sentence_start))
            parts.append(
                f'<a class="open-article" href="{esc(permalink(f0.article_id, pid))}" '
                f'data-article="{esc(f0.article_id)}" data-passage="{esc(pid or "")}">'
                f"<title>{esc(tip)}</title>{ring}"
                f'<circle class="fig-point {kind}" cx="{x:.1f}" cy="{y:.1f}" r="5" '
                f'fill="{fill}" stroke="{colour}" stroke-width="2"/></a>'
            )
    slot = (width - 20) // per_line
    base_y = top + ph + bottom
    for i, (place, estimate, cum, name) in enumerate(legend):
        colour = _CHART_COLOURS[places.index(place) % len(_CHART_COLOURS)]
        dash = ' stroke-dasharray="6 4"' if estimate else ""
        if not cum:
            dash = ' stroke-dasharray="2 4"' if not estimate else ' stroke-dasharray="8 3 2 3"'
        lx, ly = 10 + (i % per_line) * slot, base_y + 18 * (i // per_line)
        parts.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash}/><text x="{lx + 26}" y="{ly}" font-size="11" '
            f'fill="currentColor">{esc(name)}</text>'
        )
    if conflict:
        i = len(legend)
        lx, ly = 10 + (i % per_line) * slot, base_y + 18 * (i // per_line)
        parts.append(
            f'<circle cx="{lx + 11}" cy="{ly - 4}" r="6" fill="none" stroke="#d00" '
            f'stroke-width="2"/><text x="{lx + 26}" y="{ly}" font-size="11" '
            f'fill="currentColor">{esc(tr(lang, "fig_conflict"))}</text>'
        )
    parts.append("</svg>")
    notes = [tr(lang, "fig_chart_note")]
    if len(drawn) < len(rows):
        notes.append(tr(lang, "fig_chart_skipped", n=len(rows) - len(drawn)))
    return (
        f'<div class="fig-chart-wrap"><p class="summary">{esc(tr(lang, "fig_chart"))}</p>'
        + "".join(parts)
        + f'<p class="card-meta">{esc(" ".join(notes))}</p></div>'
    )


def _plain(value: float) -> str:
    """A number without exponent or trailing zeros: 115000000000, 0.512."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def figures_csv(
    rows: Sequence[Any], passages: PassageMap, base: str = "", lang: Lang = "vi"
) -> str:
    """A series as CSV, one line per source sentence (UTF-8 with BOM, no formulas)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "row",
            "period",
            "period_start",
            "period_end",
            "value",
            "unit",
            "value_text",
            "basis",
            "conflict",
            "district",
            "ward",
            "ratios",
            "source",
            "article_date",
            "article_id",
            "passage_id",
            "permalink",
            "amount",
            "sentence",
            "place",
            "province",
            "breakdown",
        ]
    )
    for n, r in enumerate(rows, 1):
        for f in r.sources:
            pid = passages.get((f.article_id, f.sentence_start))
            line = [
                n,
                _fig_period(r, lang),
                r.start.isoformat(),
                r.end.isoformat(),
                _plain(r.value),
                r.unit,
                _fig_value(r, lang),
                "estimate" if r.estimate else "actual",
                "yes" if r.conflict else "no",
                r.district or "",
                r.ward or "",
                _fig_ratios(r, lang),
                f.source,
                f.article_date.isoformat() if f.article_date else "",
                f.article_id,
                pid or "",
                permalink(f.article_id, pid, base),
                f.amount_text,
                " ".join(f.sentence.split()),
                getattr(r, "place", None) or "",
                getattr(r, "province", None) or "",
                getattr(r, "breakdown", None) or "",
            ]
            w.writerow([_csv_cell(x) for x in line])
    return "\ufeff" + buf.getvalue()
