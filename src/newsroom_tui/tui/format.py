"""How a headline row is laid out in cells: pure functions, no widgets.

Widths are measured in terminal cells (rich's cell_len), never in
characters, so East Asian wide characters and Vietnamese combining marks keep
the columns aligned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from newsroom_tui.display import compact_views, format_date
from newsroom_tui.i18n import _
from newsroom_tui.query.lists import HeadlineRow
from newsroom_tui.text import shown_line

VIEWS_WIDTH = 6
MARK_WIDTH = 2


@lru_cache(maxsize=16)
def date_width(fmt: str) -> int:
    """The widest a date in this format gets (month and day names vary)."""
    widest = 0
    for month in range(1, 13):
        for day in range(22, 29):  # every weekday, two-digit days
            sample = datetime(2024, month, day, 23, 59, tzinfo=UTC)
            widest = max(widest, cell_len(format_date(sample, fmt)))
    return widest


# Anything clean_line would change: control and format characters, line breaks,
# runs of spaces, tabs. Most titles have none, and checking is 20x cheaper.
_UNCLEAN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\ud800-\udfff]|  "
)


def safe_line(text: str) -> str:
    """Feed text on one line with no control characters (the cache cleans it too;
    this guards the screen against a row that did not pass through the cache's edge)."""
    if _UNCLEAN.search(text) is None:
        return text.strip()
    return shown_line(text)


@lru_cache(maxsize=8192)
def date_text(moment: datetime, fmt: str) -> str:
    return format_date(moment, fmt)


@dataclass(frozen=True, slots=True)
class RowStyles:
    unread: Style
    read: Style
    date: Style
    views: Style
    feed: Style
    unread_mark: Style
    bookmark_mark: Style


@dataclass(frozen=True, slots=True)
class Columns:
    """Cell widths of one headline row for a given total width."""

    date: int
    title: int
    feed: int  # 0 when the feed column is not shown

    @classmethod
    @lru_cache(maxsize=64)
    def fit(cls, width: int, date_fmt: str, show_feed: bool) -> Columns:
        date = date_width(date_fmt)
        fixed = MARK_WIDTH + date + 1 + VIEWS_WIDTH + 1
        rest = max(0, width - fixed)
        feed = 0
        if show_feed and rest >= 50:  # below that the title needs every cell
            feed = min(24, max(12, rest // 4))
            rest -= feed + 1
        return cls(date=date, title=max(0, rest), feed=feed)


def fit_cells(text: str, width: int) -> str:
    """`text` made exactly `width` cells wide: padded, or cut with an ellipsis.

    Fast for the usual title, where every character is one cell; otherwise it
    walks the characters, so a wide character is never cut in half and a
    combining mark stays with its letter.
    """
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    if length == len(text):
        return text[: width - 1] + "…"
    kept: list[str] = []
    used = 0
    for character in text:
        size = get_character_cell_size(character)
        if used + size > width - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept) + " " * (width - 1 - used) + "…"


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words (a word
    longer than a line is cut with an ellipsis): a sentence in a narrow pane."""
    if width <= 0:
        return []
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word if cell_len(word) <= width else fit_cells(word, width)
    if line:
        lines.append(line)
    return lines


def headline_segments(
    row: HeadlineRow, width: int, *, date_fmt: str, show_feed: bool, styles: RowStyles
) -> list[Segment]:
    """One headline row as segments, exactly `width` cells wide.

    Built from plain strings rather than a rich Text: this runs for every row
    that scrolls into view, and a Text costs ten times as much to render.
    """
    cols = Columns.fit(width, date_fmt, show_feed)
    segments = [
        Segment("●" if not row.read else " ", styles.unread_mark),
        Segment("★" if row.bookmarked else " ", styles.bookmark_mark),
        # An undated item sorts by when it was first seen, but never poses as dated.
        Segment(
            fit_cells(date_text(row.date, date_fmt) if row.published else _("undated"), cols.date),
            styles.date,
        ),
        Segment(" " + compact_views(row.views).rjust(VIEWS_WIDTH) + " ", styles.views),
        Segment(
            fit_cells(safe_line(row.title), cols.title), styles.read if row.read else styles.unread
        ),
    ]
    if cols.feed:
        segments.append(Segment(" " + fit_cells(safe_line(row.feed_title), cols.feed), styles.feed))
    used = (
        MARK_WIDTH + cols.date + VIEWS_WIDTH + 2 + cols.title + (cols.feed + 1 if cols.feed else 0)
    )
    if used < width:
        segments.append(Segment(" " * (width - used)))
    return segments


def header_text(width: int, *, date_fmt: str, show_feed: bool, labels: dict[str, str]) -> Text:
    """The column titles above the headline list, aligned with `headline_segments`."""
    cols = Columns.fit(width, date_fmt, show_feed)
    text = Text(no_wrap=True, end="")
    text.append(" " * MARK_WIDTH)
    date = Text(labels["date"], end="")
    date.truncate(cols.date, overflow="ellipsis", pad=True)
    text.append_text(date)
    text.append(" ")
    views = Text(labels["views"], end="")
    views.truncate(VIEWS_WIDTH, overflow="ellipsis")
    text.append(" " * (VIEWS_WIDTH - views.cell_len))
    text.append_text(views)
    text.append(" ")
    title = Text(labels["title"], end="")
    title.truncate(cols.title, overflow="ellipsis", pad=True)
    text.append_text(title)
    if cols.feed:
        feed = Text(labels["feed"], end="")
        feed.truncate(cols.feed, overflow="ellipsis", pad=True)
        text.append(" ")
        text.append_text(feed)
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


MATCH_STYLE = Style(bold=True, reverse=True)


def highlighted_snippet(
    text: str, terms: list[str], width: int, style: Style = MATCH_STYLE
) -> Text:
    """A search result's snippet, `width` characters around its first match,
    with every matched word styled.

    The text is feed text: it becomes a plain `Text` (never markup), and the
    matches are styled by position, from the spans `snippet()` finds.
    """
    from newsroom_tui.store.search import snippet

    window, spans = snippet(safe_line(text), terms, width=max(20, width))
    line = Text(window, no_wrap=True, overflow="ellipsis", end="")
    for start, end in spans:
        line.stylize(style, start, end)
    return line
