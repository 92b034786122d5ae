"""clean_text's and drop_invisible's contracts spelled out character by
character, without shortcuts: their fast paths only skip text they would
leave alone. (clean_text's test was in test_fastparse.py until that module went.)"""

from __future__ import annotations

import re
import sys
import unicodedata

from newsroom_tui.text import clean_line, clean_text, drop_invisible


def all_code_points() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _unsafe(o: int) -> bool:
    return (
        (o < 32 and chr(o) not in "\t\n")
        or 0x7F <= o <= 0x9F  # DEL, C1
        or o in (0x200B, 0x200E, 0x200F, 0xFEFF)
        or 0x202A <= o <= 0x202E  # bidi embeddings and overrides
        or 0x2060 <= o <= 0x2064
        or 0x2066 <= o <= 0x206F  # bidi isolates and deprecated format characters
        or 0xFFF9 <= o <= 0xFFFB
        or 0xE0000 <= o <= 0xE007F  # tags
    )


def _flag_length(text: str, i: int) -> int:
    """How long the subdivision flag starting at text[i] is, 0 when none does:
    U+1F3F4 (with or without U+FE0F), tag letters spelling a CLDR subdivision
    id (two letters, then one to four letters or digits), U+E007F CANCEL TAG."""
    if text[i] != "\U0001f3f4":
        return 0
    j = i + 1 + (text[i + 1 : i + 2] == "\ufe0f")
    end = j
    while end < len(text) and 0xE0020 <= ord(text[end]) <= 0xE007E:
        end += 1
    code = "".join(chr(ord(c) - 0xE0000) for c in text[j:end])
    if text[end : end + 1] != "\U000e007f" or not re.fullmatch("[a-z]{2}[a-z0-9]{1,4}", code):
        return 0
    return end + 1 - i


