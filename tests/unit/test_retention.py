"""Retention over a real feed served on 127.0.0.1: what it pruned stays pruned,
and a fetch reports as new only what is still there to read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

CORPUS = Path(__file__).parents[1] / "data" / "corpus" / "real"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return json.loads(out)


@pytest.mark.parametrize(
    ("rule", "kept_count"),
    [("max_items_per_feed = 5", 5), ("max_age_days = 30", 0)],  # the feed is from 2024
)
def test_pruned_entries_are_not_new_again(
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    isolated_home: Path,
    rule: str,
    kept_count: int,
) -> None:
    body = (CORPUS / "guardian-rss2.xml").read_bytes()
    url = feed_server.add("/g.xml", body, etag='"v1"')
    assert main(["add", url]) == 0
    capsys.readouterr()
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(f"[retention]\n{rule}\n")

    first = run_json(capsys, "fetch", "--no-articles")
    assert [r["new_items"] for r in first] == [kept_count]  # what the user can read, not 55
    kept = run_json(capsys, "items")
    assert len(kept) == kept_count

    # The feed changes (a new ETag, the same 55 entries): nothing is new.
    feed_server.add("/g.xml", body + b" ", etag='"v2"')
    again = run_json(capsys, "fetch", "--no-articles")
    assert [r["new_items"] for r in again] == [0]
    assert run_json(capsys, "items") == kept

    # And the summary line says so too, on the next change.
    feed_server.add("/g.xml", body + b"  ", etag='"v3"')
    assert main(["fetch", "--no-articles"]) == 0
    assert "; 0 new items;" in capsys.readouterr().out


def test_pruned_entry_listed_again_after_leaving_the_feed_is_news(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, isolated_home: Path
) -> None:
    from data.make_feeds import rss

    def entry(n: int, day: int) -> dict[str, str]:
        return {
            "title": f"n{n}",
            "link": f"https://example.test/{n}",
            "guid": f"g{n}",
            "date": f"Mon, {day:02d} May 2024 08:00:00 +0000",
        }

    url = feed_server.add("/f.xml", rss([entry(1, 3), entry(2, 2), entry(3, 1)]), etag='"a"')
    assert main(["add", url]) == 0
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("[retention]\nmax_items_per_feed = 2\n")
    capsys.readouterr()
    assert [r["new_items"] for r in run_json(capsys, "fetch", "--no-articles")] == [2]
    # n3 leaves the feed, then the publisher lists it again as its newest.
    feed_server.add("/f.xml", rss([entry(1, 3), entry(2, 2)]), etag='"b"')
    assert [r["new_items"] for r in run_json(capsys, "fetch", "--no-articles")] == [0]
    feed_server.add("/f.xml", rss([entry(3, 9), entry(1, 3), entry(2, 2)]), etag='"c"')
    assert [r["new_items"] for r in run_json(capsys, "fetch", "--no-articles")] == [1]
    assert [i["title"] for i in run_json(capsys, "items")] == ["n3", "n1"]
