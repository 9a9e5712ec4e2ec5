"""render.py and its views (render_chat, render_search, render_article, render_records): every
untrusted string is escaped; only our own tags and links come out."""

from __future__ import annotations

import csv
import io
import unicodedata
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from hbt_qa.answering.records_search import highlight_terms
from hbt_qa.models import Answer, Hit, Sentence
from hbt_qa.service import FileResult, RecordSearch
from hbt_qa.web.render import esc, esc_md, highlight, permalink, safe_url, term_spans, tr
from hbt_qa.web.render_article import article_html
from hbt_qa.web.render_chat import answer_markdown, citation_card, citations_html
from hbt_qa.web.render_records import records_html, upload_results_html
from hbt_qa.web.render_search import export_csv, export_markdown, search_results_html, snippet

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<div style="position:fixed;inset:0;z-index:9999;background:red">x</div>',
    "[x](javascript:alert(1))",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{display:none}</style>",
    '<form action="http://evil.example"><button>ok</button></form>',
    "${alert(1)}",
    '" onmouseover="alert(1)',
    "javascript:alert(1)",
]
PAYLOAD_TEXT = "Kinh phí là 5 tỷ đồng. " + " ".join(PAYLOADS) + " Hết."

ALLOWED_TAGS = {
    "div", "span", "b", "a", "mark", "p", "h3", "h4", "sup", "small", "br",
    "table", "thead", "tbody", "tr", "th", "td", "strong",
}  # fmt: skip
ALLOWED_ATTRS = {"class", "id", "href", "target", "rel", "data-article", "data-passage"}


