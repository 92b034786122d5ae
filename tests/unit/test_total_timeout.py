"""A server that trickles its feed a byte a second is cut off by the total time
limit of one feed (body included), reported with its one-line reason, and the
other feeds are fetched and stored meanwhile. Through the CLI, on real servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsroom_tui.cli import main
from newsroom_tui.config import FetchConfig, load_config
from support.feedserver import FeedServer

DATA = Path(__file__).resolve().parents[1] / "data" / "correctness"
TOTAL = 5.0  # the configured total time limit of this test
# Room for a loaded machine (parsing, storing, a busy CI box), far below what
# a fetch that waited for the whole trickled body would take (minutes).
MARGIN = 20.0


def test_the_default_total_time_limit_is_45_seconds(isolated_home: Path) -> None:
    assert FetchConfig().total_timeout == 45.0
    config = isolated_home / "config.toml"
    assert load_config(config).fetch.total_timeout == 45.0  # no file: writes the template
    assert "# total_timeout = 45.0" in config.read_text()
    assert load_config(config).fetch.total_timeout == 45.0  # the template as read
    config.write_text("[fetch]\nconcurrency = 4\n")  # other keys leave it alone
    assert load_config(config).fetch.total_timeout == 45.0


def test_a_trickling_server_is_cut_off_and_the_other_feed_is_stored(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, isolated_home: Path
) -> None:
    body = (DATA / "dates.rss").read_bytes()
    assert len(body) > 2 * (TOTAL + MARGIN)  # at a byte a second it could never finish
    # One slot for all feeds and one per host: the good feed, on the same
    # host, gets its turn only because a slow request gives its slots back.
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(
        f"[fetch]\ntotal_timeout = {TOTAL}\nconcurrency = 1\nper_host = 1\n"
    )
    trickled = feed_server.add("/trickled.rss", body, trickle=1.0)
    good = feed_server.add("/good.rss", body)
    # Imported, not added: `add` would read the feed once to name it.
    opml = isolated_home / "feeds.opml"
    outlines = (
        f'<outline text="Trickled" xmlUrl="{trickled}"/><outline text="Good" xmlUrl="{good}"/>'
    )
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    assert main(["import", str(opml)]) == 0

    # A process of its own, so a fetch that waited for the whole body fails
    # here on the deadline instead of hanging the suite.
    started = time.monotonic()
    fetched = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui", "fetch", "--no-articles"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its parser processes are stopped with it
    )
    try:
        out, err = fetched.communicate(timeout=TOTAL + MARGIN)
    except subprocess.TimeoutExpired:
        os.killpg(fetched.pid, signal.SIGKILL)
        fetched.communicate()
        pytest.fail(f"the fetch was still running after {TOTAL + MARGIN:g}s")
    elapsed = time.monotonic() - started
    assert fetched.returncode == 1  # a feed failed

    assert TOTAL - 0.5 <= elapsed < TOTAL + MARGIN
    # The good feed was asked for while the trickle still ran, not after it.
    asked = {r.path: r.at for r in feed_server.requests}
    assert asked["/good.rss"] - asked["/trickled.rss"] < TOTAL
    assert err.splitlines() == [f"error: Trickled: gave up after {TOTAL:g}s (total time limit)"]
    assert "Traceback" not in err
    assert "1 ok, 0 not modified, 1 failed" in out

    feeds = {f["url"]: f for f in json.loads(_output(capsys, "feeds", "--json"))}
    assert feeds[trickled]["last_status"] == "error"
    assert "total time limit" in feeds[trickled]["last_error"]
    assert feeds[good]["last_status"] == "ok" and feeds[good]["items"] > 0
    assert feeds[trickled]["items"] == 0


def _output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out
