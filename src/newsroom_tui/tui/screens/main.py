"""The main screen: the three panes, composed and wired.

Each pane owns its work (keys, workers, messages): SourcesPane what is
subscribed and the counts, HeadlinesPane the list and search, ReaderPane the
open article. The screen holds the reading state they share (`Reading`,
`Sidebar`) as reactives bound into the panes, turns one pane's messages into
another pane's calls, and handles the keys that act wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Key
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from newsroom_tui.display import format_date
from newsroom_tui.i18n import N_, _, ngettext
from newsroom_tui.query.lists import HeadlineRow, ViewSpec
from newsroom_tui.query.sidebar import Counts
from newsroom_tui.tui.backend import Backend, FirstScreen
from newsroom_tui.tui.background import Background
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.keymap import bindings_for
from newsroom_tui.tui.marks import WantedMarks
from newsroom_tui.tui.messages import (
    CacheChangedElsewhere,
    ItemOpenedUnread,
    MarkedAllRead,
    NoteSaved,
    ReadRefused,
    RefreshFinished,
    RefreshProgress,
)
from newsroom_tui.tui.state import Reading, Sidebar
from newsroom_tui.tui.widgets.cache_size import CacheSize
from newsroom_tui.tui.widgets.headlines import HeadlineList
from newsroom_tui.tui.widgets.headlines_pane import HeadlinesPane
from newsroom_tui.tui.widgets.keybar import KeyBar
from newsroom_tui.tui.widgets.reader import Reader
from newsroom_tui.tui.widgets.reader_pane import WEB_SCHEMES, ReaderPane
from newsroom_tui.tui.widgets.sources import SourceList
from newsroom_tui.tui.widgets.sources_pane import SourcesPane
from newsroom_tui.tui.widgets.status import TopBar


class MainScreen(Screen[None], inherit_bindings=False):
    # Tab cycles the three panes (the table's binding), not every focusable
    # widget: Screen's tab keys are left out, its others kept.
    BINDINGS = [
        *(b for b in Screen.BINDINGS if isinstance(b, Binding) and "tab" not in b.key),
        *bindings_for("screen", extra=[Binding("escape", "escape", N_("Close search"), show=True)]),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    AUTO_FOCUS = "#headlines"

    reading: reactive[Reading] = reactive(Reading, init=False)
    sidebar: reactive[Sidebar] = reactive(Sidebar, init=False)

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
        self.backend = backend
        self.clock = clock
        self.keymap = keymap
        display = backend.newsroom.config.display
        self.date_format = display.date_format
        self.time_format = display.time_format
        self.marks = WantedMarks()
        self._status = ""

    # -- layout ----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Container(id="panes"):
            yield SourcesPane(self.backend, id="sources-pane", classes="pane").data_bind(
                MainScreen.reading
            )
            with Container(id="main-area"):
                yield HeadlinesPane(
                    self.backend,
                    marks=self.marks,
                    date_format=self.date_format,
                    id="headlines-pane",
                    classes="pane",
                ).data_bind(MainScreen.sidebar)
                yield ReaderPane(
                    self.backend,
                    marks=self.marks,
                    date_format=self.date_format,
                    time_format=self.time_format,
                    id="reader-pane",
                    classes="pane",
                )
        yield KeyBar(id="keybar")
        yield Background(self.backend, busy=lambda: self.sources_pane.refreshing)

    @property
    def sources_pane(self) -> SourcesPane:
        return self.query_one("#sources-pane", SourcesPane)

    @property
    def headlines_pane(self) -> HeadlinesPane:
        return self.query_one("#headlines-pane", HeadlinesPane)

    @property
    def reader_pane(self) -> ReaderPane:
        return self.query_one("#reader-pane", ReaderPane)

    @property
    def headlines(self) -> HeadlineList:
        return self.headlines_pane.headlines

    @property
    def sources(self) -> SourceList:
        return self.sources_pane.sources

    @property
    def reader(self) -> Reader:
        return self.reader_pane.reader

    @property
    def topbar(self) -> TopBar:
        return self.query_one("#topbar", TopBar)

    @property
    def search_input(self) -> Input:
        return self.headlines_pane.search_input

    # The reading state, as the panes share it.

    @property
    def spec(self) -> ViewSpec:
        return self.reading.spec

    @property
    def searching(self) -> bool:
        return self.reading.searching

    @property
    def search_query(self) -> str:
        return self.reading.query

    @property
    def counts(self) -> Counts:
        return self.sidebar.counts

    @property
    def counts_known(self) -> bool:
        return self.sidebar.counts_known

    def on_mount(self) -> None:
        self._measure_cache()
        first, self._first = self._first, None
        sources, headlines = self.sources_pane, self.headlines_pane
        if first is None:
            sources.load()
            headlines.show_view(ViewSpec())
            return
        # The app read the first screen before it started: show it now, then
        # fetch the rest of the id list and the counts in the background.
        sources.show(first.feeds, first.saved)
        sources.load_first_counts_soon()
        headlines.show_first(first)

    # -- routing between the panes ------------------------------------------

    def on_sources_pane_changed(self, message: SourcesPane.Changed) -> None:
        self.sidebar = message.sidebar

    def on_headlines_pane_reading_changed(self, message: HeadlinesPane.ReadingChanged) -> None:
        self.reading = message.reading

    def on_headlines_pane_list_complete(self, message: HeadlinesPane.ListComplete) -> None:
        # The counts read every item, as the list's ids did: now it is their turn.
        self.sources_pane.load_first_counts()

    def on_sources_pane_selected(self, message: SourcesPane.Selected) -> None:
        self.headlines_pane.show_view(message.spec, keep_item=message.keep_item)

    def on_sources_pane_confirmed(self, message: SourcesPane.Confirmed) -> None:
        self.headlines.focus()

    def on_sources_pane_lists_stale(self, message: SourcesPane.ListsStale) -> None:
        # The cache changed (a refresh, auto-refresh, sync, another process's fetch
        # or compact): the list is read again, and the cache's size measured.
        self.headlines_pane.reload()
        self._measure_cache()

    def _measure_cache(self) -> None:
        self.topbar.query_one(CacheSize).measure(self.backend.newsroom.cache_sizes)

    def on_headlines_pane_opened(self, message: HeadlinesPane.Opened) -> None:
        self.reader_pane.open_item(message.item_id, counted=message.counted)

    def on_headlines_pane_count_change(self, message: HeadlinesPane.CountChange) -> None:
        self.sources_pane.count_change(
            message.feed_id, unread=message.unread, bookmarks=message.bookmarks
        )

    def on_read_refused(self, message: ReadRefused) -> None:
        self.headlines_pane.read_refused(message.item_id, message.reason)

    def on_item_opened_unread(self, message: ItemOpenedUnread) -> None:
        self.sources_pane.count_change(message.feed_id, unread=-1)

    def on_headlines_pane_state_written(self, message: HeadlinesPane.StateWritten) -> None:
        self.sources_pane.reload_saved_counts()

    def on_reader_pane_state_written(self, message: ReaderPane.StateWritten) -> None:
        self.sources_pane.reload_saved_counts()

    def on_marked_all_read(self, message: MarkedAllRead) -> None:
        self.sources_pane.set_all_counts(message.counts)

    def on_note_saved(self, message: NoteSaved) -> None:
        self.notify(_("Note saved; the item is bookmarked."), markup=False, timeout=2)
        self.reader_pane.show_again(message.item_id)  # with its note

    def on_reader_pane_link_typing(self, message: ReaderPane.LinkTyping) -> None:
        if message.number is None:
            self.topbar.set_status(self._status)
        else:
            self.topbar.set_status(_("Link {number}…").format(number=message.number))
        self.refresh_bindings()  # escape is bound while a number is being typed

    # -- the status line ---------------------------------------------------

    def set_status(self, text: str) -> None:
        self._status = text
        self.topbar.set_status(text)

    def _progress_label(self, done: int, total: int) -> str:
        return _("Refreshing {done}/{total}").format(done=done, total=total)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.topbar.show_progress(
            self._progress_label(message.done, message.total), message.done, message.total
        )

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.topbar.hide_progress()
        self.query_one(Background).after_refresh(message.results)
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

    # -- keys that act wherever the focus is --------------------------------

    def _acting_item(self) -> int | None:
        """The item the reading keys act on: the open one when the reader has focus
        (None: the one under the headline cursor)."""
        reader = self.reader
        return reader.item_id if reader.has_focus else None

    def _current_row(self) -> HeadlineRow | None:
        return self.headlines_pane.row(self._acting_item())

    def action_open(self) -> None:
        self.headlines_pane.open_current()

    def action_scroll_or_next(self) -> None:
        reader = self.reader_pane
        if reader.item_id is None:
            self.headlines_pane.open_current()
        elif not reader.at_end:
            reader.page_down()
        else:
            self.headlines_pane.goto_unread(1)

    def action_next_unread(self) -> None:
        self.headlines_pane.goto_unread(1)

    def action_prev_unread(self) -> None:
        self.headlines_pane.goto_unread(-1)

    def action_toggle_read(self) -> None:
        self.headlines_pane.toggle_read(self._acting_item())

    def action_bookmark(self) -> None:
        self.headlines_pane.toggle_bookmark(self._acting_item())

    def action_edit_note(self) -> None:
        self.headlines_pane.edit_note(self._acting_item())

    def action_view_image(self) -> None:
        """The images of the open article (reader focused) or of the item under the
        headline cursor, which opens first if it is not the open one."""
        reader = self.reader_pane
        if self.reader.has_focus and reader.item_id is not None:
            reader.view_images(reader.item_id)
            return
        row = self.headlines_pane.row()
        if row is None:
            self.notify(_("No item to show images of: the list is empty."), markup=False)
            return
        reader.view_images(row.id)
        if row.id != reader.item_id:
            self.headlines_pane.open_current()

    def action_mark_view_read(self) -> None:
        self.headlines_pane.mark_view_read()

    def action_toggle_sort(self) -> None:
        self.headlines_pane.toggle_sort()

    def action_search(self) -> None:
        self.headlines_pane.start_search()

    def action_save_search(self) -> None:
        self.sources_pane.save_search()

    def action_rename_search(self) -> None:
        self.sources_pane.rename_search()

    def action_delete_search(self) -> None:
        self.sources_pane.delete_search()

    def on_background_cache_changed(self) -> None:
        # Auto-refresh or sync wrote: reloaded as after any other writer (cursor kept).
        self.sources_pane.post_message(CacheChangedElsewhere())

    def _auto_refreshing(self) -> bool:
        if self.query_one(Background).refreshing:
            self.notify(_("A refresh is already running."), markup=False, timeout=2)
            return True
        return False

    def action_refresh_feed(self) -> None:
        if self._auto_refreshing():
            return
        row = self._current_row()
        self.sources_pane.refresh_selected(row.feed_id if row is not None else None)

    def action_refresh_all(self) -> None:
        if not self._auto_refreshing():
            self.sources_pane.start_refresh(None)

    def action_add_source(self) -> None:
        from newsroom_tui.tui.screens.add_source import AddSourceScreen

        self.app.push_screen(
            AddSourceScreen.over(self.backend, withdrawn=self.sources_pane.source_withdrawn),
            self.sources_pane.source_added,
        )

    def action_feed_info(self) -> None:
        row = self._current_row()
        self.sources_pane.show_feed_info(row.feed_id if row is not None else None)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            # Shown (and bound) only while there is something to close.
            return self.headlines_pane.searching or self.reader_pane.typing_link
        if action == "search":
            # A priority key: in a text field, "/" is a character to type.
            return not isinstance(self.focused, Input)
        return True

    def action_escape(self) -> None:
        if self.reader_pane.typing_link:
            self.reader_pane.cancel_typing()
        elif self.headlines_pane.searching:
            self.headlines_pane.end_search()

    # -- panes, help, quit ---------------------------------------------------

    def _panes(self) -> list[Widget]:
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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.is_finished:
            self.sources_pane.worker_finished()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                _("Something went wrong: {reason}").format(
                    reason=f"{type(error).__name__}: {error}"
                ),
                severity="error",
                markup=False,
            )
