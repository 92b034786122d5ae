"""The headlines pane: its title, the search box, the column titles and the list.

It loads the list it is asked to show, searches as the user types, moves to
the next unread, and changes items' read and bookmark state; each job is a
layer of its own module (`headlines_view`: the list, its loading and title;
`headlines_marks`: read, bookmark, notes; `headlines_search`: the search),
and this last layer holds the cursor, opening, next unread and sorting.
Where the user is goes up as `ReadingChanged`; what it asks of other panes
(open an item, count a change) goes up as messages too. It reads the sources
pane's knowledge from the bound `sidebar`.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.worker import get_current_worker

from newsroom_tui.i18n import _
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.tui.messages import UnreadFound
from newsroom_tui.tui.widgets.headlines import HeadlineList
from newsroom_tui.tui.widgets.headlines_search import HeadlinesSearch


class HeadlinesPane(HeadlinesSearch):
    """The middle pane (its jobs in layers: see `headlines_view`)."""

    def show_view(self, spec: ViewSpec, *, keep_item: int | None = None) -> None:
        """Show `spec` (a source chosen, say); a search open is closed."""
        if self.searching:
            self._end_search(restore=False)
        if spec != self.spec:
            self._start_view(spec, keep_item=keep_item)

    # -- the cursor and opening ------------------------------------------------

    def on_headline_list_cursor_moved(self, message: HeadlineList.CursorMoved) -> None:
        message.stop()
        if self.searching:
            self._show_snippet(message.item_id)
        self._publish()

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
