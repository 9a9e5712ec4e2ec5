"""The records tab's views: the article list and one result line per uploaded file."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .reasons import in_language
from .render import Lang, esc, open_link, record_meta_html, tr

if TYPE_CHECKING:
    from ..service import FileResult


def _copies_count(article: dict[str, Any], lang: Lang) -> str:
    """' · +2 other sources' for the records list, or ''."""
    n = int(article.get("copies") or 0) if not isinstance(article.get("copies"), list) else 0
    return f" · {esc(tr(lang, 'copies_n', n=n))}" if n else ""


def records_html(articles: Sequence[dict[str, Any]], lang: Lang = "vi") -> str:
    """The article list with dates and passage counts."""
    total = sum(int(a.get("n_passages") or 0) for a in articles)
    rows = "".join(
        "<tr>"
        f"<td>{esc(a.get('meeting_date') or a.get('published') or '')}</td>"
        f"<td>{esc(a.get('title'))}<br><small>{esc(a.get('source'))}"
        f"{record_meta_html(a, lang)}{_copies_count(a, lang)}</small> "
        f"{open_link(str(a.get('article_id')), None, lang)}</td>"
        f'<td class="num">{int(a.get("n_passages") or 0)}</td>'
        "</tr>"
        for a in articles
    )
    return (
        f'<p class="summary">{esc(tr(lang, "articles", n=len(articles), p=total))}</p>'
        '<div class="table-wrap"><table class="records"><thead><tr>'
        f"<th>{esc(tr(lang, 'col_date'))}</th><th>{esc(tr(lang, 'col_title'))}</th>"
        f"<th>{esc(tr(lang, 'col_passages'))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def upload_results_html(
    results: Sequence[FileResult], lang: Lang = "vi", deleted: Collection[str] = ()
) -> str:
    """One line per uploaded file: added / updated / unchanged, or the reason it failed; an
    article deleted since is said so, without a link."""
    rows = []
    for r in results:
        status = tr(lang, r.status)
        detail = (
            in_language(r.message, lang)
            if r.status in ("failed", "duplicate")
            else tr(lang, "passages_n", n=r.passages)
        )
        gone = bool(r.article_id) and r.article_id in deleted
        link = (
            " " + open_link(r.article_id, None, lang)
            if r.article_id and r.status != "failed" and not gone
            else ""
        )
        if gone:
            detail += f" · {tr(lang, 'deleted_since')}"
        rows.append(
            f'<tr class="{esc(r.status)}"><td>{esc(r.name)}</td>'
            f"<td><b>{esc(status)}</b> · {esc(detail)}{link}</td></tr>"
        )
    return (
        '<div class="table-wrap"><table class="uploads"><thead><tr>'
        f"<th>{esc(tr(lang, 'col_file'))}</th><th>{esc(tr(lang, 'col_result'))}</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def unreadable_html(failures: Sequence[tuple[str, str]], lang: Lang = "vi") -> str:
    """Corpus files the last start or re-index could not read: one "name: reason" line each."""
    if not failures:
        return ""
    lines = "".join(
        f"<li><code>{esc(Path(path).name)}</code>: {esc(reason)}</li>" for path, reason in failures
    )
    head = esc(tr(lang, "unreadable", n=len(failures)))
    return f'<div class="msg error unreadable"><p>{head}</p><ul>{lines}</ul></div>'


def audit_html(rows: Sequence[dict[str, Any]], lang: Lang = "vi") -> str:
    """The latest lines of the audit log (every field escaped: user names are typed by anyone)."""
    if not rows:
        return ""
    cols = ("at", "address", "user", "action", "target")
    heads = ("col_time", "col_address", "col_user", "col_action", "col_target")
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(r.get(c) or '')}</td>" for c in cols) + "</tr>" for r in rows
    )
    return (
        f'<details class="audit"><summary>{esc(tr(lang, "audit_title"))}</summary>'
        '<div class="table-wrap"><table class="audit"><thead><tr>'
        + "".join(f"<th>{esc(tr(lang, h))}</th>" for h in heads)
        + f"</tr></thead><tbody>{body}</tbody></table></div></details>"
    )
