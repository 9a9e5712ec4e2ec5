"""The Gradio app: the page with its tabs, the language switch, the named API, and ``serve``.

One module per tab (``chat_tab``, ``search_tab``, ``figures_tab``, ``article_tab``,
``records_tab``) creates its components and connects them to the plain handlers (``handlers``,
``figures_tab.FiguresView``, tested without a browser); ``build_app`` assembles them. Everything
shown is rendered by ``render``, which escapes untrusted text first.

No ``from __future__ import annotations`` here nor in the tab modules: Gradio finds
``gr.Request``/``gr.SelectData`` parameters (and the API's parameter types) through evaluated
annotations, and ``gr`` is imported lazily inside ``build_app``.
"""

import logging
import os
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import HbtQaError
from ..index.pipeline import Progress
from ..service import Service
from . import article_tab, chat_tab, figures_tab, records_tab, search_tab
from .assets import CSS, HEAD, JS
from .gate import Gate
from .guard import Guard
from .handlers import Handlers, _base_url, refused
from .render import esc_md, tr

LANGS = {"Tiếng Việt": "vi", "English": "en"}
log = logging.getLogger(__name__)
# Gradio's cached files (uploads, exports handed out) older than an hour go, checked every 10 min.
DELETE_CACHE = (600, 3600)


def _gr() -> Any:
    """Gradio, imported only when the app is built."""
    import gradio as gr

    return gr


