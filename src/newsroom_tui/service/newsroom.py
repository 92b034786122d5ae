"""The newsroom: one object made of the service's jobs, opened on a home."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom_tui.config import load_config
from newsroom_tui.models import FetchResult
from newsroom_tui.paths import app_paths
from newsroom_tui.service.lists import Lists
from newsroom_tui.service.reading import Reading
from newsroom_tui.service.searching import Searching
from newsroom_tui.service.subscriptions import Subscriptions
from newsroom_tui.store.cache import Cache

if TYPE_CHECKING:
    from newsroom_tui.refresh import ProgressCallback
    from newsroom_tui.store.maintenance import CompactReport, RebuildProgress


class Newsroom(Subscriptions, Reading, Searching, Lists):
    """What the CLI and the TUI ask of the newsroom (see the package's docstring)."""

    @classmethod
    def open(cls, home: str | Path | None = None) -> Newsroom:
        """Open the user's newsroom (or the one under `home`). Raises CacheError/ConfigError."""
        paths = app_paths(home)
        paths.ensure()
        config = load_config(paths.config_file)
        return cls(paths=paths, config=config, cache=Cache.open(paths.database))

    # -- fetching ---------------------------------------------------------

    async def refresh(
        self,
        feed_ids: Sequence[int] | None = None,
        on_progress: ProgressCallback | None = None,
        parse_executor: Executor | None = None,
        *,
        articles: bool = True,
    ) -> list[FetchResult]:
        from newsroom_tui.refresh import refresh

        return await refresh(
            self.paths.database,
            self.config,
            feed_ids,
            on_progress,
            parse_executor,
            articles=articles,
        )

    def compact(self, on_progress: RebuildProgress | None = None) -> CompactReport:
        """Rebuild the search index and give unused space back to the disk. Raises CacheError."""
        from newsroom_tui.store.maintenance import compact

        with self.cache.connection() as conn:
            return compact(conn, on_progress, self.config.retention.images_max_bytes)
