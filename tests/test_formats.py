"""HTML, DOCX and PDF files become articles; bad documents fail with a reason (synthetic data)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fixtures_docs import (
    ARTICLE_BODY,
    ARTICLE_TITLE,
    HTML_PAGE,
    docx_bytes,
    pdf_bytes,
    scanned_pdf_bytes,
)

from hbt_qa.errors import ArticleError
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store
from hbt_qa.ingest.articles import read_article, read_article_file
from hbt_qa.ingest.formats import check_zip, convert_html, join_pdf_lines
from hbt_qa.ingest.legacy import encode_tcvn3


def _bodies(article, paragraphs) -> list[str]:
    return [article.text[a:b] for a, b in paragraphs]


def test_html_article_without_menus_lists_captions_footer(tmp_path: Path) -> None:
    f = tmp_path / "trang.html"
    f.write_text(HTML_PAGE, encoding="utf-8")
    article, paragraphs = read_article_file(f, f.name)
    assert article.title == ARTICLE_TITLE  # the <h1>, not "<title> - site name"
    assert article.published == "2024-06-26"
    assert article.meeting_date == "2024-06-25"
    assert article.path == str(f)
    assert _bodies(article, paragraphs) == ARTICLE_BODY
    for dropped in ("Trang chủ", "Tin liên quan", "Phường Bạch Mai", "Bình luận", "Bản quyền"):
        assert dropped not in article.text
    assert "Quang cảnh phiên họp" not in article.text  # image captions are not body


def test_html_offsets_point_into_article_text(tmp_path: Path) -> None:
    f = tmp_path / "a.htm"
    f.write_text(HTML_PAGE, encoding="utf-8")
    article, paragraphs = read_article_file(f, f.name)
    a, b = paragraphs[1]
    assert article.text[a:b] == ARTICLE_BODY[1]


def test_html_page_with_no_article_fails() -> None:
    page = "<html><body><nav><a href='/'>Trang chủ</a></nav><footer>x</footer></body></html>"
    with pytest.raises(ArticleError, match="no article text"):
        convert_html(page.encode())


def test_html_in_legacy_encoding_is_converted() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_BODY)
    page = f"<html><body><article><h1>{ARTICLE_TITLE.lower()}</h1>{body}</article></body></html>"
    converted = convert_html(encode_tcvn3(page))
    assert "TCVN3" in converted.note
    assert ARTICLE_BODY[1] in converted.text


def test_docx_paragraphs(tmp_path: Path) -> None:
    f = tmp_path / "bao-cao.docx"
    f.write_bytes(docx_bytes(["", ARTICLE_TITLE, *ARTICLE_BODY]))
    article, paragraphs = read_article_file(f, f.name)
    assert article.title == ARTICLE_TITLE
    assert article.meeting_date == "2024-06-25"
    assert _bodies(article, paragraphs) == ARTICLE_BODY


def test_docx_table_stays_between_its_paragraphs(tmp_path: Path) -> None:
    """Issue 19 point 2: a table is read where it stands, not after the last paragraph."""
    table = [["Khoản thu", "Dự toán", "Ước thực hiện"], ["Thuế", "2.000 tỷ", "1.050 tỷ"]]
    comment = "Nhìn chung thu ngân sách đạt tiến độ đề ra."
    f = tmp_path / "ngan-sach.docx"
    f.write_bytes(docx_bytes([ARTICLE_TITLE, ARTICLE_BODY[1], table, comment, ARTICLE_BODY[2]]))
    article, paragraphs = read_article_file(f, f.name)
    assert _bodies(article, paragraphs) == [
        ARTICLE_BODY[1],
        "Khoản thu | Dự toán | Ước thực hiện",
        "Thuế | 2.000 tỷ | 1.050 tỷ",
        comment,
        ARTICLE_BODY[2],
    ]


def test_docx_zip_bomb_is_refused_before_parsing() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ArticleError, match="unpacks to 60 MB; the limit is 50 MB"):
        check_zip(data)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("x.docx", b"not a zip at all", "not a valid .docx"),
        ("x.docx", b"PK\x03\x04garbage", "not a valid .docx"),
        ("x.pdf", b"%PDF-1.4\ngarbage", "not a readable PDF|no text layer"),
        ("x.pdf", b"", "empty"),
    ],
)
def test_broken_documents_say_why(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(ArticleError, match=reason):
        read_article_file(f, name)


def test_docx_without_word_parts(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    f = tmp_path / "x.docx"
    f.write_bytes(buf.getvalue())
    with pytest.raises(ArticleError, match=r"not a readable \.docx"):
        read_article_file(f, f.name)


def test_pdf_text_layer_lines_joined_into_paragraphs(tmp_path: Path) -> None:
    f = tmp_path / "cong-van.pdf"
    f.write_bytes(
        pdf_bytes(
            [
                ARTICLE_TITLE,
                "",
                "Ngày 25/6/2024, Chủ tịch UBND quận chủ trì phiên họp",
                "thường kỳ tháng 6.",
                ARTICLE_BODY[1],
            ]
        )
    )
    article, paragraphs = read_article_file(f, f.name)
    assert article.title == ARTICLE_TITLE
    assert _bodies(article, paragraphs) == ARTICLE_BODY[:2]


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    f = tmp_path / "scan.pdf"
    f.write_bytes(scanned_pdf_bytes())
    with pytest.raises(ArticleError, match="no text layer: the PDF is scanned images; run OCR"):
        read_article_file(f, f.name)


def test_join_pdf_lines() -> None:
    lines = [
        "Báo cáo kết quả",
        "Ngày 2/3/2024, Ủy ban nhân dân quận đã tổ chức phiên họp thường",
        "kỳ để đánh giá tình hình thực hiện nhiệm vụ phát triển kinh tế xã",
        "hội quý I năm 2024",
        "Ảnh: toàn cảnh",
        "",
        "Quận giao các phòng ban chuyên môn khẩn trương hoàn thiện hồ sơ:",
        "rà soát danh mục dự án đầu tư công trung hạn.",
    ]
    assert join_pdf_lines(lines) == [
        "Báo cáo kết quả",
        " ".join(lines[1:4]),
        "Ảnh: toàn cảnh",
        lines[6],
        lines[7],
    ]


def test_legacy_txt_note(tmp_path: Path) -> None:
    f = tmp_path / "cu.txt"
    f.write_bytes(encode_tcvn3("tiêu đề cũ\nngày 2/3/2001, quận họp bàn về ngân sách.\n"))
    article, _, note = read_article(f, f.name)
    assert note == "converted from TCVN3 (ABC)"
    assert article.title == "tiêu đề cũ"
    assert article.meeting_date == "2001-03-02"  # "ngày 2/3/2001" opens the body


def test_mixed_folder_ingests_every_format(tmp_path: Path, fake_embedder) -> None:
    root = tmp_path / "mixed"
    root.mkdir()
    (root / "a.html").write_text(HTML_PAGE, encoding="utf-8")
    # Distinct records (another report number each): the same body twice is one record.
    docx_body = [*ARTICLE_BODY, "Báo cáo số 101/BC-UBND."]
    pdf_body = [*ARTICLE_BODY, "Báo cáo số 102/BC-UBND."]
    (root / "b.docx").write_bytes(docx_bytes([ARTICLE_TITLE, *docx_body]))
    (root / "c.pdf").write_bytes(pdf_bytes([ARTICLE_TITLE, *pdf_body]))
    (root / "d.txt").write_bytes(encode_tcvn3("bài cũ\nquận họp bàn về ngân sách năm 2001.\n"))
    (root / "e.md").write_text("# Bài md\n\nNội dung bài.\n", encoding="utf-8")
    (root / "f.pdf").write_bytes(scanned_pdf_bytes())
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [root])
    assert sorted(report.added) == ["a.html", "b.docx", "c.pdf", "d.txt", "e.md"]
    assert report.notes == [("d.txt", "converted from TCVN3 (ABC)")]
    assert [(Path(p).name, r[:14]) for p, r in report.failed] == [("f.pdf", "no text layer:")]
    again = ingest_paths(store, fake_embedder, [root])
    assert len(again.unchanged) == 5 and not again.added


def test_one_record_in_three_formats_is_kept_once(tmp_path: Path, fake_embedder) -> None:
    """The portal page, the Word report and the PDF of one meeting: one article, three sources."""
    root = tmp_path / "same"
    root.mkdir()
    (root / "a.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "b.docx").write_bytes(docx_bytes([ARTICLE_TITLE, *ARTICLE_BODY]))
    (root / "c.pdf").write_bytes(pdf_bytes([ARTICLE_TITLE, *ARTICLE_BODY]))
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [root])
    assert report.added == ["a.html"] and report.duplicates == ["b.docx", "c.pdf"]
    (art,) = store.articles()
    assert [s.source for s in store.sources_of(art["article_id"])] == ["a.html", "b.docx", "c.pdf"]


def test_a_page_declaring_a_codec_that_is_no_page_encoding_is_still_read() -> None:
    """A page whose meta names "idna" (a codec, no page encoding) used to raise UnicodeError."""
    from hbt_qa.ingest.formats import decode_html

    text, _ = decode_html(b'<meta charset="idna"><p>Caf\xe9 Ph\xfa</p>')
    assert "<p>Caf" in text
