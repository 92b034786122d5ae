"""Small feed documents built in code for tests (RSS, Atom, JSON Feed)."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape


def rss(items: list[dict], title: str = "Test RSS", link: str = "https://example.test/") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>",
    ]
    for item in items:
        parts.append("<item>")
        if "title" in item:
            parts.append(f"<title>{escape(item['title'])}</title>")
        if "link" in item:
            parts.append(f"<link>{escape(item['link'])}</link>")
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if "description" in item:
            parts.append(f"<description>{escape(item['description'])}</description>")
        if "content" in item:
            parts.append(f"<content:encoded>{escape(item['content'])}</content:encoded>")
        if "views" in item:
            parts.append(
                f'<media:community><media:statistics views="{item["views"]}"/></media:community>'
            )
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def atom(entries: list[dict], title: str = "Test Atom") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
        f"<title>{escape(title)}</title><id>urn:test:atom</id>"
        "<updated>2024-05-21T08:30:00Z</updated>",
    ]
    for e in entries:
        parts.append("<entry>")
        parts.append(f"<id>{escape(e['id'])}</id><title>{escape(e.get('title', ''))}</title>")
        if "link" in e:
            parts.append(f'<link rel="alternate" href="{escape(e["link"])}"/>')
        if "published" in e:
            parts.append(f"<published>{e['published']}</published>")
        parts.append(f"<updated>{e.get('updated', '2024-05-21T08:30:00Z')}</updated>")
        if "content" in e:
            parts.append(f'<content type="html">{escape(e["content"])}</content>')
        if "views" in e:
            parts.append(
                f'<media:group><media:community><media:statistics views="{e["views"]}"/>'
                "</media:community></media:group>"
            )
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def json_feed(items: list[dict], title: str = "Test JSON") -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "home_page_url": "https://example.test/",
            "items": items,
        },
        ensure_ascii=False,
    ).encode("utf-8")
