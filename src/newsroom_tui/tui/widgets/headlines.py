"""The headline list: a virtual list that draws only the rows on screen.

It holds the view's ordered item ids (an `array`, 800 KB at 100,000 items)
and a cache of the rows near the screen; `render_line` draws a row from
that cache, or a placeholder while a worker loads it. There is never one
widget per row.

A view arrives in up to two parts: the first rows at once (`show_part`),
then the whole id list (`show_all`). The cursor is an index into the ids,
and follows its item whenever the list is replaced.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from newsroom_tui.i18n import _
from newsroom_tui.query.lists import HeadlineRow
from newsroom_tui.tui.format import RowStyles, header_text, headline_segments, wrap_cells
from newsroom_tui.tui.keymap import bindings_for
from newsroom_tui.tui.widgets.lines import set_virtual_height


def foreground_only(style: Style) -> Style:
    return Style(
        color=style.color,
        bold=style.bold,
        italic=style.italic,
        underline=style.underline,
        dim=style.dim,
        strike=style.strike,
    )


RowLoader = Callable[[Sequence[int]], dict[int, HeadlineRow]]

CHUNK = 100  # rows fetched per request
KEEP_ROWS = 20_000  # beyond this many cached rows, keep only those near the cursor


@dataclass(slots=True)
class _Part:
    start: int
    ids: array


class HeadlineList(ScrollView, can_focus=True, inherit_bindings=False):
    """Dated headlines with view counts; one line per item, drawn on demand.

    Its keys are the table's only (ScrollView's own scrolling keys are not
    inherited: they would scroll without moving the cursor)."""

    BINDINGS = bindings_for("headlines")

    COMPONENT_CLASSES = {
        "headlines--unread",
        "headlines--read",
        "headlines--date",
        "headlines--views",
        "headlines--feed",
        "headlines--unread-mark",
        "headlines--bookmark-mark",
        "headlines--cursor",
        "headlines--cursor-blurred",
        "headlines--placeholder",
        "headlines--empty",
    }

    DEFAULT_CSS = """
    HeadlineList {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    class CursorMoved(Message):
        """The cursor is on another item (or on none)."""

        def __init__(self, headlines: HeadlineList, item_id: int | None) -> None:
            super().__init__()
            self.headlines = headlines
            self.item_id = item_id

        @property
        def control(self) -> HeadlineList:
            return self.headlines

    class OpenItem(Message):
        """The user asked to open the item under the cursor."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    class RowsLoaded(Message):
        def __init__(self, generation: int, chunks: set[int], rows: dict[int, HeadlineRow]) -> None:
            super().__init__()
            self.generation = generation
            self.chunks = chunks
            self.rows = rows

    def __init__(
        self,
        *,
        loader: RowLoader,
        date_format: str,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.loader = loader
        self.date_format = date_format
        self.show_feed = True
        self.generation = 0
        self.total = 0
        self.complete = False
        self.cursor = 0
        self.rows: dict[int, HeadlineRow] = {}
        self.empty_message = ""
        self._full: array | None = None
        self._part: _Part | None = None
        self._pending: set[int] = set()
        self._lines: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: RowStyles | None = None
        self._after_complete: list[Callable[[], None]] = []
        self._base_style = Style()
        self._cursor_styles: dict[str, Style] = {"": Style(), "focus": Style(), "blur": Style()}

    # -- the data --------------------------------------------------------

    def begin(self) -> int:
        """Start loading a new view; returns its generation (stale results are dropped)."""
        self.generation += 1
        self._pending.clear()
        self._after_complete.clear()
        return self.generation

    def show_part(
        self,
        generation: int,
        start: int,
        ids: Sequence[int],
        rows: dict[int, HeadlineRow],
        total: int,
        *,
        complete: bool,
    ) -> None:
        """Show the first rows of a view at once, before the whole id list arrives."""
        if generation != self.generation:
            return
        self._full = array("q", ids) if complete else None
        self._part = None if complete else _Part(start, array("q", ids))
        self.complete = complete
        self.rows = dict(rows)
        self.total = len(ids) if complete else max(total, start + len(ids))
        self._set_cursor_quietly(0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._resize()
        if complete:
            self._run_after_complete()
        self.post_message(self.CursorMoved(self, self.current_id))

    def estimate_total(self, total: int) -> None:
        """How many rows the view will have, before its id list has arrived."""
        if not self.complete and total > self.total:
            self.total = total
            self._resize()

    def show_all(
        self,
        generation: int,
        ids: Sequence[int],
        rows: dict[int, HeadlineRow],
        *,
        keep_item: int | None = None,
        replace_rows: bool = False,
    ) -> None:
        """Replace the list with a view's full id list, keeping the cursor's item.

        `keep_item` names the item to keep under the cursor (by default the one
        there now); it stays on the same screen row, so a refresh does not jump.
        `replace_rows` drops cached rows (after a refresh they may be stale).
        """
        if generation != self.generation:
            return
        item = self.current_id if keep_item is None else keep_item
        screen_row = max(0, self.cursor - round(self.scroll_y))
        self._full = array("q", ids)
        self._part = None
        self.complete = True
        self.total = len(self._full)
        if replace_rows or len(self.rows) > KEEP_ROWS:
            self.rows = dict(rows)
        else:
            self.rows.update(rows)
        index = self.index_of(item)
        if index is None:
            index = min(self.cursor, max(0, self.total - 1))
        self._set_cursor_quietly(index)
        self._resize()
        self.scroll_to(y=max(0, index - screen_row), animate=False, immediate=True)
        self._ensure_cursor_visible()
        self._run_after_complete()
        self.post_message(self.CursorMoved(self, self.current_id))

    def show_rows(self, generation: int, rows: Sequence[HeadlineRow]) -> None:
        """Show a fixed list of rows (search results), all known up front."""
        self.show_part(
            generation,
            0,
            [r.id for r in rows],
            {r.id: r for r in rows},
            len(rows),
            complete=True,
        )

    def clear(self, message: str = "") -> None:
        self.begin()
        self._full = array("q")
        self._part = None
        self.complete = True
        self.total = 0
        self.rows = {}
        self.cursor = 0
        self.empty_message = message
        self._resize()
        self.post_message(self.CursorMoved(self, None))

    def id_at(self, index: int) -> int | None:
        if self._full is not None:
            return self._full[index] if 0 <= index < len(self._full) else None
        part = self._part
        if part is not None and part.start <= index < part.start + len(part.ids):
            return part.ids[index - part.start]
        return None

    def index_of(self, item_id: int | None) -> int | None:
        if item_id is None:
            return None
        ids = self._full if self._full is not None else (self._part.ids if self._part else None)
        if ids is None:
            return None
        try:
            found = ids.index(item_id)
        except ValueError:
            return None
        return found + (self._part.start if self._full is None and self._part else 0)

    @property
    def ids(self) -> array | None:
        """The whole ordered id list, once it is known."""
        return self._full

    @property
    def current_id(self) -> int | None:
        return self.id_at(self.cursor) if self.total else None

    @property
    def current_row(self) -> HeadlineRow | None:
        item_id = self.current_id
        return self.rows.get(item_id) if item_id is not None else None

    def when_complete(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the whole id list is here (now, if it already is)."""
        if self.complete:
            callback()
        else:
            self._after_complete.append(callback)

    def _run_after_complete(self) -> None:
        callbacks, self._after_complete = self._after_complete, []
        for callback in callbacks:
            callback()

    def update_row(self, row: HeadlineRow) -> None:
        """A row's state changed (read, bookmark): redraw it if it is on screen."""
        self.rows[row.id] = row
        index = self.index_of(row.id)
        if index is not None:
            self.refresh_line(index)

    def mark_all_read(self) -> None:
        for row in self.rows.values():
            row.read = True
        self._lines.clear()
        self.refresh()

    # -- the cursor ------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        if not self.total:
            return
        index = max(0, min(index, self.total - 1))
        if index == self.cursor:
            self._ensure_cursor_visible()
            return
        old = self.cursor
        self.cursor = index
        self.refresh_line(old)
        self.refresh_line(index)
        self._ensure_cursor_visible()
        self._prefetch_around(index)
        self.post_message(self.CursorMoved(self, self.current_id))

    def _set_cursor_quietly(self, index: int) -> None:
        self.cursor = max(0, min(index, max(0, self.total - 1)))

    def _ensure_cursor_visible(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.total - 1)

    def action_page_down(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + page, animate=False, immediate=True)
        self.move_cursor(self.cursor + page)

    def action_page_up(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=max(0, self.scroll_y - page), animate=False, immediate=True)
        self.move_cursor(self.cursor - page)

    def action_open(self) -> None:
        item_id = self.current_id
        if item_id is not None:
            self.post_message(self.OpenItem(item_id))

    async def _on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if not 0 <= index < self.total:
            return
        if index == self.cursor or event.chain > 1:
            self.move_cursor(index)
            self.action_open()
        else:
            self.move_cursor(index)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh_line(self.cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh_line(self.cursor)

    # -- loading rows ----------------------------------------------------

    def _prefetch_around(self, index: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        for chunk in range((index - height) // CHUNK, (index + 2 * height) // CHUNK + 1):
            if chunk >= 0:
                self._want_chunk(chunk)

    def _want_chunk(self, chunk: int) -> None:
        if chunk in self._pending:
            return
        ids = [
            item_id
            for k in range(chunk * CHUNK, min(self.total, (chunk + 1) * CHUNK))
            if (item_id := self.id_at(k)) is not None and item_id not in self.rows
        ]
        if not ids:
            return
        self._pending.add(chunk)
        self._load_rows(self.generation, chunk, ids)

    @work(thread=True, group="headline-rows", exit_on_error=False)
    def _load_rows(self, generation: int, chunk: int, ids: list[int]) -> None:
        rows = self.loader(ids)
        if not get_current_worker().is_cancelled:
            self.post_message(self.RowsLoaded(generation, {chunk}, rows))

    def on_headline_list_rows_loaded(self, message: RowsLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self._pending -= message.chunks
        if len(self.rows) > KEEP_ROWS:
            self._forget_far_rows()
        self.rows.update(message.rows)
        self.refresh()

    def _forget_far_rows(self) -> None:
        keep = {
            item_id
            for k in range(max(0, self.cursor - 2 * CHUNK), self.cursor + 3 * CHUNK)
            if (item_id := self.id_at(k)) is not None
        }
        self.rows = {i: r for i, r in self.rows.items() if i in keep}

    # -- drawing ---------------------------------------------------------

    def _resize(self) -> None:
        set_virtual_height(self, self.total)
        self._lines.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.total)
        self._lines.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._lines.clear()

    def _row_styles(self) -> RowStyles:
        if self._styles is None:
            style = self._foreground
            self._styles = RowStyles(
                unread=style("headlines--unread"),
                read=style("headlines--read"),
                date=style("headlines--date"),
                views=style("headlines--views"),
                feed=style("headlines--feed"),
                unread_mark=style("headlines--unread-mark"),
                bookmark_mark=style("headlines--bookmark-mark"),
            )
        return self._styles

    def _foreground(self, name: str) -> Style:
        """A component's text style with its colour blended onto the background.

        (A partial style keeps a translucent colour unblended, which washes out
        on a light theme; the background is left to the row, so the cursor shows.)
        """
        return foreground_only(self.get_component_rich_style(name))

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles once per repaint, not once per line.
        self._base_style = self.rich_style
        self._cursor_styles = {
            "": Style(),
            "focus": self.get_component_rich_style("headlines--cursor"),
            # Unfocused, the row keeps its colours on a faint highlight.
            "blur": Style(
                bgcolor=self.get_component_rich_style("headlines--cursor-blurred").bgcolor
            ),
        }
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._base_style
        if self.total == 0:
            # The sentence wraps between words at the pane's edge, under a blank line.
            lines = wrap_cells(self.empty_message, width - 4)
            if 1 <= y <= len(lines):
                line = Strip([Segment("  " + lines[y - 1], base)])
                return line.adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= self.total:
            return Strip.blank(width, base)
        item_id = self.id_at(index)
        row = self.rows.get(item_id) if item_id is not None else None
        cursor = ""
        if index == self.cursor:
            cursor = "focus" if self.has_focus else "blur"
        if row is None:
            self._want_chunk(index // CHUNK)
            return self._placeholder(width, base, cursor)
        key = (
            row.id,
            row.read,
            row.bookmarked,
            row.views,
            row.title,
            width,
            cursor,
            self.show_feed,
        )
        strip = self._lines.get(key)
        if strip is None:
            segments = headline_segments(
                row,
                width,
                date_fmt=self.date_format,
                show_feed=self.show_feed,
                styles=self._row_styles(),
            )
            # The cursor's colours go over the row's (post style), so its text
            # reads on the highlight in both themes.
            styled = Segment.apply_style(segments, base, self._cursor_style(cursor) or None)
            strip = Strip(list(styled), width).adjust_cell_length(
                width, base + self._cursor_style(cursor)
            )
            self._lines[key] = strip
        return strip

    def _cursor_style(self, cursor: str) -> Style:
        return self._cursor_styles[cursor]

    def _placeholder(self, width: int, base: Style, cursor: str) -> Strip:
        style = (
            base
            + self._foreground("headlines--placeholder")
            + Style(bgcolor=self._cursor_style(cursor).bgcolor)
        )
        return Strip([Segment("  " + _("loading…"), style)]).adjust_cell_length(width, style)


class HeadlineHeader(ScrollView):
    """The column titles above the list (a single line, aligned with the rows)."""

    DEFAULT_CSS = """
    HeadlineHeader {
        height: 1;
        overflow: hidden;
    }
    """

    def __init__(self, *, date_format: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.date_format = date_format
        self.show_feed = True
        self.sort = "date"
        self.list: HeadlineList | None = None  # whose column widths to follow

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        columns_width = self.list.scrollable_content_region.width if self.list else width
        arrow = " ▼"
        labels = {
            "date": _("Date") + (arrow if self.sort == "date" else ""),
            "views": _("Views") + ("▼" if self.sort == "views" else ""),
            "title": _("Title"),
            "feed": _("Feed"),
        }
        text = header_text(
            columns_width, date_fmt=self.date_format, show_feed=self.show_feed, labels=labels
        )
        return (
            Strip(list(text.render(self.app.console)), width)
            .adjust_cell_length(width, self.rich_style)
            .apply_style(self.rich_style)
        )

    def update_columns(self, *, show_feed: bool, sort: str) -> None:
        self.show_feed = show_feed
        self.sort = sort
        self.refresh()
