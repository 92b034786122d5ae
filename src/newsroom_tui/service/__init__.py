"""The service layer: what the CLI and the TUI ask of the newsroom.

It ties paths, config and the cache together and speaks in models, never
in widgets or terminal output. Calls are synchronous (the TUI runs them in
workers) except `refresh`, which is a coroutine.

`Newsroom` (newsroom.py: opening, refresh, compact) is one object made of
the service's jobs, a module each:

    base.py           its paths, config and cache; the backup beside the cache
    subscriptions.py  subscribing to feeds, files, portal pages and JSON APIs
                      (with sync on, the server hears of a new source at once)
    syncing.py        two-way sync with the office's feed server
    reading.py        items, their articles and images, read and bookmark marks
    searching.py      full-text search and saved searches
    lists.py          the lists as the TUI pages them
"""

from __future__ import annotations

from newsroom_tui.service.base import NotFound
from newsroom_tui.service.newsroom import Newsroom
from newsroom_tui.service.searching import SavedSearch
from newsroom_tui.service.subscriptions import AddedSource
from newsroom_tui.service.syncing import SyncNotConfigured

__all__ = ["AddedSource", "Newsroom", "NotFound", "SavedSearch", "SyncNotConfigured"]
