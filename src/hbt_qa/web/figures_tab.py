"""The "Số liệu" / "Figures" tab: every reported value of an indicator, as a table, a chart
and a CSV file.

``FiguresView`` holds the handlers as plain methods (tested without a browser); ``build_tab``
and ``wire`` only create and connect the Gradio components, called from ``app.build_app``.
Everything shown is rendered by ``render``, which escapes article text first.

No ``from __future__ import annotations`` here, for the same reason as in ``app``: Gradio
reads ``gr.Request`` parameters from evaluated annotations.
"""

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import HbtQaError, QueryError
from ..figures.indicators import CATALOGUE, get_indicator
from ..figures.series import SeriesRow, build_series, series_json
from ..figures.trends import SeriesResult, collect_figures, series_for
from ..language.text import fold
from ..service import Service, parse_day
from .files import EXPORT_TTL_S, sweep_exports, write_export
from .handlers import refused
from .reasons import in_language
from .render import message_html, tr
from .render_figures import PassageMap, figures_chart_svg, figures_csv, figures_table_html

FIGURES_CSS = """
table.figures td.num a {font-weight: 700; white-space: nowrap;}
table.figures tr.estimate td {font-style: italic;}
table.figures tr.conflict td {background: #fff1f0;}
.fig-conflict {color: #b3261e; font-weight: 700; font-style: normal;}
.fig-source {margin-bottom: 6px;}
.fig-sentence {font-size: 0.9em; color: var(--body-text-color-subdued);}
.fig-note {font-size: 0.9em; margin-top: 8px;}
.fig-related {margin: 4px 0 8px;}
svg.fig-chart {display: block; height: auto; overflow: visible;}
svg.fig-chart a.open-article {cursor: pointer;}
"""


@dataclass(frozen=True)
class FiguresOut:
    """What one request for a series shows."""

    table: str
    chart: str
    csv_path: str | None
    result: SeriesResult | None


def indicator_choices(lang: str) -> list[tuple[str, str]]:
    """The catalogue's indicators as (label in ``lang``, id) dropdown choices."""
    return [(ind.label_en if lang == "en" else ind.label_vi, ind.id) for ind in CATALOGUE]


def _date(value: Any, what: str) -> dt.date | None:
    iso = parse_day(None if value is None else str(value), what)
    return dt.date.fromisoformat(iso) if iso else None


def _blank(value: Any) -> str | None:
    text = " ".join(str(value or "").split())
    return text or None


def passage_map(service: Service, rows: Iterable[SeriesRow]) -> PassageMap:
    """The passage holding each source sentence, for links into the article view."""
    store = service.store()
    out: PassageMap = {}
    for row in rows:
        for f in row.sources:
            key = (f.article_id, f.sentence_start)
            if key not in out:
                p = store.passage_at(f.article_id, f.sentence_start)
                if p is not None:
                    out[key] = p.passage_id
    return out


