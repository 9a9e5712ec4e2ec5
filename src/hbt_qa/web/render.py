"""Safe HTML, Markdown, CSV and interface strings for the web app.

Every untrusted string (article text and titles, file names, queries, answers) is escaped
here before it reaches Gradio: Gradio's own sanitiser lets CSS/HTML injection through and
``gr.HTML`` runs scripts. Links and ``<mark>`` come only from the templates below.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlparse

from ..language.text import fold
from ..models import Answer, Hit

if TYPE_CHECKING:
    from ..service import FileResult, RecordSearch

Lang = str  # "vi" | "en"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$=:])")
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Hỏi đáp biên bản họp UBND, HĐND quận Hai Bà Trưng",
        "intro": (
            "Hỏi bằng tiếng Việt (có dấu hoặc không dấu) hay tiếng Anh; mỗi câu trả lời dẫn "
            "nguyên văn câu trích từ biên bản và đường dẫn đến bài gốc."
        ),
        "tab_chat": "Hỏi đáp",
        "tab_search": "Tra cứu",
        "tab_article": "Bài viết",
        "tab_data": "Dữ liệu",
        "question": "Câu hỏi",
        "question_ph": "Ví dụ: Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
        "ask": "Hỏi",
        "clear": "Cuộc hỏi đáp mới",
        "examples": "Câu hỏi mẫu",
        "chat_hint": "Góp ý bằng nút Thích / Không thích dưới mỗi câu trả lời.",
        "sources": "Nguồn",
        "sources_of_last": "Nguồn của câu trả lời mới nhất",
        "open_article": "Xem trong bài viết",
        "original": "Bài gốc",
        "chars": "ký tự",
        "no_date": "không rõ ngày",
        "query": "Từ khóa",
        "query_ph": "Ví dụ: phòng cháy chữa cháy",
        "date_from": "Từ ngày (YYYY-MM-DD)",
        "date_to": "Đến ngày (YYYY-MM-DD)",
        "sort": "Sắp xếp",
        "sort_relevance": "Liên quan nhất",
        "sort_date": "Mới nhất",
        "search": "Tìm",
        "prev": "◀ Trang trước",
        "next": "Trang sau ▶",
        "timeline": "Số đoạn khớp theo tháng",
        "month": "Tháng",
        "passages": "Số đoạn",
        "export_csv": "Tải CSV",
        "export_md": "Tải Markdown",
        "results": "{n} đoạn khớp · trang {page}/{pages}",
        "results_range": " · từ {a} đến {b}",
        "no_results": "Không có đoạn nào khớp với «{q}» trong khoảng thời gian đã chọn.",
        "nearest": "Không có đoạn nào chứa đủ các từ của «{q}»; đây là các đoạn gần nghĩa nhất.",
        "search_first": "Nhập từ khóa rồi bấm Tìm.",
        "article_empty": (
            "Chưa mở bài viết nào. Bấm «Xem trong bài viết» ở một nguồn trích dẫn hoặc kết quả "
            "tra cứu."
        ),
        "article_missing": "Không tìm thấy bài viết này (có thể đã bị xóa).",
        "permalink": "Liên kết cố định",
        "published": "Ngày đăng",
        "meeting": "Ngày họp",
        "chair": "Chủ trì",
        "also_at": "Cùng bài đăng tại",
        "copies_n": "+{n} nguồn khác",
        "copy_exact": "bản trùng",
        "copy_near": "bản gần trùng, giống {pct}%",
        "organ_any": "Mọi cơ quan",
        "organ": "Cơ quan",
        "cited_passage": "Đoạn được trích dẫn được tô vàng.",
        "admin_disabled": (
            "Chức năng quản trị đang tắt. Để bật, đặt biến môi trường HBT_QA_ADMIN_USER và "
            "HBT_QA_ADMIN_PASSWORD rồi khởi động lại ứng dụng."
        ),
        "login_title": "Đăng nhập quản trị để xem và cập nhật kho biên bản.",
        "user": "Tên đăng nhập",
        "password": "Mật khẩu",
        "login": "Đăng nhập",
        "logout": "Đăng xuất",
        "login_failed": "Sai tên đăng nhập hoặc mật khẩu.",
        "logged_in": "Đã đăng nhập quản trị.",
        "need_login": "Cần đăng nhập quản trị.",
        "upload": "Tải lên biên bản mới ({kinds}, tối đa {mb} MB mỗi tệp)",
        "delete_pick": "Chọn bài viết để xóa",
        "delete": "Xóa bài viết",
        "deleted": "Đã xóa {name} khỏi chỉ mục.",
        "trashed": "Tệp được chuyển vào {trash}.",
        "reindex": "Lập chỉ mục lại thư mục corpus",
        "reindexed": "Lập chỉ mục xong: {summary}",
        "articles": "{n} bài viết, {p} đoạn",
        "col_title": "Tiêu đề",
        "col_date": "Ngày",
        "col_passages": "Số đoạn",
        "col_file": "Tệp",
        "col_result": "Kết quả",
        "added": "đã thêm",
        "updated": "đã cập nhật",
        "unchanged": "không thay đổi",
        "duplicate": "trùng bài đã có",
        "failed": "lỗi",
        "passages_n": "{n} đoạn",
        "feedback_saved": "Đã ghi nhận góp ý, cảm ơn bạn.",
        "language": "Ngôn ngữ",
        "error": "Lỗi",
    },
    "en": {
        "title": "Q&A over the Hai Bà Trưng district People's Committee and Council records",
        "intro": (
            "Ask in Vietnamese (with or without diacritics) or English; every answer quotes "
            "the record sentence it comes from and links to the original article."
        ),
        "tab_chat": "Ask",
        "tab_search": "Search",
        "tab_article": "Article",
        "tab_data": "Records",
        "question": "Question",
        "question_ph": "e.g. How much had been disbursed by May 2024?",
        "ask": "Ask",
        "clear": "New conversation",
        "examples": "Example questions",
        "chat_hint": "Use Like / Dislike under an answer to tell us whether it helped.",
        "sources": "Sources",
        "sources_of_last": "Sources of the latest answer",
        "open_article": "Open in article",
        "original": "Original",
        "chars": "chars",
        "no_date": "undated",
        "query": "Search words",
        "query_ph": "e.g. phòng cháy chữa cháy (fire prevention)",
        "date_from": "From (YYYY-MM-DD)",
        "date_to": "To (YYYY-MM-DD)",
        "sort": "Sort by",
        "sort_relevance": "Relevance",
        "sort_date": "Newest first",
        "search": "Search",
        "prev": "◀ Previous",
        "next": "Next ▶",
        "timeline": "Matching passages per month",
        "month": "Month",
        "passages": "Passages",
        "export_csv": "Download CSV",
        "export_md": "Download Markdown",
        "results": "{n} matching passages · page {page}/{pages}",
        "results_range": " · from {a} to {b}",
        "no_results": "No passage matches «{q}» in the chosen dates.",
        "nearest": "No passage holds enough of the words of «{q}»; these are the nearest ones.",
        "search_first": "Type search words and press Search.",
        "article_empty": "No article open yet. Use «Open in article» on a source or a result.",
        "article_missing": "This article is not in the records (it may have been deleted).",
        "permalink": "Permalink",
        "published": "Published",
        "meeting": "Meeting",
        "chair": "Chaired by",
        "also_at": "Also published at",
        "copies_n": "+{n} other sources",
        "copy_exact": "identical copy",
        "copy_near": "near copy, {pct}% alike",
        "organ_any": "Any organ",
        "organ": "Organ",
        "cited_passage": "The cited passage is highlighted in yellow.",
        "admin_disabled": (
            "Administration is disabled. Set HBT_QA_ADMIN_USER and HBT_QA_ADMIN_PASSWORD in the "
            "environment and restart the app to enable it."
        ),
        "login_title": "Sign in as administrator to see and update the records.",
        "user": "User name",
        "password": "Password",
        "login": "Sign in",
        "logout": "Sign out",
        "login_failed": "Wrong user name or password.",
        "logged_in": "Signed in as administrator.",
        "need_login": "Administrator sign-in needed.",
        "upload": "Upload new records ({kinds}, at most {mb} MB each)",
        "delete_pick": "Article to delete",
        "delete": "Delete article",
        "deleted": "Deleted {name} from the index.",
        "trashed": "Its file was moved to {trash}.",
        "reindex": "Re-index the corpus folder",
        "reindexed": "Re-indexed: {summary}",
        "articles": "{n} articles, {p} passages",
        "col_title": "Title",
        "col_date": "Date",
        "col_passages": "Passages",
        "col_file": "File",
        "col_result": "Result",
        "added": "added",
        "updated": "updated",
        "unchanged": "unchanged",
        "duplicate": "duplicate of a stored article",
        "failed": "failed",
        "passages_n": "{n} passages",
        "feedback_saved": "Feedback saved, thank you.",
        "language": "Language",
        "error": "Error",
    },
}


def tr(lang: Lang, key: str, **values: Any) -> str:
    """An interface string in ``lang`` (Vietnamese when unknown), with values filled in."""
    text = TEXT.get(lang, TEXT["vi"]).get(key) or TEXT["vi"][key]
    return text.format(**values) if values else text


# -- escaping -----------------------------------------------------------------------------
def esc(text: object) -> str:
    """HTML-escape untrusted text (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def esc_md(text: object) -> str:
    """Escape untrusted text for Markdown that also renders HTML: no tags, links or emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", esc(text))


def safe_url(url: str | None) -> str | None:
    """Only http(s) links leave our pages (javascript:, data: are dropped), percent-encoded."""
    if not url:
        return None
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def highlight(text: str, start: int, end: int, cls: str = "hl") -> str:
    """Escaped text with ``text[start:end]`` wrapped in our own <mark>."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return (
        esc(text[:start])
        + f'<mark class="{cls}">'
        + esc(text[start:end])
        + "</mark>"
        + esc(text[end:])
    )


