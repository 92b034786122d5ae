"""Opening the SQLite cache: pragmas, schema versions and forward migrations.

The schema version lives in `PRAGMA user_version`. Each migration moves the
file one version forward inside a transaction, so an older cache opens in a
newer release without losing anything. A cache from a newer release, or a
file that is not a database, is refused and left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

# The TUI's panes still import CacheError from here; new code imports it and
# the rest of a storage failure's names from store/failures.py.
from newsroom_tui.store.failures import (
    CacheError,
    damaged_error,
    damaged_marker,
    explain,
    is_damaged,
    mark_damaged,
)

_V1 = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    user_title TEXT,
    site_url TEXT,
    subscribed INTEGER NOT NULL DEFAULT 1,
    added_at INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_fetched INTEGER,
    last_status TEXT NOT NULL DEFAULT 'never',
    last_error TEXT,
    gone INTEGER NOT NULL DEFAULT 0,
    retry_after INTEGER
);
CREATE TABLE feed_tags (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (feed_id, tag)
) WITHOUT ROWID;
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    dedup_key TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published INTEGER,
    updated INTEGER,
    first_seen INTEGER NOT NULL,
    sort_time INTEGER NOT NULL,
    views INTEGER,
    summary TEXT NOT NULL DEFAULT '',
    content_html BLOB,
    content_text TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    bookmark_note TEXT,
    opened_at INTEGER,
    UNIQUE (feed_id, dedup_key)
);
CREATE INDEX items_feed_sort ON items (feed_id, sort_time DESC, id DESC);
CREATE INDEX items_sort ON items (sort_time DESC, id DESC);
CREATE INDEX items_views ON items (views DESC, sort_time DESC);
CREATE INDEX items_unread ON items (feed_id) WHERE read = 0;
CREATE INDEX items_bookmarked ON items (sort_time DESC) WHERE bookmarked = 1;
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, summary, body, note,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE fetch_log (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    new_items INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    duration_ms INTEGER
);
CREATE INDEX fetch_log_feed ON fetch_log (feed_id, at DESC);
"""

_V2 = """
CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
"""

# The reader's Unread view and one feed sorted by views, at 100k items.
_V3 = """
CREATE INDEX items_unread_sort ON items (sort_time DESC, id DESC) WHERE read = 0;
CREATE INDEX items_feed_views ON items (feed_id, views DESC, sort_time DESC);
"""


def _v4_prefix_index(conn: sqlite3.Connection) -> None:
    """Rebuild the search index with prefix indexes (as-you-type queries end in a
    prefix; without them "tr*" scans every term) and the title-weighted rank."""
    from newsroom_tui.store.fold import index_fold
    from newsroom_tui.store.rows import decompress_text

    conn.execute(
        "CREATE VIRTUAL TABLE items_fts_v4 USING fts5(title, summary, body, note, "
        "content = '', prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(f"INSERT INTO items_fts_v4 (items_fts_v4, rank) VALUES ('rank', '{RANK}')")
    rows = conn.execute(
        "SELECT id, title, summary, content_text, content_html, bookmark_note FROM items"
    )
    insert = conn.cursor()
    while batch := rows.fetchmany(2000):
        insert.executemany(
            "INSERT INTO items_fts_v4 (rowid, title, summary, body, note) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    r[0],
                    *(index_fold(v or "") for v in (r[1], r[2], decompress_text(r[3], r[4]), r[5])),
                )
                for r in batch
            ],
        )
    conn.execute("DROP TABLE items_fts")
    conn.execute("ALTER TABLE items_fts_v4 RENAME TO items_fts")


# Ordered like every list (newest first, then id), so `is:bookmarked` and the
# Bookmarks view read it in order instead of walking the whole date index.
_V5 = """
DROP INDEX items_bookmarked;
CREATE INDEX items_bookmarked ON items (sort_time DESC, id DESC) WHERE bookmarked = 1;
"""

# bm25 weights: title, summary, body, bookmark note.
RANK = "bm25(10.0, 3.0, 1.0, 2.0)"


