"""One object that holds the settings, the index and the model for the CLI and the web app."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .answering.answer import ask as _ask
from .answering.followup import resolve_followup
from .answering.overlap import coverage
from .answering.records_search import highlight_terms, hit_date, per_month
from .answering.search import Mode, run_search
from .answering.search import search as _search
from .config import Settings
from .errors import IndexMissingError, ModelMismatchError, QueryError
from .index.embed import Embedder, load_embedder
from .index.pipeline import Progress, ingest_paths
from .index.store import Store
from .ingest.recordmeta import RecordFilter
from .language.calendar import typed_day
from .language.places import bare_place
from .models import Answer, Hit, IngestReport

Say = Callable[[str], None]
Sort = Literal["relevance", "date"]
SEARCH_POOL = 200  # passages considered by a records search before date filters
FEEDBACK_CAPS = (2000, 4000, 20)  # what a 👍/👎 keeps: question and answer chars, citations
MIN_COVERAGE = 0.5  # share of the query's content words a passage needs to "match"
_UNSAFE_NAME = re.compile(r"[^\w .()\-]+")


@dataclass
class FileResult:
    """What happened to one uploaded file."""

    name: str  # as uploaded, for display
    status: Literal["added", "updated", "unchanged", "duplicate", "failed"]
    message: str = ""
    saved_as: str | None = None  # file name inside the corpus folder
    article_id: str | None = None
    passages: int = 0


@dataclass
class RecordSearch:
    """A journalist's search: matching passages after date filters, in the chosen order."""

    query: str
    hits: list[Hit]
    terms: tuple[str, ...]  # folded words and phrases to highlight
    exact: bool = True  # False: nothing matched the words; these are the nearest passages
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort = "relevance"
    months: list[tuple[str, int]] = field(default_factory=list)  # YYYY-MM → passages
    organ: str | None = None
    place: str | None = None
    undated: int = 0  # matches with no date at all (in the list only when ``with_undated``)
    with_undated: bool = False
    undated_in_chart: int = 0  # listed matches the monthly chart cannot place


