"""Writing the search index: what an item is indexed under, indexing it,
unindexing it exactly, and deleting items with their index rows.

The index is contentless, so it forgets a row only when told
exactly what it indexed; every write of an item's text goes through here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsroom_tui.store.articles import indexed_body
from newsroom_tui.store.connection import CacheBase
from newsroom_tui.store.fold import index_fold
from newsroom_tui.store.rows import decompress_text

# The folded columns of one item's index row: title, summary, body, note.
IndexRow = tuple[str, str, str | bytes, str]


class SearchIndex(CacheBase):
    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        super().__init__(conn, path)
        # Index rows of the feed being stored by store_updates, by item id. They
        # go in before the same feed is stored again (see store_updates), so a
        # changed item's old words, unindexed at once, are always in the index.
        self._staged: dict[int, IndexRow] | None = None

    def _insert_index(self, rows: dict[int, IndexRow]) -> None:
        # The body may come as UTF-8 bytes (see ItemRow.index_body): CAST makes it text.
        self.conn.executemany(
            "INSERT INTO items_fts (rowid, title, summary, body, note) "
            "VALUES (?, ?, ?, CAST(? AS TEXT), ?)",
            [(item_id, *columns) for item_id, columns in rows.items()],
        )

    def _indexed(self, item_id: int) -> tuple[str, str, str, str | None] | None:
        """What the search index holds for an item: title, summary, body text, note."""
        row = self.conn.execute(
            "SELECT title, summary, content_text, content_html, bookmark_note FROM items "
            "WHERE id = ?",
            (item_id,),
        ).fetchone()
        if row is None:
            return None
        return (
            row[0],
            row[1],
            indexed_body(self.conn, item_id, decompress_text(row[2], row[3])),
            row[4],
        )

    # The index, for the article store (store/articles.py), which adds article text.
    def indexed(self, item_id: int) -> tuple[str, str, str, str | None] | None:
        return self._indexed(item_id)

    def unindex(self, item_id: int, title: str, summary: str, text: str, note: str | None) -> None:
        self._unindex(item_id, title, summary, text, note)

    def index_item(
        self, item_id: int, title: str, summary: str, folded_body: str | bytes, note: str | None
    ) -> None:
        self._index(item_id, title, summary, folded_body, note)

    def _index(
        self, item_id: int, title: str, summary: str, folded_body: str | bytes, note: str | None
    ) -> None:
        """Index an item; `folded_body` is index_fold()ed already, as str or UTF-8."""
        columns = (index_fold(title), index_fold(summary), folded_body, index_fold(note or ""))
        if self._staged is not None:
            self._staged[item_id] = columns
        else:
            self._insert_index({item_id: columns})

    def _unindex(self, item_id: int, title: str, summary: str, text: str, note: str | None) -> None:
        # A contentless index forgets a row only when told exactly what it indexed.
        self.conn.execute(
            "INSERT INTO items_fts (items_fts, rowid, title, summary, body, note) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            (
                item_id,
                index_fold(title),
                index_fold(summary),
                index_fold(text),
                index_fold(note or ""),
            ),
        )

    def _delete_items(self, item_ids: list[int]) -> None:
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT id, title, summary, content_text, content_html, bookmark_note "
                f"FROM items WHERE id IN ({marks})",
                chunk,
            ).fetchall():
                body = indexed_body(self.conn, r[0], decompress_text(r[3], r[4]))
                self._unindex(r[0], r[1], r[2], body, r[5])
            self.conn.execute(f"DELETE FROM items WHERE id IN ({marks})", chunk)
