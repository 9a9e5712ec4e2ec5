"""Retrieval across languages: Vietnamese questions on English pages and the other way round."""

from __future__ import annotations

from hbt_qa.answering.overlap import coverage, crosslingual_coverage
from hbt_qa.index.query import plan_query

QUESTION = "HĐND thành phố Hải Phòng thông qua bao nhiêu nghị quyết về dự toán năm 2023?"
EN_PAGE = "The Hai Phong People's Council adopted 12 resolutions on the 2023 estimates."
VI_PAGE = "Hội đồng nhân dân thành phố Hải Phòng thông qua 12 nghị quyết."


def test_an_english_page_covers_a_vietnamese_question_by_its_english_terms() -> None:
    plan = plan_query(QUESTION)
    assert coverage(plan, EN_PAGE) < 0.2  # none of its Vietnamese words but the place's
    # "resolution" runs on into "resolutions", "estimate" into "estimates"; "haiphong" is
    # written apart; "people s council" and "council" as they are.
    assert crosslingual_coverage(plan, EN_PAGE) > 0.6
    assert crosslingual_coverage(plan, EN_PAGE) > crosslingual_coverage(plan, VI_PAGE)


def test_an_english_question_has_no_crosslingual_coverage() -> None:
    plan = plan_query("How many resolutions did the Hai Phong council adopt in 2023?")
    assert crosslingual_coverage(plan, EN_PAGE) == 0.0


def test_meeting_words_translate_both_ways() -> None:
    """ "expected to close", "co-chaired", "voter", "secretary" and their record terms."""
    plan = plan_query("When is the Hoa Binh ward council session expected to close?")
    assert {"du", "kien", "be", "mac"} <= set(plan.terms)
    assert {"dong", "chu", "toa"} <= set(plan_query("Who co-chaired the session?").terms)
    assert {"cu", "tri"} <= set(plan_query("When did each voter meet the council?").terms)
    assert "secretary" in plan_query("Bí thư Đảng ủy phường Hoà Bình là ai?").crosslingual


def test_the_glossary_covers_the_words_of_council_business_both_ways() -> None:
    from hbt_qa.language.glossary import english_terms, vietnamese_terms_in_english

    assert "chuyên đề" in english_terms("When was the thematic session held?")
    assert "đồng ý" in english_terms("What share of voters supported the plan?")
    assert "tán thành" in english_terms("How many voters backed the merger?")
    assert "quyết toán" in english_terms("What did the final accounts of 2030 show?")
    assert "extraordinary" in vietnamese_terms_in_english("Kỳ họp bất thường diễn ra ngày nào?")
    # A generic syllable ("ngày", "tăng") is no term of its own in either direction.
    assert english_terms("How many days did it increase?") == []
    assert vietnamese_terms_in_english("Ngày nào thu tăng?") == []


def test_a_one_syllable_term_inside_a_longer_one_is_not_translated() -> None:
    from hbt_qa.language.glossary import vietnamese_terms_in_english

    local = vietnamese_terms_in_english("Thu ngân sách địa phương năm 2031 đạt bao nhiêu?")
    assert "local budget" in local and "ward" not in local  # "phường" inside "địa phương"
    assert "ward" in vietnamese_terms_in_english("HĐND phường thông qua mấy nghị quyết?")


def test_the_asked_place_is_no_topic_on_an_english_page() -> None:
    from hbt_qa.answering.constraints import question_constraints
    from hbt_qa.answering.overlap import topic_plan
    from hbt_qa.index.query import plan_query

    q = "Năm 2031 thu ngân sách địa phương của Hà Nội đạt bao nhiêu?"
    cross = topic_plan(plan_query(q), question_constraints(q)).crosslingual
    assert "hanoi" not in cross and "revenue" in cross


def test_a_list_cue_is_a_whole_word() -> None:
    from hbt_qa.language.values import question_type

    assert question_type("Nghị quyết đề ra mấy nhóm nhiệm vụ, giải pháp?") == "number"
    assert question_type("Nhiệm vụ gì được giao cho phường?") == "list"


def test_the_weighted_overlap_reads_an_english_sentence_by_its_english_words() -> None:
    from hbt_qa.answering.decide import Context, _idf_overlap
    from hbt_qa.index.query import plan_query
    from hbt_qa.language.roles import asked_role

    plan = plan_query("Năm 2031 thu ngân sách địa phương đạt bao nhiêu?")
    ctx = Context(plan, {"thu": 1.0, "ngan": 1.0, "sach": 1.0}, 1.0, 0.0, asked_role(plan.raw))
    assert _idf_overlap(ctx, "Local budget revenue reached VND 13 trillion in 2031.") > 0.5
    assert _idf_overlap(ctx, "The council met on land prices in 2031.") == 0.0


def test_a_province_typed_without_marks_is_written_together_for_an_english_page() -> None:
    from hbt_qa.index.query import crosslingual_parts

    assert "hanoi" in crosslingual_parts("quyet toan ngan sach ha noi nam 2030")
    assert "binhduong" in crosslingual_parts("thu ngan sach binh duong 6 thang dau 2030")
    # … and "dương"/"đường" typed bare is no road.
    assert "road" not in crosslingual_parts("thu ngan sach binh duong 6 thang dau 2030")


def test_a_vietnamese_question_ranks_english_pages_by_its_english_words_apart() -> None:
    from hbt_qa.index.query import other_language_match, plan_query

    vi = plan_query("Thu ngân sách thành phố Đồi Mây đạt bao nhiêu phần trăm dự toán?")
    match = other_language_match(vi)
    assert match is not None and '"budget revenue"' in match and "ngan" not in match
    en = plan_query("What share of the budget revenue estimate did Doi May city collect?")
    assert '"du toan"' in (other_language_match(en) or "")


def test_an_english_page_reaches_the_top_among_many_vietnamese_ones(
    tmp_path, fake_embedder, monkeypatch
):
    """Synthetic records: sixty Vietnamese passages on budget revenue outscore an English page
    on BM25 by sheer number of shared words; ranked apart, the English page comes back."""
    from hbt_qa.answering.search import run_search
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    arts = tmp_path / "arts"
    arts.mkdir()
    for i in range(60):
        (arts / f"vi{i}.txt").write_text(
            f"UBND xã Đồi Mây {i} họp\n\nNăm 2031 thu ngân sách xã Đồi Mây {i} đạt {40 + i} tỷ "
            f"đồng, bằng {90 + i}% dự toán thu ngân sách năm, thành phố giao dự toán.\n",
            encoding="utf-8",
        )
    (arts / "en.txt").write_text(
        "Doi May city People's Council meets\n\nThe city collected 56.8% of the year's budget "
        "revenue estimate.\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "i.db")
    assert not ingest_paths(store, fake_embedder, [arts]).failed
    q = "Thành phố Đồi Mây thu ngân sách đạt bao nhiêu phần trăm dự toán?"
    result = run_search(store, fake_embedder, q, k=3)
    assert "en.txt" in [h.source for h in result.hits]
    assert [store.passages_by_rowid([r])[r].source for r, _ in result.other] == ["en.txt"]
    from hbt_qa.answering import search

    monkeypatch.setitem(search.LEG_WEIGHTS, "vi", {"bm25": 0.6, "vector": 1.0})
    without = run_search(store, fake_embedder, q, k=10)
    assert "en.txt" not in [h.source for h in without.hits]  # buried without it
