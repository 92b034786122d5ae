"""How dates and view counts read, the same in the CLI, the TUI and exports."""

from __future__ import annotations

from datetime import datetime

from newsroom_tui.i18n import ngettext


def format_date(value: datetime | None, fmt: str = "%d/%m/%Y") -> str:
    """A UTC datetime shown in the user's local time; '' for None."""
    if value is None:
        return ""
    try:
        return value.astimezone().strftime(fmt)
    except (ValueError, OverflowError, OSError):
        return value.strftime(fmt)


def format_views(views: int | None) -> str:
    if views is None:
        return ""
    return ngettext("{count} view", "{count} views", views).format(count=f"{views:,}")


def format_size(size: int) -> str:
    """A size on disk in decimal units, as file managers give it: "113 MB", "2.4 MB"."""
    megabytes = size / 1e6
    if megabytes >= 10:
        return f"{megabytes:,.0f} MB"
    if megabytes >= 0.1:
        return f"{megabytes:.1f} MB"
    return f"{max(1, round(size / 1e3)):,} kB"
