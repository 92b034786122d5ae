"""Messages workers post back to the main screen (they never touch widgets)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import RenderableType
from textual.message import Message
from textual.strip import Strip

from newsroom_tui.models import FetchResult, Item
from newsroom_tui.query.lists import HeadlineRow, ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed
from newsroom_tui.render.images import HalfBlockPicture
from newsroom_tui.service import SavedSearch


@dataclass
class SidebarLoaded(Message):
    feeds: list[SidebarFeed]
    counts: Counts
    saved: list[SavedSearch] = field(default_factory=list)


@dataclass
class CountsLoaded(Message):
    """The sidebar's counts, read after the first frame was shown."""

    counts: Counts
    saved: list[SavedSearch]


@dataclass
class SavedSearchesLoaded(Message):
    """The saved searches and their unread counts, after a change or a read.

    `notice` is said once it is shown (e.g. "Saved."); `error` says why the
    change the user asked for was refused (a duplicate name).
    """

    saved: list[SavedSearch]
    notice: str | None = None
    error: str | None = None


@dataclass
class NoteToEdit(Message):
    """An item's bookmark note, read so the note dialog can start from it."""

    item_id: int
    note: str


@dataclass
class NoteSaved(Message):
    item_id: int


@dataclass
class ViewPart(Message):
    """The first rows of a view, before its whole id list."""

    generation: int
    spec: ViewSpec
    ids: list[int]
    rows: dict[int, HeadlineRow]
    total: int
    complete: bool


@dataclass
class ViewFull(Message):
    """A view's whole ordered id list (and the rows around the cursor)."""

    generation: int
    spec: ViewSpec
    ids: Sequence[int]
    rows: dict[int, HeadlineRow]
    keep_item: int | None
    replace_rows: bool


@dataclass
class ArticleLoaded(Message):
    item: Item
    renderable: RenderableType
    links: list[str]
    lines: list[Strip]  # the article laid out `width` cells wide, by the worker
    width: int
    # The article's stored images, decoded, in order (for the full-screen view).
    pictures: list[tuple[HalfBlockPicture, str]] = field(default_factory=list)


@dataclass
class ItemOpenedUnread(Message):
    """An item opened before its row was loaded was unread: the list did not count it."""

    feed_id: int


@dataclass
class ArticleFailed(Message):
    item_id: int
    reason: str


@dataclass
class UnreadFound(Message):
    generation: int
    index: int | None
    step: int


@dataclass
class SearchResults(Message):
    generation: int
    query: str
    rows: list[HeadlineRow]
    snippets: dict[int, str]
    error: str | None = None
    terms: list[str] = field(default_factory=list)  # the words to highlight
    more: bool = False  # matches beyond the rows shown


@dataclass
class RefreshProgress(Message):
    done: int
    total: int
    result: FetchResult | None = None


@dataclass
class RefreshFinished(Message):
    results: list[FetchResult] = field(default_factory=list)
    error: str | None = None


@dataclass
class CacheChangedElsewhere(Message):
    """Another process wrote to the cache: the lists and counts are stale."""


@dataclass
class MarkedAllRead(Message):
    changed: int
    counts: Counts


@dataclass
class ItemStateStored(Message):
    """An item's read and bookmark state as the cache holds it after a write.

    `refused` says why the write was not stored (a read-only cache, a full
    disk); the list then shows what is stored, never what was asked.
    `bookmark_asked` is the bookmark state the write asked for, if it did.
    """

    item_id: int
    read: bool
    bookmarked: bool
    refused: str | None = None
    bookmark_asked: bool | None = None


@dataclass
class ReadRefused(Message):
    """Opening an item could not mark it read in the cache (`reason` says why)."""

    item_id: int
    reason: str
