"""Cleaning untrusted text at the edge, before it reaches the cache.

Everything a feed says passes through here: control characters (C0 but tab
and newline, DEL, C1), bidi overrides and invisible formatting characters
are removed, lone surrogates replaced, and the result normalised to NFC.
No later output path (terminal, JSON, export) can then leak an escape.
Tag characters go too, except where they spell a subdivision flag: shown
text, summaries and search words all come from here, so they keep the same.
"""

from __future__ import annotations

import re
import unicodedata

# C0 except \t and \n, DEL, C1; bidi embeddings/overrides/isolates; zero-width
# space, word joiner, BOM and other invisible format characters. ZWJ/ZWNJ stay:
# scripts such as Persian and emoji sequences need them.
_UNSAFE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f"
)
_SURROGATE_CHARS = "\ud800-\udfff"
# Tag characters (U+E0020-U+E007F) are invisible, and can carry hidden text,
# so they go, but for the one thing they draw: a subdivision flag, the emoji
# tag sequence on U+1F3F4 WAVING BLACK FLAG (UTS #51 ED-14a). England is
# U+1F3F4, "gbeng" in tag letters, U+E007F CANCEL TAG; the code is a CLDR
# subdivision id: two region letters, then one to four letters or digits.
_FLAG_SEQUENCE = (
    "\U0001f3f4\ufe0f?[\U000e0061-\U000e007a]{2}"
    "[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,4}\U000e007f"
)
# Group 1 is a flag, kept; anything else this matches goes.
_UNSAFE = re.compile(f"({_FLAG_SEQUENCE})|[{_UNSAFE_CHARS}]")
_SURROGATES = re.compile(f"[{_SURROGATE_CHARS}]")
_UNSAFE_OR_SURROGATE = re.compile(f"[{_UNSAFE_CHARS}{_SURROGATE_CHARS}]")
_ASCII_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"  # ASCII that clean_text leaves alone


def clean_text(value: object) -> str:
    """Safe, NFC text from anything a feed gave; non-strings become ''."""
    if not isinstance(value, str):
        return ""
    # Most text has nothing to remove: two C scans prove it, ~5x faster than a
    # regex pass, which counts on a cold fetch (every article passes here).
    if value.isascii():
        if not value.encode("ascii").translate(None, _PLAIN_ASCII):
            return value
    elif "\r" not in value:
        probe = value.replace("\n", "").replace("\t", "")
        # Every unsafe character is non-printable; these two spaces are too, and common.
        if probe.isprintable() or probe.replace("\xa0", "").replace("\u3000", "").isprintable():
            return unicodedata.normalize("NFC", value)  # returns `value` itself when it is NFC
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if text.isascii():
        return _ASCII_UNSAFE.sub("", text)
    if _UNSAFE_OR_SURROGATE.search(text) is not None:  # one scan; rarely true
        text = _SURROGATES.sub("\ufffd", text)
        text = _UNSAFE.sub(r"\1", text)
    return unicodedata.normalize("NFC", text)


def clean_line(value: object) -> str:
    """Like clean_text, folded to one line (titles, authors, names)."""
    # str.split() splits on exactly what \s+ would match (str.isspace), and faster.
    return " ".join(clean_text(value).split())


# Invisible format characters (category Cf) that clean_text keeps, because
# they are harmless on a terminal, but that have no business in shown text:
# inside a word they split it for the eye of a search and for copy and paste
# (soft hyphen, Arabic letter mark, Mongolian vowel separator, shorthand and
# musical format controls, Egyptian hieroglyph format controls). The joiners
# are decided by context, below. Left alone: the prepended concatenation marks
# (U+0600-U+0605 and kin), which are signs that show. The search index drops
# all of these (store/fold.py), so dropping them here changes no search.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a]"
)
# Zero-width joiner and non-joiner do something only next to a script that
# joins or forms ligatures (Arabic and Persian, Hebrew, Syriac, the Indic and
# South-East Asian scripts, Mongolian...) or in an emoji sequence (symbols,
# dingbats, keycaps, variation selectors, the supplementary planes). Between
# Latin (Vietnamese), Greek, Cyrillic or CJK letters, punctuation or spaces
# they only split a word, so there they go.
_JOINING = (
    "\u0590-\u1dbf\u20d0-\u20ff\u2190-\u2bff\ua800-\uabff\ufb1d-\ufdff"
    "\ufe00-\ufe0f\ufe70-\ufefc\U00010000-\U0010ffff"
)
_IDLE_JOINERS = re.compile(f"(?<![{_JOINING}\u200c\u200d])[\u200c\u200d]++(?![{_JOINING}])")


def drop_invisible(text: str) -> str:
    """`text` (already clean) as it is shown: without the invisible characters
    clean_text keeps, and with joiners only where they join something."""
    if text.isascii():
        return text
    # Every character removed here is non-printable: a C scan or two proves most
    # text has none (line breaks, tabs and these spaces are non-printable too).
    if text.isprintable():
        return text
    probe = text.replace("\n", "").replace("\t", "").replace("\xa0", "").replace("\u3000", "")
    if probe.replace("\u2009", "").replace("\u202f", "").isprintable():
        return text
    if _INVISIBLE.search(text) is not None:
        text = _INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _IDLE_JOINERS.sub("", text)
    return text


def shown_line(value: object) -> str:
    """clean_line for text on screen: a title, an author, a feed's name."""
    return drop_invisible(clean_line(value))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary near `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def as_row_id(text: str) -> int | None:
    """`text` as a row id when it is one, in ASCII digits ("12"), else None.

    "²" passes str.isdigit() but int() refuses it, and a number past SQLite's
    64-bit integers names no row (binding it raises OverflowError)."""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
