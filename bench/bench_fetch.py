"""Cold fetch and warm re-fetch of N feeds: newsroom against newsboat, one run.

    .venv/bin/python bench/bench_fetch.py [--feeds 500] [--runs 3] [--latency 0,50]

For each latency, each run and each reader (interleaved, so drift hits all
alike), in a fresh home:

- newsroom: `newsroom --home H import feeds.opml` (not timed), then the
  timed `newsroom --home H fetch --no-articles` twice: cold (everything new) and warm
  (the server answers 304 to everything).
- newsboat, when installed: `newsboat -x reload -u URLS -c CACHE -C CONFIG`
  with an empty config (its default, `reload-threads 1`) and with
  `reload-threads 16` (its best). newsboat 2.21 forgets the ETag and
  Last-Modified of a feed's very first download (it writes them before the
  feed's row exists), so its second reload is a full re-download too; the
  warm figure is its third reload, the first one that is all 304. Its second
  reload is reported as well.
- httpx alone (bench/httpx_floor.py), 16 at once, storing nothing: the floor.

Wall time, CPU (user + sys of the child, from wait4) and peak RSS of the
child; medians over the runs. The first run of each reader is checked: every
generated item stored (`newsroom items --json`; newsboat's rss_item table),
every probe word found by `newsroom search`, and the server's counters show
the warm fetch got only 304s. Results go to a table on stdout and to
bench/.work/results/fetch-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DIR,
    WORK,
    Measure,
    data_dir,
    dir_size,
    fresh_dir,
    machine_line,
    median,
    newsroom_command,
    run_measured,
    source_fingerprint,
    table,
)
from gen_feeds import describe, feed_urls, generate, opml
from serve import BenchServer


@dataclass
class RunResult:
    reader: str
    latency_ms: float
    run: int
    cold: Measure
    warm: Measure
    second: Measure | None = None  # newsboat's second reload (still all 200)
    cold_http: dict = field(default_factory=dict)
    warm_http: dict = field(default_factory=dict)
    items: int | None = None
    cache_bytes: int | None = None
    checks: list[str] = field(default_factory=list)  # problems found; empty is good


class Reader:
    name = ""

    def available(self) -> bool:
        return True

    def setup(self, home: Path, base_url: str, manifest: dict) -> None: ...

    def fetch_command(self, home: Path) -> list[str]: ...

    def env(self, home: Path) -> dict[str, str] | None:
        return None

    def primes_validators_late(self) -> bool:
        return False

    def unreadable(self, manifest: dict) -> int:
        """Feeds this reader cannot parse, so never gets validators for."""
        return 0

    def verify(self, home: Path, manifest: dict) -> tuple[int | None, list[str]]:
        return None, []

    def cache_bytes(self, home: Path) -> int | None:
        return None


class Newsroom(Reader):
    name = "newsroom"

    def __init__(self, command: list[str], config: str = "", label: str = "") -> None:
        self.command = command
        self.config = config
        if label:
            self.name = f"newsroom {label}"

    def _cli(self, home: Path, *args: str) -> list[str]:
        return [*self.command, "--home", str(home), *args]

    def env(self, home: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("NEWSROOM_HOME", None)
        return env

    def setup(self, home: Path, base_url: str, manifest: dict) -> None:
        if self.config:
            (home / "config.toml").write_text(self.config.replace("\\n", "\n") + "\n")
        path = home.parent / f"{home.name}.opml"
        path.write_text(opml(base_url, manifest))
        done = run_measured(self._cli(home, "import", str(path)), env=self.env(home))
        if done.rc != 0:
            raise SystemExit(f"newsroom import failed: {done.stderr.decode()[-500:]}")

    def fetch_command(self, home: Path) -> list[str]:
        # Feeds only, the work newsboat does too: the generated items link to
        # hosts that do not exist, so article prefetch would time the resolver.
        # bench_prefetch.py measures prefetch against pages that are served.
        return self._cli(home, "fetch", "--no-articles")

    def verify(self, home: Path, manifest: dict) -> tuple[int | None, list[str]]:
        problems: list[str] = []
        env = self.env(home)
        listed = run_measured(self._cli(home, "items", "--json", "--limit", "100000"), env=env)
        items = json.loads(listed.stdout) if listed.rc == 0 else []
        if len(items) != manifest["total_items"]:
            problems.append(f"items: {len(items)} stored, {manifest['total_items']} generated")
        if items and sum(1 for i in items if i.get("views") is not None) != len(items):
            problems.append("some items have no view count")
        if items and sum(1 for i in items if i.get("published")) != len(items):
            problems.append("some items have no date")
        feeds = run_measured(self._cli(home, "feeds", "--json"), env=env)
        statuses = defaultdict(int)
        for feed in json.loads(feeds.stdout) if feeds.rc == 0 else []:
            statuses[feed["last_status"]] += 1
        if statuses.get("ok", 0) != manifest["feeds"]:
            problems.append(f"feed statuses after the cold fetch: {dict(statuses)}")
        for probe in manifest["probes"]:
            found = run_measured(self._cli(home, "search", probe["word"], "--json"), env=env)
            hits = json.loads(found.stdout) if found.rc == 0 else []
            if [h["title"] for h in hits] != [probe["title"]]:
                problems.append(f"search {probe['word']!r}: {len(hits)} hits, expected 1")
        if any(f["lang"] == "vi" for f in manifest["files"]):
            found = run_measured(self._cli(home, "search", "uy ban nhan dan", "--json"), env=env)
            if found.rc != 0 or not json.loads(found.stdout):
                problems.append("search 'uy ban nhan dan' (no tone marks) found nothing")
        return len(items), problems

    def cache_bytes(self, home: Path) -> int | None:
        return dir_size(home)


class Newsboat(Reader):
    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.name = f"newsboat {threads}t" + (" (default)" if threads == 1 else "")

    def available(self) -> bool:
        return shutil.which("newsboat") is not None

    def setup(self, home: Path, base_url: str, manifest: dict) -> None:
        (home / "urls").write_text("\n".join(feed_urls(base_url, manifest)) + "\n")
        # An empty config is newsboat's default (reload-threads 1).
        config = "" if self.threads == 1 else f"reload-threads {self.threads}\n"
        (home / "config").write_text(config)

    def env(self, home: Path) -> dict[str, str]:
        # newsboat keeps history and locks under $HOME; keep it inside the run's folder.
        env = dict(os.environ, HOME=str(home))
        env.update(XDG_CONFIG_HOME=str(home / "xdg-config"), XDG_DATA_HOME=str(home / "xdg-data"))
        return env

    def fetch_command(self, home: Path) -> list[str]:
        return [
            "newsboat",
            "-x", "reload",
            "-u", str(home / "urls"),
            "-c", str(home / "cache.db"),
            "-C", str(home / "config"),
        ]  # fmt: skip

    def primes_validators_late(self) -> bool:
        return True

    def unreadable(self, manifest: dict) -> int:
        return manifest["by_format"].get("json", {}).get("feeds", 0)  # no JSON Feed support

    def verify(self, home: Path, manifest: dict) -> tuple[int | None, list[str]]:
        conn = sqlite3.connect(home / "cache.db")
        try:
            items = conn.execute("SELECT COUNT(*) FROM rss_item").fetchone()[0]
        finally:
            conn.close()
        expected = sum(e["items"] for e in manifest["files"] if e["format"] != "json")
        problems = []
        if items != expected:
            problems.append(f"items: {items} stored, {expected} in its RSS and Atom feeds")
        return items, problems

    def cache_bytes(self, home: Path) -> int | None:
        return (home / "cache.db").stat().st_size


class HttpxFloor(Reader):
    name = "httpx alone (floor)"

    def setup(self, home: Path, base_url: str, manifest: dict) -> None:
        (home / "urls").write_text("\n".join(feed_urls(base_url, manifest)) + "\n")

    def fetch_command(self, home: Path) -> list[str]:
        script = BENCH_DIR / "httpx_floor.py"
        return [sys.executable, str(script), str(home / "urls"), str(home / "state.json")]


def run_reader(
    reader: Reader,
    server: BenchServer,
    manifest: dict,
    latency: float,
    run: int,
    verify: bool,
    keep: bool,
) -> RunResult:
    slug = "".join(c if c.isalnum() else "-" for c in reader.name).strip("-")
    home = fresh_dir(WORK / "homes" / f"{slug}-{run}")
    reader.setup(home, server.base_url, manifest)
    env = reader.env(home)
    command = reader.fetch_command(home)
    server.reset_stats()
    cold = run_measured(command, env=env)
    cold_http = dict(server.reset_stats())
    items, problems = reader.verify(home, manifest) if verify else (None, [])
    if cold.rc != 0:
        problems.append(f"cold fetch exited {cold.rc}: {_tail(cold.stderr)}")
    second = None
    if reader.primes_validators_late():
        second = run_measured(command, env=env)
        server.reset_stats()
    warm = run_measured(command, env=env)
    warm_http = dict(server.reset_stats())
    if warm.rc != 0:
        problems.append(f"warm fetch exited {warm.rc}: {_tail(warm.stderr)}")
    if warm_http.get("200", 0) > reader.unreadable(manifest):
        problems.append(f"warm fetch got {warm_http.get('200')} full responses, not 304")
    result = RunResult(
        reader=reader.name,
        latency_ms=latency,
        run=run,
        cold=cold,
        warm=warm,
        second=second,
        cold_http=cold_http,
        warm_http=warm_http,
        items=items,
        cache_bytes=reader.cache_bytes(home),
        checks=problems,
    )
    if not keep:
        shutil.rmtree(home, ignore_errors=True)
    return result


def _tail(data: bytes) -> str:
    return (
        data.decode("utf-8", "replace").strip().splitlines()[-1:][0][:200] if data.strip() else ""
    )


def summarise(results: list[RunResult], readers: list[Reader], latency: float) -> str:
    by_reader = {
        r.name: [x for x in results if x.reader == r.name and x.latency_ms == latency]
        for r in readers
    }
    by_reader = {k: v for k, v in by_reader.items() if v}
    names = list(by_reader)
    ours = by_reader.get("newsroom", [])
    boats = [n for n in names if n.startswith("newsboat")]
    boats.sort(key=lambda n: int(n.split()[1].rstrip("t")), reverse=True)  # best first

    def med(name: str, pick) -> float:
        values = [pick(x) for x in by_reader[name] if pick(x) is not None]
        return median(values)

    metrics = [
        ("cold fetch, wall s", lambda x: x.cold.wall),
        ("cold fetch, CPU s", lambda x: x.cold.cpu),
        ("cold fetch, peak RSS of the largest process MB", lambda x: x.cold.rss_mb),
        ("cold fetch, peak memory of all its processes (PSS) MB", lambda x: x.cold.tree_mb),
        ("warm re-fetch (all 304), wall s", lambda x: x.warm.wall),
        ("warm re-fetch, CPU s", lambda x: x.warm.cpu),
        ("warm re-fetch, peak RSS MB", lambda x: x.warm.rss_mb),
        ("newsboat's 2nd reload (all 200), wall s", lambda x: x.second.wall if x.second else None),
    ]
    headers = ["work", *names]
    if ours:
        headers += [f"{b} ÷ newsroom" for b in boats]
    rows = []
    for label, pick in metrics:
        values = [med(n, pick) for n in names]
        if all(v != v for v in values):  # all NaN
            continue
        row: list[object] = [label, *values]
        if ours:
            mine = med("newsroom", pick)
            row += [_ratio(med(b, pick), mine) for b in boats]
        rows.append(row)
    items_row: list[object] = ["items stored (first run)"]
    size_row: list[object] = ["cache on disk per 1,000 items, MB"]
    for n in names:
        first = by_reader[n][0]
        items_row.append(first.items)
        size_row.append(
            first.cache_bytes / first.items * 1000 / 1e6
            if first.items and first.cache_bytes
            else None
        )
    rows += [
        items_row + [""] * (len(headers) - len(items_row)),
        size_row + [""] * (len(headers) - len(size_row)),
    ]
    return table(headers, rows)


def _ratio(theirs: float, ours: float) -> str:
    if theirs != theirs or ours != ours or not ours:
        return "–"
    return f"{theirs / ours:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", default="0,50", help="comma-separated milliseconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--readers",
        default="newsroom,newsboat-1,newsboat-16,floor",
        help="comma-separated: newsroom, newsboat-N, floor",
    )
    parser.add_argument(
        "--newsroom", default=None, help="command for our CLI (default: the venv's)"
    )
    parser.add_argument(
        "--newsroom-config",
        default="",
        help=r'config.toml for a second newsroom reader, e.g. "[fetch]\nper_host = 16"',
    )
    parser.add_argument("--keep", action="store_true", help="keep each run's home")
    parser.add_argument("--out", type=Path, default=None, help="JSON results file")
    args = parser.parse_args(argv)

    readers: list[Reader] = []
    for spec in args.readers.split(","):
        spec = spec.strip()
        if spec == "newsroom":
            command = args.newsroom.split() if args.newsroom else newsroom_command()
            readers.append(Newsroom(command))
            if args.newsroom_config:
                readers.append(Newsroom(command, args.newsroom_config, "(--newsroom-config)"))
        elif spec.startswith("newsboat-"):
            readers.append(Newsboat(int(spec.split("-", 1)[1])))
        elif spec == "floor":
            readers.append(HttpxFloor())
        elif spec:
            parser.error(f"unknown reader {spec!r}")
    missing = [r.name for r in readers if not r.available()]
    if missing:
        print(f"not installed, skipped: {', '.join(missing)} (apt-get install newsboat)")
    readers = [r for r in readers if r.available()]
    latencies = [float(x) for x in args.latency.split(",") if x.strip()]

    manifest = generate(data_dir(args.feeds, args.seed), args.feeds, args.seed)
    print(f"# fetch bench: {describe(manifest)}; {machine_line()}")
    print(f"source under test: src/ fingerprint {source_fingerprint()}")
    results: list[RunResult] = []
    started = time.perf_counter()
    with BenchServer(data_dir(args.feeds, args.seed)) as server:
        for latency in latencies:
            server.set_latency(latency)
            for run in range(args.runs):
                for reader in readers:
                    result = run_reader(reader, server, manifest, latency, run, run == 0, args.keep)
                    results.append(result)
                    status = "; ".join(result.checks) or "checks ok" if run == 0 else ""
                    print(
                        f"  {latency:g} ms run {run + 1}/{args.runs} {reader.name}: "
                        f"cold {result.cold.wall:.2f}s (cpu {result.cold.cpu:.1f}s, "
                        f"{result.cold.rss_mb:.0f} MB), warm {result.warm.wall:.2f}s "
                        f"(cpu {result.warm.cpu:.1f}s) {status}",
                        flush=True,
                    )
    print(f"(bench took {time.perf_counter() - started:.0f}s)\n")
    print(f"source at the end: src/ fingerprint {source_fingerprint()}")
    for latency in latencies:
        print(f"## {args.feeds} feeds, {latency:g} ms server latency, median of {args.runs} runs\n")
        print(summarise(results, readers, latency))
        print()
    problems = [(r.reader, r.latency_ms, c) for r in results for c in r.checks]
    for reader, latency, problem in problems:
        print(f"CHECK FAILED: {reader} at {latency:g} ms: {problem}")
    out = args.out or WORK / "results" / f"fetch-{args.feeds}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([_jsonable(r) for r in results], indent=1))
    print(f"raw results: {out}")
    return 1 if problems else 0


def _jsonable(result: RunResult) -> dict:
    data = asdict(result)
    for key in ("cold", "warm", "second"):
        if data.get(key):
            data[key].pop("stdout", None)
            data[key].pop("stderr", None)
    return data


if __name__ == "__main__":
    sys.exit(main())
