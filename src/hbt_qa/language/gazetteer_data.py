"""The administrative units of Việt Nam, before and after 1 July 2025, read once from package data.

The list comes from the ``vietnamadminunits`` package (MIT): its ``data/dataset.db`` holds the
three-level units in force until 30 June 2025 (``admin_units_legacy``: province, district, ward)
and the two-level units since (``admin_units``: province, ward), and ``data/converter_2025.json``
maps every old ward onto the new ward(s) that took it over. Only those two files are read, with
the standard library, by `gazetteer()`: the one function of ``language/`` that reads anything,
once per process (cached), so the rest stays pure.

The hierarchy (`ancestors`, `province_of`) and the 2025 mapping (`successor`, `predecessors`,
`same_unit`) are read from the loaded list. Names are indexed by their folded joined key ("Hai Bà
Trưng" → "haibatrung"), the form the package uses too, so "Hai Ba Trung", "HAI BÀ TRƯNG" and the
host "haibatrung.hanoi.gov.vn" all meet the same key.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .text import fold

Level = Literal["province", "district", "ward"]
Era = Literal["old", "new", "both"]
DATA_PACKAGE = "vietnamadminunits"
# Unit words by folded joined form: the level they name and their canonical spelling.
UNIT_WORDS: dict[str, tuple[Level, str]] = {
    "tinh": ("province", "tỉnh"),
    "thanhpho": ("province", "thành phố"),  # or a city inside a province: see `levels_of`
    "quan": ("district", "quận"),
    "huyen": ("district", "huyện"),
    "thixa": ("district", "thị xã"),
    "phuong": ("ward", "phường"),
    "xa": ("ward", "xã"),
    "thitran": ("ward", "thị trấn"),
    "dackhu": ("ward", "đặc khu"),
}


@dataclass(frozen=True)
class Unit:
    """One administrative unit: "huyện Xuân Lộc" under "tỉnh Đồng Nai", in force in an era."""

    uid: str  # "p:tinhdongnai", "d:732", "w:26089" (old ward), "n:26089" (new ward)
    name: str  # "Xuân Lộc", "1" for "Phường 1"
    kind: str  # "tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã", "thị trấn"…
    level: Level
    era: Era
    parent: str | None = None  # uid of the district (old ward), else of the province

    @property
    def canonical(self) -> str:
        """The name with its unit word, as written in a record: "huyện Xuân Lộc", "Phường 1"."""
        if self.name.isdigit():
            return f"{self.kind[0].upper()}{self.kind[1:]} {self.name}"
        return f"{self.kind} {self.name}"


@dataclass
class Gazetteer:
    """Every unit by uid, names by folded joined key, and the 2025 ward mapping."""

    units: dict[str, Unit] = field(default_factory=dict)
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, list[tuple[str, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # key → (uid, unit word the alias was written with), former names ("longdien")
    successors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    predecessors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, unit: Unit, key: str) -> None:
        """Register a unit under its folded joined name (once)."""
        if unit.uid in self.units:
            return
        self.units[unit.uid] = unit
        self.by_key[key].append(unit.uid)
        if unit.parent:
            self.children[unit.parent].append(unit.uid)


def joined_key(text: str) -> str:
    """Folded name without spaces or punctuation, a number without leading zeros: "haibatrung"."""
    key = "".join(ch for ch in fold(text) if ch.isalnum())
    return str(int(key)) if key.isdigit() else key


def _alias_entries(raw: str | None, shortest: int = 4) -> list[tuple[str, str | None]]:
    """Former names of a unit as (key, unit word written with it): "huyenlongdien" → longdien."""
    out: list[tuple[str, str | None]] = []
    for alias in json.loads(raw) if raw else []:
        word = next(
            (w for w in sorted(UNIT_WORDS, key=len, reverse=True) if alias.startswith(w)), None
        )
        if alias.startswith("tx"):
            word, alias = "thixa", "thixa" + alias[2:]
        elif alias.startswith("tp"):
            word, alias = "thanhpho", "thanhpho" + alias[2:]
        bare = alias[len(word) :] if word else alias
        if len(bare) >= shortest and not bare.startswith(("district", "ward")):
            out.append((bare, UNIT_WORDS[word][1] if word else None))
    return out


def _data_file(name: str) -> Path:
    """A file of the package data, found without importing the package (its API is heavy)."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"the list of administrative units needs the package {DATA_PACKAGE}: "
            f"pip install '{DATA_PACKAGE}==1.0.4'"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    if not path.is_file():
        raise RuntimeError(
            f"{path} is missing: reinstall it with pip install --force-reinstall "
            f"'{DATA_PACKAGE}==1.0.4'"
        )
    return path


