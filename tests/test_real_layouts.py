"""Real page layouts (synthetic examples of each pattern): every line of an article is searchable.

Real pages often put the lead paragraph, or the whole excerpt, where a title would stand, and
carry header lines (posting date, view counter) that questions ask about. None of that text may
be lost from the index.
"""

from __future__ import annotations

from hbt_qa.index.pipeline import indexed_spans
from hbt_qa.ingest.articles import HEADLINE_WORDS, headline, parse_article
from hbt_qa.ingest.passages import make_passages

# Synthetic, written for these tests: no real page.
LEAD_AS_TITLE = (
    "URL: https://example.gov.vn/tin/ky-hop\n\n"
    "Sáng 16-1, HĐND huyện Đông Sơn khóa V tổ chức kỳ họp thứ 12 để xem xét các báo cáo về tình "
    "hình kinh tế - xã hội năm 2023, trong đó tổng thu ngân sách trên địa bàn đạt 812 tỷ đồng, "
    "bằng 104% dự toán.\n"
    "Các đại biểu thống nhất thông qua 6 nghị quyết.\n"
)
TITLE_AND_HEADER = (
    "Thị xã Bình Minh thu ngân sách đạt 70,5 tỷ đồng\n"
    "Ngày đăng 03/07/2022 | 10:23 | Lượt xem: 512\n\n"
    "Sáng 1/7, UBND thị xã họp phiên thường kỳ tháng 6.\n"
)
ONE_LINE = (
    "date 2021-03 HCMC assigns Thu Duc City to collect more than VND8.3 trillion of budget "
    "revenue this year, according to the municipal People's Committee …\n"
)


def _indexed(text: str, source: str) -> list[str]:
    article, paragraphs = parse_article(text, source)
    passages = make_passages(article, indexed_spans(article, paragraphs))
    return [p.text for p in passages]


def test_a_lead_paragraph_in_the_title_line_is_body_and_indexed() -> None:
    article, paragraphs = parse_article(LEAD_AS_TITLE, "lead.txt")
    assert LEAD_AS_TITLE[slice(*paragraphs[0])].startswith("Sáng 16-1, HĐND huyện Đông Sơn")
    assert article.title.startswith("Sáng 16-1, HĐND huyện Đông Sơn")
    assert len(article.title.split()) <= HEADLINE_WORDS + 1
    joined = " ".join(_indexed(LEAD_AS_TITLE, "lead.txt"))
    assert "812 tỷ đồng" in joined and "6 nghị quyết" in joined


def test_a_headline_and_its_header_line_are_passages_that_can_be_cited() -> None:
    texts = _indexed(TITLE_AND_HEADER, "title.txt")
    assert any("70,5 tỷ đồng" in t for t in texts)
    assert any(t.startswith("Ngày đăng 03/07/2022") for t in texts)
    article, paragraphs = parse_article(TITLE_AND_HEADER, "title.txt")
    # ... yet the body (fingerprint, metadata) is the body alone.
    assert [TITLE_AND_HEADER[a:b] for a, b in paragraphs] == [
        "Sáng 1/7, UBND thị xã họp phiên thường kỳ tháng 6."
    ]
    assert article.title == "Thị xã Bình Minh thu ngân sách đạt 70,5 tỷ đồng"


def test_a_one_line_article_is_indexed_whole() -> None:
    texts = _indexed(ONE_LINE, "one.txt")
    assert "VND8.3 trillion" in " ".join(texts)


def test_headline_keeps_short_titles_and_cuts_lead_paragraphs() -> None:
    assert headline("Kỳ họp thứ 7 HĐND quận") == "Kỳ họp thứ 7 HĐND quận"
    long = "Ngày 5/6, UBND xã tổ chức hội nghị sơ kết. " + "Nội dung dài " * 30
    assert headline(long) == "Ngày 5/6, UBND xã tổ chức hội nghị sơ kết."


POSTED = (  # synthetic: a page whose date line says when it was posted
    "Phường Tân Lập họp phiên thường kỳ tháng 3\n"
    "Ngày đăng 12/03/2031 | 09:15 | Lượt xem: 120\n\n"
    "Sáng 10/3, UBND phường Tân Lập họp phiên thường kỳ tháng 3 do Chủ tịch UBND phường "
    "Lê Văn Bảo chủ trì. Thu ngân sách quý I ước đạt 4,2 tỷ đồng.\n"
)


def test_when_a_page_was_posted_is_answered_from_its_date_line(tmp_path, fake_embedder) -> None:
    from hbt_qa.answering.answer import ask
    from hbt_qa.answering.posting import asks_posting
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "tanlap.txt").write_text(POSTED, encoding="utf-8")
    store = Store(tmp_path / "i.db")
    assert not ingest_paths(store, fake_embedder, [tmp_path / "c"]).failed
    for question, value in (
        ("bai hop ubnd phuong tan lap thang 3 dang ngay nao", "12/3/2031"),
        ("When was the article on the Tan Lap ward meeting posted?", "12 March 2031"),
    ):
        ans = ask(store, None, question)
        assert ans.found and ans.value == value, ans.text
        assert ans.sentence and ans.sentence.startswith("Ngày đăng 12/03/2031")
    # The meeting's own day is another question; "đang" (is going on) asks no posting day.
    assert not asks_posting("Phiên họp tháng 3 của UBND phường Tân Lập diễn ra ngày nào?")
    assert not asks_posting("Kỳ họp đang diễn ra ngày nào?")
    meeting = ask(store, None, "Phiên họp tháng 3 của UBND phường Tân Lập diễn ra ngày nào?")
    assert meeting.found and "10/3" in (meeting.value or "")
