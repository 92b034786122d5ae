"""Article prefetch throughput: summary-only feeds whose links lead to article pages.

    .venv/bin/python bench/bench_prefetch.py [--items 500] [--latency 50] [--per-host 16] [--delay 0]

A real HTTP server on 127.0.0.1 (tests/support/feedserver.py) answers every
request after `--latency` ms: `--items / 20` RSS feeds of 20 summary-only
items each, and one article page per item, built from the portal corpus's
article pages (menus, sidebars, related lists, figures) with the item's own
words; each item names a picture beside its summary (a media:thumbnail, as
most news feeds do). A fresh home subscribes to the feeds; the timed part
is one `newsroom fetch` in a child process: feeds, then their articles.
Reported: wall time, the child's CPU (user + sys, from wait4) and peak RSS,
articles stored, articles per second, CPU ms per article (the whole fetch's
CPU divided by the articles: an upper bound on extraction's share), and the
time until the items were listed: read from the cache file while that fetch
runs (every item stored, the articles still coming), and, for comparison,
the wall time of a `--no-articles` run (same server, fresh home). The
pages' figures and the thumbnails are served too (the corpus's PNGs, under
their own URLs): the fetch downloads them after the articles, so the peak
RSS includes the image pass; the images stored are counted.

Every page comes from one host here (127.0.0.1), so the per-host politeness
(2 at once, 0.5 s apart by default) would measure the delay, not the engine:
`--per-host` and `--delay` set the `[articles]` config for the run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.feedserver import FeedServer  # noqa: E402

SITE = ROOT / "tests" / "data" / "corpus" / "portals" / "ba-dinh" / "site"
CORPUS = SITE / "tin-tuc"
PER_FEED = 20


def _article_pages() -> list[str]:
    return [
        p.read_text(encoding="utf-8")
        for p in sorted(CORPUS.glob("*.html"))
        if p.name not in ("index.html", "trang-2.html")
    ]


def _rss(feed: int, base: str) -> bytes:
    items = "".join(
        f"<item><title>Tin {feed}-{n}</title><link>{base}/a/{feed}/{n}.html</link>"
        f"<guid>g-{feed}-{n}</guid><description>Tóm tắt ngắn của tin {feed}-{n}.</description>"
        f'<media:thumbnail url="{base}/thumbs/{feed}/{n}.png" width="240" height="160"/>'
        "</item>"
        for n in range(PER_FEED)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        f"<title>Feed {feed}</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


class _ListedWatch:
    """Reads the cache file while a fetch runs: when were all `items` stored?"""

    def __init__(self, home: Path, items: int) -> None:
        self.home, self.items = home, items
        self.started = time.monotonic()
        self.listed_after: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> _ListedWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.02) and self.listed_after is None:
            database = next(self.home.rglob("newsroom.sqlite3"), None)
            if database is None:
                continue
            try:
                conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.1)
                try:
                    (count,) = conn.execute("SELECT COUNT(*) FROM items").fetchone()
                finally:
                    conn.close()
            except sqlite3.Error:
                continue
            if count >= self.items:
                self.listed_after = time.monotonic() - self.started


def _run(
    args: list[str], home: Path, watch: _ListedWatch | None = None
) -> tuple[float, float, int, str]:
    started = time.monotonic()
    if watch is not None:
        watch.started = started
    child = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui", "--home", str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdout is not None
    out = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"newsroom {' '.join(args)} failed: {out}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out


def _home(root: Path, name: str, urls: list[str], per_host: int, delay: float) -> Path:
    home = root / name
    home.mkdir()
    (home / "config.toml").write_text(
        f"[articles]\nper_host = {per_host}\ndelay = {delay}\nper_source = {PER_FEED}\n"
        "[fetch]\nper_host = 64\n"
    )
    opml = home / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="f" xmlUrl="{u}"/>' for u in urls)
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    subprocess.run(
        [sys.executable, "-m", "newsroom_tui", "--home", str(home), "import", str(opml)],
        check=True,
        capture_output=True,
    )
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--latency", type=float, default=50.0, help="ms per request")
    parser.add_argument("--per-host", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    feeds = max(1, args.items // PER_FEED)
    pages = _article_pages()
    root = Path(tempfile.mkdtemp(prefix="bench-prefetch-"))
    try:
        with FeedServer(latency=args.latency / 1000) as server:
            base = server.base_url
            urls = [
                server.add(f"/feed{f}.xml", _rss(f, base), content_type="application/rss+xml")
                for f in range(feeds)
            ]
            for f in range(feeds):
                for n in range(PER_FEED):
                    page = pages[(f * PER_FEED + n) % len(pages)]
                    page = re.sub(r"<h1([^>]*)>", rf"<h1\1>Tin {f}-{n}: ", page, count=1)
                    server.add(f"/a/{f}/{n}.html", page.encode(), content_type="text/html")
            pngs = sorted((SITE / "images").rglob("*.png"))
            for image in pngs:
                path = "/" + image.relative_to(SITE).as_posix()
                server.add(path, image.read_bytes(), content_type="image/png")
            for f in range(feeds):
                for n in range(PER_FEED):
                    thumbnail = pngs[(f * PER_FEED + n) % len(pngs)].read_bytes()
                    server.add(f"/thumbs/{f}/{n}.png", thumbnail, content_type="image/png")
            listed = _home(root, "listed", urls, args.per_host, args.delay)
            list_wall, _, _, _ = _run(["fetch", "--no-articles"], listed)
            home = _home(root, "full", urls, args.per_host, args.delay)
            with _ListedWatch(home, feeds * PER_FEED) as watch:
                wall, cpu, rss, out = _run(["fetch"], home, watch)
        match = re.search(r"(\d+) articles? saved", out)
        stored = int(match.group(1)) if match else 0
        found = re.search(r"with (\d+) images?", out)
        images = int(found.group(1)) if found else 0
        print(
            f"items {feeds * PER_FEED} in {feeds} feeds, latency {args.latency:g} ms, "
            f"per_host {args.per_host}, delay {args.delay:g} s"
        )
        shown = f"{watch.listed_after:.2f} s" if watch.listed_after is not None else "never"
        print(
            f"items listed: {shown} after the fetch with articles started "
            f"(fetch --no-articles: {list_wall:.2f} s wall)"
        )
        print(
            f"fetch with articles: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {rss / 2**20:.0f} MiB"
        )
        print(
            f"articles stored: {stored}; {stored / wall:.1f} articles/s; "
            f"{1000 * cpu / max(stored, 1):.1f} ms CPU per article (whole fetch)"
        )
        print(f"images stored: {images} (peak RSS above includes them; target < 250 MiB)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
