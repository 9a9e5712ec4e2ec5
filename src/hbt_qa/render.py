"""Safe HTML and Markdown for the web app: untrusted text is always escaped here first."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlparse

from .models import Answer, Hit

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def esc(text: str | None) -> str:
    """HTML-escape untrusted text (quotes included)."""
    return html.escape(text or "", quote=True)


def esc_md(text: str | None) -> str:
    """Escape untrusted text for Markdown that also renders HTML: no tags, links or emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", esc(text))


def safe_url(url: str | None) -> str | None:
    """Only http(s) links leave our pages; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return None
    return url.strip()


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


def answer_markdown(ans: Answer) -> str:
    """The chat message: escaped answer text with the value in bold, marker [1] kept."""
    body = esc_md(ans.text)
    if ans.value and ans.found:
        v = esc_md(ans.value)
        body = body.replace(v, f"**{v}**", 1)
    body = body.replace(r"\[1\]", "<sup>[1]</sup>")
    return body


def citation_card(i: int, hit: Hit, ans: Answer | None = None, link: str | None = None) -> str:
    """One source card: title, date, link, passage with the answering sentence highlighted."""
    text = hit.text
    if ans is not None and ans.sentence_start is not None and i == 1:
        a = ans.sentence_start - hit.start
        b = (ans.sentence_end or ans.sentence_start) - hit.start
        passage = highlight(text, a, b)
        if ans.highlight is not None:
            sent = text[a:b]
            ha, hb = ans.highlight
            inner = highlight(sent, ha, hb, "val")
            passage = esc(text[:a]) + '<mark class="hl">' + inner + "</mark>" + esc(text[b:])
    else:
        passage = esc(text)
    url = safe_url(hit.url)
    title = esc(hit.title)
    head = f'<a href="{esc(url)}" target="_blank" rel="noopener">{title}</a>' if url else title
    date = esc(hit.published or hit.meeting_date or "")
    open_link = (
        f' · <a class="open" href="{esc(link)}" target="_blank">Xem bài viết</a>' if link else ""
    )
    return (
        f'<div class="card" id="cite-{i}"><div class="card-head"><b>[{i}]</b> {head}</div>'
        f'<div class="card-meta">{date} · {esc(hit.source)} · ký tự {hit.start}–{hit.end}'
        f"{open_link}</div>"
        f'<div class="card-text">{passage}</div></div>'
    )


def permalink(base: str, hit: Hit) -> str:
    """A stable link to an article with a passage selected."""
    return f"{base}?article={quote(hit.article_id)}&passage={quote(hit.passage_id)}"


def citations_html(ans: Answer, base: str | None = None) -> str:
    """All source cards of an answer."""
    cards = [
        citation_card(i, h, ans, permalink(base, h) if base else None)
        for i, h in enumerate(ans.citations, 1)
    ]
    return '<div class="cards">' + "".join(cards) + "</div>"


def article_html(article: dict, passage_start: int | None, passage_end: int | None) -> str:
    """A full article with the cited passage highlighted and anchored for scrolling."""
    text = article.get("text") or ""
    title = esc(article.get("title"))
    if passage_start is None or passage_end is None:
        body = esc(text)
    else:
        body = (
            esc(text[:passage_start])
            + '<mark id="cited" class="hl">'
            + esc(text[passage_start:passage_end])
            + "</mark>"
            + esc(text[passage_end:])
        )
    return f'<div class="article"><h3>{title}</h3><div class="article-text">{body}</div></div>'
