"""Only tui/ may import Textual: the domain must stay usable without it."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import newsroom_tui

HEADLESS = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(newsroom_tui.__path__, "newsroom_tui.")
    if not name.startswith("newsroom_tui.tui") and name != "newsroom_tui.__main__"
)


def test_there_are_headless_modules_to_check() -> None:
    assert "newsroom_tui.service" in HEADLESS
    assert "newsroom_tui.query.lists" in HEADLESS
    assert "newsroom_tui.i18n" in HEADLESS


def test_no_headless_module_imports_textual() -> None:
    script = (
        "import importlib, json, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


# The fetch path: fetching, parsing, extracting and storing draw nothing, so
# they must not pay for loading Rich (a cold `newsroom fetch` and every parse
# worker process would).
FETCH_PATH = [
    name
    for name in HEADLESS
    if name.split(".")[1] in {"refresh", "feeds", "sources", "store", "sync", "prefetch"}
]


def test_the_fetch_path_imports_no_rich() -> None:
    assert "newsroom_tui.refresh" in FETCH_PATH and "newsroom_tui.store.cache" in FETCH_PATH
    script = (
        "import importlib, json, sys\n"
        # httpx imports its command line, and with it Rich, whenever click is
        # installed: the test tools bring click (import-linter), a user's
        # install does not. Hidden here, so the test sees what a user runs.
        "sys.modules['click'] = None\n"
        f"for name in {FETCH_PATH!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
