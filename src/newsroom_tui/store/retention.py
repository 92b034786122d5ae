"""Retention: the items past the configured age or per-feed count are removed
after each refresh; bookmarked items never are.
"""

from __future__ import annotations

import time

from newsroom_tui.store.index import SearchIndex


class Retention(SearchIndex):
    def prune(self, max_age_days: int = 0, max_items_per_feed: int = 0) -> int:
        """Apply retention; bookmarked items are never removed. Returns items removed."""
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
                    "PARTITION BY feed_id ORDER BY sort_time DESC, id DESC) AS n FROM items) "
                    "WHERE n > ? AND bookmarked = 0",
                    (max_items_per_feed,),
                )
            )
        if doomed:
            with self.transaction():
                self._delete_items(sorted(doomed))
        return len(doomed)
