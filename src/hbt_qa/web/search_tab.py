"""The "Tra cứu" / "Search" tab: records search with dates, organ, place, sort, a monthly
timeline, pages and CSV/Markdown exports.

The organ and place options are those of the archive (``Service.organs``/``places``), at every
level; a place may also be typed (with or without diacritics, old or new name).

``build_tab`` creates the components and ``wire`` connects them to ``Handlers``, called from
``app.build_app``; ``relabel`` gives the tab's values for the language switch.

No ``from __future__ import annotations`` here: Gradio finds ``gr.Request`` parameters through
evaluated annotations, and ``gr`` is passed in by ``build_app``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..service import RecordSearch
from .handlers import PAGE_SIZE, Handlers, _base_url
from .render import tr
from .render_search import search_results_html


@dataclass
class SearchTab:
    """The components of the search tab."""

    tab: Any
    query: Any
    date_from: Any
    date_to: Any
    sort: Any
    organ: Any
    search_btn: Any
    timeline: Any
    results: Any
    pager: Any
    prev_btn: Any
    next_btn: Any
    dl_csv: Any
    dl_md: Any
    place: Any = None
    undated: Any = None
    places: tuple[str, ...] = ()  # the archive's places and organs when the page was built
    organs: tuple[str, ...] = ()

    def lang_targets(self) -> list[Any]:
        """What the language switch updates, in the order of ``relabel``'s values."""
        return [
            self.query, self.date_from, self.date_to, self.sort, self.organ, self.search_btn,
            self.timeline, self.results, self.prev_btn, self.next_btn, self.dl_csv, self.dl_md,
            self.place, self.undated,
        ]  # fmt: skip


def build_tab(
    gr: Any, lang: str = "vi", places: Sequence[str] = (), organs: Sequence[str] = ()
) -> SearchTab:
    """The tab's components; call inside ``gr.Tabs``; ``places`` and ``organs``: the archive's."""
    with gr.Tab(tr(lang, "tab_search"), id="search", elem_id="tab-search") as tab:
        with gr.Row(equal_height=True):
            query = gr.Textbox(
                label=tr(lang, "query"),
                placeholder=tr(lang, "query_ph"),
                elem_id="search-query",
                scale=3,
                min_width=220,
            )
            date_from = gr.Textbox(
                label=tr(lang, "date_from"), elem_id="date-from", scale=1, min_width=140
            )
            date_to = gr.Textbox(
                label=tr(lang, "date_to"), elem_id="date-to", scale=1, min_width=140
            )
        with gr.Row(equal_height=True):
            sort = gr.Radio(
                _sort_choices(lang),
                value="relevance",
                label=tr(lang, "sort"),
                elem_id="sort",
                scale=2,
            )
            organ = gr.Dropdown(
                _organ_choices(lang, organs),
                value="",
                label=tr(lang, "organ"),
                elem_id="organ",
                scale=1,
                min_width=160,
            )
            place = gr.Dropdown(
                _place_choices(lang, places),
                value="",
                label=tr(lang, "place"),
                info=tr(lang, "place_ph"),
                allow_custom_value=True,
                filterable=True,
                elem_id="place",
                scale=1,
                min_width=200,
            )
            undated = gr.Checkbox(
                False, label=tr(lang, "include_undated"), elem_id="include-undated", scale=1
            )
            search_btn = gr.Button(
                tr(lang, "search"), variant="primary", elem_id="search-btn", scale=1
            )
        timeline = gr.BarPlot(
            x="month",
            y="passages",
            label=tr(lang, "timeline"),
            x_title=tr(lang, "month"),
            y_title=tr(lang, "passages"),
            elem_id="timeline",
            height=220,
            visible=False,
            sort="x",
            y_axis_format="d",
        )
        results = gr.HTML(search_results_html(None, 1, PAGE_SIZE, lang), elem_id="results")
        with gr.Row(visible=False) as pager:
            prev_btn = gr.Button(tr(lang, "prev"), size="sm", elem_id="prev-page")
            next_btn = gr.Button(tr(lang, "next"), size="sm", elem_id="next-page")
        with gr.Row():
            dl_csv = gr.DownloadButton(
                tr(lang, "export_csv"), elem_id="export-csv", size="sm", visible=False
            )
            dl_md = gr.DownloadButton(
                tr(lang, "export_md"), elem_id="export-md", size="sm", visible=False
            )
    return SearchTab(
        tab, query, date_from, date_to, sort, organ, search_btn, timeline, results, pager,
        prev_btn, next_btn, dl_csv, dl_md, place, undated, tuple(places), tuple(organs),
    )  # fmt: skip


