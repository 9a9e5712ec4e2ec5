"""The ``hbt-qa`` command's arguments: every subcommand with its help and an example."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from . import __version__

EXAMPLES = {
    "ingest": "hbt-qa ingest corpus/ --prune; hbt-qa ingest --crawl https://site/sitemap.xml",
    "search": 'hbt-qa search "thu ngân sách" --from 2019-01-01 --to 2019-12-31 --with-undated',
    "ask": 'hbt-qa ask "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"',
    "serve": "hbt-qa serve --port 7860",
    "check": "hbt-qa check --index index/hbt_qa.db",
    "audit": "hbt-qa audit --limit 20 --json",
    "figures": 'hbt-qa figures "giải ngân vốn đầu tư" --since 2023-01-01 --json',
    "eval": "hbt-qa eval bench/devset/questions.jsonl --index /tmp/dev.db --split dev --out e.json",
}


def parser() -> argparse.ArgumentParser:
    """All subcommands, each with help and an example."""
    p = argparse.ArgumentParser(
        prog="hbt-qa",
        description="Cited answers and search over Vietnamese meeting records.",
        epilog="Example: " + EXAMPLES["ask"],
    )
    p.add_argument("--version", action="version", version=f"hbt-qa {__version__}")
    _verbosity(p, argparse.SUPPRESS)  # given here or after the command
    p.set_defaults(verbose=0, quiet=0)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(
            name, help=help_, description=help_, epilog="Example: " + EXAMPLES[name]
        )
        if name != "serve":
            sp.add_argument("--index", type=Path, help="index file (default index/hbt_qa.db)")
        _verbosity(sp, argparse.SUPPRESS)
        return sp

    ing = add("ingest", "Add or update articles (.txt, .md, .html, .docx, .pdf) in the index.")
    ing.add_argument(
        "paths", nargs="*", help="files, folders or http(s) addresses (default corpus/)"
    )
    ing.add_argument("--prune", action="store_true", help="remove articles whose files are gone")
    ing.add_argument(
        "--crawl",
        action="append",
        default=[],
        metavar="URL",
        help="fetch the same-site articles linked from a listing page or sitemap.xml",
    )
    ing.add_argument("--max-pages", type=int, default=100, help="crawl page cap (default 100)")
    ing.add_argument(
        "--delay", type=float, default=1.0, help="seconds between requests (default 1)"
    )
    ing.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    ing.add_argument("--json", action="store_true", help="print the summary as JSON")

    se = add("search", "Search passages; with no QUERY, one query per stdin line (JSON lines).")
    se.add_argument("query", nargs="?", help="the search words")
    _top_k(se, 10, "number of hits (default 10)")
    se.add_argument("--json", action="store_true", help="print JSON")
    se.add_argument("--mode", choices=["hybrid", "bm25", "vector"], default="hybrid")
    se.add_argument(
        "--since", "--from", type=_iso_date, help="records of meetings on or after YYYY-MM-DD"
    )
    se.add_argument(
        "--until", "--to", type=_iso_date, help="records of meetings on or before YYYY-MM-DD"
    )
    se.add_argument("--organ", help="only this organ, e.g. 'HĐND', 'UBND quận', 'phường'")
    se.add_argument("--district", help="only records of this district, e.g. 'Hai Bà Trưng'")
    se.add_argument("--ward", help="only records of this ward, e.g. 'Bách Khoa'")
    se.add_argument(
        "--place",
        help="only records of this place at any level, old or new name, e.g. 'Xuân Lộc', "
        "'duc trong', 'tỉnh Đồng Nai'",
    )
    se.add_argument(
        "--with-undated",
        "--undated",
        dest="undated",
        action="store_true",
        help="also list records with no date in a --since/--until range (how many there are is "
        "said either way)",
    )

    ak = add("ask", "Answer a question with cited passages; with no QUESTION, read stdin lines.")
    ak.add_argument("question", nargs="?", help="the question")
    _top_k(ak, 5, "number of citations (default 5)")
    ak.add_argument("--json", action="store_true", help="print JSON")

    sv = add("serve", "Start the web app (same as `python app.py`).")
    sv.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, help="port (default 7860)")

    add("check", "Check the index: SQLite integrity and cross-table consistency.")

    au = add(
        "audit", "Sign-ins and administrators' actions (upload, delete, re-index), newest first."
    )
    au.add_argument("--limit", type=int, default=50, help="lines to show (default 50)")
    au.add_argument("--json", action="store_true", help="one JSON object per line")

    fg = add("figures", "Every reported value of an indicator, with its period and sources.")
    fg.add_argument("indicator", help="indicator or phrase, e.g. 'thu ngân sách', 'disbursement'")
    fg.add_argument(
        "--since", "--from", type=_iso_date, help="periods ending on or after YYYY-MM-DD"
    )
    fg.add_argument(
        "--until", "--to", type=_iso_date, help="periods ending on or before YYYY-MM-DD"
    )
    fg.add_argument("--district", help="only this district, e.g. 'Hai Bà Trưng'")
    fg.add_argument("--ward", help="only this ward, e.g. 'Bách Khoa'")
    fg.add_argument("--place", help="only this place at any level, e.g. 'Xuân Lộc', 'Đà Nẵng'")
    fg.add_argument("--json", action="store_true", help="print JSON")
    fg.add_argument("--lang", choices=["vi", "en"], default="vi", help="table language")

    ev = add("eval", "Score retrieval and answers on a JSONL question file (hybrid, BM25, vector).")
    ev.add_argument(
        "file",
        type=Path,
        help="questions: {id, question, lang, doc, evidence, answer, type}; doc is the gold "
        "article's file name or stem (x.txt or x); a parenthesised part of answer is optional",
    )
    ev.add_argument("--out", type=Path, help="also write the JSON report here")
    ev.add_argument("--failures", action="store_true", help="list the hybrid mode's misses")
    ev.add_argument(
        "--split",
        choices=["dev", "test", "all"],
        default="all",
        help="questions of one half (default all): an article is in dev when the first byte of "
        "SHA-1 of its doc's stem is even, else in test; a question follows its article, and a "
        "no-answer question is split the same way by its id",
    )
    ev.add_argument(
        "--outcomes", type=Path, help="also write every question's outcome per mode (JSONL)"
    )
    return p


def _verbosity(p: argparse.ArgumentParser, default: Any) -> None:
    """-v and -q, counted."""
    p.add_argument(
        "-v", "--verbose", action="count", default=default, help="more messages (-v: debug)"
    )
    p.add_argument(
        "-q", "--quiet", action="count", default=default, help="only warnings and errors"
    )


def _top_k(p: argparse.ArgumentParser, default: int, help_: str) -> None:
    """-k/--top-k, and the older spelling --k."""
    p.add_argument("-k", "--top-k", dest="k", type=_positive, default=default, help=help_)
    p.add_argument(
        "--k", dest="k", type=_positive, default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def _positive(value: str) -> int:
    """A whole number of at least 1."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return n


def _iso_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD") from None
