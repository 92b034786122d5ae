"""Reading the cache: items, search, saved searches and show."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsroom_tui.cli.errors import EXIT_OK, UsageError, lookup
from newsroom_tui.cli.formats import item_lines, saved_search_json, saved_search_line
from newsroom_tui.cli.output import print_json, print_json_array, print_lines

if TYPE_CHECKING:
    import argparse

    from newsroom_tui.models import Item
    from newsroom_tui.service import Newsroom


def cmd_items(nr: Newsroom, args: argparse.Namespace) -> int:
    from newsroom_tui.query.lists import ViewSpec

    spec = ViewSpec.matching(
        feed_id=lookup(nr.feed, args.feed).id if args.feed else None,
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


def _print_items(items: Iterable[Item], as_json: bool, date_format: str) -> None:
    if as_json:
        from newsroom_tui.serialize import item_json

        print_json_array(item_json(i) for i in items)
    else:
        print_lines(item_lines(items, date_format))


def cmd_saved(nr: Newsroom, args: argparse.Namespace) -> int:
    if args.saved_action == "rename":
        saved = lookup(nr.saved_search, args.name)
        try:
            nr.rename_search(saved.id, args.new_name)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        print(f"renamed saved search {saved.name!r} to {args.new_name!r}")
        return EXIT_OK
    if args.saved_action == "delete":
        saved = lookup(nr.saved_search, args.name)
        nr.delete_search(saved.id)
        print(f"deleted saved search {saved.name!r}")
        return EXIT_OK
    searches = nr.saved_searches()
    if args.json:
        print_json_array(saved_search_json(s) for s in searches)
    else:
        print_lines(saved_search_line(s) for s in searches)
    return EXIT_OK


def cmd_show(nr: Newsroom, args: argparse.Namespace) -> int:
    prefer = "feed" if args.feed_text else "article"
    article = lookup(lambda item_id: nr.article(item_id, prefer=prefer), args.item)
    if args.json:
        from newsroom_tui.serialize import show_json

        print_json(show_json(article))
        return EXIT_OK
    from newsroom_tui.render.article import render_article, render_plain

    fmt = f"{nr.config.display.date_format} {nr.config.display.time_format}"
    # Which text this is, so a summary is never taken for the whole article.
    which = "full article" if article.text_source == "article" else "feed summary"
    if article.text_source == "feed" and article.has_full_text:
        which += " (the full article is stored: drop --feed-text)"
    # The pictures its text lacks (a feed's thumbnail) print as their captions after it.
    pictures = [(i["url"], i.get("caption", "")) for i in article.images]
    if sys.stdout.isatty():
        from rich.console import Console

        console = Console(width=args.width, markup=False, emoji=False, highlight=False)
        rendered = render_article(article.item, article.html, date_format=fmt, pictures=pictures)
        console.print(rendered.renderable)
        console.print(f"[{which}]", style="dim")
    else:
        width = args.width or 80
        sys.stdout.write(
            render_plain(
                article.item, article.html, width=width, date_format=fmt, pictures=pictures
            )
        )
        sys.stdout.write(f"\n[{which}]\n")
    return EXIT_OK
