"""Turning parsed items into the rows the cache stores.

Pure CPU work (HTML to text, hashing, compression), so the refresh engine
can run it in a worker process beside parsing, off the event loop.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from datetime import datetime
from typing import NamedTuple

from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.store.fold import index_fold
from newsroom_tui.text import clean_line, clean_text, shorten

SUMMARY_CHARS = 400
TITLE_CHARS = 80


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


def item_rows(parsed: ParsedFeed) -> list[ItemRow]:
    """Rows for a parsed feed, first occurrence winning among duplicate keys."""
    rows: dict[str, ItemRow] = {}
    for item in parsed.items:
        row = item_row(item, cleaned=parsed.cleaned)
        rows.setdefault(row.dedup_key, row)
    return list(rows.values())


def item_row(item: ParsedItem, *, cleaned: bool = False) -> ItemRow:
    """The row for `item`; `cleaned` vouches that its HTML went through clean_text."""
    # Imported here: the HTML renderer is only for writing items, and the cache
    # (which imports this module for decompress_*) opens on every start.
    from newsroom_tui.render.html import html_to_search_text

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
        title=clean_line(item.title) or shorten(summary, TITLE_CHARS),
        author=clean_line(item.author),
        published=_epoch(item.published),
        updated=_epoch(item.updated),
        views=item.views,
        summary=summary,
        content_zhtml=compress_html(html_bytes),
        content_ztext=DERIVED_TEXT if body_text else "",
        index_body=index_fold(body_text).encode("utf-8"),
        content_hash=content_hash,
    )


def _summary(text: str) -> str:
    """The first words of `text` on one line, cut near SUMMARY_CHARS."""
    # Collapsing the whitespace of a whole long article to keep 400 characters
    # of it is wasted work; a few times that many suffice unless it is mostly blank.
    head = " ".join(text[: SUMMARY_CHARS * 4].split())
    if len(head) <= SUMMARY_CHARS and len(text) > SUMMARY_CHARS * 4:
        head = " ".join(text.split())
    return shorten(head, SUMMARY_CHARS)


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
# release that changes its output must raise this revision, and reindex (or
# otherwise handle) rows marked with an older one: each row keeps the revision
# its text was indexed with.
SEARCH_TEXT_REVISION = 1
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
        from newsroom_tui.render.html import html_to_search_text

        # Clean: the cache stores cleaned articles (see item_row).
        return html_to_search_text(decompress_html(zhtml), html_is_clean=True)
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
    return int(value.timestamp()) if value is not None else None
