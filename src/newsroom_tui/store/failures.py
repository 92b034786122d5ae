"""When the cache file or its disk fails: what SQLite's error means (full,
read-only, damaged, busy), the one-line reason the user is given, and the
marker that keeps a damaged cache from being written until `recover`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from newsroom_tui.text import clean_line


class CacheError(Exception):
    """The cache cannot be opened or used; the message tells the user why and what to do."""


def damaged_marker(path: Path) -> Path:
    """Beside a cache found damaged: nothing writes into it until `recover`."""
    return path.with_name(path.name + ".damaged")


def mark_damaged(path: Path, reason: str) -> None:
    with contextlib.suppress(OSError):
        damaged_marker(path).write_text(reason + "\n", encoding="utf-8")


def clear_damaged(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        damaged_marker(path).unlink()


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_NOMEM, _SQLITE_READONLY, _SQLITE_IOERR = 7, 8, 10
_SQLITE_CORRUPT, _SQLITE_CANTOPEN, _SQLITE_FULL, _SQLITE_NOTADB = 11, 14, 13, 26
# A write the disk refused: no space (FULL), or write(2) failing outright
# (IOERR_WRITE: ENOSPC, EFBIG past a file-size limit, a quota) or the WAL
# index not growing (IOERR_SHMSIZE).
_NO_SPACE_CODES = {_SQLITE_FULL, 778, 4874}


def _code(exc: BaseException) -> int:
    return getattr(exc, "sqlite_errorcode", 0) or 0


def is_disk_full(exc: BaseException) -> bool:
    """SQLite could not write for want of space (or past a size limit)."""
    code = _code(exc)
    return code in _NO_SPACE_CODES or "disk is full" in str(exc)


# A virtual table found its own data damaged: for us the search index, which is
# built from the items and so is rebuilt (service/searching.py), never a reason
# to refuse the cache.
_SQLITE_CORRUPT_VTAB = 267


def is_index_damaged(exc: BaseException) -> bool:
    """SQLite found the search index (a virtual table) damaged, the tables whole."""
    return _code(exc) == _SQLITE_CORRUPT_VTAB


def is_damaged(exc: BaseException) -> bool:
    """SQLite found the file damaged (or not a database at all); a damaged
    search index alone is not (`is_index_damaged`)."""
    if is_index_damaged(exc):
        return False
    text = str(exc)
    return _code(exc) & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or (
        # A damaged page read as a text column: bytes that are not UTF-8.
        "malformed" in text or "not a database" in text or "Could not decode to UTF-8" in text
    )


def is_storage_failure(exc: BaseException) -> bool:
    """The file or its disk failed the write, as opposed to a bad statement or a
    constraint: the whole transaction is lost (SQLite may already have rolled it
    back), and a retry can only help in a smaller one."""
    return _code(exc) & 0xFF in (
        _SQLITE_NOMEM,
        _SQLITE_READONLY,
        _SQLITE_IOERR,
        _SQLITE_CORRUPT,
        _SQLITE_CANTOPEN,
        _SQLITE_FULL,
        _SQLITE_NOTADB,
    ) or is_disk_full(exc)


def damaged_error(path: Path, reason: str) -> CacheError:
    return CacheError(
        f"the cache at {path} is damaged ({reason}); nothing more is written to it. "
        "Run `newsroom recover` to save what can be read into a fresh cache "
        "(the damaged file is kept beside it)"
    )


def explain(exc: sqlite3.DatabaseError, path: Path) -> CacheError:
    """A one-line reason, for the user, why SQLite refused the cache at `path`."""
    # SQLite may quote the damaged bytes themselves ("Could not decode to UTF-8
    # column 'title' with text '...'"): newlines, escapes and all.
    text = clean_line(str(exc))[:200]
    if is_damaged(exc):
        return damaged_error(path, text)
    if is_disk_full(exc):
        return CacheError(
            f"the disk holding {path.parent} is full ({text}): not stored; "
            "free some space and try again"
        )
    if _code(exc) & 0xFF == _SQLITE_READONLY or "readonly" in text:
        return CacheError(f"the cache at {path} is read-only: not stored ({text})")
    if "locked" in text or "busy" in text:
        return CacheError(f"the cache at {path} is busy in another process; try again")
    return CacheError(f"cannot use the cache at {path}: {text}")
