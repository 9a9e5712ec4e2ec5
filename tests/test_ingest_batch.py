"""Ingestion embeds passages of many articles per call, and still writes article by article."""

from __future__ import annotations

from pathlib import Path

from hbt_qa import indexer
from hbt_qa.indexer import ingest_paths
from hbt_qa.store import Store


class CountingEmbedder:
    """Wraps the fake embedder and records the size of every embed_passages call."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.info = inner.info
        self.calls: list[int] = []

    def embed_passages(self, texts):
        self.calls.append(len(texts))
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def _corpus(folder: Path, n: int) -> Path:
    """``n`` small articles of three passages each."""
    folder.mkdir()
    for i in range(n):
        body = "\n".join(
            f"Đoạn {j} của bài {i}: thu ngân sách quận đạt {i * 10 + j} tỷ đồng." for j in range(3)
        )
        (folder / f"bai-{i:02d}.txt").write_text(f"Bài số {i}\nNgày 1/2/2024\n{body}\n", "utf-8")
    return folder


def test_passages_of_many_articles_share_an_embedding_call(
    tmp_path: Path, fake_embedder, monkeypatch
):
    monkeypatch.setattr(indexer, "EMBED_BATCH", 10)
    emb = CountingEmbedder(fake_embedder)
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, emb, [_corpus(tmp_path / "c", 7)])
    total = store.counts()["passages"]
    assert len(report.added) == 7 and report.passages_embedded == total == sum(emb.calls)
    assert len(emb.calls) < 7 and max(emb.calls) >= 10
    assert store.check() == []
    assert sorted(a["source"] for a in store.articles()) == [f"bai-{i:02d}.txt" for i in range(7)]


def test_same_vectors_as_one_article_at_a_time(tmp_path: Path, fake_embedder, monkeypatch):
    folder = _corpus(tmp_path / "c", 5)
    batched = Store(tmp_path / "b.db")
    ingest_paths(batched, fake_embedder, [folder])
    monkeypatch.setattr(indexer, "EMBED_BATCH", 1)
    single = Store(tmp_path / "s.db")
    ingest_paths(single, fake_embedder, [folder])
    ids = list(range(1, batched.counts()["passages"] + 1))
    assert batched.vectors_by_rowid(ids) == single.vectors_by_rowid(ids)
    assert batched.passages_by_rowid(ids) == single.passages_by_rowid(ids)
