"""Snapshots of the main screens on the demo newsroom (fixed data, clock and theme).

Update them only after looking at the report:
    pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import NewsroomApp, create_app
from tui.driving import settle

CLOCK = lambda: datetime(2024, 6, 28, 9, 30, tzinfo=UTC)  # noqa: E731


def demo_app(home: Path, config: str = "") -> NewsroomApp:
    if config:
        (home / "config.toml").write_text(config, encoding="utf-8")
    return create_app(Newsroom.open(home), clock=CLOCK)


def keys(*pressed: str, wait: float = 0.0) -> Callable:
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if wait:
            await pilot.pause(wait)
            await settle(pilot)

    return run_before


def test_main_view(snap_compare, demo_home: Path) -> None:
    assert snap_compare(demo_app(demo_home), terminal_size=(120, 40), run_before=keys())


def test_article_open(snap_compare, demo_home: Path) -> None:
    assert snap_compare(
        demo_app(demo_home), terminal_size=(120, 40), run_before=keys("j", "j", "enter")
    )


def test_search(snap_compare, demo_home: Path) -> None:
    assert snap_compare(
        demo_app(demo_home),
        terminal_size=(120, 40),
        run_before=keys("slash", *"ba dinh", wait=0.4),
    )


def test_help(snap_compare, demo_home: Path) -> None:
    assert snap_compare(
        demo_app(demo_home), terminal_size=(120, 40), run_before=keys("question_mark")
    )


def test_80x24_with_article(snap_compare, demo_home: Path) -> None:
    assert snap_compare(demo_app(demo_home), terminal_size=(80, 24), run_before=keys("j", "enter"))


def test_wide_light_theme_sorted_by_views(snap_compare, demo_home: Path) -> None:
    assert snap_compare(
        demo_app(demo_home, '[display]\ntheme = "light"\n'),
        terminal_size=(160, 48),
        run_before=keys("s", "enter"),
    )
