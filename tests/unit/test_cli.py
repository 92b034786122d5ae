"""The CLI contract, end to end through `main()` and the real HTTP server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from data.make_feeds import atom, json_feed, rss
from newsroom_tui.cli import main
from support.feedserver import FeedServer


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--json")
    assert code in (0, 1), err
    return json.loads(out)


RSS_ITEMS = [
    {
        "title": "Ba Đình tổ chức hội nghị",
        "link": "https://example.test/a",
        "guid": "a",
        "date": "Tue, 21 May 2024 08:30:00 +0700",
        "content": "<p>Sáng 21/5, <b>UBND quận</b> họp.</p>",
        "views": "739",
    },
    {
        "title": "Second item",
        "link": "https://example.test/b",
        "guid": "b",
        "date": "Mon, 20 May 2024 08:30:00 +0000",
        "description": "plain summary",
    },
]


def test_add_fetch_items_json(capsys: pytest.CaptureFixture[str], feed_server: FeedServer) -> None:
    url = feed_server.add("/rss", rss(RSS_ITEMS, title="Portal"), etag='"v1"')
    code, out, _ = run(capsys, "add", url, "--tag", "local")
    assert code == 0
    feed_id = int(out.strip())

    results = run_json(capsys, "fetch")
    assert results == [
        {
            "feed_id": feed_id,
            "url": url,
            "title": "Portal",
            "status": "ok",
            "new_items": 2,
            "updated_items": 0,
            "articles": 0,
            "error": None,
        }
    ]
    items = run_json(capsys, "items")
    assert [i["title"] for i in items] == ["Ba Đình tổ chức hội nghị", "Second item"]
    first = items[0]
    assert first["published"] == "2024-05-21T01:30:00+00:00"
    assert first["views"] == 739
    assert first["feed_title"] == "Portal"
    assert first["read"] is False and first["bookmarked"] is False
    assert first["summary"] == "Sáng 21/5, UBND quận họp."
    assert items[1]["views"] is None

    feeds = run_json(capsys, "feeds")
    assert feeds[0]["tags"] == ["local"]
    assert feeds[0]["unread"] == 2
    assert feeds[0]["last_status"] == "ok"

    # The second fetch sends the ETag and gets a 304.
    results = run_json(capsys, "fetch")
    assert results[0]["status"] == "not_modified"
    assert feed_server.requests[-1].headers.get("if-none-match") == '"v1"'


def test_all_three_formats(capsys: pytest.CaptureFixture[str], feed_server: FeedServer) -> None:
    urls = [
        feed_server.add("/rss", rss(RSS_ITEMS)),
        feed_server.add(
            "/atom",
            atom(
                [
                    {
                        "id": "x",
                        "title": "Atom one",
                        "published": "2024-05-01T00:00:00Z",
                        "views": 12,
                        "link": "https://example.test/x",
                    }
                ]
            ),
        ),
        feed_server.add(
            "/json",
            json_feed(
                [
                    {
                        "id": "j1",
                        "title": "Json one",
                        "content_html": "<p>hi</p>",
                        "date_published": "2024-05-02T10:00:00+07:00",
                        "_views": 5,
                    }
                ]
            ),
            content_type="application/feed+json",
        ),
    ]
    for url in urls:
        assert run(capsys, "add", url)[0] == 0
    results = run_json(capsys, "fetch")
    assert [r["status"] for r in results] == ["ok", "ok", "ok"]
    items = {i["title"]: i for i in run_json(capsys, "items", "--sort", "views")}
    assert items["Atom one"]["views"] == 12
    assert items["Json one"]["views"] == 5
    assert items["Json one"]["published"] == "2024-05-02T03:00:00+00:00"
    views_order = [i["views"] for i in run_json(capsys, "items", "--sort", "views")]
    assert views_order[:3] == [739, 12, 5]


def test_failed_feed_exit_1_and_cache_kept(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.add("/rss", rss(RSS_ITEMS))
    run(capsys, "add", url)
    code, out, err = run(capsys, "fetch")
    assert code == 0, out + err
    feed_server.add("/rss", b"<html>oops</html>", status=500)
    code, out, err = run(capsys, "fetch")
    assert code == 1, out + err
    assert "HTTP 500" in err, out + err
    assert "Traceback" not in out + err
    assert len(run_json(capsys, "items")) == 2
    feed = run_json(capsys, "feeds")[0]
    assert feed["last_status"] == "error" and "HTTP 500" in feed["last_error"]


def test_read_bookmark_show(capsys: pytest.CaptureFixture[str], feed_server: FeedServer) -> None:
    run(capsys, "add", feed_server.add("/rss", rss(RSS_ITEMS)))
    run(capsys, "fetch")
    item_id = str(run_json(capsys, "items")[0]["id"])
    assert run(capsys, "read", item_id)[0] == 0
    assert run(capsys, "bookmark", item_id)[0] == 0
    item = run_json(capsys, "items", "--bookmarked")
    assert [i["id"] for i in item] == [int(item_id)]
    assert item[0]["read"] is True
    assert len(run_json(capsys, "items", "--unread")) == 1
    code, out, _ = run(capsys, "show", item_id, "--width", "60")
    assert code == 0
    assert "Ba Đình tổ chức hội nghị" in out
    assert "UBND quận" in out
    assert all(len(line) <= 60 for line in out.splitlines())
    assert run(capsys, "unread", item_id)[0] == 0
    assert run(capsys, "unbookmark", item_id)[0] == 0
    assert run_json(capsys, "items", "--bookmarked") == []


def test_missing_things_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["show", "999"],
        ["read", "5"],
        ["remove", "42"],
        ["fetch", "7"],
        ["items", "--feed", "https://nowhere.test/"],
    ):
        code, _out, err = run(capsys, *args)
        assert code == 1, args
        assert err.startswith("newsroom: no ")
        assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["show", "abc"],
        ["items", "--limit", "0"],
        ["items", "--limit", "x"],
        ["items", "--sort", "name"],
        ["frobnicate"],
        ["add"],
        ["add", "ftp://example.test/feed"],
        ["add", "http://"],
        ["add", "/no/such/file.xml"],
        ["show", "1", "--width", "5"],
        ["export"],
        ["export", "bookmarks", "--format", "pdf"],
        ["search", 'unclosed "quote'],
        ["search", "after:yesterday"],
        ["--bogus"],
    ],
)
def test_bad_usage_exit_2_one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_remove_keeps_bookmarks(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    run(capsys, "add", feed_server.add("/rss", rss(RSS_ITEMS)))
    run(capsys, "fetch")
    items = run_json(capsys, "items")
    run(capsys, "bookmark", str(items[0]["id"]))
    code, _out, _ = run(capsys, "remove", "1")
    assert code == 0
    assert run_json(capsys, "feeds") == []
    left = run_json(capsys, "items")
    assert [i["id"] for i in left] == [items[0]["id"]]
    assert left[0]["bookmarked"] is True


def test_local_path_and_file_url(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(rss(RSS_ITEMS))
    assert run(capsys, "add", str(path))[0] == 0
    assert run(capsys, "add", path.as_uri())[0] == 0  # the same feed, not a second one
    assert len(run_json(capsys, "feeds")) == 1
    assert run_json(capsys, "fetch")[0]["new_items"] == 2
    assert run_json(capsys, "fetch")[0]["status"] == "not_modified"
    path.unlink()
    code, _, err = run(capsys, "fetch")
    assert code == 1 and "no such file" in err


def test_opml_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="2.0"><head/><body>
        <outline text="Local"><outline text="Ba Đình" xmlUrl="https://a.test/rss"/>
          <outline text="Sub"><outline text="Deep" xmlUrl="https://b.test/rss"/></outline>
        </outline>
        <outline text="Loose" xmlUrl="https://c.test/feed.json"/></body></opml>""",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "import", str(opml))
    assert code == 0 and "imported 3" in out
    feeds = {f["url"]: f for f in run_json(capsys, "feeds")}
    assert feeds["https://a.test/rss"]["tags"] == ["Local"]
    assert feeds["https://a.test/rss"]["title"] == "Ba Đình"
    assert sorted(feeds["https://b.test/rss"]["tags"]) == ["Local", "Sub"]
    assert feeds["https://c.test/feed.json"]["tags"] == []
    code, out, _ = run(capsys, "export", "opml")
    assert code == 0
    assert 'xmlUrl="https://b.test/rss"' in out and 'text="Ba Đình"' in out
    exported = tmp_path / "again.opml"
    exported.write_text(out, encoding="utf-8")
    os.environ["NEWSROOM_HOME"] = str(tmp_path / "second")
    assert run(capsys, "import", str(exported))[0] == 0
    again = {f["url"]: f for f in run_json(capsys, "feeds")}
    assert sorted(again["https://b.test/rss"]["tags"]) == ["Local", "Sub"]


