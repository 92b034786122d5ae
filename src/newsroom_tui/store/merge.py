"""Which stored item each fetched row is: found by its key (or its link, across
sources and after a sync), then inserted, updated, or left as it is.

Runs inside a transaction its caller opens: store/fetches.py for a fetch,
the sync engine for the items a sync server sent.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from newsroom_tui.store.articles import article_text
from newsroom_tui.store.fold import index_fold
from newsroom_tui.store.images import set_media_images
from newsroom_tui.store.index import SearchIndex
from newsroom_tui.store.rows import FUTURE_SLACK, ItemRow


@dataclass(slots=True)
class StoreOutcome:
    new_items: int = 0
    updated_items: int = 0


class ItemMerge(SearchIndex):
    def _merge_items(
        self, feed_id: int, rows: list[ItemRow], now: int, *, shared: bool = False
    ) -> StoreOutcome:
        conn = self.conn
        outcome = StoreOutcome()
        rows = self._not_pruned(feed_id, rows)
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
                    (row.published, sort_time(row.published, old[3]), row.views, old[0]),
                )
                outcome.updated_items += 1
            elif old[2] != row.views and row.views is not None:
                conn.execute("UPDATE items SET views = ? WHERE id = ?", (row.views, old[0]))
        return outcome

    def _not_pruned(self, feed_id: int, rows: list[ItemRow]) -> list[ItemRow]:
        """The rows retention has not removed before. The keys of removed entries
        the feed no longer lists are forgotten (the table stays as small as the
        feed): one that comes back later is the publisher's news again."""
        keys = json.dumps([r.dedup_key for r in rows])
        try:
            pruned = {
                r[0]
                for r in self.conn.execute(
                    "SELECT dedup_key FROM pruned_keys WHERE feed_id = ? "
                    "AND dedup_key IN (SELECT value FROM json_each(?))",
                    (feed_id, keys),
                )
            }
            self.conn.execute(
                "DELETE FROM pruned_keys WHERE feed_id = ? "
                "AND dedup_key NOT IN (SELECT value FROM json_each(?))",
                (feed_id, keys),
            )
        except sqlite3.OperationalError:  # a cache built before schema 14 (tests build them)
            return rows
        return [r for r in rows if r.dedup_key not in pruned] if pruned else rows

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
        now = int(time.time())
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
                sort_time(row.published, now),
                row.views,
                row.summary,
                row.content_zhtml,
                row.content_ztext,
                row.content_hash,
            ),
        ).lastrowid
        assert item_id is not None  # set by every successful INSERT
        self._index(item_id, row.title, row.summary, row.index_body, None)
        if row.images:
            set_media_images(self.conn, item_id, row.images)
        return item_id

    def _update_item(self, old: tuple, row: ItemRow, now: int) -> None:
        item_id, _hash, _old_views, first_seen, old_published = old
        indexed = self._indexed(item_id)
        assert indexed is not None  # found by _existing in this transaction
        title, old_summary, text, note = indexed
        self._unindex(item_id, title, old_summary, text, note)
        # A new text never takes away a date or a summary the item had: a page
        # that lost them (a changed layout, a feed that dropped pubDate) would
        # otherwise wipe what the cache held.
        published = row.published if row.published is not None else old_published
        summary = row.summary or old_summary
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
                published,
                row.updated,
                sort_time(published, first_seen),
                row.views,
                summary,
                row.content_zhtml,
                row.content_ztext,
                row.content_hash,
                item_id,
            ),
        )
        body: str | bytes = row.index_body
        if extra := article_text(self.conn, item_id):  # the stored article stays indexed
            body = bytes(row.index_body) + b"\n" + index_fold(extra).encode("utf-8")
        self._index(item_id, row.title, summary, body, note)
        if row.images:  # as the date and summary: a text without pictures keeps the old
            set_media_images(self.conn, item_id, row.images)


def sort_time(published: int | None, first_seen: int) -> int:
    """Where an item stands in the lists: its published date, unless it has none
    or one too far ahead of when it was first seen (it would pin the item to
    the top for months)."""
    if published is None or published > first_seen + FUTURE_SLACK:
        return first_seen
    return published