def _folded_same_length(text: str) -> str:
    """Diacritic-folded lower-case text with one character per original character."""
    return "".join((fold(c) or " ")[0] for c in text)


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the folded query syllables occur as whole words; neighbours merged."""
    folded = _folded_same_length(text)
    spans: list[tuple[int, int]] = []
    for t in {t.strip() for t in terms if t and t.strip()}:
        pattern = r"\s+".join(re.escape(w) for w in t.split())
        for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", folded):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and (a <= merged[-1][1] or not text[merged[-1][1] : a].strip()):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def mark_spans(text: str, spans: Sequence[tuple[int, int]], cls: str = "term") -> str:
    """Escaped text with each (sorted, disjoint) span in a <mark>."""
    out, pos = [], 0
    for a, b in spans:
        a, b = max(a, pos), min(b, len(text))
        if a >= b:
            continue
        out.append(esc(text[pos:a]) + f'<mark class="{cls}">' + esc(text[a:b]) + "</mark>")
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def snippet(text: str, terms: Sequence[str], width: int = 360) -> str:
    """The part of a passage where the query words cluster, escaped, words marked."""
    spans = term_spans(text, terms)
    if len(text) <= width:
        return mark_spans(text, spans)
    best = 0
    if spans:
        counts = [sum(b - a for a, b in spans if s <= a < s + width) for s, _ in spans]
        best = max(0, spans[counts.index(max(counts))][0] - width // 5)
    start = text.rfind(" ", 0, best) + 1 if best else 0
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    inside = [
        (max(a, start) - start, min(b, end) - start) for a, b in spans if b > start and a < end
    ]
    body = mark_spans(text[start:end], inside)
    return ("… " if start else "") + body + (" …" if end < len(text) else "")


# -- links --------------------------------------------------------------------------------
def permalink(article_id: str, passage_id: str | None = None, base: str = "") -> str:
    """A stable link to an article with a passage selected: ``?article=…&passage=…``."""
    link = f"{base}?article={quote(article_id, safe='')}"
    if passage_id:
        link += f"&passage={quote(passage_id, safe='')}"
    return link


def open_link(article_id: str, passage_id: str | None, lang: Lang) -> str:
    """The in-app link that opens the article view (a permalink when opened in a new tab)."""
    return (
        f'<a class="open-article" href="{esc(permalink(article_id, passage_id))}" '
        f'data-article="{esc(article_id)}" data-passage="{esc(passage_id or "")}">'
        f"{esc(tr(lang, 'open_article'))} ↗</a>"
    )


def _title_html(title: str, url: str | None, lang: Lang) -> str:
    """The escaped title, and a link to the original when it has a safe address."""
    link = safe_url(url)
    orig = (
        f' <a class="orig" href="{esc(link)}" target="_blank" rel="noopener noreferrer">'
        f"{esc(tr(lang, 'original'))}</a>"
        if link
        else ""
    )
    return f'<span class="card-title">{esc(title)}</span>{orig}'


def _date_of(hit: Hit, lang: Lang) -> str:
    """The date shown for a passage."""
    return hit.meeting_date or hit.published or tr(lang, "no_date")


def record_meta_html(record: Hit | dict[str, Any], lang: Lang) -> str:
    """' · organ · place · Chủ trì: chair' for a card's meta line (escaped), or ''."""

    def get(key: str) -> str | None:
        return record.get(key) if isinstance(record, dict) else getattr(record, key, None)

    parts = []
    organ, ward, district = get("organ"), get("ward"), get("district")
    if organ:
        parts.append(organ)
    if ward:
        parts.append(f"phường {ward}")
    elif district:
        parts.append(f"quận {district}")
    if get("chair"):
        parts.append(f"{tr(lang, 'chair')}: {get('chair')}")
    return "".join(f" · {esc(x)}" for x in parts)


