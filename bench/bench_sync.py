"""Sync against a real FreshRSS: first sync of an N-item account, then an
incremental sync after 50 changes (25 read here, 25 starred on the server).

For each size it reports wall, CPU (user+sys), peak RSS of the `newsroom sync`
process and the requests it made (counted in the server's request log), and
what the server itself takes per kind of request (timed from here on the same
account, median of three), so a slow sync can be told from a slow server.
Each account is made once per run (10 feeds served from 127.0.0.1, subscribed
on the server) and used for both syncs; two sizes show whether memory grows
with the account. Last, the reader's first screen on the larger synced cache
with sync off and on (the reader syncs at start): the same, or sync slows it.

    .venv/bin/python bench/bench_sync.py --items 5000 --compare 1000   # the full run
    .venv/bin/python bench/bench_sync.py --items 300                   # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

import httpx  # noqa: E402

from data.make_feeds import rss  # noqa: E402
from support.feedserver import FeedServer  # noqa: E402
from support.freshrss import FreshRSS, ServerClient  # noqa: E402

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
FEEDS = 10
CHANGES = 25  # of each kind: 25 read here, 25 starred on the server


def api_requests(server: FreshRSS) -> int:
    log = server.directory / "server.log"
    return sum("greader.php" in line for line in log.read_text(errors="replace").splitlines())


def make_account(server: FreshRSS, feeds: FeedServer, items: int) -> ServerClient:
    client = server.client()
    per_feed = items // FEEDS
    for f in range(FEEDS):
        entries = [
            {
                "title": f"Tin {f}-{n}",
                "link": f"https://example.test/{f}/{n}",
                "guid": f"{f}-{n}",
                "content": f"<p>Bài {n} của nguồn {f}. " + "Nội dung. " * 40 + "</p>",
            }
            for n in range(per_feed)
        ]
        client.subscribe(feeds.add(f"/f{f}.xml", rss(entries)), folder=f"Folder {f % 3}")
    return client


def timed_sync(home: Path, server: FreshRSS) -> dict:
    before = api_requests(server)
    env = {**os.environ, "NEWSROOM_HOME": str(home), "NEWSROOM_SYNC_PASSWORD": server.api_password}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui", "sync", "--json", "--yes"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    assert proc.stdout is not None
    report = json.loads(proc.stdout.read())
    time.sleep(0.2)  # the server writes its log line after answering
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "requests": api_requests(server) - before,
        "exit": os.waitstatus_to_exitcode(status),
        "report": report,
    }


def change_50(home: Path, client: ServerClient) -> None:
    """25 items starred on the server (one request each, as another reader
    would), 25 read here through the command line."""
    ids = client.item_ids(READING_LIST)
    for remote_id in ids[:CHANGES]:
        client.post("edit-tag", [("i", str(remote_id)), ("a", STARRED)])
    env = {**os.environ, "NEWSROOM_HOME": str(home)}
    listed = subprocess.run(
        [sys.executable, "-m", "newsroom_tui", "items", "--json", "--limit", str(CHANGES)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for item in json.loads(listed.stdout):
        subprocess.run(
            [sys.executable, "-m", "newsroom_tui", "read", str(item["id"])],
            env=env,
            capture_output=True,
            check=True,
        )


def server_costs(server: FreshRSS, client: ServerClient) -> dict[str, float]:
    """Milliseconds the server takes per kind of request (median of three).

    The edit-tag pairs undo themselves, so the account is as it was after."""
    ids = client.item_ids(READING_LIST)[-CHANGES:]
    api = f"{server.api}/reader/api/0"
    http = client.http
    token = client.token

    def edit(action: str, tag: str) -> Callable[[], httpx.Response]:
        return lambda: http.post(f"{api}/edit-tag", data={"i": ids, action: tag, "T": token})

    probes: dict[str, Callable[[], httpx.Response]] = {
        "login": lambda: httpx.post(
            f"{server.api}/accounts/ClientLogin",
            data={"Email": server.user, "Passwd": server.api_password},
        ),
        "subscription/list": lambda: http.get(f"{api}/subscription/list?output=json"),
        "ids (whole reading list)": lambda: http.get(
            f"{api}/stream/items/ids", params={"output": "json", "s": READING_LIST, "n": 10000}
        ),
        "contents of 500 ids": lambda: http.post(
            f"{api}/stream/items/contents?output=json",
            data={"i": client.item_ids(READING_LIST)[:500]},
        ),
        f"edit-tag: {CHANGES} read": edit("a", READ),
        f"edit-tag: {CHANGES} unread": edit("r", READ),
        f"edit-tag: {CHANGES} starred": edit("a", STARRED),
        f"edit-tag: {CHANGES} unstarred": edit("r", STARRED),
    }
    costs: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(3):
        for name, probe in probes.items():
            start = time.perf_counter()
            probe().raise_for_status()
            costs[name].append((time.perf_counter() - start) * 1000)
    return {name: round(statistics.median(times), 1) for name, times in costs.items()}


def first_paint(home: Path, server: FreshRSS, rounds: int = 4) -> dict[str, dict[str, float]]:
    """The reader's first screen on the synced cache with sync off and on
    (bench_tui's own measure: fresh processes, CPU and wall to the first frame
    with rows; the first pair only warms up). CPU counts every thread, so a
    sync started before the first rows would show in it."""
    config = (home / "config.toml").read_text()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "NEWSROOM_SYNC_PASSWORD": server.api_password,
    }
    runs: dict[str, list[dict[str, float]]] = {"sync off": [], "sync on": []}
    for round_ in range(rounds + 1):
        # Each order in turn: the second run of a pair is slower on a busy machine.
        for mode in list(runs)[:: 1 if round_ % 2 else -1]:
            copy = home.parent / f"{home.name}-paint"
            shutil.rmtree(copy, ignore_errors=True)
            copy.mkdir()
            shutil.copy(home / "newsroom.sqlite3", copy / "newsroom.sqlite3")
            (copy / "config.toml").write_text(config if mode == "sync on" else "")
            out = subprocess.run(
                [sys.executable, str(HERE / "bench_tui.py"), "--first-screen", str(copy)],
                capture_output=True,
                text=True,
                check=True,
                env={**env, "NEWSROOM_HOME": str(copy)},
                timeout=120,
            ).stdout
            if round_:
                runs[mode].append(json.loads(out.strip().splitlines()[-1]))
    keys = ("cpu_time_to_rows_ms", "create_app_to_rows_ms")
    return {
        mode: {key: round(statistics.median(r[key] for r in got), 1) for key in keys}
        for mode, got in runs.items()
    }


def run_size(items: int, tmp: Path, paint: bool) -> dict:
    with FeedServer() as feeds:
        server = FreshRSS.start(tmp / f"freshrss-{items}")
        try:
            started = time.perf_counter()
            client = make_account(server, feeds, items)
            made = time.perf_counter() - started
            home = tmp / f"home-{items}"
            home.mkdir()
            (home / "config.toml").write_text(
                f'[sync]\nkind = "greader"\nurl = "{server.api}"\nuser = "{server.user}"\n'
                'password_env = "NEWSROOM_SYNC_PASSWORD"\n'
            )
            first = timed_sync(home, server)
            change_50(home, client)
            incremental = timed_sync(home, server)
            costs = server_costs(server, client)
            painted = first_paint(home, server) if paint else None
            client.close()
        finally:
            server.stop()
    return {
        "items": items,
        "account_made_s": round(made, 1),
        "first": first,
        "incremental": incremental,
        "server_ms": costs,
        **({"first_paint_median": painted} if painted else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument(
        "--compare", type=int, default=0, help="a second, smaller account (memory: flat?)"
    )
    args = parser.parse_args()
    sizes = [n for n in (args.compare, args.items) if n]
    with tempfile.TemporaryDirectory() as tmp:
        # The first paint once, on the largest account.
        runs = [run_size(n, Path(tmp), paint=n == sizes[-1]) for n in sizes]
    print(json.dumps(runs if len(runs) > 1 else runs[0], indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
