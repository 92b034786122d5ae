"""Titles as plain text: the one reduction every parser applies to a title.

A title is shown on one line in lists, JSON and exports, so whatever markup a
feed put in it (Atom type="html"/"xhtml", or an RSS title that plainly holds
tags) is reduced to its words by the same element rules as every other text
(htmltext): comments, script/style and other raw-text content dropped, the
text after any element kept, tags removed, entities decoded. Images are not
words of a title: they are dropped, alt text and all. A title typed as text
that merely mentions a "<blink>" keeps it: only known HTML elements make a
text title look like HTML.
"""

from __future__ import annotations

import re

from newsroom_tui.htmltext import IMG_TAG, html_to_search_text
from newsroom_tui.text import clean_text

__all__ = ["looks_like_html", "title_text"]

_KNOWN_ELEMENT = re.compile(
    r"</?(?:a|abbr|applet|b|big|blockquote|br|cite|code|del|dfn|div|em|font|h[1-6]|hr|i|"
    r"iframe|img|ins|kbd|mark|noembed|noframes|noscript|object|p|pre|q|s|samp|script|small|"
    r"span|strike|strong|style|sub|sup|table|td|th|tr|tt|u|ul|ol|li|embed|svg|math|center|"
    r"section|article|header|footer|nav|time|wbr)\b[^>]*>|<!--",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when text holds markup of a known HTML element (or a comment)."""
    return "<" in text and _KNOWN_ELEMENT.search(text) is not None


def title_text(value: object, content_type: str = "") -> str:
    """A title (item or feed) as one line of plain text."""
    text = clean_text(value)
    if ("html" in content_type and ("<" in text or "&" in text)) or looks_like_html(text):
        if "<" in text:
            text = IMG_TAG.sub(" ", text)
        text = html_to_search_text(text)
    return " ".join(text.split())  # clean_line of text that is clean already
