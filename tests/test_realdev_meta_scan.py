"""bench/realdev_meta.py's broad scan for a page that shows its posting day or month."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "realdev_meta.py"
_SPEC = importlib.util.spec_from_file_location("realdev_meta", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
realdev_meta = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(realdev_meta)


@pytest.mark.parametrize(
    "page",
    [
        "URL: https://example.vn/tin/1234\n\nKỳ họp HĐND xã\n\nNgày đăng 14/03/2022 | 08:05\n",
        "URL: https://example.vn/tin/1234\n\nMỹ Lâm, ngày 08 tháng 02 năm 2021\n\nKỳ họp HĐND\n",
        "URL: https://example.vn/tin/1234\n\ndate 2023-06 Trong 6 tháng đầu năm, huyện …\n",
        "URL: https://example.vn/chinh-tri/202104/ky-hop-thu-5-882211/\n\nKỳ họp thứ 5\n",
        "URL: https://example.vn/tin/hdnd-hop-20191203.html\n\nKỳ họp thứ 5\n",
        "URL: https://example.vn/en/news/55\n\nCouncil meets (08:40 11/12/2019)\n",
        "URL: https://example.vn/en/news/55\n\nCouncil meets\n\nMonday, June 3, 2019 8:15 AM\n",
    ],
)
def test_a_page_that_shows_its_date(page: str) -> None:
    assert realdev_meta.shows_date(page)


@pytest.mark.parametrize(
    "page",
    [
        "URL: https://example.vn/tin/3226928/1048421\n\nKỳ họp HĐND xã\n\nLượt xem: 57\n",
        # a sentence naming the meeting's day is no posting date
        "URL: https://example.vn/tin/1234\n\nKỳ họp thứ Nhất, HĐND xã khóa XII, dự kiến tổ chức "
        "vào ngày 16/6/2021, tại hội trường UBND xã.\n",
        "URL: https://example.vn/ky-hop-nhiem-ky-2021-2026\n\nKỳ họp thứ nhất\n",
    ],
)
def test_a_page_that_shows_none(page: str) -> None:
    assert not realdev_meta.shows_date(page)
