"""Hostile command-line arguments: every subcommand, fuzzed.

Whatever is typed, `newsroom` ends with exit 0, 1 or 2 and a one-line reason,
never "internal error" or a traceback; a named pipe is refused, not read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_tui import cli

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><title>Một</title><guid>1</guid></item></channel></rss>"""

# Values that broke argument handling before: huge numbers, Unicode digits,
# undecodable bytes (as Python hands them over: surrogates), NUL, long text.
NASTY = st.sampled_from(
    [
        "99999999999999999999",
        "9223372036854775808",
        "-1",
        "0",
        "²",
        "١٢",
        "1e3",
        " 7 ",
        "\udcff\udcfe",
        "a\x00b",
        "x" * 10_000,
        "/".join(["d"] * 2_000),
        "a" * 300,
        "",
        "--",
        "-",
        "%s%n",
        "[red]x[/]",
        "\x1b[2J",
        "file:///etc/shadow",
        "/proc/self/mem",
        "/dev/zero",
        "http://",
        "https://[::1",
        "http://127.0.0.1:0/x",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=30), st.integers(-(2**70), 2**70).map(str))

# Each subcommand's words and options (a value follows options ending in '=').
COMMANDS: dict[str, list[str]] = {
    "add": ["SOURCE", "--title=", "--tag="],
    "remove": ["FEED"],
    "feeds": ["--json"],
    "fetch": ["FEED", "--json"],
    "items": ["--feed=", "--tag=", "--unread", "--bookmarked", "--sort=", "--limit=", "--json"],
    "search": ["QUERY", "--limit=", "--json", "--save="],
    "saved": ["--json", "rename", "delete", "NAME"],
    "show": ["ITEM", "--width="],
    "read": ["ITEM"],
    "unread": ["ITEM"],
    "bookmark": ["ITEM", "--note="],
    "unbookmark": ["ITEM"],
    "import": ["FILE"],
    "export": ["opml", "bookmarks", "--format="],
    "compact": ["--json"],
}


@st.composite
def argument_sets(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    argv: list[str] = []
    if draw(st.booleans()):
        argv += ["--home", draw(VALUE)]
    argv.append(command)
    for word in draw(st.lists(st.sampled_from(COMMANDS[command]), min_size=1, max_size=4)):
        if word.endswith("="):
            argv += [word[:-1], draw(VALUE)]
        elif word.isupper():
            argv.append(draw(VALUE))
        else:
            argv.append(word)
    named = (
        [a for a in argv[argv.index("fetch") + 1 :] if not a.startswith("-")]
        if command == "fetch"
        else [""]
    )
    if not named:
        argv.append("1")  # a bare fetch would fetch whatever the fuzzer subscribed
    return argv


@pytest.fixture
def fuzz_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "fuzz"
    home.mkdir()
    (home / "config.toml").write_text("[fetch]\ntotal_timeout = 2.0\nconnect_timeout = 1.0\n")
    feed = tmp_path / "local.xml"
    feed.write_text(FEED, encoding="utf-8")
    monkeypatch.setenv("NEWSROOM_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["add", str(feed)]) == 0
    assert cli.main(["fetch"]) == 0
    return home


CASES_RUN: list[int] = []


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=argument_sets())
def test_every_subcommand_survives_hostile_arguments(
    fuzz_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv
) -> None:
    monkeypatch.setenv("NEWSROOM_HOME", str(fuzz_home))  # --home in argv sets it again
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "internal error" not in err, (argv, err)
    assert "Traceback" not in err + out, argv
    if code:  # a reason is given: on stderr, or with --json in the document
        assert err.strip() or ("--json" in argv and '"error"' in out), argv
    CASES_RUN.append(1)


def test_fuzz_ran_cases() -> None:
    # Ordered after the fuzz test in this module: it must have run its cases.
    if CASES_RUN:
        assert len(CASES_RUN) >= 100


def _cli(home: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsroom_tui", *args],
        env=dict(os.environ, NEWSROOM_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_import_of_a_named_pipe_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "subs.opml"
    os.mkfifo(fifo)
    result = _cli(tmp_path / "home", "import", str(fifo), timeout=15)  # would hang if read
    assert result.returncode == 2
    assert "not a regular file" in result.stderr and "pipe" in result.stderr


def test_import_of_a_device_is_refused(tmp_path: Path) -> None:
    result = _cli(tmp_path / "home", "import", "/dev/zero")
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_undecodable_bytes_as_an_argument(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-m", "newsroom_tui", "search", b"\xff\xfe tin".decode("latin-1")],
        env=dict(os.environ, NEWSROOM_HOME=str(home)),
        capture_output=True,
    )
    assert result.returncode in (0, 2) and b"internal error" not in result.stderr
    raw = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"newsroom_tui", b"items", b"--tag", b"\xff\xfe"],
        env=dict(os.environ, NEWSROOM_HOME=str(home)),
        capture_output=True,
    )
    assert raw.returncode == 2 and b"not valid UTF-8" in raw.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["items", "--limit", "99999999999999999999"], "--limit must be"),
        (["items", "--limit", "1000001"], "between 1 and 1,000,000"),
        (["show", "²"], "whole number"),
        (["read", "99999999999999999999"], "between 1 and"),
        (["remove", "99999999999999999999"], "FEED (a feed id)"),
        (["add", "x" * 10_000], "longer than"),
        (["--home", "/".join(["d"] * 2_000), "feeds"], "folders deep"),
        (["--home", "a" * 300, "feeds"], "longer than 255 bytes"),
    ],
)
def test_argument_out_of_bounds_is_a_usage_error(
    args: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("home", "reason"),
    [
        ("~no-such-user-here", "no such user's home folder"),
        ("/".join(["d"] * 2_000), "NEWSROOM_HOME is more than 128 folders deep"),
        (" ", "NEWSROOM_HOME needs a directory"),
    ],
)
def test_a_hostile_newsroom_home_is_a_usage_error(
    home: str, reason: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_HOME", home)
    assert cli.main(["feeds"]) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1


def test_opml_subscribes_only_web_feeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opml = tmp_path / "evil.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline text="shadow" xmlUrl="file:///etc/shadow"/>'
        '<outline text="mem" xmlUrl="/proc/self/mem"/>'
        '<outline text="ok" xmlUrl="https://example.test/rss"/>'
        "</body></opml>"
    )
    assert cli.main(["import", str(opml)]) == 0
    captured = capsys.readouterr()
    assert "imported 1 new feeds from 3" in captured.out
    assert captured.err.count("not an http(s) URL") == 2
    assert cli.main(["feeds", "--json"]) == 0
    assert '"https://example.test/rss"' in capsys.readouterr().out


def test_opml_nesting_and_late_entities_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.opml"
    deep.write_text(
        '<opml version="2.0"><body>'
        + '<outline text="d">' * 2_000
        + '<outline xmlUrl="https://example.test/x"/>'
        + "</outline>" * 2_000
        + "</body></opml>"
    )
    assert cli.main(["import", str(deep)]) == 1
    assert "nested more than" in capsys.readouterr().err
    # The declarations come after 100 KiB of comment: still seen.
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        "<?xml version='1.0'?><!--" + "x" * 100_000 + "-->"
        '<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml version="2.0"><body><outline text="&b;" xmlUrl="https://example.test/y"/>'
        "</body></opml>"
    )
    assert cli.main(["import", str(bomb)]) == 1
    assert "XML entities" in capsys.readouterr().err
