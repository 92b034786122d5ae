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
    """What the first frame shows: the sources and the top of the list.

    No counts: they scan every item (~20 ms at 100,000 items, ~0.2 s at a
    million), so they are read after the first frame (`Backend.counts`).
    The saved searches' unread counts are 0 here for the same reason.
    """

    spec: ViewSpec
    feeds: list[SidebarFeed]
    window: list[int]
    rows: dict[int, HeadlineRow]
    saved: list[SavedSearch]

    @property
    def complete(self) -> bool:
        return len(self.window) < FIRST_WINDOW


@dataclass
class SidebarCounts:
    """The sidebar's numbers: per-feed counts and the saved searches' unread counts."""

    counts: Counts
    saved: list[SavedSearch]


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
        """Read what the first frame needs: a few indexed queries, ~3 ms at any size.

        Called once, before the app's event loop starts, so the very first
        frame already has its rows instead of waiting for a worker.
        """
        with self.db() as newsroom:
            window = newsroom.view_window(spec, FIRST_WINDOW)
            return FirstScreen(
                spec,
                newsroom.sidebar_feeds(),
                window,
                newsroom.headline_rows(window[:FIRST_ROWS]),
                newsroom.saved_searches(count_unread=False),
            )

    def counts(self) -> SidebarCounts:
        """The sidebar's counts, on a connection of their own.

        At a million items they take ~0.2 s: the rest of the list (on the long
        reads connection) loads beside them, and no write waits for them.
        """
        reader = self.newsroom.reader_copy()
        try:
            return SidebarCounts(reader.view_counts(), reader.saved_searches())
        finally:
            reader.close()

    def close(self) -> None:
        with self._long_lock:
            if self._long is not None:
                self._long.close()
                self._long = None
