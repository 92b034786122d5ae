"""The one rule for an entry's identity: its link, absolute and normalised."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsroom_tui.feeds.urls import safe_link

# Query parameters that say how the reader arrived, not what the page is.
_TRACKING_EXACT = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "zarsrc",
        "ref_src",
    }
)
_TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalise_link(href: object, base: str | None = None) -> str | None:
    """`href` resolved against `base`, as the key that says two links are the
    same entry; None when it is not an http(s) link.

    The scheme and host are lower-cased, a default port, the fragment and the
    tracking parameters (utm_*, fbclid, gclid, ...) are dropped; the path and
    the other parameters are kept as given, in their order (a site may route on them).
    An href with spaces or non-ASCII letters that a browser would percent-encode
    is percent-encoded (see safe_link's `as_href`); one accepted as it is keeps its form.
    """
    link = safe_link(href, base, as_href=True)
    if link is None:
        return None
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return None
    netloc = host if port is None or str(port) == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    query = parts.query
    if query:
        kept = [
            (k, v)
            for k, v in parse_qsl(query, keep_blank_values=True)
            if k.lower() not in _TRACKING_EXACT and not k.lower().startswith(_TRACKING_PREFIXES)
        ]
        query = urlencode(kept, doseq=True) if len(kept) != query.count("&") + 1 else query
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))
