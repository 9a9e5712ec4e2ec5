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


class WritesMixin:
    """Adding, replacing and deleting articles; sources; feedback."""

    _write_lock: threading.Lock
    conn: Any

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
                organ, district, ward, chair, body_key, sketch, province, place_level,
                organ_kind, organ_level, year, meta_sources)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
                    article.province,
                    article.place_level,
                    article.organ_kind,
                    article.organ_level,
                    article.year,
                    json.dumps(dict(article.meta_sources), ensure_ascii=False),
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
        args: tuple[str, ...]
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
        with self._write_lock, self.conn as c:
            row = c.execute(
                "select source, path from articles where article_id = ?", (article_id,)
            ).fetchone()
            if row is None:
                return None
            self._delete(c, source=row[0], article_id=article_id)
        return {"source": row[0], "path": row[1]}
