"""Turning parsed items into the rows the cache stores.

Pure CPU work (HTML to text, hashing, compression), so the refresh engine
can run it in a worker process beside parsing, off the event loop.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import threading
import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from newsroom_tui.htmltext import SEARCH_TEXT_REVISION
from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.store.fold import index_fold
from newsroom_tui.text import clean_line, clean_text, drop_invisible, shorten, shown_line

SUMMARY_CHARS = 400
TITLE_CHARS = 80
# The most the cache keeps of one value. Beyond these a value is not a title
# or a link any more but a broken feed, and it must not cost the other items.
MAX_TITLE_CHARS = 2000
MAX_AUTHOR_CHARS = 500
MAX_GUID_CHARS = 2048
MAX_URL_CHARS = 8192
MAX_SQLITE_INT = 2**63 - 1
# A date this far ahead of its first sighting is a wrong date (or a time zone
# wrong by a day): the item is listed by when it was seen instead.
FUTURE_SLACK = 2 * 24 * 3600


class ItemRow(NamedTuple):
    """One item as the cache stores it.

    A tuple, because rows cross from worker processes to the writer, and plain
    tuples pickle in C (see refresh.PreparedFeed.__reduce__); a slotted
    dataclass pickles through Python-level __getstate__ and __setstate__.
    """

    dedup_key: str
    guid: str | None
    url: str | None
    title: str
    author: str
    published: int | None
    updated: int | None
    views: int | None
    summary: str
    content_zhtml: bytes
    # The body's plain text as the cache stores it: DERIVED_TEXT (read back
    # from the article, see decompress_text), "" when empty; older caches hold
    # it plain or zlib-compressed.
    content_ztext: bytes | str
    # What the search index gets for the body: index_fold()ed, UTF-8. Bytes
    # cross processes as a copy; a str would be encoded and decoded again.
    index_body: bytes
    content_hash: str
    # (url, caption) of the pictures beside the text (ParsedItem.images); not
    # part of the hash: a feed that adds a thumbnail does not make an item new.
    images: tuple[tuple[str, str], ...] = ()


def item_rows(parsed: ParsedFeed) -> list[ItemRow]:
    """Rows for a parsed feed, first occurrence winning among duplicate keys."""
    return reviewed_rows(parsed)[0]


def reviewed_rows(parsed: ParsedFeed) -> tuple[list[ItemRow], str | None]:
    """Rows for a parsed feed and a one-line note of what had to be adjusted.

    Every value a source gives passes `_reviewed` here, the one place that
    decides what reaches SQLite: a view count above 2^63-1, a negative count, a
    string where a number belongs, a date SQLite or Python cannot hold, a 1 MB
    title. Such a value is dropped or cut for its item only; an item that still
    cannot be turned into a row is left out; the rest of the feed is stored.
    """
    rows: dict[str, ItemRow] = {}
    notes: Counter[str] = Counter()
    for item in parsed.items:
        try:
            row = item_row(_reviewed(item, notes), cleaned=parsed.cleaned)
        except Exception as exc:  # one bad item never costs its feed
            notes[f"item left out ({type(exc).__name__})"] += 1
            continue
        rows.setdefault(row.dedup_key, row)
    return list(rows.values()), _note(notes)


def reviewed_items(items: Iterable[ParsedItem]) -> tuple[list[ParsedItem], str | None]:
    """`items` as `reviewed_rows` would store them, and its note, without
    building rows (`newsroom try` shows them before anything is stored)."""
    notes: Counter[str] = Counter()
    kept: list[ParsedItem] = []
    for item in items:
        try:
            kept.append(_reviewed(item, notes))
        except Exception as exc:  # as reviewed_rows: one bad item is one note
            notes[f"item left out ({type(exc).__name__})"] += 1
    return kept, _note(notes)


def reviewed_title(value: object) -> str:
    """A feed's title as the cache keeps it."""
    return shorten(shown_line(value), MAX_TITLE_CHARS)


def reviewed_link(value: object) -> str | None:
    """A feed's site link as the cache keeps it: None rather than cut."""
    return value if isinstance(value, str) and len(value) <= MAX_URL_CHARS else None


def _note(notes: Counter[str]) -> str | None:
    if not notes:
        return None
    parts = [f"{what} ({count})" if count > 1 else what for what, count in notes.most_common()]
    return "some values were adjusted: " + "; ".join(parts)


