"""The Add source dialog against the Ba Đình portal served on 127.0.0.1: what it
finds (a news list, an advertised feed, a mapping's diagnostics), that typing
goes on while it looks, that page text stays text, and that enter subscribes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from driving import drive, notifications, pane_text, screen_text, settle, until
from homes import SmallHome

from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.screens.add_source import AddSourceScreen
from support.feedserver import FeedServer

pytestmark = pytest.mark.anyio

SIZE = (120, 45)
BA_DINH = Path(__file__).parents[1] / "data" / "corpus" / "portals" / "ba-dinh"
EXPECTED = json.loads((BA_DINH / "expected.json").read_text(encoding="utf-8"))
_TYPES = {".html": "text/html", ".xml": "application/rss+xml", ".json": "application/json"}


def serve_site(server: FeedServer, site: str = "site", delay: float = 0.0) -> str:
    root = BA_DINH / site
    for file in root.rglob("*"):
        if file.is_file():
            body = file.read_bytes()
            server.add(
                "/" + file.relative_to(root).as_posix(),
                body,
                content_type=_TYPES.get(file.suffix, "application/octet-stream"),
                etag='"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"',
                delay=delay,
            )
    return server.base_url


def dialog(app) -> AddSourceScreen:
    assert isinstance(app.screen, AddSourceScreen)
    return app.screen


def feeds(home: SmallHome) -> list[tuple[str, str]]:
    with sqlite3.connect(home.home / "newsroom.sqlite3") as conn:
        return list(conn.execute("SELECT url, kind FROM feeds ORDER BY id"))


async def test_a_news_page_without_a_feed_is_previewed_then_subscribed(
    small: SmallHome, feed_server: FeedServer
) -> None:
    url = serve_site(feed_server) + "/tin-tuc/index.html"
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        dialog(app)
        await pilot.press(*url, "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "No feed: a news list found on the page" in shown
        assert "21/05/2024" in shown and "739" in shown
        for entry in EXPECTED["sources"]["site"]["items"][1:4]:
            assert entry["title"][:40] in shown
        assert "Enter subscribes to this source." in shown
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, AddSourceScreen), rounds=600)
        # Said at once (the fetch that follows may outlast the toast).
        assert any("reading the page as a news list" in n for n in notifications(app))
        await settle(pilot)
        assert (url, "html") in feeds(small)
        # Subscribing fetched it: its entries are in the list.
        assert EXPECTED["sources"]["site"]["items"][1]["title"][:30] in screen_text(app)
    newsroom.close()


async def test_a_page_that_advertises_a_feed_says_so(
    small: SmallHome, feed_server: FeedServer
) -> None:
    base = serve_site(feed_server)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *(base + "/co-rss.html"), "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert f"Feed found (the page advertises it): {base}/rss.xml" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert (base + "/rss.xml", "feed") in feeds(small)
    newsroom.close()


async def test_a_mapping_shows_its_per_field_diagnostics_and_typing_goes_on_while_it_looks(
    small: SmallHome, feed_server: FeedServer, tmp_path: Path
) -> None:
    url = serve_site(feed_server, delay=0.6) + "/tin-tuc/index.html"
    mapping = tmp_path / "views-wrong.toml"
    text = (BA_DINH / "mapping.toml").read_text(encoding="utf-8")
    mapping.write_text(text.replace('views = "div.meta"', 'views = "span.views"'), "utf-8")
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *url, "tab", *str(mapping), "enter")
        # The server answers after 0.6 s; meanwhile keys still reach the field.
        await pilot.pause(0.05)
        assert "Looking at" in screen_text(app)
        await pilot.press("x")
        assert pane_text(app, "#add-map").strip().endswith(mapping.name + "x")
        await pilot.press("backspace")
        await until(pilot, lambda: "Mapping (html)" in screen_text(app), rounds=600)
        await settle(pilot)
        shown = screen_text(app)
        assert "Mapping (html): 10 entries" in shown
        assert "! views: selector 'span.views' matched 0 of" in shown
        assert "Enter subscribes" in shown
    newsroom.close()


async def test_a_bad_mapping_is_one_line_and_nothing_is_subscribed(
    small: SmallHome, feed_server: FeedServer, tmp_path: Path
) -> None:
    url = serve_site(feed_server) + "/tin-tuc/index.html"
    mapping = tmp_path / "bad.toml"
    mapping.write_text('kind = "html"\nitems = "div[["\n[fields]\nlink = "a::attr(href)"\n')
    newsroom = small.newsroom()
    before = feeds(small)
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *url, "tab", *str(mapping), "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "items:" in shown and "Traceback" not in shown
        await pilot.press("enter")  # nothing was found: enter looks again, subscribes nothing
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AddSourceScreen)
    assert feeds(small) == before
    newsroom.close()


HOSTILE_PAGE = """<html><head><title>[red]Evil[/red] portal</title></head><body>
<ul class="news">{}</ul></body></html>"""
HOSTILE = [
    "[@click=app.quit]quit now[/] tin tức hôm nay",
    "[bold]bold markup[/bold] in a headline here",
    "[/ broken markup in a headline of news",
    "escape \x1b[2J clears the screen in this headline",
]


async def test_page_text_is_shown_as_text_never_markup(
    small: SmallHome, feed_server: FeedServer
) -> None:
    entries = "".join(
        f'<li><a href="/tin/{n}.html">{title}</a> 21/05/2024 - {n} Lượt xem</li>'
        for n, title in enumerate(HOSTILE, 1)
    )
    feed_server.add(
        "/hostile.html", HOSTILE_PAGE.format(entries).encode(), content_type="text/html"
    )
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *(feed_server.base_url + "/hostile.html"), "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert app.is_running
        assert "[red]Evil[/red] portal" in shown
        for title in HOSTILE[:3]:
            assert title in shown
        assert "escape [2J clears the screen" in shown
    newsroom.close()


async def test_esc_while_subscribing_cancels_and_leaves_no_source(
    small: SmallHome, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from data.make_feeds import rss
    from support.freshrss import configure_sync

    url = feed_server.add("/moi.xml", rss([{"title": "Tin mới", "link": "https://e.test/1"}]))
    # A sync server that takes the connection and never answers: subscribing
    # (which tells the server at once) waits on it for the read timeout.
    mute = socket.socket()
    mute.bind(("127.0.0.1", 0))
    mute.listen(8)
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", "secret")
    configure_sync(small.home, f"http://127.0.0.1:{mute.getsockname()[1]}/api/greader.php")
    with (small.home / "config.toml").open("a", encoding="utf-8") as config:
        config.write("[fetch]\nread_timeout = 2\n")
    before = feeds(small)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    try:
        async with drive(app, size=SIZE, notifications=True) as pilot:
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, AddSourceScreen), rounds=500)
            assert "esc Cancel" in screen_text(app).splitlines()[-1]
            await pilot.press(*url, "enter")
            await until(pilot, lambda: "Enter subscribes" in screen_text(app), rounds=1500)
            await pilot.press("enter")
            await until(pilot, lambda: "Subscribing…" in screen_text(app), rounds=500)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, AddSourceScreen), rounds=100)
            assert "Cancelled: the source is not added." in notifications(app)
            # Once the server has timed out, the source stored meanwhile is gone again,
            # from the cache and from the sources pane.
            await until(pilot, lambda: feeds(small) == before, rounds=1500)
            await settle(pilot)
            assert "moi.xml" not in pane_text(app, "#sources")
            assert "Test RSS" not in pane_text(app, "#sources")
            assert not any("Subscribed to" in n for n in notifications(app))
    finally:
        newsroom.close()
        mute.close()


@pytest.mark.parametrize(
    ("language", "preview", "listed"),
    [
        ("en", ["15,780", "7,404"], ["15.8k", "7,404"]),
        ("vi", ["15.780", "7.404"], ["15,8k", "7.404"]),
    ],
)
async def test_view_counts_read_alike_in_the_preview_and_the_list(
    small: SmallHome, feed_server: FeedServer, language: str, preview: list[str], listed: list[str]
) -> None:
    from data.make_feeds import rss
    from newsroom_tui.i18n import set_language

    entries = [
        {"title": "Hội nghị triển khai", "link": "https://e.test/1", "views": "15780"},
        {"title": "Ra quân tổng vệ sinh", "link": "https://e.test/2", "views": "7404"},
    ]
    url = feed_server.add("/xem.xml", rss(entries))
    (small.home / "config.toml").write_text(f'[display]\nlanguage = "{language}"\n')
    newsroom = small.newsroom()
    app = create_app(newsroom)
    try:
        async with drive(app, size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, AddSourceScreen), rounds=500)
            await pilot.press(*url, "enter")
            await until(pilot, lambda: "xem.xml" in screen_text(app) and "7" in screen_text(app))
            await settle(pilot)
            shown = screen_text(app)
            for title, count in zip(("Hội nghị", "Ra quân"), preview, strict=True):
                assert any(title in line and count in line for line in shown.splitlines()), shown
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, AddSourceScreen), rounds=600)
            await settle(pilot)
            rows = screen_text(app).splitlines()
            for title, count in zip(("Hội nghị", "Ra quân"), listed, strict=True):
                assert any(title in line and count in line for line in rows), rows
    finally:
        newsroom.close()
        set_language("en")
