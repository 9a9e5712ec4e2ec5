"""Property tests (hypothesis) for the parsers: they never crash, offsets always slice the text.

Amounts and periods have theirs next to their unit tests: tests/test_numbers.py
(``test_never_raises_on_arbitrary_text``, ``test_spans_on_amount_like_text``,
``test_nfd_and_nfc_agree``) and tests/test_periods.py (``test_never_raises_on_arbitrary_text``,
``test_spans_on_time_like_text``).
"""

from __future__ import annotations

import unicodedata

import pytest
from fakes import HashEmbedder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hbt_qa.errors import ArticleError, QueryError
from hbt_qa.index.query import plan_query
from hbt_qa.index.store import FtsRow, Store
from hbt_qa.ingest.articles import parse_article
from hbt_qa.ingest.passages import make_passages
from hbt_qa.language.segment import approx_tokens
from hbt_qa.models import Article

# Vietnamese-like text: precomposed letters, bare vowels with combining tones (NFD), old tone
# placement (hoà, thuý written with the tone on the second vowel), digits, punctuation, breaks.
_SYLLABLES = [
    "giải",
    "ngân",
    "vốn",
    "đầu",
    "tư",
    "Hai",
    "Bà",
    "Trưng",
    "quận",
    "hoà",  # old placement of hòa
    "thuý",  # old placement of thúy
    "khoẻ",
    unicodedata.normalize("NFD", "Ủy ban nhân dân"),
    unicodedata.normalize("NFD", "hoà bình"),
    "ngày 28/5/2024",
    "115 tỷ đồng",
    "15,3%",
    "HĐND",
    "UBND",
    "Lượt xem: 12",
    "Ngày đăng 31/05/2024",
    "---",
    "title:",
    "URL: http://x",
    "...",
    "!",
    "?",
    ";",
    "…",
    "–",
    "\u00a0",
    "\t",
    "\r\n",
    "\n",
    "\n\n",
    "\ufeff",
    "\u200b",
    "🙂",
]
VI_TEXT = st.lists(st.sampled_from(_SYLLABLES), max_size=120).map(" ".join)
ANY_TEXT = st.one_of(st.text(), VI_TEXT, st.tuples(VI_TEXT, st.text(max_size=40)).map("".join))
FRONT = st.tuples(
    st.sampled_from(["title", "published", "date", "url", "source", "x"]),
    st.one_of(st.text(max_size=30), st.sampled_from(["2024-02-31", "31/12/2024", "[1, 2]", "{"])),
).map(lambda kv: f"{kv[0]}: {kv[1]}")
WITH_FRONT = st.tuples(st.lists(FRONT, max_size=5), VI_TEXT).map(
    lambda x: "---\n" + "\n".join(x[0]) + "\n---\n" + x[1]
)


def _parse(text: str) -> tuple[Article, list[tuple[int, int]]] | None:
    try:
        return parse_article(text, "p.txt")
    except ArticleError as exc:
        assert str(exc), "an ArticleError says why"
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, WITH_FRONT))
def test_parse_article_never_crashes_and_spans_slice_the_text(text: str) -> None:
    parsed = _parse(text)
    if parsed is None:
        return
    article, paragraphs = parsed
    body = article.text
    assert body == (text[1:] if text.startswith("\ufeff") else text)
    assert paragraphs, "an article always has body text"
    prev_end = 0
    for a, b in paragraphs:
        assert prev_end <= a < b <= len(body)
        chunk = body[a:b]
        assert chunk == chunk.strip() and chunk
        prev_end = b
    assert article.body_start == paragraphs[0][0]
    assert article.title
    for day in (article.published, article.meeting_date):
        assert day is None or len(day) == 10


def test_front_matter_title_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Kỳ họp thứ 12")
    article, _ = parse_article(f"---\ntitle: {nfd}\n---\nThân bài.\n", "t.md")
    assert unicodedata.is_normalized("NFC", article.title)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VI_TEXT, st.integers(min_value=4, max_value=60))
def test_passage_and_sentence_offsets_slice_the_original(text: str, max_tokens: int) -> None:
    """A citation's offsets always slice the original (even NFD) text to the cited passage."""
    parsed = _parse("Tiêu đề\n" + text)
    if parsed is None:
        return
    article, paragraphs = parsed
    passages = make_passages(article, paragraphs, approx_tokens, max_tokens=max_tokens)
    assert passages
    prev_end = 0
    for i, p in enumerate(passages):
        assert p.ordinal == i and p.passage_id.endswith(f"#p{i}")
        assert article.text[p.start : p.end] == p.text
        assert p.text.strip() == p.text and p.text
        assert prev_end <= p.start, "passages never overlap"
        assert any(a <= p.start and p.end <= b for a, b in paragraphs), "inside one paragraph"
        assert p.sentences and p.sentences[0].start == p.start and p.sentences[-1].end == p.end
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
        prev_end = p.end
    # Every non-space character of the body is in some passage: nothing is silently dropped.
    covered = sum(len("".join(p.text.split())) for p in passages)
    assert covered == sum(len("".join(article.text[a:b].split())) for a, b in paragraphs)


# -- the FTS query builder ---------------------------------------------------------------------
_FTS_BITS = [
    '"',
    '""',
    "*",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(a b, 3)",
    "^",
    ":",
    "col:",
    "words:",
    "{syll folded}:",
    "(",
    ")",
    "{",
    "}",
    "-",
    "+",
    "'",
    "\\",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u202e",
    "\ufeff",
    "🙂",
    "👍🏽",
    "漢字",
    "Привет",
    "العربية",
    "giải",
    "ngân",
    "giai",
    "ngan",
    "disbursed",
    "budget",
    "2024",
    "115",
    "tỷ",
    unicodedata.normalize("NFD", "vốn đầu tư"),
]
FTS_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_FTS_BITS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(_FTS_BITS), max_size=30).map("".join),
    st.tuples(st.sampled_from([*_FTS_BITS, "giải ngân "]), st.integers(1, 2500)).map(
        lambda x: (x[0] * x[1])[:10_000]
    ),
)


@pytest.fixture(scope="module")
def fts_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A real index schema (FTS5 + vec0) with a few rows, so MATCH expressions really run."""
    store = Store(tmp_path_factory.mktemp("props") / "p.db")
    store.ensure_schema(HashEmbedder().info)
    with store.conn as c:
        for i, text in enumerate(["giải_ngân vốn đầu_tư", "thu ngân_sách 2024", "hội_đồng"], 1):
            row = FtsRow(text, text.replace("_", " "), text, "tiêu đề", "tieu de")
            c.execute(
                "insert into passages_fts (rowid, words, syll, folded, t_syll, t_folded)"
                " values (?, ?, ?, ?, ?, ?)",
                (i, row.words, row.syll, row.folded, row.t_syll, row.t_folded),
            )
    return store


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(FTS_TEXT, st.booleans())
def test_plan_query_is_safe_and_its_match_always_runs(
    fts_store: Store, raw: str, drop_some: bool
) -> None:
    drop = frozenset({"giai", "ngan"}) if drop_some else frozenset()
    try:
        plan = plan_query(raw, drop)
    except QueryError as exc:
        assert "empty or only punctuation" in str(exc)
        return
    assert unicodedata.is_normalized("NFC", plan.text)
    assert len(plan.text) <= 1000
    assert plan.lang in ("vi", "vi-nodiac", "en")
    assert len(plan.weights) == 5
    if plan.match is not None:
        fts_store.fts_search(plan.match, plan.weights, 5)  # no sqlite3.OperationalError
