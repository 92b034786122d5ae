"""Where a cold fetch spends its time, two ways.

    .venv/bin/python bench/profile_fetch.py [--feeds 500] [--latency-ms 50]
        [--mode stages,pyspy] [--pyspy PATH]

stages  The pipeline replayed in this process, one stage at a time, on the
        generated files (no network): parse_feed, item_rows (HTML to text,
        summary, hashing, zlib), then Cache.store_update into a fresh cache,
        with the FTS5 insert (Cache._insert_index, where FTS5 tokenizes;
        its segment writes at commit stay under SQLite) timed apart. CPU
        seconds per stage, MB/s and items/s. Single-threaded, so the sum is
        the CPU the work needs, whatever the threads do with it.
pyspy   The real `newsroom --home H fetch` against bench/serve.py, sampled
        with py-spy (`pip install py-spy`; pass --pyspy if it is not on
        PATH). Samples are taken from the thread holding the GIL (--gil),
        which is Python's serial bottleneck; time in SQLite, zlib and
        syscalls runs without the GIL and shows in `stages` instead. Each
        sample is put in the category of its innermost recognised frame.
cprofile  The same fetch in-process under cProfile with one profiler per
        thread (CPU time per thread); the fallback when py-spy is missing.

Raw outputs are kept under bench/.work/profile/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    WORK,
    data_dir,
    fresh_dir,
    machine_line,
    newsroom_command,
    run_measured,
    source_fingerprint,
    table,
)
from gen_feeds import describe, generate, opml
from serve import BenchServer

OUT = WORK / "profile"

# (category, test on "function (path:line)") — innermost matching frame wins.
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    ("FTS5: folding text for the index", ("store/fold.py",)),
    (
        "FTS5: index insert",
        (
            "_index (newsroom_tui/store/index.py",
            "_insert_index (newsroom_tui/store/index.py",
            "_unindex (newsroom_tui/store/index.py",
        ),
    ),
    ("SQLite: items INSERT", ("_insert_item (newsroom_tui/store/merge.py",)),
    (
        "SQLite: other (lookups, fetch log, commit)",
        (
            "newsroom_tui/store/connection.py",
            "newsroom_tui/store/fetches.py",
            "newsroom_tui/store/merge.py",
            "newsroom_tui/store/index.py",
            "newsroom_tui/store/db.py",
        ),
    ),
    ("HTML to text", ("newsroom_tui/render/",)),
    ("rows: summary, hash, zlib", ("newsroom_tui/store/rows.py",)),
    ("feedparser", ("feedparser/", "sgmllib")),
    ("fast XML parser", ("lxml", "newsroom_tui/feeds/fast", "newsroom_tui/feeds/xml")),
    ("JSON Feed", ("newsroom_tui/feeds/jsonfeed.py", "json/")),
    ("feed parse glue (clean text, dates, links)", ("newsroom_tui/feeds/", "newsroom_tui/text.py")),
    ("HTTP client (httpx, httpcore, h11)", ("httpx/", "httpcore/", "h11/", "anyio/", "ssl.py")),
    (
        "event loop, threads",
        ("asyncio/", "selectors.py", "concurrent/futures", "threading.py", "queue.py"),
    ),
    ("imports (start-up)", ("importlib", "<frozen")),
    ("progress and output", ("rich/", "newsroom_tui/cli/", "newsroom_tui/serialize.py")),
]


def categorise(stack: list[str]) -> str:
    for frame in reversed(stack):
        for name, needles in CATEGORIES:
            if any(n in frame for n in needles):
                return name
    return "other"


# -- stages ---------------------------------------------------------------------


def run_stages(folder: Path, manifest: dict) -> str:
    from newsroom_tui.feeds.parse import parse_feed
    from newsroom_tui.store.cache import Cache
    from newsroom_tui.store.fetches import FeedUpdate
    from newsroom_tui.store.rows import item_rows

    home = fresh_dir(OUT / "stages-home")
    cache = Cache.open(home / "cache.db")
    fts_time = 0.0
    # Not Cache._index: a batch stages its index rows and inserts them all at once.
    original_index = Cache._insert_index

    def timed_index(self, *args):  # type: ignore[no-untyped-def]
        nonlocal fts_time
        started = time.process_time()
        try:
            return original_index(self, *args)
        finally:
            fts_time += time.process_time() - started

    Cache._insert_index = timed_index  # type: ignore[method-assign]
    per_format: dict[str, Counter[str]] = defaultdict(Counter)
    try:
        for entry in manifest["files"]:
            data = (folder / "feeds" / entry["file"]).read_bytes()
            content_type = (
                "application/feed+json" if entry["format"] == "json" else "application/xml"
            )
            headers = {"content-type": content_type}
            url = f"http://127.0.0.1/feeds/{entry['file']}"
            stats = per_format[entry["format"]]
            t0 = time.process_time()
            parsed = parse_feed(data, headers, url)
            t1 = time.process_time()
            rows = item_rows(parsed)
            t2 = time.process_time()
            feed_id, _ = cache.add_feed(url)
            before_fts = fts_time
            t3 = time.process_time()
            cache.store_update(
                FeedUpdate(feed_id=feed_id, status="ok", rows=rows, title=parsed.title)
            )
            t4 = time.process_time()
            stats["bytes"] += len(data)
            stats["items"] += len(rows)
            stats["parse"] += t1 - t0
            stats["rows"] += t2 - t1
            stats["fts"] += fts_time - before_fts
            stats["store"] += (t4 - t3) - (fts_time - before_fts)
    finally:
        Cache._insert_index = original_index  # type: ignore[method-assign]
        cache.close()
    size = sum(p.stat().st_size for p in home.iterdir())
    total: Counter[str] = Counter()
    for stats in per_format.values():
        total.update(stats)
    rows_out = []
    for name, stats in [*sorted(per_format.items()), ("all", total)]:
        work = stats["parse"] + stats["rows"] + stats["store"] + stats["fts"]
        rows_out.append(
            [
                name,
                stats["items"],
                stats["bytes"] / 1e6,
                stats["parse"],
                stats["rows"],
                stats["store"],
                stats["fts"],
                work,
                stats["bytes"] / 1e6 / stats["parse"] if stats["parse"] else None,
                stats["items"] / work if work else None,
            ]
        )
    headers = [
        "format", "items", "MB", "parse_feed s", "item_rows s", "SQLite insert s",
        "FTS5 insert s", "total CPU s", "parse MB/s", "items/s end to end",
    ]  # fmt: skip
    share = {
        k: total[k] / max(1e-9, sum(total[x] for x in ("parse", "rows", "store", "fts")))
        for k in ("parse", "rows", "store", "fts")
    }
    return (
        table(headers, rows_out)
        + "\n\nshare of the CPU: "
        + ", ".join(f"{k} {v:.0%}" for k, v in share.items())
        + f"\ncache after the replay: {size / 1e6:.1f} MB for {total['items']} items "
        f"({size / max(1, total['items']) * 1000 / 1e6:.2f} MB per 1,000)"
    )


# -- the real fetch -----------------------------------------------------------------


def prepared_home(server: BenchServer, manifest: dict, name: str) -> Path:
    home = fresh_dir(OUT / name)
    opml_path = OUT / f"{name}.opml"
    opml_path.write_text(opml(server.base_url, manifest))
    done = run_measured([*newsroom_command(), "--home", str(home), "import", str(opml_path)])
    if done.rc != 0:
        raise SystemExit(f"import failed: {done.stderr.decode()[-400:]}")
    return home


def run_pyspy(pyspy: str, server: BenchServer, manifest: dict, rate: int) -> str:
    home = prepared_home(server, manifest, "pyspy-home")
    raw = OUT / "pyspy-gil.txt"
    command = [
        pyspy, "record", "--gil", "--threads", "--subprocesses", "--nonblocking",
        "--rate", str(rate),
        "--format", "raw", "--output", str(raw), "--",
        *newsroom_command(), "--home", str(home), "fetch",
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0 or not raw.exists():
        return f"py-spy failed ({done.returncode}): {done.stderr[-500:]}"
    by_category: Counter[str] = Counter()
    by_thread: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack_text, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack_text.split(";")
        depth = 0  # with --subprocesses a worker's stack starts with its parent's process frame
        while frames and frames[0].startswith("process "):
            frames.pop(0)
            depth += 1
        thread = (
            frames.pop(0).split(": ", 1)[-1] if frames and frames[0].startswith("thread") else "?"
        )
        worker = depth > 1 or any("_process_worker" in f for f in frames[:8])
        role = "parse worker processes" if worker else thread.rstrip("0123456789_")
        by_thread[role] += count
        by_category[categorise(frames)] += count
        if frames:
            leaves[frames[-1]] += count
    total = sum(by_category.values()) or 1
    rows = [[name, n, n / rate, f"{n / total:.1%}"] for name, n in by_category.most_common()]
    threads = ", ".join(f"{t} {n / total:.0%}" for t, n in by_thread.most_common())
    top = "\n".join(f"  {n / total:6.1%}  {leaf}" for leaf, n in leaves.most_common(15))
    return (
        f"py-spy --gil on `newsroom fetch` ({wall:.1f}s wall under the sampler, "
        f"{total} samples at {rate} Hz = {total / rate:.1f}s holding a GIL, all processes)\n\n"
        + table(["category (innermost frame)", "samples", "GIL s", "share"], rows)
        + f"\n\nGIL time by thread or process: {threads}\n\ntop innermost frames:\n{top}\n\nraw stacks: {raw}"
    )


def run_cprofile(server: BenchServer, manifest: dict) -> str:
    home = prepared_home(server, manifest, "cprofile-home")
    stats_path = OUT / "fetch.pstats"
    done = subprocess.run(
        [sys.executable, __file__, "--cprofile-child", str(home), str(stats_path)],
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        return f"cProfile child failed: {done.stderr[-500:]}"
    import pstats

    stats = pstats.Stats(str(stats_path))
    rows: list[tuple[str, float, float]] = []
    by_category: Counter[str] = Counter()

    def label(key: tuple[str, int, str]) -> str:
        return f"{key[2]} ({key[0].split('site-packages/')[-1].split('/src/')[-1]})"

    for key, (_cc, _nc, tottime, cumtime, callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((label(key), tottime, cumtime))
        if key[0] != "~" or not callers:
            by_category[categorise([label(key)])] += tottime
            continue
        # A builtin (sqlite3 execute, re.sub, str.translate) counts for whoever called it.
        weights = {caller: max(v[2], 1e-12) for caller, v in callers.items()}
        whole = sum(weights.values())
        for caller, weight in weights.items():
            by_category[categorise([label(caller)])] += tottime * weight / whole
    total = sum(by_category.values()) or 1
    top = sorted(rows, key=lambda r: r[1], reverse=True)[:20]
    return (
        "cProfile, one profiler per thread, CPU time (thread_time); categories by own time\n\n"
        + table(
            ["category", "CPU s", "share"],
            [[k, v, f"{v / total:.1%}"] for k, v in by_category.most_common()],
        )
        + "\n\ntop functions by own CPU time:\n"
        + "\n".join(f"  {t:7.2f}s own {c:7.2f}s cum  {n}" for n, t, c in top)
        + f"\n\nstats file: {stats_path} (python -m pstats)"
    )


def cprofile_child(home: str, stats_path: str) -> int:
    """Run `newsroom fetch` here with a profiler in every thread."""
    import cProfile
    import pstats
    import threading

    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()
    original_run = threading.Thread.run

    def profiled_run(self: threading.Thread) -> None:
        profile = cProfile.Profile(time.thread_time)
        with lock:
            profiles.append(profile)
        profile.runcall(original_run, self)

    threading.Thread.run = profiled_run  # type: ignore[method-assign]
    from newsroom_tui.cli import main as cli_main

    main_profile = cProfile.Profile(time.thread_time)
    code = main_profile.runcall(cli_main, ["--home", home, "fetch"])
    stats = pstats.Stats(main_profile)
    for profile in profiles:
        stats.add(profile)
    stats.dump_stats(stats_path)
    return code


def find_pyspy(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    for candidate in (
        shutil.which("py-spy"),
        str(Path(sys.executable).parent / "py-spy"),
        "/tmp/pyspy-venv/bin/py-spy",
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--cprofile-child":
        return cprofile_child(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--mode", default="stages,pyspy", help="stages, pyspy, cprofile")
    parser.add_argument("--pyspy", default=None, help="path to py-spy")
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.mode.split(",") if m.strip()]
    folder = data_dir(args.feeds, args.seed)
    manifest = generate(folder, args.feeds, args.seed)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"# profile of a cold fetch: {describe(manifest)}; {machine_line()}\n")
    print(f"source under test: src/ fingerprint {source_fingerprint()}")
    if "stages" in modes:
        started = time.perf_counter()
        print("## stages, replayed one at a time in one thread (CPU seconds)\n")
        print(run_stages(folder, manifest))
        print(f"(took {time.perf_counter() - started:.0f}s)\n")
    needs_server = [m for m in modes if m in ("pyspy", "cprofile")]
    if needs_server:
        with BenchServer(folder, latency_ms=args.latency_ms) as server:
            if "pyspy" in modes:
                pyspy = find_pyspy(args.pyspy)
                print(f"## the real fetch at {args.latency_ms:g} ms latency, sampled\n")
                if pyspy is None:
                    print(
                        "py-spy not found (pip install py-spy, or --pyspy PATH); using cProfile\n"
                    )
                    print(run_cprofile(server, manifest))
                else:
                    print(run_pyspy(pyspy, server, manifest, args.rate))
                print()
            if "cprofile" in modes:
                print(f"## the real fetch at {args.latency_ms:g} ms latency, cProfile\n")
                print(run_cprofile(server, manifest))
                print()
    (OUT / "last-run.json").write_text(json.dumps({"feeds": args.feeds, "modes": modes}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
