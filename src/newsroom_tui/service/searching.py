"""Full-text search, and saved searches: live virtual feeds."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from newsroom_tui.models import Item
from newsroom_tui.service.base import NewsroomBase, NotFound
from newsroom_tui.text import as_row_id

_T = TypeVar("_T")


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    unread: int


class Searching(NewsroomBase):
    def search(self, query: str, limit: int = 50) -> list[Item]:
        """Items matching `query`, best first, each with a snippet (all of them are
        shown: the CLI prints them). Raises SearchSyntaxError."""
        from newsroom_tui.query.search import search_items, snippets
        from newsroom_tui.store.search import compile_query

        compiled = compile_query(query)

        def run() -> tuple[list[Item], dict[int, str]]:
            with self.cache.connection() as conn, _index_errors():
                items = search_items(conn, compiled, limit)
                return items, snippets(conn, [i.id for i in items], compiled.terms)

        items, shown = self._on_whole_index(run)
        for item in items:
            item.snippet = shown.get(item.id)
        return items

    def search_ids(self, query: str, limit: int) -> tuple[list[int], list[str]]:
        """The ids of the items matching `query`, best first, and the words to
        highlight: a list the reader pages like any view. Raises SearchSyntaxError."""
        from newsroom_tui.query.search import search_ids
        from newsroom_tui.store.search import compile_query

        compiled = compile_query(query)

        def run() -> list[int]:
            with self.cache.connection() as conn, _index_errors():
                return search_ids(conn, compiled, limit)

        return self._on_whole_index(run), compiled.terms

    def snippets(self, item_ids: Sequence[int], terms: list[str]) -> dict[int, str]:
        """Snippets around the matches of `terms`, for the items shown."""
        from newsroom_tui.query.search import snippets

        def run() -> dict[int, str]:
            with self.cache.connection() as conn:
                return snippets(conn, item_ids, terms)

        return self._on_whole_index(run)

    # -- saved searches: live virtual feeds --------------------------------

    def saved_searches(self, *, count_unread: bool = True) -> list[SavedSearch]:
        """Every saved search with its unread count (a broken query counts 0).

        Without `count_unread` every count is 0: each one runs the search, and
        the first screen lists the names before the counts are in.
        """
        if not count_unread:
            return [
                SavedSearch(i, name, query, 0) for i, name, query in self.cache.saved_searches()
            ]
        from newsroom_tui.query.search import count_matches
        from newsroom_tui.store.search import CompiledQuery, SearchSyntaxError, compile_query

        out = []
        for search_id, name, query in self.cache.saved_searches():
            try:
                compiled = compile_query(query)
            except SearchSyntaxError:
                unread = 0
            else:

                def count(compiled: CompiledQuery = compiled) -> int:
                    with self.cache.reading() as conn:
                        return count_matches(conn, compiled, unread=True)

                unread = self._on_whole_index(count)
            out.append(SavedSearch(search_id, name, query, unread))
        return out

    def save_search(self, name: str, query: str) -> int:
        """Raises ValueError for an empty name, SearchSyntaxError for a bad query."""
        from newsroom_tui.store.search import compile_query
        from newsroom_tui.text import clean_line

        name = clean_line(name)
        if not name:
            raise ValueError("a saved search needs a name")
        compile_query(query)
        return self.cache.save_search(name, clean_line(query))

    def saved_search(self, ref: str) -> SavedSearch:
        for saved in self.saved_searches():
            if ref == saved.name or as_row_id(ref) == saved.id:
                return saved
        raise NotFound(f"no saved search {ref!r} (see `newsroom saved`)")

    def rename_search(self, search_id: int, name: str) -> None:
        from newsroom_tui.text import clean_line

        name = clean_line(name)
        if not name:
            raise ValueError("a saved search needs a name")
        try:
            renamed = self.cache.rename_search(search_id, name)
        except sqlite3.IntegrityError:
            raise ValueError(f"a saved search is already called {name!r}") from None
        if not renamed:
            raise NotFound(f"no saved search {search_id}")

    def _on_whole_index(self, run: Callable[[], _T]) -> _T:
        """`run()`; when SQLite finds the search index damaged, the index is built
        again from the stored items (every item kept, the user told in one line)
        and `run()` asked once more."""
        from newsroom_tui.store.failures import is_index_damaged

        try:
            return run()
        except sqlite3.DatabaseError as exc:
            if not is_index_damaged(exc):
                raise
        count = self.rebuild_search_index()
        self.notices.append(
            f"the search index was damaged: rebuilt it from the {count:,} stored items "
            "(every item kept)"
        )
        return run()

    def delete_search(self, search_id: int) -> None:
        if not self.cache.delete_search(search_id):
            raise NotFound(f"no saved search {search_id}")


@contextmanager
def _index_errors() -> Iterator[None]:
    """A query the search index cannot run is bad syntax, said in one line."""
    from newsroom_tui.store.search import SearchSyntaxError

    try:
        yield
    except sqlite3.OperationalError as exc:
        raise SearchSyntaxError(f"the search index could not run this query ({exc})") from None
