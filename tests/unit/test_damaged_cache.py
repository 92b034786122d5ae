"""A damaged cache: 4 KiB of random bytes written into a real cache file.

Reading commands stop with one line (never half a JSON document), nothing is
written into the damaged file, and `newsroom recover` saves what can be read,
using the backup of subscriptions and bookmarks when the file is beyond saving.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from data.make_feeds import rss
from support.feedserver import FeedServer

FEEDS, PER_FEED = 10, 60


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsroom_tui", *args],
        env=dict(os.environ, NEWSROOM_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def clean_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("damage")
    home = base / "clean"
    home.mkdir()
    body = "<p>" + "tin tức quận Ba Đình " * 60 + "</p>"
    with FeedServer() as server:
        urls = [
            server.add(
                f"/f{n}",
                rss(
                    [
                        {"title": f"t{n} {k}", "guid": f"{n}-{k}", "content": body}
                        for k in range(PER_FEED)
                    ]
                ),
            )
            for n in range(FEEDS)
        ]
        outlines = "".join(f'<outline text="F{n}" xmlUrl="{u}"/>' for n, u in enumerate(urls))
        opml = base / "subs.opml"
        opml.write_text(
            f'<opml version="2.0"><body><outline text="Hà Nội">{outlines}</outline></body></opml>'
        )
        assert _cli(home, "import", str(opml)).returncode == 0
        assert _cli(home, "fetch").returncode == 0
    assert _cli(home, "bookmark", "7", "--note", "ghi chú quan trọng").returncode == 0
    assert _cli(home, "read", "9").returncode == 0
    assert _cli(home, "compact").returncode == 0  # everything in the main file, no WAL
    return home


def _damaged_copy(clean: Path, tmp_path: Path, share: float) -> Path:
    home = tmp_path / "home"
    shutil.copytree(clean, home)
    db = home / "newsroom.sqlite3"
    offset = int(db.stat().st_size * share) // 4096 * 4096
    with open(db, "r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(offset).randbytes(4096))
    return home


def test_backup_beside_the_cache_holds_subscriptions_and_notes(clean_cache: Path) -> None:
    backup = json.loads((clean_cache / "newsroom-backup.json").read_text(encoding="utf-8"))
    assert len(backup["feeds"]) == FEEDS and backup["feeds"][0]["tags"] == ["Hà Nội"]
    [mark] = backup["bookmarks"]
    assert mark["note"] == "ghi chú quan trọng"
    assert "xmlUrl=" in (clean_cache / "newsroom-backup.opml").read_text(encoding="utf-8")


@pytest.mark.parametrize("share", [0.0, 0.3, 0.5, 0.7])
def test_damage_is_refused_then_recovered(clean_cache: Path, tmp_path: Path, share: float) -> None:
    home = _damaged_copy(clean_cache, tmp_path, share)
    db = home / "newsroom.sqlite3"
    listed = _cli(home, "items", "--json")
    assert "internal error" not in listed.stderr and "Traceback" not in listed.stderr
    if listed.returncode == 0:
        json.loads(listed.stdout)  # whole, or...
    else:
        assert listed.returncode == 1 and listed.stdout == ""  # ...nothing at all
        assert "damaged" in listed.stderr and "newsroom recover" in listed.stderr
        assert len(listed.stderr.strip().splitlines()) == 1
        before = db.read_bytes()
        for args in (["fetch"], ["read", "1"], ["bookmark", "2"], ["feeds"]):
            refused = _cli(home, *args)
            assert refused.returncode == 1 and "newsroom recover" in refused.stderr, args
        assert db.read_bytes() == before  # nothing written into the damaged file

    recovered = _cli(home, "recover", "--json")
    assert recovered.returncode == 0, recovered.stderr
    report = json.loads(recovered.stdout)
    assert Path(report["damaged_copy"]).exists()  # kept beside the fresh cache
    feeds = json.loads(_cli(home, "feeds", "--json").stdout)
    assert len(feeds) == FEEDS and all(f["tags"] == ["Hà Nội"] for f in feeds)
    marks = json.loads(_cli(home, "items", "--bookmarked", "--json").stdout)
    assert [m["note"] for m in marks] == ["ghi chú quan trọng"]
    items = json.loads(_cli(home, "items", "--json").stdout)
    if share > 0:  # the header survived: most items come back, read state too
        assert len(items) >= FEEDS * PER_FEED * 0.7
    # What did not come back is said, counted against the last backup.
    assert report["items_in_backup"] == FEEDS * PER_FEED
    assert report["items_lost"] == FEEDS * PER_FEED - len(items)
    assert _cli(home, "search", "quận").returncode == 0  # the index was built again
