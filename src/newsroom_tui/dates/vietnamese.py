"""Vietnamese date forms, as local-government portals write them:
"ngày 21 tháng 5 năm 2024", "21 tháng 5, 2024", "Thứ Ba, 21/05/2024",
"chiều 21/5", "CN" (Chủ nhật).

The month comes after the word "tháng", and a weekday is two words ("Thứ
Ba", "Chủ nhật"), so both are taken out of the text before it is read as
tokens; the rest are single words the token reader knows (words.py).
"""

from __future__ import annotations

import re

# "ngày" (day), "năm" (year), "lúc"/"vào" (at), with and without their marks.
VN_FILLER = frozenset({"ngày", "năm", "lúc", "vào", "luc", "nam", "ngay"})
VN_WEEKDAYS = frozenset({"cn"})  # Chủ nhật, as a calendar abbreviates it
VN_AM = frozenset({"sa"})  # sáng
VN_PM = frozenset({"ch", "chiều", "tối"})
VN_MORNING = frozenset({"sáng"})

_MONTH = re.compile(r"tháng\s*(\d{1,2})", re.IGNORECASE)
_WEEKDAY = re.compile(r"\bthứ\s+(hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bay|\d)\b|\bchủ\s+nhật\b")


def take_month(low: str) -> tuple[int | None, str]:
    """The month written as "tháng N", and the text without it."""
    found = _MONTH.search(low)
    if found is None:
        return None, low
    return int(found.group(1)), low[: found.start()] + " " + low[found.end() :]


def drop_weekday(low: str) -> str:
    """The text without its "Thứ Ba" / "Chủ nhật" (two words each)."""
    return _WEEKDAY.sub(" ", low)
