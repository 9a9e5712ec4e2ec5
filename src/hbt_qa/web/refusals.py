"""The files refused at ingest, for the records tab: the corpus files the last start or re-index
could not read and the uploads refused since the server started, each with its reason in the
interface's language (names and reasons escaped)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from threading import Lock
from typing import TYPE_CHECKING

from .reasons import in_language
from .render import Lang, esc, tr

if TYPE_CHECKING:
    from ..service import FileResult

KEPT = 50  # refused uploads remembered, newest first


class Refusals:
    """Refused uploads of this process: one line per file name, the latest outcome wins."""

    def __init__(self) -> None:
        self._rows: list[tuple[str, str, str]] = []  # (shown name, saved name, reason)
        self._lock = Lock()

    def note(self, results: Iterable[FileResult]) -> None:
        """Remember the failed uploads; forget a name whose later upload went in."""
        with self._lock:
            for r in results:
                key = r.saved_as or r.name
                self._rows = [row for row in self._rows if (row[1] or row[0]) != key]
                if r.status == "failed":
                    self._rows.insert(0, (r.name, r.saved_as or "", r.message))
            del self._rows[KEPT:]

    def rows(self) -> list[tuple[str, str]]:
        """(file name, reason) of the refused uploads, newest first."""
        with self._lock:
            return [(name, reason) for name, _, reason in self._rows]


def refused_html(
    corpus: Sequence[tuple[str, str]], uploads: Sequence[tuple[str, str]], lang: Lang = "vi"
) -> str:
    """The "Refused files" section: file, reason and where it came from; '' when none."""
    lines = [(PurePath(p).name, r, "refused_corpus") for p, r in corpus]
    lines += [(name, r, "refused_upload") for name, r in uploads]
    if not lines:
        return ""
    body = "".join(
        f"<tr><td><code>{esc(name)}</code></td><td>{esc(in_language(reason, lang))}</td>"
        f"<td>{esc(tr(lang, where))}</td></tr>"
        for name, reason, where in lines
    )
    heads = "".join(f"<th>{esc(tr(lang, h))}</th>" for h in ("col_file", "col_reason", "col_from"))
    return (
        f'<section class="refused msg error"><h3>{esc(tr(lang, "refused_title"))} '
        f"({len(lines)})</h3><p>{esc(tr(lang, 'refused_note'))}</p>"
        f'<div class="table-wrap"><table class="refused"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></section>"
    )
