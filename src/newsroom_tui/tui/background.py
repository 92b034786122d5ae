"""What the reader does by itself while it is open: auto-refresh and sync.

Timers start one-shot thread workers (network and SQLite never run on the
event loop), each on a connection of its own; results come back as messages.
The lists reload the way they do when another process wrote to the cache
(`Background.CacheChanged`, routed by the screen), which keeps the cursor on
its item and leaves the open article alone. A failure is said once ("offline"), then retried quietly
after a wait that doubles each time, up to a cap.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from newsroom_tui.i18n import _, ngettext
from newsroom_tui.models import FetchResult
from newsroom_tui.text import clean_line
from newsroom_tui.tui.backend import Backend
from newsroom_tui.tui.widgets.status import BackgroundStatus

if TYPE_CHECKING:
    from newsroom_tui.sync.engine import SyncReport

# Sync: a pull this often; a local change is pushed at the next look (LOOK_EVERY).
SYNC_EVERY = 300.0
LOOK_EVERY = 5.0
# Seconds from the first screen drawn to the first sync.
FIRST_SYNC_AFTER = 0.5
# How often a sync's worker looks whether the reader is quitting (seconds).
CANCEL_LOOK = 0.05
# Back-off after failed syncs: 1 min, 2 min, 4 min, … at most 30 min.
SYNC_RETRY_FIRST = 30.0
RETRY_CAP = 1800.0
# Back-off after auto-refreshes that found the network gone: twice the interval,
# four times, … up to four times the interval (or RETRY_CAP, whichever is longer).
REFRESH_BACKOFF_FACTOR = 4


@dataclass
class Backoff:
    """How long to wait before the next try; the first failure of a run is said."""

    first: float
    cap: float
    failures: int = 0

    def failed(self) -> bool:
        """Count a failure; True for the first one (the one to tell the user)."""
        self.failures += 1
        return self.failures == 1

    def succeeded(self) -> None:
        self.failures = 0

    @property
    def delay(self) -> float:
        return min(self.first * 2**self.failures, self.cap)


def looks_offline(results: Sequence[FetchResult]) -> bool:
    """No feed answered and the network itself failed: offline, not a bad feed."""
    if not results or any(r.status != "error" for r in results):
        return False
    return any(_network_error(r.error or "") for r in results)


def _network_error(error: str) -> bool:
    return error.startswith(("cannot connect", "timed out connecting"))


def is_unreachable(error: str) -> bool:
    """A sync error that means the server (or the network) is away."""
    return "cannot reach" in error or "timed out" in error


@dataclass
class AutoRefreshed(Message):
    results: list[FetchResult] = field(default_factory=list)
    error: str | None = None


@dataclass
class SyncFinished(Message):
    report: SyncReport
    warnings: list[str] = field(default_factory=list)


@dataclass
class SyncLooked(Message):
    """What the outbox holds now, and when the last sync succeeded."""

    pending: int
    last_success: float | None


class Background(Widget):
    """Owns the timers and workers of auto-refresh and sync; shows nothing itself.

    `busy` says whether a refresh the user asked for is running (the timer
    then waits for the next interval).
    """

    DEFAULT_CSS = "Background { display: none; }"

    class CacheChanged(Message):
        """Auto-refresh or sync wrote to the cache: the lists and counts are stale."""

    def __init__(self, backend: Backend, *, busy: Callable[[], bool] = lambda: False) -> None:
        super().__init__()
        self.backend = backend
        self._busy = busy
        config = backend.newsroom.config
        self.refresh_every = config.fetch.auto_refresh_minutes * 60
        self.sync_on = config.sync is not None
        self.refreshing = False
        self.syncing = False
        self.new_items: int | None = None
        self.offline = False
        self.pending = 0
        self.last_success: float | None = None
        self.sync_error: str | None = None
        self._refresh_backoff = Backoff(
            self.refresh_every, max(self.refresh_every * REFRESH_BACKOFF_FACTOR, RETRY_CAP)
        )
        self._sync_backoff = Backoff(SYNC_RETRY_FIRST, RETRY_CAP)
        self._refresh_timer: Timer | None = None
        self._next_sync_at = 0.0
        self._asked_mass_read: int | None = None
        self._warned: set[str] = set()

    def on_mount(self) -> None:
        if self.refresh_every > 0:
            self._refresh_timer = self.set_timer(self.refresh_every, self._refresh_due)
        if self.sync_on:
            self.set_interval(LOOK_EVERY, self._look)
            # A moment after the first screen is drawn: the sync's imports and its
            # thread must not slow the first paint or the start-up reads after it.
            self.call_after_refresh(self.set_timer, FIRST_SYNC_AFTER, self.sync_now)

    # -- auto-refresh ------------------------------------------------------

    def _refresh_due(self) -> None:
        self._refresh_timer = None
        if self.refreshing or self._busy():
            self._schedule_refresh(self.refresh_every)
            return
        self.refreshing = True
        self._start_auto_refresh()

    def _schedule_refresh(self, delay: float) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(delay, self._refresh_due)

    def _start_auto_refresh(self) -> None:
        self.run_worker(self._refresh_work, thread=True, group="auto-refresh", exit_on_error=False)

    def _refresh_work(self) -> None:
        try:
            results = asyncio.run(self.backend.newsroom.refresh(None))
        except Exception as exc:  # per-feed errors are in the results; this is the rest
            self.post_message(AutoRefreshed(error=clean_line(f"{type(exc).__name__}: {exc}")))
            return
        self.post_message(AutoRefreshed(list(results)))

    def on_auto_refreshed(self, message: AutoRefreshed) -> None:
        message.stop()
        self.refreshing = False
        if message.error is not None or looks_offline(message.results):
            first = self._refresh_backoff.failed()
            self.offline = message.error is None
            if first:
                self.notify(
                    _("Offline: new items will come when the network is back.")
                    if self.offline
                    else _("Auto-refresh failed: {reason}").format(reason=message.error),
                    severity="warning",
                    markup=False,
                    timeout=4,
                )
        else:
            self._refresh_backoff.succeeded()
            self.offline = False
            self.new_items = sum(r.new_items for r in message.results)
            if any(r.new_items or r.updated_items for r in message.results):
                # The lists reload as for any other writer: the cursor stays on its item.
                self.post_message(self.CacheChanged())
            self.sync_soon()
        self._schedule_refresh(self._refresh_backoff.delay)
        self.show()

    def after_refresh(self, results: Sequence[FetchResult]) -> None:
        """A refresh the user asked for has finished: it may say the network is back."""
        self.offline = looks_offline(results)
        if not self.offline:
            self._refresh_backoff.succeeded()
            self.sync_soon()
        self.show()

    # -- sync --------------------------------------------------------------

    def sync_soon(self) -> None:
        if self.sync_on and time.monotonic() >= self._next_sync_at:
            self.sync_now()

    def sync_now(self, *, apply_mass_read: bool = False) -> None:
        if not self.sync_on or self.syncing:
            return
        self.syncing = True
        self.show()
        self.run_worker(
            lambda: self._sync_work(apply_mass_read),
            thread=True,
            group="background-sync",
            exit_on_error=False,
        )

    def _sync_work(self, apply_mass_read: bool) -> None:
        """The sync runs in a daemon thread of its own, watched from this worker.

        A server that accepts and never answers would hold a worker's thread for
        the whole HTTP timeout, and quitting waits for workers' threads. The
        daemon thread is not waited for: the reader quits at once, as if killed
        mid-sync, which loses nothing (an outbox row goes only once the server
        confirmed it, in the same transaction).
        """
        worker = get_current_worker()
        finished: list[SyncFinished] = []
        done = threading.Event()

        def run() -> None:
            finished.append(self._sync_once(apply_mass_read))
            done.set()

        threading.Thread(target=run, name="newsroom-sync", daemon=True).start()
        while not done.wait(CANCEL_LOOK):
            if worker.is_cancelled:  # the reader is quitting
                return
        self.post_message(finished[0])

    def _sync_once(self, apply_mass_read: bool) -> SyncFinished:
        from newsroom_tui.sync.engine import SyncReport

        warnings: list[str] = []
        try:
            # A connection of its own: a slow server never holds the reader's writes.
            newsroom = self.backend.newsroom.reader_copy()
            try:
                report = newsroom.sync(apply_mass_read=apply_mass_read, warn=warnings.append)
            finally:
                newsroom.close()
        except Exception as exc:  # a read-only or damaged cache: said once, like the rest
            report = SyncReport(error=clean_line(f"{type(exc).__name__}: {exc}"))
            report.pending = self.pending
        return SyncFinished(report, warnings)

    def on_sync_finished(self, message: SyncFinished) -> None:
        message.stop()
        self.syncing = False
        report = message.report
        self.pending = report.pending
        for line in message.warnings:
            if line not in self._warned:
                self._warned.add(line)
                self.notify(line, severity="warning", markup=False)
        if report.error is None:
            self._sync_backoff.succeeded()
            self.sync_error = None
            self.last_success = time.time()
            self._next_sync_at = time.monotonic() + SYNC_EVERY
            if report.pulled_items or report.changed_items:
                self.post_message(self.CacheChanged())
        else:
            first = self._sync_backoff.failed()
            self.sync_error = report.error
            self._next_sync_at = time.monotonic() + self._sync_backoff.delay
            if first:
                self.notify(
                    _("Sync: {reason}. Changes are kept and sent later.").format(
                        reason=report.error
                    ),
                    severity="warning",
                    markup=False,
                    timeout=6,
                )
        self.show()
        if report.held_read and self._asked_mass_read != report.held_read:
            self._ask_mass_read(report.held_read)

    def _ask_mass_read(self, count: int) -> None:
        from newsroom_tui.tui.screens.dialogs import Confirm

        self._asked_mass_read = count

        def answered(yes: bool | None) -> None:
            if yes:
                self.sync_now(apply_mass_read=True)

        self.app.push_screen(
            Confirm(
                _("Sync"),
                ngettext(
                    "The server would mark {count} unread item read at once "
                    "(a mark-all-read on another device?). Mark it read here too?",
                    "The server would mark {count} unread items read at once "
                    "(a mark-all-read on another device?). Mark them read here too?",
                    count,
                ).format(count=count),
            ),
            answered,
        )

    def _look(self) -> None:
        """Every few seconds: the outbox's size, a push if it holds changes, a pull when due."""
        if self.syncing:
            self.show()
            return
        self.run_worker(self._look_work, thread=True, group="sync-look", exit_on_error=False)

    def _look_work(self) -> None:
        try:
            newsroom = self.backend.newsroom.reader_copy()
            try:
                pending, last_success = newsroom.sync_outlook()
            finally:
                newsroom.close()
        except Exception:  # the next sync says what is wrong, once
            return
        self.post_message(SyncLooked(pending, last_success))

    def on_sync_looked(self, message: SyncLooked) -> None:
        message.stop()
        self.pending = message.pending
        if self.last_success is None:
            self.last_success = message.last_success
        # A local change goes out at once, unless the server is being waited for.
        push = self.pending > 0 and self._sync_backoff.failures == 0
        if push or time.monotonic() >= self._next_sync_at:
            self.sync_now()
        self.show()

    # -- the status line ---------------------------------------------------

    def show(self) -> None:
        for status in self.screen.query(BackgroundStatus):
            status.show(self.status_text())

    def status_text(self) -> str:
        parts: list[str] = []
        if self.offline:
            parts.append(_("offline"))
        elif self.new_items is not None and self.new_items:
            parts.append(_("{count} new").format(count=self.new_items))
        if self.sync_on:
            parts.append(self._sync_text())
        return " · ".join(parts)

    def _sync_text(self) -> str:
        pending = ngettext("{count} pending", "{count} pending", self.pending).format(
            count=self.pending
        )
        if self.syncing:
            state = _("syncing…")
        elif self.sync_error is not None:
            state = _("offline") if is_unreachable(self.sync_error) else _("not synced")
        elif self.last_success is None:
            state = _("not synced yet")
        else:
            state = synced_ago(time.time() - self.last_success)
        return f"{state} · {pending}"


def synced_ago(seconds: float) -> str:
    minutes = int(max(seconds, 0) // 60)
    if minutes < 1:
        return _("synced just now")
    if minutes < 60:
        return _("synced {count} min ago").format(count=minutes)
    return _("synced {count} h ago").format(count=minutes // 60)