class FiguresView:
    """Handlers of the figures tab over one Service."""

    def __init__(self, service: Service, export_dir: Path | None = None) -> None:
        self.service = service
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="hbt_qa-figures-"))

    def series(
        self,
        phrase: str,
        picked: str | None = None,
        district: Any = None,
        ward: Any = None,
        since: Any = None,
        until: Any = None,
        place: Any = None,
    ) -> SeriesResult:
        """The series of a typed phrase, or of the picked indicator when nothing else is typed
        (or the box still holds that indicator's label); ``place`` at any level, old or new
        name, with or without diacritics."""
        text = _blank(phrase)
        ind = get_indicator(picked) if picked else None
        labels = {fold(ind.label_vi), fold(ind.label_en)} if ind else set()
        a = _date(since, "kỳ kết thúc từ ngày / periods ending from")
        b = _date(until, "kỳ kết thúc đến ngày / periods ending until")
        d, w, pl = _blank(district), _blank(ward), _blank(place)
        if ind is not None and (text is None or fold(text) in labels):
            store = self.service.store()
            figs = collect_figures(store)
            rows = build_series(figs, ind.id, a, b, district=d, ward=w, place=pl)
            return SeriesResult(ind.id, ind.label_vi, rows)
        if text is None:
            return SeriesResult(None, "", [])
        return series_for(self.service.store(), text, a, b, d, w, place=pl)

    def show(
        self,
        phrase: str,
        picked: str | None,
        district: Any,
        ward: Any,
        since: Any,
        until: Any,
        lang: str,
        base: str = "",
        place: Any = None,
    ) -> FiguresOut:
        """Table, chart and CSV file of a series; a readable message on bad input."""
        if not _blank(phrase) and not picked:
            return FiguresOut(message_html(tr(lang, "fig_first")), "", None, None)
        try:
            res = self.series(phrase, picked, district, ward, since, until, place)
        except HbtQaError as exc:
            return FiguresOut(message_html(in_language(str(exc), lang), "error"), "", None, None)
        return self.render(res, lang, base, query=_blank(phrase) or "")

    def render(self, res: SeriesResult, lang: str, base: str = "", query: str = "") -> FiguresOut:
        """The table and chart of a series in ``lang``, and its CSV export."""
        passages = passage_map(self.service, res.rows)
        label = self.label(res, lang)
        related = [
            ind.label_en if lang == "en" else ind.label_vi
            for ind in map(get_indicator, res.related)
            if ind is not None
        ]
        table = figures_table_html(res.rows, passages, lang, label, query, related)
        chart = figures_chart_svg(res.rows, passages, lang)
        csv_path = self.export(res, passages, base, lang) if res.rows else None
        return FiguresOut(table, chart, csv_path, res)

    def api(
        self,
        indicator: str,
        since: str = "",
        until: str = "",
        district: str = "",
        ward: str = "",
        place: str = "",
    ) -> dict:
        """The figures operation for gradio_client: `hbt-qa figures --json`, with the passage
        of every source sentence."""
        if not _blank(indicator):
            raise QueryError("chỉ tiêu trống / indicator: empty")
        res = self.series(indicator, None, district, ward, since, until, place)
        out = series_json(res)
        passages = passage_map(self.service, res.rows)
        for row, data in zip(res.rows, out["rows"], strict=True):
            for f, src in zip(row.sources, data["sources"], strict=True):
                src["passage_id"] = passages.get((f.article_id, f.sentence_start))
        return out

    @staticmethod
    def label(res: SeriesResult, lang: str) -> str:
        """The indicator's name in ``lang``, or the free phrase."""
        ind = get_indicator(res.indicator_id) if res.indicator_id else None
        if ind is not None:
            return ind.label_en if lang == "en" else ind.label_vi
        return f"«{res.label}» ({tr(lang, 'fig_free')})"

    def export(self, res: SeriesResult, passages: PassageMap, base: str, lang: str) -> str:
        """Write the CSV of a series (reused when unchanged, swept after an hour); its path."""
        name = res.indicator_id or fold(res.label)
        stem = re.sub(r"[^a-z0-9]+", "-", name.lower().encode("ascii", "ignore").decode())
        sweep_exports(self.export_dir, EXPORT_TTL_S)
        csv_name = f"so-lieu-{stem.strip('-')[:40] or 'chi-tieu'}.csv"
        text = figures_csv(res.rows, passages, base, lang)
        return str(write_export(self.export_dir, csv_name, text))


def figures_api(gr: Any, view: FiguresView) -> Callable[..., dict]:
    """The `figures` API function over ``view``: a bad input is refused in one log line."""

    def figures(
        indicator: str, since: str = "", until: str = "", district: str = "", ward: str = "",
        place: str = "",
    ) -> dict:  # fmt: skip
        """Every reported value of an indicator or phrase (JSON as `hbt-qa figures --json`);
        ``place`` at any level (province, district, ward), old or new name."""
        try:
            return view.api(indicator, since, until, district, ward, place)
        except HbtQaError as exc:
            raise refused(gr, exc, "/figures") from None

    return figures


@dataclass
class FiguresTab:
    """The components of the figures tab."""

    tab: Any
    phrase: Any
    pick: Any
    district: Any
    ward: Any
    since: Any
    until: Any
    button: Any
    table: Any
    chart: Any
    download: Any
    state: Any
    place: Any = None


