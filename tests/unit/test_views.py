"""query/lists.py and query/sidebar.py: the lists, checked against plain SQL and the CLI."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from newsroom_tui.query import lists as views
from newsroom_tui.query import sidebar
from newsroom_tui.query.lists import ViewSpec, count_items, list_items
from newsroom_tui.store.cache import Cache

# Written out again here, so a change to the query layer's order shows.
ORDER = {
    "date": "sort_time DESC, first_seen DESC, id ASC",
    "views": "views DESC, sort_time DESC, id ASC",
}


def _items(cache: Cache, spec: ViewSpec) -> list[int]:
    return [i.id for i in list_items(cache.conn, spec)]


def _insert(conn: sqlite3.Connection, feed_id: int, n: int, rng: random.Random) -> None:
    rows = []
    for k in range(n):
        when = 1_700_000_000 + rng.randrange(0, 10_000_000)
        rows.append(
            (
                feed_id,
                f"g:{feed_id}-{k}",
                f"Item {feed_id}-{k}",
                f"https://example.test/{feed_id}/{k}",
                when,
                when,
                when,
                None if rng.random() < 0.1 else rng.randrange(0, 5000),
                int(rng.random() < 0.5),
                int(rng.random() < 0.05),
                f"h{feed_id}-{k}",
            )
        )
    conn.executemany(
        "INSERT INTO items (feed_id, dedup_key, title, url, published, first_seen, sort_time, "
        "views, read, bookmarked, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    # Index them as the cache would, so unsubscribing can unindex them.
    conn.execute(
        "INSERT INTO items_fts (rowid, title, summary, body, note) "
        "SELECT id, title, '', '', '' FROM items WHERE feed_id = ?",
        (feed_id,),
    )


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    cache = Cache.open(tmp_path / "cache.sqlite3")
    rng = random.Random(3)
    big, _ = cache.add_feed("https://big.example.test/", title="Big", tags=["News", "All days"])
    small, _ = cache.add_feed("https://small.example.test/", title="Small", tags=["News"])
    loose, _ = cache.add_feed("https://loose.example.test/", title="Loose")
    gone, _ = cache.add_feed("https://gone.example.test/", title="Gone")
    _insert(cache.conn, big, 1500, rng)
    _insert(cache.conn, small, 60, rng)
    _insert(cache.conn, loose, 200, rng)
    _insert(cache.conn, gone, 40, rng)
    cache.remove_feed(gone)  # leaves its bookmarked items, from a hidden feed
    cache.conn.execute(
        "UPDATE feeds SET last_status = 'error', last_error = 'HTTP 500' WHERE id = ?", (small,)
    )
    yield cache
    cache.close()


def _specs(cache: Cache) -> list[ViewSpec]:
    feeds = {f.title: f.id for f in cache.feeds()}
    out = []
    for sort in ("date", "views"):
        out += [
            ViewSpec("all", sort=sort),
            ViewSpec("unread", sort=sort),
            ViewSpec("bookmarks", sort=sort),
            ViewSpec("feed", feed_id=feeds["Big"], sort=sort),
            ViewSpec("feed", feed_id=feeds["Small"], sort=sort),
            ViewSpec("tag", tag="News", sort=sort),
        ]
    return out


def _naive(conn: sqlite3.Connection, spec: ViewSpec) -> list[int]:
    where = ["(f.subscribed = 1 OR i.bookmarked = 1)"]
    params: list[object] = []
    if spec.kind == "unread":
        where.append("i.read = 0")
    elif spec.kind == "bookmarks":
        where.append("i.bookmarked = 1")
    elif spec.kind == "feed":
        where.append("i.feed_id = ?")
        params.append(spec.feed_id)
    elif spec.kind == "tag":
        where.append("i.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ?)")
        params.append(spec.tag)
    order = ORDER[spec.sort].replace("sort_time", "i.sort_time").replace("views", "i.views")
    order = order.replace("id ", "i.id ")
    sql = (
        f"SELECT i.id FROM items i JOIN feeds f ON f.id = i.feed_id "
        f"WHERE {' AND '.join(where)} ORDER BY {order}"
    )
    return [r[0] for r in conn.execute(sql, params)]


def test_view_ids_match_plain_sql_for_every_view(cache: Cache) -> None:
    for spec in _specs(cache):
        expected = _naive(cache.conn, spec)
        assert list(views.view_ids(cache.conn, spec)) == expected, spec
        for share in (None, 0.9):  # either query plan gives the same rows
            window = views.view_window(cache.conn, spec, 50, share=share)
            assert window == expected[:50], (spec, share)


def test_date_order_is_the_command_lines_order(cache: Cache) -> None:
    assert list(views.view_ids(cache.conn, ViewSpec())) == _items(cache, ViewSpec())
    big = next(f.id for f in cache.feeds() if f.title == "Big")
    assert list(views.view_ids(cache.conn, ViewSpec("feed", feed_id=big))) == _items(
        cache, ViewSpec("feed", feed_id=big)
    )


def test_views_order_puts_items_without_counts_last(cache: Cache) -> None:
    ids = list(views.view_ids(cache.conn, ViewSpec(sort="views")))
    counts = dict(cache.conn.execute("SELECT id, views FROM items"))
    seen_null = False
    previous = None
    for item_id in ids:
        value = counts[item_id]
        if value is None:
            seen_null = True
            continue
        assert not seen_null, "an item with a count after one without"
        assert previous is None or value <= previous
        previous = value


def test_counts_are_per_feed_and_hide_unsubscribed_unbookmarked(cache: Cache) -> None:
    counts = sidebar.view_counts(cache.conn)
    conn = cache.conn
    for feed in cache.feeds():
        assert counts.total[feed.id] == feed.total
        assert counts.unread.get(feed.id, 0) == feed.unread
    assert counts.all_total == count_items(cache.conn, ViewSpec())
    assert counts.all_unread == count_items(cache.conn, ViewSpec("unread"))
    assert (
        counts.bookmarks
        == conn.execute("SELECT COUNT(*) FROM items WHERE bookmarked = 1").fetchone()[0]
    )
    feeds = sidebar.sidebar_feeds(conn)
    by_tag = sidebar.feed_ids_by_tag(feeds)
    assert counts.size_of(ViewSpec("tag", tag="News"), by_tag) == count_items(
        cache.conn, ViewSpec("tag", tag="News")
    )
    before = counts.unread[feeds[0].id]
    counts.adjust_unread(feeds[0].id, -1)
    assert counts.unread[feeds[0].id] == before - 1


def test_sidebar_feeds_carry_status_and_tags(cache: Cache) -> None:
    feeds = {f.title: f for f in sidebar.sidebar_feeds(cache.conn)}
    assert set(feeds) == {"Big", "Small", "Loose"}
    assert feeds["Small"].failed and feeds["Small"].last_error == "HTTP 500"
    assert feeds["Big"].tags == ["All days", "News"]
    assert sidebar.tags_in_order(list(feeds.values())) == ["All days", "News"]


def test_headline_rows_and_positions(cache: Cache) -> None:
    ids = views.view_ids(cache.conn, ViewSpec())
    rows = views.headline_rows(cache.conn, ids[:30])
    assert set(rows) == set(ids[:30])
    row = rows[ids[5]]
    item = views.find_item(cache.conn, ids[5])
    assert item is not None
    assert (row.title, row.feed_title, row.views, row.read, row.bookmarked, row.url) == (
        item.title,
        item.feed_title,
        item.views,
        item.read,
        item.bookmarked,
        item.url,
    )
    assert views.position_of(ids, ids[77]) == 77
    assert views.position_of(ids, -1) is None
    assert views.headline_rows(cache.conn, []) == {}


def test_find_unread_both_ways_across_chunks_and_overrides(cache: Cache) -> None:
    conn = cache.conn
    ids = list(views.view_ids(conn, ViewSpec()))
    read = dict(conn.execute("SELECT id, read FROM items"))
    unread_positions = [k for k, i in enumerate(ids) if not read[i]]
    start = unread_positions[10] + 1
    found = views.find_unread(conn, ids, start, 1, chunk=7)
    assert found == next(k for k in unread_positions if k >= start)
    found = views.find_unread(conn, ids, start - 2, -1, chunk=7)
    assert found == max(k for k in unread_positions if k <= start - 2)
    # The caller's unwritten changes win over the cache.
    target = unread_positions[11]
    overrides = {ids[target]: True}
    assert views.find_unread(conn, ids, target, 1, overrides=overrides) == unread_positions[12]
    read_one = next(k for k in range(len(ids)) if read[ids[k]])
    assert views.find_unread(conn, ids, read_one, 1, overrides={ids[read_one]: False}) == read_one
    assert views.find_unread(conn, ids, len(ids), 1) is None
    assert views.find_unread(conn, ids, -1, -1) is None


def test_mark_read_marks_exactly_the_given_items(cache: Cache) -> None:
    conn = cache.conn
    ids = list(views.view_ids(conn, ViewSpec("unread")))
    other = conn.execute("SELECT COUNT(*) FROM items WHERE read = 0").fetchone()[0] - 100
    assert cache.set_read(ids[:100]) == 100
    assert conn.execute("SELECT COUNT(*) FROM items WHERE read = 0").fetchone()[0] == other
    assert cache.set_read(ids[:100]) == 0  # already read
    assert cache.set_read(ids[:10], read=False) == 10
    assert cache.set_read([]) == 0


def test_first_windows_walk_an_index_without_sorting(cache: Cache) -> None:
    conn = cache.conn
    big = next(f.id for f in cache.feeds() if f.title == "Big")
    for spec in (
        ViewSpec(),
        ViewSpec("unread"),
        ViewSpec("bookmarks"),
        ViewSpec("feed", feed_id=big),
        ViewSpec(sort="views"),
    ):
        where, params = views.filter_clause(conn, spec)
        sql = (
            f"SELECT i.id FROM {views._source(spec, None)} WHERE {where} "
            f"ORDER BY {views.ORDER[spec.sort]} LIMIT 50"
        )
        # Unsubscribed feeds exist here, so their filter applies; the order still
        # comes from an index, never a sort of the whole table.
        plan = " ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (spec, plan)
