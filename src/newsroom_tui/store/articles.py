"""Article pages kept for offline reading: which items need one, storing them, reading them.

One row per item in `articles` (schema 12): state "ok" (the extracted
article), "failed" (tried `attempts` times; retried on later fetches up to a
bound) or "feed" (the feed's own text is a whole article: nothing to fetch).
An item's search index body is its feed text followed by its article's text;
`indexed_body` is the one place that says so, for every index write.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.store.fold import index_fold
from newsroom_tui.store.images import feed_images, set_item_images
from newsroom_tui.store.rows import compress_html, decompress_html, decompress_text

if TYPE_CHECKING:
    import sqlite3

    from newsroom_tui.sources.article import ExtractedArticle
    from newsroom_tui.store.cache import Cache

STATE_OK, STATE_FAILED, STATE_FEED = "ok", "failed", "feed"
# "auto": a feed text shorter than this is a summary, and the page is fetched.
AUTO_SHORT_CHARS = 1000


@dataclass(slots=True)
class WantedArticle:
    item_id: int
    feed_id: int
    url: str
    selector: str | None = None


@dataclass(slots=True)
class StoredArticle:
    html: str
    images: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def wanted_articles(
    cache: Cache,
    feed_ids: Sequence[int] | None,
    per_source: int,
    max_attempts: int,
) -> list[WantedArticle]:
    """Items whose article page should be fetched now, at most `per_source` per source.

    Items of "never" sources, and of "auto" ones whose feed text is a whole
    article, are marked "feed" here (their images noted), so later fetches never look at them again.
    """
    conn = cache.conn
    where = (
        "f.subscribed = 1 AND f.gone = 0 "
        "AND i.url IS NOT NULL AND i.url != '' "
        "AND (a.item_id IS NULL OR (a.state = 'failed' AND a.attempts < ?))"
    )
    params: list[object] = [max_attempts]
    if feed_ids is not None:
        where += f" AND i.feed_id IN ({','.join('?' * len(feed_ids))})"
        params += list(feed_ids)
    rows = conn.execute(
        "SELECT i.id, i.feed_id, i.url, f.full_text, f.mapping, i.content_text, i.content_html, "
        "f.url "
        "FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN articles a ON a.item_id = i.id "
        f"WHERE {where} ORDER BY i.feed_id, i.sort_time DESC, i.first_seen DESC, i.id ASC",
        params,
    ).fetchall()
    wanted: list[WantedArticle] = []
    taken: dict[int, int] = {}
    whole: list[tuple[int, str]] = []
    selectors: dict[int, str | None] = {}
    for item_id, feed_id, link, mode, mapping, ztext, zhtml, feed_url in rows:
        # Root-relative links (some feeds have them) are read against the feed's URL.
        url = safe_link(link, feed_url)
        if url is None or not url.startswith(("http://", "https://")):
            continue
        # The item's own text is its article: a feed that gives it whole, or a
        # source whose text comes inline (--full-text never, a JSON API's
        # `content`). No page is fetched; its images are still kept offline.
        if mode == "never" or (
            mode == "auto" and len(decompress_text(ztext, zhtml)) >= AUTO_SHORT_CHARS
        ):
            whole.append((item_id, url))
            continue
        if taken.get(feed_id, 0) >= per_source:
            continue
        taken[feed_id] = taken.get(feed_id, 0) + 1
        if feed_id not in selectors:
            selectors[feed_id] = _selector(mapping)
        wanted.append(WantedArticle(item_id, feed_id, url, selectors[feed_id]))
    if whole:
        now = int(time.time())
        with cache.transaction():
            conn.executemany(
                "INSERT OR IGNORE INTO articles (item_id, url, state, fetched_at) "
                f"VALUES (?, ?, '{STATE_FEED}', ?)",
                [(item_id, url, now) for item_id, url in whole],
            )
            # Their images are the feed text's own: noted once, here, for the image pass.
            for item_id, url in whole:
                images = feed_images(_feed_html(conn, item_id), url)
                if images:
                    set_item_images(conn, item_id, images)
    return wanted


def _selector(mapping: str | None) -> str | None:
    if not mapping:
        return None
    try:
        article = json.loads(mapping).get("article") or {}
    except (ValueError, AttributeError):
        return None
    content = article.get("content") if isinstance(article, dict) else None
    return content if isinstance(content, str) and content.strip() else None


def article_text(conn: sqlite3.Connection, item_id: int) -> str:
    """The plain text of an item's stored article, or ""."""
    import sqlite3

    try:
        row = conn.execute(
            "SELECT html FROM articles WHERE item_id = ? AND state = 'ok'", (item_id,)
        ).fetchone()
    except sqlite3.OperationalError:  # a cache before schema 12 has no articles
        return ""
    if row is None or row[0] is None:
        return ""
    from newsroom_tui.htmltext import html_to_search_text

    # Articles do not record the revision they were indexed with: they are read
    # with the first one, so their index entries can always be removed exactly.
    return html_to_search_text(decompress_html(row[0]), html_is_clean=True, revision=1)


