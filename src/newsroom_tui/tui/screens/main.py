"""The main screen: sources, headlines and reader, and every reading action.

The screen owns the reader's state (which source, which sort, the counts)
and all the workers. Workers only read and write the cache and post
messages; the handlers here are the only code that changes widgets.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Container, Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from newsroom_tui.display import format_date
from newsroom_tui.i18n import _, ngettext
from newsroom_tui.models import Item
from newsroom_tui.refresh import Progress
from newsroom_tui.service import Newsroom, SavedSearch
from newsroom_tui.store.db import CacheError
from newsroom_tui.store.views import (
    Counts,
    HeadlineRow,
    SidebarFeed,
    ViewSpec,
    feed_ids_by_tag,
)
from newsroom_tui.tui.backend import FIRST_ROWS, Backend, FirstScreen
from newsroom_tui.tui.backend import FIRST_WINDOW as WINDOW
from newsroom_tui.tui.format import highlighted_snippet, safe_line
from newsroom_tui.tui.keymap import bindings_for
from newsroom_tui.tui.marks import WantedMarks
from newsroom_tui.tui.messages import (
    CacheChangedElsewhere,
    CountsLoaded,
    ItemOpenedUnread,
    MarkedAllRead,
    NoteSaved,
    NoteToEdit,
    RefreshFinished,
    RefreshProgress,
    SavedSearchesLoaded,
    SearchResults,
    SidebarLoaded,
    UnreadFound,
    ViewFull,
    ViewPart,
)
from newsroom_tui.tui.widgets.headlines import HeadlineHeader, HeadlineList
from newsroom_tui.tui.widgets.keybar import KeyBar
from newsroom_tui.tui.widgets.reader import Reader
from newsroom_tui.tui.widgets.reader_pane import WEB_SCHEMES, ReaderPane
from newsroom_tui.tui.widgets.sources import Source, SourceList
from newsroom_tui.tui.widgets.status import TopBar

SEARCH_LIMIT = 500
SEARCH_DELAY = 0.25  # seconds of quiet typing before a search runs
RELOAD_DELAY = 0.5  # coalesces list reloads while a refresh lands feed after feed
COUNTS_DELAY = 0.15  # seconds before the sidebar shows counts changed by reading
COUNTS_RETRY_DELAY = 1.0  # seconds before reading the counts again after an error
WRITE_GROUPS = ("write", "article")  # workers that change read or bookmark state
# How often the open reader asks whether another process (a cron `newsroom
# fetch`, another terminal) wrote to the cache; each ask is one pragma.
OTHER_WRITERS_INTERVAL = 3.0
COUNTS_AT_LATEST = 3.0  # seconds the first counts wait for the whole list at most


def row_from_item(item: Item) -> HeadlineRow:
    when = item.published or item.first_seen
    return HeadlineRow(
        id=item.id,
        feed_id=item.feed_id,
        feed_title=item.feed_title,
        title=item.title,
        url=item.url,
        published=item.published,
        sort_time=int(when.timestamp()),
        views=item.views,
        read=item.read,
        bookmarked=item.bookmarked,
    )


class MainScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    AUTO_FOCUS = "#headlines"

    def __init__(
        self,
        backend: Backend,
        *,
        clock: Callable[[], datetime],
        keymap: dict[str, str],
        first: FirstScreen | None = None,
    ) -> None:
        super().__init__()
        self._first = first
        bindings = bindings_for(
            "screen", extra=[Binding("escape", "escape", _("Close search"), show=True)]
        )
        self._bindings = BindingsMap.merge([self._bindings_without_tab(), bindings])
        self.backend = backend
        self.clock = clock
        self.keymap = keymap
        display = backend.newsroom.config.display
        self.date_format = display.date_format
        self.time_format = display.time_format
        self.feeds: list[SidebarFeed] = []
        self.counts = Counts()
        # Until the first counts are in, the sidebar and titles show no numbers
        # (rather than zeros) and the user's changes are not counted locally.
        self.counts_known = False
        self._changed_while_counting = False
        self.saved: list[SavedSearch] = []
        self.sort = "date"
        self.spec = ViewSpec()
        self.searching = False
        self.search_query = ""
        self.search_sort = "relevance"
        self._search_rows: list[HeadlineRow] = []
        self._search_more = False  # more matches than SEARCH_LIMIT
        self._before_search: tuple[ViewSpec, int | None] | None = None
        self.snippets: dict[int, str] = {}
        self.search_terms: list[str] = []
        self.refreshing = False
        self._seen_data_version: int | None = None
        self._failures_shown: set[tuple[int, str]] = set()
        self.marks = WantedMarks()
        self._search_timer: Timer | None = None
        self._reload_timer: Timer | None = None
        self._counts_timer: Timer | None = None
        self._status = ""
        self._counts_started = False
        self._counts_after_writes = False
        self._counts_timer_at_latest: Timer | None = None

    def _bindings_without_tab(self) -> BindingsMap:
        # Tab cycles the three panes (our own binding), not every focusable widget.
        return BindingsMap(
            binding for key, binding in self._bindings if key not in ("tab", "shift+tab")
        )

    # -- layout ----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Container(id="panes"):
            with Vertical(id="sources-pane", classes="pane"):
                yield Static(_("Sources"), classes="pane-title", markup=False)
                yield SourceList(id="sources")
            with Container(id="main-area"):
                with Vertical(id="headlines-pane", classes="pane"):
                    yield Static("", id="headlines-title", classes="pane-title", markup=False)
                    with Vertical(id="search-bar"):
                        yield Input(
                            placeholder=_(
                                'Search: words, "a phrase", -not, feed:, tag:, is:unread'
                            ),
                            id="search-input",
                        )
                        yield Static("", id="search-hint", markup=False)
                    yield HeadlineHeader(date_format=self.date_format, id="columns")
                    yield HeadlineList(
                        loader=self._load_rows, date_format=self.date_format, id="headlines"
                    )
                yield ReaderPane(
                    self.backend,
                    marks=self.marks,
                    date_format=self.date_format,
                    time_format=self.time_format,
                    id="reader-pane",
                    classes="pane",
                )
        yield KeyBar(id="keybar")

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one("#headlines", HeadlineList)

    @property
    def sources(self) -> SourceList:
        return self.query_one("#sources", SourceList)

    @property
    def reader_pane(self) -> ReaderPane:
        return self.query_one("#reader-pane", ReaderPane)

    @property
    def reader(self) -> Reader:
        return self.reader_pane.reader

    @property
    def topbar(self) -> TopBar:
        return self.query_one("#topbar", TopBar)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search-input", Input)

    def on_mount(self) -> None:
        self.query_one("#search-bar").display = False
        self.query_one("#columns", HeadlineHeader).list = self.headlines
        if self.app.is_headless:
            # Screenshots and tests must not depend on when a cursor blinked.
            self.search_input.cursor_blink = False
        self.headlines.empty_message = _("Loading…")
        self.set_interval(OTHER_WRITERS_INTERVAL, self._watch_other_writers)
        first, self._first = self._first, None
        if first is None:
            self._start_view(self.spec, with_sidebar=True)
            return
        # The app read the first screen before it started: show it now, then
        # fetch the rest of the id list and the counts in the background.
        generation = self.headlines.begin()
        self._show_sidebar(first.feeds, first.saved)
        self.on_view_part(
            ViewPart(generation, first.spec, first.window, first.rows, 0, first.complete)
        )
        # The counts scan every item, as the rest of the id list does: side by
        # side on a busy machine they only slow each other down, so the counts
        # wait for the list (or a few seconds), and the first frame for neither.
        self._counts_timer_at_latest = self.set_timer(COUNTS_AT_LATEST, self._start_counts)
        self.headlines.when_complete(self._start_counts)

    def _start_counts(self) -> None:
        if self._counts_started:
            return
        self._counts_started = True
        if self._counts_timer_at_latest is not None:
            self._counts_timer_at_latest.stop()
        self._load_counts()

    def _load_counts_after_writes(self) -> None:
        """Read the counts again once the writes already started have landed,
        so they include every change the user has made."""
        if self._writes_running():
            self._counts_after_writes = True  # see on_worker_state_changed
        else:
            self._load_counts()

    def _writes_running(self) -> bool:
        return any(w.group in WRITE_GROUPS and not w.is_finished for w in self.workers)

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
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
        if self.counts_known:
            return  # counts read later (after a refresh, say) got here first
        if self._changed_while_counting:
            # These may or may not include what the user changed meanwhile.
            self._changed_while_counting = False
            self._load_counts_after_writes()
            return
        self.counts = message.counts
        self.counts_known = True
        self._show_sidebar(self.feeds, message.saved)

    # -- loading the sidebar and views -------------------------------------

    def _load_rows(self, item_ids: Sequence[int]) -> dict[int, HeadlineRow]:
        """Called in the headline list's worker thread."""
        with self.backend.db() as newsroom:
            return newsroom.headline_rows(item_ids)

    def _start_view(
        self,
        spec: ViewSpec,
        *,
        keep_item: int | None = None,
        with_sidebar: bool = False,
        replace_rows: bool = False,
    ) -> None:
        self.spec = spec
        headlines = self.headlines
        self.workers.cancel_group(self, "view-rest")
        generation = headlines.begin()
        headlines.show_feed = self._shows_several_feeds(spec)
        self.query_one("#columns", HeadlineHeader).update_columns(
            show_feed=headlines.show_feed, sort=spec.sort
        )
        total = self.counts.size_of(spec, feed_ids_by_tag(self.feeds))
        share = total / self.counts.all_total if self.counts.all_total else None
        self._update_title()
        self._load_view(
            spec,
            generation,
            keep_item=keep_item,
            with_sidebar=with_sidebar,
            replace_rows=replace_rows,
            total=total,
            share=share,
        )

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _load_view(
        self,
        spec: ViewSpec,
        generation: int,
        *,
        keep_item: int | None,
        with_sidebar: bool,
        replace_rows: bool,
        total: int,
        share: float | None,
    ) -> None:
        worker = get_current_worker()

        def load_sidebar() -> None:
            nonlocal total, share
            with self.backend.db() as newsroom:
                feeds = newsroom.sidebar_feeds()
                counts = newsroom.view_counts()
                saved = newsroom.saved_searches()
            self.post_message(SidebarLoaded(feeds, counts, saved))
            total = counts.size_of(spec, feed_ids_by_tag(feeds))
            share = total / counts.all_total if counts.all_total else None

        # A feed sorted by views picks its query plan from the counts; other
        # views show their first rows before the counts are even read.
        if with_sidebar and spec.sort == "views" and spec.kind in ("feed", "tag"):
            load_sidebar()
            with_sidebar = False
        if keep_item is None:
            with self.backend.db() as newsroom:
                window = newsroom.view_window(spec, WINDOW, share=share)
                rows = newsroom.headline_rows(window[:FIRST_ROWS])
            if worker.is_cancelled:
                return
            complete = len(window) < WINDOW
            # The rest of the id list is read once these rows are on screen
            # (see on_view_part), so that long read never delays drawing them.
            self.post_message(ViewPart(generation, spec, window, rows, total, complete))
            if with_sidebar:
                load_sidebar()
            return
        if with_sidebar:
            load_sidebar()
        self._read_whole_view(spec, generation, keep_item=keep_item, replace_rows=replace_rows)

    def _load_rest_if_current(self, spec: ViewSpec, generation: int) -> None:
        if generation == self.headlines.generation:
            self._load_rest(spec, generation)

    @work(thread=True, exclusive=True, group="view-rest", exit_on_error=False)
    def _load_rest(self, spec: ViewSpec, generation: int) -> None:
        self._read_whole_view(spec, generation, keep_item=None, replace_rows=False)

    def _read_whole_view(
        self, spec: ViewSpec, generation: int, *, keep_item: int | None, replace_rows: bool
    ) -> None:
        """In a worker: the view's whole id list (and the rows around `keep_item`)."""
        worker = get_current_worker()
        with self.backend.long_reads() as reader:
            ids = reader.view_ids(spec)
        if worker.is_cancelled:
            return
        rows = {}
        if keep_item is not None:
            try:
                at = ids.index(keep_item)
            except ValueError:
                at = 0
            with self.backend.db() as newsroom:
                rows = newsroom.headline_rows(ids[max(0, at - FIRST_ROWS) : at + FIRST_ROWS])
        self.post_message(ViewFull(generation, spec, ids, rows, keep_item, replace_rows))

    @work(thread=True, exclusive=True, group="sidebar", exit_on_error=False)
    def _load_sidebar(self) -> None:
        with self.backend.db() as newsroom:
            feeds = newsroom.sidebar_feeds()
            counts = newsroom.view_counts()
            saved = newsroom.saved_searches()
        self.post_message(SidebarLoaded(feeds, counts, saved))

    def on_sidebar_loaded(self, message: SidebarLoaded) -> None:
        self.counts = message.counts
        self.counts_known = True
        self._show_sidebar(message.feeds, message.saved)

    def _show_sidebar(self, feeds: list[SidebarFeed], saved: list[SavedSearch]) -> None:
        """The feeds and saved searches, with the counts as far as they are known."""
        self.feeds = feeds
        self.saved = saved
        self.sources.set_feeds(feeds, self.counts, saved)
        if self.counts_known and not self.headlines.complete and not self.searching:
            # Until the whole id list is in, the counts tell how long it will be.
            self.headlines.estimate_total(self.counts.size_of(self.spec, feed_ids_by_tag(feeds)))
        if not self.searching:
            show_feed = self._shows_several_feeds(self.spec)
            if show_feed != self.headlines.show_feed:
                self.headlines.show_feed = show_feed
                self.headlines.refresh()
        self._update_title()

    def on_view_part(self, message: ViewPart) -> None:
        if not message.complete:
            self.call_after_refresh(self._load_rest_if_current, message.spec, message.generation)
        headlines = self.headlines
        headlines.empty_message = self._empty_message()
        headlines.show_part(
            message.generation,
            0,
            message.ids,
            message.rows,
            message.total,
            complete=message.complete,
        )
        self._update_title()

    def on_view_full(self, message: ViewFull) -> None:
        headlines = self.headlines
        headlines.empty_message = self._empty_message()
        headlines.show_all(
            message.generation,
            message.ids,
            message.rows,
            keep_item=message.keep_item,
            replace_rows=message.replace_rows,
        )
        self._update_title()

    def _post_saved_counts(self, newsroom: Newsroom) -> None:
        """From a worker that just wrote read or bookmark state: the saved
        searches' unread counts, which any such write may change."""
        if self.saved:
            self.post_message(SavedSearchesLoaded(newsroom.saved_searches()))

    def _reload_saved_counts(self) -> None:
        """After a pane wrote read state: the saved searches' unread counts."""
        if self.saved:
            self._read_saved_counts()

    @work(thread=True, exclusive=True, group="saved-counts", exit_on_error=False)
    def _read_saved_counts(self) -> None:
        with self.backend.db() as newsroom:
            saved = newsroom.saved_searches()
        self.post_message(SavedSearchesLoaded(saved))

    def _shows_several_feeds(self, spec: ViewSpec) -> bool:
        if spec.kind == "feed":
            return False
        if spec.kind == "tag":
            return len(feed_ids_by_tag(self.feeds).get(spec.tag or "", [])) != 1
        return len(self.feeds) != 1

    def _empty_message(self) -> str:
        if self.searching:
            return _("Nothing matches.")
        if not self.feeds:
            return _("No feeds yet: add one with `newsroom add URL`, then press R.")
        if self.spec.kind == "unread":
            return _("Nothing unread.")
        if self.spec.kind == "bookmarks":
            return _("No bookmarks yet: press b on a headline.")
        if self.spec.kind == "saved":
            return _("Nothing matches this saved search.")
        return _("No items here yet: press r to refresh.")

    # -- titles and status -------------------------------------------------

    def _source_label(self, spec: ViewSpec) -> str:
        if spec.kind == "all":
            return _("All")
        if spec.kind == "unread":
            return _("Unread")
        if spec.kind == "bookmarks":
            return _("Bookmarks")
        if spec.kind == "tag":
            return spec.tag or ""
        if spec.kind == "saved":
            saved = self._saved(spec.saved_id)
            return saved.name if saved else ""
        feed = self._feed(spec.feed_id)
        return feed.title if feed else ""

    def _update_title(self) -> None:
        headlines = self.headlines
        title = self.query_one("#headlines-title", Static)
        if self.searching:
            query = safe_line(self.search_query)
            count = (
                _("the best {count} results").format(count=f"{headlines.total:,}")
                if self._search_more
                else ngettext("{count} result", "{count} results", headlines.total).format(
                    count=f"{headlines.total:,}"
                )
            )
            order = {
                "relevance": _("best match first"),
                "date": _("by date"),
                "views": _("by views"),
            }[self.search_sort]
            title.update(
                Content.assemble((_("Search"), "bold"), " “", query, "” · ", count, " · ", order),
                layout=False,  # one fixed line: repaint it, no need to lay out the screen
            )
            return
        label = safe_line(self._source_label(self.spec))
        parts: list = [(label, "bold")]
        # Before the counts are in, a list still loading does not know its length.
        if self.counts_known or headlines.complete:
            count = ngettext("{count} item", "{count} items", headlines.total).format(
                count=f"{headlines.total:,}"
            )
            parts += [" · ", count]
        unread = self._unread_in_view()
        if unread is not None and self.spec.kind != "unread":
            parts += [", ", _("{count} unread").format(count=f"{unread:,}")]
        order = _("by date") if self.spec.sort == "date" else _("by views")
        parts += [" · ", order]
        title.update(Content.assemble(*parts), layout=False)

    def _unread_in_view(self) -> int | None:
        spec, counts = self.spec, self.counts
        if not self.counts_known:
            return None
        if spec.kind == "all":
            return counts.all_unread
        if spec.kind == "feed" and spec.feed_id is not None:
            return counts.unread.get(spec.feed_id, 0)
        if spec.kind == "tag" and spec.tag is not None:
            return counts.unread_in(feed_ids_by_tag(self.feeds).get(spec.tag, []))
        if spec.kind == "saved" and (saved := self._saved(spec.saved_id)) is not None:
            return saved.unread
        return None

    def _count_change(self, feed_id: int, *, unread: int = 0, bookmarks: int = 0) -> None:
        """Count a change the user made to an item's read or bookmark state.

        Before the counts are in, the ones on their way may or may not include
        the change (it is written by a worker): they are read again instead.
        """
        if not self.counts_known:
            self._changed_while_counting = True
            return
        if unread:
            self.counts.adjust_unread(feed_id, unread)
        self.counts.bookmarks = max(0, self.counts.bookmarks + bookmarks)
        self._counts_changed()

    def _counts_changed(self) -> None:
        """Show the adjusted counts a moment later, in a frame of their own.

        The key that changed them (enter, n, m, b) repaints the list and the
        reader first; quick presses in a row update the sidebar once.
        """
        if self._counts_timer is None:
            self._counts_timer = self.set_timer(COUNTS_DELAY, self._show_counts)

    def _show_counts(self) -> None:
        self._counts_timer = None
        self.sources.set_counts(self.counts)
        self._update_title()

    def set_status(self, text: str) -> None:
        self._status = text
        self.topbar.set_status(text)

    # -- sources -------------------------------------------------------------

    def on_source_list_source_changed(self, message: SourceList.SourceChanged) -> None:
        spec = message.source.spec(self.sort)
        if spec is None:
            return
        if self.searching:
            self._end_search(restore=False)
        if spec != self.spec:
            self._start_view(spec)

    def on_source_list_confirmed(self, message: SourceList.Confirmed) -> None:
        self.headlines.focus()

    def _feed(self, feed_id: int | None) -> SidebarFeed | None:
        return next((f for f in self.feeds if f.id == feed_id), None)

    def _saved(self, saved_id: int | None) -> SavedSearch | None:
        return next((s for s in self.saved if s.id == saved_id), None)

    # -- the cursor and opening --------------------------------------------

    def on_headline_list_cursor_moved(self, message: HeadlineList.CursorMoved) -> None:
        if self.searching:
            self._show_snippet(message.item_id)

    def _show_snippet(self, item_id: int | None) -> None:
        """The cursor item's snippet under the search box, its matches highlighted."""
        hint = self.query_one("#search-hint", Static)
        text = self.snippets.get(item_id if item_id is not None else -1)
        if not text:
            hint.update("")
            return
        hint.update(highlighted_snippet(text, self.search_terms, hint.content_region.width))

    def on_headline_list_open_item(self, message: HeadlineList.OpenItem) -> None:
        self._open(message.item_id)

    def _open(self, item_id: int) -> None:
        row = self.headlines.rows.get(item_id)
        if row is not None and not row.read:
            row.read = True
            self.headlines.update_row(row)
            self._count_change(row.feed_id, unread=-1)
        self.marks.read[item_id] = True
        self.reader_pane.open_item(item_id, counted=row is not None)

    def on_reader_pane_state_written(self, message: ReaderPane.StateWritten) -> None:
        self._reload_saved_counts()

    def on_item_opened_unread(self, message: ItemOpenedUnread) -> None:
        self._count_change(message.feed_id, unread=-1)

    def _current_row(self) -> HeadlineRow | None:
        """The item the reading keys act on: the open one when the reader has focus."""
        reader = self.reader
        if reader.has_focus and reader.item_id is not None:
            row = self.headlines.rows.get(reader.item_id)
            if row is not None:
                return row
        return self.headlines.current_row

    # -- actions ---------------------------------------------------------

    def action_open(self) -> None:
        self.headlines.action_open()

    def action_scroll_or_next(self) -> None:
        reader = self.reader
        if reader.item_id is None:
            self.headlines.action_open()
        elif not reader.at_end:
            self.reader_pane.page_down()
        else:
            self._goto_unread(1)

    def action_next_unread(self) -> None:
        self._goto_unread(1)

    def action_prev_unread(self) -> None:
        self._goto_unread(-1)

    def _goto_unread(self, step: int) -> None:
        headlines = self.headlines
        if not headlines.total:
            self.notify(_("No items in this list."), markup=False)
            return
        generation = headlines.generation

        def search() -> None:
            if headlines.generation != generation or headlines.ids is None:
                return
            self._find_unread(
                generation, headlines.ids, headlines.cursor + step, step, dict(self.marks.read)
            )

        headlines.when_complete(search)

    @work(thread=True, exclusive=True, group="navigate", exit_on_error=False)
    def _find_unread(
        self,
        generation: int,
        ids: Sequence[int],
        start: int,
        step: int,
        overrides: dict[int, bool],
    ) -> None:
        with self.backend.db() as newsroom:
            index = newsroom.find_unread(ids, start, step, overrides)
        if not get_current_worker().is_cancelled:
            self.post_message(UnreadFound(generation, index, step))

    def on_unread_found(self, message: UnreadFound) -> None:
        headlines = self.headlines
        if message.generation != headlines.generation:
            return
        if message.index is None:
            self.notify(
                _("No more unread items below.")
                if message.step > 0
                else _("No more unread items above."),
                markup=False,
            )
            return
        headlines.move_cursor(message.index)
        item_id = headlines.current_id
        if item_id is not None:
            self._open(item_id)

    def action_toggle_read(self) -> None:
        row = self._current_row()
        if row is None:
            return
        row.read = not row.read
        self.marks.read[row.id] = row.read
        self.headlines.update_row(row)
        self._count_change(row.feed_id, unread=-1 if row.read else 1)
        self._write_state(row.id)

    def action_bookmark(self) -> None:
        row = self._current_row()
        if row is None:
            return
        row.bookmarked = not row.bookmarked
        self.marks.bookmarked[row.id] = row.bookmarked
        self.headlines.update_row(row)
        self._count_change(row.feed_id, bookmarks=1 if row.bookmarked else -1)
        self._write_state(row.id)
        self.notify(
            _("Bookmarked.") if row.bookmarked else _("Bookmark removed."),
            markup=False,
            timeout=2,
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _write_state(self, item_id: int) -> None:
        # Writes the latest wanted state, not the one at the time of the key
        # press, so two quick presses end right even if their threads swap.
        with self.backend.db() as newsroom:
            read = self.marks.read.get(item_id)
            if read is not None:
                newsroom.set_read(item_id, read)
            bookmarked = self.marks.bookmarked.get(item_id)
            if bookmarked is not None:
                newsroom.set_bookmarked(item_id, bookmarked)
            self._post_saved_counts(newsroom)

    def action_mark_view_read(self) -> None:
        from newsroom_tui.tui.screens.dialogs import Confirm

        headlines = self.headlines
        if not headlines.total:
            return
        generation = headlines.generation

        def mark() -> None:
            if headlines.generation != generation or headlines.ids is None:
                return
            ids = list(headlines.ids)
            wanted = set(ids)
            for item_id in list(self.marks.read):
                if item_id in wanted:
                    self.marks.read[item_id] = True
            headlines.mark_all_read()
            self._mark_all_read(ids)

        def answered(yes: bool | None) -> None:
            if yes:
                headlines.when_complete(mark)

        # One key turns a whole list read, and there is no undo: ask first. The
        # number only once the list is whole (a big one loads its first rows first).
        total = headlines.total
        question = (
            ngettext(
                "Mark the {count} item in this list read?",
                "Mark all {count} items in this list read?",
                total,
            ).format(count=f"{total:,}")
            if headlines.complete
            else _("Mark everything in this list read?")
        )
        self.app.push_screen(Confirm(_("Mark all read"), question), answered)

    @work(thread=True, group="write", exit_on_error=False)
    def _mark_all_read(self, ids: list[int]) -> None:
        with self.backend.db() as newsroom:
            changed = newsroom.mark_items_read(ids, True)
            counts = newsroom.view_counts()
            self._post_saved_counts(newsroom)
        self.post_message(MarkedAllRead(changed, counts))

    def on_marked_all_read(self, message: MarkedAllRead) -> None:
        self.counts = message.counts
        self.counts_known = True
        self.sources.set_counts(message.counts)
        self._update_title()
        self.notify(
            ngettext(
                "Marked {count} item read.", "Marked {count} items read.", message.changed
            ).format(count=f"{message.changed:,}"),
            markup=False,
            timeout=3,
        )

    def action_toggle_sort(self) -> None:
        headlines = self.headlines
        if self.searching:
            order = ("relevance", "date", "views")
            self.search_sort = order[(order.index(self.search_sort) + 1) % len(order)]
            self._show_search_rows(keep_item=headlines.current_id)
            return
        self.sort = "views" if self.sort == "date" else "date"
        self._start_view(self.spec.sorted_by(self.sort), keep_item=headlines.current_id)  # type: ignore[arg-type]

    # -- links ---------------------------------------------------------

    def action_open_browser(self) -> None:
        row = self._current_row()
        if row is None:
            return
        url = row.url or ""
        if not url.startswith(WEB_SCHEMES):
            self.notify(_("This item has no web link."), markup=False)
            return
        self.reader_pane.open_in_browser(url)

    def action_copy_link(self) -> None:
        row = self._current_row()
        if row is None or not row.url:
            self.notify(_("This item has no link."), markup=False)
            return
        self.app.copy_to_clipboard(row.url)
        self.notify(_("Copied: {url}").format(url=safe_line(row.url)), markup=False, timeout=3)

    def on_key(self, event: Key) -> None:
        character = event.character
        if character is None or not character.isdigit() or len(character) != 1:
            return
        if isinstance(self.focused, Input):
            return
        event.stop()
        event.prevent_default()
        self.reader_pane.type_digit(character)

    def on_reader_pane_link_typing(self, message: ReaderPane.LinkTyping) -> None:
        if message.number is None:
            self.topbar.set_status(self._status)
        else:
            self.topbar.set_status(_("Link {number}…").format(number=message.number))
        self.refresh_bindings()  # escape is bound while a number is being typed

    # -- search ----------------------------------------------------------

    def action_search(self) -> None:
        if not self.searching:
            self.searching = True
            self.search_sort = "relevance"
            self._before_search = (self.spec, self.headlines.current_id)
            self.query_one("#search-bar").display = True
            self.query_one("#search-hint", Static).update("")
            self.refresh_bindings()
        # At once, not as focus() does on the next turn: the keys typed right
        # after "/" may already be queued, and would act on the list.
        self.set_focus(self.search_input)

    @on(Input.Changed, "#search-input")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_query = event.value
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    @on(Input.Submitted, "#search-input")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_now()
        self.headlines.focus()

    def _search_now(self) -> None:
        self._search_timer = None
        if not self.searching:
            return
        query = self.search_query.strip()
        if not query:
            spec, item = self._before_search or (self.spec, None)
            self._start_view(spec, keep_item=item)
            self.query_one("#search-hint", Static).update("")
            return
        generation = self.headlines.begin()
        self._run_search(query, generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, query: str, generation: int) -> None:
        from newsroom_tui.store.search import SearchSyntaxError, as_typed, compile_query

        running = as_typed(query)
        try:
            with self.backend.db() as newsroom:
                items = newsroom.search(running, limit=SEARCH_LIMIT + 1)
        except SearchSyntaxError as exc:
            self.post_message(SearchResults(generation, query, [], {}, str(exc)))
            return
        if get_current_worker().is_cancelled:
            return
        rows = [row_from_item(item) for item in items]
        snippets = {item.id: item.snippet for item in items if item.snippet}
        terms = compile_query(running).terms
        more = len(rows) > SEARCH_LIMIT
        self.post_message(
            SearchResults(generation, query, rows[:SEARCH_LIMIT], snippets, terms=terms, more=more)
        )

    def on_search_results(self, message: SearchResults) -> None:
        if not self.searching or message.generation != self.headlines.generation:
            return
        hint = self.query_one("#search-hint", Static)
        if message.error:
            hint.update(_("Cannot search: {reason}").format(reason=message.error))
            return
        self._search_rows = message.rows
        self._search_more = message.more
        self.snippets = message.snippets
        self.search_terms = message.terms
        self.headlines.show_feed = True
        self.query_one("#columns", HeadlineHeader).update_columns(show_feed=True, sort="")
        self.headlines.empty_message = self._empty_message()
        self._show_search_rows()
        if not message.rows:
            hint.update(_("Nothing matches “{query}”.").format(query=safe_line(message.query)))

    def _show_search_rows(self, keep_item: int | None = None) -> None:
        rows = list(self._search_rows)
        if self.search_sort == "date":
            rows.sort(key=lambda r: (r.sort_time, r.id), reverse=True)
        elif self.search_sort == "views":
            rows.sort(
                key=lambda r: (r.views if r.views is not None else -1, r.sort_time), reverse=True
            )
        headlines = self.headlines
        generation = headlines.generation
        headlines.show_rows(generation, rows)
        if keep_item is not None and (index := headlines.index_of(keep_item)) is not None:
            headlines.move_cursor(index)
        self.query_one("#columns", HeadlineHeader).update_columns(
            show_feed=True, sort="" if self.search_sort == "relevance" else self.search_sort
        )
        self._update_title()

    def _end_search(self, *, restore: bool = True) -> None:
        self.searching = False
        self.search_query = ""
        self._search_more = False
        self.snippets = {}
        self.search_terms = []
        self._search_rows = []
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        search_input = self.search_input
        with search_input.prevent(Input.Changed):
            search_input.value = ""
        self.query_one("#search-bar").display = False
        self.refresh_bindings()
        before, self._before_search = self._before_search, None
        if restore and before is not None:
            spec, item = before
            self._start_view(spec, keep_item=item)
        self.headlines.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            # Shown (and bound) only while there is something to close.
            return self.searching or self.reader_pane.typing_link
        if action == "search":
            # A priority key: in a text field, "/" is a character to type.
            return not isinstance(self.focused, Input)
        return True

    def action_escape(self) -> None:
        if self.reader_pane.typing_link:
            self.reader_pane.cancel_typing()
        elif self.searching:
            self._end_search()

    # -- saved searches ----------------------------------------------------

    def action_save_search(self) -> None:
        from newsroom_tui.store.search import as_typed
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        typed = self.search_query.strip() if self.searching else ""
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
        """The saved search highlighted in the sources pane, if one is."""
        source = self.sources.current_source
        if source is None or source.kind != "saved":
            self.notify(_("Select a saved search in the sources pane first."), markup=False)
            return None
        return self._saved(source.saved_id)

    def action_rename_search(self) -> None:
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

    def action_delete_search(self) -> None:
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

        with self.backend.db() as newsroom:
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

        with self.backend.db() as newsroom:
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

        with self.backend.db() as newsroom:
            try:
                newsroom.delete_search(search_id)
            except NotFound:
                pass  # gone already: the list below shows that
            saved = newsroom.saved_searches()
        self.post_message(
            SavedSearchesLoaded(saved, notice=_("Deleted saved search “{name}”.").format(name=name))
        )

    def on_saved_searches_loaded(self, message: SavedSearchesLoaded) -> None:
        if not self.counts_known:
            # The counts on their way carry the saved searches as they were.
            self._changed_while_counting = True
        self.saved = message.saved
        self.sources.set_saved(message.saved)
        spec = self.spec
        if spec.kind == "saved" and not self.searching:
            current = self._saved(spec.saved_id)
            if current is None:
                # The list showed a search that is gone: show everything instead.
                self.sources.select_source("all")
                self._start_view(ViewSpec(sort=spec.sort))
            elif current.query != spec.query:
                self._start_view(
                    ViewSpec("saved", sort=spec.sort, saved_id=current.id, query=current.query),
                    keep_item=self.headlines.current_id,
                )
        self._update_title()
        if message.error:
            self.notify(
                _("Cannot do that: {reason}").format(reason=message.error),
                severity="error",
                markup=False,
            )
        elif message.notice:
            self.notify(message.notice, markup=False, timeout=3)

    # -- notes -------------------------------------------------------------

    def action_edit_note(self) -> None:
        row = self._current_row()
        if row is None:
            self.notify(_("No item to write a note on."), markup=False)
            return
        self._read_note(row.id)

    @work(thread=True, exclusive=True, group="note", exit_on_error=False)
    def _read_note(self, item_id: int) -> None:
        with self.backend.db() as newsroom:
            note = newsroom.item(item_id).note or ""
        self.post_message(NoteToEdit(item_id, note))

    def on_note_to_edit(self, message: NoteToEdit) -> None:
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        item_id = message.item_id

        def save(note: str | None) -> None:
            if note is not None:
                self._set_note(item_id, note)

        self.app.push_screen(
            TextPrompt(
                _("Note"),
                _("A note on this item (saving it bookmarks the item):"),
                safe_line(message.note),
                placeholder=_("why it matters, what to do…"),
            ),
            save,
        )

    def _set_note(self, item_id: int, note: str) -> None:
        row = self.headlines.rows.get(item_id)
        if row is not None and not row.bookmarked:
            row.bookmarked = True
            self.headlines.update_row(row)
            self._count_change(row.feed_id, bookmarks=1)
        self.marks.bookmarked[item_id] = True
        self._write_note(item_id, note)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_note(self, item_id: int, note: str) -> None:
        with self.backend.db() as newsroom:
            if self.marks.bookmarked.get(item_id, True):
                newsroom.set_bookmarked(item_id, True, note)
            self._post_saved_counts(newsroom)
        self.post_message(NoteSaved(item_id))

    def on_note_saved(self, message: NoteSaved) -> None:
        self.notify(_("Note saved; the item is bookmarked."), markup=False, timeout=2)
        self.reader_pane.show_again(message.item_id)  # with its note

    # -- refresh -----------------------------------------------------------

    def _selected_feed_ids(self) -> list[int] | None:
        """The feeds `r` refreshes: the selected feed or tag, else the item's feed."""
        source: Source | None = self.sources.current_source
        if source is not None and source.kind == "feed" and source.feed_id is not None:
            return [source.feed_id]
        if source is not None and source.kind == "tag" and source.tag is not None:
            return feed_ids_by_tag(self.feeds).get(source.tag, [])
        row = self.headlines.current_row
        if row is not None and self._feed(row.feed_id) is not None:
            return [row.feed_id]
        return None

    def action_refresh_feed(self) -> None:
        feed_ids = self._selected_feed_ids()
        if feed_ids is None:
            self.notify(_("Select a feed to refresh (R refreshes all)."), markup=False)
            return
        self._start_refresh(feed_ids)

    def action_refresh_all(self) -> None:
        self._start_refresh(None)

    def _start_refresh(self, feed_ids: list[int] | None) -> None:
        if self.refreshing:
            self.notify(_("A refresh is already running."), markup=False, timeout=2)
            return
        if not self.feeds:
            self.notify(_("No feeds to refresh: add one with `newsroom add URL`."), markup=False)
            return
        self.refreshing = True
        self._failures_shown.clear()
        total = len(feed_ids) if feed_ids is not None else len(self.feeds)
        self.topbar.show_progress(self._progress_label(0, total), 0, total)
        self._refresh(feed_ids)

    def _progress_label(self, done: int, total: int) -> str:
        return _("Refreshing {done}/{total}").format(done=done, total=total)

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
        self.topbar.show_progress(
            self._progress_label(message.done, message.total), message.done, message.total
        )
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

    def _reload_soon(self) -> None:
        if self._reload_timer is None:
            self._reload_timer = self.set_timer(RELOAD_DELAY, self._reload_now)

    def _reload_now(self) -> None:
        self._reload_timer = None
        self._load_sidebar()
        if not self.searching:
            self._start_view(self.spec, keep_item=self.headlines.current_id, replace_rows=True)

    @work(thread=True, exclusive=True, group="other-writers", exit_on_error=False)
    def _watch_other_writers(self) -> None:
        """Post CacheChangedElsewhere when another connection committed since the
        last look; our own refresh reloads the lists itself, so it is skipped."""
        if self.refreshing:
            self._seen_data_version = None
            return
        with self.backend.db() as newsroom:
            version = newsroom.data_version()
        seen, self._seen_data_version = self._seen_data_version, version
        if seen is not None and version != seen:
            self.post_message(CacheChangedElsewhere())

    def on_cache_changed_elsewhere(self, message: CacheChangedElsewhere) -> None:
        if self.refreshing:
            return
        # Keeps the selected item under the cursor (see _reload_now).
        self._reload_now()

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        self.topbar.hide_progress()
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self._reload_now()
        if message.error:
            self.notify(
                _("Refresh failed: {reason}").format(reason=message.error),
                severity="error",
                markup=False,
            )
            return
        results = message.results
        new = sum(r.new_items for r in results)
        failed = sum(1 for r in results if r.status == "error")
        when = format_date(self.clock(), self.time_format)
        summary = _("Refreshed {feeds} at {time}: {new} new, {failed} failed.").format(
            feeds=ngettext("{count} feed", "{count} feeds", len(results)).format(
                count=len(results)
            ),
            time=when,
            new=new,
            failed=failed,
        )
        self.set_status(summary)

    # -- panes, help, details --------------------------------------------

    def _panes(self) -> list:
        return [self.sources, self.headlines, self.reader]

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = next(
            (
                k
                for k, pane in enumerate(panes)
                if focused is pane or (focused and pane in focused.ancestors)
            ),
            1 if step > 0 else 0,
        )
        if isinstance(focused, Input):
            index = 1 if step < 0 else 0
        panes[(index + step) % len(panes)].focus()

    def on_descendant_focus(self) -> None:
        focused = self.focused
        for pane in self.query(".pane"):
            active = focused is not None and (focused is pane or pane in focused.ancestors)
            pane.query_one(".pane-title").set_class(active, "-active")

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_help(self) -> None:
        from newsroom_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap))

    def action_quit(self) -> None:
        self.app.exit(0)

    def action_feed_info(self) -> None:
        from newsroom_tui.tui.screens.feed_details import FeedDetailsScreen, details_table

        source = self.sources.current_source
        feed_id = source.feed_id if source is not None and source.kind == "feed" else None
        if feed_id is None:
            row = self._current_row()
            feed_id = row.feed_id if row is not None else None
        feed = self._feed(feed_id)
        if feed is None:
            self.notify(_("Select a feed first."), markup=False)
            return
        known = self.counts_known
        table = details_table(
            feed,
            self.counts.unread.get(feed.id, 0) if known else None,
            self.counts.total.get(feed.id, 0) if known else None,
            date_format=self.date_format,
            time_format=self.time_format,
        )
        self.app.push_screen(FeedDetailsScreen(table))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (
            self._counts_after_writes
            and event.worker.group in WRITE_GROUPS
            and event.worker.is_finished
            and not self._writes_running()
        ):
            self._counts_after_writes = False
            self._load_counts()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                _("Something went wrong: {reason}").format(
                    reason=f"{type(error).__name__}: {error}"
                ),
                severity="error",
                markup=False,
            )
