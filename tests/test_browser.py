"""End to end in headless Chromium (Debian's package, driven by Python playwright).

One app per module, started as `python app.py` on a free port with its own corpus and index.
Screenshots go to $HBT_QA_SCREENSHOTS (`make screenshots` sets docs/screenshots) or a temp dir.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import MODEL_CACHE, ROOT, SEED

from hbt_qa.index.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ADMIN = ("quantri", "mat-khau-thu")
WRONG_PASSWORD = "mat-khau-sai-9731"
SEED_ID = "hbt-2024-05-phien-hop-uy-vien"
SEED_QUESTION = "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"
SENTENCE_115 = "giải ngân đạt trên 115 tỷ đồng"
T = 30_000  # ms: the first answer also warms the model up

PAYLOAD_NAME = "zz-kiem-tra-an-toan.md"
PAYLOAD_ARTICLE = (
    "---\n"
    'title: "<img src=x onerror=alert(1)> Kiểm tra an toàn thực phẩm <script>alert(2)</script>"\n'
    'url: "javascript:alert(3)"\n'
    "published: 2024-06-15\n"
    "---\n"
    "Ngày 14/6/2024, đoàn kiểm tra an toàn thực phẩm của quận làm việc tại chợ Mơ "
    "<img src=x onerror=alert(1)> và <script>alert(1)</script> theo kế hoạch.\n\n"
    "Đoàn kiểm tra an toàn thực phẩm ghi nhận "
    '<div style="position:fixed;inset:0;z-index:9999;background:red">lớp phủ đỏ</div> '
    "tại chợ Mơ.\n\n"
    "Biên bản chợ Mơ ghi [x](javascript:alert(1)) cùng "
    '<iframe srcdoc="<script>alert(1)</script>"></iframe> và ${alert(1)} '
    "để kiểm tra an toàn thực phẩm.\n"
)

UPLOAD_NAME = "Hồ Thanh Nhàn 2024.md"
UPLOAD_TITLE = "Phiên họp UBND quận về cải tạo hồ Thanh Nhàn tháng 7 năm 2024"
UPLOAD_ARTICLE = f"""---
title: {UPLOAD_TITLE}
published: 2024-07-12
---
Ngày 10/7/2024, UBND quận Hai Bà Trưng họp về dự án cải tạo hồ Thanh Nhàn.

