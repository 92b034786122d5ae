"""Cleaning untrusted text at the edge, before it reaches the cache.

Everything a feed says passes through here: control characters (C0 but tab
and newline, DEL, C1), bidi overrides and invisible formatting characters
are removed, lone surrogates replaced, and the result normalised to NFC.
No later output path (terminal, JSON, export) can then leak an escape.
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
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
_SURROGATES = re.compile(f"[{_SURROGATE_CHARS}]")
_UNSAFE_OR_SURROGATE = re.compile(f"[{_UNSAFE_CHARS}{_SURROGATE_CHARS}]")
_ASCII_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """Safe, NFC text from anything a feed gave; non-strings become ''."""
    if not isinstance(value, str):
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if text.isascii():
        # Most feed text: no surrogates, bidi or NFC to care about.
        return _ASCII_UNSAFE.sub("", text)
    if _UNSAFE_OR_SURROGATE.search(text) is not None:  # one scan; rarely true
        text = _SURROGATES.sub("\ufffd", text)
        text = _UNSAFE.sub("", text)
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean_line(value: object) -> str:
    """Like clean_text, folded to one line (titles, authors, names)."""
    return _SPACES.sub(" ", clean_text(value)).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary near `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