def build_app(service: Service, guard: Guard | None = None) -> Any:
    """The Gradio Blocks of the app (``guard``: the limits shared with the web server's gate)."""
    gr = _gr()
    from gradio.utils import get_upload_folder

    h = Handlers(service, guard=guard)
    h.upload_root = Path(get_upload_folder())
    vi = "vi"
    private = {"api_visibility": "private"}
    mb = service.settings.max_upload_bytes // 1_048_576
    places, organs = archive_options(service)

    page_title = service.settings.title or "hbt_qa — Hỏi đáp biên bản họp"
    with gr.Blocks(title=page_title, analytics_enabled=False, delete_cache=DELETE_CACHE) as demo:
        lang = gr.State(vi)
        turns = gr.State([])
        last_answer = gr.State(None)
        rs_state = gr.State(None)
        page = gr.State(1)
        shown = gr.State(("", ""))
        admin = gr.State(False)

        with gr.Row(equal_height=True):
            title = gr.Markdown(f"## {heading(service, vi)}", elem_id="title")
            lang_radio = gr.Radio(
                list(LANGS),
                value="Tiếng Việt",
                label="Ngôn ngữ / Language",  # read by screen readers (issue 15.16)
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
            chat_ui = chat_tab.build_tab(gr, vi, archive_examples(service))
            search_ui = search_tab.build_tab(gr, vi, places, organs)
            figures_ui = figures_tab.build_tab(gr, vi, places)
            article_ui = article_tab.build_tab(gr, vi)
            records_ui = records_tab.build_tab(gr, vi, service.admin_enabled, mb)

        chat_tab.wire(gr, chat_ui, h, lang, turns, last_answer, private)
        search_tab.wire(gr, search_ui, h, lang, rs_state, page, private)
        article_tab.wire(
            gr, article_ui, h, demo, lang, article_req, article_go, shown, tabs, private
        )
        records_tab.wire(gr, records_ui, h, lang, admin, private)

        # -- language switch -----------------------------------------------------------
        def on_lang(choice, answer, rs, page_v, shown_v, admin_v):
            lg = LANGS.get(choice, "vi")
            return (
                lg,
                f"## {heading(service, lg)}",
                tr(lg, "intro"),
                gr.update(label=tr(lg, "tab_chat")),
                gr.update(label=tr(lg, "tab_search")),
                gr.update(label=tr(lg, "tab_article")),
                gr.update(label=tr(lg, "tab_data")),
                *chat_tab.relabel(gr, lg, answer),
                *search_tab.relabel(gr, lg, rs, page_v, places, organs),
                *article_tab.relabel(h, lg, shown_v),
                *records_tab.relabel(gr, h, lg, admin_v, mb),
            )

        lang_radio.change(
            on_lang,
            [lang_radio, last_answer, rs_state, page, shown, admin],
            [
                lang, title, intro, chat_ui.tab, search_ui.tab, article_ui.tab, records_ui.tab,
                *chat_ui.lang_targets(), *search_ui.lang_targets(),
                *article_ui.lang_targets(), *records_ui.lang_targets(),
            ],
            **private,
        )  # fmt: skip

        # -- figures tab (figures_view) ----------------------------------------------------
        fig_view = figures_tab.FiguresView(service, h.export_dir)
        figures_tab.wire(gr, figures_ui, fig_view, lang, lang_radio, LANGS, _base_url, private)

        # -- the API (gradio_client): ask and search by name --------------------------
        def ask(question: str, k: int = 5, history: list[str] | None = None) -> dict:
            """Answer a question with citations (JSON as `hbt-qa ask --json`)."""
            try:
                return h.api_ask(question, k, history)
            except HbtQaError as exc:
                raise refused(gr, exc, "/ask") from None

        def search(
            query: str, k: int = 10, date_from: str = "", date_to: str = "",
            sort: str = "relevance", organ: str = "", place: str = "",
            with_undated: bool = False,
        ) -> dict:  # fmt: skip
            """Passages matching a query within optional dates, organ and place (any level, old
            or new name), by relevance or date; with_undated lists the matches with no date."""
            try:
                return h.api_search(query, k, date_from, date_to, sort, organ, place, with_undated)
            except HbtQaError as exc:
                raise refused(gr, exc, "/search") from None

        gr.api(ask, api_name="ask")
        gr.api(search, api_name="search")
    return demo


def heading(service: Service, lang: str) -> str:
    """The app's heading: HBT_QA_TITLE when set (escaped for Markdown), else the default."""
    own = service.settings.title
    return esc_md(own) if own else tr(lang, "title")


def archive_examples(service: Service) -> list[str]:
    """Example questions from the archive's frequent indicators and places (the built-in ones
    when it reports none)."""
    try:
        return service.example_questions() or list(chat_tab.EXAMPLES)
    except HbtQaError:
        return list(chat_tab.EXAMPLES)


def archive_options(service: Service) -> tuple[list[str], list[str]]:
    """The places and organs of the archive for the filters ([] before there is an index)."""
    try:
        return service.places(), service.organs()
    except HbtQaError:
        return [], []


def _theme(gr: Any) -> Any:
    """The default theme with system fonts: nothing to download, full Vietnamese coverage."""
    fonts = ["system-ui", "Segoe UI", "Roboto", "Noto Sans", "DejaVu Sans", "sans-serif"]
    # Secondary text (card metadata, source sentences, hints) at ≥ 4.5:1 contrast (WCAG AA)
    # instead of the default light grey (issue 15.16).
    return gr.themes.Default(primary_hue="blue", font=fonts).set(
        body_text_color_subdued="#4b5563", body_text_color_subdued_dark="#b8bfcb"
    )


def serve(settings: Settings, progress: Progress | None = None) -> None:
    """Build or refresh the index from the corpus, load the model, and start the app.

    Messages go to the ``hbt_qa.web.app`` logger; ``progress`` shows the indexing of the corpus.
    """
    # No calls home: Gradio's launch telemetry and version check read this variable.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    service = Service(settings)
    report = service.ensure_index(progress=progress)
    if report is not None:
        log.info("Index %s: %s", settings.index_path, report.summary())
        for path, reason in report.failed:
            log.error("%s: %s", path, reason)
    service.ready_store()
    guard = Guard.default(settings.trusted_proxies, service.audit)
    demo = build_app(service, guard)
    from starlette.middleware import Middleware

    log.info("hbt_qa is ready on http://%s:%s", settings.host, settings.port)
    if not service.admin_enabled:
        log.info("Records tab: administration disabled (set HBT_QA_ADMIN_USER/PASSWORD)")
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.host,
        server_port=settings.port,
        show_error=False,
        css=CSS + figures_tab.FIGURES_CSS,
        js=JS,
        head=HEAD,
        theme=_theme(_gr()),
        max_file_size=settings.max_upload_bytes,
        footer_links=["api"],
        auth=settings.login_pair(),
        # Before Gradio's routes: uploads only from a signed-in administrator's browser, capped
        # event bodies, no file inputs that are web addresses, a throttled login page.
        app_kwargs={
            "middleware": [Middleware(Gate, guard=guard, login_route=bool(settings.login_pair()))]
        },
    )
