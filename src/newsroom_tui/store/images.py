"""Images of items' texts kept for offline reading (schema 13).

Three tables (see db._V13_IMAGES): which images an item shows
(`item_images`), what became of each image URL (`images`), and each distinct
image's bytes once, by content hash (`image_blobs`). An item shows the
images of its text (its article page's, or its feed text's own) first, then
the pictures its feed names beside the text (media:content,
media:thumbnail, image enclosures), each URL once. The total size of the
blobs is kept under a cap by dropping the least recently read first; an
image is only kept when its bytes are a picture we can draw (sniffed here,
whatever the server said it was).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsroom_tui.store.cache import Cache

IMAGES_SCHEMA = 13  # the schema that has these tables
STATE_OK, STATE_FAILED, STATE_REFUSED, STATE_EVICTED = "ok", "failed", "refused", "evicted"
# The feed's pictures beside the text sit from this position on: after the
# text's images whichever is stored first (the feed's come with the item, the
# article page's later), and each kind is replaced without touching the other.
MEDIA_POSITION = 1_000_000

# Magic numbers of the formats Pillow decodes everywhere; nothing else is kept
# (an "image" URL that answers with an HTML page is refused).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)


@dataclass(slots=True)
class WantedImage:
    url: str
    feed_id: int  # of an item that shows it (for the fetch summary)


@dataclass(frozen=True, slots=True)
class ImageRef:
    url: str
    caption: str
    cached: bool


@dataclass(frozen=True, slots=True)
class Freed:
    images: int = 0
    bytes: int = 0


def sniff(data: bytes) -> str | None:
    """The image type of `data` from its first bytes, or None when it is not one we draw."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for magic, mime in _SIGNATURES:
        if data.startswith(magic):
            return mime
    return None


def set_item_images(
    conn: sqlite3.Connection, item_id: int, images: Iterable[tuple[str, str]]
) -> None:
    """The images of `item_id`'s text, in order, with their captions (replacing the
    text's it had; the feed's pictures stay). Call inside the caller's transaction."""
    conn.execute(
        "DELETE FROM item_images WHERE item_id = ? AND position < ?", (item_id, MEDIA_POSITION)
    )
    conn.executemany(
        "INSERT OR IGNORE INTO item_images (item_id, position, url, caption) VALUES (?, ?, ?, ?)",
        [(item_id, n, url, caption) for n, (url, caption) in enumerate(images)],
    )


def set_media_images(
    conn: sqlite3.Connection, item_id: int, images: Iterable[tuple[str, str]]
) -> None:
    """The pictures `item_id`'s feed names beside its text (replacing the ones it
    named before). Call inside the caller's transaction."""
    conn.execute(
        "DELETE FROM item_images WHERE item_id = ? AND position >= ?", (item_id, MEDIA_POSITION)
    )
    conn.executemany(
        "INSERT OR IGNORE INTO item_images (item_id, position, url, caption) VALUES (?, ?, ?, ?)",
        [(item_id, MEDIA_POSITION + n, url, caption) for n, (url, caption) in enumerate(images)],
    )


def feed_images(html: str, base: str, limit: int = 50) -> list[tuple[str, str]]:
    """(url, caption) of the images in an item's own HTML (a feed that gives whole
    articles), in order: http(s) only, resolved against the item's link, a
    figure's caption with its image."""
    if "<img" not in html.lower():
        return []
    import lxml.etree
    import lxml.html

    from newsroom_tui.feeds.urls import safe_link
    from newsroom_tui.text import clean_line

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return []
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for img in root.iter("img"):
        url = safe_link(img.get("src"), base)
        if url is None or not url.startswith(("http://", "https://")) or url in seen:
            continue
        figure = next((a for a in img.iterancestors("figure")), None)
        caption_node = figure.find(".//figcaption") if figure is not None else None
        caption = caption_node.text_content() if caption_node is not None else ""
        seen.add(url)
        found.append((url, clean_line(caption)))
        if len(found) >= limit:
            break
    return found


def wanted_images(
    cache: Cache, feed_ids: Sequence[int] | None, limit: int, max_attempts: int
) -> list[WantedImage]:
    """Image URLs of these feeds' items not stored yet (newest items first), at most
    `limit` (0: all of them)."""
    where = "(m.url IS NULL OR (m.state = 'failed' AND m.attempts < ?))"
    params: list[object] = [max_attempts]
    if feed_ids is not None:
        where += f" AND i.feed_id IN ({','.join('?' * len(feed_ids))})"
        params += list(feed_ids)
    rows = cache.conn.execute(
        "SELECT ii.url, MAX(i.feed_id) FROM item_images ii JOIN items i ON i.id = ii.item_id "
        "LEFT JOIN images m ON m.url = ii.url "
        f"WHERE {where} AND (ii.url LIKE 'http://%' OR ii.url LIKE 'https://%') "
        "GROUP BY ii.url ORDER BY MAX(i.sort_time) DESC, MIN(ii.position) LIMIT ?",
        [*params, limit if limit > 0 else -1],
    ).fetchall()
    return [WantedImage(r[0], r[1]) for r in rows]


