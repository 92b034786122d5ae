"""An article page's bytes as text: BOM, HTTP charset, <meta>, then UTF-8 or windows-1258."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


def decode_page(body: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Bytes to text in the HTML standard's order: BOM, HTTP charset, <meta>, then UTF-8
    or windows-1258 (Vietnamese sites that declare nothing). Always NFC."""
    for bom, name in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if body.startswith(bom):
            return nfc(body[len(bom) :].decode(name, errors="replace"))
    candidates: list[str] = []
    content_type = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    if match := re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE):
        candidates.append(match.group(1))
    if meta := _META_CHARSET.search(body[:4096]):
        candidates.append(meta.group(1).decode("ascii", errors="ignore"))
    for name in candidates:
        try:
            return nfc(body.decode(_whatwg_name(name), errors="replace"))
        except LookupError:
            continue
    try:
        return nfc(body.decode("utf-8"))
    except UnicodeDecodeError:
        return nfc(body.decode("cp1258", errors="replace"))


def _whatwg_name(name: str) -> str:
    name = name.strip().lower()
    # The HTML standard reads these labels as windows-1252.
    return "cp1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else name


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def looks_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs
        return False
    return b"\x00" in head
