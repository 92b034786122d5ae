"""How dates and view counts read, the same in the CLI, the TUI and exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newsroom_tui.i18n import language, ngettext

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


# How numbers are written, per language: (thousands separator, decimal mark).
# English "15,780" and "15.8k"; Vietnamese "15.780" and "15,8k", as the
# portals print their view counts. Every count the reader and the command
# line show goes through `count_text` / `decimal_text`.
_NUMBER_MARKS = {"en": (",", "."), "vi": (".", ",")}


def _marks() -> tuple[str, str]:
    return _NUMBER_MARKS.get(language(), _NUMBER_MARKS["en"])


def count_text(number: int) -> str:
    """A whole number with the language's thousands separator: "15,780" / "15.780"."""
    thousands, _decimal = _marks()
    text = f"{number:,}"
    return text if thousands == "," else text.replace(",", thousands)


def decimal_text(number: float, places: int = 1) -> str:
    """A number with `places` decimals and the language's marks: "2.4" / "2,4"."""
    thousands, decimal = _marks()
    text = f"{number:,.{places}f}"
    if (thousands, decimal) == (",", "."):
        return text
    return text.translate(str.maketrans(",.", thousands + decimal))


def format_views(views: int | None, *, column: bool = False) -> str:
    """ "1,234 views"; in a `column` (the CLI's list), a million and more in the
    short form the TUI's list uses ("1.0M views"), so the column stays aligned."""
    if views is None:
        return ""
    count = compact_views(views) if column and views >= 1_000_000 else count_text(views)
    return ngettext("{count} view", "{count} views", views).format(count=count)


def compact_views(views: int | None) -> str:
    """A view count in at most six cells: 987, 9,876, 98.7k, 987k, 9.9M."""
    if views is None:
        return ""
    if views < 10_000:
        return count_text(views)
    if views < 100_000:
        return decimal_text(views / 1000) + "k"
    if views < 1_000_000:
        return f"{views // 1000}k"
    if views < 100_000_000:
        return decimal_text(views / 1_000_000) + "M"
    return f"{views // 1_000_000}M"


def format_size(size: int) -> str:
    """A size on disk in decimal units, as file managers give it: "113 MB", "2.4 MB"."""
    megabytes = size / 1e6
    if megabytes >= 10:
        return count_text(round(megabytes)) + " MB"
    if megabytes >= 0.1:
        return decimal_text(megabytes) + " MB"
    return count_text(max(1, round(size / 1e3))) + " kB"
