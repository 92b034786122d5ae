"""Fetch the real-world corpus over HTTP into a cache and read back every item's identity.

Shared by tests/unit/test_dedup_compat.py and tests/data/dedup/make_keys.py,
so the keys the fixture holds and the keys the test compares come from the
same fetch: the same routes, content types and URLs.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from newsroom_tui.service import Newsroom
from support.feedserver import FeedServer

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "real"
KEYS_FILE = Path(__file__).resolve().parents[1] / "data" / "dedup" / "corpus-keys.tsv"
# The server's address changes every run; keys that carry it are stored with this instead.
SERVER = "{server}"


def content_type(name: str) -> str:
    if name.endswith(".json"):
        return "application/feed+json"
    if name.endswith(".html"):
        return "text/html"
    return "application/xml"


def corpus_files() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.name != "MANIFEST.tsv")


def serve_corpus(server: FeedServer) -> dict[str, str]:
    """Route every corpus file under /real/; file name -> its URL."""
    return {
        name: server.add(
            f"/real/{name}", (CORPUS / name).read_bytes(), content_type=content_type(name)
        )
        for name in corpus_files()
    }


def subscribe_and_fetch(home: Path, urls: dict[str, str]) -> dict[str, int]:
    """Subscribe the cache at `home` to every URL, fetch once; file -> new items."""
    newsroom = Newsroom.open(home)
    try:
        for url in urls.values():
            newsroom.subscribe(url)
        results = asyncio.run(newsroom.refresh())
    finally:
        newsroom.close()
    by_url = {r.url: r.new_items for r in results}
    return {name: by_url.get(url, 0) for name, url in urls.items()}


def stored_keys(home: Path, base_url: str) -> dict[str, list[str]]:
    """file name -> its items' dedup keys, sorted, with the server address neutral."""
    connection = sqlite3.connect(database_of(home))
    try:
        rows = connection.execute(
            "SELECT feeds.url, items.dedup_key FROM items JOIN feeds ON feeds.id = items.feed_id"
        ).fetchall()
    finally:
        connection.close()
    keys: dict[str, list[str]] = {}
    prefix = base_url + "/real/"
    for url, key in rows:
        keys.setdefault(url.removeprefix(prefix), []).append(key.replace(base_url, SERVER))
    return {name: sorted(found) for name, found in sorted(keys.items())}


def database_of(home: Path) -> Path:
    from newsroom_tui.paths import app_paths

    return app_paths(home).database


def read_keys_file(path: Path = KEYS_FILE) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, key = line.split("\t", 1)
            keys.setdefault(name, []).append(key)
    return keys


def write_keys_file(keys: dict[str, list[str]], header: str, path: Path = KEYS_FILE) -> None:
    lines = [f"# {line}" for line in header.splitlines()]
    for name, found in keys.items():
        lines.extend(f"{name}\t{key}" for key in found)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
