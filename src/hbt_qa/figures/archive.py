"""What an archive holds: its places at every level, its organs, and example questions built
from its most reported indicators and places (for the filters and the chat's examples)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..index.store import Store
from ..language.text import fold
from .extract import Figure
from .indicators import get_indicator
from .trends import catalogue_figures

__all__ = ["archive_organs", "archive_places", "example_questions"]

_LEVELS = ("province", "district", "ward")


def archive_places(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Every place of the records at every level ('tỉnh Đồng Nai', 'huyện Xuân Lộc', 'xã Sơn
    Mùa'), most records first; one entry per name whatever its spelling."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for row in rows:
        for key in _LEVELS:
            name = row.get(key)
            if name:
                shown.setdefault(fold(name), str(name))
                counts[fold(name)] += 1
    return [shown[k] for k, _ in counts.most_common()]


def archive_organs(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The organs of the records as cards show them ('HĐND huyện', 'UBND tỉnh'), most records
    first, then each kind alone ('HĐND'), which matches that kind at every level."""
    shown = Counter(str(r["organ"]) for r in rows if r.get("organ"))
    kinds = Counter(str(r["organ_kind"]) for r in rows if r.get("organ_kind"))
    out = [name for name, _ in shown.most_common()]
    return out + [k for k, _ in kinds.most_common() if k not in out]


def _place_of(f: Figure) -> str | None:
    """The most specific place a figure's record names (with its unit word)."""
    if f.place:
        return f.place.split(",")[0].strip()
    return f.ward or f.district or f.province


def _plain(label: str) -> str:
    """A catalogue label without its note in brackets: "Thu ngân sách quận (sau điều tiết)"."""
    return re.sub(r"\s*\([^)]*\)", "", label).strip()


def example_questions(figures: Iterable[Figure], most: int = 5) -> list[str]:
    """Questions about the archive's most reported (indicator, place, year): one with
    diacritics, one without and one in English, so that each way of asking is shown."""
    counts: Counter[tuple[str, str, int]] = Counter()
    for f in figures:
        place = _place_of(f)
        if f.indicator_id and place and f.period is not None:
            counts[(f.indicator_id, place, f.period.end.year)] += 1
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for (ind_id, place, year), _ in counts.most_common():
        ind = get_indicator(ind_id)
        if ind is None or (ind_id, place) in seen:
            continue
        seen.add((ind_id, place))
        n = len(out)
        if n == 2:
            out.append(f"What was the {_plain(ind.label_en).lower()} in {place} in {year}?")
        else:
            q = f"{_plain(ind.label_vi)} của {place} năm {year} là bao nhiêu?"
            out.append(fold(q) if n == 1 else q)
        if len(out) >= most:
            break
    return out


def archive_examples(store: Store, most: int = 5) -> list[str]:
    """Example questions from an index's figures ([] when it reports none)."""
    return example_questions(catalogue_figures(store), most)
