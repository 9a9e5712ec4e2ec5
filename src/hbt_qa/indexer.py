"""Ingestion pipeline: files → articles → passages → FTS rows and vectors → the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from .embed import Embedder, to_blob
from .errors import ArticleError
from .ingest import discover, read_article
from .models import Article, IngestReport, Passage, PeriodSpan
from .segment import folded, make_passages, segment_words, syllables
from .store import FtsRow, Store

Progress = Callable[[int, int, str], None]  # done, total, current file


def fts_row(passage: Passage, title: str) -> FtsRow:
    """The matching forms of a passage (segmented words, syllables, folded) and its title."""
    return FtsRow(
        words=segment_words(passage.text),
        syll=syllables(passage.text),
        folded=folded(passage.text),
        t_syll=syllables(title),
        t_folded=folded(title),
    )


def passage_periods(text: str, ref: str | None) -> tuple[PeriodSpan, ...]:
    """Reporting periods named in a passage, resolved against the article's date."""
    import datetime as dt

    from .periods import find_periods

    day = dt.date.fromisoformat(ref) if ref else None
    return tuple(
        (p.start.isoformat(), p.end.isoformat(), p.kind, p.start_char, p.end_char)
        for p in find_periods(text, ref=day)
    )


def index_article(
    store: Store, embedder: Embedder, article: Article, paragraphs: list[tuple[int, int]]
) -> int:
    """Passages, FTS rows and vectors of one article, written in one transaction."""
    # Two file names can fold to one id ("a b.txt", "a-b.txt"): never let one replace the other.
    free = store.free_article_id(article.article_id, article.source)
    if free != article.article_id:
        article = replace(article, article_id=free)
    ref = article.meeting_date or article.published
    passages = [
        replace(p, periods=passage_periods(p.text, ref))
        for p in make_passages(article, paragraphs, embedder.count_tokens)
    ]
    rows = [fts_row(p, article.title) for p in passages]
    vectors = embedder.embed_passages([p.text for p in passages])
    store.replace_article(article, passages, rows, [to_blob(v) for v in vectors])
    return len(passages)


def ingest_paths(
    store: Store,
    embedder: Embedder,
    paths: Sequence[Path],
    *,
    prune: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders; unchanged files are skipped, failures reported per file."""
    store.ensure_schema(embedder.info)
    report = IngestReport()
    files, missing = discover(list(paths))
    report.failed.extend(missing)
    known = store.article_hashes()
    seen: set[str] = set()
    for i, (path, source) in enumerate(files):
        if progress:
            progress(i, len(files), source)
        seen.add(source)
        try:
            article, paragraphs, note = read_article(path, source)
        except ArticleError as exc:
            report.failed.append((str(path), str(exc)))
            continue
        if note:
            report.notes.append((source, note))
        old = known.get(source)
        if old == article.content_hash:
            report.unchanged.append(source)
            continue
        report.passages_embedded += index_article(store, embedder, article, paragraphs)
        (report.updated if old else report.added).append(source)
    if progress:
        progress(len(files), len(files), "")
    if prune:
        gone = [s for s in known if s not in seen]
        report.pruned = store.delete_sources(gone)
    return report
