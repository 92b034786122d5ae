"""The help screen: every key, as the user's keymap has it now."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsroom_tui.i18n import N_, _
from newsroom_tui.tui.keymap import ACTIONS, EXTRA_HELP, effective_keys, key_label

_SECTIONS = (
    (
        N_("Moving"),
        (
            "move_down",
            "move_up",
            "first",
            "last",
            "page_down",
            "page_up",
            "next_pane",
            "previous_pane",
        ),
    ),
    (
        N_("Reading"),
        ("open", "scroll_or_next", "next_unread", "prev_unread", "open_browser", "copy_link"),
    ),
    (N_("Marking"), ("toggle_read", "bookmark", "edit_note", "mark_view_read")),
    (N_("Lists"), ("search", "toggle_sort", "refresh_feed", "refresh_all", "feed_info")),
    (N_("Saved searches"), ("save_search", "rename_search", "delete_search")),
    (N_("The app"), ("help", "quit")),
)


def help_table(keymap: Mapping[str, str]) -> Table:
    """Keys grouped by what they do; action ids shown for the config's [keys]."""
    by_id = {a.id: a for a in ACTIONS}
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim", no_wrap=True)
    listed: set[str] = set()
    for title, ids in _SECTIONS:
        table.add_row(Text(_(title), style="bold underline"), "", "")
        for action_id in ids:
            action = by_id[action_id]
            listed.add(action_id)
            table.add_row(
                Text(key_label(effective_keys(action, keymap))), Text(_(action.help)), action.id
            )
        table.add_row("", "", "")
    rest = [a for a in ACTIONS if a.id not in listed]
    for action in rest:
        table.add_row(
            Text(key_label(effective_keys(action, keymap))), Text(_(action.help)), action.id
        )
    table.add_row(Text(_("Also"), style="bold underline"), "", "")
    for keys, text in EXTRA_HELP:
        table.add_row(Text(keys), Text(_(text)), "")
    return table


class HelpScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", N_("Close"), show=True),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            # Content, not a str: a str here would be read as markup ("[keys]").
            body.border_title = Content(_("Keys"))
            body.border_subtitle = Content(_("action ids rebind keys in the config's [keys] table"))
            yield Static(_("newsroom — every key"), id="help-title", markup=False)
            yield Static(help_table(self.keymap), id="help-table")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
