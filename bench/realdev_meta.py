"""Record metadata read from the real pages of ../shared/realdev, for a person to check.

Prints, per article, what was read (published day and its source, meeting day and its source,
year, organ, province / district / ward and where each came from) and counts, per half of the
set, how many articles got a published day, a meeting day, a year, a place at some level and an
organ kind.

It also checks the target "the published date is read on ≥ 95 % of the pages that show one
anywhere, the address included": a deliberately broad regex scan, independent of the reader,
marks the pages that show a posting day or month (a date line, a stamp closing the title, a
store prefix "date 2023-06", a dateline "Hải Phòng, ngày 19 tháng 01 năm 2020", or the address:
"/202104/", "-20191203.html"), and counts how many of them got a published day, or a month, read.
A print header is when the page was printed (``ingest.dates``), not published: such pages are
counted apart. The pages missed are listed (not with --counts-only).

    PYTHONPATH=src python bench/realdev_meta.py [--half dev|test|all] [--counts-only]

The pages are third-party text: they are read in place, never copied into the repository. Tune
on the dev half only; for the test half print counts (``--half test --counts-only``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from hbt_qa.ingest.articles import parse_record

REALDEV = Path(__file__).resolve().parents[1].parent / "shared" / "realdev"
DEV = (
    "r001 r002 r006 r011 r012 r014 r020 r021 r022 r024 r025 r028 r029 r031 r033 r034 r036 r037 "
    "r038 r039 r040 r041 r043 r048 r049 r051 r054 r055 r059 r061 r062 r063"
).split()


_FIRST_LINES = 6  # non-empty lines after the URL line, where a page shows its date
_SHORT_LINE = 120  # a longer line is a lead paragraph: its date is the meeting's, not the page's
_DATE_LINE_WORDS = 8  # "Ngày đăng … | Lượt xem: 740", "Hải Phòng, ngày …", "Updated : Thursday, …"
_WORD = re.compile(r"[^\W\d_]+")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:19|20)\d\d(?!\d)"
# Any day with its year, in any of the forms a page writes its own date in.
_DAY_SHOWN = re.compile(
    rf"(?<!\d)\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*{_YEAR}"
    rf"|(?<!\d){_YEAR}-\d{{1,2}}-\d{{1,2}}(?!\d)"
    rf"|ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+{_YEAR}"
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+{_YEAR}",
    re.I,
)
# On a long first line only what a page puts there itself: the store's prefix, a time glued
# before a date, a stamp closing the title.
_LONG_LINE_SHOWN = re.compile(
    rf"\A\s*date\s+{_YEAR}-\d\d|\A\s*\d{{1,2}}[:h]\d\d,?\s+\d{{1,2}}/\d{{1,2}}/{_YEAR}"
    rf"|\([^()]*\d{{1,2}}/\d{{1,2}}/{_YEAR}[^()]*\)\s*\Z",
    re.I,
)
_ADDRESS_SHOWN = re.compile(
    rf"(?<!\d)(?:19|20)\d\d[-/_]?(?:0[1-9]|1[0-2])(?:[-/_]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)"
    rf"|(?<!\d)(?:0[1-9]|[12]\d|3[01])[-_]?(?:0?[1-9]|1[0-2])[-_]?{_YEAR}"
    rf"|ngay[-_]\d{{1,2}}[-_]\d{{1,2}}[-_]{_YEAR}",
    re.I,
)


def shows_date(text: str) -> bool:
    """True when a page's first lines or its address show a posting day or month (broadly)."""
    lines = [ln.strip() for ln in text.splitlines()]
    url = lines[0][4:].strip() if lines and lines[0].upper().startswith("URL:") else ""
    first = [ln for ln in lines[1 if url else 0 :] if ln][:_FIRST_LINES]
    for ln in first:
        if _LONG_LINE_SHOWN.search(ln):
            return True
        if len(ln) <= _SHORT_LINE and (day := _DAY_SHOWN.search(ln)):
            rest = ln[: day.start()] + " " + ln[day.end() :]
            if len(_WORD.findall(rest)) <= _DATE_LINE_WORDS:
                return True  # a line of a date and its labels, not a sentence naming a day
    return bool(url and _ADDRESS_SHOWN.search(url))


def articles(half: str, root: Path) -> list[Path]:
    """The article files of one half of the set (dev, test or all)."""
    every = sorted((root / "articles").glob("r*.txt"))
    if half == "all":
        return every
    return [p for p in every if (p.stem in DEV) == (half == "dev")]


def line(article) -> str:
    """One article's metadata as a readable line."""
    src = article.meta_sources
    places = " / ".join(
        f"{getattr(article, f)} [{src.get(k, '?')}]"
        for f, k in (("province", "province"), ("district", "district"), ("ward", "ward"))
        if getattr(article, f)
    )
    return (
        f"published={article.published} [{src.get('published', '-')}]  "
        f"meeting={article.meeting_date} [{src.get('meeting_date', '-')}]  "
        f"year={article.year} [{src.get('year', '-')}]  organ={article.organ} "
        f"(kind={article.organ_kind}, level={article.organ_level})  level={article.place_level}"
        f"\n      {places or 'no place'}\n      chair={article.chair}"
    )


def main(argv: list[str] | None = None) -> int:
    """Read every article of the chosen half and print the metadata and the counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--counts-only", action="store_true")
    ap.add_argument("--root", type=Path, default=REALDEV)
    args = ap.parse_args(argv)
    paths = articles(args.half, args.root)
    counts = {"published": 0, "meeting": 0, "year": 0, "place": 0, "organ": 0}
    shown, read, printed, missed = 0, 0, [], []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        art, _, when = parse_record(text, path.name)
        counts["published"] += art.published is not None
        counts["meeting"] += art.meeting_date is not None
        counts["year"] += art.year is not None
        counts["place"] += art.place_level is not None
        counts["organ"] += art.organ_kind is not None
        if shows_date(text):
            shown += 1
            if when.published or when.month:
                read += 1
            else:
                (printed if when.printed else missed).append(path.stem)
        if not args.counts_only:
            print(f"{path.stem}  {art.title[:70]}\n      {line(art)}")
    total = len(paths)
    print(
        f"\n{args.half}: {total} articles; "
        + ", ".join(f"{k} {v}/{total}" for k, v in counts.items())
    )
    share = f" ({read / shown:.0%})" if shown else ""
    print(
        f"{args.half}: {shown} show a posting day or month; published day or month read on "
        f"{read}{share}; {len(printed)} show only a print header (read as printed, not published)"
    )
    if not args.counts_only:
        print(f"{args.half}: print header only: {' '.join(printed) or '-'}")
        print(f"{args.half}: shown but not read: {' '.join(missed) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
