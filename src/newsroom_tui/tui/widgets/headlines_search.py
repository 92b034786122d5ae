"""The headlines pane's search: as the user types, a worker reads the best
matches; the cursor row's snippet is read when the cursor reaches it."""

from __future__ import annotations

from textual import on, work
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from newsroom_tui.i18n import _
from newsroom_tui.query.lists import SortOrder
from newsroom_tui.tui.format import highlighted_snippet, safe_line
from newsroom_tui.tui.messages import SearchResults
from newsroom_tui.tui.widgets.headlines_marks import HeadlinesMarks

SEARCH_LIMIT = 500
SEARCH_DELAY = 0.25  # seconds of quiet typing before a search runs


class HeadlinesSearch(HeadlinesMarks):
    """The pane's search box and what it finds."""

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

    # -- snippets --------------------------------------------------------------

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

    class SnippetRead(Message, namespace="headlines_pane"):
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
