"""Details of one feed: address, tags, counts, last fetch and its error."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsroom_tui.display import count_text, format_date
from newsroom_tui.i18n import N_, _
from newsroom_tui.query.sidebar import SidebarFeed
from newsroom_tui.tui.format import safe_line
from newsroom_tui.tui.widgets.keybar import KeyBar

_STATUS = {
    "ok": N_("fetched"),
    "not_modified": N_("not modified since the last fetch"),
    "error": N_("failed"),
    "never": N_("never fetched"),
}


def details_table(
    feed: SidebarFeed,
    unread: int | None,
    total: int | None,
    *,
    date_format: str,
    time_format: str,
) -> Table:
    """The feed's details; `unread` and `total` are None while they are being counted."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    fetched = (
        format_date(feed.last_fetched, f"{date_format} {time_format}") if feed.last_fetched else "—"
    )
    status = Text(_(_STATUS.get(feed.last_status, feed.last_status)))
    if feed.failed:
        status.stylize("bold red")
    rows = [
        (_("Title"), Text(safe_line(feed.title))),
        (_("Address"), Text(safe_line(feed.url))),
        (_("Site"), Text(safe_line(feed.site_url or "—"))),
        (_("Tags"), Text(", ".join(safe_line(t) for t in feed.tags) or "—")),
        (
            _("Items"),
            Text(
                _("{unread} unread of {total}").format(
                    unread=count_text(unread), total=count_text(total)
                )
                if unread is not None and total is not None
                else "…"
            ),
        ),
        (_("Last fetch"), Text(fetched)),
        (_("Status"), status),
    ]
    if feed.last_error:
        rows.append((_("Error"), Text(safe_line(feed.last_error), style="red")))
    if feed.gone:
        rows.append(
            (_("Note"), Text(_("the server said this feed is gone; it is no longer fetched")))
        )
    for label, value in rows:
        table.add_row(label, value)
    return table


class FeedDetailsScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS = [Binding("escape,q,i,enter", "close", N_("Close"), show=True)]

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        with Vertical(id="feed-details") as box:
            box.border_title = Content(_("Feed"))
            yield Static(self.table)
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