def _copies_count(article: dict[str, Any], lang: Lang) -> str:
    """' · +2 other sources' for the records list, or ''."""
    n = int(article.get("copies") or 0) if not isinstance(article.get("copies"), list) else 0
    return f" · {esc(tr(lang, 'copies_n', n=n))}" if n else ""


def copies_html(sources: Sequence[Any], lang: Lang) -> str:
    """The other sources of an article (reposts and copies), escaped, or ''."""
    items = []
    for s in sources:
        if getattr(s, "kind", "") != "copy":
            continue
        where = safe_url(s.url)
        name = (
            f'<a href="{esc(where)}" target="_blank" rel="noopener noreferrer">{esc(s.url)}</a>'
            if where
            else esc(s.source)
        )
        sim = s.similarity or 1.0
        how = tr(lang, "copy_exact") if sim >= 1.0 else tr(lang, "copy_near", pct=round(sim * 100))
        items.append(f"<li>{name} <small>({esc(how)})</small></li>")
    if not items:
        return ""
    head = esc(tr(lang, "also_at"))
    return f'<div class="card-meta copies">{head}:<ul>{"".join(items)}</ul></div>'


# -- chat ---------------------------------------------------------------------------------
def answer_markdown(ans: Answer, lang: Lang = "vi") -> str:
    """The chat message: escaped answer with the value in bold, markers and a source list."""
    if getattr(ans, "kind", "sentence") == "series":
        # A Markdown table whose cells answer.py already escaped (HTML and Markdown); any
        # raw angle bracket left is still neutralised so that no tag can come through.
        return ans.text.replace("<", "&lt;").replace(">", "&gt;")
    body = esc_md(ans.text)
    if ans.value and ans.found:
        v = esc_md(ans.value)
        body = body.replace(v, f"**{v}**", 1)
    body = re.sub(r"\\\[(\d{1,2})\\\]", r"<sup>[\1]</sup>", body)
    if not ans.citations:
        return body
    by_article: dict[str, list[int]] = {}
    for i, h in enumerate(ans.citations, 1):
        by_article.setdefault(h.article_id, []).append(i)
    first = {h.article_id: h for h in reversed(ans.citations)}
    lines = [
        "".join(f"<sup>[{i}]</sup>" for i in marks)
        + f" {esc_md(first[aid].title)} — {esc_md(_date_of(first[aid], lang))}"
        for aid, marks in by_article.items()
    ]
    return body + f"\n\n{esc_md(tr(lang, 'sources'))}:  \n" + "  \n".join(lines)


