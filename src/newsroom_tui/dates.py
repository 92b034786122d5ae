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
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_DATE_FORMAT",
    "DEFAULT_TIMEZONE",
    "LOCAL_TIMEZONE",
    "find_date",
    "first_date_in",
    "format_pattern",
    "parse_date",
    "zone",
]

DEFAULT_DATE_FORMAT = "%d/%m/%Y"
_COMMON_SHAPES = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")
LOCAL_TIMEZONE = "Asia/Ho_Chi_Minh"  # where our readers and their portals are
DEFAULT_TIMEZONE = LOCAL_TIMEZONE
_MAX_TEXT = 200

# Month names and their usual abbreviations: English, French, German, Spanish,
# Portuguese, Italian, Dutch, Hungarian, Greek. Keys are case-folded, accents kept.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "jan",
        "january",
        "janv",
        "janvier",
        "januar",
        "jän",
        "jänner",
        "ene",
        "enero",
        "janeiro",
        "gen",
        "gennaio",
        "januari",
        "január",
        "ιαν",
        "ιανουάριος",
        "ιανουαρίου",
    ),
    2: (
        "feb",
        "february",
        "févr",
        "fevr",
        "février",
        "fevrier",
        "februar",
        "febrero",
        "fev",
        "fevereiro",
        "fév",
        "febbraio",
        "februari",
        "február",
        "φεβ",
        "φεβρουάριος",
        "φεβρουαρίου",
    ),
    3: (
        "mar",
        "march",
        "mars",
        "mär",
        "märz",
        "maerz",
        "marzo",
        "março",
        "marco",
        "mrt",
        "maart",
        "márc",
        "március",
        "μάρ",
        "μαρ",
        "μάρτιος",
        "μαρτίου",
    ),
    4: (
        "apr",
        "april",
        "avr",
        "avril",
        "abr",
        "abril",
        "aprile",
        "ápr",
        "április",
        "απρ",
        "απρίλιος",
        "απριλίου",
    ),
    5: (
        "may",
        "mai",
        "mayo",
        "maio",
        "mag",
        "maggio",
        "mei",
        "máj",
        "május",
        "μάι",
        "μαι",
        "μάιος",
        "μαΐου",
        "μαϊου",
    ),
    6: (
        "jun",
        "june",
        "juin",
        "juni",
        "junio",
        "junho",
        "giu",
        "giugno",
        "jún",
        "június",
        "ιούν",
        "ιουν",
        "ιούνιος",
        "ιουνίου",
    ),
    7: (
        "jul",
        "july",
        "juil",
        "juillet",
        "juli",
        "julio",
        "julho",
        "lug",
        "luglio",
        "júl",
        "július",
        "ιούλ",
        "ιουλ",
        "ιούλιος",
        "ιουλίου",
    ),
    8: (
        "aug",
        "august",
        "août",
        "aout",
        "ago",
        "agosto",
        "augustus",
        "aug.",
        "augusztus",
        "αύγ",
        "αυγ",
        "αύγουστος",
        "αυγούστου",
    ),
    9: (
        "sep",
        "sept",
        "september",
        "septembre",
        "set",
        "septiembre",
        "setiembre",
        "setembro",
        "settembre",
        "szept",
        "szeptember",
        "σεπ",
        "σεπτέμβριος",
        "σεπτεμβρίου",
    ),
    10: (
        "oct",
        "october",
        "octobre",
        "okt",
        "oktober",
        "octubre",
        "out",
        "outubro",
        "ott",
        "ottobre",
        "október",
        "οκτ",
        "οκτώβριος",
        "οκτωβρίου",
    ),
    11: (
        "nov",
        "november",
        "novembre",
        "noviembre",
        "novembro",
        "νοέ",
        "νοε",
        "νοέμβριος",
        "νοεμβρίου",
    ),
    12: (
        "dec",
        "december",
        "déc",
        "décembre",
        "decembre",
        "dez",
        "dezember",
        "dic",
        "diciembre",
        "dezembro",
        "dicembre",
        "dec.",
        "december",
        "dic.",
        "δεκ",
        "δεκέμβριος",
        "δεκεμβρίου",
    ),
}
_MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words}


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Weekday names are read and ignored (a wrong weekday never changes the date).
_WEEKDAYS = _words(
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday "
    "sat saturday sun sunday "
    "lun lundi mardi mer mercredi jeu jeudi ven vendredi sam samedi dim dimanche "
    "mo mon montag di dienstag mi mittwoch do donnerstag fr freitag sa samstag so "
    "sonntag "
    "lunes mar martes mié mie miércoles miercoles jue jueves vie viernes sáb sab "
    "sábado sabado dom domingo "
    "seg segunda qua quarta qui quinta sex sexta ter terça terca "
    "segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira "
    "lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi gio "
    "venerdì venerdi sabato domenica "
    "ma maandag dinsdag wo woensdag donderdag vr vrijdag za zaterdag zo zondag "
    "hétfő kedd szerda csütörtök péntek szombat vasárnap "
    "κυρ κυριακή δευ δευτέρα τρι τρίτη τετ τετάρτη πεμ πέμπτη παρ παρασκευή σαβ σάββατο "
    "cn",
)