def build_tab(gr: Any, lang: str = "vi", places: Sequence[str] = ()) -> FiguresTab:
    """The tab's components; call inside ``gr.Tabs``; ``places``: the archive's, every level."""
    with gr.Tab(tr(lang, "tab_figures"), id="figures", elem_id="tab-figures") as tab:
        state = gr.State(None)  # inside the tab: a bare child of gr.Tabs shifts the tab labels
        with gr.Row(equal_height=True):
            phrase = gr.Textbox(
                label=tr(lang, "fig_indicator"),
                placeholder=tr(lang, "fig_indicator_ph"),
                elem_id="fig-indicator",
                scale=3,
                min_width=220,
            )
            pick = gr.Dropdown(
                indicator_choices(lang),
                value=None,
                label=tr(lang, "fig_pick"),
                elem_id="fig-pick",
                scale=3,
                min_width=220,
            )
        with gr.Row(equal_height=True):
            place = gr.Dropdown(
                [(tr(lang, "place_any"), ""), *((p, p) for p in places)],
                value="",
                label=tr(lang, "place"),
                info=tr(lang, "place_ph"),
                allow_custom_value=True,
                filterable=True,
                elem_id="fig-place",
                min_width=200,
            )
            # The Hanoi-era district and ward boxes: kept for links and tests, hidden.
            district = gr.Textbox(
                label=tr(lang, "fig_district"), elem_id="fig-district", visible=False
            )
            ward = gr.Textbox(label=tr(lang, "fig_ward"), elem_id="fig-ward", visible=False)
            since = gr.Textbox(label=tr(lang, "fig_since"), elem_id="fig-since", min_width=140)
            until = gr.Textbox(label=tr(lang, "fig_until"), elem_id="fig-until", min_width=140)
        with gr.Row():
            button = gr.Button(tr(lang, "fig_go"), variant="primary", elem_id="fig-go", scale=0)
            download = gr.DownloadButton(
                tr(lang, "fig_csv"), elem_id="fig-csv", size="sm", visible=False, scale=0
            )
        table = gr.HTML(message_html(tr(lang, "fig_first")), elem_id="fig-table")
        chart = gr.HTML("", elem_id="fig-chart")
    return FiguresTab(
        tab, phrase, pick, district, ward, since, until, button, table, chart, download, state,
        place,
    )  # fmt: skip


def wire(
    gr: Any,
    ui: FiguresTab,
    view: FiguresView,
    lang: Any,
    lang_radio: Any,
    langs: dict[str, str],
    base_url: Callable[[Any], str],
    private: dict[str, Any],
) -> None:
    """Connect the tab's events and its labels to the language switch; the `figures` API."""

    def on_show(p, k, d, w, a, b, pl, lang_v, request: gr.Request):
        out = view.show(p, k, d, w, a, b, lang_v, base_url(request), place=pl)
        return (
            out.table,
            out.chart,
            gr.update(value=out.csv_path, visible=bool(out.csv_path)),
            out.result,
        )

    inputs = [ui.phrase, ui.pick, ui.district, ui.ward, ui.since, ui.until, ui.place, lang]
    outputs = [ui.table, ui.chart, ui.download, ui.state]
    ui.button.click(on_show, inputs, outputs, **private)
    ui.phrase.submit(on_show, inputs, outputs, **private)

    def on_pick(picked, lang_v):
        ind = get_indicator(picked) if picked else None
        if ind is None:
            return gr.update()
        return ind.label_en if lang_v == "en" else ind.label_vi

    ui.pick.change(on_pick, [ui.pick, lang], [ui.phrase], **private)

    def on_lang(choice, res, picked, request: gr.Request):
        lg = langs.get(choice, "vi")
        if res is None:
            table, chart = message_html(tr(lg, "fig_first")), ""
            dl = gr.update(label=tr(lg, "fig_csv"))
        else:
            out = view.render(res, lg, base_url(request))
            table, chart = out.table, out.chart
            dl = gr.update(label=tr(lg, "fig_csv"), value=out.csv_path)
        return (
            gr.update(label=tr(lg, "tab_figures")),
            gr.update(label=tr(lg, "fig_indicator"), placeholder=tr(lg, "fig_indicator_ph")),
            gr.update(label=tr(lg, "fig_pick"), choices=indicator_choices(lg), value=picked),
            gr.update(label=tr(lg, "fig_district")),
            gr.update(label=tr(lg, "fig_ward")),
            gr.update(label=tr(lg, "fig_since")),
            gr.update(label=tr(lg, "fig_until")),
            gr.update(value=tr(lg, "fig_go")),
            table,
            chart,
            dl,
            gr.update(label=tr(lg, "place"), info=tr(lg, "place_ph")),
        )

    gr.api(figures_api(gr, view), api_name="figures")

    lang_radio.change(
        on_lang,
        [lang_radio, ui.state, ui.pick],
        [
            ui.tab, ui.phrase, ui.pick, ui.district, ui.ward, ui.since, ui.until, ui.button,
            ui.table, ui.chart, ui.download, ui.place,
        ],
        **private,
    )  # fmt: skip
