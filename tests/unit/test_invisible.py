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
