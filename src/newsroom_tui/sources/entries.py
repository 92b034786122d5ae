"""What every portal source yields: ParsedItems, and what it learned about its fields."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from newsroom_tui.models import ParsedItem

# One list page never yields more entries than this (a page of 100,000 links
# is a directory, not a news list; its first entries are kept).
MAX_ENTRIES_PER_PAGE = 500


def portal_item(
    *,
    title: str,
    link: str,
    published: datetime | None = None,
    views: int | None = None,
    summary: str = "",
    image: str | None = None,
    content_html: str = "",
    author: str = "",
) -> ParsedItem:
    """A list entry as the cache takes it: identity is the link (no guid), the
    summary is text (escaped here), the list's image goes before it."""
    parts = []
    if image:
        parts.append(f'<p><img src="{html.escape(image, quote=True)}" alt=""></p>')
    if summary:
        parts.append(f"<p>{html.escape(summary, quote=False)}</p>")
    return ParsedItem(
        guid=None,
        url=link,
        title=title,
        author=author,
        published=published,
        views=views,
        summary_html="".join(parts),
        content_html=content_html,
    )


@dataclass(slots=True)
class FieldStat:
    """How one field fared over a page's entries, for diagnostics."""

    matched: int = 0  # entries where the selector found something
    parsed: int = 0  # of those, entries where the value could be read (date, views)
    sample: str | None = None  # a text that matched but did not parse

    def add(self, text: str | None, ok: bool) -> None:
        if text is None:
            return
        self.matched += 1
        if ok:
            self.parsed += 1
        elif self.sample is None:
            self.sample = text[:80]


@dataclass(slots=True)
class ListPage:
    """One list page read: its entries, the next page's URL, field statistics."""

    items: list[ParsedItem] = field(default_factory=list)
    next_url: str | None = None
    entries: int = 0  # elements the items selector matched
    skipped: int = 0  # entries without a usable link
    stats: dict[str, FieldStat] = field(default_factory=dict)
    title: str = ""
    shape: str | None = None  # where an auto-detected list stood (detect._shape)

    def stat(self, name: str) -> FieldStat:
        found = self.stats.get(name)
        if found is None:
            found = self.stats[name] = FieldStat()
        return found
