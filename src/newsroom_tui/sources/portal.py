"""Reading a portal source: its list pages through a mapping or auto-detection,
following the next page, with diagnostics a person can act on.

Shared by `newsroom try` (preview, nothing stored) and the refresh engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsroom_tui.sources.entries import FieldStat, ListPage
from newsroom_tui.sources.links import normalise_link
from newsroom_tui.sources.mapping import PortalMapping

if TYPE_CHECKING:
    from newsroom_tui.feeds.fetch import Fetcher, FetchResponse
    from newsroom_tui.models import ParsedItem
    from newsroom_tui.store.fetches import FeedUpdate
    from newsroom_tui.store.subscriptions import FetchTarget

# List pages an auto-detected source reads per fetch: page 1 and the next two
# hold a portal's news of the last days to weeks; older pages are archive.
AUTO_MAX_PAGES = 3

# Fields whose loss on every entry is a layout change (title and link are the entry).
WATCHED_FIELDS = ("date", "views", "summary")


class LayoutError(ValueError):
    """The page no longer looks the way its source was read; the message says how."""


@dataclass(slots=True)
class PortalRead:
    """All list pages of one fetch of a portal source."""

    items: list[ParsedItem] = field(default_factory=list)
    title: str = ""
    pages: list[str] = field(default_factory=list)
    entries: int = 0
    skipped: int = 0
    stats: dict[str, FieldStat] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # how the pages ended, page errors

    def add(self, page: ListPage) -> None:
        # An entry shown on two pages (a pinned headline, a list that moved on
        # between requests) is one item: its first sighting is kept.
        known = {item.url for item in self.items}
        self.items += [item for item in page.items if item.url not in known]
        self.entries += page.entries
        self.skipped += page.skipped
        for name, stat in page.stats.items():
            total = self.stats.setdefault(name, FieldStat())
            total.matched += stat.matched
            total.parsed += stat.parsed
            total.sample = total.sample or stat.sample
        if not self.title:
            self.title = page.title

    def fields_present(self) -> list[str]:
        """The watched fields at least one entry had."""
        return [name for name in WATCHED_FIELDS if self.stats.get(name, FieldStat()).parsed]


def read_page(
    body: bytes,
    content_type: str | None,
    url: str,
    mapping: PortalMapping | None,
    *,
    first: bool = True,
    shape: str | None = None,
) -> ListPage:
    """One list page: by `mapping`, or auto-detected when there is none
    (`first`: the first page of this read; `shape`: where the first page's
    list stood, see detect_list). Raises NoListFound / NotJson with a one-line
    reason."""
    if mapping is not None and mapping.kind == "json":
        from newsroom_tui.sources.api import parse_api_page

        return parse_api_page(body, url, mapping)
    from newsroom_tui.sources.encoding import decode_html

    text = decode_html(body, content_type)
    if mapping is None:
        from newsroom_tui.sources.detect import detect_list

        return detect_list(text, url, first=first, shape=shape)
    from newsroom_tui.sources.page import parse_list_page

    return parse_list_page(text, url, mapping)


async def read_portal(
    fetcher: Fetcher, first: FetchResponse, mapping: PortalMapping | None
) -> PortalRead:
    """Read the list from `first` (page 1, already fetched) and the pages after
    it, up to the mapping's max_pages, stopping on a URL seen twice. Raises
    NoListFound/NotJson when page 1 cannot be read at all. Auto-detected
    sources follow the page's own pager, AUTO_MAX_PAGES at most."""
    import asyncio
    import functools

    read = PortalRead()
    seen = {first.url}
    shape: str | None = None
    response = first
    max_pages = mapping.max_pages if mapping is not None else AUTO_MAX_PAGES
    while True:
        parse = functools.partial(
            read_page,
            response.body,
            response.headers.get("content-type"),
            response.url,
            mapping,
            first=not read.pages,
            shape=shape,
        )
        if not read.pages:
            page = await asyncio.to_thread(parse)
        else:
            try:
                page = await asyncio.to_thread(parse)
            except ValueError as exc:  # NoListFound / NotJson: the pages before it stand
                read.notes.append(f"pages: {response.url}: {exc}")
                break
        read.pages.append(response.url)
        shape = shape or page.shape
        read.add(page)
        next_url = page.next_url
        if not next_url:
            break
        if next_url in seen:
            read.notes.append(f"pages: {next_url} was already read; stopped there")
            break
        if len(read.pages) >= max_pages:
            read.notes.append(
                f"pages: stopped at max_pages = {max_pages}"
                if mapping is not None
                else f"pages: read the first {max_pages} list pages (the most an auto-detected source reads)"
            )
            break
        seen.add(next_url)
        response = await fetcher.fetch(next_url)
        if response.status != "ok":
            read.notes.append(f"pages: {next_url}: {response.error or response.status}")
            break
    # A list page is the source, never one of its entries (a menu link back to it).
    list_pages = {normalise_link(url) for url in (first.url, *read.pages)}
    read.items = [item for item in read.items if item.url not in list_pages]
    return read


