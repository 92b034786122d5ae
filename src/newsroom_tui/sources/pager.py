"""The next list page of a page nobody wrote a mapping for.

Portals mark it in one of three ways, tried in this order: `rel="next"` (on
a <link> or an <a>); a link that says so ("Trang sau", "Tiếp", "Next", "»",
or a class such as `next` / `trang-sau`); or a numbered pager, where the next
page is the number after the current one (the number that is not a link, or
is marked current/active, or links to this very page; on the first page
without any mark, page 2). Only a link on the same site counts: a pager never
leads to another host.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsroom_tui.sources.links import normalise_link
from newsroom_tui.sources.values import collapse

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_NEXT_TEXT = re.compile(
    r"^(trang\s+(sau|tiếp|kế)|tiếp(\s+theo)?|xem\s+tiếp|sau|next(\s+page)?|older(\s+posts)?|"
    r"[»›>→]+|>>)(\s*[»›>→]+)?$",
    re.IGNORECASE,
)
_NEXT_CLASS = re.compile(r"(^|[-_\s])(next|trang-sau|tiep|nextpage|pager-next)($|[-_\s])", re.I)
_NOT_NEXT = re.compile(r"cuối|last|trước|prev|đầu|first|«|‹", re.IGNORECASE)
_CURRENT_CLASS = re.compile(r"(^|[-_\s])(current|active|selected|cur|on)($|[-_\s])", re.I)
_NUMBER = re.compile(r"^\d{1,4}$")
MAX_NEXT_TEXT = 24


def next_page_link(
    root: HtmlElement, base: str, page_url: str | None, *, first: bool
) -> str | None:
    """The URL of the list page after this one, or None. `first`: this is the
    first list page read (a numbered pager without a current mark means page 1)."""
    for href in root.xpath("//link[@rel='next']/@href | //a[@rel='next']/@href")[:1]:
        found = _same_site(str(href), base, page_url)
        if found:
            return found
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        text = collapse(anchor.text_content())
        if len(text) > MAX_NEXT_TEXT or _NOT_NEXT.search(text):
            continue
        names = f"{anchor.get('class', '')} {anchor.get('id', '')}"
        if _NEXT_TEXT.match(text) or (names.strip() and _NEXT_CLASS.search(names)):
            found = _same_site(href, base, page_url)
            if found:
                return found
    return _numbered_next(root, base, page_url, first=first)


def _numbered_next(
    root: HtmlElement, base: str, page_url: str | None, *, first: bool
) -> str | None:
    parents: dict[HtmlElement, list[HtmlElement]] = {}
    for anchor in root.iter("a"):
        if anchor.get("href") and _NUMBER.match(collapse(anchor.text_content())):
            parent = anchor.getparent()
            # "<li><a>2</a></li>": the pager is the list, not the item.
            if parent is not None and parent.tag in ("li", "span", "td") and len(parent) == 1:
                parent = parent.getparent()
            if parent is not None:
                parents.setdefault(parent, []).append(anchor)
    for parent, anchors in parents.items():
        numbers = {int(collapse(a.text_content())): a for a in anchors}
        current = _current_number(parent, anchors, base, page_url)
        if current is None and first and len(numbers) >= 2:
            current = 1
        if current is None or current + 1 not in numbers:
            continue
        found = _same_site(numbers[current + 1].get("href", ""), base, page_url)
        if found:
            return found
    return None


def _current_number(
    parent: HtmlElement, anchors: list[HtmlElement], base: str, page_url: str | None
) -> int | None:
    for node in parent.iter():
        if node is parent or not isinstance(node.tag, str):
            continue
        text = collapse(node.text_content())
        if not _NUMBER.match(text):
            continue
        marked = _CURRENT_CLASS.search(f"{node.get('class', '')} {node.get('aria-current', '')}")
        if marked or (node.tag != "a" and node.find(".//a") is None):
            return int(text)
    for anchor in anchors:
        if page_url and normalise_link(anchor.get("href", ""), base) == page_url:
            return int(collapse(anchor.text_content()))
    return None


def _same_site(href: str, base: str, page_url: str | None) -> str | None:
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        return None
    link = normalise_link(href, base)
    if link is None or link == page_url:
        return None
    if urlsplit(link).hostname != urlsplit(base).hostname:
        return None
    return link
