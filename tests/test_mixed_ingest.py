"""Issue 5's finish line: one ingest of a folder mixing every format plus a crawl of a local site,
then a question about each record answered with a citation back to the right source.

Every article here except the seed is synthetic, written for this test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED
from fixtures_docs import HTML_PAGE, docx_bytes, pdf_bytes
from test_fetch import FAST, LEGACY_TITLE, Site, site  # noqa: F401  (site is a fixture)

from hbt_qa.answering.answer import ask
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store
from hbt_qa.ingest.fetch import Fetcher
from hbt_qa.ingest.legacy import encode_tcvn3

MD = """# UBND phường Thanh Nhàn họp giao ban tháng 3 năm 2024

Ngày 12/3/2024, UBND phường Thanh Nhàn họp giao ban công tác tháng 3.

Trong quý I, phường đã cấp 45 giấy phép xây dựng nhà ở riêng lẻ cho các hộ dân.
"""
DOCX = [
    "UBND quận Hai Bà Trưng triển khai kế hoạch trồng cây năm 2024",
    "Ngày 4/4/2024, UBND quận tổ chức hội nghị triển khai kế hoạch phát triển cây xanh.",
    "Năm 2024, quận phấn đấu trồng mới 1.250 cây xanh trên các tuyến phố và trong trường học.",
]
PDF = [
    "UBND quận Hai Bà Trưng sơ kết công tác y tế quý II năm 2024",
    "Ngày 8/7/2024, UBND quận sơ kết công tác y tế quý II.",
    "Trung tâm Y tế quận đã tiêm vắc xin sởi cho 3.400 trẻ em trong đợt tiêm bổ sung.",
]
TCVN3 = (
    "UBND phường Vĩnh Tuy họp bàn sửa chữa ngõ xóm\n"
    "Ngày 5/9/2001, UBND phường Vĩnh Tuy họp bàn kế hoạch sửa chữa 14 tuyến ngõ trong năm.\n"
)


@pytest.mark.slow
def test_folder_of_every_format_and_a_crawl_in_one_ingest(
    site: tuple[str, Site],  # noqa: F811
    tmp_path: Path,
    real_embedder,
) -> None:
    base, state = site
    del state.pages["/tin/cham.html"]  # now a 404: timeouts are tested in test_fetch
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "thanh-nhan.md").write_text(MD, encoding="utf-8")
    (folder / "cay-xanh.docx").write_bytes(docx_bytes(DOCX))
    (folder / "y-te.pdf").write_bytes(pdf_bytes(PDF))
    (folder / "vinh-tuy-2001.txt").write_bytes(encode_tcvn3(TCVN3))
    (folder / "hop-thang-6.html").write_text(HTML_PAGE, encoding="utf-8")

    store = Store(tmp_path / "i.db")
    report = ingest_paths(
        store, real_embedder, [folder], crawl_from=[base + "/tin/"], fetcher=Fetcher(FAST)
    )
    crawled = {base + p for p in ("/tin/bai-2.html", "/cu", "/tin/vni.html")}
    assert set(report.added) == {p.name for p in folder.iterdir()} | crawled
    # The portal's copy of the saved HTML page is the same record: kept once, both recorded.
    assert report.duplicates == [base + "/tin/bai-1.html"]
    assert dict(report.notes)["vinh-tuy-2001.txt"] == "converted from TCVN3 (ABC)"
    failed = dict(report.failed)
    assert set(failed) == {base + p for p in ("/tin/cham.html", "/mat.html", "/private/x.html")}
    assert failed[base + "/mat.html"].startswith("HTTP 404")
    assert store.check() == []

    arts = {a["source"]: a for a in store.articles()}
    assert arts["cay-xanh.docx"]["title"] == DOCX[0]
    assert arts["y-te.pdf"]["meeting_date"] == "2024-07-08"
    assert arts["vinh-tuy-2001.txt"]["meeting_date"] == "2001-09-05"
    assert arts["thanh-nhan.md"]["organ"] == "UBND phường"
    assert (
        arts["thanh-nhan.md"]["ward"] == "phường Thanh Nhàn"
    )  # canonical names carry their unit word
    assert arts[base + "/tin/vni.html"]["title"] == LEGACY_TITLE

    questions = {
        "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?": SEED.name,
        "Phường Thanh Nhàn đã cấp bao nhiêu giấy phép xây dựng?": "thanh-nhan.md",
        "Năm 2024 quận phấn đấu trồng mới bao nhiêu cây xanh?": "cay-xanh.docx",
        "Bao nhiêu trẻ em được tiêm vắc xin sởi?": "y-te.pdf",
        "Phường Vĩnh Tuy sửa chữa bao nhiêu tuyến ngõ?": "vinh-tuy-2001.txt",
        "Thu ngân sách 6 tháng ước đạt bao nhiêu?": "hop-thang-6.html",
        "HĐND phường Bạch Đằng thông qua nghị quyết về việc gì?": base + "/tin/vni.html",
        "Quận ủy họp ngày nào?": base + "/cu",
    }
    for question, source in questions.items():
        ans = ask(store, real_embedder, question)
        assert ans.citations, question
        first = ans.citations[0]
        assert first.source == source, (question, [c.source for c in ans.citations])
        full = store.article(first.article_id)["text"]
        assert full[first.start : first.end] == first.text, "offsets slice the stored text"
