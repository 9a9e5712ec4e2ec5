"""The Gradio app: chat, records search, article view and the records tab.

``Handlers`` holds every event handler as a plain method (tested without a browser);
``build_app`` only wires them to components. Everything shown is rendered by ``render``,
which escapes untrusted text first.

No ``from __future__ import annotations`` here: Gradio finds ``gr.Request``/``gr.SelectData``
parameters through evaluated annotations, and ``gr`` is imported lazily inside ``build_app``.
"""

import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import HbtQaError, QueryError
from ..models import Answer
from ..service import RecordSearch, Service, accepted_suffixes, hit_date
from .figures_tab import FIGURES_CSS, FiguresView
from .figures_tab import build_tab as build_figures_tab
from .figures_tab import wire as wire_figures
from .render import (
    answer_markdown,
    article_html,
    article_placeholder,
    citations_html,
    esc_md,
    export_csv,
    export_markdown,
    message_html,
    page_count,
    records_html,
    search_results_html,
    tr,
    upload_results_html,
)

PAGE_SIZE = 10
LANGS = {"Tiếng Việt": "vi", "English": "en"}
EXAMPLES = [
    "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
    "Tổng thu ngân sách trên địa bàn 5 tháng đầu năm 2024 là bao nhiêu?",
    "Ai chủ trì phiên họp Ủy viên ủy ban tháng 5 năm 2024?",
    "quan da giai ngan duoc bao nhieu",
    "How much had been disbursed by May 2024?",
]
LOGIN_DELAY_S = 1.0  # a failed sign-in waits, which slows guessing

CSS = """
.gradio-container {max-width: 1100px !important; margin: 0 auto;}
#title h2 {margin: 0.2em 0;}
.card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px;
  margin: 8px 0; overflow-wrap: anywhere;}
.card-meta {color: var(--body-text-color-subdued); font-size: 0.85em; margin: 2px 0 6px;}
.card-text {white-space: pre-wrap; line-height: 1.55;}
.card-title {font-weight: 600;}
mark.hl {background: #fff3b0; color: #111; padding: 0 1px;}
mark.val {background: #ffc928; color: #111; font-weight: 700;}
mark.term {background: #ffe98a; color: #111;}
.article h3 {margin-top: 0.2em;}
.article-text {white-space: pre-wrap; line-height: 1.65; max-width: 80ch;
  overflow-wrap: anywhere;}
#cited {scroll-margin-top: 96px; box-shadow: 0 0 0 2px #e0b400;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;}
#title h2, .card-title, .card-head b, .cards h4 {font-weight: 600;}
.summary {font-weight: 600; margin: 6px 0;}
.summary.nearest {font-weight: 400; font-style: italic;}
.table-wrap {overflow-x: auto;}
table.records, table.uploads {width: 100%; border-collapse: collapse; font-size: 0.92em;}
table.records td, table.records th, table.uploads td, table.uploads th {
  padding: 4px 6px; border-bottom: 1px solid var(--border-color-primary);
  vertical-align: top; text-align: left;}
td.num {text-align: right !important;}
tr.failed td {color: #b3261e;}
.msg.error {color: #b3261e;}
"""

# Gradio scopes custom CSS inside its content box, and media queries only there; the page
# padding of a phone screen lies outside it, so this part goes into <head> as it is.
HEAD = """<style>
@media (max-width: 640px) {
  .gradio-container .main.app {padding-left: 8px !important; padding-right: 8px !important;}
  #title h2 {font-size: 1.15em;}
  .card {padding: 6px 8px;}
  .gradio-container .tab-container button[role=tab] {padding-left: 6px !important;
    padding-right: 6px !important;}
}
</style>"""

# Citation links are plain <a href="?article=…"> (so they also work as permalinks in a new
# tab); a left click is caught here and opens the article view in place.
JS = """
() => {
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest ? ev.target.closest('a.open-article') : null;
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    window.hbtArticleReq = (a.dataset.article || '') + '|' + (a.dataset.passage || '');
    const btn = document.getElementById('article-go');
    if (btn) btn.click();
  }, true);
}
"""

