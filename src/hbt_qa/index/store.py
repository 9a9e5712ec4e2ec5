"""Every SQL statement of hbt_qa: schema, writes, the FTS5 and sqlite-vec legs, reads."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import HbtQaError, IndexMissingError, ModelMismatchError
from ..models import Article, Passage, PeriodSpan, Sentence

SCHEMA_VERSION = 3
MIGRATABLE = (2,)  # older versions upgraded in place (2 → 3 adds record metadata and sources)
FTS_COLUMNS = ("words", "syll", "folded", "t_syll", "t_folded")


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


_ARTICLES_V3_COLUMNS = (
    ("organ", "text"),
    ("district", "text"),
    ("ward", "text"),
    ("chair", "text"),
    ("body_key", "text"),
    ("sketch", "text not null default '[]'"),
)
_SELECT_SOURCES = (
    "select source, article_id, path, url, origin, content_hash, kind, similarity from sources "
)
_SOURCES_DDL = (
    """create table if not exists sources (
        source text primary key,
        article_id text not null references articles(article_id) on delete cascade,
        path text, url text, origin text, content_hash text not null,
        kind text not null check (kind in ('primary', 'copy')), similarity real,
        ingested_at text not null)""",
    "create index if not exists sources_article on sources(article_id)",
    "create index if not exists articles_body_key on articles(body_key)",
)


def _driver() -> Any:
    """The sqlite3 module sqlite-utils uses; it must be able to load extensions."""
    import sqlite_utils.db

    module = sqlite_utils.db.sqlite3
    if not hasattr(module.Connection, "enable_load_extension"):
        raise HbtQaError(
            "This Python's sqlite3 cannot load extensions (needed for sqlite-vec): "
            "run `pip install pysqlite3-binary`"
        )
    return module


class Store:
    """One SQLite index file; a connection per thread, WAL so reads run during writes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()

    # -- connections -------------------------------------------------------------------
    @property
    def conn(self) -> Any:
        """This thread's connection, created on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> Any:
        """Open the file, load sqlite-vec and set pragmas."""
        import sqlite_vec

        sqlite3 = _driver()
        conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        conn.enable_load_extension(False)
        conn.execute("pragma busy_timeout = 30000")
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = normal")
        conn.execute("pragma foreign_keys = on")
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @classmethod
    def open_existing(cls, path: Path | str) -> Store:
        """Open an index that must already exist, or say how to build it."""
        p = Path(path)
        if not p.exists():
            raise IndexMissingError(f"No index at {p}: run `hbt-qa ingest corpus/ --index {p}`")
        store = cls(p)
        if "meta" not in store._tables():
            raise IndexMissingError(
                f"{p} is not an hbt_qa index: run `hbt-qa ingest corpus/ --index {p}`"
            )
        return store

    def _tables(self) -> set[str]:
        """Names of tables in the file."""
        rows = self.conn.execute("select name from sqlite_master where type = 'table'")
        return {r[0] for r in rows}

    # -- schema and meta ---------------------------------------------------------------
    def ensure_schema(self, model: ModelInfo) -> None:
        """Create the schema for ``model``, or check that an existing one matches it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if "meta" in self._tables():
            self.check_compatible(model)
            return
        import sqlite_utils
        import sqlite_vec

        c = self.conn
        with self._write_lock, c:
            # sqlite3 runs DDL outside any transaction unless one is open: without this BEGIN
            # a kill half-way leaves a meta table with no schema version (found by test_crash).
            c.execute("begin immediate")
            c.execute("create table if not exists meta (key text primary key, value text)")
            c.execute(
                """create table if not exists articles (
                    article_id text primary key, source text not null unique, path text,
                    url text, title text not null, published text, meeting_date text,
                    origin text, content_hash text not null, text text not null,
                    n_passages integer not null default 0, ingested_at text not null, """
                + ", ".join(f"{name} {kind}" for name, kind in _ARTICLES_V3_COLUMNS)
                + ")"
            )
            for ddl in _SOURCES_DDL:
                c.execute(ddl)
            c.execute(
                """create table if not exists passages (
                    id integer primary key, passage_id text not null unique,
                    article_id text not null references articles(article_id) on delete cascade,
                    ordinal integer not null, start integer not null, "end" integer not null,
                    text text not null, sentences text not null,
                    periods text not null default '[]')"""
            )
            c.execute("create index if not exists passages_article on passages(article_id)")
            cols = ", ".join(FTS_COLUMNS)
            c.execute(
                f"create virtual table if not exists passages_fts using fts5({cols}, "
                "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
            )
            c.execute(
                "create virtual table if not exists passages_vec using vec0("
                f"embedding float[{int(model.dim)}] distance_metric=cosine)"
            )
            c.execute(
                """create table if not exists feedback (
                    id integer primary key, created_at text not null, question text not null,
                    answer text, rating integer not null, citations text)"""
            )
            meta = {
                "schema_version": str(SCHEMA_VERSION),
                "model_id": model.model_id,
                "model_fingerprint": model.fingerprint,
                "dim": str(model.dim),
                "created_at": _now(),
                "sqlite_version": c.execute("select sqlite_version()").fetchone()[0],
                "sqlite_vec_version": sqlite_vec.__version__
                if hasattr(sqlite_vec, "__version__")
                else c.execute("select vec_version()").fetchone()[0],
                "sqlite_utils_version": getattr(sqlite_utils, "__version__", "?"),
            }
            c.executemany("insert or replace into meta values (?, ?)", list(meta.items()))

    def meta(self) -> dict[str, str]:
        """The meta record as a dict."""
        return dict(self.conn.execute("select key, value from meta").fetchall())

    def set_meta(self, values: dict[str, str]) -> None:
        """Record tool versions and the like."""
        with self._write_lock, self.conn as c:
            c.executemany("insert or replace into meta values (?, ?)", list(values.items()))

    def check_compatible(self, model: ModelInfo | None = None) -> None:
        """Upgrade an index of an older known schema; refuse another version or model."""
        meta = self.meta()
        version = int(meta.get("schema_version", "0"))
        if version in MIGRATABLE:
            self.migrate()
            meta = self.meta()
            version = int(meta.get("schema_version", "0"))
        rebuild = f"rebuild it: `rm {self.path}` then `hbt-qa ingest corpus/ --index {self.path}`"
        if version != SCHEMA_VERSION:
            raise ModelMismatchError(
                f"{self.path} has schema version {version}; this hbt_qa needs "
                f"{SCHEMA_VERSION}: {rebuild}"
            )
        if model is None:
            return
        if meta.get("model_id") != model.model_id or meta.get("model_fingerprint") != (
            model.fingerprint
        ):
            raise ModelMismatchError(
                f"{self.path} was built with model {meta.get('model_id')!r} "
                f"(fingerprint {meta.get('model_fingerprint')}), not {model.model_id!r} "
                f"(fingerprint {model.fingerprint}): set HBT_QA_MODEL back, or {rebuild}"
            )
        if int(meta.get("dim", "0")) != model.dim:
            raise ModelMismatchError(f"{self.path} holds {meta.get('dim')}-d vectors: {rebuild}")

    def migrate(self) -> int:
        """Upgrade a version-2 index in place, in one transaction; returns articles updated.

        Version 3 adds the record metadata (organ, district, ward, chair), the duplicate
        fingerprint of each article and the ``sources`` table. They are derived from the
        stored article text, so nothing is re-embedded. A kill half-way leaves version 2.
        """
        from ..ingest.articles import derived_columns

        c = self.conn
        with self._write_lock, c:
            c.execute("begin immediate")
            row = c.execute("select value from meta where key = 'schema_version'").fetchone()
            if row is None or int(row[0]) not in MIGRATABLE:
                return 0  # another process upgraded it meanwhile
            for name, kind in _ARTICLES_V3_COLUMNS:
                c.execute(f"alter table articles add column {name} {kind}")
            for ddl in _SOURCES_DDL:
                c.execute(ddl)
            rows = c.execute(
                "select article_id, source, path, url, origin, content_hash, text, ingested_at "
                "from articles"
            ).fetchall()
            for aid, source, path, url, origin, chash, text, when in rows:
                cols = derived_columns(text, source)
                c.execute(
                    "update articles set organ = ?, district = ?, ward = ?, chair = ?, "
                    "body_key = ?, sketch = ? where article_id = ?",
                    (
                        cols["organ"],
                        cols["district"],
                        cols["ward"],
                        cols["chair"],
                        cols["body_key"],
                        json.dumps(cols["sketch"]),
                        aid,
                    ),
                )
                c.execute(
                    "insert or replace into sources values (?, ?, ?, ?, ?, ?, 'primary', null, ?)",
                    (source, aid, path, url, origin, chash, when),
                )
            c.execute(
                "insert or replace into meta values ('schema_version', ?), ('migrated_at', ?)",
                (str(SCHEMA_VERSION), _now()),
            )
        return len(rows)

    def model_info(self) -> ModelInfo:
        """The model recorded in the index."""
        meta = self.meta()
        return ModelInfo(meta["model_id"], meta["model_fingerprint"], int(meta["dim"]))

    # -- writes ------------------------------------------------------------------------
    def article_hashes(self) -> dict[str, str]:
        """source → content hash of every stored article and every recorded duplicate."""
        rows = self.conn.execute(
            "select source, content_hash from articles "
            "union all select source, content_hash from sources"
        )
        return dict(rows.fetchall())

    def fingerprints(self) -> list[tuple[str, str, str | None, str | None, list[int]]]:
        """(article id, source, meeting date, body key, sketch) of every article."""
        rows = self.conn.execute(
            "select article_id, source, meeting_date, body_key, sketch from articles"
        )
        return [(r[0], r[1], r[2], r[3], json.loads(r[4] or "[]")) for r in rows]

    def record_copy(self, copy: SourceRecord) -> None:
        """Record a source as a duplicate of a stored article (replacing what it held before)."""
        with self._write_lock, self.conn as c:
            self._delete(c, source=copy.source, article_id=None)
            c.execute(
                "insert into sources values (?, ?, ?, ?, ?, ?, 'copy', ?, ?)",
                (
                    copy.source,
                    copy.article_id,
                    copy.path,
                    copy.url,
                    copy.origin,
                    copy.content_hash,
                    copy.similarity,
                    _now(),
                ),
            )

    def source_record(self, source: str) -> SourceRecord | None:
        """The recorded source of that name, if any."""
        row = self.conn.execute(
            _SELECT_SOURCES + "where source = ?",
            (source,),
        ).fetchone()
        return SourceRecord(*row) if row else None

    def sources_of(self, article_id: str) -> list[SourceRecord]:
        """Every source of an article: the primary one first, then its duplicates."""
        rows = self.conn.execute(
            _SELECT_SOURCES + "where article_id = ? order by kind desc, ingested_at, source",
            (article_id,),
        )
        return [SourceRecord(*r) for r in rows]

    def free_article_id(self, article_id: str, source: str) -> str:
        """``article_id``, or a variant of it when another source already holds that id."""
        row = self.conn.execute(
            "select source from articles where article_id = ?", (article_id,)
        ).fetchone()
        if row is None or row[0] == source:
            return article_id
        own = self.conn.execute(
            "select article_id from articles where source = ?", (source,)
        ).fetchone()
        if own is not None:
            return own[0]
        digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
        return f"{article_id}-{digest}"

    def replace_article(
        self,
        article: Article,
        passages: Sequence[Passage],
        fts: Sequence[FtsRow],
        vectors: Sequence[bytes],
        body_key: str | None = None,
        sketch: Sequence[int] = (),
    ) -> None:
        """Replace one article and everything derived from it in a single transaction.

        Duplicates recorded against the old version are dropped: the next ingest looks at
        them again against the new text.
        """
        if not (len(passages) == len(fts) == len(vectors)):
            raise ValueError("passages, fts rows and vectors must line up")
        now = _now()
        with self._write_lock, self.conn as c:
            self._delete(c, source=article.source, article_id=article.article_id)
            c.execute(_BUMP_GENERATION)
            c.execute(
                """insert into articles (article_id, source, path, url, title, published,
                meeting_date, origin, content_hash, text, n_passages, ingested_at,
                organ, district, ward, chair, body_key, sketch)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    article.article_id,
                    article.source,
                    article.path,
                    article.url,
                    article.title,
                    article.published,
                    article.meeting_date,
                    article.origin,
                    article.content_hash,
                    article.text,
                    len(passages),
                    now,
                    article.organ,
                    article.district,
                    article.ward,
                    article.chair,
                    body_key,
                    json.dumps(list(sketch)),
                ),
            )
            c.execute(
                "insert into sources values (?, ?, ?, ?, ?, ?, 'primary', null, ?)",
                (
                    article.source,
                    article.article_id,
                    article.path,
                    article.url,
                    article.origin,
                    article.content_hash,
                    now,
                ),
            )
            for p, f, v in zip(passages, fts, vectors, strict=True):
                cur = c.execute(
                    """insert into passages (passage_id, article_id, ordinal, start, "end",
                    text, sentences, periods) values (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        p.passage_id,
                        p.article_id,
                        p.ordinal,
                        p.start,
                        p.end,
                        p.text,
                        json.dumps([[s.start, s.end] for s in p.sentences]),
                        json.dumps([list(x) for x in p.periods]),
                    ),
                )
                rowid = cur.lastrowid
                c.execute(
                    "insert into passages_fts (rowid, words, syll, folded, t_syll, t_folded) "
                    "values (?, ?, ?, ?, ?, ?)",
                    (rowid, f.words, f.syll, f.folded, f.t_syll, f.t_folded),
                )
                c.execute("insert into passages_vec (rowid, embedding) values (?, ?)", (rowid, v))

    def delete_sources(self, sources: Iterable[str]) -> list[str]:
        """Delete articles by source name; returns those that existed."""
        done = []
        with self._write_lock, self.conn as c:
            for s in sources:
                if self._delete(c, source=s, article_id=None):
                    done.append(s)
        return done

    @staticmethod
    def _delete(c: Any, *, source: str, article_id: str | None) -> bool:
        """Delete one article's rows (by source, else by id) inside the caller's transaction."""
        if article_id is None:
            query, args = "select article_id from articles where source = ?", (source,)
        else:
            query = "select article_id from articles where source = ? or article_id = ?"
            args = (source, article_id)
        ids = [r[0] for r in c.execute(query, args)]
        if ids:
            c.execute(_BUMP_GENERATION)
        for aid in ids:
            rowids = [
                r[0] for r in c.execute("select id from passages where article_id = ?", (aid,))
            ]
            for rid in rowids:
                c.execute("delete from passages_fts where rowid = ?", (rid,))
                c.execute("delete from passages_vec where rowid = ?", (rid,))
            c.execute("delete from passages where article_id = ?", (aid,))
            c.execute("delete from sources where article_id = ?", (aid,))
            c.execute("delete from articles where article_id = ?", (aid,))
        copies = c.execute("delete from sources where source = ?", (source,)).rowcount
        return bool(ids) or copies > 0

    def add_feedback(self, question: str, answer: str, rating: int, citations: list[str]) -> None:
        """Store a 👍/👎 with the question and the cited passage ids."""
        with self._write_lock, self.conn as c:
            c.execute(
                "insert into feedback (created_at, question, answer, rating, citations) "
                "values (?, ?, ?, ?, ?)",
                (_now(), question, answer, rating, json.dumps(citations)),
            )

    # -- reads -------------------------------------------------------------------------
    def fts_sql(self, match: str, weights: Sequence[float], k: int) -> tuple[str, tuple]:
        """The BM25 query, built apart from running it so it can be shown."""
        w = ", ".join(f"{float(x):g}" for x in weights)
        sql = (
            f"select rowid, bm25(passages_fts, {w}) as score from passages_fts "
            "where passages_fts match ? order by score limit ?"
        )
        return sql, (match, int(k))

    def fts_postings(
        self, match: str, weights: Sequence[float]
    ) -> tuple[int, list[tuple[int, float]]]:
        """(generation, every matching (rowid, bm25 negated)), read in one snapshot."""
        w = ", ".join(f"{float(x):g}" for x in weights)
        sql = f"select rowid, -bm25(passages_fts, {w}) from passages_fts where passages_fts match ?"
        with self.read_snapshot():
            gen = self.generation()
            rows = self.conn.execute(sql, (match,)).fetchall()
        return gen, rows

    def known_places(self) -> tuple[str, ...]:
        """District and ward names the stored records carry (cached per generation)."""
        gen = self.generation()
        cached = getattr(self, "_known_places", None)
        if cached is not None and cached[0] == gen:
            return cached[1]
        rows = self.conn.execute(
            "select district from articles where district is not null "
            "union select ward from articles where ward is not null"
        )
        names = tuple(sorted({r[0] for r in rows if r[0]}))
        self._known_places = (gen, names)
        return names

    def generation(self) -> int:
        """A counter every change to the passages moves (0 for an index that never had one)."""
        row = self.conn.execute("select value from meta where key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def fts_search(self, match: str, weights: Sequence[float], k: int) -> list[tuple[int, float]]:
        """(rowid, bm25) best first; bm25 is negated so that higher is better."""
        sql, params = self.fts_sql(match, weights, k)
        return [(r[0], -r[1]) for r in self.conn.execute(sql, params)]

    def vec_search(self, vector: bytes, k: int) -> list[tuple[int, float]]:
        """(rowid, cosine similarity) of the k nearest passages."""
        rows = self.conn.execute(
            "select rowid, distance from passages_vec where embedding match ? and k = ? "
            "order by distance",
            (vector, int(k)),
        )
        return [(r[0], 1.0 - r[1]) for r in rows]

    def passages_by_rowid(self, rowids: Sequence[int]) -> dict[int, PassageRow]:
        """Passages joined with their articles."""
        if not rowids:
            return {}
        marks = ", ".join("?" for _ in rowids)
        rows = self.conn.execute(
            f"""select p.id, p.passage_id, p.article_id, a.source, a.url, a.title, a.published,
            a.meeting_date, p.start, p."end", p.text, p.sentences, p.periods,
            a.organ, a.district, a.ward, a.chair
            from passages p join articles a on a.article_id = p.article_id
            where p.id in ({marks})""",
            tuple(rowids),
        )
        return {r[0]: _passage_row(r) for r in rows}

    def vectors_by_rowid(self, rowids: Sequence[int]) -> dict[int, bytes]:
        """Stored embeddings of some passages."""
        if not rowids:
            return {}
        if len(rowids) <= 200:
            # vec0 answers `rowid = ?` with a lookup (0.3 ms) but `rowid in (…)` with a scan of
            # every chunk (~95 ms at 100k passages, whatever the list's length).
            sql = "select rowid, embedding from passages_vec where rowid = ?"
            found = (self.conn.execute(sql, (int(r),)).fetchone() for r in rowids)
            return {r[0]: r[1] for r in found if r is not None}
        marks = ", ".join("?" for _ in rowids)
        rows = self.conn.execute(
            f"select rowid, embedding from passages_vec where rowid in ({marks})", tuple(rowids)
        )
        return {r[0]: r[1] for r in rows}

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its text."""
        cur = self.conn.execute("select * from articles where article_id = ?", (article_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def articles(self) -> list[dict[str, Any]]:
        """Every article without its text, newest first."""
        cur = self.conn.execute(
            """select article_id, source, path, url, title, published, meeting_date, origin,
            n_passages, ingested_at, organ, district, ward, chair,
            (select count(*) from sources s where s.article_id = articles.article_id
             and s.kind = 'copy') as copies
            from articles order by coalesce(meeting_date, published) desc, source"""
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def passage_spans(self, article_id: str) -> list[tuple[str, int, int]]:
        """(passage_id, start, end) of one article's passages in order."""
        rows = self.conn.execute(
            'select passage_id, start, "end" from passages where article_id = ? order by ordinal',
            (article_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def article_texts(self) -> list[dict[str, Any]]:
        """Every article with its text and dates, for whole-corpus analyses (figures)."""
        cur = self.conn.execute(
            "select article_id, source, title, text, published, meeting_date from articles"
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def article_sentences(self, article_id: str) -> list[tuple[int, int]]:
        """Every sentence span of an article, in order."""
        rows = self.conn.execute(
            "select sentences from passages where article_id = ? order by ordinal", (article_id,)
        )
        return [(int(a), int(b)) for r in rows for a, b in json.loads(r[0])]

    def passage_at(self, article_id: str, offset: int) -> PassageRow | None:
        """The passage of an article that contains a character offset."""
        row = self.conn.execute(
            'select id from passages where article_id = ? and start <= ? and "end" > ?',
            (article_id, offset, offset),
        ).fetchone()
        return self.passages_by_rowid([row[0]]).get(row[0]) if row else None

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        c = self.conn
        return {
            "articles": c.execute("select count(*) from articles").fetchone()[0],
            "passages": c.execute("select count(*) from passages").fetchone()[0],
            "fts": c.execute("select count(*) from passages_fts").fetchone()[0],
            "vectors": c.execute("select count(*) from passages_vec").fetchone()[0],
        }

    def check(self) -> list[str]:
        """Integrity problems: SQLite's own check plus cross-table consistency."""
        c = self.conn
        problems = [r[0] for r in c.execute("pragma integrity_check") if r[0] != "ok"]
        missing_fts = c.execute(
            "select count(*) from passages p where not exists "
            "(select 1 from passages_fts f where f.rowid = p.id)"
        ).fetchone()[0]
        vec_ids = {r[0] for r in c.execute("select rowid from passages_vec")}
        p_ids = {r[0] for r in c.execute("select id from passages")}
        fts_ids = {r[0] for r in c.execute("select rowid from passages_fts")}
        orphans = c.execute(
            "select count(*) from passages p where not exists "
            "(select 1 from articles a where a.article_id = p.article_id)"
        ).fetchone()[0]
        if missing_fts:
            problems.append(f"{missing_fts} passages have no FTS row")
        if p_ids - vec_ids:
            problems.append(f"{len(p_ids - vec_ids)} passages have no vector")
        if vec_ids - p_ids:
            problems.append(f"{len(vec_ids - p_ids)} vectors belong to no passage")
        if fts_ids - p_ids:
            problems.append(f"{len(fts_ids - p_ids)} FTS rows belong to no passage")
        if orphans:
            problems.append(f"{orphans} passages belong to no article")
        if "sources" in self._tables():
            unsourced = c.execute(
                "select count(*) from articles a where not exists (select 1 from sources s "
                "where s.article_id = a.article_id and s.kind = 'primary')"
            ).fetchone()[0]
            stray = c.execute(
                "select count(*) from sources s where not exists "
                "(select 1 from articles a where a.article_id = s.article_id)"
            ).fetchone()[0]
            if unsourced:
                problems.append(f"{unsourced} articles have no primary source row")
            if stray:
                problems.append(f"{stray} source rows belong to no article")
        return problems

    # -- web app: records tab and feedback ---------------------------------------------
    def delete_article(self, article_id: str) -> dict[str, Any] | None:
        """Delete one article and its passages; returns its source and path, None if absent."""
        with self._write_lock, self.conn as c:
            row = c.execute(
                "select source, path from articles where article_id = ?", (article_id,)
            ).fetchone()
            if row is None:
                return None
            self._delete(c, source=row[0], article_id=article_id)
        return {"source": row[0], "path": row[1]}

    def article_by_source(self, source: str) -> dict[str, Any] | None:
        """Id, title and passage count of the article stored under a source name."""
        row = self.conn.execute(
            "select article_id, title, n_passages from articles where source = ?", (source,)
        ).fetchone()
        if row is None:
            return None
        return {"article_id": row[0], "title": row[1], "n_passages": row[2]}

    def feedback_rows(self) -> list[dict[str, Any]]:
        """Every stored 👍/👎, oldest first, citations decoded."""
        cur = self.conn.execute(
            "select id, created_at, question, answer, rating, citations from feedback order by id"
        )
        cols = [d[0] for d in cur.description]
        out = []
        for r in cur:
            row = dict(zip(cols, r, strict=True))
            row["citations"] = json.loads(row["citations"] or "[]")
            out.append(row)
        return out

    # -- diacritic restoration (restore.py) ----------------------------------------------
    def passages_version(self) -> int:
        """Changes whenever passages are added: the highest passage id (0 when empty)."""
        return self.conn.execute("select coalesce(max(id), 0) from passages").fetchone()[0]

    def passage_texts(self, limit: int) -> list[str]:
        """The text of up to ``limit`` passages, newest first, for counting marked forms."""
        rows = self.conn.execute("select text from passages order by id desc limit ?", (limit,))
        return [r[0] for r in rows]

    # -- the in-process vector matrix (vecmatrix.py): change detection and bulk reads ----------
    def data_version(self) -> int:
        """SQLite's counter of commits by *other* connections, as seen by this thread's one."""
        return int(self.conn.execute("pragma data_version").fetchone()[0])

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """One read transaction: reads inside see a single committed state (WAL snapshot)."""
        c = self.conn
        c.execute("begin")
        try:
            yield
        finally:
            c.execute("commit")

    def article_versions(self) -> dict[str, tuple[int, str, str, int]]:
        """article_id → (row id, content hash, ingested_at, passages): moves when replaced."""
        rows = self.conn.execute(
            "select article_id, rowid, content_hash, ingested_at, n_passages from articles"
        )
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}

    def passage_articles(self, article_ids: Sequence[str] | None = None) -> list[tuple[int, str]]:
        """(passage rowid, article_id) of some articles' passages, or of every passage."""
        if article_ids is None:
            return self.conn.execute("select id, article_id from passages").fetchall()
        out: list[tuple[int, str]] = []
        ids = list(article_ids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ", ".join("?" for _ in part)
            out += self.conn.execute(
                f"select id, article_id from passages where article_id in ({marks})", part
            ).fetchall()
        return out

    def term_docs(self, min_doc: int = 20) -> tuple[int, dict[tuple[str, str], int]]:
        """(passages, (column, term) → passages holding it) for terms in ≥ ``min_doc`` passages.

        One fts5vocab scan (3 s at 100k passages), cached until the highest passage rowid moves by
        5 % (an O(log n) probe): the query planner weighs terms by cost, and document frequencies
        barely move meanwhile.
        """
        top = self.conn.execute("select max(id) from passages").fetchone()[0] or 0
        cached = getattr(self, "_term_docs", None)
        if cached is not None and abs(top - cached[0]) <= 0.05 * cached[0]:
            return cached[1]
        c = self.conn
        total = c.execute("select count(*) from passages").fetchone()[0]
        c.execute(
            "create virtual table if not exists temp.fts_vocab "
            "using fts5vocab(main, passages_fts, 'col')"
        )
        rows = c.execute("select col, term, doc from temp.fts_vocab where doc >= ?", (min_doc,))
        docs = {(r[0], r[1]): r[2] for r in rows}
        self._term_docs = (top, (total, docs))
        return total, docs

    def iter_vectors(self, batch: int = 2048) -> Iterator[list[tuple[int, bytes]]]:
        """Every stored (rowid, embedding), in batches, for loading them into memory."""
        cur = self.conn.execute("select rowid, embedding from passages_vec")
        while rows := cur.fetchmany(batch):
            yield rows


# Every write that adds or removes passages moves the generation, in the same transaction, so a
# reader that saw a generation knows exactly which passages (and FTS rows) it was looking at.
_BUMP_GENERATION = (
    "insert into meta (key, value) values ('generation', '1') "
    "on conflict (key) do update set value = cast(value as integer) + 1"
)


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
    )


def _now() -> str:
    """UTC timestamp for records."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
