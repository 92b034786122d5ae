"""Which encoding a fetched document is in, and its bytes as clean UTF-8.

One decision for every parser (the fast walker, feedparser, JSON Feed): a
document is UTF-8 unless the evidence says otherwise - a byte order mark, the
HTTP charset, the XML declaration. A UTF-8 document with a few invalid bytes
is still UTF-8: those bytes become U+FFFD and the rest of the text stays
right, instead of the whole document being re-read as Windows-1252 mojibake.
Only an undeclared document without a single valid UTF-8 sequence is left to
the parser's legacy fallback: that absence is the detection.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

__all__ = ["declared_encoding", "repair_utf8"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*([\"'])([A-Za-z0-9._:-]+)\1")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def declared_encoding(data: bytes, headers: Mapping[str, str] | None = None) -> str | None:
    """The encoding the evidence names, lower-cased: BOM, HTTP charset, XML
    declaration; None when nothing names one (XML's default, UTF-8, applies).
    A name Python does not know counts as no evidence."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for key, value in (headers or {}).items():
        match = _CHARSET.search(value) if key.lower() == "content-type" else None
        if match and _known(match.group(1)):
            return match.group(1).lower()
    return _xml_declared(data)


def repair_utf8(
    data: bytes, headers: Mapping[str, str] | None = None
) -> tuple[bytes, dict[str, str]] | None:
    """For a UTF-8 document with invalid bytes: the same document with U+FFFD
    for those bytes only and headers that say UTF-8; for a document the server
    calls UTF-8 that is in the single-byte encoding its XML declaration names,
    headers that say that encoding. None when there is nothing to repair
    (valid UTF-8, or the evidence names another encoding)."""
    declared = declared_encoding(data, headers)
    if declared is not None and codecs.lookup(declared).name != "utf-8":
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    if not _has_utf8_sequence(body):
        if declared is None:
            # Undeclared and not one valid multi-byte sequence: the evidence says a
            # legacy single-byte encoding; the parser's Windows-1252 fallback reads it.
            return None
        own = _xml_declared(data)
        if (
            own
            and not data.startswith(codecs.BOM_UTF8)
            and not codecs.lookup(own).name.startswith("utf")
        ):
            # The server says UTF-8, the document names its own encoding and
            # holds not one UTF-8 sequence: the server is wrong (a common
            # misconfiguration), the document's declaration is the evidence.
            return data, _with_charset(headers, own)
    repaired = body.decode("utf-8", errors="replace").encode("utf-8")
    return repaired, _with_charset(headers, "utf-8")


def _with_charset(headers: Mapping[str, str] | None, name: str) -> dict[str, str]:
    return {
        key: (_CHARSET.sub(f"charset={name}", value) if key.lower() == "content-type" else value)
        for key, value in (headers or {}).items()
    }


def _xml_declared(data: bytes) -> str | None:
    """The encoding the XML declaration names, when Python knows it."""
    if declaration := _XML_DECLARATION.match(data[:1024]):
        name = declaration.group(2).decode("ascii").lower()
        if _known(name):
            return name
    return None


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _has_utf8_sequence(body: bytes) -> bool:
    return _UTF8_SEQUENCE.search(body) is not None


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
