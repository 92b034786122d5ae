"""The top bar shows the cache's size, measured again after the cache changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from driving import drive, pane_text, settle, until
from homes import SmallHome, bulletins

from newsroom_tui.display import format_size
from newsroom_tui.tui.app import create_app

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


def on_disk(home: Path) -> int:
    """The cache as a user's file manager counts it: the database and its log."""
    parts = [home / "newsroom.sqlite3", home / "newsroom.sqlite3-wal"]
    return sum(part.stat().st_size for part in parts if part.exists())


def shown(app) -> str:
    return pane_text(app, "#topbar").split("  ")[-1].strip()


def megabytes(text: str) -> float:
    number, unit = text.removeprefix("cache ").split()
    return float(number.replace(",", "")) / (1000 if unit == "kB" else 1)


def test_sizes_read_as_a_file_manager_gives_them() -> None:
    assert format_size(113_400_000) == "113 MB"
    assert format_size(2_440_000) == "2.4 MB"
    assert format_size(40_200) == "40 kB"
    assert format_size(12) == "1 kB"


async def test_the_cache_size_shows_and_follows_a_refresh_and_a_compact_elsewhere(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_tui.tui.widgets import sources_pane

    monkeypatch.setattr(sources_pane, "OTHER_WRITERS_INTERVAL", 0.2)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await until(pilot, lambda: shown(app) == f"cache {format_size(on_disk(small.home))}")
        before = megabytes(shown(app))
        # A refresh that brings 300 long items makes the cache grow: the bar says so.
        body = "<p>" + "Nội dung bài viết dài về ngân sách thành phố. " * 60 + "</p>"
        small.write_alpha(bulletins(300, body))
        await pilot.press("R")
        await settle(pilot)
        await until(pilot, lambda: megabytes(shown(app)) > before + 0.5, rounds=500)
        grown = megabytes(shown(app))
        # Another process compacts the cache: the bar follows it down.
        compact = subprocess.run(
            [sys.executable, "-m", "newsroom_tui", "--home", str(small.home), "compact"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert compact.returncode == 0, compact.stderr
        await until(
            pilot,
            lambda: shown(app) == f"cache {format_size(on_disk(small.home))}",
            rounds=500,
        )
        assert megabytes(shown(app)) < grown, (grown, shown(app))
    newsroom.close()


async def test_the_cache_size_speaks_the_configured_language(small: SmallHome) -> None:
    (small.home / "config.toml").write_text('[display]\nlanguage = "vi"\n')
    newsroom = small.newsroom()
    app = create_app(newsroom)
    try:
        async with drive(app, size=SIZE) as pilot:
            await settle(pilot)
            assert shown(app) == f"bộ đệm {format_size(on_disk(small.home))}"
    finally:
        newsroom.close()
        from newsroom_tui.i18n import set_language

        set_language("en")
