"""What an entry's summary or content becomes: HTML for its body.

Shared by our walker (feeds/walker/) and the feedparser fallback
(feeds/parse.py), so both store the same thing for the same value and type.
"""

from __future__ import annotations

import html

from newsroom_tui.text import clean_text


def body_html(value: object, kind: str | None) -> str:
    """A summary or content as HTML: plain text is escaped, its line breaks kept."""
    text = clean_text(value)
    if not text:
        return ""
    if kind == "text/plain":
        return html.escape(text).replace("\n", "<br>")
    return text
