"""Cache upkeep the user asks for: rebuilding the search index, compacting the file.

Never run on their own: at a million items a rebuild takes minutes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsroom_tui.store.articles import indexed_body
from newsroom_tui.store.db import FTS_AUTOMERGE, FTS_HASH_BYTES, RANK
from newsroom_tui.store.failures import explain
from newsroom_tui.store.fold import index_fold
from newsroom_tui.store.images import IMAGES_SCHEMA, Freed, drop_unused, evict
from newsroom_tui.store.rows import decompress_text

REBUILD_BATCH = 2_000

# (items indexed so far, items in all)
RebuildProgress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CompactReport:
    items: int
    bytes_before: int
    bytes_after: int
    # Images no item shows any more, or past the images' total cap, dropped.
    images_dropped: int = 0
    image_bytes_dropped: int = 0


def rebuild_search_index(
    conn: sqlite3.Connection, on_progress: RebuildProgress | None = None
) -> int:
    """Index every item again into a fresh index of the current shape; returns the count.

    One transaction: interrupted, the cache keeps its old index. Caches from
    before schema 6 lose their prefix indexes (about half their index) here.
    Each body is indexed as decompress_text reads it back, so a row still
    unindexes exactly whatever form its text is stored in.
    """
    total = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DROP TABLE IF EXISTS items_fts_rebuild")
        conn.execute(
            "CREATE VIRTUAL TABLE items_fts_rebuild USING fts5(title, summary, body, note, "
            "content = '', tokenize = 'unicode61 remove_diacritics 2')"
        )
        settings = (
            ("rank", f"'{RANK}'"),
            ("hashsize", FTS_HASH_BYTES),
            ("automerge", FTS_AUTOMERGE),
        )
        for setting, value in settings:
            conn.execute(
                f"INSERT INTO items_fts_rebuild (items_fts_rebuild, rank) VALUES ('{setting}', {value})"
            )
        rows = conn.execute(
            "SELECT id, title, summary, content_text, content_html, bookmark_note FROM items"
        )
        insert = conn.cursor()
        done = 0
        while batch := rows.fetchmany(REBUILD_BATCH):
            insert.executemany(
                "INSERT INTO items_fts_rebuild (rowid, title, summary, body, note) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        item_id,
                        index_fold(title),
                        index_fold(summary),
                        index_fold(indexed_body(conn, item_id, decompress_text(ztext, zhtml))),
                        index_fold(note or ""),
                    )
                    for item_id, title, summary, ztext, zhtml, note in batch
                ],
            )
            done += len(batch)
            if on_progress:
                on_progress(done, total)
        conn.execute("DROP TABLE items_fts")
        conn.execute("ALTER TABLE items_fts_rebuild RENAME TO items_fts")
        conn.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return done


def compact(
    conn: sqlite3.Connection,
    on_progress: RebuildProgress | None = None,
    images_max_bytes: int = 0,
) -> CompactReport:
    """Drop the images nothing shows (and those past `images_max_bytes`, least
    recently read first), rebuild the search index, then VACUUM the file to the
    space it needs. Raises CacheError (busy, disk full...); the cache stays
    whole either way.
    """
    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    before = _file_bytes(path)
    try:
        dropped = _drop_images(conn, images_max_bytes)
        items = rebuild_search_index(conn, on_progress)
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None
    return CompactReport(
        items=items,
        bytes_before=before,
        bytes_after=_file_bytes(path),
        images_dropped=dropped.images,
        image_bytes_dropped=dropped.bytes,
    )


def _drop_images(conn: sqlite3.Connection, max_bytes: int) -> Freed:
    if conn.execute("PRAGMA user_version").fetchone()[0] < IMAGES_SCHEMA:
        return Freed()
    conn.execute("BEGIN IMMEDIATE")
    try:
        unused = drop_unused(conn)
        over = evict(conn, max_bytes) if max_bytes else Freed()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return Freed(unused.images + over.images, unused.bytes + over.bytes)


def _file_bytes(path: Path) -> int:
    """The cache as it takes space on disk: the database and its write-ahead log."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except FileNotFoundError:
            pass
    return total
