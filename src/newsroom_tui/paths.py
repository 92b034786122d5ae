"""The one place that decides where config, data and cache live.

`NEWSROOM_HOME` (or `--home`, which sets it) moves everything under one
folder; otherwise platformdirs picks the user's dirs for the app name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from newsroom_tui import APP_NAME

HOME_ENV = "NEWSROOM_HOME"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "newsroom.sqlite3"

    def ensure(self) -> None:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)


def app_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """Resolve the app's folders; an explicit home beats the environment."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(config_dir=root, data_dir=root)
    import platformdirs

    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
    )
