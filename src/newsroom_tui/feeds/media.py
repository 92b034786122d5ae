"""Pictures an entry names beside its text: media:content, media:thumbnail,
enclosures of image type (RSS and Atom) and JSON Feed's image fields.

Most news feeds give a title, two lines and one of these, so they are the
only picture such an item has offline. Our walker, the feedparser fallback
and the JSON Feed reader each find the candidates in their own tree; which
ones are pictures, which URLs are kept and what the caption says is decided
here, once.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.text import clean_line, shorten

# A gallery feed may list a hundred; an item shows the first few.
MAX_MEDIA_IMAGES = 20
MAX_CAPTION_CHARS = 300
_IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp)$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def is_picture(url: str, medium: str | None = None, mime: str | None = None) -> bool:
    """Whether a media element or enclosure is a picture: what it says it is
    (medium, then MIME type), else what its URL's path ends with."""
    if medium and medium.strip():
        return medium.strip().lower() == "image"
    if mime and mime.strip():
        return mime.strip().lower().startswith("image/")
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return _IMAGE_PATH.search(path) is not None


def picture_url(value: object, base: str | None) -> str | None:
    """An absolute http(s) URL for a picture, or None (javascript:, file:, data:
    and the like are never fetched nor shown)."""
    link = safe_link(value, base)
    return link if link is not None and link.startswith(("http://", "https://")) else None


def caption(title: str = "", description: str = "", credit: str = "") -> str:
    """One line under a picture: its description (else its title), then its credit."""
    text = _plain(description) or _plain(title)
    who = _plain(credit)
    if who and who not in text:
        text = f"{text} ({who})" if text else who
    return shorten(text, MAX_CAPTION_CHARS)


def _plain(value: str) -> str:
    # Media descriptions may be typed HTML; a caption is one line of text.
    if "<" in value or "&" in value:
        value = html.unescape(_TAG.sub(" ", value))
    return clean_line(value)


class Pictures:
    """An entry's pictures in document order, each URL once, at most MAX_MEDIA_IMAGES.

    A media:thumbnail is a small copy of the entry's picture: it counts only
    when the entry names no full-size one.
    """

    __slots__ = ("_full", "_thumbnails")

    def __init__(self) -> None:
        self._full: dict[str, str] = {}
        self._thumbnails: dict[str, str] = {}

    def add(self, url: str | None, text: str = "", *, thumbnail: bool = False) -> None:
        if url is None:
            return
        found = self._thumbnails if thumbnail else self._full
        if url not in found and len(found) < MAX_MEDIA_IMAGES:
            found[url] = text
        elif url in found and text and not found[url]:
            found[url] = text  # the same picture named twice: keep the caption it has

    def found(self) -> list[tuple[str, str]]:
        """(url, caption) of each picture."""
        return list((self._full or self._thumbnails).items())