Kinh phí cải tạo hồ Thanh Nhàn được phê duyệt là 37 tỷ 500 triệu đồng.
"""


@dataclass
class App:
    """A running app and where its files are."""

    url: str
    corpus: Path
    index: Path
    shots: Path
    log: Path


@dataclass
class Watch:
    """What a page did that it should not have: dialogs, requests to other hosts."""

    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """`python app.py` on a free port with a copy of the seed plus the payload article."""
    home = tmp_path_factory.mktemp("webapp")
    corpus = home / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / PAYLOAD_NAME).write_text(PAYLOAD_ARTICLE, encoding="utf-8")
    port = _free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "HBT_QA_INDEX": str(home / "index" / "hbt_qa.db"),
        "HBT_QA_CORPUS": str(corpus),
        "HBT_QA_CACHE": str(MODEL_CACHE),
        "HBT_QA_HOST": "127.0.0.1",
        "HBT_QA_PORT": str(port),
        "HBT_QA_ADMIN_USER": ADMIN[0],
        "HBT_QA_ADMIN_PASSWORD": ADMIN[1],
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("HBT_QA_MODEL", None)
    log = home / "app.log"
    shots = Path(os.environ.get("HBT_QA_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}/"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")], cwd=home, env=env, stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + 240  # a checkout without the model cache builds it
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app did not answer on {url}:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield App(url, corpus, home / "index" / "hbt_qa.db", shots, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, through playwright (no browser downloads)."""
    if not CHROMIUM:
        pytest.skip("Debian chromium is not installed: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _context(browser, app: App, **kw):
    """A fresh browser context whose dialogs and outside requests are recorded."""
    ctx = browser.new_context(accept_downloads=True, locale="vi-VN", **kw)
    ctx.set_default_timeout(T)
    watch = Watch()

    def on_request(req) -> None:
        if not req.url.startswith((app.url, "data:", "blob:", "about:")):
            watch.outside.append(req.url)

    def on_dialog(dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    ctx.on("request", on_request)
    ctx.on("page", lambda pg: pg.on("dialog", on_dialog))
    return ctx, watch


@pytest.fixture
def page(browser, app: App):
    """A desktop page; no test may open a dialog or reach another host."""
    ctx, watch = _context(browser, app, viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()
    assert watch.dialogs == [], f"dialogs fired: {watch.dialogs}"
    assert watch.outside == [], f"requests left the machine: {watch.outside}"


def open_app(page, app: App, query: str = "") -> None:
    """Load the app; with a permalink the article tab opens instead of the chat."""
    from playwright.sync_api import expect

    page.goto(app.url + query)
    expect(
        page.locator("#article" if "article=" in query else "#question textarea")
    ).to_be_visible()


def ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def field_of(page, elem_id: str):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).first.click()


def sign_in(page, user: str = ADMIN[0], password: str = ADMIN[1]) -> None:
    tab(page, "Dữ liệu")
    field_of(page, "admin-user").fill(user)
    field_of(page, "admin-password").fill(password)
    page.locator("#login").click()


def passage_with(app: App, needle: str) -> str:
    """The id of the seed passage that contains ``needle`` (read from the app's index)."""
    store = Store(app.index)
    text = store.article(SEED_ID)["text"]
    for pid, a, b in store.passage_spans(SEED_ID):
        if needle in text[a:b]:
            return pid
    raise AssertionError(needle)


def test_seed_question_cites_and_opens_the_passage(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    page.screenshot(path=app.shots / "first-screen.png")
    ask(page, SEED_QUESTION)
    chat = page.locator("#chat")
    expect(chat).to_contain_text("115 tỷ", timeout=T)
    expect(chat.locator("strong").first).to_contain_text("115 tỷ")  # the answer leads with it
    expect(chat).to_contain_text("[1]")
    lead = page.locator("#citations #cite-1")
    expect(lead.locator("mark.hl")).to_contain_text(SENTENCE_115)
    expect(lead.locator("mark.val")).to_have_text("trên 115 tỷ đồng")
    page.screenshot(path=app.shots / "chat.png", full_page=True)

    lead.locator("a.open-article").click()
    cited = page.locator("#article #cited")
    expect(cited).to_contain_text(SENTENCE_115)
    expect(cited).to_be_in_viewport()
    expect(page.get_by_role("tab", name="Bài viết").first).to_have_attribute(
        "aria-selected", "true"
    )
    pid = passage_with(app, SENTENCE_115)
    assert cited.get_attribute("data-passage") == pid
    expect(page).to_have_url(f"{app.url}?article={SEED_ID}&passage={pid.replace('#', '%23')}")
    page.screenshot(path=app.shots / "article.png")

    tab(page, "Hỏi đáp")
    page.get_by_role("button", name="Like", exact=True).first.click()
    deadline = time.monotonic() + 10
    while not (rows := Store(app.index).feedback_rows()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert rows and rows[-1]["rating"] == 1 and rows[-1]["question"] == SEED_QUESTION
    assert rows[-1]["citations"][0] == passage_with(app, SENTENCE_115)


def test_permalink_opens_the_article_at_the_passage(page, app):
    from playwright.sync_api import expect

    pid = passage_with(app, "phòng cháy chữa cháy")
    open_app(page, app, f"?article={SEED_ID}&passage={pid.replace('#', '%23')}")
    cited = page.locator("#article #cited")
    expect(cited).to_contain_text("phòng cháy chữa cháy")
    expect(cited).to_be_in_viewport()


def test_diacritic_free_example_question(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    # The examples come from the archive's frequent indicators and places (issue 21.7): one
    # of them without diacritics; the diacritic-free question is typed here.
    chat = page.locator("#chat")
    expect(chat).to_contain_text("của quận Hai Bà Trưng năm 2024")
    expect(chat).to_contain_text("cua quan hai ba trung nam 2024")
    expect(page.locator("#title")).to_contain_text("Hỏi đáp biên bản họp")
    ask(page, "quan da giai ngan duoc bao nhieu")
    expect(page.locator("#chat")).to_contain_text("115 tỷ", timeout=T)
    expect(page.locator("#citations #cite-1 mark.val")).to_have_text("trên 115 tỷ đồng")


def test_search_with_a_date_range_and_export(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    tab(page, "Tra cứu")
    field_of(page, "search-query").fill("giải ngân vốn đầu tư")
    field_of(page, "date-from").fill("2024-05-01")
    field_of(page, "date-to").fill("31/05/2024")
    page.locator("#search-btn").click()
    results = page.locator("#results")
    expect(results.locator(".summary").first).to_contain_text("đoạn khớp")
    expect(results).to_contain_text("từ 2024-05-01 đến 2024-05-31")
    expect(results).to_contain_text("115 tỷ")
    expect(results.locator("mark.term").first).to_be_visible()
    expect(page.locator("#timeline")).to_be_visible()
    expect(page.locator("#export-csv")).to_be_visible()
    page.screenshot(path=app.shots / "search.png", full_page=True)

    with page.expect_download() as dl:
        page.locator("#export-csv").click()
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["article_id"] for r in rows} == {SEED_ID}
    assert any(SENTENCE_115 in r["text"] for r in rows)
    assert rows[0]["permalink"].startswith(f"{app.url}?article={SEED_ID}&passage=")
    assert all(r["date"] == "2024-05-28" for r in rows)
    with page.expect_download() as dl:
        page.locator("#export-md").click()
    md = Path(dl.value.path()).read_text(encoding="utf-8")
    assert md.startswith("# Kết quả tra cứu: giải ngân vốn đầu tư") and "115 tỷ" in md

    field_of(page, "date-from").fill("2023-01-01")
    field_of(page, "date-to").fill("2023-12-31")
    page.locator("#search-btn").click()
    expect(results).to_contain_text("Không có đoạn nào khớp")
    expect(page.locator("#export-csv")).to_be_hidden()


def test_figures_tab_table_chart_csv_and_link(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    tab(page, "Số liệu")
    field_of(page, "fig-indicator").fill("giải ngân")
    page.locator("#fig-go").click()
    table = page.locator("#fig-table")
    expect(table.locator("table.figures")).to_contain_text("115 tỷ", timeout=T)
    expect(table).to_contain_text("Giải ngân vốn đầu tư công")
    expect(table.locator(".fig-note")).to_contain_text("5 tháng đầu năm")
    expect(table.locator("mark.val").first).to_have_text("trên 115 tỷ đồng")
    chart = page.locator("#fig-chart svg.fig-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.fig-point")).to_have_count(1)
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    page.screenshot(path=app.shots / "figures.png", full_page=True)

    with page.expect_download() as dl:
        page.locator("#fig-csv").click()
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1 and rows[0]["value"] == "115000000000"
    assert "115" in rows[0]["value_text"] and SENTENCE_115 in rows[0]["sentence"]
    assert rows[0]["basis"] == "actual" and rows[0]["conflict"] == "no"
    pid = passage_with(app, SENTENCE_115)
    assert rows[0]["passage_id"] == pid
    assert rows[0]["permalink"] == f"{app.url}?article={SEED_ID}&passage={pid.replace('#', '%23')}"

    value = table.locator("a.fig-value").first
    assert value.get_attribute("data-passage") == pid
    value.click()
    cited = page.locator("#article #cited")
    expect(cited).to_contain_text(SENTENCE_115)
    expect(page.get_by_role("tab", name="Bài viết").first).to_have_attribute(
        "aria-selected", "true"
    )

    page.locator("#lang").get_by_text("English").click()
    tab(page, "Figures")
    expect(table).to_contain_text("Public investment disbursed")
    expect(table.locator("th").nth(1)).to_have_text("Period")
    expect(page.locator("#fig-chart svg.fig-chart")).to_be_visible()


def test_admin_uploads_an_article_then_chat_cites_it(page, app, tmp_path):
    from playwright.sync_api import expect

    open_app(page, app)
    sign_in(page, password=WRONG_PASSWORD)
    expect(page.locator("#login-msg")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu")
    expect(page.locator("#admin-panel")).to_be_hidden()
    sign_in(page)
    records = page.locator("#records")
    expect(records).to_contain_text("bài viết")
    expect(records).to_contain_text("Ủy ban nhân dân quận Hai Bà Trưng")

    upload = tmp_path / UPLOAD_NAME
    upload.write_text(UPLOAD_ARTICLE, encoding="utf-8")
    page.set_input_files("#upload input[type=file]", str(upload))
    expect(page.locator("#upload-result")).to_contain_text("đã thêm", timeout=60_000)
    expect(page.locator("#upload-result")).to_contain_text(UPLOAD_NAME)
    expect(records).to_contain_text(UPLOAD_TITLE)
    assert (app.corpus / UPLOAD_NAME).read_text(encoding="utf-8") == UPLOAD_ARTICLE
    page.screenshot(path=app.shots / "records.png", full_page=True)

    tab(page, "Hỏi đáp")
    ask(page, "Kinh phí cải tạo hồ Thanh Nhàn là bao nhiêu?")
    expect(page.locator("#chat")).to_contain_text("37 tỷ 500 triệu đồng", timeout=T)
    expect(page.locator("#citations #cite-1 .card-title")).to_have_text(UPLOAD_TITLE)

    tab(page, "Dữ liệu")
    page.locator("#delete-pick input").click()
    page.get_by_role("option", name=UPLOAD_TITLE, exact=False).first.click()
    page.locator("#delete").click()
    expect(page.locator("#delete-confirm")).to_contain_text(f"«{UPLOAD_TITLE}»")
    assert (app.corpus / UPLOAD_NAME).exists()  # nothing goes before the confirmation
    page.locator("#delete-yes").click()
    expect(page.locator("#admin-msg")).to_contain_text("Đã xóa")
    expect(records).not_to_contain_text(UPLOAD_TITLE)
    expect(page.locator("#delete-confirm")).to_be_hidden()
    # the upload's result line no longer links to the deleted article
    expect(page.locator("#upload-result")).to_contain_text("đã xóa sau đó")
    expect(page.locator("#upload-result a.open-article")).to_have_count(0)
    assert not (app.corpus / UPLOAD_NAME).exists()
    assert list((app.index.parent / "deleted").glob(f"*-{UPLOAD_NAME}"))
    # A refused upload is listed with its reason under "Tệp bị từ chối" (issue 21).
    bad = tmp_path / "hong.txt"
    bad.write_bytes(b"\x00\x01binary")
    page.set_input_files("#upload input[type=file]", str(bad))
    refused = page.locator("#records section.refused")
    expect(refused).to_contain_text("Tệp bị từ chối", timeout=60_000)
    expect(refused).to_contain_text("hong.txt")
    expect(refused).to_contain_text("tệp nhị phân")
    # Secrets come from the environment and are never logged, right or wrong.
    log = app.log.read_text(encoding="utf-8", errors="replace")
    assert ADMIN[1] not in log and WRONG_PASSWORD not in log


def _assert_no_live_payload(page) -> None:
    """Nothing from the payload became markup: no image, frame, script link or overlay."""
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("iframe").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    overlays = page.evaluate(
        """() => [...document.querySelectorAll('[style]')].filter(e =>
            /position:\\s*fixed/i.test(e.getAttribute('style')) &&
            /9999/.test(e.getAttribute('style'))).length"""
    )
    assert overlays == 0
    centre = page.evaluate(
        """() => { const e = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
            return e ? getComputedStyle(e).backgroundColor : ''; }"""
    )
    assert centre != "rgb(255, 0, 0)"


def test_html_and_js_in_records_render_as_inert_text(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    ask(page, "Đoàn kiểm tra an toàn thực phẩm làm việc ở chợ Mơ ngày nào?")
    cards = page.locator("#citations")
    expect(cards).to_contain_text("<script>alert(1)</script>", timeout=T)
    expect(cards).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("#chat")).to_contain_text("Kiểm tra an toàn thực phẩm <script>alert(2)")
    _assert_no_live_payload(page)

    cards.locator("a.open-article").first.click()
    article = page.locator("#article")
    expect(article).to_contain_text('<iframe srcdoc="<script>alert(1)</script>"></iframe>')
    expect(article).to_contain_text("[x](javascript:alert(1))")
    expect(article).to_contain_text("${alert(1)}")
    expect(article).to_contain_text(
        '<div style="position:fixed;inset:0;z-index:9999;background:red">'
    )
    _assert_no_live_payload(page)

    tab(page, "Tra cứu")
    field_of(page, "search-query").fill("an toàn thực phẩm chợ Mơ")
    page.locator("#search-btn").click()
    expect(page.locator("#results")).to_contain_text("<script>alert(1)</script>")
    _assert_no_live_payload(page)

    sign_in(page)
    expect(page.locator("#records")).to_contain_text("<img src=x onerror=alert(1)> Kiểm tra")
    _assert_no_live_payload(page)
    page.wait_for_timeout(500)  # time for any onerror handler to have fired


def test_english_switch(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    page.locator("#lang").get_by_text("English").click()
    expect(page.locator("#lang input[value='English']")).to_be_checked()
    page.mouse.move(0, 0)  # a hovered radio is drawn unchecked in the screenshot
    expect(page.get_by_role("tab", name="Search").first).to_be_visible()
    expect(page.locator("#question textarea")).to_have_attribute(
        "placeholder", "e.g. How much had been disbursed by May 2024?"
    )
    ask(page, "How much had been disbursed by May 2024?")
    expect(page.locator("#chat")).to_contain_text("115", timeout=T)
    expect(page.locator("#citations")).to_contain_text("Open in article")
    page.screenshot(path=app.shots / "chat-en.png")


def test_phone_width_is_readable(browser, app):
    from playwright.sync_api import expect

    ctx, watch = _context(
        browser, app, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = ctx.new_page()
    try:
        open_app(pg, app)
        ask(pg, SEED_QUESTION)
        expect(pg.locator("#chat")).to_contain_text("115 tỷ", timeout=T)
        expect(pg.locator("#citations #cite-1")).to_be_visible()
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 392, f"the page scrolls sideways on a phone ({width}px)"
        pg.screenshot(path=app.shots / "phone-chat.png")
    finally:
        ctx.close()
    assert watch.dialogs == [] and watch.outside == []


def test_ask_and_search_by_name_with_gradio_client(app):
    from gradio_client import Client

    client = Client(app.url, verbose=False)
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert names == {"/ask", "/search", "/figures"}
    ans = client.predict(question=SEED_QUESTION, k=3, api_name="/ask")
    assert ans["found"] and "115" in ans["answer"] and len(ans["citations"]) <= 3
    out = client.predict("giải ngân vốn đầu tư", 5, "2024-05-01", "2024-05-31", "date",
                         api_name="/search")  # fmt: skip
    assert out["hits"] and out["hits"][0]["date"] == "2024-05-28"
    assert out["months"] == [{"month": "2024-05", "passages": out["total"]}]
    out = client.predict(query="giải ngân vốn đầu tư", place="hai ba trung", with_undated=True,
                         api_name="/search")  # fmt: skip
    assert out["hits"] and out["place"] == "hai ba trung" and out["with_undated"] is True
    with pytest.raises(Exception, match="200"):  # a place longer than 200 characters
        client.predict(query="giải ngân", place="x" * 201, api_name="/search")
    fig = client.predict("giải ngân", "2024-01-01", "", "", "", api_name="/figures")
    assert fig["indicator"] == "giai_ngan_von_dau_tu" and len(fig["rows"]) == 1
    src = fig["rows"][0]["sources"][0]
    assert fig["rows"][0]["value"] == 115e9 and SENTENCE_115 in src["sentence"]
    assert src["passage_id"] == passage_with(app, SENTENCE_115)


def test_place_filter_labels_and_single_escaping(page, app):
    """Issue 21: the place and both dates labelled on results, a place filter typed without
    diacritics, the archive's places and organs as options, a quote shown once."""
    from playwright.sync_api import expect

    open_app(page, app)
    ask(page, "What did the People's Council decide?")
    chat = page.locator("#chat")
    expect(chat).to_contain_text("People's Council", timeout=T)
    assert "&#x27;" not in chat.inner_text() and "&amp;" not in chat.inner_text()

    tab(page, "Tra cứu")
    field_of(page, "search-query").fill("giải ngân vốn đầu tư")
    place = field_of(page, "place")
    place.fill("hai ba trung")
    place.press("Tab")
    page.locator("#search-btn").click()
    results = page.locator("#results")
    expect(results).to_contain_text("Địa bàn: hai ba trung", timeout=T)
    expect(results).to_contain_text("quận Hai Bà Trưng, thành phố Hà Nội")
    expect(results).to_contain_text("Ngày họp: 2024-05-28")
    page.screenshot(path=app.shots / "search-place.png", full_page=True)

    place.fill("Xuân Lộc")
    place.press("Tab")
    page.locator("#search-btn").click()
    expect(results).to_contain_text("Không có đoạn nào khớp", timeout=T)

    page.keyboard.press("Escape")
    field_of(page, "organ").click()
    expect(page.get_by_role("option", name="UBND quận").first).to_be_visible()


# -- issue 15: what a newcomer trips over ------------------------------------------------
TAB_NAMES = ("Hỏi đáp", "Tra cứu", "Số liệu", "Bài viết", "Dữ liệu")


def _contrast(page, selector: str) -> float:
    """WCAG contrast of an element's text colour against the first opaque background under it."""
    return page.evaluate(
        """(sel) => {
          const el = document.querySelector(sel);
          const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => {
              v /= 255;
              return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          let bg = null;
          for (let n = el; n && !bg; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) bg = c.slice(0, 3);
          }
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg || [255, 255, 255]);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )


def test_back_from_the_article_view_returns_to_the_chat(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    ask(page, SEED_QUESTION)
    expect(page.locator("#citations #cite-1")).to_be_visible(timeout=T)
    page.locator("#citations #cite-1 a.open-article").click()
    page.wait_for_url("**?article=**")
    expect(page.get_by_role("tab", name="Bài viết").first).to_have_attribute(
        "aria-selected", "true"
    )
    page.go_back()
    expect(page).to_have_url(app.url)
    expect(page.get_by_role("tab", name="Hỏi đáp").first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#chat")).to_contain_text("115 tỷ")


def test_controls_have_names_and_secondary_text_has_contrast(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    ask(page, SEED_QUESTION)
    expect(page.locator("#citations .card-meta").first).to_be_visible(timeout=T)
    assert _contrast(page, "#citations .card-meta") >= 4.5
    for name in TAB_NAMES:
        tab(page, name)
        page.wait_for_timeout(300)
        tree = page.locator("body").aria_snapshot()
        for generic in ("Textbox", "Radio", "Dropdown", "Checkbox", "Number", "File"):
            assert f'"{generic}"' not in tree and f"text: {generic}\n" not in tree, (name, tree)
    # what the figures tab's source sentences and hints use
    page.evaluate(
        """() => { const s = document.createElement('span'); s.id = 'subdued-probe';
          s.textContent = 'x'; s.style.color = 'var(--body-text-color-subdued)';
          document.querySelector('.gradio-container').appendChild(s); }"""
    )
    assert _contrast(page, "#subdued-probe") >= 4.5
    tab(page, "Hỏi đáp")  # the question box is in the accessibility tree on its own tab
    expect(page.get_by_role("textbox", name="Câu hỏi")).to_have_count(1)
    assert "Ngôn ngữ / Language" in page.locator("body").aria_snapshot()


def test_phone_shows_every_tab_and_the_dropdown_text_clears_its_arrow(browser, app):
    from playwright.sync_api import expect

    ctx, watch = _context(
        browser, app, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = ctx.new_page()
    try:
        open_app(pg, app)
        for name in TAB_NAMES:
            expect(pg.get_by_role("tab", name=name).first).to_be_visible()
        expect(pg.get_by_role("button", name="More tabs")).to_have_count(0)
        tab(pg, "Tra cứu")
        field = pg.locator("#organ input[role=combobox]")
        expect(field).to_be_visible()
        text_right, arrow_left = pg.evaluate(
            """() => { const i = document.querySelector('#organ input[role=combobox]');
              const a = document.querySelector('#organ .icon-wrap');
              const r = i.getBoundingClientRect();
              return [r.right - parseFloat(getComputedStyle(i).paddingRight),
                      a.getBoundingClientRect().left]; }"""
        )
        assert text_right <= arrow_left - 2, (text_right, arrow_left)
    finally:
        ctx.close()
    assert watch.dialogs == [] and watch.outside == []


def test_records_tab_words_and_delete_safeguards(page, app):
    from playwright.sync_api import expect

    open_app(page, app)
    sign_in(page)
    upload = page.locator("#upload")
    expect(upload).to_be_visible()
    expect(upload).to_contain_text("Kéo tệp vào đây")
    expect(upload).not_to_contain_text("Drop File Here")
    page.locator("#delete").click()
    expect(page.locator("#admin-msg")).to_contain_text("Chưa chọn bài viết")
    expect(page.locator("#delete-confirm")).to_be_hidden()
    field_of(page, "delete-pick").click()
    page.get_by_role("option").filter(has_text="Ủy ban nhân dân quận Hai Bà Trưng").first.click()
    page.locator("#delete").click()
    confirm = page.locator("#delete-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Xóa bài viết «Ủy ban nhân dân quận Hai Bà Trưng")
    page.locator("#delete-no").click()
    expect(confirm).to_be_hidden()
    assert Store(app.index).article(SEED_ID) is not None  # nothing deleted without a "yes"