def _v6_lean_index(conn: sqlite3.Connection) -> None:
    """A new cache's search index has no prefix indexes.

    They more than doubled the index (4.7 MB per 1,000 items, 2.6 of it
    prefixes) and the index's share of a cold fetch. Prefixes of three letters
    or more, which as-you-type search sends (see `as_typed`), run fast enough
    without them. A cache that already holds items keeps its index: rebuilding
    it takes minutes at a million items, and it answers the same queries.
    """
    if conn.execute("SELECT EXISTS (SELECT 1 FROM items)").fetchone()[0]:
        return
    conn.execute("DROP TABLE items_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, body, note, "
        "content = '', tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(f"INSERT INTO items_fts (items_fts, rank) VALUES ('rank', '{RANK}')")


FTS_HASH_BYTES = 8 * 1024 * 1024


def _v7_zstd_articles(conn: sqlite3.Connection) -> None:
    """From here on articles are stored zstd-compressed (see rows.compress_html),
    which older releases cannot read: hence a version of its own.

    The search index also gathers up to 8 MiB of terms before writing a
    segment (FTS5's default is 1 MiB): fetches commit a few thousand rows at
    a time, and fewer, larger segments are less merging, ~15% of the index's
    CPU on a cold fetch. Existing rows stay zlib and are read as before.
    """
    conn.execute(f"INSERT INTO items_fts (items_fts, rank) VALUES ('hashsize', {FTS_HASH_BYTES})")


def _v8_derived_text(conn: sqlite3.Connection) -> None:
    """From here on rows do not store their body text but mark it as read again
    from the article (see rows.DERIVED_TEXT), which older releases would take
    for a zlib stream: hence a version of its own. Existing rows keep theirs."""


# Sources that are not feeds: a news list page or a JSON API read through a
# mapping (stored as JSON, so the user's file can go away), and how much of
# each item's article is fetched for offline reading.
_V9 = """
ALTER TABLE feeds ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed';
ALTER TABLE feeds ADD COLUMN mapping TEXT;
ALTER TABLE feeds ADD COLUMN full_text TEXT NOT NULL DEFAULT 'auto';
"""


# What the last good fetch of a portal source found: how many entries, which
# of date/views/summary they had, and when; a fetch that finds none of them
# (or loses a field on every entry) is a layout change, reported as an error.
_V10_PORTAL_LAST_GOOD = """
ALTER TABLE feeds ADD COLUMN portal_yield INTEGER;
ALTER TABLE feeds ADD COLUMN portal_fields TEXT;
ALTER TABLE feeds ADD COLUMN portal_good_at INTEGER;
"""


# Sync with the office's feed server. Which local item and feed each server id
# is; the outbox of local read/star changes not yet confirmed by the server (one
# row per server item and flag, the last change wins), filled by triggers, so
# every writer of items.read/bookmarked queues its change in the same
# transaction; and the engine's cursor and last result.
_V11_SYNC = """
CREATE TABLE sync_items (
    remote_id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE
);
CREATE TABLE sync_feeds (
    stream_id TEXT PRIMARY KEY,
    feed_id INTEGER NOT NULL UNIQUE REFERENCES feeds(id) ON DELETE CASCADE
);
CREATE TABLE sync_outbox (
    remote_id INTEGER NOT NULL,
    flag TEXT NOT NULL CHECK (flag IN ('read', 'starred')),
    value INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (remote_id, flag)
) WITHOUT ROWID;
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER sync_outbox_read AFTER UPDATE OF read ON items
WHEN OLD.read != NEW.read BEGIN
    INSERT INTO sync_outbox (remote_id, flag, value, changed_at)
    SELECT remote_id, 'read', NEW.read, CAST(strftime('%s', 'now') AS INTEGER)
    FROM sync_items WHERE item_id = NEW.id
    ON CONFLICT (remote_id, flag) DO UPDATE SET value = excluded.value,
        changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_starred AFTER UPDATE OF bookmarked ON items
WHEN OLD.bookmarked != NEW.bookmarked BEGIN
    INSERT INTO sync_outbox (remote_id, flag, value, changed_at)
    SELECT remote_id, 'starred', NEW.bookmarked, CAST(strftime('%s', 'now') AS INTEGER)
    FROM sync_items WHERE item_id = NEW.id
    ON CONFLICT (remote_id, flag) DO UPDATE SET value = excluded.value,
        changed_at = excluded.changed_at;
END;
"""


# Article pages fetched for offline reading, one row per item: the extracted
# article (zstd HTML, as items.content_html), or the failure and how many
# tries it has had, so a failed page is retried a bounded number of times and
# a fetched one is never requested again.
_V12 = """
CREATE TABLE articles (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    html BLOB,
    images TEXT,
    links TEXT,
    error TEXT,
    fetched_at INTEGER NOT NULL
);
CREATE INDEX articles_url ON articles (url);
"""


# Images of items' texts kept for offline reading. `item_images` says which
# images an item shows, in order, with their captions (rows go with their
# item); `images` is one row per image URL: stored ("ok", with the hash of its
# bytes), "failed" (retried a bounded number of times), "refused" (too large,
# not an image: never asked again) or "evicted" (dropped for the total cap);
# `image_blobs` holds each distinct image once, by content hash, with when it
# was last read (eviction drops the least recently read first). Articles
# stored before this schema get their image lists from their JSON.
_V13_IMAGES = """
CREATE TABLE item_images (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, position)
);
CREATE INDEX item_images_url ON item_images (url);
CREATE TABLE images (
    url TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    hash TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    fetched_at INTEGER NOT NULL
);
CREATE INDEX images_hash ON images (hash);
CREATE TABLE image_blobs (
    hash TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    last_read INTEGER NOT NULL
);
CREATE INDEX image_blobs_last_read ON image_blobs (last_read);
INSERT OR IGNORE INTO item_images (item_id, position, url, caption)
SELECT a.item_id, j.key, json_extract(j.value, '$.url'),
       COALESCE(json_extract(j.value, '$.caption'), '')
FROM articles a, json_each(a.images) j
WHERE a.state = 'ok' AND json_valid(a.images) AND json_extract(j.value, '$.url') IS NOT NULL;
"""

# Entries retention removed, by feed: a later fetch that still lists them
# neither stores them again nor reports them as new.
_V14_PRUNED_KEYS = """
CREATE TABLE pruned_keys (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    dedup_key TEXT NOT NULL,
    PRIMARY KEY (feed_id, dedup_key)
) WITHOUT ROWID;
"""


# The search index merges its segments once FTS_AUTOMERGE of them share a
# level (FTS5's default is 4). Every merge writes its rows again, so each row
# is written about log_N(segments) times: at 16, half as often as at 4. A cold
# fetch of 20,000 items commits ~10 segments and merges none of them then
# (~0.25 s less CPU); the segments a search reads stay few (see bench_search).
FTS_AUTOMERGE = 16


def _v15_fewer_index_merges(conn: sqlite3.Connection) -> None:
    """The search index merges its segments less often (FTS_AUTOMERGE). Only a
    setting in the index's own config table, which older releases read as
    they always did."""
    conn.execute(f"INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', {FTS_AUTOMERGE})")


# Index i moves a cache from version i to i + 1. Append only; never edit one.
def feed_title(alias: str = "") -> str:
    """The SQL for what a feed is called: the user's title, else the feed's own,
    else its URL. Every list and filter names feeds by it; `alias` is the feeds
    table's alias in the query ("f"), or none."""
    t = f"{alias}." if alias else ""
    return f"COALESCE({t}user_title, NULLIF({t}title, ''), {t}url)"


MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    _V1,
    _V2,
    _V3,
    _v4_prefix_index,
    _V5,
    _v6_lean_index,
    _v7_zstd_articles,
    _v8_derived_text,
    _V9,
    _V10_PORTAL_LAST_GOOD,
    _V11_SYNC,
    _V12,
    _V13_IMAGES,
    _V14_PRUNED_KEYS,
    _v15_fewer_index_merges,
]
SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the cache at `path`.

    A cache found damaged before (see `mark_damaged`) or now, by the cheap
    probe of `_probe_damage`, is refused with CacheError naming `recover`."""
    if readonly and not path.exists():
        raise CacheError(f"no cache at {path} yet")
    marker = damaged_marker(path)
    if marker.exists():
        reason = marker.read_text(encoding="utf-8", errors="replace").strip()[:200]
        raise damaged_error(path, reason or "found damaged before")
    read_only = is_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A cache we may not write (its file or its folder, where the WAL's
        # files live) is opened mode=ro: reading works, and each write fails
        # as "read-only", not as "unable to open database file".
        target = _read_only_uri(path) if read_only else str(path)
        conn = sqlite3.connect(
            target, timeout=10.0, isolation_level=None, check_same_thread=False, uri=read_only
        )
    except (OSError, sqlite3.Error) as exc:
        raise CacheError(f"cannot open the cache at {path}: {exc}") from None
    try:
        # Nothing may be written (not even the WAL switch) before the version is checked.
        _refuse_newer(conn, path)
        _probe_damage(conn)
        if read_only:
            _configure_read_only(conn, path)
        else:
            _configure(conn)
            _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_damaged(exc) and path.exists() and path.stat().st_size > 0:
            mark_damaged(path, str(exc))
        raise explain(exc, path) from None
    except CacheError:
        conn.close()
        raise
    return conn


def _probe_damage(conn: sqlite3.Connection) -> None:
    """Read the schema and the edges of every table and index: a few pages each.

    `PRAGMA quick_check` reads every page (seconds on a large cache, on every
    start); this catches a damaged header, schema, or b-tree root or edge page
    in milliseconds. Damage deeper in a b-tree is caught when a query meets
    it: every command turns SQLite's "malformed" into the same refusal."""
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('table', 'index') AND sql IS NOT NULL"
    ).fetchall()
    for kind, name, table, sql in schema:
        upper = sql.upper()
        if "VIRTUAL" in upper or name.startswith("items_fts"):
            continue  # the search index's own tables; `compact` rebuilds it
        if kind == "table":
            conn.execute(f"SELECT * FROM {_quoted(name)} LIMIT 1").fetchall()
            if "WITHOUT ROWID" not in upper:
                conn.execute(f"SELECT max(rowid) FROM {_quoted(name)}").fetchall()
        elif " WHERE " not in upper:  # a partial index cannot be forced for any query
            conn.execute(
                f"SELECT 1 FROM {_quoted(table)} INDEXED BY {_quoted(name)} LIMIT 1"
            ).fetchall()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_read_only(path: Path) -> bool:
    """The cache exists but this user may not write it, or its folder."""
    # The effective ids and capabilities, as open(2) sees them (root without
    # CAP_DAC_OVERRIDE is refused too); plain access(2) asks for the real ids.
    effective = os.access in os.supports_effective_ids
    return path.exists() and not (
        os.access(path, os.W_OK, effective_ids=effective)
        and os.access(path.parent, os.W_OK | os.X_OK, effective_ids=effective)
    )


