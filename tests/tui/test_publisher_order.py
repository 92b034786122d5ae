"""Items that share a time (undated items are stamped when fetched; a portal's
dates are often days without a time) are listed in the publisher's order, top
first, by `newsroom items` and the reader alike; a later fetch's new items go
above them. Real feeds served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import html
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from driving import drive, list_lines, settle
from rich.cells import chop_cells

from data.make_feeds import rss
from newsroom_tui.cli import main
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.format import safe_line
from support.feedserver import FeedServer

CORPUS = Path(__file__).parents[1] / "data" / "corpus" / "real"


def _items(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    assert main(["items", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _rows_show(lines: list[str], items: list[dict]) -> None:
    """Row N of the reader's list shows item N's title (as far as the column has room)."""
    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        assert chop_cells(safe_line(item["title"]), 24)[0].strip() in line, (line, item)


def _reader_rows(home: Path, rows: int) -> list[str]:
    """The headline rows the reader shows on opening, in a terminal wide and tall enough
    for the reader to sit beside the list and the list to hold every row."""

    async def read() -> list[str]:
        newsroom = Newsroom.open(home)
        app = create_app(newsroom)
        try:
            async with drive(app, size=(150, rows + 12)) as pilot:
                await settle(pilot)
                return list_lines(app)
        finally:
            newsroom.close()

    return asyncio.run(read())


def _fetch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--no-articles"]) == 0, capsys.readouterr().err
    capsys.readouterr()


def _next_second() -> None:
    """A fetch stamps its items to the second: the next one must come a second later."""
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.05)


def _entry(n: int, date: str | None = None) -> dict[str, str]:
    entry = {"title": f"Entry number {n}", "link": f"https://example.test/{n}", "guid": f"g{n}"}
    if date:
        entry["date"] = date
    return entry


def test_an_undated_feed_reads_top_first_in_items_and_in_the_reader(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, isolated_home: Path
) -> None:
    # RSS 0.91 without a single date: 16 items, "This RSS feed will shortly be
    # removed" first and "Carberry sentenced ..." last.
    body = (CORPUS / "guardian-unlimited-rss091n.xml").read_bytes()
    published = [
        html.unescape(item.findtext("title") or "").strip()
        for item in ET.fromstring(body).iter("item")
    ]
    url = feed_server.add("/g.xml", body, etag='"v1"')
    assert main(["add", url]) == 0
    capsys.readouterr()
    _fetch(capsys)
    listed = _items(capsys)
    assert all(item["published"] is None for item in listed)
    assert [item["title"] for item in listed] == published
    assert published[0].startswith("This RSS feed will shortly be removed")

    # The publisher adds an item on top: it is the newest, above the others.
    _next_second()
    newest = (
        b"<item><title>A newer undated story</title><link>https://example.test/new</link></item>"
    )
    feed_server.add("/g.xml", body.replace(b"<item>", newest + b"<item>", 1), etag='"v2"')
    _fetch(capsys)
    listed = _items(capsys)
    assert [item["title"] for item in listed] == ["A newer undated story", *published]

    _rows_show(_reader_rows(isolated_home, len(listed)), listed)


def test_items_of_one_day_keep_the_page_order_and_later_ones_go_above(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, isolated_home: Path
) -> None:
    day = "Tue, 21 May 2024 00:00:00 +0700"  # a portal's date without a time
    url = feed_server.add("/d.xml", rss([_entry(n, day) for n in (3, 2, 1)]), etag='"a"')
    assert main(["add", url]) == 0
    capsys.readouterr()
    _fetch(capsys)
    assert [i["title"] for i in _items(capsys)] == [f"Entry number {n}" for n in (3, 2, 1)]

    _next_second()
    feed_server.add("/d.xml", rss([_entry(n, day) for n in (5, 4, 3, 2, 1)]), etag='"b"')
    _fetch(capsys)
    by_date = [i["title"] for i in _items(capsys)]
    assert by_date == [f"Entry number {n}" for n in (5, 4, 3, 2, 1)]

    _rows_show(_reader_rows(isolated_home, 5), _items(capsys))


def test_retention_keeps_the_top_of_an_undated_feed(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, isolated_home: Path
) -> None:
    url = feed_server.add("/u.xml", rss([_entry(n) for n in range(9, 0, -1)]))
    assert main(["add", url]) == 0
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("[retention]\nmax_items_per_feed = 3\n")
    capsys.readouterr()
    _fetch(capsys)
    assert [i["title"] for i in _items(capsys)] == [f"Entry number {n}" for n in (9, 8, 7)]
