"""The cache's size on disk in the top bar ("cache 113 MB").

Measured in a worker (a stat of the database and its log, and a sum over the
stored images), when the screen opens and again whenever the cache changed:
after a refresh, an auto-refresh or sync, or another process's fetch or
compact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from newsroom_tui.display import format_size
from newsroom_tui.i18n import _

# (bytes of the whole cache, bytes of it that are images): Newsroom.cache_sizes.
CacheSizes = Callable[[], tuple[int, int]]


class CacheSize(Static):
    class Measured(Message):
        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    @work(thread=True, exclusive=True, group="cache-size", exit_on_error=False)
    def measure(self, sizes: CacheSizes) -> None:
        try:
            total, _images = sizes()
        except (OSError, sqlite3.Error):
            return  # busy or gone for a moment: the last size stays until the next change
        self.post_message(self.Measured(total))

    def on_cache_size_measured(self, message: Measured) -> None:
        message.stop()
        self.display = True
        self.update(Content(" " + _("cache {size}").format(size=format_size(message.total)) + " "))
