"""A newsroom home with one article whose two images are in the cache.

For the reader's picture tests, its snapshots and the screenshot script. The
feed is a file; the article page and its images are stored through the same
functions the prefetch uses (extraction, store_article, store_image), so no
server (and no random port in a URL) is needed, and the screen is the same
on every run.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from newsroom_tui.service import Newsroom
from newsroom_tui.sources.article import extract_article
from newsroom_tui.store.articles import store_article
from newsroom_tui.store.images import sniff, store_image

DATA = Path(__file__).resolve().parent.parent / "data"
IMAGES = DATA / "images"
PNG = DATA / "corpus" / "portals" / "ba-dinh" / "site" / "images" / "tin-3.png"
SITE = "https://phuong.example.test"
ARTICLE_URL = f"{SITE}/tin/le-ra-quan.html"
CAPTIONS = ("Người dân tham gia lễ ra quân", "Tổ dân phố số 5 nhận dụng cụ")
FIXED_SEEN = 1717977600  # 2024-06-10 00:00 UTC, as the other TUI homes

_RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Phường Trúc Bạch</title><link>{SITE}/</link>
<description>Tin ảnh</description>
<item><title>Lễ ra quân làm sạch môi trường</title><link>{ARTICLE_URL}</link>
<guid isPermaLink="false">anh-1</guid><pubDate>Mon, 20 May 2024 10:12:00 +0700</pubDate>
<description>Lễ ra quân làm sạch môi trường.</description></item>
</channel></rss>
"""


def build_illustrated_home(root: Path) -> Path:
    """The home (under `root`), its one article stored with both images cached."""
    home = root / "home"
    feed = root / "feeds" / "anh.xml"
    feed.parent.mkdir(parents=True)
    feed.write_text(_RSS, encoding="utf-8")
    newsroom = Newsroom.open(home)
    try:
        newsroom.subscribe(str(feed), title="Phường Trúc Bạch")
        asyncio.run(newsroom.refresh(articles=False))
        (item,) = newsroom.items()
        page = (IMAGES / "illustrated.html").read_bytes()
        article = extract_article(page, ARTICLE_URL)
        cache = newsroom.cache
        assert store_article(cache, item.id, ARTICLE_URL, article)
        files = {"photo.jpg": IMAGES / "photo.jpg", "tin-3.png": PNG}
        for image in article.images:
            data = files[image.url.rsplit("/", 1)[1]].read_bytes()
            mime = sniff(data)
            assert mime is not None
            store_image(cache, image.url, data, mime, 0)
    finally:
        newsroom.close()
    conn = sqlite3.connect(home / "newsroom.sqlite3")
    try:
        conn.execute("UPDATE items SET first_seen = ?", (FIXED_SEEN,))
        conn.execute("UPDATE feeds SET last_fetched = ?", (FIXED_SEEN,))
        conn.execute("UPDATE fetch_log SET at = ?", (FIXED_SEEN,))
        conn.execute("UPDATE image_blobs SET last_read = ?", (FIXED_SEEN,))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return home
