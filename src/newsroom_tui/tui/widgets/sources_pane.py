"""The sources pane: the list of sources, their counts, saved searches and refresh.

It loads the feeds, saved searches and counts (workers), keeps the counts
in step with what the user reads, refreshes feeds, notices other processes
writing to the cache, and edits saved searches; each job is a layer of its
own module (`sources_view`: the list and counts; `sources_saved`: saved
searches), and this last layer shows a feed's details, refreshes and watches
for other writers. What it knows it publishes as a `Sidebar` (`Changed`);
when the user picks a source it says which list to show (`Selected`). It
reads where the user is from the bound `reading`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work

from newsroom_tui.i18n import _
from newsroom_tui.service import AddedSource
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.messages import CacheChangedElsewhere, RefreshFinished, RefreshProgress
from newsroom_tui.tui.widgets.sources_saved import SourcesSaved

if TYPE_CHECKING:  # the refresh engine (and httpx) load when a refresh starts, not at first paint
    from newsroom_tui.refresh import Progress

RELOAD_DELAY = 0.5  # coalesces list reloads while a refresh lands feed after feed
# How often the open reader asks whether another process (a cron `newsroom
# fetch`, another terminal) wrote to the cache; each ask is one pragma.
OTHER_WRITERS_INTERVAL = 3.0


class SourcesPane(SourcesSaved):
    """The left pane (its jobs in layers: see `sources_view`)."""

    def on_mount(self) -> None:
        self.set_interval(OTHER_WRITERS_INTERVAL, self._watch_other_writers)

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
        if added.sync_error is not None:
            self.notify(
                safe_line(
                    _("Sync: {reason}; the server hears of it at the next sync.").format(
                        reason=added.sync_error
                    )
                ),
                severity="warning",
                markup=False,
            )
        self._reload_now()
        self.start_refresh([added.feed_id])

    def source_withdrawn(self) -> None:
        """A source the dialog stored was taken back (esc while subscribing)."""
        self.post_message(CacheChangedElsewhere())

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
