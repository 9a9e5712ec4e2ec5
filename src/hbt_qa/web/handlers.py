"""The app's event handlers as plain methods over one ``Service`` (tested without a browser).

The tab modules (``chat_tab``, ``search_tab``, ``article_tab``, ``records_tab``) only connect
these to Gradio components; everything shown is rendered by ``render``, which escapes untrusted
text first.
"""

import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import HbtQaError, QueryError
from ..models import Answer
from ..service import RecordSearch, Service, hit_date
from .render import esc_md, message_html, tr
from .render_article import article_html, article_placeholder
from .render_chat import answer_markdown, citations_html
from .render_records import records_html, upload_results_html
from .render_search import export_csv, export_markdown, page_count, search_results_html

PAGE_SIZE = 10
LOGIN_DELAY_S = 1.0  # a failed sign-in waits, which slows guessing


class Handlers:
    """The app's event handlers over one Service; plain values in, plain values out."""

    def __init__(self, service: Service, export_dir: Path | None = None) -> None:
        self.service = service
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="hbt_qa-export-"))

    # -- chat ----------------------------------------------------------------------------
    def respond(
        self, message: str, chat: list[dict] | None, turns: list[dict] | None, lang: str
    ) -> tuple[list[dict], str, str, list[dict], Answer | None]:
        """Answer a question (with the earlier ones as context): chat, cards, box, turns."""
        chat, turns = list(chat or []), list(turns or [])
        question = (message or "").strip()
        if not question:
            return chat, "", "", turns, None
        chat.append({"role": "user", "content": esc_md(question)})
        try:
            ans = self.service.ask(question, history=[t["question"] for t in turns])
        except HbtQaError as exc:
            chat.append({"role": "assistant", "content": esc_md(str(exc))})
            return chat, "", "", turns, None
        chat.append({"role": "assistant", "content": answer_markdown(ans, lang)})
        turns.append(
            {
                "index": len(chat) - 1,
                "question": question,
                "answer": ans.text,
                "citations": [h.passage_id for h in ans.citations],
            }
        )
        return chat, citations_html(ans, lang), "", turns, ans

    def example(
        self, picked: Any, chat: list[dict] | None, turns: list[dict] | None, lang: str
    ) -> tuple[list[dict], str, str, list[dict], Answer | None]:
        """A clicked example message is asked like a typed one."""
        text = picked.get("text", "") if isinstance(picked, dict) else str(picked or "")
        return self.respond(text, chat, turns, lang)

    def feedback(self, turns: list[dict] | None, index: Any, liked: Any, lang: str) -> str:
        """Store 👍/👎 of an answer with its question and citations; returns a notice."""
        if isinstance(index, (list, tuple)):
            index = index[0]
        turn = next((t for t in turns or [] if t["index"] == index), None)
        if turn is None:
            return ""
        if liked is True or liked == "Like":
            rating = 1
        elif liked is False or liked == "Dislike":
            rating = -1
        else:
            return ""  # un-liking records nothing
        self.service.feedback(turn["question"], turn["answer"], rating, turn["citations"])
        return tr(lang, "feedback_saved")

    # -- records search -----------------------------------------------------------------
    def search(
        self,
        query: str,
        date_from: Any,
        date_to: Any,
        sort: str,
        lang: str,
        base: str = "",
        organ: str = "",
    ) -> tuple[str, list[tuple[str, int]], RecordSearch | None, int, str | None, str | None]:
        """Results page 1, timeline rows, the search, page, CSV and Markdown export files."""
        if not (query or "").strip():
            return search_results_html(None, 1, PAGE_SIZE, lang), [], None, 1, None, None
        try:
            rs = self.service.search_records(
                query,
                _day(date_from),
                _day(date_to),
                "date" if sort == "date" else "relevance",
                organ=organ or None,
            )
        except HbtQaError as exc:
            return message_html(str(exc), "error"), [], None, 1, None, None
        csv_path, md_path = self.export(rs, base, lang)
        html = search_results_html(rs, 1, PAGE_SIZE, lang)
        return html, rs.months, rs, 1, csv_path, md_path

    def page(self, rs: RecordSearch | None, page: int, step: int, lang: str) -> tuple[str, int]:
        """Another page of the same results."""
        if rs is None:
            return search_results_html(None, 1, PAGE_SIZE, lang), 1
        page = max(1, min(int(page or 1) + step, page_count(len(rs.hits), PAGE_SIZE)))
        return search_results_html(rs, page, PAGE_SIZE, lang), page

    def export(self, rs: RecordSearch, base: str, lang: str) -> tuple[str | None, str | None]:
        """Write the CSV and Markdown exports of a search; their paths."""
        if not rs.hits:
            return None, None
        self.export_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=self.export_dir))
        stem = re.sub(r"[^a-z0-9]+", "-", _ascii(rs.query).lower()).strip("-")[:40] or "ket-qua"
        csv_path = folder / f"tra-cuu-{stem}.csv"
        md_path = folder / f"tra-cuu-{stem}.md"
        csv_path.write_text(export_csv(rs, base), encoding="utf-8")
        md_path.write_text(export_markdown(rs, base, lang), encoding="utf-8")
        return str(csv_path), str(md_path)

    # -- article view -------------------------------------------------------------------
    def open_article(self, request: str, lang: str) -> tuple[str, tuple[str, str]]:
        """``article_id|passage_id`` → the article with that passage marked."""
        article_id, _, passage_id = (request or "").partition("|")
        return self.article(article_id, passage_id, lang)

    def article(self, article_id: str, passage_id: str, lang: str) -> tuple[str, tuple[str, str]]:
        """The article view's HTML and what it shows."""
        if not article_id:
            return article_placeholder(lang), ("", "")
        try:
            found = self.service.article_view(article_id, passage_id or None)
        except HbtQaError as exc:
            return message_html(str(exc), "error"), ("", "")
        if found is None:
            return article_html(None, lang=lang), ("", "")
        art, span = found
        html = article_html(art, span, passage_id if span else None, lang)
        return html, (article_id, passage_id or "")

    def load(self, query_params: dict[str, str], lang: str) -> tuple[str, tuple[str, str], bool]:
        """Page load: a permalink ``?article=…&passage=…`` opens that article."""
        article_id = (query_params.get("article") or "").strip()
        if not article_id:
            return article_placeholder(lang), ("", ""), False
        html, shown = self.article(article_id, (query_params.get("passage") or "").strip(), lang)
        return html, shown, True

    # -- records tab (administrator) ---------------------------------------------------
    def login(self, user: str, password: str, lang: str) -> tuple[bool, str]:
        """Check the administrator account; a failure waits a moment."""
        if self.service.check_admin(user, password):
            return True, message_html(tr(lang, "logged_in"))
        time.sleep(LOGIN_DELAY_S)
        return False, message_html(tr(lang, "login_failed"), "error")

    def records(self, lang: str) -> tuple[str, list[tuple[str, str]]]:
        """The article list and the choices of the delete picker."""
        try:
            arts = self.service.records()
        except HbtQaError as exc:
            return message_html(str(exc), "error"), []
        choices = [
            (
                f"{a.get('meeting_date') or a.get('published') or '?'} · {a['title']}",
                a["article_id"],
            )
            for a in arts
        ]
        return records_html(arts, lang), choices

    def upload(
        self,
        files: Sequence[Any] | None,
        admin: bool,
        lang: str,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> str:
        """Save uploaded files into the corpus and ingest them; one result line each."""
        _need_admin(admin, lang)
        pairs = []
        for f in files or []:
            path = Path(f if isinstance(f, (str, Path)) else getattr(f, "name", str(f)))
            pairs.append((getattr(f, "orig_name", None) or path.name, path))
        if not pairs:
            return ""
        return upload_results_html(self.service.add_files(pairs, progress=progress), lang)

    def delete(self, article_id: str | None, admin: bool, lang: str) -> str:
        """Delete one article (and its corpus file)."""
        _need_admin(admin, lang)
        if not article_id:
            return ""
        try:
            gone = self.service.delete_article(article_id)
        except HbtQaError as exc:
            return message_html(str(exc), "error")
        if gone is None:
            return message_html(tr(lang, "article_missing"), "error")
        name, moved = gone
        text = tr(lang, "deleted", name=name)
        if moved is not None:
            text += " " + tr(lang, "trashed", trash=moved)
        return message_html(text)

    def reindex(
        self, admin: bool, lang: str, progress: Callable[[int, int, str], None] | None = None
    ) -> str:
        """Index new and changed files of the corpus folder."""
        _need_admin(admin, lang)
        report = self.service.reindex(progress=progress)
        html = message_html(tr(lang, "reindexed", summary=report.summary()))
        for path, reason in report.failed:
            html += message_html(f"{path}: {reason}", "error")
        return html

    # -- API ------------------------------------------------------------------------------
    def api_ask(self, question: str, k: int = 5, history: list[str] | None = None) -> dict:
        """The ask operation for gradio_client: the CLI's JSON answer."""
        return self.service.ask(question, int(k), history=list(history or [])).to_json()

    def api_search(
        self,
        query: str,
        k: int = 10,
        date_from: str = "",
        date_to: str = "",
        sort: str = "relevance",
        organ: str = "",
    ) -> dict:
        """The search operation for gradio_client: matching passages within dates (and organ)."""
        if sort not in ("relevance", "date"):
            raise QueryError(f"sort must be 'relevance' or 'date', not {sort!r}")
        rs = self.service.search_records(
            query,
            date_from,
            date_to,
            sort,  # type: ignore[arg-type]
            organ=organ or None,
        )
        hits = []
        for h in rs.hits[: max(1, int(k))]:
            row = h.to_json()
            row["date"] = hit_date(h)
            hits.append(row)
        return {
            "query": query,
            "total": len(rs.hits),
            "exact": rs.exact,
            "date_from": rs.date_from,
            "date_to": rs.date_to,
            "sort": rs.sort,
            "organ": rs.organ,
            "months": [{"month": m, "passages": n} for m, n in rs.months],
            "hits": hits,
        }


def _need_admin(admin: bool, lang: str) -> None:
    """Every records-tab operation checks the session's sign-in on the server."""
    if not admin:
        raise PermissionError(tr(lang, "need_login"))


def _day(value: Any) -> str | None:
    """A date from a DateTime or Textbox component as text (the service parses it)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        import datetime as dt

        return dt.datetime.fromtimestamp(value, dt.UTC).date().isoformat()
    return str(value).strip()[:10]


def _ascii(text: str) -> str:
    """Folded ASCII for file names."""
    from ..language.text import fold

    return fold(text).encode("ascii", "ignore").decode()


def _base_url(request: Any) -> str:
    """The address the browser used, for absolute permalinks in exports."""
    try:
        headers = request.headers
        host = headers.get("x-forwarded-host") or headers.get("host")
        proto = headers.get("x-forwarded-proto") or "http"
        return f"{proto}://{host}/" if host else ""
    except AttributeError:
        return ""
