"""Vocabulary as package data (issue 19 point 6): the glossary and the indicator catalogue are
JSON files read once, and the place lists come from the list of administrative units."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from hbt_qa.figures import indicators
from hbt_qa.language import glossary, places
from hbt_qa.language.gazetteer_data import gazetteer, joined_key

PACKAGE = ROOT / "src" / "hbt_qa"


def _strict_load(path: Path) -> dict:
    """The JSON of a data file; a key written twice fails (a dict would keep the last one)."""

    def pairs(items: list[tuple[str, object]]) -> dict:
        keys = [k for k, _ in items]
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"{path.name}: keys written twice: {sorted(dupes)}"
        return dict(items)

    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=pairs)


def test_glossary_shape() -> None:
    data = _strict_load(PACKAGE / "language" / "glossary.json")
    assert set(data) == {"_about", "en_vi", "stop_vi", "stop_en"}
    assert len(data["en_vi"]) > 150
    for en, vi in data["en_vi"].items():
        assert en == en.lower().strip() and en, en
        assert isinstance(vi, list) and vi, en
        assert all(isinstance(t, str) and t == t.strip() and t for t in vi), en
        assert len(set(vi)) == len(vi), f"{en}: a term twice"
    for key in ("stop_vi", "stop_en"):
        words = data[key]
        assert words and all(isinstance(w, str) and w and " " not in w for w in words), key
        assert len(set(words)) == len(words), f"{key}: a word twice"
    # What the module serves is the file, read once.
    assert glossary.EN_VI == {en: tuple(vi) for en, vi in data["en_vi"].items()}
    assert glossary.STOP_EN == frozenset(data["stop_en"])
    glossary._data()
    assert glossary._data.cache_info().misses == 1


def test_indicator_catalogue_shape() -> None:
    data = _strict_load(PACKAGE / "figures" / "indicators.json")
    entries = data["indicators"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)) >= 8
    for e in entries:
        assert set(e) == {"id", "label_vi", "label_en", "synonyms", "english", "unit"}, e["id"]
        assert e["id"].isidentifier() and e["id"] == e["id"].lower()
        assert e["unit"] in ("dong", "percent")
        for key in ("synonyms", "english"):
            assert e[key] and all(isinstance(s, str) and s == s.strip() and s for s in e[key])
            assert len(set(e[key])) == len(e[key]), f"{e['id']}: a {key} form twice"
    assert [i.id for i in indicators.CATALOGUE] == ids
    budget = indicators.get_indicator("tong_thu_ngan_sach")
    assert budget is not None and "tong thu ngan sach" in budget.folded
    rate = indicators.get_indicator("ty_le_giai_quyet_dung_han")
    assert rate is not None and rate.is_rate


def test_every_data_file_is_declared_package_data() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["hbt_qa"]
    for path in PACKAGE.rglob("*.json"):
        rel = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(rel, pattern) for pattern in declared), rel


# The hand lists these replace: the same names must come out of the list of units.
_OLD_HANOI_DISTRICTS = {
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông",
}  # fmt: skip
_OLD_HBT_WARDS = {
    "Bạch Đằng", "Bách Khoa", "Bạch Mai", "Cầu Dền", "Đống Mác", "Đồng Nhân", "Đồng Tâm",
    "Lê Đại Hành", "Minh Khai", "Nguyễn Du", "Phạm Đình Hổ", "Phố Huế", "Quỳnh Lôi",
    "Quỳnh Mai", "Thanh Lương", "Thanh Nhàn", "Trương Định", "Vĩnh Tuy",
}  # fmt: skip
_OLD_QUESTION_DISTRICTS = _OLD_HANOI_DISTRICTS | {
    "Sơn Tây", "Gia Lâm", "Đông Anh", "Sóc Sơn", "Thanh Trì",
}  # fmt: skip


def test_place_lists_come_from_the_units_and_keep_their_names() -> None:
    from hbt_qa.answering import constraints

    assert set(places.HANOI_DISTRICTS) == _OLD_HANOI_DISTRICTS
    assert set(places.HBT_WARDS) == _OLD_HBT_WARDS
    assert set(places.QUESTION_DISTRICTS) == _OLD_QUESTION_DISTRICTS
    assert constraints.DISTRICTS == places.QUESTION_DISTRICTS  # one list, not two
    assert constraints.WARDS == places.HBT_WARDS
    g = gazetteer()
    for name in places.HANOI_DISTRICTS + places.QUESTION_DISTRICTS:
        assert any(g.units[u].level == "district" for u in g.by_key[joined_key(name)]), name
    for name in ("Cầu Dền", "Đống Mác", "Quỳnh Lôi"):  # merged in 2020: former names
        assert not g.by_key.get(joined_key(name)) and g.aliases[joined_key(name)], name
    with pytest.raises(AttributeError):
        places.NOT_A_LIST  # noqa: B018