def store_image(cache: Cache, url: str, data: bytes, mime: str, max_total_bytes: int) -> Freed:
    """Keep `data` as the image at `url` (once per distinct content), then hold the
    total under `max_total_bytes` (0: no cap). Returns what eviction dropped."""
    digest = hashlib.sha256(data).hexdigest()
    now = int(time.time())
    with cache.transaction() as conn:
        conn.execute(
            "INSERT INTO image_blobs (hash, mime, size, data, last_read) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (hash) DO UPDATE SET last_read = excluded.last_read",
            (digest, mime, len(data), data, now),
        )
        _set_state(conn, url, STATE_OK, None, digest, now)
        return evict(conn, max_total_bytes, keep=digest) if max_total_bytes else Freed()


def store_image_failure(cache: Cache, url: str, error: str, refused: bool) -> None:
    """A try that failed: "refused" (never asked again) or "failed" (retried later)."""
    with cache.transaction() as conn:
        _set_state(
            conn,
            url,
            STATE_REFUSED if refused else STATE_FAILED,
            error[:300],
            None,
            int(time.time()),
        )


def _set_state(
    conn: sqlite3.Connection, url: str, state: str, error: str | None, digest: str | None, now: int
) -> None:
    conn.execute(
        "INSERT INTO images (url, state, hash, attempts, error, fetched_at) "
        "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (url) DO UPDATE SET state = excluded.state, "
        "hash = excluded.hash, attempts = attempts + 1, error = excluded.error, "
        "fetched_at = excluded.fetched_at",
        (url, state, digest, error, now),
    )


def evict(conn: sqlite3.Connection, max_total_bytes: int, keep: str | None = None) -> Freed:
    """Drop the least recently read images until the rest fit in `max_total_bytes`.
    Their URLs are marked "evicted" (not fetched again). Inside a transaction."""
    total = images_size(conn)
    if total <= max_total_bytes:
        return Freed()
    doomed: list[str] = []
    freed = 0
    for digest, size in conn.execute(
        "SELECT hash, size FROM image_blobs WHERE hash != ? ORDER BY last_read, rowid",
        (keep or "",),
    ):
        if total - freed <= max_total_bytes:
            break
        doomed.append(digest)
        freed += size
    for digest in doomed:
        conn.execute("DELETE FROM image_blobs WHERE hash = ?", (digest,))
        conn.execute(
            "UPDATE images SET state = ?, hash = NULL WHERE hash = ?", (STATE_EVICTED, digest)
        )
    return Freed(len(doomed), freed)


def drop_unused(conn: sqlite3.Connection) -> Freed:
    """Forget images no item shows any more (their items were removed). Inside a transaction."""
    conn.execute("DELETE FROM images WHERE url NOT IN (SELECT url FROM item_images)")
    row = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM image_blobs "
        "WHERE hash NOT IN (SELECT hash FROM images WHERE hash IS NOT NULL)"
    ).fetchone()
    conn.execute(
        "DELETE FROM image_blobs WHERE hash NOT IN (SELECT hash FROM images WHERE hash IS NOT NULL)"
    )
    return Freed(row[0], row[1])


def forget_unused(cache: Cache) -> Freed:
    """After retention removed items: drop the images none of the rest shows."""
    with cache.transaction() as conn:
        return drop_unused(conn)


def images_size(conn: sqlite3.Connection) -> int:
    """Bytes of stored images (0 for a cache before schema 13)."""
    try:
        return int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM image_blobs").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def item_images(conn: sqlite3.Connection, item_id: int) -> list[ImageRef]:
    """The images `item_id` shows, in order, and whether each is in the cache."""
    try:
        rows = conn.execute(
            "SELECT ii.url, ii.caption, m.state = 'ok' FROM item_images ii "
            "LEFT JOIN images m ON m.url = ii.url WHERE ii.item_id = ? ORDER BY ii.position",
            (item_id,),
        ).fetchall()
    except sqlite3.OperationalError:  # a cache before schema 13
        return []
    shown: dict[str, ImageRef] = {}
    for url, caption, cached in rows:
        # The text's <img> and the feed's media:content of one picture are one image.
        if url not in shown or (caption and not shown[url].caption):
            shown[url] = ImageRef(url, caption, bool(cached))
    return list(shown.values())


def read_image(conn: sqlite3.Connection, url: str, *, touch: bool = True) -> bytes | None:
    """The stored bytes of the image at `url`, or None. Reading it makes it the most
    recently read (eviction keeps it longest); a read-only cache is read all the same."""
    try:
        row = conn.execute(
            "SELECT b.hash, b.data FROM images m JOIN image_blobs b ON b.hash = m.hash "
            "WHERE m.url = ? AND m.state = 'ok'",
            (url,),
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    if row is None:
        return None
    if touch:
        try:
            # One statement on an autocommit connection: its own transaction.
            conn.execute(
                "UPDATE image_blobs SET last_read = ? WHERE hash = ?", (int(time.time()), row[0])
            )
        except sqlite3.Error:
            pass  # read-only or busy: the image is shown, only its eviction order stays
    return bytes(row[1])
