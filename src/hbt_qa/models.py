"""Plain records passed between the modules; no I/O here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """One sentence as absolute character offsets into its article's text."""

    start: int
    end: int


# A reporting period found in a passage: (start ISO, end ISO, kind, start, end) with the
# character span relative to the passage text.
PeriodSpan = tuple[str, str, str, int, int]


@dataclass(frozen=True)
class Article:
    """A parsed record: original text for display plus metadata."""

    article_id: str
    source: str
    path: str
    text: str
    body_start: int
    title: str
    url: str | None = None
    published: str | None = None  # ISO date
    meeting_date: str | None = None  # ISO date
    origin: str | None = None  # front matter "source" (e.g. a site name)
    content_hash: str = ""
    organ: str | None = None  # "UBND quận", "HĐND huyện", "Quận ủy", "phường"…
    district: str | None = None  # with its unit word: "quận Hai Bà Trưng", "huyện Xuân Lộc"
    ward: str | None = None  # "phường Bách Khoa", "xã Sơn Mùa", "Phường 1"
    chair: str | None = None  # role and name of whoever presided
    # Title and header lines ("Ngày đăng … | Lượt xem …"): indexed and cited like the body, but
    # not among the body paragraphs (duplicate fingerprint, metadata reading).
    header_spans: tuple[tuple[int, int], ...] = ()
    province: str | None = None  # "thành phố Hà Nội", "tỉnh Đồng Nai"
    place_level: str | None = None  # the unit that met: "province", "district" or "ward"
    organ_kind: str | None = None  # "HĐND", "Thường trực HĐND", "UBND", "Đảng ủy", "MTTQ"
    organ_level: str | None = None  # "huyện", "phường", "tỉnh"…
    year: int | None = None  # of the meeting, else of the page, else of the periods reported
    month: str | None = None  # "YYYY-MM" when the page gives its month but no day ("date 2023-06")
    # field → where it was read: "header", "title", "store", "address", "site", "body",
    # "inferred", "gazetteer", "periods", "front matter" (JSON-ready).
    meta_sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """A slice of an article's body that is indexed and cited."""

    passage_id: str
    article_id: str
    ordinal: int
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...] = ()
    periods: tuple[PeriodSpan, ...] = ()


@dataclass
class Hit:
    """A retrieved passage with its article metadata and fused score."""

    article_id: str
    source: str
    url: str | None
    title: str
    published: str | None
    passage_id: str
    text: str
    start: int
    end: int
    score: float
    meeting_date: str | None = None
    sentences: tuple[Sentence, ...] = ()
    legs: dict[str, float] = field(default_factory=dict)  # rank or score per leg
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
    meta_sources: dict[str, str] = field(default_factory=dict)  # field → where it was read
    month: str | None = None  # "YYYY-MM" of a page dated by its month alone

    def to_json(self) -> dict[str, Any]:
        """The CLI/JSON contract of a hit."""
        return {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "meeting_date": self.meeting_date,
            "organ": self.organ,
            "district": self.district,
            "ward": self.ward,
            "province": self.province,
            "place_level": self.place_level,
            "organ_kind": self.organ_kind,
            "organ_level": self.organ_level,
            "year": self.year,
            "meta_sources": dict(self.meta_sources),
            "chair": self.chair,
            "passage_id": self.passage_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 6),
        }


@dataclass
class Answer:
    """An extractive answer: a value, the sentence it comes from, and its citations."""

    question: str
    text: str
    found: bool
    citations: list[Hit]
    value: str | None = None
    sentence: str | None = None
    sentence_start: int | None = None  # absolute offsets in the first citation's article
    sentence_end: int | None = None
    highlight: tuple[int, int] | None = None  # offsets of the value inside ``sentence``
    lang: str = "vi"
    kind: str = "sentence"  # "sentence", or "series": ``text`` is an escaped Markdown table
    confidence: float | None = None  # P(the best sentence answers), from the answer decision

    def to_json(self) -> dict[str, Any]:
        """The CLI/JSON contract of an answer."""
        out = {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "value": self.value,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "kind": self.kind,
            "citations": [c.to_json() for c in self.citations],
        }
        return out


@dataclass
class IngestReport:
    """Counts and per-file messages of one ingest run."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    passages_embedded: int = 0
    # (source, what was done to read it), e.g. ("old.txt", "converted from VNI")
    notes: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # recorded as another source, not indexed

    def summary(self) -> str:
        """One line for a terminal."""
        parts = [
            f"added {len(self.added)}",
            f"updated {len(self.updated)}",
            f"unchanged {len(self.unchanged)}",
            f"failed {len(self.failed)}",
        ]
        if self.duplicates:
            parts.append(f"duplicates {len(self.duplicates)}")
        if self.pruned:
            parts.append(f"pruned {len(self.pruned)}")
        return ", ".join(parts) + f" ({self.passages_embedded} passages embedded)"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)
