"""Feeds of unusual shape, fetched over HTTP and seen through the CLI: feeds
with no items (RSS, Atom, CDF), an ill-formed one that keeps its title, Atom
text content that stays text, and entity declarations anywhere in a document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"
# Past the first 64 KiB, where the entity check used to stop looking.
PADDING = b"x" * 70_000


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    capsys.readouterr()
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def subscribe_and_fetch(
    feed_server: FeedServer,
    capsys: pytest.CaptureFixture[str],
    name: str,
    body: bytes | None = None,
    content_type: str = "application/xml",
) -> tuple[int, dict[str, object], dict[str, object]]:
    """(fetch exit code, the fetch result, the feed as `feeds --json` shows it)."""
    data = body if body is not None else (DATA / name).read_bytes()
    url = feed_server.add(f"/{name}", data, content_type=content_type)
    assert main(["add", url]) == 0
    code, results = run_json(capsys, "fetch")
    assert isinstance(results, list)
    _, feeds = run_json(capsys, "feeds")
    assert isinstance(feeds, list)
    (feed,) = [f for f in feeds if f["url"] == url]
    return code, results[-1], feed


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("empty-channel.rss", "Phường Điện Biên – Thông báo"),
        ("empty-feed.atom", "Empty Atom feed"),
        ("empty-channel.cdf", "CDF channel, no items yet"),
    ],
)
def test_a_feed_with_no_items_is_a_valid_subscription(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], name: str, title: str
) -> None:
    code, result, feed = subscribe_and_fetch(feed_server, capsys, name)
    assert code == 0
    assert (result["status"], result["new_items"], result["error"]) == ("ok", 0, None)
    assert (feed["title"], feed["last_status"], feed["last_error"]) == (title, "ok", None)


def test_cdf_items_are_read(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, result, feed = subscribe_and_fetch(feed_server, capsys, "channel.cdf")
    assert (code, result["status"], result["new_items"]) == (0, "ok", 2)
    assert feed["title"] == "CDF channel"
    _, items = run_json(capsys, "items")
    assert isinstance(items, list)
    assert {(i["title"], i["url"]) for i in items} == {
        ("First CDF item", "https://cdf.example/news/1.html"),
        ("Second CDF item", "https://cdf.example/news/2.html"),
    }


def test_an_ill_formed_feed_without_items_keeps_its_title_with_the_error(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result, feed = subscribe_and_fetch(feed_server, capsys, "broken-no-items.rss")
    assert code == 1 and result["status"] == "error"
    assert feed["title"] == "Broken portal feed"
    assert feed["last_status"] == "error"
    assert "malformed feed" in str(feed["last_error"])


@pytest.mark.parametrize("broken", [False, True], ids=["well-formed", "ill-formed"])
def test_atom_text_content_stays_text(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], broken: bool
) -> None:
    body = (DATA / "atom-text-content.atom").read_bytes()
    if broken:  # a bare "&" sends the document to the lenient fallback reader
        body = body.replace(b"<title>Text constructs", b"<title>Text & constructs")
    code, result, _ = subscribe_and_fetch(
        feed_server, capsys, "atom-text-content.atom", body, "application/atom+xml"
    )
    assert (code, result["new_items"]) == (0, 3)
    _, items = run_json(capsys, "items")
    assert isinstance(items, list)
    summaries = {i["title"]: i["summary"] for i in items}
    assert summaries == {
        "escaped": "Use the <blink> element & see",
        "in CDATA": "Write <blink>now</blink> here",
        "summary only": "A <p> is a paragraph",
    }
    shown_id = next(i["id"] for i in items if i["title"] == "escaped")
    capsys.readouterr()
    assert main(["show", str(shown_id)]) == 0
    assert "Use the <blink> element & see" in capsys.readouterr().out


def test_entity_declarations_are_refused_anywhere_in_the_document(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (DATA / "entity-bomb.rss").read_bytes().replace(b"PADDING", PADDING)
    code, result, feed = subscribe_and_fetch(feed_server, capsys, "entity-bomb.rss", body)
    assert code == 1 and result["status"] == "error"
    assert "declares XML entities" in str(feed["last_error"])
    _, items = run_json(capsys, "items")
    assert items == []


def test_an_entity_declaration_quoted_in_cdata_is_text(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (DATA / "entity-quoted.rss").read_bytes().replace(b"PADDING", PADDING)
    code, result, _ = subscribe_and_fetch(feed_server, capsys, "entity-quoted.rss", body)
    assert (code, result["status"], result["new_items"]) == (0, "ok", 1)
    _, items = run_json(capsys, "items")
    assert isinstance(items, list)
    assert items[0]["title"] == "How XXE works"
    assert items[0]["summary"].startswith("An attacker declares")
