"""Time zones: the readers' own zone, zone names and offsets as feeds write
them, and the one conversion every reader ends with (to UTC, years 1-9999).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"  # where our readers and their portals are
DEFAULT_TIMEZONE = LOCAL_TIMEZONE

# Named zones feeds use (RFC 822, feedparser's extras, and ours: ICT for Vietnam).
ZONES: dict[str, float] = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "etc/gmt": 0,
    "etc/utc": 0,
    "wet": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "at": -4,
    "et": -5,
    "ct": -6,
    "mt": -7,
    "pt": -8,
    "ast": -4,
    "adt": -3,
    "akst": -9,
    "akdt": -8,
    "hst": -10,
    "nst": -3.5,
    "ndt": -2.5,
    "bst": 1,
    "cet": 1,
    "met": 1,
    "mez": 1,
    "cest": 2,
    "mest": 2,
    "mesz": 2,
    "west": 1,
    "eet": 2,
    "eest": 3,
    "msk": 3,
    "ist": 5.5,
    "ict": 7,
    "wib": 7,
    "hkt": 8,
    "sgt": 8,
    "awst": 8,
    "pht": 8,
    "kst": 9,
    "jst": 9,
    "aest": 10,
    "aedt": 11,
    "nzst": 12,
    "nzdt": 13,
}
# RFC 822 military zones (one letter, J unused; Z is UTC above).
ZONES.update({c: -(ord(c) - 96) for c in "abcdefghi"})
ZONES.update({c: -(ord(c) - 97) for c in "klm"})
ZONES.update({c: ord(c) - 109 for c in "nopqrstuvwxy"})


def zone(name: str | tzinfo) -> tzinfo:
    """An IANA zone name ('Asia/Ho_Chi_Minh') or a fixed offset ('+07:00').

    ValueError names a zone the system does not know (mapping validation says so).
    """
    if isinstance(name, tzinfo):
        return name
    return _zone(name.strip())


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    match = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2}):?(\d{2})?", name, re.IGNORECASE)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        if minutes < 24 * 60:
            return timezone(sign * timedelta(minutes=minutes))
    elif name.casefold() in ("utc", "gmt", "z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if name == LOCAL_TIMEZONE:  # no tz database: Vietnam has no DST
            return timezone(timedelta(hours=7))
        raise ValueError(f"unknown time zone {name!r}") from exc


@lru_cache(maxsize=256)
def iso_offset(text: str) -> tzinfo:  # a feed repeats one offset on every item
    """An ISO 8601 offset: "Z", "+07:00", "-0500", "+07"."""
    if text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def signed_offset(value: str) -> tzinfo:
    """A signed offset as free text writes it: "+7", "-05:00", "gmt+0700"."""
    value = re.sub(r"^(gmt|utc|ut)", "", value)
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


@lru_cache(maxsize=128)
def named_zone(word: str) -> tzinfo:
    return timezone(timedelta(hours=ZONES[word]))


@lru_cache(maxsize=256)
def numeric_offset(text: str) -> tzinfo:
    return signed_offset(text)  # a feed repeats one zone on every item


def to_utc(value: datetime) -> datetime | None:
    try:
        result = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return result if 1 <= result.year <= 9999 else None
