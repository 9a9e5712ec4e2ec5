"""Fetching and crawling against a local test site on 127.0.0.1 (synthetic pages only)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fixtures_docs import ARTICLE_BODY, HTML_PAGE

from hbt_qa.errors import ArticleError
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store
from hbt_qa.ingest.crawler import crawl, page_links, sitemap_urls
from hbt_qa.ingest.fetch import Fetcher, FetchSettings, is_url
from hbt_qa.ingest.legacy import encode_vni

FAST = FetchSettings(timeout=0.5, delay=0.0, retries=1, backoff=0.01, max_pages=50)


def _article(title: str, body: str, posted: str = "01/07/2024") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Trang chủ</a></nav><article><h1>{title}</h1>"
        f"<p>Ngày đăng {posted} | Lượt xem: 5</p><p>{body}</p></article>"
        "<footer>Bản quyền</footer></body></html>"
    ).encode()


LEGACY_TITLE = "Hội đồng nhân dân phường Bạch Đằng họp kỳ thứ 9"
LEGACY_BODY = "Ngày 3/7/2024, Hội đồng nhân dân phường thông qua nghị quyết về đầu tư công."


class Site:
    """A tiny site: a listing, articles, a slow page, a 404, a redirect, a legacy page."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.ports: list[int] = []  # the client's port per request: one port, one connection
        # Answers given once each, before the page's usual one (a busy server, then fine).
        self.first: dict[str, list[tuple[int, dict[str, str], bytes, float]]] = {}
        self.robots = b"User-agent: *\nDisallow: /private/\n"
        legacy = (
            f"<html><head><meta http-equiv='Content-Type' content='text/html; "
            f"charset=windows-1252'></head><body><article><h1>{LEGACY_TITLE}</h1>"
            f"<p>{LEGACY_BODY}</p></article></body></html>"
        )
        self.pages: dict[str, tuple[int, dict[str, str], bytes, float]] = {
            "/tin/": (
                200,
                {},
                b"<html><body><ul>"
                b"<li><a href='/tin/bai-1.html'>1</a></li><li><a href='bai-2.html#top'>2</a></li>"
                b"<li><a href='/cu'>cu</a></li><li><a href='/tin/vni.html'>vni</a></li>"
                b"<li><a href='/tin/cham.html'>slow</a></li><li><a href='/mat.html'>404</a></li>"
                b"<li><a href='/private/x.html'>private</a></li>"
                b"<li><a href='http://other.example/x'>other site</a></li>"
                b"<li><a href='/logo.png'>logo</a></li></ul></body></html>",
                0.0,
            ),
            "/tin/bai-1.html": (200, {}, HTML_PAGE.encode(), 0.0),
            "/tin/bai-2.html": (200, {}, _article("Bài hai", "Phường Minh Khai họp bàn."), 0.0),
            "/cu": (301, {"Location": "/tin/bai-3.html"}, b"", 0.0),
            "/tin/bai-3.html": (200, {}, _article("Bài ba", "Quận ủy họp ngày 2/7/2024."), 0.0),
            "/tin/vni.html": (200, {}, encode_vni(legacy), 0.0),
            "/tin/cham.html": (200, {}, _article("Chậm", "Trang chậm."), 3.0),
            "/private/x.html": (200, {}, _article("Riêng", "Không được lấy."), 0.0),
        }

    def sitemap(self, base: str) -> bytes:
        urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in ("/tin/bai-1.html", "/cu"))
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()


