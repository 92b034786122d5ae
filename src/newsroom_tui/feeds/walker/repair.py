"""Text decoded with the wrong charset, repaired: UTF-8 or cp1252 read as Latin-1."""

from __future__ import annotations

import re

# C1 controls are windows-1252 characters mislabelled; nothing else means them.
_C1_AS_CP1252 = {c: bytes([c]).decode("cp1252", errors="ignore") or None for c in range(0x80, 0xA0)}
_C1 = re.compile("[\x80-\x9f]")


def repair_text(text: str, may_hold_c1: bool = True) -> str:
    """Undo the two common mislabellings: UTF-8 read as Latin-1, cp1252 read as Latin-1."""
    if text.isascii():
        return text
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    # The first step makes a C1 character only from one already there (UTF-8's
    # C2 80..9F), so a document without any needs no search of each text.
    if may_hold_c1 and _C1.search(text):
        try:  # the codec in C; the table only when a character has no cp1252 byte
            text = text.encode("iso-8859-1").decode("cp1252")
        except (UnicodeEncodeError, UnicodeDecodeError):
            text = text.translate(_C1_AS_CP1252)
    return text
