"""The free-form date reader: the text as tokens (numbers, times, zones, and
words it knows), each put in its one place, or None at the first token that
does not fit. Slow beside the RFC 822 and ISO readers, but it reads the rest:
"Thứ Ba, 21 tháng 5, 2024 - 08:30", "Dienstag, 5. April 2011 um 10:00 MESZ",
"2004년 05월 28일 오후 3:15".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from newsroom_tui.dates.numeric import bare_numbers, numeric_date
from newsroom_tui.dates.reading import Reading, build, set_once
from newsroom_tui.dates.vietnamese import drop_weekday, take_month
from newsroom_tui.dates.words import AM, FILLER, MONTHS, MORNING, PM, WEEKDAYS
from newsroom_tui.dates.zones import ZONES, signed_offset

# A token is a time, a signed zone, a number, or a word (letters, dots, hyphens).
_TOKEN = re.compile(
    r"""
    (?P<time>\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?)(?![:\d])
  | (?P<offset>(?<![\w/.-])(?:gmt|utc|ut)?[+-]\d{1,2}(?::?\d{2})?(?!\d))
  | (?P<ymd>\d{1,4}[/.-]\d{1,3}[/.-]\d{1,4})(?![/.\d])
  | (?P<num>\d+)(?:st|nd|rd|th|er|e|º|°|\.)?(?![\d/])
  | (?P<word>[^\W\d_][\w./-]*[^\W\d_/-]|[^\W\d_]\.?)
  | (?P<sep>[\s,;|()\[\]–—]+|-(?!\d)|(?<=[^\W\d_])-|/)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_KOREAN_UNITS = re.compile(r"(\d{1,4})\s*(년|월|일)")
_GLUED_OFFSET = re.compile(r"[+-]\d{2}(?::?\d{2})?(?!\d)")


def read_tokens(text: str, tz: tzinfo) -> datetime | None:
    """The text as one date, or None; ValueError for an offset out of range."""
    reading = Reading()
    low = text.casefold()
    # Korean units: 2004년 05월 28일 (OnBlog), implied KST.
    if "년" in low or "월" in low or "일" in low or "오후" in low or "오전" in low:
        reading.korean = True
        for number, unit in _KOREAN_UNITS.findall(low):
            if not set_once(reading, {"년": "year", "월": "month", "일": "day"}[unit], int(number)):
                return None
        low = _KOREAN_UNITS.sub(" ", low)
    # Vietnamese: "21 tháng 5, 2024", "ngày 21 tháng 5 năm 2024".
    month, low = take_month(low)
    if month is not None:
        reading.month = month
    # "Thứ Ba" / "Chủ nhật" are Vietnamese weekdays: two words, drop them.
    low = drop_weekday(low)
    # "13T9:15" (an ISO-ish time glued to a date by T).
    low = re.sub(r"(?<=\d)t(?=\d{1,2}:)", " ", low)
    numbers: list[int] = []
    number_widths: list[int] = []
    position = 0
    while position < len(low):
        glued = (
            _GLUED_OFFSET.match(low, position) if low[position - 1 : position].isdigit() else None
        )
        if glued is not None and reading.has_time and reading.offset is None:
            reading.offset = signed_offset(glued.group())  # 9:15-05:00
            position = glued.end()
            continue
        match = _TOKEN.match(low, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind or "")
        if kind == "sep":
            continue
        if kind == "time":
            if reading.has_time:
                return None
            pieces = re.split(r"[:h]", value.split(",")[0].split(".")[0])
            reading.hour, reading.minute = int(pieces[0]), int(pieces[1])
            reading.second = int(pieces[2]) if len(pieces) > 2 else 0
            reading.has_time = True
        elif kind == "offset":
            # "-05" after a date is a number, not a zone, unless it is +hhmm.
            bare = not reading.has_time and not value.startswith(("gmt", "utc", "ut"))
            if bare and not re.fullmatch(r"[+-]\d{4}", value):
                return None
            if reading.offset is not None:
                return None
            reading.offset = signed_offset(value)
        elif kind == "ymd":
            if not numeric_date(reading, value):
                return None
        elif kind == "num":
            digits = match.group("num")
            numbers.append(int(digits))
            number_widths.append(len(digits))
        elif kind == "word" and not (_word(reading, value.rstrip(".")) or _word(reading, value)):
            return None
    if not bare_numbers(reading, numbers, number_widths):
        return None
    return build(reading, tz)


def _word(reading: Reading, word: str) -> bool:
    if word in MONTHS:
        if reading.month is not None and reading.month_word in WEEKDAYS:
            reading.month = None  # "mar" was Spanish Tuesday, not March
        reading.month_word = word
        return set_once(reading, "month", MONTHS[word])
    if word in ZONES and (word not in FILLER or reading.has_time):
        # "AT" after a time is Atlantic time; before one it is the English word.
        if reading.offset is not None:
            return False
        reading.offset = timezone(timedelta(hours=ZONES[word]))
        return True
    if word in WEEKDAYS or word in FILLER:
        return True
    if word in AM or word in PM or word in MORNING:
        reading.meridiem = "pm" if word in PM else "am"
        return True
    # Hyphenated compounds: "2004-július-13" is split by the tokenizer, but
    # "segunda-feira" and "Etc/GMT" are single words handled above.
    if "-" in word:
        return all(_word(reading, part) for part in word.split("-") if part)
    return False