@pytest.fixture
def site() -> Iterator[tuple[str, Site]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so that connection reuse shows

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            state.hits.append(self.path)
            state.ports.append(self.client_address[1])
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if state.first.get(self.path):
                status, headers, body, delay = state.first[self.path].pop(0)
            elif self.path == "/robots.txt":
                status, body, delay = 200, state.robots, 0.0
                headers = {"Content-Type": "text/plain"}
            elif self.path == "/sitemap.xml":
                status, body, delay = 200, state.sitemap(base), 0.0
                headers = {"Content-Type": "application/xml"}
            elif self.path in state.pages:
                status, headers, body, delay = state.pages[self.path]
            else:
                status, headers, body, delay = 404, {}, b"<html>not found</html>", 0.0
            time.sleep(delay)
            try:
                self.send_response(status)
                headers = {"Content-Type": "text/html", **headers}
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def test_is_url() -> None:
    assert is_url("https://x.vn/a") and is_url("HTTP://x")
    assert not is_url("corpus/a.txt") and not is_url(Path("http:/x"))


def test_fetch_sends_user_agent_and_follows_redirect(site) -> None:
    base, _ = site
    page = Fetcher(FAST).get(base + "/cu")
    assert page.url == base + "/tin/bai-3.html"
    assert "Bài ba".encode() in page.data


def test_404_fails_at_once(site) -> None:
    base, state = site
    with pytest.raises(ArticleError, match="HTTP 404"):
        Fetcher(FAST).get(base + "/mat.html")
    assert state.hits.count("/mat.html") == 1  # a 404 is not retried


def test_slow_page_times_out_after_retries(site) -> None:
    base, _ = site
    waits: list[float] = []
    fetcher = Fetcher(FAST, sleep=waits.append)
    with pytest.raises(ArticleError, match=r"timed out after 0.5 s after 2 tries"):
        fetcher.get(base + "/tin/cham.html")
    assert waits == [0.01]  # backoff before the one retry


def test_server_error_is_retried_with_backoff(site) -> None:
    base, state = site
    state.pages["/loi"] = (503, {}, b"busy", 0.0)
    waits: list[float] = []
    settings = FetchSettings(timeout=1, delay=0, retries=2, backoff=0.5)
    with pytest.raises(ArticleError, match="HTTP 503"):
        Fetcher(settings, sleep=waits.append).get(base + "/loi")
    assert waits == [0.5, 1.0] and state.hits.count("/loi") == 3


def test_rate_limit_waits_between_requests() -> None:
    now = [100.0]
    waits: list[float] = []
    f = Fetcher(FetchSettings(delay=2.0), sleep=waits.append, clock=lambda: now[0])
    f._wait_turn()
    now[0] += 0.5
    f._wait_turn()
    assert waits == [1.5]


def test_page_links_same_site_only(site) -> None:
    base, _ = site
    links = page_links(Fetcher(FAST).get(base + "/tin/"))
    assert base + "/tin/bai-2.html" in links  # relative, fragment dropped
    assert not any("other.example" in u or u.endswith(".png") for u in links)


def test_sitemap_parsing() -> None:
    data = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://a/s1.xml</loc></sitemap></sitemapindex>"
    )
    assert sitemap_urls(data) == ([], ["http://a/s1.xml"])
    with pytest.raises(ArticleError, match="sitemap"):
        sitemap_urls(b"<urlset")


def test_crawl_listing_respects_robots_and_cap(site) -> None:
    base, state = site
    items = list(crawl(base + "/tin/", Fetcher(FAST), max_pages=3))
    fetched = [i.url for i in items if i.page]
    assert fetched == [base + "/tin/bai-1.html", base + "/tin/bai-2.html", base + "/cu"]
    assert "/private/x.html" not in state.hits
    assert state.hits[0] == "/robots.txt"


def test_crawl_skips_known_and_disallowed(site) -> None:
    base, state = site
    state.robots = b"User-agent: *\nDisallow: /tin/bai-2.html\n"
    known = {base + "/tin/bai-1.html"}
    items = {i.url: i for i in crawl(base + "/tin/", Fetcher(FAST), known=known)}
    assert items[base + "/tin/bai-1.html"].skipped == "already indexed"
    assert items[base + "/tin/bai-2.html"].error == "disallowed by robots.txt"
    assert "/tin/bai-1.html" not in state.hits and "/tin/bai-2.html" not in state.hits


def test_robots_forbidding_everything(site) -> None:
    base, state = site
    state.robots = b"User-agent: *\nDisallow: /\n"
    items = list(crawl(base + "/tin/", Fetcher(FAST)))
    assert [(i.url, i.error) for i in items] == [(base + "/tin/", "disallowed by robots.txt")]


def test_robots_wildcards_by_rfc_9309(site) -> None:
    """Issue 19 point 1: ``*`` and ``$`` rules are obeyed (urllib.robotparser ignored them)."""
    base, state = site
    state.robots = b"User-agent: *\nDisallow: /*?print=1\nDisallow: /*.pdf$\n"
    state.pages["/tin/"] = (
        200,
        {},
        b"<a href='/tin/hop-hdnd.html?print=1'>in</a><a href='/tin/bao-cao.pdf'>pdf</a>"
        b"<a href='/tin/bao-cao.pdf?tai=1'>pdf?</a><a href='/tin/bai-2.html'>2</a>",
        0.0,
    )
    items = {i.url: i for i in crawl(base + "/tin/", Fetcher(FAST))}
    assert items[base + "/tin/hop-hdnd.html?print=1"].error == "disallowed by robots.txt"
    assert items[base + "/tin/bao-cao.pdf"].error == "disallowed by robots.txt"
    assert items[base + "/tin/bai-2.html"].page is not None
    assert "HTTP 404" in items[base + "/tin/bao-cao.pdf?tai=1"].error  # `$`: only the end
    assert "/tin/hop-hdnd.html?print=1" not in state.hits and "/tin/bao-cao.pdf" not in state.hits


