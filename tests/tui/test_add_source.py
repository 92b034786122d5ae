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
