"""The top bar: the app's name, what the list shows, refresh progress, and what
the reader did by itself (auto-refresh and sync: "12 new · synced 2 min ago · 3 pending"),
and the cache's size ("cache 113 MB")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from newsroom_tui.tui.widgets.cache_size import CacheSize


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar {
        height: 1;
    }
    TopBar > #status {
        width: 1fr;
    }
    TopBar > #progress-label, TopBar > #progress, TopBar > #brand, TopBar > BackgroundStatus,
    TopBar > CacheSize {
        width: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("newsroom", id="brand", markup=False)
        yield Static("", id="status", markup=False)
        yield Static("", id="progress-label", markup=False)
        yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield BackgroundStatus(id="background-status")
        yield CacheSize(id="cache-size")

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#progress-label").display = False

    _status: str | Content = ""
    _in_progress = False

    def set_status(self, text: str | Content) -> None:
        self._status = text
        if not self._in_progress:
            self.query_one("#status", Static).update(text)

    def show_progress(self, label: str, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        label_widget = self.query_one("#progress-label", Static)
        if not self._in_progress:
            # The progress stands for the status meanwhile: an older sentence
            # would be cut mid-word under it at 80 columns.
            self._in_progress = True
            self.query_one("#status", Static).update("")
        bar.display = True
        label_widget.display = True
        bar.update(total=max(total, 1), progress=done)
        label_widget.update(label)

    def hide_progress(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#progress-label").display = False
        if self._in_progress:
            self._in_progress = False
            self.query_one("#status", Static).update(self._status)


class BackgroundStatus(Static):
    """Auto-refresh and sync in a few words, at the right of the top bar (empty: hidden)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def show(self, text: str) -> None:
        self.display = bool(text)
        # Plain text: nothing in it is read as markup.
        self.update(Content(f" {text} ") if text else "")
