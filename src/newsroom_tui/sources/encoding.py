"""Bytes of an HTML page to text, in the HTML standard's order.

BOM, then the HTTP charset, then <meta charset> / http-equiv in the first
1024 bytes, then detection: strict UTF-8, else windows-1258 (the legacy
Vietnamese code page, the likely one for the portals we read). The text comes
out NFC, so decomposed tone marks (windows-1258 writes them as combining
characters) search and compare like the precomposed ones.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
FALLBACK_ENCODING = "windows-1258"


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    # The standard: a page that claims UTF-16 in <meta> is read as UTF-8.
    if codec.name.startswith("utf-16"):
        return "utf-8"
    # The standard maps latin-1 and ascii to windows-1252, its superset.
    if codec.name in ("latin-1", "iso8859-1", "ascii"):
        return "windows-1252"
    return codec.name


def sniff_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding to read `body` with (see the module's docstring)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if content_type:
        match = _HTTP_CHARSET.search(content_type)
        found = _known(match.group(1)) if match else None
        if found:
            return found
    meta = _META_CHARSET.search(body[:1024])
    if meta:
        found = _known(meta.group(1).decode("ascii", errors="ignore"))
        if found:
            return found
    try:
        body[:65536].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still UTF-8.
        if exc.start >= 65536 - 4 and len(body) > 65536:
            return "utf-8"
        return FALLBACK_ENCODING


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """`body` as NFC text; undecodable bytes become U+FFFD, never an error."""
    encoding = sniff_encoding(body, content_type)
    for bom, name in _BOMS:
        if name == encoding and body.startswith(bom):
            body = body[len(bom) :]
    return unicodedata.normalize("NFC", body.decode(encoding, errors="replace"))