def test_bad_opml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<html><body>nope</body></html>")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1 and "not an OPML file" in err


def test_export_bookmarks_formats(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    # A literal "<blink>" in a text title stays text (a <script> would be dropped
    # from the title altogether), so the export must escape it.
    hostile = dict(RSS_ITEMS[0], title="[bold]Evil[/bold] <blink>alert(1)</blink> *x*")
    run(capsys, "add", feed_server.add("/rss", rss([hostile])))
    run(capsys, "fetch")
    item_id = str(run_json(capsys, "items")[0]["id"])
    run(capsys, "bookmark", item_id, "--note", "theo dõi tiếp")
    _, md, _ = run(capsys, "export", "bookmarks", "--format", "markdown")
    assert r"\[bold\]Evil\[/bold\]" in md and r"\*x\*" in md and "theo dõi tiếp" in md
    _, html_out, _ = run(capsys, "export", "bookmarks", "--format", "html")
    assert "<blink>" not in html_out and "&lt;blink&gt;" in html_out
    assert "<!DOCTYPE html>" in html_out
    _, js, _ = run(capsys, "export", "bookmarks", "--format", "json")
    data = json.loads(js)
    assert data[0]["title"].startswith("[bold]Evil[/bold]") and data[0]["note"] == "theo dõi tiếp"


def test_search_cli(capsys: pytest.CaptureFixture[str], feed_server: FeedServer) -> None:
    run(capsys, "add", feed_server.add("/rss", rss(RSS_ITEMS)))
    run(capsys, "fetch")
    found = run_json(capsys, "search", "ba dinh")
    assert [i["title"] for i in found] == ["Ba Đình tổ chức hội nghị"]
    assert run_json(capsys, "search", "nothing-like-this") == []


def test_console_script_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, NEWSROOM_HOME=str(tmp_path / "h"))
    bin_dir = Path(sys.executable).parent
    script = bin_dir / "newsroom"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "newsroom_tui"]
    ok = subprocess.run([*cmd, "items", "--json"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout) == []
    bad = subprocess.run([*cmd, "show", "x"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_newer_cache_refused_untouched(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import sqlite3

    home = Path(os.environ["NEWSROOM_HOME"])
    home.mkdir(parents=True)
    db = home / "newsroom.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    code, _, err = run(capsys, "items")
    assert code == 1 and "newer newsroom-tui" in err
    assert db.read_bytes() == before


def test_corrupt_cache_refused_untouched(capsys: pytest.CaptureFixture[str]) -> None:
    home = Path(os.environ["NEWSROOM_HOME"])
    home.mkdir(parents=True)
    db = home / "newsroom.sqlite3"
    db.write_bytes(b"this is not sqlite" * 100)
    code, _, err = run(capsys, "feeds")
    assert code == 1 and "damaged" in err and "newsroom recover" in err
    assert db.read_bytes() == b"this is not sqlite" * 100


def test_bad_config_names_key(capsys: pytest.CaptureFixture[str]) -> None:
    home = Path(os.environ["NEWSROOM_HOME"])
    home.mkdir(parents=True)
    (home / "config.toml").write_text("[fetch]\nconcurency = 3\n")
    code, _, err = run(capsys, "feeds")
    assert code == 2 and "fetch.concurency" in err
    (home / "config.toml").write_text('[fetch]\nconcurrency = "many"\n')
    code, _, err = run(capsys, "feeds")
    assert code == 2 and "fetch.concurrency" in err and "whole number" in err


def test_config_created_with_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "feeds")
    text = (Path(os.environ["NEWSROOM_HOME"]) / "config.toml").read_text()
    assert "# concurrency = 32" in text and "# date_format" in text


def test_saved_searches_survive_restart(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    run(capsys, "add", feed_server.add("/rss", rss(RSS_ITEMS)))
    run(capsys, "fetch")
    code, _, _ = run(capsys, "search", "ba dinh", "--save", "Quận")
    assert code == 0
    saved = run_json(capsys, "saved")
    assert saved == [{"id": 1, "name": "Quận", "query": "ba dinh", "unread": 1}]
    item_id = str(run_json(capsys, "search", "ba dinh")[0]["id"])
    run(capsys, "read", item_id)
    assert run_json(capsys, "saved")[0]["unread"] == 0
    assert run(capsys, "saved", "rename", "Quận", "Ba Đình")[0] == 0
    assert [s["name"] for s in run_json(capsys, "saved")] == ["Ba Đình"]
    assert run(capsys, "search", 'bad "', "--save", "x")[0] == 2
    assert run(capsys, "saved", "delete", "nope")[0] == 1
    # "²" is a digit to str.isdigit(), but no id: a name no saved search has.
    code, _, err = run(capsys, "saved", "delete", "²")
    assert (code, err.count("\n")) == (1, 1) and "no saved search" in err
    assert run(capsys, "saved", "delete", "Ba Đình")[0] == 0
    assert run_json(capsys, "saved") == []


def test_compact_says_what_it_did(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    run(capsys, "add", feed_server.add("/rss", rss(RSS_ITEMS)))
    run(capsys, "fetch")
    code, out, err = run(capsys, "compact")
    assert code == 0, err
    assert out.startswith(f"indexed {len(RSS_ITEMS)} items again; cache ")
    assert [i["title"] for i in run_json(capsys, "search", "hoi nghi")] == [RSS_ITEMS[0]["title"]]
    report = run_json(capsys, "compact")
    assert report["items"] == len(RSS_ITEMS)
    assert 0 < report["bytes_after"] <= report["bytes_before"]
