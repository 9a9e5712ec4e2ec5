"""How often a record's card names the right place and organ, scored on ../shared/realdev.

The truth is the "Sources" table of ../shared/realdev/README.md, parsed at run time: per article,
the unit whose meeting or report it is, with its unit word ("huyện Đức Trọng, Lâm Đồng",
"TP Hà Nội (en)", "phường La Khê, quận Hà Đông, Hà Nội"). Each card's fields come from the index
(``--index``, the rows the records list and search cards show) or, without it, from the same
reader ingestion stores (``parse_article``). Per article it compares:

- place: the unit at the card's own level, its name (folded) and its unit word (a card that says
  "quận" for a "thị xã" is a miss; a README row naming several units accepts any of them);
- organ kind (HĐND, Thường trực HĐND, UBND, Đảng ủy, MTTQ): the README names it for a few rows
  only, so elsewhere the expected kind is read here from the page's address words
  ("…-hdnd-huyen-…") or else its title, with this file's own patterns; articles with neither are
  not scored on organ kind;
- organ level: whether the organ's level word agrees with the card's unit word ("HĐND huyện" on a
  "huyện" card), for every card that shows a level.

    PYTHONPATH=src python bench/realdev_cards.py [--index /tmp/rd.db] [--half dev|test|all]

The pages are third-party text, read in place and never copied into the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hbt_qa.language.text import fold

REALDEV = Path(__file__).resolve().parents[1].parent / "shared" / "realdev"
DEV = (
    "r001 r002 r006 r011 r012 r014 r020 r021 r022 r024 r025 r028 r029 r031 r033 r034 r036 r037 "
    "r038 r039 r040 r041 r043 r048 r049 r051 r054 r055 r059 r061 r062 r063"
).split()

# Unit words, longest first, and the level each names ("thành phố" depends on the city).
_KINDS = (
    ("thành phố", None), ("thị trấn", "ward"), ("thị xã", "district"), ("phường", "ward"),
    ("xã", "ward"), ("quận", "district"), ("huyện", "district"), ("tỉnh", "province"),
)  # fmt: skip
_CENTRAL = {"ha noi", "ho chi minh", "da nang", "hai phong", "can tho", "hue"}
_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "hanoi": "ha noi"}
_DEPTH = {"province": 1, "district": 2, "ward": 3}

# The organ kind in a page's address or title: this bench's own reading, not the product's.
_ORGAN_WORDS = (
    (r"thuong[ -]truc[ -](?:hdnd|hoi[ -]dong[ -]nhan[ -]dan)", "Thường trực HĐND"),
    (r"standing[ -]committee", "Thường trực HĐND"),
    (r"hdnd|hoi[ -]dong[ -]nhan[ -]dan|people\W?s[ -]council|peoples[ -]council", "HĐND"),
    (r"ubnd|uy[ -]ban[ -]nhan[ -]dan|people\W?s[ -]committee|peoples[ -]committee", "UBND"),
    (r"(?:huyen|quan|thi|tinh|thanh|dang)[ -]uy(?![ -]vien)|party[ -]committee", "Đảng ủy"),
    (r"mttq|mat[ -]tran[ -]to[ -]quoc", "MTTQ"),
)
# An office before an organ names a person, not the body that met ("Bí thư Thị ủy").
_ROLE = re.compile(
    r"(?:chu tich|bi thu|truong ban|chairman|chairwoman|secretary)\W+(?:\w+\W+){0,3}\Z"
)


@dataclass(frozen=True)
class Unit:
    """One administrative unit as the README writes it."""

    name: str  # folded, without its unit word
    kind: str | None  # "huyện", "thành phố", … (None: a bare province name)
    level: str


@dataclass(frozen=True)
class Truth:
    """What the README says of one article."""

    units: tuple[Unit, ...]  # the unit (or any of the units) whose record it is
    above: tuple[Unit, ...]  # units above it
    organ: str | None  # organ kind named in the README's note, if any


def _name(text: str) -> str:
    """A folded unit name without punctuation: 'Bà Rịa–Vũng Tàu' → 'ba ria vung tau'."""
    words = " ".join(re.findall(r"\w+", fold(text).lower()))
    return _ALIASES.get(words.replace(" ", ""), words)


def parse_unit(text: str) -> Unit:
    """A README unit ("huyện Đức Trọng", "TP.HCM", "Phường 2", "Lâm Đồng")."""
    text = text.strip()
    low = text.lower()
    if low.startswith("tp.") or low.startswith("tp "):
        low, text = "thành phố " + text[3:].strip(), "thành phố " + text[3:].strip()
    for word, level in _KINDS:
        if low.startswith(word + " "):
            name = _name(text[len(word) :])
            if level is None:  # a city run by the centre, else one inside a province
                level = "province" if name in _CENTRAL else "district"
            return Unit(name, word, level)
    return Unit(_name(text), None, "province")


def parse_place(cell: str) -> Truth:
    """The README's place cell: the unit(s) that met, the units above, an organ note."""
    notes = " ".join(re.findall(r"\(([^)]*)\)", cell))
    organ = next((k for p, k in _ORGAN_WORDS if re.search(p, fold(notes).lower())), None)
    bare = re.sub(r"\([^)]*\)", "", cell).strip()
    units: list[Unit] = []
    above: list[Unit] = []
    for alt in re.split(r" / | and ", bare):
        parts = [p for p in (s.strip() for s in alt.split(",")) if p]
        parsed = [parse_unit(p) for p in parts]
        depth = _DEPTH[parsed[0].level]
        first = True
        for u in parsed:
            if first and _DEPTH[u.level] == depth:
                units.append(u)
            else:
                first = False
                above.append(u)
    return Truth(tuple(units), tuple(above), organ)


