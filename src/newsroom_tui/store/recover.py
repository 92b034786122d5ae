"""`newsroom recover`: what can be read of a damaged cache, saved into a fresh one.

The damaged file is renamed beside the cache (never written to: it is read
with mode=ro), a fresh cache is created at the usual place, and every row
that still reads back is copied over, table by table, in ranges of row ids
that are halved around damaged pages until single rows. Then the backup
(store/backup.py) adds any subscription or bookmark the database lost, which
is all of them when the file is beyond saving; and the search index is built
again from the saved items.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom_tui.store.backup import read_backup, write_backup
from newsroom_tui.store.db import open_database
from newsroom_tui.store.failures import clear_damaged
from newsroom_tui.store.maintenance import rebuild_search_index
from newsroom_tui.store.rows import decompress_html, decompress_text

# Rows are read a small range of row ids at a time: a damaged leaf page can end
# a range's scan early without any error (SQLite follows what the garbage
# says), losing the rest of that range silently; small ranges bound that loss
# to the damaged page's neighbours. (512 lost 500 of 600 items when one items
# leaf in the middle of the file was overwritten.)
RANGE = 32
# Tables copied with their row ids, in an order that keeps references valid.
_TABLES = ("feeds", "items", "saved_searches")


@dataclass
class RecoverReport:
    damaged_copy: Path
    feeds: int = 0
    items: int = 0
    bookmarks: int = 0
    read: int = 0
    saved_searches: int = 0
    from_backup_feeds: int = 0
    from_backup_bookmarks: int = 0
    unreadable_ranges: int = 0
    # Items the last backup counted (None without a backup): what the cache
    # held before the damage, so a loss is said, never silent.
    items_in_backup: int | None = None
    items_now: int = 0  # salvaged plus the bookmarks re-created from the backup

    @property
    def items_lost(self) -> int | None:
        if self.items_in_backup is None:
            return None
        return max(0, self.items_in_backup - self.items_now)


def recover(database: Path) -> RecoverReport:
    """Raises FileNotFoundError when there is no cache at `database`."""
    if not database.exists():
        raise FileNotFoundError(database)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    damaged = database.with_name(f"{database.name}.damaged-{stamp}")
    os.replace(database, damaged)
    for suffix in ("-wal", "-journal"):
        side = Path(f"{database}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{damaged}{suffix}"))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(f"{database}-shm")
    clear_damaged(database)  # the file it marked is now the damaged copy
    report = RecoverReport(damaged_copy=damaged)
    backup = read_backup(database)
    if backup is not None and isinstance(backup.get("items"), int):
        report.items_in_backup = backup["items"]
    fresh = open_database(database)
    try:
        fresh.execute("PRAGMA foreign_keys = OFF")  # a feed row may be what was lost
        fresh.execute("BEGIN IMMEDIATE")
        _salvage(damaged, fresh, report)
        _restore_backup(backup, fresh, report)
        fresh.execute("COMMIT")
        fresh.execute("PRAGMA foreign_keys = ON")
        rebuild_search_index(fresh)
        report.bookmarks = fresh.execute(
            "SELECT COUNT(*) FROM items WHERE bookmarked = 1"
        ).fetchone()[0]
        report.items_now = fresh.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        write_backup(fresh, database)
    finally:
        fresh.close()
    return report


def _salvage(damaged: Path, fresh: sqlite3.Connection, report: RecoverReport) -> None:
    try:
        src = sqlite3.connect(f"{damaged.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        for table in _TABLES:
            columns = _common_columns(src, fresh, table)
            if not columns:
                continue
            saved = 0
            marks = ",".join("?" * len(columns))
            insert = f"INSERT OR IGNORE INTO {table} ({','.join(columns)}) VALUES ({marks})"
            for read in _readable_rows(src, table, columns, report):
                row = _usable(table, columns, read)
                if row is None:
                    continue
                try:
                    saved += fresh.execute(insert, row).rowcount
                except sqlite3.Error:
                    continue
            setattr(report, table, saved)
        _copy_tags(src, fresh)
        report.read = fresh.execute("SELECT COUNT(*) FROM items WHERE read = 1").fetchone()[0]
    finally:
        src.close()


def _common_columns(src: sqlite3.Connection, fresh: sqlite3.Connection, table: str) -> list[str]:
    try:
        old = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
    except sqlite3.DatabaseError:
        old = []
    new = [r[1] for r in fresh.execute(f"PRAGMA table_info({table})")]
    # With the schema unreadable, try the current columns: the pages may still be there.
    return [c for c in new if c in old] if old else []


def _readable_rows(
    src: sqlite3.Connection, table: str, columns: list[str], report: RecoverReport
) -> Iterator[tuple[Any, ...]]:
    top = _highest_rowid(src, table)
    select = f"SELECT {','.join(columns)} FROM {table} WHERE rowid >= ? AND rowid < ?"

    def read(low: int, high: int) -> Iterator[tuple[Any, ...]]:
        try:
            rows = src.execute(select, (low, high)).fetchall()
        except (sqlite3.DatabaseError, ValueError, OverflowError):
            if high - low <= 1:
                report.unreadable_ranges += 1
                return
            middle = (low + high) // 2
            yield from read(low, middle)
            yield from read(middle, high)
            return
        yield from rows

    for low in range(0, top + 1, RANGE):
        yield from read(low, low + RANGE)


def _highest_rowid(src: sqlite3.Connection, table: str) -> int:
    with contextlib.suppress(sqlite3.DatabaseError):
        (top,) = src.execute(f"SELECT max(rowid) FROM {table}").fetchone()
        if isinstance(top, int):
            return top
    # The b-tree's right edge is damaged: no table holds more rows than the
    # file has pages times the rows a page can hold.
    with contextlib.suppress(sqlite3.DatabaseError):
        (pages,) = src.execute("PRAGMA page_count").fetchone()
        return int(pages) * 64
    return 0


_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "feeds": {"id": (int,), "url": (str,)},
    "items": {"id": (int,), "feed_id": (int,), "dedup_key": (str,), "content_hash": (str,)},
    "saved_searches": {"id": (int,), "name": (str,), "query": (str,)},
}


def _usable(table: str, columns: list[str], row: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The row, if a damaged page did not turn its key fields into something else;
    an article that no longer decompresses is dropped, the headline kept."""
    values = dict(zip(columns, row, strict=True))
    for name, types in _TYPES[table].items():
        if name in values and not isinstance(values[name], types):
            return None
    if table == "items" and "content_html" in values:
        try:
            decompress_html(values["content_html"])
            decompress_text(values.get("content_text"), values["content_html"])
        except Exception:
            values["content_html"] = None
            values["content_text"] = ""
    return tuple(values[c] for c in columns)


