"""Which URLs the app will follow, store or offer to open."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from newsroom_tui.text import clean_line

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})
# What makes urljoin/urlsplit change or reject an absolute http(s) link.
_LINK_NEEDS_CARE = re.compile(r"[;\[\]\s\"<>`]|\?#|[?#]$")


def safe_link(value: object, base: str | None = None) -> str | None:
    """An absolute http(s)/mailto URL from feed data, or None for anything else."""
    link = clean_line(value)
    if not link:
        return None
    if _is_plain_absolute(link):
        return link  # what the steps below return for it, ~10x faster (most links)
    if base:
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in OPENABLE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    # Spaces or quotes inside a URL are how a link is smuggled into markup.
    if any(c in link for c in ' "<>`'):
        return None
    return link


def _is_plain_absolute(link: str) -> bool:
    """An http(s) link that safe_link's urljoin and checks return unchanged, whatever the base.

    urljoin re-assembles an absolute link with urlparse/urlunparse, which
    drops an empty "?" (at the end or before "#"), an empty "#" or ";" part and
    validates bracketed IPv6 hosts; it resolves against the base when the host
    is empty. None of that applies to the links accepted here. tests/unit/test_walker.py pins this against the
    long way.
    """
    if not (link.startswith(("https://", "http://")) and link.isascii()):
        return False
    host_start = link.index("//") + 2
    return link[host_start : host_start + 1] not in ("", "/") and not _LINK_NEEDS_CARE.search(link)
