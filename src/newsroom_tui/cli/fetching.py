"""Bringing the cache up to date: fetch (feeds and their article pages) and sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsroom_tui.cli.errors import EXIT_FAILED, EXIT_OK, Failure, lookup
from newsroom_tui.cli.formats import (
    disk_full_line,
    fetch_problem_lines,
    fetch_summary,
    held_read_line,
    sync_line,
)
from newsroom_tui.cli.output import print_json, print_json_array, progress_bar, say

if TYPE_CHECKING:
    import argparse

    from newsroom_tui.service import Newsroom


def cmd_fetch(nr: Newsroom, args: argparse.Namespace) -> int:
    import asyncio

    from newsroom_tui.refresh import parser_processes

    feed_ids = [lookup(nr.feed, ref).id for ref in args.feeds] if args.feeds else None
    # Before any thread exists (the progress bar and the event loop start some).
    pool = parser_processes(len(nr.cache.fetch_targets(feed_ids)))
    progress = progress_bar("fetching", as_json=args.json)
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

        print_json_array(fetch_json(r) for r in results)
    else:
        for line in fetch_problem_lines(results):
            say(line)
        unstored = [r for r in results if r.unstored_bytes is not None]
        if unstored:
            say(disk_full_line(unstored, nr.paths.database.parent))
        print(fetch_summary(results))
    return EXIT_FAILED if any(r.status == "error" for r in results) else EXIT_OK


def cmd_sync(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.service import SyncNotConfigured

    try:
        report = nr.sync(apply_mass_read=args.yes, warn=say)
    except SyncNotConfigured as exc:
        raise Failure(str(exc)) from None
    if args.json:
        print_json(report.as_json())
    else:
        print(sync_line(report))
    if report.held_read:
        say(held_read_line(report))
    if report.error is not None:
        say(f"newsroom: sync: {report.error}")
        return EXIT_FAILED
    return EXIT_OK
