"""A read-only cache: the TUI reads it, and a refused write shows no mark it did not store.

The app runs in its own process (tests/tui/read_only_driver.py) on a real
SQLite file made read-only with chmod; as root, with the capabilities
dropped (setpriv), since root otherwise writes through any file mode.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from homes import SmallHome

HERE = Path(__file__).parent


def _run(home: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) drops root's capabilities for this test"
        prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-all"]
    return subprocess.run(
        [*prefix, sys.executable, *args],
        env=dict(
            os.environ,
            NEWSROOM_HOME=str(home),
            PYTHONPATH=os.pathsep.join([str(HERE), str(HERE.parent)]),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refused_bookmark_and_read_show_the_reason_and_the_stored_state(
    small: SmallHome,
) -> None:
    home = small.home
    assert _run(home, "-m", "newsroom_tui", "compact").returncode == 0  # no WAL beside it
    db = home / "newsroom.sqlite3"
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        run = _run(home, str(HERE / "read_only_driver.py"), str(home), unprivileged=True)
    finally:
        db.chmod(0o644)
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)
    # The first headline: unread (●), not bookmarked, and so it stays after b, m and enter.
    assert shown["before"].lstrip().startswith("●")
    for after in ("after_b", "after_m", "after_enter"):
        assert shown[after] == shown["before"], after
        assert "★" not in shown[after]
    # The article still opens: the cache reads.
    assert "Article" in shown["reader"] and "·" in shown["reader"]
    said = shown["notifications"]
    assert "Bookmarked." not in said
    assert any(line.startswith("Not stored:") and "read-only" in line for line in said), said
    assert any(line.startswith("Not marked read:") for line in said), said
    assert all("\n" not in line for line in said)  # one line each
    assert not any("Something went wrong" in line for line in said)
    bookmarks = next(line for line in shown["sidebar"] if line.strip().startswith("Bookmarks"))
    assert bookmarks.split() == ["Bookmarks"]  # no count: nothing was stored
    assert db.read_bytes() == before
