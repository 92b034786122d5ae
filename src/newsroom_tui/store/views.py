"""Read queries for the reader's lists, built to stay fast at 100,000 items.

A *view* is what the headline list shows: All, Unread, Bookmarks, one feed,
one tag or a saved search (a live virtual feed), sorted by date or by views.
The reader loads a view in two steps: `view_window` returns the first rows
at once (a LIMIT query that walks an index), then `view_ids` returns the
whole ordered list of item ids, a snapshot the list pages through;
`headline_rows` fills in the rows on screen.
Keeping a snapshot means reading items in the Unread view, or a refresh
landing in the background, never shifts the rows under the cursor.

Counts for the sidebar come from two index-only queries (`view_counts`); the
reader keeps them and adjusts them as the user reads, instead of counting
again on every key.

Everything here takes a plain `sqlite3.Connection` opened by `store.db` and
knows nothing of any user interface.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

ViewKind = Literal["all", "unread", "bookmarks", "feed", "tag", "saved"]
SortOrder = Literal["date", "views"]

_ORDER = {
    "date": "sort_time DESC, id DESC",
    # NULL sorts lowest in SQLite, so items without a count come last, and this
    # order is exactly the items_views index (views DESC, sort_time DESC, rowid).
    "views": "views DESC, sort_time DESC, id ASC",
}

# Above this share of all items, a feed's "by views" window walks the views
# index and skips other feeds' rows, rather than sorting the whole feed.
_WALK_VIEWS_INDEX_SHARE = 0.08


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """Which items a headline list shows, and in what order."""

    kind: ViewKind = "all"
    feed_id: int | None = None
    tag: str | None = None
    sort: SortOrder = "date"
    saved_id: int | None = None  # a saved search: its id, and the query it runs
    query: str | None = None

    def sorted_by(self, sort: SortOrder) -> ViewSpec:
        return replace(self, sort=sort)

    @property
    def key(self) -> str:
        """A stable name for the source, independent of sort order."""
        if self.kind == "feed":
            return f"feed:{self.feed_id}"
        if self.kind == "tag":
            return f"tag:{self.tag}"
        if self.kind == "saved":
            return f"saved:{self.saved_id}"
        return self.kind


@dataclass(slots=True)
class HeadlineRow:
    """What one row of the headline list shows."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    url: str | None
    published: datetime | None
    sort_time: int
    views: int | None
    read: bool
    bookmarked: bool

    @property
    def date(self) -> datetime:
        """The date shown: published, else when the item was first seen."""
        return self.published or datetime.fromtimestamp(self.sort_time, UTC)


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


# -- the sidebar ----------------------------------------------------------