def _copy_tags(src: sqlite3.Connection, fresh: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.DatabaseError):
        for feed_id, tag in src.execute("SELECT feed_id, tag FROM feed_tags").fetchall():
            if isinstance(feed_id, int) and isinstance(tag, str):
                with contextlib.suppress(sqlite3.Error):
                    fresh.execute(
                        "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)",
                        (feed_id, tag),
                    )


def _restore_backup(
    data: dict[str, Any] | None, fresh: sqlite3.Connection, report: RecoverReport
) -> None:
    """Subscriptions and bookmarks the salvage missed, from the backup files."""
    if data is None:
        return
    now = int(time.time())
    for feed in data.get("feeds", []):
        if not isinstance(feed, dict) or not isinstance(feed.get("url"), str):
            continue
        known = fresh.execute("SELECT id FROM feeds WHERE url = ?", (feed["url"],)).fetchone()
        if known is None:
            feed_id = fresh.execute(
                "INSERT INTO feeds (url, title, user_title, site_url, added_at, kind, mapping, "
                "full_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    feed["url"],
                    feed.get("title") or "",
                    feed.get("user_title"),
                    feed.get("site_url"),
                    now,
                    feed.get("kind") or "feed",
                    feed.get("mapping"),
                    feed.get("full_text") or "auto",
                ),
            ).lastrowid
            report.from_backup_feeds += 1
        else:
            feed_id = known[0]
        for tag in feed.get("tags") or []:
            if isinstance(tag, str):
                fresh.execute(
                    "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)", (feed_id, tag)
                )
    for mark in data.get("bookmarks", []):
        if isinstance(mark, dict):
            report.from_backup_bookmarks += _restore_bookmark(fresh, mark, now)


def _restore_bookmark(fresh: sqlite3.Connection, mark: dict[str, Any], now: int) -> int:
    feed = fresh.execute("SELECT id FROM feeds WHERE url = ?", (mark.get("feed_url"),)).fetchone()
    key = mark.get("dedup_key")
    if feed is None or not isinstance(key, str):
        return 0
    row = fresh.execute(
        "SELECT id, bookmarked FROM items WHERE feed_id = ? AND dedup_key = ?", (feed[0], key)
    ).fetchone()
    if row is not None:
        if row[1]:
            return 0
        fresh.execute(
            "UPDATE items SET bookmarked = 1, bookmark_note = ? WHERE id = ?",
            (mark.get("note"), row[0]),
        )
        return 1
    published = mark.get("published") if isinstance(mark.get("published"), int) else None
    first_seen = mark.get("first_seen") if isinstance(mark.get("first_seen"), int) else now
    # Its article went with the damaged file; the next fetch may bring it back
    # (same dedup key: the item is updated, not duplicated).
    fresh.execute(
        "INSERT INTO items (feed_id, dedup_key, guid, url, title, author, published, "
        "first_seen, sort_time, summary, content_hash, read, bookmarked, bookmark_note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1, ?)",
        (
            feed[0],
            key,
            mark.get("guid"),
            mark.get("url"),
            str(mark.get("title") or ""),
            str(mark.get("author") or ""),
            published,
            first_seen,
            published if published is not None else first_seen,
            str(mark.get("summary") or ""),
            1 if mark.get("read") else 0,
            mark.get("note"),
        ),
    )
    return 1
