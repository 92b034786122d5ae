"""Fetching against a real HTTP server on 127.0.0.1 that misbehaves on request."""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import socket
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from data.make_feeds import rss
from newsroom_tui.models import FetchResult
from newsroom_tui.service import Newsroom
from support.feedserver import FeedServer

ITEMS = [
    {
        "title": f"Item {n}",
        "link": f"https://example.test/{n}",
        "guid": str(n),
        "date": "Tue, 21 May 2024 08:30:00 +0000",
    }
    for n in range(3)
]
FEED = rss(ITEMS)


@pytest.fixture
def newsroom() -> Newsroom:
    home = Path(os.environ["NEWSROOM_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "[fetch]\nconnect_timeout = 1\nread_timeout = 1\ntotal_timeout = 2\n"
        "max_body_mb = 1\nmax_redirects = 4\n"
    )
    nr = Newsroom.open()
    yield nr
    nr.close()


def fetch(nr: Newsroom, *urls: str) -> list[FetchResult]:
    for url in urls:
        nr.subscribe(url)
    # Feed fetching alone: the items' example.test article pages are not the point here.
    return asyncio.run(nr.refresh(articles=False))


def test_conditional_get_with_last_modified(newsroom: Newsroom, feed_server: FeedServer) -> None:
    lm = "Tue, 21 May 2024 08:30:00 GMT"
    url = feed_server.add("/f", FEED, last_modified=lm)
    assert fetch(newsroom, url)[0].new_items == 3
    [again] = asyncio.run(newsroom.refresh())
    assert again.status == "not_modified"
    assert feed_server.requests[-1].headers["if-modified-since"] == lm


def test_permanent_redirect_updates_url(newsroom: Newsroom, feed_server: FeedServer) -> None:
    new = feed_server.add("/new", FEED)
    old = feed_server.add("/old", redirect_to=new, status=301)
    [result] = fetch(newsroom, old)
    assert result.status == "ok" and result.new_items == 3
    assert newsroom.feeds()[0].url == new


def test_temporary_redirect_keeps_url(newsroom: Newsroom, feed_server: FeedServer) -> None:
    new = feed_server.add("/new", FEED)
    old = feed_server.add("/old", redirect_to=new, status=302)
    assert fetch(newsroom, old)[0].status == "ok"
    assert newsroom.feeds()[0].url == old


def test_redirect_loop(newsroom: Newsroom, feed_server: FeedServer) -> None:
    a = feed_server.url("/a")
    b = feed_server.add("/b", redirect_to=a, status=302)
    feed_server.add("/a", redirect_to=b, status=302)
    [result] = fetch(newsroom, a)
    assert result.status == "error" and "redirect" in (result.error or "")


@pytest.mark.parametrize(
    ("status", "expected"), [(404, "HTTP 404"), (500, "HTTP 500"), (403, "HTTP 403")]
)
def test_http_errors(
    newsroom: Newsroom, feed_server: FeedServer, status: int, expected: str
) -> None:
    [result] = fetch(newsroom, feed_server.add("/x", b"nope", status=status))
    assert result.status == "error" and (result.error or "").startswith(expected)


def test_gone_is_not_fetched_again(newsroom: Newsroom, feed_server: FeedServer) -> None:
    [result] = fetch(newsroom, feed_server.add("/gone", b"", status=410))
    assert "removed" in (result.error or "")
    assert newsroom.feeds()[0].gone
    assert asyncio.run(newsroom.refresh()) == []
    assert feed_server.hits["/gone"] == 1


def test_retry_after_respected(newsroom: Newsroom, feed_server: FeedServer) -> None:
    url = feed_server.add("/busy", b"", status=429, headers={"Retry-After": "3600"})
    [result] = fetch(newsroom, url)
    assert "wait until" in (result.error or "")
    [second] = asyncio.run(newsroom.refresh())
    assert second.status == "error" and "not fetched" in (second.error or "")
    assert feed_server.hits["/busy"] == 1


def test_gzip_response(newsroom: Newsroom, feed_server: FeedServer) -> None:
    [result] = fetch(newsroom, feed_server.add("/gz", FEED, gzip=True))
    assert result.status == "ok" and result.new_items == 3


def test_body_cap_and_gzip_bomb(newsroom: Newsroom, feed_server: FeedServer) -> None:
    big = feed_server.add("/big", b"x" * (2 * 1024 * 1024))
    bomb = feed_server.add("/bomb", raw_gzip=gzip.compress(b"\0" * (50 * 1024 * 1024)))
    results = {r.url: r for r in fetch(newsroom, big, bomb)}
    for url in (big, bomb):
        assert results[url].status == "error"
        assert "cap" in (results[url].error or "")


def test_slow_server_times_out_others_continue(newsroom: Newsroom, feed_server: FeedServer) -> None:
    hang = feed_server.add("/hang", hang=True)
    trickle = feed_server.add("/trickle", FEED, trickle=0.5)
    good = feed_server.add("/good", FEED)
    started = time.monotonic()
    results = {r.url: r for r in fetch(newsroom, hang, trickle, good)}
    elapsed = time.monotonic() - started
    assert results[good].status == "ok"
    assert results[hang].status == "error" and "stopped sending" in (results[hang].error or "")
    assert results[trickle].status == "error" and "gave up" in (results[trickle].error or "")
    assert elapsed < 6


def test_connection_refused(newsroom: Newsroom) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    [result] = fetch(newsroom, f"http://127.0.0.1:{port}/feed")
    assert result.status == "error" and "cannot connect" in (result.error or "")


def test_broken_feed_keeps_cache(newsroom: Newsroom, feed_server: FeedServer) -> None:
    url = feed_server.add("/f", FEED, etag='"1"')
    fetch(newsroom, url)
    feed_server.add("/f", b"<rss><channel><item><title>cut", etag='"2"')
    [result] = asyncio.run(newsroom.refresh())
    assert result.status == "error"
    assert len(newsroom.items()) == 3


def test_html_page_names_its_feeds(newsroom: Newsroom, feed_server: FeedServer) -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>News</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        b"</head><body>hi</body></html>"
    )
    [result] = fetch(newsroom, feed_server.add("/", page, content_type="text/html"))
    assert result.status == "error"
    assert "HTML page" in (result.error or "")
    assert feed_server.url("/rss.xml") in (result.error or "")


