"""Folding text for accent- and case-insensitive search.

The FTS5 tokenizer (unicode61, remove_diacritics 2) already drops case and
combining marks, but letters that are not a base letter plus a mark (Đ/đ
in Vietnamese, ø, ł, ...) survive it. `index_fold` maps those to their
ASCII look-alike before text reaches the index, and queries get the same
treatment, so "ba dinh" finds "Ba Đình".
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = {
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "ħ": "h",
    "Ħ": "H",
    "ı": "i",
    "ŧ": "t",
    "Ŧ": "T",
    "ƀ": "b",
    "ɗ": "d",
    "Ɗ": "D",
}
# str.translate with a dict runs at a few MB/s; a replace() per letter that
# occurs is a fast C scan, and Vietnamese text has đ on every line. Testing
# the rarer letters with `in` one by one is about 3x faster than one regex
# character class over the same text.
_RARE_LETTERS = tuple((letter, plain) for letter, plain in _LETTERS.items() if letter not in "đĐ")


# Unicode's format characters (category Cf): soft hyphen, zero-width space and
# joiners, bidi marks, word joiner, BOM, tags. Invisible, so a word typed
# plainly must match the word written with one inside: the index and the
# query both drop them. Listed, not computed: scanning all of Unicode at
# import would cost every start.
_FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def _surely_without_format_chars(text: str) -> bool:
    """True when `text` cannot hold a format character: every one of them is
    non-printable, and so are only a few common others (line breaks, tabs,
    no-break space). Two C scans instead of the regex above, whose character
    class of astral ranges costs ~0.4 s over a cold fetch's bodies."""
    if text.isprintable():
        return True
    return (
        text.replace("\n", "").replace("\t", "").replace("\r", "").replace("\xa0", "").isprintable()
    )


def index_fold(text: str) -> str:
    """What the index stores for `text` (and how a query is read): NFC, without
    invisible format characters, with non-decomposable letters mapped."""
    if text.isascii():
        return text
    if not _surely_without_format_chars(text) and _FORMAT_CHARS.search(text) is not None:
        text = _FORMAT_CHARS.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "đ" in text:
        text = text.replace("đ", "d")
    if "Đ" in text:
        text = text.replace("Đ", "D")
    for letter, plain in _RARE_LETTERS:
        if letter in text:
            text = text.replace(letter, plain)
    return text


def full_fold(text: str) -> str:
    """Lowercase, accent-free form, one output character per NFC input character.

    Keeping the length lets a match found in the folded text be highlighted at
    the same offsets in the original.
    """
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text.lower()
    # Map each distinct character once; translate() then runs in C.
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


def _fold_char(char: str) -> str:
    cached = _CHAR_CACHE.get(char)
    if cached is not None:
        return cached
    mapped = _LETTERS.get(char, char)
    base = unicodedata.normalize("NFD", mapped)[0]
    lower = base.lower()
    result = lower if len(lower) == 1 else base
    _CHAR_CACHE[char] = result
    return result


_CHAR_CACHE: dict[str, str] = {}
