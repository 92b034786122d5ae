"""The main block rebuilt from an allow-list into new, clean HTML, and its plain text.

Element by element: headings, paragraphs, lists, tables, links and figures
are copied without their attributes; anything else is unwrapped (its text
kept) or dropped. Nothing of the page's markup, attributes or scripts
survives except through this copy. trafilatura's XML vocabulary (head, list,
hi, graphic...) is read as the HTML it stands for.
"""

from __future__ import annotations

import lxml.etree

from newsroom_tui.feeds.numbers import read_int
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.sources.article.chrome import DROP_TAGS
from newsroom_tui.sources.article.model import MAX_IMAGES, MAX_LINKS, ArticleImage
from newsroom_tui.sources.article.tree import drop, norm
from newsroom_tui.text import clean_line, clean_text

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Page tags kept as they are (after attributes are dropped).
_KEEP = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead",
        "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "code", "b",
        "strong", "i", "em", "u", "s", "sub", "sup", "br", "hr", "dl", "dt", "dd",
        "figure", "figcaption", "q", "cite", "small", "mark", "del", "ins",
    }
)  # fmt: skip
# trafilatura's XML vocabulary in ours.
_TRAFILATURA_TAGS = {
    "list": "ul", "item": "li", "row": "tr", "quote": "blockquote", "code": "pre",
    "lb": "br", "hi": "em", "del": "del",
}  # fmt: skip
_HI_RENDS = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}


class Builder:
    """Copies an element tree into a new, allow-listed one."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.images: list[ArticleImage] = []
        self.links: list[str] = []
        self._seen_images: set[str] = set()
        self._seen_links: set[str] = set()

    def build(self, source: lxml.etree._Element, skip_title: str) -> lxml.etree._Element:
        root = lxml.etree.Element("div")
        self._children(source, root)
        self._tidy(root, skip_title)
        return root

    # Text goes in as text nodes: lxml escapes it, and nothing of it is markup.
    def _append_text(self, target: lxml.etree._Element, text: str | None) -> None:
        if not text:
            return
        text = clean_text(text)
        if len(target):
            last = target[-1]
            last.tail = (last.tail or "") + text
        else:
            target.text = (target.text or "") + text

    def _children(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        self._append_text(target, source.text)
        for child in source:
            if isinstance(child.tag, str):
                self._element(child, target)
            self._append_text(target, child.tail)

    def _element(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        tag = source.tag.lower() if isinstance(source.tag, str) else ""
        if tag in DROP_TAGS:
            return
        if tag in ("img", "graphic"):
            self._image(source, target)
            return
        if tag in ("a", "ref"):
            self._link(source, target)
            return
        if tag == "head":  # trafilatura's heading
            rend = source.get("rend", "h2")
            tag = rend if rend in _HEADING_TAGS else "h2"
        elif tag == "list":
            tag = "ol" if source.get("rend", "").startswith("ol") else "ul"
        elif tag == "cell":
            tag = "th" if source.get("role") == "head" else "td"
        elif tag == "hi":
            tag = _HI_RENDS.get(source.get("rend", ""), "em")
        elif tag in _TRAFILATURA_TAGS and tag not in _KEEP:
            tag = _TRAFILATURA_TAGS[tag]
        if tag not in _KEEP:
            self._children(source, target)  # unwrap: keep the text, lose the tag
            return
        element = lxml.etree.SubElement(target, tag)
        if tag in ("td", "th"):
            for attr in ("colspan", "rowspan"):
                # read_int: a hostile "²" (str.isdigit, not int) costs this attribute only.
                span = read_int(source.get(attr, ""), max_digits=2)
                if span is not None and 1 < span <= 50:
                    element.set(attr, str(span))
        if tag in ("br", "hr"):
            return
        self._children(source, element)

    def _link(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        href = safe_link(source.get("href") or source.get("target"), self.base_url, as_href=True)
        if href is None or href.startswith(("javascript:", "data:")):
            self._children(source, target)
            return
        element = lxml.etree.SubElement(target, "a", href=href)
        self._children(source, element)
        if href not in self._seen_links and len(self.links) < MAX_LINKS:
            self._seen_links.add(href)
            self.links.append(href)

    def _image(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        src = None
        for attr in ("src", "data-src", "data-original", "data-lazy-src"):
            src = http_link(source.get(attr), self.base_url)
            if src:
                break
        if src is None:
            return
        caption = clean_line(source.get("title") or "")
        alt = clean_line(source.get("alt") or "")
        figure = lxml.etree.SubElement(target, "figure")
        img = lxml.etree.SubElement(figure, "img", src=src)
        # The caption is shown under the image: an identical alt would say it twice.
        if alt and alt != caption:
            img.set("alt", alt)
        text = caption or alt
        if caption:
            lxml.etree.SubElement(figure, "figcaption").text = caption
        if src not in self._seen_images and len(self.images) < MAX_IMAGES:
            self._seen_images.add(src)
            self.images.append(ArticleImage(src, text))

    def _tidy(self, root: lxml.etree._Element, skip_title: str) -> None:
        # Figures cannot sit in paragraphs (the renderer and browsers split them).
        for figure in list(root.iter("figure")):
            parent = figure.getparent()
            if parent is not None and parent.tag == "p" and parent is not root:
                _hoist(figure, parent)
        # Empty blocks and the heading that repeats the title (the reader shows it).
        for element in list(root.iter()):
            if element is root or element.getparent() is None:
                continue
            if element.tag in ("p", "li", "td", "th", "ul", "ol", "table", "blockquote") or (
                element.tag in _HEADING_TAGS
            ):
                has_text = "".join(element.itertext()).strip()
                has_media = element.find(".//img") is not None
                if not has_text and not has_media and element.tag not in ("td", "th"):
                    drop(element)
        for heading in list(root.iter(*_HEADING_TAGS)):
            if skip_title and norm(" ".join(heading.itertext())) == norm(skip_title):
                drop(heading)
                break


def _hoist(figure: lxml.etree._Element, paragraph: lxml.etree._Element) -> None:
    """Move `figure` out of `paragraph`, splitting the paragraph around it."""
    grand = paragraph.getparent()
    assert grand is not None
    after = lxml.etree.Element("p")
    after.text = figure.tail
    figure.tail = None
    for sibling in list(figure.itersiblings()):
        after.append(sibling)
    paragraph.remove(figure)
    index = grand.index(paragraph)
    grand.insert(index + 1, figure)
    if "".join(after.itertext()).strip() or after.find(".//img") is not None:
        grand.insert(index + 2, after)


def http_link(value: str | None, base: str) -> str | None:
    link = safe_link(value, base, as_href=True)
    if link is None or not link.lower().startswith(("http://", "https://")):
        return None
    return link


def plain_text(root: lxml.etree._Element) -> str:
    """Paragraphs of text, a blank line between blocks; captions in place."""
    out: list[str] = []
    line: list[str] = []

    def flush() -> None:
        text = " ".join("".join(line).split())
        if text:
            out.append(text)
        line.clear()

    def walk(node: lxml.etree._Element) -> None:
        block = node.tag in _BLOCK_OUT
        if block:
            flush()
        if node.tag == "br":
            flush()
        if node.text:
            line.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                line.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return "\n\n".join(out)


_BLOCK_OUT = frozenset(
    {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption",
     "blockquote", "pre", "table", "dt", "dd", "caption", "ul", "ol"}
)  # fmt: skip
