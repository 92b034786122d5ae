"""Plain records shared by the fetcher, the cache, the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

FetchStatus = Literal["ok", "not_modified", "error"]
FeedStatus = Literal["ok", "not_modified", "error", "never"]
# "feed": RSS, Atom or JSON Feed; "html": a news list page; "json": a JSON API.
SourceKind = Literal["feed", "html", "json"]


@dataclass(slots=True)
class ParsedItem:
    """One entry as a parser read it; text already cleaned, HTML as given."""

    guid: str | None
    url: str | None
    title: str
    author: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    views: int | None = None
    summary_html: str = ""
    content_html: str = ""
    # (url, caption) of the pictures the entry names beside its text
    # (media:content, media:thumbnail, image enclosures): http(s) only.
    images: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFeed:
    title: str
    site_url: str | None
    items: list[ParsedItem]
    format: str
    # Set when the document was ill-formed but items could still be recovered.
    warning: str | None = None
    # True when every text was passed through text.clean_text by the parser,
    # as parse_feed's own parsers do; rows.item_rows then need not do it again.
    cleaned: bool = False


@dataclass(slots=True)
class Feed:
    id: int
    url: str
    title: str
    tags: list[str] = field(default_factory=list)
    unread: int = 0
    total: int = 0
    site_url: str | None = None
    last_fetched: datetime | None = None
    last_status: FeedStatus = "never"
    last_error: str | None = None
    gone: bool = False
    kind: SourceKind = "feed"

    @property
    def display_title(self) -> str:
        return self.title or self.url


@dataclass(slots=True)
class Item:
    """A cached headline: what lists and search results show."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    url: str | None
    published: datetime | None
    first_seen: datetime
    views: int | None
    read: bool
    bookmarked: bool
    summary: str
    author: str = ""
    note: str | None = None
    snippet: str | None = None


@dataclass(slots=True)
class Article:
    """An item with its stored body, for the reader and `show`."""

    item: Item
    html: str
    # "article": the fetched article page's text; "feed": what the feed gave.
    text_source: str = "feed"
    has_full_text: bool = False
    feed_html: str | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FetchResult:
    feed_id: int
    url: str
    status: FetchStatus
    new_items: int = 0
    updated_items: int = 0
    error: str | None = None
    title: str = ""
    # The fetch arrived but the disk had no room for it: about this many bytes
    # of rows (the CLI sums them into one line for all such feeds).
    unstored_bytes: int | None = None
    # Article pages stored for offline reading after this fetch.
    articles: int = 0
    images: int = 0
