"""Pictures a feed names beside its text (media:content, media:thumbnail, image
enclosures, JSON Feed's image fields) are the item's images, offline too.

Most news feeds give a title, two lines and a media:thumbnail: a real HTTP
server serves such a summary-only RSS (tests/data/images/media-rss.xml),
its article pages and real PNG/JPEG files; after the fetch the server stops
and `show` is read offline.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.support.feedserver import FeedServer
from tests.unit.test_prefetch import _run

from newsroom_tui.feeds.parse import parse_feed

IMAGES = Path(__file__).parent.parent / "data" / "images"
PNGS = IMAGES.parent / "corpus" / "portals" / "ba-dinh" / "site" / "images"
FEED = (IMAGES / "media-rss.xml").read_bytes()
BASE = "https://phuong.example.test/media/rss.xml"
SITE = "https://phuong.example.test"
# What each item of media-rss.xml shows beside its text: (url path, caption).
EXPECTED = {
    "Phường ra quân làm sạch môi trường": [("/media/anh-1.jpg", "")],
    # The thumbnail is a small copy of the media:content: one picture.
    "Tọa đàm dân vận khéo": [
        ("/media/toa-dam.png", "Các đại biểu dự tọa đàm (Ảnh: Phường Ba Đình)")
    ],
    # The audio enclosure is no picture.
    "Lịch tiếp dân tháng 6": [("/media/lich.png", "")],
    "Ảnh đại diện cũng ở trong bài": [("/media/trong-bai.png", "Ảnh đại diện")],
    # javascript:, file: and data: are never fetched nor shown.
    "Tin có ảnh lạ": [],
}


def _pictures(data: bytes) -> dict[str, list[tuple[str, str]]]:
    parsed = parse_feed(data, {"content-type": "application/rss+xml"}, BASE)
    return {item.title: item.images for item in parsed.items}


def test_the_walker_reads_thumbnails_contents_and_image_enclosures() -> None:
    found = _pictures(FEED)
    assert found == {
        title: [(SITE + path, caption) for path, caption in pictures]
        for title, pictures in EXPECTED.items()
    }


def test_the_feedparser_fallback_reads_the_same_pictures() -> None:
    # A bare "&" makes the document ill-formed: lxml refuses it, feedparser reads it.
    broken = FEED.replace(
        b"<title>Tin c\xc3\xb3 \xe1\xba\xa3nh l\xe1\xba\xa1</title>",
        b"<title>Tin & l\xe1\xba\xa1</title>",
    )
    assert broken != FEED
    parsed = parse_feed(broken, {"content-type": "application/rss+xml"}, BASE)
    assert parsed.format == "rss20" and parsed.warning
    found = {item.guid: [url for url, _caption in item.images] for item in parsed.items}
    # feedparser keeps no caption per media element, so only the URLs are compared.
    assert found == {
        f"media-{n}": [SITE + path for path, _caption in pictures]
        for n, pictures in enumerate(EXPECTED.values(), start=1)
    }


def test_atom_enclosure_links_and_media_groups_are_pictures() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<title>A</title><id>urn:a</id>
<entry><title>One</title><id>urn:1</id><link href="https://a.test/1"/>
<link rel="enclosure" type="image/jpeg" href="/img/1.jpg" title="Bridge at dawn"/>
<link rel="enclosure" type="application/pdf" href="/doc/1.pdf"/>
<media:group>
  <media:title>Gallery</media:title>
  <media:content url="https://cdn.a.test/g1.webp"/>
  <media:content url="https://cdn.a.test/clip.mp4" medium="video">
    <media:thumbnail url="https://cdn.a.test/clip.jpg"/>
  </media:content>
  <media:content url="https://cdn.a.test/g2.png" type="image/png">
    <media:credit>Jane Roe</media:credit>
  </media:content>
</media:group>
</entry></feed>"""
    (item,) = parse_feed(atom, {}, "https://a.test/feed.atom").items
    assert item.images == [
        ("https://a.test/img/1.jpg", "Bridge at dawn"),
        ("https://cdn.a.test/g1.webp", "Gallery"),
        ("https://cdn.a.test/g2.png", "Gallery (Jane Roe)"),
    ]


