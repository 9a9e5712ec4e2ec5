"""Schema, versions and migrations of the index (tables, indexes and added columns through
sqlite-utils; FTS5 and vec0 by hand), and its ``meta`` record."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..errors import ModelMismatchError
from .records import ModelInfo

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from pathlib import Path

    import sqlite_utils
    from sqlite_utils.db import ForeignKey, Table

SCHEMA_VERSION = 5
# Older versions upgraded in place: 2 → 3 adds record metadata and sources, 3 → 4 the province,
# the organ's kind and level, the record's year and where each field was read, 4 → 5 the month
# of a page dated by its month alone.
MIGRATABLE = (2, 3, 4)
FTS_COLUMNS = ("words", "syll", "folded", "t_syll", "t_folded")

# The tables as data, created with sqlite-utils (types: str TEXT, int INTEGER, float REAL);
# only the FTS5 and vec0 tables are written by hand. Each tuple: name, type, and for a
# NOT NULL column its default ("" none, None nullable).
Column = tuple[str, type, Any]
_ARTICLES_V1_COLUMNS: tuple[Column, ...] = (
    ("article_id", str, None), ("source", str, ""), ("path", str, None), ("url", str, None),
    ("title", str, ""), ("published", str, None), ("meeting_date", str, None),
    ("origin", str, None), ("content_hash", str, ""), ("text", str, ""),
    ("n_passages", int, 0), ("ingested_at", str, ""),
)  # fmt: skip
_ARTICLES_V3_COLUMNS: tuple[Column, ...] = (
    ("organ", str, None),
    ("district", str, None),
    ("ward", str, None),
    ("chair", str, None),
    ("body_key", str, None),
    ("sketch", str, "[]"),
)
_ARTICLES_V4_COLUMNS: tuple[Column, ...] = (
    ("province", str, None),
    ("place_level", str, None),
    ("organ_kind", str, None),
    ("organ_level", str, None),
    ("year", int, None),
    ("meta_sources", str, "{}"),
)
_ARTICLES_V5_COLUMNS: tuple[Column, ...] = (("month", str, None),)
_SOURCES_COLUMNS: tuple[Column, ...] = (
    ("source", str, None), ("article_id", str, ""), ("path", str, None), ("url", str, None),
    ("origin", str, None), ("content_hash", str, ""), ("kind", str, ""),  # primary or copy
    ("similarity", float, None), ("ingested_at", str, ""),
)  # fmt: skip
_PASSAGES_COLUMNS: tuple[Column, ...] = (
    ("id", int, None), ("passage_id", str, ""), ("article_id", str, ""), ("ordinal", int, ""),
    ("start", int, ""), ("end", int, ""), ("text", str, ""), ("sentences", str, ""),
    ("periods", str, "[]"),
)  # fmt: skip
_FEEDBACK_COLUMNS: tuple[Column, ...] = (
    ("id", int, None), ("created_at", str, ""), ("question", str, ""), ("answer", str, None),
    ("rating", int, ""), ("citations", str, None),
)  # fmt: skip
_SELECT_SOURCES = (
    "select source, article_id, path, url, origin, content_hash, kind, similarity from sources "
)


def _create_table(
    db: sqlite_utils.Database, name: str, columns: tuple[Column, ...], pk: str, **kw: Any
) -> Table:
    """One table from its column tuples (NOT NULL and defaults as they say), if not there."""
    return db.create_table(
        name,
        {col: kind for col, kind, _ in columns},
        pk=pk,
        not_null={col for col, _, default in columns if default is not None and col != pk},
        defaults={col: d for col, _, d in columns if d not in (None, "")},
        if_not_exists=True,
        **kw,
    )


def _owned_by_article(table: str) -> list[ForeignKey]:
    """The article_id foreign key of a table whose rows go with their article."""
    from sqlite_utils.db import ForeignKey

    return [ForeignKey(table, "article_id", "articles", "article_id", on_delete="CASCADE")]


def _create_sources(db: sqlite_utils.Database) -> None:
    """The sources table (version 3) and the indexes that find an article's sources and copies."""
    sources = _create_table(
        db, "sources", _SOURCES_COLUMNS, "source", foreign_keys=_owned_by_article("sources")
    )
    sources.create_index(["article_id"], index_name="sources_article", if_not_exists=True)
    db.table("articles").create_index(
        ["body_key"], index_name="articles_body_key", if_not_exists=True
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


def _put_meta(db: sqlite_utils.Database, values: dict[str, str]) -> None:
    """Insert or update ``meta`` keys."""
    db.table("meta").upsert_all([{"key": k, "value": v} for k, v in values.items()], pk="key")


class SchemaMixin:
    """Creating, checking and upgrading the schema; reading and writing ``meta``."""

    path: Path
    _write_lock: threading.Lock
    conn: Any
    _tables: Callable[[], set[str]]  # Store's
    _writing: Callable[[], AbstractContextManager[sqlite_utils.Database]]  # Store's

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this thread's connection (Store's)."""
        raise NotImplementedError

    def ensure_schema(self, model: ModelInfo) -> None:
        """Create the schema for ``model``, or check that an existing one matches it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if "meta" in self._tables():
            self.check_compatible(model)
            self.ensure_audit()
            return
        import sqlite_utils
        import sqlite_vec

        # One transaction: a kill half-way leaves no meta table with no schema version (found
        # by test_crash); sqlite-utils nests its own work in savepoints inside it.
        with self._writing() as db:
            db.create_table("meta", {"key": str, "value": str}, pk="key", if_not_exists=True)
            articles = _create_table(
                db,
                "articles",
                (
                    *_ARTICLES_V1_COLUMNS,
                    *_ARTICLES_V3_COLUMNS,
                    *_ARTICLES_V4_COLUMNS,
                    *_ARTICLES_V5_COLUMNS,
                ),
                "article_id",
            )
            articles.create_index(
                ["source"], index_name="articles_source", unique=True, if_not_exists=True
            )
            _create_sources(db)
            passages = _create_table(
                db, "passages", _PASSAGES_COLUMNS, "id", foreign_keys=_owned_by_article("passages")
            )
            passages.create_index(
                ["passage_id"], index_name="passages_passage_id", unique=True, if_not_exists=True
            )
            passages.create_index(["article_id"], index_name="passages_article", if_not_exists=True)
            cols = ", ".join(FTS_COLUMNS)
            # FTS5 and vec0 by hand: sqlite-utils' enable_fts makes a content table with
            # triggers, and knows nothing of vec0.
            db.execute(
                f"create virtual table if not exists passages_fts using fts5({cols}, "
                "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
            )
            db.execute(
                "create virtual table if not exists passages_vec using vec0("
                f"embedding float[{int(model.dim)}] distance_metric=cosine)"
            )
            _create_table(db, "feedback", _FEEDBACK_COLUMNS, "id")
            db.execute(_AUDIT_DDL)
            meta = {
                "schema_version": str(SCHEMA_VERSION),
                "model_id": model.model_id,
                "model_fingerprint": model.fingerprint,
                "dim": str(model.dim),
                "created_at": _now(),
                "sqlite_version": db.execute("select sqlite_version()").fetchone()[0],
                "sqlite_vec_version": sqlite_vec.__version__
                if hasattr(sqlite_vec, "__version__")
                else db.execute("select vec_version()").fetchone()[0],
                "sqlite_utils_version": getattr(sqlite_utils, "__version__", "?"),
            }
            _put_meta(db, meta)

    def ensure_audit(self) -> None:
        """The audit table, created in an index made before it existed."""
        if "audit" not in self._tables():
            with self._write_lock, self.conn as c:
                c.execute(_AUDIT_DDL)

    def meta(self) -> dict[str, str]:
        """The meta record as a dict."""
        return {row["key"]: row["value"] for row in self.db.table("meta").rows}

    def set_meta(self, values: dict[str, str]) -> None:
        """Record tool versions and the like."""
        with self._writing() as db:
            _put_meta(db, values)

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
        """Upgrade a version-2, -3 or -4 index in place, in one transaction; returns articles
        updated.

        Version 3 added the record metadata (organ, district, ward, chair), the duplicate
        fingerprint of each article and the ``sources`` table; version 4 adds the province, the
        level of the unit that met, the organ's kind and level, the record's year and where each
        field was read (``meta_sources``), version 5 the month of a page dated by its month alone.
        All are derived from the stored article text, read
        again with today's rules (so are the dates and places of version 3, now read from real
        page layouts and with their unit word); nothing is re-embedded. A kill half-way leaves
        the old version.
        """
        from ..ingest.articles import DERIVED_FIELDS, derived_columns

        with self._writing() as db:
            version = int(self.meta().get("schema_version", "0"))
            if version not in MIGRATABLE:
                return 0  # another process upgraded it meanwhile
            articles = db.table("articles")
            have = set(articles.columns_dict)
            for name, kind, default in (
                *_ARTICLES_V3_COLUMNS,
                *_ARTICLES_V4_COLUMNS,
                *_ARTICLES_V5_COLUMNS,
            ):
                if name not in have:
                    articles.add_column(name, kind, not_null_default=default)
            _create_sources(db)
            rows = list(
                articles.rows_where(
                    select="article_id, source, path, url, origin, content_hash, text, "
                    "ingested_at, published, meeting_date"
                )
            )
            for row in rows:
                cols = derived_columns(row["text"], row["source"])
                values = {name: cols[name] for name in DERIVED_FIELDS}
                values["published"] = cols["published"] or row["published"]
                values["meeting_date"] = cols["meeting_date"] or row["meeting_date"]
                values["meta_sources"] = json.dumps(cols["meta_sources"], ensure_ascii=False)
                values["body_key"] = cols["body_key"]
                values["sketch"] = json.dumps(cols["sketch"])
                articles.update(row["article_id"], values)
                if version < 3:
                    db.table("sources").insert(
                        {
                            **{k: row[k] for k in ("source", "article_id", "path", "url")},
                            "origin": row["origin"],
                            "content_hash": row["content_hash"],
                            "kind": "primary",
                            "similarity": None,
                            "ingested_at": row["ingested_at"],
                        },
                        replace=True,
                    )
            _put_meta(db, {"schema_version": str(SCHEMA_VERSION), "migrated_at": _now()})
        return len(rows)

    def model_info(self) -> ModelInfo:
        """The model recorded in the index."""
        meta = self.meta()
        return ModelInfo(meta["model_id"], meta["model_fingerprint"], int(meta["dim"]))