def test_crawl_delay_is_kept_between_requests(site) -> None:
    base, state = site
    state.robots = b"User-agent: *\nCrawl-delay: 2\n"
    waits: list[float] = []
    fetcher = Fetcher(FAST, sleep=waits.append)  # the real clock; waits are only recorded
    fetched = [i for i in crawl(base + "/tin/", fetcher, max_pages=2) if i.page]
    assert len(fetched) == 2 and fetcher.delay == 2.0
    assert fetcher.requests == 4  # robots.txt, then 2 s before each of the listing and 2 pages
    assert len(waits) == 3 and all(1.5 < w <= 2.0 for w in waits)


def test_unreachable_robots_txt_allows_nothing(site) -> None:
    base, state = site
    state.first["/robots.txt"] = [(503, {}, b"busy", 0.0)] * 2
    items = list(crawl(base + "/tin/", Fetcher(FAST, sleep=lambda s: None)))
    assert len(items) == 1 and "robots.txt unreachable (HTTP 503" in items[0].error
    assert state.hits == ["/robots.txt", "/robots.txt"]


def test_retry_after_is_honoured(site) -> None:
    base, state = site
    state.first["/tin/bai-2.html"] = [(503, {"Retry-After": "7"}, b"busy", 0.0)]
    state.first["/tin/bai-3.html"] = [(429, {"Retry-After": "3"}, b"slow down", 0.0)]
    waits: list[float] = []
    fetcher = Fetcher(FAST, sleep=waits.append)
    assert b"Minh Khai" in fetcher.get(base + "/tin/bai-2.html").data
    assert fetcher.get(base + "/cu").url == base + "/tin/bai-3.html"
    assert waits == [7.0, 3.0]  # the server's wait, not our backoff of 0.01 s


def test_retry_after_too_long_gives_the_page_up(site) -> None:
    base, state = site
    state.first["/tin/bai-2.html"] = [(429, {"Retry-After": "3600"}, b"", 0.0)]
    waits: list[float] = []
    with pytest.raises(ArticleError, match=r"retry after 3600 s \(over 300 s\)"):
        Fetcher(FAST, sleep=waits.append).get(base + "/tin/bai-2.html")
    assert not waits and state.hits == ["/tin/bai-2.html"]


def test_one_connection_for_a_crawl(site) -> None:
    base, state = site
    items = list(crawl(base + "/tin/", Fetcher(FAST), max_pages=3))
    assert len([i for i in items if i.page]) == 3
    assert len(state.hits) == 6  # robots.txt, the listing, 3 pages, one redirect hop
    assert len(set(state.ports)) == 1


def test_a_failing_page_is_one_line_and_the_crawl_goes_on(
    site, tmp_path: Path, fake_embedder, monkeypatch
) -> None:
    import hbt_qa.index.pipeline as pipeline

    base, state = site
    del state.pages["/tin/cham.html"]
    real = pipeline.page_text

    def page_text(page):
        if page.url.endswith("bai-2.html"):
            raise RuntimeError("reader bug\nwith a second line")
        return real(page)

    monkeypatch.setattr(pipeline, "page_text", page_text)
    real_get = Fetcher.get

    def get(self, url):
        if url.endswith("/tin/vni.html"):
            raise KeyError("odd answer")
        return real_get(self, url)

    monkeypatch.setattr(Fetcher, "get", get)
    store = Store(tmp_path / "i.db")
    report = ingest_paths(
        store, fake_embedder, [], crawl_from=[base + "/tin/"], fetcher=Fetcher(FAST)
    )
    failed = dict(report.failed)
    assert failed[base + "/tin/bai-2.html"] == (
        "cannot be read (RuntimeError: reader bug with a second line)"
    )
    assert failed[base + "/tin/vni.html"] == (
        "unexpected error while fetching: KeyError: 'odd answer'"
    )
    assert sorted(report.added) == [base + "/cu", base + "/tin/bai-1.html"]


