"""HTML list pages read through a mapping: CSS selectors to ParsedItems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsroom_tui.dates import first_date_in
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.sources.entries import MAX_ENTRIES_PER_PAGE, ListPage, portal_item
from newsroom_tui.sources.links import normalise_link
from newsroom_tui.sources.mapping import PortalMapping, Selector
from newsroom_tui.sources.values import collapse, views_in_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def parse_document(text: str, url: str) -> tuple[HtmlElement, str]:
    """The page as an lxml tree without scripts and styles, and the URL its
    links resolve against (<base href> when it gives one)."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html></html>")
    for junk in root.xpath("//script | //style | //noscript | //template"):
        junk.drop_tree()
    base = url
    for href in root.xpath("//base/@href")[:1]:
        base = safe_link(str(href), url) or url
    return root, base


def spaced_text(element: HtmlElement) -> str:
    """The element's text with a space between its elements' texts, collapsed:
    "<time>21/05/2024</time><span>739 Lượt xem</span>" must not read as 2024739."""
    return collapse(" ".join(element.itertext()))


def select_one(element: HtmlElement, selector: Selector, *, spaced: bool = False) -> str | None:
    """The value of the selector's first match under `element`, None when nothing
    matched; `spaced` keeps the texts of inner elements apart (dates, counts)."""
    for node in element.xpath(selector.xpath):
        if selector.take == "attr":
            value = node.get(selector.attr)
            if value is not None:
                return value.strip()
            continue
        if selector.take == "own_text":
            own = collapse(" ".join(t for t in node.xpath("text()")))
            return own
        return spaced_text(node) if spaced else collapse(node.text_content())
    return None


def parse_list_page(text: str, url: str, mapping: PortalMapping) -> ListPage:
    """The entries of one HTML list page as `mapping` reads them."""
    root, base = parse_document(text, url)
    page = ListPage()
    elements = root.xpath(mapping.items.xpath)
    page.entries = len(elements)
    fields = mapping.fields
    seen: set[str] = set()
    for element in elements[:MAX_ENTRIES_PER_PAGE]:
        title = select_one(element, fields["title"]) if "title" in fields else None
        page.stat("title").add(title, bool(title))
        href = select_one(element, fields["link"])
        link = normalise_link(href, base) if href else None
        page.stat("link").add(href, link is not None)
        if link is None or link in seen:
            page.skipped += link is None
            continue
        seen.add(link)
        published = None
        if "date" in fields:
            date_text = select_one(element, fields["date"], spaced=True)
            published = (
                first_date_in(date_text, mapping.date_format, mapping.timezone)
                if date_text
                else None
            )
            page.stat("date").add(date_text, published is not None)
        views = None
        if "views" in fields:
            views_text = select_one(element, fields["views"], spaced=True)
            views = views_in_text(views_text, bare=True) if views_text else None
            page.stat("views").add(views_text, views is not None)
        summary = select_one(element, fields["summary"]) if "summary" in fields else None
        page.stat("summary").add(summary, bool(summary))
        image = None
        if "image" in fields:
            src = select_one(element, fields["image"])
            image = safe_link(src, base, as_href=True) if src else None
            page.stat("image").add(src, image is not None)
        author = select_one(element, fields["author"]) if "author" in fields else None
        page.items.append(
            portal_item(
                title=title or "",
                link=link,
                published=published,
                views=views,
                summary=summary or "",
                image=image,
                author=author or "",
            )
        )
    if mapping.next_page is not None:
        page.next_url = next_page_url(select_one(root, mapping.next_page), base)
    page.title = mapping.title or collapse(" ".join(root.xpath("//title//text()")))[:200]
    return page


def next_page_url(href: str | None, base: str) -> str | None:
    """The next list page, or None: empty, null, javascript: and the like end the pages."""
    if not href or not href.strip() or href.strip().lower().startswith(("javascript:", "#")):
        return None
    link = safe_link(href, base, as_href=True)
    if link is None or not link.lower().startswith(("http://", "https://")):
        return None
    return link.split("#", 1)[0]
