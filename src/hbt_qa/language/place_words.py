"""The words the place scanner reads: unit words and their abbreviations, the levels each
names, English words after a name, and names that are everyday words too."""

from __future__ import annotations

from .gazetteer_data import Level

# Words after a number that make it a quantity or a date ("6 tháng", "5 năm", "3 ngày", "2 tỷ").
COUNTED = frozenset(
    "thang nam ngay quy tuan gio ty trieu nghin ngan dong nguoi ho lan ky ha km xa phuong".split()
)
# Spoken unit words, folded and token by token, with their accented spelling.
UNIT_TOKENS: dict[tuple[str, ...], str] = {
    ("thanh", "pho"): "thành phố",
    ("thi", "xa"): "thị xã",
    ("thi", "tran"): "thị trấn",
    ("dac", "khu"): "đặc khu",
    ("tinh",): "tỉnh",
    ("quan",): "quận",
    ("huyen",): "huyện",
    ("phuong",): "phường",
    ("xa",): "xã",
}
# Abbreviations: (needs a dot after it, unit word). "TP Thủ Đức", "TX. Hồng Lĩnh", "Q.5", "P. 1".
ABBREVIATIONS: dict[str, tuple[bool, str]] = {
    "tp": (False, "thành phố"),
    "tx": (False, "thị xã"),
    "q": (True, "quận"),
    "p": (True, "phường"),
    "tt": (True, "thị trấn"),
}
# A Party committee named by its unit ("Tỉnh ủy Hải Dương", "Huyện ủy Xuân Lộc"): the name after
# it is a unit of that kind. (Spelling as written, unit word.)
COMMITTEE_TOKENS: dict[tuple[str, ...], tuple[str, str]] = {
    ("tinh", "uy"): ("tỉnh ủy", "tỉnh"),
    ("thanh", "uy"): ("thành ủy", "thành phố"),
    ("huyen", "uy"): ("huyện ủy", "huyện"),
    ("quan", "uy"): ("quận ủy", "quận"),
    ("thi", "uy"): ("thị ủy", "thị xã"),
}
FIRST_KEYS = frozenset({k[0] for k in UNIT_TOKENS} | set(ABBREVIATIONS))
KIND_LEVELS: dict[str, tuple[Level, ...]] = {
    "tỉnh": ("province",),
    "thành phố": ("province", "district"),
    "quận": ("district",),
    "huyện": ("district",),
    "thị xã": ("district",),
    "phường": ("ward",),
    "xã": ("ward",),
    "thị trấn": ("ward",),
    "đặc khu": ("ward",),
}
# English words after a name: "Hoan Kiem district", "Dong Nai province", "Hai Duong provincial".
EN_AFTER: dict[str, tuple[Level, ...]] = {
    "district": ("district",),
    "province": ("province",),
    "provincial": ("province",),
    "city": ("province", "district"),
    "municipal": ("province",),
    "ward": ("ward",),
    "commune": ("ward",),
    "town": ("district", "ward"),
    "people": ("province", "district"),  # "Hanoi People's Council"
    "council": ("province", "district"),  # "Binh Duong council delegates"
    "committee": ("province", "district"),  # "the Dong Nai committee"
}
# The kinds of unit an English unit word names ("Hoa Thanh town" is the thị xã, not a xã).
EN_KINDS: dict[str, tuple[str, ...]] = {
    "district": ("quận", "huyện", "thị xã"),
    "province": ("tỉnh", "thành phố"),
    "provincial": ("tỉnh", "thành phố"),
    "city": ("thành phố",),
    "municipal": ("thành phố",),
    "ward": ("phường",),
    "commune": ("xã",),
    "town": ("thị xã", "thị trấn"),
}
EN_BODIES = frozenset({"people", "council", "committee"})  # name the body, not the unit
BARE_STOP = frozenset({"hochiminh"})
# Names that are everyday words too ("thống nhất nội dung"): in a slug only with a unit word.
SLUG_STOP = frozenset("thongnhat doanket thanhcong hoabinh tanthanh tienbo quyetthang".split())
# Provinces whose name, typed without marks, is also an everyday phrase ("diễn biến").
TYPED_STOP = SLUG_STOP | frozenset("dienbien".split())
# Capitalised words after a unit word that start no place name missing from the list.
NOT_NAMES = frozenset(
    "khoa ky nhiem uy hoi dong ban chu pho bi uy".split()
)  # also a person: only "TP Hồ Chí Minh", "TP.HCM"…
