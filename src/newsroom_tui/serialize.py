"""Records as JSON-ready dicts: the field names of the CLI contract."""

from __future__ import annotations

from typing import Any

from newsroom_tui.models import Feed, FetchResult, Item


def item_json(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "feed_id": item.feed_id,
        "feed_title": item.feed_title,
        "title": item.title,
        "url": item.url,
        "published": item.published.isoformat() if item.published else None,
        "views": item.views,
        "read": item.read,
        "bookmarked": item.bookmarked,
        "summary": item.summary,
        "author": item.author or None,
        "first_seen": item.first_seen.isoformat(),
        "note": item.note,
    }
    if item.snippet is not None:
        data["snippet"] = item.snippet
    return data


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "url": feed.url,
        "kind": feed.kind,
        "title": feed.display_title,
        "tags": feed.tags,
        "unread": feed.unread,
        "items": feed.total,
        "last_fetched": feed.last_fetched.isoformat() if feed.last_fetched else None,
        "last_status": feed.last_status,
        "last_error": feed.last_error,
        "gone": feed.gone,
    }


def fetch_json(result: FetchResult) -> dict[str, Any]:
    return {
        "feed_id": result.feed_id,
        "url": result.url,
        "title": result.title,
        "status": result.status,
        "new_items": result.new_items,
        "updated_items": result.updated_items,
        "error": result.error,
    }
