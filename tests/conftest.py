from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.feedserver import FeedServer
from support.freshrss import FreshRSS

DATA = Path(__file__).parent / "data"
# A copy of shared/corpus (with its manifest and licences), so a plain clone runs it all.
CORPUS = DATA / "corpus" / "real"
PORTALS = DATA / "corpus" / "portals"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever reads or writes the real user's dirs."""
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSROOM_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return home


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def freshrss(tmp_path: Path) -> Iterator[FreshRSS]:
    """A real FreshRSS of its own, with an empty account (~1 s to start)."""
    server = FreshRSS.start(tmp_path / "freshrss")
    try:
        yield server
    finally:
        server.stop()
