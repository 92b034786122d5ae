"""What page chrome looks like: the tags, class words, headings and counters of
menus, share buttons, related lists and widgets (boilerplate.py prunes them)."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from newsroom_tui.sources.article.tree import words

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Removed with everything inside: never article text.
DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "form", "button", "input", "select", "textarea", "nav", "aside",
    "footer", "header", "menu", "dialog", "link", "meta",
)  # fmt: skip
# class/id words of page chrome. Matched as whole words of the attribute
# (split on space, "-" and "_"), so "detail-content" is safe and "share-tools" is not.
CHROME_WORDS = frozenset(
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
CHROME_PAIRS = (("most", "read"), ("other", "news"), ("tin", "khac"), ("lien", "quan"))
# Headings that open a block of links or widgets, not article text.
CHROME_HEADINGS = (
    "tin liên quan", "bài viết liên quan", "tin cùng chuyên mục", "tin khác",
    "các tin khác", "bài viết khác", "tin đọc nhiều", "đọc nhiều", "tin mới",
    "tin mới nhất", "xem thêm", "xem nhiều", "có thể bạn quan tâm", "chia sẻ",
    "bình luận", "ý kiến bạn đọc", "thống kê truy cập", "lượt truy cập",
    "liên kết website", "văn bản mới", "thư viện hình ảnh", "related", "related news",
    "related articles", "read more", "more news", "share", "comments",
)  # fmt: skip
# Visitor counters and online-user widgets.
COUNTER = re.compile(
    r"(tổng\s+(số\s+)?lượt\s+truy\s+cập|lượt\s+truy\s+cập|đang\s+(truy\s+cập|online|trực\s+tuyến)"
    r"|số\s+người\s+online|hôm\s+nay\s*:|visitors?\s*(today|online|total)?\s*:|online\s*:)"
    r"\s*:?\s*[\d.,\s]*",
    re.IGNORECASE,
)


def is_chrome_named(element: HtmlElement) -> bool:
    names = words(element)
    if not names:
        return False
    if any(w in CHROME_WORDS for w in names):
        return True
    return any(a == b1 and b == b2 for b1, b2 in CHROME_PAIRS for a, b in itertools.pairwise(names))
