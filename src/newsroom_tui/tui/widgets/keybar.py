"""The bottom line: the keys that matter in the focused pane, in one Static.

Textual's Footer builds a widget per key and rebuilds them all on every
focus change; one line of text does the same job far more cheaply, which
keeps tab between panes instant. Clicking a key presses it.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widgets import Static

from newsroom_tui.i18n import _


class KeyBar(Static):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 1fr;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.update_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.update_keys)

    def update_keys(self) -> None:
        if not self.is_attached:
            return  # a dialog's bar, called back after the dialog closed
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        entries: list[tuple[str, str, str]] = []  # (key, what it shows, description)
        seen: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in seen:
                continue
            if key == palette_key:
                continue
            seen.add(binding.action)
            # The description is a message id (see keymap): translated now.
            entries.append((key, self.app.get_key_display(binding), _(binding.description)))
        if self.app.ENABLE_COMMAND_PALETTE:
            entries.append((palette_key, "^p", _("palette")))
        # Whole entries only: a narrow terminal drops the last ones rather than
        # showing a key without the words that say what it does.
        width = self.size.width or None
        line = Text(no_wrap=True, end="")
        for key, shown, description in entries:
            entry = Text(f" {shown} {description} ")
            if width is not None and line.cell_len + entry.cell_len > width:
                break
            click = Style(meta={"key": key})
            line.append(f" {shown} ", key_style + click)
            line.append(f"{description} ", text_style + click)
        self.update(line)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_keys)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_after_refresh(self.update_keys)

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("key")
        if key:
            event.stop()
            self.app.simulate_key(key)
