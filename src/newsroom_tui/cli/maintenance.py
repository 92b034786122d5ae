"""Looking after the cache file: compact (index rebuilt, space freed) and recover."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsroom_tui.cli.errors import EXIT_OK, Failure
from newsroom_tui.cli.formats import compact_json, compact_line, recover_json, recover_lines
from newsroom_tui.cli.output import print_json, print_lines, progress_bar

if TYPE_CHECKING:
    import argparse

    from newsroom_tui.service import Newsroom


def cmd_compact(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.store.failures import CacheError

    progress = progress_bar("indexing", as_json=args.json)
    try:
        report = nr.compact(on_progress=progress.advance if progress else None)
    except CacheError as exc:
        raise Failure(str(exc)) from None
    finally:
        if progress:
            progress.stop()
    if args.json:
        print_json(compact_json(report))
    else:
        print(compact_line(report))
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    """Runs without opening the newsroom: the cache may be too damaged to open."""
    from newsroom_tui.paths import app_paths
    from newsroom_tui.store.failures import CacheError
    from newsroom_tui.store.recover import recover

    database = app_paths().database
    try:
        report = recover(database)
    except FileNotFoundError:
        raise Failure(f"no cache at {database}: nothing to recover") from None
    except (OSError, CacheError) as exc:
        raise Failure(f"could not recover {database}: {exc}") from None
    if args.json:
        print_json(recover_json(report))
    else:
        print_lines(recover_lines(report))
    return EXIT_OK
