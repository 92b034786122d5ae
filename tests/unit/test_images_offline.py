"""Images offline: a fetch downloads the images of the stored texts into the cache.

A real HTTP server serves the portal corpus (summary-only RSS, article pages
with figures, real PNGs) and a second feed whose article shows a real JPEG
twice (two URLs, one content), a 20 MB image, an "image" URL that answers
with HTML, and an image on a server that never answers. After the fetch the
servers stop and `show --json` is read offline.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest
from tests.support.feedserver import FeedServer, Route
from tests.support.illustrated_home import build_illustrated_home
from tests.unit.test_prefetch import EXPECTED, _run, _serve_site

from newsroom_tui.store import images as image_store
from newsroom_tui.store.cache import Cache

IMAGES = Path(__file__).parent.parent / "data" / "images"
HUGE = b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024)


def _serve_extra(server: FeedServer, hanging: FeedServer) -> None:
    page = (IMAGES / "article.html").read_text(encoding="utf-8")
    server.add(
        "/extra/article.html",
        page.replace("HANG", hanging.base_url).encode(),
        content_type="text/html; charset=utf-8",
    )
    server.add(
        "/extra/rss.xml", (IMAGES / "rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    photo = (IMAGES / "photo.jpg").read_bytes()
    server.add("/extra/photo.jpg", photo, content_type="image/jpeg")
    server.add("/extra/same-photo.jpg", photo, content_type="image/jpeg")
    server.add("/extra/huge.png", HUGE, content_type="image/png")
    server.add(
        "/extra/not-an-image.png",
        b"<!DOCTYPE html><html><body>Login</body></html>",
        content_type="image/png",
    )
    hanging.routes["/extra/slow.png"] = Route(hang=True)


@pytest.fixture
def servers() -> tuple[FeedServer, FeedServer]:
    with FeedServer() as site, FeedServer() as hanging:
        _serve_site(site)
        _serve_extra(site, hanging)
        yield site, hanging


def _database(home: Path) -> Path:
    return next(home.rglob("newsroom.sqlite3"))


def test_fetch_stores_images_and_show_reads_them_offline(
    servers: tuple[FeedServer, FeedServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, hanging = servers
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[articles]\nimage_timeout = 1.0\ndelay = 0\n")
    for feed in ("/rss.xml", "/extra/rss.xml"):
        assert _run(capsys, "--home", str(home), "add", site.url(feed))[0] == 0
    started = time.monotonic()
    code, out, err = _run(capsys, "--home", str(home), "fetch")
    elapsed = time.monotonic() - started
    assert code == 0, err
    # The hanging image server cost its timeout, not the fetch's.
    assert elapsed < 15, elapsed
    assert "images" in out
    # The 20 MB image was refused from its length: its body was never read whole.
    assert site.hits["/extra/huge.png"] == 1
    site.stop()
    hanging.stop()

    code, out, _ = _run(capsys, "--home", str(home), "items", "--json")
    items = json.loads(out)
    shown_by_title = {}
    for item in items:
        code, out, _ = _run(capsys, "--home", str(home), "show", str(item["id"]), "--json")
        assert code == 0
        shown_by_title[item["title"]] = json.loads(out)
    portal = [s for t, s in shown_by_title.items() if t != "Ảnh hoạt động của phường"]
    assert len(portal) == 10
    for shown in portal:
        path = "/" + shown["url"].split("/", 3)[3]
        captions = EXPECTED[path]["captions"]
        assert [(i["caption"], i["cached"]) for i in shown["images"]] == [
            (c["text"], True) for c in captions
        ]
    extra = shown_by_title["Ảnh hoạt động của phường"]
    assert [(i["caption"], i["cached"]) for i in extra["images"]] == [
        ("Người dân tham gia lễ ra quân", True),
        ("Cùng ảnh ấy, địa chỉ khác", True),
        ("Ảnh quá lớn", False),
        ("Địa chỉ trả về trang HTML", False),
        ("Máy chủ ảnh không trả lời", False),
    ]
    # Plain show prints each caption where its image stands.
    code, out, _ = _run(capsys, "--home", str(home), "show", str(extra["id"]))
    flowed = " ".join(out.split())
    assert flowed.index("Người dân tham gia lễ ra quân") < flowed.index("sáng thứ Bảy")

    conn = sqlite3.connect(_database(home))
    states = dict(conn.execute("SELECT url, state FROM images WHERE url LIKE '%/extra/%'"))
    assert states[site.url("/extra/huge.png")] == "refused"
    assert states[site.url("/extra/not-an-image.png")] == "refused"
    assert states[hanging.url("/extra/slow.png")] == "failed"
    # One JPEG under two URLs is stored once.
    assert conn.execute(
        "SELECT COUNT(*) FROM image_blobs WHERE mime = 'image/jpeg'"
    ).fetchone() == (1,)
    conn.close()


def test_images_over_the_total_cap_go_least_recently_read_first(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path / "c.sqlite3")
    try:
        photo = (IMAGES / "photo.jpg").read_bytes()
        blobs = [photo + bytes([n]) * 1000 for n in range(4)]
        cap = len(blobs[0]) * 3 + 10
        for n in range(3):
            image_store.store_image(cache, f"https://x.test/{n}.jpg", blobs[n], "image/jpeg", cap)
        conn = cache.conn
        conn.execute("UPDATE image_blobs SET last_read = last_read - 100")
        assert image_store.read_image(conn, "https://x.test/0.jpg") == blobs[0]
        freed = image_store.store_image(cache, "https://x.test/3.jpg", blobs[3], "image/jpeg", cap)
        assert freed.images == 1
        # 0 was read just now, 1 was the least recently read.
        assert image_store.read_image(conn, "https://x.test/1.jpg") is None
        for n in (0, 2, 3):
            assert image_store.read_image(conn, f"https://x.test/{n}.jpg") == blobs[n]
        assert image_store.images_size(conn) <= cap
        state = conn.execute(
            "SELECT state FROM images WHERE url = 'https://x.test/1.jpg'"
        ).fetchone()
        assert state == ("evicted",)
    finally:
        cache.close()


def test_sniff_trusts_the_bytes_not_the_name() -> None:
    assert image_store.sniff((IMAGES / "photo.jpg").read_bytes()) == "image/jpeg"
    png = IMAGES.parent / "corpus" / "portals" / "ba-dinh" / "site" / "images" / "tin-1.png"
    assert image_store.sniff(png.read_bytes()) == "image/png"
    assert image_store.sniff(b"<!DOCTYPE html><html>") is None
    assert image_store.sniff(b"") is None


def test_retention_drops_the_images_of_removed_items_and_feeds_shows_the_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = build_illustrated_home(tmp_path)
    code, out, _ = _run(capsys, "--home", str(home), "feeds")
    assert code == 0
    assert re.search(r"^cache: [\d.,]+ MB on disk, [\d.,]+ MB of it images$", out, re.M), out
    conn = sqlite3.connect(home / "newsroom.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM image_blobs").fetchone() == (2,)
    # The article is from 2024: a one-day retention removes it at the next fetch,
    # its article text and its images with it.
    (home / "config.toml").write_text("[retention]\nmax_age_days = 1\n", encoding="utf-8")
    code, out, err = _run(capsys, "--home", str(home), "fetch", "--no-articles")
    assert code == 0, err
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM image_blobs").fetchone() == (0,)
    conn.close()


def test_compact_reports_the_images_it_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = build_illustrated_home(tmp_path)
    conn = sqlite3.connect(home / "newsroom.sqlite3")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM items")  # as an older release's retention would leave it
    conn.commit()
    conn.close()
    code, out, err = _run(capsys, "--home", str(home), "compact", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["images_dropped"] == 2
    photo = (IMAGES / "photo.jpg").stat().st_size
    assert report["image_bytes_dropped"] >= photo
    code, out, err = _run(capsys, "--home", str(home), "compact")
    assert "freed" in out and "dropped" not in out


def test_a_feed_that_gives_whole_articles_has_its_own_images_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_text = "<p>" + "Nội dung đầy đủ của bài viết trong nguồn tin. " * 40 + "</p>"
    body = (
        f'{long_text}<figure><img src="/whole/photo.jpg" alt="">'
        "<figcaption>Ảnh trong nguồn tin</figcaption></figure>"
        '<p><img src="javascript:alert(1)"></p>'
    )
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Đủ</title>'
        "<link>/whole/</link><item><title>Bài đầy đủ</title><link>/whole/bai.html</link>"
        f"<guid>du-1</guid><description><![CDATA[{body}]]></description></item>"
        "</channel></rss>"
    )
    home = tmp_path / "home"
    with FeedServer() as server:
        server.add("/whole/rss.xml", rss.encode(), content_type="application/rss+xml")
        server.add(
            "/whole/photo.jpg", (IMAGES / "photo.jpg").read_bytes(), content_type="image/jpeg"
        )
        assert _run(capsys, "--home", str(home), "add", server.url("/whole/rss.xml"))[0] == 0
        code, out, err = _run(capsys, "--home", str(home), "fetch")
        assert code == 0, err
        # The feed's text is the whole article: no page was asked for, the image was.
        assert server.hits["/whole/bai.html"] == 0
        assert server.hits["/whole/photo.jpg"] == 1
    code, out, _ = _run(capsys, "--home", str(home), "items", "--json")
    (item,) = json.loads(out)
    code, out, _ = _run(capsys, "--home", str(home), "show", str(item["id"]), "--json")
    shown = json.loads(out)
    assert shown["text_source"] == "feed"
    assert [(i["caption"], i["cached"]) for i in shown["images"]] == [("Ảnh trong nguồn tin", True)]
