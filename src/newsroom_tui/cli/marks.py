"""An item's marks: read, unread, bookmark (with a note) and unbookmark."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsroom_tui.cli.errors import EXIT_OK, lookup

if TYPE_CHECKING:
    import argparse

    from newsroom_tui.service import Newsroom

Command = Callable[["Newsroom", "argparse.Namespace"], int]


def _marking(mark: Callable[[Newsroom, argparse.Namespace, int], None], done: str) -> Command:
    """A command that sets one mark on ITEM and says `done` (with {item})."""

    def run(nr: Newsroom, args: argparse.Namespace) -> int:
        lookup(lambda item_id: mark(nr, args, item_id), args.item)
        print(done.format(item=args.item))
        return EXIT_OK

    return run


cmd_read = _marking(lambda nr, _, item: nr.set_read(item, True), "marked item {item} read")
cmd_unread = _marking(lambda nr, _, item: nr.set_read(item, False), "marked item {item} unread")
cmd_bookmark = _marking(
    lambda nr, args, item: nr.set_bookmarked(item, True, args.note), "bookmarked item {item}"
)
cmd_unbookmark = _marking(
    lambda nr, _, item: nr.set_bookmarked(item, False), "removed the bookmark on item {item}"
)
