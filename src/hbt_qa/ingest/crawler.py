"""Crawling one site: its robots.txt (RFC 9309, by protego), the links of a listing page or the
addresses of a sitemap, and each article page fetched politely through a ``Fetcher``. A page
that fails is one item with its reason, and the crawl goes on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from protego import Protego

from ..errors import ArticleError, one_line
from .fetch import Fetcher, FetchError, Page, is_url

log = logging.getLogger(__name__)
_SKIP_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|zip|rar|7z|mp[34]|avi|mov|xlsx?|pptx?|woff2?)$", re.I
)


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


@dataclass(frozen=True)
class SiteRules:
    """A site's robots.txt (RFC 9309) for our user agent, and the line a refused page gets."""

    rules: Protego
    user_agent: str
    refusal: str = "disallowed by robots.txt"

    def allows(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url``."""
        return bool(self.rules.can_fetch(url, self.user_agent))


def robots_for(fetcher: Fetcher, start: str) -> SiteRules:
    """The site's robots.txt rules, by RFC 9309: a file that is not there (4xx) allows
    everything, except 401/403 which we read as "keep out"; an unreachable one (5xx, no
    connection) allows nothing. Its Crawl-delay (or Request-rate) slows the fetcher down."""
    parts = urlsplit(start)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    agent = fetcher.settings.user_agent
    try:
        page = fetcher.get(robots_url)
    except FetchError as exc:
        if exc.status in (401, 403):
            return SiteRules(Protego.parse("User-agent: *\nDisallow: /"), agent)
        if exc.status is not None and 400 <= exc.status < 500:
            return SiteRules(Protego.parse(""), agent)
        return SiteRules(
            Protego.parse("User-agent: *\nDisallow: /"),
            agent,
            refusal=f"robots.txt unreachable ({exc}): nothing is fetched (RFC 9309)",
        )
    rules = Protego.parse(page.data.decode("utf-8", errors="replace"))
    delay = rules.crawl_delay(agent)
    rate = rules.request_rate(agent)
    if rate is not None and rate.requests:
        delay = max(delay or 0.0, rate.seconds / rate.requests)
    if delay:
        fetcher.slow_down(float(delay))
    return SiteRules(rules, agent)


@dataclass(frozen=True)
class CrawlItem:
    """One address met while crawling: its page, or why it was not fetched."""

    url: str
    page: Page | None = None
    skipped: str = ""  # "already indexed"
    error: str = ""


def _fetch_item(fetcher: Fetcher, url: str) -> CrawlItem:
    """One crawled address as an item: its page, or one line saying why not."""
    try:
        return CrawlItem(url, page=fetcher.get(url))
    except ArticleError as exc:
        return CrawlItem(url, error=str(exc))
    except Exception as exc:  # a bug or an odd answer: this page fails, the crawl goes on
        log.debug("fetching %s failed", url, exc_info=True)
        return CrawlItem(url, error=f"unexpected error while fetching: {one_line(exc)}")


def _candidates(fetcher: Fetcher, robots: SiteRules, first: Page) -> Iterator[CrawlItem | str]:
    """Addresses a listing page or sitemap names (and one item per nested sitemap that fails)."""
    if not _looks_like_sitemap(first):
        yield from page_links(first)
        return
    pages, nested = sitemap_urls(first.data)
    yield from pages
    for sm in nested[:50]:
        if not robots.allows(sm):
            continue
        item = _fetch_item(fetcher, sm)
        if item.page is None:
            yield item
            continue
        try:
            yield from sitemap_urls(item.page.data)[0]
        except ArticleError as exc:
            yield CrawlItem(sm, error=str(exc))


def crawl(
    start: str, fetcher: Fetcher, *, known: Iterable[str] = (), max_pages: int | None = None
) -> Iterator[CrawlItem]:
    """Article pages linked from a listing page or sitemap of one site, politely; a page that
    fails is one item with its reason, and the crawl goes on."""
    if not is_url(start):
        raise ArticleError(f"{start}: not an http(s) address")
    fetcher.host = urlsplit(start).netloc.lower()
    cap = fetcher.settings.max_pages if max_pages is None else max_pages
    known = set(known)
    robots = robots_for(fetcher, start)
    if not robots.allows(start):
        yield CrawlItem(start, error=robots.refusal)
        return
    first = _fetch_item(fetcher, start)
    if first.page is None:
        yield first
        return
    candidates: list[str] = []
    try:
        for found in _candidates(fetcher, robots, first.page):
            if isinstance(found, CrawlItem):
                yield found
            else:
                candidates.append(found)
    except ArticleError as exc:
        yield CrawlItem(start, error=str(exc))
        return
    fetched = 0
    for url in dict.fromkeys(candidates):
        if urlsplit(url).netloc.lower() != fetcher.host:
            continue
        if url in known:
            yield CrawlItem(url, skipped="already indexed")
            continue
        if fetched >= cap:
            break
        if not robots.allows(url):
            yield CrawlItem(url, error=robots.refusal)
            continue
        fetched += 1
        yield _fetch_item(fetcher, url)
