"""Sync in the background of the reader, against a real FreshRSS."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from driving import (
    drive,
    list_lines,
    notifications,
    pane_text,
    reader_text,
    screen_text,
    settle,
    toasts,
    until,
)

from data.make_feeds import rss
from newsroom_tui.cli import main as cli
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app
from support.feedserver import FeedServer
from support.freshrss import FreshRSS, ServerClient, configure_sync

pytestmark = pytest.mark.anyio

SIZE = (140, 40)
READING_LIST = "user/-/state/com.google/reading-list"


def status(app) -> str:
    return pane_text(app, "#background-status").strip()


def feed(count: int) -> bytes:
    return rss(
        [
            {"title": f"Thông báo {n}", "link": f"https://ubnd.example.test/{n}", "guid": f"tb{n}"}
            for n in range(count)
        ],
        title="UBND",
    )


def remote_id(client: ServerClient, link: str) -> int:
    answer = client.get(f"stream/contents/{READING_LIST}", n=1000)
    return next(
        int(i["id"].rsplit("/", 1)[1], 16)
        for i in answer["items"]
        if i["alternate"][0]["href"] == link
    )


def unread(home: Path) -> int:
    """Unread items in the cache, read on a connection of the test's own."""
    conn = sqlite3.connect(home / "newsroom.sqlite3")
    try:
        return conn.execute("SELECT COUNT(*) FROM items WHERE read = 0").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def account(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> ServerClient:
    client = freshrss.client()
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    yield client
    client.close()


async def test_the_reader_syncs_on_start_and_pushes_a_read_soon_after(
    account: ServerClient, feed_server: FeedServer, isolated_home: Path
) -> None:
    account.subscribe(feed_server.add("/ubnd.xml", feed(5)))
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: status(app).startswith("synced"), rounds=1500)
        await settle(pilot)
        assert status(app) == "synced just now · 0 pending"
        assert len(list_lines(app)) == 5 and "Thông báo 4" in screen_text(app)
        await pilot.press("enter")  # opens (and reads) the first item
        await settle(pilot)
        [link] = [line for line in reader_text(app).splitlines() if line.startswith("https://")]
        # The next look at the outbox (every 5 s) pushes it.
        for _ in range(20):
            await pilot.pause(0.5)
            if len(account.read_ids()) == 1:
                break
        await settle(pilot)
        assert account.read_ids() == {remote_id(account, link)}
        assert status(app) == "synced just now · 0 pending"
        assert not notifications(app, "error")
    newsroom.close()


async def test_a_mass_read_from_elsewhere_is_asked_about_in_the_reader(
    account: ServerClient,
    feed_server: FeedServer,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    account.subscribe(feed_server.add("/many.xml", feed(240)))
    assert cli(["sync"]) == 0
    account.post("mark-all-as-read", [("s", READING_LIST), ("ts", str(2**53))])
    capsys.readouterr()
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: "240 unread items read at once" in screen_text(app), 1500)
        assert unread(isolated_home) == 240  # held: still unread
        await pilot.press("y")
        await until(pilot, lambda: status(app) == "synced just now · 0 pending", 1500)
        await settle(pilot)
        assert unread(isolated_home) == 0
        assert "240 unread items" not in screen_text(app)
    newsroom.close()


async def test_a_server_that_is_away_is_said_once_and_the_reader_keeps_working(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", "secret-never-shown")
    configure_sync(isolated_home, "http://127.0.0.1:9/api/greader.php")
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: status(app) == "offline · 0 pending", rounds=1500)
        await settle(pilot)
        assert notifications(app) == [
            "Sync: cannot reach the sync server 127.0.0.1:9. Changes are kept and sent later."
        ]
        assert "secret-never-shown" not in screen_text(app)
        await pilot.press("j", "k", "question_mark")
        assert app.is_running
    newsroom.close()


def server_feeds(client: ServerClient) -> dict[str, list[str]]:
    return {
        sub["url"]: [c["label"] for c in sub.get("categories", [])]
        for sub in client.get("subscription/list")["subscriptions"]
    }


async def add_in_dialog(pilot, url: str) -> None:
    """Press `a`, look at `url`, subscribe; bounded waits throughout."""
    from newsroom_tui.tui.screens.add_source import AddSourceScreen

    app = pilot.app
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, AddSourceScreen), rounds=500)
    await pilot.press(*url, "enter")
    await until(pilot, lambda: "Enter subscribes to this source." in screen_text(app), 1500)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, AddSourceScreen), rounds=1500)


async def test_a_source_added_in_the_dialog_is_subscribed_on_the_server_at_once(
    account: ServerClient, feed_server: FeedServer
) -> None:
    url = feed_server.add("/moi.xml", feed(3))
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: status(app).startswith("synced"), rounds=1500)
        await add_in_dialog(pilot, url)
        # Told before the dialog closed: no sync has run since.
        assert list(server_feeds(account)) == [url]
        await until(pilot, lambda: any(url in t for t in toasts(app)), rounds=500)
        assert [t for t in toasts(app) if "Subscribed to" in t or "Sync" in t] == [
            f"Subscribed to {url}"
        ]
        await settle(pilot)
        assert "Thông báo 2" in screen_text(app)
    newsroom.close()
    # The next sync keeps it: it is mapped to the server's stream, not taken for gone.
    assert cli(["sync"]) == 0
    assert list(server_feeds(account)) == [url]
    after = Newsroom.open()
    assert [f.url for f in after.feeds()] == [url]
    after.close()


async def test_a_source_added_while_the_server_is_away_says_when_it_will_hear(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = feed_server.add("/sau.xml", feed(2))
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, "http://127.0.0.1:9/api/greader.php")
    newsroom = Newsroom.open()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: status(app) == "offline · 0 pending", rounds=1500)
        await add_in_dialog(pilot, url)
        # Said in a toast, which wraps the sentence: read the toasts' own text.
        await until(
            pilot,
            lambda: any("the server hears of it at the next sync" in t for t in toasts(app)),
            rounds=500,
        )
        assert any("cannot reach the sync server 127.0.0.1:9" in t for t in toasts(app))
    newsroom.close()
    configure_sync(isolated_home, freshrss.api)
    assert cli(["sync"]) == 0
    client = freshrss.client()
    assert list(server_feeds(client)) == [url]
    client.close()
