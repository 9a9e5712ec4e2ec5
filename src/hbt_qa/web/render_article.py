"""The article view: a whole article with the cited passage marked, and its other sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .render import Lang, dates_text, record_meta_parts, safe_url, tr
from .templates import render


def copies(sources: Sequence[Any], lang: Lang) -> list[dict[str, Any]]:
    """The other sources of an article (reposts and copies): a safe link or a name, and how
    alike they are."""
    out = []
    for s in sources:
        if getattr(s, "kind", "") != "copy":
            continue
        sim = s.similarity or 1.0
        how = tr(lang, "copy_exact") if sim >= 1.0 else tr(lang, "copy_near", pct=round(sim * 100))
        out.append({"link": safe_url(s.url), "url": s.url, "source": s.source, "how": how})
    return out


def article_html(
    article: dict[str, Any] | None,
    span: tuple[int, int] | None = None,
    passage_id: str | None = None,
    lang: Lang = "vi",
) -> str:
    """A full article with the cited passage marked (id="cited") for scrolling."""
    if article is None:
        return render("article.html", article=None, empty="article_missing", lang=lang)
    return render(
        "article.html",
        article=article,
        span=span,
        passage_id=passage_id,
        dates=dates_text(article, lang),
        about=record_meta_parts(article, lang, with_dates=False),
        copies=copies(article.get("copies") or (), lang),
        lang=lang,
    )


def article_placeholder(lang: Lang = "vi") -> str:
    """What the article tab shows before anything is opened."""
    return render("article.html", article=None, empty="article_empty", lang=lang)
