"""Articles by address: fetch one page, or crawl a listing page or sitemap of one site.

Polite by construction: one user agent, a timeout, a minimum delay between requests (or the
site's robots.txt Crawl-delay when longer), retries with exponential backoff on timeouts and
5xx/429 answers, robots.txt obeyed, a page cap, and only the start address's host is visited.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urldefrag, urljoin, urlsplit

from .. import __version__
from ..errors import ArticleError

USER_AGENT = f"hbt-qa/{__version__} (meeting-records indexer)"
MAX_PAGE_BYTES = 20 * 1024 * 1024
_SKIP_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|zip|rar|7z|mp[34]|avi|mov|xlsx?|pptx?|woff2?)$", re.I
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def is_url(source: str | object) -> bool:
    """Whether a source names a web address rather than a file."""
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how long to fetch."""

    timeout: float = 20.0
    delay: float = 1.0  # seconds between two requests
    retries: int = 2  # extra tries after a timeout, a connection error, 429 or 5xx
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_pages: int = 100
    user_agent: str = USER_AGENT
    max_bytes: int = MAX_PAGE_BYTES


@dataclass(frozen=True)
class Page:
    """A fetched document."""

    url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None


class _SameHostRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within the allowed host."""

    def __init__(self, host: str | None) -> None:
        self.host = host

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if self.host and urlsplit(newurl).netloc.lower() != self.host:
            raise ArticleError(f"redirected off the site to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    """GET with a user agent, timeout, rate limit and retries; errors become ArticleError."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    host: str | None = None  # when set, never leave this host (also through redirects)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    _last: float | None = None
    _delay: float | None = None

    def _wait_turn(self) -> None:
        delay = self.settings.delay if self._delay is None else self._delay
        if self._last is not None and delay > 0:
            left = self._last + delay - self.clock()
            if left > 0:
                self.sleep(left)
        self._last = self.clock()

    def slow_down(self, seconds: float) -> None:
        """Use a longer delay between requests (robots.txt Crawl-delay)."""
        self._delay = max(self.settings.delay, seconds)

    def _open(self, url: str) -> Page:
        if self.host and urlsplit(url).netloc.lower() != self.host:
            raise ArticleError(f"not on {self.host}")
        opener = urllib.request.build_opener(_SameHostRedirect(self.host))
        req = urllib.request.Request(url, headers={"User-Agent": self.settings.user_agent})
        self._wait_turn()
        self.requests += 1
        with opener.open(req, timeout=self.settings.timeout) as resp:
            data = resp.read(self.settings.max_bytes + 1)
            if len(data) > self.settings.max_bytes:
                raise ArticleError(f"the page is over {self.settings.max_bytes // 1_048_576} MB")
            headers: Message = resp.headers
            return Page(
                url=resp.geturl(),
                data=data,
                content_type=headers.get_content_type(),
                charset=headers.get_content_charset(),
            )

    def get(self, url: str) -> Page:
        """The page at ``url``, retrying transient failures."""
        attempt = 0
        while True:
            try:
                return self._open(url)
            except urllib.error.HTTPError as exc:
                reason = f"HTTP {exc.code} {exc.reason}"
                transient = exc.code == 429 or exc.code >= 500
            except TimeoutError:
                reason, transient = f"timed out after {self.settings.timeout:g} s", True
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    reason = f"timed out after {self.settings.timeout:g} s"
                else:
                    reason = f"cannot connect ({exc.reason})"
                transient = True
            except (OSError, http.client.HTTPException) as exc:
                reason, transient = f"connection failed ({exc})", True
            except ValueError as exc:
                raise ArticleError(f"not a valid address ({exc})") from None
            if not transient or attempt >= self.settings.retries:
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise ArticleError(reason + tries)
            self.sleep(self.settings.backoff * 2**attempt)
            attempt += 1


def page_text(page: Page) -> tuple[str, str]:
    """(article text for parse_article, note) of a fetched page, by its content type."""
    from .articles import decode_text_bytes
    from .formats import convert, convert_html

    ctype = page.content_type
    path = urlsplit(page.url).path.lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        c = convert_html(page.data, url=page.url, charset=page.charset)
        return c.text, c.note
    if ctype == "application/pdf" or path.endswith(".pdf"):
        c = convert(".pdf", page.data)
    elif ctype == DOCX_TYPE or path.endswith(".docx"):
        c = convert(".docx", page.data)
    elif ctype in ("text/plain", "text/markdown"):
        text, note = decode_text_bytes(page.data)
        return f"URL: {page.url}\n{text}", note
    else:
        raise ArticleError(f"unsupported content type '{ctype}'")
    return f"URL: {page.url}\n{c.text}", c.note


