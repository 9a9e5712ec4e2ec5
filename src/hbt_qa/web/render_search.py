"""The records search's views: a page of results with the query words marked, and the
CSV and Markdown exports of all results (escaped; CSV cells never run as formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup

from ..models import Hit
from .render import (
    _URL_SAFE,
    Lang,
    _csv_cell,
    _date_of,
    date_parts,
    esc_md,
    mark_spans,
    permalink,
    place_text,
    record_meta_parts,
    safe_url,
    term_spans,
    tr,
)
from .templates import render

if TYPE_CHECKING:
    from ..service import RecordSearch


def snippet(text: str, terms: Sequence[str], width: int = 360) -> str:
    """The part of a passage where the query words cluster, escaped, words marked."""
    spans = term_spans(text, terms)
    if len(text) <= width:
        return mark_spans(text, spans)
    best = 0
    # The window goes where the query's phrases cluster, else where its words do.
    anchors = term_spans(text, [t for t in terms if " " in t.strip()]) or spans
    if anchors:
        counts = [sum(b - a for a, b in anchors if s <= a < s + width) for s, _ in anchors]
        best = max(0, anchors[counts.index(max(counts))][0] - width // 5)
    start = text.rfind(" ", 0, best) + 1 if best else 0
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    inside = [
        (max(a, start) - start, min(b, end) - start) for a, b in spans if b > start and a < end
    ]
    body = mark_spans(text[start:end], inside)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


def page_count(total: int, page_size: int) -> int:
    """Pages needed for ``total`` results (at least one)."""
    return max(1, -(-total // page_size))


def search_results_html(rs: RecordSearch | None, page: int, page_size: int, lang: Lang) -> str:
    """One page of results: a summary line and cards with highlighted snippets."""
    if rs is None:
        first_line = tr(lang, "search_first")
        return render(
            "search_results.html",
            summary_class="summary",
            summary=first_line,
            notes=[],
            cards=[],
            lang=lang,
        )
    if not rs.hits:
        dated = rs.date_from or rs.date_to or not (rs.place or rs.organ)
        key = "no_results" if dated else "no_results_filters"
        return render(
            "search_results.html",
            summary_class="summary",
            summary=tr(lang, key, q=rs.query),
            notes=undated_notes(rs, lang),
            cards=[],
            lang=lang,
        )
    pages = page_count(len(rs.hits), page_size)
    page = max(1, min(page, pages))
    # Without a match the passages shown are the nearest ones, and are counted as such.
    key = "results" if rs.exact else "nearest"
    summary = tr(lang, key, q=rs.query, n=len(rs.hits), page=page, pages=pages)
    if rs.date_from or rs.date_to:
        summary += tr(lang, "results_range", a=rs.date_from or "…", b=rs.date_to or "…")
    if getattr(rs, "organ", None):
        summary += f" · {tr(lang, 'organ')}: {rs.organ}"
    if getattr(rs, "place", None):
        summary += f" · {tr(lang, 'place')}: {rs.place}"
    first = (page - 1) * page_size
    cards = [
        {
            "n": n,
            "hit": h,
            "dates": _date_of(h, lang),
            "meta": record_meta_parts(h, lang),
            "text": Markup(snippet(h.text, rs.terms)),
        }
        for n, h in enumerate(rs.hits[first : first + page_size], first + 1)
    ]
    return render(
        "search_results.html",
        summary_class="summary" if rs.exact else "summary nearest",
        summary=summary,
        notes=undated_notes(rs, lang),
        cards=cards,
        lang=lang,
    )


def undated_notes(rs: RecordSearch, lang: Lang) -> list[str]:
    """How many matches have no date: left out by a date range (with the option to include
    them), or listed; and how many listed passages the monthly chart cannot place."""
    notes = []
    n = getattr(rs, "undated", 0)
    if n and (rs.date_from or rs.date_to) and not getattr(rs, "with_undated", False):
        notes.append(f"{tr(lang, 'undated_left_out', n=n)} (☐ «{tr(lang, 'include_undated')}»)")
    elif n:
        notes.append(tr(lang, "undated_n", n=n))
    chart = getattr(rs, "undated_in_chart", 0)
    if chart and rs.months:
        notes.append(tr(lang, "undated_in_chart", n=chart))
    return notes


# The record's place (each level), organ and dates with where each was read, after the
# passage's own columns: "meeting_date_source" is "body", "header", "inferred"…
EXPORT_FIELDS = (
    "province", "district", "ward", "place_level", "organ", "organ_kind", "organ_level",
    "meeting_date", "meeting_date_source", "published", "published_source", "year",
    "year_source", "place_source", "organ_source",
)  # fmt: skip


def export_values(h: Hit) -> list[object]:
    """The values of ``EXPORT_FIELDS`` for one hit."""
    src = h.meta_sources or {}
    place_src = src.get(h.place_level or "") or src.get("district") or src.get("province")
    return [
        h.province, h.district, h.ward, h.place_level, h.organ, h.organ_kind, h.organ_level,
        h.meeting_date, src.get("meeting_date"), h.published, src.get("published"), h.year,
        src.get("year"), place_src, src.get("organ"),
    ]  # fmt: skip


def export_csv(rs: RecordSearch, base: str = "") -> str:
    """The results with their citations as CSV (UTF-8 with BOM for spreadsheets)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "rank",
            "date",
            "title",
            "source",
            "url",
            "article_id",
            "passage_id",
            "start",
            "end",
            "permalink",
            "text",
            *EXPORT_FIELDS,
        ]
    )
    for n, h in enumerate(rs.hits, 1):
        row = [
            n,
            h.meeting_date or h.published or "",
            h.title,
            h.source,
            safe_url(h.url) or "",
            h.article_id,
            h.passage_id,
            h.start,
            h.end,
            permalink(h.article_id, h.passage_id, base),
            h.text,
            *export_values(h),
        ]
        w.writerow([_csv_cell(x) for x in row])
    return "\ufeff" + buf.getvalue()


def export_markdown(rs: RecordSearch, base: str = "", lang: Lang = "vi") -> str:
    """The results as a Markdown list with quotes and citations; record text is escaped."""
    head = "Kết quả tra cứu" if lang == "vi" else "Search results"
    lines = [f"# {head}: {esc_md(rs.query)}", ""]
    if rs.date_from or rs.date_to:
        lines += [esc_md(tr(lang, "results_range", a=rs.date_from or "…", b=rs.date_to or "…"))]
        lines += [""]
    for n, h in enumerate(rs.hits, 1):
        url = safe_url(h.url)
        where = f"[{esc_md(h.source)}]({url})" if url else esc_md(h.source)
        link = permalink(h.article_id, h.passage_id, base)
        lines.append(f"{n}. **{esc_md(h.title)}** — {where}")
        lines.append("")
        about = [*date_parts(h, lang), h.organ or "", place_text(h)]
        lines.append("   " + esc_md(" · ".join(a for a in about if a) or tr(lang, "no_date")))
        lines.append("")
        lines.append("   > " + esc_md(" ".join(h.text.split())))
        lines.append("")
        lines.append(
            f"   {esc_md(h.source)}, {tr(lang, 'chars')} {h.start}–{h.end}, "
            f"passage {esc_md(h.passage_id)}: <{quote(link, safe=_URL_SAFE)}>"
        )
        lines.append("")
    return "\n".join(lines)
