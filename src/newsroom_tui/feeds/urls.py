"""Which URLs the app will follow, store or offer to open."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from newsroom_tui.text import clean_line

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_link(value: object, base: str | None = None) -> str | None:
    """An absolute http(s)/mailto URL from feed data, or None for anything else."""
    link = clean_line(value)
    if not link:
        return None
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
