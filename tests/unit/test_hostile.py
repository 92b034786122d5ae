"""Hostile feed text through every CLI output: inert, never an escape or a live link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.make_feeds import json_feed
from newsroom_tui.cli import main
from support.feedserver import FeedServer

MARKUP = "[bold]B[/bold] [/ [0] [red]R [@click=app.quit]Q[/] [link=https://evil.test]L[/link]"
ESCAPES = (
    "\x1b[2J\x1b]0;pwned-title\x07\x1b]52;c;SGVsbG8=\x07"
    "\x1b]8;;https://evil.test\x1b\\hidden\x1b]8;;\x1b\\"
    "\x00\x07\x08\x7f\x9b31m\u202eRTL\u202c\u2066iso\u2069\u200bzw"
)
UNSAFE = ["\x1b", "\x07", "\x00", "\x9b", "\u202e", "\u2066", "\u200b", "\x7f"]


def hostile_json_feed() -> bytes:
    evil = MARKUP + " " + ESCAPES
    return json_feed(
        [
            {
                "id": "evil-1",
                "url": "https://example.test/evil",
                "title": "T " + evil,
                "summary": "S " + evil,
                "content_html": (
                    f"<p>Body {evil}</p><script>alert('x')</script><style>p{{}}</style>"
                    '<iframe src="https://evil.test/frame"></iframe>'
                    '<p><a href="javascript:alert(1)">js</a> <a href="data:text/html,x">data</a>'
                    ' <a href="https://ok.test/a" onclick="steal()">ok</a>'
                    '<img src="x" onerror="steal()" alt="A ' + MARKUP + '"></p>'
                ),
                "authors": [{"name": "Au " + evil}],
                "_views": 3,
            },
            {"id": "evil-2", "url": "javascript:alert(1)", "title": "no link"},
        ],
        title="Feed " + evil,
    )


@pytest.fixture
def hostile(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> FeedServer:
    url = feed_server.add("/evil.json", hostile_json_feed(), content_type="application/json")
    assert main(["add", url]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    return feed_server


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out + err


def assert_inert(text: str) -> None:
    for char in UNSAFE:
        assert char not in text, repr(char)


def test_every_output_is_inert(hostile: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["items"],
        ["items", "--json"],
        ["feeds"],
        ["feeds", "--json"],
        ["search", "body"],
        ["search", "body", "--json"],
        ["show", "1"],
        ["export", "opml"],
    ):
        assert_inert(output(capsys, *args))
    main(["bookmark", "1", "--note", "n " + ESCAPES])
    capsys.readouterr()
    for fmt in ("markdown", "json", "html"):
        assert_inert(output(capsys, "export", "bookmarks", "--format", fmt))


def test_markup_stays_literal(hostile: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    items = json.loads(output(capsys, "items", "--json"))
    evil = next(i for i in items if i["id"] == 1)
    assert "[bold]B[/bold]" in evil["title"] and "[@click=app.quit]Q[/]" in evil["title"]
    shown = output(capsys, "show", "1", "--width", "200")
    assert "[bold]B[/bold]" in shown and "[link=https://evil.test]L[/link]" in shown
    assert "alert" not in shown and "p{}" not in shown and "evil.test/frame" not in shown
    assert "javascript:" not in shown and "data:text" not in shown
    assert "https://ok.test/a" in shown and "steal" not in shown


def test_unsafe_item_link_dropped(hostile: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    items = {i["title"]: i for i in json.loads(output(capsys, "items", "--json"))}
    assert items["no link"]["url"] is None


def test_hostile_error_messages(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = feed_server.add("/broken", b"{" + ESCAPES.encode() + MARKUP.encode())
    main(["add", url])
    code = main(["fetch"])
    out, err = capsys.readouterr()
    assert code == 1
    assert_inert(out + err)
    feeds = json.loads(output(capsys, "feeds", "--json"))
    assert_inert(json.dumps(feeds, ensure_ascii=False))
    assert feeds[0]["last_status"] == "error"


def test_a_body_naming_a_local_file_is_not_read(
    feed_server: FeedServer, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # feedparser opens bytes that name a file; a server must not make us read one.
    local = (corpus_dir / "cnn-topstories-rss2.xml").resolve()
    url = feed_server.add("/feed", str(local).encode(), content_type="application/rss+xml")
    assert main(["add", url]) == 0
    capsys.readouterr()
    assert main(["fetch", "--json"]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert result["status"] == "error" and result["new_items"] == 0
    assert main(["items", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