def diagnostics(read: PortalRead, mapping: PortalMapping | None) -> list[str]:
    """Per-field reasons a person can act on, e.g. "views: selector matched 0 of 5 entries"."""
    notes: list[str] = []
    n = read.entries
    if mapping is None:
        if read.items:
            found = {name: read.stats.get(name, FieldStat()).matched for name in WATCHED_FIELDS}
            on_pages = f" on {len(read.pages)} pages" if len(read.pages) > 1 else ""
            notes.append(
                f"auto-detected a list of {len(read.items)} entries{on_pages} "
                f"(dates on {found['date']}, view counts on {found['views']}, summaries on {found['summary']}); "
                "write a mapping (--map) to choose the fields yourself"
            )
        return notes + read.notes
    if n == 0:
        notes.append(
            f"items: selector {mapping.items.source!r} matched nothing on {read.pages[0] if read.pages else 'the page'}"
        )
        return notes + read.notes
    if read.skipped:
        notes.append(
            f"link: {read.skipped} of {n} entries had no usable link "
            f"(selector {mapping.fields['link'].source!r}); they were skipped"
        )
    for name, selector in mapping.fields.items():
        if name == "link":
            continue
        stat = read.stats.get(name, FieldStat())
        if stat.matched == 0:
            notes.append(f"{name}: selector {selector.source!r} matched 0 of {n} entries")
        elif name == "date" and stat.parsed < stat.matched:
            notes.append(
                f"date: {stat.matched} matched, {stat.parsed} parsed {_date_rule(mapping, stat.sample)}, "
                f"sample text {stat.sample!r}"
            )
        elif name == "views" and stat.parsed < stat.matched:
            notes.append(
                f"views: {stat.matched} matched, {stat.parsed} held a count (a number next to "
                f"'Lượt xem' or 'views'), sample text {stat.sample!r}"
            )
        elif stat.matched < n and name in ("title", "date", "views"):
            notes.append(
                f"{name}: selector {selector.source!r} matched {stat.matched} of {n} entries"
            )
    return notes + read.notes


def _date_rule(mapping: PortalMapping, sample: str | None) -> str:
    """How a date like `sample` is read, so the hint names the setting that
    reads it: a JSON API's number, /Date(ms)/ or ISO 8601 never uses date_format."""
    from newsroom_tui.sources.api import json_date_shape

    if mapping.kind == "json" and sample is not None and json_date_shape(sample):
        return (
            "as epoch seconds or milliseconds, /Date(ms)/ or ISO 8601 "
            "(date_format reads only other text)"
        )
    return f"with {mapping.date_format}"


