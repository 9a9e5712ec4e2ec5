"""The article view: a whole article with the cited passage marked, and its other sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .render import Lang, dates_text, esc, permalink, record_meta_html, safe_url, tr


def copies_html(sources: Sequence[Any], lang: Lang) -> str:
    """The other sources of an article (reposts and copies), escaped, or ''."""
    items = []
    for s in sources:
        if getattr(s, "kind", "") != "copy":
            continue
        where = safe_url(s.url)
        name = (
            f'<a href="{esc(where)}" target="_blank" rel="noopener noreferrer">{esc(s.url)}</a>'
            if where
            else esc(s.source)
        )
        sim = s.similarity or 1.0
        how = tr(lang, "copy_exact") if sim >= 1.0 else tr(lang, "copy_near", pct=round(sim * 100))
        items.append(f"<li>{name} <small>({esc(how)})</small></li>")
    if not items:
        return ""
    head = esc(tr(lang, "also_at"))
    return f'<div class="card-meta copies">{head}:<ul>{"".join(items)}</ul></div>'


def article_html(
    article: dict[str, Any] | None,
    span: tuple[int, int] | None = None,
    passage_id: str | None = None,
    lang: Lang = "vi",
) -> str:
    """A full article with the cited passage marked (id="cited") for scrolling."""
    if article is None:
        return f'<div class="article empty">{esc(tr(lang, "article_missing"))}</div>'
    text = article.get("text") or ""
    if span is None:
        body = esc(text)
        note = ""
    else:
        a, b = span
        body = (
            esc(text[:a])
            + f'<mark id="cited" class="hl" data-passage="{esc(passage_id or "")}">'
            + esc(text[a:b])
            + "</mark>"
            + esc(text[b:])
        )
        note = f'<p class="card-meta">{esc(tr(lang, "cited_passage"))}</p>'
    meta = [esc(dates_text(article, lang))]
    about = record_meta_html(article, lang, with_dates=False)
    if about:
        meta.append(about.removeprefix(" · "))
    meta.append(esc(article.get("source")))
    link = permalink(str(article.get("article_id", "")), passage_id)
    meta.append(
        f'<a class="permalink" href="{esc(link)}" target="_blank">{esc(tr(lang, "permalink"))}</a>'
    )
    orig = safe_url(article.get("url"))
    if orig:
        meta.append(
            f'<a class="orig" href="{esc(orig)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(tr(lang, 'original'))}</a>"
        )
    return (
        f'<div class="article" data-article="{esc(article.get("article_id"))}">'
        f"<h3>{esc(article.get('title'))}</h3>"
        f'<div class="card-meta">{" · ".join(meta)}</div>'
        f"{copies_html(article.get('copies') or (), lang)}{note}"
        f'<div class="article-text">{body}</div></div>'
    )


def article_placeholder(lang: Lang = "vi") -> str:
    """What the article tab shows before anything is opened."""
    return f'<div class="article empty">{esc(tr(lang, "article_empty"))}</div>'
