"""What the reader marks on items: read, opened, bookmarked with a note.

A bookmark's note is searchable, so changing it rewrites the item's index row.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from newsroom_tui.store.fold import index_fold
from newsroom_tui.store.index import SearchIndex


class ItemMarks(SearchIndex):
    def set_read(self, item_ids: Sequence[int], read: bool = True) -> int:
        """Set the read state of many items in one transaction; returns how many changed."""
        if not item_ids:
            return 0
        changed = 0
        with self.transaction() as conn:
            for start in range(0, len(item_ids), 20_000):
                chunk = json.dumps(list(item_ids[start : start + 20_000]))
                changed += conn.execute(
                    "UPDATE items SET read = ? WHERE read != ? "
                    "AND id IN (SELECT value FROM json_each(?))",
                    (int(read), int(read), chunk),
                ).rowcount
        return changed

    def mark_opened(self, item_id: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE items SET read = 1, opened_at = ? WHERE id = ?", (int(time.time()), item_id)
            )

    def set_bookmarked(self, item_id: int, bookmarked: bool, note: str | None = None) -> None:
        with self.transaction() as conn:
            row = self._indexed(item_id)
            if row is None:
                return
            new_note = (note if note is not None else row[3]) if bookmarked else None
            if new_note != row[3]:
                self._unindex(item_id, *row)
                self._index(item_id, row[0], row[1], index_fold(row[2]), new_note)
            conn.execute(
                "UPDATE items SET bookmarked = ?, bookmark_note = ? WHERE id = ?",
                (int(bookmarked), new_note, item_id),
            )
