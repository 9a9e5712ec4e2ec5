"""Synthetic document fixtures (invented text): DOCX by python-docx, PDF written by hand, HTML."""

from __future__ import annotations

import io
import zlib

ARTICLE_TITLE = "UBND quận Hai Bà Trưng họp phiên thường kỳ tháng 6 (tài liệu tổng hợp)"
ARTICLE_BODY = [
    "Ngày 25/6/2024, Chủ tịch UBND quận chủ trì phiên họp thường kỳ tháng 6.",
    "Thu ngân sách 6 tháng ước đạt 3.120 tỷ đồng, bằng 52% dự toán.",
    "Quận giao các phường rà soát công tác phòng cháy chữa cháy trước ngày 15/7/2024.",
]

HTML_PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Họp phiên thường kỳ tháng 6 - Cổng thông tin điện tử quận</title></head>
<body>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li>
<li><a href="/lien-he">Liên hệ</a></li></ul></nav>
<div class="breadcrumb">Trang chủ / Tin tức / Hoạt động</div>
<article>
<h1>{ARTICLE_TITLE}</h1>
<div class="meta">Ngày đăng 26/06/2024 | 09:15 | Lượt xem: 88</div>
<p>{ARTICLE_BODY[0]}</p>
<figure><img src="a.jpg" alt="ảnh"><figcaption>Quang cảnh phiên họp (ảnh minh họa).</figcaption>
</figure>
<p>{ARTICLE_BODY[1]}</p>
<p>{ARTICLE_BODY[2]}</p>
</article>
<div class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/tin/1">Quận tổ chức hội nghị triển khai nhiệm vụ quý III</a></li>
<li><a href="/tin/2">Phường Bạch Mai ra quân dọn dẹp vệ sinh môi trường</a></li></ul></div>
<div class="comments">Bình luận: Hãy đăng nhập để bình luận.</div>
<footer>Bản quyền thuộc UBND quận Hai Bà Trưng. Địa chỉ: 30 Lê Đại Hành.</footer>
</body></html>
"""


def docx_bytes(paragraphs: list[str | list[list[str]]], title: str | None = None) -> bytes:
    """A Word document with one paragraph per string item and one table per list of rows."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for p in paragraphs:
        if isinstance(p, str):
            document.add_paragraph(p)
            continue
        table = document.add_table(rows=len(p), cols=len(p[0]))
        for row, cells in zip(table.rows, p, strict=True):
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """Assemble numbered objects into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _stream(data: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(data)
    head = f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode()
    return head + packed + b"\nendstream"


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Vietnamese via a ToUnicode map).

    Each distinct character gets a one-byte code in a simple font; the ToUnicode CMap tells
    a reader which Unicode character each code is, as real PDF producers do.
    """
    chars = sorted({c for line in lines for c in line})
    assert len(chars) < 250
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap_lines = "\n".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <01> <FF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_lines}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
    for line in lines:
        hexs = "".join(f"{code[c]:02X}" for c in line)
        ops.append(f"<{hexs}> Tj T*" if line else "T*")
    ops.append("ET")
    content = "\n".join(ops).encode()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            _stream(content),
            _stream(cmap),
        ]
    )


def scanned_pdf_bytes() -> bytes:
    """A one-page PDF with only drawing (as a scanned page has only an image): no text."""
    content = b"0.5 g 50 50 400 600 re f"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(content),
        ]
    )
