"""The "Bài viết" / "Article" tab: one article with the cited passage marked.

Citation links (``a.open-article``) fill the hidden request box and click the hidden button
that ``app.build_app`` puts above the tabs (``assets.JS``); a permalink ``?article=…&passage=…``
opens the article on page load. ``build_tab`` creates the components and ``wire`` connects
them to ``Handlers``; ``relabel`` gives the tab's value for the language switch.

No ``from __future__ import annotations`` here: Gradio finds ``gr.Request`` parameters through
evaluated annotations, and ``gr`` is passed in by ``build_app``.
"""

from dataclasses import dataclass
from typing import Any

from .assets import READ_REQ_JS, SCROLL_JS
from .handlers import Handlers
from .render import tr
from .render_article import article_placeholder


@dataclass
class ArticleTab:
    """The components of the article tab."""

    tab: Any
    article: Any

    def lang_targets(self) -> list[Any]:
        """What the language switch updates, in the order of ``relabel``'s values."""
        return [self.article]


def build_tab(gr: Any, lang: str = "vi") -> ArticleTab:
    """The tab's components; call inside ``gr.Tabs``."""
    with gr.Tab(tr(lang, "tab_article"), id="article", elem_id="tab-article") as tab:
        article = gr.HTML(article_placeholder(lang), elem_id="article")
    return ArticleTab(tab, article)


def wire(
    gr: Any,
    ui: ArticleTab,
    h: Handlers,
    demo: Any,
    lang: Any,
    article_req: Any,
    article_go: Any,
    shown: Any,
    tabs: Any,
    private: dict[str, Any],
) -> None:
    """Open an article from a citation link (in place) or from a permalink on page load."""

    def on_open(req, lang_v):
        html, what = h.open_article(req, lang_v)
        return html, what, gr.Tabs(selected="article")

    article_go.click(
        on_open, [article_req, lang], [ui.article, shown, tabs], js=READ_REQ_JS, **private
    ).then(None, js=SCROLL_JS)

    def on_load(lang_v, request: gr.Request):
        params = dict(request.query_params) if request is not None else {}
        html, what, opened = h.load(params, lang_v)
        return html, what, gr.Tabs(selected="article") if opened else gr.Tabs()

    demo.load(on_load, [lang], [ui.article, shown, tabs], **private).then(None, js=SCROLL_JS)


def relabel(h: Handlers, lg: str, shown_v: tuple[str, str]) -> tuple[Any, ...]:
    """The shown article (or the placeholder) in ``lg``, for ``ArticleTab.lang_targets``."""
    art_html = h.article(shown_v[0], shown_v[1], lg)[0] if shown_v[0] else None
    return (art_html if art_html is not None else article_placeholder(lg),)
