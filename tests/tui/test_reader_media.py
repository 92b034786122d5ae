"""The reader draws the picture a summary-only feed names beside its text
(media:thumbnail), after the text, with its caption; the network gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from driving import drive, screen_text, settle

from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app
from support.feedserver import FeedServer
from support.illustrated_home import IMAGES

HALF = "▀"
pytestmark = pytest.mark.anyio

_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Tóm tắt</title>
<link>/tt/</link><item><title>Tin có ảnh đại diện</title><link>/tt/bai.html</link>
<guid>tt-1</guid><description>Hai dòng tóm tắt của tin.</description>
<media:content url="/tt/anh.jpg" medium="image"><media:credit>Ảnh: Tổ dân phố 5</media:credit>
</media:content></item></channel></rss>
"""


async def test_the_feeds_thumbnail_is_drawn_after_the_summary_with_its_caption(
    tmp_path: Path,
) -> None:
    (tmp_path / "home").mkdir()
    # The article page is not asked for: the feed's own summary is what is read.
    (tmp_path / "home" / "config.toml").write_text('[articles]\nfull_text = "never"\n')
    newsroom = Newsroom.open(tmp_path / "home")
    with FeedServer() as server:
        server.add("/tt/rss.xml", _RSS.encode(), content_type="application/rss+xml")
        server.add("/tt/anh.jpg", (IMAGES / "photo.jpg").read_bytes(), content_type="image/jpeg")
        newsroom.subscribe(server.url("/tt/rss.xml"))
        await newsroom.refresh()
    app = create_app(newsroom)
    async with drive(app, size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        lines = text.splitlines()
        summary_at = next(n for n, line in enumerate(lines) if "Hai dòng tóm tắt" in line)
        picture = [n for n, line in enumerate(lines) if line.count(HALF) >= 10]
        assert picture and summary_at < picture[0], text
        assert "[Image" not in text
        await pilot.press("tab", "end")  # the caption is under the picture, below the fold
        await settle(pilot)
        lines = screen_text(app).splitlines()
        caption_at = next(n for n, line in enumerate(lines) if "Ảnh: Tổ dân phố 5" in line)
        assert HALF * 10 in lines[caption_at - 1]
