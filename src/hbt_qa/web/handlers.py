"""The app's event handlers as plain methods over one ``Service`` (tested without a browser).

The tab modules (``chat_tab``, ``search_tab``, ``article_tab``, ``records_tab``) only connect
these to Gradio components; everything shown is rendered by ``render``, which escapes untrusted
text first.
"""

import logging
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import HbtQaError, QueryError
from ..models import Answer
from ..service import FileResult, RecordSearch, Service, hit_date
from .files import EXPORT_TTL_S, drop_upload, purge_uploads, sweep_exports, write_export
from .guard import MAX_HISTORY, MAX_QUESTION_CHARS, Guard, minutes
from .inputs import MAX_FILTER_CHARS, check_length, day, filter_text, flag
from .reasons import in_language
from .refusals import Refusals, refused_html
from .render import esc, esc_md, message_html, tr
from .render_article import article_html, article_placeholder
from .render_chat import answer_markdown, citations_html
from .render_records import audit_html, records_html, upload_results_html
from .render_search import export_csv, export_markdown, page_count, search_results_html

log = logging.getLogger(__name__)

PAGE_SIZE = 10
LOGIN_DELAY_S = 1.0  # a failed sign-in waits, which slows guessing
AUDIT_SHOWN = 50  # audit lines under the records list


