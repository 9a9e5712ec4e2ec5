"""When a page was posted: "… đăng ngày nào?", "When was the article posted?".

The answer is the record's posting day, quoted from the line of the page that shows it (a date
line such as "Ngày đăng 03/05/2019 | 10:23", kept as a header passage at ingest). Only the first
record found is read; a page whose posting day shows nowhere in its text is left to the
ordinary answer decision.
"""

from __future__ import annotations

import re

from ..language.periods import find_dates
from ..language.text import fold
from ..models import Hit

# Folded: "đăng ngày nào", "được đăng khi nào", "đăng tải lúc nào", "posted", "published on".
_ASKS = re.compile(
    r"\b(?:dang|dang tai|duoc dang|dang luc|xuat ban)\s+(?:vao\s+)?(?:ngay nao|khi nao|luc nao|"
    r"bao gio|hom nao)\b|\b(?:posted|published|put online|uploaded)\b"
)


def asks_posting(question: str) -> bool:
    """True when a question asks on what day a page was posted."""
    q = " ".join(re.findall(r"\w+", fold(question)))
    if question.isascii() or "đăng" in question.lower() or "xuất bản" in question.lower():
        return bool(_ASKS.search(q))
    return bool(re.search(r"\b(?:posted|published)\b", q))


def posting_line(hits: list[Hit]) -> tuple[Hit, int, int] | None:
    """The passage of the first record that shows its posting day, and that line's offsets
    (absolute in the article)."""
    if not hits or not hits[0].published:
        return None
    lead = hits[0]
    for h in hits:
        if h.article_id != lead.article_id:
            continue
        for s in h.sentences or ():
            text = h.text[s.start - h.start : s.end - h.start]
            if any(d.date.isoformat() == lead.published for d in find_dates(text)):
                return h, s.start, s.end
    return None