def _short(short: str) -> str:
    """A unit's own name: "1" for "Phường 1", else the short name as given."""
    number = short.rsplit(" ", 1)[-1]
    return number if number.isdigit() and " " in short else short


def _key(short: str, short_key: str) -> str:
    """The folded key of a short name (the package's own keys keep a few marks: "sapả")."""
    return short_key if short_key.isascii() and not short.isdigit() else joined_key(short)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The units, read once from the package data (about 0.3 s), then cached for the process.

    The only reading of files in ``language/``: package data, at first use, never again.
    """
    g = Gazetteer()
    conn = sqlite3.connect(f"file:{_data_file('dataset.db')}?mode=ro", uri=True)
    try:
        legacy = conn.execute(
            "select province, provinceShort, provinceKey, provinceShortKey, districtShort,"
            " districtCode, districtKey, districtShortKey, districtType, districtAlias,"
            " wardShort, wardCode, wardKey, wardShortKey, wardType, wardAlias"
            " from admin_units_legacy"
        ).fetchall()
        new = conn.execute(
            "select province, provinceShort, provinceKey, provinceShortKey, wardShort, wardCode,"
            " wardKey, wardShortKey, wardType, wardAlias from admin_units"
        ).fetchall()
        province_alias = conn.execute(
            "select provinceKey, provinceAlias from admin_units_legacy"
            " where provinceAlias is not null group by 1"
        ).fetchall()
    finally:
        conn.close()
    old_provinces = {r[2] for r in legacy}
    new_provinces = {r[2] for r in new}
    for full, short, pkey, skey in {r[:4] for r in (*legacy, *new)}:
        era: Era = (
            "both"
            if pkey in old_provinces and pkey in new_provinces
            else ("old" if pkey in old_provinces else "new")
        )
        kind = full[: len(full) - len(short)].strip().lower()
        g.add(Unit(f"p:{pkey}", short, kind, "province", era), skey)
    for pkey, raw in province_alias:
        for alias, _ in _alias_entries(raw, shortest=2):  # "hn", "hcm": after "TP" only
            g.aliases[alias].append((f"p:{pkey}", None))
    for pkey, alias in (("thanhphohue", "thuathienhue"),):  # the province's name until 2025
        g.aliases[alias].append((f"p:{pkey}", "tỉnh"))
    old_ward_uid: dict[str, str] = {}
    for row in legacy:
        _, _, pkey, _, dshort, dcode, dkey, dskey, dtype, dalias = row[:10]
        wshort, wcode, wkey, wskey, wtype, walias = row[10:]
        dshort, wshort = _short(dshort), wshort and _short(wshort)
        duid = f"d:{dcode}"
        if duid not in g.units:
            district = Unit(duid, dshort, dtype.lower(), "district", "old", f"p:{pkey}")
            g.add(district, _key(dshort, dskey))
            for alias, word in _alias_entries(dalias):
                g.aliases[alias].append((duid, word))
        if wshort is None:
            continue
        wuid = f"w:{wcode}"
        g.add(Unit(wuid, wshort, wtype.lower(), "ward", "old", duid), _key(wshort, wskey))
        for alias, word in _alias_entries(walias):
            g.aliases[alias].append((wuid, word))
        old_ward_uid[f"{pkey}_{dkey}_{wkey}"] = wuid
    new_ward_uid: dict[tuple[str, str], str] = {}
    for _, _, pkey, _, wshort, wcode, wkey, wskey, wtype, walias in new:
        wshort = _short(wshort)
        nuid = f"n:{wcode}"
        g.add(Unit(nuid, wshort, wtype.lower(), "ward", "new", f"p:{pkey}"), _key(wshort, wskey))
        for alias, word in _alias_entries(walias):
            g.aliases[alias].append((nuid, word))
        new_ward_uid[(pkey, wkey)] = nuid
    _read_mapping(g, old_ward_uid, new_ward_uid)
    return g


def _read_mapping(
    g: Gazetteer, old_ward_uid: dict[str, str], new_ward_uid: dict[tuple[str, str], str]
) -> None:
    """Fill successors and predecessors from the package's 2025 converter table."""
    data = json.loads(_data_file("converter_2025.json").read_text(encoding="utf-8"))

    def link(old: str, new: str) -> None:
        if new not in g.successors[old]:
            g.successors[old].append(new)
            g.predecessors[new].append(old)

    for new_p, olds in data["DICT_PROVINCE"].items():
        for old_p in olds:
            link(f"p:{old_p}", f"p:{new_p}")
    for new_p, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, old_keys in wards.items():
            for old_key in old_keys:
                if (o := old_ward_uid.get(old_key)) and (n := new_ward_uid.get((new_p, new_w))):
                    link(o, n)
    for new_p, splits in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in splits.items():
            ordered = sorted(targets, key=lambda t: not t.get("isDefaultNewWard"))
            for t in ordered:
                o = old_ward_uid.get(old_key)
                n = new_ward_uid.get((new_p, t["newWardKey"]))
                if o and n:
                    link(o, n)


