"""Documents to article text: HTML (trafilatura), DOCX (python-docx), PDF (pypdf), legacy text.

Each converter takes the file's bytes and returns the text that ``ingest.parse_article`` reads:
the title on the first line, an optional "Ngày đăng dd/mm/yyyy" line, then one body paragraph
per line. Citations point into this text. Every failure is an ``ArticleError`` with a reason.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ArticleError
from .dates import POSTED_DATE

if TYPE_CHECKING:
    from docx.table import Table

MAX_DOCX_UNZIPPED = 50 * 1024 * 1024
MAX_PDF_PAGES = 2000
HTML_SUFFIXES = (".html", ".htm")
DOCUMENT_SUFFIXES = (*HTML_SUFFIXES, ".docx", ".pdf")

_DROP_XPATH = (
    "//figure|//figcaption|//nav|//footer|//aside|//form|//script|//style|//noscript"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    "|//*[contains(@class, 'image-caption') or contains(@class, 'img-caption')]"
    "|//*[contains(@class, 'related') or contains(@class, 'tin-lien-quan')"
    " or contains(@class, 'comment') or contains(@class, 'breadcrumb')]"
)


@dataclass(frozen=True)
class Converted:
    """Article text made from a document, and what was done to get it."""

    text: str
    note: str = ""  # e.g. "converted from TCVN3 (ABC)"


def _lines_text(title: str | None, posted: str | None, url: str | None, body: list[str]) -> str:
    """The plain-text article layout that parse_article reads."""
    head = []
    if url:
        head.append(f"URL: {url}")
    if title:
        head.append(title)
    if posted:
        head.append(f"Ngày đăng {posted}")
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in body]
    return "\n".join([*head, *([""] if head else []), *(p for p in paragraphs if p)]) + "\n"


# --- HTML ----------------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """(text, note) of an HTML page: declared charset, else UTF-8, else a legacy encoding."""
    from .legacy import ENCODING_NAMES, detect_legacy

    declared = charset or (
        m.group(1).decode("ascii") if (m := _META_CHARSET.search(data[:4096])) else None
    )
    declared = (declared or "").lower().strip()
    if declared in ("windows-1258", "cp1258"):
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    legacy = detect_legacy(data)
    if legacy:
        text, enc = legacy
        return text, f"converted from {ENCODING_NAMES[enc]}"
    if declared:
        try:
            return data.decode(declared, errors="replace"), ""
        except (LookupError, UnicodeError):
            pass  # an unknown name, or a codec that is no page encoding ("idna", "rot13")
    return data.decode("cp1252", errors="replace"), ""


def html_to_text(html: str, url: str | None = None) -> str:
    """Article text of an HTML page: title, published date and body; menus and lists dropped."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(html)
    except Exception as exc:  # lxml raises several types for broken markup
        raise ArticleError(f"not a readable HTML page ({exc})") from None
    whole = tree.text_content()
    posted_m = POSTED_DATE.search(whole)
    for el in tree.xpath(_DROP_XPATH):
        if el.getparent() is not None:
            el.drop_tree()
    doc: Any = trafilatura.bare_extraction(  # a Document (a dict only if asked)
        lxml.html.tostring(tree, encoding="unicode"),
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        with_metadata=True,
    )
    if doc is None or not (doc.text or "").strip():
        raise ArticleError("no article text found in the page (a listing, menu or empty page?)")
    title = (doc.title or "").strip() or None
    h1 = tree.xpath("//h1")
    if h1 and h1[0].text_content().strip():
        title = h1[0].text_content().strip()  # the page's own heading, without the site name
    if posted_m:
        posted = "/".join(posted_m.groups())
    elif doc.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date):
        y, m, d = doc.date.split("-")
        posted = f"{d}/{m}/{y}"
    else:
        posted = None
    body = [
        line
        for line in doc.text.splitlines()
        if line.strip() and not POSTED_DATE.match(line.strip()) and line.strip() != title
    ]
    if not body:
        raise ArticleError("no article text found in the page")
    return _lines_text(title, posted, url or doc.url, body)


