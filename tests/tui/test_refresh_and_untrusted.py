"""Refresh from the reader, and feed text that must never act as markup."""

from __future__ import annotations

import sqlite3

import pytest
from driving import (
    cursor_line,
    cursor_to,
    drive,
    list_lines,
    notifications,
    pane_text,
    pane_title,
    posted,
    screen_text,
    select_source,
    settle,
    sidebar_lines,
    toasts,
    until,
)
from homes import ESCAPE_TITLE, HOSTILE_FEED, HOSTILE_TITLES, SmallHome
from textual.notifications import Notify

from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.messages import RefreshProgress

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


async def test_R_refreshes_all_and_shows_each_failure_once_as_text(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        failures = [
            m.notification for m in posted(app, Notify) if m.notification.severity == "error"
        ]
        assert len(failures) == 1
        assert failures[0].markup is False
        assert failures[0].message.startswith(f"{HOSTILE_FEED}: not a feed")
        assert any(f"{HOSTILE_FEED}: not a feed" in toast for toast in toasts(app))
        assert app.is_running
        status = pane_text(app, "#status")
        assert "Refreshed 4 feeds" in status and "1 failed" in status
        assert "Refreshing" not in screen_text(app)  # the progress is gone
        await pilot.press("R")  # and a second refresh may start
        await settle(pilot)
        assert not any("already running" in line for line in notifications(app))
    newsroom.close()


async def test_progress_shows_feeds_done_out_of_total(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        app.screen.post_message(RefreshProgress(1, 4))
        await pilot.pause()
        assert "Refreshing 1/4" in screen_text(app)
    newsroom.close()


async def test_r_refreshes_the_item_feed_and_new_items_keep_the_cursor(small: SmallHome) -> None:
    newsroom = small.newsroom()
    target = "Alpha two: metro line opens"
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await cursor_to(pilot, target)
        row_on_screen = list_lines(app).index(cursor_line(app))
        small.write_alpha(
            [
                {
                    "title": "Alpha breaking: newest of all",
                    "link": "https://alpha.example.test/new",
                    "guid": "alpha-new",
                    "date": "Thu, 20 Jun 2024 08:00:00 +0000",
                    "views": 1,
                }
            ]
        )
        await pilot.press("r")
        await settle(pilot)
        assert len(list_lines(app)) == 10 and "10 items" in pane_title(app)
        assert "Alpha breaking: newest of all" in list_lines(app)[0]
        assert target in cursor_line(app)
        # The row moved down by the one new row above it (or the view kept its place).
        assert list_lines(app).index(cursor_line(app)) in (row_on_screen, row_on_screen + 1)
        assert ["Alpha", "Wire", "5"] in [line.split() for line in sidebar_lines(app)]
        assert not notifications(app, "error")
    newsroom.close()


async def test_hostile_titles_show_literally_everywhere(small: SmallHome) -> None:
    conn = sqlite3.connect(small.home / "newsroom.sqlite3")
    conn.execute(
        "UPDATE feeds SET last_error = ? WHERE id = ?",
        ("[bold]boom[/bold] [@click=app.quit]x[/] \x1b[2J", small.evil),
    )
    conn.commit()
    conn.close()
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for title in HOSTILE_TITLES:
            assert title in text, title
        # The sidebar cuts long names to fit; what is there is the literal text.
        assert any(HOSTILE_FEED[:20] in line for line in sidebar_lines(app))
        assert "\x1b" not in text
        assert ESCAPE_TITLE.replace("\x1b", "") in text
        # Click on every hostile line: a [@click] that became markup would quit.
        for y, line in enumerate(list_lines(app)):
            if "[@click" in line:
                await pilot.click("#headlines", offset=(30, y))
        await settle(pilot)
        assert app.is_running
        # The reader, for each hostile item.
        for title in [*HOSTILE_TITLES, ESCAPE_TITLE]:
            await cursor_to(pilot, title.replace("\x1b", ""))
            await pilot.press("enter")
            await settle(pilot)
            reader_text = screen_text(app)
            assert title.replace("\x1b", "") in reader_text
            assert app.is_running
        # The failed feed: its error in the tooltip and in the details screen.
        rows = pane_text(app, "#sources").splitlines()
        index = next(y for y, row in enumerate(rows) if HOSTILE_FEED[:12] in row)
        await pilot.hover("#sources", offset=(4, index))
        await pilot.pause(0.8)  # the tooltip shows after a short delay
        tooltip = " ".join(screen_text(app).split())  # the tooltip wraps the error
        assert "Last fetch failed: [bold]boom[/bold] [@click=app.quit]x[/]" in tooltip
        await select_source(pilot, HOSTILE_FEED[:12])
        await pilot.press("i")
        await settle(pilot)
        assert "[bold]boom[/bold] [@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("escape")
        assert app.is_running
        # And in a notification.
        app.notify(f"{HOSTILE_FEED}: [/", markup=False)
        await pilot.pause()
        assert any(f"{HOSTILE_FEED}: [/" in toast for toast in toasts(app))
        assert app.is_running
    newsroom.close()


async def test_search_box_takes_markup_as_text(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[@click=app.quit]x[/]")
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.is_running
        assert "[@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Search" not in pane_title(app) and "[@click=app.quit]x[/]" not in pane_title(app)
    newsroom.close()


async def test_wide_and_vietnamese_titles_keep_columns_aligned(small: SmallHome) -> None:
    from rich.cells import cell_len

    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        lines = [line for line in list_lines(app) if line.strip()]
        widths = {cell_len(line) for line in lines}
        assert len(widths) == 1  # every row exactly as wide as the list
        # The feed column starts in the same cell on every row.
        feed_starts = set()
        for line in lines:
            for feed in ("Alpha Wire", "Beta Desk", "Gamma JSON"):
                at = line.find(feed)
                if at >= 0:
                    feed_starts.add(cell_len(line[:at]))
        assert len(feed_starts) == 1
    newsroom.close()


async def test_a_fetch_by_another_process_shows_up_without_moving_the_cursor(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from newsroom_tui.tui.widgets import sources_pane

    monkeypatch.setattr(sources_pane, "OTHER_WRITERS_INTERVAL", 0.2)
    newsroom = small.newsroom()
    target = "Alpha two: metro line opens"
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await cursor_to(pilot, target)
        await settle(pilot)
        assert not any("newest of all" in line for line in list_lines(app))
        small.write_alpha(
            [
                {
                    "title": "Alpha breaking: newest of all",
                    "link": "https://alpha.example.test/new",
                    "guid": "alpha-new",
                    "date": "Thu, 20 Jun 2024 08:00:00 +0000",
                    "views": 1,
                }
            ]
        )
        # A cron-style fetch in another process, as a user would run it.
        fetch = subprocess.run(
            [sys.executable, "-m", "newsroom_tui", "--home", str(small.home), "fetch"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "1 new" in fetch.stdout + fetch.stderr, fetch.stdout + fetch.stderr
        for _ in range(50):
            await pilot.pause(0.1)
            if any("newest of all" in line for line in list_lines(app)):
                break
        await settle(pilot)
        assert "Alpha breaking: newest of all" in list_lines(app)[0]
        assert target in cursor_line(app)
    newsroom.close()


async def test_the_progress_stands_in_for_the_last_status_while_refreshing(tmp_path) -> None:
    from data.make_feeds import rss
    from newsroom_tui.service import Newsroom
    from support.feedserver import FeedServer

    newsroom = Newsroom.open(tmp_path / "home")
    with FeedServer() as server:
        body = rss([{"title": "Tin chậm", "link": "https://e.test/1"}])
        newsroom.subscribe(server.add("/cham.xml", body, delay=1.5))
        app = create_app(newsroom)
        async with drive(app, size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await until(pilot, lambda: "Refreshed 1 feed" in screen_text(app), rounds=800)
            await pilot.press("R")
            await until(pilot, lambda: "Refreshing" in screen_text(app).splitlines()[0])
            top = screen_text(app).splitlines()[0]
            assert "Refreshed" not in top, top
            await until(pilot, lambda: "Refreshed 1 feed" in screen_text(app), rounds=800)
            assert "Refreshing" not in screen_text(app).splitlines()[0]
    newsroom.close()
