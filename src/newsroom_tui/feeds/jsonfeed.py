"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org), read defensively.

Every field is checked for its type; a wrong type is treated as absent.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from newsroom_tui.dates import parse_date
from newsroom_tui.feeds.errors import ParseError
from newsroom_tui.feeds.media import Pictures, caption, is_picture, picture_url
from newsroom_tui.feeds.numbers import read_int
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.models import ParsedFeed, ParsedItem
from newsroom_tui.text import clean_line, clean_text


def looks_like_json(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"["))


def parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = _loads(data.decode("utf-8-sig", errors="replace"))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(f"not valid JSON ({_short(exc)})") from None
    if not isinstance(doc, dict):
        raise ParseError("JSON document is not a JSON Feed (not an object)")
    version = doc.get("version")
    if not (isinstance(version, str) and "jsonfeed.org/version/1" in version):
        if isinstance(doc.get("rss"), dict):
            raise ParseError("an RSS-in-JSON document, not a JSON Feed (not supported)")
        raise ParseError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    site = safe_link(doc.get("home_page_url"), url)
    raw_items = doc.get("items")
    items = [
        item
        for raw in (raw_items if isinstance(raw_items, list) else [])
        if isinstance(raw, dict) and (item := _item(raw, site or url)) is not None
    ]
    return ParsedFeed(
        title=clean_line(_str(doc.get("title"))),
        site_url=site,
        items=items,
        format="json" + version.rsplit("/", 1)[-1],
    )


def _item(raw: dict[str, Any], base: str) -> ParsedItem | None:
    content_html = _str(raw.get("content_html"))
    if not content_html and (text := _plain(raw.get("content_text"))):
        content_html = _text_to_html(text)
    summary = _plain(raw.get("summary"))
    identifier = raw.get("id")
    guid = clean_line(str(identifier)) if isinstance(identifier, (str, int)) else ""
    link = safe_link(raw.get("url"), base) or safe_link(raw.get("external_url"), base)
    title = clean_line(_plain(raw.get("title")))
    if not (link or content_html or summary or title):
        return None  # nothing a reader could show
    return ParsedItem(
        guid=guid or None,
        url=link,
        title=title,
        author=_author(raw),
        published=_date(raw.get("date_published")),
        updated=_date(raw.get("date_modified")),
        views=_views(raw.get("_views")),
        summary_html=clean_text(html.escape(summary)) if summary else "",
        content_html=clean_text(content_html),
        images=_pictures(raw, base),
    )


def _pictures(raw: dict[str, Any], base: str) -> list[tuple[str, str]]:
    """The item's "image", "banner_image" and attachments of an image type."""
    found = Pictures()
    for key in ("image", "banner_image"):
        found.add(picture_url(_str(raw.get(key)), base))
    attachments = raw.get("attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, dict):
            continue
        url = _str(attachment.get("url"))
        if url and is_picture(url, None, _str(attachment.get("mime_type"))):
            found.add(picture_url(url, base), caption(_str(attachment.get("title"))))
    return found.found()


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _plain(value: Any) -> str:
    """A text field's value; a number there ("title": 12345) is its text, as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _str(value)


def _author(raw: dict[str, Any]) -> str:
    authors = raw.get("authors")
    candidates = authors if isinstance(authors, list) else [raw.get("author")]
    names = [clean_line(a.get("name")) for a in candidates if isinstance(a, dict)]
    return ", ".join(n for n in names if n)


def _date(value: Any) -> datetime | None:
    return parse_date(value) if isinstance(value, str) else None


def _views(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    # A longer string is past SQLite's integers; the store drops such a count.
    return read_int(value, max_digits=19)


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:
        # A number of more digits than int() reads (4,300) is no count or id of
        # anything: read as null, so the rest of the feed stays.
        return json.loads(text, parse_int=_int_or_none)


def _int_or_none(digits: str) -> int | None:
    try:
        return int(digits)
    except ValueError:
        return None


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p)


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120]
