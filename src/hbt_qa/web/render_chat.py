"""The chat's views: the answer as a Markdown message and its source cards (escaped)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ..models import Answer, Hit
from .render import Lang, _date_of, esc, esc_md, highlight, record_meta_parts, tr
from .templates import macro, render


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


def _cited_passage(i: int, hit: Hit, ans: Answer | None) -> str:
    """A source card's passage, escaped; the first card marks the answering sentence and in
    it the value."""
    text = hit.text
    lead = ans is not None and ans.found and i == 1 and ans.sentence_start is not None
    if lead and ans is not None and ans.sentence_start is not None:
        a = ans.sentence_start - hit.start
        b = (ans.sentence_end or ans.sentence_start) - hit.start
        if 0 <= a < b <= len(text):
            inner = esc(text[a:b])
            if ans.highlight is not None:
                ha, hb = ans.highlight
                inner = highlight(text[a:b], ha, hb, "val")
            return esc(text[:a]) + '<mark class="hl">' + inner + "</mark>" + esc(text[b:])
    return esc(text)


def _card(i: int, hit: Hit, ans: Answer | None, lang: Lang) -> dict[str, Any]:
    """What the card template needs of one source."""
    return {
        "n": i,
        "hit": hit,
        "dates": _date_of(hit, lang),
        "meta": record_meta_parts(hit, lang),
        "text": Markup(_cited_passage(i, hit, ans)),
    }


def citation_card(i: int, hit: Hit, ans: Answer | None = None, lang: Lang = "vi") -> str:
    """One source card: title, date, links, the passage with the answering sentence marked."""
    c = _card(i, hit, ans, lang)
    label = f"[{i}]"
    return macro("card")("card", f"cite-{i}", label, hit, c["dates"], c["meta"], c["text"], lang)


def citations_html(ans: Answer | None, lang: Lang = "vi") -> str:
    """All source cards of an answer under a heading."""
    if ans is None or not ans.citations:
        return ""
    cards = [_card(i, h, ans, lang) for i, h in enumerate(ans.citations, 1)]
    return render("citations.html", cards=cards, lang=lang)