def citation_card(i: int, hit: Hit, ans: Answer | None = None, lang: Lang = "vi") -> str:
    """One source card: title, date, links, the passage with the answering sentence marked."""
    text = hit.text
    passage = esc(text)
    lead = ans is not None and ans.found and i == 1 and ans.sentence_start is not None
    if lead and ans is not None and ans.sentence_start is not None:
        a = ans.sentence_start - hit.start
        b = (ans.sentence_end or ans.sentence_start) - hit.start
        if 0 <= a < b <= len(text):
            inner = esc(text[a:b])
            if ans.highlight is not None:
                ha, hb = ans.highlight
                inner = highlight(text[a:b], ha, hb, "val")
            passage = esc(text[:a]) + '<mark class="hl">' + inner + "</mark>" + esc(text[b:])
    return (
        f'<div class="card" id="cite-{i}"><div class="card-head"><b>[{i}]</b> '
        f"{_title_html(hit.title, hit.url, lang)}</div>"
        f'<div class="card-meta">{esc(_date_of(hit, lang))}{record_meta_html(hit, lang)} · '
        f"{esc(hit.source)} · {open_link(hit.article_id, hit.passage_id, lang)}</div>"
        f'<div class="card-text">{passage}</div></div>'
    )


def citations_html(ans: Answer | None, lang: Lang = "vi") -> str:
    """All source cards of an answer under a heading."""
    if ans is None or not ans.citations:
        return ""
    cards = "".join(citation_card(i, h, ans, lang) for i, h in enumerate(ans.citations, 1))
    return f'<div class="cards"><h4>{esc(tr(lang, "sources_of_last"))}</h4>{cards}</div>'


