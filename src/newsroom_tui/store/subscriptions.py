"""Subscriptions: adding and removing feeds (and portal sources) with their
tags, listing them with their counts, and which of them to fetch.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsroom_tui.models import Feed
from newsroom_tui.store.db import feed_title
from newsroom_tui.store.index import SearchIndex
from newsroom_tui.text import as_row_id


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


class Subscriptions(SearchIndex):
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
        one again replaces the old mapping and forgets the layout it was learnt with."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id, subscribed FROM feeds WHERE url = ?", (url,)).fetchone()
            if row is None:
                feed_id = conn.execute(
                    "INSERT INTO feeds (url, user_title, added_at) VALUES (?, ?, ?)",
                    (url, title, int(time.time())),
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
                if kind != "feed":
                    # The source's new mapping replaces the old one, and adding a portal
                    # source again (after `remove`, or to take a redesigned page as it is
                    # now) starts from a fresh baseline: the next fetch is read in full and
                    # becomes the layout later fetches are compared with.
                    conn.execute(
                        "UPDATE feeds SET kind = ?, mapping = ?, full_text = COALESCE(?, full_text), "
                        "portal_yield = NULL, portal_fields = NULL, portal_good_at = NULL, "
                        "etag = NULL, last_modified = NULL WHERE id = ?",
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
        if (feed_id := as_row_id(ref)) is not None:
            return self.feed(feed_id)
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


def _dt(epoch: int | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else None
