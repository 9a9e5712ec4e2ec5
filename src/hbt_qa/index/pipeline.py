"""Ingestion pipeline: files → articles → passages → FTS rows and vectors → the store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ArticleError
from ..ingest.articles import discover, parse_article, read_text, text_hash
from ..ingest.crawler import crawl
from ..ingest.duplicates import BodyIndex, Fingerprint, Match, fingerprint
from ..ingest.fetch import Fetcher, Page, is_url, page_text
from ..ingest.passages import embedding_text, make_passages
from ..language.segment import segment_words, syllables
from ..language.text import fold_words
from ..models import Article, IngestReport, Passage, PeriodSpan
from .embed import Embedder, to_blob
from .store import FtsRow, SourceRecord, Store

Progress = Callable[[int, int, str], None]  # done, total, current file
log = logging.getLogger(__name__)


@lru_cache(maxsize=256)
def _title_forms(title: str) -> tuple[str, str]:
    """Syllables and folded form of a title, computed once for all of an article's passages."""
    return syllables(title), fold_words(title)


def fts_row(passage: Passage, title: str) -> FtsRow:
    """The matching forms of a passage (segmented words, syllables, folded) and its title."""
    t_syll, t_folded = _title_forms(title)
    return FtsRow(
        words=segment_words(passage.text),
        syll=syllables(passage.text),
        folded=fold_words(passage.text),
        t_syll=t_syll,
        t_folded=t_folded,
    )


def passage_periods(text: str, ref: str | None) -> tuple[PeriodSpan, ...]:
    """Reporting periods named in a passage, resolved against the article's date."""
    import datetime as dt

    from ..language.periods import find_periods

    day = dt.date.fromisoformat(ref) if ref else None
    return tuple(
        (p.start.isoformat(), p.end.isoformat(), p.kind, p.start_char, p.end_char)
        for p in find_periods(text, ref=day)
    )


EMBED_BATCH = 256  # passages per encode call: bigger calls sort by length better, less padding
# Embed and write a full batch in a worker while the next articles are read and segmented.
OVERLAP = True


@dataclass
class _Prepared:
    """An article split and segmented, waiting for its vectors."""

    article: Article
    passages: list[Passage]
    rows: list[FtsRow]
    added: bool  # new source (else an update)
    fp: Fingerprint


@dataclass
class _Batch:
    """Articles queued until EMBED_BATCH passages can be embedded in one call.

    A full queue is embedded and written by one worker thread while the caller reads, parses
    and segments the next articles (torch releases the GIL while it computes): at most one
    batch is in flight, batches are written in order, each article in its own transaction, and
    an error in the worker is raised by the next ``flush``/``wait``.
    """

    store: Store
    embedder: Embedder
    report: IngestReport
    overlap: bool = True
    items: list[_Prepared] = field(default_factory=list)
    _writing: list[_Prepared] = field(default_factory=list)
    _job: Future[None] | None = None
    _pool: ThreadPoolExecutor | None = None

    def add(self, item: _Prepared) -> None:
        """Queue an article; embed and write the queue once it holds enough passages."""
        self.items.append(item)
        if sum(len(i.passages) for i in self.items) >= EMBED_BATCH:
            self.flush(wait=not self.overlap)

    def holds(self, article_id: str) -> bool:
        """Whether an article of that id is queued or being written (not stored yet)."""
        return any(i.article.article_id == article_id for i in self.items + self._writing)

    def flush(self, wait: bool = True) -> None:
        """Embed and write every queued article (in the worker unless ``wait``)."""
        self.wait()
        items, self.items = self.items, []
        if not items:
            return
        if not wait:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="hbt-qa-embed")
            self._writing = items
            self._job = self._pool.submit(self._write, items)
            return
        self._write(items)

    def wait(self) -> None:
        """Until the batch in flight is stored; its error, if any, is raised here."""
        job, self._job = self._job, None
        if job is None:
            return
        try:
            job.result()
        finally:
            self._writing = []

    def close(self) -> None:
        """Wait for the batch in flight and stop the worker."""
        try:
            self.wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def _write(self, items: list[_Prepared]) -> None:
        """Embed the items' passages in one call, then write each article in its transaction."""
        texts = [embedding_text(i.article, p) for i in items for p in i.passages]
        vectors: Any = self.embedder.embed_passages(texts) if texts else []
        at = 0
        for i in items:
            vecs = [to_blob(v) for v in vectors[at : at + len(i.passages)]]
            at += len(i.passages)
            self.store.replace_article(
                i.article, i.passages, i.rows, vecs, i.fp.stored_key(), i.fp.sketch
            )
            self.report.passages_embedded += len(i.passages)
            (self.report.added if i.added else self.report.updated).append(i.article.source)


