"""Figures over time from the index: collect extracted figures, answer trend questions."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, replace

from ..index.store import Store
from ..language.places import Locality
from ..language.text import fold
from .extract import Figure, extract_figures, extract_phrase_figures
from .indicators import matching_indicators
from .series import SeriesRow, build_series


@dataclass(frozen=True)
class SeriesResult:
    """A series with the indicator it answers and the figures it was built from."""

    indicator_id: str | None
    label: str
    rows: list[SeriesRow]
    related: tuple[str, ...] = ()  # other indicators the phrase also matched, best first


def _ref(article: dict) -> dt.date | None:
    """The date periods in an article are read against."""
    iso = article.get("meeting_date") or article.get("published")
    return dt.date.fromisoformat(iso) if iso else None


# (index file, article id, content hash) → the catalogue figures of that version of it.
_FIGURES: dict[tuple[str, str, str], list[Figure]] = {}
_FIGURES_LOCK = threading.Lock()


def _home(art: dict) -> Locality | None:
    """The record's own district and ward as stored (None when it has no place: the text is
    read as before)."""
    if not (art.get("province") or art.get("district") or art.get("ward")):
        return None
    return Locality(art.get("district"), art.get("ward"))


def place_label(art: dict) -> str | None:
    """The record's place at its own level with the units above it: 'huyện Xuân Lộc, tỉnh
    Đồng Nai'; names keep their own unit word."""
    levels = ("ward", "district", "province")
    level = art.get("place_level")
    start = levels.index(level) if level in levels else 0
    names: list[str] = []
    for key in levels[start:]:
        name = art.get(key)
        if name and fold(name) not in {fold(n) for n in names}:
            names.append(str(name))
    return ", ".join(names) or None


def _placed(figs: list[Figure], art: dict) -> list[Figure]:
    """Figures with their record's place; one whose sentence names another unit keeps it."""
    home = _home(art)
    if home is None:
        return figs
    label = place_label(art)
    above = place_label({**art, "place_level": "district"})  # a ward record's district
    out = []
    for f in figs:
        if f.district == home.district and f.ward == home.ward:
            place = label
        elif f.ward is None and f.district == home.district:
            place = above
        else:  # another unit named in the sentence: shown as written
            place = None
        out.append(replace(f, province=art.get("province"), place=place))
    return out


def _article_figures(store: Store, article_id: str) -> list[Figure]:
    """The catalogue figures of one stored article, placed by its record's metadata."""
    art = store.article(article_id)
    if art is None:
        return []
    sents = store.article_sentences(article_id)
    figs = extract_figures(
        art["text"], sents, article_id, art["source"], _ref(art), locality=_home(art)
    )
    return _placed(figs, art)


def catalogue_figures(store: Store) -> list[Figure]:
    """Every catalogue figure in the index, extracted once per article version and kept."""
    where = str(store.path)
    by_row = sorted(store.article_versions().items(), key=lambda kv: kv[1][0])
    versions = [(article_id, v[1]) for article_id, v in by_row]  # (id, content hash)
    out: list[Figure] = []
    for article_id, chash in versions:
        key = (where, article_id, chash)
        figs = _FIGURES.get(key)
        if figs is None:
            figs = _article_figures(store, article_id)
            with _FIGURES_LOCK:
                _FIGURES[key] = figs
        out += figs
    live = {(where, a, h) for a, h in versions}
    with _FIGURES_LOCK:  # forget replaced and deleted versions of this index
        for key in [k for k in _FIGURES if k[0] == where and k not in live]:
            del _FIGURES[key]
    return out


def collect_figures(store: Store, phrase: str | None = None) -> list[Figure]:
    """Every catalogue figure in the index, or the figures reported after a free phrase."""
    if phrase is None:
        return catalogue_figures(store)
    out: list[Figure] = []
    for art in store.article_texts():
        sents = store.article_sentences(art["article_id"])
        figs = extract_phrase_figures(
            art["text"], sents, phrase, art["article_id"], art["source"], _ref(art),
            locality=_home(art),
        )  # fmt: skip
        out += _placed(figs, art)
    return out


def series_for(
    store: Store,
    phrase: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    district: str | None = None,
    ward: str | None = None,
    place: str | None = None,
) -> SeriesResult:
    """The series of an indicator named in any language, or of a free phrase."""
    found = matching_indicators(phrase)
    if found:
        ind, related = found[0], tuple(i.id for i in found[1:])
        figs = collect_figures(store)
        rows = build_series(figs, ind.id, since, until, district=district, ward=ward, place=place)
        return SeriesResult(ind.id, ind.label_vi, rows, related)
    figs = collect_figures(store, phrase)
    rows = build_series(figs, None, since, until, district=district, ward=ward, place=place)
    return SeriesResult(None, phrase, rows)
