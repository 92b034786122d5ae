"""Search as a list: the query language's matches, best first, like any other view.

`search_ids` gives the ordered ids (the TUI pages rows for them with
`lists.headline_rows`, as for any view); `search_items` the same list as whole
items (the CLI). A snippet is built only for the rows shown (`snippets`), never
for every match of every keystroke.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from newsroom_tui.models import Item
from newsroom_tui.query.lists import ITEM_COLUMNS, ORDER, item_from_row, visible_clause
from newsroom_tui.store.rows import decompress_text
from newsroom_tui.store.search import CompiledQuery, snippet

# How many of the newest matches a search ranks by relevance (see search_rows).
RANK_WINDOW = 500
# Runs the window's match once; SQLite before 3.35 has no such keyword, and
# its plain CTE gives the same rows (running the match twice).
_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
# Ties in relevance fall back to the lists' date order.
_THEN_BY_DATE = ORDER["date"]


def _conditions(conn: sqlite3.Connection, query: CompiledQuery) -> tuple[str, list[object]]:
    """The query's filters and exclusions, and the one visibility rule."""
    where, params = query.conditions(with_match=False)
    visible, hidden = visible_clause(conn)
    return " AND ".join([visible, *where]), [*hidden, *params]


def _search(conn: sqlite3.Connection, query: CompiledQuery, limit: int, columns: str) -> list:
    """Rows of `columns` for the matches: best match first (title weighted), else newest.

    A common word matches most of a large cache, and ranking every match
    costs a full scan; so only the RANK_WINDOW newest matches are ranked
    (a newsroom wants recent news first). When filters leave too few of
    them, a window eight times wider is tried before every match.
    """
    where, params = _conditions(conn, query)
    if not query.match:
        sql = (
            f"SELECT {columns} FROM items i JOIN feeds f ON f.id = i.feed_id "
            f"WHERE {where} ORDER BY {_THEN_BY_DATE} LIMIT ?"
        )
        return conn.execute(sql, [*params, limit]).fetchall()
    # The window and each hit's rank come from one pass of the index: the
    # match runs once per window (a prefix, without a prefix index, merges
    # many words' lists, and running it twice showed).
    windowed = (
        f"WITH hits AS {_MATERIALIZED}(SELECT rowid AS id, rank AS score FROM items_fts "
        "WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?) "
        f"SELECT (SELECT count(*) FROM hits), {columns} FROM hits "
        "JOIN items i ON i.id = hits.id JOIN feeds f ON f.id = i.feed_id "
        f"WHERE {where} ORDER BY hits.score, {_THEN_BY_DATE} LIMIT ?"
    )
    for window in (RANK_WINDOW, RANK_WINDOW * 8):
        rows = conn.execute(windowed, [query.match, window, *params, limit]).fetchall()
        if len(rows) == limit:
            return [r[1:] for r in rows]
        hits = rows[0][0] if rows else _count_hits(conn, query.match, window)
        if hits < window:  # the window held every match
            return [r[1:] for r in rows]
    sql = (
        f"SELECT {columns} FROM items_fts "
        "JOIN items i ON i.id = items_fts.rowid JOIN feeds f ON f.id = i.feed_id "
        f"WHERE items_fts MATCH ? AND {where} "
        f"ORDER BY items_fts.rank, {_THEN_BY_DATE} LIMIT ?"
    )
    return conn.execute(sql, [query.match, *params, limit]).fetchall()


def _count_hits(conn: sqlite3.Connection, match: str, at_most: int) -> int:
    return conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT ?)",
        (match, at_most),
    ).fetchone()[0]


def search_items(conn: sqlite3.Connection, query: CompiledQuery, limit: int = 50) -> list[Item]:
    """The matches as whole items, best first."""
    return [item_from_row(r) for r in _search(conn, query, limit, ITEM_COLUMNS)]


def search_ids(conn: sqlite3.Connection, query: CompiledQuery, limit: int = 50) -> list[int]:
    """The matches' ids, best first: a list the reader pages like any view."""
    return [r[0] for r in _search(conn, query, limit, "i.id")]


def count_matches(conn: sqlite3.Connection, query: CompiledQuery, *, unread: bool = False) -> int:
    """How many visible items match (only unread ones, with `unread`)."""
    where, params = query.conditions(with_match=True)
    visible, hidden = visible_clause(conn)
    clauses = [visible, *where, *(["i.read = 0"] if unread else [])]
    return conn.execute(
        f"SELECT COUNT(*) FROM items i WHERE {' AND '.join(clauses)}", [*hidden, *params]
    ).fetchone()[0]


def snippets(conn: sqlite3.Connection, item_ids: Sequence[int], terms: list[str]) -> dict[int, str]:
    """A snippet around the first match of `terms`, for each of these (shown) items:
    from the body text, else the summary."""
    if not item_ids or not terms:
        return {}
    marks = ",".join("?" * len(item_ids))
    out = {}
    for item_id, text, html, summary in conn.execute(
        f"SELECT id, content_text, content_html, summary FROM items WHERE id IN ({marks})",
        list(item_ids),
    ):
        source = decompress_text(text, html) or summary or ""
        out[item_id] = snippet(source, terms)[0]
    return out


__all__ = ["RANK_WINDOW", "count_matches", "search_ids", "search_items", "snippets"]
