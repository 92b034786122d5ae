"""Page chrome pruned from an article page: menus, share buttons, related lists, counters.

Elements named like chrome (share, related, breadcrumb, counter...), blocks
headed "Tin liên quan" and the like, visitor counters, link-dense lists, and
the date/views line (read into the metadata first) are removed in place;
layout tables become plain blocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lxml.etree

from newsroom_tui.sources.article.chrome import (
    CHROME_HEADINGS,
    COUNTER,
    DROP_TAGS,
    is_chrome_named,
)
from newsroom_tui.sources.article.meta import PageMeta, is_meta_line
from newsroom_tui.sources.article.tree import drop, link_density, link_text_len, norm, text_len

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_BLOCKS = frozenset(
    {"div", "section", "ul", "ol", "table", "dl", "p", "article", "td", "li", "span"}
)


def prune(body: HtmlElement, meta: PageMeta, zone: str, keep: HtmlElement | None) -> None:
    """Remove page chrome in place. `keep` (the selected block) and its ancestors stay."""
    protected: set[HtmlElement] = set()
    if keep is not None:
        protected.add(keep)
        protected.update(keep.iterancestors())
    for element in list(body.iter(*DROP_TAGS)):
        if element not in protected:
            drop(element)
    for element in list(body.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        drop(element)
    # The title heading: the reader shows the title already, and extractors
    # drop a first paragraph that repeats it (short portal articles do).
    wanted = norm(meta.title)
    for node in body.iter("h1", "h2", "h3", "h4", "div", "p", "span", "td", "strong"):
        if (
            wanted
            and node not in protected
            and len(node) <= 2
            and norm(" ".join(node.itertext())) == wanted
        ):
            drop(node)
            break
    total = max(text_len(body), 1)
    # Chrome by name, unless it holds most of the page's text (a "has-sidebar"
    # wrapper around the whole article must not take the article with it).
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element in protected:
            continue
        if element.getparent() is None or element.tag == "body":
            continue
        if is_chrome_named(element) and (
            text_len(element) < 0.4 * total or link_density(element) > 0.5
        ):
            drop(element)
    # Blocks headed by a chrome title: the heading and the links under it.
    for heading in list(body.iter(*_HEADING_LIKE)):
        if heading.getparent() is None or heading in protected:
            continue
        text = norm(" ".join(heading.itertext()))
        if not text or len(text) > 40 or text not in CHROME_HEADINGS:
            continue
        _drop_headed_block(heading, protected, total)
    # Visitor counters.
    for element in list(body.iter(*_BLOCKS)):
        if element.getparent() is None or element in protected:
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if text and len(text) < 200 and COUNTER.search(text):
            drop(element)
    # The date/views line, read into metadata; then link-dense lists.
    for element in list(body.iter("div", "p", "span", "time", "small", "em", "li", "td")):
        if element.getparent() is None or element in protected:
            continue
        if len(element) <= 3 and is_meta_line(element, meta, zone):
            drop(element)
    for element in list(body.iter("ul", "ol", "div", "section", "table", "dl")):
        if element.getparent() is None or element in protected:
            continue
        links = sum(1 for _ in element.iter("a"))
        if links >= 3 and link_density(element) > 0.6 and text_len(element) < 0.4 * total:
            drop(element)


_HEADING_LIKE = (
    "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "span", "div", "td", "th",
    "li", "dt", "caption", "legend",
)  # fmt: skip


def _drop_headed_block(heading: HtmlElement, protected: set[HtmlElement], total: int) -> None:
    """Drop the largest block around `heading` that holds only links or little else."""
    heading_len = text_len(heading)
    best = None
    node = heading.getparent()
    for _ in range(5):
        if node is None or node in protected or node.tag in ("body", "html"):
            break
        size = text_len(node)
        if size > 0.4 * total:
            break
        rest = size - heading_len
        if rest < 20 or link_text_len(node) >= 0.5 * rest:
            best = node
        else:
            break
        node = node.getparent()
    if best is not None:
        drop(best)
        return
    # The heading sits among article text: drop it and the link lists after it.
    for sibling in list(heading.itersiblings()):
        if sibling.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            break
        if link_density(sibling) >= 0.5 or not text_len(sibling):
            drop(sibling)
        else:
            break
    drop(heading)


def unwrap_layout_tables(body: HtmlElement) -> None:
    """Tables used for page layout become plain blocks; data tables stay tables.

    A table is layout when a cell holds blocks (paragraphs, headings, lists,
    other tables): extractors would keep the whole page as one table.
    """
    for table in list(body.iter("table")):
        layout = False
        for cell in table.iter("td", "th"):
            if any(
                isinstance(c.tag, str) and c.tag in _LAYOUT_CHILDREN for c in cell.iterchildren()
            ):
                layout = True
                break
        if not layout:
            continue
        # Only this table's own parts: a data table inside a layout cell stays.
        own = [
            node
            for node in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
            if next(node.iterancestors("table"), None) is table
        ]
        for node in [table, *own]:
            node.tag = "div"


_LAYOUT_CHILDREN = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "form", "article"}
)
