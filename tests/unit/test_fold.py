"""The index's folding: what a word is stored and searched as."""

from __future__ import annotations

import sys
import unicodedata

from newsroom_tui.store.fold import index_fold


def test_every_format_character_goes_whatever_whitespace_surrounds_it() -> None:
    format_chars = [
        chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"
    ]
    dropped = [c for c in format_chars if index_fold(f"Hà{c}Nội") == "HàNội"]
    assert "\u00ad" in dropped and "\u200b" in dropped and len(dropped) > 100
    for char in dropped:
        # Line breaks, tabs and no-break spaces are not printable either: a text
        # holding them must still be searched for format characters.
        assert index_fold(f"Ba Đình\n\t\r\xa0Hà{char}Nội") == "Ba Dình\n\t\r\xa0HàNội", hex(
            ord(char)
        )


def test_plain_vietnamese_text_folds_to_its_ascii_look_alikes_only() -> None:
    assert (
        index_fold("Ủy ban nhân dân quận Ba Đình\nđường") == "Ủy ban nhân dân quận Ba Dình\ndường"
    )