def test_crawl_ingest_then_resume(site, tmp_path: Path, fake_embedder) -> None:
    base, state = site
    store = Store(tmp_path / "i.db")
    report = ingest_paths(
        store, fake_embedder, [], crawl_from=[base + "/tin/"], fetcher=Fetcher(FAST)
    )
    assert sorted(report.added) == sorted(
        base + p for p in ("/tin/bai-1.html", "/tin/bai-2.html", "/cu", "/tin/vni.html")
    )
    failed = dict(report.failed)
    assert "timed out" in failed[base + "/tin/cham.html"]
    assert "HTTP 404" in failed[base + "/mat.html"]
    assert failed[base + "/private/x.html"] == "disallowed by robots.txt"
    assert report.notes == [(base + "/tin/vni.html", "converted from VNI")]
    arts = {a["source"]: a for a in store.articles()}
    assert arts[base + "/tin/vni.html"]["title"] == LEGACY_TITLE
    assert arts[base + "/cu"]["path"] == base + "/tin/bai-3.html"  # where it was fetched from
    assert arts[base + "/tin/bai-1.html"]["published"] == "2024-06-26"
    assert arts[base + "/tin/bai-1.html"]["url"] == base + "/tin/bai-1.html"
    body = store.conn.execute(
        "select text from articles where source = ?", (base + "/tin/bai-1.html",)
    ).fetchone()[0]
    assert ARTICLE_BODY[1] in body and "Tin liên quan" not in body

    state.hits.clear()
    again = ingest_paths(
        store, fake_embedder, [], crawl_from=[base + "/tin/"], fetcher=Fetcher(FAST)
    )
    assert not again.added and len(again.unchanged) == 4
    assert "/tin/bai-1.html" not in state.hits  # resumption: indexed pages are not fetched


def test_sitemap_crawl_and_single_url(site, tmp_path: Path, fake_embedder) -> None:
    base, _ = site
    store = Store(tmp_path / "i.db")
    r = ingest_paths(
        store, fake_embedder, [], crawl_from=[base + "/sitemap.xml"], fetcher=Fetcher(FAST)
    )
    assert sorted(r.added) == [base + "/cu", base + "/tin/bai-1.html"]
    one = ingest_paths(store, fake_embedder, [base + "/tin/bai-2.html"], fetcher=Fetcher(FAST))
    assert one.added == [base + "/tin/bai-2.html"]
    same = ingest_paths(store, fake_embedder, [base + "/tin/bai-2.html"], fetcher=Fetcher(FAST))
    assert same.unchanged == [base + "/tin/bai-2.html"]


def test_folder_prune_keeps_fetched_articles(site, tmp_path: Path, fake_embedder) -> None:
    base, _ = site
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [base + "/tin/bai-2.html"], fetcher=Fetcher(FAST))
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Tiêu đề\nThân bài.\n", encoding="utf-8")
    report = ingest_paths(store, fake_embedder, [folder], prune=True)
    assert report.pruned == []
    assert {a["source"] for a in store.articles()} == {"a.txt", base + "/tin/bai-2.html"}


def test_bad_address_is_one_failure(tmp_path: Path, fake_embedder) -> None:
    store = Store(tmp_path / "i.db")
    # Port 9 on 127.0.0.1 (discard) is closed here: a connection error, never another host.
    report = ingest_paths(
        store, fake_embedder, ["http://127.0.0.1:9/x"], fetcher=Fetcher(FAST, sleep=lambda s: None)
    )
    assert report.failed and "cannot connect" in report.failed[0][1]


def test_cli_ingest_url_and_crawl(site, tmp_path: Path, monkeypatch, capsys) -> None:
    from fakes import HashEmbedder

    import hbt_qa.service
    from hbt_qa.cli import main

    base, state = site
    del state.pages["/tin/cham.html"]  # keep this test fast; timeouts are tested above
    monkeypatch.setattr(hbt_qa.service, "load_embedder", lambda *a, **k: HashEmbedder())
    db = str(tmp_path / "i.db")
    args = ["--delay", "0", "--timeout", "2", "--index", db]
    code = main(["ingest", base + "/tin/bai-2.html", "--crawl", base + "/tin/", *args])
    out, err = capsys.readouterr()
    assert code == 1  # the 404 and the robots-disallowed page are failures
    assert "added 4," in out
    assert f"{base}/mat.html: HTTP 404" in err
    assert f"{base}/tin/vni.html: converted from VNI" in err
    code = main(["ingest", "--crawl", base + "/tin/", "--max-pages", "0", "--json", *args])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and not report["added"] and len(report["unchanged"]) == 4
