"""The bundled demo newsroom: sample feeds shipped as package data.

`seed_demo` subscribes a fresh home to them and fetches them from the
package's own files, so the demo needs no network and never touches the
user's cache.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsroom_tui.models import FetchResult


@dataclass(frozen=True)
class DemoFeed:
    file: str
    title: str
    tags: tuple[str, ...]


DEMO_FEEDS = (
    DemoFeed("ba-dinh-portal.xml", "Cổng thông tin quận Ba Đình", ("Địa phương",)),
    DemoFeed("thanh-hoa-news.atom", "Tin tức Thanh Hóa", ("Địa phương",)),
    DemoFeed("city-briefing.json", "Hanoi City Briefing", ("English",)),
    DemoFeed("world-desk.xml", "World Desk", ("English",)),
)


def demo_feed_path(name: str) -> Path:
    return Path(str(resources.files("newsroom_tui.demo").joinpath("feeds", name)))


def seed_demo(home: Path) -> list[FetchResult]:
    """Subscribe `home` to the demo feeds and fetch them into its cache."""
    from newsroom_tui.service import Newsroom

    newsroom = Newsroom.open(home)
    try:
        for feed in DEMO_FEEDS:
            newsroom.subscribe(str(demo_feed_path(feed.file)), title=feed.title, tags=feed.tags)
        return asyncio.run(newsroom.refresh())
    finally:
        newsroom.close()
