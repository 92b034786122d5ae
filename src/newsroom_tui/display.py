"""How dates and view counts read, the same in the CLI, the TUI and exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newsroom_tui.i18n import ngettext

# A date a source gave without a time is kept as midnight in the zone it was
# read in: the portals' default, Asia/Ho_Chi_Minh (+07:00 all year since 1975),
# or UTC for a feed. Shown in the machine's zone, midnight +07:00 is the day
# before on a UTC or American machine; so such an instant is shown in its own
# zone: the date the site printed. (A time a site printed as exactly 00:00
# shows that way too, which is again what it printed.)
_DATE_ONLY_ZONES = (timezone(timedelta(hours=7)), UTC)


def shown_moment(value: datetime) -> datetime:
    """`value` in the zone its date should be read in: the user's, unless it is a
    source's date without a time (midnight in one of the zones dates are read in)."""
    if value.tzinfo is None:  # stored times are UTC; be lenient with naive ones
        value = value.replace(tzinfo=UTC)
    for zone in _DATE_ONLY_ZONES:
        there = value.astimezone(zone)
        if there.hour == there.minute == there.second == there.microsecond == 0:
            return there
    return value.astimezone()


def format_date(value: datetime | None, fmt: str = "%d/%m/%Y") -> str:
    """A UTC datetime shown in the user's local time (a date given without a time
    as that date, see shown_moment); '' for None."""
    if value is None:
        return ""
    try:
        return shown_moment(value).strftime(fmt)
    except (ValueError, OverflowError, OSError):
        return value.strftime(fmt)


def format_views(views: int | None, *, column: bool = False) -> str:
    """ "1,234 views"; in a `column` (the CLI's list), a million and more in the
    short form the TUI's list uses ("1.0M views"), so the column stays aligned."""
    if views is None:
        return ""
    count = compact_views(views) if column and views >= 1_000_000 else f"{views:,}"
    return ngettext("{count} view", "{count} views", views).format(count=count)


def compact_views(views: int | None) -> str:
    """A view count in at most six cells: 987, 9,876, 98.7k, 987k, 9.9M."""
    if views is None:
        return ""
    if views < 10_000:
        return f"{views:,}"
    if views < 100_000:
        return f"{views / 1000:.1f}k"
    if views < 1_000_000:
        return f"{views // 1000}k"
    if views < 100_000_000:
        return f"{views / 1_000_000:.1f}M"
    return f"{views // 1_000_000}M"


def format_size(size: int) -> str:
    """A size on disk in decimal units, as file managers give it: "113 MB", "2.4 MB"."""
    megabytes = size / 1e6
    if megabytes >= 10:
        return f"{megabytes:,.0f} MB"
    if megabytes >= 0.1:
        return f"{megabytes:.1f} MB"
    return f"{max(1, round(size / 1e3)):,} kB"