class Handlers:
    """The app's event handlers over one Service; plain values in, plain values out."""

    def __init__(
        self, service: Service, export_dir: Path | None = None, guard: Guard | None = None
    ) -> None:
        self.service = service
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="hbt_qa-export-"))
        self.guard = guard or Guard.default(service.settings.trusted_proxies, service.audit)
        # Gradio's upload folder: an uploaded file's copy there is removed once it is stored.
        self.upload_root: Path | None = None
        self.refusals = Refusals()  # uploads refused since the start, for the records tab

    # -- chat ----------------------------------------------------------------------------
    def respond(
        self, message: str, chat: list[dict] | None, turns: list[dict] | None, lang: str
    ) -> tuple[list[dict], str, str, list[dict], Answer | None]:
        """Answer a question (with the earlier ones as context): chat, cards, box, turns."""
        chat, turns = list(chat or []), list(turns or [])
        question = (message or "").strip()
        if not question:
            return chat, "", "", turns, None
        if len(question) > MAX_QUESTION_CHARS:  # refused before it is echoed, asked or stored
            n, most = len(question), MAX_QUESTION_CHARS
            chat.append({"role": "user", "content": esc_md(question[:200] + "…")})
            chat.append(
                {"role": "assistant", "content": tr(lang, "question_too_long", n=n, max=most)}
            )
            return chat, "", message, turns, None
        chat.append({"role": "user", "content": esc_md(question)})
        try:
            ans = self.service.ask(question, history=[t["question"] for t in turns])
        except HbtQaError as exc:
            chat.append({"role": "assistant", "content": esc_md(in_language(str(exc), lang))})
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

    def feedback(
        self,
        turns: list[dict] | None,
        index: Any,
        liked: Any,
        lang: str,
        session: str = "",
        address: str = "",
    ) -> str:
        """Store 👍/👎 of an answer with its question and citations; returns a notice.

        A session may send 20 an hour and an address 200: more are refused, not stored.
        """
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
        if not self.guard.feedback.allow(f"session:{session}") or (
            address and not self.guard.feedback_by_address.allow(f"address:{address}")
        ):
            return tr(lang, "feedback_too_often")
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
        place: str = "",
        with_undated: bool = False,
    ) -> tuple[str, list[tuple[str, int]], RecordSearch | None, int, str | None, str | None]:
        """Results page 1, timeline rows, the search, page, CSV and Markdown export files;
        ``place`` at any level, ``with_undated`` lists the matches with no date in a range."""
        if not (query or "").strip():
            return search_results_html(None, 1, PAGE_SIZE, lang), [], None, 1, None, None
        if len(query) > MAX_QUESTION_CHARS:
            text = tr(lang, "query_too_long", n=len(query), max=MAX_QUESTION_CHARS)
            return message_html(text, "error"), [], None, 1, None, None
        for what, value in (("organ", organ), ("place", place)):
            if len(value or "") > MAX_FILTER_CHARS:
                n, most = len(value), MAX_FILTER_CHARS
                text = tr(lang, "filter_too_long", what=tr(lang, what), n=n, max=most)
                return message_html(text, "error"), [], None, 1, None, None
        try:
            rs = self.service.search_records(
                query,
                day(date_from),
                day(date_to),
                "date" if sort == "date" else "relevance",
                organ=organ or None,
                place=place or None,
                with_undated=bool(with_undated),
            )
        except HbtQaError as exc:
            return message_html(in_language(str(exc), lang), "error"), [], None, 1, None, None
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
        """Write the CSV and Markdown exports of a search; their paths.

        Each file goes into a folder named by its content, so the same search writes nothing
        new, and exports older than an hour are removed first: searching never grows the disk
        (Gradio's own copies go with ``delete_cache``).
        """
        if not rs.hits:
            return None, None
        stem = re.sub(r"[^a-z0-9]+", "-", _ascii(rs.query).lower()).strip("-")[:40] or "ket-qua"
        sweep_exports(self.export_dir, EXPORT_TTL_S)
        csv_path = write_export(self.export_dir, f"tra-cuu-{stem}.csv", export_csv(rs, base))
        md_text = export_markdown(rs, base, lang)
        md_path = write_export(self.export_dir, f"tra-cuu-{stem}.md", md_text)
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
            return message_html(in_language(str(exc), lang), "error"), ("", "")
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
    def login(self, user: str, password: str, lang: str, address: str = "") -> tuple[bool, str]:
        """Check the administrator account unless this address or account is locked out;
        a failure waits a moment. Every attempt goes to the audit log (never the password)."""
        user = user or ""
        attempt = self.guard.throttle.attempt(
            address, user, lambda: self.service.check_admin(user, password)
        )
        if attempt.outcome == "ok":
            self.guard.note(address, user, "sign-in", "records tab")
            return True, message_html(tr(lang, "logged_in"))
        if attempt.outcome == "locked":
            self.guard.note(address, user, "sign-in-locked", f"by {attempt.by}")
            text = tr(lang, "login_locked", minutes=minutes(attempt.wait_s))
            return False, message_html(text, "error")
        self.guard.note(address, user, "sign-in-failed", "records tab")
        if attempt.locked_now:
            self.guard.note(address, user, "lockout", f"by {attempt.by}")
        time.sleep(LOGIN_DELAY_S)
        return False, message_html(tr(lang, "login_failed"), "error")

    def records(self, lang: str) -> tuple[str, list[tuple[str, str]]]:
        """The article list, unreadable corpus files and the audit log; the delete picker's
        choices."""
        try:
            arts = self.service.records()
            audit = self.service.audit_log(AUDIT_SHOWN)
        except HbtQaError as exc:
            return message_html(in_language(str(exc), lang), "error"), []
        choices = [
            (
                f"{a.get('meeting_date') or a.get('published') or '?'} · {a['title']}",
                a["article_id"],
            )
            for a in arts
        ]
        failed = refused_html(self.service.corpus_failures, self.refusals.rows(), lang)
        return failed + records_html(arts, lang) + audit_html(audit, lang), choices

    def upload(
        self,
        files: Sequence[Any] | None,
        admin: bool,
        lang: str,
        progress: Callable[[int, int, str], None] | None = None,
        address: str = "",
    ) -> str:
        """Save uploaded files into the corpus and ingest them; one result line each."""
        return upload_results_html(self.upload_files(files, admin, lang, progress, address), lang)

    def upload_files(
        self,
        files: Sequence[Any] | None,
        admin: bool,
        lang: str,
        progress: Callable[[int, int, str], None] | None = None,
        address: str = "",
    ) -> list[FileResult]:
        """Save uploaded files into the corpus and ingest them: what happened to each. Gradio's
        temporary copy of each file is removed afterwards, whatever the outcome."""
        self._need_admin(admin, lang, address, "upload")
        pairs = []
        for f in files or []:
            path = Path(f if isinstance(f, (str, Path)) else getattr(f, "name", str(f)))
            pairs.append((getattr(f, "orig_name", None) or path.name, path))
        if not pairs:
            return []
        try:
            results = self.service.add_files(pairs, progress=progress)
        finally:
            for _, path in pairs:
                drop_upload(path, self.upload_root)
        user = self.service.settings.admin_user or ""
        for r in results:
            self.guard.note(address, user, "upload", f"{r.saved_as or r.name}: {r.status}")
        self.refusals.note(results)
        return results

    def delete_prompt(
        self, article_id: str | None, admin: bool, lang: str, address: str = ""
    ) -> tuple[str, str | None]:
        """The question asked before a delete, naming the article, and the article it is about;
        with nothing selected, a message saying so and None."""
        self._need_admin(admin, lang, address, "delete")
        if not article_id:
            return message_html(tr(lang, "delete_none"), "error"), None
        found = self.service.article_view(article_id)
        if found is None:
            return message_html(tr(lang, "article_missing"), "error"), None
        art = found[0]
        title = art.get("title") or article_id
        text = tr(lang, "delete_ask", title=title, source=art.get("source") or "")
        return f'<p class="msg warn confirm">{esc(text)}</p>', article_id

    def delete(self, article_id: str | None, admin: bool, lang: str, address: str = "") -> str:
        """Delete one article: its corpus file goes to the trash folder, and any copy of it
        left in Gradio's upload folder is removed, so that no address serves it any more."""
        self._need_admin(admin, lang, address, "delete")
        if not article_id:
            return ""
        try:
            gone = self.service.delete_article(article_id)
        except HbtQaError as exc:
            return message_html(in_language(str(exc), lang), "error")
        if gone is None:
            return message_html(tr(lang, "article_missing"), "error")
        name, moved = gone
        self.guard.note(address, self.service.settings.admin_user or "", "delete", name)
        if moved is not None:
            purge_uploads(moved, self.upload_root)
        text = tr(lang, "deleted", name=name)
        if moved is not None:
            text += " " + tr(lang, "trashed", trash=moved)
        return message_html(text)

    def reindex(
        self,
        admin: bool,
        lang: str,
        progress: Callable[[int, int, str], None] | None = None,
        address: str = "",
    ) -> str:
        """Index new and changed files of the corpus folder."""
        self._need_admin(admin, lang, address, "reindex")
        report = self.service.reindex(progress=progress)
        user = self.service.settings.admin_user or ""
        self.guard.note(address, user, "reindex", report.summary())
        html = message_html(tr(lang, "reindexed", summary=report.summary()))
        for path, reason in report.failed:
            html += message_html(f"{path}: {reason}", "error")
        return html

    def grant_code(self) -> str:
        """A one-time code the signed-in page swaps for its upload cookie (``gate``)."""
        return self.guard.grants.issue_code()

    def _need_admin(self, admin: bool, lang: str, address: str, action: str) -> None:
        """Every records-tab operation checks the session's sign-in on the server; a refused
        call is audited."""
        if not admin:
            self.guard.note(address, "", "denied", action)
            raise PermissionError(tr(lang, "need_login"))

    # -- API ------------------------------------------------------------------------------
    def api_ask(self, question: str, k: int = 5, history: list[str] | None = None) -> dict:
        """The ask operation for gradio_client: the CLI's JSON answer."""
        earlier = list(history or [])
        for text in [question, *earlier]:
            check_length(text, "câu hỏi / question")
        if len(earlier) > MAX_HISTORY:
            raise QueryError(f"history: at most {MAX_HISTORY} earlier questions")
        return self.service.ask(question, int(k), history=earlier).to_json()

    def api_search(
        self,
        query: str,
        k: int = 10,
        date_from: str = "",
        date_to: str = "",
        sort: str = "relevance",
        organ: str = "",
        place: str = "",
        with_undated: Any = False,
    ) -> dict:
        """The search operation for gradio_client: matching passages within dates, organ and
        place (any level, old or new name); ``with_undated`` lists the matches with no date."""
        if sort not in ("relevance", "date"):
            raise QueryError(f"sort must be 'relevance' or 'date', not {sort!r}")
        check_length(query, "từ khóa / search words")
        organ = filter_text(organ, "cơ quan / organ")
        place = filter_text(place, "địa bàn / place")
        undated = flag(with_undated, "with_undated")
        rs = self.service.search_records(
            query,
            date_from,
            date_to,
            sort,  # type: ignore[arg-type]
            organ=organ or None,
            place=place or None,
            with_undated=undated,
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
            "place": rs.place,
            "with_undated": rs.with_undated,
            "undated": rs.undated,
            "months": [{"month": m, "passages": n} for m, n in rs.months],
            "hits": hits,
        }


def refused(gr: Any, exc: Exception, what: str, lang: str | None = None) -> Exception:
    """An expected refusal (bad input, a call without sign-in) as a Gradio error that Gradio
    does not print a traceback for; the server logs it as one line instead."""
    message = " ".join(str(exc).split())
    log.warning("%s refused: %s", what, message)
    if lang is None:
        return gr.Error(message, print_exception=False)
    return gr.Error(message, print_exception=False, title=tr(lang, "error"))


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