class _Audit(HTMLParser):
    """Collects every tag and attribute of a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert(fragment: str) -> str:
    """Only our tags and attributes; links are ours or http(s). Returns the visible text."""
    audit = _Audit()
    audit.feed(fragment)
    audit.close()
    for tag, attrs in audit.tags:
        assert tag in ALLOWED_TAGS, (tag, fragment)
        for name, value in attrs:
            assert name in ALLOWED_ATTRS, (tag, name, fragment)
            if name == "href":
                assert value and value.startswith(("?", "http://", "https://")), value
            if name == "class":
                assert value in {
                    "card", "card-head", "card-meta", "card-text", "card-title", "hl", "val",
                    "term", "open-article", "orig", "permalink", "article", "article empty",
                    "article-text", "cards", "summary", "summary nearest", "table-wrap",
                    "records", "uploads", "num", "msg info", "msg error", "card result",
                    "added", "updated", "unchanged", "failed",
                }, value  # fmt: skip
    return "".join(audit.text)


def hit(text: str = PAYLOAD_TEXT, **kw) -> Hit:
    base = dict(
        article_id="a-1",
        source="a-1.txt",
        url="https://example.gov.vn/bai-viet",
        title="Phiên họp tháng 5",
        published="2024-05-31",
        passage_id="a-1#p0",
        text=text,
        start=100,
        end=100 + len(text),
        score=1.0,
        meeting_date="2024-05-28",
        sentences=(Sentence(100, 100 + 23),),
    )
    base.update(kw)
    return Hit(**base)


def answer(h: Hit, **kw) -> Answer:
    base = dict(
        question="Kinh phí là bao nhiêu?",
        text="5 tỷ đồng: «Kinh phí là 5 tỷ đồng.» [1]",
        found=True,
        citations=[h],
        value="5 tỷ đồng",
        sentence="Kinh phí là 5 tỷ đồng.",
        sentence_start=100,
        sentence_end=122,
        highlight=(12, 21),
    )
    base.update(kw)
    return Answer(**base)


def test_esc_and_esc_md_leave_no_markup():
    for p in PAYLOADS:
        assert "<" not in esc(p) and '"' not in esc(p)
        md = esc_md(p)
        assert "<" not in md and "](" not in md and "${" not in md
    assert esc(None) == "" and esc(5) == "5"


def test_safe_url_keeps_only_http_links_and_encodes_quotes():
    assert safe_url("https://example.gov.vn/a?b=1") == "https://example.gov.vn/a?b=1"
    for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//x", ""]:
        assert safe_url(bad) is None
    assert safe_url(None) is None
    tricky = safe_url('http://x.example/"onmouseover="alert(1)')
    assert tricky is not None and '"' not in tricky and "(" not in tricky


def test_highlight_clamps_and_escapes():
    assert highlight("<b>ab</b>", 3, 5) == '&lt;b&gt;<mark class="hl">ab</mark>&lt;/b&gt;'
    assert highlight("abc", -5, 99) == '<mark class="hl">abc</mark>'


def test_term_spans_fold_marks_and_match_whole_words():
    text = "Giải ngân vốn đầu tư; ngân sách. Đầu năm"
    spans = term_spans(text, ["giai ngan", "dau"])
    # the lone "ngân" of "ngân sách" is only a syllable of the compound "giai ngan"
    assert [text[a:b] for a, b in spans] == ["Giải ngân", "đầu", "Đầu"]
    assert term_spans("nhân dân", ["an"]) == []  # not inside words


def test_term_spans_mark_every_occurrence_of_words_and_compounds():
    # issue 15.10: "cháy" stands as a word of the query as well as inside "chữa cháy"
    text = "Công tác phòng cháy chữa cháy; cháy nổ. Phòng cháy, chữa cháy."
    spans = term_spans(text, ["chua chay", "phong", "chay"])
    assert [text[a:b] for a, b in spans] == [
        "phòng cháy chữa cháy", "cháy", "Phòng cháy", "chữa cháy",
    ]  # fmt: skip
    assert snippet(text, ["chua chay", "phong", "chay"]).count('<mark class="term">') == 4


def test_lone_syllables_of_query_compounds_are_not_marked():
    """Issue 15.10 follow-up: compounds and the query's own words, never a lone syllable of a
    compound (an invented sentence)."""
    text = "Đội phòng cháy chữa cháy họp ở phòng họp; chữa cháy kịp thời, cháy nổ giảm."
    marks = highlight_terms(("phong", "chay", "chua"), ("chua chay",), "phòng cháy chữa cháy")
    spans = term_spans(text, marks)
    assert [text[a:b] for a, b in spans] == ["phòng cháy chữa cháy", "chữa cháy"]
    text = "Họp ngân sách tháng 5; giải ngân chậm; họp thường kỳ."
    marks = highlight_terms(("hop", "ngan", "sach"), ("ngan sach",), "họp ngân sách")
    assert [text[a:b] for a, b in term_spans(text, marks)] == ["Họp ngân sách", "họp"]
    # "thu ngân sách" is one record term of the glossary: its "thu" is not a word alone
    marks = highlight_terms(("thu", "ngan", "sach"), ("ngan sach",), "thu ngân sách")
    assert "thu" not in marks and "thu ngan sach" in marks
    # a syllable that also stands alone in the query is marked on its own
    marks = highlight_terms(("chay", "rung", "phong"), ("phong chay",), "cháy rừng, phòng cháy")
    assert set(marks) == {"phong chay", "chay", "rung"}
    # typed without marks, and a text stored decomposed (NFD): offsets stay the text's own
    marks = highlight_terms(("phong", "chay"), ("phong chay",), "phong chay")
    nfd = unicodedata.normalize("NFD", "Tổ phòng cháy; phòng họp.")
    assert [nfd[a:b] for a, b in term_spans(nfd, marks)] == [
        unicodedata.normalize("NFD", "phòng cháy")
    ]


def test_snippet_windows_the_densest_part_and_escapes():
    text = "mở đầu " * 80 + "<script>x</script> giải ngân vốn đầu tư đạt 115 tỷ " + "kết " * 80
    out = snippet(text, ["giai ngan", "von"], width=200)
    assert out.startswith("… ") and out.endswith(" …")
    assert '<mark class="term">giải ngân vốn</mark>' in out
    assert "&lt;script&gt;" in out
    assert_inert(out)


def test_answer_markdown_value_markers_and_grouped_sources():
    h1, h2 = hit(), hit(passage_id="a-1#p1")
    h3 = hit(article_id="b", title="<img src=x onerror=alert(1)>", passage_id="b#p0")
    md = answer_markdown(answer(h1, citations=[h1, h2, h3]))
    assert md.startswith("**5 tỷ đồng**")
    assert "<sup>[1]</sup><sup>[2]</sup> Phiên họp tháng 5" in md
    assert "<sup>[3]</sup> &lt;img src=x onerror=alert\\(1\\)&gt;" in md
    assert "<img" not in md


def test_answer_markdown_escapes_payload_answers():
    h = hit()
    ans = answer(h, text="«" + " ".join(PAYLOADS) + "» [1]", value=None)
    md = answer_markdown(ans, "en")
    assert "<script" not in md and "<img" not in md and "](javascript" not in md
    assert "<sup>[1]</sup>" in md and "Sources" in md


def test_series_answers_keep_their_table_but_no_tags():
    table = "| Kỳ | Giá trị |\n|---|---|\n| 5/2024 | 115 tỷ [1] |\n\n[1] a.txt — «x»"
    h = hit()
    md = answer_markdown(answer(h, text=table + "<script>alert(1)</script>", kind="series"))
    assert md.startswith("| Kỳ | Giá trị |\n|---|---|")
    assert "<script" not in md and "&lt;script&gt;" in md


def test_citation_card_marks_sentence_and_value_and_escapes_everything():
    h = hit(
        title='<script>alert("t")</script>',
        source='"><img src=x onerror=alert(1)>.txt',
        url="javascript:alert(1)",
        article_id='a"1',
    )
    card = citation_card(1, h, answer(h))
    text = assert_inert(card)
    assert '<mark class="hl">Kinh phí là <mark class="val">5 tỷ đồng</mark>.</mark>' in card
    assert '<script>alert("t")</script>' in text  # shown literally
    assert 'data-article="a&quot;1"' in card
    assert "Bài gốc" not in card  # the javascript: link was dropped
    assert 'href="?article=a%221&amp;passage=a-1%23p0"' in card


def test_citation_card_out_of_range_sentence_is_plain():
    h = hit()
    card = citation_card(1, h, answer(h, sentence_start=5, sentence_end=9))
    assert "<mark" not in card
    assert citations_html(None) == ""
    assert "Nguồn của câu trả lời mới nhất" in citations_html(answer(h))


def test_article_html_marks_the_passage_with_an_anchor():
    art = {
        "article_id": "a-1",
        "title": "<b>T</b>",
        "text": "Mở đầu. <script>alert(1)</script> Đoạn trích. Kết.",
        "source": "a.txt",
        "url": "https://example.gov.vn/x",
        "published": "2024-05-31",
        "meeting_date": "2024-05-28",
    }
    a = art["text"].index("Đoạn")
    out = article_html(art, (a, a + 11), "a-1#p1")
    text = assert_inert(out)
    assert '<mark id="cited" class="hl" data-passage="a-1#p1">Đoạn trích.</mark>' in out
    assert "<script>alert(1)</script>" in text and "<b>T</b>" in text
    assert 'href="?article=a-1&amp;passage=a-1%23p1"' in out
    assert "Ngày họp: 2024-05-28" in out
    assert "không tìm thấy" in article_html(None).lower()
    assert 'id="cited"' not in article_html(art, None)


def test_permalink_quotes_ids():
    assert permalink("a b", "a b#p1") == "?article=a%20b&passage=a%20b%23p1"
    assert permalink("x", None, "http://h/") == "http://h/?article=x"


def rs(hits: list[Hit], **kw) -> RecordSearch:
    return RecordSearch(query=kw.pop("query", "kinh phí"), hits=hits, terms=("kinh phi",), **kw)


def test_search_results_pages_and_messages():
    hits = [hit(passage_id=f"a-1#p{i}") for i in range(23)]
    page3 = search_results_html(rs(hits), 3, 10, "vi")
    assert "23 đoạn khớp · trang 3/3" in page3
    assert page3.count('class="card result"') == 3 and 'id="result-21"' in page3
    assert_inert(page3)
    assert "trang 1/3" in search_results_html(rs(hits), -4, 10, "vi")
    assert "No passage matches «&lt;b&gt;»" in search_results_html(rs([], query="<b>"), 1, 10, "en")
    nearest = search_results_html(rs(hits[:1], exact=False), 1, 10, "vi")
    assert "gần nghĩa nhất" in nearest
    ranged = search_results_html(rs(hits[:1], date_from="2024-01-01"), 1, 10, "vi")
    assert "từ 2024-01-01 đến …" in ranged
    assert "Nhập từ khóa" in search_results_html(None, 1, 10, "vi")


def test_search_with_no_match_counts_nearest_passages_not_matches():
    """Issue 15 point 9: no "10 đoạn khớp" above "no passage holds enough of the words"."""
    hits = [hit(passage_id=f"a-1#p{i}") for i in range(10)]
    vi = search_results_html(rs(hits, exact=False), 1, 10, "vi")
    assert "đoạn khớp" not in vi and "10 đoạn gần nghĩa nhất · trang 1/1" in vi
    assert "Không có đoạn nào chứa đủ các từ của «kinh phí»" in vi
    en = search_results_html(rs(hits, exact=False), 1, 10, "en")
    assert "matching" not in en and "10 nearest passages · page 1/1" in en
    one = search_results_html(rs(hits[:1], exact=False), 1, 10, "en")
    assert "· 1 nearest passage · page 1/1" in one
    assert "1 matching passage · page 1/1" in search_results_html(rs(hits[:1]), 1, 10, "en")
    assert "10 đoạn khớp" in search_results_html(rs(hits), 1, 10, "vi")


def test_export_csv_round_trips_and_defuses_formulas():
    h = hit(title='=HYPERLINK("http://evil")', text="@SUM(1) kinh phí 5 tỷ")
    out = export_csv(rs([h, hit(passage_id="a-1#p2")]), "http://127.0.0.1:7860/")
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert rows[0]["title"].startswith("'=") and rows[0]["text"].startswith("'@")
    assert rows[0]["permalink"] == "http://127.0.0.1:7860/?article=a-1&passage=a-1%23p0"
    assert rows[1]["passage_id"] == "a-1#p2" and rows[1]["date"] == "2024-05-28"
    assert rows[0]["url"] == "https://example.gov.vn/bai-viet"


def test_export_markdown_cites_and_escapes():
    h = hit(url="javascript:alert(1)")
    md = export_markdown(rs([h, hit()], date_from="2024-05-01", date_to="2024-05-31"))
    assert md.startswith("# Kết quả tra cứu: kinh phí")
    assert "1. **Phiên họp tháng 5** — a-1.txt" in md  # Markdown that renders as written
    assert "Ngày họp: 2024-05-28" in md and "2024\\-" not in md
    assert "](javascript" not in md and "<script" not in md and "<img" not in md
    assert "<?article=a-1&passage=a-1%23p0>" in md
    assert "[a-1.txt](https://example.gov.vn/bai-viet)" in md


def test_records_and_upload_tables_escape_names():
    arts = [
        {
            "article_id": "x",
            "title": "<script>alert(1)</script>",
            "source": "<img src=x onerror=alert(1)>.txt",
            "published": "2024-01-02",
            "n_passages": 4,
        }
    ]
    table = records_html(arts, "en")
    text = assert_inert(table)
    assert "1 article, 4 passages" in text and "<script>alert(1)</script>" in text
    results = [
        FileResult("<b>a</b>.txt", "added", saved_as="a.txt", article_id="a", passages=3),
        FileResult("../../x.exe", "failed", "loại tệp không hỗ trợ"),
    ]
    up = upload_results_html(results)
    text = assert_inert(up)
    assert "<b>a</b>.txt" in text and "đã thêm · 3 đoạn" in text
    assert "lỗi · loại tệp không hỗ trợ" in text


def test_tr_falls_back_to_vietnamese():
    assert tr("xx", "search") == "Tìm"
    assert tr("en", "results", n=2, page=1, pages=1) == "2 matching passages · page 1/1"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([*PAYLOADS, "giải ngân", " ", "\n", "&amp;", "'", "\\"]), max_size=8),
    st.text(max_size=40),
)
def test_any_record_text_renders_inert(parts, noise):
    text = "".join(parts) + noise
    h = hit(text=text or "x", title=text, source=text, url=text, article_id=text or "a")
    assert_inert(citation_card(1, h, answer(h)))
    assert_inert(search_results_html(rs([h], query=text), 1, 10, "vi"))
    assert_inert(snippet(text, ["giai ngan"], 20))
    art = {"article_id": text, "title": text, "text": text, "source": text, "url": text}
    assert_inert(article_html(art, (0, len(text)), text))
    md = answer_markdown(answer(h, text=text, value=text or None))
    assert "<" not in md.replace("<sup>", "").replace("</sup>", "")


def test_english_counts_take_the_singular_for_one():
    # issue 15.15: "1 matching passages"
    assert tr("en", "results", n=1, page=1, pages=1) == "1 matching passage · page 1/1"
    assert tr("en", "results", n=2, page=1, pages=1) == "2 matching passages · page 1/1"
    assert tr("en", "passages_n", n=1) == "1 passage"
    assert tr("vi", "results", n=1, page=1, pages=1) == "1 đoạn khớp · trang 1/1"


def test_record_meta_names_the_district_once():
    from hbt_qa.web.render import record_meta_html

    assert record_meta_html({"district": "quận Hai Bà Trưng"}, "vi") == " · quận Hai Bà Trưng"
    # A bare name is shown as stored: guessing "quận" would mislabel a huyện or thị xã.
    assert record_meta_html({"district": "Hai Bà Trưng"}, "vi") == " · Hai Bà Trưng"
