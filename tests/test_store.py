"""The index: incremental ingestion, replacement, pruning, failures and model checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED
from fakes import HashEmbedder

from hbt_qa.answering.search import search
from hbt_qa.errors import IndexMissingError, ModelMismatchError, QueryError
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store


def test_ingest_then_reingest_embeds_nothing(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    first = ingest_paths(store, fake_embedder, [corpus_dir])
    assert first.added == [SEED.name] and first.passages_embedded > 0
    before = fake_embedder.embedded
    again = ingest_paths(store, fake_embedder, [corpus_dir])
    assert again.unchanged == [SEED.name] and not again.added and not again.updated
    assert fake_embedder.embedded == before
    assert store.check() == []


def test_changed_article_is_replaced(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    n_before = store.counts()["passages"]
    f = corpus_dir / SEED.name
    f.write_text(f.read_text() + "\nĐoạn mới: quận đã giải ngân đạt 999 tỷ đồng.\n")
    report = ingest_paths(store, fake_embedder, [corpus_dir])
    assert report.updated == [SEED.name]
    counts = store.counts()
    assert counts["articles"] == 1 and counts["passages"] == n_before + 1
    assert counts["fts"] == counts["vectors"] == counts["passages"]
    assert any("999 tỷ" in h.text for h in search(store, fake_embedder, "999 tỷ", k=3))
    assert store.check() == []


def test_bad_files_fail_alone_and_nothing_is_lost(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    (corpus_dir / "empty.txt").write_text("")
    (corpus_dir / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    (corpus_dir / "latin.txt").write_bytes("Thân bài\nCâu".encode("latin-1"))
    (corpus_dir / "good.md").write_text(
        "Bài tốt\n\nNgày 1/6/2024, quận họp bàn về thu ngân sách.\n"
    )
    # The seed file becomes unreadable: its indexed version must survive.
    (corpus_dir / SEED.name).write_bytes(b"\xff\xfe\x00garbage")
    report = ingest_paths(store, fake_embedder, [corpus_dir, tmp_path / "missing"])
    reasons = dict(report.failed)
    assert set(reasons) == {
        str(corpus_dir / "empty.txt"),
        str(corpus_dir / "binary.txt"),
        str(corpus_dir / "latin.txt"),
        str(corpus_dir / SEED.name),
        str(tmp_path / "missing"),
    }
    assert "empty" in reasons[str(corpus_dir / "empty.txt")]
    assert "binary" in reasons[str(corpus_dir / "binary.txt")]
    assert "UTF-8" in reasons[str(corpus_dir / "latin.txt")]
    assert report.added == ["good.md"]
    assert {a["source"] for a in store.articles()} == {SEED.name, "good.md"}
    assert store.check() == []


def test_prune_removes_deleted_files(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    (corpus_dir / "other.txt").write_text("Bài khác\nNgày 2/2/2023, họp bàn.\n")
    ingest_paths(store, fake_embedder, [corpus_dir])
    (corpus_dir / "other.txt").unlink()
    report = ingest_paths(store, fake_embedder, [corpus_dir], prune=True)
    assert report.pruned == ["other.txt"]
    assert [a["source"] for a in store.articles()] == [SEED.name]
    assert store.check() == []


def test_other_model_is_refused(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    other = HashEmbedder(model_id="fake:other")
    with pytest.raises(ModelMismatchError, match="rebuild"):
        ingest_paths(store, other, [corpus_dir])


def test_missing_index_says_how_to_build(tmp_path: Path):
    with pytest.raises(IndexMissingError, match="hbt-qa ingest"):
        Store.open_existing(tmp_path / "nope.db")


@pytest.mark.parametrize(
    "query",
    [
        '"giải',
        "ngân*",
        "giải ngân AND",
        "NEAR(",
        "^ngân",
        "a OR",
        "(vốn",
        "col:giải",
        "🙂 giải ngân 🙂",
    ],
)
def test_fts_syntax_in_queries_is_inert(tmp_path: Path, corpus_dir: Path, fake_embedder, query):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    search(store, fake_embedder, query, k=3)
    search(store, None, query, k=3, mode="bm25")


@pytest.mark.parametrize("query", ['"', "*", "(", "?!", "   ", "\x00\x07", "🙂"])
def test_punctuation_only_query_is_a_clear_error(
    tmp_path: Path, corpus_dir: Path, fake_embedder, query
):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    with pytest.raises(QueryError, match="empty or only punctuation"):
        search(store, fake_embedder, query, k=3)


def test_huge_query_is_capped(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    hits = search(store, fake_embedder, "giải ngân vốn đầu tư " * 500, k=3)
    assert hits


def test_folded_query_finds_marked_text(tmp_path: Path, corpus_dir: Path, fake_embedder):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    hits = search(store, None, "giai ngan", k=3, mode="bm25")
    assert hits and "giải ngân" in hits[0].text


def test_two_sources_same_name_in_subfolders(tmp_path: Path, fake_embedder):
    root = tmp_path / "c"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    shutil.copy(SEED, root / "a" / "x.txt")
    (root / "b" / "x.txt").write_text("Bài B\nNgày 3/3/2023, nội dung khác hẳn.\n")
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [root])
    assert sorted(report.added) == ["a/x.txt", "b/x.txt"]
    assert store.counts()["articles"] == 2


def test_file_names_with_the_same_slug_are_two_articles(tmp_path: Path, fake_embedder):
    # Both are small enough to share one embedding batch (indexer.EMBED_BATCH): the free id of
    # the second is chosen after the first is written.
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a b.txt").write_text("Bài một\nNgày 1/2/2024, nội dung về thu ngân sách.\n")
    (corpus / "a-b.txt").write_text("Bài hai\nNgày 2/2/2024, nội dung về giải ngân.\n")
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [corpus])
    assert sorted(report.added) == ["a b.txt", "a-b.txt"]
    arts = store.articles()
    assert len(arts) == 2 and len({a["article_id"] for a in arts}) == 2
    again = ingest_paths(store, fake_embedder, [corpus])
    assert sorted(again.unchanged) == ["a b.txt", "a-b.txt"]
    assert store.check() == []


# What version 4 wrote by hand before sqlite-utils created the tables (issue 19 point 3), with
# version 5's month: the tables, columns, types, NOT NULL, defaults, keys and cascades must not
# change.
_V4_DDL = (
    "create table meta (key text primary key, value text)",
    """create table articles (
        article_id text primary key, source text not null unique, path text,
        url text, title text not null, published text, meeting_date text,
        origin text, content_hash text not null, text text not null,
        n_passages integer not null default 0, ingested_at text not null, organ text,
        district text, ward text, chair text, body_key text, sketch text not null default '[]',
        province text, place_level text, organ_kind text, organ_level text, year integer,
        meta_sources text not null default '{}', month text)""",
    """create table sources (
        source text primary key,
        article_id text not null references articles(article_id) on delete cascade,
        path text, url text, origin text, content_hash text not null,
        kind text not null check (kind in ('primary', 'copy')), similarity real,
        ingested_at text not null)""",
    """create table passages (
        id integer primary key, passage_id text not null unique,
        article_id text not null references articles(article_id) on delete cascade,
        ordinal integer not null, start integer not null, "end" integer not null,
        text text not null, sentences text not null, periods text not null default '[]')""",
    """create table feedback (
        id integer primary key, created_at text not null, question text not null,
        answer text, rating integer not null, citations text)""",
)


def _shape(conn, table: str) -> tuple:
    """(columns with type, NOT NULL, default and key; foreign keys; unique columns)."""
    cols = [
        (r[1], r[2].lower(), r[3], r[4], r[5]) for r in conn.execute(f"pragma table_info({table})")
    ]
    fks = sorted(r[2:7] for r in conn.execute(f"pragma foreign_key_list({table})"))
    unique = set()
    for idx in conn.execute(f"pragma index_list({table})").fetchall():
        if idx[2]:
            unique |= {r[2] for r in conn.execute(f"pragma index_info('{idx[1]}')")}
    return cols, fks, unique


def test_sqlite_utils_creates_the_same_schema(tmp_path: Path, fake_embedder) -> None:
    import sqlite3

    store = Store(tmp_path / "i.db")
    store.ensure_schema(fake_embedder.info)
    old = sqlite3.connect(":memory:")
    for ddl in _V4_DDL:
        old.execute(ddl)
    for table in ("meta", "articles", "sources", "passages", "feedback"):
        assert _shape(store.conn, table) == _shape(old, table), table
    assert {"articles", "sources", "passages", "passages_fts", "passages_vec"} <= store._tables()
    assert store.db.table("articles").columns_dict["year"] is int
    index_names = {i.name for i in store.db.table("passages").indexes}
    assert {"passages_article", "passages_passage_id"} <= index_names
