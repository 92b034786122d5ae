"""Saved searches as live feeds, bookmark notes and highlighted snippets, with Pilot."""

from __future__ import annotations

import sqlite3

import pytest
from driving import (
    cursor_line,
    drive,
    list_lines,
    notifications,
    pane_text,
    pane_title,
    screen_text,
    select_source,
    settle,
    sidebar_lines,
    styled_runs,
)
from homes import SmallHome
from rich.style import Style

from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.format import MATCH_STYLE, highlighted_snippet
from newsroom_tui.tui.screens.dialogs import Confirm, TextPrompt
from newsroom_tui.tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio

SIZE = (120, 40)
HOSTILE_NOTE = "[red]x[/] [@click=app.quit]y[/] [0] [/"


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
    await pilot.press("home", "ctrl+k")  # clear what it offered, as a user would
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


async def search(pilot, query: str) -> None:
    await pilot.press("slash", *query)
    await pilot.pause(0.4)
    await settle(pilot)


def prompt_field(app) -> str:
    return pane_text(app, "#prompt-input").strip()


def line_for(app, name: str) -> str:
    return next(line for line in sidebar_lines(app) if line.strip().startswith(name))


async def test_S_saves_the_search_as_a_live_feed_that_survives_a_restart(
    small: SmallHome,
) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "alph")  # found as a prefix while typed, and saved so
        assert len(list_lines(app)) == 2
        await pilot.press("enter", "S")
        await settle(pilot)
        await answer_prompt(pilot, "Alpha watch")
        assert [(name, query) for _, name, query in saved_rows(small)] == [("Alpha watch", "alph*")]
        # Saving keeps the search open; the sidebar lists it with its unread count.
        assert (
            "Search “alph”" in pane_title(app) and pane_text(app, "#search-input").strip() == "alph"
        )
        assert "Saved searches" in sidebar_lines(app)
        assert line_for(app, "Alpha watch").endswith(" 2")
        assert any("Saved search" in n for n in notifications(app))
    newsroom.close()

    # A new app on the same home: the saved search is still there, and live.
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert line_for(app, "Alpha watch").endswith(" 2")
        await select_source(pilot, "Alpha watch")
        assert len(list_lines(app)) == 2
        assert "Alpha watch · 2 items, 2 unread" in pane_title(app)
        # It is a headline list like any other: open, bookmark, mark read.
        alpha = ["Alpha two: metro line opens", "Alpha one: council approves budget"]
        assert all(any(t in line for line in list_lines(app)) for t in alpha)
        first = small.item_id(next(t for t in alpha if t in cursor_line(app)))
        await pilot.press("enter")
        await settle(pilot)
        assert small.state(first) == (True, False)
        assert "Alpha watch · 2 items, 1 unread" in screen_text(app)
        assert line_for(app, "Alpha watch").endswith(" 1")
        await pilot.press("j", "b", "m")
        await settle(pilot)
        second = small.item_id(next(t for t in alpha if t in cursor_line(app)))
        assert second != first and small.state(second) == (True, True)
        assert line_for(app, "Alpha watch") == "  Alpha watch"  # nothing unread: no count
        # Sorting works in a saved search as in a feed.
        await pilot.press("s")
        await settle(pilot)
        assert pane_title(app).startswith("Alpha watch · 2 items") and "by views" in pane_title(app)
        assert len(list_lines(app)) == 2
    newsroom.close()


async def test_S_outside_a_search_explains(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
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
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert metro
        await select_source(pilot, "Metro")
        assert len(list_lines(app)) == 1 and "Metro · 1 item" in pane_title(app)
        # Rename: the prompt offers the old name.
        await pilot.press("e")
        await settle(pilot)
        assert prompt_field(app) == "Metro"
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
        assert pane_title(app).startswith("All · 9 items")
        assert len(list_lines(app)) == 9
    newsroom.close()


async def test_N_writes_a_note_bookmarks_and_the_reader_shows_it_as_text(
    small: SmallHome,
) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        title = "東京で会議 wide characters 日本語の見出し"
        item = small.item_id(title)
        assert title in cursor_line(app)
        await pilot.press("enter")
        await settle(pilot)
        assert note_of(small, item) == (False, None)
        assert line_for(app, "Bookmarks") == "Bookmarks"  # none yet: no count
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await answer_prompt(pilot, HOSTILE_NOTE)
        assert app.is_running
        assert note_of(small, item) == (True, HOSTILE_NOTE)
        assert "★" in cursor_line(app)
        assert line_for(app, "Bookmarks").split() == ["Bookmarks", "1"]
        # The reader shows the note, literally, under the article's header.
        text = screen_text(app)
        assert f"Note: {HOSTILE_NOTE}" in text
        # Editing starts from the stored note; cancelling changes nothing.
        await pilot.press("N")
        await settle(pilot)
        assert prompt_field(app) == HOSTILE_NOTE
        await pilot.press("escape")
        await settle(pilot)
        assert note_of(small, item) == (True, HOSTILE_NOTE)
        # The note is searchable.
        await search(pilot, "click")
        assert any(title in line for line in list_lines(app))
    newsroom.close()


async def test_search_snippet_highlights_the_matched_words(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "discussed")
        assert len(list_lines(app)) == 1
        runs = styled_runs(app, "#search-hint")
        assert "discussed" in "".join(text for text, _ in runs)
        marked = [text.strip() for text, css in runs if "bold" in css]  # MATCH_STYLE: bold
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
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "council")
        await pilot.press("enter")
        await settle(pilot)
        assert len(list_lines(app)) == 2
        assert len(set(built)) == 1  # the first row's, not one per result
        first = pane_text(app, "#search-hint")
        await pilot.press("j")
        await settle(pilot)
        second = pane_text(app, "#search-hint")
        assert len(set(built)) == 2
        assert first != second and "council" in (first + second)
        await pilot.press("k")
        await settle(pilot)
        assert pane_text(app, "#search-hint") == first
        assert len(set(built)) == 2  # nothing new for a row already read
    newsroom.close()


def test_snippet_text_is_never_markup() -> None:
    line = highlighted_snippet("[red]Ba Đình[/] [@click=app.quit]x[/] ba dinh", ["ba dinh"], 60)
    assert line.plain == "[red]Ba Đình[/] [@click=app.quit]x[/] ba dinh"
    marked = [line.plain[s.start : s.end] for s in line.spans if s.style == MATCH_STYLE]
    assert marked == ["Ba", "Đình", "ba", "dinh"]  # accent-insensitive, like the search
    assert all(isinstance(s.style, Style) for s in line.spans)
