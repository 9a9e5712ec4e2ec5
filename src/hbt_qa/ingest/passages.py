"""Article paragraphs into passages: sentences packed up to the model's token budget."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..language.segment import approx_tokens, split_sentences
from ..models import Article, Passage, Sentence

MAX_PASSAGE_TOKENS = 380


def _split_long(text: str, s: Sentence, count: Callable[[str], int], limit: int) -> list[Sentence]:
    """Cut a sentence longer than ``limit`` tokens at word boundaries."""
    out: list[Sentence] = []
    a = s.start
    words = [m for m in re.finditer(r"\S+", text[s.start : s.end])]
    chunk_start = a
    last_end = a
    for w in words:
        w_end = s.start + w.end()
        if count(text[chunk_start:w_end]) > limit and last_end > chunk_start:
            out.append(Sentence(chunk_start, last_end))
            chunk_start = s.start + w.start()
        last_end = w_end
    out.append(Sentence(chunk_start, s.end))
    return out


def make_passages(
    article: Article,
    paragraphs: list[tuple[int, int]],
    count_tokens: Callable[[str], int] = approx_tokens,
    max_tokens: int = MAX_PASSAGE_TOKENS,
) -> list[Passage]:
    """Pack each paragraph's sentences into passages of at most ``max_tokens`` tokens."""
    text = article.text
    passages: list[Passage] = []
    for p_start, p_end in paragraphs:
        sents: list[Sentence] = []
        for s in split_sentences(text, p_start, p_end):
            if count_tokens(text[s.start : s.end]) > max_tokens:
                sents.extend(_split_long(text, s, count_tokens, max_tokens))
            else:
                sents.append(s)
        group: list[Sentence] = []
        for s in sents:
            if group and count_tokens(text[group[0].start : s.end]) > max_tokens:
                passages.append(_passage(article, len(passages), group))
                group = []
            group.append(s)
        if group:
            passages.append(_passage(article, len(passages), group))
    return passages


def _passage(article: Article, ordinal: int, sents: list[Sentence]) -> Passage:
    """A passage from consecutive sentences."""
    a, b = sents[0].start, sents[-1].end
    return Passage(
        passage_id=f"{article.article_id}#p{ordinal}",
        article_id=article.article_id,
        ordinal=ordinal,
        start=a,
        end=b,
        text=article.text[a:b],
        sentences=tuple(sents),
    )


def article_context(article: Article) -> str:
    """A short line saying what an article is about: title, body, place and date."""
    when = article.meeting_date or article.published
    year = when[:4] if when else (str(article.year) if article.year else "")
    bits = [article.title, article.organ or "", article.ward or "", article.district or ""]
    bits += [article.province or "", year]
    seen: list[str] = []
    for b in bits:
        b = (b or "").strip()
        if b and all(b.lower() not in s.lower() for s in seen):
            seen.append(b)
    return " · ".join(seen)


def embedding_text(article: Article, passage: Passage) -> str:
    """What the vector leg embeds for a passage: its article's context, then its own text.

    A passage alone seldom says which place, body or year it is about ("Năm nay quận đạt 102 %
    dự toán"); the quoted text and its offsets stay the passage's own.
    """
    context = article_context(article)
    if not context or passage.text.startswith(article.title):
        return passage.text
    return f"{context}\n{passage.text}"
