"""Record metadata read from the real pages of ../shared/realdev, for a person to check.

Prints, per article, what was read (published day and its source, meeting day and its source,
year, organ, province / district / ward and where each came from) and counts, per half of the
set, how many articles got a published day, a year, a place at some level and an organ kind.

    PYTHONPATH=src python bench/realdev_meta.py [--half dev|test|all] [--counts-only]

The pages are third-party text: they are read in place, never copied into the repository. Tune
on the dev half only; for the test half print counts (``--half test --counts-only``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hbt_qa.ingest.articles import parse_article

REALDEV = Path(__file__).resolve().parents[1].parent / "shared" / "realdev"
DEV = (
    "r001 r002 r006 r011 r012 r014 r020 r021 r022 r024 r025 r028 r029 r031 r033 r034 r036 r037 "
    "r038 r039 r040 r041 r043 r048 r049 r051 r054 r055 r059 r061 r062 r063"
).split()


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
    counts = {"published": 0, "year": 0, "place": 0, "organ": 0}
    for path in paths:
        art, _ = parse_article(path.read_text(encoding="utf-8"), path.name)
        counts["published"] += art.published is not None
        counts["year"] += art.year is not None
        counts["place"] += art.place_level is not None
        counts["organ"] += art.organ_kind is not None
        if not args.counts_only:
            print(f"{path.stem}  {art.title[:70]}\n      {line(art)}")
    total = len(paths)
    print(
        f"\n{args.half}: {total} articles; "
        + ", ".join(f"{k} {v}/{total}" for k, v in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