def _reviewed(item: ParsedItem, notes: Counter[str]) -> ParsedItem:
    changes: dict[str, object] = {}
    for name, limit in (("title", MAX_TITLE_CHARS), ("author", MAX_AUTHOR_CHARS)):
        value = getattr(item, name)
        if not isinstance(value, str):
            changes[name] = "" if value is None else clean_line(str(value))[:limit]
        elif len(value) > limit:
            changes[name] = shorten(value, limit)
            notes[f"{name} cut to {limit} characters"] += 1
    for name, limit in (("guid", MAX_GUID_CHARS), ("url", MAX_URL_CHARS)):
        value = getattr(item, name)
        if value is not None and not isinstance(value, str):
            value = changes[name] = str(value) if isinstance(value, int) else None
        if isinstance(value, str) and len(value) > limit:
            changes[name] = None  # a cut identifier or link would be a wrong one
            notes[f"{name} longer than {limit} characters dropped"] += 1
    for name in ("summary_html", "content_html"):
        if not isinstance(getattr(item, name), str):
            changes[name] = ""
    for name in ("published", "updated"):
        value = getattr(item, name)
        if value is not None and _epoch_or_none(value) is None:
            changes[name] = None
            notes[f"impossible {name} date dropped"] += 1
        elif name == "published" and value is not None and _in_the_future(value):
            # Kept, but the list places it by when it was first seen (store/merge.py sort_time).
            notes["published date in the future kept, listed by when it was seen"] += 1
    views = item.views
    if views is not None:
        count = _count(views)
        if count is None or count != views:
            changes["views"] = count
            if count is None:
                notes["view count out of range or not a number dropped"] += 1
    return dataclasses.replace(item, **changes) if changes else item  # type: ignore[arg-type]


def _in_the_future(value: datetime) -> bool:
    import time

    epoch = _epoch_or_none(value)
    return epoch is not None and epoch > time.time() + FUTURE_SLACK


