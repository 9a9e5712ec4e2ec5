"""Ingestion embeds passages of many articles per call, and still writes article by article."""

from __future__ import annotations

from pathlib import Path

from hbt_qa.index import pipeline as indexer
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store


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


class SlowEmbedder(CountingEmbedder):
    """Takes its time per call and notes when each call ran; may fail on one call."""

    def __init__(self, inner, fail_on: int | None = None) -> None:
        super().__init__(inner)
        self.spans: list[tuple[float, float]] = []
        self.fail_on = fail_on

    def embed_passages(self, texts):
        import time

        start = time.perf_counter()
        if self.fail_on is not None and len(self.calls) + 1 == self.fail_on:
            self.calls.append(len(texts))
            raise RuntimeError("embedding failed")
        time.sleep(0.2)
        out = super().embed_passages(texts)
        self.spans.append((start, time.perf_counter()))
        return out


def test_the_next_articles_are_prepared_while_a_batch_is_embedded(
    tmp_path: Path, fake_embedder, monkeypatch
):
    import time

    monkeypatch.setattr(indexer, "EMBED_BATCH", 6)
    prepared: list[float] = []
    real_prepare = indexer.prepare_article

    def noting(*args, **kw):
        prepared.append(time.perf_counter())
        return real_prepare(*args, **kw)

    monkeypatch.setattr(indexer, "prepare_article", noting)
    emb = SlowEmbedder(fake_embedder)
    s = Store(tmp_path / "i.db")
    report = ingest_paths(s, emb, [_corpus(tmp_path / "c", 8)])
    assert len(report.added) == 8 and s.counts()["articles"] == 8
    assert report.added == sorted(report.added)  # written in order
    during = [t for t in prepared for a, b in emb.spans if a < t < b]
    assert during, "no article was prepared while a batch was being embedded"


def test_an_error_in_the_worker_stops_the_ingest_and_keeps_what_was_written(
    tmp_path: Path, fake_embedder, monkeypatch
):
    import pytest

    monkeypatch.setattr(indexer, "EMBED_BATCH", 6)
    emb = SlowEmbedder(fake_embedder, fail_on=2)
    s = Store(tmp_path / "i.db")
    with pytest.raises(RuntimeError, match="embedding failed"):
        ingest_paths(s, emb, [_corpus(tmp_path / "c", 8)])
    assert s.counts()["articles"] == 2  # the first batch (two articles of three passages)
    assert s.check() == []
