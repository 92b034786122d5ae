"""Reading and writing OPML subscription lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from xml.sax.saxutils import quoteattr

from newsroom_tui.models import Feed
from newsroom_tui.text import clean_line

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


class OpmlError(Exception):
    """The file is not OPML we can read."""


@dataclass(slots=True)
class OpmlEntry:
    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)


# Bounds on an untrusted list: a subscription list this large or this deep is
# a mistake or an attack, and each outline costs a subscription.
MAX_OPML_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32
MAX_FEEDS = 10_000


def read_opml(data: bytes) -> list[OpmlEntry]:
    """Feeds in an OPML document; nested outlines (folders) become tags.

    Raises OpmlError for a file too large, too deep, with too many feeds, or
    declaring XML entities anywhere (how XML bombs and XXE work; no
    subscription list needs them)."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError("file larger than 8 MiB; not an OPML subscription list")
    if _ENTITY_DECL.search(data):
        raise OpmlError("declares XML entities (refused: possible XML bomb)")
    try:
        root = ET.fromstring(data.lstrip())
    except ET.ParseError as exc:
        raise OpmlError(f"not valid XML ({exc})") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not an OPML file (root element is <{clean_line(root.tag)[:40]}>)")
    body = root.find("body")
    if body is None:
        raise OpmlError("no <body> in the OPML file")
    return _walk(body)


def _walk(body: ET.Element) -> list[OpmlEntry]:
    # Depth first, in document order, with a stack of our own: depth is a bound
    # we choose, not Python's recursion limit.
    out: list[OpmlEntry] = []
    stack: list[tuple[Iterator[ET.Element], list[str]]] = [(iter(body.findall("outline")), [])]
    while stack:
        outlines, folders = stack[-1]
        outline = next(outlines, None)
        if outline is None:
            stack.pop()
            continue
        url = outline.get("xmlUrl") or outline.get("xmlurl") or ""
        title = clean_line(outline.get("title") or outline.get("text") or "")
        if url.strip():
            tags = list(folders)
            for category in (outline.get("category") or "").split(","):
                tag = clean_line(category.strip().strip("/"))
                if tag and tag not in tags:
                    tags.append(tag)
            out.append(OpmlEntry(url=url.strip(), title=title, tags=tags))
            if len(out) > MAX_FEEDS:
                raise OpmlError(f"more than {MAX_FEEDS:,} feeds; not a subscription list")
        if len(outline):
            if len(stack) >= MAX_DEPTH:
                raise OpmlError(
                    f"outlines nested more than {MAX_DEPTH} deep; not a subscription list"
                )
            inner = [*folders, title] if title and not url else folders
            stack.append((iter(outline.findall("outline")), inner))
    return out


def write_opml(feeds: list[Feed]) -> str:
    """OPML 2.0; feeds sit in a folder per their first tag, all tags in `category`."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>newsroom-tui subscriptions</title>",
        f"    <dateCreated>{formatdate(usegmt=True)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    folders: dict[str, list[Feed]] = {}
    loose: list[Feed] = []
    for feed in feeds:
        (folders.setdefault(feed.tags[0], []) if feed.tags else loose).append(feed)
    for name, members in folders.items():
        lines.append(f"    <outline text={quoteattr(name)} title={quoteattr(name)}>")
        lines += [f"      {_outline(f)}" for f in members]
        lines.append("    </outline>")
    lines += [f"    {_outline(f)}" for f in loose]
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _outline(feed: Feed) -> str:
    attrs = {
        "type": "rss",
        "text": feed.display_title,
        "title": feed.display_title,
        "xmlUrl": feed.url,
    }
    if feed.site_url:
        attrs["htmlUrl"] = feed.site_url
    if feed.tags:
        attrs["category"] = ",".join("/" + t for t in feed.tags)
    return "<outline " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + "/>"
