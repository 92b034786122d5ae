"""Every key of the reader, driven with Pilot on a real cache; what the screen shows checked."""

from __future__ import annotations

import threading
import webbrowser

import pytest
from driving import (
    cursor_line,
    cursor_to,
    drive,
    focused,
    list_lines,
    notifications,
    pane_text,
    pane_title,
    reader_text,
    screen_text,
    select_source,
    settle,
    sidebar_lines,
    until,
)
from homes import SmallHome, bulletins
from textual import events

from newsroom_tui.query.lists import ViewSpec
from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


class RecordingBrowser(webbrowser.BackgroundBrowser):
    """A graphical browser as webbrowser.get() would return one; records URLs."""

    def __init__(self) -> None:
        super().__init__("true")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def fake_browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    browser = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a, **k: browser)
    return browser.opened


def titles_of(newsroom, spec: ViewSpec | None = None) -> list[str]:
    """The titles a view lists, as the screen shows them (control characters dropped)."""
    return [shown(i.title) for i in newsroom.items(spec or ViewSpec())]


def shown(title: str) -> str:
    return "".join(c for c in title if c.isprintable())


def row_titles(app, titles: list[str]) -> list[str]:
    """For each headline row on screen, the one title it shows."""
    return [next((t for t in titles if t in line), line) for line in list_lines(app)]


async def test_startup_lists_every_item_newest_first(small: SmallHome) -> None:
    newsroom = small.newsroom()
    expected = titles_of(newsroom)
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert len(expected) == 9 and "All · 9 items, 9 unread" in pane_title(app)
        assert row_titles(app, expected) == expected
        assert focused(app) == "headlines" and expected[0] in cursor_line(app)
        lines = list_lines(app)
        assert "07/06/2024" in lines[0] and "12.3k" in lines[0]
        assert "東京で会議" in lines[0]
    newsroom.close()


async def test_j_k_and_arrows_move_the_cursor(small: SmallHome) -> None:
    newsroom = small.newsroom()
    titles = titles_of(newsroom)
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "down")
        assert titles[3] in cursor_line(app)
        await pilot.press("k", "up")
        assert titles[1] in cursor_line(app)
        await pilot.press("G")
        assert titles[-1] in cursor_line(app)
        await pilot.press("g")
        assert titles[0] in cursor_line(app)
        await pilot.press("end")
        assert titles[-1] in cursor_line(app)
        await pilot.press("home", "pagedown")
        assert titles[-1] in cursor_line(app)  # a page is longer than this list
    newsroom.close()


async def test_enter_opens_marks_read_and_updates_counts(small: SmallHome) -> None:
    newsroom = small.newsroom()
    first = titles_of(newsroom)[0]
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert sidebar_lines(app)[0].split() == ["All", "9"]
        await pilot.press("enter")
        await settle(pilot)
        assert first in reader_text(app)  # the reader shows the article
        assert small.state(small.item_id(first)) == (True, False)
        assert sidebar_lines(app)[0].split() == ["All", "8"]
        assert not cursor_line(app).startswith("●")  # the row shows it read
    newsroom.close()


async def test_m_toggles_read_in_the_cache(small: SmallHome) -> None:
    newsroom = small.newsroom()
    item_id = small.item_id(titles_of(newsroom)[0])  # a Beta Desk item
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert small.state(item_id)[0] is True
        assert not cursor_line(app).startswith("●")
        await pilot.press("m")
        await settle(pilot)
        assert small.state(item_id)[0] is False
        assert cursor_line(app).startswith("●")
        # Two quick presses end where they should, whatever order the threads ran in.
        await pilot.press("m", "m", "m")
        await settle(pilot)
        assert small.state(item_id)[0] is True
        beta = [line.split() for line in sidebar_lines(app) if "Beta Desk" in line]
        assert beta == [["Beta", "Desk", "2"]] * 2  # under News and under World
    newsroom.close()


