"""Relative links resolve as RFC 3986 says, seen through the CLI over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"


def test_relative_links_use_xml_base_else_the_fetched_url_after_redirects(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    body = (DATA / "relative-links.rss").read_bytes()
    final = feed_server.add("/feeds/v2/news.rss", body, content_type="application/rss+xml")
    start = feed_server.add("/old/feed", status=301, redirect_to=final)
    assert main(["add", start]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    assert main(["items", "--json"]) == 0
    links = {item["title"]: item["url"] for item in json.loads(capsys.readouterr().out)}
    base = feed_server.base_url
    assert links == {
        "relative to the document": f"{base}/feeds/v2/posts/1.html",
        "root relative": f"{base}/posts/2.html",
        "under xml:base": "https://cdn.example/news/3.html",
    }
