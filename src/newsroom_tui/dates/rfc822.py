"""RFC 822, the shape most RSS dates have ("Mon, 02 Jan 2006 15:04:05 -0700"):
the token reader's answer for it, faster.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from newsroom_tui.dates.words import FILLER, MONTHS
from newsroom_tui.dates.zones import ZONES, named_zone, numeric_offset, to_utc

_RFC822 = re.compile(
    r"""
    (?:(?:mon|tue|wed|thu|fri|sat|sun)(?:,\s*|\s+))?
    (?P<d>\d{1,2})\s+(?P<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+(?P<y>\d{4})
    \s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?
    (?:\s+(?P<z>[+-]\d{4}|[a-z]{1,4}))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Zone words the token reader reads as zones wherever they stand ("at" is a
# word before a time, so it stays with the token reader).
_KNOWN_ZONES = frozenset(word for word in ZONES if word.isalpha() and word not in FILLER)


def rfc822_match(text: str) -> re.Match[str] | None:
    """The text read as RFC 822, when it is one whose zone (if any) is known."""
    match = _RFC822.fullmatch(text)
    if match is None:
        return None
    zone_text = match.group("z")
    if not zone_text or zone_text[0] in "+-" or zone_text.lower() in _KNOWN_ZONES:
        return match
    return None


def read_rfc822(match: re.Match[str], tz: tzinfo) -> datetime | None:
    """What tokens.read_tokens reads for the same text (test_dates pins the two together)."""
    zone_text = (match.group("z") or "").lower()
    if zone_text[:1] in ("+", "-"):
        offset: tzinfo = numeric_offset(zone_text)  # ValueError out of range, as read_tokens
    elif zone_text:
        offset = named_zone(zone_text)
    else:
        offset = tz
    try:
        value = datetime(
            int(match.group("y")),
            MONTHS[match.group("b").lower()],
            int(match.group("d")),
            int(match.group("H")),
            int(match.group("M")),
            int(match.group("S") or 0),
            tzinfo=offset,
        )
    except ValueError:
        return None
    return to_utc(value)
