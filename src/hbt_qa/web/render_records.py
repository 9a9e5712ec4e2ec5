"""The records tab's views: the article list and one result line per uploaded file."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from .reasons import in_language
from .render import Lang, record_meta_parts, tr
from .templates import render

if TYPE_CHECKING:
    from ..service import FileResult


def _copies_count(article: dict[str, Any]) -> int:
    """How many other sources the records list names for an article (a count, not a list)."""
    copies = article.get("copies")
    return 0 if isinstance(copies, list) else int(copies or 0)


def records_html(articles: Sequence[dict[str, Any]], lang: Lang = "vi") -> str:
    """The article list with dates and passage counts."""
    rows = [
        {
            "date": a.get("meeting_date") or a.get("published") or "",
            "title": a.get("title"),
            "source": a.get("source"),
            "meta": record_meta_parts(a, lang),
            "copies": _copies_count(a),
            "article_id": str(a.get("article_id")),
            "passages": int(a.get("n_passages") or 0),
        }
        for a in articles
    ]
    total = sum(int(a.get("n_passages") or 0) for a in articles)
    return render("records.html", rows=rows, total=total, lang=lang)


def upload_results_html(
    results: Sequence[FileResult], lang: Lang = "vi", deleted: Collection[str] = ()
) -> str:
    """One line per uploaded file: added / updated / unchanged, or the reason it failed; an
    article deleted since is said so, without a link."""
    rows = []
    for r in results:
        detail = (
            in_language(r.message, lang)
            if r.status in ("failed", "duplicate")
            else tr(lang, "passages_n", n=r.passages)
        )
        gone = bool(r.article_id) and r.article_id in deleted
        if gone:
            detail += f" · {tr(lang, 'deleted_since')}"
        rows.append(
            {
                "status": r.status,
                "name": r.name,
                "said": tr(lang, r.status),
                "detail": detail,
                "article_id": r.article_id,
                "link": bool(r.article_id) and r.status != "failed" and not gone,
            }
        )
    return render("uploads.html", rows=rows, lang=lang)


def audit_html(rows: Sequence[dict[str, Any]], lang: Lang = "vi") -> str:
    """The latest lines of the audit log (every field escaped: user names are typed by anyone)."""
    if not rows:
        return ""
    cols = ("at", "address", "user", "action", "target")
    heads = ("col_time", "col_address", "col_user", "col_action", "col_target")
    return render("audit.html", rows=rows, cols=cols, heads=heads, lang=lang)