def read_sources(readme: Path) -> dict[str, tuple[Truth, str]]:
    """id → (truth, URL) from the README's Sources table."""
    out: dict[str, tuple[Truth, str]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"r\d{3}", cells[0]):
            out[cells[0]] = (parse_place(cells[1]), cells[-1])
    return out


def expected_organ(truth: Truth, url: str, title: str) -> tuple[str | None, str]:
    """The organ kind to expect and where it was read: README note, address or title."""
    if truth.organ:
        return truth.organ, "readme"
    pieces = re.split(r"[/?&=]", url.split("://", 1)[-1])[1:]
    slug = max(pieces, key=lambda p: p.count("-"), default="")  # the title's words, not a section
    for where, text in (("address", slug if slug.count("-") >= 3 else ""), ("title", title)):
        folded = fold(text).lower()
        found = [
            (m.start(), i, kind)
            for i, (pattern, kind) in enumerate(_ORGAN_WORDS)
            for m in re.finditer(rf"(?<![a-z]){pattern}(?![a-z])", folded)
            if not _ROLE.search(folded[max(0, m.start() - 30) : m.start()])
        ]
        if found:  # the first named; at one place, the most specific pattern
            return min(found)[2], where
    return None, "none"


def card_unit(card: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(folded name, unit word, level) of the unit at the card's own level."""
    level = card.get("place_level")
    shown = card.get(level) if level else None
    if not shown:
        return None, None, level
    low = str(shown).lower()
    for word, _ in _KINDS:
        if low.startswith(word + " "):
            return _name(str(shown)[len(word) :]), word, level
    return _name(str(shown)), None, level


def _organ_level_agrees(card: dict[str, Any], kind: str | None) -> bool | None:
    """Whether the organ's level word agrees with the card's unit word (None: no level shown)."""
    level = card.get("organ_level")
    if not level or kind is None:
        return None
    return level == kind


def cards_from_index(path: Path) -> dict[str, dict[str, Any]]:
    """id → the stored row a card shows, from an index."""
    from hbt_qa.index.store import Store

    rows = Store.open_existing(path).articles()
    return {Path(str(r.get("path") or r.get("source"))).stem: r for r in rows}


def cards_from_pages(root: Path, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id → the fields ingestion would store, read from the pages themselves."""
    from hbt_qa.ingest.articles import parse_article

    out = {}
    for rid in ids:
        path = root / "articles" / f"{rid}.txt"
        if path.exists():
            art, _ = parse_article(path.read_text(encoding="utf-8"), path.name)
            out[rid] = {
                k: getattr(art, k)
                for k in (
                    "title", "province", "district", "ward", "place_level", "organ",
                    "organ_kind", "organ_level",
                )
            }  # fmt: skip
    return out


def score(
    sources: dict[str, tuple[Truth, str]], cards: dict[str, dict[str, Any]], ids: list[str]
) -> dict[str, Any]:
    """Per-article misses and the shares of places, unit words and organs that are right."""
    from hbt_qa.web.render import place_text

    rows: list[str] = []
    place_ok = organ_ok = organ_scored = level_ok = level_scored = wrong_quan = 0
    for rid in ids:
        truth, url = sources[rid]
        card = cards.get(rid)
        if card is None:
            rows.append(f"{rid}  not in the index")
            continue
        name, kind, level = card_unit(card)
        hit = any(name == u.name and kind == u.kind and level == u.level for u in truth.units)
        place_ok += hit
        if kind == "quận" and all(u.kind != "quận" for u in truth.units):
            wrong_quan += 1
        want, where = expected_organ(truth, url, str(card.get("title") or ""))
        organ_hit = None
        if want is not None:
            organ_scored += 1
            organ_hit = card.get("organ_kind") == want
            organ_ok += organ_hit
        agrees = _organ_level_agrees(card, kind)
        if agrees is not None:
            level_scored += 1
            level_ok += agrees
        if not hit or organ_hit is False or agrees is False:
            expected = " | ".join(f"{u.kind or '-'} {u.name} ({u.level})" for u in truth.units)
            rows.append(
                f"{rid}  place {'ok' if hit else 'MISS'}: card {place_text(card) or '—'!r} "
                f"({level}); README {expected}\n"
                f"      organ {'ok' if organ_hit is not False else 'MISS'}: card "
                f"{card.get('organ')!r} kind={card.get('organ_kind')} "
                f"level={card.get('organ_level')}; expected {want} [{where}]"
                + ("; organ level disagrees with the unit word" if agrees is False else "")
            )
    n = len(ids)
    return {
        "rows": rows,
        "n": n,
        "place_ok": place_ok,
        "organ_ok": organ_ok,
        "organ_scored": organ_scored,
        "level_ok": level_ok,
        "level_scored": level_scored,
        "wrong_quan": wrong_quan,
    }


def main(argv: list[str] | None = None) -> int:
    """Score the cards of one half of realdev and print the misses and the shares."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="an index of realdev (default: read the pages)")
    ap.add_argument("--half", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--root", type=Path, default=REALDEV)
    args = ap.parse_args(argv)
    readme = args.root / "README.md"
    if not readme.exists():
        print(f"skipped: no realdev set at {args.root} (evaluation data kept outside the repo)")
        return 0
    sources = read_sources(readme)
    ids = sorted(r for r in sources if args.half == "all" or (r in DEV) == (args.half == "dev"))
    cards = cards_from_index(args.index) if args.index else cards_from_pages(args.root, ids)
    s = score(sources, cards, ids)
    print("\n".join(s["rows"]))
    n = s["n"]
    print(
        f"\n{args.half}: {n} articles ({'index ' + str(args.index) if args.index else 'pages'})\n"
        f"  place at its own level, name and unit word: {s['place_ok']}/{n} "
        f"= {s['place_ok'] / n:.1%}\n"
        f"  cards saying 'quận' for another kind of unit: {s['wrong_quan']}\n"
        f"  organ kind (expected from README note, else address, else title): "
        f"{s['organ_ok']}/{s['organ_scored']} scored"
        + (f" = {s['organ_ok'] / s['organ_scored']:.1%}" if s["organ_scored"] else "")
        + f"\n  organ level agreeing with the unit word: {s['level_ok']}/{s['level_scored']} "
        "cards that show one"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