# ---------------------------------------------------------------------------------------------
# The hierarchy and the 2025 mapping
# ---------------------------------------------------------------------------------------------


def unit(uid: str) -> Unit | None:
    """The unit with that id ("d:001"), if any."""
    return gazetteer().units.get(uid)


def ancestors(u: Unit) -> list[Unit]:
    """The units above ``u``, nearest first: district then province, or the province alone."""
    out: list[Unit] = []
    units = gazetteer().units
    while u.parent and (parent := units.get(u.parent)) is not None:
        out.append(parent)
        u = parent
    return out


def province_of(u: Unit) -> Unit | None:
    """The province of a unit (itself for a province)."""
    return u if u.level == "province" else next(iter(ancestors(u)[-1:]), None)


def successor(u: Unit) -> list[Unit]:
    """The unit(s) that took over ``u`` on 1 July 2025, most likely first; [u] if it stayed.

    An old ward gives its new ward (a divided one the default part first), an old district the
    new wards of its wards, most of them first, an old province its merged province.
    """
    g = gazetteer()
    if u.level == "district":
        counts: dict[str, int] = {}
        for child in g.children[u.uid]:
            for new in g.successors.get(child, [])[:1]:
                counts[new] = counts.get(new, 0) + 1
        return [g.units[n] for n in sorted(counts, key=lambda n: -counts[n])]
    if u.era != "old" and u.level != "province":
        return [u]
    found = [g.units[n] for n in g.successors.get(u.uid, []) if n != u.uid]
    return found or ([u] if u.era == "both" else [])


def predecessors(u: Unit) -> list[Unit]:
    """The old units that went into ``u`` on 1 July 2025 (wards or provinces)."""
    g = gazetteer()
    return [g.units[o] for o in g.predecessors.get(u.uid, []) if o != u.uid]


def same_unit(a: Unit | None, b: Unit | None) -> bool:
    """True when two units are one place: the same unit, or an old one and the new one that
    took it over under the same name (a ward kept, a province merged into one of its names)."""
    if a is None or b is None:
        return False
    if a.uid == b.uid:
        return True
    if a.level == "district" or b.level == "district" or a.name != b.name:
        return False
    return any(s.uid == b.uid for s in successor(a)) or any(s.uid == a.uid for s in successor(b))


def inside(u: Unit, anchor: Unit) -> bool:
    """True when ``u`` lies in ``anchor`` or contains it (across the 2025 change for provinces)."""
    if u.uid == anchor.uid:
        return True
    if any(a.uid == anchor.uid for a in ancestors(u)):
        return True
    if any(a.uid == u.uid for a in ancestors(anchor)):
        return True
    if anchor.level == "province" and (p := province_of(u)) is not None:
        return any(s.uid == anchor.uid for s in successor(p)) or any(
            s.uid == p.uid for s in successor(anchor)
        )
    return False