def safe_upload_name(name: str) -> str | None:
    """A plain file name for the corpus folder: no directories, no hidden or odd characters."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = _UNSAFE_NAME.sub("_", base)
    base = " ".join(base.split()).strip(" .")
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: 119 - len(suffix)] + dot + suffix) if dot else base[:120]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    if not stem.strip(" ._-") or base in (".", ".."):
        return None
    return base


def accepted_suffixes() -> tuple[str, ...]:
    """File types the ingester reads."""
    from .ingest.articles import ACCEPTED_SUFFIXES

    return ACCEPTED_SUFFIXES


def parse_day(value: str | None, what: str = "date") -> str | None:
    """'2024-05-31', '31/5/2024' or '' → ISO date or None; anything else is a QueryError."""
    s = (value or "").strip()
    if not s:
        return None
    try:
        day = typed_day(s)
        if day is None:
            raise ValueError(s)
        return day.isoformat()
    except ValueError:
        raise QueryError(
            f"{what}: {s!r} không phải ngày hợp lệ / is not a date (YYYY-MM-DD or dd/mm/yyyy)"
        ) from None


class Service:
    """Lazily loads the embedder once; every operation checks the index's model first."""

    def __init__(self, settings: Settings, say: Say | None = None) -> None:
        self.settings = settings
        self.say = say
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()
        self._store: Store | None = None
        # (path, reason) of corpus files the last start or re-index could not read
        self.corpus_failures: list[tuple[str, str]] = []

    @property
    def embedder(self) -> Embedder:
        """The model, loaded on first use (thread-safe)."""
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder(self.settings, progress=self.say)
            return self._embedder

    def set_embedder(self, embedder: Embedder) -> None:
        """Use a given embedder (tests, benchmarks)."""
        self._embedder = embedder

    def store(self) -> Store:
        """The existing index, checked against the configured model and schema."""
        if self._store is None:
            store = Store.open_existing(self.settings.index_path)
            store.check_compatible()
            recorded = store.model_info().model_id
            if recorded != self._model_id():
                raise ModelMismatchError(
                    f"{store.path} was built with model {recorded!r}, but HBT_QA_MODEL is "
                    f"{self._model_id()!r}: set it back, or rebuild with `rm {store.path}` and "
                    f"`hbt-qa ingest corpus/ --index {store.path}`"
                )
            store.ensure_audit()  # an index built before the audit log existed gets its table
            self._store = store
        return self._store

    def _model_id(self) -> str:
        """The configured model id, known without loading the model."""
        if self._embedder is not None:
            return self._embedder.info.model_id
        return self.settings.model

    def ready_store(self) -> Store:
        """The index after the loaded model's fingerprint is checked too."""
        store = self.store()
        store.check_compatible(self.embedder.info)
        return store

    def ingest(
        self, paths: list[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Ingest files into the index, creating it when missing."""
        store = self._store or Store(self.settings.index_path)
        report = ingest_paths(store, self.embedder, paths, prune=prune, progress=progress)
        self._store = store
        return report

    def ensure_index(self, progress: Progress | None = None) -> IngestReport | None:
        """Build or refresh the index from the corpus folder (first run of the app)."""
        path = self.settings.index_path
        corpus = self.settings.corpus_dir
        if not corpus.exists():
            if not path.exists():
                raise IndexMissingError(
                    f"No index at {path} and no corpus folder at {corpus}: "
                    "run `hbt-qa ingest FOLDER`"
                )
            return None
        return self.reindex(progress)

    def search(
        self, query: str, k: int = 10, mode: Mode = "hybrid", only: RecordFilter | None = None
    ) -> list[Hit]:
        """Hybrid search, optionally kept to records of a period, organ or place."""
        return self.search_counted(query, k, mode, only)[0]

    def search_counted(
        self, query: str, k: int = 10, mode: Mode = "hybrid", only: RecordFilter | None = None
    ) -> tuple[list[Hit], int]:
        """``search``'s hits, and how many matches of the pool have no date at all."""
        only = only or RecordFilter()
        store = self.ready_store()  # first: an index built with another model says so
        embedder = None if mode == "bm25" else self.embedder
        size = max(k, SEARCH_POOL) if only.active else k  # a wider pool only to filter
        pool = _search(store, embedder, query, size, mode)
        return [h for h in pool if only.matches(h)][:k], only.undated_count(pool)

    def ask(self, question: str, k: int = 5, history: Sequence[str] | None = None) -> Answer:
        """A cited answer; ``history`` holds the earlier questions of the conversation."""
        store = self.ready_store()
        previous: str | None = None
        for earlier in history or ():  # chains of follow-ups resolve against the resolved one
            previous = resolve_followup(earlier, previous)
        return _ask(store, self.embedder, question, k, previous=previous, home=self.home)

    @property
    def home(self) -> tuple[str, ...]:
        """The office's own places (``HBT_QA_HOME``), bare and folded as questions name them."""
        return tuple(p for p in map(bare_place, self.settings.home) if p)

    # -- the web app's records search ------------------------------------------------------
    def search_records(
        self,
        query: str,
        date_from: str | None = None,
        date_to: str | None = None,
        sort: Sort = "relevance",
        pool: int = SEARCH_POOL,
        organ: str | None = None,
        place: str | None = None,
        with_undated: bool = False,
    ) -> RecordSearch:
        """Passages matching a query within a date range (organ, place), by relevance or date.

        Inferred dates count; ``with_undated`` keeps the matches with no date at all in a date
        range, and ``undated`` says how many there are either way.
        """
        start, end = parse_day(date_from, "từ ngày / from"), parse_day(date_to, "đến ngày / to")
        if start and end and start > end:
            start, end = end, start
        only = RecordFilter(
            start,
            end,
            (organ or "").strip() or None,
            place=(place or "").strip() or None,
            undated=with_undated,
        )
        store = self.ready_store()
        result = run_search(store, self.embedder, query, k=pool)
        terms = tuple(result.plan.terms)
        hits = result.hits
        topic = replace(result.plan, phrases=(), en_terms=())  # the share of its own syllables
        matching = [h for h in hits if coverage(topic, h.text) >= MIN_COVERAGE] if terms else []
        exact = bool(matching)
        if not exact:
            matching = hits[:10]

        undated = only.undated_count(matching)
        matching = [h for h in matching if only.matches(h)]
        if sort == "date":
            matching.sort(key=lambda h: (hit_date(h) or "", h.score), reverse=True)
        months = per_month(matching, start, end) if exact else []
        in_chart = sum(n for _, n in months)
        marks = highlight_terms(terms, result.plan.phrases, result.plan.text)
        return RecordSearch(
            query, matching, marks, exact, start, end, sort, months, only.organ, only.place,
            undated, with_undated, len(matching) - in_chart if months else 0,
        )  # fmt: skip

    # -- what the archive holds (filter options, examples) ---------------------------------
    def places(self) -> list[str]:
        """Every place of the archive at every level, most records first."""
        from .figures.archive import archive_places

        return archive_places(self.records())

    def organs(self) -> list[str]:
        """The organs and organ kinds of the archive, most records first."""
        from .figures.archive import archive_organs

        return archive_organs(self.records())

    def example_questions(self, most: int = 5) -> list[str]:
        """Questions about the archive's most reported indicators and places."""
        from .figures.archive import archive_examples

        return archive_examples(self.store(), most)

    def article_view(
        self, article_id: str, passage_id: str | None = None
    ) -> tuple[dict, tuple[int, int] | None] | None:
        """An article with the span of one of its passages, or None when it is not stored."""
        store = self.store()
        art = store.article(article_id)
        if art is None:
            return None
        spans = {pid: (a, b) for pid, a, b in store.passage_spans(article_id)}
        art["copies"] = store.sources_of(article_id)
        return art, spans.get(passage_id or "")

    def records(self) -> list[dict]:
        """Every stored article (no text), newest first."""
        return self.store().articles()

    def feedback(self, question: str, answer: str, rating: int, citations: list[str]) -> None:
        """Store a 👍 (1) or 👎 (-1) with the question, answer and cited ids, each capped."""
        q, a, n = FEEDBACK_CAPS
        cited = [str(c)[:200] for c in citations[:n]]
        self.store().add_feedback(question[:q], answer[:a], 1 if rating > 0 else -1, cited)

    # -- audit log -------------------------------------------------------------------------
    def audit(self, address: str, user: str, action: str, target: str = "") -> None:
        """Append a sign-in or an administrator's action to the index's audit log."""
        self.store().add_audit(address, user, action, target[:500])

    def audit_log(self, limit: int = 100) -> list[dict]:
        """The latest audit lines, newest first."""
        return self.store().audit_rows(limit)

    # -- administration --------------------------------------------------------------------
    @property
    def admin_enabled(self) -> bool:
        """Whether an administrator account is configured."""
        return bool(self.settings.admin_user and self.settings.admin_password)

    def check_admin(self, user: str, password: str) -> bool:
        """Constant-time comparison with the configured administrator account."""
        if not self.admin_enabled:
            return False
        ok_user = hmac.compare_digest(
            (user or "").encode(), (self.settings.admin_user or "").encode()
        )
        ok_pw = hmac.compare_digest(
            (password or "").encode(), (self.settings.admin_password or "").encode()
        )
        return ok_user and ok_pw

    def add_files(
        self, files: Sequence[tuple[str, Path]], progress: Progress | None = None
    ) -> list[FileResult]:
        """Copy uploaded files into the corpus folder under safe names and ingest each one.

        A file that fails keeps nothing behind: a new one is removed again, an existing one
        gets its previous content back (the index still holds that version).
        """
        corpus = self.settings.corpus_dir
        corpus.mkdir(parents=True, exist_ok=True)
        root = corpus.resolve()
        suffixes = accepted_suffixes()
        results: list[FileResult] = []
        for i, (original, tmp) in enumerate(files):
            if progress:
                progress(i, len(files), original)
            results.append(self._add_one(original, Path(tmp), root, suffixes))
        if progress:
            progress(len(files), len(files), "")
        return results

    def _add_one(
        self, original: str, tmp: Path, root: Path, suffixes: tuple[str, ...]
    ) -> FileResult:
        """Validate, save and ingest one upload."""
        shown = original or tmp.name
        name = safe_upload_name(shown)
        if name is None:
            return FileResult(shown, "failed", "tên tệp không hợp lệ / unusable file name")
        if Path(name).suffix.lower() not in suffixes:
            kinds = ", ".join(suffixes)
            return FileResult(shown, "failed", f"loại tệp không hỗ trợ / unsupported ({kinds})")
        try:
            size = tmp.stat().st_size
        except OSError as exc:
            return FileResult(shown, "failed", f"không đọc được / cannot read ({exc.strerror})")
        limit = self.settings.max_upload_bytes
        if size > limit:
            mb = limit // 1_048_576
            return FileResult(shown, "failed", f"quá {mb} MB / larger than {mb} MB")
        dest = (root / name).resolve()
        if dest.parent != root:  # belt and braces: safe_upload_name already drops folders
            return FileResult(shown, "failed", "tên tệp không hợp lệ / unusable file name")
        previous = dest.read_bytes() if dest.exists() else None
        shutil.copyfile(tmp, dest)
        try:
            report = self.ingest([dest])
            reason = "; ".join(r for _, r in report.failed)
        except Exception as exc:  # whatever fails, the file must not stay to trip the next start
            report, reason = None, f"{type(exc).__name__}: {exc}"
        if report is None or report.failed:
            if previous is None:
                dest.unlink(missing_ok=True)
            else:
                dest.write_bytes(previous)
            return FileResult(shown, "failed", reason, saved_as=name)
        if report.duplicates:
            # Kept in the corpus as another source of the article it copies.
            note = dict(report.notes).get(name, "")
            copy = self.store().source_record(name)
            aid = copy.article_id if copy else None
            return FileResult(shown, "duplicate", note, saved_as=name, article_id=aid)
        status: Literal["added", "updated", "unchanged"] = (
            "added" if report.added else "updated" if report.updated else "unchanged"
        )
        info = self.store().article_by_source(name) or {}
        return FileResult(
            shown,
            status,
            saved_as=name,
            article_id=info.get("article_id"),
            passages=int(info.get("n_passages") or 0),
        )

    @property
    def trash_dir(self) -> Path:
        """Where files of deleted articles are moved (next to the index, outside the corpus)."""
        return self.settings.index_path.parent / "deleted"

    def delete_article(self, article_id: str) -> tuple[str, Path | None] | None:
        """Remove an article from the index; its files in the corpus folder (the original and
        any recorded copies) go to the trash folder first, so that neither a restart nor a
        crash half-way indexes them again, and a wrong click can be undone.

        Returns the source name and where its file went, or None when there was no article.
        A file that cannot be moved stops the delete with a QueryError (nothing is removed).
        """
        store = self.store()
        art = store.article(article_id)
        if art is None:
            return None
        paths: list[str | None] = [s.path for s in store.sources_of(article_id) if s.path]
        paths = paths or [art.get("path")]
        moved = [self._to_trash(Path(p)) for p in paths if p]
        gone = store.delete_article(article_id)
        if gone is None:
            return None
        return str(gone["source"]), moved[0] if moved else None

    def _to_trash(self, path: Path) -> Path | None:
        """Move one corpus file to the trash folder; files outside the corpus stay put."""
        full = path.resolve()
        if not (full.is_relative_to(self.settings.corpus_dir.resolve()) and full.is_file()):
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.trash_dir / f"{stamp}-{full.name}"
        try:
            self.trash_dir.mkdir(parents=True, exist_ok=True)
            shutil.move(full, target)
        except OSError as exc:
            raise QueryError(
                f"{full}: could not move it to {self.trash_dir} ({exc.strerror or exc}); "
                "the article stays in the index: check the folders' permissions and try again"
            ) from None
        return target

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Index new and changed files of the corpus folder (unchanged ones are skipped)."""
        report = self.ingest([self.settings.corpus_dir], progress=progress)
        self.corpus_failures = list(report.failed)
        return report