# -- article view -------------------------------------------------------------------------
def article_html(
    article: dict[str, Any] | None,
    span: tuple[int, int] | None = None,
    passage_id: str | None = None,
    lang: Lang = "vi",
) -> str:
    """A full article with the cited passage marked (id="cited") for scrolling."""
    if article is None:
        return f'<div class="article empty">{esc(tr(lang, "article_missing"))}</div>'
    text = article.get("text") or ""
    if span is None:
        body = esc(text)
        note = ""
    else:
        a, b = span
        body = (
            esc(text[:a])
            + f'<mark id="cited" class="hl" data-passage="{esc(passage_id or "")}">'
            + esc(text[a:b])
            + "</mark>"
            + esc(text[b:])
        )
        note = f'<p class="card-meta">{esc(tr(lang, "cited_passage"))}</p>'
    meta = []
    if article.get("meeting_date"):
        meta.append(f"{esc(tr(lang, 'meeting'))}: {esc(article['meeting_date'])}")
    if article.get("published"):
        meta.append(f"{esc(tr(lang, 'published'))}: {esc(article['published'])}")
    about = record_meta_html(article, lang)
    if about:
        meta.append(about.removeprefix(" · "))
    meta.append(esc(article.get("source")))
    link = permalink(str(article.get("article_id", "")), passage_id)
    meta.append(
        f'<a class="permalink" href="{esc(link)}" target="_blank">{esc(tr(lang, "permalink"))}</a>'
    )
    orig = safe_url(article.get("url"))
    if orig:
        meta.append(
            f'<a class="orig" href="{esc(orig)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(tr(lang, 'original'))}</a>"
        )
    return (
        f'<div class="article" data-article="{esc(article.get("article_id"))}">'
        f"<h3>{esc(article.get('title'))}</h3>"
        f'<div class="card-meta">{" · ".join(meta)}</div>'
        f"{copies_html(article.get('copies') or (), lang)}{note}"
        f'<div class="article-text">{body}</div></div>'
    )


