"""Reading the cache: items and their articles, and the marks a reader sets on them.

Every list comes from the query layer (query/)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from newsroom_tui.models import Article, Item
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.service.base import NewsroomBase, NotFound


class Reading(NewsroomBase):
    def items(self, spec: ViewSpec | None = None, *, limit: int | None = None) -> list[Item]:
        return list(self.iter_items(spec, limit=limit))

    def iter_items(
        self, spec: ViewSpec | None = None, *, limit: int | None = None
    ) -> Iterator[Item]:
        """A view's items in the view's order (the TUI's list, as whole items), read
        as they are used: for listings of a whole cache."""
        from newsroom_tui.query.lists import list_items

        with self.cache.reading() as conn:
            yield from list_items(conn, spec or ViewSpec(), limit=limit)

    def count_items(self, spec: ViewSpec | None = None) -> int:
        from newsroom_tui.query.lists import count_items

        with self.cache.connection() as conn:
            return count_items(conn, spec or ViewSpec())

    def item(self, item_id: int) -> Item:
        from newsroom_tui.query.lists import find_item

        with self.cache.connection() as conn:
            item = find_item(conn, item_id)
        if item is None:
            raise NotFound(f"no item {item_id} (see `newsroom items`)")
        return item

    def article(self, item_id: int, *, prefer: str = "article") -> Article:
        """The item with the text to read: its fetched article page when there is
        one (unless `prefer` is "feed"), else what the feed gave."""
        from newsroom_tui.store.articles import stored_article
        from newsroom_tui.store.images import item_images

        item = self.item(item_id)
        with self.cache.connection() as conn:
            article = Article(item=item, html=self.cache.html(item_id))
            stored = stored_article(conn, item_id)
            images = item_images(conn, item_id)
        # The images it shows: its article page's, or its feed text's own.
        article.images = [{"url": i.url, "caption": i.caption, "cached": i.cached} for i in images]
        if stored is not None:
            article.images = article.images or stored.images
            article.links = stored.links
            article.has_full_text = True
            if prefer != "feed":
                article.feed_html, article.html = article.html, stored.html
                article.text_source = "article"
        return article

    def image_bytes(self, url: str) -> bytes | None:
        """The stored image at `url` (reading it keeps it longest), or None."""
        from newsroom_tui.store.images import read_image

        with self.cache.connection() as conn:
            return read_image(conn, url)

    def cache_sizes(self) -> tuple[int, int]:
        """(bytes of the whole cache file, bytes of it that are stored images)."""
        from newsroom_tui.store.images import images_size

        path = self.cache.path
        total = 0
        for extra in ("", "-wal"):
            try:
                total += Path(f"{path}{extra}").stat().st_size if path else 0
            except OSError:
                pass
        with self.cache.connection() as conn:
            return total, images_size(conn)

    def bookmarks(self) -> list[Item]:
        return self.items(ViewSpec("bookmarks"))

    # -- marks -----------------------------------------------------------------

    def set_read(self, item_id: int, read: bool) -> None:
        self.item(item_id)
        self.cache.set_read([item_id], read)

    def write_marks(
        self, item_id: int, wanted: Callable[[], tuple[bool | None, bool | None]]
    ) -> None:
        """Write an item's read and bookmark state (None: leave it) as wanted when the
        write runs: `wanted` is asked in the store's turn, so of two quick changes
        written from two threads, the one wanted last is what stays."""
        with self.cache.connection():
            read, bookmarked = wanted()
            if read is not None:
                self.set_read(item_id, read)
            if bookmarked is not None:
                self.set_bookmarked(item_id, bookmarked)

    def write_note(self, item_id: int, note: str, *, still_wanted: Callable[[], bool]) -> None:
        """Bookmark an item with `note`, if `still_wanted()` says so in the store's
        turn (a "remove bookmark" pressed meanwhile wins, whichever thread runs first)."""
        with self.cache.connection():
            if still_wanted():
                self.set_bookmarked(item_id, True, note)

    def open_item(self, item_id: int, *, mark_read: Callable[[], bool]) -> tuple[Article, bool]:
        """The article to show, marked read (and when) if `mark_read()` says so, asked
        in the store's turn (a "mark unread" pressed meanwhile wins); and whether
        opening it made it read."""
        with self.cache.connection():
            article = self.article(item_id)
            opened = mark_read()
            if opened:
                self.mark_opened(item_id)
        return article, opened and not article.item.read

    def set_bookmarked(self, item_id: int, bookmarked: bool, note: str | None = None) -> None:
        from newsroom_tui.text import clean_line

        self.item(item_id)
        self.cache.set_bookmarked(
            item_id, bookmarked, clean_line(note) if note is not None else None
        )
        self.keep_backup()

    def mark_items_read(self, item_ids: Sequence[int], read: bool = True) -> int:
        return self.cache.set_read(item_ids, read)

    def mark_opened(self, item_id: int) -> None:
        """Mark an item read because the user opened it (and remember when)."""
        self.cache.mark_opened(item_id)
