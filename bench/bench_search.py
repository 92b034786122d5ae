"""Search latency on a 100,000-item cache: p50 and p95 over a realistic query mix.

    .venv/bin/python bench/bench_search.py [--items 100000] [--repeat 5] [--limit 50]

The cache is grown by cachegen.py (reused between runs; --rebuild forces a
new one). Then, in this process, `Newsroom.search(query, limit)` — what the
CLI calls: query compiling, FTS5 match, bm25 ranking, filters, rows and a
snippet per row — is timed for every query of the mix, `--repeat` times
each, on one open connection as the TUI holds it; and so is what the reader
runs per keystroke (search as a view: the ids of the best 500 matches, the
rows of the first screen, the one snippet shown). Categories: single words
(English; Vietnamese with and without tone marks), Vietnamese typed without
tone marks, phrases, prefixes, filters, exclusions and OR, a word found in
one item only, and "as you type": two queries typed letter by letter, as the TUI
runs them (the last word also as a prefix from three letters).

Also timed: the very first query after opening the cache, and one
`newsroom search` in a fresh process (start-up included).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cachegen import build_cache
from common import (
    WORK,
    machine_line,
    newsroom_command,
    percentile,
    run_measured,
    source_fingerprint,
    table,
)

QUERIES: dict[str, list[str]] = {
    "word, English": ["budget", "residents", "vaccination", "drainage", "heritage"],
    "word, Vietnamese": ["phường", "Đình", "môi trường", "khuyến học", "căn cước"],
    "Vietnamese without tone marks": [
        "uy ban",
        "uy ban nhan dan",
        "dan van kheo",
        "ba dinh",
        "giai phong mat bang",
        "phuong kim ma",
    ],
    "phrase": [
        '"ủy ban nhân dân"',
        '"dan van kheo"',
        '"traffic safety near schools"',
        '"an toan giao thong"',
    ],
    "prefix": ["chuyen*", "vacc*", "ph*", "d*", "tiem chu*"],
    "filters": [
        "ba dinh after:2024-05-01",
        "views:>100000 giao thong",
        "is:unread an toan",
        "is:bookmarked",
        "before:2024-03-01 phuong",
        "feed:lieu uy ban",
        "after:2024-05-20",
    ],
    "exclude, OR": [
        'ba dinh -"thong bao"',
        "uy ban -covid",
        "vaccination OR tiem chung",
        "budget OR ngan sach -road",
    ],
    "rare word": ["nrbprobejson", "nrbproberss"],
}
TYPED = ["dân vận khéo", "road repairs"]


def as_you_type(text: str) -> list[str]:
    """What the TUI's search field runs while `text` is typed, letter by letter
    (`as_typed`: the last word as a prefix once it has three letters)."""
    from newsroom_tui.store.search import as_typed

    return [as_typed(text[:end]) for end in range(1, len(text) + 1) if text[end - 1] != " "]


def measure(newsroom, query: str, limit: int, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        newsroom.search(query, limit=limit)
        times.append((time.perf_counter() - started) * 1000)
    return times


def search_as_the_reader_does(newsroom, query: str) -> int:  # type: ignore[no-untyped-def]
    """What the reader runs per keystroke: the ordered ids of the best 500
    matches (search as a view), the rows of its first screen, one snippet."""
    ids, terms = newsroom.search_ids(query, READER_LIMIT + 1)
    newsroom.headline_rows(ids[:READER_ROWS])
    newsroom.snippets(ids[:1], terms)
    return len(ids)


def measure_reader(newsroom, query: str, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        search_as_the_reader_does(newsroom, query)
        times.append((time.perf_counter() - started) * 1000)
    return times


READER_LIMIT = 500  # as tui/widgets/headlines_search.py SEARCH_LIMIT
READER_ROWS = 120  # as tui/backend.py FIRST_ROWS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=50, help="results per query")
    parser.add_argument("--home", type=Path, default=None, help="cache home (default: bench/.work)")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    home = args.home or WORK / f"cache-{args.items}-s{args.seed}"
    if args.rebuild:
        (home / "bench-cache.json").unlink(missing_ok=True)
    print(f"# search bench, {args.items} items; {machine_line()}")
    print(f"source under test: src/ fingerprint {source_fingerprint()}")
    built = build_cache(home, args.items, args.seed)
    print(
        f"cache: {built['stored']} items, {built['bytes'] / 1e6:.0f} MB "
        f"(built in {built['seconds']}s), {home}\n"
    )

    from newsroom_tui.service import Newsroom

    started = time.perf_counter()
    newsroom = Newsroom.open(home)
    opened = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    first_hits = newsroom.search("uy ban nhan dan", limit=args.limit)
    first = (time.perf_counter() - started) * 1000

    categories = dict(QUERIES)
    categories["as you type"] = [q for text in TYPED for q in as_you_type(text)]
    per_category: dict[str, list[float]] = defaultdict(list)
    per_query: list[tuple[float, str, int]] = []
    reader_times: list[float] = []
    from newsroom_tui.store.search import SearchSyntaxError

    refused: list[str] = []
    for category, queries in categories.items():
        for query in queries:
            try:
                hits = len(newsroom.search(query, limit=args.limit))
            except SearchSyntaxError as exc:  # e.g. a one-letter prefix the app will not run
                refused.append(f"{query!r} ({exc})")
                continue
            times = measure(newsroom, query, args.limit, args.repeat)
            reader_times += measure_reader(newsroom, query, args.repeat)
            per_category[category] += times
            per_query.append((percentile(times, 50), query, hits))
    newsroom.close()

    everything = [t for times in per_category.values() for t in times]
    rows = [
        [name, len(t) // args.repeat, percentile(t, 50), percentile(t, 95), max(t)]
        for name, t in per_category.items()
    ]
    rows.append(["all", len(everything) // args.repeat, percentile(everything, 50),
                 percentile(everything, 95), max(everything)])  # fmt: skip
    print(f"## Newsroom.search, limit {args.limit}, {args.repeat} runs per query, ms\n")
    print(table(["queries", "n", "p50 ms", "p95 ms", "max ms"], rows))
    print(
        f"\nthe reader's search (ids of the best {READER_LIMIT}, {READER_ROWS} rows, one "
        f"snippet), every query above: p50 {percentile(reader_times, 50):.1f} ms, "
        f"p95 {percentile(reader_times, 95):.1f} ms, max {max(reader_times):.1f} ms"
    )
    if refused:
        print("\nrefused by the query compiler, not timed: " + ", ".join(refused))
    print("\nslowest queries (median ms, results):")
    for median_ms, query, hits in sorted(per_query, reverse=True)[:10]:
        print(f"  {median_ms:8.1f}  {hits:3d}  {query}")
    print(f"\nopening the cache: {opened:.0f} ms; first query after opening: {first:.0f} ms "
          f"({len(first_hits)} results)")  # fmt: skip
    cli = run_measured([*newsroom_command(), "--home", str(home), "search", "ba dinh", "--json"])
    print(f"`newsroom search 'ba dinh' --json` in a fresh process: {cli.wall * 1000:.0f} ms wall, "
          f"{cli.rss_mb:.0f} MB peak RSS (exit {cli.rc})")  # fmt: skip
    print("target (search issue): p50 < 30 ms, p95 < 100 ms at 100,000 items, as-you-type included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