def test_json_feed_image_banner_and_image_attachments() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {
                "id": "1",
                "url": "https://j.test/1",
                "title": "One",
                "summary": "Two lines.",
                "image": "/i/main.jpg",
                "banner_image": "https://j.test/i/banner.png",
                "attachments": [
                    {"url": "https://j.test/i/extra.gif", "mime_type": "image/gif", "title": "Map"},
                    {"url": "https://j.test/a/talk.mp3", "mime_type": "audio/mpeg"},
                    {"url": "javascript:alert(1)", "mime_type": "image/png"},
                ],
            }
        ],
    }
    parsed = parse_feed(json.dumps(feed).encode(), {}, "https://j.test/feed.json")
    assert parsed.items[0].images == [
        ("https://j.test/i/main.jpg", ""),
        ("https://j.test/i/banner.png", ""),
        ("https://j.test/i/extra.gif", "Map"),
    ]


def _serve(server: FeedServer) -> None:
    server.add("/media/rss.xml", FEED, content_type="application/rss+xml")
    for n in range(1, 6):
        page = (IMAGES / f"media-tin-{n}.html").read_bytes()
        server.add(f"/media/tin-{n}.html", page, content_type="text/html; charset=utf-8")
    server.add("/media/anh-1.jpg", (IMAGES / "photo.jpg").read_bytes(), content_type="image/jpeg")
    for name, png in (
        ("toa-dam", "toa-dam-dan-van-kheo-1"),
        ("lich", "tin-2"),
        ("trong-bai", "tin-4"),
    ):
        server.add(
            f"/media/{name}.png", (PNGS / f"{png}.png").read_bytes(), content_type="image/png"
        )


def test_a_summary_feed_whose_only_picture_is_its_thumbnail_reads_it_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    with FeedServer() as server:
        _serve(server)
        assert _run(capsys, "--home", home, "add", server.url("/media/rss.xml"))[0] == 0
        code, out, err = _run(capsys, "--home", home, "fetch")
        assert code == 0, err
        assert "5 articles saved" in out and "with 4 images" in out, out
        hits = dict(server.hits)
    # Only http(s) pictures were asked for; the thumbnail of a picture given in full was not.
    assert not [path for path in hits if path.startswith("/media/") and "nho" in path]
    assert hits["/media/anh-1.jpg"] == 1

    code, out, _ = _run(capsys, "--home", home, "items", "--json")
    shown = {}
    for item in json.loads(out):
        code, out, _ = _run(capsys, "--home", home, "show", str(item["id"]), "--json")
        assert code == 0
        shown[item["title"]] = json.loads(out)
    assert set(shown) == set(EXPECTED)
    for title, pictures in EXPECTED.items():
        images = shown[title]["images"]
        assert [(i["url"].split("/", 3)[3], i["cached"]) for i in images] == [
            (path.lstrip("/"), True) for path, _caption in pictures
        ], title
        assert shown[title]["text_source"] == "article"
    # The feed's caption, except where the article page shows the same picture.
    assert shown["Tọa đàm dân vận khéo"]["images"][0]["caption"] == (
        "Các đại biểu dự tọa đàm (Ảnh: Phường Ba Đình)"
    )
    assert shown["Ảnh đại diện cũng ở trong bài"]["images"][0]["caption"] == "Chú thích trong bài"
    hostile = shown["Tin có ảnh lạ"]
    assert hostile["images"] == []
    assert not [link for link in hostile["links"] if not link.startswith("http")]

    # Plain show prints the feed's picture after the article's text, as its caption.
    code, out, _ = _run(capsys, "--home", home, "show", str(shown["Tọa đàm dân vận khéo"]["id"]))
    flowed = " ".join(out.split())
    assert flowed.index("khu phố văn minh") < flowed.index(
        "[Image: Các đại biểu dự tọa đàm (Ảnh: Phường Ba Đình)]"
    )
    # The picture the article shows in place is not listed a second time.
    code, out, _ = _run(
        capsys, "--home", home, "show", str(shown["Ảnh đại diện cũng ở trong bài"]["id"])
    )
    assert out.count("[Image") == 1, out
    code, out, _ = _run(capsys, "--home", home, "show", str(hostile["id"]))
    assert "javascript" not in out and "file:" not in out and "data:" not in out

    conn = sqlite3.connect(next(Path(home).rglob("newsroom.sqlite3")))
    stored = [r[0] for r in conn.execute("SELECT url FROM item_images")]
    conn.close()
    assert all(url.startswith("http://127.0.0.1:") for url in stored), stored