def sidebar_feeds(conn: sqlite3.Connection) -> list[SidebarFeed]:
    """Subscribed feeds with their fetch status and tags, in subscription order."""
    tags: dict[int, list[str]] = {}
    for feed_id, tag in conn.execute("SELECT feed_id, tag FROM feed_tags ORDER BY tag"):
        tags.setdefault(feed_id, []).append(tag)
    rows = conn.execute(
        "SELECT id, COALESCE(user_title, NULLIF(title, ''), url), url, site_url, "
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
    hidden = _hidden_feeds(conn)
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


# -- views ----------------------------------------------------------------


def _hidden_feeds(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM feeds WHERE subscribed = 0")]


def _filter(conn: sqlite3.Connection, spec: ViewSpec) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if spec.kind == "unread":
        clauses.append("read = 0")
    elif spec.kind == "bookmarks":
        clauses.append("bookmarked = 1")
    elif spec.kind == "feed":
        clauses.append("feed_id = ?")
        params.append(spec.feed_id)
    elif spec.kind == "tag":
        clauses.append("feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ?)")
        params.append(spec.tag)
    elif spec.kind == "saved":
        clause, saved_params = _saved_search_filter(spec.query or "")
        clauses.append(clause)
        params += saved_params
    if spec.kind != "bookmarks":
        hidden = _hidden_feeds(conn)
        if hidden:
            marks = ",".join("?" * len(hidden))
            clauses.append(f"NOT (feed_id IN ({marks}) AND bookmarked = 0)")
            params += hidden
    return (" AND ".join(clauses) or "1"), params


def _saved_search_filter(query: str) -> tuple[str, list[object]]:
    """The items a saved search matches, as a condition on `items.id`.

    The same conditions as `Cache.search` (every filter of the query language
    and the FTS5 match), so the virtual feed lists exactly what the search
    finds, sorted like any other view. A query that no longer parses matches
    nothing rather than failing the list.
    """
    from newsroom_tui.store.search import SearchSyntaxError, compile_query

    try:
        compiled = compile_query(query)
    except SearchSyntaxError:
        return "0", []
    where, params = compiled.conditions(with_match=True)
    sql = (
        "id IN (SELECT i.id FROM items i JOIN feeds f ON f.id = i.feed_id "
        f"WHERE {' AND '.join(where)})"
    )
    return sql, params


def _source(spec: ViewSpec, share: float | None) -> str:
    """The FROM clause, naming the index when SQLite's own choice would sort."""
    if spec.kind == "bookmarks" and spec.sort == "date":
        return "items INDEXED BY items_bookmarked"
    if (
        spec.kind in ("feed", "tag")
        and spec.sort == "views"
        and share is not None
        and share >= _WALK_VIEWS_INDEX_SHARE
    ):
        return "items INDEXED BY items_views"
    return "items"


def view_window(
    conn: sqlite3.Connection, spec: ViewSpec, limit: int, *, share: float | None = None
) -> list[int]:
    """The first `limit` item ids of a view: what the first screen needs, fast.

    `share` (the view's fraction of all items, when the caller knows it) lets a
    large feed sorted by views walk the views index instead of sorting.
    """
    where, params = _filter(conn, spec)
    sql = (
        f"SELECT id FROM {_source(spec, share)} WHERE {where} ORDER BY {_ORDER[spec.sort]} LIMIT ?"
    )
    return [r[0] for r in conn.execute(sql, [*params, limit])]


def view_ids(conn: sqlite3.Connection, spec: ViewSpec) -> array:
    """Every item id of a view, in order: the snapshot the list pages through.

    One row comes back (a JSON array built inside SQLite from the ordered
    subquery), which is about twice as fast as fetching 100,000 one-column rows.
    """
    where, params = _filter(conn, spec)
    source = "items INDEXED BY items_bookmarked" if spec.kind == "bookmarks" else "items"
    row = conn.execute(
        "SELECT json_group_array(id) FROM "
        f"(SELECT id FROM {source} WHERE {where} ORDER BY {_ORDER[spec.sort]})",
        params,
    ).fetchone()
    return array("q", json.loads(row[0]) if row and row[0] else [])


def position_of(ids: Sequence[int], item_id: int | None) -> int | None:
    """Where `item_id` sits in a view's id list, or None."""
    if item_id is None:
        return None
    try:
        return ids.index(item_id)
    except ValueError:
        return None


_ROW_COLUMNS = (
    "i.id, i.feed_id, COALESCE(f.user_title, NULLIF(f.title, ''), f.url), i.title, i.url, "
    "i.published, i.sort_time, i.views, i.read, i.bookmarked"
)


def headline_rows(conn: sqlite3.Connection, item_ids: Sequence[int]) -> dict[int, HeadlineRow]:
    """The rows for some item ids (those on or near the screen), by id."""
    if not item_ids:
        return {}
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM items i JOIN feeds f ON f.id = i.feed_id "
        "WHERE i.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(item_ids)),),
    )
    return {r[0]: _row(r) for r in rows}


def _row(r: Sequence) -> HeadlineRow:
    return HeadlineRow(
        id=r[0],
        feed_id=r[1],
        feed_title=r[2],
        title=r[3],
        url=r[4],
        published=datetime.fromtimestamp(r[5], UTC) if r[5] is not None else None,
        sort_time=r[6],
        views=r[7],
        read=bool(r[8]),
        bookmarked=bool(r[9]),
    )


def unread_ids(conn: sqlite3.Connection, item_ids: Sequence[int]) -> set[int]:
    """Which of these items are unread."""
    if not item_ids:
        return set()
    return {
        r[0]
        for r in conn.execute(
            "SELECT id FROM items WHERE read = 0 AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(item_ids)),),
        )
    }


def find_unread(
    conn: sqlite3.Connection,
    ids: Sequence[int],
    start: int,
    step: Literal[1, -1],
    *,
    overrides: dict[int, bool] | None = None,
    chunk: int = 400,
) -> int | None:
    """Index of the first unread item from `start` (inclusive) going `step`, or None.

    Reads state in chunks of ids, so the common case (an unread item nearby)
    costs one small query. `overrides` maps item id to read state for changes
    the caller made that may not be written yet.
    """
    overrides = overrides or {}
    position = start
    while 0 <= position < len(ids):
        if step > 0:
            indices = range(position, min(len(ids), position + chunk))
        else:
            indices = range(position, max(-1, position - chunk), -1)
        batch = [ids[k] for k in indices]
        unread = unread_ids(conn, batch)
        for k, item_id in zip(indices, batch, strict=True):
            read = overrides.get(item_id)
            if (not read) if read is not None else (item_id in unread):
                return k
        position = indices[-1] + step
    return None


def mark_read(conn: sqlite3.Connection, item_ids: Sequence[int], read: bool = True) -> int:
    """Set the read state of many items in one transaction; returns how many changed."""
    if not item_ids:
        return 0
    changed = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for start in range(0, len(item_ids), 20_000):
            chunk = json.dumps(list(item_ids[start : start + 20_000]))
            changed += conn.execute(
                "UPDATE items SET read = ? WHERE read != ? "
                "AND id IN (SELECT value FROM json_each(?))",
                (int(read), int(read), chunk),
            ).rowcount
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return changed


def tags_in_order(feeds: Sequence[SidebarFeed]) -> list[str]:
    """Tags as the sidebar groups them: alphabetical, case-insensitive."""
    return sorted({t for f in feeds for t in f.tags}, key=lambda t: (t.casefold(), t))


__all__ = [
    "Counts",
    "HeadlineRow",
    "SidebarFeed",
    "ViewSpec",
    "feed_ids_by_tag",
    "find_unread",
    "headline_rows",
    "mark_read",
    "position_of",
    "sidebar_feeds",
    "tags_in_order",
    "unread_ids",
    "view_counts",
    "view_ids",
    "view_window",
]
