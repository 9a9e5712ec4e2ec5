"""Parsing article files: metadata, body paragraphs and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED

from hbt_qa.errors import ArticleError
from hbt_qa.ingest.articles import decode_article_bytes, parse_article, read_article_file, slugify


def test_seed_article_metadata() -> None:
    article, paragraphs = read_article_file(SEED, SEED.name)
    assert article.title.startswith("Ủy ban nhân dân quận Hai Bà Trưng tổ chức phiên họp")
    assert article.published == "2024-05-31"
    assert article.meeting_date == "2024-05-28"
    assert article.article_id == "hbt-2024-05-phien-hop-uy-vien"
    bodies = [article.text[a:b] for a, b in paragraphs]
    assert bodies[0].startswith("Ngày 28/5/2024, Chủ tịch UBND quận Nguyễn Quang Trung")
    assert not any("Lượt xem" in b for b in bodies), "metadata lines are not body"
    assert not any(b == article.title for b in bodies)


def test_front_matter_wins() -> None:
    text = (
        "---\ntitle: Kỳ họp thứ 12\nurl: https://example.org/a\npublished: 2024-07-05\n"
        "source: Cổng thông tin quận\n---\nKỳ họp thứ 12\n\nNgày 4/7/2024, HĐND quận họp.\n"
    )
    article, paragraphs = parse_article(text, "a.md")
    assert (article.title, article.url, article.published) == (
        "Kỳ họp thứ 12",
        "https://example.org/a",
        "2024-07-05",
    )
    assert article.origin == "Cổng thông tin quận"
    assert article.meeting_date == "2024-07-04"
    assert [text[a:b] for a, b in paragraphs] == ["Ngày 4/7/2024, HĐND quận họp."]


def test_url_first_line() -> None:
    text = "URL: https://hbt.example/bai-1\nTiêu đề bài\nNội dung thân bài.\n"
    article, paragraphs = parse_article(text, "b.txt")
    assert article.url == "https://hbt.example/bai-1"
    assert article.title == "Tiêu đề bài"
    assert len(paragraphs) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Tiêu đề\nNội dung".encode("utf-16"), "binary"),
        ("Thân bài\nCâu".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_bytes_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleError, match=reason):
        parse_article(decode_article_bytes(data), "x.txt")


def test_a_one_line_article_is_its_own_body() -> None:
    """Real pages can be a single line (a teaser, a cut excerpt): it is indexed, not refused."""
    text = "Chỉ có tiêu đề\nNgày đăng 31/05/2024 | 14:30 | Lượt xem: 1\n"
    article, paragraphs = parse_article(text, "t.txt")
    assert [text[a:b] for a, b in paragraphs] == ["Chỉ có tiêu đề"]
    assert [text[a:b] for a, b in article.header_spans] == [
        "Ngày đăng 31/05/2024 | 14:30 | Lượt xem: 1"
    ]
    assert article.published == "2024-05-31"


def test_front_matter_alone_has_no_body() -> None:
    with pytest.raises(ArticleError, match="no text"):
        parse_article("---\ntitle: Tiêu đề\n---\n\n", "t.md")


def test_impossible_front_matter_date() -> None:
    with pytest.raises(ArticleError, match=r"published.*not a real date"):
        parse_article("---\npublished: 2024-02-31\n---\nTiêu đề\nThân bài.\n", "d.md")


def test_invalid_yaml_front_matter() -> None:
    with pytest.raises(ArticleError, match="front matter"):
        parse_article("---\ntitle: [unclosed\n---\nTiêu đề\nThân bài.\n", "y.md")


def test_unsupported_suffix(tmp_path: Path) -> None:
    f = tmp_path / "x.exe"
    f.write_bytes(b"MZ")
    with pytest.raises(ArticleError, match="unsupported file type"):
        read_article_file(f, f.name)


def test_bom_and_crlf() -> None:
    text = "\ufeffTiêu đề\r\nNgày 2/3/2024, thân bài.\r\n"
    article, paragraphs = parse_article(text, "c.txt")
    assert article.title == "Tiêu đề"
    assert [article.text[a:b] for a, b in paragraphs] == ["Ngày 2/3/2024, thân bài."]


def test_slugify() -> None:
    assert slugify("Phiên họp Đống Đa 5/2024.txt") == "phien-hop-dong-da-5-2024"
    assert slugify("sub/dir/x.md") == "sub-dir-x"
