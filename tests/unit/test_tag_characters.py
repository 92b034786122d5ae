"""Tag characters through the CLI over HTTP: the subdivision flags they spell
(England, Scotland, Wales) are shown, searched and stored whole; anywhere else
they are invisible text, dropped from titles, summaries, articles and search
words alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"


def _tags(code: str) -> str:
    return "".join(chr(0xE0000 + ord(c)) for c in code)


FLAG, CANCEL = "\U0001f3f4", "\U000e007f"
ENGLAND = FLAG + _tags("gbeng") + CANCEL
SCOTLAND = FLAG + _tags("gbsct") + CANCEL
WALES = FLAG + "\ufe0f" + _tags("gbwls") + CANCEL
TEXAS = FLAG + _tags("ustx") + CANCEL


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def _stray_tags(text: str) -> list[str]:
    """Tag characters in `text` outside the flags (the feed's title has three)."""
    for flag in (ENGLAND, SCOTLAND, WALES, TEXAS):
        text = text.replace(flag, "")
    return [c for c in text if 0xE0000 <= ord(c) <= 0xE007F]


@pytest.fixture
def fetched(capsys: pytest.CaptureFixture[str], feed_server: FeedServer) -> None:
    url = feed_server.add("/flags.rss", (DATA / "flags.rss").read_bytes())
    _run(capsys, "add", url)
    _run(capsys, "fetch", "--no-articles")


@pytest.mark.usefixtures("fetched")
def test_subdivision_flags_are_shown_whole(capsys: pytest.CaptureFixture[str]) -> None:
    [feed] = json.loads(_run(capsys, "feeds", "--json"))
    assert feed["title"] == f"Home nations {ENGLAND} {SCOTLAND} {WALES}"
    items = {
        item["url"].rsplit("/", 1)[-1]: item for item in json.loads(_run(capsys, "items", "--json"))
    }
    flags = items["flags"]
    assert flags["title"] == f"England {ENGLAND} beat Scotland {SCOTLAND} and Wales {WALES}"
    assert flags["summary"] == f"Fans of {ENGLAND} and {TEXAS} cheered"
    shown = _run(capsys, "show", str(flags["id"]), "--width", "200")
    assert ENGLAND in shown and SCOTLAND in shown and TEXAS in shown
    assert f"England {ENGLAND} beat" in _run(capsys, "items")


@pytest.mark.usefixtures("fetched")
def test_tag_characters_elsewhere_are_dropped(capsys: pytest.CaptureFixture[str]) -> None:
    items = {
        item["url"].rsplit("/", 1)[-1]: item for item in json.loads(_run(capsys, "items", "--json"))
    }
    stray = items["stray"]
    # Inside a word, hidden text after a word or after another emoji, and a
    # flag left without its cancel tag: the tags go, the visible text stays.
    assert stray["title"] == f"Ba Đình news 😀 {FLAG}"
    assert stray["summary"] == "hiddenword and plain text"
    shown = _run(capsys, "show", str(stray["id"]), "--width", "200")
    assert "hiddenword and plain text" in shown
    assert _stray_tags(shown) == []
    assert _stray_tags(_run(capsys, "items")) == []
    # The words hidden in tag characters are not search words either.
    assert json.loads(_run(capsys, "search", "instructions", "--json")) == []
    assert [i["id"] for i in json.loads(_run(capsys, "search", "hiddenword", "--json"))] == [
        stray["id"]
    ]
