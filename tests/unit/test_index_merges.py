"""The search index merges its segments less often (schema 15): many fetches,
each its own commit, and items changed between them, leave search exactly
right, in a cache upgraded from schema 14, in a new one and after `compact`."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.query.search import search_items
from newsroom_tui.store.cache import Cache
from newsroom_tui.store.db import FTS_AUTOMERGE, MIGRATIONS
from newsroom_tui.store.fetches import FeedUpdate
from newsroom_tui.store.maintenance import rebuild_search_index
from newsroom_tui.store.rows import item_rows
from newsroom_tui.store.search import compile_query

FETCHES = FTS_AUTOMERGE * 2 + 3  # enough commits for the index to merge twice over


def _store(cache: Cache, feed_id: int, guid: str, words: str) -> None:
    item = ParsedItem(
        guid=guid,
        url=f"https://example.test/{guid}",
        title=f"Bản tin {guid}",
        content_html=f"<p>Ủy ban phường Ba Đình: {words}</p>",
    )
    feed = ParsedFeed(title="Feed", site_url=None, items=[item], format="rss20")
    cache.store_update(FeedUpdate(feed_id=feed_id, status="ok", rows=item_rows(feed)))


def _found(cache: Cache, query: str) -> set[str]:
    return {i.title for i in search_items(cache.conn, compile_query(query), limit=500)}


def _automerge(cache: Cache) -> int | None:
    row = cache.conn.execute("SELECT v FROM items_fts_config WHERE k = 'automerge'").fetchone()
    return row[0] if row else None


def _fetch_many_and_change_some(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    for n in range(FETCHES):
        _store(cache, feed_id, f"g{n}", f"khởi công số{n} cầu đường")
    for n in range(0, FETCHES, 3):  # a changed article: its old words must leave the index
        _store(cache, feed_id, f"g{n}", f"hoàn thành số{n} trường học")


def _assert_search_is_exact(cache: Cache, before: frozenset[str] = frozenset()) -> None:
    changed = {f"Bản tin g{n}" for n in range(0, FETCHES, 3)}
    every = {f"Bản tin g{n}" for n in range(FETCHES)}
    assert _found(cache, "ba dinh") == every | before
    assert _found(cache, "khoi cong") == every - changed
    assert _found(cache, '"truong hoc"') == changed
    assert _found(cache, "so7") == {"Bản tin g7"}
    assert _found(cache, "khởi công so9") == set()  # g9 was changed
    assert _found(cache, "hoàn thành so9") == {"Bản tin g9"}
    assert cache.integrity_problem() is None


def test_a_new_cache_merges_less_and_searches_exactly(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path / "cache.sqlite3")
    assert _automerge(cache) == FTS_AUTOMERGE
    _fetch_many_and_change_some(cache)
    _assert_search_is_exact(cache)
    cache.close()


@pytest.mark.parametrize("compacted", [False, True])
def test_a_schema_14_cache_upgrades_and_searches_exactly(tmp_path: Path, compacted: bool) -> None:
    from newsroom_tui.store import db

    path = tmp_path / "old.sqlite3"
    original = db.MIGRATIONS
    db.MIGRATIONS, db.SCHEMA_VERSION = original[:14], 14
    try:
        old = Cache.open(path)
        feed_id, _ = old.add_feed("https://example.test/old")
        _store(old, feed_id, "old", "tin cũ lưu trước khi nâng cấp")
        assert _automerge(old) is None  # FTS5's own default
        old.close()
    finally:
        db.MIGRATIONS, db.SCHEMA_VERSION = original, len(original)
    cache = Cache.open(path)
    assert cache.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert _automerge(cache) == FTS_AUTOMERGE
    assert _found(cache, "nang cap") == {"Bản tin old"}
    _fetch_many_and_change_some(cache)
    if compacted:
        with cache.connection() as conn:
            rebuild_search_index(conn)
        assert _automerge(cache) == FTS_AUTOMERGE
    assert _found(cache, "nang cap") == {"Bản tin old"}
    _assert_search_is_exact(cache, frozenset({"Bản tin old"}))
    cache.close()
