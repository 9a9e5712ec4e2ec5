"""One object that holds the settings, the index and the model for the CLI and the web app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .answer import ask as _ask
from .config import Settings
from .embed import Embedder, load_embedder
from .errors import IndexMissingError, ModelMismatchError
from .indexer import Progress, ingest_paths
from .models import Answer, Hit, IngestReport
from .search import Mode
from .search import search as _search
from .store import Store

Say = Callable[[str], None]


class Service:
    """Lazily loads the embedder once; every operation checks the index's model first."""

    def __init__(self, settings: Settings, say: Say | None = None) -> None:
        self.settings = settings
        self.say = say
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()
        self._store: Store | None = None

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
        return self.ingest([corpus], progress=progress)

    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        """Hybrid search."""
        store = self.ready_store()
        return _search(store, None if mode == "bm25" else self.embedder, query, k, mode)

    def ask(self, question: str, k: int = 5) -> Answer:
        """A cited answer."""
        store = self.ready_store()
        return _ask(store, self.embedder, question, k)
