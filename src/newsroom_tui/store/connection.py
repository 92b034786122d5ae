"""The cache's connections and transactions: one writer connection behind a
lock, reader connections beside it for long reads, and all-or-nothing writes.

Every method is synchronous and short; callers in the TUI run them in
workers. Writes that belong together run in one transaction, so a crash
leaves each feed either fully old or fully new.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Self

from newsroom_tui.store.db import open_database
from newsroom_tui.store.failures import explain, is_damaged, is_storage_failure, mark_damaged


class CacheBase:
    """The cache file, its connections and its transactions.

    One connection (`conn`) serves short reads and every write. A lock makes
    each method and each transaction whole, so workers in several threads
    share one Cache and take no lock of their own (`connection()` lends the
    connection, locked, to a reader of its own). A read that may take tens of
    milliseconds (a whole list's ids, the sidebar's counts) takes a reader
    connection of its own from `reading()`: WAL lets it run beside the
    writes, so a long read never holds back opening an article.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._idle_readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, path: Path) -> Self:
        return cls(open_database(path), path)

    def close(self) -> None:
        with self._readers_lock:
            self._closed = True
            readers, self._idle_readers = self._idle_readers, []
        for reader in readers:
            reader.close()
        self.conn.close()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The cache's own connection, for a short read no other thread interleaves."""
        with self._lock:
            yield self.conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection beside the cache's own, for a long read (WAL lets both run).

        Idle ones are kept for the next long read; a cache without a file
        (or closed) lends its own connection instead."""
        if self.path is None or self._closed:
            with self.connection() as conn:
                yield conn
            return
        with self._readers_lock:
            reader = self._idle_readers.pop() if self._idle_readers else None
        if reader is None:
            reader = open_database(self.path)
        try:
            yield reader
        finally:
            with self._readers_lock:
                keep = not self._closed
                if keep:
                    self._idle_readers.append(reader)
            if not keep:
                reader.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing. A write the file or its disk refused (full,
        read-only, damaged) raises CacheError saying so: it was not stored."""
        try:
            with self._raw_transaction() as conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            # A storage failure is always a DatabaseError; other sqlite3.Errors
            # (a closed connection, a bad API call) are bugs and propagate.
            if not is_storage_failure(exc):
                raise
            path = self.path or Path("newsroom.sqlite3")
            if is_damaged(exc) and self.path is not None:
                mark_damaged(self.path, str(exc))
            raise explain(exc, path) from None

    @contextmanager
    def _raw_transaction(self) -> Iterator[sqlite3.Connection]:
        # The lock is held to the end: no other thread's statement joins the write.
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # A failed write (disk full, I/O error) may have rolled the
                # transaction back already; ROLLBACK then would raise over the cause.
                if self.conn.in_transaction:
                    with suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise

    def integrity_problem(self) -> str | None:
        """What SQLite's quick check finds wrong with the file (None: nothing)."""
        row = self.conn.execute("PRAGMA quick_check").fetchone()
        return None if row and row[0] == "ok" else (row[0] if row else "unknown")
