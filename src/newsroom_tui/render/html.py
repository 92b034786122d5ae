"""Untrusted feed HTML into blocks for the reader (Rich text spans, no markup).

The text passes (sanitised HTML, plain text, search words) live in the pure
`newsroom_tui.htmltext`, which the fetch path uses without loading Rich; this
module adds `html_to_blocks` for `render.article` on the same tokenizer.
Nothing here ever builds Rich markup: inline text becomes `rich.text.Text`
spans with styles chosen from constants, never from the feed.
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

from rich.style import Style
from rich.text import Text

# The text passes are re-exported: callers that render also sanitise and extract text.
from newsroom_tui.htmltext import (  # noqa: F401
    ASCII_WHITESPACE,
    BLANK_LINES,
    BLOCK_TAGS,
    DROPPED_WITH_CONTENT,
    HEADINGS,
    LINK_SCHEMES,
    TOKEN_START,
    TOKEN_TEXT,
    VOID_TAGS,
    WHITESPACE,
    DroppedContent,
    attributes,
    html_to_search_text,
    html_to_text,
    sanitize_html,
    tokens,
)
from newsroom_tui.i18n import _
from newsroom_tui.text import clean_text, drop_invisible, shown_line

# --- Blocks for the renderer ----------------------------------------------

BlockKind = Literal["paragraph", "heading", "pre", "caption", "table", "rule"]

# Inline styles by tag. Styles come only from here, never from the feed.
_INLINE_STYLES: dict[str, Style] = {
    "b": Style(bold=True),
    "strong": Style(bold=True),
    "dt": Style(bold=True),
    "th": Style(bold=True),
    "em": Style(italic=True),
    "i": Style(italic=True),
    "cite": Style(italic=True),
    "dfn": Style(italic=True),
    "var": Style(italic=True),
    "figcaption": Style(italic=True),
    "u": Style(underline=True),
    "ins": Style(underline=True),
    "s": Style(strike=True),
    "strike": Style(strike=True),
    "del": Style(strike=True),
    "code": Style(color="green"),
    "kbd": Style(color="green"),
    "samp": Style(color="green"),
    "tt": Style(color="green"),
    "mark": Style(reverse=True),
    "h1": Style(bold=True, underline=True, color="magenta"),
    "h2": Style(bold=True, color="magenta"),
    "h3": Style(bold=True),
    "h4": Style(bold=True),
    "h5": Style(bold=True),
    "h6": Style(bold=True),
}
LINK_STYLE = Style(underline=True)
LINK_MARKER_STYLE = Style(color="cyan")
IMAGE_STYLE = Style(dim=True, italic=True)
QUOTE_BAR_STYLE = Style(dim=True)
_BULLETS = ("•", "◦", "▪")
# Deeper quotes and lists still render, without further indentation.
MAX_INDENT_LEVELS = 8


@dataclass(slots=True, eq=False)
class Indent:
    """One level of nesting around a block: a quote bar, a list marker, a plain indent.

    Blocks share Indent objects, so an ordered list can right-align its
    numbers once it knows how many items it has.
    """

    kind: Literal["quote", "item", "indent"]
    marker: str
    style: Style = field(default_factory=Style)

    @property
    def filler(self) -> str:
        """What continuation lines show at this level."""
        return self.marker if self.kind == "quote" else " " * len(self.marker)


@dataclass(slots=True)
class TableData:
    rows: list[list[Text]]
    header_rows: int = 0  # leading rows made of <th> cells or in <thead>
    caption: Text | None = None
    columns: int = 0  # cells in the longest row


@dataclass(slots=True)
class Block:
    """One paragraph-like unit; nesting is flattened into `indents`."""

    kind: BlockKind
    text: Text = field(default_factory=Text)
    indents: tuple[Indent, ...] = ()
    # Per indent: show its marker (bullet, number) on this block's first line.
    show_marker: tuple[bool, ...] = ()
    # No blank line before this block (list items, captions, definitions).
    tight: bool = False
    table: TableData | None = None
    # The block is one image and nothing else: its http(s) URL (the reader may
    # draw the picture in the placeholder's place).
    image: str | None = None


@dataclass(slots=True)
class ParsedBody:
    blocks: list[Block]
    links: list[str]  # links[0] is reference [1]
    # The http(s) sources of every <img> in the text, so pictures the item names
    # beside its text are drawn only when the text does not show them already.
    image_urls: frozenset[str] = frozenset()


def resolve_link(href: str | None, base_url: str | None = None) -> str | None:
    """An absolute http(s)/mailto URL for `href`, or None if it has no safe one."""
    if not href:
        return None
    # Browsers ignore tabs and newlines in URLs; other controls are dropped too.
    href = clean_text(href).replace("\n", "").replace("\t", "").strip()
    try:
        url = urljoin(base_url, href) if base_url else href
        if url.startswith("//"):  # protocol-relative with nothing to inherit from
            url = "https:" + url
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return url.replace(" ", "%20")


@dataclass(slots=True)
class _Frame:
    """An open element the builder must remember until its end tag."""

    tag: str
    style: Style  # combined inline style inside this element
    indent: Indent | None = None
    marker_pending: bool = False  # list item whose bullet is not shown yet
    items: list[Indent] | None = None  # <ol>: its items' indents, to align numbers
    count: int = 0  # list items opened so far
    link: str | None = None
    emitted_at: int = 0  # content counter when a link opened


@dataclass(slots=True)
class _TableBuild:
    data: TableData = field(default_factory=lambda: TableData(rows=[]))
    row: list[Text] | None = None
    in_head: bool = False
    header_flags: list[bool] = field(default_factory=list)
    row_all_th: bool = True
    depth: int = 1  # nested tables are flattened into the outer one's cells


class _BlockBuilder:
    """Turns a token stream into blocks; iterative, so any nesting depth is safe."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.links: dict[str, int] = {}
        self.frames: list[_Frame] = []
        self.open_count: dict[str, int] = {}
        self.indents: list[_Frame] = []  # frames that carry an Indent, outermost first
        self.style = Style()
        self.text = Text()
        self.at_start = True  # nothing on the current line yet
        # Line breaks at the end of `text`. Counted rather than read from
        # Text.plain, which joins the whole paragraph on every call.
        self.trailing_breaks = 0
        self.need_space = False  # whitespace seen since the last visible text
        # Style where that whitespace was, so the space before a link or a bold
        # word is not itself underlined or bold.
        self.space_style = Style()
        self.emitted = 0  # visible pieces appended so far
        self.kind: BlockKind = "paragraph"
        self.tight_next = False
        self.previous_list: _Frame | None = None  # outermost list around the last block
        self.pre = 0
        self.dropping = DroppedContent()
        self.skip = 0  # elements open in dropped content
        self.lists: list[_Frame] = []  # open <ul>/<ol>, outermost first
        self.table: _TableBuild | None = None
        self.images: list[str] = []  # http(s) sources of the current paragraph's images
        self.image_urls: set[str] = set()  # and of the whole text's

    # Inline content

    def add_text(self, raw: str) -> None:
        if self.skip:
            return
        chunk = drop_invisible(clean_text(htmllib.unescape(raw)))
        if self.pre:
            if chunk:
                self.text.append(chunk, self.style)
                self.at_start = chunk.endswith("\n")
                self.trailing_breaks = 0
                self.emitted += 1
            return
        words = WHITESPACE.sub(" ", chunk).strip(" ")
        if not words:
            if chunk:
                self._space_seen()
            return
        if chunk[0] in ASCII_WHITESPACE:
            self._space_seen()
        self._append(words, self.style)
        if chunk[-1] in ASCII_WHITESPACE:
            self._space_seen()

    def _space_seen(self) -> None:
        if not self.need_space:
            self.need_space = True
            self.space_style = self.style

    def _append(self, piece: str, style: Style) -> None:
        if self.need_space and not self.at_start:
            self.text.append(" ", self.space_style)
        self.text.append(piece, style)
        self.at_start = False
        self.need_space = False
        self.trailing_breaks = 0
        self.emitted += 1

    def _new_line(self, limit: int) -> None:
        """End the line, unless `text` is empty or ends in `limit` breaks already."""
        if self.text and self.trailing_breaks < limit:
            self.text.append("\n")
            self.trailing_breaks += 1
        self.at_start = True
        self.need_space = False

    def line_break(self) -> None:
        if self.pre:
            self.text.append("\n")
        else:
            self._new_line(limit=2)  # a run of <br> gives at most one blank line

    def image(self, attrs: str) -> None:
        values = attributes(attrs)
        alt = shown_line(values.get("alt", ""))
        src = resolve_link(values.get("src"), self.base_url)
        self.images.append(src if src and src.startswith(("http://", "https://")) else "")
        self.image_urls.add(self.images[-1])
        label = _("[Image: {alt}]").format(alt=alt) if alt else _("[Image]")
        self._space_seen()  # a placeholder reads as a word of its own
        self._append(label, self.style + IMAGE_STYLE)
        self._space_seen()

    # Blocks

    def flush(self) -> None:
        """End the current paragraph (or line of a table cell)."""
        if self.table is not None:
            self._new_line(limit=1)
            return
        text, self.text = self.text, Text()
        self.at_start, self.need_space, self.trailing_breaks = True, False, 0
        kind, self.kind = self.kind, "paragraph"
        images, self.images = self.images, []
        if kind == "pre":
            text = _trim_pre(text)
        else:
            text.rstrip()
        if text.plain.strip():
            # A paragraph that is only its image's placeholder stands for the image.
            alone = len(images) == 1 and len(text.spans) <= 1 and text.plain.startswith("[")
            self._add_block(Block(kind=kind, text=text, image=images[0] or None if alone else None))

    def _add_block(self, block: Block) -> None:
        # Items of one list (nested lists included) sit on consecutive lines;
        # anything else, a new list included, gets a blank line before it.
        outer_list = self.lists[0] if self.lists else None
        block.indents = tuple(f.indent for f in self.indents if f.indent)
        block.show_marker = tuple(f.marker_pending for f in self.indents)
        block.tight = self.tight_next or (
            outer_list is not None and outer_list is self.previous_list
        )
        for frame in self.indents:
            frame.marker_pending = False
        self.tight_next = False
        self.previous_list = outer_list
        self.blocks.append(block)

    # Tags

    def start(self, name: str, attrs: str) -> None:
        if self.dropping.start(name, attrs):
            self.skip = len(self.dropping.open)
            return
        if name == "br":
            self.line_break()
        elif name == "img":
            self.image(attrs)
        elif name == "hr":
            self.flush()
            if self.table is None:
                self._add_block(Block(kind="rule"))
        elif name in VOID_TAGS:
            pass
        elif name in _TABLE_TAGS or (self.table is not None and name == "caption"):
            if self._table_start(name):
                self._open(name, attrs)
        else:
            if name in BLOCK_TAGS:
                self.flush()
            self._open(name, attrs)

    def _open(self, name: str, attrs: str) -> None:
        if name in _SELF_CLOSING_SIBLINGS and self.frames and self.frames[-1].tag == name:
            self._close_to(name)  # an unclosed item ends where the next begins
        style = _INLINE_STYLES.get(name)
        frame = _Frame(tag=name, style=self.style + style if style else self.style)
        # Block kinds describe top-level blocks; set inside a table cell they
        # would leak to the first paragraph after the table.
        in_table = self.table is not None
        if name == "a":
            frame.link = resolve_link(attributes(attrs).get("href"), self.base_url)
            frame.emitted_at = self.emitted
            if frame.link:
                frame.style = frame.style + LINK_STYLE
        elif name == "q":
            self._append("“", self.style)
        elif name in HEADINGS and not in_table:
            self.kind = "heading"
        elif name == "pre":
            self.kind = self.kind if in_table else "pre"
            self.pre += 1
        elif name in ("ul", "ol"):
            self.lists.append(frame)
            if name == "ol":
                frame.items = []
        elif name == "li":
            self._open_item(frame)
        elif name == "blockquote":
            self._indent(frame, Indent("quote", "▌ ", QUOTE_BAR_STYLE))
        elif name == "dd":
            self.tight_next = True
            self._indent(frame, Indent("indent", "    "))
        elif name == "figcaption" and not in_table:
            self.tight_next = True
            self.kind = "caption"
        self.frames.append(frame)
        self.open_count[name] = self.open_count.get(name, 0) + 1
        self.style = frame.style

    def _open_item(self, frame: _Frame) -> None:
        owner = self.lists[-1] if self.lists else None
        if owner is None:  # a stray <li>: show it as a bullet anyway
            marker = _BULLETS[0]
        elif owner.items is not None:
            owner.count += 1
            marker = f"{owner.count}."
        else:
            marker = _BULLETS[(len(self.lists) - 1) % len(_BULLETS)]
        if self.table is not None:  # no indentation inside a cell: inline bullet
            self._append(marker, self.style)
            self._space_seen()
            return
        indent = Indent("item", marker + " ")
        if owner is not None and owner.items is not None:
            owner.items.append(indent)
        self._indent(frame, indent)
        frame.marker_pending = True

    def _indent(self, frame: _Frame, indent: Indent) -> None:
        if self.table is None and len(self.indents) < MAX_INDENT_LEVELS:
            frame.indent = indent
            self.indents.append(frame)

    def end(self, name: str) -> None:
        hidden = self.dropping.end(name)
        self.skip = len(self.dropping.open)
        if hidden:
            return
        if name in _TABLE_TAGS or (self.table is not None and name == "caption"):
            self._table_end(name)
            return
        if name in BLOCK_TAGS or name in HEADINGS:
            self.flush()
        if self.open_count.get(name):
            self._close_to(name)

    def _close_to(self, name: str) -> None:
        while self.frames:
            frame = self.frames.pop()
            self.open_count[frame.tag] -= 1
            self._close(frame)
            if frame.tag == name:
                break
        self.style = self.frames[-1].style if self.frames else Style()

    def _close(self, frame: _Frame) -> None:
        if frame.indent is not None and self.indents and self.indents[-1] is frame:
            self.flush()
            self.indents.pop()
        if frame.tag == "a":
            self._link_marker(frame)
        elif frame.tag == "q":
            self.text.append("”", frame.style)
        elif frame.tag == "pre":
            self.pre -= 1
        elif frame.tag in ("ul", "ol"):
            if self.lists and self.lists[-1] is frame:
                self.lists.pop()
            _align_numbers(frame.items)

    def _link_marker(self, frame: _Frame) -> None:
        if not frame.link or self.emitted == frame.emitted_at:
            return  # unsafe link, or an empty anchor (a named target, an icon)
        number = self.links.setdefault(frame.link, len(self.links) + 1)
        marker = f"[{number}]"
        if (
            self.table is None
            and not self.text  # holds only visible text, breaks after it and spaces between
            and self.blocks
            and self.blocks[-1].kind != "table"
        ):
            # The anchor wrapped whole blocks: put the marker after the last one.
            self.blocks[-1].text.append(marker, LINK_MARKER_STYLE)
            return
        self.text.append(marker, LINK_MARKER_STYLE)

    # Tables: rows of cells whose text is inline content; nested tables are
    # flattened into the outer table's cells.

    def _table_start(self, name: str) -> bool:
        """Handle a table tag; True if it also opens a frame (cells, captions)."""
        table = self.table
        if name == "table":
            self.flush()
            if table is not None:
                table.depth += 1
            else:
                self.table = _TableBuild()
                self.text = Text()  # stray text between cells lands here, discarded
                self.trailing_breaks = 0
            return False
        if table is None or table.depth > 1:
            # A cell outside any table, or inside a nested one: cells become
            # words and rows become lines of the enclosing cell.
            if name in ("td", "th"):
                self._space_seen()
            else:
                self.flush()
            return False
        if name == "thead":
            table.in_head = True
        elif name in ("tbody", "tfoot"):
            table.in_head = False
        elif name == "tr":
            self._start_row(table)
        elif name in ("td", "th", "caption"):
            self._close_cell()
            self.text = Text()
            self.trailing_breaks = 0
            if name == "caption":
                table.data.caption = self.text
            else:
                if table.row is None:
                    self._start_row(table)
                assert table.row is not None
                table.row.append(self.text)
                table.row_all_th = table.row_all_th and name == "th"
            self.at_start, self.need_space = True, False
            return True
        return False

    def _close_cell(self) -> None:
        """Close a cell left open, and anything still open inside it."""
        for tag in ("td", "th", "caption"):
            if self.open_count.get(tag):
                self._close_to(tag)

    def _start_row(self, table: _TableBuild) -> None:
        self._close_cell()
        self._end_row(table)
        table.row = []
        table.row_all_th = True

    def _end_row(self, table: _TableBuild) -> None:
        if table.row:
            for cell in table.row:
                cell.rstrip()
            table.data.rows.append(table.row)
            table.header_flags.append(table.in_head or table.row_all_th)
        table.row = None

    def _table_end(self, name: str) -> None:
        table = self.table
        if table is None or table.depth > 1:
            if table is not None and name == "table":
                table.depth -= 1
            if name not in ("td", "th"):
                self.flush()
            return
        if name == "tr":
            self._close_cell()
            self._end_row(table)
        elif name in ("td", "th", "caption"):
            self._close_cell()
            self.text = Text()  # until the next cell opens
            self.trailing_breaks = 0
        elif name == "thead":
            table.in_head = False
        elif name == "table":
            self._close_cell()
            self._end_row(table)
            self.table = None
            self.text = Text()
            self.at_start, self.need_space, self.trailing_breaks = True, False, 0
            self._finish_table(table.data, table.header_flags)

    def _finish_table(self, data: TableData, header_flags: list[bool]) -> None:
        if data.caption is not None:
            data.caption.rstrip()
            if not data.caption.plain:
                data.caption = None
        data.rows = [row for row in data.rows if any(cell.plain.strip() for cell in row)]
        if not data.rows:
            return
        header = 0
        while header < len(header_flags) and header_flags[header]:
            header += 1
        data.header_rows = min(header, len(data.rows))
        data.columns = max(len(row) for row in data.rows)
        self._add_block(Block(kind="table", table=data))

    def finish(self) -> ParsedBody:
        while self.table is not None:  # unclosed tables: keep what we have
            self._table_end("table")
        while self.frames:
            self._close_to(self.frames[-1].tag)
        self.flush()
        links = sorted(self.links, key=self.links.__getitem__)
        return ParsedBody(blocks=self.blocks, links=links, image_urls=frozenset(self.image_urls))


