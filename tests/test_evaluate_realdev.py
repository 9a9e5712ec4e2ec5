"""The evaluation reader on real-record files: doc stems, optional parts, lists, splits.

Everything here is synthetic except the last test, which only counts what ../shared/realdev
holds (evaluation data that is never copied into the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from hbt_qa.evaluate import (
    Outcome,
    Question,
    Report,
    article_rank,
    doc_matches,
    doc_path,
    evaluate,
    evidence_rank,
    load_questions,
    markdown_table,
    reliability_table,
    select_split,
    split_of,
    text_lang,
)
from hbt_qa.goldanswer import answer_correct, required_part
from hbt_qa.models import Answer, Hit

REALDEV = ROOT.parent / "shared" / "realdev"

VI_BODY = (
    "Sáng ngày 14/3/2022, HĐND phường Cây Bàng tổ chức kỳ họp thứ năm.\n"
    "Tổng thu ngân sách của phường đạt 12 tỷ 300 triệu đồng, bằng 64% dự toán năm.\n"
    "Kỳ họp bầu bổ sung các ông Lê Văn Tre và Phan Thị Lúa vào Ban Kinh tế.\n"
)
EN_BODY = (
    "On 9 June 2021, the People's Council of Willow Town held its third session.\n"
    "The town collected VND 45 billion in revenue, 80% of the yearly estimate.\n"
    "Delegates elected Mr Ngo Van Cau as vice chairman of the council.\n"
)


def _write_set(root: Path) -> tuple[Path, Path]:
    """Two synthetic articles in the 'URL:' layout and a question file naming them by stem."""
    arts = root / "articles"
    arts.mkdir()
    (arts / "a01.txt").write_text(
        "URL: https://example.org/cay-bang/ky-hop-5\n\nKỳ họp thứ năm HĐND phường Cây Bàng\n"
        + VI_BODY,
        encoding="utf-8",
    )
    (arts / "a02.txt").write_text(
        "URL: https://example.org/en/willow-town\n\nWillow Town council meets\n" + EN_BODY,
        encoding="utf-8",
    )
    rows = [
        {"id": "t001", "question": "Thu ngân sách phường Cây Bàng năm 2022 đạt bao nhiêu?",
         "lang": "vi", "doc": "a01", "evidence": "đạt 12 tỷ 300 triệu đồng",
         "answer": "12 tỷ 300 triệu đồng (64% dự toán)", "type": "number"},
        {"id": "t002", "question": "How much revenue did Willow Town collect?",
         "lang": "en", "doc": "a02", "evidence": "collected VND 45 billion in revenue",
         "answer": "VND 45 billion", "type": "number"},
        {"id": "t003", "question": "ky hop bau bo sung ai vao ban kinh te phuong cay bang",
         "lang": "vi-nodiacritics", "doc": "a01",
         "evidence": "các ông Lê Văn Tre và Phan Thị Lúa", "answer": "Lê Văn Tre; Phan Thị Lúa",
         "type": "list"},
        {"id": "t004", "question": "Thu ngân sách phường Cây Bàng năm 2030 là bao nhiêu?",
         "lang": "vi", "doc": "", "evidence": "", "answer": "", "type": "no-answer"},
    ]  # fmt: skip
    qfile = root / "questions.jsonl"
    qfile.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return arts, qfile


def _hit(source: str, article_id: str, text: str) -> Hit:
    return Hit(article_id, source, None, "t", None, f"{article_id}:0", text, 0, len(text), 1.0)


def _q(answer: str, type_: str = "fact", doc: str = "a01") -> Question:
    return Question("x", "?", doc, "ev", answer, type_, "vi")


def _ans(text: str, found: bool = True) -> Answer:
    return Answer("?", text, found, [])


def test_loader_reads_stems_and_empty_docs(tmp_path):
    arts, qfile = _write_set(tmp_path)
    qs = load_questions(qfile)
    assert [q.id for q in qs] == ["t001", "t002", "t003", "t004"]
    assert qs[0].doc == "a01" and qs[3].doc is None and not qs[3].answerable
    assert doc_path(arts, "a01") == arts / "a01.txt"
    assert doc_path(arts, "a02.txt") == arts / "a02.txt"
    assert doc_path(arts, "a03") is None


def test_doc_matches_file_name_or_stem():
    assert doc_matches("a01.txt", "a01")
    assert doc_matches("a01.txt", "a01.txt")
    assert doc_matches("sub/a01.txt", "a01")
    assert not doc_matches("a011.txt", "a01")
    assert not doc_matches("a01.txt", "a01.md")


def test_ranks_use_stems_and_distinct_articles():
    q = Question("x", "?", "a02", "45 billion", "VND 45 billion", "number", "en")
    hits = [
        _hit("a01.txt", "a01", "other"),
        _hit("a01.txt", "a01", "other again"),
        _hit("a02.txt", "a02", "no figure here"),
        _hit("a02.txt", "a02", "collected VND 45 billion"),
    ]
    assert article_rank(q, hits) == 2  # the second distinct article
    assert evidence_rank(q, hits) == 4  # the fourth passage holds the evidence


def test_optional_parts_and_lists():
    assert required_part("12 tỷ đồng (64% dự toán)") == "12 tỷ đồng"
    assert answer_correct(_q("12 tỷ 300 triệu đồng (64%)", "number"), _ans("đạt 12,3 tỷ đồng"))
    assert answer_correct(_q("Lê Văn Tre (Phó Chủ tịch)", "person"), _ans("Ông Le Van Tre"))
    both = _ans("Lê Văn Tre, Phan Thị Lúa")
    assert answer_correct(_q("Lê Văn Tre; Phan Thị Lúa", "list"), both)
    assert not answer_correct(_q("Lê Văn Tre; Phan Thị Lúa", "list"), _ans("Lê Văn Tre"))
    # the synthetic sets' ' | ' lists keep their rule: half of the items suffice
    assert answer_correct(_q("thu ngân sách | tuyển sinh", "list"), _ans("thu ngân sách"))
    assert not answer_correct(_q("Lê Văn Tre", "person"), _ans("Lê Văn Tre", found=False))


def test_counts_compare_with_the_picked_value():
    gold = _q("17 tờ trình (về đầu tư công)", "number")
    assert answer_correct(gold, Answer("?", "17: «... thông qua 17 dự thảo ...»", True, [], "17"))
    assert not answer_correct(gold, Answer("?", "12: «... 12 ... 17 ...»", True, [], "12"))
    assert answer_correct(_q("8.981 cử tri", "number"), Answer("?", "x", True, [], "8981"))


def test_dates_without_year_take_the_optional_year():
    gold = _q("sáng 14/3 (2022)", "date")
    assert answer_correct(gold, _ans("Ngày 14/3/2022"))
    assert answer_correct(gold, _ans("sáng ngày 14/3"))
    assert not answer_correct(gold, _ans("Ngày 14/3/2021"))  # another year
    assert not answer_correct(gold, _ans("Ngày 15/3/2022"))
    en = _q("afternoon of 9 June (2021)", "date")
    assert answer_correct(en, _ans("9 June 2021"))
    assert answer_correct(en, _ans("June 9, 2021"))
    assert not answer_correct(en, _ans("9 June 2020"))
    assert answer_correct(_q("14/3/2022", "date"), _ans("14/3/2022"))  # full dates as before


def test_text_lang():
    assert text_lang(VI_BODY) == "vi"
    assert text_lang(EN_BODY + " Hà Nội, Đà Nẵng") == "en"
    assert text_lang("") == "en"


def test_split_is_by_article_and_stable():
    qs = [Question(f"q{i}", "?", f"d{i % 7}", "e", "a", "fact", "vi") for i in range(40)]
    qs += [Question(f"n{i}", "?", None, None, None, "no-answer", "vi") for i in range(10)]
    dev, test = select_split(qs, "dev"), select_split(qs, "test")
    assert dev and test and len(dev) + len(test) == len(qs)
    assert {q.doc for q in dev if q.doc}.isdisjoint({q.doc for q in test if q.doc})
    assert select_split(qs, "all") == qs
    named = Question("z", "?", "d3.txt", "e", "a", "fact", "vi")
    assert split_of(named) == split_of(Question("y", "?", "d3", "e", "a", "fact", "vi"))


def test_wrong_period_rate_counts_other_records_and_answered_no_answers():
    qs = [
        Question("a", "?", "a01", "e", "1", "number", "vi"),
        Question("b", "?", "a01", "e", "1", "number", "en"),
        Question("c", "?", None, None, None, "no-answer", "vi"),
        Question("d", "?", "a02", "e", "1", "number", "vi"),
    ]
    outs = [
        Outcome(1, True, True, "1", 1, "a01.txt"),
        Outcome(None, True, False, "2", None, "a02.txt"),  # another record
        Outcome(None, True, False, "3", None, "a02.txt"),  # answered a no-answer question
        Outcome(None, False, False, "not found", 3, None),  # not answered: not counted
    ]
    r = Report(qs, {"hybrid": outs}, doc_lang={"a01": "vi", "a02": "en"})
    m = r.metrics("hybrid")
    assert m["answered"] == 3 and m["wrong_period_rate"] == pytest.approx(0.667)
    assert m["article_recall@1"] == 0.333 and m["article_recall@5"] == 0.667
    s = r.summary()["hybrid"]
    assert set(s["by_direction"]) == {"vi→vi", "en→vi", "vi→en"}
    assert "dir=en→vi" in markdown_table(r.summary())


def test_the_reliability_curve_bands_the_decisions_probability():
    qs = [Question(x, "?", "a01", "e", "1", "number", "vi") for x in "abcd"]
    qs.append(Question("e", "?", None, None, None, "no-answer", "vi"))
    outs = [
        Outcome(1, True, True, "1", 1, "a01.txt", 0.93),
        Outcome(1, True, False, "2", 1, "a01.txt", 1.0),  # the top band holds 1.0
        Outcome(1, True, True, "1", 1, "a01.txt", 0.45),
        Outcome(1, False, False, "not found", 1, None, 0.1),
        Outcome(None, False, False, "not found", None, None, 0.15),
    ]
    bands = Report(qs, {"hybrid": outs}).summary()["hybrid"]["reliability"]
    assert [b["band"] for b in bands] == ["0.0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1.0"]
    assert bands[0] == {"band": "0.0–0.2", "n": 2, "answered": 0, "right": 0, "answerable": 1}
    assert bands[2]["right"] == 1 and bands[4] == {
        "band": "0.8–1.0", "n": 2, "answered": 2, "right": 1, "answerable": 2
    }  # fmt: skip
    assert "| 0.8–1.0 | 2 | 2 | 1 | 0.50 | 2 |" in reliability_table(
        Report(qs, {"hybrid": outs}).summary()
    )


def test_evaluate_on_url_layout_articles(tmp_path, fake_embedder):
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    arts, qfile = _write_set(tmp_path)
    store = Store(tmp_path / "i.db")
    assert not ingest_paths(store, fake_embedder, [arts]).failed
    qs = load_questions(qfile)
    report = evaluate(store, fake_embedder, qs, modes=("hybrid", "bm25"))
    assert report.doc_lang == {"a01": "vi", "a02": "en"}
    hybrid = report.outcomes["hybrid"]
    assert hybrid[0].article_rank == 1 and hybrid[0].rank is not None
    assert hybrid[1].article_rank is not None
    summary = report.summary()
    assert summary["bm25"]["all"]["n"] == 4
    assert "vi-nodiacritics→vi" in summary["hybrid"]["by_direction"]


def test_realdev_questions_resolve_to_articles():
    if not (REALDEV / "questions.jsonl").is_file():
        pytest.skip(f"no realdev set at {REALDEV} (evaluation data kept outside the repository)")
    qs = load_questions(REALDEV / "questions.jsonl")
    assert len(qs) == 248
    assert all(doc_path(REALDEV / "articles", q.doc) for q in qs if q.doc)
    assert {split_of(q) for q in qs} == {"dev", "test"}


def test_the_stated_value_is_judged_apart_from_the_quote():
    from dataclasses import replace

    from hbt_qa.goldanswer import stated_value_correct

    q = _q("226 nghị quyết", "number")
    quoted = "198 (tính đến 6/4/2031): «ban hành 226 nghị quyết, trong đó 198 nghị quyết …»"
    wrong = replace(_ans(quoted), value="198")
    assert answer_correct(q, wrong) and stated_value_correct(q, wrong) is False
    assert stated_value_correct(q, replace(_ans("226: «…»"), value="226")) is True
    money = _q("12 tỷ 300 triệu đồng (64%)", "number")
    assert stated_value_correct(money, replace(_ans("x"), value="12,3 tỷ đồng")) is True
    assert stated_value_correct(_q("Lê Văn Tre", "person"), _ans("Lê Văn Tre")) is None
    assert stated_value_correct(q, _ans("Không tìm thấy", found=False)) is False
