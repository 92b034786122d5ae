"""Checks on command-line arguments, before any of them is used.

Each check either returns the value, ready for use, or raises
argparse.ArgumentTypeError with a one-line reason (exit 2). Arguments come
from a shell, a script or a fuzzer: any length, any bytes (undecodable ones
arrive as surrogates), any digits (Unicode's "²" passes str.isdigit()).
"""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

# SQLite's integers are 64-bit; an id beyond is no id at all.
MAX_ID = 2**63 - 1
# --limit: more rows than any cache holds is a typo; listings without --limit
# print everything.
MAX_LIMIT = 1_000_000
# Characters in free text: titles, tags, notes, queries, names.
MAX_TEXT = 2_000
MAX_NOTE = 10_000
# A URL or path the user types (browsers stop near 2,000; paths near 4,096).
MAX_SOURCE = 4_096
MAX_PATH = 4_000
MAX_PATH_PART = 255
# Folders deep: creating a 2,000-deep path recurses past Python's limit.
MAX_PATH_DEPTH = 128


def _fail(message: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(message)


def text(value: str, what: str = "argument", max_chars: int = MAX_TEXT) -> str:
    """Text that is valid UTF-8, has no NUL and is not absurdly long."""
    if len(value) > max_chars:
        raise _fail(f"{what} is longer than {max_chars:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _fail(f"{what} is not valid UTF-8 text") from None
    if "\x00" in value:
        raise _fail(f"{what} contains a NUL character")
    return value


def whole_number(value: str, what: str, low: int, high: int) -> int:
    """An ASCII decimal number in [low, high]."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 40:
        raise _fail(f"{what} must be a whole number, not {_shown(value)}")
    number = int(digits)
    if not low <= number <= high:
        raise _fail(f"{what} must be between {low:,} and {high:,}, not {number:,}")
    return number


def limit(value: str) -> int:
    return whole_number(value, "--limit", 1, MAX_LIMIT)


def item_id(value: str) -> int:
    return whole_number(value, "ITEM (an item id)", 1, MAX_ID)


def feed_ref(value: str) -> str:
    """A feed id or URL: an id in range, or text short enough to be a URL."""
    value = text(value, "FEED", MAX_SOURCE)
    stripped = value.strip()
    if stripped.isdigit():
        whole_number(stripped, "FEED (a feed id)", 1, MAX_ID)
    return value


def source(value: str) -> str:
    return text(value, "SOURCE", MAX_SOURCE)


def home(value: str, what: str = "--home") -> str:
    """A directory path the system can use: not empty, not too long or deep.
    `what` names where it came from (the option or NEWSROOM_HOME)."""
    value = text(value, what, MAX_PATH)
    if not value.strip():
        raise _fail(f"{what} needs a directory")
    try:
        parts = Path(value).expanduser().parts
    except RuntimeError:  # "~name" of a user this system does not know
        raise _fail(f"{what}: no such user's home folder: {_shown(value)}") from None
    if len(parts) > MAX_PATH_DEPTH:
        raise _fail(f"{what} is more than {MAX_PATH_DEPTH} folders deep")
    if any(len(part.encode()) > MAX_PATH_PART for part in parts):
        raise _fail(f"{what} has a folder name longer than {MAX_PATH_PART} bytes")
    return value


def input_file(value: str, what: str, max_bytes: int) -> bytes:
    """The bytes of a regular file the user named; a FIFO, a device, a socket
    or a directory is refused, never read (reading a FIFO waits forever)."""
    value = text(value, what, MAX_PATH)
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        fd = os.open(value, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise _fail(f"no such file: {value}") from None
    except IsADirectoryError:
        raise _fail(f"not a file: {value}") from None
    except OSError as exc:
        raise _fail(f"cannot read {value}: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, device or socket"
            raise _fail(f"not a regular file: {value} is {kind}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _fail(f"cannot read {value}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _fail(f"{value} is larger than {max_bytes // (1024 * 1024)} MiB")
    return data


def _shown(value: str) -> str:
    shown = value if len(value) <= 40 else value[:40] + "…"
    return ascii(shown) if not shown.isprintable() or not shown.isascii() else repr(shown)
