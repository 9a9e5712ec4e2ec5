"""The ``hbt-qa`` command: output, messages and exit codes (arguments in ``cli_args``).

Results go to stdout; messages go through ``logging`` (the ``hbt_qa`` loggers, one per stage)
to stderr: INFO by default, ``-v`` for DEBUG with tracebacks, ``-q`` for warnings and errors.
Exit codes: 0 done, 1 an error of the work (a file that failed, a missing index, a bad query),
2 a usage error (argparse's), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from .cli_args import parser
from .config import Settings
from .errors import HbtQaError, one_line

log = logging.getLogger("hbt_qa.cli")


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, overridden by flags."""
    from dataclasses import replace

    s = Settings.from_env()
    if getattr(args, "index", None):
        s = replace(s, index_path=args.index)
    return s


def _err(msg: str) -> None:
    """One line of requested output on stderr (not a log message)."""
    print(msg, file=sys.stderr, flush=True)


def _progress(what: str) -> Callable[[int, int, str], None]:
    """A tqdm bar (count, rate, ETA) on a terminal; elsewhere a log line now and then."""
    from tqdm import tqdm

    bar: Any = None

    def show(done: int, total: int, name: str) -> None:
        nonlocal bar
        if bar is None:
            quiet = not logging.getLogger("hbt_qa").isEnabledFor(logging.INFO)
            bar = tqdm(total=total, desc=what, unit="file", disable=True if quiet else None)
        if bar.disable:
            if name and done and done % 25 == 0:  # not a terminal: a line every 25 files
                log.info("%s: %d/%d %s", what, done, total, name)
            return
        bar.total = total
        bar.update(done - bar.n)
        bar.set_postfix_str(name[-40:])
        if done >= total:
            bar.close()

    return show


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest and print a summary; exit 1 when any file failed."""
    from .service import Service

    settings = _settings(args)
    service = Service(settings)
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
            progress=_progress("Ingesting"),
            crawl_from=args.crawl,
            fetcher=Fetcher(fetch),
        )
    else:
        paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
        report = service.ingest(paths, prune=args.prune, progress=_progress("Ingesting"))
    for source, note in report.notes:
        log.info("%s: %s", source, note)
    for path, reason in report.failed:
        log.error("%s: %s", path, reason)
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
        place=args.place,
        undated=args.undated,
    )


def _about(hit: Any) -> str:
    """A hit's labelled dates, organ and place on one line (as the web cards show them)."""
    from .web.render import dates_text, place_text

    parts = [dates_text(hit, "en"), hit.organ or "", place_text(hit)]
    return " · ".join(p for p in parts if p)


def cmd_search(args: argparse.Namespace) -> int:
    """Print hits for one query, or JSON lines for stdin queries."""
    from .service import Service

    service = Service(_settings(args))
    batch = args.query is None
    failed: list[str] = []
    only = _record_filter(args)
    ranged = bool(args.since or args.until)
    results = _answers(
        args.query,
        lambda q: service.search_counted(q, k=args.k, mode=args.mode, only=only),
        lambda q, e: {"query": q, "error": e, "hits": []},
        failed,
    )
    for q, (hits, undated) in results:
        if args.json or batch:
            out: dict[str, Any] = {"query": q, "hits": [h.to_json() for h in hits]}
            if ranged:
                out.update(undated=undated, with_undated=only.undated)
            print(json.dumps(out, ensure_ascii=False), flush=True)
            continue
        for i, h in enumerate(hits, 1):
            snippet = " ".join(h.text.split())[:160]
            print(f"[{i}] {h.score:.4f} {h.source} {h.passage_id}")
            print(f"    {_about(h)}")
            print(f"    {snippet}")
        if ranged and undated:
            print(_undated_note(undated, only.undated, sum(1 for h in hits if _undated(h))))
    return 1 if failed else 0


def _undated(hit: Any) -> bool:
    """True when a hit has no meeting day, published day or year."""
    return not (hit.meeting_date or hit.published or hit.year)


def _undated_note(undated: int, listed: bool, shown: int) -> str:
    """What a date-ranged search did with the matches that have no date."""
    if listed:
        return f"{shown} of these hits {'has' if shown == 1 else 'have'} no date (--with-undated)."
    es = "" if undated == 1 else "es"
    return f"{undated} undated match{es} left out of the date range (--with-undated lists them)."


