"""How much the per-passage article context adds to the index on disk (issue 20: ≤ 15 %).

    python bench/context_growth.py /work/shared/realdev/articles corpus
    python bench/context_growth.py --synthetic 7k
    python bench/context_growth.py --from-index bench/out/index-100k.db

A measurement, not a test. The context enters the vector leg through `embedding_text` (no size
cost: a vector has a fixed size) and the keyword leg through the title columns `t_syll` and
`t_folded` of every passage's FTS row. Each corpus is ingested twice with `ingest_paths` into two
temporary indexes, the second with those columns empty (`pipeline._title_forms` patched in this
process only), then both are VACUUMed and measured, and measured again after FTS5's `optimize`
(one b-tree segment, as after a long quiet period). Vectors are fake by default (`--vectors real`
embeds with the model): their table is the same size either way. `--from-index` copies an
existing index twice instead and rebuilds the FTS table of one copy without the titles (for the
100k bench index, whose corpus takes half an hour to segment).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
from stages import fake_vectors
from util import say, sha1, timed


class FakeVectors:
    """The real embedder's tokenizer and model facts, with fake passage vectors (fast)."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.info = real.info

    def embed_passages(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One fixed random unit vector per text."""
        return fake_vectors([sha1(t) for t in texts], self.info.dim)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@contextlib.contextmanager
def without_context(on: bool) -> Iterator[None]:
    """Empty title columns in every FTS row written meanwhile (when ``on``)."""
    from hbt_qa.index import pipeline

    if not on:
        yield
        return
    with mock.patch.object(pipeline, "_title_forms", lambda title: ("", "")):
        yield


def sizes(conn: Any, path: Path) -> dict[str, float]:
    """File size and the bytes of the FTS table's parts and the vectors, in MB."""
    conn.execute("pragma wal_checkpoint(TRUNCATE)")

    def mb(sql: str) -> float:
        return (conn.execute(sql).fetchone()[0] or 0) / 1e6

    return {
        "file_mb": path.stat().st_size / 1e6,
        "fts_content_mb": mb(
            "select sum(length(cast(c0 as blob)) + length(cast(c1 as blob)) "
            "+ length(cast(c2 as blob)) + length(cast(c3 as blob)) + length(cast(c4 as blob))) "
            "from passages_fts_content"
        ),
        "fts_titles_mb": mb(
            "select sum(length(cast(c3 as blob)) + length(cast(c4 as blob))) "
            "from passages_fts_content"
        ),
        "fts_data_mb": mb("select sum(length(block)) from passages_fts_data"),
        "vec_mb": mb("select sum(length(vectors)) from passages_vec_vector_chunks00"),
    }


def build(paths: Sequence[Path], embedder: Any, db: Path, empty_titles: bool) -> dict[str, Any]:
    """Ingest ``paths`` into a fresh index; sizes as ingested+VACUUM and after FTS optimize."""
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    store = Store(db)
    with without_context(empty_titles):
        report, t = timed(lambda: ingest_paths(store, embedder, list(paths)))
    conn = store.conn
    passages = conn.execute("select count(*) from passages").fetchone()[0]
    title_chars = conn.execute(
        "select sum(length(t_syll) + length(t_folded)) from passages_fts"
    ).fetchone()[0]
    conn.execute("vacuum")
    vacuumed = sizes(conn, db)
    conn.execute("insert into passages_fts(passages_fts) values ('optimize')")
    conn.commit()
    conn.execute("vacuum")
    optimized = sizes(conn, db)
    store.close()
    return {
        "articles": len(report.added),
        "passages": passages,
        "title_chars": title_chars or 0,
        "ingest_s": t,
        "vacuumed": vacuumed,
        "optimized": optimized,
    }


def compare(name: str, paths: Sequence[Path], embedder: Any) -> None:
    """Both indexes of one corpus, and the growth from the title columns."""
    with tempfile.TemporaryDirectory(prefix="ctxgrowth-") as tmp:
        say(f"{name}: ingesting with the article context")
        with_ctx = build(paths, embedder, Path(tmp) / "with.db", empty_titles=False)
        say(f"{name}: ingesting without it (title columns empty)")
        without = build(paths, embedder, Path(tmp) / "without.db", empty_titles=True)
    print(f"\n### {name}: {with_ctx['passages']} passages")
    print(f"ingest {with_ctx['ingest_s']:.0f} s / {without['ingest_s']:.0f} s; title characters")
    print(f"in the FTS rows {with_ctx['title_chars']:,} / {without['title_chars']:,}\n")
    table(with_ctx, without, ("vacuumed", "optimized"))


def from_index(index: Path) -> None:
    """An existing index copied twice; in one copy the FTS table is rebuilt with empty title
    columns. Compared after FTS5 optimize and VACUUM (the rebuild leaves one segment)."""
    import sqlite3

    from hbt_qa.index.store import Store

    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="ctxgrowth-", dir=index.parent) as tmp:
        for name in ("with", "without"):
            db = Path(tmp) / f"{name}.db"
            src = sqlite3.connect(index)
            dst = sqlite3.connect(db)
            src.backup(dst)
            src.close()
            dst.close()
            store = Store(db)
            conn = store.conn
            if name == "without":
                say(f"{index}: rebuilding the FTS table with empty title columns")
                ddl = conn.execute(
                    "select sql from sqlite_master where name = 'passages_fts'"
                ).fetchone()[0]
                conn.execute(
                    "create temp table keep as "
                    "select rowid as r, words, syll, folded from passages_fts"
                )
                conn.execute("drop table passages_fts")
                conn.execute(ddl)
                conn.execute(
                    "insert into passages_fts (rowid, words, syll, folded, t_syll, t_folded) "
                    "select r, words, syll, folded, '', '' from keep order by r"
                )
                conn.execute("drop table keep")
                conn.commit()
            conn.execute("insert into passages_fts(passages_fts) values ('optimize')")
            conn.commit()
            conn.execute("vacuum")
            out[name] = {
                "passages": conn.execute("select count(*) from passages").fetchone()[0],
                "optimized": sizes(conn, db),
            }
            store.close()
    print(f"\n### {index}: {out['with']['passages']} passages (FTS rebuilt, optimized)\n")
    table(out["with"], out["without"], ("optimized",))


