"""The headlines pane's list: what it shows and how it loads (first rows at once,
then the whole id list, in workers), its title, and what it says when empty.

The pane is built in layers, one job a module: this one (the list and its
state), `headlines_marks` (read, bookmark and note changes), `headlines_search`
(search as you type) and `headlines_pane` (the cursor, opening, next unread,
sorting: the pane the screen composes). The pane's messages keep the
`headlines_pane` namespace, so their handlers read `on_headlines_pane_...`.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from newsroom_tui.display import count_text
from newsroom_tui.i18n import _, ngettext
from newsroom_tui.query.lists import HeadlineRow, ViewSpec
from newsroom_tui.tui.backend import FIRST_ROWS, Backend, FirstScreen
from newsroom_tui.tui.backend import FIRST_WINDOW as WINDOW
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.marks import WantedMarks
from newsroom_tui.tui.messages import ViewFull, ViewPart
from newsroom_tui.tui.state import Reading, Sidebar
from newsroom_tui.tui.widgets.headlines import HeadlineHeader, HeadlineList


class HeadlinesView(Vertical):
    """The middle pane's list, title and loading."""

    sidebar: reactive[Sidebar] = reactive(Sidebar, init=False)  # bound by the screen

    class ReadingChanged(Message, namespace="headlines_pane"):
        def __init__(self, reading: Reading) -> None:
            super().__init__()
            self.reading = reading

    class Opened(Message, namespace="headlines_pane"):
        """The user opened `item_id`; `counted`: its row was here and counted read."""

        def __init__(self, item_id: int, counted: bool) -> None:
            super().__init__()
            self.item_id = item_id
            self.counted = counted

    class CountChange(Message, namespace="headlines_pane"):
        """The user changed an item of `feed_id`: unread and bookmark counts move."""

        def __init__(self, feed_id: int, *, unread: int = 0, bookmarks: int = 0) -> None:
            super().__init__()
            self.feed_id = feed_id
            self.unread = unread
            self.bookmarks = bookmarks

    class StateWritten(Message, namespace="headlines_pane"):
        """Read or bookmark state was written: saved-search counts may change."""

    class ListComplete(Message, namespace="headlines_pane"):
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
            return _("No feeds yet: press a to add a feed or a news page.")
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
                _("the best {count} results").format(count=count_text(headlines.total))
                if self._search_more
                else ngettext("{count} result", "{count} results", headlines.total).format(
                    count=count_text(headlines.total)
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
                count=count_text(headlines.total)
            )
            parts += [" · ", count]
        unread = sidebar.unread_in(self.spec)
        if unread is not None and self.spec.kind != "unread":
            parts += [", ", _("{count} unread").format(count=count_text(unread))]
        order = _("by date") if self.spec.sort == "date" else _("by views")
        parts += [" · ", order]
        title.update(Content.assemble(*parts), layout=False)

    # -- rows ----------------------------------------------------------------

    def row(self, item_id: int | None = None) -> HeadlineRow | None:
        """`item_id`'s row if it is loaded, else the one under the cursor."""
        if item_id is not None:
            row = self.headlines.rows.get(item_id)
            if row is not None:
                return row
        return self.headlines.current_row
