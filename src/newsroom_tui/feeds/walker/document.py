"""Bytes to an lxml tree, or NotOurs for a document feedparser should read.

One parser per thread, no DTD, no entities, no network, libxml2's limits on.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping

from lxml import etree

# Each starts with a literal, so re finds candidates with a fast scan.
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REFERENCE = re.compile(rb"&#(?:0*(?:12[89]|1[3-5]\d)|[xX]0*[89][0-9a-fA-F]);")
_ASCII_SAFE = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252"}
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)

_local = threading.local()


class NotOurs(Exception):
    """The document is not one this module reads; feedparser gets it."""


def parse_tree(data: bytes, headers: Mapping[str, str] | None) -> etree._Element:
    declared = _declared_encoding(data)
    charset = _http_charset(headers)
    if (
        charset
        and charset != (declared or "utf-8")
        and not (charset in _ASCII_SAFE and (declared or "utf-8") in _ASCII_SAFE and data.isascii())
    ):
        # RFC 7303 lets the HTTP charset win; which side is right is a decoding question.
        raise NotOurs("HTTP charset contradicts the document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00", b"\x00<", b"<\x00")):
        raise NotOurs("UTF-16/32")
    root = etree.fromstring(data, _parser())
    if not isinstance(root.tag, str):
        raise NotOurs("no root element")
    return root


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:  # an lxml parser must not be shared between threads
        parser = _local.parser = etree.XMLParser(
            recover=False,  # ill-formed documents go to feedparser's lenient reader
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
    return parser


def bytes_may_hold_c1(data: bytes) -> bool:
    """Whether the tree of `data` may hold a C1 character (U+0080..U+009F) anywhere.

    False only when sure: a UTF-8 (or undeclared) document without C2 80..9F
    bytes or a character reference to one. One scan of the bytes in C saves a
    regex search of every non-ASCII text.
    """
    if _declared_encoding(data) not in ("", "utf-8", "utf8"):
        return True
    if b"\xc2" in data and _C1_IN_UTF8.search(data) is not None:
        return True
    # References to 128..159 start "&#1", "&#0" (zero-padded) or "&#x"/"&#X". One
    # scan for "&#" (a search per prefix read the document four times), and the
    # regex only from the first candidate: "&#39;" and the like are common.
    position = data.find(b"&#")
    while position != -1:
        if data[position + 2 : position + 3] in (b"0", b"1", b"x", b"X"):
            return _C1_REFERENCE.search(data, position) is not None
        position = data.find(b"&#", position + 2)
    return False


def read_as_utf8(data: bytes) -> bool:
    """Whether libxml2 reads `data` as UTF-8 (no other encoding declared, no
    UTF-16/32 byte order), and so refuses it at its first invalid byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00")):
        return False
    return _declared_encoding(data) in ("", "utf-8", "utf8")


def _declared_encoding(data: bytes) -> str:
    match = _XML_ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii").lower() if match else ""


def _http_charset(headers: Mapping[str, str] | None) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            match = _CHARSET.search(value)
            return match.group(1).lower() if match else ""
    return ""
