"""Messages from the stages below the web app, in the interface's language.

Ingestion and the service word their reasons once: file failures in English ("the file is
empty", "exact duplicate of a.txt: …"), input errors in both languages ("từ ngày / from: … không
phải ngày hợp lệ / is not a date …"). The page shows them in the language the user chose.
"""

from __future__ import annotations

import re

_DATE = re.compile(
    r"(?P<vi_what>[^/:]+?) / (?P<en_what>[^/:]+?): (?P<value>.+?) không phải ngày hợp lệ / "
    r"is not a date \((?P<forms>.+?)\)"
)
_BOTH = re.compile(r"^(?P<vi>[^/]+?) / (?P<en>[^/]+)$")

# English ingestion reasons and their Vietnamese wording; groups carry names and numbers over.
_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), wording)
    for pattern, wording in (
        (r"the file is empty", "tệp rỗng"),
        (
            r"the file is binary, not text \(it contains NUL bytes\)",
            "tệp nhị phân, không phải văn bản (có byte NUL)",
        ),
        (
            r"the file looks binary \(many control characters\)",
            "tệp có vẻ là tệp nhị phân (nhiều ký tự điều khiển)",
        ),
        (r"no text after the front matter", "không có nội dung sau phần đầu (front matter)"),
        (
            r"no article text found in the page \(a listing, menu or empty page\?\)",
            "không tìm thấy nội dung bài viết trong trang (trang danh sách, menu hay trang trống?)",
        ),
        (r"no article text found in the page", "không tìm thấy nội dung bài viết trong trang"),
        (
            r"no text layer: the PDF is scanned images; run OCR first",
            "PDF không có lớp chữ: đó là ảnh quét; hãy nhận dạng chữ (OCR) trước",
        ),
        (r"the \.docx has no text", "tệp .docx không có chữ"),
        (r"the PDF is password-protected", "PDF có mật khẩu"),
        (r"not a readable PDF \((.*)\)", r"không đọc được tệp PDF (\1)"),
        (r"not a readable \.docx \((.*)\)", r"không đọc được tệp .docx (\1)"),
        (r"not a valid \.docx \(damaged zip: (.*)\)", r"tệp .docx bị hỏng (zip lỗi: \1)"),
        (r"not a readable HTML page \((.*)\)", r"không đọc được trang HTML (\1)"),
        (r"the PDF has (\d+) pages; the limit is (\d+)", r"PDF có \1 trang; tối đa \2 trang"),
        (r"unsupported file type '([^']*)'", r"loại tệp không hỗ trợ '\1'"),
        (r"cannot read the file \((.*)\)", r"không đọc được tệp (\1)"),
        (
            r"front matter is not valid YAML \((.*)\)",
            r"phần đầu (front matter) không phải YAML hợp lệ (\1)",
        ),
        (
            r"front matter '([^']*)': (.*) is not a date \(use YYYY-MM-DD\)",
            r"phần đầu (front matter) '\1': \2 không phải ngày (dùng YYYY-MM-DD)",
        ),
        (
            r"front matter must be 'key: value' lines",
            "phần đầu (front matter) phải gồm các dòng 'khóa: giá trị'",
        ),
        (
            r"exact duplicate of (.+?): recorded as another source, not indexed again",
            r"trùng hoàn toàn với \1: ghi nhận là một nguồn khác, không lập chỉ mục lại",
        ),
        (
            r"near duplicate \((\d+)% alike\) of (.+?): recorded as another source, "
            r"not indexed again",
            r"gần trùng (giống \1%) với \2: ghi nhận là một nguồn khác, không lập chỉ mục lại",
        ),
    )
)


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang``: one half of a "vi / en" message, English reasons in Vietnamese."""
    en = lang == "en"
    date = _DATE.search(text)
    if date:
        what = (date["en_what"] if en else date["vi_what"]).strip()
        forms = date["forms"] if en else date["forms"].replace(" or ", " hoặc ")
        said = "is not a date" if en else "không phải ngày hợp lệ"
        return f"{what[:1].upper()}{what[1:]}: {date['value']} {said} ({forms})"
    both = _BOTH.match(text)
    if both:
        return both["en"] if en else both["vi"]
    if en:
        return text
    for pattern, wording in _VI:
        text = pattern.sub(wording, text)
    return text
