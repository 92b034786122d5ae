"""Snapshots of an article whose images are drawn in half-block cells.

Update them only after looking at the report:
    pytest tests/snapshots/test_picture_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import NewsroomApp, create_app
from support.illustrated_home import build_illustrated_home
from tui.driving import settle

CLOCK = lambda: datetime(2024, 6, 28, 9, 30, tzinfo=UTC)  # noqa: E731


@pytest.fixture
def illustrated(tmp_path: Path) -> Path:
    return build_illustrated_home(tmp_path)


def _app(home: Path) -> NewsroomApp:
    return create_app(Newsroom.open(home), clock=CLOCK)


def _open_and_scroll(pages: int) -> Callable:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab")  # into the reader
        for _ in range(pages):
            await pilot.press("pagedown")
        await settle(pilot)

    return run_before


def test_article_with_an_image_80x24(snap_compare, illustrated: Path) -> None:
    assert snap_compare(_app(illustrated), terminal_size=(80, 24), run_before=_open_and_scroll(1))


def test_article_with_images_160x50(snap_compare, illustrated: Path) -> None:
    assert snap_compare(_app(illustrated), terminal_size=(160, 50), run_before=_open_and_scroll(0))
