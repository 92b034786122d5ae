"""Shared by the line widgets (headlines, reader): resizing without a relayout.

Setting a widget's `virtual_size` makes Textual lay out the whole screen
again (10-30 ms), though for a list that only got longer or shorter nothing
but its scrollbar changes. The headline list and the reader always show
their vertical scrollbar (`overflow-y: scroll`), so a new length never
changes any widget's region; `set_virtual_height` then updates the value and
the scrollbar and repaints the widget, and lays out only when it must.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_virtual_height(widget: ScrollView, height: int) -> None:
    size = Size(widget.scrollable_content_region.width, height)
    if size == widget.virtual_size:
        return
    fast = (
        widget.is_mounted
        and widget.size.height > 0
        and widget.styles.overflow_y == "scroll"
        and widget.show_vertical_scrollbar
        and size.width == widget.virtual_size.width
    )
    if not fast:
        widget.virtual_size = size
        return
    # The new length without the watcher (which lays out the screen), then the
    # scrollbar told the same, through its public reactives.
    widget.set_reactive(ScrollView.virtual_size, size)
    bar = widget.vertical_scrollbar
    bar.window_virtual_size = height
    bar.window_size = widget.container_size.height - widget.scrollbar_size_horizontal
    if widget.scroll_y > widget.max_scroll_y:
        widget.scroll_to(y=widget.max_scroll_y, animate=False, immediate=True)
    widget.refresh()
