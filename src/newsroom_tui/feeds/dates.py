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
