"""Schema, versions and migrations of the index, and its ``meta`` record."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..errors import ModelMismatchError
from .records import ModelInfo

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from pathlib import Path

SCHEMA_VERSION = 4
# Older versions upgraded in place: 2 → 3 adds record metadata and sources, 3 → 4 the province,
# the organ's kind and level, the record's year and where each field was read.
MIGRATABLE = (2, 3)
FTS_COLUMNS = ("words", "syll", "folded", "t_syll", "t_folded")

_ARTICLES_V3_COLUMNS = (
    ("organ", "text"),
    ("district", "text"),
    ("ward", "text"),
    ("chair", "text"),
    ("body_key", "text"),
    ("sketch", "text not null default '[]'"),
)
_ARTICLES_V4_COLUMNS = (
    ("province", "text"),
    ("place_level", "text"),
    ("organ_kind", "text"),
    ("organ_level", "text"),
    ("year", "integer"),
    ("meta_sources", "text not null default '{}'"),
)
# Columns read again from the stored text on an upgrade (the reading of them improved).
_DERIVED = (
    "organ", "district", "ward", "chair", "province", "place_level", "organ_kind",
    "organ_level", "year", "published", "meeting_date",
)  # fmt: skip
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

# Sign-ins and administrators' actions; no version change: an older index gets it when opened.
_AUDIT_DDL = """create table if not exists audit (
    id integer primary key, at text not null, address text, user text,
    action text not null, target text)"""


# Every write that adds or removes passages moves the generation, in the same transaction, so a
# reader that saw a generation knows exactly which passages (and FTS rows) it was looking at.
_BUMP_GENERATION = (
    "insert into meta (key, value) values ('generation', '1') "
    "on conflict (key) do update set value = cast(value as integer) + 1"
)


def _now() -> str:
    """UTC timestamp for records."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class SchemaMixin:
    """Creating, checking and upgrading the schema; reading and writing ``meta``."""

    path: Path
    _write_lock: threading.Lock
    conn: Any
    _tables: Callable[[], set[str]]  # Store's

    def ensure_schema(self, model: ModelInfo) -> None:
        """Create the schema for ``model``, or check that an existing one matches it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if "meta" in self._tables():
            self.check_compatible(model)
            self.ensure_audit()
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
                + ", ".join(
                    f"{name} {kind}" for name, kind in (*_ARTICLES_V3_COLUMNS, *_ARTICLES_V4_COLUMNS)
                )
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
            c.execute(_AUDIT_DDL)
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

    def ensure_audit(self) -> None:
        """The audit table, created in an index made before it existed."""
        if "audit" not in self._tables():
            with self._write_lock, self.conn as c:
                c.execute(_AUDIT_DDL)

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
        """Upgrade a version-2 or -3 index in place, in one transaction; returns articles updated.

        Version 3 added the record metadata (organ, district, ward, chair), the duplicate
        fingerprint of each article and the ``sources`` table; version 4 adds the province, the
        level of the unit that met, the organ's kind and level, the record's year and where each
        field was read (``meta_sources``). All are derived from the stored article text, read
        again with today's rules (so are the dates and places of version 3, now read from real
        page layouts and with their unit word); nothing is re-embedded. A kill half-way leaves
        the old version.
        """
        from ..ingest.articles import derived_columns

        c = self.conn
        with self._write_lock, c:
            c.execute("begin immediate")
            row = c.execute("select value from meta where key = 'schema_version'").fetchone()
            if row is None or int(row[0]) not in MIGRATABLE:
                return 0  # another process upgraded it meanwhile
            version = int(row[0])
            have = {r[1] for r in c.execute("pragma table_info(articles)")}
            for name, kind in (*_ARTICLES_V3_COLUMNS, *_ARTICLES_V4_COLUMNS):
                if name not in have:
                    c.execute(f"alter table articles add column {name} {kind}")
            for ddl in _SOURCES_DDL:
                c.execute(ddl)
            rows = c.execute(
                "select article_id, source, path, url, origin, content_hash, text, ingested_at, "
                "published, meeting_date from articles"
            ).fetchall()
            sets = ", ".join(f"{name} = ?" for name in _DERIVED)
            for aid, source, path, url, origin, chash, text, when, published, meeting in rows:
                cols = derived_columns(text, source)
                cols["published"] = cols["published"] or published
                cols["meeting_date"] = cols["meeting_date"] or meeting
                c.execute(
                    f"update articles set {sets}, meta_sources = ?, body_key = ?, sketch = ? "
                    "where article_id = ?",
                    (
                        *(cols[name] for name in _DERIVED),
                        json.dumps(cols["meta_sources"], ensure_ascii=False),
                        cols["body_key"],
                        json.dumps(cols["sketch"]),
                        aid,
                    ),
                )
                if version < 3:
                    c.execute(
                        "insert or replace into sources values "
                        "(?, ?, ?, ?, ?, ?, 'primary', null, ?)",
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
