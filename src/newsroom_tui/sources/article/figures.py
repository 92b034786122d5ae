"""Captions kept with their images through extraction.

trafilatura keeps an image's alt and title but drops <figcaption> and the
caption cells portals put beside an image; each image gets its caption as a
title before extraction, and the rebuild (rebuild.py) turns it back into a
<figcaption>.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsroom_tui.sources.article.tree import drop, words
from newsroom_tui.text import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def mark_figures(block: HtmlElement) -> None:
    """Give each figure's image its caption as a title, so the extractor keeps both.

    trafilatura turns an <img> into a graphic with its alt and title but drops
    <figcaption>; the caption travels in the title and comes back as a caption.
    """
    for figure in list(block.iter("figure")):
        caption_node = next(figure.iter("figcaption"), None)
        caption = clean_line(" ".join(caption_node.itertext())) if caption_node is not None else ""
        images = list(figure.iter("img"))
        if not images:
            continue
        if caption_node is not None and not any(map(_fetchable, images)):
            # The picture would be refused (javascript:, file:): it goes now,
            # and its caption stays as a paragraph of text.
            for img in images:
                drop(img)
            caption_node.tag = "span"
            figure.tag = "p"
            continue
        for img in images:
            img.set("title", caption or clean_line(img.get("alt", "")))
        if caption_node is not None:
            drop(caption_node)
        # A bare image inside a paragraph-less figure is dropped by some
        # extractors; a paragraph around it is kept.
        figure.tag = "p"
    # Captions without <figure>: WordPress's wp-caption-text, portals'
    # td.image_desc or p.chuthich, next to the one image of their block.
    for node in list(block.iter()):
        if not isinstance(node.tag, str) or node.getparent() is None:
            continue
        if not _is_caption_named(node) or node.find(".//img") is not None:
            continue
        caption = clean_line(" ".join(node.itertext()))
        if not caption or len(caption) > 300:
            continue
        holder = node.getparent()
        for _ in range(3):
            if holder is None:
                break
            images = list(holder.iter("img"))
            if len(images) == 1:
                images[0].set("title", caption)
                drop(node)
                for inner in holder.iter("table", "tbody", "tr", "td", "th"):
                    inner.tag = "div"
                holder.tag = "p"
                break
            if len(images) > 1:
                break
            holder = holder.getparent()


_SOURCES = ("src", "data-src", "data-original", "data-lazy-src")


def _fetchable(img: HtmlElement) -> bool:
    """Whether the image names an address the rebuild may keep: http(s), or relative."""
    for attr in _SOURCES:
        value = (img.get(attr) or "").strip()
        scheme = _SCHEME.match(value)
        if value and (scheme is None or scheme.group(1).lower() in ("http", "https")):
            return True
    return False


def _is_caption_named(node: HtmlElement) -> bool:
    names = words(node)
    if any("caption" in w or w in ("chuthich", "chu-thich", "imgdesc") for w in names):
        return True
    return any(w in ("image", "img", "photo", "anh", "pic") for w in names) and any(
        w in ("desc", "description", "note", "text", "title") for w in names
    )
