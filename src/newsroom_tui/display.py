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
