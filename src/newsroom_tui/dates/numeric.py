"""Numeric date forms: ISO 8601 / W3C-DTF (and MSSQL's space for T), all-digit
dates with / . or - (year first, or day first as our readers write them),
and bare day and year numbers beside a month name.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from newsroom_tui.dates.reading import Reading
from newsroom_tui.dates.zones import iso_offset, to_utc

_ISO = re.compile(
    r"""
    (?P<y>\d{4})(?:-?(?P<m>0?\d{2})(?:-?(?P<d>\d{2}))?)?
    (?:[T\s]\s*(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?
    \s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def read_iso(text: str, tz: tzinfo) -> datetime | None:
    """The whole text as one ISO 8601 date, or None."""
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    if parts["H"] is None and parts["z"] is not None and parts["z"].upper() != "Z":
        return None  # "2013-01-27-01": too many date parts, not a zone
    try:
        value = datetime(
            int(parts["y"]),
            int(parts["m"] or 1),
            int(parts["d"] or 1),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
            tzinfo=iso_offset(parts["z"]) if parts["z"] else tz,
        )
    except ValueError:
        return None
    return to_utc(value)


def numeric_date(reading: Reading, value: str) -> bool:
    """2020/1/10 is year-month-day; 21/05/2024 is day-month-year (as our readers write)."""
    if reading.year is not None or reading.day is not None:
        return False
    parts = re.split(r"[/.-]", value)
    first, second, third = (int(p) for p in parts)
    if len(parts[0]) == 4:
        year, month, day = first, second, third
    elif len(parts[2]) == 4:
        year = third
        if first <= 12 < second:
            month, day = first, second  # 12/31/2024: only month-day-year fits
        else:
            day, month = first, second
    elif first > 31 and len(parts[0]) == 2:
        year, month, day = 2000 + first if first < 69 else 1900 + first, second, third
    else:
        return False  # 05/06/07: which is the year? Not a guess.
    if reading.month is not None:
        return False
    reading.year, reading.month, reading.day = year, month, day
    return True


def bare_numbers(reading: Reading, numbers: list[int], widths: list[int]) -> bool:
    """Bare numbers next to a month name: one day and one year, in either order."""
    for number, width in zip(numbers, widths, strict=True):
        if width > 4:
            return False
        if width >= 3 or number > 31:
            if reading.year is not None:
                return False
            reading.year = number if width != 2 else two_digit_year(number)
        elif reading.day is None and not reading.korean:
            reading.day = number
        elif reading.year is None and width == 2 and reading.day is not None:
            reading.year = two_digit_year(number)
        else:
            return False
    return True


def two_digit_year(value: int) -> int:
    return 2000 + value if value < 69 else 1900 + value