# Words that carry no date information in "Monday, the 5th of April" shapes.
_FILLER = _words(
    "de del do da of the at on um à a le el den der am les ngày năm lúc vào luc nam ngay h"
)

# Named zones feeds use (RFC 822, feedparser's extras, and ours: ICT for Vietnam).
_ZONES: dict[str, float] = {
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
_ZONES.update({c: -(ord(c) - 96) for c in "abcdefghi"})
_ZONES.update({c: -(ord(c) - 97) for c in "klm"})
_ZONES.update({c: ord(c) - 109 for c in "nopqrstuvwxy"})

_AM = frozenset({"am", "a.m.", "sa", "오전", "πμ", "π.μ."})
_PM = frozenset({"pm", "p.m.", "ch", "chiều", "tối", "오후", "μμ", "μ.μ."})
_VN_MORNING = frozenset({"sáng"})

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
_VN_MONTH = re.compile(r"tháng\s*(\d{1,2})", re.IGNORECASE)
_ISO = re.compile(
    r"""
    (?P<y>\d{4})(?:-?(?P<m>0?\d{2})(?:-?(?P<d>\d{2}))?)?
    (?:[T\s]\s*(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?
    \s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


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
    iso = _iso(text, tz)
    if iso is not None:
        return iso
    try:
        rfc822 = _RFC822.fullmatch(text)
        if rfc822 is not None and _rfc822_zone_known(rfc822.group("z")):
            return _rfc822(rfc822, tz)
        return _tokens(text, tz)
    except (ValueError, OverflowError):
        return None


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
        patterns = [format_pattern(s) for s in ((date_format,) if date_format else _COMMON_SHAPES)]
    except ValueError:
        return None
    text = unicodedata.normalize("NFC", text[:4000])
    best: tuple[int, datetime] | None = None
    if not date_format:
        iso = _ISO_IN_TEXT.search(text)
        found = parse_date(iso.group(0), where) if iso else None
        if iso is not None and found is not None:
            best = (iso.start(), found)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            found = _from_format_match(match, text, where)
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


# -- ISO 8601 / W3C-DTF / MSSQL -------------------------------------------


def _iso(text: str, tz: tzinfo) -> datetime | None:
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
            tzinfo=_offset(parts["z"]) if parts["z"] else tz,
        )
    except ValueError:
        return None
    return _utc(value)


@lru_cache(maxsize=256)
def _offset(text: str) -> tzinfo:  # a feed repeats one offset on every item
    if text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _utc(value: datetime) -> datetime | None:
    try:
        result = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return result if 1 <= result.year <= 9999 else None


# -- RFC 822, the shape most RSS dates have: the token reader's answer, faster -

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
_RFC822_ZONES = frozenset(word for word in _ZONES if word.isalpha() and word not in _FILLER)


def _rfc822_zone_known(zone_text: str | None) -> bool:
    return not zone_text or zone_text[0] in "+-" or zone_text.lower() in _RFC822_ZONES


@lru_cache(maxsize=128)
def _named_zone(word: str) -> tzinfo:
    return timezone(timedelta(hours=_ZONES[word]))


@lru_cache(maxsize=256)
def _numeric_offset(text: str) -> tzinfo:
    return _signed_offset(text)  # a feed repeats one zone on every item


def _rfc822(match: re.Match[str], tz: tzinfo) -> datetime | None:
    """What _tokens reads for the same text (test_dates pins the two together)."""
    zone_text = (match.group("z") or "").lower()
    if zone_text[:1] in ("+", "-"):
        offset: tzinfo = _numeric_offset(zone_text)  # ValueError out of range, as _tokens
    elif zone_text:
        offset = _named_zone(zone_text)
    else:
        offset = tz
    try:
        value = datetime(
            int(match.group("y")),
            _MONTHS[match.group("b").lower()],
            int(match.group("d")),
            int(match.group("H")),
            int(match.group("M")),
            int(match.group("S") or 0),
            tzinfo=offset,
        )
    except ValueError:
        return None
    return _utc(value)


# -- free-form: tokens ----------------------------------------------------


@dataclass
class _Reading:
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


def _tokens(text: str, tz: tzinfo) -> datetime | None:
    reading = _Reading()
    low = text.casefold()
    # Korean units: 2004년 05월 28일 (OnBlog), implied KST.
    if "년" in low or "월" in low or "일" in low or "오후" in low or "오전" in low:
        reading.korean = True
        for number, unit in _KOREAN_UNITS.findall(low):
            if not _set(reading, {"년": "year", "월": "month", "일": "day"}[unit], int(number)):
                return None
        low = _KOREAN_UNITS.sub(" ", low)
    # Vietnamese: "21 tháng 5, 2024", "ngày 21 tháng 5 năm 2024".
    vn_month = _VN_MONTH.search(low)
    if vn_month:
        reading.month = int(vn_month.group(1))
        low = low[: vn_month.start()] + " " + low[vn_month.end() :]
    # "Thứ Ba" / "Chủ nhật" are Vietnamese weekdays: two words, drop them.
    low = re.sub(r"\bthứ\s+(hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bay|\d)\b|\bchủ\s+nhật\b", " ", low)
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
            reading.offset = _signed_offset(glued.group())  # 9:15-05:00
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
            reading.offset = _signed_offset(value)
        elif kind == "ymd":
            if not _numeric_date(reading, value):
                return None
        elif kind == "num":
            digits = match.group("num")
            numbers.append(int(digits))
            number_widths.append(len(digits))
        elif kind == "word" and not (_word(reading, value.rstrip(".")) or _word(reading, value)):
            return None
    if not _numbers(reading, numbers, number_widths):
        return None
    return _build(reading, tz)


def _set(reading: _Reading, field: str, value: int) -> bool:
    if getattr(reading, field) is not None:
        return False
    setattr(reading, field, value)
    return True


def _word(reading: _Reading, word: str) -> bool:
    if word in _MONTHS:
        if reading.month is not None and reading.month_word in _WEEKDAYS:
            reading.month = None  # "mar" was Spanish Tuesday, not March
        reading.month_word = word
        return _set(reading, "month", _MONTHS[word])
    if word in _ZONES and (word not in _FILLER or reading.has_time):
        # "AT" after a time is Atlantic time; before one it is the English word.
        if reading.offset is not None:
            return False
        reading.offset = timezone(timedelta(hours=_ZONES[word]))
        return True
    if word in _WEEKDAYS or word in _FILLER:
        return True
    if word in _AM or word in _PM or word in _VN_MORNING:
        reading.meridiem = "pm" if word in _PM else "am"
        return True
    # Hyphenated compounds: "2004-július-13" is split by the tokenizer, but
    # "segunda-feira" and "Etc/GMT" are single words handled above.
    if "-" in word:
        return all(_word(reading, part) for part in word.split("-") if part)
    return False


def _signed_offset(value: str) -> tzinfo:
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


def _numeric_date(reading: _Reading, value: str) -> bool:
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


def _numbers(reading: _Reading, numbers: list[int], widths: list[int]) -> bool:
    """Bare numbers next to a month name: one day and one year, in either order."""
    for number, width in zip(numbers, widths, strict=True):
        if width > 4:
            return False
        if width >= 3 or number > 31:
            if reading.year is not None:
                return False
            reading.year = number if width != 2 else _two_digit_year(number)
        elif reading.day is None and not reading.korean:
            reading.day = number
        elif reading.year is None and width == 2 and reading.day is not None:
            reading.year = _two_digit_year(number)
        else:
            return False
    return True


def _two_digit_year(value: int) -> int:
    return 2000 + value if value < 69 else 1900 + value


def _build(reading: _Reading, tz: tzinfo) -> datetime | None:
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
    return _utc(value)


# -- find_date: strptime-shaped search ------------------------------------

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
_ISO_IN_TEXT = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])",
    re.IGNORECASE,
)
_NEARBY_TIME = re.compile(r"\D{0,12}?(?<!\d)(\d{1,2})[:hg](\d{2})(?::(\d{2}))?(?![\d/])")
_TIME_BEFORE = re.compile(r"(?<![\d:])(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(?:[-–|,]|ngày)?\s*$")


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


def _from_format_match(match: re.Match[str], text: str, tz: tzinfo) -> datetime | None:
    parts = {k: v for k, v in match.groupdict().items() if v is not None}
    if "Y" in parts:
        year = int(parts["Y"])
    elif "y" in parts:
        year = _two_digit_year(int(parts["y"]))
    else:
        return None
    if "m" in parts:
        month = int(parts["m"])
    elif "b" in parts:
        found = _MONTHS.get(parts["b"].casefold().rstrip(".")) or _MONTHS.get(parts["b"].casefold())
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
        hour = hour % 12 + (12 if parts["p"].casefold() in _PM or parts["p"][0] in "pP" else 0)
    if "H" not in parts:
        nearby = _NEARBY_TIME.match(text, match.end()) or _TIME_BEFORE.search(
            text, 0, match.start()
        )
        if nearby is not None and int(nearby.group(1)) < 24 and int(nearby.group(2)) < 60:
            hour, minute = int(nearby.group(1)), int(nearby.group(2))
            second = int(nearby.group(3) or 0)
    where = tz
    if "z" in parts:
        try:
            where = _offset(parts["z"])
        except ValueError:
            return None
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=where)
    except ValueError:
        return None
    return _utc(value)
