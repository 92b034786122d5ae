"""The command line and the reader show the same list in the same order: a cache
fetched from the shared corpus, `newsroom items --sort views` against the
reader's list sorted by views (one query layer, one order, one tie-break)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from driving import list_lines, screen_text, settle

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
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        headlines = app.screen.query_one("#headlines")
        assert list(headlines.ids) == [item["id"] for item in by_date]
        await pilot.press("s")
        await settle(pilot)
        assert "by views" in screen_text(app)
        assert list(headlines.ids) == [item["id"] for item in by_views]
        # And what a user sees: at the top, the command line's first items.
        await pilot.press("g")
        await settle(pilot)
        lines = list_lines(app)
        for line, item in zip(lines[:12], by_views[:12], strict=False):
            assert safe_line(item["title"])[:12] in line, (line, item["title"])
    newsroom.close()
