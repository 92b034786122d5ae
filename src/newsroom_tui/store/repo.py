"""Reading and writing the cache: feeds, items, per-item state, fetch history.

Every method is synchronous and short; callers in the TUI run them in
workers. Writes that belong together run in one transaction, so a crash
leaves each feed either fully old or fully new.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar

from newsroom_tui.models import Feed
from newsroom_tui.store.articles import article_text, indexed_body
from newsroom_tui.store.db import (
    CacheError,
    explain,
    feed_title,
    is_damaged,
    is_storage_failure,
    mark_damaged,
    open_database,
)
from newsroom_tui.store.fold import index_fold
from newsroom_tui.store.rows import FUTURE_SLACK, ItemRow, decompress_html, decompress_text

# A published date this far ahead of when we first saw the item is not trusted
# for ordering (it would pin the item to the top for months).
_FUTURE_SLACK = FUTURE_SLACK


@dataclass(slots=True)
class FetchTarget:
    feed_id: int
    url: str
    etag: str | None
    last_modified: str | None
    title: str
    retry_after: int | None = None
    kind: str = "feed"
    mapping: str | None = None  # JSON, for portal sources read by a mapping
    # The last good fetch of a portal source: entries, fields they had, when.
    portal_yield: int | None = None
    portal_fields: str | None = None
    portal_good_at: int | None = None


@dataclass(slots=True)
class FeedUpdate:
    """What one fetch learned about a feed, stored in one transaction."""

    feed_id: int
    status: Literal["ok", "not_modified", "error"]
    rows: list[ItemRow] = field(default_factory=list)
    title: str | None = None
    site_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    new_url: str | None = None
    error: str | None = None
    http_status: int | None = None
    gone: bool = False
    retry_after: int | None = None
    duration_ms: int | None = None
    # A portal fetch: what it found (see FetchTarget), and that its items are
    # one with the same links in the user's other portal sources.
    portal_yield: int | None = None
    portal_fields: str | None = None
    shared_identity: bool = False


@dataclass(slots=True)
class StoreOutcome:
    new_items: int = 0
    updated_items: int = 0


_C = TypeVar("_C")
_T = TypeVar("_T")


def _now() -> int:
    return int(time.time())


def _dt(epoch: int | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else None


def _serialized(cls: type[_C]) -> type[_C]:
    """Every public method of `cls` runs whole under the instance's lock."""
    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not callable(method) or name in _UNLOCKED:
            continue
        setattr(cls, name, _locked(method))
    return cls


def _locked(method: Callable[..., _T]) -> Callable[..., _T]:
    @functools.wraps(method)
    def run(self: Cache, *args: object, **kwargs: object) -> _T:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


# Not locked as a whole: they lock what they use themselves (or nothing).
_UNLOCKED = frozenset({"open", "transaction", "connection", "reading"})