async def test_b_bookmarks_and_the_bookmarks_source_lists_it(small: SmallHome) -> None:
    newsroom = small.newsroom()
    second = titles_of(newsroom)[1]
    item_id = small.item_id(second)
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await pilot.press("b")
        await settle(pilot)
        assert small.state(item_id)[1] is True
        assert "Bookmarks 1" in [" ".join(line.split()) for line in sidebar_lines(app)]
        assert "★" in list_lines(app)[1]
        await select_source(pilot, "Bookmarks")
        assert row_titles(app, [second]) == [second]
        await pilot.press("b")
        await settle(pilot)
        assert small.state(item_id)[1] is False
        assert "Bookmarks" in [line.strip() for line in sidebar_lines(app)]  # no count
    newsroom.close()


async def test_n_and_p_open_the_next_and_previous_unread(small: SmallHome) -> None:
    newsroom = small.newsroom()
    titles = titles_of(newsroom)
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        newsroom.set_read(small.item_id(titles[1]), True)  # already read: n must skip it
        await pilot.press("n")
        await settle(pilot)
        assert titles[2] in cursor_line(app) and titles[2] in reader_text(app)
        assert small.state(small.item_id(titles[2]))[0] is True
        await pilot.press("p")
        await settle(pilot)
        assert titles[0] in cursor_line(app) and titles[0] in reader_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert titles[0] in cursor_line(app)
        assert any("No more unread" in n for n in notifications(app))
    newsroom.close()


