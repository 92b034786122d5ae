"""Sync failures against the real FreshRSS: nothing local is ever lost.

A small real proxy stands between the reader and the server to fail one
request on purpose (a 500 in the middle of a batch, an answer that never
comes); `kill -9` hits a real `newsroom sync` process.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from data.make_feeds import rss
from newsroom_tui.cli import main
from newsroom_tui.service import Newsroom
from support.feedserver import FeedServer
from support.freshrss import FreshRSS, ServerClient, configure_sync
from support.proxy import Fault, FaultyProxy

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sync(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "sync", "--json")
    return code, json.loads(out), err


@pytest.fixture
def proxy(freshrss: FreshRSS) -> Iterator[FaultyProxy]:
    with FaultyProxy(freshrss.url) as running:
        yield running


@pytest.fixture
def account(
    freshrss: FreshRSS,
    feed_server: FeedServer,
    proxy: FaultyProxy,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[ServerClient]:
    """260 items synced here through the proxy (which fails nothing yet)."""
    items = [{"title": f"Tin {n}", "link": f"https://example.test/{n}"} for n in range(260)]
    client = freshrss.client()
    client.subscribe(feed_server.add("/many.xml", rss(items)))
    monkeypatch.setenv("NEWSROOM_SYNC_PASSWORD", freshrss.api_password)
    configure_sync(isolated_home, proxy.url_for(freshrss.api))
    code, report, err = sync(capsys)
    assert (code, report["pulled_items"]) == (0, 260), err
    yield client
    client.close()


def read_everything_here() -> int:
    newsroom = Newsroom.open()
    try:
        ids = [item.id for item in newsroom.items()]
        newsroom.mark_items_read(ids)
        return len(ids)
    finally:
        newsroom.close()


def test_a_500_in_the_middle_of_a_push_keeps_what_was_not_confirmed(
    account: ServerClient, proxy: FaultyProxy, capsys: pytest.CaptureFixture[str]
) -> None:
    assert read_everything_here() == 260
    # 260 changes go out in two requests (250 ids each at most): the second fails.
    proxy.faults.append(Fault("edit-tag", nth=2, status=500))
    code, report, err = sync(capsys)
    assert code == 1
    assert report["error"] == f"the sync server {proxy.base_url[7:]} answered 500 to edit-tag"
    assert report["pending"] == 10 and len(err.strip().splitlines()) == 1
    assert len(account.read_ids()) == 250
    # The next sync sends the rest; the items stay read here all along.
    code, report, err = sync(capsys)
    assert (code, report["pushed_changes"], report["pending"]) == (0, 10, 0), err
    assert len(account.read_ids()) == 260
    assert json.loads(run(capsys, "items", "--unread", "--json")[1]) == []


def test_a_server_that_stops_answering_times_out_with_the_change_kept(
    account: ServerClient,
    proxy: FaultyProxy,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = isolated_home / "config.toml"
    config.write_text(config.read_text() + "\n[fetch]\nread_timeout = 1.0\n", encoding="utf-8")
    first = json.loads(run(capsys, "items", "--json")[1])[0]
    assert run(capsys, "bookmark", str(first["id"]))[0] == 0
    proxy.faults.append(Fault("edit-tag", hang=True))
    code, report, err = sync(capsys)
    assert code == 1
    assert report["error"] == f"the sync server {proxy.base_url[7:]} timed out"
    assert report["pending"] == 1 and len(err.strip().splitlines()) == 1
    code, report, err = sync(capsys)  # the server answers again
    assert (code, report["pushed_changes"], report["pending"]) == (0, 1, 0), err
    starred = account.item_ids("user/-/state/com.google/starred")
    assert len(starred) == 1


def test_kill_9_in_the_middle_of_a_sync_loses_no_local_change(
    account: ServerClient,
    proxy: FaultyProxy,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert read_everything_here() == 260
    # The second batch is held: the first is confirmed, the process dies waiting.
    proxy.faults.append(Fault("edit-tag", nth=2, hang=True))
    child = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui", "sync"],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proxy.hung.wait(60), "the sync never reached its second batch"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        assert child.wait(30) == -signal.SIGKILL
    # The cache opens as it was: everything still read, the unconfirmed ten still queued.
    assert json.loads(run(capsys, "items", "--unread", "--json")[1]) == []
    proxy.faults.clear()
    code, report, err = sync(capsys)
    assert (code, report["pushed_changes"], report["pending"]) == (0, 10, 0), err
    assert len(account.read_ids()) == 260


def test_a_password_file_others_can_read_is_used_with_a_warning_and_never_shown(
    freshrss: FreshRSS, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = isolated_home / "sync-password"
    isolated_home.mkdir(parents=True, exist_ok=True)
    secret.write_text(freshrss.api_password + "\n", encoding="utf-8")
    secret.chmod(0o644)
    (isolated_home / "config.toml").write_text(
        f'[sync]\nkind = "greader"\nurl = "{freshrss.api}"\nuser = "{freshrss.user}"\n'
        f'password_file = "{secret}"\n',
        encoding="utf-8",
    )
    code, report, err = sync(capsys)
    assert (code, report["error"]) == (0, None), err
    assert err == f"warning: {secret} (sync.password_file) is readable by everyone: chmod 600 it\n"
    assert freshrss.api_password not in err + json.dumps(report)
    secret.chmod(stat.S_IRUSR | stat.S_IWUSR)
    code, report, err = sync(capsys)
    assert (code, err) == (0, "")


def _drain(fd: int) -> None:
    """Read the terminal's output until it closes (the app blocks on a full pty)."""
    while True:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def test_quitting_the_reader_during_a_hung_sync_does_not_wait_for_the_timeout(
    account: ServerClient,
    proxy: FaultyProxy,
    isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import pty
    import threading
    import time

    first = json.loads(run(capsys, "items", "--json")[1])[0]
    assert run(capsys, "bookmark", str(first["id"]))[0] == 0
    # The server takes the push and never answers (the HTTP timeout is 20 s).
    proxy.faults.append(Fault("edit-tag", hang=True))
    main_fd, child_fd = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "newsroom_tui"],
        env={**os.environ, "PYTHONPATH": str(REPO / "src"), "TERM": "xterm-256color"},
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        start_new_session=True,
    )
    os.close(child_fd)
    threading.Thread(target=_drain, args=(main_fd,), daemon=True).start()
    try:
        assert proxy.hung.wait(60), "the reader never pushed its change"
        started = time.monotonic()
        os.write(main_fd, b"q")
        code = child.wait(15)
        took = time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        os.close(main_fd)
    assert code == 0
    assert took < 3.0, f"quitting took {took:.1f} s"
    # The change is still queued and reaches the server once it answers.
    proxy.faults.clear()
    code, report, err = sync(capsys)
    assert (code, report["pushed_changes"], report["pending"]) == (0, 1, 0), err
    assert len(account.item_ids("user/-/state/com.google/starred")) == 1
