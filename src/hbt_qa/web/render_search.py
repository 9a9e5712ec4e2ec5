"""The records search's views: a page of results with the query words marked, and the
CSV and Markdown exports of all results (escaped; CSV cells never run as formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from .render import (
    _URL_SAFE,
    Lang,
    _csv_cell,
    _date_of,
    _title_html,
    esc,
    esc_md,
    mark_spans,
    open_link,
    permalink,
    record_meta_html,
    safe_url,
    term_spans,
    tr,
)

if TYPE_CHECKING:
    from ..service import RecordSearch


def snippet(text: str, terms: Sequence[str], width: int = 360) -> str:
    """The part of a passage where the query words cluster, escaped, words marked."""
    spans = term_spans(text, terms)
    if len(text) <= width:
        return mark_spans(text, spans)
    best = 0
    if spans:
        counts = [sum(b - a for a, b in spans if s <= a < s + width) for s, _ in spans]
        best = max(0, spans[counts.index(max(counts))][0] - width // 5)
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
        return f'<p class="summary">{esc(tr(lang, "search_first"))}</p>'
    if not rs.hits:
        return f'<p class="summary">{esc(tr(lang, "no_results", q=rs.query))}</p>'
    pages = page_count(len(rs.hits), page_size)
    page = max(1, min(page, pages))
    summary = tr(lang, "results", n=len(rs.hits), page=page, pages=pages)
    if rs.date_from or rs.date_to:
        summary += tr(lang, "results_range", a=rs.date_from or "…", b=rs.date_to or "…")
    if getattr(rs, "organ", None):
        summary += f" · {tr(lang, 'organ')}: {rs.organ}"
    head = f'<p class="summary">{esc(summary)}</p>'
    if not rs.exact:
        head += f'<p class="summary nearest">{esc(tr(lang, "nearest", q=rs.query))}</p>'
    cards = []
    first = (page - 1) * page_size
    for n, h in enumerate(rs.hits[first : first + page_size], first + 1):
        cards.append(
            f'<div class="card result" id="result-{n}"><div class="card-head"><b>{n}.</b> '
            f"{_title_html(h.title, h.url, lang)}</div>"
            f'<div class="card-meta">{esc(_date_of(h, lang))}{record_meta_html(h, lang)} · '
            f"{esc(h.source)} · {open_link(h.article_id, h.passage_id, lang)}</div>"
            f'<div class="card-text">{snippet(h.text, rs.terms)}</div></div>'
        )
    return head + "".join(cards)


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
        date = h.meeting_date or h.published or tr(lang, "no_date")
        url = safe_url(h.url)
        where = f"[{esc_md(h.source)}]({url})" if url else esc_md(h.source)
        link = permalink(h.article_id, h.passage_id, base)
        lines.append(f"{n}. **{esc_md(h.title)}** — {esc_md(date)} — {where}")
        lines.append("")
        lines.append("   > " + esc_md(" ".join(h.text.split())))
        lines.append("")
        lines.append(
            f"   {esc_md(h.source)}, {tr(lang, 'chars')} {h.start}–{h.end}, "
            f"passage {esc_md(h.passage_id)}: <{quote(link, safe=_URL_SAFE)}>"
        )
        lines.append("")
    return "\n".join(lines)