def _free(store: Store, article: Article) -> Article:
    """The article under an id no other source holds."""
    # Two file names can fold to one id ("a b.txt", "a-b.txt"): never let one replace the other.
    free = store.free_article_id(article.article_id, article.source)
    return article if free == article.article_id else replace(article, article_id=free)


def prepare_article(
    store: Store, embedder: Embedder, article: Article, paragraphs: list[tuple[int, int]]
) -> tuple[Article, list[Passage], list[FtsRow]]:
    """An article's passages and FTS rows, under a free id; no vectors yet."""
    article = _free(store, article)
    ref = article.meeting_date or article.published
    passages = [
        replace(p, periods=passage_periods(p.text, ref))
        for p in make_passages(article, indexed_spans(article, paragraphs), embedder.count_tokens)
    ]
    return article, passages, [fts_row(p, article.title) for p in passages]


def indexed_spans(article: Article, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every line that is searched and cited: the body and the title and header lines."""
    return sorted({*paragraphs, *article.header_spans})


def index_article(
    store: Store,
    embedder: Embedder,
    article: Article,
    paragraphs: list[tuple[int, int]],
    fp: Fingerprint | None = None,
) -> int:
    """Passages, FTS rows and vectors of one article, written in one transaction."""
    fp = fp or body_fingerprint(article, paragraphs)
    article, passages, rows = prepare_article(store, embedder, article, paragraphs)
    vectors = embedder.embed_passages([embedding_text(article, p) for p in passages])
    blobs = [to_blob(v) for v in vectors]
    store.replace_article(article, passages, rows, blobs, fp.stored_key(), fp.sketch)
    return len(passages)


def body_fingerprint(article: Article, paragraphs: list[tuple[int, int]]) -> Fingerprint:
    """The duplicate fingerprint of an article's body paragraphs."""
    return fingerprint(article.text[a:b] for a, b in paragraphs)


def stored_fingerprints(store: Store) -> BodyIndex:
    """Fingerprints of the stored articles, read once per ingest run."""
    bodies = BodyIndex()
    for aid, source, date, key, sketch in store.fingerprints():
        bodies.add(aid, source, date, Fingerprint.from_stored(key, sketch))
    return bodies


def _record_duplicate(
    store: Store, report: IngestReport, article: Article, match: Match, original: str
) -> None:
    """Record ``article`` as another source of the stored article it copies, with a note."""
    copy = SourceRecord(
        article.source,
        match.article_id,
        article.path,
        article.url,
        article.origin,
        article.content_hash,
        "copy",
        match.similarity,
    )
    store.record_copy(copy)
    how = "exact duplicate" if match.exact else f"near duplicate ({match.similarity:.0%} alike)"
    report.duplicates.append(article.source)
    report.notes.append(
        (article.source, f"{how} of {original}: recorded as another source, not indexed again")
    )


def _index_one(
    batch: _Batch,
    known: dict[str, str],
    source: str,
    read: Callable[[], tuple[Article | None, list[tuple[int, int]], str]],
    where: str,
    bodies: BodyIndex,
) -> None:
    """Read one source and queue it unless unchanged or a copy of a stored article; failures,
    duplicates and notes go to the report."""
    report = batch.report
    try:
        article, paragraphs, note = read()
    except ArticleError as exc:
        report.failed.append((where, str(exc)))
        return
    except Exception as exc:  # a reader's bug or a broken install: this file fails, not the run
        log.debug("reading %s failed", where, exc_info=True)
        report.failed.append((where, unexpected(exc)))
        return
    if note:
        report.notes.append((source, note))
    old = known.get(source)
    if article is None or old == article.content_hash:
        report.unchanged.append(source)
        return
    known[source] = article.content_hash  # a crawl after a single address does not redo it
    fp = body_fingerprint(article, paragraphs)
    found = bodies.match(fp, article.meeting_date, source)
    if found is not None:
        match, original = found
        if batch.holds(match.article_id):
            batch.flush()  # the original must be stored before a copy can point at it
        _record_duplicate(batch.store, report, article, match, original)
        bodies.discard(source)
        return
    if batch.holds(article.article_id):
        batch.flush()  # a free id is chosen against the stored articles: store the queued one
    try:
        article, passages, rows = prepare_article(batch.store, batch.embedder, article, paragraphs)
    except Exception as exc:  # segmenting or counting one odd text never stops the others
        report.failed.append((where, unexpected(exc)))
        return
    bodies.add(article.article_id, source, article.meeting_date, fp)
    batch.add(_Prepared(article, passages, rows, added=not old, fp=fp))


def unexpected(exc: BaseException) -> str:
    """The reason for a failure no reader foresaw: its kind and message, on one short line."""
    text = " ".join(str(exc).split())[:200]
    return f"cannot be read ({type(exc).__name__}{': ' + text if text else ''})"


def _read_file(path: Path, source: str, known: dict[str, str]):
    """A reader for one file that stops before parsing when its text is unchanged."""

    def read() -> tuple[Article | None, list[tuple[int, int]], str]:
        text, note = read_text(path)
        if known.get(source) == text_hash(text):
            return None, [], note  # unchanged: re-ingesting a folder only reads and hashes
        article, paragraphs = parse_article(text, source, str(path))
        return article, paragraphs, note

    return read


def _read_url(fetcher: Fetcher, url: str, page: Page | None = None):
    """A reader for one address (fetching it unless the page is already here)."""

    def read() -> tuple[Article, list[tuple[int, int]], str]:
        got = page or fetcher.get(url)
        text, note = page_text(got)
        article, paragraphs = parse_article(text, url, got.url)
        return article, paragraphs, note

    return read


def ingest_paths(
    store: Store,
    embedder: Embedder,
    paths: Sequence[Path | str],
    *,
    prune: bool = False,
    progress: Progress | None = None,
    crawl_from: Sequence[str] = (),
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """Ingest files, folders and web addresses; unchanged ones are skipped, failures reported.

    ``crawl_from`` holds listing pages or sitemaps whose same-site articles are fetched;
    addresses already in the index are skipped without a request (resumption).
    """
    store.ensure_schema(embedder.info)
    report = IngestReport()
    urls = [str(p) for p in paths if is_url(p)]
    files, missing = discover([Path(p) for p in paths if not is_url(p)])
    report.failed.extend(missing)
    if prune:
        # First, so that a copy whose original file is gone is indexed in its place.
        # Addresses are not files: a folder's prune never removes fetched articles.
        seen = {source for _, source in files}
        gone = [s for s in store.article_hashes() if s not in seen and not is_url(s)]
        report.pruned = store.delete_sources(gone)
    known = store.article_hashes()
    bodies = stored_fingerprints(store)
    batch = _Batch(store, embedder, report, overlap=OVERLAP)
    try:
        _ingest_all(batch, known, bodies, files, urls, crawl_from, fetcher, progress)
        batch.flush()
    finally:
        batch.close()
    return report


def _ingest_all(
    batch: _Batch,
    known: dict[str, str],
    bodies: BodyIndex,
    files: list[tuple[Path, str]],
    urls: list[str],
    crawl_from: Sequence[str],
    fetcher: Fetcher | None,
    progress: Progress | None,
) -> None:
    """Queue every file, address and crawled page (the batch embeds and writes them)."""
    report = batch.report
    total = len(files) + len(urls)
    for i, (path, source) in enumerate(files):
        if progress:
            progress(i, total, source)
        _index_one(batch, known, source, _read_file(path, source, known), str(path), bodies)
    if urls or crawl_from:
        fetcher = fetcher or Fetcher()
    for j, url in enumerate(urls):
        if progress:
            progress(len(files) + j, total, url)
        assert fetcher is not None
        _index_one(batch, known, url, _read_url(fetcher, url), url, bodies)
    done = total
    for start in crawl_from:
        assert fetcher is not None
        try:
            # Page by page, so progress shows while the polite delays pass; the total grows
            # with each page a crawl finds.
            for item in crawl(start, fetcher, known=known):
                if progress:
                    progress(done, done + 1, item.url)
                done += 1
                if item.skipped:
                    report.unchanged.append(item.url)
                elif item.error:
                    report.failed.append((item.url, item.error))
                else:
                    read = _read_url(fetcher, item.url, item.page)
                    _index_one(batch, known, item.url, read, item.url, bodies)
        except ArticleError as exc:
            report.failed.append((start, str(exc)))
    if progress:
        progress(done, done, "")
