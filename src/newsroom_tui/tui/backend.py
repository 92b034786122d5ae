"""The newsroom as workers see it: locked connections, never the UI thread.

SQLite connections are not to be shared by two threads at once, so every
worker takes the lock of the connection it uses. Short reads and all writes
share the newsroom's own connection; the long reads that load a whole id
list use a second connection (WAL lets them run beside the first), so a big
list loading in the background never delays opening an article.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from newsroom_tui.service import Newsroom, SavedSearch
from newsroom_tui.store.views import Counts, HeadlineRow, SidebarFeed, ViewSpec

FIRST_WINDOW = 200  # ids in the first part of a view
FIRST_ROWS = 120  # rows fetched with them (more than any screen is tall)


@dataclass
class FirstScreen:
    """What the first frame shows: the sidebar and the top of the list."""

    spec: ViewSpec
    feeds: list[SidebarFeed]
    counts: Counts
    window: list[int]
    rows: dict[int, HeadlineRow]
    saved: list[SavedSearch]

    @property
    def complete(self) -> bool:
        return len(self.window) < FIRST_WINDOW


class Backend:
    def __init__(self, newsroom: Newsroom) -> None:
        self.newsroom = newsroom
        self._lock = threading.Lock()
        self._long: Newsroom | None = None
        self._long_lock = threading.Lock()
        self._closed = False

    @contextmanager
    def db(self) -> Iterator[Newsroom]:
        """The newsroom's own connection: short reads and every write."""
        with self._lock:
            yield self.newsroom

    @contextmanager
    def long_reads(self) -> Iterator[Newsroom]:
        """A second connection for reads that may take tens of milliseconds."""
        with self._long_lock:
            if self._long is None:
                self._long = self.newsroom.reader_copy()
            yield self._long

    def first_screen(self, spec: ViewSpec) -> FirstScreen:
        """Read what the first frame needs (a few indexed queries, ~20 ms at 100k items).

        Called once, before the app's event loop starts, so the very first
        frame already has its rows and counts instead of waiting for a worker.
        """
        with self.db() as newsroom:
            feeds = newsroom.sidebar_feeds()
            counts = newsroom.view_counts()
            window = newsroom.view_window(spec, FIRST_WINDOW)
            rows = newsroom.headline_rows(window[:FIRST_ROWS])
            saved = newsroom.saved_searches()
        return FirstScreen(spec, feeds, counts, window, rows, saved)

    def close(self) -> None:
        with self._long_lock:
            if self._long is not None:
                self._long.close()
                self._long = None
