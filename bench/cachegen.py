"""Grow a newsroom cache of N items through the app's own write path.

    .venv/bin/python bench/cachegen.py HOME --items 100000 [--seed 1] [--jobs 2]

Items come from gen_feeds' records (variant 0 is the generated feeds' own
text; variants 1, 2, ... give other GUIDs, text, view counts and dates a
month further back each), so N items are N distinct articles. Rows are made
by `newsroom_tui.store.rows.item_rows` in worker processes and written by
`Cache.store_update` (one transaction per feed, search index included),
exactly as a fetch writes them. About half the items are then marked read
and one in a thousand bookmarked, so is:unread and is:bookmarked filter
something.

HOME/bench-cache.json records what was built; the same arguments reuse it.
Other benches (search, TUI start-up) call `build_cache`.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_feeds import GENERATOR_VERSION, FeedSpec, feed_items, feed_spec

CACHEGEN_VERSION = 1
FEEDS_PER_VARIANT = 500


def _plan(items: int, seed: int) -> Iterator[tuple[int, int, int]]:
    """(variant, feed index, items to take) until `items` are planned."""
    left = items
    variant = 0
    while left > 0:
        for index in range(FEEDS_PER_VARIANT):
            n = feed_spec(index, seed).n_items
            take = min(n, left)
            yield variant, index, take
            left -= take
            if left <= 0:
                return
        variant += 1


def _rows(job: tuple[int, int, int, int]) -> tuple[int, int, str, list]:
    from newsroom_tui.models import ParsedFeed, ParsedItem
    from newsroom_tui.store.rows import item_rows

    variant, index, take, seed = job
    spec: FeedSpec = feed_spec(index, seed)
    records = feed_items(spec, seed, variant)[:take]
    parsed = ParsedFeed(
        title=spec.title if not variant else f"{spec.title} ({variant})",
        site_url=spec.site,
        items=[
            ParsedItem(
                guid=r.guid,
                url=r.link,
                title=r.title,
                author=r.author,
                published=r.published,
                updated=r.published,
                views=r.views,
                summary_html=html.escape(r.summary),
                content_html=r.body_html,
            )
            for r in records
        ],
        format=spec.fmt,
    )
    return variant, index, parsed.title, item_rows(parsed)


def build_cache(
    home: Path, items: int, seed: int = 1, jobs: int | None = None, quiet: bool = False
) -> dict:
    """A cache of `items` items under `home` (reused when already built)."""
    from newsroom_tui.paths import app_paths
    from newsroom_tui.store.cache import Cache
    from newsroom_tui.store.fetches import FeedUpdate

    marker = home / "bench-cache.json"
    wanted = {
        "items": items,
        "seed": seed,
        "version": CACHEGEN_VERSION,
        "generator": GENERATOR_VERSION,
    }
    if marker.exists():
        done = json.loads(marker.read_text())
        if {k: done.get(k) for k in wanted} == wanted:
            return done
    home.mkdir(parents=True, exist_ok=True)
    paths = app_paths(home)
    paths.ensure()
    for old in paths.database.parent.glob(paths.database.name + "*"):
        old.unlink()
    cache = Cache.open(paths.database)
    started = time.perf_counter()
    stored = 0
    jobs = jobs or os.cpu_count() or 1
    work = [(v, i, n, seed) for v, i, n in _plan(items, seed)]
    try:
        with ProcessPoolExecutor(jobs) as pool:
            for variant, index, title, rows in pool.map(_rows, work, chunksize=4):
                url = f"http://127.0.0.1:9/bench/v{variant}/{index:04d}.xml"
                feed_id, _ = cache.add_feed(url)
                cache.store_update(FeedUpdate(feed_id=feed_id, status="ok", rows=rows, title=title))
                stored += len(rows)
                if not quiet and stored // 10000 != (stored - len(rows)) // 10000:
                    rate = stored / (time.perf_counter() - started)
                    print(f"  {stored} items ({rate:.0f}/s)", flush=True)
        with cache.transaction() as conn:
            conn.execute("UPDATE items SET read = 1 WHERE id % 2 = 0")
            conn.execute("UPDATE items SET bookmarked = 1 WHERE id % 1000 = 0")
        cache.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        cache.close()
    result = {
        **wanted,
        "stored": stored,
        "feeds": len(work),
        "seconds": round(time.perf_counter() - started, 1),
        "database": str(paths.database),
        "bytes": sum(
            p.stat().st_size for p in paths.database.parent.glob(paths.database.name + "*")
        ),
    }
    marker.write_text(json.dumps(result, indent=1))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    result = build_cache(args.home, args.items, args.seed, args.jobs)
    print(
        f"{result['stored']} items in {result['feeds']} feeds, {result['bytes'] / 1e6:.0f} MB, "
        f"built in {result['seconds']}s: {result['database']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
