"""Images are bounded by bytes, not by a count per fetch.

A first fetch of a feed with more illustrated items than the old 300-image
count leaves every one of them readable offline with its picture: the real
HTTP server is stopped before `show --json` is read. The count survives as an
opt-in limit (`[articles] images_per_fetch`).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from tests.support.feedserver import FeedServer
from tests.unit.test_prefetch import _run

# More than the 300 images a fetch used to be allowed.
ITEMS = 320


def _png(number: int) -> bytes:
    picture = Image.new("RGB", (4, 3), (number % 256, number // 256, 90))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _serve_illustrated_feed(server: FeedServer) -> None:
    entries = []
    for n in range(ITEMS):
        server.add(f"/img/{n}.png", _png(n), content_type="image/png")
        entries.append(
            f"<item><title>Tin {n}</title><link>{server.url(f'/tin/{n}.html')}</link>"
            f"<pubDate>Mon, 07 Dec 2026 {n // 60 % 24:02d}:{n % 60:02d}:00 +0700</pubDate>"
            f'<description><![CDATA[<p>Bài {n}.</p><figure><img src="/img/{n}.png">'
            f"<figcaption>Ảnh {n}</figcaption></figure>]]></description></item>"
        )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Phường có ảnh</title><link>{server.url('/')}</link>{''.join(entries)}"
        "</channel></rss>"
    )
    server.add("/rss.xml", feed.encode(), content_type="application/rss+xml")


def _fetch_then_stop(
    capsys: pytest.CaptureFixture[str], home: Path, config: str
) -> list[dict[str, object]]:
    """Fetch the feed once, stop the server, and read every item's `show --json`."""
    home.mkdir()
    (home / "config.toml").write_text(config)
    with FeedServer() as server:
        _serve_illustrated_feed(server)
        code, _, err = _run(
            capsys, "--home", str(home), "add", server.url("/rss.xml"), "--full-text", "never"
        )
        assert code == 0, err
        code, out, err = _run(capsys, "--home", str(home), "fetch")
        assert code == 0, err + out
    code, out, err = _run(capsys, "--home", str(home), "items", "--json")
    assert code == 0, err
    items = json.loads(out)
    assert len(items) == ITEMS
    shown = []
    for item in items:
        code, out, err = _run(capsys, "--home", str(home), "show", str(item["id"]), "--json")
        assert code == 0, err
        shown.append(json.loads(out))
    return shown


def test_a_first_fetch_keeps_every_image_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = _fetch_then_stop(capsys, tmp_path / "home", "[articles]\ndelay = 0\n")
    pictures = {s["title"]: s["images"] for s in shown}
    assert pictures == {
        f"Tin {n}": [{"url": f"{_base(shown)}/img/{n}.png", "caption": f"Ảnh {n}", "cached": True}]
        for n in range(ITEMS)
    }


def test_images_per_fetch_is_an_opt_in_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "[articles]\ndelay = 0\nimages_per_fetch = 5\n"
    shown = _fetch_then_stop(capsys, tmp_path / "home", config)
    cached = sorted(s["title"] for s in shown for i in s["images"] if i["cached"])
    # The newest five items' pictures, the others' on a later fetch.
    assert cached == [f"Tin {n}" for n in sorted(range(ITEMS - 5, ITEMS), key=str)]
    assert sum(len(s["images"]) for s in shown) == ITEMS


def _base(shown: list[dict[str, object]]) -> str:
    url = str(shown[0]["url"])
    return url.split("/tin/", 1)[0]
