"""The reader pane: the opened article, as lines drawn on demand.

Laying out an article with Rich (wrapping paragraphs, sizing tables) takes
10-40 ms for a long one, so the worker that loads the article also renders
it to lines at the pane's width (`render_lines`), and the pane only draws
the lines on screen. A resize renders again, here.

A picture is thousands of differently coloured cells. Each row of one is
made into a line (a Strip) once per width and kept with the picture; Rich
lays the article out with one marker per row in its place (see
render.images.RowMarkers). Opening an article whose pictures were drawn
before then builds no cell at all, and Textual's caches on those very lines
(the reader's style applied, the length fitted) still hold: the pictures add
little to what the text costs.
"""

from __future__ import annotations

import io
import threading
from typing import Any
from weakref import WeakKeyDictionary

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsroom_tui.i18n import _
from newsroom_tui.models import Article
from newsroom_tui.render.images import HalfBlockPicture, PictureCache
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.keymap import bindings_for
from newsroom_tui.tui.widgets.lines import set_virtual_height


class _PictureRows:
    """The markers one layout handed out: marker style -> (picture, key, row)."""

    def __init__(self) -> None:
        self.rows: dict[Style, tuple[HalfBlockPicture, tuple[int, int], int]] = {}

    def marker(self, picture: HalfBlockPicture, key: tuple[int, int], row: int) -> Style:
        style = _marker_style(len(self.rows))
        self.rows[style] = (picture, key, row)
        return style


_MARKERS: list[Style] = []
_MARKERS_LOCK = threading.Lock()


def _marker_style(number: int) -> Style:
    # The same few styles for every layout: made once, told apart by their meta.
    with _MARKERS_LOCK:
        while len(_MARKERS) <= number:
            _MARKERS.append(Style(meta={"newsroom-picture-row": len(_MARKERS)}))
        return _MARKERS[number]


# Each picture's rows as lines, by (key, row, what surrounds the row): built once.
_ROW_STRIPS: WeakKeyDictionary[HalfBlockPicture, dict[tuple[object, ...], Strip]] = (
    WeakKeyDictionary()
)
_ROW_STRIPS_LOCK = threading.Lock()


def _row_strip(
    picture: HalfBlockPicture, key: tuple[int, int], row: int, line: list[Segment], at: int
) -> Strip:
    before, after = tuple(line[:at]), tuple(line[at + 1 :])  # margin, quote bars
    with _ROW_STRIPS_LOCK:
        strips = _ROW_STRIPS.setdefault(picture, {})
        found = strips.get((key, row, before, after))
    if found is None:
        found = Strip(Segment.simplify([*before, *picture.lines(*key)[row], *after]))
        with _ROW_STRIPS_LOCK:
            if len(strips) > 400:  # a few widths' rows; an older width goes
                strips.clear()
            strips[(key, row, before, after)] = found
    return found


