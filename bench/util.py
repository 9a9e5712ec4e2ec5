"""Shared helpers of the benchmark: timings, percentiles, progress, the timed embedder."""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CANDIDATES = 50  # what run_search asks each leg for (search.CANDIDATES)


# -- small helpers -----------------------------------------------------------------------------
def ms(seconds: float) -> float:
    """Seconds → milliseconds, rounded for the report."""
    return round(seconds * 1000.0, 2)


def pctl(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of some timings, nearest-rank on the sorted list."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100.0 * (len(s) - 1))))
    return s[k]


def dist(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / mean in milliseconds of timings in seconds."""
    if not values:
        return {"p50_ms": float("nan"), "p95_ms": float("nan"), "n": 0}
    return {
        "p50_ms": ms(statistics.median(values)),
        "p95_ms": ms(pctl(values, 95)),
        "mean_ms": ms(statistics.fmean(values)),
        "n": len(values),
    }


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn`` and return (result, seconds)."""
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def rss_mb() -> float:
    """Peak RSS of this process in MB."""
    return vm_hwm_mb()


def sha1(text: str) -> bytes:
    """20-byte key of a passage text."""
    return hashlib.sha1(text.encode("utf-8")).digest()


def say(msg: str) -> None:
    """Progress on stderr, so stdout stays the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- the embedder, with query-embedding time recorded ------------------------------------------
class TimedEmbedder:
    """Wraps an embedder and adds up the time spent embedding queries."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.info = inner.info
        self.spent = 0.0

    def embed_query(self, text: str) -> np.ndarray:
        """The wrapped embed_query, timed."""
        t = time.perf_counter()
        v = self.inner.embed_query(text)
        self.spent += time.perf_counter() - t
        return v

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passages, not timed here."""
        return self.inner.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        """Token count of the wrapped model."""
        return self.inner.count_tokens(text)


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set of a live process (VmHWM): unlike ru_maxrss of a child, it does not
    inherit the parent's size from fork."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024.0, 1)
    except OSError:
        pass
    return float("nan")
