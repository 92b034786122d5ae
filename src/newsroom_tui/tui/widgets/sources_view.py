"""The sources pane's list: the feeds and saved searches, their counts (read by
workers, then kept in step with what the user reads), and choosing a source.

The pane is built in layers, one job a module: this one, `sources_saved`
(saving, renaming and deleting searches) and `sources_pane` (feed details,
refresh, other processes writing: the pane the screen composes). The pane's
messages keep the `sources_pane` namespace (`on_sources_pane_...`).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from newsroom_tui.i18n import _
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed
from newsroom_tui.service import SavedSearch
from newsroom_tui.store.failures import CacheError
from newsroom_tui.tui.backend import Backend
from newsroom_tui.tui.messages import CountsLoaded, SavedSearchesLoaded, SidebarLoaded
from newsroom_tui.tui.state import Reading, Sidebar
from newsroom_tui.tui.widgets.sources import Source, SourceList

COUNTS_DELAY = 0.15  # seconds before the sidebar shows counts changed by reading
COUNTS_RETRY_DELAY = 1.0  # seconds before reading the counts again after an error
COUNTS_AT_LATEST = 3.0  # seconds the first counts wait for the whole list at most
# Workers that change read or bookmark state (they post from any pane).
WRITE_GROUPS = ("write", "article")


class SourcesView(Vertical):
    """The left pane's list and counts."""

    """The left pane."""

    reading: reactive[Reading] = reactive(Reading, init=False)  # bound by the screen

    class Selected(Message, namespace="sources_pane"):
        """Show this list (`keep_item` under the cursor, if it is in it)."""

        def __init__(self, spec: ViewSpec, keep_item: int | None = None) -> None:
            super().__init__()
            self.spec = spec
            self.keep_item = keep_item

    class Confirmed(Message, namespace="sources_pane"):
        """Enter on a source: the user wants the headlines."""

    class Changed(Message, namespace="sources_pane"):
        """What the pane knows changed (feeds, saved searches or counts)."""

        def __init__(self, sidebar: Sidebar) -> None:
            super().__init__()
            self.sidebar = sidebar

    class ListsStale(Message, namespace="sources_pane"):
        """The cache changed under the list (a refresh, another process): reload it."""

    def __init__(self, backend: Backend, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.backend = backend
        self.sidebar = Sidebar()
        # Until the first counts are in, the user's changes are not counted
        # locally (the counts on their way may or may not include them).
        self._changed_while_counting = False
        self._counts_started = False
        self._counts_after_writes = False
        self._counts_at_latest: Timer | None = None
        self._counts_timer: Timer | None = None
        self._reload_timer: Timer | None = None
        self.refreshing = False
        self._failures_shown: set[tuple[int, str]] = set()
        self._seen_data_version: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Sources"), classes="pane-title", markup=False)
        yield SourceList(id="sources")

    @property
    def sources(self) -> SourceList:
        return self.query_one("#sources", SourceList)

    # -- what the pane knows -------------------------------------------------

    @property
    def feeds(self) -> list[SidebarFeed]:
        return list(self.sidebar.feeds)

    @property
    def saved(self) -> list[SavedSearch]:
        return list(self.sidebar.saved)

    @property
    def counts(self) -> Counts:
        return self.sidebar.counts

    def _publish(
        self,
        *,
        feeds: Sequence[SidebarFeed] | None = None,
        saved: Sequence[SavedSearch] | None = None,
        counts: Counts | None = None,
        counts_known: bool | None = None,
    ) -> None:
        old = self.sidebar
        self.sidebar = Sidebar(
            feeds=tuple(feeds) if feeds is not None else old.feeds,
            saved=tuple(saved) if saved is not None else old.saved,
            counts=counts if counts is not None else old.counts,
            counts_known=old.counts_known if counts_known is None else counts_known,
        )
        self.post_message(self.Changed(self.sidebar))

    def show(self, feeds: list[SidebarFeed], saved: list[SavedSearch]) -> None:
        """The feeds and saved searches, with the counts as far as they are known."""
        self._publish(feeds=feeds, saved=saved)
        self.sources.set_feeds(feeds, self.counts, saved)

    def load(self) -> None:
        """Read the feeds, saved searches and counts again."""
        self._load_sidebar()

    @work(thread=True, exclusive=True, group="sidebar", exit_on_error=False)
    def _load_sidebar(self) -> None:
        newsroom = self.backend.newsroom
        feeds = newsroom.sidebar_feeds()
        counts = newsroom.view_counts()
        saved = newsroom.saved_searches()
        self.post_message(SidebarLoaded(feeds, counts, saved))

    def on_sidebar_loaded(self, message: SidebarLoaded) -> None:
        message.stop()
        self._publish(counts=message.counts, counts_known=True)
        self.show(message.feeds, message.saved)

    # -- the first counts ----------------------------------------------------

    def load_first_counts_soon(self) -> None:
        """The first counts, at the latest in a few seconds (see `load_first_counts`)."""
        if not self._counts_started:
            self._counts_at_latest = self.set_timer(COUNTS_AT_LATEST, self.load_first_counts)

    def load_first_counts(self) -> None:
        """The counts scan every item, as the rest of a big list's ids do; side by
        side on a busy machine they only slow each other down, so the screen
        calls this once the list is whole (or the timer does)."""
        if self._counts_started:
            return
        self._counts_started = True
        if self._counts_at_latest is not None:
            self._counts_at_latest.stop()
        self._load_counts()

    def _writes_running(self) -> bool:
        return any(w.group in WRITE_GROUPS and not w.is_finished for w in self.workers)

    def worker_finished(self) -> None:
        """A worker finished somewhere: counts waiting for the writes may go now."""
        if self._counts_after_writes and not self._writes_running():
            self._counts_after_writes = False
            self._load_counts()

    # Not exclusive: a second read (after the user's writes) starts from the
    # first one's message, and must not cancel it while it finishes.
    @work(thread=True, group="counts", exit_on_error=False)
    def _load_counts(self) -> None:
        """The sidebar's counts, shown when they come (see `on_counts_loaded`)."""
        try:
            loaded = self.backend.counts()
        except (sqlite3.Error, CacheError):
            # Busy (another process writing a big refresh, say): once more,
            # else the sidebar would go without numbers until the next reload.
            time.sleep(COUNTS_RETRY_DELAY)
            loaded = self.backend.counts()
        self.post_message(CountsLoaded(loaded.counts, loaded.saved))

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        message.stop()
        if self.sidebar.counts_known:
            return  # counts read later (after a refresh, say) got here first
        if self._changed_while_counting:
            # These may or may not include what the user changed meanwhile:
            # read them again once the writes already started have landed.
            self._changed_while_counting = False
            if self._writes_running():
                self._counts_after_writes = True  # see worker_finished
            else:
                self._load_counts()
            return
        self._publish(counts=message.counts, counts_known=True)
        self.show(self.feeds, message.saved)

    # -- counts kept in step with reading -------------------------------------

    def count_change(self, feed_id: int, *, unread: int = 0, bookmarks: int = 0) -> None:
        """Count a change the user made to an item's read or bookmark state.

        Before the counts are in, the ones on their way may or may not include
        the change (it is written by a worker): they are read again instead.
        """
        if not self.sidebar.counts_known:
            self._changed_while_counting = True
            return
        counts = self.counts
        if unread:
            counts.adjust_unread(feed_id, unread)
        counts.bookmarks = max(0, counts.bookmarks + bookmarks)
        # Shown a moment later, in a frame of their own: the key that changed
        # them repaints the list and the reader first, and quick presses in a
        # row update the sidebar once.
        if self._counts_timer is None:
            self._counts_timer = self.set_timer(COUNTS_DELAY, self._show_counts)

    def _show_counts(self) -> None:
        self._counts_timer = None
        self.sources.set_counts(self.counts)
        self._publish()

    def set_all_counts(self, counts: Counts) -> None:
        """Counts read whole (after marking a list read)."""
        self._publish(counts=counts, counts_known=True)
        self.sources.set_counts(counts)

    def reload_saved_counts(self) -> None:
        """After a write to read state: the saved searches' unread counts."""
        if self.sidebar.saved:
            self._read_saved_counts()

    @work(thread=True, group="saved-counts", exit_on_error=False)
    def _read_saved_counts(self) -> None:
        newsroom = self.backend.newsroom
        saved = newsroom.saved_searches()
        self.post_message(SavedSearchesLoaded(saved))

    # -- choosing a source ---------------------------------------------------

    def on_source_list_source_changed(self, message: SourceList.SourceChanged) -> None:
        message.stop()
        spec = message.source.spec(self.reading.sort)
        if spec is not None:
            self.post_message(self.Selected(spec))

    def on_source_list_confirmed(self, message: SourceList.Confirmed) -> None:
        message.stop()
        self.post_message(self.Confirmed())

    @property
    def current_source(self) -> Source | None:
        return self.sources.current_source

    def select_source(self, option_id: str) -> None:
        self.sources.select_source(option_id)
