"""Titles as plain text: the one reduction every parser applies to a title.

A title is shown on one line in lists, JSON and exports, so whatever markup a
feed put in it (Atom type="html"/"xhtml", or an RSS title that plainly holds
tags) is reduced here: comments and script/style content dropped, tags
removed, entities decoded. A title typed as text that merely mentions a
"<blink>" keeps it: only known HTML elements make a text title look like HTML.
"""

from __future__ import annotations

import html
import re

from newsroom_tui.text import clean_text

__all__ = ["looks_like_html", "title_text"]

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_HIDDEN = re.compile(
    r"<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE
)
# A quoted attribute value may hold ">" (alt="cat<br />dog"): the tag ends after it.
_TAG = re.compile(r"""</?[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>|<![^>]*>|<\?[^>]*>""")
_KNOWN_ELEMENT = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|cite|code|del|dfn|div|em|font|h[1-6]|hr|i|img|ins|"
    r"kbd|mark|p|pre|q|s|samp|script|small|span|strike|strong|style|sub|sup|table|td|th|"
    r"tr|tt|u|ul|ol|li|iframe|object|embed|svg|math|center|section|article|header|footer|"
    r"nav|time|wbr)\b[^>]*>|<!--",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when text holds markup of a known HTML element (or a comment)."""
    return "<" in text and _KNOWN_ELEMENT.search(text) is not None


def title_text(value: object, content_type: str = "") -> str:
    """A title (item or feed) as one line of plain text."""
    text = clean_text(value)
    if ("html" in content_type and ("<" in text or "&" in text)) or looks_like_html(text):
        text = _COMMENT.sub("", text)
        text = _HIDDEN.sub(" ", text)
        text = _TAG.sub("", text)
        text = clean_text(html.unescape(text))
    return " ".join(text.split())  # clean_line of text that is clean already
