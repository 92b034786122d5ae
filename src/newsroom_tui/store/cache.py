"""The store object: `Cache`, one class made of the store's jobs, each in its
module (as lemon24/reader's Storage is made of per-domain mixins):

    connection.py     the file, its connections and transactions (CacheBase)
    index.py          the search index's rows
    merge.py          which stored item a fetched row is; insert and update
    fetches.py        storing many feeds' fetches, each all-or-nothing
    subscriptions.py  feeds and portal sources, their tags, what to fetch
    marks.py          read, opened, bookmarked
    content.py        an item's stored HTML and text
    saved.py          saved searches
    retention.py      removing old items after a refresh

Every public method runs whole under the cache's lock, so workers in several
threads share one Cache and take no lock of their own.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TypeVar

from newsroom_tui.store.connection import CacheBase
from newsroom_tui.store.content import ItemContent
from newsroom_tui.store.fetches import FetchWrites
from newsroom_tui.store.marks import ItemMarks
from newsroom_tui.store.retention import Retention
from newsroom_tui.store.saved import SavedSearches
from newsroom_tui.store.subscriptions import Subscriptions

_C = TypeVar("_C", bound=type)
_T = TypeVar("_T")

# Not locked as a whole: they lock what they use themselves (or nothing).
_UNLOCKED = frozenset({"open", "transaction", "connection", "reading"})


def _serialized(cls: _C) -> _C:
    """Every public method of `cls`, its own or a mixin's, runs whole under the
    instance's lock."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        for name, method in vars(klass).items():
            if name in seen:
                continue  # overridden nearer `cls`: that one is wrapped
            seen.add(name)
            if name.startswith("_") or name in _UNLOCKED or not inspect.isfunction(method):
                continue
            setattr(cls, name, _locked(method))
    return cls


def _locked(method: Callable[..., _T]) -> Callable[..., _T]:
    @functools.wraps(method)
    def run(self: CacheBase, *args: object, **kwargs: object) -> _T:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


@_serialized
class Cache(Subscriptions, FetchWrites, ItemMarks, ItemContent, SavedSearches, Retention):
    """The cache file and everything read from or written to it through one object."""


__all__ = ["Cache"]
