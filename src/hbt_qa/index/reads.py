"""Every read of the index: the FTS5 and sqlite-vec legs, passages, articles, checks (simple
reads of one plain table through sqlite-utils, joins and the legs by hand)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..language.places import place_name
from .records import PassageRow, _passage_row

if TYPE_CHECKING:
    import sqlite_utils


class ReadsMixin:
    """The legs' queries, passages and articles for hits and views, counts and checks."""

    conn: Any
    _tables: Callable[[], set[str]]  # Store's

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this thread's connection (Store's)."""
        raise NotImplementedError

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
        """Province, district and ward names the stored records carry (cached per generation)."""
        gen = self.generation()
        cached = getattr(self, "_known_places", None)
        if cached is not None and cached[0] == gen:
            return cached[1]
        rows = self.conn.execute(
            "select district from articles where district is not null "
            "union select ward from articles where ward is not null "
            "union select province from articles where province is not null"
        )
        # Without the unit word ("phường Nhật Tân" → "Nhật Tân"): questions often leave it out.
        names = tuple(sorted({place_name(r[0]) for r in rows if r[0]}))
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
            a.organ, a.district, a.ward, a.chair, a.province, a.year,
            a.organ_kind, a.organ_level, a.place_level, a.meta_sources, a.month
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
        found = dict(zip([d[0] for d in cur.description], row, strict=True))
        found["meta_sources"] = json.loads(found.get("meta_sources") or "{}")
        return found

    def articles(self) -> list[dict[str, Any]]:
        """Every article without its text, newest first."""
        cur = self.conn.execute(
            """select article_id, source, path, url, title, published, meeting_date, origin,
            n_passages, ingested_at, organ, district, ward, chair, province, place_level,
            organ_kind, organ_level, year, meta_sources,
            (select count(*) from sources s where s.article_id = articles.article_id
             and s.kind = 'copy') as copies
            from articles order by coalesce(meeting_date, published) desc, source"""
        )
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur]
        for row in rows:
            row["meta_sources"] = json.loads(row.get("meta_sources") or "{}")
        return rows

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
            "select article_id, source, title, text, published, meeting_date, province, "
            "district, ward, place_level from articles"
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
        tables = {"articles": "articles", "passages": "passages"}
        tables |= {"fts": "passages_fts", "vectors": "passages_vec"}
        return {key: self.db.table(name).count for key, name in tables.items()}

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

    def article_by_source(self, source: str) -> dict[str, Any] | None:
        """Id, title and passage count of the article stored under a source name."""
        rows = self.db.table("articles").rows_where(
            "source = ?", [source], select="article_id, title, n_passages"
        )
        return next(iter(rows), None)

    def audit_rows(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest audit lines, newest first (none in an index without the table)."""
        if "audit" not in self._tables():
            return []
        cur = self.conn.execute(
            "select at, address, user, action, target from audit order by id desc limit ?",
            (int(limit),),
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def feedback_rows(self) -> list[dict[str, Any]]:
        """Every stored 👍/👎, oldest first, citations decoded."""
        rows = self.db.table("feedback").rows_where(order_by="id")
        return [{**row, "citations": json.loads(row["citations"] or "[]")} for row in rows]

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
        return self._by_article_ids("select id, article_id from passages", (), article_ids)

    def article_heads(
        self, article_ids: Sequence[str] | None = None, chars: int = 600
    ) -> list[tuple[str, str]]:
        """(article_id, the first ``chars`` characters of its text) of some articles or all."""
        sql = "select article_id, substr(text, 1, ?) from articles"
        if article_ids is None:
            return self.conn.execute(sql, (int(chars),)).fetchall()
        return self._by_article_ids(sql, (int(chars),), article_ids)

    def _by_article_ids(self, sql: str, args: tuple, article_ids: Sequence[str]) -> list:
        """Rows of ``sql`` for some articles, asked 500 ids at a time (SQLite's variable cap)."""
        out: list = []
        ids = list(article_ids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ", ".join("?" for _ in part)
            where = f"{sql} where article_id in ({marks})"
            out += self.conn.execute(where, (*args, *part)).fetchall()
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