def _read_only_uri(path: Path) -> str:
    """mode=ro; and immutable=1 when the folder is read-only and holds no WAL:
    SQLite could not create the WAL's index file there, and no other process
    can be writing (it would need that same file)."""
    effective = os.access in os.supports_effective_ids
    folder_writable = os.access(path.parent, os.W_OK | os.X_OK, effective_ids=effective)
    wal = Path(f"{path}-wal")
    if not folder_writable and not wal.exists():
        return f"{path.as_uri()}?mode=ro&immutable=1"
    return f"{path.as_uri()}?mode=ro"


def _configure_read_only(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        raise CacheError(
            f"the cache at {path} is read-only and from an older release (schema {version}): "
            "make it writable once so it can be upgraded"
        )
    _add_functions(conn)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")


def _add_functions(conn: sqlite3.Connection) -> None:
    from newsroom_tui.store.fold import full_fold

    conn.create_function(
        "fold",
        1,
        lambda text: full_fold(text) if isinstance(text, str) else "",
        deterministic=True,
    )


def _configure(conn: sqlite3.Connection) -> None:
    _add_functions(conn)
    if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
        # A new file. Rows with an article (~2.3 KB) fit one to a 4 KiB page,
        # wasting a third of it; 16 KiB pages hold seven. Only settable before
        # the first write, so older caches keep theirs.
        conn.execute("PRAGMA page_size = 16384")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("PRAGMA busy_timeout = 10000")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CacheError(
            f"the cache at {path} was written by a newer newsroom-tui "
            f"(schema {version}, this release reads up to {SCHEMA_VERSION}); "
            "it was left untouched: upgrade newsroom-tui, or use another --home"
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for target in range(version, SCHEMA_VERSION):
        step = MIGRATIONS[target]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    # executescript() would commit our transaction; split on complete statements.
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s]
