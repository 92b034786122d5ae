"""A full disk, made real with a file-size limit (RLIMIT_FSIZE) on the `newsroom` process.

SIGXFSZ is ignored, so a write past the limit fails with EFBIG as on a full
disk, instead of killing the process.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from data.make_feeds import rss
from support.feedserver import FeedServer


def _cli(home: Path, *args: str, max_file_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "newsroom_tui", *args],
        env=dict(os.environ, NEWSROOM_HOME=str(home)),
        capture_output=True,
        text=True,
        preexec_fn=limit if max_file_bytes else None,
        timeout=120,
    )


def _opml(path: Path, urls: list[str]) -> Path:
    outlines = "".join(f'<outline text="f" xmlUrl="{u}"/>' for u in urls)
    path.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    return path


def _feeds(home: Path) -> list[dict]:
    return json.loads(_cli(home, "feeds", "--json").stdout)


def test_disk_full_fetch_costs_only_what_does_not_fit(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    body = "<p>" + "chữ nghĩa " * 300 + "</p>"
    urls = [
        feed_server.add(
            f"/f{n}",
            rss([{"title": f"t{n} {k}", "guid": f"{n}-{k}", "content": body} for k in range(40)]),
        )
        for n in range(30)
    ]
    home.mkdir()
    assert _cli(home, "import", str(_opml(tmp_path / "s.opml", urls))).returncode == 0

    full = _cli(home, "fetch", max_file_bytes=600_000)
    assert full.returncode == 1
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1, full.stderr  # one summary line, not one per feed
    assert f"the disk holding {home} is full" in lines[0]
    assert "free at least" in lines[0] and "MiB" in lines[0]
    assert "internal error" not in full.stderr
    stored = {r["id"] for r in _feeds(home) if r["last_status"] == "ok"}
    assert 0 < len(stored) < 30  # what fit was committed, feed by feed
    unstored = [f for f in _feeds(home) if f["id"] not in stored]
    assert all(f["last_status"] == "error" for f in unstored)
    assert all("could not store" in f["last_error"] for f in unstored)
    items = json.loads(_cli(home, "items", "--json", "--limit", "5000").stdout)
    assert len(items) == 40 * len(stored)  # each feed all or nothing

    # Space freed: a plain full fetch stores everything.
    again = _cli(home, "fetch")
    assert again.returncode == 0, again.stderr
    items = json.loads(_cli(home, "items", "--json", "--limit", "5000").stdout)
    assert len(items) == 1200
    assert {f["last_status"] for f in _feeds(home)} == {"ok"}


def test_disk_full_import_says_how_many_it_subscribed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert _cli(home, "feeds").returncode == 0  # the cache exists, small
    urls = [f"https://example.test/{n}/" + "x" * 900 for n in range(3000)]
    result = _cli(home, "import", str(_opml(tmp_path / "big.opml", urls)), max_file_bytes=400_000)
    assert result.returncode == 1
    assert "internal error" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "is full" in line and " of 3000" in line
    subscribed = int(line.split("subscribed ")[1].split(" of")[0])
    assert 0 < subscribed < 3000
    assert len(_feeds(home)) == subscribed
