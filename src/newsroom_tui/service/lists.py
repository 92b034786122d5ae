"""For the TUI: the lists as the reader pages them.

Short reads share the cache's own connection; whole lists and counts read
on a connection beside it (Cache.reading), so a long read never
holds back opening an article. The store does the locking.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsroom_tui.query.lists import HeadlineRow, SortOrder, ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed
from newsroom_tui.service.base import NewsroomBase


class Lists(NewsroomBase):
    def sidebar_feeds(self) -> list[SidebarFeed]:
        from newsroom_tui.query.sidebar import sidebar_feeds

        with self.cache.connection() as conn:
            return sidebar_feeds(conn)

    def view_counts(self) -> Counts:
        from newsroom_tui.query.sidebar import view_counts

        with self.cache.reading() as conn:
            return view_counts(conn)

    def view_window(self, spec: ViewSpec, limit: int, *, share: float | None = None) -> list[int]:
        from newsroom_tui.query.lists import view_window

        with self.cache.connection() as conn:
            return view_window(conn, spec, limit, share=share)

    def view_ids(self, spec: ViewSpec) -> Sequence[int]:
        from newsroom_tui.query.lists import view_ids

        with self.cache.reading() as conn:
            return view_ids(conn, spec)

    def headline_rows(self, item_ids: Sequence[int]) -> dict[int, HeadlineRow]:
        from newsroom_tui.query.lists import headline_rows

        with self.cache.connection() as conn:
            return headline_rows(conn, item_ids)

    def order_items(self, item_ids: Sequence[int], sort: SortOrder) -> list[int]:
        """These items in the lists' order by `sort` (search results sorted)."""
        from newsroom_tui.query.lists import in_view_order

        with self.cache.connection() as conn:
            return in_view_order(conn, item_ids, sort)

    def find_unread(
        self,
        item_ids: Sequence[int],
        start: int,
        step: int,
        overrides: dict[int, bool] | None = None,
    ) -> int | None:
        from newsroom_tui.query.lists import find_unread

        with self.cache.connection() as conn:
            return find_unread(conn, item_ids, start, 1 if step > 0 else -1, overrides=overrides)
