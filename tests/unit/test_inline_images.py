"""An item whose text comes inline (a JSON API mapping's `content`, a feed added
with --full-text never) has its images downloaded in prefetch and listed in
`show --json`, as an article's are, over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

PNG = Path(__file__).parents[1] / "data" / "corpus" / "portals" / "ba-dinh" / "site" / "images"
FIGURE = "<p>Nội dung {n}</p><figure><img src='{src}'><figcaption>ảnh {n}</figcaption></figure>"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return code, out


def _shown_images(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, bool]]:
    _, out = _run(capsys, "items", "--json")
    found = []
    for item in sorted(json.loads(out), key=lambda i: i["title"]):
        _, shown = _run(capsys, "show", str(item["id"]), "--json")
        found += [(i["caption"], i["cached"]) for i in json.loads(shown)["images"]]
    return found


def test_json_api_inline_content_images_are_downloaded(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, tmp_path: Path
) -> None:
    png = (PNG / "tin-1.png").read_bytes()
    feed_server.add("/anh/1.png", png, content_type="image/png")
    feed_server.add("/anh/2.png", png, content_type="image/png")
    api = {
        "data": [
            {
                "tieuDe": f"Bản tin số {n}",
                "duongDan": f"/tin/{n}.html",
                "ngay": f"2024-05-2{n}T08:00:00+07:00",
                "noiDung": FIGURE.format(n=n, src=feed_server.url(f"/anh/{n}.png")),
            }
            for n in (1, 2)
        ]
    }
    url = feed_server.add("/api.json", json.dumps(api).encode(), content_type="application/json")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'kind = "json"\nitems = "data"\n[fields]\ntitle = "tieuDe"\nlink = "duongDan"\n'
        'date = "ngay"\ncontent = "noiDung"\n',
        encoding="utf-8",
    )
    _run(capsys, "add", url, "--map", str(mapping))
    _run(capsys, "fetch")
    assert feed_server.hits["/anh/1.png"] == 1 and feed_server.hits["/anh/2.png"] == 1
    assert feed_server.hits["/tin/1.html"] == 0  # the text came inline: no page asked for
    assert _shown_images(capsys) == [("ảnh 1", True), ("ảnh 2", True)]


def test_full_text_never_feed_images_are_downloaded(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    feed_server.add("/anh/1.png", (PNG / "tin-1.png").read_bytes(), content_type="image/png")
    body = FIGURE.format(n=1, src="/anh/1.png")
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        "<link>/</link><item><title>Bài 1</title><link>/tin/1.html</link><guid>t1</guid>"
        f"<description>ngắn</description><content:encoded><![CDATA[{body}]]></content:encoded>"
        "</item></channel></rss>"
    )
    url = feed_server.add("/rss.xml", rss.encode(), content_type="application/rss+xml")
    _run(capsys, "add", url, "--full-text", "never")
    _run(capsys, "fetch")
    assert feed_server.hits["/anh/1.png"] == 1
    assert feed_server.hits["/tin/1.html"] == 0
    assert _shown_images(capsys) == [("ảnh 1", True)]