def article_placeholder(lang: Lang = "vi") -> str:
    """What the article tab shows before anything is opened."""
    return f'<div class="article empty">{esc(tr(lang, "article_empty"))}</div>'


# -- records search -----------------------------------------------------------------------
def page_count(total: int, page_size: int) -> int:
    """Pages needed for ``total`` results (at least one)."""
    return max(1, -(-total // page_size))


def search_results_html(rs: RecordSearch | None, page: int, page_size: int, lang: Lang) -> str:
    """One page of results: a summary line and cards with highlighted snippets."""
    if rs is None:
        return f'<p class="summary">{esc(tr(lang, "search_first"))}</p>'
    if not rs.hits:
        return f'<p class="summary">{esc(tr(lang, "no_results", q=rs.query))}</p>'
    pages = page_count(len(rs.hits), page_size)
    page = max(1, min(page, pages))
    summary = tr(lang, "results", n=len(rs.hits), page=page, pages=pages)
    if rs.date_from or rs.date_to:
        summary += tr(lang, "results_range", a=rs.date_from or "…", b=rs.date_to or "…")
    if getattr(rs, "organ", None):
        summary += f" · {tr(lang, 'organ')}: {rs.organ}"
    head = f'<p class="summary">{esc(summary)}</p>'
    if not rs.exact:
        head += f'<p class="summary nearest">{esc(tr(lang, "nearest", q=rs.query))}</p>'
    cards = []
    first = (page - 1) * page_size
    for n, h in enumerate(rs.hits[first : first + page_size], first + 1):
        cards.append(
            f'<div class="card result" id="result-{n}"><div class="card-head"><b>{n}.</b> '
            f"{_title_html(h.title, h.url, lang)}</div>"
            f'<div class="card-meta">{esc(_date_of(h, lang))}{record_meta_html(h, lang)} · '
            f"{esc(h.source)} · {open_link(h.article_id, h.passage_id, lang)}</div>"
            f'<div class="card-text">{snippet(h.text, rs.terms)}</div></div>'
        )
    return head + "".join(cards)


def _csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(_CSV_FORMULA) else s


def export_csv(rs: RecordSearch, base: str = "") -> str:
    """The results with their citations as CSV (UTF-8 with BOM for spreadsheets)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "rank",
            "date",
            "title",
            "source",
            "url",
            "article_id",
            "passage_id",
            "start",
            "end",
            "permalink",
            "text",
        ]
    )
    for n, h in enumerate(rs.hits, 1):
        row = [
            n,
            h.meeting_date or h.published or "",
            h.title,
            h.source,
            safe_url(h.url) or "",
            h.article_id,
            h.passage_id,
            h.start,
            h.end,
            permalink(h.article_id, h.passage_id, base),
            h.text,
        ]
        w.writerow([_csv_cell(x) for x in row])
    return "\ufeff" + buf.getvalue()


def export_markdown(rs: RecordSearch, base: str = "", lang: Lang = "vi") -> str:
    """The results as a Markdown list with quotes and citations; record text is escaped."""
    head = "Kết quả tra cứu" if lang == "vi" else "Search results"
    lines = [f"# {head}: {esc_md(rs.query)}", ""]
    if rs.date_from or rs.date_to:
        lines += [esc_md(tr(lang, "results_range", a=rs.date_from or "…", b=rs.date_to or "…"))]
        lines += [""]
    for n, h in enumerate(rs.hits, 1):
        date = h.meeting_date or h.published or tr(lang, "no_date")
        url = safe_url(h.url)
        where = f"[{esc_md(h.source)}]({url})" if url else esc_md(h.source)
        link = permalink(h.article_id, h.passage_id, base)
        lines.append(f"{n}. **{esc_md(h.title)}** — {esc_md(date)} — {where}")
        lines.append("")
        lines.append("   > " + esc_md(" ".join(h.text.split())))
        lines.append("")
        lines.append(
            f"   {esc_md(h.source)}, {tr(lang, 'chars')} {h.start}–{h.end}, "
            f"passage {esc_md(h.passage_id)}: <{quote(link, safe=_URL_SAFE)}>"
        )
        lines.append("")
    return "\n".join(lines)


# -- records tab --------------------------------------------------------------------------
def records_html(articles: Sequence[dict[str, Any]], lang: Lang = "vi") -> str:
    """The article list with dates and passage counts."""
    total = sum(int(a.get("n_passages") or 0) for a in articles)
    rows = "".join(
        "<tr>"
        f"<td>{esc(a.get('meeting_date') or a.get('published') or '')}</td>"
        f"<td>{esc(a.get('title'))}<br><small>{esc(a.get('source'))}"
        f"{record_meta_html(a, lang)}{_copies_count(a, lang)}</small> "
        f"{open_link(str(a.get('article_id')), None, lang)}</td>"
        f'<td class="num">{int(a.get("n_passages") or 0)}</td>'
        "</tr>"
        for a in articles
    )
    return (
        f'<p class="summary">{esc(tr(lang, "articles", n=len(articles), p=total))}</p>'
        '<div class="table-wrap"><table class="records"><thead><tr>'
        f"<th>{esc(tr(lang, 'col_date'))}</th><th>{esc(tr(lang, 'col_title'))}</th>"
        f"<th>{esc(tr(lang, 'col_passages'))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def upload_results_html(results: Sequence[FileResult], lang: Lang = "vi") -> str:
    """One line per uploaded file: added / updated / unchanged, or the reason it failed."""
    rows = []
    for r in results:
        status = tr(lang, r.status)
        detail = (
            r.message
            if r.status in ("failed", "duplicate")
            else tr(lang, "passages_n", n=r.passages)
        )
        link = (
            " " + open_link(r.article_id, None, lang)
            if r.article_id and r.status != "failed"
            else ""
        )
        rows.append(
            f'<tr class="{esc(r.status)}"><td>{esc(r.name)}</td>'
            f"<td><b>{esc(status)}</b> · {esc(detail)}{link}</td></tr>"
        )
    return (
        '<div class="table-wrap"><table class="uploads"><thead><tr>'
        f"<th>{esc(tr(lang, 'col_file'))}</th><th>{esc(tr(lang, 'col_result'))}</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def message_html(text: str, kind: str = "info") -> str:
    """A one-line status message (escaped)."""
    return f'<p class="msg {esc(kind)}">{esc(text)}</p>'


# -- figures over time ("Số liệu") --------------------------------------------------------
FIGURES_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "tab_figures": "Số liệu",
        "fig_indicator": "Chỉ tiêu hoặc cụm từ",
        "fig_indicator_ph": "Ví dụ: giải ngân, thu ngân sách, budget revenue",
        "fig_pick": "Hoặc chọn chỉ tiêu",
        "fig_district": "Quận (tùy chọn)",
        "fig_ward": "Phường (tùy chọn)",
        "fig_since": "Kỳ kết thúc từ ngày (YYYY-MM-DD)",
        "fig_until": "Kỳ kết thúc đến ngày (YYYY-MM-DD)",
        "fig_go": "Xem số liệu",
        "fig_first": "Nhập hoặc chọn một chỉ tiêu rồi bấm «Xem số liệu».",
        "fig_none": "Không tìm thấy số liệu nào của «{q}» với các điều kiện đã chọn.",
        "fig_summary": "{label}: {n} giá trị từ {s} nguồn trích dẫn",
        "fig_free": "cụm từ tự do",
        "fig_no": "#",
        "fig_period": "Kỳ",
        "fig_place": "Địa bàn",
        "fig_value": "Giá trị",
        "fig_basis": "Loại",
        "fig_ratios": "Tỷ lệ",
        "fig_sources": "Nguồn và câu gốc",
        "fig_actual": "thực hiện",
        "fig_estimate": "ước thực hiện",
        "fig_conflict": "⚠ các nguồn khác số liệu",
        "fig_note": (
            "Số liệu được ghi đúng như các bài viết đã nêu: không nội suy, không cộng dồn. Số "
            "lũy kế («5 tháng đầu năm», «đến ngày 30/6») và số của một kỳ riêng («quý III», "
            "«tháng 5») là những đại lượng khác nhau, không so sánh trực tiếp được. Số ước thực "
            "hiện được tách riêng khỏi số thực hiện; «⚠» đánh dấu các nguồn nêu giá trị khác nhau "
            "cho cùng một kỳ. Bấm vào giá trị để xem câu gốc trong bài viết."
        ),
        "fig_chart": "Biểu đồ theo thời gian (theo ngày cuối kỳ)",
        "fig_chart_note": (
            "Đường chỉ nối các giá trị đã được báo cáo, không phải số liệu ở giữa; số lũy kế "
            "bắt đầu đường mới mỗi năm, số của kỳ riêng vẽ bằng nét chấm."
        ),
        "fig_chart_skipped": "{n} giá trị có đơn vị khác không được vẽ.",
        "fig_csv": "Tải CSV số liệu",
        "fig_cum": "lũy kế từ đầu năm",
        "fig_single": "kỳ riêng",
        "fig_tn": "tỷ đồng",
        "fig_mn": "triệu đồng",
        "fig_pct": "%",
    },
    "en": {
        "tab_figures": "Figures",
        "fig_indicator": "Indicator or phrase",
        "fig_indicator_ph": "e.g. disbursement, budget revenue, giải ngân",
        "fig_pick": "Or pick an indicator",
        "fig_district": "District (optional)",
        "fig_ward": "Ward (optional)",
        "fig_since": "Periods ending from (YYYY-MM-DD)",
        "fig_until": "Periods ending until (YYYY-MM-DD)",
        "fig_go": "Show figures",
        "fig_first": "Type or pick an indicator and press «Show figures».",
        "fig_none": "No figures found for «{q}» with the chosen filters.",
        "fig_summary": "{label}: {n} values from {s} cited sentences",
        "fig_free": "free phrase",
        "fig_no": "#",
        "fig_period": "Period",
        "fig_place": "Place",
        "fig_value": "Value",
        "fig_basis": "Basis",
        "fig_ratios": "Ratios",
        "fig_sources": "Sources and sentences",
        "fig_actual": "actual",
        "fig_estimate": "estimate",
        "fig_conflict": "⚠ sources disagree",
        "fig_note": (
            "Values are shown as the articles report them: nothing is interpolated or summed. "
            "Cumulative periods («5 tháng đầu năm», Jan–May; «to 30 Jun») and single periods "
            "(«quý III», Q3; one month) are different quantities and cannot be compared "
            "directly. Estimates are kept apart from actuals; «⚠» marks sources that give "
            "different values for the same period. Click a value to read its sentence."
        ),
        "fig_chart": "Chart over time (by period end)",
        "fig_chart_note": (
            "Lines only join reported values; nothing between points is data. Year-to-date "
            "values start a new line each year; single periods are dotted."
        ),
        "fig_chart_skipped": "{n} values in another unit are not drawn.",
        "fig_csv": "Download figures CSV",
        "fig_cum": "year to date",
        "fig_single": "single period",
        "fig_tn": "billion VND",
        "fig_mn": "million VND",
        "fig_pct": "%",
    },
}
for _lang, _words in FIGURES_TEXT.items():
    TEXT[_lang].update(_words)
