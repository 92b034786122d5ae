"""Every key of the reader, declared once.

Each action has an id (the name a user rebinds in the config's [keys]
table, and the name of its command palette entry), default keys, where it
applies, and the words the footer, the help screen and the palette show.
Widgets build their class-level BINDINGS from this table, so the footer, the
help screen, the palette and a user's keymap can never disagree. The
descriptions in those bindings are message ids, made at import time (before
the config sets the language): what shows them translates them as it draws
(`_()` in the key bar), so they are always in the current language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

from newsroom_tui.i18n import N_

Scope = Literal["screen", "headlines", "sources", "reader", "lists"]


@dataclass(frozen=True)
class KeyAction:
    id: str
    keys: str
    action: str
    description: str  # msgid: a word or two, for the footer
    help: str  # msgid: one line, for the help screen and the palette
    scope: Scope
    show: bool = False
    palette: bool = True
    # Handled as the key arrives, before the keys queued behind it go to the
    # focused widget: for keys that move the focus to a text field.
    priority: bool = False


ACTIONS: tuple[KeyAction, ...] = (
    # Moving (in the focused pane).
    KeyAction(
        "move_down", "j,down", "cursor_down", N_("Down"), N_("Move down"), "lists", palette=False
    ),
    KeyAction("move_up", "k,up", "cursor_up", N_("Up"), N_("Move up"), "lists", palette=False),
    KeyAction("first", "g,home", "first", N_("First"), N_("Go to the top"), "lists", palette=False),
    KeyAction("last", "G,end", "last", N_("Last"), N_("Go to the bottom"), "lists", palette=False),
    KeyAction(
        "page_down",
        "pagedown",
        "page_down",
        N_("Page down"),
        N_("Page down"),
        "lists",
        palette=False,
    ),
    KeyAction("page_up", "pageup", "page_up", N_("Page up"), N_("Page up"), "lists", palette=False),
    KeyAction(
        "open",
        "enter",
        "open",
        N_("Open"),
        N_("Open the headline (or show the source)"),
        "lists",
        show=True,
        palette=False,
    ),
    # Reading.
    KeyAction(
        "scroll_or_next",
        "space",
        "scroll_or_next",
        N_("Read on"),
        N_("Scroll the article; at its end, open the next unread"),
        "screen",
        show=True,
    ),
    KeyAction(
        "next_unread",
        "n",
        "next_unread",
        N_("Next unread"),
        N_("Open the next unread item"),
        "screen",
        show=True,
    ),
    KeyAction(
        "help", "question_mark", "help", N_("Help"), N_("Show every key"), "screen", show=True
    ),
    KeyAction(
        "prev_unread",
        "p",
        "prev_unread",
        N_("Prev unread"),
        N_("Open the previous unread item"),
        "screen",
    ),
    KeyAction(
        "bookmark",
        "b",
        "bookmark",
        N_("Bookmark"),
        N_("Bookmark or unbookmark the item"),
        "screen",
        show=True,
    ),
    KeyAction(
        "toggle_read",
        "m",
        "toggle_read",
        N_("Read/unread"),
        N_("Mark the item read or unread"),
        "screen",
    ),
    KeyAction(
        "edit_note",
        "N",
        "edit_note",
        N_("Note"),
        N_("Add or edit the item's note (bookmarks it)"),
        "screen",
    ),
    KeyAction(
        "mark_view_read",
        "A",
        "mark_view_read",
        N_("All read"),
        N_("Mark everything in this list read"),
        "screen",
    ),
    KeyAction(
        "open_browser",
        "o",
        "open_browser",
        N_("Browser"),
        N_("Open the item's link in the web browser"),
        "screen",
    ),
    KeyAction(
        "view_image",
        "v",
        "view_image",
        N_("Image"),
        N_("Show the item's images full screen"),
        "screen",
    ),
    KeyAction("copy_link", "y", "copy_link", N_("Copy link"), N_("Copy the item's link"), "screen"),
    # Lists.
    KeyAction(
        "search",
        "slash",
        "search",
        N_("Search"),
        N_("Search (the list filters as you type)"),
        "screen",
        show=True,
        priority=True,
    ),
    KeyAction(
        "save_search",
        "S",
        "save_search",
        N_("Save search"),
        N_("Save the current search as a live feed in the sources pane"),
        "screen",
    ),
    KeyAction(
        "rename_search",
        "e",
        "rename_search",
        N_("Rename"),
        N_("Rename the selected saved search"),
        "screen",
    ),
    KeyAction(
        "delete_search",
        "D",
        "delete_search",
        N_("Delete"),
        N_("Delete the selected saved search (asks first)"),
        "screen",
    ),
    KeyAction(
        "toggle_sort",
        "s",
        "toggle_sort",
        N_("Sort"),
        N_("Sort by date or by views"),
        "screen",
        show=True,
    ),
    KeyAction(
        "refresh_feed",
        "r",
        "refresh_feed",
        N_("Refresh"),
        N_("Refresh the selected feed"),
        "screen",
        show=True,
    ),
    KeyAction(
        "refresh_all", "R", "refresh_all", N_("Refresh all"), N_("Refresh every feed"), "screen"
    ),
    KeyAction(
        "add_source",
        "a",
        "add_source",
        N_("Add source"),
        N_("Add a source: a feed, or a news page without one (previewed first)"),
        "screen",
    ),
    KeyAction(
        "feed_info",
        "i",
        "feed_info",
        N_("Feed info"),
        N_("Show the selected feed's details and last error"),
        "screen",
    ),
    # The app.
    KeyAction(
        "next_pane", "tab", "next_pane", N_("Next pane"), N_("Go to the next pane"), "screen"
    ),
    KeyAction(
        "previous_pane",
        "shift+tab",
        "previous_pane",
        N_("Previous pane"),
        N_("Go to the previous pane"),
        "screen",
    ),
    KeyAction("quit", "q", "quit", N_("Quit"), N_("Quit newsroom"), "screen", show=True),
)

BY_ID: dict[str, KeyAction] = {a.id: a for a in ACTIONS}

# Keys that are not bindings but still belong on the help screen.
EXTRA_HELP: tuple[tuple[str, str], ...] = (
    ("1-9…", N_("Open link number N of the article (type 12 for link 12)")),
    ("esc", N_("Close search, help or a dialog")),
    ("ctrl+p", N_("Command palette: every action by name")),
)


def _scopes_for(scope: Scope) -> tuple[Scope, ...]:
    return (scope, "lists") if scope in ("headlines", "sources", "reader") else (scope,)


def bindings_for(
    scope: Scope, *, only: Iterable[str] | None = None, extra: Iterable[Binding] = ()
) -> list[BindingType]:
    """The class-level BINDINGS of a widget of `scope`.

    Descriptions and tooltips are message ids, translated where they are shown.
    `extra` are bindings of the widget's own that are not commands of their own
    (no palette entry, no [keys] id)."""
    wanted = set(only) if only is not None else None
    bindings: list[BindingType] = [
        Binding(
            a.keys,
            a.action,
            a.description,
            show=a.show,
            tooltip=a.help,
            id=a.id,
            priority=a.priority,
        )
        for a in ACTIONS
        if a.scope in _scopes_for(scope) and (wanted is None or a.id in wanted)
    ]
    return [*bindings, *extra]


def keymap_from_config(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The config's [keys] table as a Textual keymap, and any unknown action ids.

    A rebinding that would shadow another command's key is left out (see
    `shadowed_keys`), so every command, quit above all, keeps its key."""
    shadowing = {action for action, _ in _shadowing(keys)}
    keymap = {
        action: key for action, key in keys.items() if action in BY_ID and action not in shadowing
    }
    unknown = sorted(action for action in keys if action not in BY_ID)
    return keymap, unknown


