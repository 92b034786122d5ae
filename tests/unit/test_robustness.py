"""Encodings, odd data, crashes and concurrent use: nothing breaks, nothing is lost."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.make_feeds import json_feed, rss
from newsroom_tui.feeds.errors import ParseError
from newsroom_tui.feeds.parse import parse_feed
from newsroom_tui.render.article import render_plain
from newsroom_tui.render.html import html_to_text
from newsroom_tui.service import Newsroom
from newsroom_tui.text import clean_text
from support.feedserver import FeedServer

VIETNAMESE = "Ủy ban nhân dân quận Ba Đình tổ chức hội nghị Dân vận khéo"


def test_windows_1258_vietnamese() -> None:
    # cp1258 writes most tones as combining marks: the cache must hold NFC.
    doc = (
        '<?xml version="1.0" encoding="windows-1258"?><rss version="2.0"><channel>'
        f"<title>{VIETNAMESE}</title><item><title>{VIETNAMESE}</title><guid>1</guid>"
        "</item></channel></rss>"
    )
    data = b"".join(_cp1258(c) for c in doc)
    feed = parse_feed(data)
    assert feed.title == VIETNAMESE
    assert feed.items[0].title == VIETNAMESE


def _cp1258(char: str) -> bytes:
    """As Vietnamese Windows text is written: base letters precomposed, tones combining."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        return base.encode("cp1258") + tones.encode("cp1258")


def test_declared_encoding_wrong_and_invalid_bytes() -> None:
    body = f"<rss version='2.0'><channel><title>{VIETNAMESE}</title><item><title>ok \xff\xfe"
    data = (
        b'<?xml version="1.0" encoding="iso-8859-1"?>'
        + body.encode("utf-8").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe")
        + b"</title><guid>1</guid></item></channel></rss>"
    )
    feed = parse_feed(data)
    for text in [feed.title, *(i.title for i in feed.items)]:
        assert unicodedata.is_normalized("NFC", text)
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def test_wrong_content_type_still_parses(feed_server: FeedServer) -> None:
    url = feed_server.add("/f", rss([{"title": "x", "guid": "1"}]), content_type="text/html")
    nr = Newsroom.open()
    nr.subscribe(url)
    [result] = asyncio.run(nr.refresh())
    assert result.status == "ok" and result.new_items == 1
    nr.close()


def test_big_feed_and_big_article(feed_server: FeedServer) -> None:
    many = rss([{"title": f"n{n}", "guid": str(n)} for n in range(10_000)])
    huge = rss([{"title": "big", "guid": "big", "content": "<p>" + "chữ " * 1_300_000 + "</p>"}])
    nr = Newsroom.open()
    nr.subscribe(feed_server.add("/many", many))
    nr.subscribe(feed_server.add("/huge", huge))
    results = {r.url.rsplit("/", 1)[-1]: r for r in asyncio.run(nr.refresh())}
    assert results["many"].new_items == 10_000
    assert results["huge"].status == "ok"
    big = next(i for i in nr.items() if i.title == "big")
    article = nr.article(big.id)
    assert len(article.html) > 5_000_000
    shown = render_plain(article.item, article.html, width=80)
    assert "chữ" in shown
    nr.close()


def test_json_feed_with_wrong_types_displays(feed_server: FeedServer) -> None:
    doc = json_feed(
        [
            {"id": None, "title": 5, "url": 7, "content_html": ["x"], "_views": -3},
            {"id": {"a": 1}, "summary": "only a summary", "date_published": 20240521},
        ]
    )
    nr = Newsroom.open()
    nr.subscribe(feed_server.add("/j", doc, content_type="application/json"))
    [result] = asyncio.run(nr.refresh())
    assert result.status == "ok"
    titles = sorted(i.title for i in nr.items())
    # A number where the title belongs is its text (the URL 7 and the list are no link or text).
    assert titles == ["5", "only a summary"]
    nr.close()


def _slow_feeds(server: FeedServer, count: int) -> list[str]:
    return [
        server.add(f"/s{n}", rss([{"title": f"slow {n}", "guid": f"s{n}"}]), delay=0.2 + n * 0.02)
        for n in range(count)
    ]


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NEWSROOM_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "newsroom_tui", *args], env=env, capture_output=True, text=True
    )