# --- Crawling ------------------------------------------------------------------------------
def sitemap_urls(data: bytes) -> tuple[list[str], list[str]]:
    """(page addresses, nested sitemap addresses) of a sitemap or sitemap index."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ArticleError(f"not a valid sitemap ({exc})") from None
    locs = [
        (el.text or "").strip()
        for el in root.iter()
        if isinstance(el.tag, str) and el.tag.endswith("loc")
    ]
    locs = [u for u in locs if u]
    if etree.QName(root).localname == "sitemapindex":
        return [], locs
    return locs, []


def page_links(page: Page) -> list[str]:
    """Same-host http(s) links of an HTML page, in page order, without fragments or assets."""
    import lxml.html

    from .formats import decode_html

    html, _ = decode_html(page.data, page.charset)
    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # an unparsable listing simply has no links
        return []
    host = urlsplit(page.url).netloc.lower()
    out: dict[str, None] = {}
    for href in tree.xpath("//a/@href"):
        url = urldefrag(urljoin(page.url, str(href).strip()))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host:
            continue
        if _SKIP_EXT.search(parts.path) or url == page.url:
            continue
        out[url] = None
    return list(out)


def _looks_like_sitemap(page: Page) -> bool:
    head = page.data[:512].lstrip()
    return page.content_type in ("application/xml", "text/xml") or (
        head.startswith(b"<?xml") and (b"<urlset" in page.data[:2048] or b"<sitemapindex" in head)
    )


def robots_for(fetcher: Fetcher, start: str) -> urllib.robotparser.RobotFileParser:
    """The site's robots.txt rules (a missing file allows everything; 401/403 allow nothing)."""
    parts = urlsplit(start)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    rp = urllib.robotparser.RobotFileParser(robots_url)
    try:
        page = fetcher.get(robots_url)
    except ArticleError as exc:
        if re.match(r"HTTP (401|403)\b", str(exc)):
            rp.disallow_all = True
        else:
            rp.allow_all = True
        return rp
    rp.parse(page.data.decode("utf-8", errors="replace").splitlines())
    delay = rp.crawl_delay(fetcher.settings.user_agent)
    if delay:
        fetcher.slow_down(float(delay))
    return rp


@dataclass(frozen=True)
class CrawlItem:
    """One address met while crawling: its page, or why it was not fetched."""

    url: str
    page: Page | None = None
    skipped: str = ""  # "already indexed"
    error: str = ""


def crawl(
    start: str, fetcher: Fetcher, *, known: Iterable[str] = (), max_pages: int | None = None
) -> Iterator[CrawlItem]:
    """Article pages linked from a listing page or sitemap of one site, politely."""
    if not is_url(start):
        raise ArticleError(f"{start}: not an http(s) address")
    fetcher.host = urlsplit(start).netloc.lower()
    cap = fetcher.settings.max_pages if max_pages is None else max_pages
    known = set(known)
    robots = robots_for(fetcher, start)
    agent = fetcher.settings.user_agent
    if not robots.can_fetch(agent, start):
        yield CrawlItem(start, error="disallowed by robots.txt")
        return
    try:
        first = fetcher.get(start)
    except ArticleError as exc:
        yield CrawlItem(start, error=str(exc))
        return
    candidates: list[str] = []
    if _looks_like_sitemap(first):
        pages, nested = sitemap_urls(first.data)
        candidates.extend(pages)
        for sm in nested[:50]:
            if not robots.can_fetch(agent, sm):
                continue
            try:
                candidates.extend(sitemap_urls(fetcher.get(sm).data)[0])
            except ArticleError as exc:
                yield CrawlItem(sm, error=str(exc))
    else:
        candidates.extend(page_links(first))
    fetched = 0
    for url in dict.fromkeys(candidates):
        if urlsplit(url).netloc.lower() != fetcher.host:
            continue
        if url in known:
            yield CrawlItem(url, skipped="already indexed")
            continue
        if fetched >= cap:
            break
        if not robots.can_fetch(agent, url):
            yield CrawlItem(url, error="disallowed by robots.txt")
            continue
        fetched += 1
        try:
            yield CrawlItem(url, page=fetcher.get(url))
        except ArticleError as exc:
            yield CrawlItem(url, error=str(exc))
