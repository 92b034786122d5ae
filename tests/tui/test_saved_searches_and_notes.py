"""Saved searches as live feeds, bookmark notes and highlighted snippets, with Pilot."""

from __future__ import annotations

import sqlite3

import pytest
from driving import notifications, screen_text, settle, sidebar_lines
from homes import SmallHome
from rich.style import Style
from rich.text import Text
from textual.widgets import Input, Static

from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.format import MATCH_STYLE, highlighted_snippet
from newsroom_tui.tui.screens.dialogs import Confirm, TextPrompt
from newsroom_tui.tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio

SIZE = (120, 40)
HOSTILE_NOTE = "[red]x[/] [@click=app.quit]y[/] [0] [/"


def main(app) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def saved_rows(small: SmallHome) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(small.home / "newsroom.sqlite3")
    try:
        return conn.execute("SELECT id, name, query FROM saved_searches ORDER BY id").fetchall()
    finally:
        conn.close()


def note_of(small: SmallHome, item_id: int) -> tuple[bool, str | None]:
    conn = sqlite3.connect(small.home / "newsroom.sqlite3")
    try:
        bookmarked, note = conn.execute(
            "SELECT bookmarked, bookmark_note FROM items WHERE id = ?", (item_id,)
        ).fetchone()
    finally:
        conn.close()
    return bool(bookmarked), note


async def answer_prompt(pilot, text: str) -> None:
    """Type `text` into the open text prompt, replacing what it offered, and submit."""
    app = pilot.app
    assert isinstance(app.screen, TextPrompt)
    field = app.screen.query_one("#prompt-input", Input)
    field.value = ""
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


async def search(pilot, query: str) -> None:
    await pilot.press("slash", *query)
    await pilot.pause(0.4)
    await settle(pilot)


def line_for(app, name: str) -> str:
    return next(line for line in sidebar_lines(app) if line.strip().startswith(name))


async def test_S_saves_the_search_as_a_live_feed_that_survives_a_restart(
    small: SmallHome,
) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "alph")  # found as a prefix while typed, and saved so
        screen = main(app)
        assert screen.headlines.total == 2
        await pilot.press("enter", "S")
        await settle(pilot)
        await answer_prompt(pilot, "Alpha watch")
        assert [(name, query) for _, name, query in saved_rows(small)] == [("Alpha watch", "alph*")]
        # Saving keeps the search open; the sidebar lists it with its unread count.
        assert screen.searching and screen.search_query == "alph"
        assert "Saved searches" in sidebar_lines(app)
        assert line_for(app, "Alpha watch").endswith(" 2")
        assert any("Saved search" in n for n in notifications(app))
    newsroom.close()

    # A new app on the same home: the saved search is still there, and live.
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        (saved_id, _, _) = saved_rows(small)[0]
        assert line_for(app, "Alpha watch").endswith(" 2")
        screen.sources.select_source(f"saved:{saved_id}")
        await settle(pilot)
        assert screen.spec.kind == "saved" and screen.spec.saved_id == saved_id
        assert screen.headlines.total == 2
        assert "Alpha watch · 2 items, 2 unread" in screen_text(app)
        # It is a headline list like any other: open, bookmark, mark read.
        first = screen.headlines.current_id
        screen.headlines.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert small.state(first) == (True, False)
        assert "Alpha watch · 2 items, 1 unread" in screen_text(app)
        assert line_for(app, "Alpha watch").endswith(" 1")
        await pilot.press("j", "b", "m")
        await settle(pilot)
        second = screen.headlines.current_id
        assert small.state(second) == (True, True)
        assert line_for(app, "Alpha watch") == "  Alpha watch"  # nothing unread: no count
        # Sorting works in a saved search as in a feed.
        await pilot.press("s")
        await settle(pilot)
        assert screen.spec.kind == "saved" and screen.spec.sort == "views"
        assert screen.headlines.total == 2
    newsroom.close()


async def test_S_outside_a_search_explains(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S", "e", "D")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Search first" in n for n in notifications(app))
        assert any("Select a saved search" in n for n in notifications(app))
        assert saved_rows(small) == []
    newsroom.close()