def shadowed_keys(keys: Mapping[str, str]) -> list[str]:
    """One line per rebinding in [keys] left out because it takes another command's key."""
    return [
        f"keys.{action} = {keys[action]!r} would take {key!r} from '{other}'; kept the default"
        for action, (key, other) in _shadowing(keys)
    ]


def _shadowing(keys: Mapping[str, str]) -> list[tuple[str, tuple[str, str]]]:
    requested = {action: key for action, key in keys.items() if action in BY_ID}
    found = []
    for action, wanted in requested.items():
        mine = BY_ID[action]
        for other in ACTIONS:
            if other.id == action or not _overlap(mine.scope, other.scope):
                continue
            # The other command's keys as they would be: its own rebinding or its default.
            theirs = _split(requested.get(other.id, other.keys))
            clash = next((k for k in _split(wanted) if k in theirs), None)
            if clash is not None:
                found.append((action, (clash, other.id)))
                break
    return found


def _split(keys: str) -> set[str]:
    return {k.strip() for k in keys.split(",") if k.strip()}


def _overlap(a: Scope, b: Scope) -> bool:
    """Whether a key of scope `a` and one of scope `b` can be live at once."""
    return a == b or "screen" in (a, b) or bool({a, b} & {"lists"})


_KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "question_mark": "?",
    "slash": "/",
    "space": "space",
    "enter": "enter",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "shift+tab": "shift+tab",
    "escape": "esc",
}


def key_label(keys: str) -> str:
    """How a comma-separated key list reads on the help screen: "j ↓"."""
    return " ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def effective_keys(action: KeyAction, keymap: Mapping[str, str]) -> str:
    return keymap.get(action.id, action.keys)