def cmd_ask(args: argparse.Namespace) -> int:
    """Print the answer with numbered citations, or JSON."""
    from .service import Service

    service = Service(_settings(args))
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
                print(f"[{i}] {c.title} — {where} [{c.start}:{c.end}]")
                print(f"    {_about(c)}")
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
    serve(s, progress=_progress("Indexing corpus"))
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
        log.error("%s: %s", settings.index_path, p)
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
    from .figures.series import series_json
    from .figures.trends import series_for
    from .index.store import Store

    store = Store.open_existing(_settings(args).index_path)
    res = series_for(
        store, args.indicator, args.since, args.until, args.district, args.ward, place=args.place
    )
    if args.json:
        print(json.dumps(series_json(res), ensure_ascii=False))
    elif not res.rows:
        print(f"No figures found for {args.indicator!r}.")
    else:
        print(f"{res.label}\n")
        print(series_table_text(res.rows, args.lang))
    return 0


def series_table_text(rows: Sequence[Any], lang: str = "vi") -> str:
    """A series as a plain-text table for a terminal (no Markdown escapes), then its sources."""
    from unicodedata import east_asian_width, normalize

    from .figures.series import series_cells

    def width(text: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in normalize("NFC", text))

    lg: Literal["vi", "en"] = "en" if lang == "en" else "vi"
    table, notes = series_cells(rows, lg)
    widths = [max(width(r[i]) for r in table) for i in range(len(table[0]))]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [line(table[0]), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in table[1:]]
    return "\n".join(lines) + "\n\n" + "\n".join(notes)


def cmd_eval(args: argparse.Namespace) -> int:
    """Print the evaluation table and JSON."""
    from .evaluate import (
        evaluate,
        failures,
        gold_languages,
        load_questions,
        markdown_table,
        outcome_rows,
        reliability_table,
        select_split,
    )
    from .service import Service

    service = Service(_settings(args))
    questions = select_split(load_questions(args.file), args.split)
    store = service.ready_store()
    _, missing = gold_languages(store, questions)
    if missing:
        log.warning("%d gold docs are not in the index: %s", len(missing), ", ".join(missing[:10]))
    report = evaluate(store, service.embedder, questions, home=service.home)
    summary = report.summary()
    print(markdown_table(summary))
    print()
    print(reliability_table(summary))
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


@contextlib.contextmanager
def _logging(verbose: int, quiet: int) -> Iterator[None]:
    """The ``hbt_qa`` loggers to stderr at the level asked, for the command's duration; urllib3's
    retry notes only with -v (a failing page is already one line of the report)."""
    from tqdm.contrib.logging import logging_redirect_tqdm

    handler = logging.StreamHandler(sys.stderr)
    if verbose:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    levels = {
        "hbt_qa": logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO,
        "urllib3": logging.DEBUG if verbose else logging.ERROR,
    }
    loggers = [logging.getLogger(name) for name in levels]
    saved = [(lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.handlers[:] = [handler]
        lg.setLevel(levels[lg.name])
        lg.propagate = False
    try:
        with logging_redirect_tqdm(loggers):  # log lines above the progress bar, not in it
            yield
    finally:
        for lg, (handlers, level, propagate) in zip(loggers, saved, strict=True):
            lg.handlers[:], lg.level, lg.propagate = handlers, level, propagate


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script: 0 done, 1 an error of the work, 2 a usage error."""
    args = parser().parse_args(argv)
    with _logging(args.verbose, args.quiet):
        try:
            return COMMANDS[args.command](args)
        except HbtQaError as exc:
            log.debug("%s", exc, exc_info=True)
            log.error("hbt-qa: %s", exc)
            return 1
        except KeyboardInterrupt:
            log.error("hbt-qa: interrupted")
            return 130
        except BrokenPipeError:
            return 0
        except Exception as exc:  # a bug or a broken install: one line; -v shows where
            log.debug("unexpected error", exc_info=True)
            log.error("hbt-qa: unexpected error: %s (run with -v for the traceback)", one_line(exc))
            return 1


if __name__ == "__main__":
    sys.exit(main())