def layout_change(
    read: PortalRead,
    mapping: PortalMapping | None,
    last_yield: int | None,
    last_fields: list[str],
    last_good: str,
    url: str = "URL",
) -> tuple[str | None, str | None]:
    """(why this fetch must not be stored, what it stores without), either None.

    A source that yielded entries and now yields none has not gone quiet: its
    page changed. Through a mapping, a field every entry lost is a selector to
    fix (refused). An auto-detected list that lost some of the fields it had
    (a redesign drops the summaries, the counts) is still the news list as long
    as its entries keep one of date, views and summary: it is stored with what
    it has, each cached item keeping its old values, and the loss is said once
    (the next fetch compares with this one). Entries that kept none of them are
    bare links, as a menu, an error or a maintenance page shows: refused, with
    the way to take the page as it is now if it is right.
    """
    if not last_yield:
        return None, None
    since = f"last good fetch {last_good} yielded {last_yield}"
    if not read.items:
        if mapping is None:
            return f"no news list found on the page any more; {since}", None
        if read.entries == 0:
            return f"items selector {mapping.items.source!r} matched nothing; {since}", None
        link = mapping.fields["link"].source
        return f"link selector {link!r} found no link in {read.entries} entries; {since}", None
    now = set(read.fields_present())
    lost = [name for name in last_fields if name not in now]
    if not lost:
        return None, None
    name = lost[0]
    gone = ", ".join(lost)
    if mapping is None:
        if now:
            return None, (
                f"{gone}: found on none of {len(read.items)} entries any more (the site's "
                f"list changed; {since} with it): stored without it, cached items keep theirs"
            )
        return (
            f"{name}: found on none of {len(read.items)} entries any more (the auto-detected "
            f"news list); {since} with it; if the page is right, `newsroom add {url}` again "
            "takes it as it is now"
        ), None
    selector = mapping.fields.get(name)
    which = f" (selector {selector.source!r})" if selector else ""
    return (
        f"{name}: found on none of {len(read.items)} entries any more{which}; {since} with it; "
        f"`newsroom try {url} --map FILE` shows what a mended mapping finds, "
        f"`newsroom add {url} --map FILE` stores it"
    ), None


async def portal_update(
    update: FeedUpdate, target: FetchTarget, response: FetchResponse, fetcher: Fetcher
) -> None:
    """Fill `update` from a fetched page 1 of the portal source `target`."""
    import asyncio
    from datetime import datetime

    from newsroom_tui.models import ParsedFeed
    from newsroom_tui.sources.api import NotJson
    from newsroom_tui.sources.detect import NoListFound
    from newsroom_tui.sources.mapping import MappingError, mapping_from_json
    from newsroom_tui.store.rows import reviewed_rows

    def fail(reason: str) -> None:
        update.status = "error"
        update.error = reason[:300]
        # The old validators stay, so the next fetch reads the page again in full.
        update.etag = update.last_modified = None

    try:
        mapping = mapping_from_json(target.mapping) if target.mapping else None
    except MappingError as exc:
        fail(f"the stored mapping is unusable: {exc}")
        return
    last_good = (
        datetime.fromtimestamp(target.portal_good_at).strftime("%d/%m/%Y")
        if target.portal_good_at
        else "?"
    )
    try:
        read = await read_portal(fetcher, response, mapping)
    except (NoListFound, NotJson) as exc:
        if target.portal_yield:
            fail(f"{exc}; last good fetch {last_good} yielded {target.portal_yield}")
        else:
            fail(str(exc))
        return
    last_fields = [f for f in (target.portal_fields or "").split(",") if f]
    change, loss = layout_change(
        read, mapping, target.portal_yield, last_fields, last_good, target.url
    )
    if change:
        fail(change)
        return
    if not read.items:
        notes = diagnostics(read, mapping)
        fail(notes[0] if notes else "no entries found on the page")
        return
    parsed = ParsedFeed(
        title=read.title,
        site_url=None,
        items=read.items,
        format="json api" if mapping is not None and mapping.kind == "json" else "html list",
    )
    update.rows, adjusted = await asyncio.to_thread(reviewed_rows, parsed)
    update.title = read.title or None
    # A warning on an ok fetch: `fetch` prints it as one line.
    update.error = "; ".join(note for note in (loss, adjusted) if note) or None
    update.portal_yield = len(read.items)
    update.portal_fields = ",".join(read.fields_present())
    update.shared_identity = True
