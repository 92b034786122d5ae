"""The help screen: every key, as the user's keymap has it now."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from rich.console import Group
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
from newsroom_tui.tui.widgets.keybar import KeyBar

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
        (
            "open",
            "scroll_or_next",
            "next_unread",
            "prev_unread",
            "view_image",
            "open_browser",
            "copy_link",
        ),
    ),
    (N_("Marking"), ("toggle_read", "bookmark", "edit_note", "mark_view_read")),
    (
        N_("Lists"),
        ("search", "toggle_sort", "refresh_feed", "refresh_all", "add_source", "feed_info"),
    ),
    (N_("Saved searches"), ("save_search", "rename_search", "delete_search")),
    (N_("The app"), ("help", "quit")),
)


def help_table(keymap: Mapping[str, str]) -> Group:
    """Keys grouped by what they do; action ids shown for the config's [keys].

    Each group is a heading at the left edge over its own grid; the grids share
    their column widths, so keys, descriptions and ids line up under every
    heading alike."""
    by_id = {a.id: a for a in ACTIONS}
    listed = {action_id for _title, ids in _SECTIONS for action_id in ids}
    sections: list[tuple[str, list[tuple[str, str, str]]]] = [
        (
            _(title),
            [(key_label(effective_keys(by_id[i], keymap)), _(by_id[i].help), i) for i in ids],
        )
        for title, ids in _SECTIONS
    ]
    rest = [a for a in ACTIONS if a.id not in listed]  # a new action not grouped yet
    if rest:
        sections.append(
            (
                _("More"),
                [(key_label(effective_keys(a, keymap)), _(a.help), a.id) for a in rest],
            )
        )
    sections.append((_("Also"), [(keys, _(text), "") for keys, text in EXTRA_HELP]))
    rows = [row for _title, section in sections for row in section]
    key_width = max(cell_len(keys) for keys, _help, _id in rows)
    id_width = max(cell_len(action_id) for _keys, _help, action_id in rows)
    parts: list[Text | Table] = []
    for title, section in sections:
        if parts:
            parts.append(Text(""))
        parts.append(Text(title, style="bold underline"))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(justify="right", style="bold", no_wrap=True, width=key_width)
        table.add_column(ratio=1)
        table.add_column(style="dim", no_wrap=True, width=id_width)
        for keys, text, action_id in section:
            table.add_row(Text(keys), Text(text), Text(action_id))
        parts.append(table)
    return Group(*parts)


class HelpScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", N_("Close"), show=True),
        Binding("j,down", "scroll('down')", N_("Scroll down"), show=True),
        Binding("k,up", "scroll('up')", N_("Scroll up"), show=True),
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
        yield KeyBar()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
