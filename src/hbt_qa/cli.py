"""The ``hbt-qa`` command: arguments, output and exit codes; no retrieval logic here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import HbtQaError

EXAMPLES = {
    "ingest": "hbt-qa ingest corpus/ --prune; hbt-qa ingest --crawl https://site/sitemap.xml",
    "search": 'hbt-qa search "giải ngân vốn đầu tư" --k 5 --json',
    "ask": 'hbt-qa ask "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"',
    "serve": "hbt-qa serve --port 7860",
    "check": "hbt-qa check --index index/hbt_qa.db",
    "figures": 'hbt-qa figures "giải ngân vốn đầu tư" --since 2023-01-01 --json',
    "eval": "hbt-qa eval bench/devset/questions.jsonl --index /tmp/dev.db --split dev --out e.json",
    "audit": "hbt-qa audit --limit 20 --json",
}


def _parser() -> argparse.ArgumentParser:
    """All subcommands, each with help and an example."""
    p = argparse.ArgumentParser(
        prog="hbt-qa",
        description="Cited answers and search over Vietnamese meeting records.",
        epilog="Example: " + EXAMPLES["ask"],
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(
            name, help=help_, description=help_, epilog="Example: " + EXAMPLES[name]
        )
        if name != "serve":
            sp.add_argument("--index", type=Path, help="index file (default index/hbt_qa.db)")
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
    se.add_argument("--k", type=int, default=10, help="number of hits (default 10)")
    se.add_argument("--json", action="store_true", help="print JSON")
    se.add_argument("--mode", choices=["hybrid", "bm25", "vector"], default="hybrid")
    se.add_argument("--since", type=_iso_date, help="records of meetings on or after YYYY-MM-DD")
    se.add_argument("--until", type=_iso_date, help="records of meetings on or before YYYY-MM-DD")
    se.add_argument("--organ", help="only this organ, e.g. 'HĐND', 'UBND quận', 'phường'")
    se.add_argument("--district", help="only records of this district, e.g. 'Hai Bà Trưng'")
    se.add_argument("--ward", help="only records of this ward, e.g. 'Bách Khoa'")

    ak = add("ask", "Answer a question with cited passages; with no QUESTION, read stdin lines.")
    ak.add_argument("question", nargs="?", help="the question")
    ak.add_argument("--k", type=int, default=5, help="number of citations (default 5)")
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
    fg.add_argument("--since", type=_iso_date, help="periods ending on or after YYYY-MM-DD")
    fg.add_argument("--until", type=_iso_date, help="periods ending on or before YYYY-MM-DD")
    fg.add_argument("--district", help="only this district, e.g. 'Hai Bà Trưng'")
    fg.add_argument("--ward", help="only this ward, e.g. 'Bách Khoa'")
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


def _iso_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, overridden by flags."""
    from dataclasses import replace

    s = Settings.from_env()
    if getattr(args, "index", None):
        s = replace(s, index_path=args.index)
    return s


def _err(msg: str) -> None:
    """One line on stderr."""
    print(msg, file=sys.stderr, flush=True)


def _progress_bar() -> Callable[[int, int, str], None] | None:
    """A one-line progress bar when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} {name[:40]:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest and print a summary; exit 1 when any file failed."""
    from .service import Service

    settings = _settings(args)
    service = Service(settings, say=_err)
    t0 = time.perf_counter()
    if args.crawl or any(p.lower().startswith(("http://", "https://")) for p in args.paths):
        from .index.pipeline import ingest_paths
        from .index.store import Store
        from .ingest.fetch import Fetcher, FetchSettings

        fetch = FetchSettings(timeout=args.timeout, delay=args.delay, max_pages=args.max_pages)
        report = ingest_paths(
            Store(settings.index_path),
            service.embedder,
            args.paths,
            # Addresses alone never prune files: --prune needs the folders it applies to.
            prune=args.prune and any(not p.startswith(("http://", "https://")) for p in args.paths),
            progress=_progress_bar(),
            crawl_from=args.crawl,
            fetcher=Fetcher(fetch),
        )
    else:
        paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
        report = service.ingest(paths, prune=args.prune, progress=_progress_bar())
    for source, note in report.notes:
        _err(f"{source}: {note}")
    for path, reason in report.failed:
        _err(f"{path}: {reason}")
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(f"{report.summary()} in {time.perf_counter() - t0:.1f} s → {settings.index_path}")
    return 1 if report.failed else 0


def _lines(single: str | None) -> Iterable[str]:
    """The one query given, or stdin lines."""
    if single is not None:
        yield single
        return
    for line in sys.stdin:
        if line.strip():
            yield line.rstrip("\n")


def _answers(
    single: str | None,
    run: Callable[[str], Any],
    error_row: Callable[[str, str], dict],
    failed: list[str],
) -> Iterable[tuple[str, Any]]:
    """(query, result) for the one query given or each stdin line.

    In batch mode a query that fails prints its error row (one JSON line) and is skipped;
    a single query's error propagates to ``main``.
    """
    for q in _lines(single):
        try:
            yield q, run(q)
        except HbtQaError as exc:
            if single is not None:
                raise
            print(json.dumps(error_row(q, str(exc)), ensure_ascii=False), flush=True)
            failed.append(q)


