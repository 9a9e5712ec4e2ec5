"""Shared fixtures: a temporary home per test, the real model built once per checkout."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "hbt-2024-05-phien-hop-uy-vien.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# The embedded model is materialised once per checkout (git-ignored), not in ~.
MODEL_CACHE = Path(os.environ.get("HBT_QA_TEST_CACHE", ROOT / ".cache" / "hbt_qa"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real home, index/ or the user's settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for var in ("HBT_QA_INDEX", "HBT_QA_MODEL", "HBT_QA_CORPUS", "HBT_QA_HOST", "HBT_QA_PORT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HBT_QA_CACHE", str(MODEL_CACHE))


@pytest.fixture
def fake_embedder():
    """A fast deterministic embedder for unit tests."""
    from fakes import HashEmbedder

    return HashEmbedder()


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A temporary corpus holding a copy of the seed article."""
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    return d


@pytest.fixture
def admin_service(tmp_path: Path, corpus_dir: Path, fake_embedder):
    """A Service over the seed corpus with an administrator account and the fake model."""
    from hbt_qa.config import Settings
    from hbt_qa.service import Service

    settings = Settings(
        index_path=tmp_path / "index" / "i.db",
        corpus_dir=corpus_dir,
        admin_user="admin",
        admin_password="pw",
    )
    svc = Service(settings)
    svc.set_embedder(fake_embedder)
    svc.ensure_index()
    return svc


@pytest.fixture(scope="session")
def real_embedder():
    """The embedded default model (built into the checkout's cache on first use)."""
    from hbt_qa.config import Settings
    from hbt_qa.index.embed import load_embedder

    return load_embedder(Settings(cache_dir=MODEL_CACHE))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """An index of the bundled corpus built with the real model, shared read-only."""
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    d = tmp_path_factory.mktemp("seed-index")
    corpus = d / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    store = Store(d / "hbt_qa.db")
    report = ingest_paths(store, real_embedder, [corpus])
    assert not report.failed, report.failed
    return store
