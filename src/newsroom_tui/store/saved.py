"""Saved searches: a name and a query each, listed by name."""

from __future__ import annotations

import time

from newsroom_tui.store.connection import CacheBase


class SavedSearches(CacheBase):
    def saved_searches(self) -> list[tuple[int, str, str]]:
        """(id, name, query) of every saved search, by name."""
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute(
                "SELECT id, name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
            )
        ]

    def save_search(self, name: str, query: str) -> int:
        """Save (or replace the query of) the search called `name`."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query, int(time.time())),
            )
            return conn.execute("SELECT id FROM saved_searches WHERE name = ?", (name,)).fetchone()[
                0
            ]

    def rename_search(self, search_id: int, name: str) -> bool:
        with self.transaction() as conn:
            return (
                conn.execute(
                    "UPDATE saved_searches SET name = ? WHERE id = ?", (name, search_id)
                ).rowcount
                > 0
            )

    def delete_search(self, search_id: int) -> bool:
        with self.transaction() as conn:
            return (
                conn.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount > 0
            )
