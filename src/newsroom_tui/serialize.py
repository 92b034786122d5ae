"""Records as JSON-ready dicts: the field names of the CLI contract."""

from __future__ import annotations

from typing import Any

from newsroom_tui.models import Article, Feed, FetchResult, Item


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
        "articles": result.articles,
        "error": result.error,
    }


def show_json(article: Article) -> dict[str, Any]:
    """`show ITEM --json`: the item with the text it reads as, its images and links."""
    from newsroom_tui.render.html import html_to_text

    item = article.item
    return {
        "id": item.id,
        "title": item.title,
        "url": item.url,
        "published": item.published.isoformat() if item.published else None,
        "views": item.views,
        "text": html_to_text(article.html),
        "text_source": article.text_source,
        "images": [
            {"url": i["url"], "caption": i.get("caption", ""), "cached": bool(i.get("cached"))}
            for i in article.images
        ],
        "links": article.links,
    }
