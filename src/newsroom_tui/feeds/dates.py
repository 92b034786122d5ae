"""Feed dates to timezone-aware UTC datetimes, or None: never a guess."""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_MIN_YEAR = 1970
_MAX_YEAR = 9000


def from_struct(value: time.struct_time | None) -> datetime | None:
    """feedparser's *_parsed fields are UTC struct_times."""
    if value is None:
        return None
    try:
        if not _MIN_YEAR <= value.tm_year <= _MAX_YEAR:
            return None
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def parse_date(text: str) -> datetime | None:
    """RFC 3339 first (JSON Feed, Atom), then whatever feedparser understands."""
    text = text.strip()
    if not text or len(text) > 100:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        value = None
    if value is not None:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if not _MIN_YEAR <= value.year <= _MAX_YEAR:
            return None
        return value.astimezone(UTC)
    from feedparser.datetimes import _parse_date

    try:
        return from_struct(_parse_date(text))
    except Exception:  # feedparser's date handlers raise many kinds on junk
        return None


# Dates as news portals print them: 21/05/2024, 1/7/2024 08:30, "Thứ Ba, 21/05/2024 08:30:15",
# or ISO 8601 (2024-05-21, 2024-05-21T08:30:00+07:00).
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"
    r"(?:\D{0,12}?(?<!\d)(\d{1,2})[:hg](\d{2})(?::(\d{2}))?(?!\d))?"
)
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"


def find_date(text: str, zone: str = LOCAL_TIMEZONE) -> datetime | None:
    """The first day-first or ISO date (with its time, if any) in `text`, as UTC.

    A date without an offset is a wall-clock time in `zone`; a day that
    does not exist (31/02) is no date at all.
    """
    if not text:
        return None
    text = text[:2000]
    iso = _ISO.search(text)
    dmy = _DMY.search(text)
    if iso is not None and (dmy is None or iso.start() < dmy.start()):
        year, month, day, hour, minute, second, offset = iso.groups()
        if offset:
            return parse_date(iso.group(0))
    elif dmy is not None:
        day, month, year, hour, minute, second = dmy.groups()
    else:
        return None
    try:
        value = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value.replace(tzinfo=_zone(zone)).astimezone(UTC)


def _zone(name: str) -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ImportError, KeyError, ValueError):  # no tz database: Vietnam has no DST
        return timezone(timedelta(hours=7))


# -- dates written as text on web pages (portal sources) ---------------------

DEFAULT_DATE_FORMAT = "%d/%m/%Y"
DEFAULT_TIMEZONE = LOCAL_TIMEZONE

# What each strptime directive may look like inside running text.
_DIRECTIVE_PATTERNS = {
    "d": r"\d{1,2}",
    "m": r"\d{1,2}",
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "H": r"\d{1,2}",
    "I": r"\d{1,2}",
    "M": r"\d{2}",
    "S": r"\d{2}",
    "p": r"(?:AM|PM|am|pm)",
    "b": r"[A-Za-z]{3}",
    "B": r"[A-Za-z]{3,9}",
    "a": r"[A-Za-z]{3}",
    "A": r"[A-Za-z]{6,9}",
    "z": r"[+-]\d{2}:?\d{2}",
    "%": "%",
}


def format_pattern(date_format: str) -> re.Pattern[str]:
    """A regex finding text shaped like `date_format`; ValueError on a directive
    it does not know (the mapping's validation reports it)."""
    out: list[str] = []
    i = 0
    while i < len(date_format):
        ch = date_format[i]
        if ch == "%" and i + 1 < len(date_format):
            directive = date_format[i + 1]
            if directive not in _DIRECTIVE_PATTERNS:
                raise ValueError(f"unsupported directive %{directive}")
            out.append(_DIRECTIVE_PATTERNS[directive])
            i += 2
            continue
        out.append(r"\s+" if ch.isspace() else re.escape(ch))
        i += 1
    return re.compile(r"(?<!\d)" + "".join(out) + r"(?!\d)")


def zone(name: str) -> tzinfo:
    """The named IANA time zone; ValueError when the system does not know it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def first_date_in(
    text: str, date_format: str = DEFAULT_DATE_FORMAT, timezone: str | tzinfo = DEFAULT_TIMEZONE
) -> datetime | None:
    """The first date in `text` that fits `date_format`, in `timezone` unless the
    format gives an offset, as UTC; None when nothing fits.

    "21/05/2024 - 739 Lượt xem" with %d/%m/%Y is 2024-05-20T17:00Z (midnight in Hanoi).
    """
    tz = zone(timezone) if isinstance(timezone, str) else timezone
    for match in format_pattern(date_format).finditer(text[:2000]):
        try:
            value = datetime.strptime(" ".join(match.group(0).split()), date_format)
        except ValueError:
            continue
        return _in_range(value, tz)
    return None


def _in_range(value: datetime, tz: tzinfo) -> datetime | None:
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value.astimezone(UTC)
