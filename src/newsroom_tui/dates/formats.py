"""Dates of a given strptime-style shape inside free text ("21/05/2024 - 739
Lượt xem"), as a portal mapping's `date_format` names them, with a time
written next to the date read along with it.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from functools import lru_cache

from newsroom_tui.dates.numeric import two_digit_year
from newsroom_tui.dates.words import MONTHS, PM
from newsroom_tui.dates.zones import iso_offset, to_utc

DEFAULT_DATE_FORMAT = "%d/%m/%Y"
# The shapes pages commonly print, tried when a mapping names none.
# Day first, as Vietnamese (and most non-US) pages write them; a two-digit
# year only with slashes ("21/05/24"), never inside a longer number.
COMMON_SHAPES = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y")
# The long form of Vietnamese official text: "Ngày 21 tháng 5 năm 2024".
VIETNAMESE_LONG = re.compile(
    r"(?<!\w)ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2}),?\s+năm\s+(?P<Y>\d{4})(?!\d)",
    re.IGNORECASE,
)

_CODES = {
    "d": r"(?P<d>\d{1,2})",
    "e": r"(?P<d>\d{1,2})",
    "m": r"(?P<m>\d{1,2})",
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "H": r"(?P<H>\d{1,2})",
    "I": r"(?P<H>\d{1,2})",
    "M": r"(?P<M>\d{2})",
    "S": r"(?P<S>\d{2})",
    "p": r"(?P<p>am|pm|sa|ch|a\.m\.|p\.m\.)",
    "b": r"(?P<b>[^\W\d_]+\.?)",
    "B": r"(?P<b>[^\W\d_]+\.?)",
    "z": r"(?P<z>[+-]\d{2}:?\d{2}|z)",
    "a": r"[^\W\d_]+\.?",
    "A": r"[^\W\d_]+",
    "%": "%",
}
ISO_IN_TEXT = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])",
    re.IGNORECASE,
)
# A time's AM/PM written after it: "2:15 PM", "2:15:00 CH" (chiều; SA is sáng), as
# .NET portals print vi-VN times.
_MERIDIEM = r"(?:\s*(?i:(am|pm|sa|ch|a\.m\.|p\.m\.))(?![^\W\d_]))?"
_NEARBY_TIME = re.compile(
    r"\D{0,12}?(?<!\d)(\d{1,2})[:hg](\d{2})(?::(\d{2}))?(?![\d/])" + _MERIDIEM
)
_TIME_BEFORE = re.compile(
    r"(?<![\d:])(\d{1,2})[:h](\d{2})(?::(\d{2}))?" + _MERIDIEM + r"\s*(?:[-–|,]|ngày)?\s*$"
)


@lru_cache(maxsize=32)
def format_pattern(date_format: str) -> re.Pattern[str]:
    """A regex finding text shaped like `date_format`; ValueError on a directive
    it does not know (the mapping's validation reports it)."""
    out: list[str] = [r"(?<!\d)"]
    seen: set[str] = set()
    index = 0
    while index < len(date_format):
        char = date_format[index]
        if char == "%" and index + 1 < len(date_format):
            code = date_format[index + 1]
            piece = _CODES.get(code)
            if piece is None:
                raise ValueError(f"unsupported directive %{code}")
            group = re.search(r"\?P<(\w+)>", piece)
            if group and group.group(1) in seen:
                piece = re.sub(r"\?P<\w+>", "?:", piece)
            elif group:
                seen.add(group.group(1))
            out.append(piece)
            index += 2
        elif char.isspace():
            out.append(r"\s+")
            index += 1
        else:
            out.append(re.escape(char))
            index += 1
    out.append(r"(?!\d)")
    return re.compile("".join(out), re.IGNORECASE)


def from_format_match(match: re.Match[str], text: str, tz: tzinfo) -> datetime | None:
    """The date a format_pattern match found in `text`, as UTC, or None."""
    parts = {k: v for k, v in match.groupdict().items() if v is not None}
    if "Y" in parts:
        year = int(parts["Y"])
    elif "y" in parts:
        year = two_digit_year(int(parts["y"]))
    else:
        return None
    if "m" in parts:
        month = int(parts["m"])
    elif "b" in parts:
        found = MONTHS.get(parts["b"].casefold().rstrip(".")) or MONTHS.get(parts["b"].casefold())
        if found is None:
            return None
        month = found
    else:
        return None
    day = int(parts.get("d", 1))
    hour, minute, second = int(parts.get("H", 0)), int(parts.get("M", 0)), int(parts.get("S", 0))
    if "p" in parts:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if parts["p"].casefold() in PM or parts["p"][0] in "pP" else 0)
    if "H" not in parts:
        nearby = _NEARBY_TIME.match(text, match.end()) or _TIME_BEFORE.search(
            text, 0, match.start()
        )
        if nearby is not None and int(nearby.group(1)) < 24 and int(nearby.group(2)) < 60:
            hour, minute = int(nearby.group(1)), int(nearby.group(2))
            second = int(nearby.group(3) or 0)
            if nearby.group(4):
                afternoon = nearby.group(4).casefold() in PM or nearby.group(4)[0] in "pP"
                if 1 <= hour <= 12:
                    hour = hour % 12 + (12 if afternoon else 0)
                elif not afternoon:
                    return None  # "14:15 SA" contradicts itself
    where = tz
    if "z" in parts:
        try:
            where = iso_offset(parts["z"])
        except ValueError:
            return None
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=where)
    except ValueError:
        return None
    return to_utc(value)
