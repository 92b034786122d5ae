"""The user's own data kept outside the cache: subscriptions and bookmarks.

After each change to them, `newsroom-backup.json` (everything `recover`
needs to subscribe again and re-create each bookmark with its note) and
`newsroom-backup.opml` (the subscriptions, for any reader) are written next
to the cache, each atomically (a temporary file, fsynced, then renamed), so
a crash leaves the old backup or the new one, never half of one. Cheap: two
indexed queries over subscriptions and bookmarks, and one count of items
(SQLite counts over its smallest index) so that `recover` can say how many
it could not bring back.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom_tui.models import Feed

BACKUP_VERSION = 1


@dataclass(frozen=True, slots=True)
class BackupFiles:
    json: Path
    opml: Path


def backup_files(database: Path) -> BackupFiles:
    return BackupFiles(
        json=database.with_name("newsroom-backup.json"),
        opml=database.with_name("newsroom-backup.opml"),
    )


def snapshot(conn: sqlite3.Connection) -> dict[str, Any]:
    """Subscriptions (with tags, titles, mappings) and bookmarks (with notes)."""
    tags: dict[int, list[str]] = {}
    for feed_id, tag in conn.execute("SELECT feed_id, tag FROM feed_tags ORDER BY feed_id, tag"):
        tags.setdefault(feed_id, []).append(tag)
    feeds = [
        {
            "url": url,
            "title": title,
            "user_title": user_title,
            "site_url": site_url,
            "kind": kind,
            "mapping": mapping,
            "full_text": full_text,
            "tags": tags.get(feed_id, []),
        }
        for feed_id, url, title, user_title, site_url, kind, mapping, full_text in conn.execute(
            "SELECT id, url, title, user_title, site_url, kind, mapping, full_text FROM feeds "
            "WHERE subscribed = 1 ORDER BY id"
        )
    ]
    bookmarks = [
        dict(zip(_BOOKMARK_FIELDS, row, strict=True))
        for row in conn.execute(
            "SELECT f.url, i.dedup_key, i.guid, i.url, i.title, i.author, i.published, "
            "i.first_seen, i.summary, i.bookmark_note, i.read FROM items i "
            "JOIN feeds f ON f.id = i.feed_id WHERE i.bookmarked = 1 ORDER BY i.id"
        )
    ]
    (items,) = conn.execute("SELECT COUNT(*) FROM items").fetchone()
    return {"version": BACKUP_VERSION, "feeds": feeds, "bookmarks": bookmarks, "items": items}


_BOOKMARK_FIELDS = (
    "feed_url",
    "dedup_key",
    "guid",
    "url",
    "title",
    "author",
    "published",
    "first_seen",
    "summary",
    "note",
    "read",
)


def write_backup(conn: sqlite3.Connection, database: Path) -> None:
    """Write both backup files; raises OSError or sqlite3.Error (callers decide)."""
    from newsroom_tui.opml import write_opml

    data = snapshot(conn)
    files = backup_files(database)
    feeds = [
        Feed(id=n, url=f["url"], title=f["user_title"] or f["title"] or "", tags=f["tags"])
        for n, f in enumerate(data["feeds"], 1)
    ]
    _write_atomic(files.json, json.dumps(data, ensure_ascii=False, indent=1).encode())
    _write_atomic(files.opml, write_opml(feeds).encode())


def read_backup(database: Path) -> dict[str, Any] | None:
    """The JSON backup beside `database`, or None when there is none usable."""
    try:
        data = json.loads(backup_files(database).json.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != BACKUP_VERSION:
        return None
    return data


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