@_serialized
class Cache:
    """The store object: the cache file, its connections and its transactions.

    One connection (`conn`) serves short reads and every write. A lock makes
    each method and each transaction whole, so workers in several threads
    share one Cache and take no lock of their own (`connection()` lends the
    connection, locked, to a reader of its own). A read that may take tens of
    milliseconds (a whole list's ids, the sidebar's counts) takes a reader
    connection of its own from `reading()`: WAL lets it run beside the
    writes, so a long read never holds back opening an article.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        # Index rows of the feed being stored by store_updates, by item id. They
        # go in before the same feed is stored again (see store_updates), so a
        # changed item's old words, unindexed at once, are always in the index.
        self._staged: dict[int, tuple[str, str, str | bytes, str]] | None = None
        self._lock = threading.RLock()
        self._idle_readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, path: Path) -> Cache:
        return cls(open_database(path), path)

    def close(self) -> None:
        with self._readers_lock:
            self._closed = True
            readers, self._idle_readers = self._idle_readers, []
        for reader in readers:
            reader.close()
        self.conn.close()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The cache's own connection, for a short read no other thread interleaves."""
        with self._lock:
            yield self.conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection beside the cache's own, for a long read (WAL lets both run).

        Idle ones are kept for the next long read; a cache without a file
        (or closed) lends its own connection instead."""
        if self.path is None or self._closed:
            with self.connection() as conn:
                yield conn
            return
        with self._readers_lock:
            reader = self._idle_readers.pop() if self._idle_readers else None
        if reader is None:
            reader = open_database(self.path)
        try:
            yield reader
        finally:
            with self._readers_lock:
                keep = not self._closed
                if keep:
                    self._idle_readers.append(reader)
            if not keep:
                reader.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing. A write the file or its disk refused (full,
        read-only, damaged) raises CacheError saying so: it was not stored."""
        try:
            with self._raw_transaction() as conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            # A storage failure is always a DatabaseError; other sqlite3.Errors
            # (a closed connection, a bad API call) are bugs and propagate.
            if not is_storage_failure(exc):
                raise
            path = self.path or Path("newsroom.sqlite3")
            if is_damaged(exc) and self.path is not None:
                mark_damaged(self.path, str(exc))
            raise explain(exc, path) from None

    @contextmanager
    def _raw_transaction(self) -> Iterator[sqlite3.Connection]:
        # The lock is held to the end: no other thread's statement joins the write.
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # A failed write (disk full, I/O error) may have rolled the
                # transaction back already; ROLLBACK then would raise over the cause.
                if self.conn.in_transaction:
                    with suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise

    # -- feeds -------------------------------------------------------------

    def add_feed(
        self,
        url: str,
        *,
        title: str | None = None,
        tags: Iterable[str] = (),
        kind: str = "feed",
        mapping: str | None = None,
        full_text: str | None = None,
    ) -> tuple[int, bool]:
        """Subscribe to `url`; returns (feed id, whether it is a new subscription).

        `kind`, `mapping` (JSON) and `full_text` describe a portal source; adding
        one again with a new mapping replaces the old mapping."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id, subscribed FROM feeds WHERE url = ?", (url,)).fetchone()
            if row is None:
                feed_id = conn.execute(
                    "INSERT INTO feeds (url, user_title, added_at) VALUES (?, ?, ?)",
                    (url, title, _now()),
                ).lastrowid
                created = True
                if kind != "feed":
                    conn.execute(
                        "UPDATE feeds SET kind = ?, mapping = ?, full_text = ? WHERE id = ?",
                        (kind, mapping, full_text or "auto", feed_id),
                    )
            else:
                feed_id, created = row[0], not row[1]
                conn.execute(
                    "UPDATE feeds SET subscribed = 1, gone = 0, "
                    "user_title = COALESCE(?, user_title) WHERE id = ?",
                    (title, feed_id),
                )
                if kind != "feed":  # the source's new mapping replaces the old one
                    conn.execute(
                        "UPDATE feeds SET kind = ?, mapping = ?, full_text = COALESCE(?, full_text) "
                        "WHERE id = ?",
                        (kind, mapping, full_text, feed_id),
                    )
            conn.executemany(
                "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)",
                [(feed_id, tag) for tag in tags],
            )
        assert feed_id is not None
        return feed_id, created

    def remove_feed(self, feed_id: int) -> int:
        """Unsubscribe; deletes the feed's items except bookmarked ones. Returns items removed."""
        with self.transaction() as conn:
            doomed = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM items WHERE feed_id = ? AND bookmarked = 0", (feed_id,)
                )
            ]
            self._delete_items(doomed)
            kept = conn.execute(
                "SELECT COUNT(*) FROM items WHERE feed_id = ?", (feed_id,)
            ).fetchone()[0]
            if kept:
                # The row stays, hidden, so bookmarked items keep their feed's name.
                conn.execute("UPDATE feeds SET subscribed = 0 WHERE id = ?", (feed_id,))
            else:
                conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return len(doomed)

    def find_feed(self, ref: str) -> Feed | None:
        """A subscribed feed by id or URL."""
        ref = ref.strip()
        if ref.isdigit():
            return self.feed(int(ref))
        row = self.conn.execute(
            "SELECT id FROM feeds WHERE url = ? AND subscribed = 1", (ref,)
        ).fetchone()
        return self.feed(row[0]) if row else None

    def feed(self, feed_id: int) -> Feed | None:
        feeds = self.feeds(feed_ids=[feed_id])
        return feeds[0] if feeds else None

    def feeds(self, feed_ids: Sequence[int] | None = None) -> list[Feed]:
        where, params = "f.subscribed = 1", []
        if feed_ids is not None:
            where += f" AND f.id IN ({','.join('?' * len(feed_ids))})"
            params = list(feed_ids)
        rows = self.conn.execute(
            f"""
            SELECT f.id, f.url, COALESCE(f.user_title, NULLIF(f.title, ''), ''), f.site_url,
                   f.last_fetched, f.last_status, f.last_error, f.gone,
                   (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id AND i.read = 0),
                   (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id),
                   (SELECT group_concat(tag, char(31)) FROM
                        (SELECT tag FROM feed_tags t WHERE t.feed_id = f.id ORDER BY tag)),
                   f.kind
            FROM feeds f WHERE {where} ORDER BY f.id
            """,
            params,
        ).fetchall()
        return [
            Feed(
                id=r[0],
                url=r[1],
                title=r[2],
                site_url=r[3],
                last_fetched=_dt(r[4]),
                last_status=r[5],
                last_error=r[6],
                gone=bool(r[7]),
                unread=r[8],
                total=r[9],
                tags=r[10].split("\x1f") if r[10] else [],
                kind=r[11],
            )
            for r in rows
        ]

    def tags(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT t.tag FROM feed_tags t JOIN feeds f ON f.id = t.feed_id "
                "WHERE f.subscribed = 1 ORDER BY t.tag"
            )
        ]

    def fetch_targets(self, feed_ids: Sequence[int] | None = None) -> list[FetchTarget]:
        """Feeds to fetch: the named ones, or every subscribed feed not marked gone."""
        if feed_ids is None:
            where, params = "subscribed = 1 AND gone = 0", []
        else:
            where = f"subscribed = 1 AND id IN ({','.join('?' * len(feed_ids))})"
            params = list(feed_ids)
        return [
            FetchTarget(
                feed_id=r[0],
                url=r[1],
                etag=r[2],
                last_modified=r[3],
                title=r[4],
                retry_after=r[5],
                kind=r[6],
                mapping=r[7],
                portal_yield=r[8],
                portal_fields=r[9],
                portal_good_at=r[10],
            )
            for r in self.conn.execute(
                "SELECT id, url, etag, last_modified, "
                f"{feed_title()}, retry_after, kind, mapping, "
                "portal_yield, portal_fields, portal_good_at FROM feeds "
                f"WHERE {where} "
                "ORDER BY id",
                params,
            )
        ]

    # -- storing a fetch ---------------------------------------------------

    def store_update(self, update: FeedUpdate) -> StoreOutcome:
        """Record one fetch of one feed, items and all, atomically."""
        outcome = self.store_updates([update])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def store_updates(self, updates: Sequence[FeedUpdate]) -> list[StoreOutcome | Exception]:
        """Record several feeds' fetches, each feed all-or-nothing.

        One commit for many feeds is much cheaper for the search index than one
        each, so they go in together; a savepoint per feed keeps a feed's bad
        row from touching the others. When the file or its disk refuses the
        write (disk full, I/O error), the whole transaction is lost: then each
        feed is stored again in a transaction of its own, so only the feeds
        that do not fit are lost, and each of those is marked failed.
        """
        try:
            return self._store_together(updates)
        except sqlite3.Error as exc:
            if not is_storage_failure(exc):
                raise
            if is_damaged(exc):  # nothing more is written into a damaged file
                if self.path is not None:
                    mark_damaged(self.path, str(exc))
                return [exc] * len(updates)
            if len(updates) == 1:
                self._mark_unstored([(updates[0].feed_id, exc)])
                return [exc]
        outcomes: list[StoreOutcome | Exception] = []
        unstored: list[tuple[int, sqlite3.Error]] = []
        for update in updates:
            try:
                outcomes += self._store_together([update])
            except sqlite3.Error as exc:
                if not is_storage_failure(exc):
                    raise
                unstored.append((update.feed_id, exc))
                outcomes.append(exc)
        self._mark_unstored(unstored)
        return outcomes

    def _mark_unstored(self, failures: Sequence[tuple[int, sqlite3.Error]]) -> None:
        """Best effort: each feed's status says its fetch was not stored.

        Their validators stay as they were, so the next fetch downloads them
        in full again. One small write for all of them; if even that finds no
        room, a checkpoint that empties the WAL may make some."""
        if not failures:
            return
        rows = [(f"could not store: {exc}", _now(), feed_id) for feed_id, exc in failures]
        for attempt in range(2):
            try:
                with self._raw_transaction() as conn:
                    conn.executemany(
                        "UPDATE feeds SET last_status = 'error', last_error = ?, "
                        "last_fetched = ? WHERE id = ?",
                        rows,
                    )
                return
            except sqlite3.Error:
                if attempt == 0:
                    with suppress(sqlite3.Error):
                        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _store_together(self, updates: Sequence[FeedUpdate]) -> list[StoreOutcome | Exception]:
        now = _now()
        outcomes: list[StoreOutcome | Exception] = []
        # FTS5 writes its pending terms out as a new segment at every savepoint
        # (one per feed here, each then merged again); so the feeds' index rows
        # wait and go in together, outside any savepoint, before the commit.
        to_index: dict[int, tuple[str, str, str | bytes, str]] = {}
        staged_feeds: set[int] = set()
        with self._raw_transaction() as conn:
            for update in updates:
                if update.feed_id in staged_feeds:
                    # Storing a feed again may unindex its items: the index must
                    # hold exactly what they were given, so in they go first.
                    self._insert_index(to_index)
                    to_index, staged_feeds = {}, set()
                staged_feeds.add(update.feed_id)
                conn.execute("SAVEPOINT feed")
                self._staged = {}
                try:
                    outcome = StoreOutcome()
                    if update.status == "ok" and update.rows:
                        outcome = self._merge_items(
                            update.feed_id, update.rows, now, shared=update.shared_identity
                        )
                    self._record_fetch(update, now, outcome.new_items)
                except sqlite3.Error as exc:
                    if is_storage_failure(exc):
                        raise  # the transaction is lost: store_updates splits it
                    conn.execute("ROLLBACK TO feed")
                    outcomes.append(exc)
                else:
                    to_index.update(self._staged)
                    outcomes.append(outcome)
                finally:
                    self._staged = None
                conn.execute("RELEASE feed")
            self._insert_index(to_index)
        return outcomes

    def _insert_index(self, rows: dict[int, tuple[str, str, str | bytes, str]]) -> None:
        # The body may come as UTF-8 bytes (see ItemRow.index_body): CAST makes it text.
        self.conn.executemany(
            "INSERT INTO items_fts (rowid, title, summary, body, note) "
            "VALUES (?, ?, ?, CAST(? AS TEXT), ?)",
            [(item_id, *columns) for item_id, columns in rows.items()],
        )

    def _merge_items(
        self, feed_id: int, rows: list[ItemRow], now: int, *, shared: bool = False
    ) -> StoreOutcome:
        conn = self.conn
        outcome = StoreOutcome()
        keys = [r.dedup_key for r in rows]
        existing = self._existing(feed_id, keys)
        if shared:
            # A portal entry's key is its normalised link: the same article reached
            # through another portal source (a site's list page and its JSON API)
            # is the item that source stored first, updated, never a second one.
            existing = {**self._existing_elsewhere(feed_id, keys), **existing}
        existing.update(self._adopt_synced(feed_id, rows, existing))
        unknown = [row for row in rows if row.dedup_key not in existing]
        known_elsewhere = self._linked_across_kinds(feed_id, unknown, shared) if unknown else {}
        for row in rows:
            old = existing.get(row.dedup_key)
            if old is None and row.dedup_key in known_elsewhere:
                # The link is an item of a source of the other kind (the site's
                # feed and its list page): the source that stored it first keeps
                # it, text and all; this one brings only its view count and a
                # date the item lacked, so the two never take turns rewriting it.
                conn.execute(
                    "UPDATE items SET views = COALESCE(?, views), "
                    "published = COALESCE(published, ?) WHERE id = ?",
                    (row.views, row.published, known_elsewhere[row.dedup_key]),
                )
            elif old is None:
                self._insert_item(feed_id, row, now)
                outcome.new_items += 1
            elif old[1] != row.content_hash:
                self._update_item(old, row, now)
                outcome.updated_items += 1
            elif row.published is not None and row.published != old[4]:
                # The text hash leaves the date out, so an entry that gains a date
                # (or whose date was corrected) is updated here: date, its place
                # in the list, and the view count that came with it.
                conn.execute(
                    "UPDATE items SET published = ?, sort_time = ?, views = COALESCE(?, views) "
                    "WHERE id = ?",
                    (row.published, _sort_time(row.published, old[3]), row.views, old[0]),
                )
                outcome.updated_items += 1
            elif old[2] != row.views and row.views is not None:
                conn.execute("UPDATE items SET views = ? WHERE id = ?", (row.views, old[0]))
        return outcome

    def _adopt_synced(
        self, feed_id: int, rows: list[ItemRow], existing: dict[str, tuple]
    ) -> dict[str, tuple]:
        """Items a sync server sent before the feed itself was fetched here.

        The server gives no GUID, so such an item is keyed by its link; when the
        feed later gives it with a GUID it is the same item: it takes the GUID's
        key (and is then updated from the feed) instead of becoming a second row.
        """
        by_link = {
            "l:" + r.url: r for r in rows if r.guid and r.url and r.dedup_key not in existing
        }
        if (
            not by_link
            or not self.conn.execute(
                # A cache from before sync (tests build them) has no such table.
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_items'"
            ).fetchone()
        ):
            return {}
        adopted: dict[str, tuple] = {}
        for link_key, item_id, content_hash, views, first_seen in self.conn.execute(
            "SELECT dedup_key, id, content_hash, views, first_seen FROM items "
            "WHERE feed_id = ? AND guid IS NULL AND dedup_key IN (SELECT value FROM json_each(?)) "
            "AND id IN (SELECT item_id FROM sync_items)",
            (feed_id, json.dumps(list(by_link))),
        ).fetchall():
            row = by_link[link_key]
            self.conn.execute(
                "UPDATE items SET dedup_key = ?, guid = ? WHERE id = ?",
                (row.dedup_key, row.guid, item_id),
            )
            adopted[row.dedup_key] = (item_id, content_hash, views, first_seen)
        return adopted

    def merge_synced_items(self, feed_id: int, rows: Sequence[ItemRow]) -> list[tuple[int, bool]]:
        """Store items a sync server sent for one feed: (item id, whether new) for each.

        Call inside `transaction()`. An item the feed already holds (same key, or
        the same link when fetched here under another key) stays as it is, views
        and all: it is one item, known to both.
        """
        now = _now()
        existing = self._existing(feed_id, [r.dedup_key for r in rows])
        by_link: dict[str, int] | None = None
        out: list[tuple[int, bool]] = []
        for row in rows:
            old = existing.get(row.dedup_key)
            if old is not None:
                out.append((old[0], False))
                continue
            if row.url:
                if by_link is None:
                    by_link = {
                        url: item_id
                        for url, item_id in self.conn.execute(
                            "SELECT url, id FROM items WHERE feed_id = ? AND url IS NOT NULL",
                            (feed_id,),
                        )
                    }
                if row.url in by_link:
                    out.append((by_link[row.url], False))
                    continue
            item_id = self._insert_item(feed_id, row, now)
            existing[row.dedup_key] = (item_id, row.content_hash, row.views, now, row.published)
            if row.url and by_link is not None:
                by_link[row.url] = item_id
            out.append((item_id, True))
        return out

    def _existing(self, feed_id: int, keys: list[str]) -> dict[str, tuple]:
        found: dict[str, tuple] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for r in self.conn.execute(
                "SELECT dedup_key, id, content_hash, views, first_seen, published FROM items "
                f"WHERE feed_id = ? AND dedup_key IN ({','.join('?' * len(chunk))})",
                [feed_id, *chunk],
            ):
                found[r[0]] = r[1:]
        return found

    def _existing_elsewhere(self, feed_id: int, keys: list[str]) -> dict[str, tuple]:
        """Items with these link keys in the other portal sources."""
        others = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM feeds WHERE kind != 'feed' AND id != ?", (feed_id,)
            )
        ]
        found: dict[str, tuple] = {}
        for other in others:
            link_keys = [k for k in keys if k.startswith("l:") and k not in found]
            if not link_keys:
                break
            found.update(
                {k: v for k, v in self._existing(other, link_keys).items() if k not in found}
            )
        return found

    def _linked_across_kinds(
        self, feed_id: int, rows: list[ItemRow], portal: bool
    ) -> dict[str, int]:
        """Item ids, by the rows' keys, of items with the rows' links in sources
        of the other kind: feeds for a portal source's rows (`portal`), portal
        sources for a feed's. Asked only for rows this source does not hold."""
        from newsroom_tui.sources.links import normalise_link

        conn = self.conn
        kind = "= 'feed'" if portal else "!= 'feed'"
        try:
            others = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM feeds WHERE kind {kind} AND id != ?", (feed_id,)
                )
            ]
        except sqlite3.OperationalError:  # a cache older than portal sources (v10)
            return {}
        if not others:
            return {}
        found: dict[str, int] = {}
        if portal:
            # A feed's item keeps the link as the feed wrote it (no index on it:
            # this runs for entries new to the portal source only).
            by_url = {row.url: row.dedup_key for row in rows if row.url}
            urls = list(by_url)
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                for url, item_id in conn.execute(
                    f"SELECT url, id FROM items WHERE url IN ({','.join('?' * len(chunk))}) "
                    f"AND feed_id IN ({','.join('?' * len(others))})",
                    [*chunk, *others],
                ):
                    found.setdefault(by_url[url], item_id)
            return found
        # A portal source's key is the normalised link.
        by_key: dict[str, str] = {}
        for row in rows:
            link = normalise_link(row.url) if row.url else None
            if link:
                by_key.setdefault("l:" + link, row.dedup_key)
        for other in others:
            for key, old in self._existing(other, list(by_key)).items():
                found.setdefault(by_key[key], old[0])
        return found

    def _insert_item(self, feed_id: int, row: ItemRow, now: int) -> int:
        item_id = self.conn.execute(
            """
            INSERT INTO items (feed_id, dedup_key, guid, url, title, author, published,
                updated, first_seen, sort_time, views, summary, content_html, content_text,
                content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                feed_id,
                row.dedup_key,
                row.guid,
                row.url,
                row.title,
                row.author,
                row.published,
                row.updated,
                now,
                _sort_time(row.published, now),
                row.views,
                row.summary,
                row.content_zhtml,
                row.content_ztext,
                row.content_hash,
            ),
        ).lastrowid
        assert item_id is not None  # set by every successful INSERT
        self._index(item_id, row.title, row.summary, row.index_body, None)
        return item_id

    def _update_item(self, old: tuple, row: ItemRow, now: int) -> None:
        item_id, _hash, _old_views, first_seen, _published = old
        indexed = self._indexed(item_id)
        assert indexed is not None  # found by _existing in this transaction
        title, summary, text, note = indexed
        self._unindex(item_id, title, summary, text, note)
        self.conn.execute(
            """
            UPDATE items SET guid = ?, url = ?, title = ?, author = ?, published = ?,
                updated = ?, sort_time = ?, views = COALESCE(?, views), summary = ?,
                content_html = ?, content_text = ?, content_hash = ?
            WHERE id = ?
            """,
            (
                row.guid,
                row.url,
                row.title,
                row.author,
                row.published,
                row.updated,
                _sort_time(row.published, first_seen),
                row.views,
                row.summary,
                row.content_zhtml,
                row.content_ztext,
                row.content_hash,
                item_id,
            ),
        )
        body: str | bytes = row.index_body
        if extra := article_text(self.conn, item_id):  # the stored article stays indexed
            body = bytes(row.index_body) + b"\n" + index_fold(extra).encode("utf-8")
        self._index(item_id, row.title, row.summary, body, note)

    def _record_fetch(self, update: FeedUpdate, now: int, new_items: int) -> None:
        conn = self.conn
        sets = ["last_fetched = ?", "last_status = ?", "last_error = ?"]
        params: list[object] = [now, update.status, update.error]
        if update.status != "error":
            sets += ["etag = ?", "last_modified = ?", "retry_after = NULL", "gone = 0"]
            params += [update.etag, update.last_modified]
        if update.title:
            sets.append("title = ?")
            params.append(update.title)
        if update.site_url:
            sets.append("site_url = ?")
            params.append(update.site_url)
        if update.gone:
            sets.append("gone = 1")
        if update.retry_after is not None:
            sets.append("retry_after = ?")
            params.append(update.retry_after)
        if update.status == "ok" and update.portal_yield:
            sets += ["portal_yield = ?", "portal_fields = ?", "portal_good_at = ?"]
            params += [update.portal_yield, update.portal_fields, now]
        conn.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", [*params, update.feed_id])
        if update.new_url:
            # A permanent redirect: follow it next time, unless that URL is already a feed.
            conn.execute(
                "UPDATE OR IGNORE feeds SET url = ? WHERE id = ?", (update.new_url, update.feed_id)
            )
        conn.execute(
            "INSERT INTO fetch_log (feed_id, at, status, http_status, new_items, error, "
            "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                update.feed_id,
                now,
                update.status,
                update.http_status,
                new_items,
                update.error,
                update.duration_ms,
            ),
        )

    # -- the search index ---------------------------------------------------

    def _indexed(self, item_id: int) -> tuple[str, str, str, str | None] | None:
        """What the search index holds for an item: title, summary, body text, note."""
        row = self.conn.execute(
            "SELECT title, summary, content_text, content_html, bookmark_note FROM items "
            "WHERE id = ?",
            (item_id,),
        ).fetchone()
        if row is None:
            return None
        return (
            row[0],
            row[1],
            indexed_body(self.conn, item_id, decompress_text(row[2], row[3])),
            row[4],
        )

    # The index, for the article store (store/articles.py), which adds article text.
    def indexed(self, item_id: int) -> tuple[str, str, str, str | None] | None:
        return self._indexed(item_id)

    def unindex(self, item_id: int, title: str, summary: str, text: str, note: str | None) -> None:
        self._unindex(item_id, title, summary, text, note)

    def index_item(
        self, item_id: int, title: str, summary: str, folded_body: str | bytes, note: str | None
    ) -> None:
        self._index(item_id, title, summary, folded_body, note)

    def _index(
        self, item_id: int, title: str, summary: str, folded_body: str | bytes, note: str | None
    ) -> None:
        """Index an item; `folded_body` is index_fold()ed already, as str or UTF-8."""
        columns = (index_fold(title), index_fold(summary), folded_body, index_fold(note or ""))
        if self._staged is not None:
            self._staged[item_id] = columns
        else:
            self._insert_index({item_id: columns})

    def _unindex(self, item_id: int, title: str, summary: str, text: str, note: str | None) -> None:
        # A contentless index forgets a row only when told exactly what it indexed.
        self.conn.execute(
            "INSERT INTO items_fts (items_fts, rowid, title, summary, body, note) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            (
                item_id,
                index_fold(title),
                index_fold(summary),
                index_fold(text),
                index_fold(note or ""),
            ),
        )

    def _delete_items(self, item_ids: list[int]) -> None:
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT id, title, summary, content_text, content_html, bookmark_note "
                f"FROM items WHERE id IN ({marks})",
                chunk,
            ).fetchall():
                body = indexed_body(self.conn, r[0], decompress_text(r[3], r[4]))
                self._unindex(r[0], r[1], r[2], body, r[5])
            self.conn.execute(f"DELETE FROM items WHERE id IN ({marks})", chunk)

    # -- items ------------------------------------------------------------

    def set_read(self, item_ids: Sequence[int], read: bool = True) -> int:
        """Set the read state of many items in one transaction; returns how many changed."""
        if not item_ids:
            return 0
        changed = 0
        with self.transaction() as conn:
            for start in range(0, len(item_ids), 20_000):
                chunk = json.dumps(list(item_ids[start : start + 20_000]))
                changed += conn.execute(
                    "UPDATE items SET read = ? WHERE read != ? "
                    "AND id IN (SELECT value FROM json_each(?))",
                    (int(read), int(read), chunk),
                ).rowcount
        return changed

    def html(self, item_id: int) -> str:
        """An item's HTML as its feed gave it ("" for none)."""
        row = self.conn.execute(
            "SELECT content_html FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        return decompress_html(row[0]) if row else ""

    def mark_opened(self, item_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE items SET read = 1, opened_at = ? WHERE id = ?", (_now(), item_id))

    def set_bookmarked(self, item_id: int, bookmarked: bool, note: str | None = None) -> None:
        with self.transaction() as conn:
            row = self._indexed(item_id)
            if row is None:
                return
            new_note = (note if note is not None else row[3]) if bookmarked else None
            if new_note != row[3]:
                self._unindex(item_id, *row)
                self._index(item_id, row[0], row[1], index_fold(row[2]), new_note)
            conn.execute(
                "UPDATE items SET bookmarked = ?, bookmark_note = ? WHERE id = ?",
                (int(bookmarked), new_note, item_id),
            )

    def texts(self, item_ids: Sequence[int]) -> dict[int, str]:
        """Plain body text of items, for snippets."""
        if not item_ids:
            return {}
        marks = ",".join("?" * len(item_ids))
        return {
            item_id: decompress_text(text, html)
            for item_id, text, html in self.conn.execute(
                f"SELECT id, content_text, content_html FROM items WHERE id IN ({marks})",
                list(item_ids),
            )
        }

    def prune(self, max_age_days: int = 0, max_items_per_feed: int = 0) -> int:
        """Apply retention; bookmarked items are never removed. Returns items removed."""
        doomed: set[int] = set()
        if max_age_days > 0:
            cutoff = _now() - max_age_days * 86400
            doomed.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM items WHERE bookmarked = 0 AND sort_time < ?", (cutoff,)
                )
            )
        if max_items_per_feed > 0:
            doomed.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM (SELECT id, bookmarked, ROW_NUMBER() OVER ("
                    "PARTITION BY feed_id ORDER BY sort_time DESC, id DESC) AS n FROM items) "
                    "WHERE n > ? AND bookmarked = 0",
                    (max_items_per_feed,),
                )
            )
        if doomed:
            with self.transaction():
                self._delete_items(sorted(doomed))
        return len(doomed)

    # -- saved searches -----------------------------------------------------

    def saved_searches(self) -> list[tuple[int, str, str]]:
        """(id, name, query) of every saved search, by name."""
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute(
                "SELECT id, name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
            )
        ]

    def save_search(self, name: str, query: str) -> int:
        """Save (or replace the query of) the search called `name`."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query, _now()),
            )
            return conn.execute("SELECT id FROM saved_searches WHERE name = ?", (name,)).fetchone()[
                0
            ]

    def rename_search(self, search_id: int, name: str) -> bool:
        with self.transaction() as conn:
            return (
                conn.execute(
                    "UPDATE saved_searches SET name = ? WHERE id = ?", (name, search_id)
                ).rowcount
                > 0
            )

    def delete_search(self, search_id: int) -> bool:
        with self.transaction() as conn:
            return (
                conn.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount > 0
            )

    def integrity_problem(self) -> str | None:
        row = self.conn.execute("PRAGMA quick_check").fetchone()
        return None if row and row[0] == "ok" else (row[0] if row else "unknown")


def _sort_time(published: int | None, first_seen: int) -> int:
    if published is None or published > first_seen + _FUTURE_SLACK:
        return first_seen
    return published


__all__ = ["Cache", "CacheError", "FeedUpdate", "FetchTarget", "StoreOutcome"]
