"""Which URLs the app will follow, store or offer to open."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

from newsroom_tui.text import clean_line

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})
# What makes urljoin/urlsplit change or reject an absolute http(s) link.
_LINK_NEEDS_CARE = re.compile(r"[;\[\]\s\"<>`]|\?#|[?#]$")


def safe_link(value: object, base: str | None = None, *, as_href: bool = False) -> str | None:
    """An absolute http(s)/mailto URL from feed data, or None for anything else.

    A link with unencoded spaces or quotes is followed percent-encoded, as a
    browser follows it, when it is an http(s) address: an HTML attribute
    (`as_href`: a list page's or an article's href or src), or feed text
    written as an address with spaces ("https://…/bài viết 1.html", "/tin
    tức/a b.html"). Other feed text with spaces may be prose ("Read this tip")
    and is no link.
    A link accepted before as it was (Vietnamese letters, no space) keeps its
    form: a feed item's identity is its link.
    """
    if as_href and isinstance(value, str) and ("\n" in value or "\t" in value or "\r" in value):
        value = value.translate(_URL_IGNORES)  # a browser drops them from a URL
    link = clean_line(value)
    if not link:
        return None
    if _is_plain_absolute(link):
        return link  # what the steps below return for it, ~10x faster (most links)
    written = link
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
    # Spaces or quotes inside a URL are how a link is smuggled into markup; but
    # a link written with unencoded spaces ("bài viết 1.html", common on
    # portals and their feeds) is one a browser follows, percent-encoded: so is
    # it here. Only such links are rewritten: one accepted as it was keeps its
    # form (and the identity of the items stored under it).
    if any(c in link for c in _BROWSER_ENCODES):
        if parts.scheme.lower() in ("http", "https") and (as_href or _spaced_address(written)):
            return _browser_encoded(parts)
        return None
    return link


def _spaced_address(text: str) -> bool:
    """Feed text that is a link with spaces, not prose: an http(s) URL or a path
    from the root. One with a quote or an angle bracket stays refused: that is
    broken markup ('index.jsp"?feed=x'), and its items' identity is without it."""
    if any(c in text for c in _MARKUP_ENDS):
        return False
    return text.startswith("/") or text[:8].lower().startswith(("http://", "https://"))


_URL_IGNORES = dict.fromkeys(map(ord, "\t\n\r"))
# What a browser percent-encodes in each part of an http(s) URL (the WHATWG URL
# standard's path, query and fragment percent-encode sets), with every
# non-ASCII character, as UTF-8.
_BROWSER_ENCODES = ' "<>`'
_MARKUP_ENDS = '"<>`'
_PATH_ENCODES = frozenset(' "<>`{}')
_QUERY_ENCODES = frozenset(" \"<>'")
_FRAGMENT_ENCODES = frozenset(' "<>`')


def _browser_encoded(parts: SplitResult) -> str | None:
    """The link a browser requests for an href with spaces or non-ASCII letters:
    path, query and fragment percent-encoded, the host in IDNA; None when the
    host itself is not a name (a space or a quote in it)."""
    host_port = parts.netloc.rpartition("@")[2]
    userinfo = parts.netloc[: len(parts.netloc) - len(host_port)]
    if any(c in parts.netloc for c in _BROWSER_ENCODES):
        return None
    if not host_port.isascii():
        host, colon, port = host_port.partition(":")
        try:
            host_port = host.encode("idna").decode("ascii") + colon + port
        except UnicodeError:
            return None
    return urlunsplit(
        (
            parts.scheme,
            userinfo + host_port,
            _percent_encoded(parts.path, _PATH_ENCODES),
            _percent_encoded(parts.query, _QUERY_ENCODES),
            _percent_encoded(parts.fragment, _FRAGMENT_ENCODES),
        )
    )


def _percent_encoded(part: str, encodes: frozenset[str]) -> str:
    # "%" stays: a link's existing escapes are kept as written.
    return "".join(
        c if c.isascii() and c > " " and c not in encodes else quote(c, safe="") for c in part
    )


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
