"""Finding the article's main block: the mapping's selector, trafilatura, or the densest text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsroom_tui.sources.article.model import ExtractionError
from newsroom_tui.sources.article.tree import link_density, link_text_len, text_len

if TYPE_CHECKING:
    import lxml.etree
    from lxml.html import HtmlElement


def select_block(root: HtmlElement, selector: str) -> HtmlElement | None:
    from cssselect import GenericTranslator, SelectorError

    try:
        xpath = GenericTranslator().css_to_xpath(selector)
    except SelectorError:
        raise ExtractionError(f"the article selector {selector!r} is not valid CSS") from None
    found = root.xpath(xpath)
    return found[0] if found else None


def densest_block(body: HtmlElement) -> HtmlElement:
    """The element whose paragraphs hold the most non-link text (readability's idea)."""
    scores: dict[HtmlElement, float] = {}
    for para in body.iter("p", "li", "td", "pre", "blockquote", "figcaption", "h2", "h3"):
        length = text_len(para) - link_text_len(para)
        if length < 20:
            continue
        weight = min(length / 100.0, 3.0) + 1.0
        parent = para.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    if not scores:
        raise ExtractionError("no article text found on the page (only links or markup)")
    return max(scores, key=lambda e: scores[e] * (1.0 - link_density(e)))


def trafilatura_block(body: HtmlElement, url: str) -> lxml.etree._Element | None:
    from trafilatura import bare_extraction

    document = bare_extraction(
        body,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
        include_formatting=True,
        with_metadata=False,
        output_format="python",
    )
    if document is None:
        return None
    main = getattr(document, "body", None)
    return main
