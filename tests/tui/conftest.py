from __future__ import annotations

from pathlib import Path

import pytest
from homes import SmallHome, build_small_home, copy_home

from support.app_fixtures import demo_home, demo_template, utc  # noqa: F401


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> SmallHome:
    return build_small_home(tmp_path_factory.mktemp("small-template"))


@pytest.fixture
def small(small_template: SmallHome, tmp_path: Path) -> SmallHome:
    return copy_home(small_template, tmp_path / "small")


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked `anyio` per module) drive the app on asyncio."""
    return "asyncio"
