"""Articles by address: fetch one page (crawling a site is `crawler`).

Polite by construction: one user agent, a timeout, a minimum delay between requests (or the
site's robots.txt Crawl-delay when longer), retries with exponential backoff on timeouts and
5xx/429 answers and a wait of the server's Retry-After when it sends one, one reused connection
(urllib3), robots.txt read by RFC 9309 (protego: ``*`` and ``$`` included), a page cap, and
only the start address's host is visited.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from itertools import takewhile
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import InvalidHeader, MaxRetryError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry

from .. import __version__
from ..errors import ArticleError, one_line

USER_AGENT = f"hbt-qa/{__version__} (meeting-records indexer)"
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
_REDIRECTS = (301, 302, 303, 307, 308)
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
    max_retry_after: float = 300.0  # a longer Retry-After gives the page up instead of waiting


@dataclass(frozen=True)
class Page:
    """A fetched document."""

    url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None


class FetchError(ArticleError):
    """A page that could not be fetched; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _WaitTooLong(Exception):
    """The server's Retry-After asks for a longer wait than the settings allow."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"{seconds:.0f} s")
        self.seconds = seconds


class _Retry(Retry):
    """urllib3's Retry (which statuses and errors, Retry-After) with our schedule: the first
    retry waits ``backoff_factor``, each next one twice as long; waits go through ``pause`` (a
    test's recorder) and a Retry-After over ``longest`` gives up instead of waiting."""

    pause: Callable[[float], None] = staticmethod(time.sleep)
    longest: float = 300.0

    def new(self, **kw: Any) -> _Retry:
        fresh = super().new(**kw)
        fresh.pause, fresh.longest = self.pause, self.longest
        return fresh

    def get_backoff_time(self) -> float:
        errors = len(list(takewhile(lambda h: h.redirect_location is None, reversed(self.history))))
        return self.backoff_factor * 2 ** (errors - 1) if errors else 0.0

    def sleep(self, response: urllib3.BaseHTTPResponse | None = None) -> None:
        if self.respect_retry_after_header and response is not None:
            try:
                after = self.get_retry_after(response)
            except InvalidHeader:
                after = None  # an unreadable Retry-After: our own backoff
            if after is not None:
                if after > self.longest:
                    raise _WaitTooLong(after)
                self.pause(after)
                return
        backoff = self.get_backoff_time()
        if backoff > 0:
            self.pause(backoff)


def _content_type(header: str | None) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header, as urllib reads them."""
    msg = Message()
    if header:
        msg["Content-Type"] = header
    return msg.get_content_type(), msg.get_content_charset()


@dataclass
class Fetcher:
    """GET over one reused connection pool, with a user agent, timeout, rate limit, retries and
    Retry-After; every failure becomes one ``FetchError`` line."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    host: str | None = None  # when set, never leave this host (also through redirects)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    _last: float | None = None
    _delay: float | None = None
    _pool: urllib3.PoolManager | None = None

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

    @property
    def delay(self) -> float:
        """Seconds kept between two requests."""
        return self.settings.delay if self._delay is None else self._delay

    def _retry(self) -> _Retry:
        s = self.settings
        retry = _Retry(
            total=s.retries,
            redirect=False,  # redirects are followed here, to check each hop's host
            status_forcelist=(429, 500, 502, 503, 504),
            backoff_factor=s.backoff,
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        retry.pause, retry.longest = self._pause, s.max_retry_after
        return retry

    def _pause(self, seconds: float) -> None:
        self.sleep(seconds)
        self._last = self.clock()  # a retry's wait counts as the delay before the next request

    def _connections(self) -> urllib3.PoolManager:
        if self._pool is None:
            self._pool = urllib3.PoolManager(
                num_pools=4,
                maxsize=1,
                headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip"},
                timeout=urllib3.Timeout(connect=self.settings.timeout, read=self.settings.timeout),
            )
        return self._pool

    def close(self) -> None:
        """Close the kept connections."""
        if self._pool is not None:
            self._pool.clear()
            self._pool = None

    def _request(self, url: str) -> urllib3.BaseHTTPResponse:
        if self.host and urlsplit(url).netloc.lower() != self.host:
            raise FetchError(f"not on {self.host}")
        self._wait_turn()
        self.requests += 1
        return self._connections().request(
            "GET", url, retries=self._retry(), redirect=False, preload_content=False
        )

    def _failure(self, exc: BaseException) -> FetchError:
        """One line for a request that raised (after urllib3's retries, when it retried)."""
        s = self.settings
        tries = ""
        if isinstance(exc, MaxRetryError):
            tries = f" after {s.retries + 1} tries" if s.retries else ""
            exc = exc.reason or exc
        if isinstance(exc, _WaitTooLong):
            return FetchError(
                f"the site asks to retry after {exc.seconds:.0f} s (over {s.max_retry_after:g} s)"
            )
        if isinstance(exc, NewConnectionError):  # before timeouts: urllib3 makes it one
            return FetchError(f"cannot connect ({exc.__cause__ or exc}){tries}")
        if isinstance(exc, Urllib3Timeout | TimeoutError):
            return FetchError(f"timed out after {s.timeout:g} s{tries}")
        if isinstance(exc, ValueError):  # urllib3's LocationValueError included
            return FetchError(f"not a valid address ({exc})")
        return FetchError(f"connection failed ({one_line(exc)}){tries}")

    def get(self, url: str) -> Page:
        """The page at ``url``, retrying transient failures and following same-site redirects."""
        for _ in range(MAX_REDIRECTS + 1):
            try:
                resp = self._request(url)
            except (Urllib3Error, _WaitTooLong, ValueError, OSError) as exc:
                raise self._failure(exc) from None
            location = resp.get_redirect_location() if resp.status in _REDIRECTS else None
            if location:
                resp.drain_conn()
                resp.release_conn()
                url = urljoin(url, location)
                if self.host and urlsplit(url).netloc.lower() != self.host:
                    raise FetchError(f"redirected off the site to {url}")
                continue
            try:
                return self._page(url, resp)
            finally:
                resp.release_conn()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _page(self, url: str, resp: urllib3.BaseHTTPResponse) -> Page:
        if resp.status >= 400:
            done = len(resp.retries.history) + 1 if resp.retries else 1
            tries = f" after {done} tries" if done > 1 else ""
            resp.drain_conn()
            raise FetchError(f"HTTP {resp.status} {resp.reason}{tries}", status=resp.status)
        limit = self.settings.max_bytes
        try:
            data = resp.read(limit + 1)
        except (Urllib3Error, OSError) as exc:
            raise self._failure(exc) from None
        if len(data) > limit:
            resp.close()  # not worth draining
            raise FetchError(f"the page is over {limit // 1_048_576} MB")
        ctype, charset = _content_type(resp.headers.get("Content-Type"))
        return Page(url=url, data=data, content_type=ctype, charset=charset)


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
