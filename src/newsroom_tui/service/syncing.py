"""Two-way sync with the office's feed server (the config's [sync] table)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from newsroom_tui.service.base import NewsroomBase

if TYPE_CHECKING:
    from newsroom_tui.config import SyncConfig
    from newsroom_tui.sync.engine import SyncEngine, SyncReport


class SyncNotConfigured(Exception):
    """`newsroom sync` without a [sync] section in the config."""


class Syncing(NewsroomBase):
    def sync(
        self,
        *,
        apply_mass_read: bool = False,
        warn: Callable[[str], None] | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> SyncReport:
        """One sync run; its failure is in the report's error, never raised.

        Raises SyncNotConfigured when the config has no [sync] section.
        """
        from newsroom_tui.sync.engine import SyncReport, pending_count
        from newsroom_tui.sync.greader import SyncError

        if self.config.sync is None:
            raise SyncNotConfigured(
                "sync is not set up: add a [sync] section to "
                f"{self.paths.config_file} (kind, url, user, password_env or password_file)"
            )
        from newsroom_tui.sync.engine import read_password

        try:
            password = read_password(self.config.sync, warn)
        except SyncError as exc:
            return SyncReport(pending=pending_count(self.cache), error=str(exc))
        with self._engine(
            self.config.sync, password, apply_mass_read=apply_mass_read, on_progress=on_progress
        ) as engine:
            return engine.run()

    def sync_subscriptions(self, warn: Callable[[str], None] | None = None) -> str | None:
        """Tell the sync server of sources added or removed here, now: the reason it
        could not be told (it then hears at the next sync), or None. No [sync]: None."""
        from newsroom_tui.sync.engine import read_password
        from newsroom_tui.sync.greader import SyncError

        if self.config.sync is None:
            return None
        try:
            password = read_password(self.config.sync, warn)
        except SyncError as exc:
            return str(exc)
        # A store of its own: a slow server never holds the reader's reads and writes.
        own = self.reader_copy()
        try:
            with own._engine(self.config.sync, password) as engine:
                return engine.sync_subscriptions()
        finally:
            own.close()

    @contextmanager
    def _engine(
        self,
        settings: SyncConfig,
        password: str,
        *,
        apply_mass_read: bool = False,
        on_progress: Callable[[str], None] | None = None,
    ) -> Iterator[SyncEngine]:
        """An engine on a client of its own for the server, closed when it is done."""
        from newsroom_tui.sync.engine import SyncEngine, client_for

        client = client_for(settings, password, timeout=self.config.fetch.read_timeout)
        try:
            yield SyncEngine(
                self.cache, client, apply_mass_read=apply_mass_read, on_progress=on_progress
            )
        finally:
            client.close()

    def sync_outlook(self) -> tuple[int, float | None]:
        """(changes waiting for the server, when a sync last went through or None)."""
        from newsroom_tui.sync.engine import last_success, pending_count

        return pending_count(self.cache), last_success(self.cache)