def _subscribe_all(home: Path, urls: list[str]) -> None:
    opml = home.parent / "subs.opml"
    outlines = "".join(f'<outline text="f" xmlUrl="{u}"/>' for u in urls)
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    assert _cli(home, "import", str(opml)).returncode == 0


def _processes_using(home: Path) -> list[int]:
    marker = f"NEWSROOM_HOME={home}".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_kill_9_during_fetch_loses_nothing(tmp_path: Path, feed_server: FeedServer) -> None:
    home = tmp_path / "home"
    first = feed_server.add(
        "/first", rss([{"title": f"keep {n}", "guid": str(n)} for n in range(5)])
    )
    assert _cli(home, "add", first).returncode == 0
    assert _cli(home, "fetch").returncode == 0
    assert _cli(home, "read", "1").returncode == 0
    assert _cli(home, "bookmark", "2", "--note", "quan trọng").returncode == 0
    _subscribe_all(home, _slow_feeds(feed_server, 60))
    env = dict(os.environ, NEWSROOM_HOME=str(home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui", "fetch"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.2)  # some slow feeds stored, others still in flight
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Its parser worker processes notice and exit rather than linger as orphans.
    deadline = time.monotonic() + 5
    while _processes_using(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_using(home) == []
    listed = _cli(home, "items", "--json", "--limit", "1000")
    assert listed.returncode == 0, listed.stderr
    items = {i["id"]: i for i in json.loads(listed.stdout)}
    assert {1, 2, 3, 4, 5} <= set(items)
    assert items[1]["read"] is True
    assert items[2]["bookmarked"] is True and items[2]["note"] == "quan trọng"
    # Each slow feed is either fully stored or not at all, and a new fetch completes it.
    assert _cli(home, "fetch").returncode == 0
    assert len(json.loads(_cli(home, "items", "--json", "--limit", "1000").stdout)) == 65


def test_cron_fetch_while_reader_writes(tmp_path: Path, feed_server: FeedServer) -> None:
    home = tmp_path / "home"
    base = feed_server.add("/base", rss([{"title": f"b{n}", "guid": str(n)} for n in range(50)]))
    _cli(home, "add", base)
    _cli(home, "fetch")
    _subscribe_all(
        home,
        [feed_server.add(f"/c{n}", rss([{"title": f"c{n}", "guid": f"c{n}"}])) for n in range(30)],
    )
    env = dict(os.environ, NEWSROOM_HOME=str(home))
    cron = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui", "fetch"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reader = Newsroom.open(home)  # as the TUI holds it: marks items while cron writes
    marked = 0
    while cron.poll() is None or marked < 50:
        reader.set_read(1 + marked % 50, marked % 2 == 0)
        marked += 1
        if marked > 5000:
            break
    _out, err = cron.communicate()
    assert cron.returncode == 0, err
    assert len(reader.items()) == 80
    reader.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_clean_text_never_lets_controls_through(text: str) -> None:
    out = clean_text(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not any(
        (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E
        for c in out
    )


_MARKUPISH = st.sampled_from(
    [
        "[bold]",
        "[/",
        "[0]",
        "[@click=app.quit]",
        "[/]",
        "\x1b[2J",
        "\x1b]52;c;eA==\x07",
        "<script>x</script>",
        "<b>",
        "</p>",
        "&amp;",
        "&#27;",
        "<a href='javascript:x'>j</a>",
        "\u202e",
        "\x00",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=20), _MARKUPISH), max_size=20))
def test_parser_and_renderer_invariants(parts: list[str]) -> None:
    text = "".join(parts)
    doc = rss([{"title": text, "guid": "1", "content": text, "description": text}])
    try:
        feed = parse_feed(doc.replace(b"\x00", b""))
    except ParseError:
        return
    for item in feed.items:
        for value in (item.title, item.content_html, item.summary_html):
            assert "\x1b" not in value and "\x00" not in value
        # A title is shown as literal text; a body never offers a javascript: link.
        assert "\x1b" not in render_plain(_item(item.title), "", width=60)
        body = render_plain(_item("T"), item.content_html, width=60)
        assert "\x1b" not in body and "javascript:" not in body
        assert "\x1b" not in html_to_text(item.content_html)


def _item(title: str):
    from datetime import UTC, datetime

    from newsroom_tui.models import Item

    now = datetime.now(UTC)
    return Item(1, 1, "feed", title, None, now, now, 1, False, False, "")