_TABLE_TAGS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})
# Elements that end an unclosed previous sibling of the same name.
_SELF_CLOSING_SIBLINGS = frozenset({"li", "dt", "dd", "p"})


def _align_numbers(items: list[Indent] | None) -> None:
    """Right-align ordered list numbers: " 9." above "10."."""
    if not items:
        return
    width = max(len(indent.marker) for indent in items)
    for indent in items:
        indent.marker = indent.marker.rjust(width)


def _trim_pre(text: Text) -> Text:
    """Drop the newline after <pre> (as HTML does) and trailing blank lines."""
    plain = text.plain
    lead = len(plain) - len(plain.lstrip("\n"))
    if lead:
        text = text[lead:]
    text.rstrip()
    return text


def _plain_blocks(text: str) -> ParsedBody:
    """Tagless input: one paragraph per blank-line-separated chunk."""
    blocks = []
    for paragraph in BLANK_LINES.split(drop_invisible(clean_text(htmllib.unescape(text)))):
        words = " ".join(paragraph.split())
        if words:
            blocks.append(Block(kind="paragraph", text=Text(words)))
    return ParsedBody(blocks=blocks, links=[])


# Longer articles are cut (at a tag boundary, by nh3) rather than left to
# freeze the reader; no real article comes near this.
MAX_RENDER_CHARS = 500_000


def html_to_blocks(html: str, base_url: str | None = None) -> ParsedBody:
    """Untrusted HTML as blocks of Rich text and numbered links (never markup)."""
    if not html:
        return ParsedBody(blocks=[], links=[])
    if "<" not in html:
        return _plain_blocks(html[:MAX_RENDER_CHARS])
    builder = _BlockBuilder(base_url)
    # The same tokens and element rules as the text passes (htmltext), read
    # straight from the feed's HTML: the builder only ever makes Text spans
    # with styles of its own and links it resolved itself, so there is
    # nothing left for a sanitiser to remove (html5ever, behind sanitize_html,
    # would also drop MathML).
    for kind, value, attrs, _start, _end in tokens(clean_text(html[:MAX_RENDER_CHARS])):
        if kind == TOKEN_TEXT:
            builder.add_text(value)
        elif kind == TOKEN_START:
            builder.start(value, attrs)
        else:
            builder.end(value)
    body = builder.finish()
    if len(html) > MAX_RENDER_CHARS:
        note = Text(_("[Article truncated: too long to show in full]"), IMAGE_STYLE)
        body.blocks.append(Block(kind="paragraph", text=note))
    return body
