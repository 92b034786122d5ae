"""A document's format (RSS 0.9x/1.0/2.0, Atom 0.3/1.0), its channel and items."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.feeds.walker.document import NotOurs, bytes_may_hold_c1, parse_tree
from newsroom_tui.feeds.walker.items import Walker
from newsroom_tui.feeds.walker.names import ATOM03, ATOM10, RSS090, RSS10, element_key, namespace_of
from newsroom_tui.models import ParsedFeed
from newsroom_tui.text import clean_line


def walk_feed(
    data: bytes, url: str = "", headers: Mapping[str, str] | None = None
) -> ParsedFeed | None:
    """The feed in `data`, or None when feedparser should read it instead."""
    try:
        root = parse_tree(data, headers)
        return _read(root, url, b"base" in data, bytes_may_hold_c1(data))
    except (NotOurs, etree.XMLSyntaxError, ValueError, RecursionError):
        return None


def _read(root: etree._Element, url: str, may_have_base: bool, may_hold_c1: bool) -> ParsedFeed:
    kind = element_key(root.tag)
    ns = namespace_of(root.tag)
    if kind == "rss":
        version = _rss_version(root.get("version", ""))
        channel = next((c for c in root if element_key(c.tag) == "channel"), None)
        if channel is None:
            raise NotOurs("RSS without a channel")
        heads, entries = channel, [c for c in channel if element_key(c.tag) == "item"]
    elif kind == "rdf:rdf":
        channel = next((c for c in root if element_key(c.tag) == "channel"), None)
        # The RSS 1.0 namespace may be declared on the channel rather than the root.
        namespaces = {namespace_of(e.tag) for e in root} | set(root.nsmap.values())
        if RSS10 in namespaces:
            version = "rss10"
        elif RSS090 in namespaces:
            version = "rss090"
        else:
            raise NotOurs("RDF that is not RSS")
        heads = channel if channel is not None else root
        entries = [c for c in root if element_key(c.tag) == "item"]
        if channel is not None and not entries:
            entries = [c for c in channel if element_key(c.tag) == "item"]
    elif kind == "feed" and ns in (ATOM10, ATOM03, ""):
        version = "atom10" if ns == ATOM10 else _atom_version(root.get("version", ""))
        heads, entries = root, [c for c in root if element_key(c.tag) == "entry"]
    else:
        raise NotOurs(f"root element {kind}")
    walker = Walker(version, may_have_base, may_hold_c1)
    title, link = walker.channel(heads)
    site = safe_link(link, url or None)
    # RFC 3986: a relative link resolves against xml:base (resolve() applies
    # it), else the URL the document came from, never the channel's <link>.
    base = url or None
    items = [item for e in entries if (item := walker.item(e, base)) is not None]
    return ParsedFeed(
        title=clean_line(title), site_url=site, items=items, format=version, warning=None
    )


def _rss_version(declared: str) -> str:
    named = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
    return named.get(declared) or ("rss20" if declared.startswith("2.") else "rss")


def _atom_version(declared: str) -> str:
    return {"0.1": "atom01", "0.2": "atom02", "0.3": "atom03"}.get(declared, "atom")
