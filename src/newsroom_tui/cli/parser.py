"""The command line's arguments: every command, option and check in one place.

The checks are argcheck's, imported when an argument is read, so `--help`
starts fast. Bad usage raises UsageError (exit 2, one line), never argparse's
own exit.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, NoReturn

from newsroom_tui import __version__
from newsroom_tui.cli.errors import UsageError


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


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


def build_parser() -> Parser:
    parser = Parser(
        prog="newsroom",
        description="A keyboard-driven terminal newsroom reader.",
        epilog="Without a command, opens the reader on your cache. "
        "NEWSROOM_HOME or --home moves all data.",
    )
    parser.add_argument(
        "--home", metavar="DIR", type=_checked("home"), help="keep config and cache under DIR"
    )
    parser.add_argument("--version", action="version", version=f"newsroom-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

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
    saved_sub = saved.add_subparsers(dest="saved_action", metavar="ACTION", parser_class=Parser)
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
    what = export.add_subparsers(dest="what", metavar="WHAT", parser_class=Parser)
    what.required = True
    what.add_parser("opml", help="subscriptions as OPML 2.0")
    bm = what.add_parser("bookmarks", help="bookmarks as markdown, json or html")
    bm.add_argument("--format", choices=["markdown", "json", "html"], default="markdown")
    return parser
