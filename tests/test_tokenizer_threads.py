"""The passage model's tokenizer is never shared between threads (issue 22, point 1).

Ingestion embeds one batch on a worker thread while the main thread counts the tokens of the
next passages. A Hugging Face fast tokenizer sets padding and truncation on its shared Rust
object at every call, so a count landing between the worker's "pad" and "encode" used to leave
the batch ragged (``ValueError: expected sequence of length …``).
"""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

pytestmark = pytest.mark.slow

SECONDS = float(os.environ.get("HBT_QA_RACE_SECONDS", "20"))
WORDS = "Ủy ban nhân dân quận Hai Bà Trưng tổ chức phiên họp thường kỳ tháng 5 năm 2024".split()


def _text(n: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(n))


def test_counting_and_embedding_on_two_threads_at_once(real_embedder):
    """Counting tokens on one thread while another embeds ragged batches never fails."""
    batch = [_text(n) for n in (1, 40, 3, 25, 2, 30, 5, 12)]
    probes = [_text(n) for n in (2, 50, 400, 11)]
    expected = [real_embedder.count_tokens(t) for t in probes]
    errors: list[BaseException] = []
    stop = threading.Event()
    embeds = 0

    def embed() -> None:
        nonlocal embeds
        try:
            while not stop.is_set():
                vecs = real_embedder.embed_passages(batch, batch_size=2)
                assert vecs.shape == (len(batch), real_embedder.info.dim)
                embeds += 1
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            stop.set()

    worker = threading.Thread(target=embed)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)  # switch threads often: more chances to interleave
    worker.start()
    counts = 0
    t0 = time.monotonic()
    try:
        while not stop.is_set() and time.monotonic() - t0 < SECONDS:
            for text, want in zip(probes, expected, strict=True):
                assert real_embedder.count_tokens(text) == want
                counts += 1
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(interval)
    took = time.monotonic() - t0
    print(f"two threads for {took:.1f} s: {embeds} embed calls, {counts} counts")
    assert not errors, f"after {took:.1f} s: {errors[0]!r}"
    assert embeds > 0 and counts > 0


def test_counts_match_the_model_tokenizer(real_embedder):
    """The counting tokenizer counts exactly as the model's own tokenizer (specials included)."""
    model = real_embedder.passages_model()
    for text in ("", "Ngày 28/5/2024", _text(37), "Tổng thu ngân sách 4.206 tỷ đồng", "x " * 700):
        want = len(model.model.tokenizer("passage: " + " ".join(text.split()))["input_ids"])
        assert real_embedder.count_tokens(text) == want
