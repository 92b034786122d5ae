"""What extraction gives: the article's clean HTML, text, metadata and images."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# An article's links and images beyond these are kept in its text, not listed.
MAX_LINKS = 500
MAX_IMAGES = 100


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
