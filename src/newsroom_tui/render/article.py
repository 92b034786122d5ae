"""An article as Rich renderables: header, body, numbered links; or plain text.

Shared by `newsroom show` and the reader pane. Every string from the feed
goes into `Text(...)` or `Text.append(...)` after `clean_text`; nothing is
ever parsed as console markup, and Rich's `link` style is never used, so a
feed cannot inject markup, hyperlinks or escape sequences. Links appear as
numbered references listed after the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import StringIO

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsroom_tui.display import format_views, shown_moment
from newsroom_tui.i18n import _
from newsroom_tui.models import Item
from newsroom_tui.render.html import (
    IMAGE_STYLE,
    LINK_MARKER_STYLE,
    Block,
    Indent,
    TableData,
    html_to_blocks,
)
from newsroom_tui.text import clean_line, shown_line

TITLE_STYLE = Style(bold=True)
META_STYLE = Style(dim=True)
URL_STYLE = Style(dim=True)
EMPTY_STYLE = Style(dim=True, italic=True)
SEPARATOR = " · "
# Below this many cells per column a table reads better as "header: value" lines.
MIN_COLUMN_WIDTH = 6


@dataclass(slots=True)
class RenderedArticle:
    renderable: RenderableType  # header (if any) + body + numbered link list
    links: list[str]  # links[0] is reference [1]; only http(s) and mailto


class Indented:
    """A renderable with a prefix before its first line and another before the rest.

    This is how quote bars, bullets and indents are drawn: nesting is
    flattened into one prefix per block, so arbitrarily deep HTML never turns
    into deeply nested renderables.
    """

    def __init__(self, first: Text, rest: Text, body: RenderableType) -> None:
        self.first = first
        self.rest = rest
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        first, rest = self.first, self.rest
        # Too narrow for the full prefix: keep its innermost levels.
        room = max(width // 2, 1)
        if max(first.cell_len, rest.cell_len) > room:
            first, rest = first[-room:], rest[-room:]
        prefix_width = max(first.cell_len, rest.cell_len)
        inner = max(width - prefix_width, 1)
        lines = console.render_lines(self.body, options.update_width(inner), pad=False)
        first_segments = list(first.render(console))
        rest_segments = list(rest.render(console))
        for number, line in enumerate(lines):
            yield from first_segments if number == 0 else rest_segments
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.first.cell_len + 1, options.max_width), options.max_width)


class TableView:
    """A table from a feed: a Rich Table, or stacked rows when too narrow for one."""

    def __init__(self, data: TableData) -> None:
        self.data = data

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.data.columns * (MIN_COLUMN_WIDTH + 1) + 1 > options.max_width:
            yield from self._stacked()
        else:
            yield self._table()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

    def _table(self) -> Table:
        data = self.data
        # Always Text, never str: Rich would parse a str caption or cell as markup.
        table = Table(
            title=data.caption,
            title_style=Style(italic=True),
            box=box.SIMPLE_HEAD if data.header_rows else box.SIMPLE,
            show_header=bool(data.header_rows),
            header_style=Style(bold=True),
            show_edge=False,  # no blank top and bottom lines around the table
            pad_edge=False,  # first column lines up with the text around it
            padding=(0, 1),
            collapse_padding=True,
        )
        header = data.rows[0] if data.header_rows else []
        for column in range(data.columns):
            label = header[column] if column < len(header) else Text()
            table.add_column(label, overflow="fold")
        for row in data.rows[1:] if data.header_rows else data.rows:
            table.add_row(*row, *(Text() for _missing in range(data.columns - len(row))))
        return table

    def _stacked(self) -> Iterator[RenderableType]:
        data = self.data
        if data.caption is not None:
            yield data.caption
        header = data.rows[0] if data.header_rows else []
        body = data.rows[1:] if data.header_rows else data.rows
        for number, row in enumerate(body):
            if number:
                yield Text()
            for column, cell in enumerate(row):
                label = header[column].plain.strip() if column < len(header) else ""
                line = Text(f"{label}: ", Style(bold=True)) if label else Text()
                yield line.append_text(cell)


def _prefix(indents: tuple[Indent, ...], show_marker: tuple[bool, ...]) -> tuple[Text, Text]:
    """First-line and continuation prefixes for a block nested in `indents`."""
    first, rest = Text(), Text()
    for indent, show in zip(indents, show_marker, strict=True):
        first.append(indent.marker if show else indent.filler, indent.style)
        rest.append(indent.filler, indent.style)
    return first, rest


def _gap(previous: Block, block: Block) -> Text:
    """The blank line between two blocks, keeping quote bars they share."""
    gap = Text()
    for before, after in zip(previous.indents, block.indents, strict=False):
        if before is not after:
            break
        gap.append(after.filler, after.style)
    gap.rstrip()
    return gap


def _block_body(block: Block, images: Mapping[str, RenderableType]) -> RenderableType:
    if block.image is not None and block.image in images:
        return images[block.image]
    if block.kind == "rule":
        return Rule(style=Style(dim=True))
    if block.kind == "table" and block.table is not None:
        return TableView(block.table)
    if block.kind == "pre":
        # Code and ASCII art keep their lines; too-long lines end in "…".
        block.text.no_wrap = True
        block.text.overflow = "ellipsis"
    return block.text


def _body_renderables(
    blocks: list[Block], images: Mapping[str, RenderableType]
) -> Iterator[RenderableType]:
    previous: Block | None = None
    for block in blocks:
        if previous is not None and not block.tight:
            yield _gap(previous, block)
        first, rest = _prefix(block.indents, block.show_marker)
        yield Indented(first, rest, _block_body(block, images))
        previous = block


def _pictures_beside(
    pictures: Sequence[tuple[str, str]], shown: frozenset[str], images: Mapping[str, RenderableType]
) -> Iterator[RenderableType]:
    """The item's pictures its text does not show (a feed's media:thumbnail beside a
    two-line summary): each drawn when it can be, else a placeholder, caption under."""
    for url, caption in pictures:
        if url in shown:
            continue
        caption = shown_line(caption)
        yield Text()
        if url in images:
            yield images[url]
            if caption:
                yield Text(caption, IMAGE_STYLE, justify="center")
        else:
            label = _("[Image: {alt}]").format(alt=caption) if caption else _("[Image]")
            yield Text(label, IMAGE_STYLE)


def _link_list(links: list[str]) -> Iterator[RenderableType]:
    if not links:
        return
    yield Text()
    yield Text(_("Links"), Style(bold=True))
    width = len(f"[{len(links)}] ")
    for number, url in enumerate(links, start=1):
        label = Text(f"[{number}]".ljust(width), LINK_MARKER_STYLE)
        # Long URLs fold onto continuation lines aligned after the number.
        yield Indented(label, Text(" " * width), Text(clean_line(url), overflow="fold"))


def render_body(
    html: str,
    base_url: str | None = None,
    images: Mapping[str, RenderableType] | None = None,
    pictures: Sequence[tuple[str, str]] = (),
) -> RenderedArticle:
    """The body of untrusted HTML and its numbered link list, without a header.

    `images` (image URL -> renderable) replaces the placeholders of those images;
    `pictures` (url, caption) the item shows follow the text, unless it shows them.
    """
    body = html_to_blocks(html, base_url)
    parts: list[RenderableType] = list(_body_renderables(body.blocks, images or {}))
    if not parts:
        parts.append(Text("This item has no text.", EMPTY_STYLE))
    parts.extend(_pictures_beside(pictures, body.image_urls, images or {}))
    parts.extend(_link_list(body.links))
    return RenderedArticle(renderable=Group(*parts), links=body.links)


def _local_time(moment: datetime, date_format: str) -> str:
    moment = shown_moment(moment)  # the user's zone, or a date-only value's own
    try:
        return moment.strftime(date_format)
    except (ValueError, OverflowError):  # a broken format from the config
        return moment.strftime("%Y-%m-%d %H:%M")


def _meta_line(item: Item, date_format: str) -> Text:
    """ "Feed · Author · 21/05/2024 08:30 · 739 views", skipping what is unknown."""
    feed, author = shown_line(item.feed_title), shown_line(item.author)
    # Many feeds name themselves as every item's author: say it once.
    parts = [feed, author if author.casefold() != feed.casefold() else ""]
    if item.published is not None:
        parts.append(_local_time(item.published, date_format))
    else:
        # Undated feeds: when we first fetched it is the best date we have.
        parts.append(_("first seen {date}").format(date=_local_time(item.first_seen, date_format)))
    if item.views is not None:
        parts.append(format_views(item.views))
    return Text(SEPARATOR.join(part for part in parts if part), META_STYLE)


def _header(item: Item, date_format: str) -> Iterable[RenderableType]:
    title = shown_line(item.title)
    yield Text(title, TITLE_STYLE) if title else Text(_("(untitled)"), TITLE_STYLE + META_STYLE)
    yield _meta_line(item, date_format)
    url = clean_line(item.url)
    if url:
        yield Text(url, URL_STYLE, overflow="fold")
    yield Rule(style=Style(dim=True))


def render_article(
    item: Item,
    html: str,
    *,
    date_format: str = "%d/%m/%Y %H:%M",
    images: Mapping[str, RenderableType] | None = None,
    pictures: Sequence[tuple[str, str]] = (),
) -> RenderedArticle:
    """Header (title, feed, date, views, URL), body and numbered links.

    Relative links in the body resolve against the item's own URL; `images`
    draws those images in place of their placeholders; `pictures` are the
    item's images (url, caption), the ones its text lacks shown after it.
    """
    body = render_body(html, base_url=item.url, images=images, pictures=pictures)
    renderable = Group(*_header(item, date_format), Text(), body.renderable)
    return RenderedArticle(renderable=renderable, links=body.links)


def render_plain(
    item: Item,
    html: str,
    *,
    width: int = 80,
    date_format: str = "%d/%m/%Y %H:%M",
    pictures: Sequence[tuple[str, str]] = (),
) -> str:
    """The article as plain text wrapped to `width`, for pipes and files.

    No styles, no trailing spaces; ends with a newline, ready to write out.
    """
    console = Console(
        file=StringIO(),
        width=max(width, 1),
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
        record=True,
        markup=False,
        emoji=False,
        highlight=False,
    )
    rendered = render_article(item, html, date_format=date_format, pictures=pictures)
    console.print(rendered.renderable)
    text = console.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
