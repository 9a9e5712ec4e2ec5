"""Trend questions ("giải ngân qua các tháng năm 2024 thế nào?") answered with a series table."""

from __future__ import annotations

import re

from ..figures.indicators import match_indicator
from ..figures.series import SeriesRow, build_series, series_table_markdown
from ..figures.trends import collect_figures
from ..index.store import Store, hit_from_row
from ..language.text import fold
from ..models import Answer, Hit
from .constraints import question_constraints

_TREND = re.compile(
    r"\b(qua cac (thang|nam|quy|ky)|cac nam qua|cac thang|theo thang|theo nam|dien bien|"
    r"xu huong|bien dong|thay doi the nao|tang giam|how has|how have|over time|trend|"
    r"over the (years|months)|since \d{4}|tu nam \d{4}|series|moved)\b"
)


def is_trend_question(question: str) -> bool:
    """'giải ngân qua các tháng năm 2024 thế nào?', 'how has budget revenue changed?'."""
    return bool(_TREND.search(" ".join(re.findall(r"\w+", fold(question)))))


def row_citations(store: Store, rows: list[SeriesRow]) -> list[Hit]:
    """One citation per source sentence of the series, in row order."""
    hits: list[Hit] = []
    seen: set[str] = set()
    for row in rows:
        for f in row.sources:
            p = store.passage_at(f.article_id, f.sentence_start)
            if p is None or p.passage_id in seen:
                continue
            seen.add(p.passage_id)
            hits.append(hit_from_row(p, 1.0, {}))
    return hits


def trend_answer(store: Store, question: str, lang: str) -> Answer | None:
    """A small table of every reported value, when the question asks for a trend."""
    if not is_trend_question(question):
        return None
    ind = match_indicator(question)
    if ind is None:
        return None
    cons = question_constraints(question)
    since = until = None
    t = cons.time
    if t is not None and getattr(t, "start", None):
        since = t.start
        open_ended = re.search(r"\b(since|tu nam|den nay|to date)\b", fold(question))
        until = None if open_ended else getattr(t, "end", None)
    district = next(iter(cons.places), None)
    rows = build_series(collect_figures(store), ind.id, since, until, district=district)
    if not rows:
        return None
    table = series_table_markdown(rows, "en" if lang == "en" else "vi")
    return Answer(
        question=question,
        text=table,
        found=True,
        citations=row_citations(store, rows),
        value=None,
        lang=lang,
        kind="series",
    )
