"""The command line and the reader show the same list in the same order: a cache
fetched from the shared corpus, `newsroom items --sort views` against the
reader's list sorted by views (one query layer, one order, one tie-break)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from driving import drive, list_lines, screen_text, settle

from newsroom_tui.cli import main
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.format import safe_line
from support.corpus_keys import serve_corpus, subscribe_and_fetch
from support.feedserver import FeedServer

pytestmark = pytest.mark.anyio


def _cli_items(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    code = main(["items", *args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def assert_rows_show(lines: list[str], items: list[dict]) -> None:
    """Row N on screen shows item N's title (as far as the title column has room)."""
    from rich.cells import chop_cells

    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        start = chop_cells(safe_line(item["title"]), 24)[0].strip()  # 24 cells fit any width
        assert start in line, (line, item["title"])


@pytest.fixture
def corpus_home(feed_server: FeedServer) -> Path:
    """The user's cache, subscribed to every corpus feed and fetched once."""
    home = Path(os.environ["NEWSROOM_HOME"])
    assert sum(subscribe_and_fetch(home, serve_corpus(feed_server)).values()) > 500
    return home


async def test_items_by_views_and_the_reader_by_views_agree_row_for_row(
    corpus_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = corpus_home
    by_views = _cli_items(capsys, "--sort", "views")
    by_date = _cli_items(capsys)
    newsroom = Newsroom.open(home)
    # The tie-break is what is compared: many items share a view count (most
    # feeds give none) and a time (items without a date are stamped when fetched).
    ties = newsroom.cache.conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM items GROUP BY views, sort_time HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    assert ties > 0
    app = create_app(newsroom)
    # A terminal tall enough to show every row of the list at once.
    async with drive(app, size=(140, len(by_date) + 12)) as pilot:
        await settle(pilot)
        assert_rows_show(list_lines(app), by_date)
        await pilot.press("s")
        await settle(pilot)
        assert "by views" in screen_text(app)
        assert_rows_show(list_lines(app), by_views)
    newsroom.close()
