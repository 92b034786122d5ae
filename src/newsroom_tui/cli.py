"""The `newsroom` command line (see shared/cli-contract.md).

Heavy modules (rich, httpx, feedparser, textual) are imported inside the
commands that need them, so `newsroom --help` and `newsroom items` start fast.
Every failure a user can cause ends in a one-line reason and an exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from newsroom_tui import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from newsroom_tui.models import FetchResult, Item
    from newsroom_tui.service import Newsroom

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: exit 2 with the message."""


class Failure(Exception):
    """The command could not do its work: exit 1 with the message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


# -- argument types -----------------------------------------------------------


def _positive_int(text: str) -> int:
    from newsroom_tui.argcheck import MAX_LIMIT, whole_number

    return whole_number(text, "N", 1, MAX_LIMIT)


def _width(text: str) -> int:
    from newsroom_tui.argcheck import whole_number

    return whole_number(text, "--width", 20, 1000)


def _checked(check: str, *args: Any) -> Callable[[str], Any]:
    """An argparse type from argcheck (imported when used, for a fast --help)."""

    def run(value: str) -> Any:
        from newsroom_tui import argcheck

        return getattr(argcheck, check)(value, *args)

    return run


_ITEM = _checked("item_id")
_FEED = _checked("feed_ref")
_LIMIT = _checked("limit")


def _free_text(what: str, max_chars: int = 2_000) -> Callable[[str], str]:
    return _checked("text", what, max_chars)


def build_parser() -> _Parser:
    parser = _Parser(
        prog="newsroom",
        description="A keyboard-driven terminal newsroom reader.",
        epilog="Without a command, opens the reader on your cache. "
        "NEWSROOM_HOME or --home moves all data.",
    )
    parser.add_argument(
        "--home", metavar="DIR", type=_checked("home"), help="keep config and cache under DIR"
    )
    parser.add_argument("--version", action="version", version=f"newsroom-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sub.add_parser("demo", help="open the reader on the bundled demo newsroom (offline)")

    add = sub.add_parser("add", help="subscribe to a feed (URL, file:// URL or path)")
    add.add_argument("source", metavar="SOURCE", type=_checked("source"))
    add.add_argument(
        "--map", metavar="FILE.toml", type=_checked("source"), help="read a news site by a mapping"
    )
    add.add_argument(
        "--title", metavar="T", type=_free_text("--title"), help="a title of your own for the feed"
    )
    add.add_argument(
        "--tag",
        metavar="TAG",
        type=_free_text("--tag", 200),
        action="append",
        default=[],
        help="repeatable",
    )
    add.add_argument(
        "--full-text",
        choices=["auto", "always", "never"],
        metavar="MODE",
        help="fetch article pages for offline reading: auto (when the feed gives only a "
        "summary), always or never; default from the config's [articles] full_text",
    )

    try_ = sub.add_parser("try", help="preview what add would subscribe to (nothing stored)")
    try_.add_argument("source", metavar="URL", type=_checked("source"))
    try_.add_argument("--map", metavar="FILE.toml", type=_checked("source"))
    try_.add_argument("--json", action="store_true")

    remove = sub.add_parser("remove", help="unsubscribe (bookmarked items stay)")
    remove.add_argument("feed", metavar="FEED", type=_FEED, help="feed id or URL")

    feeds = sub.add_parser("feeds", help="list subscriptions")
    feeds.add_argument("--json", action="store_true")

    fetch = sub.add_parser("fetch", help="fetch feeds into the cache")
    fetch.add_argument(
        "feeds", metavar="FEED", type=_FEED, nargs="*", help="feed ids or URLs (default: all)"
    )
    fetch.add_argument("--json", action="store_true")
    fetch.add_argument(
        "--no-articles", action="store_true", help="do not fetch article pages this time"
    )

    items = sub.add_parser("items", help="list cached items, newest first")
    items.add_argument("--feed", metavar="FEED", type=_FEED)
    items.add_argument("--tag", metavar="TAG", type=_free_text("--tag", 200))
    items.add_argument("--unread", action="store_true")
    items.add_argument("--bookmarked", action="store_true")
    items.add_argument("--sort", choices=["date", "views"], default="date")
    items.add_argument("--limit", type=_LIMIT, metavar="N")
    items.add_argument("--json", action="store_true")

    search = sub.add_parser("search", help="full-text search of the cache")
    search.add_argument("query", metavar="QUERY", type=_free_text("QUERY"), nargs="+")
    search.add_argument("--limit", type=_LIMIT, metavar="N", default=50)
    search.add_argument("--json", action="store_true")
    search.add_argument(
        "--save",
        metavar="NAME",
        type=_free_text("--save", 200),
        help="also save the query under NAME",
    )

    saved = sub.add_parser("saved", help="list, rename or delete saved searches")
    saved.add_argument("--json", action="store_true")
    saved_sub = saved.add_subparsers(dest="saved_action", metavar="ACTION", parser_class=_Parser)
    rename = saved_sub.add_parser("rename", help="rename a saved search")
    rename.add_argument("name", metavar="NAME", type=_free_text("NAME", 200))
    rename.add_argument("new_name", metavar="NEW_NAME", type=_free_text("NEW_NAME", 200))
    delete = saved_sub.add_parser("delete", help="delete a saved search")
    delete.add_argument("name", metavar="NAME", type=_free_text("NAME", 200))

    show = sub.add_parser("show", help="print an article as the reader renders it")
    show.add_argument("item", metavar="ITEM", type=_ITEM)
    show.add_argument("--width", type=_width, metavar="N")
    show.add_argument("--json", action="store_true")
    show.add_argument(
        "--feed-text", action="store_true", help="show the feed's text, not the fetched article"
    )

    for name, text in [
        ("read", "mark an item read"),
        ("unread", "mark an item unread"),
        ("unbookmark", "remove a bookmark"),
    ]:
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("item", metavar="ITEM", type=_ITEM)
    bookmark = sub.add_parser("bookmark", help="bookmark an item")
    bookmark.add_argument("item", metavar="ITEM", type=_ITEM)
    bookmark.add_argument(
        "--note",
        metavar="TEXT",
        type=_free_text("--note", 10_000),
        help="a short note kept with the bookmark",
    )

    imp = sub.add_parser("import", help="subscribe to every feed of an OPML file")
    imp.add_argument("file", metavar="FILE.opml", type=_free_text("FILE", 4_000))

    recover = sub.add_parser(
        "recover",
        help="save what can be read of a damaged cache into a fresh one (the damaged file is kept)",
    )
    recover.add_argument("--json", action="store_true")

    compact = sub.add_parser(
        "compact", help="rebuild the search index and give unused space back to the disk"
    )
    compact.add_argument("--json", action="store_true")

    sync = sub.add_parser("sync", help="two-way sync with the office's feed server ([sync])")
    sync.add_argument("--json", action="store_true")
    sync.add_argument(
        "--yes", action="store_true", help="apply a pull that marks most unread items read"
    )

    export = sub.add_parser("export", help="print subscriptions (OPML) or bookmarks")
    what = export.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser)
    what.required = True
    what.add_parser("opml", help="subscriptions as OPML 2.0")
    bm = what.add_parser("bookmarks", help="bookmarks as markdown, json or html")
    bm.add_argument("--format", choices=["markdown", "json", "html"], default="markdown")
    return parser


# -- entry point --------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    _safe_streams()
    try:
        args = build_parser().parse_args(argv)
        if args.home is not None:
            os.environ["NEWSROOM_HOME"] = args.home
        else:
            _check_home_from_environment()
        return _dispatch(args)
    except UsageError as exc:
        _say(f"newsroom: {exc}")
        return EXIT_USAGE
    except Failure as exc:
        _say(f"newsroom: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("newsroom: interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except Exception as exc:
        if os.environ.get("NEWSROOM_DEBUG"):
            raise
        _say(f"newsroom: internal error: {type(exc).__name__}: {exc} (NEWSROOM_DEBUG=1 shows more)")
        return EXIT_FAILED


def _check_home_from_environment() -> None:
    """NEWSROOM_HOME gets the checks --home gets: it comes from a shell too."""
    value = os.environ.get("NEWSROOM_HOME")
    if not value:
        return
    from newsroom_tui import argcheck

    try:
        argcheck.home(value, "NEWSROOM_HOME")
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command is None:
        return _open_tui(demo=False)
    if command == "demo":
        return _open_tui(demo=True)
    if command == "recover":
        return cmd_recover(args)
    import sqlite3

    from newsroom_tui.store.db import CacheError

    handler: Callable[[Newsroom, argparse.Namespace], int] = _COMMANDS[command]
    newsroom = _open_newsroom()
    try:
        return handler(newsroom, args)
    except CacheError as exc:  # a write the disk or file refused: said so, never "done"
        raise Failure(str(exc)) from None
    except sqlite3.DatabaseError as exc:  # met damage (or a full disk) deep in the file
        from newsroom_tui.store.db import explain, is_damaged, mark_damaged

        if is_damaged(exc):
            mark_damaged(newsroom.paths.database, str(exc))
        raise Failure(str(explain(exc, newsroom.paths.database))) from None
    finally:
        newsroom.close()


def _open_newsroom() -> Newsroom:
    from newsroom_tui.config import ConfigError
    from newsroom_tui.service import Newsroom
    from newsroom_tui.store.db import CacheError

    try:
        return Newsroom.open()
    except ConfigError as exc:  # the user's file says something unusable: usage
        raise UsageError(str(exc)) from None
    except CacheError as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"cannot set up the data folder: {exc}") from None


def _open_tui(*, demo: bool) -> int:
    from newsroom_tui.app_entry import run_tui

    try:
        return run_tui(demo=demo)
    except Exception as exc:
        from newsroom_tui.config import ConfigError
        from newsroom_tui.store.db import CacheError

        if isinstance(exc, ConfigError):
            raise UsageError(str(exc)) from None
        if isinstance(exc, CacheError):
            raise Failure(str(exc)) from None
        raise


# -- commands -----------------------------------------------------------------


def cmd_add(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.sources.mapping import MappingError

    try:
        if args.map or args.source.strip().lower().startswith(("http://", "https://")):
            added = nr.add_source(
                args.source, mapping_path=args.map, title=args.title, tags=args.tag
            )
            feed_id, created, note = added.feed_id, added.created, added.note
        else:
            (feed_id, created), note = (
                nr.subscribe(args.source, title=args.title, tags=args.tag),
                None,
            )
    except (ValueError, MappingError) as exc:
        raise UsageError(str(exc)) from None
    if args.full_text:
        nr.set_full_text(feed_id, args.full_text)
    if note:
        _say(f"newsroom: {note}")
    if not created:
        _say(f"newsroom: already subscribed (feed {feed_id})")
    elif nr.config.sync is not None:
        _tell_sync_server(nr)
    print(feed_id)
    return EXIT_OK


def _tell_sync_server(nr: Newsroom) -> None:
    """An added or removed source reaches the sync server now, or at the next sync."""
    error = nr.sync_subscriptions(warn=_say)
    if error is not None:
        _say(f"newsroom: sync: {error}; the server hears of it at the next sync")


def cmd_try(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.sources.mapping import MappingError
    from newsroom_tui.sources.preview import preview_document, preview_lines

    try:
        preview = nr.preview_source(args.source, args.map)
    except (ValueError, MappingError) as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(preview_document(preview), ensure_ascii=False))
    else:
        print("\n".join(preview_lines(preview)))
    if preview.error or not preview.items:
        _say(f"newsroom: {preview.error or 'no items found'}")
        return EXIT_FAILED
    return EXIT_OK


def cmd_remove(nr: Newsroom, args: argparse.Namespace) -> int:
    feed, removed = _lookup(nr.unsubscribe, args.feed)
    kept = feed.total - removed
    note = f"; {kept} bookmarked item{'s' * (kept != 1)} kept" if kept else ""
    print(f"removed feed {feed.id} ({feed.display_title}): {removed} items deleted{note}")
    if nr.config.sync is not None:
        _tell_sync_server(nr)
    return EXIT_OK


def cmd_feeds(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.serialize import feed_json

    feeds = nr.feeds()
    if args.json:
        _print_json_array(feed_json(f) for f in feeds)
        return EXIT_OK
    if not feeds:
        print("no feeds yet: `newsroom add URL`, then `newsroom fetch`")
        return EXIT_OK
    for feed in feeds:
        status = feed.last_status + (" (gone)" if feed.gone else "")
        tags = f"  [{', '.join(feed.tags)}]" if feed.tags else ""
        print(f"{feed.id:>4}  {feed.unread:>5} unread  {status:<12}  {feed.display_title}{tags}")
        if feed.last_error:
            print(f"      {feed.last_error}")
    total, images = nr.cache_sizes()
    print(f"cache: {_megabytes(total)} on disk, {_megabytes(images)} of it images")
    return EXIT_OK


def cmd_fetch(nr: Newsroom, args: argparse.Namespace) -> int:
    import asyncio

    from newsroom_tui.refresh import parser_processes

    feed_ids = [_lookup(nr.feed, ref).id for ref in args.feeds] if args.feeds else None
    # Before any thread exists (the progress bar and the event loop start some).
    pool = parser_processes(len(nr.cache.fetch_targets(feed_ids)))
    show_bar = not args.json and sys.stderr.isatty()
    progress = _ProgressBar() if show_bar else None
    try:
        results = asyncio.run(
            nr.refresh(
                feed_ids,
                on_progress=progress.update if progress else None,
                parse_executor=pool,
                articles=not args.no_articles,
            )
        )
    finally:
        if progress:
            progress.stop()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    if args.json:
        from newsroom_tui.serialize import fetch_json

        _print_json_array(fetch_json(r) for r in results)
    else:
        for r in results:
            if r.error and r.unstored_bytes is None:
                kind = "warning" if r.status == "ok" else "error"
                _say(f"{kind}: {r.title or r.url}: {r.error}")
        unstored = [r for r in results if r.unstored_bytes is not None]
        if unstored:
            _say(_disk_full_line(unstored, nr.paths.database.parent))
        print(_fetch_summary(results))
    return EXIT_FAILED if any(r.status == "error" for r in results) else EXIT_OK


def cmd_items(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.query.lists import ViewSpec

    spec = ViewSpec.matching(
        feed_id=_lookup(nr.feed, args.feed).id if args.feed else None,
        tag=args.tag,
        unread=args.unread,
        bookmarked=args.bookmarked,
        sort=args.sort,
    )
    _print_items(nr.iter_items(spec, limit=args.limit), args.json, nr.config.display.date_format)
    return EXIT_OK


def cmd_search(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.store.search import SearchSyntaxError

    query = " ".join(args.query)
    try:
        items = nr.search(query, limit=args.limit)
        if args.save is not None:
            nr.save_search(args.save, query)
    except (SearchSyntaxError, ValueError) as exc:
        raise UsageError(f"search: {exc}") from None
    _print_items(items, args.json, nr.config.display.date_format)
    return EXIT_OK


def cmd_saved(nr: Newsroom, args: argparse.Namespace) -> int:
    if args.saved_action == "rename":
        saved = _lookup(nr.saved_search, args.name)
        try:
            nr.rename_search(saved.id, args.new_name)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        print(f"renamed saved search {saved.name!r} to {args.new_name!r}")
        return EXIT_OK
    if args.saved_action == "delete":
        saved = _lookup(nr.saved_search, args.name)
        nr.delete_search(saved.id)
        print(f"deleted saved search {saved.name!r}")
        return EXIT_OK
    searches = nr.saved_searches()
    if args.json:
        _print_json_array(
            {"id": s.id, "name": s.name, "query": s.query, "unread": s.unread} for s in searches
        )
    for s in [] if args.json else searches:
        print(f"{s.id:>4}  {s.unread:>5} unread  {s.name}: {s.query}")
    return EXIT_OK


def cmd_show(nr: Newsroom, args: argparse.Namespace) -> int:
    prefer = "feed" if args.feed_text else "article"
    article = _lookup(lambda item_id: nr.article(item_id, prefer=prefer), args.item)
    if args.json:
        from newsroom_tui.serialize import show_json

        _print_json(show_json(article))
        return EXIT_OK
    from newsroom_tui.render.article import render_article, render_plain

    fmt = f"{nr.config.display.date_format} {nr.config.display.time_format}"
    # Which text this is, so a summary is never taken for the whole article.
    which = "full article" if article.text_source == "article" else "feed summary"
    if article.text_source == "feed" and article.has_full_text:
        which += " (the full article is stored: drop --feed-text)"
    if sys.stdout.isatty():
        from rich.console import Console

        console = Console(width=args.width, markup=False, emoji=False, highlight=False)
        console.print(render_article(article.item, article.html, date_format=fmt).renderable)
        console.print(f"[{which}]", style="dim")
    else:
        width = args.width or 80
        sys.stdout.write(render_plain(article.item, article.html, width=width, date_format=fmt))
        sys.stdout.write(f"\n[{which}]\n")
    return EXIT_OK


def _state_command(action: Callable[[Newsroom, int], None], message: str) -> Callable:
    def run(nr: Newsroom, args: argparse.Namespace) -> int:
        _lookup(lambda item_id: action(nr, item_id), args.item)
        print(message.format(item=args.item))
        return EXIT_OK

    return run


def cmd_bookmark(nr: Newsroom, args: argparse.Namespace) -> int:
    _lookup(lambda item_id: nr.set_bookmarked(item_id, True, args.note), args.item)
    print(f"bookmarked item {args.item}")
    return EXIT_OK


def cmd_import(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.argcheck import input_file
    from newsroom_tui.opml import MAX_OPML_BYTES, OpmlError, read_opml

    try:
        entries = read_opml(input_file(args.file, "FILE", MAX_OPML_BYTES))
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None
    except OpmlError as exc:
        raise Failure(f"{args.file}: {exc}") from None
    from newsroom_tui.store.db import CacheError

    added = skipped = 0
    for done, entry in enumerate(entries):
        try:
            _, created = nr.subscribe(
                entry.url, title=entry.title or None, tags=entry.tags, from_list=True, backup=False
            )
        except ValueError as exc:
            _say(f"skipped {entry.url!r}: {exc}")
            skipped += 1
            continue
        except CacheError as exc:
            # Each subscription is its own commit: those before this one are kept.
            nr.keep_backup()
            raise Failure(f"{exc}; subscribed {done - skipped} of {len(entries)}") from None
        added += created
    nr.keep_backup()
    print(
        f"imported {added} new feeds from {len(entries)} in the file"
        + (f"; {skipped} skipped" if skipped else "")
    )
    return EXIT_OK


def cmd_export(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui import export

    if args.what == "opml":
        sys.stdout.write(export.opml(nr.feeds()))
    else:
        items = nr.bookmarks()
        writer = {
            "markdown": export.bookmarks_markdown,
            "json": export.bookmarks_json,
            "html": export.bookmarks_html,
        }[args.format]
        sys.stdout.write(writer(items))
    return EXIT_OK


def cmd_compact(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.store.db import CacheError

    progress = _ProgressBar("indexing") if not args.json and sys.stderr.isatty() else None
    try:
        report = nr.compact(on_progress=progress.advance if progress else None)
    except CacheError as exc:
        raise Failure(str(exc)) from None
    finally:
        if progress:
            progress.stop()
    if args.json:
        _print_json(
            {
                "items": report.items,
                "bytes_before": report.bytes_before,
                "bytes_after": report.bytes_after,
                "images_dropped": report.images_dropped,
                "image_bytes_dropped": report.image_bytes_dropped,
            }
        )
    else:
        dropped = ""
        if report.images_dropped:
            dropped = (
                f"; {report.images_dropped:,} image{'s' * (report.images_dropped != 1)} "
                f"no item shows (or past [retention] images_max_mb) dropped, "
                f"{_megabytes(report.image_bytes_dropped)}"
            )
        print(
            f"indexed {report.items:,} items again; cache {_megabytes(report.bytes_before)} "
            f"-> {_megabytes(report.bytes_after)}, "
            f"{_megabytes(report.bytes_before - report.bytes_after)} freed{dropped}"
        )
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from newsroom_tui.paths import app_paths
    from newsroom_tui.store.db import CacheError
    from newsroom_tui.store.recover import recover

    database = app_paths().database
    try:
        report = recover(database)
    except FileNotFoundError:
        raise Failure(f"no cache at {database}: nothing to recover") from None
    except (OSError, CacheError) as exc:
        raise Failure(f"could not recover {database}: {exc}") from None
    if args.json:
        _print_json(
            {
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
        )
        return EXIT_OK
    print(
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
        print(
            f"{report.items_lost:,} of the {report.items_in_backup:,} items the cache held "
            "could not be read; a fetch brings back those still in their feeds"
        )
    print(f"the damaged file is kept as {report.damaged_copy}")
    return EXIT_OK


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def cmd_sync(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.service import SyncNotConfigured

    try:
        report = nr.sync(apply_mass_read=args.yes, warn=_say)
    except SyncNotConfigured as exc:
        raise Failure(str(exc)) from None
    if args.json:
        _print_json(report.as_json())
    else:
        print(
            f"synced: {report.pulled_items} items pulled, {report.pushed_changes} changes "
            f"pushed, {report.pending} pending"
            if report.error is None
            else f"not synced: {report.pending} changes pending"
        )
    if report.held_read:
        _say(
            f"newsroom: held: the server would mark {report.held_read} unread items read at "
            "once; `newsroom sync --yes` applies it"
        )
    if report.error is not None:
        _say(f"newsroom: sync: {report.error}")
        return EXIT_FAILED
    return EXIT_OK


_COMMANDS: dict[str, Callable[[Newsroom, argparse.Namespace], int]] = {
    "add": cmd_add,
    "try": cmd_try,
    "remove": cmd_remove,
    "feeds": cmd_feeds,
    "fetch": cmd_fetch,
    "items": cmd_items,
    "search": cmd_search,
    "saved": cmd_saved,
    "show": cmd_show,
    "read": _state_command(lambda nr, i: nr.set_read(i, True), "marked item {item} read"),
    "unread": _state_command(lambda nr, i: nr.set_read(i, False), "marked item {item} unread"),
    "bookmark": cmd_bookmark,
    "unbookmark": _state_command(
        lambda nr, i: nr.set_bookmarked(i, False), "removed the bookmark on item {item}"
    ),
    "import": cmd_import,
    "export": cmd_export,
    "compact": cmd_compact,
    "sync": cmd_sync,
}


# -- output -------------------------------------------------------------------


def _lookup(fn: Callable[[Any], Any], ref: Any) -> Any:
    from newsroom_tui.service import NotFound

    try:
        return fn(ref)
    except NotFound as exc:
        raise Failure(str(exc)) from None


def _print_items(items: Iterable[Item], as_json: bool, date_format: str) -> None:
    from newsroom_tui.serialize import item_json

    if as_json:
        _print_json_array(item_json(i) for i in items)
        return
    from newsroom_tui.display import format_date, format_views
    from newsroom_tui.text import drop_invisible

    for item in items:
        mark = ("*" if not item.read else " ") + ("B" if item.bookmarked else " ")
        date = format_date(item.published, date_format) if item.published else "undated"
        views = format_views(item.views)
        # Shown without invisible characters, also when a cache kept them from before.
        title, feed = drop_invisible(item.title), drop_invisible(item.feed_title)
        print(f"{item.id:>6}  {date:<10}  {views:>12}  {mark}  {title}  ({feed})")
        if item.snippet:
            print(f"        {drop_invisible(item.snippet)}")


def _fetch_summary(results: list[FetchResult]) -> str:
    ok = sum(r.status == "ok" for r in results)
    same = sum(r.status == "not_modified" for r in results)
    failed = sum(r.status == "error" for r in results)
    new = sum(r.new_items for r in results)
    articles = sum(r.articles for r in results)
    images = sum(r.images for r in results)
    pictures = f", with {images} image{'s' * (images != 1)}" if images else ""
    return (
        f"fetched {len(results)} feeds: {ok} ok, {same} not modified, {failed} failed; "
        f"{new} new items; {articles} article{'s' * (articles != 1)} saved for offline "
        f"reading{pictures}"
    )


# What stored rows take beyond their own bytes: the search index, and the
# WAL, which holds every page written until the next checkpoint.
_STORED_OVERHEAD = 3
_MIB = 1024 * 1024


def _disk_full_line(unstored: list[FetchResult], folder: Path) -> str:
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
        f"feed{'s' * (count != 1)} fetched but not stored; "
        f"free at least {needed_mib:,} MiB and fetch again"
    )


class _ProgressBar:
    def __init__(self, label: str = "fetching") -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("fetch", total=None)
        self._progress.start()

    def update(self, progress: Any) -> None:
        self.advance(progress.done, progress.total)

    def advance(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def stop(self) -> None:
        self._progress.stop()


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def _print_json_array(values: Iterable[Any]) -> None:
    """A JSON array, one element per line, printed only once it is whole.

    Elements are encoded as they are read (json's C encoder, no indent=) into
    a spooled temporary file, which stays in memory up to 16 MiB and goes to
    disk beyond: memory stays flat at any cache size, and a read failing
    half-way (a damaged page) leaves nothing on stdout, never half a document.
    """
    import shutil
    import tempfile

    with tempfile.SpooledTemporaryFile(
        max_size=16 * 1024 * 1024, mode="w+", encoding="utf-8"
    ) as buf:
        opening = "[\n"
        for value in values:
            buf.write(opening + json.dumps(value, ensure_ascii=False))
            opening = ",\n"
        buf.write("[]\n" if opening == "[\n" else "\n]\n")
        buf.seek(0)
        shutil.copyfileobj(buf, sys.stdout, 1024 * 1024)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _safe_streams() -> None:
    # A legacy terminal encoding must not turn a Vietnamese title into a traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
