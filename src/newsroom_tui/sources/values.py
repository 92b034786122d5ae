"""Numbers and texts as list pages print them."""

from __future__ import annotations

import re

# "739 Lượt xem", "Lượt xem: 739", "1.234 lượt xem", "Views: 1,234", "12 views".
_NUMBER = r"(?<![\d.,/:])(\d{1,3}(?:[.,]\d{3})+(?![\d])|\d+)"
_LABEL = (
    r"(?:lượt\s+xem|luot\s+xem|lượt\s+đọc|lượt\s+truy\s+cập(?:\s+bài)?|số\s+lần\s+xem|"
    r"lần\s+xem|đã\s+xem|views?|hits|👁\ufe0f?)"
)
_AFTER = re.compile(_NUMBER + r"\s*" + _LABEL + r"(?!\w)", re.IGNORECASE)
_BEFORE = re.compile(r"(?<!\w)" + _LABEL + r"\s*[:：]?\s*" + _NUMBER, re.IGNORECASE)
_BARE = re.compile(r"^\s*" + _NUMBER + r"\s*$")
# Dates and times a list prints beside its counts ("07-12-2026", "07.12.2026",
# "2026-12-07", "21/05/2024", "08:30", "13h45"): their numbers are never a view
# count, so they are blanked (same length, so positions stay) before a count is
# looked for. Three parts of one or two digits and a year; a thousands count
# ("1.234.567") has three-digit groups and is not one.
_DATE_OR_TIME = re.compile(
    r"(?<!\d)(?:\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2})|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    r"|\d{1,2}[:h]\d{2}(?::\d{2})?)(?!\d)",
    re.IGNORECASE,
)


def views_in_text(text: str, *, bare: bool = False) -> int | None:
    """The view count next to a views label in `text`, or None. `bare` also
    takes a text that is only a number (a JSON field, a table column)."""
    text = text[:2000]
    counts = _DATE_OR_TIME.sub(lambda m: " " * len(m.group()), text)
    found = [m for m in (_AFTER.search(counts), _BEFORE.search(counts)) if m]
    if not found and bare:
        match = _BARE.match(counts)
        found = [match] if match else []
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    digits = re.sub(r"\D", "", first.group(1))
    try:
        # A count too big to store is returned as it is: the cache's review drops
        # it and says so ("view count out of range ... dropped"), once per fetch.
        return int(digits[:40])
    except ValueError:
        return None


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, trimmed."""
    return " ".join(text.split())
