"""An article page's metadata: its title, its date, and its view count.

The date/views line ("21/05/2024 - 739 Lượt xem") is read here and then
pruned from the text (boilerplate.py asks `is_meta_line`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newsroom_tui.dates import find_date
from newsroom_tui.sources.article.chrome import CHROME_HEADINGS
from newsroom_tui.sources.article.tree import norm, words
from newsroom_tui.sources.values import views_in_text
from newsroom_tui.text import clean_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

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


@dataclass(slots=True)
class PageMeta:
    title: str = ""
    published: datetime | None = None
    views: int | None = None


def parse_views(text: str) -> int | None:
    """739 from "21/05/2024 - 739 Lượt xem", "Lượt xem: 1.234" or "1,234 views";
    the list pages' rule (a number that is part of a date is never the count)."""
    views = views_in_text(text)
    if views is None or views >= 10**12:
        return None
    return views


def read_meta(root: HtmlElement, zone: str) -> PageMeta:
    meta = PageMeta()
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
            names = words(node)
            if node.tag in ("h2", "h3") or any(w.endswith("title") for w in names):
                text = clean_line(" ".join(node.itertext()))
                if len(text.split()) >= 4 and norm(text) not in CHROME_HEADINGS:
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


def is_meta_line(element: HtmlElement, meta: PageMeta, zone: str) -> bool:
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