def wire(
    gr: Any,
    ui: SearchTab,
    h: Handlers,
    lang: Any,
    rs_state: Any,
    page: Any,
    private: dict[str, Any],
) -> None:
    """Connect the search's events: search (button or Enter) and the pages."""

    def on_search(q, a, b, s, o, pl, und, lang_v, request: gr.Request):
        html, months, rs, p, csv_p, md_p = h.search(
            q, a, b, s, lang_v, _base_url(request), organ=o or "", place=pl or "",
            with_undated=bool(und),
        )  # fmt: skip
        return (
            html,
            _timeline_update(gr, months, lang_v, rs.undated_in_chart if rs else 0),
            rs,
            p,
            gr.update(value=csv_p, visible=bool(csv_p)),
            gr.update(value=md_p, visible=bool(md_p)),
            gr.update(visible=rs is not None and len(rs.hits) > PAGE_SIZE),
        )

    search_out = [ui.results, ui.timeline, rs_state, page, ui.dl_csv, ui.dl_md, ui.pager]
    search_in = [ui.query, ui.date_from, ui.date_to, ui.sort, ui.organ, ui.place, ui.undated, lang]
    ui.search_btn.click(on_search, search_in, search_out, **private)
    ui.query.submit(on_search, search_in, search_out, **private)
    ui.prev_btn.click(
        lambda rs, p, lg: h.page(rs, p, -1, lg),
        [rs_state, page, lang],
        [ui.results, page],
        **private,
    )
    ui.next_btn.click(
        lambda rs, p, lg: h.page(rs, p, 1, lg),
        [rs_state, page, lang],
        [ui.results, page],
        **private,
    )


def relabel(
    gr: Any,
    lg: str,
    rs: RecordSearch | None,
    page_v: int,
    places: Sequence[str] = (),
    organs: Sequence[str] = (),
) -> tuple[Any, ...]:
    """The tab's labels and the shown page in ``lg``, for ``SearchTab.lang_targets``."""
    return (
        gr.update(label=tr(lg, "query"), placeholder=tr(lg, "query_ph")),
        gr.update(label=tr(lg, "date_from")),
        gr.update(label=tr(lg, "date_to")),
        gr.update(label=tr(lg, "sort"), choices=_sort_choices(lg)),
        gr.update(label=tr(lg, "organ"), choices=_organ_choices(lg, organs)),
        gr.update(value=tr(lg, "search")),
        gr.update(label=tr(lg, "timeline"), x_title=tr(lg, "month"), y_title=tr(lg, "passages")),
        search_results_html(rs, page_v, PAGE_SIZE, lg),
        gr.update(value=tr(lg, "prev")),
        gr.update(value=tr(lg, "next")),
        gr.update(label=tr(lg, "export_csv")),
        gr.update(label=tr(lg, "export_md")),
        gr.update(
            label=tr(lg, "place"), info=tr(lg, "place_ph"), choices=_place_choices(lg, places)
        ),
        gr.update(label=tr(lg, "include_undated")),
    )


def _organ_choices(lang: str, organs: Sequence[str]) -> list[tuple[str, str]]:
    """The organ filter's options: any, then the organs and organ kinds of the archive."""
    return [(tr(lang, "organ_any"), ""), *((o, o) for o in organs)]


def _place_choices(lang: str, places: Sequence[str]) -> list[tuple[str, str]]:
    """The place filter's options: any, then the archive's places at every level."""
    return [(tr(lang, "place_any"), ""), *((p, p) for p in places)]


def _sort_choices(lang: str) -> list[tuple[str, str]]:
    """The sort options in the interface language."""
    return [(tr(lang, "sort_relevance"), "relevance"), (tr(lang, "sort_date"), "date")]


MONTH_BARS = 36  # more months than this are drawn per year, so that labels stay apart


def timeline_rows(months: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], int]:
    """The chart's bars and the angle of their labels: months (slanted past a year), or years
    when the range is long, so that no two labels overlap."""
    if len(months) > MONTH_BARS:
        years: dict[str, int] = {}
        for m, n in months:
            years[m[:4]] = years.get(m[:4], 0) + n
        return list(years.items()), 0
    return months, (-45 if len(months) > 12 else 0)


def _timeline_update(gr: Any, months: list[tuple[str, int]], lang: str, undated: int = 0) -> Any:
    """The bar chart of matching passages per month, hidden when there is nothing; its caption
    says how many listed passages have no date to be drawn by."""
    if not months:
        return gr.update(visible=False, value=None)
    import pandas as pd

    bars, angle = timeline_rows(months)
    frame = pd.DataFrame({"month": [m for m, _ in bars], "passages": [n for _, n in bars]})
    # A y range of at least 0..5 keeps the ticks on whole numbers.
    top = max(5, max(n for _, n in bars))
    caption = tr(lang, "undated_in_chart", n=undated) if undated else None
    return gr.update(
        visible=True, value=frame, y_lim=[0, top], x_label_angle=angle, caption=caption
    )
