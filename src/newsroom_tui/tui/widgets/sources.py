"""The sources pane: All, Unread, Bookmarks, saved searches, then feeds by tag.

Each line shows its unread count; a feed whose last fetch failed carries a
mark, and hovering it shows the reason (the feed details screen shows it
too). Moving the highlight chooses the headline list's source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsroom_tui.display import count_text
from newsroom_tui.i18n import _
from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.query.sidebar import Counts, SidebarFeed, feed_ids_by_tag, tags_in_order
from newsroom_tui.service import SavedSearch
from newsroom_tui.tui.format import fit_cells, safe_line
from newsroom_tui.tui.keymap import bindings_for
from newsroom_tui.tui.widgets.headlines import foreground_only

ERROR_MARK = "!"


@dataclass(frozen=True, slots=True)
class Source:
    """One line of the pane: what it selects and how it is labelled."""

    option_id: str
    kind: str  # all, unread, bookmarks, saved, tag, feed, heading
    label: str
    feed_id: int | None = None
    tag: str | None = None
    indent: int = 0
    saved_id: int | None = None
    query: str | None = None

    def spec(self, sort: str) -> ViewSpec | None:
        if self.kind in ("all", "unread", "bookmarks"):
            return ViewSpec(self.kind, sort=sort)  # type: ignore[arg-type]
        if self.kind == "feed":
            return ViewSpec("feed", feed_id=self.feed_id, sort=sort)  # type: ignore[arg-type]
        if self.kind == "tag":
            return ViewSpec("tag", tag=self.tag, sort=sort)  # type: ignore[arg-type]
        if self.kind == "saved":
            return ViewSpec("saved", sort=sort, saved_id=self.saved_id, query=self.query)  # type: ignore[arg-type]
        return None


def build_sources(feeds: Sequence[SidebarFeed], saved: Sequence[SavedSearch] = ()) -> list[Source]:
    sources = [
        Source("all", "all", _("All")),
        Source("unread", "unread", _("Unread")),
        Source("bookmarks", "bookmarks", _("Bookmarks")),
    ]
    if saved:
        # Saved searches are live virtual feeds, listed like feeds under a heading.
        sources.append(Source("heading:saved", "heading", _("Saved searches")))
        for search in saved:
            sources.append(
                Source(
                    f"saved:{search.id}",
                    "saved",
                    search.name,
                    indent=2,
                    saved_id=search.id,
                    query=search.query,
                )
            )
    for tag in tags_in_order(feeds):
        sources.append(Source(f"tag:{tag}", "tag", tag, tag=tag))
        for feed in feeds:
            if tag in feed.tags:
                sources.append(
                    Source(f"feed:{feed.id}@{tag}", "feed", feed.title, feed_id=feed.id, indent=2)
                )
    untagged = [f for f in feeds if not f.tags]
    if untagged:
        if len(untagged) != len(feeds):
            sources.append(Source("heading:untagged", "heading", _("Other feeds")))
        for feed in untagged:
            indent = 2 if len(untagged) != len(feeds) else 0
            sources.append(
                Source(f"feed:{feed.id}", "feed", feed.title, feed_id=feed.id, indent=indent)
            )
    return sources


class SourceList(OptionList, inherit_bindings=False):
    """The left pane. Highlighting a line posts `SourceChanged`.

    Its keys are the table's only, not OptionList's own (which would show
    in the key bar and could not be rebound)."""

    BINDINGS = bindings_for("sources")

    COMPONENT_CLASSES = {
        "sources--count",
        "sources--unread-count",
        "sources--error",
        "sources--tag",
        "sources--heading",
    }

    _STYLE_NAMES = (
        "sources--count",
        "sources--unread-count",
        "sources--error",
        "sources--tag",
        "sources--heading",
    )

    class SourceChanged(Message):
        def __init__(self, source: Source) -> None:
            super().__init__()
            self.source = source

    class Confirmed(Message):
        """Enter on a source: the user wants the headlines."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sources: list[Source] = []
        self.feeds: dict[int, SidebarFeed] = {}
        self.counts = Counts()
        self.saved: list[SavedSearch] = []
        self._saved_unread: dict[int, int] = {}
        self._by_tag: dict[str, list[int]] = {}
        self._quiet = False
        self._hover_tip: str | None = None
        self._prompt_styles: tuple = ()
        self._shown: dict[str, tuple[int, int]] = {}

    # -- content ----------------------------------------------------------

    def set_feeds(
        self,
        feeds: Sequence[SidebarFeed],
        counts: Counts,
        saved: Sequence[SavedSearch] | None = None,
    ) -> None:
        """Rebuild the lines (keeping the highlighted source), or just their counts.

        `saved` replaces the saved searches; None keeps those shown.
        """
        self.feeds = {f.id: f for f in feeds}
        self.counts = counts
        self._by_tag = feed_ids_by_tag(feeds)
        if saved is not None:
            self.saved = list(saved)
            self._saved_unread = {s.id: s.unread for s in self.saved}
        sources = build_sources(feeds, self.saved)
        same_shape = [s.option_id for s in sources] == [s.option_id for s in self.sources]
        self.sources = sources
        if same_shape and self.option_count:
            self.set_counts(counts, force=True)  # titles or failure marks may differ
            return
        current = self.current_source
        # Rebuilding moves the highlight, but the user chose nothing: no event
        # (the message would be handled after this returns, so a flag is not enough).
        self._quiet = True
        # The colours the prompts are built with: a restyle to the same ones
        # (the screen's first one comes right after mounting) keeps them.
        self._prompt_styles = self._prompt_colours()
        try:
            with self.prevent(OptionList.OptionHighlighted):
                self.set_options(
                    Option(self._prompt(s), id=s.option_id, disabled=s.kind == "heading")
                    for s in sources
                )
                self._shown = {s.option_id: self._count_for(s) for s in sources}
                index = 0
                if current is not None:
                    index = next(
                        (k for k, s in enumerate(sources) if s.option_id == current.option_id), 0
                    )
                self.highlighted = index
        finally:
            self._quiet = False

    def set_saved(self, saved: Sequence[SavedSearch]) -> None:
        """New saved searches (added, renamed, deleted) or new unread counts for them."""
        self.set_feeds(list(self.feeds.values()), self.counts, saved)

    def set_counts(self, counts: Counts, *, force: bool = False) -> None:
        """Show new counts, re-rendering only the lines whose numbers changed."""
        self.counts = counts
        for index, source in enumerate(self.sources):
            shown = self._count_for(source)
            if force or self._shown.get(source.option_id) != shown:
                self._shown[source.option_id] = shown
                self.replace_option_prompt_at_index(index, self._prompt(source))

    def _count_for(self, source: Source) -> tuple[int, int]:
        """(unread, total) for a line."""
        c = self.counts
        if source.kind == "all":
            return c.all_unread, c.all_total
        if source.kind == "unread":
            return c.all_unread, c.all_unread
        if source.kind == "bookmarks":
            return 0, c.bookmarks
        if source.kind == "saved" and source.saved_id is not None:
            unread = self._saved_unread.get(source.saved_id, 0)
            return unread, unread
        if source.kind == "tag" and source.tag is not None:
            ids = self._by_tag.get(source.tag, [])
            return c.unread_in(ids), c.total_in(ids)
        if source.kind == "feed" and source.feed_id is not None:
            return c.unread.get(source.feed_id, 0), c.total.get(source.feed_id, 0)
        return 0, 0

    def _style(self, name: str, partial: bool = True) -> Style:
        # Blend translucent theme colours now; the row keeps its own background.
        return foreground_only(self.get_component_rich_style(name))

    def _prompt(self, source: Source) -> Text:
        """One line: the label cut to fit, the count right-aligned.

        Plain Text sized to the pane (rebuilt on resize): OptionList renders
        every prompt again whenever one changes, and a Table costs far more.
        """
        style = self._style
        width = max(8, self.scrollable_content_region.width or 28)
        unread, total = self._count_for(source)
        if source.kind == "bookmarks":
            count, count_style = (count_text(total) if total else ""), style("sources--count")
        elif source.kind == "heading":
            count, count_style = "", Style()
        else:
            count, count_style = (
                (count_text(unread) if unread else ""),
                style("sources--unread-count"),
            )
        label_width = width - len(count) - (1 if count else 0)
        line = Text(no_wrap=True, end="")
        line.append(" " * source.indent)
        label_width -= source.indent
        feed = self.feeds.get(source.feed_id) if source.feed_id is not None else None
        if feed is not None and feed.failed:
            line.append(ERROR_MARK + " ", style("sources--error"))
            label_width -= len(ERROR_MARK) + 1
        text_style = Style()
        if source.kind == "tag":
            text_style = style("sources--tag")
        elif source.kind == "heading":
            text_style = style("sources--heading")
        line.append(fit_cells(safe_line(source.label), max(1, label_width)), text_style)
        if count:
            line.append(" ")
            line.append(count, count_style)
        return line

    def on_resize(self) -> None:
        if self.sources:
            self.set_counts(self.counts, force=True)

    # -- what is selected -----------------------------------------------

    @property
    def current_source(self) -> Source | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.sources):
            return None
        return self.sources[index]

    def select_source(self, option_id: str) -> None:
        for index, source in enumerate(self.sources):
            if source.option_id == option_id:
                self.highlighted = index
                return

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._quiet:
            return
        source = self.current_source
        if source is not None and source.kind != "heading":
            self.post_message(self.SourceChanged(source))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Confirmed())

    def action_open(self) -> None:
        self.post_message(self.Confirmed())

    # -- the error tooltip ----------------------------------------------

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        super()._on_mouse_move(event)
        index = event.style.meta.get("option")
        tip = None
        if isinstance(index, int) and 0 <= index < len(self.sources):
            source = self.sources[index]
            feed = self.feeds.get(source.feed_id) if source.feed_id is not None else None
            if feed is not None and feed.failed:
                tip = _("Last fetch failed: {reason}").format(
                    reason=safe_line(feed.last_error or _("unknown error"))
                )
        if tip != self._hover_tip:
            self._hover_tip = tip
            # A Text tooltip is shown as it is: feed errors are never markup.
            self.tooltip = Text(tip) if tip else None

    def _prompt_colours(self) -> tuple[Style, ...]:
        return tuple(
            self.get_component_rich_style(name, partial=True) for name in self._STYLE_NAMES
        )

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if not self.sources:
            return
        # Prompts carry their colours; rebuild them only when a theme changed those.
        styles = self._prompt_colours()
        if styles != self._prompt_styles:
            self._prompt_styles = styles
            self.set_counts(self.counts, force=True)
