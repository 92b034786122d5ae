"""The sidebar's knowledge: subscribed feeds and how many items each list holds.

Counts come from two index-only queries (`view_counts`); the reader keeps them
and adjusts them as the user reads, instead of counting again on every key.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsroom_tui.query.lists import ViewSpec, hidden_feeds
from newsroom_tui.store.db import feed_title


@dataclass(slots=True)
class SidebarFeed:
    """A subscribed feed as the sources pane lists it (counts live in `Counts`)."""

    id: int
    title: str
    url: str
    site_url: str | None
    tags: list[str]
    last_status: str
    last_error: str | None
    last_fetched: datetime | None
    gone: bool

    @property
    def failed(self) -> bool:
        return self.last_status == "error"


@dataclass(slots=True)
class Counts:
    """Item counts per feed, from which every sidebar number is summed."""

    total: dict[int, int] = field(default_factory=dict)
    unread: dict[int, int] = field(default_factory=dict)
    bookmarks: int = 0

    @property
    def all_total(self) -> int:
        return sum(self.total.values())

    @property
    def all_unread(self) -> int:
        return sum(self.unread.values())

    def unread_in(self, feed_ids: Iterable[int]) -> int:
        return sum(self.unread.get(f, 0) for f in set(feed_ids))

    def total_in(self, feed_ids: Iterable[int]) -> int:
        return sum(self.total.get(f, 0) for f in set(feed_ids))

    def adjust_unread(self, feed_id: int, delta: int) -> None:
        self.unread[feed_id] = max(0, self.unread.get(feed_id, 0) + delta)

    def size_of(self, spec: ViewSpec, feeds_by_tag: dict[str, list[int]]) -> int:
        """How many items `spec` shows, as far as these counts know."""
        if spec.kind == "unread":
            return self.all_unread
        if spec.kind == "bookmarks":
            return self.bookmarks
        if spec.kind == "feed" and spec.feed_id is not None:
            return self.total.get(spec.feed_id, 0)
        if spec.kind == "tag" and spec.tag is not None:
            return self.total_in(feeds_by_tag.get(spec.tag, []))
        if spec.kind == "saved":
            return 0  # unknown until its ids are read
        return self.all_total


def sidebar_feeds(conn: sqlite3.Connection) -> list[SidebarFeed]:
    """Subscribed feeds with their fetch status and tags, in subscription order."""
    tags: dict[int, list[str]] = {}
    for feed_id, tag in conn.execute("SELECT feed_id, tag FROM feed_tags ORDER BY tag"):
        tags.setdefault(feed_id, []).append(tag)
    rows = conn.execute(
        f"SELECT id, {feed_title()}, url, site_url, "
        "last_status, last_error, last_fetched, gone FROM feeds WHERE subscribed = 1 "
        "ORDER BY id"
    )
    return [
        SidebarFeed(
            id=r[0],
            title=r[1],
            url=r[2],
            site_url=r[3],
            tags=tags.get(r[0], []),
            last_status=r[4],
            last_error=r[5],
            last_fetched=datetime.fromtimestamp(r[6], UTC) if r[6] is not None else None,
            gone=bool(r[7]),
        )
        for r in rows
    ]


def view_counts(conn: sqlite3.Connection) -> Counts:
    """Per-feed totals and unread counts, and the number of bookmarks.

    Index-only counts (a feed_id index, and the partial index items_unread)
    plus a count over items_bookmarked: ~15 ms at 100,000 items, where
    counting unread items per feed row by row would read every row. One
    range count per feed is a quarter faster than a GROUP BY over the index.
    """
    counts = Counts()
    counts.total = _per_feed(
        conn, "SELECT f.id, (SELECT COUNT(*) FROM items WHERE feed_id = f.id) FROM feeds f"
    )
    counts.unread = _per_feed(
        conn,
        "SELECT f.id, (SELECT COUNT(*) FROM items INDEXED BY items_unread "
        "WHERE feed_id = f.id AND read = 0) FROM feeds f",
    )
    counts.bookmarks = conn.execute(
        "SELECT COUNT(*) FROM items INDEXED BY items_bookmarked WHERE bookmarked = 1"
    ).fetchone()[0]
    hidden = hidden_feeds(conn)
    if hidden:
        # An unsubscribed feed's rows stay only while bookmarked, and only those show.
        marks = ",".join("?" * len(hidden))
        kept = dict(
            conn.execute(
                f"SELECT feed_id, COUNT(*) FROM items WHERE feed_id IN ({marks}) "
                "AND bookmarked = 1 GROUP BY feed_id",
                hidden,
            )
        )
        kept_unread = dict(
            conn.execute(
                f"SELECT feed_id, COUNT(*) FROM items WHERE feed_id IN ({marks}) "
                "AND bookmarked = 1 AND read = 0 GROUP BY feed_id",
                hidden,
            )
        )
        for feed_id in hidden:
            counts.total[feed_id] = kept.get(feed_id, 0)
            counts.unread[feed_id] = kept_unread.get(feed_id, 0)
    return counts


def _per_feed(conn: sqlite3.Connection, sql: str) -> dict[int, int]:
    """Feed id -> count, leaving out the zeros (as a GROUP BY would)."""
    return {feed_id: count for feed_id, count in conn.execute(sql) if count}


def feed_ids_by_tag(feeds: Sequence[SidebarFeed]) -> dict[str, list[int]]:
    by_tag: dict[str, list[int]] = {}
    for feed in feeds:
        for tag in feed.tags:
            by_tag.setdefault(tag, []).append(feed.id)
    return by_tag


def tags_in_order(feeds: Sequence[SidebarFeed]) -> list[str]:
    """Tags as the sidebar groups them: alphabetical, case-insensitive."""
    return sorted({t for f in feeds for t in f.tags}, key=lambda t: (t.casefold(), t))


__all__ = [
    "Counts",
    "SidebarFeed",
    "feed_ids_by_tag",
    "sidebar_feeds",
    "tags_in_order",
    "view_counts",
]