async def test_an_open_cut_short_by_the_next_key_still_counts_the_read(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 400 older items: the oldest, the only unread one, is far below the rows
    # loaded at start, so "n" opens it before the list has its row.
    small.write_alpha(bulletins(400))
    newsroom = small.newsroom()
    await newsroom.refresh()
    oldest = small.item_id("Bulletin 0")
    for item in newsroom.items(limit=10_000):
        newsroom.set_read(item.id, item.id != oldest)
    # The oldest item's layout waits until the next key has cancelled it.
    import newsroom_tui.render.article as article_module

    gate = threading.Event()
    real_render = article_module.render_article

    def render_article(item, html, **kwargs):
        if item.id == oldest:
            gate.wait(timeout=10)
        return real_render(item, html, **kwargs)

    monkeypatch.setattr(article_module, "render_article", render_article)
    app = create_app(newsroom)
    try:
        async with drive(app, size=SIZE) as pilot:
            await settle(pilot)
            assert sidebar_lines(app)[0].split() == ["All", "1"]
            await pilot.press("n")
            await until(pilot, lambda: "Bulletin 0 " in cursor_line(app))
            await until(pilot, lambda: small.state(oldest)[0])
            await pilot.press("k", "enter")  # opens a read item: cancels the first
            gate.set()
            await settle(pilot)
            assert "Bulletin 1 " in cursor_line(app) and "Bulletin 1\n" in reader_text(app)
            assert "Bulletin number 0." not in reader_text(app)
            assert sidebar_lines(app)[0].split() == ["All"]  # nothing unread, no count
            assert newsroom.view_counts().all_unread == 0
    finally:
        gate.set()
    newsroom.close()


async def test_space_scrolls_then_moves_to_the_next_unread(small: SmallHome) -> None:
    newsroom = small.newsroom()
    titles = titles_of(newsroom)
    long_title = "Alpha two: metro line opens"
    following = titles[titles.index(long_title) + 1]
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await cursor_to(pilot, long_title)
        await pilot.press("space")  # nothing open yet: opens the item
        await settle(pilot)
        assert reader_text(app).startswith(long_title)  # from its first line
        await pilot.press("space")
        await settle(pilot)
        assert long_title not in reader_text(app)  # scrolled on
        assert "Paragraph" in reader_text(app)
        pages = 0
        while "Paragraph 79:" not in reader_text(app):
            assert following not in reader_text(app)  # not before the article's end
            pages += 1
            assert pages < 40, "space never reached the article's end"
            await pilot.press("space")
            await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert reader_text(app).startswith(following)
        assert following in cursor_line(app)
    newsroom.close()


async def test_A_marks_only_the_current_view_read(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await select_source(pilot, "  Alpha Wire")
        assert "Alpha Wire · 4 items" in pane_title(app)
        # It asks first; "n" (or esc) leaves everything as it was.
        await pilot.press("A")
        await settle(pilot)
        assert "Mark all 4 items in this list read?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert newsroom.count_items(ViewSpec("feed", feed_id=small.alpha, unread=True)) == 4
        await pilot.press("A", "y")
        await settle(pilot)
        assert newsroom.count_items(ViewSpec("feed", feed_id=small.alpha, unread=True)) == 0
        assert newsroom.count_items(ViewSpec("feed", feed_id=small.beta, unread=True)) == 3
        assert "Alpha Wire" in [line.strip() for line in sidebar_lines(app)]  # no count
        assert all(not line.startswith("●") for line in list_lines(app)[:4])
    newsroom.close()


async def test_s_sorts_by_views_and_keeps_the_cursor_item(small: SmallHome) -> None:
    newsroom = small.newsroom()
    titles = titles_of(newsroom)
    by_views = titles_of(newsroom, ViewSpec(sort="views"))
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        assert titles[3] in cursor_line(app)
        await pilot.press("s")
        await settle(pilot)
        assert row_titles(app, titles) == by_views != titles
        assert titles[3] in cursor_line(app)
        assert "by views" in pane_title(app)
        await pilot.press("s")
        await settle(pilot)
        assert "by date" in pane_title(app)
        assert row_titles(app, titles) == titles
        assert titles[3] in cursor_line(app)
    newsroom.close()


async def test_o_opens_http_links_in_a_browser_only(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = fake_browser(monkeypatch)
    newsroom = small.newsroom()
    url = next(iter(newsroom.items(ViewSpec()))).url
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [url]
        await cursor_to(pilot, "[0] [red]red[/red] numbered")  # a mailto: link
        await pilot.press("o")
        await settle(pilot)
        assert opened == [url]  # mailto: is not handed to a browser
        assert any("no web link" in n for n in notifications(app))
    newsroom.close()


async def test_y_copies_the_link(small: SmallHome) -> None:
    newsroom = small.newsroom()
    url = next(iter(newsroom.items(ViewSpec()))).url
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == url
    newsroom.close()


async def test_digits_open_numbered_links_including_two_digit_ones(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = fake_browser(monkeypatch)
    newsroom = small.newsroom()
    links = [f"https://example.test/ref/{n}" for n in range(1, 13)]
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await cursor_to(pilot, "Alpha one: council approves budget")
        await pilot.press("enter")
        await settle(pilot)
        assert "ref 12" in reader_text(app)  # the twelve links, numbered
        await pilot.press("1", "2")  # "1" could start 10-12, so it waits; "12" cannot grow
        await settle(pilot)
        assert opened == [links[11]]
        await pilot.press("3")  # 30+ is past the list: opens at once
        await settle(pilot)
        assert opened[-1] == links[2]
        await pilot.press("1")  # waits for a second digit, then opens link 1
        await settle(pilot)
        assert opened[-1] == links[2]
        await pilot.pause(1.0)
        await settle(pilot)
        assert opened[-1] == links[0]
        await pilot.press("9", "9")  # no link 90-99 exists: each 9 opens link 9
        await settle(pilot)
        assert opened[-2:] == [links[8], links[8]]
        await cursor_to(pilot, "[bold]x[/bold] bold markup")  # an item with one link
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert any("No link 5" in n for n in notifications(app))
    newsroom.close()


def search_field(app) -> str:
    return pane_text(app, "#search-input").strip()


async def test_slash_searches_as_you_type_and_escape_returns(small: SmallHome) -> None:
    newsroom = small.newsroom()
    before = titles_of(newsroom)[2]
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await pilot.press("slash")
        assert focused(app) == "search-input"
        await pilot.press(*"metr")  # an unfinished word matches as a prefix
        await pilot.pause(0.4)
        await settle(pilot)
        assert "1 result" in pane_title(app) and len(list_lines(app)) == 1
        assert "metro line" in list_lines(app)[0]
        await pilot.press("o")
        await pilot.pause(0.4)
        await settle(pilot)
        assert "1 result" in pane_title(app) and len(list_lines(app)) == 1
        # Keys type into the search box, they do not act on the list.
        assert search_field(app) == "metro"
        await pilot.press(*["backspace"] * 5)
        await pilot.press(*"ba dinh")  # accent-insensitive, like the CLI
        await pilot.pause(0.4)
        await settle(pilot)
        assert "Ủy ban nhân dân quận Ba Đình" in list_lines(app)[0]
        await pilot.press("enter")
        assert focused(app) == "headlines"
        await pilot.press("escape")
        await settle(pilot)
        assert "Search" not in pane_title(app) and focused(app) == "headlines"
        assert "All · 9 items" in pane_title(app) and len(list_lines(app)) == 9
        assert before in cursor_line(app)
    newsroom.close()


async def test_keys_typed_in_one_burst_after_slash_go_to_the_search_field(
    small: SmallHome,
) -> None:
    # Over SSH, or typed fast, "/ba dinh" arrives as one read: none of its
    # letters may act on the list (b bookmarks, i shows the feed, n opens...).
    newsroom = small.newsroom()
    first = small.item_id(titles_of(newsroom)[0])
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        for char in "/ba dinh":
            key = {"/": "slash", " ": "space"}.get(char, char)
            app.post_message(events.Key(key, char))
        await pilot.pause(0.4)
        await settle(pilot)
        assert search_field(app) == "ba dinh"
        assert isinstance(app.screen, MainScreen)  # no dialog opened
        assert small.state(first) == (False, False)  # neither read nor bookmarked
        assert "Ủy ban nhân dân quận Ba Đình" in list_lines(app)[0]
        # In the field, "/" is a character like any other.
        await pilot.press("slash", "2")
        await pilot.pause(0.4)
        await settle(pilot)
        assert search_field(app) == "ba dinh/2"
    newsroom.close()


async def test_search_says_when_it_shows_only_the_best_matches(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_tui.tui.widgets import headlines_search

    monkeypatch.setattr(headlines_search, "SEARCH_LIMIT", 1)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"alpha ")  # two items match; one is shown
        await pilot.pause(0.4)
        await settle(pilot)
        assert len(list_lines(app)) == 1
        assert "Search “alpha” · the best 1 results" in screen_text(app)
        await pilot.press(*"metro")  # one item matches: all of it is shown
        await pilot.pause(0.4)
        await settle(pilot)
        assert "· 1 result ·" in screen_text(app)
    newsroom.close()


async def test_tab_and_shift_tab_cycle_the_panes(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert focused(app) == "headlines"
        await pilot.press("tab")
        assert focused(app) == "reader"
        await pilot.press("tab")
        assert focused(app) == "sources"
        await pilot.press("tab")
        assert focused(app) == "headlines"
        await pilot.press("shift+tab")
        assert focused(app) == "sources"
    newsroom.close()


async def test_sources_pane_switches_the_list(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab")
        assert focused(app) == "sources"
        await pilot.press("j")  # Unread
        await settle(pilot)
        assert pane_title(app).startswith("Unread · 9 items")
        await pilot.press("j", "j")  # Bookmarks, then the News tag
        await settle(pilot)
        assert pane_title(app).startswith("News · 7 items") and len(list_lines(app)) == 7
        assert "Feed" in pane_text(app, "#columns")  # many feeds: a feed column
        assert "Beta Desk" in list_lines(app)[0] and "Alpha Wire" in list_lines(app)[-1]
        await pilot.press("j")  # Alpha Wire
        await settle(pilot)
        assert pane_title(app).startswith("Alpha Wire · 4 items") and len(list_lines(app)) == 4
        assert "Feed" not in pane_text(app, "#columns")  # one feed: none
        assert not any("Alpha Wire" in line for line in list_lines(app))
        await pilot.press("enter")
        assert focused(app) == "headlines"
        assert "Alpha Wire · 4 items" in screen_text(app)
    newsroom.close()


async def test_question_mark_lists_every_key_and_escape_closes(small: SmallHome) -> None:
    from newsroom_tui.tui.keymap import ACTIONS
    from newsroom_tui.tui.screens.help import HelpScreen

    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=(120, 80)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for action in ACTIONS:
            assert action.id in text
        keys = text.splitlines()[-1]  # the help screen's own keys, not the reader's
        assert "esc Close" in keys and "Read on" not in keys
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    newsroom.close()


async def test_q_quits(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
    newsroom.close()


async def test_command_palette_runs_actions_by_name(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        item_id = small.item_id(titles_of(newsroom)[0])
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bookmark or unbookmark")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert small.state(item_id)[1] is True
    newsroom.close()


async def test_keys_rebind_by_action_id_from_the_config(small: SmallHome) -> None:
    (small.home / "config.toml").write_text('[keys]\nbookmark = "B"\nnope = "x"\n')
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        # Said at start (and gone after a few seconds: asked at once).
        assert any("nope" in n for n in notifications(app))
        item_id = small.item_id(titles_of(newsroom)[0])
        await pilot.press("b")
        await settle(pilot)
        assert small.state(item_id)[1] is False
        await pilot.press("B")
        await settle(pilot)
        assert small.state(item_id)[1] is True
        assert "★" in list_lines(app)[0]  # the star shows what was stored
    newsroom.close()


async def test_i_shows_feed_details_with_the_error(small: SmallHome) -> None:
    from newsroom_tui.tui.screens.feed_details import FeedDetailsScreen

    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await select_source(pilot, "! [red]Evil")
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, FeedDetailsScreen)
        text = screen_text(app)
        assert "not a feed" in text
        assert "[red]Evil[/red] [@click=app.quit]feed[/]" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    newsroom.close()


async def test_light_theme_and_vietnamese_from_the_config(small: SmallHome) -> None:
    (small.home / "config.toml").write_text('[display]\ntheme = "light"\nlanguage = "vi"\n')
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        text = screen_text(app)
        assert "Chưa đọc" in text  # "Unread"
        assert "Tất cả" in text  # "All"
    newsroom.close()
    from newsroom_tui.i18n import set_language

    set_language("en")


async def test_the_key_bar_is_in_the_configured_language(small: SmallHome) -> None:
    # The bindings are made at import time, before the config sets the
    # language: their words must still come out in it.
    (small.home / "config.toml").write_text('[display]\nlanguage = "vi"\n')
    newsroom = small.newsroom()
    app = create_app(newsroom)
    try:
        async with drive(app, size=(200, 40)) as pilot:
            await settle(pilot)
            bar = screen_text(app).splitlines()[-1]
            assert "Đánh dấu" in bar and "Trợ giúp" in bar  # Bookmark, Help
            assert "Bookmark" not in bar and "Help" not in bar
    finally:
        newsroom.close()
        from newsroom_tui.i18n import set_language

        set_language("en")


async def test_each_pane_has_the_table_keys_and_no_inherited_ones(small: SmallHome) -> None:
    from textual.app import App

    from newsroom_tui.tui.keymap import ACTIONS

    allowed = {k.strip() for a in ACTIONS for k in a.keys.split(",")}
    allowed |= {"escape", "ctrl+c", "super+c"}  # close search; copy selected text
    allowed |= {k.strip() for b in App.BINDINGS for k in b.key.split(",")}  # type: ignore[union-attr]
    allowed.add(App.COMMAND_PALETTE_BINDING)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        for _pane in range(3):
            await pilot.press("tab")
            await settle(pilot)
            # ScrollView's left/right/ctrl+pageup, OptionList's own keys: none.
            assert set(app.screen.active_bindings) <= allowed, type(app.focused).__name__
    newsroom.close()


async def test_narrow_terminal_puts_the_reader_below_the_headlines(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=(80, 24)) as pilot:
        await settle(pilot)
        rows = screen_text(app).splitlines()
        list_top = next(y for y, row in enumerate(rows) if "07/06/2024" in row)
        reader_top = next(y for y, row in enumerate(rows) if row.rstrip().endswith(" Article"))
        assert reader_top - list_top >= 8  # eight headlines, then the reader below them
        # ...in the same columns: the reader's title starts where the list's rows do.
        assert abs(rows[reader_top].index("Article") - rows[list_top].index("07/06/2024")) <= 2
        # The key bar drops what does not fit whole: no key without its words.
        from newsroom_tui.tui.keymap import ACTIONS

        last_words = {action.description.split()[-1] for action in ACTIONS} | {"palette"}
        assert rows[-1].split()[-1] in last_words, rows[-1]
        await pilot.press("enter")
        await settle(pilot)
        assert "東京で会議" in reader_text(app)
        assert "07/06/2024" in list_lines(app)[0]
    newsroom.close()


async def test_o_copies_the_link_when_the_only_browser_would_take_the_terminal(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    console_browser = webbrowser.GenericBrowser("w3m")
    monkeypatch.setattr(webbrowser, "get", lambda *a, **k: console_browser)
    monkeypatch.setattr(
        console_browser, "open", lambda *a, **k: pytest.fail("started w3m in our terminal")
    )
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == next(iter(newsroom.items(ViewSpec()))).url
        assert any("link is copied" in n for n in notifications(app))
    newsroom.close()


async def test_every_key_on_an_empty_newsroom_explains_rather_than_fails(tmp_path) -> None:
    from newsroom_tui.service import Newsroom

    newsroom = Newsroom.open(tmp_path / "empty")
    app = create_app(newsroom)
    async with drive(app, size=(80, 24)) as pilot:
        await settle(pilot)
        assert list_lines(app) == [] or "No feeds yet" in "".join(list_lines(app))
        assert "No feeds yet" in screen_text(app)
        for key in ["j", "k", "enter", "space", "n", "p", "b", "m", "A", "o", "y", "1"]:
            await pilot.press(key)
        for key in ["S", "e", "D", "N", "s", "r", "R", "i", "G", "g", "tab", "tab", "j", "enter"]:
            await pilot.press(key)
        for key in ["slash", "x"]:
            await pilot.press(key)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, MainScreen)
        assert not [w for w in app.workers if w.state.name == "ERROR"]
        assert any("No items in this list" in n for n in notifications(app))
        assert not notifications(app, "error")
    newsroom.close()


def test_a_binding_that_shadows_quit_is_reported_and_quit_keeps_q() -> None:
    from newsroom_tui.tui.keymap import keymap_from_config, shadowed_keys

    keymap, unknown = keymap_from_config({"bookmark": "q", "copy_link": "Y"})
    assert "bookmark" not in keymap and keymap["copy_link"] == "Y" and not unknown
    [line] = shadowed_keys({"bookmark": "q"})
    assert "keys.bookmark" in line and "'quit'" in line
    # Moving quit first frees its key for another command.
    assert keymap_from_config({"quit": "x", "bookmark": "q"})[0] == {"quit": "x", "bookmark": "q"}
    assert shadowed_keys({"quit": "x", "bookmark": "q"}) == []
