"""Every write of the index: articles with their passages, sources, deletes, feedback."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..models import Article, Passage
from .records import FtsRow, SourceRecord
from .schema import _BUMP_GENERATION, _SELECT_SOURCES, _now

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    import sqlite_utils


class WritesMixin:
    """Adding, replacing and deleting articles; sources; feedback."""

    _write_lock: threading.Lock
    conn: Any
    _writing: Callable[[], AbstractContextManager[sqlite_utils.Database]]  # Store's

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
        with self._writing() as db:
            self._delete(db, source=copy.source, article_id=None)
            db.table("sources").insert(
                {
                    "source": copy.source,
                    "article_id": copy.article_id,
                    "path": copy.path,
                    "url": copy.url,
                    "origin": copy.origin,
                    "content_hash": copy.content_hash,
                    "kind": "copy",
                    "similarity": copy.similarity,
                    "ingested_at": _now(),
                }
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
        with self._writing() as db:
            self._delete(db, source=article.source, article_id=article.article_id)
            db.execute(_BUMP_GENERATION)
            db.table("articles").insert(
                {
                    "article_id": article.article_id,
                    "source": article.source,
                    "path": article.path,
                    "url": article.url,
                    "title": article.title,
                    "published": article.published,
                    "meeting_date": article.meeting_date,
                    "origin": article.origin,
                    "content_hash": article.content_hash,
                    "text": article.text,
                    "n_passages": len(passages),
                    "ingested_at": now,
                    "organ": article.organ,
                    "district": article.district,
                    "ward": article.ward,
                    "chair": article.chair,
                    "body_key": body_key,
                    "sketch": json.dumps(list(sketch)),
                    "province": article.province,
                    "place_level": article.place_level,
                    "organ_kind": article.organ_kind,
                    "organ_level": article.organ_level,
                    "year": article.year,
                    "month": article.month,
                    "meta_sources": json.dumps(dict(article.meta_sources), ensure_ascii=False),
                }
            )
            db.table("sources").insert(
                {
                    "source": article.source,
                    "article_id": article.article_id,
                    "path": article.path,
                    "url": article.url,
                    "origin": article.origin,
                    "content_hash": article.content_hash,
                    "kind": "primary",
                    "similarity": None,
                    "ingested_at": now,
                }
            )
            db.table("passages").insert_all(
                {
                    "passage_id": p.passage_id,
                    "article_id": p.article_id,
                    "ordinal": p.ordinal,
                    "start": p.start,
                    "end": p.end,
                    "text": p.text,
                    "sentences": json.dumps([[s.start, s.end] for s in p.sentences]),
                    "periods": json.dumps([list(x) for x in p.periods]),
                }
                for p in passages
            )
            ids = dict(
                db.execute(
                    "select passage_id, id from passages where article_id = ?",
                    (article.article_id,),
                ).fetchall()
            )
            # FTS5 and vec0 rows by hand, keyed by the passage's rowid.
            for p, f, v in zip(passages, fts, vectors, strict=True):
                rowid = ids[p.passage_id]
                db.execute(
                    "insert into passages_fts (rowid, words, syll, folded, t_syll, t_folded) "
                    "values (?, ?, ?, ?, ?, ?)",
                    (rowid, f.words, f.syll, f.folded, f.t_syll, f.t_folded),
                )
                db.execute("insert into passages_vec (rowid, embedding) values (?, ?)", (rowid, v))

    def delete_sources(self, sources: Iterable[str]) -> list[str]:
        """Delete articles by source name; returns those that existed."""
        done = []
        with self._writing() as db:
            for s in sources:
                if self._delete(db, source=s, article_id=None):
                    done.append(s)
        return done

    @staticmethod
    def _delete(db: sqlite_utils.Database, *, source: str, article_id: str | None) -> bool:
        """Delete one article's rows (by source, else by id) inside the caller's transaction."""
        articles = db.table("articles")
        if article_id is None:
            where, args = "source = ?", [source]
        else:
            where, args = "source = ? or article_id = ?", [source, article_id]
        ids = [r["article_id"] for r in articles.rows_where(where, args, select="article_id")]
        if ids:
            db.execute(_BUMP_GENERATION)
        for aid in ids:
            rowids = [r["id"] for r in db.table("passages").rows_where("article_id = ?", [aid])]
            for rid in rowids:
                db.execute("delete from passages_fts where rowid = ?", (rid,))
                db.execute("delete from passages_vec where rowid = ?", (rid,))
            db.table("passages").delete_where("article_id = ?", [aid])
            db.table("sources").delete_where("article_id = ?", [aid])
            articles.delete_where("article_id = ?", [aid])
        copies = db.table("sources").count_where("source = ?", [source])
        db.table("sources").delete_where("source = ?", [source])
        return bool(ids) or copies > 0

    def add_feedback(self, question: str, answer: str, rating: int, citations: list[str]) -> None:
        """Store a 👍/👎 with the question and the cited passage ids."""
        with self._writing() as db:
            db.table("feedback").insert(
                {
                    "created_at": _now(),
                    "question": question,
                    "answer": answer,
                    "rating": rating,
                    "citations": json.dumps(citations),
                }
            )

    def add_audit(self, address: str, user: str, action: str, target: str) -> None:
        """Append one line to the audit log (sign-ins and administrators' actions)."""
        with self._write_lock, self.conn as c:
            c.execute(
                "insert into audit (at, address, user, action, target) values (?, ?, ?, ?, ?)",
                (_now(), address, user, action, target),
            )

    # -- web app: records tab and feedback ---------------------------------------------
    def delete_article(self, article_id: str) -> dict[str, Any] | None:
        """Delete one article and its passages; returns its source and path, None if absent."""
        with self._writing() as db:
            found = list(
                db.table("articles").rows_where(
                    "article_id = ?", [article_id], select="source, path"
                )
            )
            if not found:
                return None
            self._delete(db, source=found[0]["source"], article_id=article_id)
        return dict(found[0])