def test_empty_body(newsroom: Newsroom, feed_server: FeedServer) -> None:
    [result] = fetch(newsroom, feed_server.add("/empty", b""))
    assert result.status == "error" and "empty" in (result.error or "")


def test_many_feeds_concurrently(newsroom: Newsroom) -> None:
    with FeedServer(latency=0.05) as server:
        urls = [server.add(f"/f{n}", rss(ITEMS, title=f"F{n}"), etag=f'"{n}"') for n in range(40)]
        results = fetch(newsroom, *urls)
        assert all(r.status == "ok" for r in results)
        assert sum(r.new_items for r in results) == 120
        # Side by side, but never more at once to one host than the per-host limit.
        assert 1 < server.max_in_flight <= newsroom.config.fetch.per_host
        # Within one fetch, 304s reuse kept-alive connections: not one connection each.
        server.clients.clear()
        assert {r.status for r in asyncio.run(newsroom.refresh())} == {"not_modified"}
        assert len(server.clients) <= newsroom.config.fetch.per_host


def test_hanging_feeds_cost_one_timeout(
    newsroom: Newsroom, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsroom_tui.feeds.fetch as fetch_module

    monkeypatch.setattr(fetch_module, "SLOW_AFTER", 0.2)
    # Four per host: queued one after another, 28 bad feeds would take 7 read timeouts.
    newsroom.config = replace(newsroom.config, fetch=replace(newsroom.config.fetch, per_host=4))
    hanging = [feed_server.add(f"/hang{n}", hang=True) for n in range(24)]
    endless = [feed_server.add(f"/endless{n}", endless=True) for n in range(4)]
    good = [feed_server.add(f"/good{n}", FEED) for n in range(24)]
    started = time.monotonic()
    results = {r.url: r for r in fetch(newsroom, *hanging, *endless, *good)}
    elapsed = time.monotonic() - started
    assert all(results[u].status == "ok" for u in good)
    assert all(results[u].status == "error" for u in hanging + endless)
    assert all("cap" in (results[u].error or "") for u in endless)
    assert elapsed < 4 * newsroom.config.fetch.read_timeout + 1


def test_gzip_bombs_keep_memory_bounded(tmp_path: Path, feed_server: FeedServer) -> None:
    import subprocess
    import sys

    home = tmp_path / "bombs"
    home.mkdir()
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip, built without 300 MiB in memory
    block = b"\0" * (1024 * 1024)
    bomb = b"".join(packer.compress(block) for _ in range(300)) + packer.flush()
    urls = [feed_server.add(f"/bomb{n}", raw_gzip=bomb) for n in range(8)]
    outlines = "".join(f'<outline text="b" xmlUrl="{u}"/>' for u in urls)
    (home / "s.opml").write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    env = dict(os.environ, NEWSROOM_HOME=str(home))
    cli = [sys.executable, "-m", "newsroom_tui"]
    subprocess.run([*cli, "import", str(home / "s.opml")], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [*cli, "fetch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    peak_kib = 0
    while proc.poll() is None:  # VmHWM: this process's own peak (ru_maxrss counts pytest's)
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            break
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak_kib = max(peak_kib, int(line.split()[1]))
        time.sleep(0.02)
    _, err = proc.communicate()
    assert proc.returncode == 1
    assert err.decode().count("cap") == 8
    # Eight bombs at once, each stopped at the 10 MiB cap: far below 8 x 300 MiB.
    assert 0 < peak_kib < 250 * 1024


def test_fetching_waits_when_parsing_falls_behind(newsroom: Newsroom) -> None:
    """Bodies and parsed rows must not pile up in memory when parsing is the bottleneck."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from newsroom_tui.refresh import BACKLOG_EXTRA

    newsroom.config = replace(newsroom.config, fetch=replace(newsroom.config.fetch, concurrency=4))
    places = 4 + BACKLOG_EXTRA
    parsing = threading.Event()
    parser = ThreadPoolExecutor(max_workers=1)
    parser.submit(parsing.wait, 30)  # the only parser is busy until released

    async def scenario(server: FeedServer) -> list[FetchResult]:
        refresh = asyncio.ensure_future(newsroom.refresh(parse_executor=parser))
        settled, last = 0, -1
        while settled < 10:  # until no request has come for 0.3 s
            await asyncio.sleep(0.03)
            hits = sum(server.hits.values())
            settled, last = (settled + 1, hits) if hits == last else (0, hits)
        assert last == places  # fetched while nothing could be parsed: exactly the places
        parsing.set()
        return await refresh

    with FeedServer() as server:
        for n in range(40):
            newsroom.subscribe(server.add(f"/f{n}", rss(ITEMS, title=f"F{n}")))
        results = asyncio.run(scenario(server))
    parser.shutdown()
    assert [r.status for r in results] == ["ok"] * 40
    assert sum(r.new_items for r in results) == 120


def test_a_keep_alive_connection_the_server_closed_is_not_reused() -> None:
    """The pool must notice an idle connection the server hung up on (our own
    readability check) and open a new one, not fail the next feed."""
    from newsroom_tui.config import FetchConfig
    from newsroom_tui.feeds.fetch import Fetcher

    body = rss(ITEMS, title="Kept alive")
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
        writer.close()  # says keep-alive, then hangs up at once

    async def scenario() -> list[str]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        statuses = []
        async with Fetcher(FetchConfig()) as fetcher:
            for n in range(3):
                response = await fetcher.fetch(f"http://127.0.0.1:{port}/feed{n}")
                statuses.append(response.status)
                await asyncio.sleep(0.1)  # the close reaches the client's socket
        server.close()
        return statuses

    assert asyncio.run(scenario()) == ["ok", "ok", "ok"]
    assert connections == 3


def test_one_kept_alive_connection_serves_a_host_s_feeds_in_turn() -> None:
    from newsroom_tui.config import FetchConfig
    from newsroom_tui.feeds.fetch import Fetcher

    body = rss(ITEMS, title="One connection")
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        while True:
            try:
                await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(body)}\r\n\r\n"
            writer.write(head.encode() + body)
            await writer.drain()
        writer.close()

    async def scenario() -> list[str]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with Fetcher(FetchConfig()) as fetcher:
            statuses = [
                (await fetcher.fetch(f"http://127.0.0.1:{port}/f{n}")).status for n in range(3)
            ]
        server.close()
        return statuses

    assert asyncio.run(scenario()) == ["ok", "ok", "ok"]
    assert connections == 1


def test_a_body_cut_short_is_a_one_line_protocol_error() -> None:
    from newsroom_tui.config import FetchConfig
    from newsroom_tui.feeds.fetch import Fetcher

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<rss><channel>")
        await writer.drain()
        writer.close()  # 4,986 bytes short

    async def scenario() -> tuple[str, str | None]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with Fetcher(FetchConfig()) as fetcher:
            response = await fetcher.fetch(f"http://127.0.0.1:{port}/feed")
        server.close()
        return response.status, response.error

    status, error = asyncio.run(scenario())
    assert status == "error"
    assert error is not None and error.startswith("the server broke the HTTP protocol")
    assert "\n" not in error


def test_a_slow_feed_does_not_hold_back_the_others_commit(tmp_path: Path) -> None:
    """Fetches commit in batches; a feed still downloading must not keep the
    fast feeds' items from another reader of the cache for long."""
    from newsroom_tui.refresh import BATCH_WAIT_S

    (tmp_path / "config.toml").write_text("[fetch]\nread_timeout = 20\ntotal_timeout = 20\n")
    newsroom = Newsroom.open(tmp_path)
    reader = Newsroom.open(tmp_path)
    with FeedServer() as server:
        newsroom.subscribe(server.add("/fast", rss(ITEMS, title="Fast")))
        newsroom.subscribe(server.add("/slow", rss(ITEMS, title="Slow"), delay=BATCH_WAIT_S + 2.5))

        async def scenario() -> tuple[int, list[FetchResult]]:
            refresh = asyncio.ensure_future(newsroom.refresh())
            await asyncio.sleep(BATCH_WAIT_S + 1.0)
            seen_meanwhile = len(reader.items())
            return seen_meanwhile, await refresh

        seen_meanwhile, results = asyncio.run(scenario())
    reader.close()
    newsroom.close()
    assert seen_meanwhile == len(ITEMS)  # the fast feed's, committed while the slow one waited
    assert [r.status for r in results] == ["ok", "ok"]
    assert sum(r.new_items for r in results) == 2 * len(ITEMS)


def test_a_wait_past_today_names_its_date(newsroom: Newsroom, feed_server: FeedServer) -> None:
    # Retry-After far in the future is clamped (to a day): the message must not
    # read as a time already past.
    url = feed_server.add("/later", b"", status=429, headers={"Retry-After": "99999999999"})
    [result] = fetch(newsroom, url)
    [second] = asyncio.run(newsroom.refresh())
    for error in (result.error or "", second.error or ""):
        found = re.search(r"wait until (\d\d/\d\d/\d{4}) \d\d:\d\d", error)
        assert found is not None, error
        assert found.group(1) != time.strftime("%d/%m/%Y"), error  # a day ahead
