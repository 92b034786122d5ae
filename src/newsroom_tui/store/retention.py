"""Retention: the items past the configured age or per-feed count are removed
after each refresh; bookmarked items never are.

The keys of the removed items are remembered (pruned_keys), so a feed that
still lists them does not bring them back, nor count them as new, on every
fetch that changes it.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from newsroom_tui.store.index import SearchIndex


@dataclass(slots=True)
class PruneReport:
    removed: int = 0
    # Removed items with ids past `fresh_after`, by feed: the ones this refresh
    # stored and retention took at once, never there for the user to read.
    fresh_by_feed: Counter[int] = field(default_factory=Counter)


class Retention(SearchIndex):
    def prune(self, max_age_days: int = 0, max_items_per_feed: int = 0) -> int:
        """Apply retention; bookmarked items are never removed. Returns items removed."""
        return self.prune_report(max_age_days, max_items_per_feed).removed

    def last_item_id(self) -> int:
        """Items stored from now on have greater ids (a rowid only grows past the
        greatest one): the mark a refresh takes before it stores anything."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0])

    def prune_report(
        self, max_age_days: int = 0, max_items_per_feed: int = 0, fresh_after: int | None = None
    ) -> PruneReport:
        """Apply retention; say what went, and which of it came after item `fresh_after`."""
        doomed: set[int] = set()
        if max_age_days > 0:
            cutoff = int(time.time()) - max_age_days * 86400
            doomed.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM items WHERE bookmarked = 0 AND sort_time < ?", (cutoff,)
                )
            )
        if max_items_per_feed > 0:
            doomed.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM (SELECT id, bookmarked, ROW_NUMBER() OVER ("
                    "PARTITION BY feed_id ORDER BY sort_time DESC, first_seen DESC, id ASC) AS n "
                    "FROM items) "
                    "WHERE n > ? AND bookmarked = 0",
                    (max_items_per_feed,),
                )
            )
        report = PruneReport(removed=len(doomed))
        if not doomed:
            return report
        ids = sorted(doomed)
        with self.transaction():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.conn.execute(
                    f"SELECT feed_id, dedup_key, id FROM items WHERE id IN ({marks})",
                    chunk,
                ).fetchall()
                self.conn.executemany(
                    "INSERT OR IGNORE INTO pruned_keys (feed_id, dedup_key) VALUES (?, ?)",
                    [(feed_id, key) for feed_id, key, _ in rows],
                )
                if fresh_after is not None:
                    report.fresh_by_feed.update(
                        feed_id for feed_id, _, item_id in rows if item_id > fresh_after
                    )
            self._delete_items(ids)
        return report
