"""The headlines pane: its title, the search box, the column titles and the list.

It loads the list it is asked to show (first rows at once, then the whole
id list, in workers), searches as the user types, moves to the next unread,
and changes items' read and bookmark state (written by workers; see
`WantedMarks`). Where the user is goes up as `ReadingChanged`; what it asks
of other panes (open an item, count a change) goes up as messages too. It
reads the sources pane's knowledge from the bound `sidebar`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from newsroom_tui.i18n import _, ngettext
from newsroom_tui.query.lists import HeadlineRow, SortOrder, ViewSpec
from newsroom_tui.store.db import CacheError
from newsroom_tui.tui.backend import FIRST_ROWS, Backend, FirstScreen
from newsroom_tui.tui.backend import FIRST_WINDOW as WINDOW
from newsroom_tui.tui.format import highlighted_snippet, safe_line
from newsroom_tui.tui.marks import WantedMarks
from newsroom_tui.tui.messages import (
    ItemStateStored,
    MarkedAllRead,
    NoteSaved,
    NoteToEdit,
    SearchResults,
    UnreadFound,
    ViewFull,
    ViewPart,
)
from newsroom_tui.tui.state import Reading, Sidebar
from newsroom_tui.tui.widgets.headlines import HeadlineHeader, HeadlineList

SEARCH_LIMIT = 500
SEARCH_DELAY = 0.25  # seconds of quiet typing before a search runs


class HeadlinesPane(Vertical):
    """The middle pane."""

    sidebar: reactive[Sidebar] = reactive(Sidebar, init=False)  # bound by the screen

    class ReadingChanged(Message):
        def __init__(self, reading: Reading) -> None:
            super().__init__()
            self.reading = reading

    class Opened(Message):
        """The user opened `item_id`; `counted`: its row was here and counted read."""

        def __init__(self, item_id: int, counted: bool) -> None:
            super().__init__()
            self.item_id = item_id
            self.counted = counted

    class CountChange(Message):
        """The user changed an item of `feed_id`: unread and bookmark counts move."""

        def __init__(self, feed_id: int, *, unread: int = 0, bookmarks: int = 0) -> None:
            super().__init__()
            self.feed_id = feed_id
            self.unread = unread
            self.bookmarks = bookmarks

    class StateWritten(Message):
        """Read or bookmark state was written: saved-search counts may change."""

    class ListComplete(Message):
        """The whole id list of the first view is here."""

    def __init__(
        self,
        backend: Backend,
        *,
        marks: WantedMarks,
        date_format: str,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.backend = backend
        self.marks = marks
        self.date_format = date_format
        self.spec = ViewSpec()
        self.searching = False
        self.search_query = ""
        self.search_sort = "relevance"
        self._search_rows: list[HeadlineRow] = []
        self._search_more = False  # more matches than SEARCH_LIMIT
        self._before_search: tuple[ViewSpec, int | None] | None = None
        self.snippets: dict[int, str] = {}
        self.search_terms: list[str] = []
        self._search_timer: Timer | None = None
        self._published = Reading()
        self._view_shown = False  # until then the empty list says "Loading…"

    def compose(self) -> ComposeResult:
        yield Static("", id="headlines-title", classes="pane-title", markup=False)
        with Vertical(id="search-bar"):
            yield Input(
                placeholder=_('Search: words, "a phrase", -not, feed:, tag:, is:unread'),
                id="search-input",
            )
            yield Static("", id="search-hint", markup=False)
        yield HeadlineHeader(date_format=self.date_format, id="columns")
        yield HeadlineList(loader=self._load_rows, date_format=self.date_format, id="headlines")

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one("#headlines", HeadlineList)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def columns(self) -> HeadlineHeader:
        return self.query_one("#columns", HeadlineHeader)

    def on_mount(self) -> None:
        self.query_one("#search-bar").display = False
        self.columns.list = self.headlines
        if self.app.is_headless:
            # Screenshots and tests must not depend on when a cursor blinked.
            self.search_input.cursor_blink = False
        self.headlines.empty_message = _("Loading…")

    def _publish(self) -> None:
        """Say where the user is, if that changed."""
        reading = Reading(
            spec=self.spec,
            searching=self.searching,
            query=self.search_query,
            item_id=self.headlines.current_id,
        )
        if reading != self._published:
            self._published = reading
            self.post_message(self.ReadingChanged(reading))

    # -- what the sources pane knows -------------------------------------------

    def watch_sidebar(self, sidebar: Sidebar) -> None:
        headlines = self.headlines
        if sidebar.counts_known and not headlines.complete and not self.searching:
            # Until the whole id list is in, the counts tell how long it will be.
            headlines.estimate_total(sidebar.size_of(self.spec))
        if not self.searching:
            show_feed = sidebar.shows_several_feeds(self.spec)
            if show_feed != headlines.show_feed:
                headlines.show_feed = show_feed
                headlines.refresh()
        if self._view_shown and not headlines.total:
            headlines.empty_message = self._empty_message()  # "No feeds yet" or not
            headlines.refresh()
        self._update_title()

    # -- loading a view ----------------------------------------------------------

    def _load_rows(self, item_ids: Sequence[int]) -> dict[int, HeadlineRow]:
        """Called in the headline list's worker thread."""
        newsroom = self.backend.newsroom
        return newsroom.headline_rows(item_ids)

    def show_first(self, first: FirstScreen) -> None:
        """The first screen, read before the app started: show it now."""
        generation = self.headlines.begin()
        self.headlines.when_complete(self._say_complete)
        self.on_view_part(
            ViewPart(generation, first.spec, first.window, first.rows, 0, first.complete)
        )

    def _say_complete(self) -> None:
        self.post_message(self.ListComplete())

    def show_view(self, spec: ViewSpec, *, keep_item: int | None = None) -> None:
        """Show `spec` (a source chosen, say); a search open is closed."""
        if self.searching:
            self._end_search(restore=False)
        if spec != self.spec:
            self._start_view(spec, keep_item=keep_item)

    def reload(self) -> None:
        """The cache changed: read the list again, the cursor's item kept in place."""
        if not self.searching:
            self._start_view(self.spec, keep_item=self.headlines.current_id, replace_rows=True)

    def _start_view(
        self, spec: ViewSpec, *, keep_item: int | None = None, replace_rows: bool = False
    ) -> None:
        self.spec = spec
        headlines = self.headlines
        self.workers.cancel_group(self, "view-rest")
        generation = headlines.begin()
        sidebar = self.sidebar
        headlines.show_feed = sidebar.shows_several_feeds(spec)
        self.columns.update_columns(show_feed=headlines.show_feed, sort=spec.sort)
        total = sidebar.size_of(spec)
        all_total = sidebar.counts.all_total
        share = total / all_total if all_total else None
        self._update_title()
        self._publish()
        self._load_view(
            spec,
            generation,
            keep_item=keep_item,
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
        replace_rows: bool,
        total: int,
        share: float | None,
    ) -> None:
        if keep_item is None:
            worker = get_current_worker()
            newsroom = self.backend.newsroom
            window = newsroom.view_window(spec, WINDOW, share=share)
            rows = newsroom.headline_rows(window[:FIRST_ROWS])
            if worker.is_cancelled:
                return
            complete = len(window) < WINDOW
            # The rest of the id list is read once these rows are on screen
            # (see on_view_part), so that long read never delays drawing them.
            self.post_message(ViewPart(generation, spec, window, rows, total, complete))
            return
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
        reader = self.backend.newsroom
        ids = reader.view_ids(spec)
        if worker.is_cancelled:
            return
        rows = {}
        if keep_item is not None:
            try:
                at = ids.index(keep_item)
            except ValueError:
                at = 0
            newsroom = self.backend.newsroom
            rows = newsroom.headline_rows(ids[max(0, at - FIRST_ROWS) : at + FIRST_ROWS])
        self.post_message(ViewFull(generation, spec, ids, rows, keep_item, replace_rows))

    def on_view_part(self, message: ViewPart) -> None:
        message.stop()
        if not message.complete:
            self.call_after_refresh(self._load_rest_if_current, message.spec, message.generation)
        headlines = self.headlines
        self._view_shown = True
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
        message.stop()
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

    def _empty_message(self) -> str:
        if self.searching:
            return _("Nothing matches.")
        if not self.sidebar.feeds:
            return _("No feeds yet: add one with `newsroom add URL`, then press R.")
        if self.spec.kind == "unread":
            return _("Nothing unread.")
        if self.spec.kind == "bookmarks":
            return _("No bookmarks yet: press b on a headline.")
        if self.spec.kind == "saved":
            return _("Nothing matches this saved search.")
        return _("No items here yet: press r to refresh.")

    # -- the title -------------------------------------------------------------

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
        sidebar = self.sidebar
        label = safe_line(sidebar.label(self.spec))
        parts: list = [(label, "bold")]
        # Before the counts are in, a list still loading does not know its length.
        if sidebar.counts_known or headlines.complete:
            count = ngettext("{count} item", "{count} items", headlines.total).format(
                count=f"{headlines.total:,}"
            )
            parts += [" · ", count]
        unread = sidebar.unread_in(self.spec)
        if unread is not None and self.spec.kind != "unread":
            parts += [", ", _("{count} unread").format(count=f"{unread:,}")]
        order = _("by date") if self.spec.sort == "date" else _("by views")
        parts += [" · ", order]
        title.update(Content.assemble(*parts), layout=False)

    # -- the cursor and opening ------------------------------------------------

    def on_headline_list_cursor_moved(self, message: HeadlineList.CursorMoved) -> None:
        message.stop()
        if self.searching:
            self._show_snippet(message.item_id)
        self._publish()

    def _show_snippet(self, item_id: int | None) -> None:
        """The cursor item's snippet under the search box, its matches highlighted
        (read for this row when the cursor reaches it, then kept)."""
        hint = self.query_one("#search-hint", Static)
        text = self.snippets.get(item_id if item_id is not None else -1)
        if not text:
            hint.update("")
            if item_id is not None and item_id not in self.snippets and self.search_terms:
                self._load_snippet(item_id, self.headlines.generation, list(self.search_terms))
            return
        hint.update(highlighted_snippet(text, self.search_terms, hint.content_region.width))

    class SnippetRead(Message):
        def __init__(self, generation: int, item_id: int, text: str) -> None:
            super().__init__()
            self.generation = generation
            self.item_id = item_id
            self.text = text

    @work(thread=True, exclusive=True, group="snippet", exit_on_error=False)
    def _load_snippet(self, item_id: int, generation: int, terms: list[str]) -> None:
        text = self.backend.newsroom.snippets([item_id], terms).get(item_id, "")
        if not get_current_worker().is_cancelled:
            self.post_message(self.SnippetRead(generation, item_id, text))

    def on_headlines_pane_snippet_read(self, message: SnippetRead) -> None:
        message.stop()
        if not self.searching or message.generation != self.headlines.generation:
            return
        self.snippets[message.item_id] = message.text
        if self.headlines.current_id == message.item_id:
            self._show_snippet(message.item_id)

    def on_headline_list_open_item(self, message: HeadlineList.OpenItem) -> None:
        message.stop()
        self.open(message.item_id)

    def open_current(self) -> None:
        self.headlines.action_open()

    def open(self, item_id: int) -> None:
        row = self.headlines.rows.get(item_id)
        if row is not None and not row.read:
            row.read = True
            self.headlines.update_row(row)
            self.post_message(self.CountChange(row.feed_id, unread=-1))
        self.marks.read[item_id] = True
        self.post_message(self.Opened(item_id, counted=row is not None))

    def row(self, item_id: int | None = None) -> HeadlineRow | None:
        """`item_id`'s row if it is loaded, else the one under the cursor."""
        if item_id is not None:
            row = self.headlines.rows.get(item_id)
            if row is not None:
                return row
        return self.headlines.current_row

    # -- next unread -----------------------------------------------------------

    def goto_unread(self, step: int) -> None:
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
        newsroom = self.backend.newsroom
        index = newsroom.find_unread(ids, start, step, overrides)
        if not get_current_worker().is_cancelled:
            self.post_message(UnreadFound(generation, index, step))

    def on_unread_found(self, message: UnreadFound) -> None:
        message.stop()
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
            self.open(item_id)

    # -- read and bookmark state -----------------------------------------------

    # The row shows what the cache holds: a key records the wish (toggled from
    # the last wish, so quick presses toggle), a worker writes it, and the row
    # follows the stored state the worker reads back (`on_item_state_stored`).
    # A refused write (a read-only cache) so never shows a mark it did not store.

    def toggle_read(self, item_id: int | None = None) -> None:
        row = self.row(item_id)
        if row is None:
            return
        self.marks.read[row.id] = not self.marks.read.get(row.id, row.read)
        self._write_state(row.id, bookmark_asked=None)

    def toggle_bookmark(self, item_id: int | None = None) -> None:
        row = self.row(item_id)
        if row is None:
            return
        wanted = not self.marks.bookmarked.get(row.id, row.bookmarked)
        self.marks.bookmarked[row.id] = wanted
        self._write_state(row.id, bookmark_asked=wanted)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_state(self, item_id: int, bookmark_asked: bool | None) -> None:
        # Writes the latest wanted state, not the one at the time of the key
        # press, so two quick presses end right even if their threads swap.
        refused = None
        newsroom = self.backend.newsroom
        try:
            newsroom.write_marks(
                item_id,
                lambda: (self.marks.read.get(item_id), self.marks.bookmarked.get(item_id)),
            )
        except (CacheError, sqlite3.DatabaseError) as exc:
            refused = str(exc)
        stored = newsroom.item(item_id)
        if refused is None:
            self.post_message(self.StateWritten())
        self.post_message(
            ItemStateStored(item_id, stored.read, stored.bookmarked, refused, bookmark_asked)
        )

    def on_item_state_stored(self, message: ItemStateStored) -> None:
        message.stop()
        if message.refused is not None:
            self.marks.forget(message.item_id)
            self.notify(
                _("Not stored: {reason}").format(reason=safe_line(message.refused)),
                severity="error",
                markup=False,
            )
        self._show_stored(message.item_id, read=message.read, bookmarked=message.bookmarked)
        asked = message.bookmark_asked
        if message.refused is None and asked is not None and asked == message.bookmarked:
            self.notify(
                _("Bookmarked.") if asked else _("Bookmark removed."), markup=False, timeout=2
            )

    def _show_stored(self, item_id: int, *, read: bool, bookmarked: bool) -> None:
        """The row as the cache holds it, and the counts moved by what changed."""
        row = self.headlines.rows.get(item_id)
        if row is None:
            return
        unread = (1 if row.read else 0) - (1 if read else 0)
        bookmarks = (1 if bookmarked else 0) - (1 if row.bookmarked else 0)
        if not unread and not bookmarks:
            return
        row.read, row.bookmarked = read, bookmarked
        self.headlines.update_row(row)
        self.post_message(self.CountChange(row.feed_id, unread=unread, bookmarks=bookmarks))

    def read_refused(self, item_id: int, reason: str) -> None:
        """Opening `item_id` did not mark it read in the cache: it shows unread again."""
        self.marks.forget(item_id)
        self.notify(
            _("Not marked read: {reason}").format(reason=safe_line(reason)),
            severity="error",
            markup=False,
        )
        row = self.headlines.rows.get(item_id)
        if row is not None:
            self._show_stored(item_id, read=False, bookmarked=row.bookmarked)

    def mark_view_read(self) -> None:
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
        newsroom = self.backend.newsroom
        try:
            changed = newsroom.mark_items_read(ids, True)
        except (CacheError, sqlite3.DatabaseError) as exc:
            self.post_message(self.MarkAllRefused(ids, str(exc)))
            return
        counts = newsroom.view_counts()
        self.post_message(self.StateWritten())
        self.post_message(MarkedAllRead(changed, counts))

    class MarkAllRefused(Message):
        def __init__(self, ids: list[int], reason: str) -> None:
            super().__init__()
            self.ids = ids
            self.reason = reason

    def on_headlines_pane_mark_all_refused(self, message: MarkAllRefused) -> None:
        message.stop()
        for item_id in message.ids:
            self.marks.forget(item_id)
        self.notify(
            _("Not stored: {reason}").format(reason=safe_line(message.reason)),
            severity="error",
            markup=False,
        )
        self.reload()  # the rows as the cache holds them

    def on_marked_all_read(self, message: MarkedAllRead) -> None:
        # Not stopped: the screen hands the counts to the sources pane.
        self.notify(
            ngettext(
                "Marked {count} item read.", "Marked {count} items read.", message.changed
            ).format(count=f"{message.changed:,}"),
            markup=False,
            timeout=3,
        )

    # -- notes -----------------------------------------------------------------

    def edit_note(self, item_id: int | None = None) -> None:
        row = self.row(item_id)
        if row is None:
            self.notify(_("No item to write a note on."), markup=False)
            return
        self._read_note(row.id)

    @work(thread=True, exclusive=True, group="note", exit_on_error=False)
    def _read_note(self, item_id: int) -> None:
        newsroom = self.backend.newsroom
        note = newsroom.item(item_id).note or ""
        self.post_message(NoteToEdit(item_id, note))

    def on_note_to_edit(self, message: NoteToEdit) -> None:
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        message.stop()
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
        self.marks.bookmarked[item_id] = True
        self._write_note(item_id, note)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_note(self, item_id: int, note: str) -> None:
        refused = None
        newsroom = self.backend.newsroom
        try:
            newsroom.write_note(
                item_id, note, still_wanted=lambda: self.marks.bookmarked.get(item_id, True)
            )
        except (CacheError, sqlite3.DatabaseError) as exc:
            refused = str(exc)
        stored = newsroom.item(item_id)
        self.post_message(ItemStateStored(item_id, stored.read, stored.bookmarked, refused))
        if refused is None:
            self.post_message(self.StateWritten())
            self.post_message(NoteSaved(item_id))  # not stopped here: the reader shows it

    # -- sort ------------------------------------------------------------------

    def toggle_sort(self) -> None:
        headlines = self.headlines
        if self.searching:
            order = ("relevance", "date", "views")
            self.search_sort = order[(order.index(self.search_sort) + 1) % len(order)]
            if self.search_sort == "relevance":
                self._show_search_rows(keep_item=headlines.current_id)
            else:
                ids = [row.id for row in self._search_rows]
                self._order_search(
                    ids, self.search_sort, headlines.generation, headlines.current_id
                )
            return
        sort = "views" if self.spec.sort == "date" else "date"
        self._start_view(self.spec.sorted_by(sort), keep_item=headlines.current_id)  # type: ignore[arg-type]

    # -- search ----------------------------------------------------------------

    def start_search(self) -> None:
        if not self.searching:
            self.searching = True
            self.search_sort = "relevance"
            self._before_search = (self.spec, self.headlines.current_id)
            self.query_one("#search-bar").display = True
            self.query_one("#search-hint", Static).update("")
            self.screen.refresh_bindings()
            self._publish()
        # At once, not as focus() does on the next turn: the keys typed right
        # after "/" may already be queued, and would act on the list.
        self.screen.set_focus(self.search_input)

    @on(Input.Changed, "#search-input")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search_query = event.value
        self._publish()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    @on(Input.Submitted, "#search-input")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
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
        from newsroom_tui.store.search import SearchSyntaxError, as_typed

        newsroom = self.backend.newsroom
        try:
            ids, terms = newsroom.search_ids(as_typed(query), SEARCH_LIMIT + 1)
        except SearchSyntaxError as exc:
            self.post_message(SearchResults(generation, query, [], {}, str(exc)))
            return
        if get_current_worker().is_cancelled:
            return
        more = len(ids) > SEARCH_LIMIT
        ids = ids[:SEARCH_LIMIT]
        by_id = newsroom.headline_rows(ids)
        rows = [by_id[i] for i in ids if i in by_id]
        # The snippet of the row the cursor lands on; the others when the cursor gets there.
        snippets = newsroom.snippets(ids[:1], terms)
        self.post_message(SearchResults(generation, query, rows, snippets, terms=terms, more=more))

    def on_search_results(self, message: SearchResults) -> None:
        message.stop()
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
        self.columns.update_columns(show_feed=True, sort="")
        self.headlines.empty_message = self._empty_message()
        self._show_search_rows()
        if not message.rows:
            hint.update(_("Nothing matches “{query}”.").format(query=safe_line(message.query)))

    class SearchOrdered(Message):
        def __init__(
            self, generation: int, sort: str, ids: list[int], keep_item: int | None
        ) -> None:
            super().__init__()
            self.generation = generation
            self.sort = sort
            self.ids = ids
            self.keep_item = keep_item

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _order_search(
        self, ids: list[int], sort: SortOrder, generation: int, keep_item: int | None
    ) -> None:
        ordered = self.backend.newsroom.order_items(ids, sort)
        if not get_current_worker().is_cancelled:
            self.post_message(self.SearchOrdered(generation, sort, ordered, keep_item))

    def on_headlines_pane_search_ordered(self, message: SearchOrdered) -> None:
        message.stop()
        if (
            not self.searching
            or message.generation != self.headlines.generation
            or message.sort != self.search_sort
        ):
            return
        self._show_search_rows(keep_item=message.keep_item, order=message.ids)

    def _show_search_rows(
        self, keep_item: int | None = None, order: list[int] | None = None
    ) -> None:
        """The results, best match first, or in `order` (the query layer's date or
        views order of the same results)."""
        rows = list(self._search_rows)
        if order is not None:
            by_id = {row.id: row for row in rows}
            rows = [by_id[i] for i in order if i in by_id]
        headlines = self.headlines
        generation = headlines.generation
        headlines.show_rows(generation, rows)
        if keep_item is not None and (index := headlines.index_of(keep_item)) is not None:
            headlines.move_cursor(index)
        self.columns.update_columns(
            show_feed=True, sort="" if self.search_sort == "relevance" else self.search_sort
        )
        self._update_title()

    def end_search(self) -> None:
        """Close the search, back to the list and item it was opened on."""
        self._end_search(restore=True)

    def _end_search(self, *, restore: bool) -> None:
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
        self.screen.refresh_bindings()
        before, self._before_search = self._before_search, None
        if restore and before is not None:
            spec, item = before
            self._start_view(spec, keep_item=item)
        self._publish()
        self.headlines.focus()