def reference_clean_text(text: str) -> str:
    """clean_text's contract spelled out character by character, without shortcuts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    kept: list[str] = []
    i = 0
    while i < len(text):
        if flag := _flag_length(text, i):
            kept.append(text[i : i + flag])
            i += flag
            continue
        if not _unsafe(ord(text[i])):
            kept.append(text[i])
        i += 1
    return unicodedata.normalize("NFC", "".join(kept))


def _tags(code: str) -> str:
    return "".join(chr(0xE0000 + ord(c)) for c in code)


# Subdivision flags are kept whole; tag characters anywhere else go.
FLAG_SAMPLES = [
    "\U0001f3f4" + _tags("gbeng") + "\U000e007f",
    "Go \U0001f3f4\ufe0f" + _tags("gbsct") + "\U000e007f!",
    "\U0001f3f4" + _tags("gbwls") + "\U000e007f\U0001f3f4" + _tags("ustx") + "\U000e007f",
    "\U0001f3f4" + _tags("gbeng"),  # no cancel tag
    "\U0001f3f4" + _tags("g") + "\U000e007f",  # too short
    "\U0001f3f4" + _tags("gbengland") + "\U000e007f",  # too long
    "\U0001f3f4" + _tags("GBENG") + "\U000e007f",  # not a subdivision id
    "\U0001f600" + _tags("gbeng") + "\U000e007f",  # another emoji
    "wo" + _tags("hidden") + "rd\U000e0001",
    "\U000e007f\U0001f3f4\U000e007f",
]


def test_clean_text_shortcuts_only_skip_no_ops() -> None:
    everything = all_code_points()
    ascii_kept = "".join(c for c in everything[:128] if c.isprintable() or c in "\t\n")
    assert clean_text(ascii_kept) == ascii_kept
    # Non-ASCII text the shortcut passes through must only need NFC.
    kept = "".join(c for c in everything if c.isprintable() or c in "\t\n\xa0\u3000")
    assert clean_text(kept) == reference_clean_text(kept) == unicodedata.normalize("NFC", kept)
    assert clean_text(everything) == reference_clean_text(everything)
    samples = ["", "plain", "tab\tnew\nline", "cr\r\nlf", "del\x7f", "bell\x07", "caf\u00e9"]
    samples += ["e\u0301", "\u202ertl", "zw\u200bsp", "nb\xa0sp", "\ufeffbom", "\x85nel", "\u3000"]
    samples += ["Ủy ban\u2066x", "\ud800lone", "nb\xa0\x1b[2J", "\u3000\u202e", "\u00ad soft"]
    samples += FLAG_SAMPLES
    for text in samples:
        assert clean_text(text) == reference_clean_text(text), repr(text)
        assert clean_line(text) == " ".join(reference_clean_text(text).split()), repr(text)


def test_clean_line_shortcut_splits_on_the_same_spaces() -> None:
    everything = all_code_points()
    assert re.sub(r"\s", "", everything) == "".join(c for c in everything if not c.isspace())


_JOINERS = "\u200c\u200d"
_KEPT_FORMAT = set("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
_KEPT_FORMAT |= {"\U000110bd", "\U000110cd"}


def _joins(char: str) -> bool:
    o = ord(char)
    return (
        0x0590 <= o <= 0x1DBF
        or 0x20D0 <= o <= 0x20FF
        or 0x2190 <= o <= 0x2BFF
        or 0xA800 <= o <= 0xABFF
        or 0xFB1D <= o <= 0xFDFF
        or 0xFE00 <= o <= 0xFE0F
        or 0xFE70 <= o <= 0xFEFC
        or o >= 0x10000
    )


def _format(char: str) -> bool:
    # Egyptian hieroglyph format controls: all sixteen, though this Python's
    # Unicode may know only the first nine of them.
    return unicodedata.category(char) == "Cf" or 0x13430 <= ord(char) <= 0x1343F


def reference_drop_invisible(text: str) -> str:
    kept = [c for c in text if c in _JOINERS or c in _KEPT_FORMAT or not _format(c)]
    out = []
    for i, c in enumerate(kept):
        if c in _JOINERS:
            after = next((x for x in kept[i + 1 :] if x not in _JOINERS), "")
            # A run of joiners stays when the characters around the run join.
            run_start = i
            while run_start and kept[run_start - 1] in _JOINERS:
                run_start -= 1
            before = kept[run_start - 1] if run_start else ""
            if not (before and _joins(before)) and not (after and _joins(after)):
                continue
        out.append(c)
    return "".join(out)


def _cleaned_code_points() -> str:
    return clean_text(all_code_points())


def test_drop_invisible_matches_its_reference_on_every_character() -> None:
    cleaned = _cleaned_code_points()
    format_left = [c for c in cleaned if unicodedata.category(c) == "Cf"]
    # Unicode's Cf characters that clean_text leaves and shown text must lose (or judge).
    assert set(format_left) - _KEPT_FORMAT - set(_JOINERS), "clean_text drops them all now?"
    shown = drop_invisible(cleaned)
    assert shown == reference_drop_invisible(cleaned)
    assert not [
        c
        for c in shown
        if unicodedata.category(c) == "Cf" and c not in _KEPT_FORMAT and c not in _JOINERS
    ]
    samples = [
        "",
        "plain",
        "Hà\u00adNội",
        "phát\u200dtriển",
        "a\u200c b",
        "\u200d",
        "x\u200d",
        "می\u200cخواهم",
        "👨\u200d👩",
        "क्\u200dष",
        "a\u200c\u200db",
        "ب\u200c\u200dx",
        "nb\xa0sp\u00ad",
        "tab\tnew\nline\u00ad",
        "\u3000\u200d\u3000",
        "x\u0600y",
    ]
    for text in samples:
        text = clean_text(text)
        assert drop_invisible(text) == reference_drop_invisible(text), repr(text)


def test_only_subdivision_flags_keep_their_tag_characters() -> None:
    england = "\U0001f3f4" + _tags("gbeng") + "\U000e007f"
    assert clean_text(f"Go {england}!") == f"Go {england}!"
    assert clean_text("\U0001f3f4" + _tags("gbeng")) == "\U0001f3f4"
    assert clean_text("\U0001f600" + _tags("gbeng") + "\U000e007f") == "\U0001f600"
    assert clean_text("wo" + _tags("hidden") + "rd") == "word"
    assert drop_invisible(clean_text(england)) == england
