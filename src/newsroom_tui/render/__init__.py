"""Feed HTML into sanitised HTML, plain text and Rich renderables (no Textual)."""

from newsroom_tui.render.article import (
    RenderedArticle,
    render_article,
    render_body,
    render_plain,
)
from newsroom_tui.render.html import html_to_text, sanitize_html

__all__ = [
    "RenderedArticle",
    "html_to_text",
    "render_article",
    "render_body",
    "render_plain",
    "sanitize_html",
]
