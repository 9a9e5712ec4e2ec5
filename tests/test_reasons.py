"""Messages from ingestion and the service in the interface's language (issue 15.15)."""

from __future__ import annotations

from hbt_qa.service import FileResult
from hbt_qa.web.reasons import in_language
from hbt_qa.web.render_records import upload_results_html

DATE = (
    "từ ngày / from: '31/2/2024' không phải ngày hợp lệ / is not a date (YYYY-MM-DD or dd/mm/yyyy)"
)


def test_date_errors_come_in_one_language():
    assert in_language(DATE, "vi") == (
        "Từ ngày: '31/2/2024' không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy)"
    )
    assert in_language(DATE, "en") == "From: '31/2/2024' is not a date (YYYY-MM-DD or dd/mm/yyyy)"


def test_two_language_messages_keep_one_half():
    assert in_language("quá 20 MB / larger than 20 MB", "vi") == "quá 20 MB"
    assert in_language("quá 20 MB / larger than 20 MB", "en") == "larger than 20 MB"


def test_upload_failure_reasons_in_vietnamese():
    cases = {
        "the file is empty": "tệp rỗng",
        "not a readable PDF (PdfStreamError: Stream has ended unexpectedly)": (
            "không đọc được tệp PDF (PdfStreamError: Stream has ended unexpectedly)"
        ),
        "exact duplicate of a.txt: recorded as another source, not indexed again": (
            "trùng hoàn toàn với a.txt: ghi nhận là một nguồn khác, không lập chỉ mục lại"
        ),
        "near duplicate (97% alike) of a.txt: recorded as another source, not indexed again": (
            "gần trùng (giống 97%) với a.txt: ghi nhận là một nguồn khác, không lập chỉ mục lại"
        ),
        "no text layer: the PDF is scanned images; run OCR first": (
            "PDF không có lớp chữ: đó là ảnh quét; hãy nhận dạng chữ (OCR) trước"
        ),
    }
    for english, vietnamese in cases.items():
        assert in_language(english, "vi") == vietnamese
        assert in_language(english, "en") == english
    lines = upload_results_html([FileResult("rong.txt", "failed", "the file is empty")], "vi")
    assert "tệp rỗng" in lines and "the file is empty" not in lines
