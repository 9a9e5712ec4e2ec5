"""Safe HTML, Markdown and interface strings for the web app: what every view shares.

Every untrusted string (article text and titles, file names, queries, answers) is escaped
before it reaches Gradio: Gradio's own sanitiser lets CSS/HTML injection through and
``gr.HTML`` runs scripts. Links and ``<mark>`` come only from our own markup: the HTML
templates in ``templates/`` (Jinja2, escaping by default; see ``web.templates``), filled by
the views built on this module: ``render_chat`` (answers, source cards), ``render_search``
(results, exports), ``render_article`` (the article view), ``render_records`` (the records
tab) and ``render_figures`` (the table; the chart's SVG is built here in code). The words
themselves are in ``messages``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlparse

from ..language.text import fold
from ..models import Hit
from .messages import TEXT

Lang = str  # "vi" | "en"

# Markdown that renders: characters that make markup anywhere, and those that do only at the
# start of a line ("# ", "- ", "1. ", "> ", a "---" or "===" underline) escaped only there, so
# that "2024-05-28" and "a-1.txt" stay as written.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()!|~$])")
_MD_LINE_START = re.compile(r"(?m)^([ \t]*)([#+=-])|^([ \t]*\d+)([.)])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" written in a record stays "&amp;" on screen
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def tr(lang: Lang, key: str, **values: Any) -> str:
    """An interface string in ``lang`` (Vietnamese when unknown), with values filled in; the
    singular "<key>_one" when ``n`` is 1 and the language has one."""
    table = TEXT.get(lang, TEXT["vi"])
    if values.get("n") == 1 and f"{key}_one" in table:
        key = f"{key}_one"
    text = table.get(key) or TEXT["vi"][key]
    return text.format(**values) if values else text


# -- escaping -----------------------------------------------------------------------------
def esc(text: object) -> str:
    """HTML-escape untrusted text (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def esc_md(text: object) -> str:
    """Escape untrusted text for Markdown that also renders HTML: no tags, links or emphasis.

    Only ``<``, ``>`` and an ``&`` that would start an entity become entities: "People's" and
    "A & B" are shown as written (a quote escaped as ``&#x27;`` and then its ``#`` escaped
    showed as "People&#x27;s").
    """
    s = "" if text is None else str(text)
    s = _ENTITY.sub("&amp;", s).replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    return _MD_LINE_START.sub(
        lambda m: (m.group(1) or m.group(3) or "") + "\\" + (m.group(2) or m.group(4)), s
    )


def safe_url(url: str | None) -> str | None:
    """Only http(s) links leave our pages (javascript:, data: are dropped), percent-encoded."""
    if not url:
        return None
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def highlight(text: str, start: int, end: int, cls: str = "hl") -> str:
    """Escaped text with ``text[start:end]`` wrapped in our own <mark>."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return (
        esc(text[:start])
        + f'<mark class="{cls}">'
        + esc(text[start:end])
        + "</mark>"
        + esc(text[end:])
    )


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """Diacritic-folded lower-case text and, for each of its characters, where it stands in
    ``text`` (combining marks of a decomposed text fold to nothing)."""
    out: list[str] = []
    at: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        out.append(f)
        at += [i] * len(f)
    return "".join(out), at


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the folded query words and compounds occur as whole words; neighbours merged.

    Only the terms as given: the syllables of a compound are not marked on their own (see
    ``answering.records_search.highlight_terms``, which says which words stand alone).
    """
    folded, at = _folded_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for t in {" ".join(fold(t).split()) for t in terms if t and t.strip()}:
        pattern = r"\s+".join(re.escape(w) for w in t.split())
        for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", folded):
            end = at[m.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # the marks of the last letter
            spans.append((at[m.start()], end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and (a <= merged[-1][1] or not text[merged[-1][1] : a].strip()):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def mark_spans(text: str, spans: Sequence[tuple[int, int]], cls: str = "term") -> str:
    """Escaped text with each (sorted, disjoint) span in a <mark>."""
    out, pos = [], 0
    for a, b in spans:
        a, b = max(a, pos), min(b, len(text))
        if a >= b:
            continue
        out.append(esc(text[pos:a]) + f'<mark class="{cls}">' + esc(text[a:b]) + "</mark>")
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


# -- links --------------------------------------------------------------------------------
def permalink(article_id: str, passage_id: str | None = None, base: str = "") -> str:
    """A stable link to an article with a passage selected: ``?article=…&passage=…``."""
    link = f"{base}?article={quote(article_id, safe='')}"
    if passage_id:
        link += f"&passage={quote(passage_id, safe='')}"
    return link


def _date_of(hit: Hit, lang: Lang) -> str:
    """The dates shown for a passage: meeting and published, each labelled."""
    return dates_text(hit, lang)


# Where a date read as written: anything else ("inferred", "address", "periods") is inferred.
_READ_AS_WRITTEN = frozenset(("header", "title", "store", "front matter", "body"))


def _get(record: Any, key: str) -> Any:
    """A field of a hit, an article row or anything with the same attributes."""
    return record.get(key) if isinstance(record, dict) else getattr(record, key, None)


def is_inferred(record: Any, key: str) -> bool:
    """True when ``key`` ("meeting_date", "published", "year") was inferred, not read."""
    src = (_get(record, "meta_sources") or {}).get(key)
    return bool(src) and src not in _READ_AS_WRITTEN


def date_parts(record: Any, lang: Lang) -> list[str]:
    """'Ngày họp: 2024-05-28', 'Ngày đăng: 2024-05-30 (suy ra)', else 'Năm: 2019 (suy ra)'."""
    parts = []
    for key, label in (("meeting_date", "meeting"), ("published", "published")):
        value = _get(record, key)
        if value:
            note = f" ({tr(lang, 'inferred')})" if is_inferred(record, key) else ""
            parts.append(f"{tr(lang, label)}: {value}{note}")
    if not parts and _get(record, "year"):
        note = f" ({tr(lang, 'inferred')})" if is_inferred(record, "year") else ""
        parts.append(f"{tr(lang, 'year_only')}: {_get(record, 'year')}{note}")
    return parts


def dates_text(record: Any, lang: Lang) -> str:
    """Both dates of a record, labelled (plain text), or 'không rõ ngày'."""
    return " · ".join(date_parts(record, lang)) or tr(lang, "no_date")


_LEVELS = ("ward", "district", "province")


def place_text(record: Any) -> str:
    """The place at its own level with the units above it: 'xã Sơn Mùa, huyện Sốp Cộp, tỉnh
    Sơn La'; stored names keep their own unit word (never 'quận' for another kind)."""
    level = _get(record, "place_level")
    start = _LEVELS.index(level) if level in _LEVELS else 0
    names = [_get(record, key) for key in _LEVELS[start:]]
    seen: list[str] = []
    for name in names:
        if name and fold(name) not in (fold(x) for x in seen):
            seen.append(str(name))
    return ", ".join(seen)


def record_meta_parts(
    record: Hit | dict[str, Any], lang: Lang, with_dates: bool | None = None
) -> list[str]:
    """A card's meta after its own dates: organ, place, 'Chủ trì: chair' (plain text).

    ``with_dates`` (by default for stored rows, as the records list shows them) puts both
    labelled dates first: the list's own date column shows one date without saying which.
    """
    parts = (
        date_parts(record, lang)
        if (isinstance(record, dict) if with_dates is None else with_dates)
        else []
    )
    organ = _get(record, "organ")
    if organ:
        parts.append(organ)
    place = place_text(record)
    if place:
        parts.append(place)
    if _get(record, "chair"):
        parts.append(f"{tr(lang, 'chair')}: {_get(record, 'chair')}")
    return parts


def record_meta_html(
    record: Hit | dict[str, Any], lang: Lang, with_dates: bool | None = None
) -> str:
    """' · organ · place · Chủ trì: chair' for a card's meta line (escaped), or ''."""
    return "".join(f" · {esc(x)}" for x in record_meta_parts(record, lang, with_dates))


# -- CSV cells and status lines ---------------------------------------------------------
def _csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(_CSV_FORMULA) else s


def message_html(text: str, kind: str = "info") -> str:
    """A one-line status message (escaped)."""
    return f'<p class="msg {esc(kind)}">{esc(text)}</p>'
