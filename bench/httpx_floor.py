"""The floor: fetch every URL with bare httpx, N at once, storing nothing.

    .venv/bin/python bench/httpx_floor.py URLS_FILE STATE_FILE [--concurrency 16]

With no STATE_FILE yet it fetches everything and saves each URL's ETag and
Last-Modified there; with one, it sends conditional requests (a warm
re-fetch). Bodies are read and dropped. bench_fetch.py runs it as one more
"app", so the table shows how close to pure network time a reader gets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path

import httpx


async def fetch_all(urls: list[str], state: dict[str, dict[str, str]], concurrency: int) -> Counter:
    gate = asyncio.Semaphore(concurrency)
    counts: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def one(url: str) -> None:
            headers = {}
            old = state.get(url, {})
            if old.get("etag"):
                headers["If-None-Match"] = old["etag"]
            if old.get("last_modified"):
                headers["If-Modified-Since"] = old["last_modified"]
            async with gate:
                response = await client.get(url, headers=headers)
            counts[str(response.status_code)] += 1
            if response.status_code == 200:
                state[url] = {
                    "etag": response.headers.get("etag", ""),
                    "last_modified": response.headers.get("last-modified", ""),
                }

        await asyncio.gather(*(one(u) for u in urls))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", type=Path)
    parser.add_argument("state", type=Path)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    urls = [u.strip() for u in args.urls.read_text().splitlines() if u.strip()]
    state = json.loads(args.state.read_text()) if args.state.exists() else {}
    counts = asyncio.run(fetch_all(urls, state, args.concurrency))
    args.state.write_text(json.dumps(state))
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