def _record_filter(args: argparse.Namespace) -> Any:
    """The search filters given on the command line."""
    from .ingest.recordmeta import RecordFilter

    return RecordFilter(
        args.since.isoformat() if args.since else None,
        args.until.isoformat() if args.until else None,
        args.organ,
        args.district,
        args.ward,
    )


def cmd_search(args: argparse.Namespace) -> int:
    """Print hits for one query, or JSON lines for stdin queries."""
    from .service import Service

    service = Service(_settings(args), say=_err)
    batch = args.query is None
    failed: list[str] = []
    results = _answers(
        args.query,
        lambda q: service.search(q, k=args.k, mode=args.mode, only=_record_filter(args)),
        lambda q, e: {"query": q, "error": e, "hits": []},
        failed,
    )
    for q, hits in results:
        if args.json or batch:
            out = {"query": q, "hits": [h.to_json() for h in hits]}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        else:
            for i, h in enumerate(hits, 1):
                snippet = " ".join(h.text.split())[:160]
                about = " · ".join(x for x in (h.organ, h.district, h.ward) if x)
                print(
                    f"[{i}] {h.score:.4f} {h.source} ({h.meeting_date or h.published or '?'}"
                    f"{', ' + about if about else ''}) {h.passage_id}"
                )
                print(f"    {snippet}")
    return 1 if failed else 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Print the answer with numbered citations, or JSON."""
    from .service import Service

    service = Service(_settings(args), say=_err)
    batch = args.question is None
    failed: list[str] = []
    results = _answers(
        args.question,
        lambda q: service.ask(q, k=args.k),
        lambda q, e: {"question": q, "error": e, "found": False, "answer": None, "citations": []},
        failed,
    )
    for _, ans in results:
        if args.json or batch:
            print(json.dumps(ans.to_json(), ensure_ascii=False), flush=True)
        else:
            print(ans.text)
            for i, c in enumerate(ans.citations, 1):
                where = c.url or c.source
                print(f"[{i}] {c.title} — {c.published or '?'} — {where} [{c.start}:{c.end}]")
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app."""
    from dataclasses import replace

    from .web.app import serve

    s = Settings.from_env()
    if args.host:
        s = replace(s, host=args.host)
    if args.port:
        s = replace(s, port=args.port)
    serve(s, say=_err)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Integrity and consistency of the index."""
    from .index.store import Store

    settings = _settings(args)
    store = Store.open_existing(settings.index_path)
    store.check_compatible()  # an older schema is refused with the command that rebuilds it
    problems = store.check()
    counts = store.counts()
    for p in problems:
        _err(f"{settings.index_path}: {p}")
    print(("OK " if not problems else "PROBLEMS ") + json.dumps(counts))
    return 1 if problems else 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the latest audit lines: time, client address, user, action, target."""
    from .index.store import Store

    store = Store.open_existing(_settings(args).index_path)
    for row in store.audit_rows(max(1, args.limit)):
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            cells = (row["at"], row["address"], row["user"], row["action"], row["target"])
            print("\t".join(str(c or "-") for c in cells))
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    """Print a series as a table, or JSON with every source sentence."""
    from .figures.series import series_json, series_table_markdown
    from .figures.trends import series_for
    from .index.store import Store

    store = Store.open_existing(_settings(args).index_path)
    res = series_for(store, args.indicator, args.since, args.until, args.district, args.ward)
    if args.json:
        print(json.dumps(series_json(res), ensure_ascii=False))
    elif not res.rows:
        print(f"No figures found for {args.indicator!r}.")
    else:
        print(f"{res.label}\n")
        print(series_table_markdown(res.rows, args.lang))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Print the evaluation table and JSON."""
    from .evaluate import (
        evaluate,
        failures,
        gold_languages,
        load_questions,
        markdown_table,
        outcome_rows,
        select_split,
    )
    from .service import Service

    service = Service(_settings(args), say=_err)
    questions = select_split(load_questions(args.file), args.split)
    store = service.ready_store()
    _, missing = gold_languages(store, questions)
    if missing:
        _err(f"hbt-qa: {len(missing)} gold docs are not in the index: {', '.join(missing[:10])}")
    report = evaluate(store, service.embedder, questions)
    summary = report.summary()
    print(markdown_table(summary))
    print(json.dumps(summary, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.outcomes:
        args.outcomes.parent.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(r, ensure_ascii=False) for r in outcome_rows(report)]
        args.outcomes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.failures:
        for f in failures(report):
            _err(json.dumps(f, ensure_ascii=False))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "ask": cmd_ask,
    "serve": cmd_serve,
    "check": cmd_check,
    "eval": cmd_eval,
    "figures": cmd_figures,
    "audit": cmd_audit,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except HbtQaError as exc:
        _err(f"hbt-qa: {exc}")
        return 2
    except KeyboardInterrupt:
        _err("hbt-qa: interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
