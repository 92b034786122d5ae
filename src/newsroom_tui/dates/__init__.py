"""Dates as feeds and news portals write them, to aware datetimes, or None.

One module for every source: RSS/Atom/JSON Feed dates and the free text of
portal list pages both come here. The rule is "never a wrong date": a text
that does not read as exactly one valid date is None, not a guess. So the
parser reads tokens (numbers, times, zones, month and weekday names in the
languages our readers meet) and refuses any word it does not know, instead
of matching a pattern loosely and dropping what did not fit.

`parse_date` reads one date value (an RSS <pubDate>, an Atom <updated>, a
JSON Feed string); `find_date` finds the first date of a given strptime-style
shape inside free text ("21/05/2024 - 739 Lượt xem").

The readers, one module each: rfc822.py and numeric.py (ISO 8601) read the
common shapes fast; tokens.py reads everything else, with the words of
words.py and vietnamese.py; formats.py finds a date of a given shape in free
text; zones.py turns zone names and offsets into tzinfo.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, tzinfo

from newsroom_tui.dates.formats import (
    COMMON_SHAPES,
    DEFAULT_DATE_FORMAT,
    ISO_IN_TEXT,
    VIETNAMESE_LONG,
    format_pattern,
    from_format_match,
)
from newsroom_tui.dates.numeric import read_iso
from newsroom_tui.dates.rfc822 import read_rfc822, rfc822_match
from newsroom_tui.dates.tokens import read_tokens
from newsroom_tui.dates.zones import DEFAULT_TIMEZONE, LOCAL_TIMEZONE, zone

__all__ = ["find_date", "first_date_in", "parse_date"]

_MAX_TEXT = 200


def parse_date(text: object, tz: tzinfo = UTC) -> datetime | None:
    """One date value to a UTC datetime; a date without a zone is in `tz`.

    None when the text is not exactly one valid date (unknown words, day 31
    of April, hour 25, year 10000, two candidate years, ...).
    """
    if not isinstance(text, str):
        return None
    text = (text if text.isascii() else unicodedata.normalize("NFC", text)).strip()
    if not text or len(text) > _MAX_TEXT:
        return None
    iso = read_iso(text, tz)
    if iso is not None:
        return iso
    try:
        rfc822 = rfc822_match(text)
        if rfc822 is not None:
            return read_rfc822(rfc822, tz)
        found = read_tokens(text, tz)
    except (ValueError, OverflowError):
        return None
    return found if found is not None else _said_twice(text, tz)


def _said_twice(text: str, tz: tzinfo) -> datetime | None:
    """A date followed by the same date again in ISO form ("Dom, 16 Jun 2024
    14:09:05 +0000 2024-06-16 14:09:05", a feed template's junk): that date.
    Only when both halves read and agree; any other trailing text stays None."""
    iso = ISO_IN_TEXT.search(text)
    if iso is None or iso.start() == 0 or text[iso.end() :].strip():
        return None
    head = text[: iso.start()].strip()
    if ISO_IN_TEXT.search(head):
        return None
    first, second = parse_date(head, tz), parse_date(iso.group(0), tz)
    return first if first is not None and first == second else None


def find_date(
    text: object,
    date_format: str | None = None,
    tz: str | tzinfo = LOCAL_TIMEZONE,
) -> datetime | None:
    """The first date in free text that fits `date_format` (strptime codes), as UTC.

    A date without an offset is a wall-clock time in `tz`. A time written next
    to the date ("21/05/2024 08:30", "08:30 - 21/05/2024") is read with it when
    the format has none. `date_format=None` accepts the shapes pages commonly
    print (day first with / . or -, ISO 8601 with its offset) and, when none is
    found, reads the whole text as one date value ("May 21, 2024").
    """
    if not isinstance(text, str):
        return None
    try:
        where = zone(tz)
        patterns = [format_pattern(s) for s in ((date_format,) if date_format else COMMON_SHAPES)]
        if not date_format:
            patterns.append(VIETNAMESE_LONG)
    except ValueError:
        return None
    text = unicodedata.normalize("NFC", text[:4000])
    best: tuple[int, datetime] | None = None
    if not date_format:
        iso = ISO_IN_TEXT.search(text)
        found = parse_date(iso.group(0), where) if iso else None
        if iso is not None and found is not None:
            best = (iso.start(), found)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            found = from_format_match(match, text, where)
            if found is not None:
                best = (match.start(), found)
                break
    if best is not None:
        return best[1]
    return None if date_format else parse_date(text.strip()[:_MAX_TEXT], where)


def first_date_in(
    text: str, date_format: str = DEFAULT_DATE_FORMAT, timezone: str | tzinfo = DEFAULT_TIMEZONE
) -> datetime | None:
    """The first date in `text` of exactly `date_format` (a mapping's fields.date_format)."""
    return find_date(text, date_format or DEFAULT_DATE_FORMAT, timezone)
