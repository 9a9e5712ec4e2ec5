"""Places in text and addresses against the list of administrative units (old and new).

Every snippet here is invented for the test; the units are real (the list is the package data).
"""

from __future__ import annotations

import time

import pytest

from hbt_qa.language.gazetteer import (
    find_places,
    places_from_url,
    predecessors,
    same_unit,
    successor,
)
from hbt_qa.language.gazetteer_data import gazetteer, joined_key
from hbt_qa.language.places import bare_place, place_name, same_place


def _names(text: str, **kw) -> list[str]:
    return [m.name for m in find_places(text, **kw)]


def _unit(key: str, level: str, era: str | None = None):
    g = gazetteer()
    found = [
        g.units[u]
        for u in g.by_key[key]
        if g.units[u].level == level and (era is None or g.units[u].era == era)
    ]
    assert len(found) == 1, found
    return found[0]


def test_the_list_holds_both_eras() -> None:
    g = gazetteer()
    levels = [(u.level, u.era) for u in g.units.values()]
    assert levels.count(("ward", "old")) == 10035 and levels.count(("ward", "new")) == 3321
    assert levels.count(("district", "old")) == 696
    assert joined_key("Hai Bà Trưng") == "haibatrung" and joined_key("01") == "1"


@pytest.mark.parametrize(
    ("text", "name", "level", "province"),
    [
        ("UBND huyện Xuân Lộc tổ chức hội nghị", "huyện Xuân Lộc", "district", "tỉnh Đồng Nai"),
        ("HĐND Q. Hải Châu họp phiên cuối năm", "quận Hải Châu", "district", "thành phố Đà Nẵng"),
        ("TX. Hồng Lĩnh rà soát nghị quyết", "thị xã Hồng Lĩnh", "district", "tỉnh Hà Tĩnh"),
        ("TP Thủ Đức giao chỉ tiêu thu", "thành phố Thủ Đức", "district", "thành phố Hồ Chí Minh"),
        ("Cử tri TP.HCM góp ý", "thành phố Hồ Chí Minh", "province", "thành phố Hồ Chí Minh"),
        ("phường Bến Thành TPHCM họp", "phường Bến Thành", "ward", "thành phố Hồ Chí Minh"),
        ("ubnd quan hai ba trung hop phien", "quận Hai Bà Trưng", "district", "thành phố Hà Nội"),
        ("HỘI ĐỒNG NHÂN DÂN HUYỆN CAN LỘC HỌP", "huyện Can Lộc", "district", "tỉnh Hà Tĩnh"),
        ("Hoan Kiem district voters met", "quận Hoàn Kiếm", "district", "thành phố Hà Nội"),
        ("Dong Nai province collected more", "tỉnh Đồng Nai", "province", "tỉnh Đồng Nai"),
        ("Da Nang city leaders said", "thành phố Đà Nẵng", "province", "thành phố Đà Nẵng"),
        ("the Hanoi People's Council met", "thành phố Hà Nội", "province", "thành phố Hà Nội"),
        ("Hai Duong provincial leaders", "tỉnh Hải Dương", "province", "tỉnh Hải Dương"),
        ("Đà Nẵng tăng thu ngân sách", "thành phố Đà Nẵng", "province", "thành phố Đà Nẵng"),
        ("hdnd xa chu a gia lai hop", "xã Chư Á", "ward", "tỉnh Gia Lai"),
        ("thu ngan sach ha noi nam 2031", "thành phố Hà Nội", "province", "thành phố Hà Nội"),
        ("ky hop hdnd tp da nang", "thành phố Đà Nẵng", "province", "thành phố Đà Nẵng"),
        ("hdnd quang ninh hop ky thu 12", "tỉnh Quảng Ninh", "province", "tỉnh Quảng Ninh"),
    ],
)  # fmt: skip
def test_a_place_with_its_unit_word_or_alone(text, name, level, province) -> None:
    m = find_places(text)[0]
    assert (m.name, m.level, m.province) == (name, level, province)
    assert text[m.start : m.end] == m.text


def test_numbered_units_need_their_word_and_a_context() -> None:
    (m,) = find_places("Phường 1 tổ chức hội nghị nhân dân")
    assert m.name == "Phường 1" and len(m.units) > 10  # many wards bear the number
    district = _unit("tanbinh", "district")
    (m,) = find_places("Phường 1 tổ chức hội nghị nhân dân", context=(district,))
    assert m.unit is not None and m.parents == ("quận Tân Bình", "thành phố Hồ Chí Minh")
    assert _names("Quận 5 và Q.10") == ["Quận 5", "Quận 10"]
    assert _names("huyện 6 tháng đầu năm") == []  # no "Huyện 6": only quận bear numbers


def test_a_place_named_beside_another_narrows_it() -> None:
    first, second = find_places("UBND phường Minh Khai (quận Hai Bà Trưng) tổ chức hội nghị")
    assert first.unit is not None and first.parents == ("quận Hai Bà Trưng", "thành phố Hà Nội")
    assert second.name == "quận Hai Bà Trưng"


