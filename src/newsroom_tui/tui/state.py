"""The reading state the panes share, as two small immutable values.

`Reading` is where the user is: which list (source and sort), the search
typed, the item under the cursor. The headlines pane owns it and says when
it changes; `Sidebar` is what the sources pane knows (feeds, saved searches,
counts) and says likewise. The screen keeps both as reactives and binds
them into the panes that read them (`data_bind`), so no pane asks another.
Each change is a new value, so a reactive sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from newsroom_tui.i18n import _
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed, feed_ids_by_tag
from newsroom_tui.service import SavedSearch


@dataclass(frozen=True)
class Reading:
    spec: ViewSpec = field(default_factory=ViewSpec)
    searching: bool = False
    query: str = ""  # what is typed in the search box
    item_id: int | None = None  # under the cursor

    @property
    def sort(self) -> str:
        return self.spec.sort


@dataclass(frozen=True, eq=False)
class Sidebar:
    """Feeds, saved searches and counts; `counts_known` once they are read.

    Compared by identity: the sources pane makes a new one for each change.
    """

    feeds: tuple[SidebarFeed, ...] = ()
    saved: tuple[SavedSearch, ...] = ()
    counts: Counts = field(default_factory=Counts)
    counts_known: bool = False

    def feed(self, feed_id: int | None) -> SidebarFeed | None:
        return next((f for f in self.feeds if f.id == feed_id), None)

    def saved_search(self, saved_id: int | None) -> SavedSearch | None:
        return next((s for s in self.saved if s.id == saved_id), None)

    @cached_property
    def feeds_by_tag(self) -> dict[str, list[int]]:
        return feed_ids_by_tag(list(self.feeds))

    def size_of(self, spec: ViewSpec) -> int:
        return self.counts.size_of(spec, self.feeds_by_tag)

    def shows_several_feeds(self, spec: ViewSpec) -> bool:
        if spec.kind == "feed":
            return False
        if spec.kind == "tag":
            return len(self.feeds_by_tag.get(spec.tag or "", [])) != 1
        return len(self.feeds) != 1

    def label(self, spec: ViewSpec) -> str:
        if spec.kind == "all":
            return _("All")
        if spec.kind == "unread":
            return _("Unread")
        if spec.kind == "bookmarks":
            return _("Bookmarks")
        if spec.kind == "tag":
            return spec.tag or ""
        if spec.kind == "saved":
            saved = self.saved_search(spec.saved_id)
            return saved.name if saved else ""
        feed = self.feed(spec.feed_id)
        return feed.title if feed else ""

    def unread_in(self, spec: ViewSpec) -> int | None:
        """Unread items in `spec`, when the counts say (None before they are in)."""
        counts = self.counts
        if not self.counts_known:
            return None
        if spec.kind == "all":
            return counts.all_unread
        if spec.kind == "feed" and spec.feed_id is not None:
            return counts.unread.get(spec.feed_id, 0)
        if spec.kind == "tag" and spec.tag is not None:
            return counts.unread_in(self.feeds_by_tag.get(spec.tag, []))
        if spec.kind == "saved" and (saved := self.saved_search(spec.saved_id)) is not None:
            return saved.unread
        return None
