"""What every part of the newsroom stands on: its paths, its config and its cache."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Self

from newsroom_tui.config import Config
from newsroom_tui.paths import AppPaths
from newsroom_tui.store.cache import Cache


class NotFound(Exception):
    """A named feed or item does not exist."""


@dataclass
class NewsroomBase:
    paths: AppPaths
    config: Config
    cache: Cache
    # One-line news for the user from the last calls (a search index rebuilt);
    # the CLI prints them on stderr.
    notices: list[str] = field(default_factory=list, compare=False)

    def close(self) -> None:
        self.cache.close()

    def reader_copy(self) -> Self:
        """The same newsroom on a store object (a connection) of its own, for long
        work beside the reader's (a sync with a slow server), which then never
        holds back the reader's reads and writes."""
        return type(self)(
            paths=self.paths, config=self.config, cache=Cache.open(self.paths.database)
        )

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process's
        `newsroom fetch`, say) has committed to the cache since the last call.
        One pragma, no I/O beyond the WAL index: cheap to ask every few seconds."""
        with self.cache.connection() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def rebuild_search_index(self) -> int:
        """Index every stored item again (the index is built from them); the count."""
        from newsroom_tui.store.maintenance import rebuild_search_index

        with self.cache.connection() as conn:
            return rebuild_search_index(conn)

    def keep_backup(self) -> None:
        """Subscriptions and bookmarks, also kept outside the cache (store/backup.py).

        Best effort: a read-only or full folder must not undo the change it follows."""
        from newsroom_tui.store.backup import write_backup

        try:
            with self.cache.connection() as conn:
                write_backup(conn, self.paths.database)
        except (OSError, sqlite3.Error):
            pass
