"""The sources pane: the list of sources, their counts, saved searches and refresh.

It loads the feeds, saved searches and counts (workers), keeps the counts
in step with what the user reads, refreshes feeds, notices other processes
writing to the cache, and edits saved searches. What it knows it publishes
as a `Sidebar` (`Changed`); when the user picks a source it says which list
to show (`Selected`). It reads where the user is from the bound `reading`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
from newsroom_tui.service import AddedSource, SavedSearch
from newsroom_tui.store.db import CacheError
from newsroom_tui.tui.backend import Backend
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.messages import (
    CacheChangedElsewhere,
    CountsLoaded,
    RefreshFinished,
    RefreshProgress,
    SavedSearchesLoaded,
    SidebarLoaded,
)
from newsroom_tui.tui.state import Reading, Sidebar
from newsroom_tui.tui.widgets.sources import Source, SourceList

if TYPE_CHECKING:  # the refresh engine (and httpx) load when a refresh starts, not at first paint
    from newsroom_tui.refresh import Progress

RELOAD_DELAY = 0.5  # coalesces list reloads while a refresh lands feed after feed
COUNTS_DELAY = 0.15  # seconds before the sidebar shows counts changed by reading
COUNTS_RETRY_DELAY = 1.0  # seconds before reading the counts again after an error
COUNTS_AT_LATEST = 3.0  # seconds the first counts wait for the whole list at most
# How often the open reader asks whether another process (a cron `newsroom
# fetch`, another terminal) wrote to the cache; each ask is one pragma.
OTHER_WRITERS_INTERVAL = 3.0
# Workers that change read or bookmark state (they post from any pane).
WRITE_GROUPS = ("write", "article")


class SourcesPane(Vertical):
    """The left pane."""

    reading: reactive[Reading] = reactive(Reading, init=False)  # bound by the screen

    class Selected(Message):
        """Show this list (`keep_item` under the cursor, if it is in it)."""

        def __init__(self, spec: ViewSpec, keep_item: int | None = None) -> None:
            super().__init__()
            self.spec = spec
            self.keep_item = keep_item

    class Confirmed(Message):
        """Enter on a source: the user wants the headlines."""

    class Changed(Message):
        """What the pane knows changed (feeds, saved searches or counts)."""

        def __init__(self, sidebar: Sidebar) -> None:
            super().__init__()
            self.sidebar = sidebar

    class ListsStale(Message):
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

    def on_mount(self) -> None:
        self.set_interval(OTHER_WRITERS_INTERVAL, self._watch_other_writers)

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

    # -- saved searches --------------------------------------------------------

    def save_search(self) -> None:
        from newsroom_tui.store.search import as_typed
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        reading = self.reading
        typed = reading.query.strip() if reading.searching else ""
        if not typed:
            self.notify(_("Search first (press /), then save the query."), markup=False)
            return
        query = as_typed(typed)  # what the results shown were found with

        def save(name: str | None) -> None:
            if name is not None and name.strip():
                self._save_search(name, query)

        self.app.push_screen(
            TextPrompt(
                _("Save search"),
                _("A name for “{query}”:").format(query=safe_line(query)),
                safe_line(typed),
            ),
            save,
        )

    def _selected_saved(self) -> SavedSearch | None:
        """The saved search highlighted in the list, if one is."""
        source = self.current_source
        if source is None or source.kind != "saved":
            self.notify(_("Select a saved search in the sources pane first."), markup=False)
            return None
        return self.sidebar.saved_search(source.saved_id)

    def rename_search(self) -> None:
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        saved = self._selected_saved()
        if saved is None:
            return

        def rename(name: str | None) -> None:
            if name is not None and name.strip() and name != saved.name:
                self._rename_search(saved.id, name)

        self.app.push_screen(
            TextPrompt(_("Rename saved search"), _("New name:"), safe_line(saved.name)), rename
        )

    def delete_search(self) -> None:
        from newsroom_tui.tui.screens.dialogs import Confirm

        saved = self._selected_saved()
        if saved is None:
            return

        def delete(yes: bool | None) -> None:
            if yes:
                self._delete_search(saved.id, saved.name)

        self.app.push_screen(
            Confirm(
                _("Delete saved search"),
                _("Delete the saved search “{name}” ({query})? Its items stay.").format(
                    name=safe_line(saved.name), query=safe_line(saved.query)
                ),
            ),
            delete,
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _save_search(self, name: str, query: str) -> None:
        from newsroom_tui.store.search import SearchSyntaxError

        newsroom = self.backend.newsroom
        try:
            newsroom.save_search(name, query)
        except (ValueError, SearchSyntaxError) as exc:
            self.post_message(SavedSearchesLoaded(newsroom.saved_searches(), error=str(exc)))
            return
        saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Saved search “{name}”.").format(name=name))
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _rename_search(self, search_id: int, name: str) -> None:
        from newsroom_tui.service import NotFound

        newsroom = self.backend.newsroom
        try:
            newsroom.rename_search(search_id, name)
        except (ValueError, NotFound) as exc:
            self.post_message(SavedSearchesLoaded(newsroom.saved_searches(), error=str(exc)))
            return
        saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Renamed to “{name}”.").format(name=name))
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _delete_search(self, search_id: int, name: str) -> None:
        from newsroom_tui.service import NotFound

        newsroom = self.backend.newsroom
        try:
            newsroom.delete_search(search_id)
        except NotFound:
            pass  # gone already: the list below shows that
        saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Deleted saved search “{name}”.").format(name=name))
        )

    def on_saved_searches_loaded(self, message: SavedSearchesLoaded) -> None:
        message.stop()
        if not self.sidebar.counts_known:
            # The counts on their way carry the saved searches as they were.
            self._changed_while_counting = True
        self._publish(saved=message.saved)
        self.sources.set_saved(message.saved)
        reading = self.reading
        spec = reading.spec
        if spec.kind == "saved" and not reading.searching:
            current = self.sidebar.saved_search(spec.saved_id)
            if current is None:
                # The list showed a search that is gone: show everything instead.
                self.sources.select_source("all")
                self.post_message(self.Selected(ViewSpec(sort=spec.sort)))
            elif current.query != spec.query:
                self.post_message(
                    self.Selected(
                        ViewSpec("saved", sort=spec.sort, saved_id=current.id, query=current.query),
                        keep_item=reading.item_id,
                    )
                )
        if message.error:
            self.notify(
                _("Cannot do that: {reason}").format(reason=message.error),
                severity="error",
                markup=False,
            )
        elif message.notice:
            self.notify(message.notice, markup=False, timeout=3)

    # -- feed details ----------------------------------------------------------

    def show_feed_info(self, fallback_feed_id: int | None) -> None:
        """The selected feed's details, else those of `fallback_feed_id` (the item's)."""
        from newsroom_tui.tui.screens.feed_details import FeedDetailsScreen, details_table

        source = self.current_source
        feed_id = source.feed_id if source is not None and source.kind == "feed" else None
        feed = self.sidebar.feed(feed_id if feed_id is not None else fallback_feed_id)
        if feed is None:
            self.notify(_("Select a feed first."), markup=False)
            return
        known = self.sidebar.counts_known
        display = self.backend.newsroom.config.display
        table = details_table(
            feed,
            self.counts.unread.get(feed.id, 0) if known else None,
            self.counts.total.get(feed.id, 0) if known else None,
            date_format=display.date_format,
            time_format=display.time_format,
        )
        self.app.push_screen(FeedDetailsScreen(table))

    # -- refresh -----------------------------------------------------------------

    def _selected_feed_ids(self, fallback_feed_id: int | None) -> list[int] | None:
        """The feeds `r` refreshes: the selected feed or tag, else the item's feed."""
        source = self.current_source
        if source is not None and source.kind == "feed" and source.feed_id is not None:
            return [source.feed_id]
        if source is not None and source.kind == "tag" and source.tag is not None:
            return self.sidebar.feeds_by_tag.get(source.tag, [])
        if self.sidebar.feed(fallback_feed_id) is not None and fallback_feed_id is not None:
            return [fallback_feed_id]
        return None

    def refresh_selected(self, fallback_feed_id: int | None) -> None:
        feed_ids = self._selected_feed_ids(fallback_feed_id)
        if feed_ids is None:
            self.notify(_("Select a feed to refresh (R refreshes all)."), markup=False)
            return
        self.start_refresh(feed_ids)

    def source_added(self, added: AddedSource | None) -> None:
        """The Add source dialog subscribed to `added` (None: it was cancelled):
        say so, show it in the sidebar and fetch it."""
        if added is None:
            return
        note = added.note or _("Subscribed to {url}").format(url=added.url)
        self.notify(safe_line(note), markup=False)
        self._reload_now()
        self.start_refresh([added.feed_id])

    def start_refresh(self, feed_ids: list[int] | None) -> None:
        """Refresh `feed_ids` (None: every feed); progress goes up as messages."""
        if self.refreshing:
            self.notify(_("A refresh is already running."), markup=False, timeout=2)
            return
        if feed_ids is None and not self.sidebar.feeds:
            self.notify(_("No feeds to refresh: add one with `newsroom add URL`."), markup=False)
            return
        self.refreshing = True
        self._failures_shown.clear()
        total = len(feed_ids) if feed_ids is not None else len(self.sidebar.feeds)
        self.post_message(RefreshProgress(0, total))
        self._refresh(feed_ids)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, feed_ids: list[int] | None) -> None:
        def progress(update: Progress) -> None:  # called on the refresh's own event loop
            self.post_message(RefreshProgress(update.done, update.total, update.result))

        try:
            results = asyncio.run(self.backend.newsroom.refresh(feed_ids, progress))
        except Exception as exc:  # the engine reports per-feed errors; this is the rest
            self.post_message(RefreshFinished([], error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(RefreshFinished(results))

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        # Not stopped: the screen shows the progress.
        result = message.result
        if result is None:
            return
        if result.status == "error":
            key = (result.feed_id, result.error or "")
            if key not in self._failures_shown:
                self._failures_shown.add(key)
                name = result.title or result.url
                self.notify(
                    f"{safe_line(name)}: {safe_line(result.error or _('unknown error'))}",
                    title=_("Feed failed"),
                    severity="error",
                    markup=False,
                    timeout=10,
                )
        if result.new_items or result.updated_items or result.status == "error":
            self._reload_soon()

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        # Not stopped: the screen says how it went.
        self.refreshing = False
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self._reload_now()

    def _reload_soon(self) -> None:
        if self._reload_timer is None:
            self._reload_timer = self.set_timer(RELOAD_DELAY, self._reload_now)

    def _reload_now(self) -> None:
        self._reload_timer = None
        self._load_sidebar()
        self.post_message(self.ListsStale())

    # -- other writers -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="other-writers", exit_on_error=False)
    def _watch_other_writers(self) -> None:
        """Post CacheChangedElsewhere when another connection committed since the
        last look; our own refresh reloads the lists itself, so it is skipped."""
        if self.refreshing:
            self._seen_data_version = None
            return
        newsroom = self.backend.newsroom
        version = newsroom.data_version()
        seen, self._seen_data_version = self._seen_data_version, version
        if seen is not None and version != seen:
            self.post_message(CacheChangedElsewhere())

    def on_cache_changed_elsewhere(self, message: CacheChangedElsewhere) -> None:
        message.stop()
        if not self.refreshing:
            self._reload_now()  # the list keeps the selected item under the cursor
