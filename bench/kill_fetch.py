"""kill -9 a fetch at random moments: after every kill the cache is whole.

    .venv/bin/python bench/kill_fetch.py [--kills 45] [--feeds 60] [--latency 20]

Serves generated feeds from 127.0.0.1 (bench/serve.py), subscribes a fresh
home to them, and then, kill after kill, starts `newsroom fetch` and sends
it SIGKILL after 40-115 % of a cold fetch's time. After each kill:

- `PRAGMA integrity_check` on the cache file says ok;
- `newsroom items --json` works and lists no fewer items than before the
  kill (a kill never takes back what an earlier fetch stored);
- the bookmark (with its note) set after the first kill is still there.

When a fetch finishes before its kill, the next one starts from a fresh
home, so kills keep landing in cold fetches, where the most is written.
Each home ends with one fetch left alone, which must store every generated
item. Not a unit test: it takes minutes and loads the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, data_dir, fresh_dir, newsroom_command
from gen_feeds import generate, opml
from serve import BenchServer

NOTE = "ghi chú sau lần dừng"


@dataclass
class Tally:
    kills: int = 0
    integrity_ok: int = 0
    fewer_items: int = 0
    bookmark_lost: int = 0
    finished_before_kill: int = 0
    homes: int = 0
    homes_complete: int = 0
    problems: list[str] = field(default_factory=list)


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*newsroom_command(), "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _items(home: Path) -> list[dict]:
    listed = _run(home, "items", "--json")
    if listed.returncode != 0:
        raise RuntimeError(f"items failed: {listed.stderr.strip()}")
    return json.loads(listed.stdout)


def _integrity(home: Path) -> str:
    conn = sqlite3.connect(f"{(home / 'newsroom.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _new_home(root: Path, n: int, subscriptions: Path) -> Path:
    home = fresh_dir(root / f"home-{n}")
    subscribed = _run(home, "import", str(subscriptions))
    if subscribed.returncode != 0:
        raise RuntimeError(f"import failed: {subscribed.stderr.strip()}")
    return home


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=45)
    parser.add_argument("--feeds", type=int, default=60)
    parser.add_argument("--latency", type=float, default=20.0, help="server latency, ms")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    manifest = generate(data_dir(args.feeds, 1), args.feeds, 1)
    total = manifest["total_items"]
    root = fresh_dir(WORK / "kill")
    tally = Tally()
    with BenchServer(data_dir(args.feeds, 1), latency_ms=args.latency) as server:
        subscriptions = root / "feeds.opml"
        subscriptions.write_text(opml(f"http://127.0.0.1:{server.port}", manifest))
        probe = _new_home(root, 0, subscriptions)
        started = time.perf_counter()
        _run(probe, "fetch", "--no-articles")
        cold = time.perf_counter() - started
        print(f"{total:,} items in {args.feeds} feeds; a cold fetch takes {cold:.2f} s")

        def finish(home: Path) -> None:
            tally.homes += 1
            _run(home, "fetch", "--no-articles")
            if len(_items(home)) == total:
                tally.homes_complete += 1
            else:
                tally.problems.append(f"{home.name}: not every item after a full fetch")

        home = _new_home(root, 1, subscriptions)
        stored, marked = 0, None
        while tally.kills < args.kills:
            fetch = subprocess.Popen(
                [*newsroom_command(), "--home", str(home), "fetch", "--no-articles"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # Most of a cold fetch is waiting on the network; storing comes last.
            time.sleep(cold * rng.uniform(0.4, 1.15))
            if fetch.poll() is not None:  # done before the kill: start cold again
                tally.finished_before_kill += 1
                finish(home)
                home = _new_home(root, tally.homes + 1, subscriptions)
                stored, marked = 0, None
                continue
            os.kill(fetch.pid, signal.SIGKILL)
            fetch.wait()
            tally.kills += 1
            verdict = _integrity(home)
            if verdict == "ok":
                tally.integrity_ok += 1
            else:
                tally.problems.append(f"kill {tally.kills}: integrity_check says {verdict}")
            items = _items(home)
            if len(items) < stored:
                tally.fewer_items += 1
                tally.problems.append(f"kill {tally.kills}: {stored} items before, {len(items)}")
            stored = len(items)
            if marked is None and items:
                marked = items[0]["id"]
                _run(home, "bookmark", str(marked), "--note", NOTE)
            elif marked is not None:
                notes = [i.get("note") for i in items if i["id"] == marked and i["bookmarked"]]
                if notes != [NOTE]:
                    tally.bookmark_lost += 1
                    tally.problems.append(f"kill {tally.kills}: bookmark {marked} lost")
            print(
                f"kill {tally.kills:3}: {verdict}, {stored:,} items stored",
                flush=True,
            )
        finish(home)
    print(
        f"{tally.kills} kills: integrity ok {tally.integrity_ok}, fewer items after a kill "
        f"{tally.fewer_items}, bookmarks lost {tally.bookmark_lost}; "
        f"{tally.homes_complete} of {tally.homes} homes complete after a full fetch "
        f"({tally.finished_before_kill} fetches finished before their kill)"
    )
    for problem in tally.problems:
        print(f"  {problem}")
    return 0 if not tally.problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
