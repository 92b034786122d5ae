"""Auto-refresh while the reader is open: new items arrive, nothing moves, offline is quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from driving import (
    cursor_line,
    cursor_to,
    drive,
    list_lines,
    notifications,
    pane_text,
    posted,
    reader_text,
    settle,
    sidebar_lines,
    until,
)

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
    return pane_text(app, "#background-status").strip()


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
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert len(list_lines(app)) == 3
        await cursor_to(pilot, "Tin số 2")
        await pilot.press("enter")
        await settle(pilot)
        reading = reader_text(app)
        assert reading.startswith("Tin số 2") and "Nội dung bài 2." in reading
        assert unread_in_sidebar(app, "Tin địa phương") == "2"

        feed_server.routes["/tin.xml"].body = rss(items(4), title="Tin địa phương")
        await until(pilot, lambda: "1 new" in status(app), rounds=600)
        await until(pilot, lambda: len(list_lines(app)) == 4, rounds=600)
        await settle(pilot)
        # The newest item is at the top; the cursor is still on the item it was on,
        # and the article where the reader left it.
        assert "Tin số 4" in list_lines(app)[0]
        assert "Tin số 2" in cursor_line(app)
        assert reader_text(app) == reading
        # Unread counts: two left before, the new one makes three.
        assert unread_in_sidebar(app, "Tin địa phương") == "3"
        assert not notifications(app, "error")
    newsroom.close()


async def test_offline_is_said_once_and_the_refresh_backs_off(
    home: tuple[Path, str], feed_server: FeedServer
) -> None:
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        feed_server.stop()  # the network is gone: nothing answers any more
        await until(pilot, lambda: status(app) == "offline", rounds=600)
        first_offline = len(posted(app, AutoRefreshed))
        # Five intervals of 0.6 s; the back-off waits 1.2 s, then 2.4 s.
        await pilot.pause(3.0)
        await settle(pilot)
        assert first_offline >= 1 and len(posted(app, AutoRefreshed)) - first_offline <= 2
        assert [m for m in notifications(app) if "Offline" in m] == [
            "Offline: new items will come when the network is back."
        ]
        assert not notifications(app, "error")
        assert status(app) == "offline" and app.is_running
    newsroom.close()
