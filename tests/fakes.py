"""Small fakes for fast unit tests (integration tests use the real model)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from hbt_qa.index.store import ModelInfo
from hbt_qa.language.text import fold
from hbt_qa.models import Hit


class HashEmbedder:
    """Bag of folded syllables hashed into 64 dimensions; counts every passage it embeds."""

    def __init__(self, model_id: str = "fake:hash64", dim: int = 64) -> None:
        self.info = ModelInfo(model_id=model_id, fingerprint="f" * 16, dim=dim)
        self.embedded = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.info.dim, dtype=np.float32)
        for w in re.findall(r"\w+", fold(text)):
            h = int(hashlib.md5(w.encode()).hexdigest(), 16)
            v[h % self.info.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v + 1.0 / np.sqrt(self.info.dim)

    def embed_passages(self, texts):
        self.embedded += len(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.info.dim))

    def embed_query(self, text):
        return self._vec(text)

    def count_tokens(self, text):
        return int(len(text.split()) * 1.6) + 2


def indexed_articles(root: object, articles: dict[str, tuple[str, str, str]]) -> object:
    """A Store under ``root`` holding {file name: (title, published, body)} as .txt articles."""
    from pathlib import Path

    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    corpus = Path(str(root)) / "corpus"
    corpus.mkdir()
    for name, (title, day, body) in articles.items():
        text = f"---\ntitle: {title}\npublished: {day}\n---\n{title}\n\n{body}\n"
        (corpus / name).write_text(text, encoding="utf-8")
    store = Store(Path(str(root)) / "i.db")
    assert not ingest_paths(store, HashEmbedder(), [corpus]).failed
    return store


# A synthetic upload used by the web and abuse tests.
NEW_ARTICLE = """---
title: Phiên họp UBND quận tháng 7 năm 2024
published: 2024-07-12
---
Ngày 10/7/2024, UBND quận họp về cải tạo hồ Thanh Nhàn.

Kinh phí cải tạo hồ Thanh Nhàn được phê duyệt là 37 tỷ 500 triệu đồng.
"""


def hit(**kw: object) -> Hit:
    """A search hit with plain defaults; keyword arguments set any field."""
    base = dict(
        article_id="a", source="a.txt", url=None, title="T", published=None,
        passage_id="a#p0", text="Thu ngân sách.", start=0, end=14, score=1.0,
    )  # fmt: skip
    base.update(kw)
    return Hit(**base)  # type: ignore[arg-type]
