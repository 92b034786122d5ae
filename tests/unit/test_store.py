"""The cache against a real SQLite file."""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.query.lists import ViewSpec, count_items, list_items
from newsroom_tui.query.search import search_items
from newsroom_tui.store.cache import Cache
from newsroom_tui.store.db import SCHEMA_VERSION
from newsroom_tui.store.failures import CacheError
from newsroom_tui.store.fetches import FeedUpdate
from newsroom_tui.store.rows import item_rows


def parsed(*items: ParsedItem) -> ParsedFeed:
    return ParsedFeed(title="Feed", site_url=None, items=list(items), format="rss20")


def item(guid: str | None = "g1", **kw: object) -> ParsedItem:
    defaults: dict[str, object] = {
        "url": "https://example.test/" + (guid or "x"),
        "title": "Title " + (guid or "x"),
        "content_html": "<p>body of " + (guid or "x") + "</p>",
        "published": datetime(2024, 5, 21, 1, 30, tzinfo=UTC),
    }
    defaults.update(kw)
    return ParsedItem(guid=guid, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    c = Cache.open(tmp_path / "cache.sqlite3")
    yield c
    c.close()


def store(cache: Cache, feed_id: int, *items: ParsedItem) -> tuple[int, int]:
    out = cache.store_update(
        FeedUpdate(feed_id=feed_id, status="ok", rows=item_rows(parsed(*items)))
    )
    return out.new_items, out.updated_items


def test_pragmas_and_version(cache: Cache) -> None:
    conn = cache.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_dedup_by_guid_then_link_then_hash(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    assert store(cache, feed_id, item("a"), item("a"), item(None, url="https://x.test/1")) == (2, 0)
    assert store(cache, feed_id, item("a"), item(None, url="https://x.test/1")) == (0, 0)
    no_keys = item(None, url=None, title="Same", content_html="<p>same</p>")
    assert store(cache, feed_id, no_keys) == (1, 0)
    assert store(cache, feed_id, no_keys) == (0, 0)
    assert count_items(cache.conn, ViewSpec()) == 3


def test_changed_item_updates_in_place_keeping_state(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a", title="Old title"))
    item_id = next(list_items(cache.conn, ViewSpec())).id
    cache.set_read([item_id])
    cache.set_bookmarked(item_id, True, note="keep")
    assert store(cache, feed_id, item("a", title="New title", views=50)) == (0, 1)
    [updated] = list(list_items(cache.conn, ViewSpec()))
    assert (updated.id, updated.title, updated.read, updated.bookmarked, updated.note) == (
        item_id,
        "New title",
        True,
        True,
        "keep",
    )
    assert updated.views == 50
    # The index follows: the new title is found, the old one is not.
    from newsroom_tui.store.search import compile_query

    assert [i.id for i in search_items(cache.conn, compile_query("new"))] == [item_id]
    assert search_items(cache.conn, compile_query("old")) == []
    assert [i.id for i in search_items(cache.conn, compile_query("keep"))] == [item_id]


def test_undated_item_sorts_by_first_seen_and_keeps_null(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("old"), item("undated", published=None))
    items = list(list_items(cache.conn, ViewSpec()))
    assert [i.title for i in items] == ["Title undated", "Title old"]
    assert items[0].published is None


def test_future_date_does_not_pin_to_top(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("future", published=datetime(2099, 1, 1, tzinfo=UTC)))
    # A second later (within one second, the two would tie on their time and
    # keep the order they were stored in).
    seen = int(time.time())
    while int(time.time()) == seen:
        time.sleep(0.05)
    store(cache, feed_id, item("now", published=datetime.now(UTC)))
    items = list(list_items(cache.conn, ViewSpec()))
    assert items[0].title == "Title now"
    assert items[1].published == datetime(2099, 1, 1, tzinfo=UTC)


def test_failed_store_rolls_back_whole_feed(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a"))
    rows = item_rows(parsed(item("b"), item("c")))
    rows[1] = rows[1]._replace(title=None)  # violates NOT NULL mid-transaction
    with pytest.raises(sqlite3.IntegrityError):
        cache.store_update(FeedUpdate(feed_id=feed_id, status="ok", rows=rows))
    assert [i.title for i in list(list_items(cache.conn, ViewSpec()))] == ["Title a"]
    assert cache.feeds()[0].last_status == "ok"


def test_remove_feed_keeps_bookmarks(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a"), item("b"))
    keep = next(list_items(cache.conn, ViewSpec())).id
    cache.set_bookmarked(keep, True)
    assert cache.remove_feed(feed_id) == 1
    assert cache.feeds() == []
    assert [i.id for i in list(list_items(cache.conn, ViewSpec()))] == [keep]
    # Re-subscribing brings the same feed row back.
    again, created = cache.add_feed("https://example.test/feed")
    assert again == feed_id and created


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CacheError, match="newer"):
        Cache.open(path)


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    c = Cache.open(path)
    feed_id, _ = c.add_feed("https://example.test/feed", tags=["a", "b"])
    store(c, feed_id, item("a"))
    c.close()
    c = Cache.open(path)
    assert c.feeds()[0].tags == ["a", "b"]
    assert count_items(c.conn, ViewSpec("unread")) == 1
    c.close()


def test_prune_keeps_bookmarks_and_newest(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.test/feed")
    old = datetime(2020, 1, 1, tzinfo=UTC)
    store(
        cache,
        feed_id,
        item("old1", published=old),
        item("old2", published=old),
        item("new", published=datetime.now(UTC) - timedelta(hours=1)),
    )
    keep = next(i.id for i in list(list_items(cache.conn, ViewSpec())) if i.title == "Title old1")
    cache.set_bookmarked(keep, True)
    assert cache.prune(max_age_days=365) == 1
    assert sorted(i.title for i in list(list_items(cache.conn, ViewSpec()))) == [
        "Title new",
        "Title old1",
    ]
    store(cache, feed_id, item("newer", published=datetime.now(UTC)))
    assert cache.prune(max_items_per_feed=1) == 1  # "new" goes; the bookmark stays
    assert sorted(i.title for i in list(list_items(cache.conn, ViewSpec()))) == [
        "Title newer",
        "Title old1",
    ]


@contextmanager
def cache_at_version(path: Path, version: int) -> Iterator[Cache]:
    """A cache as the release with schema `version` wrote it."""
    from newsroom_tui.store import db

    original = db.MIGRATIONS
    db.MIGRATIONS = original[:version]
    db.SCHEMA_VERSION = version
    try:
        c = Cache.open(path)
        try:
            yield c
        finally:
            c.close()
    finally:
        db.MIGRATIONS = original
        db.SCHEMA_VERSION = len(original)


def test_older_cache_migrates_keeping_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with cache_at_version(path, 1) as c:
        feed_id, _ = c.add_feed("https://example.test/feed")
        store(c, feed_id, item("a"), item("b"))
        first = next(list_items(c.conn, ViewSpec())).id
        c.set_bookmarked(first, True, note="giữ lại")
    c = Cache.open(path)
    assert c.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert count_items(c.conn, ViewSpec()) == 2
    assert [i.note for i in list_items(c.conn, ViewSpec("bookmarks"))] == ["giữ lại"]
    assert c.saved_searches() == []
    c.close()


def _v7_compress_text(text: str, html: bytes) -> bytes:
    """How releases up to schema 7 stored body text: zlib, its HTML as dictionary."""
    packer = zlib.compressobj(1, zdict=html[-32_768:]) if html else zlib.compressobj(1)
    return packer.compress(text.encode()) + packer.flush()


def test_body_text_is_read_again_from_the_article_not_stored(cache: Cache) -> None:
    from newsroom_tui.store.search import compile_query

    paragraph = "<p>Ủy ban nhân dân quận Ba Đình họp về giao thông, ngày 21/05/2024.</p>"
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a", content_html=paragraph * 50), item("b", content_html=""))
    by_title = {i.title: i.id for i in list(list_items(cache.conn, ViewSpec()))}
    texts = cache.texts(list(by_title.values()))
    assert texts[by_title["Title a"]].startswith("Ủy ban nhân dân quận Ba Đình họp")
    assert texts[by_title["Title a"]].count("21/05/2024") == 50
    stored = dict(cache.conn.execute("SELECT title, content_text FROM items").fetchall())
    assert len(stored["Title a"]) == 1  # a marker byte, not the text
    # A changed article leaves the index exactly, from the text read back.
    store(cache, feed_id, item("a", content_html="<p>beta replacement</p>"))
    assert search_items(cache.conn, compile_query("giao thong")) == []
    assert [i.id for i in search_items(cache.conn, compile_query("replacement"))] == [
        by_title["Title a"]
    ]
    assert cache.integrity_problem() is None


def test_text_compressed_by_older_releases_still_reads(cache: Cache) -> None:
    from newsroom_tui.store.rows import decompress_text

    html = ("<p>Ủy ban nhân dân quận Ba Đình họp.</p>" * 1200).encode()  # > 32 KiB
    text = "Ủy ban nhân dân quận Ba Đình họp. " * 1200
    assert decompress_text(_v7_compress_text(text, html), zlib.compress(html)) == text
    assert decompress_text(_v7_compress_text("tagless text", b""), None) == "tagless text"


def test_text_from_an_older_cache_is_read_and_unindexed(cache: Cache) -> None:
    """Caches written before compression hold content_text as plain text."""
    from newsroom_tui.store.search import compile_query

    feed_id, _ = cache.add_feed("https://example.test/feed")
    summary = "<p>a summary of its own</p>"
    store(
        cache, feed_id, item("a", content_html="<p>alpha original words</p>", summary_html=summary)
    )
    [old] = list(list_items(cache.conn, ViewSpec()))
    with cache.transaction() as conn:
        conn.execute(
            "UPDATE items SET content_text = 'alpha original words' WHERE id = ?", (old.id,)
        )
    assert cache.texts([old.id]) == {old.id: "alpha original words"}
    # A changed item must leave the index exactly: the old words stop matching.
    changed = item("a", content_html="<p>beta replacement</p>", summary_html=summary)
    assert store(cache, feed_id, changed) == (0, 1)
    assert search_items(cache.conn, compile_query("original")) == []
    assert [i.id for i in search_items(cache.conn, compile_query("replacement"))] == [old.id]


def test_articles_zlib_compressed_by_older_releases_still_read(cache: Cache) -> None:
    """New rows are zstd; caches written before hold zlib, text compressed against it."""
    from newsroom_tui.store.search import compile_query

    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a", content_html="<p>Ủy ban nhân dân họp</p>"))
    [old] = list(list_items(cache.conn, ViewSpec()))
    [zhtml] = cache.conn.execute("SELECT content_html FROM items").fetchone()
    assert zhtml.startswith(b"\x28\xb5\x2f\xfd")  # a zstd frame
    html = b"<p>alpha original words</p>"
    with cache.transaction() as conn:  # what an older release wrote, index included
        conn.execute(
            "UPDATE items SET content_html = ?, content_text = ? WHERE id = ?",
            (zlib.compress(html, 1), _v7_compress_text("alpha original words", html), old.id),
        )
        conn.execute(
            "INSERT INTO items_fts (items_fts, rowid, title, summary, body, note) "
            "SELECT 'delete', id, title, summary, 'Uy ban nhan dan hop', '' FROM items"
        )
        conn.execute(
            "INSERT INTO items_fts (rowid, title, summary, body, note) "
            "SELECT id, title, summary, 'alpha original words', '' FROM items"
        )
    assert cache.html(old.id) == html.decode()
    assert cache.texts([old.id]) == {old.id: "alpha original words"}
    store(cache, feed_id, item("a", content_html="<p>beta replacement</p>"))
    assert search_items(cache.conn, compile_query("original")) == []
    assert [i.id for i in search_items(cache.conn, compile_query("replacement"))] == [old.id]
    assert cache.integrity_problem() is None


def test_new_cache_has_big_pages_and_an_index_without_prefixes(cache: Cache) -> None:
    conn = cache.conn
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 16384
    [sql] = conn.execute("SELECT sql FROM sqlite_schema WHERE name = 'items_fts'").fetchone()
    assert "prefix" not in sql and "content = ''" in sql


def test_filled_cache_keeps_its_search_index_on_upgrade(tmp_path: Path) -> None:
    from newsroom_tui.store.search import compile_query

    path = tmp_path / "v5.sqlite3"
    with cache_at_version(path, 5) as c:
        feed_id, _ = c.add_feed("https://example.test/feed")
        store(c, feed_id, item("a", title="Transport plan"), item("b"))
    c = Cache.open(path)
    [sql] = c.conn.execute("SELECT sql FROM sqlite_schema WHERE name = 'items_fts'").fetchone()
    assert "prefix = '2 3'" in sql  # not rebuilt: minutes on a big cache
    assert [i.title for i in search_items(c.conn, compile_query("transp*"))] == ["Transport plan"]
    # Changed items still leave the old index exactly.
    store(c, feed_id, item("a", title="Transport budget", content_html="<p>new words</p>"))
    assert search_items(c.conn, compile_query("plan")) == []
    assert [i.title for i in search_items(c.conn, compile_query("budget"))] == ["Transport budget"]
    c.close()


def test_batch_indexes_stored_feeds_and_none_of_a_failed_one(cache: Cache) -> None:
    from newsroom_tui.store.search import compile_query

    ok_id, _ = cache.add_feed("https://example.test/ok")
    bad_id, _ = cache.add_feed("https://example.test/bad")
    store(cache, ok_id, item("a", title="Kept apple", content_html="<p>first words</p>"))
    good = item_rows(
        parsed(
            item("a", title="Kept apple", content_html="<p>changed words</p>"),
            item("b", title="New banana"),
        )
    )
    bad = item_rows(parsed(item("c", title="Lost cherry"), item("d", title="Lost date")))
    bad[1] = bad[1]._replace(title=None)  # violates NOT NULL mid-feed
    outcomes = cache.store_updates(
        [
            FeedUpdate(feed_id=ok_id, status="ok", rows=good),
            FeedUpdate(feed_id=bad_id, status="ok", rows=bad),
        ]
    )
    assert isinstance(outcomes[1], sqlite3.IntegrityError)
    assert (outcomes[0].new_items, outcomes[0].updated_items) == (1, 1)

    def found(query: str) -> list[str]:
        return sorted(i.title for i in search_items(cache.conn, compile_query(query)))

    assert found("banana") == ["New banana"]
    assert found("changed") == ["Kept apple"]
    assert found("first") == []
    assert found("lost") == [] and found("cherry") == []
    assert sorted(i.title for i in list(list_items(cache.conn, ViewSpec()))) == [
        "Kept apple",
        "New banana",
    ]
    # The next item takes the rolled-back item's id: no words of it may linger.
    store(cache, ok_id, item("e", title="Fresh fig"))
    assert found("cherry") == [] and found("fig") == ["Fresh fig"]


def test_empty_cache_gets_the_lean_index_on_upgrade(tmp_path: Path) -> None:
    from newsroom_tui.store.search import compile_query

    path = tmp_path / "v5-empty.sqlite3"
    with cache_at_version(path, 5) as c:
        c.add_feed("https://example.test/feed")
    c = Cache.open(path)
    [sql] = c.conn.execute("SELECT sql FROM sqlite_schema WHERE name = 'items_fts'").fetchone()
    assert "prefix" not in sql
    feed_id = c.feeds()[0].id
    store(c, feed_id, item("a", title="Transport plan"))
    assert [i.title for i in search_items(c.conn, compile_query("transp*"))] == ["Transport plan"]
    assert [i.title for i in search_items(c.conn, compile_query("plan"))] == [
        "Transport plan"
    ]  # ranked
    c.close()


def test_one_batch_may_store_a_feed_twice(cache: Cache) -> None:
    from newsroom_tui.store.search import compile_query

    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a", title="Alpha"))
    outcomes = cache.store_updates(
        [
            FeedUpdate(
                feed_id=feed_id, status="ok", rows=item_rows(parsed(item("a", title="Beta")))
            ),
            FeedUpdate(
                feed_id=feed_id, status="ok", rows=item_rows(parsed(item("a", title="Gamma")))
            ),
        ]
    )
    assert [(o.new_items, o.updated_items) for o in outcomes] == [(0, 1), (0, 1)]

    def found(query: str) -> list[str]:
        return [i.title for i in search_items(cache.conn, compile_query(query))]

    assert found("gamma") == ["Gamma"] and found("beta") == [] and found("alpha") == []
    assert cache.integrity_problem() is None


@pytest.mark.parametrize("content", ["<p>Ủy ban nhân dân</p>", "<p>bell\x07 inside</p>", ""])
def test_content_hash_is_the_one_older_releases_stored(content: str) -> None:
    """A changed hash would make every cached item look updated on the next fetch."""
    import hashlib

    one = item("a", content_html=content, summary_html="<p>tóm tắt</p>")
    h = hashlib.blake2b(digest_size=16)
    for part in (one.title, one.url, one.summary_html, one.content_html):
        h.update(part.encode("utf-8") + b"\x00")
    [row] = item_rows(parsed(one))
    assert row.content_hash == h.hexdigest()


def test_items_not_from_the_parsers_are_cleaned_before_storing(cache: Cache) -> None:
    """Only parse_feed vouches for clean text; anything else is cleaned on the way in."""
    from newsroom_tui.feeds.parse import parse_feed

    hostile = "<p>Ba \x1b[31mĐình\u202e họp</p>"
    feed_id, _ = cache.add_feed("https://example.test/feed")
    store(cache, feed_id, item("a", content_html=hostile, summary_html="<p>x\x07y</p>"))
    [stored] = list(list_items(cache.conn, ViewSpec()))
    assert cache.html(stored.id) == "<p>Ba [31mĐình họp</p>"
    assert stored.summary == "xy"
    rss = b"<rss><channel><title>t</title><item><title>a</title></item></channel></rss>"
    assert parse_feed(rss, {}, "https://example.test/feed").cleaned
    assert not parsed(item("a")).cleaned


def test_compact_rebuilds_an_old_prefix_index_and_every_search_still_finds(
    tmp_path: Path,
) -> None:
    from newsroom_tui.store.maintenance import compact
    from newsroom_tui.store.search import compile_query

    path = tmp_path / "v5.sqlite3"
    with cache_at_version(path, 5) as c:
        feed_id, _ = c.add_feed("https://example.test/feed")
        store(
            c,
            feed_id,
            item("a", title="Transport plan", content_html="<p>Quận Ba Đình họp</p>"),
            item("b", title="Weather"),
        )
        weather = next(i.id for i in list(list_items(c.conn, ViewSpec())) if i.title == "Weather")
        c.set_bookmarked(weather, True, note="theo dõi")
    c = Cache.open(path)
    seen: list[tuple[int, int]] = []
    report = compact(c.conn, lambda done, total: seen.append((done, total)))
    [sql] = c.conn.execute("SELECT sql FROM sqlite_schema WHERE name = 'items_fts'").fetchone()
    assert "prefix" not in sql
    assert report.items == 2 and seen[-1] == (2, 2)
    assert report.bytes_after <= report.bytes_before

    def found(query: str) -> list[str]:
        return sorted(i.title for i in search_items(c.conn, compile_query(query)))

    assert found("transp*") == ["Transport plan"]
    assert found("ba dinh") == ["Transport plan"]  # body, accents and đ folded
    assert found("theo doi") == ["Weather"]  # the bookmark note
    # The rebuilt index still forgets an item's old words exactly.
    store(c, feed_id, item("a", title="Transport budget", content_html="<p>new words</p>"))
    assert found("plan") == [] and found("ba dinh") == []
    assert found("budget") == ["Transport budget"]
    assert c.integrity_problem() is None
    c.close()


def test_an_interrupted_rebuild_keeps_the_old_index(tmp_path: Path) -> None:
    from newsroom_tui.store.maintenance import rebuild_search_index
    from newsroom_tui.store.search import compile_query

    path = tmp_path / "v5.sqlite3"
    with cache_at_version(path, 5) as c:
        feed_id, _ = c.add_feed("https://example.test/feed")
        store(c, feed_id, item("a", title="Transport plan"))
    c = Cache.open(path)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild_search_index(c.conn, interrupt)
    [sql] = c.conn.execute("SELECT sql FROM sqlite_schema WHERE name = 'items_fts'").fetchone()
    assert "prefix = '2 3'" in sql
    assert [i.title for i in search_items(c.conn, compile_query("plan"))] == ["Transport plan"]
    assert not c.conn.in_transaction
    c.close()


def test_feeds_say_what_kind_of_source_they_are(cache: Cache) -> None:
    feed_id, _ = cache.add_feed("https://example.org/tin-tuc.html")
    assert [feed.kind for feed in cache.feeds()] == ["feed"]
    cache.conn.execute("UPDATE feeds SET kind = 'html' WHERE id = ?", (feed_id,))
    assert [feed.kind for feed in cache.feeds()] == ["html"]
