"""Refresh from the reader, and feed text that must never act as markup."""

from __future__ import annotations

import sqlite3

import pytest
from driving import list_lines, notifications, screen_text, settle, sidebar_lines, toasts
from homes import ESCAPE_TITLE, HOSTILE_FEED, HOSTILE_TITLES, SmallHome
from rich.text import Text

from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.messages import RefreshProgress
from newsroom_tui.tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


def main(app) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def test_R_refreshes_all_and_shows_each_failure_once_as_text(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        failures = [n for n in app._notifications if n.severity == "error"]
        assert len(failures) == 1
        assert failures[0].markup is False
        assert failures[0].message.startswith(f"{HOSTILE_FEED}: not a feed")
        assert any(f"{HOSTILE_FEED}: not a feed" in toast for toast in toasts(app))
        assert app.is_running
        status = str(main(app).topbar.query_one("#status").render())
        assert "Refreshed 4 feeds" in status and "1 failed" in status
        assert "Refreshing" not in screen_text(app)  # the progress is gone
        await pilot.press("R")  # and a second refresh may start
        await settle(pilot)
        assert not any("already running" in line for line in notifications(app))
    newsroom.close()


async def test_progress_shows_feeds_done_out_of_total(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.post_message(RefreshProgress(1, 4))
        await pilot.pause()
        label = screen.topbar.query_one("#progress-label")
        assert label.display and "Refreshing 1/4" in str(label.render())
    newsroom.close()


async def test_r_refreshes_the_item_feed_and_new_items_keep_the_cursor(small: SmallHome) -> None:
    newsroom = small.newsroom()
    target = small.item_id("Alpha two: metro line opens")
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        headlines = screen.headlines
        headlines.move_cursor(headlines.index_of(target))
        row_on_screen = headlines.cursor - round(headlines.scroll_y)
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
        assert headlines.total == 10
        assert "Alpha breaking: newest of all" in list_lines(app)[0]
        assert headlines.current_id == target
        assert headlines.cursor - round(headlines.scroll_y) == row_on_screen + 1 or (
            headlines.cursor - round(headlines.scroll_y) == row_on_screen
        )
        assert screen.counts.total[small.alpha] == 5
        assert not any(n.severity == "error" for n in app._notifications)
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
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        screen = main(app)
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
            screen.headlines.move_cursor(screen.headlines.index_of(small.item_id(title)))
            await pilot.press("enter")
            await settle(pilot)
            reader_text = screen_text(app)
            assert title.replace("\x1b", "") in reader_text
            assert app.is_running
        # The failed feed: its error in the tooltip and in the details screen.
        index = next(k for k, s in enumerate(screen.sources.sources) if s.feed_id == small.evil)
        await pilot.hover("#sources", offset=(4, index))
        await pilot.pause()
        tip = screen.sources.tooltip
        assert isinstance(tip, Text)
        assert "[bold]boom[/bold] [@click=app.quit]x[/]" in tip.plain
        screen.sources.select_source(f"feed:{small.evil}@World")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "[bold]boom[/bold] [@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("escape")
        assert app.is_running
        # And in a notification.
        screen.notify(f"{HOSTILE_FEED}: [/", markup=False)
        await pilot.pause()
        assert any(f"{HOSTILE_FEED}: [/" in toast for toast in toasts(app))
        assert app.is_running
    newsroom.close()


async def test_search_box_takes_markup_as_text(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("slash", *"[@click=app.quit]x[/]")
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.is_running
        assert "[@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.searching
    newsroom.close()


async def test_wide_and_vietnamese_titles_keep_columns_aligned(small: SmallHome) -> None:
    from rich.cells import cell_len

    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
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
    target = small.item_id("Alpha two: metro line opens")
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        headlines = main(app).headlines
        headlines.move_cursor(headlines.index_of(target))
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
        assert headlines.current_id == target
    newsroom.close()
