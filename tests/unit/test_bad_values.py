"""One bad item never fails a feed: every value reaching SQLite is reviewed once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return json.loads(out)


def test_out_of_range_values_cost_only_themselves(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    body = (DATA / "bad-values.json").read_bytes()
    url = feed_server.add("/bad.json", body, content_type="application/feed+json")
    assert main(["add", url]) == 0
    capsys.readouterr()

    [result] = cli_json(capsys, "fetch")  # type: ignore[misc]
    assert result["status"] == "ok"
    assert result["new_items"] == 10
    assert "adjusted" in result["error"] and "view count" in result["error"]

    items = cli_json(capsys, "items", "--limit", "100")
    assert isinstance(items, list)
    views = {item["title"]: item["views"] for item in items}
    assert views["fine item"] == 739
    assert views["views at 2^63-1"] == 2**63 - 1
    assert views["views as digits"] == 1234
    for dropped in ("views above 2^63", "negative views", "views as text", "views as 1e300"):
        assert views[dropped] is None
    dated = {item["title"]: item["published"] for item in items}
    assert dated["year 10000"] is None
    assert dated["fine item"] == "2024-05-21T01:30:00+00:00"
    long_titles = [item["title"] for item in items if item["title"].startswith("word word")]
    assert len(long_titles) == 1 and 1000 < len(long_titles[0]) <= 2000
    assert "a huge integer id" in views

    [feed] = cli_json(capsys, "feeds")  # type: ignore[misc]
    assert feed["last_status"] == "ok" and feed["title"] == "Bad values"

    # A second fetch of the same document adds nothing and still stores fine.
    feed_server.add("/bad.json", body, content_type="application/feed+json")
    [again] = cli_json(capsys, "fetch")  # type: ignore[misc]
    assert again["status"] == "ok" and again["new_items"] == 0