@pytest.mark.parametrize(
    "text",
    [
        "ông Trần Hà Tĩnh phát biểu",  # inside a person's name
        "Tân Bình tổ chức hội nghị",  # many units bear this name
        "Huế tổ chức lễ hội",  # one syllable alone
        "phát triển kinh tế - xã hội",  # "xã" the word, not a commune
        "Chủ tịch Hồ Chí Minh",  # a person
        "ở xa trung tâm",  # "xa" without its tilde in a text with marks
        "cac xa con lai dat bao nhieu chi tieu",  # communes in general, typed without marks
        "nhung phuong chua hoan thanh",  # ditto: "những phường chưa …"
        "xa chua dat chuan nong thon moi",  # one word typed bare is no two-word name ("Chư Á")
        "giu gin hoa binh va on dinh",  # a province's name that is an everyday phrase
        "tan binh tham du hoi nghi",  # typed bare, only a province's name counts
        "dien bien tinh hinh phuc tap",  # "diễn biến", not Điện Biên
        "how long an application takes in 2031",  # English: no Long An
    ],
)
def test_no_place_where_none_is_named(text: str) -> None:
    assert find_places(text) == []


def test_the_era_decides_between_an_old_and_a_new_unit() -> None:
    assert _names("Đức Trọng tăng thu ngân sách", era="old") == ["huyện Đức Trọng"]
    assert _names("Đức Trọng tăng thu ngân sách", era="new") == ["xã Đức Trọng"]
    assert _names("Đức Trọng tăng thu ngân sách") == []  # either: no bare guess


def test_a_former_name_and_a_name_missing_from_the_list() -> None:
    (m,) = find_places("HĐND huyện Long Điền khóa 2 họp")  # merged into huyện Long Đất in 2025
    assert m.name == "huyện Long Điền" and m.unit is not None and m.unit.name == "Long Đất"
    (m,) = find_places("Hội đồng nhân dân thị xã Duyên Hải khóa II")
    assert m.name == "thị xã Duyên Hải" and m.units == () and m.level == "district"
    assert _names("Chủ tịch UBND quận Nông Thị Hải Yến chủ trì") == []  # a person, not a place


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://xuanloc.dongnai.gov.vn/tin-tuc/hdnd-huyen-hop",
         [("huyện Xuân Lộc", "host"), ("tỉnh Đồng Nai", "host")]),
        ("https://vinhhai.nhatrang.khanhhoa.gov.vn/vi/tin/ky-hop",
         [("phường Vĩnh Hải", "host"), ("thành phố Nha Trang", "host"),
          ("tỉnh Khánh Hòa", "host")]),
        ("https://baohatinh.example.vn/tin/2019/huyen-can-loc-to-chuc-ky-hop",
         [("tỉnh Hà Tĩnh", "host"), ("huyện Can Lộc", "path")]),
        ("https://example.vn/channel/201906/quan-thanh-khe-tang-thu-3220001/",
         [("quận Thanh Khê", "path")]),
        ("https://example.vn/web/xa-son-ha/xem-chi-tiet", [("xã Sơn Hà", "path")]),
        ("https://tpthuduc.hochiminhcity.gov.vn/tin",
         [("thành phố Thủ Đức", "host"), ("thành phố Hồ Chí Minh", "host")]),
        ("https://en.example.vn/hanoi-peoples-council-meets/1.vnp", [("thành phố Hà Nội", "path")]),
        ("https://caugiay.hanoi.gov.vn/tin/thong-nhat-noi-dung-ky-hop",
         [("quận Cầu Giấy", "host"), ("thành phố Hà Nội", "host")]),  # "thống nhất": a verb
        # a media centre's prefix ("ttth") before a three-letter name that ends the label
        ("https://ttthhue.example.vn/tin/hoi-nghi", [("thành phố Huế", "host")]),
        ("https://hue.example.vn/tin/hoi-nghi", []),  # no prefix: too short to trust
        ("https://ttthhuexyz.example.vn/tin/hoi-nghi", []),  # not the label's end
    ],
)  # fmt: skip
def test_places_of_an_address(url: str, expected) -> None:
    assert [(m.name, m.where) for m in places_from_url(url)] == expected


def test_the_2025_mapping() -> None:
    old, new = _unit("honggai", "ward", "old"), _unit("honggai", "ward", "new")
    assert [u.canonical for u in successor(old)] == ["phường Hồng Gai"] and same_unit(old, new)
    hong_ha = _unit("hongha", "ward", "new")
    assert "phường Phúc Xá" in [u.canonical for u in predecessors(hong_ha)]
    assert "phường Ba Đình" in [u.canonical for u in successor(_unit("badinh", "district"))]
    hai_duong = _unit("haiduong", "province")
    assert [u.canonical for u in successor(hai_duong)] == ["thành phố Hải Phòng"]
    assert not same_unit(hai_duong, successor(hai_duong)[0])  # merged, not renamed
    assert successor(new) == [new]


def test_place_names_compare_without_their_unit_word() -> None:
    assert place_name("phường Nhật Tân") == "Nhật Tân" and place_name("Phường 1") == "Phường 1"
    assert bare_place("quận Hai Bà Trưng") == "hai ba trung"
    assert same_place("quận Đống Đa", "dong da") and not same_place("Phường 1", "1")


def test_lookup_is_fast() -> None:
    gazetteer()  # loaded once per process
    text = (
        "Ngày 21/6/2024, UBND phường Bách Khoa (quận Hai Bà Trưng) tổ chức hội nghị sơ kết. "
        "Chủ tịch UBND phường Ngô Thị Lan Anh chủ trì; dự có đại diện thành phố Hà Nội. "
    ) * 20  # about 3,500 characters
    find_places(text)
    start = time.perf_counter()
    for _ in range(5):
        found = find_places(text)
    per_call = (time.perf_counter() - start) / 5
    assert len(found) == 60 and per_call < 0.1, per_call  # a few ms on one core
