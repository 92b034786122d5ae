"""Feeds an HTML page advertises: subscribe to those rather than read the page."""

from __future__ import annotations

from newsroom_tui.feeds.parse import advertised_feeds


def advertised_feed(body: bytes, url: str) -> str | None:
    """The first RSS, Atom or JSON Feed the page names with <link rel="alternate">."""
    found = advertised_feeds(body, url)
    return found[0] if found else None


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    """The body is a web page (not a feed, not JSON)."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]
