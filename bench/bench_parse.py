"""Parse throughput per format, and what the cache costs on disk per 1,000 items.

    .venv/bin/python bench/bench_parse.py [--feeds 500] [--max-mb 25] [--repeat 1]
    .venv/bin/python bench/bench_parse.py --corpus-only [--repeat 5]   # walker vs feedparser

Walker against feedparser on the shared corpus (tests/data/corpus/real, real
feeds, `--corpus DIR` for another folder): for each RSS/Atom file the walker
reads, the CPU time of `feeds.walker.walk_feed` and of `feedparser.parse` (with
the options our fallback passes), best of --repeat, and their ratio; the
median ratio is the figure (target: walker >= 10x faster). Files the walker
declines (feedparser reads those anyway) are listed, not timed.

Throughput (MB of feed document per CPU second, one thread) for:
- `newsroom_tui.feeds.parse.parse_feed`  (what a fetch calls to parse),
- `newsroom_tui.refresh.prepare_feed`    (parse + conversion to cache rows:
  HTML to text, summary, hash, zlib),
- floors: lxml.etree.fromstring / json.loads on the same bytes, and
  feedparser.parse alone (with our options), and fastfeedparser when it is
  installed, so our own overhead shows.
Up to --max-mb of each format's files are read (the first files, in order).

Cache size: a cold `newsroom fetch` of all the feeds from bench/serve.py,
then the home folder's size per 1,000 items, split by table and index with
SQLite's dbstat (the FTS5 search index is the items_fts_* tables).
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    WORK,
    data_dir,
    dir_size,
    fresh_dir,
    machine_line,
    newsroom_command,
    run_measured,
    source_fingerprint,
    table,
)
from gen_feeds import describe, generate, opml
from serve import BenchServer


def load_samples(folder: Path, manifest: dict, max_mb: float) -> dict[str, list[tuple[str, bytes]]]:
    samples: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for entry in manifest["files"]:
        fmt = entry["format"]
        if sizes[fmt] >= max_mb * 1e6:
            continue
        data = (folder / "feeds" / entry["file"]).read_bytes()
        samples[fmt].append((f"http://127.0.0.1/feeds/{entry['file']}", data))
        sizes[fmt] += len(data)
    return samples


def throughput(
    fn: Callable[[bytes, str], object], docs: list[tuple[str, bytes]], repeat: int
) -> float:
    """MB per CPU second, best of `repeat` passes."""
    size = sum(len(d) for _, d in docs)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for url, data in docs:
            fn(data, url)
        best = min(best, time.process_time() - started)
    return size / 1e6 / best if best > 0 else float("nan")


def parsers(fmt: str) -> dict[str, Callable[[bytes, str], object] | None]:
    from newsroom_tui.feeds.parse import parse_feed
    from newsroom_tui.refresh import prepare_feed

    kind = "application/feed+json" if fmt == "json" else "application/xml"
    headers = {"content-type": kind}

    def ours(data: bytes, url: str) -> object:
        return parse_feed(data, headers, url)

    def prepared(data: bytes, url: str) -> object:
        result = prepare_feed(data, headers, url)
        if result.error:
            raise RuntimeError(result.error)
        return result

    def floor(data: bytes, url: str) -> object:
        if fmt == "json":
            return json.loads(data)
        from lxml import etree

        return etree.fromstring(data)

    def feedparser_alone(data: bytes, url: str) -> object:
        import feedparser

        return feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)

    found: dict[str, Callable[[bytes, str], object] | None] = {
        "parse_feed": ours,
        "prepare_feed": prepared,
        "feedparser alone": feedparser_alone if fmt != "json" else None,
        "lxml / json.loads (floor)": floor,
        "fastfeedparser": None,
    }
    from newsroom_tui.feeds.walker import walk_feed

    def walker(data: bytes, url: str) -> object:
        return walk_feed(data, url, headers)

    found["feeds.walker.walk_feed"] = walker if fmt != "json" else None
    try:
        import fastfeedparser  # type: ignore[import-not-found]

        found["fastfeedparser"] = lambda data, url: fastfeedparser.parse(data)
    except ImportError:
        pass
    return found


def parse_table(folder: Path, manifest: dict, max_mb: float, repeat: int) -> str:
    samples = load_samples(folder, manifest, max_mb)
    formats = sorted(samples)
    columns: dict[str, dict[str, float | None]] = defaultdict(dict)
    notes: list[str] = []
    for fmt in formats:
        for name, fn in parsers(fmt).items():
            docs = samples[fmt]
            if fn is not None and "walker" in name:
                # Measured on the documents the walker reads; it returns None for the rest.
                docs = [(u, d) for u, d in docs if fn(d, u) is not None]
                if len(docs) < len(samples[fmt]):
                    notes.append(
                        f"{name} declined {len(samples[fmt]) - len(docs)} of {len(samples[fmt])} {fmt} documents"
                    )
            columns[name][fmt] = throughput(fn, docs, repeat) if fn and docs else None
    mbs = {fmt: sum(len(d) for _, d in samples[fmt]) / 1e6 for fmt in formats}
    headers = ["MB/s (one core)", *(f"{fmt} ({mbs[fmt]:.0f} MB)" for fmt in formats), "all"]
    rows = []
    total_mb = sum(mbs.values())
    for name, per_fmt in columns.items():
        if all(v is None for v in per_fmt.values()):
            rows.append([name, *("not installed" for _ in formats), ""])
            continue
        seconds = sum(mbs[f] / v for f, v in per_fmt.items() if v)
        overall = total_mb / seconds if seconds and all(per_fmt.values()) else None
        rows.append([name, *(per_fmt[f] for f in formats), overall])
    return table(headers, rows) + "".join(f"\n{note}" for note in notes)


CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "real"


def cpu_seconds(fn: Callable[[], object], repeat: int, min_seconds: float = 0.02) -> float:
    """CPU seconds of one call, best of `repeat` rounds of enough calls to be timed."""
    calls = 1
    while True:  # small files: repeat the call until a round takes min_seconds
        started = time.process_time()
        for _ in range(calls):
            fn()
        took = time.process_time() - started
        if took >= min_seconds or calls >= 10_000:
            break
        calls *= 4
    best = took / calls
    for _ in range(repeat - 1):
        started = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - started) / calls)
    return best


def corpus_table(folder: Path, repeat: int) -> str:
    import feedparser

    from newsroom_tui.feeds.walker import walk_feed

    headers = {"content-type": "application/xml"}
    rows: list[list[object]] = []
    declined: list[str] = []
    ratios: list[float] = []
    walker_total = feedparser_total = 0.0
    for path in sorted(folder.glob("*")):
        if path.suffix not in (".xml", ".rdf", ".atom", ".rss"):
            continue
        data = path.read_bytes()
        url = f"http://127.0.0.1/{path.name}"
        if walk_feed(data, url, headers) is None:
            declined.append(path.name)
            continue
        mine = cpu_seconds(lambda d=data, u=url: walk_feed(d, u, headers), repeat)
        theirs = cpu_seconds(
            lambda d=data: feedparser.parse(
                io.BytesIO(d),
                response_headers=headers,
                sanitize_html=False,
                resolve_relative_uris=False,
            ),
            repeat,
        )
        walker_total += mine
        feedparser_total += theirs
        ratios.append(theirs / mine)
        rows.append([path.name, len(data) / 1e3, mine * 1e3, theirs * 1e3, theirs / mine])
    rows.sort(key=lambda row: row[-1])  # type: ignore[arg-type, return-value]
    summary = (
        f"walker vs feedparser.parse on {len(ratios)} files of {folder}: "
        f"median {statistics.median(ratios):.1f}x faster (min {min(ratios):.1f}x, "
        f"max {max(ratios):.1f}x); all files together {feedparser_total / walker_total:.1f}x"
        if ratios
        else f"no file of {folder} was read by the walker"
    )
    note = f"\nthe walker declined {len(declined)} (left to feedparser): {', '.join(declined)}"
    return (
        table(["file", "KB", "walker ms", "feedparser ms", "ratio"], rows)
        + f"\n\n{summary}"
        + (note if declined else "")
    )


def cache_size(folder: Path, manifest: dict) -> str:
    home = fresh_dir(WORK / "homes" / "parse-cache")
    with BenchServer(folder) as server:
        opml_path = home.parent / "parse-cache.opml"
        opml_path.write_text(opml(server.base_url, manifest))
        cli = [*newsroom_command(), "--home", str(home)]
        imported = run_measured([*cli, "import", str(opml_path)])
        fetched = run_measured([*cli, "fetch"])
    if imported.rc or fetched.rc:
        return f"cold fetch failed: {fetched.stderr.decode()[-400:]}"
    database = next(home.rglob("*.db"), None) or next(home.rglob("*.sqlite*"))
    total = dir_size(home)
    conn = sqlite3.connect(database)
    try:
        items = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        per_object = conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        columns = conn.execute(
            "SELECT SUM(LENGTH(content_html)), SUM(LENGTH(CAST(content_text AS BLOB))), "
            "SUM(LENGTH(CAST(summary AS BLOB))), SUM(LENGTH(CAST(title AS BLOB)))"
            " FROM items"
        ).fetchone()
    finally:
        conn.close()
    per_k = 1000 / max(1, items) / 1e6
    fts = sum(size for name, size in per_object if name.startswith("items_fts"))
    rows = [[name, size / 1e6, size * per_k] for name, size in per_object if size * per_k >= 0.005]
    rows.append(["(all FTS5 tables: the search index)", fts / 1e6, fts * per_k])
    rows.append(["whole home folder", total / 1e6, total * per_k])
    column_rows = [
        ["items.content_html (zlib)", columns[0] / 1e6, columns[0] * per_k],
        ["items.content_text (zlib, its HTML as dictionary)", columns[1] / 1e6, columns[1] * per_k],
        ["items.summary", columns[2] / 1e6, columns[2] * per_k],
        ["items.title", columns[3] / 1e6, columns[3] * per_k],
    ]
    return (
        f"{items} items after a cold fetch; {total * per_k:.2f} MB per 1,000 items "
        f"(search index {fts * per_k:.2f} MB of it); at 100,000 items that is about "
        f"{total * per_k * 100:.0f} MB\n\n"
        + table(["table or index (dbstat)", "MB", "MB per 1,000 items"], rows)
        + "\n\nbytes stored in the biggest columns:\n\n"
        + table(["column", "MB", "MB per 1,000 items"], column_rows)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-mb", type=float, default=25.0, help="MB of each format to parse")
    parser.add_argument("--repeat", type=int, default=1, help="passes; the best counts")
    parser.add_argument("--no-cache-size", action="store_true")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="real feeds to compare on")
    parser.add_argument(
        "--corpus-only", action="store_true", help="only walker vs feedparser on --corpus"
    )
    args = parser.parse_args(argv)
    print(f"## walker vs feedparser on real feeds (best of {args.repeat}, CPU time)\n")
    print(f"source under test: src/ fingerprint {source_fingerprint()}; {machine_line()}\n")
    print(corpus_table(args.corpus, args.repeat) + "\n")
    if args.corpus_only:
        return 0
    folder = data_dir(args.feeds, args.seed)
    manifest = generate(folder, args.feeds, args.seed)
    print(f"# parse bench: {describe(manifest)}; {machine_line()}\n")
    print(f"source under test: src/ fingerprint {source_fingerprint()}")
    started = time.perf_counter()
    print("## parse throughput\n")
    print(parse_table(folder, manifest, args.max_mb, args.repeat))
    print(f"(took {time.perf_counter() - started:.0f}s)\n")
    if not args.no_cache_size:
        print("## cache size on disk\n")
        print(cache_size(folder, manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
