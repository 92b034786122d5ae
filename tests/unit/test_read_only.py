"""A read-only cache file or folder: reading works (mode=ro), every write says it failed.

Run as a user without the right to write: as root, with the capabilities
dropped (setpriv), since root otherwise writes through any file mode.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><title>Một</title><guid>1</guid></item><item><title>Hai</title><guid>2</guid></item>
</channel></rss>"""


def _cli(home: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) drops root's capabilities for this test"
        prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-all"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "newsroom_tui", *args],
        env=dict(os.environ, NEWSROOM_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    feed = tmp_path / "local.xml"
    feed.write_text(FEED, encoding="utf-8")
    assert _cli(home, "add", str(feed)).returncode == 0
    assert _cli(home, "fetch").returncode == 0
    assert _cli(home, "compact").returncode == 0  # no WAL left beside the file
    return home


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_cache_reads_and_refuses_writes(home: Path, what: str) -> None:
    db = home / "newsroom.sqlite3"
    before = db.read_bytes()
    locked = db if what == "file" else home
    locked.chmod(0o444 if what == "file" else 0o555)
    try:
        listed = _cli(home, "items", "--json", unprivileged=True)
        assert listed.returncode == 0, listed.stderr
        assert {i["title"] for i in json.loads(listed.stdout)} == {"Một", "Hai"}
        assert _cli(home, "feeds", unprivileged=True).returncode == 0
        for args in (["bookmark", "1"], ["read", "1"], ["add", "https://example.test/rss"]):
            refused = _cli(home, *args, unprivileged=True)
            assert refused.returncode == 1, (args, refused.stdout)
            assert "read-only: not stored" in refused.stderr, args
            assert (
                "bookmarked item" not in refused.stdout and "internal error" not in refused.stderr
            )
    finally:
        locked.chmod(0o755 if what == "folder" else 0o644)
    assert db.read_bytes() == before
    marks = json.loads(_cli(home, "items", "--bookmarked", "--json").stdout)
    assert marks == []  # what was stored, not what was asked
