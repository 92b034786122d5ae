"""Sync against a real FreshRSS: first sync of an N-item account, then an
incremental sync after 50 changes (25 read here, 25 starred on the server).

Reports wall, CPU (user+sys), peak RSS of the `newsroom sync` process and the
requests it made (counted in the server's request log).

    .venv/bin/python bench/bench_sync.py --items 5000      # the full run
    .venv/bin/python bench/bench_sync.py --items 300       # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from data.make_feeds import rss  # noqa: E402
from support.feedserver import FeedServer  # noqa: E402
from support.freshrss import FreshRSS  # noqa: E402

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


def api_requests(server: FreshRSS) -> int:
    log = server.directory / "server.log"
    return sum("greader.php" in line for line in log.read_text(errors="replace").splitlines())


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--feeds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as feeds:
        server = FreshRSS.start(Path(tmp) / "freshrss")
        try:
            client = server.client()
            per_feed = args.items // args.feeds
            for f in range(args.feeds):
                items = [
                    {
                        "title": f"Tin {f}-{n}",
                        "link": f"https://example.test/{f}/{n}",
                        "guid": f"{f}-{n}",
                        "content": f"<p>Bài {n} của nguồn {f}. " + "Nội dung. " * 40 + "</p>",
                    }
                    for n in range(per_feed)
                ]
                client.subscribe(feeds.add(f"/f{f}.xml", rss(items)), folder=f"Folder {f % 3}")
            home = Path(tmp) / "home"
            home.mkdir()
            (home / "config.toml").write_text(
                f'[sync]\nkind = "greader"\nurl = "{server.api}"\nuser = "{server.user}"\n'
                'password_env = "NEWSROOM_SYNC_PASSWORD"\n'
            )
            first = timed_sync(home, server)
            ids = client.item_ids("user/-/state/com.google/reading-list")
            for remote_id in ids[:25]:
                client.post("edit-tag", [("i", str(remote_id)), ("a", STARRED)])
            env = {**os.environ, "NEWSROOM_HOME": str(home)}
            listed = subprocess.run(
                [sys.executable, "-m", "newsroom_tui", "items", "--json", "--limit", "25"],
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
            incremental = timed_sync(home, server)
            client.close()
        finally:
            server.stop()
    print(json.dumps({"items": args.items, "first": first, "incremental": incremental}, indent=1))


if __name__ == "__main__":
    main()
