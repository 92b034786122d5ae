"""What the user last asked of each item's read and bookmark state.

Writes run in worker threads, and two quick presses (m m, b b) may land in
either order; each write stores the latest wish recorded here, not the one
of its own key press, so the cache always ends as the user left it. The
panes that change an item (the headline list, the reader opening it) share
one of these; the screen owns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WantedMarks:
    read: dict[int, bool] = field(default_factory=dict)
    bookmarked: dict[int, bool] = field(default_factory=dict)

    def forget(self, item_id: int) -> None:
        """A refused write: the stored state is the truth again."""
        self.read.pop(item_id, None)
        self.bookmarked.pop(item_id, None)
