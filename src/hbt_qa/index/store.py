"""The index file: one connection per thread; schema, writes and reads come from their mixins."""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import HbtQaError, IndexMissingError
from .reads import ReadsMixin
from .records import FtsRow, ModelInfo, PassageRow, SourceRecord, hit_from_row
from .schema import FTS_COLUMNS, MIGRATABLE, SCHEMA_VERSION, SchemaMixin
from .writes import WritesMixin

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "FTS_COLUMNS",
    "MIGRATABLE",
    "SCHEMA_VERSION",
    "FtsRow",
    "ModelInfo",
    "PassageRow",
    "SourceRecord",
    "Store",
    "hit_from_row",
]


def _driver() -> Any:
    """The sqlite3 module to connect with; it must be able to load extensions (sqlite-vec).

    pysqlite3 (the pysqlite3-binary wheel, Linux only: a recent SQLite that loads extensions)
    when installed, as sqlite-utils chooses too; else the standard module.
    """
    try:
        module = importlib.import_module("pysqlite3")
    except ImportError:
        module = importlib.import_module("sqlite3")
    if not hasattr(module.Connection, "enable_load_extension"):
        fix = (
            "run `pip install pysqlite3-binary`"
            if sys.platform == "linux"
            else "use a Python whose sqlite3 can load extensions (python.org's and Homebrew's do)"
        )
        raise HbtQaError(
            f"This Python's sqlite3 cannot load extensions (needed for sqlite-vec): {fix}"
        )
    return module


class Store(SchemaMixin, WritesMixin, ReadsMixin):
    """One SQLite index file; a connection per thread, WAL so reads run during writes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()

    # -- connections -------------------------------------------------------------------
    @property
    def conn(self) -> Any:
        """This thread's connection, created on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this thread's connection (tables, indexes, inserts, introspection)."""
        db = getattr(self._local, "db", None)
        if db is None or db.conn is not self.conn:
            import sqlite_utils

            db = sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)
            self._local.db = db
        return db

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, the only writer: committed whole, or rolled back whole.

        BEGIN IMMEDIATE first, so that every sqlite-utils call inside nests in a savepoint
        (it opens and commits a transaction of its own when none is open)."""
        with self._write_lock:
            conn = self.conn
            conn.execute("begin immediate")
            try:
                yield self.db
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def _connect(self) -> Any:
        """Open the file, load sqlite-vec and set pragmas."""
        import sqlite_vec

        sqlite3 = _driver()
        conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        conn.enable_load_extension(False)
        conn.execute("pragma busy_timeout = 30000")
        conn.execute("pragma journal_mode = wal")
        conn.execute("pragma synchronous = normal")
        conn.execute("pragma foreign_keys = on")
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            self._local.db = None

    @classmethod
    def open_existing(cls, path: Path | str) -> Store:
        """Open an index that must already exist, or say how to build it."""
        p = Path(path)
        if not p.exists():
            raise IndexMissingError(f"No index at {p}: run `hbt-qa ingest corpus/ --index {p}`")
        store = cls(p)
        if "meta" not in store._tables():
            raise IndexMissingError(
                f"{p} is not an hbt_qa index: run `hbt-qa ingest corpus/ --index {p}`"
            )
        return store

    def _tables(self) -> set[str]:
        """Names of tables in the file (vec0's shadow tables included)."""
        return set(self.db.table_names())
