"""The rows the store reads and writes: model info, FTS forms, passage rows, sources."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Hit, PeriodSpan, Sentence


@dataclass(frozen=True)
class ModelInfo:
    """What built the vectors of an index."""

    model_id: str
    fingerprint: str
    dim: int


@dataclass(frozen=True)
class FtsRow:
    """The matching forms of one passage."""

    words: str
    syll: str
    folded: str
    t_syll: str
    t_folded: str


@dataclass(frozen=True)
class PassageRow:
    """A passage joined with its article, as read back for hits and citations."""

    rowid: int
    passage_id: str
    article_id: str
    source: str
    url: str | None
    title: str
    published: str | None
    meeting_date: str | None
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]
    periods: tuple[PeriodSpan, ...] = ()
    organ: str | None = None
    district: str | None = None
    ward: str | None = None
    chair: str | None = None
    province: str | None = None
    year: int | None = None
    organ_kind: str | None = None
    organ_level: str | None = None
    place_level: str | None = None
    meta_sources: dict[str, str] | None = None
    month: str | None = None


@dataclass(frozen=True)
class SourceRecord:
    """Where one copy of an article came from: a file or an address, primary or duplicate."""

    source: str
    article_id: str
    path: str | None
    url: str | None
    origin: str | None
    content_hash: str
    kind: str  # "primary" or "copy"
    similarity: float | None = None


def _passage_row(r: Sequence[Any]) -> PassageRow:
    """Build a PassageRow from a joined row."""
    sents = tuple(Sentence(int(a), int(b)) for a, b in json.loads(r[11]))
    return PassageRow(
        rowid=r[0],
        passage_id=r[1],
        article_id=r[2],
        source=r[3],
        url=r[4],
        title=r[5],
        published=r[6],
        meeting_date=r[7],
        start=r[8],
        end=r[9],
        text=r[10],
        sentences=sents,
        periods=tuple(tuple(x) for x in json.loads(r[12])),
        organ=r[13],
        district=r[14],
        ward=r[15],
        chair=r[16],
        province=r[17] if len(r) > 17 else None,
        year=r[18] if len(r) > 18 else None,
        organ_kind=r[19] if len(r) > 19 else None,
        organ_level=r[20] if len(r) > 20 else None,
        place_level=r[21] if len(r) > 21 else None,
        meta_sources=json.loads(r[22] or "{}") if len(r) > 22 else None,
        month=r[23] if len(r) > 23 else None,
    )


def hit_from_row(row: PassageRow, score: float, legs: dict[str, float]) -> Hit:
    """A Hit from a stored passage row."""
    return Hit(
        article_id=row.article_id,
        source=row.source,
        url=row.url,
        title=row.title,
        published=row.published,
        passage_id=row.passage_id,
        text=row.text,
        start=row.start,
        end=row.end,
        score=score,
        meeting_date=row.meeting_date,
        sentences=row.sentences,
        legs=legs,
        periods=row.periods,
        organ=row.organ,
        district=row.district,
        ward=row.ward,
        chair=row.chair,
        province=row.province,
        year=row.year,
        organ_kind=row.organ_kind,
        organ_level=row.organ_level,
        place_level=row.place_level,
        meta_sources=dict(row.meta_sources or {}),
        month=row.month,
    )
