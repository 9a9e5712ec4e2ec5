"""One helper for each job (issue 19 point 7): folding, Markdown escaping, typed days, the
header-line labels and coverage each have one definition, in the stage that owns them."""

from __future__ import annotations

import datetime as dt

import pytest

from hbt_qa.errors import QueryError
from hbt_qa.figures import indicators, series
from hbt_qa.ingest import articles, dates, formats
from hbt_qa.language import numbers, places, segment
from hbt_qa.language import text as text_mod
from hbt_qa.language.calendar import typed_day
from hbt_qa.language.text import escape_markdown, fold, fold_words
from hbt_qa.service import parse_day


def test_one_folding() -> None:
    assert fold("Giải Ngân ĐẦU TƯ") == "giai ngan dau tu"
    assert fold("Ðồng ðạt １２％") == "dong dat 12%"  # look-alikes fold too
    assert fold_words("Quận  Hai Bà Trưng, (phường 1)") == "quan hai ba trung phuong 1"
    assert not hasattr(numbers, "fold_diacritics") and not hasattr(segment, "folded")
    assert indicators.fold is series.fold is fold
    assert places.bare_place("quận Hai Bà Trưng") == "hai ba trung"


def test_series_escapes_what_markdown_reads() -> None:
    """The series table escaped neither "$" (math) nor "=" and ":"; it now uses the one escaper."""
    cell = series._esc("Thu $5 tỷ = 12%:\n<b>đạt</b>")
    assert cell == escape_markdown("Thu $5 tỷ = 12%: <b>đạt</b>")
    assert r"\$5" in cell and r"\=" in cell and r"12%\:" in cell and "<b>" not in cell
    assert text_mod.escape_markdown(None) == ""


def test_one_reader_of_typed_days() -> None:
    assert typed_day("31/5/2024") == typed_day(" 2024-05-31 ") == dt.date(2024, 5, 31)
    assert typed_day("31 May 2024") is None
    with pytest.raises(ValueError):
        typed_day("31/2/2024")
    assert parse_day("1/6/2024") == "2024-06-01"
    with pytest.raises(QueryError, match="not a date"):
        parse_day("31/2/2024", "from")
    assert articles._front_date("2024-06-01T08:30:00", "published") == "2024-06-01"
    assert articles._front_date("01/06/2024", "published") == "2024-06-01"


def test_one_list_of_header_labels() -> None:
    assert formats.POSTED_DATE is dates.POSTED_DATE and articles.META_LINE is dates.META_LINE
    m = dates.POSTED_DATE.search("Ngày đăng: 26/06/2024 | 09:15 | Lượt xem: 88")
    assert m is not None and m.groups() == ("26", "06", "2024")
    for line in ("Ngày đăng 26/06/2024", "Lượt xem: 5", "Cập nhật lúc 10:00", "ngay dang 1/2/2024"):
        assert dates.META_LINE.match(line), line
    assert not dates.META_LINE.match("Ngày 25/6/2024, UBND quận họp.")
