"""The entry point: `extract_article(html, url)`, the steps of extraction in order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html

from newsroom_tui.dates.zones import LOCAL_TIMEZONE
from newsroom_tui.sources.article.boilerplate import prune, unwrap_layout_tables
from newsroom_tui.sources.article.decode import decode_page, looks_binary, nfc
from newsroom_tui.sources.article.figures import mark_figures
from newsroom_tui.sources.article.mainblock import densest_block, select_block, trafilatura_block
from newsroom_tui.sources.article.meta import read_meta
from newsroom_tui.sources.article.model import ExtractedArticle, ExtractionError
from newsroom_tui.sources.article.rebuild import Builder, http_link, plain_text
from newsroom_tui.sources.article.tree import link_density, text_len
from newsroom_tui.text import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# Larger pages are cut before parsing: no article is this long, and a 50 MB
# page must not cost seconds of CPU.
MAX_PAGE_CHARS = 3_000_000
# trafilatura gives up on trees larger than this (a page of 100,000 links).
MAX_TREE_ELEMENTS = 60_000
# Text the main block must have for trafilatura's choice to be trusted over ours.
MIN_ARTICLE_CHARS = 40


def extract_article(
    html: str | bytes,
    url: str,
    *,
    content_selector: str | None = None,
    headers: Mapping[str, str] | None = None,
    zone: str = LOCAL_TIMEZONE,
) -> ExtractedArticle:
    """The main text of the article page `html` fetched from `url`.

    Raises ExtractionError (one line) when the page has no article text.
    """
    if isinstance(html, bytes) and looks_binary(html):
        raise ExtractionError("the page is not HTML (binary data)")
    text = decode_page(html, headers) if isinstance(html, bytes) else nfc(html)
    if len(text) > MAX_PAGE_CHARS:
        text = text[:MAX_PAGE_CHARS]
    if not text.strip():
        raise ExtractionError("the page is empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError(clean_line(f"the page is not HTML: {exc}")[:200]) from None
    base = url
    for node in root.iter("base"):
        if resolved := http_link(node.get("href"), url):
            base = resolved
        break
    meta = read_meta(root, zone)
    body = root.find("body")
    if body is None:
        body = root
    selected = select_block(root, content_selector) if content_selector else None
    if content_selector and selected is None:
        raise ExtractionError(f"the article selector {content_selector!r} matched nothing")
    prune(body, meta, zone, selected)
    builder = Builder(base)
    method = "selector"
    if selected is not None:
        mark_figures(selected)
        source: lxml.etree._Element = selected
    else:
        method = "extractor"
        mark_figures(body)
        unwrap_layout_tables(body)
        found = trafilatura_block(body, base) if element_count(body) <= MAX_TREE_ELEMENTS else None
        if found is None or text_len(found) < MIN_ARTICLE_CHARS:
            method = "heuristic"
            found = densest_block(body)
        source = found
    clean = builder.build(source, meta.title)
    plain = plain_text(clean)
    if not plain.strip() and not builder.images:
        raise ExtractionError("no article text found on the page")
    if method != "selector" and link_density(clean) > 0.8:
        raise ExtractionError("no article text found on the page (only links)")
    out = lxml.etree.tostring(clean, encoding="unicode", method="html")
    return ExtractedArticle(
        html=out,
        text=plain,
        title=meta.title,
        published=meta.published,
        views=meta.views,
        images=builder.images,
        links=builder.links,
        method=method,
    )


def element_count(element: HtmlElement) -> int:
    return sum(1 for _ in element.iter())
