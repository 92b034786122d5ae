"""The demo newsroom, and a 200-feed fetch through the CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from data.make_feeds import atom, json_feed, rss
from newsroom_tui.cli import main
from newsroom_tui.demo import DEMO_FEEDS, seed_demo
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.service import Newsroom
from support.feedserver import FeedServer


def test_demo_seeds_offline_newsroom(tmp_path: Path) -> None:
    results = seed_demo(tmp_path / "demo")
    assert [r.status for r in results] == ["ok"] * len(DEMO_FEEDS)
    nr = Newsroom.open(tmp_path / "demo")
    try:
        items = nr.items()
        assert len(items) == 40
        assert {i.feed_title for i in items} == {f.title for f in DEMO_FEEDS}
        assert sum(i.published is None for i in items) == 1
        assert sum(i.views is None for i in items) == 1
        assert any("Đình" in i.title for i in items)
        by_views = nr.items(ViewSpec(sort="views"), limit=1)
        assert by_views[0].views == max(i.views or 0 for i in items)
        article = nr.article(items[1].id)
        assert "<" in article.html and nr.cache.texts([items[1].id])[items[1].id]
        assert [i.title for i in nr.search("dan van kheo")]
    finally:
        nr.close()


def test_demo_never_touches_user_home(tmp_path: Path, isolated_home: Path) -> None:
    seed_demo(tmp_path / "demo")
    assert not (isolated_home / "newsroom.sqlite3").exists()


def _feed(n: int) -> tuple[bytes, str, int]:
    rng = random.Random(n)
    count = rng.randint(1, 12)
    if n % 7 == 0:
        items = [
            {"id": f"{n}-{i}", "title": f"JSON {n}/{i}", "content_html": "<p>x</p>", "_views": i}
            for i in range(count)
        ]
        return json_feed(items, title=f"Feed {n}"), "application/feed+json", count
    if n % 4 == 0:
        entries = [
            {"id": f"urn:{n}:{i}", "title": f"Atom {n}/{i}", "content": "<p>x</p>"}
            for i in range(count)
        ]
        return atom(entries, title=f"Feed {n}"), "application/atom+xml", count
    items = [
        {"title": f"RSS {n}/{i}", "guid": f"{n}-{i}", "description": "d"} for i in range(count)
    ]
    return rss(items, title=f"Feed {n}"), "application/rss+xml", count


def test_200_feeds_fetch_then_all_not_modified(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    expected = 0
    opml = ['<?xml version="1.0"?><opml version="2.0"><head/><body>']
    for n in range(200):
        body, kind, count = _feed(n)
        expected += count
        validators = (
            {"etag": f'"{n}"'} if n % 2 else {"last_modified": "Tue, 21 May 2024 08:30:00 GMT"}
        )
        url = feed_server.add(f"/feed/{n}", body, content_type=kind, **validators)
        opml.append(f'<outline text="f{n}" xmlUrl="{url}"/>')
    opml.append("</body></opml>")
    (tmp_path / "subs.opml").write_text("".join(opml))
    assert main(["import", str(tmp_path / "subs.opml")]) == 0
    capsys.readouterr()

    assert main(["fetch", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(first) == 200 and {r["status"] for r in first} == {"ok"}
    assert sum(r["new_items"] for r in first) == expected
    assert main(["items", "--json", "--limit", "100000"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == expected

    assert main(["fetch", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in second} == {"not_modified"}