def _count(value: object) -> int | None:
    """A count SQLite can hold: a non-negative integer up to 2^63-1, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if math.isfinite(value) and value == int(value) else None
    elif isinstance(value, str):
        digits = value.strip().replace(",", "").replace(".", "").replace(" ", "")
        value = int(digits) if digits.isdigit() and len(digits) <= 19 else None
    if not isinstance(value, int) or not 0 <= value <= MAX_SQLITE_INT:
        return None
    return value


def _epoch_or_none(value: object) -> int | None:
    if not isinstance(value, datetime):
        return None
    try:
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if not 1 <= aware.astimezone(UTC).year <= 9999:
            return None
        return int(aware.timestamp())
    except (OverflowError, ValueError, OSError):
        return None


def item_row(item: ParsedItem, *, cleaned: bool = False) -> ItemRow:
    """The row for `item`; `cleaned` vouches that its HTML went through clean_text."""
    # Imported here: the HTML passes are only for writing items, and the cache
    # (which imports this module for decompress_*) opens on every start.
    from newsroom_tui.htmltext import html_to_search_text

    # Whatever the source, only cleaned text is stored. parse_feed's parsers have
    # cleaned it (a second pass over every article was ~0.25 s of a cold fetch).
    html = item.content_html or item.summary_html
    if not cleaned:
        html = clean_text(html)
    body_text = html_to_search_text(html, html_is_clean=True)
    # A separate summary only when the feed gave both; otherwise it comes from the body.
    has_both = item.content_html and item.summary_html
    summary_source = ""
    if has_both:
        summary_source = item.summary_html if cleaned else clean_text(item.summary_html)
    summary = _summary(html_to_search_text(summary_source, html_is_clean=True) or body_text)
    html_bytes = html.encode("utf-8")
    # The same bytes as encoding content_html again when cleaning left it as it was.
    content_bytes = html_bytes if html is item.content_html else item.content_html
    content_hash = _digest(item.title, item.url or "", item.summary_html, content_bytes)
    return ItemRow(
        dedup_key=_dedup_key(item, content_hash),
        guid=item.guid,
        url=item.url,
        # Untitled items (microblogs, some JSON Feeds) are listed by their first words.
        # Kept as shown (no invisible characters): titles are not part of an item's identity.
        title=shown_line(item.title) or shorten(summary, TITLE_CHARS),
        author=shown_line(item.author),
        published=_epoch(item.published),
        updated=_epoch(item.updated),
        views=item.views,
        summary=summary,
        content_zhtml=compress_html(html_bytes),
        content_ztext=DERIVED_TEXT if body_text else "",
        index_body=index_fold(body_text).encode("utf-8"),
        content_hash=content_hash,
        images=tuple(item.images),
    )


# How much of a text `_summary` collapses first. A body's text keeps its HTML's
# whitespace, so 600 characters give more than 400 in all but blank-heavy text.
_SUMMARY_SCAN = SUMMARY_CHARS * 3 // 2


def _summary(text: str) -> str:
    """The first words of `text` on one line, cut near SUMMARY_CHARS."""
    # Collapsing the whitespace of a whole long article to keep 400 characters
    # of it is wasted work. Any prefix of the text collapses to a prefix of the
    # whole text collapsed, and shorten() reads only its first SUMMARY_CHARS
    # characters: once a short prefix gives more than that, the summary is the
    # one the longer scans below would give (~0.15 s of a 20,000-item cold fetch).
    head = " ".join(text[:_SUMMARY_SCAN].split())
    if len(head) <= SUMMARY_CHARS and len(text) > _SUMMARY_SCAN:
        head = " ".join(text[: SUMMARY_CHARS * 4].split())
        if len(head) <= SUMMARY_CHARS and len(text) > SUMMARY_CHARS * 4:
            head = " ".join(text.split())
    return drop_invisible(shorten(head, SUMMARY_CHARS))  # shown as stored


# What a zstd frame starts with; zlib streams (caches before zstd) start with 0x78.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_codecs = threading.local()  # zstd contexts are reusable but not thread-safe


def compress_html(html: bytes) -> bytes:
    """The article HTML, compressed to store.

    zstd level 1: HTML shrinks ~3x, as with zlib level 1, at a third of its
    CPU; on a cold fetch of thousands of articles that is most of a second.
    """
    compressor = getattr(_codecs, "compressor", None)
    if compressor is None:
        import zstandard  # imported here: only writing and reading articles need it

        compressor = _codecs.compressor = zstandard.ZstdCompressor(level=1)
    return compressor.compress(html)


def _inflate_html(blob: bytes) -> bytes:
    if not blob.startswith(_ZSTD_MAGIC):
        return zlib.decompress(blob)
    decompressor = getattr(_codecs, "decompressor", None)
    if decompressor is None:
        import zstandard

        decompressor = _codecs.decompressor = zstandard.ZstdDecompressor()
    return decompressor.decompress(blob)


def decompress_html(blob: bytes | str | None) -> str:
    if blob is None:
        return ""
    if isinstance(blob, str):
        return blob
    return _inflate_html(blob).decode("utf-8", errors="replace")


# The body text is not stored: it is the article's words, html_to_search_text
# reads it again from the article when needed (unindexing, snippets). Storing
# it cost ~0.5 s of a cold fetch, zlib-compressed against its own HTML, and
# ~0.25 MB per 1,000 items.
#
# The search index forgets a row only when told exactly the words it indexed,
# so html_to_search_text must keep giving the same text for the same HTML. A
# release that changes its output must raise htmltext.SEARCH_TEXT_REVISION, and
# reindex (or otherwise handle) rows marked with an older one: each row keeps
# the revision its text was indexed with.
DERIVED_TEXT = bytes([SEARCH_TEXT_REVISION])

# zlib's preset dictionary is the last 32 KiB it is given.
_ZDICT_BYTES = 32_768


def decompress_text(ztext: bytes | str | None, zhtml: bytes | str | None) -> str:
    """The body text of a row: read again from its article (rows since schema 8),
    or as older releases stored it: plain, or zlib with the HTML as dictionary."""
    if not ztext:
        return ""
    if isinstance(ztext, str):
        return ztext
    if len(ztext) == 1:  # DERIVED_TEXT; a zlib stream is never one byte
        from newsroom_tui.htmltext import html_to_search_text

        # Clean: the cache stores cleaned articles (see item_row). Read as the
        # revision the row was indexed with, so unindexing it is exact.
        revision = min(ztext[0], SEARCH_TEXT_REVISION)
        return html_to_search_text(decompress_html(zhtml), html_is_clean=True, revision=revision)
    raw_html = _inflate_html(zhtml) if isinstance(zhtml, bytes) else (zhtml or "").encode()
    dictionary = raw_html[-_ZDICT_BYTES:]
    unpacker = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
    return (unpacker.decompress(ztext) + unpacker.flush()).decode("utf-8", errors="replace")


def _dedup_key(item: ParsedItem, content_hash: str) -> str:
    # GUID, else link, else the content itself: how readers agree an item is "the same".
    if item.guid:
        return "g:" + item.guid
    if item.url:
        return "l:" + item.url
    return "h:" + content_hash


def _digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", errors="replace"))
        h.update(b"\x00")
    return h.hexdigest()


def _epoch(value: datetime | None) -> int | None:
    return _epoch_or_none(value) if value is not None else None
