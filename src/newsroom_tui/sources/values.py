"""Numbers and texts as list pages print them."""

from __future__ import annotations

import re

# "739 Lượt xem", "Lượt xem: 739", "1.234 lượt xem", "Views: 1,234", "12 views".
_NUMBER = r"(?<![\d.,/:])(\d{1,3}(?:[.,]\d{3})+(?![\d])|\d+)"
_LABEL = r"(?:lượt\s+xem|luot\s+xem|lượt\s+đọc|views?|lần\s+xem)"
_AFTER = re.compile(_NUMBER + r"\s*" + _LABEL, re.IGNORECASE)
_BEFORE = re.compile(_LABEL + r"\s*[:：]?\s*" + _NUMBER, re.IGNORECASE)
_BARE = re.compile(r"^\s*" + _NUMBER + r"\s*$")


def views_in_text(text: str, *, bare: bool = False) -> int | None:
    """The view count next to a views label in `text`, or None. `bare` also
    takes a text that is only a number (a JSON field, a table column)."""
    text = text[:2000]
    found = [m for m in (_AFTER.search(text), _BEFORE.search(text)) if m]
    if not found and bare:
        match = _BARE.match(text)
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