SCROLL_JS = """
() => {
  let tries = 0;
  const go = () => {
    const art = document.querySelector('#article .article[data-article]');
    const m = document.querySelector('#article #cited');
    if (art && (m || tries > 10)) {
      const q = '?article=' + encodeURIComponent(art.dataset.article) +
        (m && m.dataset.passage ? '&passage=' + encodeURIComponent(m.dataset.passage) : '');
      if (window.location.search !== q) history.replaceState(null, '', q);
      if (m) m.scrollIntoView({block: 'center'});
      return;
    }
    if (++tries < 60) setTimeout(go, 50);
  };
  setTimeout(go, 30);
}
"""

READ_REQ_JS = "(req, lang) => [window.hbtArticleReq || req, lang]"


def _gr() -> Any:
    """Gradio, imported only when the app is built."""
    import gradio as gr

    return gr


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
            order = "date" if sort == "date" else "relevance"
            rs = self.service.search_records(
                query, _day(date_from), _day(date_to), order, organ=organ or None
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


def build_app(service: Service) -> Any:
    """The Gradio Blocks of the app."""
    gr = _gr()
    h = Handlers(service)
    vi = "vi"
    private = {"api_visibility": "private"}
    kinds = ", ".join(accepted_suffixes())
    mb = service.settings.max_upload_bytes // 1_048_576

    with gr.Blocks(title="hbt_qa — Hỏi đáp biên bản họp", analytics_enabled=False) as demo:
        lang = gr.State(vi)
        turns = gr.State([])
        last_answer = gr.State(None)
        rs_state = gr.State(None)
        page = gr.State(1)
        shown = gr.State(("", ""))
        admin = gr.State(False)

        with gr.Row(equal_height=True):
            title = gr.Markdown(f"## {tr(vi, 'title')}", elem_id="title")
            lang_radio = gr.Radio(
                list(LANGS),
                value="Tiếng Việt",
                show_label=False,
                elem_id="lang",
                scale=0,
                min_width=230,
                container=False,
            )
        intro = gr.Markdown(tr(vi, "intro"), elem_id="intro")
        # Outside the tabs, so that they exist in the page before any tab is opened.
        article_req = gr.Textbox(visible="hidden", elem_id="article-req")
        article_go = gr.Button("open", visible="hidden", elem_id="article-go")

        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab(tr(vi, "tab_chat"), id="chat", elem_id="tab-chat") as tab_chat:
                chat = gr.Chatbot(
                    elem_id="chat",
                    height=440,
                    sanitize_html=True,
                    latex_delimiters=[],
                    show_label=False,
                    examples=[{"text": q} for q in EXAMPLES],
                    feedback_options=("Like", "Dislike"),
                    buttons=["copy"],
                )
                with gr.Row(equal_height=True):
                    box = gr.Textbox(
                        elem_id="question",
                        show_label=False,
                        placeholder=tr(vi, "question_ph"),
                        scale=5,
                        max_lines=4,
                        autofocus=True,
                    )
                    ask_btn = gr.Button(
                        tr(vi, "ask"), variant="primary", elem_id="ask", scale=1, min_width=80
                    )
                with gr.Row():
                    hint = gr.Markdown(tr(vi, "chat_hint"), elem_id="chat-hint")
                    clear = gr.Button(
                        tr(vi, "clear"), size="sm", elem_id="clear-chat", scale=0, min_width=160
                    )
                cards = gr.HTML(elem_id="citations")

            with gr.Tab(tr(vi, "tab_search"), id="search", elem_id="tab-search") as tab_search:
                with gr.Row(equal_height=True):
                    query = gr.Textbox(
                        label=tr(vi, "query"),
                        placeholder=tr(vi, "query_ph"),
                        elem_id="search-query",
                        scale=3,
                        min_width=220,
                    )
                    date_from = gr.Textbox(
                        label=tr(vi, "date_from"), elem_id="date-from", scale=1, min_width=140
                    )
                    date_to = gr.Textbox(
                        label=tr(vi, "date_to"), elem_id="date-to", scale=1, min_width=140
                    )
                with gr.Row(equal_height=True):
                    sort = gr.Radio(
                        _sort_choices(vi),
                        value="relevance",
                        label=tr(vi, "sort"),
                        elem_id="sort",
                        scale=2,
                    )
                    organ = gr.Dropdown(
                        _organ_choices(vi),
                        value="",
                        label=tr(vi, "organ"),
                        elem_id="organ",
                        scale=1,
                        min_width=160,
                    )
                    search_btn = gr.Button(
                        tr(vi, "search"), variant="primary", elem_id="search-btn", scale=1
                    )
                timeline = gr.BarPlot(
                    x="month",
                    y="passages",
                    label=tr(vi, "timeline"),
                    x_title=tr(vi, "month"),
                    y_title=tr(vi, "passages"),
                    elem_id="timeline",
                    height=220,
                    visible=False,
                    sort="x",
                    y_axis_format="d",
                )
                results = gr.HTML(search_results_html(None, 1, PAGE_SIZE, vi), elem_id="results")
                with gr.Row(visible=False) as pager:
                    prev_btn = gr.Button(tr(vi, "prev"), size="sm", elem_id="prev-page")
                    next_btn = gr.Button(tr(vi, "next"), size="sm", elem_id="next-page")
                with gr.Row():
                    dl_csv = gr.DownloadButton(
                        tr(vi, "export_csv"), elem_id="export-csv", size="sm", visible=False
                    )
                    dl_md = gr.DownloadButton(
                        tr(vi, "export_md"), elem_id="export-md", size="sm", visible=False
                    )

            figures = build_figures_tab(gr, vi)

            with gr.Tab(tr(vi, "tab_article"), id="article", elem_id="tab-article") as tab_art:
                article = gr.HTML(article_placeholder(vi), elem_id="article")

            with gr.Tab(tr(vi, "tab_data"), id="data", elem_id="tab-data") as tab_data:
                disabled = gr.Markdown(
                    tr(vi, "admin_disabled"),
                    elem_id="admin-disabled",
                    visible=not service.admin_enabled,
                )
                with gr.Column(visible=service.admin_enabled, elem_id="login-box") as login_box:
                    login_title = gr.Markdown(tr(vi, "login_title"))
                    user = gr.Textbox(label=tr(vi, "user"), elem_id="admin-user")
                    password = gr.Textbox(
                        label=tr(vi, "password"), type="password", elem_id="admin-password"
                    )
                    login_btn = gr.Button(tr(vi, "login"), variant="primary", elem_id="login")
                login_msg = gr.HTML(elem_id="login-msg")
                with gr.Column(visible=False, elem_id="admin-panel") as panel:
                    upload = gr.File(
                        label=tr(vi, "upload", kinds=kinds, mb=mb),
                        file_count="multiple",
                        file_types=list(accepted_suffixes()),
                        elem_id="upload",
                    )
                    upload_result = gr.HTML(elem_id="upload-result")
                    with gr.Row(equal_height=True):
                        delete_pick = gr.Dropdown(
                            label=tr(vi, "delete_pick"), choices=[], elem_id="delete-pick", scale=3
                        )
                        delete_btn = gr.Button(
                            tr(vi, "delete"), variant="stop", elem_id="delete", scale=1
                        )
                    with gr.Row():
                        reindex_btn = gr.Button(tr(vi, "reindex"), elem_id="reindex")
                        logout_btn = gr.Button(tr(vi, "logout"), elem_id="logout")
                    admin_msg = gr.HTML(elem_id="admin-msg")
                    records = gr.HTML(elem_id="records")

        # -- chat wiring ---------------------------------------------------------------
        chat_out = [chat, cards, box, turns, last_answer]
        box.submit(h.respond, [box, chat, turns, lang], chat_out, **private)
        ask_btn.click(h.respond, [box, chat, turns, lang], chat_out, **private)

        def on_example(chat_v, turns_v, lang_v, evt: gr.SelectData):
            return h.example(evt.value, chat_v, turns_v, lang_v)

        chat.example_select(on_example, [chat, turns, lang], chat_out, **private)

        def on_like(turns_v, lang_v, data: gr.LikeData):
            note = h.feedback(turns_v, data.index, data.liked, lang_v)
            if note:
                gr.Info(note)

        chat.like(on_like, [turns, lang], None, **private)
        clear.click(lambda: ([], "", [], None), None, [chat, cards, turns, last_answer], **private)

        # -- search wiring -------------------------------------------------------------
        def on_search(q, a, b, s, o, lang_v, request: gr.Request):
            html, months, rs, p, csv_p, md_p = h.search(
                q, a, b, s, lang_v, _base_url(request), organ=o or ""
            )
            return (
                html,
                _timeline_update(gr, months, lang_v),
                rs,
                p,
                gr.update(value=csv_p, visible=bool(csv_p)),
                gr.update(value=md_p, visible=bool(md_p)),
                gr.update(visible=rs is not None and len(rs.hits) > PAGE_SIZE),
            )

        search_out = [results, timeline, rs_state, page, dl_csv, dl_md, pager]
        search_in = [query, date_from, date_to, sort, organ, lang]
        search_btn.click(on_search, search_in, search_out, **private)
        query.submit(on_search, search_in, search_out, **private)
        prev_btn.click(
            lambda rs, p, lg: h.page(rs, p, -1, lg),
            [rs_state, page, lang],
            [results, page],
            **private,
        )
        next_btn.click(
            lambda rs, p, lg: h.page(rs, p, 1, lg),
            [rs_state, page, lang],
            [results, page],
            **private,
        )

        # -- article view --------------------------------------------------------------
        def on_open(req, lang_v):
            html, what = h.open_article(req, lang_v)
            return html, what, gr.Tabs(selected="article")

        article_go.click(
            on_open, [article_req, lang], [article, shown, tabs], js=READ_REQ_JS, **private
        ).then(None, js=SCROLL_JS)

        def on_load(lang_v, request: gr.Request):
            params = dict(request.query_params) if request is not None else {}
            html, what, opened = h.load(params, lang_v)
            return html, what, gr.Tabs(selected="article") if opened else gr.Tabs()

        demo.load(on_load, [lang], [article, shown, tabs], **private).then(None, js=SCROLL_JS)

        # -- records tab ---------------------------------------------------------------
        def on_login(u, p, lang_v):
            ok, msg = h.login(u, p, lang_v)
            if not ok:
                return False, msg, gr.update(), gr.update(), gr.update(), gr.update(), ""
            html, choices = h.records(lang_v)
            return (
                True,
                msg,
                gr.update(visible=False),
                gr.update(visible=True),
                html,
                gr.update(choices=choices, value=None),
                "",
            )

        login_out = [admin, login_msg, login_box, panel, records, delete_pick, password]
        login_btn.click(on_login, [user, password, lang], login_out, **private)
        password.submit(on_login, [user, password, lang], login_out, **private)

        def on_logout():
            return False, "", gr.update(visible=True), gr.update(visible=False), ""

        logout_btn.click(on_logout, None, [admin, login_msg, login_box, panel, records], **private)

        def refreshed(lang_v):
            html, choices = h.records(lang_v)
            return html, gr.update(choices=choices, value=None)

        def on_upload(files, admin_v, lang_v, progress=gr.Progress()):  # noqa: B008
            def step(done: int, total: int, name: str) -> None:
                progress(done / total if total else 1.0, desc=name or None)

            try:
                out = h.upload(files, admin_v, lang_v, step)
            except PermissionError as exc:
                raise gr.Error(str(exc)) from None
            return (out, None, *refreshed(lang_v))

        writes = {"concurrency_id": "records-write", "concurrency_limit": 1, **private}
        upload.upload(
            on_upload,
            [upload, admin, lang],
            [upload_result, upload, records, delete_pick],
            **writes,
        )

        def on_delete(article_id, admin_v, lang_v):
            try:
                msg = h.delete(article_id, admin_v, lang_v)
            except PermissionError as exc:
                raise gr.Error(str(exc)) from None
            return (msg, *refreshed(lang_v))

        delete_btn.click(
            on_delete, [delete_pick, admin, lang], [admin_msg, records, delete_pick], **writes
        )

        def on_reindex(admin_v, lang_v, progress=gr.Progress()):  # noqa: B008
            def step(done: int, total: int, name: str) -> None:
                progress(done / total if total else 1.0, desc=name or None)

            try:
                msg = h.reindex(admin_v, lang_v, step)
            except PermissionError as exc:
                raise gr.Error(str(exc)) from None
            return (msg, *refreshed(lang_v))

        reindex_btn.click(on_reindex, [admin, lang], [admin_msg, records, delete_pick], **writes)

        # -- language switch -----------------------------------------------------------
        def on_lang(choice, answer, rs, page_v, shown_v, admin_v):
            lg = LANGS.get(choice, "vi")
            art_html = h.article(shown_v[0], shown_v[1], lg)[0] if shown_v[0] else None
            return (
                lg,
                f"## {tr(lg, 'title')}",
                tr(lg, "intro"),
                gr.update(label=tr(lg, "tab_chat")),
                gr.update(label=tr(lg, "tab_search")),
                gr.update(label=tr(lg, "tab_article")),
                gr.update(label=tr(lg, "tab_data")),
                gr.update(placeholder=tr(lg, "question_ph")),
                gr.update(value=tr(lg, "ask")),
                tr(lg, "chat_hint"),
                gr.update(value=tr(lg, "clear")),
                citations_html(answer, lg) if answer is not None else gr.update(),
                gr.update(label=tr(lg, "query"), placeholder=tr(lg, "query_ph")),
                gr.update(label=tr(lg, "date_from")),
                gr.update(label=tr(lg, "date_to")),
                gr.update(label=tr(lg, "sort"), choices=_sort_choices(lg)),
                gr.update(label=tr(lg, "organ"), choices=_organ_choices(lg)),
                gr.update(value=tr(lg, "search")),
                gr.update(
                    label=tr(lg, "timeline"), x_title=tr(lg, "month"), y_title=tr(lg, "passages")
                ),
                search_results_html(rs, page_v, PAGE_SIZE, lg),
                gr.update(value=tr(lg, "prev")),
                gr.update(value=tr(lg, "next")),
                gr.update(label=tr(lg, "export_csv")),
                gr.update(label=tr(lg, "export_md")),
                art_html if art_html is not None else article_placeholder(lg),
                tr(lg, "admin_disabled"),
                tr(lg, "login_title"),
                gr.update(label=tr(lg, "user")),
                gr.update(label=tr(lg, "password")),
                gr.update(value=tr(lg, "login")),
                gr.update(label=tr(lg, "upload", kinds=kinds, mb=mb)),
                gr.update(label=tr(lg, "delete_pick")),
                gr.update(value=tr(lg, "delete")),
                gr.update(value=tr(lg, "reindex")),
                gr.update(value=tr(lg, "logout")),
                h.records(lg)[0] if admin_v else gr.update(),
                "",
            )

        lang_radio.change(
            on_lang,
            [lang_radio, last_answer, rs_state, page, shown, admin],
            [
                lang, title, intro, tab_chat, tab_search, tab_art, tab_data, box, ask_btn, hint,
                clear, cards, query, date_from, date_to, sort, organ, search_btn, timeline, results,
                prev_btn, next_btn, dl_csv, dl_md, article, disabled, login_title, user,
                password, login_btn, upload, delete_pick, delete_btn, reindex_btn, logout_btn,
                records, login_msg,
            ],
            **private,
        )  # fmt: skip

        # -- figures tab (figures_view) ----------------------------------------------------
        fig_view = FiguresView(service, h.export_dir)
        wire_figures(gr, figures, fig_view, lang, lang_radio, LANGS, _base_url, private)

        # -- the API (gradio_client): ask and search by name --------------------------
        def ask(question: str, k: int = 5, history: list[str] | None = None) -> dict:
            """Answer a question with citations (JSON as `hbt-qa ask --json`)."""
            try:
                return h.api_ask(question, k, history)
            except HbtQaError as exc:
                raise gr.Error(str(exc)) from None

        def search(
            query: str, k: int = 10, date_from: str = "", date_to: str = "",
            sort: str = "relevance", organ: str = "",
        ) -> dict:  # fmt: skip
            """Passages matching a query within optional dates and organ, by relevance or date."""
            try:
                return h.api_search(query, k, date_from, date_to, sort, organ)
            except HbtQaError as exc:
                raise gr.Error(str(exc)) from None

        gr.api(ask, api_name="ask")
        gr.api(search, api_name="search")
    return demo


def _theme(gr: Any) -> Any:
    """The default theme with system fonts: nothing to download, full Vietnamese coverage."""
    fonts = ["system-ui", "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "sans-serif"]
    return gr.themes.Default(primary_hue="blue", font=fonts)


def _organ_choices(lang: str) -> list[tuple[str, str]]:
    """The organ filter's options: any, the district's bodies, the wards."""
    organs = ["UBND quận", "HĐND quận", "Quận ủy", "phường"]
    return [(tr(lang, "organ_any"), ""), *((o, o) for o in organs)]


def _sort_choices(lang: str) -> list[tuple[str, str]]:
    """The sort options in the interface language."""
    return [(tr(lang, "sort_relevance"), "relevance"), (tr(lang, "sort_date"), "date")]


def _timeline_update(gr: Any, months: list[tuple[str, int]], lang: str) -> Any:
    """The bar chart of matching passages per month, hidden when there is nothing."""
    if not months:
        return gr.update(visible=False, value=None)
    import pandas as pd

    frame = pd.DataFrame({"month": [m for m, _ in months], "passages": [n for _, n in months]})
    # A y range of at least 0..5 keeps the ticks on whole numbers.
    top = max(5, max(n for _, n in months))
    return gr.update(visible=True, value=frame, y_lim=[0, top])


def serve(settings: Settings, say: Callable[[str], None] | None = None) -> None:
    """Build or refresh the index from the corpus, load the model, and start the app."""
    # No calls home: Gradio's launch telemetry and version check read this variable.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    service = Service(settings, say=say)

    def progress(done: int, total: int, name: str) -> None:
        if say and total and (done == total or done % 10 == 0):
            say(f"Indexing corpus: {done}/{total} {name}")

    report = service.ensure_index(progress=progress)
    if say and report is not None:
        say(f"Index {settings.index_path}: {report.summary()}")
        for path, reason in report.failed:
            say(f"{path}: {reason}")
    service.ready_store()
    demo = build_app(service)
    if say:
        say(f"hbt_qa is ready on http://{settings.host}:{settings.port}")
        if not service.admin_enabled:
            say("Records tab: administration disabled (set HBT_QA_ADMIN_USER/PASSWORD)")
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.host,
        server_port=settings.port,
        show_error=False,
        css=CSS + FIGURES_CSS,
        js=JS,
        head=HEAD,
        theme=_theme(_gr()),
        max_file_size=settings.max_upload_bytes,
        footer_links=["api"],
        auth=settings.login_pair(),
    )
