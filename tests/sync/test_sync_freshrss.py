"""`newsroom sync` against a real FreshRSS, with feeds served from a local HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.make_feeds import rss
from newsroom_tui.cli import main
from support.feedserver import FeedServer
from support.freshrss import FreshRSS, ServerClient, configure_sync

CORPUS = Path(__file__).parents[1] / "data" / "corpus" / "real"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sync(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "sync", "--json", *extra)
    return code, json.loads(out), err


@pytest.fixture
def account(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> ServerClient:
    """An account following two corpus feeds (one in a folder), synced from here."""
    bbc = feed_server.add("/bbc.xml", (CORPUS / "bbc-news-frontpage-rss2.xml").read_bytes())
    guardian = feed_server.add("/guardian.xml", (CORPUS / "guardian-rss2.xml").read_bytes())
    client = freshrss.client()
    client.subscribe(bbc)
    client.subscribe(guardian, folder="World")
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    yield client
    client.close()


def local_items(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    code, out, err = run(capsys, "items", "--json")
    assert code == 0, err
    return json.loads(out)


def server_items(client: ServerClient) -> dict[str, int]:
    """Link -> server item id, for the whole reading list."""
    answer = client.get(f"stream/contents/{READING_LIST}", n=10000)
    return {i["alternate"][0]["href"]: int(i["id"].rsplit("/", 1)[1], 16) for i in answer["items"]}


def test_first_sync_brings_the_accounts_feeds_folders_and_items(
    account: ServerClient, capsys: pytest.CaptureFixture[str]
) -> None:
    on_server = server_items(account)
    code, report, err = sync(capsys)
    assert code == 0, err
    assert report == {
        "pulled_items": len(on_server),
        "pushed_changes": 0,
        "pending": 0,
        "error": None,
        "held_read": 0,
    }
    feeds = json.loads(run(capsys, "feeds", "--json")[1])
    assert {f["title"]: f["tags"] for f in feeds} == {
        "BBC News | News Front Page | World Edition": ["Uncategorized"],
        "The Guardian": ["World"],
    }
    items = local_items(capsys)
    assert sorted(i["url"] for i in items) == sorted(on_server)
    # A second sync moves nothing: the cursor and the known ids.
    code, again, _ = sync(capsys)
    assert (code, again["pulled_items"], len(local_items(capsys))) == (0, 0, len(on_server))


def test_changes_made_offline_are_kept_and_reach_the_server_once_it_is_back(
    account: ServerClient,
    freshrss: FreshRSS,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert sync(capsys)[0] == 0
    first, second = local_items(capsys)[:2]
    # The server is away (nothing listens on its address any more).
    configure_sync(isolated_home, "http://127.0.0.1:9/api/greader.php")
    assert run(capsys, "read", str(first["id"]))[0] == 0
    assert run(capsys, "bookmark", str(second["id"]))[0] == 0
    code, report, err = sync(capsys)
    assert code == 1
    assert report["pending"] == 2 and "cannot reach the sync server 127.0.0.1:9" in report["error"]
    assert err.count("\n") == 1 and freshrss.api_password not in err
    configure_sync(isolated_home, freshrss.api)
    code, report, err = sync(capsys)
    assert (code, report["pushed_changes"], report["pending"]) == (0, 2, 0), err
    ids = server_items(account)
    assert ids[first["url"]] in account.read_ids()
    assert ids[second["url"]] in account.item_ids(STARRED)
    # Still read and bookmarked here: the server's state now agrees.
    after = {i["id"]: i for i in local_items(capsys)}
    assert after[first["id"]]["read"] and after[second["id"]]["bookmarked"]


def test_changes_made_on_the_server_arrive(
    account: ServerClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync(capsys)[0] == 0
    ids = server_items(account)
    links = sorted(ids)[:3]
    account.post("edit-tag", [*(("i", str(ids[u])) for u in links[:2]), ("a", READ)])
    account.post("edit-tag", [("i", str(ids[links[2]])), ("a", STARRED)])
    code, _report, err = sync(capsys)
    assert code == 0, err
    by_url = {i["url"]: i for i in local_items(capsys)}
    assert [by_url[u]["read"] for u in links] == [True, True, False]
    assert by_url[links[2]]["bookmarked"] and not by_url[links[0]]["bookmarked"]
    # Unread again on the server: unread here too.
    account.post("edit-tag", [("i", str(ids[links[0]])), ("r", READ)])
    assert sync(capsys)[0] == 0
    assert not {i["url"]: i for i in local_items(capsys)}[links[0]]["read"]


def test_a_local_change_not_yet_pushed_beats_the_server(
    account: ServerClient,
    freshrss: FreshRSS,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert sync(capsys)[0] == 0
    item = local_items(capsys)[0]
    remote = server_items(account)[item["url"]]
    configure_sync(isolated_home, "http://127.0.0.1:9/api/greader.php")
    run(capsys, "read", str(item["id"]))
    account.post("edit-tag", [("i", str(remote)), ("a", STARRED)])
    account.post("edit-tag", [("i", str(remote)), ("r", READ)])
    configure_sync(isolated_home, freshrss.api)
    assert sync(capsys)[0] == 0
    mine = {i["id"]: i for i in local_items(capsys)}[item["id"]]
    # Read stays (ours, pending); the star arrives (no local change to it).
    assert mine["read"] and mine["bookmarked"]
    assert remote in account.read_ids()


def test_a_renamed_folder_renames_the_tag(
    account: ServerClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync(capsys)[0] == 0
    account.post("rename-tag", [("s", "user/-/label/World"), ("dest", "user/-/label/Globe")])
    assert sync(capsys)[0] == 0
    feeds = json.loads(run(capsys, "feeds", "--json")[1])
    assert {f["title"]: f["tags"] for f in feeds}["The Guardian"] == ["Globe"]


def test_an_item_fetched_here_and_on_the_server_is_one_item_keeping_its_views(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    items = [
        {"title": f"Tin {n}", "link": f"https://example.test/{n}", "guid": f"g{n}", "views": "42"}
        for n in range(5)
    ]
    url = feed_server.add("/local.xml", rss(items))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "fetch")[0] == 0
    client = freshrss.client()
    client.subscribe(url)
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    code, report, err = sync(capsys)
    assert code == 0, err
    assert report["pulled_items"] == 0
    got = local_items(capsys)
    assert len(got) == 5 and {i["views"] for i in got} == {42}
    assert len(json.loads(run(capsys, "feeds", "--json")[1])) == 1
    # Read here, pushed to the server's copy of the same item.
    run(capsys, "read", str(got[0]["id"]))
    assert sync(capsys)[1]["pushed_changes"] == 1
    assert server_items(client)[got[0]["url"]] in client.read_ids()
    client.close()


def test_a_mass_read_from_elsewhere_is_held_until_confirmed(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    items = [{"title": f"Tin {n}", "link": f"https://example.test/{n}"} for n in range(260)]
    client = freshrss.client()
    client.subscribe(feed_server.add("/many.xml", rss(items)))
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    assert sync(capsys)[1]["pulled_items"] == 260
    # Another device marks everything read (ts: every item up to now, in microseconds).
    client.post("mark-all-as-read", [("s", READING_LIST), ("ts", str(2**53))])
    code, report, err = sync(capsys)
    assert (code, report["held_read"]) == (0, 260), (report, err)
    assert "sync --yes" in err
    assert len(json.loads(run(capsys, "items", "--unread", "--json")[1])) == 260
    code, report, err = sync(capsys, "--yes")
    assert (code, report["held_read"]) == (0, 0), err
    assert json.loads(run(capsys, "items", "--unread", "--json")[1]) == []


def test_a_refused_login_is_one_line_without_the_password(
    account: ServerClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", "wrong-secret-123")
    code, report, err = sync(capsys)
    assert code == 1
    assert (
        report["error"]
        == f"the sync server {account.api.split('/')[2]} refused the login for 'reader'"
    )
    assert "wrong-secret-123" not in err + json.dumps(report)
    assert json.loads(run(capsys, "items", "--json")[1]) == []


def test_a_server_stopped_mid_sync_loses_nothing(
    account: ServerClient,
    freshrss: FreshRSS,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert sync(capsys)[0] == 0
    item = local_items(capsys)[0]
    run(capsys, "read", str(item["id"]))
    freshrss.stop()
    code, report, err = sync(capsys)
    assert code == 1 and report["pending"] == 1
    assert len(err.strip().splitlines()) == 1
    assert {i["id"]: i for i in local_items(capsys)}[item["id"]]["read"]


def test_an_item_synced_first_and_then_fetched_from_its_guid_feed_stays_one_item(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    items = [
        {"title": f"Tin {n}", "link": f"https://example.test/{n}", "guid": f"g{n}", "views": "7"}
        for n in range(4)
    ]
    url = feed_server.add("/guid.xml", rss(items))
    client = freshrss.client()
    client.subscribe(url)
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    assert sync(capsys)[1]["pulled_items"] == 4
    synced = {i["url"]: i["id"] for i in local_items(capsys)}
    assert run(capsys, "read", str(synced["https://example.test/1"]))[0] == 0
    # The same feed, fetched here: its items carry GUIDs the server never sent.
    code, _out, err = run(capsys, "fetch", "--no-articles")
    assert code == 0, err
    got = local_items(capsys)
    assert len(got) == 4 and {i["url"]: i["id"] for i in got} == synced
    assert {i["views"] for i in got} == {7}
    assert [i["read"] for i in got if i["url"] == "https://example.test/1"] == [True]
    # Fetched again and synced again: still four.
    assert run(capsys, "fetch", "--no-articles")[0] == 0
    assert sync(capsys)[0] == 0
    assert len(local_items(capsys)) == 4
    client.close()


def server_feeds(client: ServerClient) -> dict[str, list[str]]:
    """Feed URL -> folders, as the server follows them."""
    return {
        sub["url"]: [c["label"] for c in sub.get("categories", [])]
        for sub in client.get("subscription/list")["subscriptions"]
    }


def test_add_and_remove_reach_the_server_at_once_and_the_feed_stays_after_syncs(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = feed_server.add("/local.xml", rss([{"title": "Tin", "link": "https://example.test/1"}]))
    client = freshrss.client()
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    code, out, err = run(capsys, "add", url, "--tag", "World")
    assert (code, err) == (0, "")
    assert server_feeds(client) == {url: ["World"]}
    assert run(capsys, "fetch", "--no-articles")[0] == 0
    for _ in range(2):
        code, report, err = sync(capsys)
        assert (code, report["error"]) == (0, None), err
    feeds = json.loads(run(capsys, "feeds", "--json")[1])
    assert [(f["url"], f["tags"]) for f in feeds] == [(url, ["World"])]
    assert len(local_items(capsys)) == 1
    code, out, err = run(capsys, "remove", out.strip() or str(feeds[0]["id"]))
    assert (code, err) == (0, "")
    assert server_feeds(client) == {}
    assert sync(capsys)[0] == 0
    assert json.loads(run(capsys, "feeds", "--json")[1]) == []
    client.close()


def test_a_source_added_while_the_server_is_away_reaches_it_at_the_next_sync(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = feed_server.add("/later.xml", rss([{"title": "Tin", "link": "https://example.test/2"}]))
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, "http://127.0.0.1:9/api/greader.php")
    code, out, err = run(capsys, "add", url)
    assert code == 0 and out.strip().isdigit()
    assert err == (
        "newsroom: sync: cannot reach the sync server 127.0.0.1:9; "
        "the server hears of it at the next sync\n"
    )
    configure_sync(isolated_home, freshrss.api)
    assert sync(capsys)[0] == 0
    client = freshrss.client()
    assert list(server_feeds(client)) == [url]
    client.close()


def contents_requests(server: FreshRSS) -> int:
    """Requests for item contents the server has answered (its own request log)."""
    log = (server.directory / "server.log").read_text(errors="replace")
    return log.count("/stream/items/contents")


def test_a_later_sync_fetches_only_the_items_it_lacks(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def entries(name: str, count: int) -> bytes:
        return rss(
            [{"title": f"Tin {n}", "link": f"https://{name}.test/{n}"} for n in range(count)]
        )

    client = freshrss.client()
    client.subscribe(feed_server.add("/first.xml", entries("first", 30)))
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, freshrss.api)
    code, report, err = sync(capsys)
    assert (code, report["pulled_items"]) == (0, 30), err
    asked = contents_requests(freshrss)
    # Within the cursor's overlap: the ids are listed again, no item is fetched again.
    code, report, err = sync(capsys)
    assert (code, report["pulled_items"], contents_requests(freshrss)) == (0, 0, asked), err
    # The server gets two more (a feed subscribed elsewhere): only those two are fetched.
    client.subscribe(feed_server.add("/second.xml", entries("second", 2)))
    code, report, err = sync(capsys)
    assert (code, report["pulled_items"], contents_requests(freshrss)) == (0, 2, asked + 1), err
    assert len(local_items(capsys)) == 32
    client.close()