def indexed_body(conn: sqlite3.Connection, item_id: int, feed_text: str) -> str:
    """What the search index holds as an item's body: feed text, then article text."""
    extra = article_text(conn, item_id)
    return f"{feed_text}\n{extra}" if extra else feed_text


def store_article(cache: Cache, item_id: int, url: str, article: ExtractedArticle) -> bool:
    """Keep an extracted article for an item and index its words. False if the item is gone."""
    images = [{"url": i.url, "caption": i.caption} for i in article.images]
    with cache.transaction() as conn:
        indexed = cache.indexed(item_id)
        if indexed is None:
            return False
        title, summary, body, note = indexed
        cache.unindex(item_id, title, summary, body, note)
        conn.execute(
            "INSERT OR REPLACE INTO articles (item_id, url, state, attempts, html, images, links, "
            "error, fetched_at) VALUES (?, ?, 'ok', "
            "COALESCE((SELECT attempts FROM articles WHERE item_id = ?), 0) + 1, ?, ?, ?, NULL, ?)",
            (
                item_id,
                url,
                item_id,
                compress_html(article.html.encode("utf-8")),
                json.dumps(images, ensure_ascii=False),
                json.dumps(article.links, ensure_ascii=False),
                int(time.time()),
            ),
        )
        # What the list page lacked, the article page may say.
        conn.execute(
            "UPDATE items SET published = COALESCE(published, ?), views = COALESCE(views, ?) "
            "WHERE id = ?",
            (
                int(article.published.timestamp()) if article.published else None,
                article.views,
                item_id,
            ),
        )
        set_item_images(conn, item_id, [(i.url, i.caption) for i in article.images])
        folded = index_fold(indexed_body(conn, item_id, _feed_text(conn, item_id)))
        cache.index_item(item_id, title, summary, folded, note)
    return True


def _feed_html(conn: sqlite3.Connection, item_id: int) -> str:
    row = conn.execute("SELECT content_html FROM items WHERE id = ?", (item_id,)).fetchone()
    return decompress_html(row[0]) if row and row[0] is not None else ""


def _feed_text(conn: sqlite3.Connection, item_id: int) -> str:
    row = conn.execute(
        "SELECT content_text, content_html FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    return decompress_text(row[0], row[1]) if row else ""


def store_failure(cache: Cache, item_id: int, url: str, error: str) -> None:
    """Count a failed try; the feed's text stays what the reader shows."""
    with cache.transaction() as conn:
        if conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is None:
            return
        conn.execute(
            "INSERT INTO articles (item_id, url, state, attempts, error, fetched_at) "
            "VALUES (?, ?, 'failed', 1, ?, ?) "
            "ON CONFLICT (item_id) DO UPDATE SET attempts = attempts + 1, error = excluded.error, "
            "fetched_at = excluded.fetched_at",
            (item_id, url, error[:300], int(time.time())),
        )


def known_article_for(cache: Cache, url: str) -> int | None:
    """An item that already has the article at `url` (the same link through two sources)."""
    row = cache.conn.execute(
        "SELECT item_id FROM articles WHERE url = ? AND state = 'ok' LIMIT 1", (url,)
    ).fetchone()
    return row[0] if row else None


def stored_article(conn: sqlite3.Connection, item_id: int) -> StoredArticle | None:
    row = conn.execute(
        "SELECT html, images, links FROM articles WHERE item_id = ? AND state = 'ok'", (item_id,)
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return StoredArticle(
        html=decompress_html(row[0]),
        images=json.loads(row[1] or "[]"),
        links=json.loads(row[2] or "[]"),
    )


def copy_article(cache: Cache, from_item: int, to_item: int, url: str) -> bool:
    """Give `to_item` the article already stored for `from_item`, without a request."""
    stored = stored_article(cache.conn, from_item)
    if stored is None:
        return False
    from newsroom_tui.sources.article import ArticleImage, ExtractedArticle

    article = ExtractedArticle(
        html=stored.html,
        text="",
        images=[ArticleImage(i["url"], i.get("caption", "")) for i in stored.images],
        links=stored.links,
    )
    return store_article(cache, to_item, url, article)


def set_full_text(cache: Cache, feed_id: int, mode: str) -> None:
    """How much of a source's articles is fetched: "auto", "always" or "never"."""
    with cache.transaction() as conn:
        conn.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (mode, feed_id))
