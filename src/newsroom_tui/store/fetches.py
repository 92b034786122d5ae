"""Storing what fetches brought: many feeds in one transaction, each feed
all-or-nothing, the feed's row and fetch log updated with its items, and a
write the disk refuses costing only the feeds that do not fit.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Literal

from newsroom_tui.store.failures import is_damaged, is_storage_failure, mark_damaged
from newsroom_tui.store.index import IndexRow
from newsroom_tui.store.merge import ItemMerge, StoreOutcome
from newsroom_tui.store.rows import ItemRow
from newsroom_tui.text import clean_line


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
    # A portal fetch: what it found (see subscriptions.FetchTarget), and that its items are
    # one with the same links in the user's other portal sources.
    portal_yield: int | None = None
    portal_fields: str | None = None
    shared_identity: bool = False


class FetchWrites(ItemMerge):
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
        rows = [(f"could not store: {exc}", int(time.time()), feed_id) for feed_id, exc in failures]
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
        now = int(time.time())
        outcomes: list[StoreOutcome | Exception] = []
        # FTS5 writes its pending terms out as a new segment at every savepoint
        # (one per feed here, each then merged again); so the feeds' index rows
        # wait and go in together, outside any savepoint, before the commit.
        to_index: dict[int, IndexRow] = {}
        staged_feeds: set[int] = set()
        with self._raw_transaction() as conn:
            for update in updates:
                if update.feed_id in staged_feeds or (update.shared_identity and to_index):
                    # Storing a feed again may unindex its items, and a portal
                    # source may update the items of another portal source (one
                    # item per link): the index must hold exactly what they were
                    # given, so in they go first.
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

    def _record_fetch(self, update: FeedUpdate, now: int, new_items: int) -> None:
        conn = self.conn
        sets = ["last_fetched = ?", "last_status = ?", "last_error = ?"]
        params: list[object] = [now, update.status, update.error]
        if update.status != "error":
            sets += ["etag = ?", "last_modified = ?", "retry_after = NULL", "gone = 0"]
            params += [update.etag, update.last_modified]
        title = clean_line(update.title)[:300] if update.title else ""
        if title:  # a source's own title is network text like any other: cleaned here, once
            sets.append("title = ?")
            params.append(title)
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
