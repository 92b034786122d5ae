"""Feed dates to timezone-aware UTC datetimes, or None: never a guess."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime

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
