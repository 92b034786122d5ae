from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from homes import SmallHome, build_demo_home, build_small_home, copy_home


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates show in local time: pin it, so expectations hold on any machine."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> SmallHome:
    return build_small_home(tmp_path_factory.mktemp("small-template"))


@pytest.fixture
def small(small_template: SmallHome, tmp_path: Path) -> SmallHome:
    return copy_home(small_template, tmp_path / "small")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_home(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture
def demo_home(demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked `anyio` per module) drive the app on asyncio."""
    return "asyncio"
