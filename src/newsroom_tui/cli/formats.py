"""What the command line prints: the plain lines and the JSON of each report.

The JSON of items, feeds, fetch results and articles is serialize.py's (the
TUI and the exports share it); the shapes only the command line prints are
here, beside their plain-text lines. Pure functions: cli/output.py prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from newsroom_tui.models import Feed, FetchResult, Item
    from newsroom_tui.service import SavedSearch
    from newsroom_tui.store.maintenance import CompactReport
    from newsroom_tui.store.recover import RecoverReport
    from newsroom_tui.sync.engine import SyncReport


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def _plural(count: int, word: str) -> str:
    return f"{word}{'s' * (count != 1)}"


# -- items, feeds, saved searches ----------------------------------------------


def item_lines(items: Iterable[Item], date_format: str) -> Iterator[str]:
    """One line an item (two with a search snippet), as they are read."""
    from newsroom_tui.display import format_date, format_views
    from newsroom_tui.text import drop_invisible

    for item in items:
        mark = ("*" if not item.read else " ") + ("B" if item.bookmarked else " ")
        date = format_date(item.published, date_format) if item.published else "undated"
        views = format_views(item.views, column=True)
        # Shown without invisible characters, also when a cache kept them from before.
        title, feed = drop_invisible(item.title), drop_invisible(item.feed_title)
        yield f"{item.id:>6}  {date:<10}  {views:>13}  {mark}  {title}  ({feed})"
        if item.snippet:
            yield f"        {drop_invisible(item.snippet)}"


def feed_lines(feeds: Iterable[Feed]) -> Iterator[str]:
    for feed in feeds:
        status = feed.last_status + (" (gone)" if feed.gone else "")
        tags = f"  [{', '.join(feed.tags)}]" if feed.tags else ""
        yield f"{feed.id:>4}  {feed.unread:>5} unread  {status:<12}  {feed.display_title}{tags}"
        if feed.last_error:
            yield f"      {feed.last_error}"


def cache_line(total: int, images: int) -> str:
    return f"cache: {megabytes(total)} on disk, {megabytes(images)} of it images"


def removed_line(feed: Feed, removed: int) -> str:
    kept = feed.total - removed
    note = f"; {kept} bookmarked {_plural(kept, 'item')} kept" if kept else ""
    return f"removed feed {feed.id} ({feed.display_title}): {removed} items deleted{note}"


def saved_search_json(saved: SavedSearch) -> dict[str, Any]:
    return {"id": saved.id, "name": saved.name, "query": saved.query, "unread": saved.unread}


def saved_search_line(saved: SavedSearch) -> str:
    return f"{saved.id:>4}  {saved.unread:>5} unread  {saved.name}: {saved.query}"


# -- fetch and sync ------------------------------------------------------------


def fetch_summary(results: list[FetchResult]) -> str:
    ok = sum(r.status == "ok" for r in results)
    same = sum(r.status == "not_modified" for r in results)
    failed = sum(r.status == "error" for r in results)
    new = sum(r.new_items for r in results)
    articles = sum(r.articles for r in results)
    images = sum(r.images for r in results)
    pictures = f", with {images} {_plural(images, 'image')}" if images else ""
    return (
        f"fetched {len(results)} feeds: {ok} ok, {same} not modified, {failed} failed; "
        f"{new} new items; {articles} {_plural(articles, 'article')} saved for offline "
        f"reading{pictures}"
    )


def fetch_problem_lines(results: Iterable[FetchResult]) -> Iterator[str]:
    """A line for each feed that failed or warned (the disk-full ones are one line)."""
    for r in results:
        if r.error and r.unstored_bytes is None:
            kind = "warning" if r.status == "ok" else "error"
            yield f"{kind}: {r.title or r.url}: {r.error}"


# What stored rows take beyond their own bytes: the search index, and the
# WAL, which holds every page written until the next checkpoint.
_STORED_OVERHEAD = 3
_MIB = 1024 * 1024


def disk_full_line(unstored: list[FetchResult], folder: Path) -> str:
    """One line for every feed the disk had no room for (not one per feed)."""
    import shutil

    needed = sum(r.unstored_bytes or 0 for r in unstored) * _STORED_OVERHEAD
    needed_mib = max(1, -(-needed // _MIB))
    try:
        free_mib = shutil.disk_usage(folder).free // _MIB
        free = f"{free_mib:,} MiB free"
        if free_mib > needed_mib:
            free += ", so a quota or file-size limit applies"
    except OSError:
        free = "free space unknown"
    count = len(unstored)
    return (
        f"error: the disk holding {folder} is full ({free}): {count} "
        f"{_plural(count, 'feed')} fetched but not stored; "
        f"free at least {needed_mib:,} MiB and fetch again"
    )


def sync_line(report: SyncReport) -> str:
    if report.error is None:
        return (
            f"synced: {report.pulled_items} items pulled, {report.pushed_changes} changes "
            f"pushed, {report.pending} pending"
        )
    return f"not synced: {report.pending} changes pending"


def held_read_line(report: SyncReport) -> str:
    return (
        f"newsroom: held: the server would mark {report.held_read} unread items read at "
        "once; `newsroom sync --yes` applies it"
    )


# -- maintenance ---------------------------------------------------------------


def compact_json(report: CompactReport) -> dict[str, Any]:
    return {
        "items": report.items,
        "bytes_before": report.bytes_before,
        "bytes_after": report.bytes_after,
        "images_dropped": report.images_dropped,
        "image_bytes_dropped": report.image_bytes_dropped,
    }


def compact_line(report: CompactReport) -> str:
    dropped = ""
    if report.images_dropped:
        dropped = (
            f"; {report.images_dropped:,} {_plural(report.images_dropped, 'image')} "
            f"no item shows (or past [retention] images_max_mb) dropped, "
            f"{megabytes(report.image_bytes_dropped)}"
        )
    return (
        f"indexed {report.items:,} items again; cache {megabytes(report.bytes_before)} "
        f"-> {megabytes(report.bytes_after)}, "
        f"{megabytes(report.bytes_before - report.bytes_after)} freed{dropped}"
    )


def recover_json(report: RecoverReport) -> dict[str, Any]:
    return {
        "damaged_copy": str(report.damaged_copy),
        "feeds": report.feeds,
        "items": report.items,
        "bookmarks": report.bookmarks,
        "read": report.read,
        "saved_searches": report.saved_searches,
        "from_backup": {
            "feeds": report.from_backup_feeds,
            "bookmarks": report.from_backup_bookmarks,
        },
        "unreadable_ranges": report.unreadable_ranges,
        "items_in_backup": report.items_in_backup,
        "items_lost": report.items_lost,
    }


def recover_lines(report: RecoverReport) -> Iterator[str]:
    yield (
        f"recovered {report.feeds} feeds, {report.items:,} items ({report.read:,} read, "
        f"{report.bookmarks} bookmarked), {report.saved_searches} saved searches"
        + (
            f"; from the backup: {report.from_backup_feeds} feeds, "
            f"{report.from_backup_bookmarks} bookmarks"
            if report.from_backup_feeds or report.from_backup_bookmarks
            else ""
        )
    )
    if report.items_lost:
        yield (
            f"{report.items_lost:,} of the {report.items_in_backup:,} items the cache held "
            "could not be read; a fetch brings back those still in their feeds"
        )
    yield f"the damaged file is kept as {report.damaged_copy}"
