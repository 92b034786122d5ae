"""JSON APIs read through a mapping: dot paths to ParsedItems."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from newsroom_tui.dates import first_date_in, parse_date
from newsroom_tui.dates.zones import zone
from newsroom_tui.feeds.numbers import is_number, read_int
from newsroom_tui.feeds.urls import safe_link
from newsroom_tui.sources.entries import MAX_ENTRIES_PER_PAGE, ListPage, portal_item
from newsroom_tui.sources.links import normalise_link
from newsroom_tui.sources.mapping import PortalMapping
from newsroom_tui.sources.page import next_page_url
from newsroom_tui.sources.values import collapse, views_in_text


class NotJson(ValueError):
    """The body is not a JSON document."""


_DOTNET_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Below this an epoch number is seconds; above, milliseconds (year 5138 in seconds).
_EPOCH_MS_FROM = 100_000_000_000


def walk(value: Any, path: list[str]) -> Any:
    """The value at a dot path; list steps take an index ("items.0.title")."""
    for step in path:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and (index := _list_index(step)) is not None:
            value = value[index] if -len(value) <= index < len(value) else None
        else:
            return None
        if value is None:
            return None
    return value


def _list_index(step: str) -> int | None:
    """A list step ("0", "-1") as an index; None for "²" or a 5,000-digit number,
    which str.isdigit() takes and int() refuses."""
    magnitude = read_int(step.removeprefix("-"))
    if magnitude is None:
        return None
    return -magnitude if step.startswith("-") else magnitude


def json_date_shape(text: str) -> bool:
    """Whether `text` is a date a JSON API writes without date_format: a number
    (epoch seconds or milliseconds), /Date(ms)/ or ISO 8601."""
    text = text.strip()
    return is_number(text) or bool(_DOTNET_DATE.match(text) or _ISO_START.match(text))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return None
    return collapse(str(value))


def api_date(value: Any, date_format: str, timezone: str) -> datetime | None:
    """An API's date: epoch seconds or milliseconds, /Date(ms)/, ISO 8601, or
    text with a date fitting `date_format`; as UTC."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            seconds = value / 1000 if abs(value) >= _EPOCH_MS_FROM else value
            return datetime.fromtimestamp(seconds, UTC)
        text = str(value).strip()
        dotnet = _DOTNET_DATE.match(text)
        if dotnet:
            return datetime.fromtimestamp(int(dotnet.group(1)) / 1000, UTC)
        number = read_int(text)
        if number is not None:
            return api_date(number, date_format, timezone)
        if _ISO_START.match(text):
            return parse_date(text, zone(timezone))
    except (ValueError, OverflowError, OSError):
        pass
    return first_date_in(str(value), date_format, timezone)


def parse_api_page(body: bytes, url: str, mapping: PortalMapping) -> ListPage:
    """The entries of one JSON API response as `mapping` reads them."""
    from newsroom_tui.htmltext import sanitize_html

    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise NotJson(f"not a JSON document ({str(exc)[:80]})") from None
    page = ListPage()
    found = walk(document, mapping.items.path)
    if isinstance(found, dict):
        found = list(found.values())
    entries = found if isinstance(found, list) else []
    page.entries = len(entries)
    fields = mapping.fields
    seen: set[str] = set()

    def get(entry: Any, name: str) -> Any:
        return walk(entry, fields[name].path) if name in fields else None

    for entry in entries[:MAX_ENTRIES_PER_PAGE]:
        title = _text(get(entry, "title"))
        page.stat("title").add(title, bool(title))
        href = _text(get(entry, "link"))
        link = normalise_link(href, url) if href else None
        page.stat("link").add(href, link is not None)
        if link is None or link in seen:
            page.skipped += link is None
            continue
        seen.add(link)
        published = None
        if "date" in fields:
            raw_date = get(entry, "date")
            published = api_date(raw_date, mapping.date_format, mapping.timezone)
            page.stat("date").add(_text(raw_date), published is not None)
        views = None
        if "views" in fields:
            raw_views = get(entry, "views")
            if (
                isinstance(raw_views, int)
                and not isinstance(raw_views, bool)
                and 0 <= raw_views < 2**62
            ):
                views = raw_views
            elif raw_views is not None:
                views = views_in_text(str(raw_views), bare=True)
            page.stat("views").add(_text(raw_views), views is not None)
        summary = _text(get(entry, "summary"))
        if summary and "<" in summary:
            summary = _html_text(summary)
        page.stat("summary").add(summary, bool(summary))
        image = None
        if "image" in fields:
            src = _text(get(entry, "image"))
            image = safe_link(src, url, as_href=True) if src else None
            page.stat("image").add(src, image is not None)
        content = ""
        if "content" in fields:
            raw_content = get(entry, "content")
            content = sanitize_html(str(raw_content)) if isinstance(raw_content, str) else ""
            page.stat("content").add(_text(raw_content), bool(content))
        page.items.append(
            portal_item(
                title=title or "",
                link=link,
                published=published,
                views=views,
                summary=summary or "",
                image=image,
                content_html=content,
                author=_text(get(entry, "author")) or "",
            )
        )
    if mapping.next_page is not None:
        page.next_url = next_page_url(_text(walk(document, mapping.next_page.path)), url)
    page.title = mapping.title
    return page


def _html_text(fragment: str) -> str:
    from newsroom_tui.htmltext import html_to_text

    return collapse(html_to_text(fragment))
