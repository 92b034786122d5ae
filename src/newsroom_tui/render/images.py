"""Pictures as terminal cells: each cell is "▀" with the upper pixel as its
foreground colour and the lower one as its background.

Half-blocks need nothing from the terminal but 24-bit (or 256) colour, so
they work over SSH, in tmux and screen, where graphics protocols (Kitty,
Sixel) are lost or garbled. A cell is about twice as tall as it is wide, so
one cell per pixel column and two pixel rows per cell keeps the picture's
proportions. Decoding (Pillow) runs where the caller runs it: the reader does
it in a worker; scaled cells are kept per width, so a redraw at the same
width costs nothing and a resize scales once. A layout that has its own
use for the rows (the reader keeps each row as a ready line) gives the
console a `picture_rows` (see RowMarkers): each row is then one marker
segment, so laying out a picture costs Rich one segment per row, not one
per cell.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from PIL.Image import Image

UPPER_HALF = "▀"
# A picture is decoded at most this large: a cell is one pixel wide and two
# tall, so even a 300-column full screen needs no more. A camera-sized JPEG
# decodes at 1/2, 1/4 or 1/8 scale straight to about this (draft mode).
DECODE_MAX_SIDE = 640
# Refused before decoding: a "decompression bomb" claims billions of pixels.
MAX_PIXELS = 50_000_000
# Inline pictures are at most this many rows tall (a tall poster stays
# readable in a scroll); full screen passes the screen's height.
INLINE_MAX_ROWS = 24
_BACKGROUND = (0, 0, 0)  # transparent pixels are drawn over this


def decode(data: bytes) -> Image | None:
    """The picture in `data` as RGB, shrunk to DECODE_MAX_SIDE, or None if it
    cannot be read (damaged, not an image, too many pixels)."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                return None
            # JPEG decodes at 1/2, 1/4 or 1/8 scale for free: far less memory and time.
            opened.draft("RGB", (DECODE_MAX_SIDE, DECODE_MAX_SIDE))
            opened.seek(0)  # animated GIF: the first frame
            transparent = "A" in opened.mode or "transparency" in opened.info
            picture = opened.convert("RGBA" if transparent else "RGB")
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        return None
    # BOX: every cell averages many pixels later anyway; the default filter here
    # was half of a photo's decode.
    picture.thumbnail((DECODE_MAX_SIDE, DECODE_MAX_SIDE), PILImage.Resampling.BOX)
    if not transparent:
        return picture
    flat = PILImage.new("RGB", picture.size, _BACKGROUND)
    flat.paste(picture, mask=picture.getchannel("A"))
    return flat


def cell_size(width: int, height: int, max_columns: int, max_rows: int) -> tuple[int, int]:
    """(columns, rows) a width x height picture takes, within the bounds, proportions kept.

    Never wider than the picture has pixels: a small icon is not blown up.
    """
    if width <= 0 or height <= 0 or max_columns <= 0 or max_rows <= 0:
        return (0, 0)
    columns = min(max_columns, width)
    pixel_rows = height * columns / width
    if pixel_rows > max_rows * 2:
        pixel_rows = max_rows * 2
        columns = max(1, round(width * pixel_rows / height))
    return (columns, max(1, round(pixel_rows / 2)))


class RowMarkers(Protocol):
    """A console's `picture_rows`: a style standing for row `row` of `picture`
    drawn with `key` (max columns, max rows), which the layout replaces by the row."""

    def marker(self, picture: HalfBlockPicture, key: tuple[int, int], row: int) -> Style: ...


def half_block_lines(picture: Image, max_columns: int, max_rows: int) -> list[list[Segment]]:
    """The picture as rows of "▀" cells, at most `max_columns` x `max_rows`."""
    from PIL import Image as PILImage

    columns, rows = cell_size(picture.width, picture.height, max_columns, max_rows)
    if not columns:
        return []
    scaled = picture.resize((columns, rows * 2), PILImage.Resampling.BOX)
    pixels = scaled.tobytes()
    stride = columns * 3
    styles: dict[tuple[int, ...], Style] = {}
    lines: list[list[Segment]] = []
    for row in range(rows):
        top = pixels[2 * row * stride : (2 * row + 1) * stride]
        bottom = pixels[(2 * row + 1) * stride : (2 * row + 2) * stride]
        line: list[Segment] = []
        for x in range(0, stride, 3):
            key = (*top[x : x + 3], *bottom[x : x + 3])
            style = styles.get(key)
            if style is None:
                style = styles[key] = Style(
                    color=Color.from_rgb(*key[:3]), bgcolor=Color.from_rgb(*key[3:])
                )
            line.append(Segment(UPPER_HALF, style))
        lines.append(list(Segment.simplify(line)))
    return lines


@dataclass(eq=False)
class HalfBlockPicture:
    """A decoded picture as a Rich renderable: as wide as it may be, centred."""

    picture: Image
    max_rows: int = INLINE_MAX_ROWS
    _by_width: OrderedDict[tuple[int, int], list[list[Segment]]] = field(
        default_factory=OrderedDict, repr=False
    )

    def lines(self, max_columns: int, max_rows: int | None = None) -> list[list[Segment]]:
        key = (max_columns, max_rows or self.max_rows)
        found = self._by_width.get(key)
        if found is None:
            found = self._by_width[key] = half_block_lines(self.picture, *key)
            while len(self._by_width) > 4:  # a few widths: the pane and full screen
                self._by_width.popitem(last=False)
        return found

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.height or self.max_rows)
        lines = self.lines(*key)
        # Every row is as wide as the picture's columns.
        used, _rows = cell_size(self.picture.width, self.picture.height, *key)
        margin = Segment(" " * ((options.max_width - used) // 2))
        markers: RowMarkers | None = getattr(console, "picture_rows", None)
        for row, line in enumerate(lines):
            if margin.text:
                yield margin
            if markers is not None:
                yield Segment(" " * used, markers.marker(self, key, row))
            else:
                yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        columns, _ = cell_size(
            self.picture.width, self.picture.height, options.max_width, self.max_rows
        )
        return Measurement(1, max(1, columns))


class PictureCache:
    """Decoded pictures by URL, the most recent few (the reader's open article and
    the one before): a picture is decoded once however often it is shown."""

    def __init__(self, size: int = 24) -> None:
        self._size = size
        self._pictures: OrderedDict[str, HalfBlockPicture | None] = OrderedDict()

    def get(self, url: str) -> HalfBlockPicture | bool | None:
        """The picture, None if it could not be decoded, False if not seen yet."""
        if url not in self._pictures:
            return False
        self._pictures.move_to_end(url)
        return self._pictures[url]

    def put(self, url: str, data: bytes) -> HalfBlockPicture | None:
        decoded = decode(data)
        picture = HalfBlockPicture(decoded) if decoded is not None else None
        self._pictures[url] = picture
        while len(self._pictures) > self._size:
            self._pictures.popitem(last=False)
        return picture
