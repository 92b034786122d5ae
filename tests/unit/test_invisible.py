"""Invisible characters never split words: found typed plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"


def test_words_with_format_characters_inside_are_found_and_shown_plain(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add("/invisible.rss", (DATA / "invisible.rss").read_bytes())
    assert main(["add", url]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    for query in ("invisible", "HàNội", "Kinhtế", "pháttriển", "bidi", "wordjoiner"):
        assert main(["search", query, "--json"]) == 0
        found = [
            item["title"].replace("\u00ad", "") for item in json.loads(capsys.readouterr().out)
        ]
        assert found == ["HàNội invisible"], query
    # A query typed with the invisible character finds the same item.
    assert main(["search", "Kinh\u00adtế", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    assert main(["items"]) == 0
    shown = capsys.readouterr().out
    assert "invisible" in shown and "\u200b" not in shown


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


INVISIBLE = ("\u00ad", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e")


def test_invisible_characters_inside_words_are_not_shown(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add("/shown.rss", (DATA / "invisible-shown.rss").read_bytes())
    _out(capsys, "add", url)
    _out(capsys, "fetch")
    listed = json.loads(_out(capsys, "items", "--json"))
    item_id = {item["title"]: item["id"] for item in listed}["Kinhtế HàNội"]
    plain = _out(capsys, "items")
    assert "Kinhtế HàNội  (Invisible feed)" in plain
    shown = _out(capsys, "show", str(item_id), "--width", "200")
    for word in ("Kinhtế HàNội", "Banbiêntập", "Pháttriển kinhtế xãhội", "bidi", "táchrời"):
        assert word in shown, word
    assert "môngcổ" in shown and "[Image: Ảnhminhhọa]" in shown
    assert not any(char in plain + shown for char in INVISIBLE)
    text = json.loads(_out(capsys, "show", str(item_id), "--json"))["text"]
    assert "Pháttriển kinhtế xãhội" in text and "Ảnhminhhọa" in text
    assert "Pháttriển kinhtế xãhội" in listed[-1]["summary"] + listed[0]["summary"]


def test_joiners_stay_where_they_join(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add("/shown.rss", (DATA / "invisible-shown.rss").read_bytes())
    _out(capsys, "add", url)
    _out(capsys, "fetch")
    listed = json.loads(_out(capsys, "items", "--json"))
    item_id = {item["title"]: item["id"] for item in listed}["Persian and emoji"]
    shown = _out(capsys, "show", str(item_id), "--width", "200")
    assert "می\u200cخواهم" in shown  # Persian needs its non-joiner
    assert "👨\u200d👩\u200d👧" in shown  # one family emoji, not three people
    assert "क्\u200dष" in shown  # Devanagari half form
    # Found typed plainly all the same.
    assert main(["search", "میخواهم", "--json"]) == 0
    assert [i["title"] for i in json.loads(capsys.readouterr().out)] == ["Persian and emoji"]