class _LayoutConsole(Console):
    """A console whose pictures lay out as row markers (HalfBlockPicture reads
    `picture_rows`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.picture_rows = _PictureRows()


def render_lines(renderable: RenderableType, width: int) -> list[Strip]:
    """`renderable` laid out `width` cells wide; safe to call from a worker thread."""
    width = max(1, width)
    console = _LayoutConsole(
        file=io.StringIO(),
        width=width,
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    options = console.options.update(width=width, highlight=False, markup=False)
    strips: list[Strip] = []
    lines = console.render_lines(renderable, options, pad=False)
    rows = console.picture_rows.rows  # filled while the lines were laid out
    for line in lines:
        at = next((n for n, s in enumerate(line) if s.style in rows), -1) if rows else -1
        if at < 0:
            strips.append(Strip(Segment.simplify(line)))
        else:
            picture, key, row = rows[line[at].style]  # type: ignore[index]
            strips.append(_row_strip(picture, key, row, line, at))
    return strips


NOTE_LABEL_STYLE = Style(bold=True, color="yellow")
NOTE_STYLE = Style(italic=True)


def with_note(renderable: RenderableType, note: str | None) -> RenderableType:
    """The article with the user's bookmark note as a line under its header.

    The note is the user's, but shown as plain Text all the same (never
    markup), like everything else in the reader.
    """
    note = safe_line(note or "")
    if not note:
        return renderable
    line = Text.assemble((_("Note:") + " ", NOTE_LABEL_STYLE), (note, NOTE_STYLE))
    if isinstance(renderable, Group):
        parts = list(renderable.renderables)
        # The header ends with a rule: the note goes just above it.
        at = next((k for k, part in enumerate(parts) if isinstance(part, Rule)), 0)
        parts.insert(at, line)
        return Group(*parts)
    return Group(line, Text(), renderable)


class ArticlePictures:
    """The pictures of opened articles, decoded once (in the loading worker) and kept
    for the last few articles, so opening one again or resizing never decodes again."""

    def __init__(self) -> None:
        self._cache = PictureCache()

    def for_article(self, newsroom: Newsroom, article: Article) -> dict[str, tuple[bytes, str]]:
        """What must be read from the cache: stored images not decoded yet, by URL
        (each read takes the store's turn; decoding comes after, outside it)."""
        if newsroom.config.display.images == "off":
            return {}
        wanted: dict[str, tuple[bytes, str]] = {}
        for image in article.images:
            url = image.get("url", "")
            if image.get("cached") and self._cache.get(url) is False:
                data = newsroom.image_bytes(url)
                if data is not None:
                    wanted[url] = (data, image.get("caption", ""))
        return wanted

    def decoded(
        self, article: Article, fresh: dict[str, tuple[bytes, str]]
    ) -> list[tuple[str, HalfBlockPicture, str]]:
        """(url, picture, caption) of the article's images that can be drawn, in order."""
        for url, (data, _caption) in fresh.items():
            self._cache.put(url, data)
        out: list[tuple[str, HalfBlockPicture, str]] = []
        for image in article.images:
            url = image.get("url", "")
            found = self._cache.get(url) if image.get("cached") else None
            if isinstance(found, HalfBlockPicture):
                out.append((url, found, safe_line(image.get("caption", ""))))
        return out


class Reader(ScrollView, can_focus=True, inherit_bindings=False):
    """Scrolls an article; j/k scroll it when it has focus (the table's keys only)."""

    BINDINGS = bindings_for("reader")

    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item_id: int | None = None
        self.links: list[str] = []
        self.pictures: list[tuple[HalfBlockPicture, str]] = []
        self._renderable: RenderableType = Text(self.placeholder_text())
        self._lines: list[Strip] = []
        self._width = 0
        self._line_style = Style()

    @staticmethod
    def placeholder_text() -> str:
        return "\n".join(
            [
                "",
                _("No article open."),
                "",
                _("j k ↑ ↓   move through the headlines"),
                _("enter     open the headline here"),
                _("space     read on; at the end, the next unread"),
                _("n p       next / previous unread"),
                _("/         search      s  sort by date or views"),
                _("tab       next pane   ?  every key"),
            ]
        )

    @property
    def content_width(self) -> int:
        """The width articles are laid out at (read by the loading worker too)."""
        return self.scrollable_content_region.width

    def show(
        self,
        item_id: int,
        renderable: RenderableType,
        links: list[str],
        lines: list[Strip] | None = None,
        width: int | None = None,
        pictures: list[tuple[HalfBlockPicture, str]] | None = None,
    ) -> None:
        """Show an article; `lines` are its lines at `width`, if a worker made them.

        Showing the open article again (its note changed) keeps the scroll position.
        """
        top = round(self.scroll_y) if item_id == self.item_id else 0
        self.item_id = item_id
        self.links = links
        self.pictures = pictures or []
        self._set(renderable, lines if width == self.content_width else None, top=top)

    def _set(self, renderable: RenderableType, lines: list[Strip] | None, top: int = 0) -> None:
        self._renderable = renderable
        self._width = self.content_width
        self._lines = lines if lines is not None else render_lines(renderable, self._width)
        set_virtual_height(self, len(self._lines))
        self.scroll_to(0, top, animate=False, immediate=True)
        self.refresh()

    def on_mount(self) -> None:
        self.call_after_refresh(self._relayout)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self) -> None:
        if self.content_width != self._width:
            self._width = self.content_width
            self._lines = render_lines(self._renderable, self._width)
            self.virtual_size = Size(self._width, len(self._lines))
            self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._line_style = self.rich_style  # once per repaint, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        style = self._line_style
        if 0 <= index < len(self._lines):
            return self._lines[index].apply_style(style).adjust_cell_length(width, style)
        return Strip.blank(width, style)

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    # Moving keys scroll the article.
    def action_cursor_down(self) -> None:
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_up(animate=False)

    def action_first(self) -> None:
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_view_image(self) -> None:
        """The open article's images full screen, the first one first."""
        if not self.pictures:
            self.notify(_("This article has no stored image."), markup=False)
            return
        from newsroom_tui.tui.screens.image_view import ImageView

        self.app.push_screen(ImageView(self.pictures))

    def action_open(self) -> None:
        """Enter in the reader does nothing more: the article is already open."""
