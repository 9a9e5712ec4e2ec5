"""Sentences and passages keep exact offsets into the original article."""

from __future__ import annotations

import unicodedata

from conftest import SEED

from hbt_qa.ingest.articles import parse_article, read_article_file
from hbt_qa.ingest.passages import make_passages
from hbt_qa.language.segment import segment_words, split_sentences
from hbt_qa.language.text import fold_words as folded


def test_seed_passages_slice_the_original() -> None:
    article, paragraphs = read_article_file(SEED, SEED.name)
    passages = make_passages(article, paragraphs)
    assert len({p.passage_id for p in passages}) == len(passages)
    for p in passages:
        assert article.text[p.start : p.end] == p.text
        for s in p.sentences:
            piece = article.text[s.start : s.end]
            assert piece == piece.strip() and piece
            assert p.start <= s.start < s.end <= p.end
    sentence = "tính đến nay giải ngân đạt trên 115 tỷ đồng"
    owners = [p for p in passages if sentence in p.text]
    assert len(owners) == 1
    s = [s for s in owners[0].sentences if sentence in article.text[s.start : s.end]]
    assert article.text[s[0].start : s[0].end].startswith("Công tác đầu tư xây dựng")


def test_nfd_article_offsets_stay_in_original() -> None:
    text = unicodedata.normalize("NFD", "Tiêu đề\nCâu thứ nhất về ngân sách. Câu thứ hai về vốn.\n")
    article, paragraphs = parse_article(text, "nfd.txt")
    sents = split_sentences(article.text, *paragraphs[0])
    got = [unicodedata.normalize("NFC", article.text[s.start : s.end]) for s in sents]
    assert got == ["Câu thứ nhất về ngân sách.", "Câu thứ hai về vốn."]


def test_long_paragraph_is_split_under_limit() -> None:
    body = " ".join(f"Câu số {i} nói về giải ngân vốn đầu tư công của quận." for i in range(80))
    article, paragraphs = parse_article("Tiêu đề\n" + body + "\n", "long.txt")
    passages = make_passages(article, paragraphs, max_tokens=120)
    assert len(passages) > 1
    assert all(len(p.text.split()) * 1.6 + 2 <= 120 for p in passages)
    assert passages[0].start == paragraphs[0][0] and passages[-1].end == paragraphs[0][1]


def test_segmented_and_folded_forms() -> None:
    seg = segment_words("Quận đã giải ngân vốn đầu tư")
    assert "giải_ngân" in seg.split() and "đầu_tư" in seg.split()
    assert folded("Giải ngân ĐẦU TƯ") == "giai ngan dau tu"
