"""An item's stored text, read back as its feed gave it: the HTML, or the
plain text for snippets.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsroom_tui.store.connection import CacheBase
from newsroom_tui.store.rows import decompress_html, decompress_text


class ItemContent(CacheBase):
    def html(self, item_id: int) -> str:
        """An item's HTML as its feed gave it ("" for none)."""
        row = self.conn.execute(
            "SELECT content_html FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        return decompress_html(row[0]) if row else ""

    def texts(self, item_ids: Sequence[int]) -> dict[int, str]:
        """Plain body text of items, for snippets."""
        if not item_ids:
            return {}
        marks = ",".join("?" * len(item_ids))
        return {
            item_id: decompress_text(text, html)
            for item_id, text, html in self.conn.execute(
                f"SELECT id, content_text, content_html FROM items WHERE id IN ({marks})",
                list(item_ids),
            )
        }
