"""Turning article files into ``Article`` records: a pure ``parse_article`` and a thin reader."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

from ..errors import ArticleError
from ..language.calendar import typed_day
from ..models import Article
from .dates import META_LINE, RecordDates, is_date_line, read_dates, store_prefix
from .duplicates import fingerprint
from .recordmeta import record_meta

ACCEPTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024  # Word and PDF files carry images
MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024  # more than MAX_TEXT_CHARS in any encoding
MAX_TEXT_CHARS = 1_000_000  # about 300 pages: a meeting record is a few thousand characters

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_URL_LINE = re.compile(r"\A[ \t]*URL:[ \t]*(\S+)[ \t]*(?:\r?\n|\Z)", re.I)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
HEADLINE_WORDS = 30  # a longer first line is a lead paragraph, not a title


def content_hash(text: str) -> str:
    """Hash of an article's text, used to skip unchanged files."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def slugify(name: str) -> str:
    """ASCII id from a file name: 'Phiên họp 5/2024.txt' → 'phien-hop-5-2024'."""
    from ..language.text import fold

    stem = name.rsplit(".", 1)[0] if "." in name else name
    slug = _SLUG_DROP.sub("-", fold(stem)).strip("-")
    return slug or hashlib.sha1(name.encode()).hexdigest()[:10]


def _front_date(value: object, field: str) -> str | None:
    """Front-matter dates may be YAML dates, ISO strings or dd/mm/yyyy."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    if stamp := re.match(r"\d{4}-\d{1,2}-\d{1,2}(?=[T ])", s):
        s = stamp.group(0)  # an ISO day with a time after it
    try:
        day = typed_day(s)
    except ValueError:
        raise ArticleError(f"front matter '{field}': {s} is not a real date") from None
    if day is None:
        raise ArticleError(f"front matter '{field}': {s!r} is not a date (use YYYY-MM-DD)")
    return day.isoformat()


def _parse_front(block: str) -> dict[str, object]:
    """YAML front matter as a dict, or an ArticleError."""
    import yaml

    class _Loader(yaml.SafeLoader):
        """Dates stay strings so that an impossible date is reported with its field name."""

    _Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    try:
        data = yaml.load(block, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise ArticleError(f"front matter is not valid YAML ({first})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArticleError("front matter must be 'key: value' lines")
    return {str(k).lower(): v for k, v in data.items()}


def headline(line: str) -> str:
    """The title a first line gives: the line itself, or the opening of a lead paragraph.

    Real pages often start with the lead paragraph where a title would stand; it is indexed as
    body, and the card shows its opening words.
    """
    words = line.split()
    if len(words) <= HEADLINE_WORDS:
        return line
    m = re.match(r"(.{20,}?[.!?…])\s", line)
    first = m.group(1) if m else line
    if len(first.split()) > HEADLINE_WORDS:
        first = " ".join(first.split()[:HEADLINE_WORDS]) + " …"
    return first


def _without_stamp(line: str) -> str:
    """A first line without the store's "date 2022-07-06 Chính trị " prefix."""
    _, used = store_prefix(line)
    return line[used:].strip() or line


NEW_UNITS_FROM = "2025-07-01"  # districts dissolved, provinces and wards merged


def era_of(when: RecordDates) -> Literal["old", "new"] | None:
    """Which list of units a record's places come from: its date before or after 1 July 2025."""
    day = when.meeting or when.published or (when.month and f"{when.month}-01")
    if day:
        return "new" if day >= NEW_UNITS_FROM else "old"
    if when.year is not None:
        return "new" if when.year > int(NEW_UNITS_FROM[:4]) else "old"
    return None


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start`` on, without the line break or edge spaces."""
    out = []
    pos = start
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
        if nl == -1:
            break
        pos = nl + 1
    return out


def parse_article(text: str, source: str, path: str = "") -> tuple[Article, list[tuple[int, int]]]:
    """Parse one article's text into an ``Article`` and its body paragraph spans."""
    article, paragraphs, _ = parse_record(text, source, path)
    return article, paragraphs