def convert_html(data: bytes, url: str | None = None, charset: str | None = None) -> Converted:
    """An HTML file or fetched page as article text."""
    text, note = decode_html(data, charset)
    return Converted(html_to_text(text, url), note)


# --- DOCX ----------------------------------------------------------------------------------
def check_zip(data: bytes, limit: int = MAX_DOCX_UNZIPPED) -> None:
    """Refuse a damaged zip or one that unpacks to more than ``limit`` bytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ArticleError(f"not a valid .docx (damaged zip: {exc})") from None
    if total > limit:
        raise ArticleError(
            f"the .docx unpacks to {total // 1_048_576} MB; the limit is {limit // 1_048_576} MB"
        )


def _table_rows(table: Table) -> list[str]:
    """One line per table row: its distinct non-empty cells joined by " | " (merged cells once)."""
    rows = []
    for row in table.rows:
        cells = [c.text.strip() for c in row.cells]
        rows.append(" | ".join(dict.fromkeys(c for c in cells if c)))
    return rows


def convert_docx(data: bytes) -> Converted:
    """Paragraphs and table rows of a Word document, in document order."""
    check_zip(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise ArticleError(f"not a readable .docx ({type(exc).__name__}: {exc})") from None
    body: list[str] = []
    # Document order: a table stays between the heading before it and the comment after it.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            body.extend(_table_rows(block))
        else:
            body.append(block.text)
    lines = [b for b in body if b.strip()]
    if not lines:
        raise ArticleError("the .docx has no text")
    title = (document.core_properties.title or "").strip()
    if title and title != lines[0].strip():
        lines.insert(0, title)
    return Converted(_lines_text(None, None, None, lines))


# --- PDF -----------------------------------------------------------------------------------
_END = re.compile(r"[.:;!?…)\"”]$")


def join_pdf_lines(lines: list[str]) -> list[str]:
    """PDF text comes one printed line at a time; join the wrapped lines of each paragraph.

    A paragraph ends at a blank line, at sentence-final punctuation, or at a line clearly
    shorter than the text width (a heading, a caption, the last line of a paragraph). The
    first line (the title) stays alone.
    """
    stripped = [ln.strip() for ln in lines]
    widths = sorted(len(ln) for ln in stripped if ln)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    out: list[str] = []
    current = ""
    for line in stripped:
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        current = f"{current} {line}" if current else line
        if not out or _END.search(line) or len(line) < 0.7 * full:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def convert_pdf(data: bytes) -> Converted:
    """Text layer of a PDF; a PDF of scanned images is refused with the reason."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ArticleError("the PDF is password-protected")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ArticleError(f"the PDF has {len(pages)} pages; the limit is {MAX_PDF_PAGES}")
        texts = [page.extract_text() or "" for page in pages]
    except ArticleError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ArticleError(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    lines = "\n\n".join(texts).splitlines()
    if not any(ln.strip() for ln in lines):
        raise ArticleError("no text layer: the PDF is scanned images; run OCR first")
    text = unicodedata.normalize("NFC", _lines_text(None, None, None, join_pdf_lines(lines)))
    return Converted(text)


# --- Legacy plain text ---------------------------------------------------------------------
def convert_legacy_text(data: bytes) -> Converted | None:
    """A non-UTF-8 text file in TCVN3, VNI or Windows-1258 as Unicode, or None."""
    from .legacy import ENCODING_NAMES, detect_legacy

    found = detect_legacy(data)
    if found is None:
        return None
    text, enc = found
    return Converted(text, f"converted from {ENCODING_NAMES[enc]}")


def convert(suffix: str, data: bytes, url: str | None = None) -> Converted:
    """Dispatch a document's bytes on its suffix."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return convert_html(data, url)
    if suffix == ".docx":
        return convert_docx(data)
    if suffix == ".pdf":
        return convert_pdf(data)
    raise ArticleError(f"unsupported file type '{suffix}'")
