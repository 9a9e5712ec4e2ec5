"""Diacritic restoration from the index's own vocabulary: the pure core and the store edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from hbt_qa.answering.restore import count_forms, restore, restored_query, vocab_for
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.query import plan_query
from hbt_qa.index.store import Store

TEXTS = [
    "Giải ngân vốn đầu tư công đạt trên 115 tỷ đồng.",
    "Tổng thu ngân sách trên địa bàn đạt 4.206 tỷ đồng; thu ngân sách quận sau điều tiết.",
    "Từ ngày 22/9/2023, Lễ hội Thu Hà Nội bắt đầu; tư vấn đầu tư cho doanh nghiệp.",
]


def test_restores_the_most_used_forms() -> None:
    vocab = count_forms(TEXTS)
    assert restore("giai ngan von dau tu cong", vocab) == "giải ngân vốn đầu tư công"
    assert restore("tong thu ngan sach", vocab) == "tổng thu ngân sách"


def test_adjacent_pairs_choose_between_forms() -> None:
    vocab = count_forms(TEXTS * 3 + ["từ từ từ từ từ"])  # "từ" is the commoner form alone
    assert restore("dau tu", vocab) == "đầu tư"  # but "đầu tư" is the attested pair


def test_case_punctuation_numbers_and_unknown_words_are_kept() -> None:
    vocab = count_forms(TEXTS)
    assert restore("Giai ngan 5 thang, xyz?", vocab) == "Giải ngân 5 thang, xyz?"
    assert restore("GIAI NGAN", vocab) == "GIẢI NGÂN"
    assert restore("đã giai ngan", vocab) == "đã giải ngân"  # marked words stay as typed
    assert restore("", vocab) == ""


@pytest.fixture
def two_article_store(tmp_path: Path, fake_embedder) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, text in enumerate(TEXTS[:2]):
        body = f"---\ntitle: Phiên họp {i}\npublished: 2024-05-3{i}\n---\nPhiên họp {i}\n\n{text}\n"
        (corpus / f"a{i}.txt").write_text(body, encoding="utf-8")
    store = Store(tmp_path / "i.db")
    assert not ingest_paths(store, fake_embedder, [corpus]).failed
    return store


def test_store_edge_counts_passages_and_follows_new_ones(two_article_store: Store) -> None:
    store = two_article_store
    assert store.passages_version() > 0
    texts = store.passage_texts(10)
    assert any("Giải ngân vốn" in t for t in texts) and len(store.passage_texts(1)) == 1
    vocab = vocab_for(store)
    assert vocab is vocab_for(store), "counted once per index version"
    assert "giải" in vocab.candidates("giai")


def test_only_diacritic_free_questions_are_restored(two_article_store: Store) -> None:
    plain = plan_query("quan da giai ngan duoc bao nhieu")
    assert plain.lang == "vi-nodiac"
    restored = restored_query(two_article_store, plain)
    # "quận" and "bao nhiêu" come from the built-in seed words, "giải ngân" from the records.
    assert restored.startswith("quận ") and restored.endswith(" giải ngân được bao nhiêu")
    marked = plan_query("Quận đã giải ngân được bao nhiêu?")
    assert restored_query(two_article_store, marked) == marked.text