def table(with_ctx: dict[str, Any], without: dict[str, Any], states: Sequence[str]) -> None:
    """The Markdown table of sizes and growth."""
    print("| state | part | with context MB | without MB | growth |")
    print("|---|---|---|---|---|")
    for state in states:
        a, b = with_ctx[state], without[state]
        for part in ("file_mb", "fts_content_mb", "fts_titles_mb", "fts_data_mb", "vec_mb"):
            g = f"{100.0 * (a[part] / b[part] - 1.0):+.1f} %" if b[part] else "–"
            print(f"| {state} | {part[:-3]} | {a[part]:.2f} | {b[part]:.2f} | {g} |")
        # vec0 allocates its chunks 1,024 vectors at a time: in a small index the empty part
        # of the last chunk hides the rest, so the file is also given without the vectors
        x, y = a["file_mb"] - a["vec_mb"], b["file_mb"] - b["vec_mb"]
        print(f"| {state} | file − vectors | {x:.2f} | {y:.2f} | {100.0 * (x / y - 1.0):+.1f} % |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path, help="article files or folders (one corpus)")
    ap.add_argument("--synthetic", help="also a generated corpus of this many passages: 7k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--vectors", choices=["fake", "real"], default="fake")
    ap.add_argument("--from-index", type=Path, help="an existing index instead (copied twice)")
    args = ap.parse_args(argv)
    if args.from_index:
        from_index(args.from_index)
        return 0

    from hbt_qa.config import Settings
    from hbt_qa.index.embed import load_embedder

    real = load_embedder(Settings.from_env())
    embedder = real if args.vectors == "real" else FakeVectors(real)
    if args.paths:
        compare(" + ".join(str(p) for p in args.paths), args.paths, embedder)
    if args.synthetic:
        with tempfile.TemporaryDirectory(prefix="ctxgrowth-corpus-") as tmp:
            n = generate.parse_size(args.synthetic)
            manifest = generate.write_corpus(Path(tmp), args.seed, n)
            name = f"synthetic {args.synthetic} (seed {args.seed}, {manifest['articles']} articles)"
            compare(name, [Path(tmp) / "articles"], embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
