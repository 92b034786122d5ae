"""What the token reader has read of a date so far, and the datetime it makes
once the text is read: one field set once, or the text is not one date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from newsroom_tui.dates.zones import to_utc


@dataclass
class Reading:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int = 0
    minute: int = 0
    second: int = 0
    has_time: bool = False
    meridiem: str | None = None
    offset: tzinfo | None = None
    korean: bool = False
    month_word: str = ""


def set_once(reading: Reading, field: str, value: int) -> bool:
    if getattr(reading, field) is not None:
        return False
    setattr(reading, field, value)
    return True


def build(reading: Reading, tz: tzinfo) -> datetime | None:
    if reading.year is None or reading.month is None:
        return None
    if reading.day is None:
        return None
    hour = reading.hour
    if reading.meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if reading.meridiem == "pm" else 0)
    offset = reading.offset
    if offset is None:
        offset = timezone(timedelta(hours=9)) if reading.korean else tz
    try:
        value = datetime(
            reading.year,
            reading.month,
            reading.day,
            hour,
            reading.minute,
            reading.second,
            tzinfo=offset,
        )
    except ValueError:
        return None
    return to_utc(value)