async def test_e_renames_and_D_deletes_after_asking(small: SmallHome) -> None:
    setup = small.newsroom()
    metro = setup.save_search("Metro", "metro")
    setup.save_search("Weather", "weather OR budget")
    setup.close()
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.sources.select_source(f"saved:{metro}")
        await settle(pilot)
        assert screen.headlines.total == 1
        # Rename: the prompt offers the old name.
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#prompt-input", Input).value == "Metro"
        await answer_prompt(pilot, "Trains")
        assert (metro, "Trains", "metro") in saved_rows(small)
        assert line_for(app, "Trains").endswith(" 1")
        assert "Trains · 1 item" in screen_text(app)
        # A name already taken is refused, and said so.
        await pilot.press("e")
        await settle(pilot)
        await answer_prompt(pilot, "Weather")
        assert (metro, "Trains", "metro") in saved_rows(small)
        assert any("already called" in n for n in notifications(app))
        # Delete asks first; "n" keeps it.
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "Trains" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert len(saved_rows(small)) == 2
        # "y" deletes it; the list falls back to All.
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [name for _, name, _ in saved_rows(small)] == ["Weather"]
        assert not any("Trains" in line for line in sidebar_lines(app))
        assert screen.spec.kind == "all"
        assert screen.headlines.total == 9
    newsroom.close()


async def test_N_writes_a_note_bookmarks_and_the_reader_shows_it_as_text(
    small: SmallHome,
) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        item = screen.headlines.current_id
        await pilot.press("enter")
        await settle(pilot)
        assert note_of(small, item) == (False, None)
        bookmarks_before = screen.counts.bookmarks
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await answer_prompt(pilot, HOSTILE_NOTE)
        assert app.is_running
        assert note_of(small, item) == (True, HOSTILE_NOTE)
        assert screen.headlines.current_row.bookmarked
        assert screen.counts.bookmarks == bookmarks_before + 1
        # The reader shows the note, literally, under the article's header.
        text = screen_text(app)
        assert f"Note: {HOSTILE_NOTE}" in text
        # Editing starts from the stored note; cancelling changes nothing.
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.query_one("#prompt-input", Input).value == HOSTILE_NOTE
        await pilot.press("escape")
        await settle(pilot)
        assert note_of(small, item) == (True, HOSTILE_NOTE)
        # The note is searchable.
        await search(pilot, "click")
        assert item in list(screen.headlines.ids)
    newsroom.close()


async def test_search_snippet_highlights_the_matched_words(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "discussed")
        screen = main(app)
        assert screen.headlines.total == 1
        hint = screen.query_one("#search-hint", Static)
        shown = hint.content
        assert isinstance(shown, Text)
        assert "discussed" in shown.plain
        marked = [shown.plain[s.start : s.end] for s in shown.spans if s.style == MATCH_STYLE]
        assert marked and set(marked) == {"discussed"}
        assert "the council discussed item" in screen_text(app)
    newsroom.close()


async def test_a_snippet_is_read_for_the_row_the_cursor_is_on_only(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_tui.query import search as query_search

    built: list[str] = []
    real_snippet = query_search.snippet

    def counting_snippet(text: str, terms: list[str], width: int = 160):  # type: ignore[no-untyped-def]
        built.append(text)
        return real_snippet(text, terms, width)

    monkeypatch.setattr(query_search, "snippet", counting_snippet)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "council")
        await pilot.press("enter")
        await settle(pilot)
        screen = main(app)
        assert screen.headlines.total == 2
        assert len(set(built)) == 1  # the first row's, not one per result
        hint = screen.query_one("#search-hint", Static)
        first = str(hint.content)
        await pilot.press("j")
        await settle(pilot)
        second = str(hint.content)
        assert len(set(built)) == 2
        assert first != second and "council" in (first + second)
        await pilot.press("k")
        await settle(pilot)
        assert str(hint.content) == first
        assert len(set(built)) == 2  # nothing new for a row already read
    newsroom.close()


def test_snippet_text_is_never_markup() -> None:
    line = highlighted_snippet("[red]Ba Đình[/] [@click=app.quit]x[/] ba dinh", ["ba dinh"], 60)
    assert line.plain == "[red]Ba Đình[/] [@click=app.quit]x[/] ba dinh"
    marked = [line.plain[s.start : s.end] for s in line.spans if s.style == MATCH_STYLE]
    assert marked == ["Ba", "Đình", "ba", "dinh"]  # accent-insensitive, like the search
    assert all(isinstance(s.style, Style) for s in line.spans)
