"""End to end with the real model, real SQLite and real underthesea on the seed article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED

from hbt_qa.answering.answer import ask
from hbt_qa.answering.search import search
from hbt_qa.errors import ModelMismatchError
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store

pytestmark = pytest.mark.slow

SENTENCE_115 = "tính đến nay giải ngân đạt trên 115 tỷ đồng"
SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "question",
    [
        "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
        "How much had been disbursed by May 2024?",
        "quan da giai ngan duoc bao nhieu",
    ],
)
def test_disbursement_questions_answer_with_115(seed_store, real_embedder, question):
    ans = ask(seed_store, real_embedder, question)
    assert ans.found, ans.text
    assert "115" in (ans.value or "") and "115" in ans.text
    assert SENTENCE_115 in (ans.sentence or "")
    first = ans.citations[0]
    assert first.source == SEED.name
    # Offsets point at the exact sentence and passage in the original article.
    assert SEED_TEXT[ans.sentence_start : ans.sentence_end] == ans.sentence
    assert SEED_TEXT[first.start : first.end] == first.text
    assert first.start <= ans.sentence_start < ans.sentence_end <= first.end
    a, b = ans.highlight
    assert ans.sentence[a:b] == ans.value


def test_search_hits_carry_offsets(seed_store, real_embedder):
    hits = search(seed_store, real_embedder, "phòng cháy chữa cháy mùa nắng nóng", k=3)
    assert "phòng cháy chữa cháy" in hits[0].text
    for h in hits:
        assert SEED_TEXT[h.start : h.end] == h.text


def test_unrelated_question_is_not_answered(seed_store, real_embedder):
    ans = ask(seed_store, real_embedder, "Giá vé máy bay đi Đà Nẵng tháng 7 là bao nhiêu?")
    assert not ans.found
    assert ans.citations, "the nearest passages are still shown"


def test_reingest_and_replace_with_real_model(tmp_path: Path, real_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    store = Store(tmp_path / "i.db")
    ingest_paths(store, real_embedder, [corpus])
    again = ingest_paths(store, real_embedder, [corpus])
    assert again.passages_embedded == 0 and again.unchanged == [SEED.name]
    f = corpus / SEED.name
    f.write_text(SEED_TEXT.replace("trên 115 tỷ đồng", "trên 117 tỷ đồng"), encoding="utf-8")
    changed = ingest_paths(store, real_embedder, [corpus])
    assert changed.updated == [SEED.name]
    ans = ask(store, real_embedder, "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?")
    assert "117" in (ans.value or "")
    assert store.check() == []


def test_index_of_another_model_is_refused(
    tmp_path: Path, corpus_dir: Path, fake_embedder, real_embedder
):
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus_dir])
    with pytest.raises(ModelMismatchError, match="rebuild"):
        ingest_paths(store, real_embedder, [corpus_dir])
