"""What `add` would subscribe to, found without storing anything.

`newsroom try`, `newsroom add` on an HTML page and the TUI's Add source
dialog all ask this one question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsroom_tui.models import ParsedItem, SourceKind
from newsroom_tui.sources.mapping import PortalMapping

if TYPE_CHECKING:
    from newsroom_tui.config import FetchConfig


@dataclass(slots=True)
class SourcePreview:
    """The source found at a URL: the URL to subscribe to (the advertised feed's,
    when the page names one), its kind, title, the items it yields now, and
    warnings that say why fields or items are missing. `error` is set when no
    item was found, with the reason."""

    url: str
    kind: SourceKind
    title: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mapping: PortalMapping | None = None
    advertised_by: str | None = None  # the page that named the feed
    error: str | None = None
    fields_present: list[str] = field(default_factory=list)


async def preview_source(
    url: str, mapping: PortalMapping | None, config: FetchConfig
) -> SourcePreview:
    """Fetch `url` and read it as `add` would: by `mapping`; else as the feed
    the page advertises; else as a feed; else as an auto-detected news list.
    Values the cache would adjust (a view count too big to hold, an impossible
    or future date) are one warning line, as `fetch` says it."""
    from newsroom_tui.store.rows import reviewed_items

    preview = await _preview_source(url, mapping, config)
    preview.items, note = reviewed_items(preview.items)
    if note:
        preview.warnings.append(note)
    return preview


async def _preview_source(
    url: str, mapping: PortalMapping | None, config: FetchConfig
) -> SourcePreview:
    from newsroom_tui.feeds.fetch import Fetcher

    async with Fetcher(config) as fetcher:
        response = await fetcher.fetch(url)
        if response.status != "ok":
            reason = response.error or f"HTTP {response.http_status}"
            kind: SourceKind = mapping.kind if mapping else "feed"
            return SourcePreview(url, kind, mapping=mapping, error=reason, warnings=[reason])
        if mapping is not None:
            return await _portal(fetcher, response, mapping)
        from newsroom_tui.sources.discover import advertised_feed, looks_like_html

        if looks_like_html(response.body, response.headers.get("content-type")):
            feed_url = advertised_feed(response.body, response.url)
            if feed_url:
                feed_response = await fetcher.fetch(feed_url)
                preview = _feed(
                    feed_response.url if feed_response.status == "ok" else feed_url, feed_response
                )
                preview.advertised_by = url
                preview.warnings.insert(
                    0, f"the page advertises a feed: {feed_url}; subscribing to it"
                )
                return preview
            return await _portal(fetcher, response, None)
        return _feed(url, response)


def _feed(url: str, response: object) -> SourcePreview:
    import asyncio  # noqa: F401  (parsing is quick next to the fetch)

    from newsroom_tui.feeds.errors import FeedError
    from newsroom_tui.feeds.parse import parse_feed

    if getattr(response, "status", "error") != "ok":
        reason = getattr(response, "error", None) or "could not fetch the feed"
        return SourcePreview(url, "feed", error=reason, warnings=[reason])
    try:
        parsed = parse_feed(response.body, response.headers, response.url)  # type: ignore[attr-defined]
    except FeedError as exc:
        return SourcePreview(url, "feed", error=str(exc), warnings=[str(exc)])
    preview = SourcePreview(url, "feed", title=parsed.title, items=parsed.items)
    if parsed.warning:
        preview.warnings.append(parsed.warning)
    if not parsed.items:
        preview.error = "the feed has no items"
        preview.warnings.append(preview.error)
    return preview


async def _portal(
    fetcher: object, response: object, mapping: PortalMapping | None
) -> SourcePreview:
    from newsroom_tui.sources.api import NotJson
    from newsroom_tui.sources.detect import NoListFound
    from newsroom_tui.sources.portal import diagnostics, read_portal

    kind: SourceKind = mapping.kind if mapping else "html"
    url = response.url  # type: ignore[attr-defined]
    try:
        read = await read_portal(fetcher, response, mapping)  # type: ignore[arg-type]
    except (NoListFound, NotJson) as exc:
        return SourcePreview(url, kind, mapping=mapping, error=str(exc), warnings=[str(exc)])
    preview = SourcePreview(
        url,
        kind,
        title=read.title,
        items=read.items,
        warnings=diagnostics(read, mapping),
        mapping=mapping,
        fields_present=read.fields_present(),
    )
    if not read.items:
        preview.error = preview.warnings[0] if preview.warnings else "no entries found"
        if not preview.warnings:
            preview.warnings.append(preview.error)
    return preview


def preview_document(preview: SourcePreview) -> dict[str, object]:
    """`try --json`'s object (see the command-line contract)."""
    return {
        "source": {"url": preview.url, "kind": preview.kind, "title": preview.title},
        "items": [_item_json(item, preview) for item in preview.items],
        "warnings": list(preview.warnings),
    }


def preview_lines(preview: SourcePreview) -> list[str]:
    """`try`'s text: the source, one line per item, then the warnings."""
    from newsroom_tui.text import clean_line

    title = clean_line(preview.title) or "(untitled)"
    lines = [f"{preview.kind} source: {clean_line(preview.url)}  {title}"]
    for item in preview.items:
        data = _item_json(item, preview)
        date = str(data["published"] or "undated")[:16].replace("T", " ")
        views = f"{data['views']} views" if data["views"] is not None else "-"
        lines.append(f"  {date:<16}  {views:>12}  {data['title']}")
        lines.append(f"      {data['url']}")
    lines += [f"warning: {clean_line(w)}" for w in preview.warnings]
    return lines


def _item_json(item: ParsedItem, preview: SourcePreview) -> dict[str, object]:
    from newsroom_tui.dates.zones import DEFAULT_TIMEZONE, zone
    from newsroom_tui.htmltext import html_to_text
    from newsroom_tui.text import clean_line, shorten

    tz = zone(preview.mapping.timezone if preview.mapping else DEFAULT_TIMEZONE)
    summary = " ".join(html_to_text(item.summary_html or item.content_html).split())
    title = clean_line(item.title) or shorten(summary, 80)
    return {
        "title": title,
        "url": item.url,
        "published": item.published.astimezone(tz).isoformat() if item.published else None,
        "views": item.views,
        "summary": clean_line(shorten(summary, 400)),
    }
