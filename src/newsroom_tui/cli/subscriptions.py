"""Subscriptions: add, try, remove, feeds, import (OPML) and export."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from newsroom_tui.cli.errors import EXIT_FAILED, EXIT_OK, Failure, UsageError, lookup
from newsroom_tui.cli.formats import cache_line, feed_lines, removed_line
from newsroom_tui.cli.output import print_json_array, print_lines, say

if TYPE_CHECKING:
    from newsroom_tui.service import Newsroom


def cmd_add(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.sources.mapping import MappingError

    try:
        # A new source reaches the sync server at once (the service's rule).
        added = nr.add_source(
            args.source, mapping_path=args.map, title=args.title, tags=args.tag, warn=say
        )
    except (ValueError, MappingError) as exc:
        raise UsageError(str(exc)) from None
    feed_id = added.feed_id
    if args.full_text:
        nr.set_full_text(feed_id, args.full_text)
    if added.note:
        say(f"newsroom: {added.note}")
    if not added.created:
        relearn = "; its page is read afresh at the next fetch" if added.kind != "feed" else ""
        say(f"newsroom: already subscribed (feed {feed_id}){relearn}")
    elif added.sync_error is not None:
        _say_sync_later(added.sync_error)
    print(feed_id)
    return EXIT_OK


def _tell_sync_server(nr: Newsroom) -> None:
    """A removed source reaches the sync server now, or at the next sync."""
    error = nr.sync_subscriptions(warn=say)
    if error is not None:
        _say_sync_later(error)


def _say_sync_later(error: str) -> None:
    say(f"newsroom: sync: {error}; the server hears of it at the next sync")


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
        say(f"newsroom: {preview.error or 'no items found'}")
        return EXIT_FAILED
    return EXIT_OK


def cmd_remove(nr: Newsroom, args: argparse.Namespace) -> int:
    feed, removed = lookup(nr.unsubscribe, args.feed)
    print(removed_line(feed, removed))
    if nr.config.sync is not None:
        _tell_sync_server(nr)
    return EXIT_OK


def cmd_feeds(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.serialize import feed_json

    feeds = nr.feeds()
    if args.json:
        print_json_array(feed_json(f) for f in feeds)
        return EXIT_OK
    if not feeds:
        print("no feeds yet: `newsroom add URL`, then `newsroom fetch`")
        return EXIT_OK
    print_lines(feed_lines(feeds))
    print(cache_line(*nr.cache_sizes()))
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
    from newsroom_tui.store.failures import CacheError

    added = skipped = 0
    for done, entry in enumerate(entries):
        try:
            _, created = nr.subscribe(
                entry.url, title=entry.title or None, tags=entry.tags, from_list=True, backup=False
            )
        except ValueError as exc:
            say(f"skipped {entry.url!r}: {exc}")
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
