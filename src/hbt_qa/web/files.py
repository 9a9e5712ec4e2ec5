"""Files the app writes and removes: search and figure exports, and Gradio's upload copies.

Exports go into folders named by their content (the same export twice is one file) and are
swept after an hour, so that searching never grows the disk. Gradio keeps each uploaded file in
its upload folder; the records tab removes that copy once the file is stored in the corpus, and
a delete removes any copy left with the same bytes, so no address keeps serving it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Any

EXPORT_TTL_S = 3600.0  # exports older than this are removed at the next export
EXPORT_MAX_BYTES = 100 * 1024 * 1024  # and the oldest go while all exports hold more


def write_export(folder: Path, name: str, text: str) -> Path:
    """``folder/<content hash>/name``: the same export twice is one file."""
    data = text.encode("utf-8")
    target = folder / hashlib.sha256(data).hexdigest()[:20] / name
    if target.exists():
        with quiet():
            os.utime(target.parent)  # in use again: not swept before Gradio copies it
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{name}.{time.monotonic_ns()}")
    tmp.write_bytes(data)
    tmp.replace(target)  # atomic: a concurrent search never hands out half a file
    return target


def sweep_exports(folder: Path, ttl_s: float, max_bytes: int = EXPORT_MAX_BYTES) -> None:
    """Remove export folders last written more than ``ttl_s`` seconds ago, then the oldest
    while all of them together hold more than ``max_bytes`` (many searches within the hour)."""
    if not folder.is_dir():
        return
    limit = time.time() - ttl_s
    kept: list[tuple[float, int, Path]] = []
    for sub in folder.iterdir():
        with quiet():
            if not sub.is_dir():
                continue
            when = sub.stat().st_mtime
            if when < limit:
                shutil.rmtree(sub)
            else:
                kept.append((when, sum(f.stat().st_size for f in sub.iterdir()), sub))
    total = sum(size for _, size, _ in kept)
    for _, size, sub in sorted(kept, key=lambda k: k[0]):
        if total <= max_bytes:
            break
        with quiet():
            shutil.rmtree(sub)
            total -= size


class quiet:
    """Ignore OSError: a file another request removed first is not a failure."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
        return kind is not None and issubclass(kind, OSError)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def drop_upload(path: Path, root: Path | None) -> None:
    """Remove Gradio's copy of an uploaded file (and its folder when that is empty); a file
    outside ``root`` (Gradio's upload folder) is left alone."""
    if root is None:
        return
    base, full = root.resolve(), path.resolve()
    if not full.is_relative_to(base) or full == base:
        return
    full.unlink(missing_ok=True)
    if full.parent != base:
        with quiet():
            full.parent.rmdir()


def purge_uploads(reference: Path, root: Path | None) -> int:
    """Remove every file under ``root`` with the same bytes as ``reference``; how many."""
    if root is None or not root.is_dir() or not reference.is_file():
        return 0
    size, digest = reference.stat().st_size, sha256(reference)
    gone = 0
    for f in list(root.rglob("*")):
        with quiet():
            if f.is_file() and f.stat().st_size == size and sha256(f) == digest:
                drop_upload(f, root)
                gone += 1
    return gone
