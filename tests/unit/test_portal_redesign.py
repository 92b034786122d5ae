"""An auto-detected portal that redesigns, over real HTTP (site C's two days,
windows-1258 pages): a list that lost its summaries is still the news list,
stored with what it has (new items, new counts, cached summaries kept) and said
once; a list of bare links is refused with the way out in the message; adding
the source again, or removing and adding it, learns the page afresh."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from support.feedserver import FeedServer

TRYOUT = Path(__file__).parents[1] / "data" / "portals" / "tryout"
LIST = "/index.htm"
HTML = "text/html"  # the site sends no charset; its <meta> names windows-1258
NEW_TITLE = "Khai mạc Hội báo Xuân phường Hòa Bình năm 2027"


def _day2(server: FeedServer) -> bytes:
    # The redesign links its articles absolutely, to the site's own host.
    body = (TRYOUT / "cp1258-redesign-no-summary.htm").read_bytes()
    return body.replace(b"http://127.0.0.1:20192", server.url("").rstrip("/").encode())


def _bare_links(server: FeedServer) -> bytes:
    # The same cards with neither date nor count: nothing says it is the news list.
    return re.sub(rb'<span class="(time|view)">[^<]*</span>', b"", _day2(server))


def _run(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _items(home: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    code, out, _ = _run(home, capsys, "items", "--json", "--limit", "100")
    assert code == 0
    return {item["url"]: item for item in json.loads(out)}


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with FeedServer() as server:
        day1 = (TRYOUT / "cp1258-list-day1.htm").read_bytes()
        server.add(LIST, day1, content_type=HTML)
        home = tmp_path / "home"
        assert _run(home, capsys, "add", server.url(LIST))[0] == 0
        code, _, err = _run(home, capsys, "fetch", "--no-articles")
        assert code == 0, err
        yield server, home


def test_a_redesign_without_summaries_is_stored_with_what_it_has_and_said_once(
    site: tuple[FeedServer, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server, home = site
    before = _items(home, capsys)
    assert len(before) == 8 and all(item["summary"] for item in before.values())
    server.add(LIST, _day2(server), content_type=HTML)

    code, out, err = _run(home, capsys, "fetch", "--no-articles")
    assert code == 0, err
    said = out + err
    assert "summary: found on none of 9 entries any more" in said
    assert "stored without it, cached items keep theirs" in said and "Traceback" not in said

    after = _items(home, capsys)
    assert set(after) > set(before)
    (new,) = [item for url, item in after.items() if url not in before]
    assert new["title"] == NEW_TITLE and new["views"] == 5
    for url, old in before.items():
        assert after[url]["summary"] == old["summary"]  # the cached summaries stay
    assert after[server.url("/tin/bai-0.htm")]["views"] == 15790  # the new count is stored
    code, out, err = _run(home, capsys, "feeds", "--json")
    assert json.loads(out)[0]["last_status"] == "ok"

    # Once: the next fetch compares with the new layout and has nothing to say.
    code, out, err = _run(home, capsys, "fetch", "--no-articles")
    assert code == 0 and "summary" not in out + err


def test_a_list_of_bare_links_is_refused_and_adding_again_takes_it(
    site: tuple[FeedServer, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server, home = site
    before = _items(home, capsys)
    server.add(LIST, _bare_links(server), content_type=HTML)

    code, _, err = _run(home, capsys, "fetch", "--no-articles")
    assert code == 1
    (line,) = [line for line in err.splitlines() if "any more" in line]
    assert "found on none of 9 entries any more" in line
    assert f"`newsroom add {server.url(LIST)}` again takes it as it is now" in line
    assert _items(home, capsys) == before  # the cache keeps all it had

    code, _, err = _run(home, capsys, "add", server.url(LIST))
    assert code == 0 and "already subscribed (feed 1); its page is read afresh" in err
    code, _, err = _run(home, capsys, "fetch", "--no-articles")
    assert code == 0, err
    after = _items(home, capsys)
    assert NEW_TITLE in {item["title"] for item in after.values()}
    for url, old in before.items():  # nothing the bare page lacks is lost
        assert (after[url]["summary"], after[url]["views"], after[url]["published"]) == (
            old["summary"],
            old["views"],
            old["published"],
        )


def test_remove_then_add_starts_from_a_fresh_baseline(
    site: tuple[FeedServer, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    server, home = site
    first = min(_items(home, capsys).values(), key=lambda item: item["id"])
    assert _run(home, capsys, "bookmark", str(first["id"]))[0] == 0  # keeps the feed's row
    server.add(LIST, _bare_links(server), content_type=HTML)
    assert _run(home, capsys, "fetch", "--no-articles")[0] == 1

    assert _run(home, capsys, "remove", "1")[0] == 0
    code, out, err = _run(home, capsys, "add", server.url(LIST))
    assert code == 0 and "already subscribed" not in err
    feed_id = out.split()[-1]
    code, out, err = _run(home, capsys, "fetch", "--no-articles")
    assert code == 0, err
    assert "last good fetch" not in out + err
    code, out, _ = _run(home, capsys, "items", "--feed", feed_id, "--json", "--limit", "100")
    assert NEW_TITLE in {item["title"] for item in json.loads(out)}
