"""The entry point: parse, open the newsroom, run the command, end with an exit code.

Every failure a user can cause ends in a one-line reason and an exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from newsroom_tui.cli import fetching, maintenance, marks, reading, subscriptions
from newsroom_tui.cli.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Failure, UsageError
from newsroom_tui.cli.output import safe_streams, say, silence_stdout
from newsroom_tui.cli.parser import build_parser

if TYPE_CHECKING:
    from newsroom_tui.service import Newsroom

# The commands that run on an open newsroom, by name (`recover` opens none:
# it reads a cache too damaged to open).
COMMANDS: dict[str, Callable[[Newsroom, argparse.Namespace], int]] = {
    "add": subscriptions.cmd_add,
    "try": subscriptions.cmd_try,
    "remove": subscriptions.cmd_remove,
    "feeds": subscriptions.cmd_feeds,
    "fetch": fetching.cmd_fetch,
    "items": reading.cmd_items,
    "search": reading.cmd_search,
    "saved": reading.cmd_saved,
    "show": reading.cmd_show,
    "read": marks.cmd_read,
    "unread": marks.cmd_unread,
    "bookmark": marks.cmd_bookmark,
    "unbookmark": marks.cmd_unbookmark,
    "import": subscriptions.cmd_import,
    "export": subscriptions.cmd_export,
    "compact": maintenance.cmd_compact,
    "sync": fetching.cmd_sync,
}


def main(argv: Sequence[str] | None = None) -> int:
    safe_streams()
    try:
        args = build_parser().parse_args(argv)
        if args.home is not None:
            os.environ["NEWSROOM_HOME"] = args.home
        else:
            _check_home_from_environment()
        return _dispatch(args)
    except UsageError as exc:
        say(f"newsroom: {exc}")
        return EXIT_USAGE
    except Failure as exc:
        say(f"newsroom: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        say("newsroom: interrupted")
        return 130
    except BrokenPipeError:
        silence_stdout()
        return EXIT_OK
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except Exception as exc:
        if os.environ.get("NEWSROOM_DEBUG"):
            raise
        say(f"newsroom: internal error: {type(exc).__name__}: {exc} (NEWSROOM_DEBUG=1 shows more)")
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
        return maintenance.cmd_recover(args)
    import sqlite3

    from newsroom_tui.store.failures import CacheError

    handler = COMMANDS[command]
    newsroom = _open_newsroom()
    try:
        return handler(newsroom, args)
    except CacheError as exc:  # a write the disk or file refused: said so, never "done"
        raise Failure(str(exc)) from None
    except sqlite3.DatabaseError as exc:  # met damage (or a full disk) deep in the file
        from newsroom_tui.store.failures import explain, is_damaged, mark_damaged

        if is_damaged(exc):
            mark_damaged(newsroom.paths.database, str(exc))
        raise Failure(str(explain(exc, newsroom.paths.database))) from None
    finally:
        for notice in newsroom.notices:
            say(notice)
        newsroom.close()


def _open_newsroom() -> Newsroom:
    from newsroom_tui.config import ConfigError
    from newsroom_tui.service import Newsroom
    from newsroom_tui.store.failures import CacheError

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
        from newsroom_tui.store.failures import CacheError

        if isinstance(exc, ConfigError):
            raise UsageError(str(exc)) from None
        if isinstance(exc, CacheError):
            raise Failure(str(exc)) from None
        raise
