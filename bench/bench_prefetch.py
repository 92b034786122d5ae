"""Article prefetch throughput: summary-only feeds whose links lead to article pages.

    .venv/bin/python bench/bench_prefetch.py [--items 500] [--latency 50] [--per-host 16] [--delay 0]

A real HTTP server on 127.0.0.1 (tests/support/feedserver.py) answers every
request after `--latency` ms: `--items / 20` RSS feeds of 20 summary-only
items each, and one article page per item, built from the portal corpus's
article pages (menus, sidebars, related lists, figures) with the item's own
words. A fresh home subscribes to the feeds; the timed part is one
`newsroom fetch` in a child process: feeds, then their articles. Reported:
wall time, the child's CPU (user + sys, from wait4) and peak RSS, articles
stored, articles per second, CPU ms per article (the whole fetch's CPU
divided by the articles: an upper bound on extraction's share), and the time
until the items were listed (`--no-articles` run, same server, fresh home).
The pages' figures are served too (the corpus's PNGs, under their own URLs):
the fetch downloads them after the articles, so the peak RSS includes the
image pass; the images stored are counted.

Every page comes from one host here (127.0.0.1), so the per-host politeness
(2 at once, 0.5 s apart by default) would measure the delay, not the engine:
`--per-host` and `--delay` set the `[articles]` config for the run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
        "</item>"
        for n in range(PER_FEED)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {feed}</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def _run(args: list[str], home: Path) -> tuple[float, float, int, str]:
    started = time.monotonic()
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
            for image in (SITE / "images").rglob("*.png"):
                path = "/" + image.relative_to(SITE).as_posix()
                server.add(path, image.read_bytes(), content_type="image/png")
            listed = _home(root, "listed", urls, args.per_host, args.delay)
            list_wall, _, _, _ = _run(["fetch", "--no-articles"], listed)
            home = _home(root, "full", urls, args.per_host, args.delay)
            wall, cpu, rss, out = _run(["fetch"], home)
        match = re.search(r"(\d+) articles? saved", out)
        stored = int(match.group(1)) if match else 0
        found = re.search(r"with (\d+) images?", out)
        images = int(found.group(1)) if found else 0
        print(
            f"items {feeds * PER_FEED} in {feeds} feeds, latency {args.latency:g} ms, "
            f"per_host {args.per_host}, delay {args.delay:g} s"
        )
        print(f"items listed (fetch --no-articles): {list_wall:.2f} s wall")
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
