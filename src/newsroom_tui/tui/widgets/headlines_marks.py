"""The headlines pane's changes to items: read, bookmark, mark a whole list read,
and notes, each written by a worker (see `WantedMarks`)."""

from __future__ import annotations

import sqlite3

from textual import work
from textual.message import Message

from newsroom_tui.display import count_text
from newsroom_tui.i18n import _, ngettext
from newsroom_tui.store.failures import CacheError
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.messages import (
    ItemStateStored,
    MarkedAllRead,
    NoteSaved,
    NoteToEdit,
)
from newsroom_tui.tui.widgets.headlines_view import HeadlinesView


class HeadlinesMarks(HeadlinesView):
    """The pane's read, bookmark and note keys."""

    # -- read and bookmark state -----------------------------------------------

    # The row shows what the cache holds: a key records the wish (toggled from
    # the last wish, so quick presses toggle), a worker writes it, and the row
    # follows the stored state the worker reads back (`on_item_state_stored`).
    # A refused write (a read-only cache) so never shows a mark it did not store.

    def toggle_read(self, item_id: int | None = None) -> None:
        row = self.row(item_id)
        if row is None:
            return
        self.marks.read[row.id] = not self.marks.read.get(row.id, row.read)
        self._write_state(row.id, bookmark_asked=None)

    def toggle_bookmark(self, item_id: int | None = None) -> None:
        row = self.row(item_id)
        if row is None:
            return
        wanted = not self.marks.bookmarked.get(row.id, row.bookmarked)
        self.marks.bookmarked[row.id] = wanted
        self._write_state(row.id, bookmark_asked=wanted)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_state(self, item_id: int, bookmark_asked: bool | None) -> None:
        # Writes the latest wanted state, not the one at the time of the key
        # press, so two quick presses end right even if their threads swap.
        refused = None
        newsroom = self.backend.newsroom
        try:
            newsroom.write_marks(
                item_id,
                lambda: (self.marks.read.get(item_id), self.marks.bookmarked.get(item_id)),
            )
        except (CacheError, sqlite3.DatabaseError) as exc:
            refused = str(exc)
        stored = newsroom.item(item_id)
        if refused is None:
            self.post_message(self.StateWritten())
        self.post_message(
            ItemStateStored(item_id, stored.read, stored.bookmarked, refused, bookmark_asked)
        )

    def on_item_state_stored(self, message: ItemStateStored) -> None:
        message.stop()
        if message.refused is not None:
            self.marks.forget(message.item_id)
            self.notify(
                _("Not stored: {reason}").format(reason=safe_line(message.refused)),
                severity="error",
                markup=False,
            )
        self._show_stored(message.item_id, read=message.read, bookmarked=message.bookmarked)
        asked = message.bookmark_asked
        if message.refused is None and asked is not None and asked == message.bookmarked:
            self.notify(
                _("Bookmarked.") if asked else _("Bookmark removed."), markup=False, timeout=2
            )

    def _show_stored(self, item_id: int, *, read: bool, bookmarked: bool) -> None:
        """The row as the cache holds it, and the counts moved by what changed."""
        row = self.headlines.rows.get(item_id)
        if row is None:
            return
        unread = (1 if row.read else 0) - (1 if read else 0)
        bookmarks = (1 if bookmarked else 0) - (1 if row.bookmarked else 0)
        if not unread and not bookmarks:
            return
        row.read, row.bookmarked = read, bookmarked
        self.headlines.update_row(row)
        self.post_message(self.CountChange(row.feed_id, unread=unread, bookmarks=bookmarks))

    def read_refused(self, item_id: int, reason: str) -> None:
        """Opening `item_id` did not mark it read in the cache: it shows unread again."""
        self.marks.forget(item_id)
        self.notify(
            _("Not marked read: {reason}").format(reason=safe_line(reason)),
            severity="error",
            markup=False,
        )
        row = self.headlines.rows.get(item_id)
        if row is not None:
            self._show_stored(item_id, read=False, bookmarked=row.bookmarked)

    def mark_view_read(self) -> None:
        from newsroom_tui.tui.screens.dialogs import Confirm

        headlines = self.headlines
        if not headlines.total:
            return
        generation = headlines.generation

        def mark() -> None:
            if headlines.generation != generation or headlines.ids is None:
                return
            ids = list(headlines.ids)
            wanted = set(ids)
            for item_id in list(self.marks.read):
                if item_id in wanted:
                    self.marks.read[item_id] = True
            headlines.mark_all_read()
            self._mark_all_read(ids)

        def answered(yes: bool | None) -> None:
            if yes:
                headlines.when_complete(mark)

        # One key turns a whole list read, and there is no undo: ask first. The
        # number only once the list is whole (a big one loads its first rows first).
        total = headlines.total
        question = (
            ngettext(
                "Mark the {count} item in this list read?",
                "Mark all {count} items in this list read?",
                total,
            ).format(count=count_text(total))
            if headlines.complete
            else _("Mark everything in this list read?")
        )
        self.app.push_screen(Confirm(_("Mark all read"), question), answered)

    @work(thread=True, group="write", exit_on_error=False)
    def _mark_all_read(self, ids: list[int]) -> None:
        newsroom = self.backend.newsroom
        try:
            changed = newsroom.mark_items_read(ids, True)
        except (CacheError, sqlite3.DatabaseError) as exc:
            self.post_message(self.MarkAllRefused(ids, str(exc)))
            return
        counts = newsroom.view_counts()
        self.post_message(self.StateWritten())
        self.post_message(MarkedAllRead(changed, counts))

    class MarkAllRefused(Message, namespace="headlines_pane"):
        def __init__(self, ids: list[int], reason: str) -> None:
            super().__init__()
            self.ids = ids
            self.reason = reason

    def on_headlines_pane_mark_all_refused(self, message: MarkAllRefused) -> None:
        message.stop()
        for item_id in message.ids:
            self.marks.forget(item_id)
        self.notify(
            _("Not stored: {reason}").format(reason=safe_line(message.reason)),
            severity="error",
            markup=False,
        )
        self.reload()  # the rows as the cache holds them

    def on_marked_all_read(self, message: MarkedAllRead) -> None:
        # Not stopped: the screen hands the counts to the sources pane.
        self.notify(
            ngettext(
                "Marked {count} item read.", "Marked {count} items read.", message.changed
            ).format(count=count_text(message.changed)),
            markup=False,
            timeout=3,
        )

    # -- notes -----------------------------------------------------------------

    def edit_note(self, item_id: int | None = None) -> None:
        row = self.row(item_id)
        if row is None:
            self.notify(_("No item to write a note on."), markup=False)
            return
        self._read_note(row.id)

    @work(thread=True, exclusive=True, group="note", exit_on_error=False)
    def _read_note(self, item_id: int) -> None:
        newsroom = self.backend.newsroom
        note = newsroom.item(item_id).note or ""
        self.post_message(NoteToEdit(item_id, note))

    def on_note_to_edit(self, message: NoteToEdit) -> None:
        from newsroom_tui.tui.screens.dialogs import TextPrompt

        message.stop()
        item_id = message.item_id

        def save(note: str | None) -> None:
            if note is not None:
                self._set_note(item_id, note)

        self.app.push_screen(
            TextPrompt(
                _("Note"),
                _("A note on this item (saving it bookmarks the item):"),
                safe_line(message.note),
                placeholder=_("why it matters, what to do…"),
            ),
            save,
        )

    def _set_note(self, item_id: int, note: str) -> None:
        self.marks.bookmarked[item_id] = True
        self._write_note(item_id, note)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_note(self, item_id: int, note: str) -> None:
        refused = None
        newsroom = self.backend.newsroom
        try:
            newsroom.write_note(
                item_id, note, still_wanted=lambda: self.marks.bookmarked.get(item_id, True)
            )
        except (CacheError, sqlite3.DatabaseError) as exc:
            refused = str(exc)
        stored = newsroom.item(item_id)
        self.post_message(ItemStateStored(item_id, stored.read, stored.bookmarked, refused))
        if refused is None:
            self.post_message(self.StateWritten())
            self.post_message(NoteSaved(item_id))  # not stopped here: the reader shows it
