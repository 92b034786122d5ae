"""The newsroom as the panes' workers see it, and what the first frame reads.

Workers call the newsroom from their threads, never the UI thread; the store
does the locking (one connection for short reads and writes, readers beside it
for whole lists and counts), so nothing here or in the panes holds a lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsroom_tui.query.lists import HeadlineRow, ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed
from newsroom_tui.service import Newsroom, SavedSearch

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
    """The newsroom the panes' workers call. It takes no lock: the store object
    (store.cache.Cache) serialises its own connection and lends a second one for
    long reads, so any worker may call any method."""

    def __init__(self, newsroom: Newsroom) -> None:
        self.newsroom = newsroom

    def first_screen(self, spec: ViewSpec) -> FirstScreen:
        """Read what the first frame needs: a few indexed queries, ~3 ms at any size.

        Called once, before the app's event loop starts, so the very first
        frame already has its rows instead of waiting for a worker.
        """
        newsroom = self.newsroom
        window = newsroom.view_window(spec, FIRST_WINDOW)
        return FirstScreen(
            spec,
            newsroom.sidebar_feeds(),
            window,
            newsroom.headline_rows(window[:FIRST_ROWS]),
            newsroom.saved_searches(count_unread=False),
        )

    def counts(self) -> SidebarCounts:
        """The sidebar's counts, read beside the cache's own connection.

        At a million items they take ~0.2 s: the rest of the list loads beside
        them, and no write waits for them.
        """
        return SidebarCounts(self.newsroom.view_counts(), self.newsroom.saved_searches())
