"""The sync state machine: push the outbox, then pull subscriptions, items, state.

Local first. Every local read/star change is in `sync_outbox` (written by the
cache's triggers in the same transaction as the change), pushed in batches and
removed only once the server confirmed it. A pull applies the server's state
except where a local change is still pending (the local change wins). A pull
that would mark most unread items read at once is held until confirmed.
Any failure stops the run with a one-line reason; nothing local is lost.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsroom_tui.config import SyncConfig
from newsroom_tui.models import ParsedItem
from newsroom_tui.store.cache import Cache
from newsroom_tui.store.rows import item_row
from newsroom_tui.sync.greader import (
    READ,
    READING_LIST,
    STARRED,
    GReaderClient,
    RemoteItem,
    SyncError,
)
from newsroom_tui.text import clean_line

# The mass-read rail: a pull marking more than this share of the unread items
# read, and more than MASS_READ_MIN of them, waits for the user's yes.
MASS_READ_SHARE = 0.5
MASS_READ_MIN = 200
# Seconds of the server's clock a since-cursor reaches back (see pull_items).
CURSOR_OVERLAP = 60

Progress = Callable[[str], None]


@dataclass(slots=True)
class SyncReport:
    pulled_items: int = 0
    pushed_changes: int = 0
    pending: int = 0
    error: str | None = None
    # Items the server would mark read, held by the mass-read rail (0: none held).
    held_read: int = 0
    # Local items whose read or starred state the pull changed (not in the JSON:
    # the reader uses it to know whether its lists need reloading).
    changed_items: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "pulled_items": self.pulled_items,
            "pushed_changes": self.pushed_changes,
            "pending": self.pending,
            "error": self.error,
            "held_read": self.held_read,
        }


def read_password(config: SyncConfig, warn: Callable[[str], None] | None = None) -> str:
    """The password from the environment or the file; SyncError names what is missing."""
    if config.password_env:
        value = os.environ.get(config.password_env)
        if not value:
            raise SyncError(f"sync.password_env: ${config.password_env} is not set")
        return value
    path = Path(os.path.expanduser(config.password_file or ""))
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SyncError(f"sync.password_file: cannot read {path}: {exc.strerror}") from None
    if mode & stat.S_IROTH and warn is not None:
        warn(f"warning: {path} (sync.password_file) is readable by everyone: chmod 600 it")
    value = text.strip()
    if not value:
        raise SyncError(f"sync.password_file: {path} is empty")
    return value


def client_for(config: SyncConfig, password: str, timeout: float = 20.0) -> GReaderClient:
    # One protocol today; another (Miniflux, Fever) is one more module and branch.
    return GReaderClient(config.url, config.user, password, timeout=timeout)


def pending_count(cache: Cache) -> int:
    return cache.conn.execute("SELECT COUNT(*) FROM sync_outbox").fetchone()[0]


def last_success(cache: Cache) -> float | None:
    """When a sync last went through (epoch seconds), None if never."""
    row = cache.conn.execute("SELECT value FROM sync_state WHERE key = 'last_success'").fetchone()
    return float(row[0]) if row and row[0] else None


class SyncEngine:
    def __init__(
        self,
        cache: Cache,
        client: GReaderClient,
        *,
        apply_mass_read: bool = False,
        on_progress: Progress | None = None,
    ) -> None:
        self.cache = cache
        self.conn = cache.conn
        self.client = client
        self.apply_mass_read = apply_mass_read
        self._progress = on_progress or (lambda _stage: None)

    def run(self) -> SyncReport:
        report = SyncReport()
        try:
            self._progress("login")
            self.client.login()
            self._progress("push")
            report.pushed_changes = self.push()
            self._progress("subscriptions")
            # Pulled first, so a local feed the server already follows is matched by URL.
            self.push_subscriptions(self.pull_subscriptions())
            self._progress("items")
            report.pulled_items = self.pull_items()
            self._progress("state")
            report.held_read, report.changed_items = self.pull_state()
        except SyncError as exc:
            report.error = str(exc)
        report.pending = pending_count(self.cache)
        self._remember(report)
        self._progress("done")
        return report

    # -- state kept between runs -----------------------------------------------

    def _get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _remember(self, report: SyncReport) -> None:
        with self.cache.transaction():
            self._set("last_attempt", str(int(time.time())))
            if report.error is None:
                self._set("last_success", str(int(time.time())))
            self._set("last_error", report.error or "")

    # -- push ---------------------------------------------------------------

    def push(self) -> int:
        """Send the outbox, a batch per request; each batch leaves it once confirmed."""
        groups: dict[tuple[str, int], list[int]] = {}
        for remote_id, flag, value in self.conn.execute(
            "SELECT remote_id, flag, value FROM sync_outbox ORDER BY changed_at, remote_id"
        ):
            groups.setdefault((flag, value), []).append(remote_id)
        pushed = 0
        for (flag, value), ids in groups.items():
            tag = READ if flag == "read" else STARRED
            change = {"add": tag} if value else {"remove": tag}
            for batch in self.client.edit_tag(ids, **change):
                with self.cache.transaction() as conn:
                    # Only rows still saying what was sent: a newer change stays queued.
                    conn.execute(
                        "DELETE FROM sync_outbox WHERE flag = ? AND value = ? AND remote_id IN "
                        "(SELECT value FROM json_each(?))",
                        (flag, value, json.dumps(list(batch))),
                    )
                pushed += len(batch)
        return pushed

    def sync_subscriptions(self) -> str | None:
        """Only the subscriptions (after `add` or `remove`): the error, or None."""
        try:
            self.client.login()
            self.push_subscriptions(self.pull_subscriptions())
        except SyncError as exc:
            return str(exc)
        return None

    def push_subscriptions(self, on_server: set[str]) -> None:
        """Subscribe the server to local feeds it lacks; unsubscribe removed ones."""
        for key, _ in self.conn.execute(
            "SELECT key, value FROM sync_state WHERE key GLOB 'unsubscribe:*'"
        ).fetchall():
            stream_id = key.removeprefix("unsubscribe:")
            if stream_id in on_server:  # else gone already (another device, an earlier try)
                self.client.unsubscribe(stream_id)
            with self.cache.transaction() as conn:
                conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        local = self.conn.execute(
            "SELECT f.id, f.url, f.user_title, (SELECT MIN(tag) FROM feed_tags t "
            "WHERE t.feed_id = f.id) FROM feeds f WHERE f.subscribed = 1 AND f.kind = 'feed' "
            "AND (f.url GLOB 'http://*' OR f.url GLOB 'https://*') "
            "AND f.id NOT IN (SELECT feed_id FROM sync_feeds)"
        ).fetchall()
        for feed_id, url, title, folder in local:
            # The server's own stream id: a guessed one would not match the next pull,
            # which would then take the feed for unsubscribed elsewhere.
            stream_id = self.client.subscribe(url, folder=folder, title=title)
            if stream_id is None:
                continue  # local only for now; asked again at the next sync
            with self.cache.transaction() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO sync_feeds (stream_id, feed_id) VALUES (?, ?)",
                    (stream_id, feed_id),
                )

    # -- pull ---------------------------------------------------------------

    def pull_subscriptions(self) -> set[str]:
        """The server's feeds become sources (folders: tags). Returns its stream ids."""
        subs = self.client.subscriptions()
        leaving = {
            r[0]
            for r in self.conn.execute("SELECT key FROM sync_state WHERE key GLOB 'unsubscribe:*'")
        }
        gone: list[int] = []
        with self.cache.transaction() as conn:
            mapped = dict(conn.execute("SELECT stream_id, feed_id FROM sync_feeds"))
            seen: set[str] = set()
            for sub in subs:
                if f"unsubscribe:{sub.stream_id}" in leaving:
                    continue
                seen.add(sub.stream_id)
                feed_id = mapped.get(sub.stream_id)
                if feed_id is None:
                    row = conn.execute("SELECT id FROM feeds WHERE url = ?", (sub.url,)).fetchone()
                    if row is None:
                        feed_id = conn.execute(
                            "INSERT INTO feeds (url, title, site_url, added_at) VALUES (?, ?, ?, ?)",
                            (sub.url, clean_line(sub.title), sub.site_url, int(time.time())),
                        ).lastrowid
                    else:
                        feed_id = row[0]
                    # A stream id seen again under another feed (a moved URL) follows the feed.
                    conn.execute(
                        "INSERT OR REPLACE INTO sync_feeds (stream_id, feed_id) VALUES (?, ?)",
                        (sub.stream_id, feed_id),
                    )
                conn.execute("UPDATE feeds SET subscribed = 1 WHERE id = ?", (feed_id,))
                if sub.title:
                    conn.execute(
                        "UPDATE feeds SET title = ? WHERE id = ? AND title = ''",
                        (clean_line(sub.title), feed_id),
                    )
                # Folders are tags; the server's folders win (a renamed folder renames the tag).
                conn.execute("DELETE FROM feed_tags WHERE feed_id = ?", (feed_id,))
                conn.executemany(
                    "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)",
                    [(feed_id, clean_line(f)) for f in sub.folders if clean_line(f)],
                )
            for stream_id, feed_id in mapped.items():
                if stream_id not in seen and f"unsubscribe:{stream_id}" not in leaving:
                    conn.execute("DELETE FROM sync_feeds WHERE stream_id = ?", (stream_id,))
                    gone.append(feed_id)
        for feed_id in gone:
            # Unsubscribed on the server (another device): here too; bookmarks stay.
            self.cache.remove_feed(feed_id)
        return {sub.stream_id for sub in subs}

    def pull_items(self) -> int:
        """Items the server added since the cursor: their ids first (small), then
        the contents of those not held yet, a batch per transaction. Returns items added."""
        cursor = self._get("cursor")
        # An overlap: the server numbers an item when it fetched it but may show it
        # later (at the end of its refresh). Ids already held cost only their id.
        since = max(int(cursor) - CURSOR_OVERLAP, 1) if cursor else None
        feeds = dict(self.conn.execute("SELECT stream_id, feed_id FROM sync_feeds"))
        listed = self.client.item_ids(READING_LIST, since=since)
        server_time = self.client.server_time
        # Newest first, so a long first sync shows today's news first.
        fresh = sorted(listed - self._known(list(listed)), reverse=True)
        added = 0
        for page in self.client.items_by_id(fresh):
            added += self._store_page(page, feeds)
        if server_time is not None:
            with self.cache.transaction():
                self._set("cursor", str(server_time))
        return added

    def _store_page(self, page: Sequence[RemoteItem], feeds: dict[str, int]) -> int:
        by_feed: dict[int, list[RemoteItem]] = {}
        for item in page:
            feed_id = feeds.get(item.stream_id)
            if feed_id is not None:
                by_feed.setdefault(feed_id, []).append(item)
        known = self._known([i.remote_id for i in page])
        added = 0
        with self.cache.transaction() as conn:
            for feed_id, items in by_feed.items():
                fresh = [i for i in items if i.remote_id not in known]
                if not fresh:
                    continue
                rows = [item_row(_parsed(i)) for i in fresh]
                stored = self.cache.merge_synced_items(feed_id, rows)
                for item, (item_id, new) in zip(fresh, stored, strict=True):
                    conn.execute(
                        "INSERT OR REPLACE INTO sync_items (remote_id, item_id) VALUES (?, ?)",
                        (item.remote_id, item_id),
                    )
                    pending = {
                        r[0]
                        for r in conn.execute(
                            "SELECT flag FROM sync_outbox WHERE remote_id = ?", (item.remote_id,)
                        )
                    }
                    # The server's state for an item new to us (or newly matched by link):
                    # no outbox rows, these are not local changes.
                    sets = []
                    if "read" not in pending and (new or item.read):
                        sets.append(f"read = {int(item.read)}")
                    if "starred" not in pending and (new or item.starred):
                        sets.append(f"bookmarked = {int(item.starred)}")
                    if sets:
                        conn.execute(f"UPDATE items SET {', '.join(sets)} WHERE id = ?", (item_id,))
                        conn.execute(
                            "DELETE FROM sync_outbox WHERE remote_id = ? AND flag NOT IN "
                            "(SELECT value FROM json_each(?))",
                            (item.remote_id, json.dumps(sorted(pending))),
                        )
                    added += new
        return added

    def _known(self, remote_ids: Sequence[int]) -> set[int]:
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT remote_id FROM sync_items WHERE remote_id IN "
                "(SELECT value FROM json_each(?))",
                (json.dumps(list(remote_ids)),),
            )
        }

    def pull_state(self) -> tuple[int, int]:
        """Apply the server's read and starred lists: (items held by the rail, items changed)."""
        unread = self.client.item_ids(READING_LIST, exclude=READ)
        starred = self.client.item_ids(STARRED)
        held = 0
        with self.cache.transaction() as conn:
            pending = set(conn.execute("SELECT remote_id, flag FROM sync_outbox"))
            to_read: list[int] = []
            to_unread: list[int] = []
            to_star: list[int] = []
            to_unstar: list[int] = []
            for remote_id, item_id, read, bookmarked in conn.execute(
                "SELECT s.remote_id, i.id, i.read, i.bookmarked FROM sync_items s "
                "JOIN items i ON i.id = s.item_id"
            ):
                if (remote_id, "read") not in pending:
                    server_read = remote_id not in unread
                    if server_read and not read:
                        to_read.append(item_id)
                    elif read and not server_read:
                        to_unread.append(item_id)
                if (remote_id, "starred") not in pending:
                    server_starred = remote_id in starred
                    if server_starred and not bookmarked:
                        to_star.append(item_id)
                    elif bookmarked and not server_starred:
                        to_unstar.append(item_id)
            unread_total = conn.execute("SELECT COUNT(*) FROM items WHERE read = 0").fetchone()[0]
            if (
                not self.apply_mass_read
                and len(to_read) > MASS_READ_MIN
                and len(to_read) > unread_total * MASS_READ_SHARE
            ):
                held, to_read = len(to_read), []
            changed: list[int] = []
            for column, value, ids in (
                ("read", 1, to_read),
                ("read", 0, to_unread),
                ("bookmarked", 1, to_star),
                ("bookmarked", 0, to_unstar),
            ):
                if ids:
                    conn.execute(
                        f"UPDATE items SET {column} = ? WHERE id IN (SELECT value FROM json_each(?))",
                        (value, json.dumps(ids)),
                    )
                    changed += ids
            if changed:
                # The triggers queued these as local changes; they came from the server,
                # and none of them had a local change pending (checked above).
                self._drop_echoes(changed, pending)
            self._set("held_read", str(held))
        return held, len(set(changed))

    def _drop_echoes(self, item_ids: list[int], pending: set[tuple[int, str]]) -> None:
        for remote_id, flag in self.conn.execute(
            "SELECT o.remote_id, o.flag FROM sync_outbox o JOIN sync_items s "
            "ON s.remote_id = o.remote_id WHERE s.item_id IN (SELECT value FROM json_each(?))",
            (json.dumps(item_ids),),
        ).fetchall():
            if (remote_id, flag) not in pending:
                self.conn.execute(
                    "DELETE FROM sync_outbox WHERE remote_id = ? AND flag = ?", (remote_id, flag)
                )


def _parsed(item: RemoteItem) -> ParsedItem:
    published = datetime.fromtimestamp(item.published, UTC) if item.published else None
    return ParsedItem(
        guid=None,
        url=item.url,
        title=clean_line(item.title),
        author=clean_line(item.author),
        published=published,
        content_html=item.html,
    )