def parse_record(
    text: str, source: str, path: str = ""
) -> tuple[Article, list[tuple[int, int]], RecordDates]:
    """`parse_article`, plus every date read with its source (the month a page gives without
    its day and a print header's day are not kept on the ``Article``)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ArticleError("the file is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(
            f"the text is {len(text) / 1e6:.1f} million characters; the limit is "
            f"{MAX_TEXT_CHARS / 1e6:g} million (about 300 pages): split it into its articles"
        )
    meta: dict[str, object] = {}
    pos = 0
    m = _FRONT.match(text)
    if m:
        meta = _parse_front(m.group(1))
        pos = m.end()
    else:
        m = _URL_LINE.match(text)
        if m:
            meta["url"] = m.group(1)
            pos = m.end()
    url = str(meta["url"]).strip() if meta.get("url") else None
    title = unicodedata.normalize("NFC", str(meta["title"]).strip()) if meta.get("title") else None
    published = _front_date(meta.get("published") or meta.get("date"), "published")
    origin = str(meta["source"]).strip() if meta.get("source") else None

    paragraphs: list[tuple[int, int]] = []
    header: list[tuple[int, int]] = []
    first_line = ""
    for a, b in _lines(text, pos):
        if a == b:
            continue
        line = unicodedata.normalize("NFC", text[a:b])
        if META_LINE.match(line) or is_date_line(line):
            header.append((a, b))  # a date, counter or print line, before the title or after
            continue
        if title is None:
            first_line = line
            title = headline(_without_stamp(line))
            if title == _without_stamp(line):
                header.append((a, b))  # a headline: indexed, but not body
            else:
                paragraphs.append((a, b))  # a lead paragraph standing where a title would
            continue
        if not paragraphs and not header and line == unicodedata.normalize("NFC", title):
            continue  # the title repeated under front matter
        paragraphs.append((a, b))
    if not paragraphs:
        if not header:
            raise ArticleError("no text after the front matter")
        paragraphs, header = header[:1], header[1:]  # a one-line article is all body
    title = title or source
    opening = [unicodedata.normalize("NFC", text[a:b]) for a, b in paragraphs[:6]]
    headers = [unicodedata.normalize("NFC", text[a:b]) for a, b in header]
    headers = [h for h in headers if h != first_line]  # the headline is no date line
    when = read_dates(first_line or title, headers, opening, url, published)
    about = record_meta(title, "\n".join(opening), url, era_of(when))
    article = Article(
        article_id=slugify(source),
        source=source,
        path=path,
        text=text,
        body_start=paragraphs[0][0],
        title=title,
        url=url,
        published=when.published,
        meeting_date=when.meeting,
        origin=origin,
        content_hash=content_hash(text),
        organ=about.organ,
        district=about.district,
        ward=about.ward,
        chair=about.chair,
        header_spans=tuple(header),
        province=about.province,
        place_level=about.place_level,
        organ_kind=about.organ_kind,
        organ_level=about.organ_level,
        year=when.year,
        month=None if when.published or when.meeting else when.month,
        meta_sources={**when.sources(), **about.sources},
    )
    return article, paragraphs, when


def decode_text_bytes(data: bytes) -> tuple[str, str]:
    """(text, note) of a text file: UTF-8, or TCVN3 / VNI / Windows-1258 converted to Unicode."""
    if not data.strip():
        raise ArticleError("the file is empty")
    head = data[:8192]
    if b"\x00" in head:
        raise ArticleError("the file is binary, not text (it contains NUL bytes)")
    note = ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from .formats import convert_legacy_text

        legacy = convert_legacy_text(data)
        if legacy is None:
            raise ArticleError(
                f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}) and not "
                "Vietnamese in TCVN3, VNI or Windows-1258; re-save the file as UTF-8"
            ) from None
        text, note = legacy.text, legacy.note
    bad = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    if bad > 8:
        raise ArticleError("the file looks binary (many control characters)")
    return text, note


def decode_article_bytes(data: bytes) -> str:
    """Unicode text of a text file, or an ArticleError saying why it is not usable."""
    return decode_text_bytes(data)[0]


def read_article(path: Path, source: str) -> tuple[Article, list[tuple[int, int]], str]:
    """Read, convert and parse one file: (article, paragraphs, note on any conversion)."""
    text, note = read_text(path)
    article, paragraphs = parse_article(text, source, str(path))
    return article, paragraphs, note


def text_hash(text: str) -> str:
    """The content hash ``parse_article`` will give this text (a byte-order mark aside)."""
    return content_hash(text[1:] if text.startswith("\ufeff") else text)


def read_text(path: Path) -> tuple[str, str]:
    """A file's text, decoded or converted, and a note on any conversion; not parsed yet."""
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ArticleError(
            f"unsupported file type '{path.suffix}' (accepted: {', '.join(ACCEPTED_SUFFIXES)})"
        )
    try:
        size = path.stat().st_size
        limit = MAX_TEXT_FILE_BYTES if suffix in (".txt", ".md") else MAX_FILE_BYTES
        if size > limit:
            raise ArticleError(
                f"the file is {size // 1_048_576} MB; the limit for {suffix} files is "
                f"{limit // 1_048_576} MB: split it into its articles"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read the file ({exc.strerror})") from None
    if suffix in (".txt", ".md"):
        text, note = decode_text_bytes(data)
    else:
        from .formats import convert

        if not data.strip():
            raise ArticleError("the file is empty")
        converted = convert(suffix, data)
        text, note = converted.text, converted.note
    return text, note


def read_article_file(path: Path, source: str) -> tuple[Article, list[tuple[int, int]]]:
    """Read and parse one file; every problem becomes an ArticleError."""
    article, paragraphs, _ = read_article(path, source)
    return article, paragraphs


def discover(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files to ingest as (path, source name), and (path, reason) for paths that do not exist."""
    found: list[tuple[Path, str]] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not f.name.startswith("."):
                    found.append((f, f.relative_to(p).as_posix()))
        elif p.is_file():
            found.append((p, p.name))
        else:
            missing.append((str(p), "no such file or folder"))
    return found, missing


def derived_columns(text: str, source: str) -> dict[str, Any]:
    """Metadata and duplicate fingerprint of a stored article's text (index upgrades)."""
    try:
        article, paragraphs = parse_article(text, source)
    except ArticleError:
        empty: dict[str, Any] = dict.fromkeys(DERIVED_FIELDS)
        return {**empty, "meta_sources": {}, "body_key": None, "sketch": []}
    fp = fingerprint(text[a:b] for a, b in paragraphs)
    return {
        **{name: getattr(article, name) for name in DERIVED_FIELDS},
        "meta_sources": dict(article.meta_sources),
        "body_key": fp.stored_key(),
        "sketch": list(fp.sketch),
    }


# The Article fields an index upgrade reads again from the stored text.
DERIVED_FIELDS = (
    "organ", "district", "ward", "chair", "province", "place_level", "organ_kind",
    "organ_level", "year", "published", "meeting_date", "month",
)  # fmt: skip
