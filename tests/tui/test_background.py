"""Auto-refresh while the reader is open: new items arrive, nothing moves, offline is quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from driving import screen_text, settle, sidebar_lines, until
from textual.message import Message

from data.make_feeds import rss
from newsroom_tui.cli import main as cli
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.background import AutoRefreshed
from support.feedserver import FeedServer

pytestmark = pytest.mark.anyio

SIZE = (140, 40)
# 0.01 min = 0.6 s: a few intervals fit in a test.
INTERVAL_MINUTES = 0.01


def items(count: int) -> list[dict]:
    return [
        {
            "title": f"Tin số {n}",
            "link": f"https://tin.example.test/{n}",
            "guid": f"tin-{n}",
            "date": f"Mon, 07 Dec 2026 0{n}:00:00 +0000",
            "description": f"Nội dung bài {n}. " * 40,
        }
        for n in range(1, count + 1)
    ]


def status(app) -> str:
    return str(app.screen.query_one("#background-status").render()).strip()


def unread_in_sidebar(app, name: str) -> str:
    line = next(line for line in sidebar_lines(app) if line.startswith(name))
    return line.removeprefix(name).strip()


@pytest.fixture
def home(isolated_home: Path, feed_server: FeedServer) -> tuple[Path, str]:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(
        f"[fetch]\nauto_refresh_minutes = {INTERVAL_MINUTES}\n", encoding="utf-8"
    )
    url = feed_server.add("/tin.xml", rss(items(3), title="Tin địa phương"))
    assert cli(["add", url]) == 0
    assert cli(["fetch", "--no-articles"]) == 0
    return isolated_home, url


async def test_auto_refresh_brings_new_items_without_moving_the_cursor_or_the_reader(
    home: tuple[Path, str], feed_server: FeedServer
) -> None:
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        headlines = screen.headlines
        assert headlines.total == 3
        headlines.move_cursor(1)
        await pilot.press("enter")
        await settle(pilot)
        opened = headlines.current_id
        assert screen.reader.item_id == opened and "Tin số 2" in screen_text(app)
        reader_scroll = screen.reader.scroll_y
        assert unread_in_sidebar(app, "Tin địa phương") == "2"

        feed_server.routes["/tin.xml"].body = rss(items(4), title="Tin địa phương")
        await until(pilot, lambda: "1 new" in status(app), rounds=600)
        await until(pilot, lambda: headlines.total == 4, rounds=600)
        await settle(pilot)
        # The newest item is at the top; the cursor is still on the item it was on.
        assert headlines.current_id == opened
        assert screen.reader.item_id == opened and screen.reader.scroll_y == reader_scroll
        assert "Tin số 4" in screen_text(app)
        # Unread counts: two left before, the new one makes three.
        assert unread_in_sidebar(app, "Tin địa phương") == "3"
        assert not any(n.severity == "error" for n in app._notifications)
    newsroom.close()


async def test_offline_is_said_once_and_the_refresh_backs_off(
    home: tuple[Path, str], feed_server: FeedServer
) -> None:
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    attempts: list[AutoRefreshed] = []

    def hook(message: Message) -> None:
        if isinstance(message, AutoRefreshed):
            attempts.append(message)

    async with app.run_test(size=SIZE, notifications=True, message_hook=hook) as pilot:
        await settle(pilot)
        feed_server.stop()  # the network is gone: nothing answers any more
        await until(pilot, lambda: status(app) == "offline", rounds=600)
        first_offline = len(attempts)
        # Five intervals of 0.6 s; the back-off waits 1.2 s, then 2.4 s.
        await pilot.pause(3.0)
        await settle(pilot)
        assert first_offline >= 1 and len(attempts) - first_offline <= 2
        said = [n.message for n in app._notifications]
        assert [m for m in said if "Offline" in m] == [
            "Offline: new items will come when the network is back."
        ]
        assert not any(n.severity == "error" for n in app._notifications)
        assert status(app) == "offline" and app.is_running
    newsroom.close()
