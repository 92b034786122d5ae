"""An article page's main text: sanitised HTML with its figures, plain text, metadata.

A pure function of the page: `extract_article(html, url)`. Portal pages are
heavy with chrome (menus, breadcrumbs, share buttons, "Tin liên quan" lists,
visitor counters, footers), and an off-the-shelf extractor keeps some of it.
So the page goes through three steps:

1. our boilerplate rules prune the tree: elements named like chrome (share,
   related, breadcrumb, counter...), blocks headed "Tin liên quan" and the
   like, visitor counters, link-dense lists, and the date/views line (read
   into metadata first);
2. the main block: the mapping's `[article] content` selector when given,
   else trafilatura's main-text extraction over the pruned tree (figures
   first turned into images that carry their caption, so captions stay in
   place); when trafilatura finds nothing, the block with the most
   non-link text;
3. the block is rebuilt element by element from an allow-list (headings,
   paragraphs, lists, tables, links, figures) into new HTML: nothing of the
   page's markup, attributes or scripts survives except through it.

Nothing here imports Rich or Textual: it runs on the fetch path.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html

from newsroom_tui.dates import find_date
from newsroom_tui.dates.zones import LOCAL_TIMEZONE
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.text import clean_line, clean_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Larger pages are cut before parsing: no article is this long, and a 50 MB
# page must not cost seconds of CPU.
MAX_PAGE_CHARS = 3_000_000
# trafilatura gives up on trees larger than this (a page of 100,000 links).
MAX_TREE_ELEMENTS = 60_000
# An article's links and images beyond these are kept in its text, not listed.
MAX_LINKS = 500
MAX_IMAGES = 100
# Text the main block must have for trafilatura's choice to be trusted over ours.
MIN_ARTICLE_CHARS = 40


@dataclass(slots=True)
class ArticleImage:
    url: str  # absolute http(s)
    caption: str = ""


@dataclass(slots=True)
class ExtractedArticle:
    html: str  # sanitised, allow-listed HTML of the main text, figures in place
    text: str  # its plain text, paragraphs separated by blank lines
    title: str = ""
    published: datetime | None = None
    views: int | None = None
    images: list[ArticleImage] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    # How the main block was found: "selector", "extractor" or "heuristic".
    method: str = "extractor"


class ExtractionError(Exception):
    """The page has no article text; the message says why in one line."""


# --- Boilerplate rules ----------------------------------------------------

# Removed with everything inside: never article text.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "form", "button", "input", "select", "textarea", "nav", "aside",
    "footer", "header", "menu", "dialog", "link", "meta",
)  # fmt: skip
# class/id words of page chrome. Matched as whole words of the attribute
# (split on space, "-" and "_"), so "detail-content" is safe and "share-tools" is not.
_CHROME_WORDS = frozenset(
    {
        "share", "sharing", "sharebox", "social", "socials", "related", "relate",
        "lienquan", "tinlienquan", "tinkhac", "othernews", "breadcrumb", "breadcrumbs",
        "comment", "comments", "binhluan", "counter", "visitor", "visitors", "thongke",
        "statistic", "statistics", "sidebar", "menu", "navbar", "nav", "navigation",
        "banner", "advert", "advertisement", "ads", "quangcao", "cookie", "cookies",
        "tags", "tag", "pager", "pagination", "paging", "print", "rating", "widget",
        "footer", "toolbar", "newsletter", "subscribe", "popup", "modal", "login",
        "search", "hotline", "weather", "copyright", "mostread", "docs",
    }
)  # fmt: skip
_CHROME_PAIRS = (("most", "read"), ("other", "news"), ("tin", "khac"), ("lien", "quan"))
# Headings that open a block of links or widgets, not article text.
_CHROME_HEADINGS = (
    "tin liên quan", "bài viết liên quan", "tin cùng chuyên mục", "tin khác",
    "các tin khác", "bài viết khác", "tin đọc nhiều", "đọc nhiều", "tin mới",
    "tin mới nhất", "xem thêm", "xem nhiều", "có thể bạn quan tâm", "chia sẻ",
    "bình luận", "ý kiến bạn đọc", "thống kê truy cập", "lượt truy cập",
    "liên kết website", "văn bản mới", "thư viện hình ảnh", "related", "related news",
    "related articles", "read more", "more news", "share", "comments",
)  # fmt: skip
# Visitor counters and online-user widgets.
_COUNTER = re.compile(
    r"(tổng\s+(số\s+)?lượt\s+truy\s+cập|lượt\s+truy\s+cập|đang\s+(truy\s+cập|online|trực\s+tuyến)"
    r"|số\s+người\s+online|hôm\s+nay\s*:|visitors?\s*(today|online|total)?\s*:|online\s*:)"
    r"\s*:?\s*[\d.,\s]*",
    re.IGNORECASE,
)
# "Lượt xem: 1.234" (label first) is tried before "739 Lượt xem", so the year
# of a date before the label is never read as the count.
_VIEWS_AFTER = re.compile(
    r"(?:lượt\s+(?:xem|đọc|truy\s+cập\s+bài)|số\s+lần\s+xem|views?)\s*:\s*(\d[\d.,]*)",
    re.IGNORECASE,
)
_VIEWS_BEFORE = re.compile(
    r"(?<![\d/.,-])(\d[\d.,]*)\s*(?:lượt\s+(?:xem|đọc)|views?)\b", re.IGNORECASE
)
# What may remain of a date/views line once the date and count are taken out.
_META_WORDS = re.compile(
    r"(thứ\s+(hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|ngày|đăng(\s+(lúc|ngày))?|cập\s+nhật|"
    r"lúc|giờ|posted|published|updated|on|at|gmt\+?\d*|\(|\)|[-–|:,/.+])",
    re.IGNORECASE,
)

_BLOCKS = frozenset(
    {"div", "section", "ul", "ol", "table", "dl", "p", "article", "td", "li", "span"}
)


def _words(element: HtmlElement) -> list[str]:
    raw = f"{element.get('class', '')} {element.get('id', '')}"
    raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw).lower()  # leftCol, boxTitle
    return [w for w in re.split(r"[\s_\-]+", raw) if w]


def _is_chrome_named(element: HtmlElement) -> bool:
    words = _words(element)
    if not words:
        return False
    if any(w in _CHROME_WORDS for w in words):
        return True
    return any(
        a == b1 and b == b2 for b1, b2 in _CHROME_PAIRS for a, b in itertools.pairwise(words)
    )


def _text_len(element: HtmlElement) -> int:
    return len(" ".join("".join(element.itertext()).split()))


def _link_text_len(element: HtmlElement) -> int:
    return sum(_text_len(a) for a in element.iter("a"))


def _link_density(element: HtmlElement) -> float:
    total = _text_len(element)
    return _link_text_len(element) / total if total else 0.0


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split()).strip(" :.-–")


def _drop(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # Keep the text that follows the element in its parent.
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- Metadata -------------------------------------------------------------


@dataclass(slots=True)
class _Meta:
    title: str = ""
    published: datetime | None = None
    views: int | None = None


def parse_views(text: str) -> int | None:
    """739 from "21/05/2024 - 739 Lượt xem", "Lượt xem: 1.234" or "1,234 views"."""
    match = _VIEWS_AFTER.search(text) or _VIEWS_BEFORE.search(text)
    if match is None:
        return None
    digits = re.sub(r"[.,\s]", "", match.group(1))
    if not digits.isdigit() or len(digits) > 12:
        return None
    return int(digits)


def _read_meta(root: HtmlElement, zone: str) -> _Meta:
    meta = _Meta()
    h1 = next(root.iter("h1"), None)
    if h1 is not None:
        meta.title = clean_line(" ".join(h1.itertext()))
    if not meta.title:
        for prop in ("og:title", "twitter:title"):
            for node in root.xpath(f"//meta[@property='{prop}' or @name='{prop}']"):
                meta.title = clean_line(node.get("content", ""))
                break
            if meta.title:
                break
    if not meta.title:
        # No <h1>: old portals title the article with an <h2> or a "title" class.
        for node in root.iter("h2", "h3", "div", "p", "span", "td"):
            words = _words(node)
            if node.tag in ("h2", "h3") or any(w.endswith("title") for w in words):
                text = clean_line(" ".join(node.itertext()))
                if len(text.split()) >= 4 and _norm(text) not in _CHROME_HEADINGS:
                    meta.title = text
                    break
    if not meta.title:
        title = next(root.iter("title"), None)
        if title is not None:
            meta.title = clean_line(title.text_content())
    # The page's own statement of its date, in order of trust.
    for node in root.xpath(
        "//meta[@property='article:published_time' or @itemprop='datePublished' "
        "or @name='pubdate' or @name='publishdate']"
    ):
        meta.published = find_date(node.get("content", ""), tz=zone)
        if meta.published:
            break
    if meta.published is None:
        for node in root.iter("time"):
            meta.published = find_date(node.get("datetime", "") or node.text_content(), tz=zone)
            if meta.published:
                break
    return meta


def _is_meta_line(element: HtmlElement, meta: _Meta, zone: str) -> bool:
    """A short line that is only a date and/or a view count ("21/05/2024 - 739 Lượt xem")."""
    text = " ".join(" ".join(element.itertext()).split())
    if not text or len(text) > 120:
        return False
    date = find_date(text, tz=zone)
    views = parse_views(text)
    if date is None and views is None:
        return False
    rest = _VIEWS_BEFORE.sub(" ", _VIEWS_AFTER.sub(" ", text))
    rest = re.sub(r"lượt\s+(xem|đọc)|views?", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(
        r"\d{1,4}[/.:h-]\d{1,2}(?:[/.:-]\d{2,4})?(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?", " ", rest
    )
    rest = _META_WORDS.sub(" ", rest)
    if re.sub(r"[\d\s]", "", rest):
        return False
    if date is not None and meta.published is None:
        meta.published = date
    if views is not None and meta.views is None:
        meta.views = views
    return True


# --- Pruning --------------------------------------------------------------


def _prune(body: HtmlElement, meta: _Meta, zone: str, keep: HtmlElement | None) -> None:
    """Remove page chrome in place. `keep` (the selected block) and its ancestors stay."""
    protected: set[HtmlElement] = set()
    if keep is not None:
        protected.add(keep)
        protected.update(keep.iterancestors())
    for element in list(body.iter(*_DROP_TAGS)):
        if element not in protected:
            _drop(element)
    for element in list(body.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(element)
    # The title heading: the reader shows the title already, and extractors
    # drop a first paragraph that repeats it (short portal articles do).
    wanted = _norm(meta.title)
    for node in body.iter("h1", "h2", "h3", "h4", "div", "p", "span", "td", "strong"):
        if (
            wanted
            and node not in protected
            and len(node) <= 2
            and _norm(" ".join(node.itertext())) == wanted
        ):
            _drop(node)
            break
    total = max(_text_len(body), 1)
    # Chrome by name, unless it holds most of the page's text (a "has-sidebar"
    # wrapper around the whole article must not take the article with it).
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element in protected:
            continue
        if element.getparent() is None or element.tag == "body":
            continue
        if _is_chrome_named(element) and (
            _text_len(element) < 0.4 * total or _link_density(element) > 0.5
        ):
            _drop(element)
    # Blocks headed by a chrome title: the heading and the links under it.
    for heading in list(body.iter(*_HEADING_LIKE)):
        if heading.getparent() is None or heading in protected:
            continue
        text = _norm(" ".join(heading.itertext()))
        if not text or len(text) > 40 or text not in _CHROME_HEADINGS:
            continue
        _drop_headed_block(heading, protected, total)
    # Visitor counters.
    for element in list(body.iter(*_BLOCKS)):
        if element.getparent() is None or element in protected:
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if text and len(text) < 200 and _COUNTER.search(text):
            _drop(element)
    # The date/views line, read into metadata; then link-dense lists.
    for element in list(body.iter("div", "p", "span", "time", "small", "em", "li", "td")):
        if element.getparent() is None or element in protected:
            continue
        if len(element) <= 3 and _is_meta_line(element, meta, zone):
            _drop(element)
    for element in list(body.iter("ul", "ol", "div", "section", "table", "dl")):
        if element.getparent() is None or element in protected:
            continue
        links = sum(1 for _ in element.iter("a"))
        if links >= 3 and _link_density(element) > 0.6 and _text_len(element) < 0.4 * total:
            _drop(element)


_HEADING_LIKE = (
    "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "span", "div", "td", "th",
    "li", "dt", "caption", "legend",
)  # fmt: skip


def _drop_headed_block(heading: HtmlElement, protected: set[HtmlElement], total: int) -> None:
    """Drop the largest block around `heading` that holds only links or little else."""
    heading_len = _text_len(heading)
    best = None
    node = heading.getparent()
    for _ in range(5):
        if node is None or node in protected or node.tag in ("body", "html"):
            break
        size = _text_len(node)
        if size > 0.4 * total:
            break
        rest = size - heading_len
        if rest < 20 or _link_text_len(node) >= 0.5 * rest:
            best = node
        else:
            break
        node = node.getparent()
    if best is not None:
        _drop(best)
        return
    # The heading sits among article text: drop it and the link lists after it.
    for sibling in list(heading.itersiblings()):
        if sibling.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            break
        if _link_density(sibling) >= 0.5 or not _text_len(sibling):
            _drop(sibling)
        else:
            break
    _drop(heading)


def _unwrap_layout_tables(body: HtmlElement) -> None:
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


# --- Finding the main block -------------------------------------------------


def _select(root: HtmlElement, selector: str) -> HtmlElement | None:
    from cssselect import GenericTranslator, SelectorError

    try:
        xpath = GenericTranslator().css_to_xpath(selector)
    except SelectorError:
        raise ExtractionError(f"the article selector {selector!r} is not valid CSS") from None
    found = root.xpath(xpath)
    return found[0] if found else None


def _densest_block(body: HtmlElement) -> HtmlElement:
    """The element whose paragraphs hold the most non-link text (readability's idea)."""
    scores: dict[HtmlElement, float] = {}
    for para in body.iter("p", "li", "td", "pre", "blockquote", "figcaption", "h2", "h3"):
        length = _text_len(para) - _link_text_len(para)
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
    return max(scores, key=lambda e: scores[e] * (1.0 - _link_density(e)))


def _mark_figures(block: HtmlElement) -> None:
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
        for img in images:
            img.set("title", caption or clean_line(img.get("alt", "")))
        if caption_node is not None:
            _drop(caption_node)
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
                _drop(node)
                for inner in holder.iter("table", "tbody", "tr", "td", "th"):
                    inner.tag = "div"
                holder.tag = "p"
                break
            if len(images) > 1:
                break
            holder = holder.getparent()


def _is_caption_named(node: HtmlElement) -> bool:
    words = _words(node)
    if any("caption" in w or w in ("chuthich", "chu-thich", "imgdesc") for w in words):
        return True
    return any(w in ("image", "img", "photo", "anh", "pic") for w in words) and any(
        w in ("desc", "description", "note", "text", "title") for w in words
    )


def _trafilatura_block(body: HtmlElement, url: str) -> lxml.etree._Element | None:
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


# --- Rebuilding clean HTML --------------------------------------------------

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


class _Builder:
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
        if tag in _DROP_TAGS:
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
                value = source.get(attr, "")
                if value.isdigit() and 1 < int(value) <= 50:
                    element.set(attr, value)
        if tag in ("br", "hr"):
            return
        self._children(source, element)

    def _link(self, source: lxml.etree._Element, target: lxml.etree._Element) -> None:
        href = safe_link(source.get("href") or source.get("target"), self.base_url)
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
            src = _http_link(source.get(attr), self.base_url)
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
                    _remove_keep_tail(element)
        for heading in list(root.iter(*_HEADING_TAGS)):
            if skip_title and _norm(" ".join(heading.itertext())) == _norm(skip_title):
                _remove_keep_tail(heading)
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


def _remove_keep_tail(element: lxml.etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _http_link(value: str | None, base: str) -> str | None:
    link = safe_link(value, base)
    if link is None or not link.lower().startswith(("http://", "https://")):
        return None
    return link


def _plain_text(root: lxml.etree._Element) -> str:
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


# --- Decoding -----------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


def decode_page(body: bytes, headers: Mapping[str, str] | None = None) -> str:
    """Bytes to text in the HTML standard's order: BOM, HTTP charset, <meta>, then UTF-8
    or windows-1258 (Vietnamese sites that declare nothing). Always NFC."""
    for bom, name in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if body.startswith(bom):
            return _nfc(body[len(bom) :].decode(name, errors="replace"))
    candidates: list[str] = []
    content_type = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    if match := re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE):
        candidates.append(match.group(1))
    if meta := _META_CHARSET.search(body[:4096]):
        candidates.append(meta.group(1).decode("ascii", errors="ignore"))
    for name in candidates:
        try:
            return _nfc(body.decode(_whatwg_name(name), errors="replace"))
        except LookupError:
            continue
    try:
        return _nfc(body.decode("utf-8"))
    except UnicodeDecodeError:
        return _nfc(body.decode("cp1258", errors="replace"))


def _whatwg_name(name: str) -> str:
    name = name.strip().lower()
    # The HTML standard reads these labels as windows-1252.
    return "cp1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else name


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- The entry point ------------------------------------------------------------


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
    if isinstance(html, bytes) and _looks_binary(html):
        raise ExtractionError("the page is not HTML (binary data)")
    text = decode_page(html, headers) if isinstance(html, bytes) else _nfc(html)
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
        if resolved := _http_link(node.get("href"), url):
            base = resolved
        break
    meta = _read_meta(root, zone)
    body = root.find("body")
    if body is None:
        body = root
    selected = _select(root, content_selector) if content_selector else None
    if content_selector and selected is None:
        raise ExtractionError(f"the article selector {content_selector!r} matched nothing")
    _prune(body, meta, zone, selected)
    builder = _Builder(base)
    method = "selector"
    if selected is not None:
        _mark_figures(selected)
        source: lxml.etree._Element = selected
    else:
        method = "extractor"
        _mark_figures(body)
        _unwrap_layout_tables(body)
        found = _trafilatura_block(body, base) if _count(body) <= MAX_TREE_ELEMENTS else None
        if found is None or _text_len_any(found) < MIN_ARTICLE_CHARS:
            method = "heuristic"
            found = _densest_block(body)
        source = found
    clean = builder.build(source, meta.title)
    plain = _plain_text(clean)
    if not plain.strip() and not builder.images:
        raise ExtractionError("no article text found on the page")
    if method != "selector" and _link_density(clean) > 0.8:
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


def _looks_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs
        return False
    return b"\x00" in head


def _count(element: HtmlElement) -> int:
    return sum(1 for _ in element.iter())


def _text_len_any(element: lxml.etree._Element) -> int:
    return len(" ".join("".join(element.itertext()).split()))
