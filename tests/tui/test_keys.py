"""Every key of the reader, driven with Pilot on a real cache; state checked."""

from __future__ import annotations

import threading
import webbrowser

import pytest
from driving import list_lines, notifications, screen_text, settle, until
from homes import SmallHome
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


def main(app) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def select_source(pilot, option_id: str) -> None:
    screen = main(pilot.app)
    screen.sources.select_source(option_id)
    await settle(pilot)


async def test_startup_lists_every_item_newest_first(small: SmallHome) -> None:
    newsroom = small.newsroom()
    expected = [i.id for i in newsroom.items(ViewSpec())]
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        headlines = main(app).headlines
        assert headlines.total == len(expected) == 9
        assert list(headlines.ids) == expected
        assert headlines.has_focus
        lines = list_lines(app)
        assert "07/06/2024" in lines[0] and "12.3k" in lines[0]
        assert "東京で会議" in lines[0]
    newsroom.close()


async def test_j_k_and_arrows_move_the_cursor(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        headlines = main(app).headlines
        ids = list(headlines.ids)
        await pilot.press("j", "j", "down")
        assert headlines.current_id == ids[3]
        await pilot.press("k", "up")
        assert headlines.current_id == ids[1]
        await pilot.press("G")
        assert headlines.current_id == ids[-1]
        await pilot.press("g")
        assert headlines.current_id == ids[0]
        await pilot.press("end")
        assert headlines.cursor == len(ids) - 1
        await pilot.press("home", "pagedown")
        assert headlines.cursor == len(ids) - 1  # a page is longer than this list
    newsroom.close()


async def test_enter_opens_marks_read_and_updates_counts(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        unread_before = screen.counts.all_unread
        item_id = screen.headlines.current_id
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.item_id == item_id
        assert small.state(item_id) == (True, False)
        assert screen.counts.all_unread == unread_before - 1
        assert screen.headlines.current_row.read
        assert "東京で会議" in screen_text(app)  # the reader shows the article
    newsroom.close()


async def test_m_toggles_read_in_the_cache(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        item_id = screen.headlines.current_id
        await pilot.press("m")
        await settle(pilot)
        assert small.state(item_id)[0] is True
        await pilot.press("m")
        await settle(pilot)
        assert small.state(item_id)[0] is False
        # Two quick presses end where they should, whatever order the threads ran in.
        await pilot.press("m", "m", "m")
        await settle(pilot)
        assert small.state(item_id)[0] is True
        assert screen.counts.unread[screen.headlines.current_row.feed_id] == 2
    newsroom.close()


async def test_b_bookmarks_and_the_bookmarks_source_lists_it(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("j")
        item_id = screen.headlines.current_id
        await pilot.press("b")
        await settle(pilot)
        assert small.state(item_id)[1] is True
        assert screen.counts.bookmarks == 1
        assert "★" in list_lines(app)[1]
        await select_source(pilot, "bookmarks")
        assert list(screen.headlines.ids) == [item_id]
        await pilot.press("b")
        await settle(pilot)
        assert small.state(item_id)[1] is False
        assert screen.counts.bookmarks == 0
    newsroom.close()


async def test_n_and_p_open_the_next_and_previous_unread(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        ids = list(screen.headlines.ids)
        newsroom.set_read(ids[1], True)  # already read: n must skip it
        await pilot.press("n")
        await settle(pilot)
        assert screen.headlines.current_id == ids[2]
        assert screen.reader.item_id == ids[2]
        assert small.state(ids[2])[0] is True
        await pilot.press("p")
        await settle(pilot)
        assert screen.headlines.current_id == ids[0]
        await pilot.press("p")
        await settle(pilot)
        assert screen.headlines.current_id == ids[0]
        assert any("No more unread" in n for n in notifications(app))
    newsroom.close()


async def test_an_open_cut_short_by_the_next_key_still_counts_the_read(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 400 older items: the oldest, the only unread one, is far below the rows
    # loaded at start, so "n" opens it before the list has its row.
    small.write_alpha(
        [
            {
                "title": f"Bulletin {n}",
                "link": f"https://alpha.example.test/b{n}",
                "guid": f"bulletin-{n}",
                "date": f"Wed, 01 May 2024 {n // 60:02d}:{n % 60:02d}:00 +0000",
                "content": f"<p>Bulletin number {n}.</p>",
            }
            for n in range(400)
        ]
    )
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
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = main(app)
            assert screen.counts.all_unread == 1
            await pilot.press("n")
            await until(pilot, lambda: screen.headlines.current_id == oldest)
            await until(pilot, lambda: small.state(oldest)[0])
            await pilot.press("k", "enter")  # opens a read item: cancels the first
            gate.set()
            await settle(pilot)
            assert screen.reader.item_id != oldest
            assert screen.counts.all_unread == 0 == newsroom.view_counts().all_unread
    finally:
        gate.set()
    newsroom.close()


async def test_space_scrolls_then_moves_to_the_next_unread(small: SmallHome) -> None:
    newsroom = small.newsroom()
    long_item = small.item_id("Alpha two: metro line opens")
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        headlines = screen.headlines
        headlines.move_cursor(headlines.index_of(long_item))
        await pilot.press("space")  # nothing open yet: opens the item
        await settle(pilot)
        assert screen.reader.item_id == long_item
        assert screen.reader.scroll_y == 0
        await pilot.press("space")
        await settle(pilot)
        assert screen.reader.scroll_y > 0
        assert screen.reader.item_id == long_item
        while not screen.reader.at_end:
            await pilot.press("space")
            await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        following = list(headlines.ids)[headlines.index_of(long_item) + 1]
        assert screen.reader.item_id == following
    newsroom.close()


async def test_A_marks_only_the_current_view_read(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await select_source(pilot, f"feed:{small.alpha}@News")
        assert screen.headlines.total == 4
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
        assert screen.counts.unread.get(small.alpha, 0) == 0
        assert all(not line.startswith("●") for line in list_lines(app)[:4])
    newsroom.close()


async def test_s_sorts_by_views_and_keeps_the_cursor_item(small: SmallHome) -> None:
    newsroom = small.newsroom()
    by_views = [i.id for i in newsroom.items(ViewSpec(sort="views"))]
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("j", "j", "j")
        item_id = screen.headlines.current_id
        await pilot.press("s")
        await settle(pilot)
        assert list(screen.headlines.ids) == by_views
        assert screen.headlines.current_id == item_id
        assert "by views" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert screen.spec.sort == "date"
        assert screen.headlines.current_id == item_id
    newsroom.close()


async def test_o_opens_http_links_in_a_browser_only(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = fake_browser(monkeypatch)
    newsroom = small.newsroom()
    mail_item = small.item_id("[0] [red]red[/red] numbered")
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        url = screen.headlines.current_row.url
        await pilot.press("o")
        await settle(pilot)
        assert opened == [url]
        screen.headlines.move_cursor(screen.headlines.index_of(mail_item))
        await pilot.press("o")
        await settle(pilot)
        assert opened == [url]  # mailto: is not handed to a browser
        assert any("no web link" in n for n in notifications(app))
    newsroom.close()


async def test_y_copies_the_link(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("y")
        assert app.clipboard == screen.headlines.current_row.url
    newsroom.close()


async def test_digits_open_numbered_links_including_two_digit_ones(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = fake_browser(monkeypatch)
    newsroom = small.newsroom()
    twelve = small.item_id("Alpha one: council approves budget")
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.headlines.move_cursor(screen.headlines.index_of(twelve))
        await pilot.press("enter")
        await settle(pilot)
        links = screen.reader.links
        assert links[:12] == [f"https://example.test/ref/{n}" for n in range(1, 13)]
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
        one_link = small.item_id("[bold]x[/bold] bold markup")
        screen.headlines.move_cursor(screen.headlines.index_of(one_link))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert any("No link 5" in n for n in notifications(app))
    newsroom.close()


async def test_slash_searches_as_you_type_and_escape_returns(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("j", "j")
        before = screen.headlines.current_id
        await pilot.press("slash")
        assert screen.search_input.has_focus
        await pilot.press(*"metr")  # an unfinished word matches as a prefix
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.headlines.total == 1
        assert "metro line" in list_lines(app)[0]
        await pilot.press("o")
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.headlines.total == 1
        # Keys type into the search box, they do not act on the list.
        assert screen.search_query == "metro"
        await pilot.press(*["backspace"] * 5)
        await pilot.press(*"ba dinh")  # accent-insensitive, like the CLI
        await pilot.pause(0.4)
        await settle(pilot)
        assert "Ủy ban nhân dân quận Ba Đình" in list_lines(app)[0]
        await pilot.press("enter")
        assert screen.headlines.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.searching
        assert screen.headlines.total == 9
        assert screen.headlines.current_id == before
    newsroom.close()


async def test_keys_typed_in_one_burst_after_slash_go_to_the_search_field(
    small: SmallHome,
) -> None:
    # Over SSH, or typed fast, "/ba dinh" arrives as one read: none of its
    # letters may act on the list (b bookmarks, i shows the feed, n opens...).
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        first = screen.headlines.current_id
        for char in "/ba dinh":
            key = {"/": "slash", " ": "space"}.get(char, char)
            app.post_message(events.Key(key, char))
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.search_query == "ba dinh"
        assert isinstance(app.screen, MainScreen)  # no dialog opened
        assert small.state(first) == (False, False)  # neither read nor bookmarked
        assert "Ủy ban nhân dân quận Ba Đình" in list_lines(app)[0]
        # In the field, "/" is a character like any other.
        await pilot.press("slash", "2")
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.search_query == "ba dinh/2"
    newsroom.close()


async def test_search_says_when_it_shows_only_the_best_matches(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom_tui.tui.widgets import headlines_pane

    monkeypatch.setattr(headlines_pane, "SEARCH_LIMIT", 1)
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("slash", *"alpha ")  # two items match; one is shown
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.headlines.total == 1
        assert "Search “alpha” · the best 1 results" in screen_text(app)
        await pilot.press(*"metro")  # one item matches: all of it is shown
        await pilot.pause(0.4)
        await settle(pilot)
        assert "· 1 result ·" in screen_text(app)
    newsroom.close()


async def test_tab_and_shift_tab_cycle_the_panes(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.headlines.has_focus
        await pilot.press("tab")
        assert screen.reader.has_focus
        await pilot.press("tab")
        assert screen.sources.has_focus
        await pilot.press("tab")
        assert screen.headlines.has_focus
        await pilot.press("shift+tab")
        assert screen.sources.has_focus
    newsroom.close()


async def test_sources_pane_switches_the_list(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("shift+tab")
        assert screen.sources.has_focus
        await pilot.press("j")  # Unread
        await settle(pilot)
        assert screen.spec.kind == "unread"
        assert screen.headlines.total == 9
        await pilot.press("j", "j")  # Bookmarks, then the News tag
        await settle(pilot)
        assert screen.spec.kind == "tag" and screen.spec.tag == "News"
        assert screen.headlines.total == 7
        assert screen.headlines.show_feed
        await pilot.press("j")  # Alpha Wire
        await settle(pilot)
        assert screen.spec.feed_id == small.alpha
        assert screen.headlines.total == 4
        assert not screen.headlines.show_feed
        await pilot.press("enter")
        assert screen.headlines.has_focus
        assert "Alpha Wire · 4 items" in screen_text(app)
    newsroom.close()


async def test_question_mark_lists_every_key_and_escape_closes(small: SmallHome) -> None:
    from newsroom_tui.tui.keymap import ACTIONS
    from newsroom_tui.tui.screens.help import HelpScreen

    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=(120, 80)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for action in ACTIONS:
            assert action.id in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    newsroom.close()


async def test_q_quits(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
    newsroom.close()


async def test_command_palette_runs_actions_by_name(small: SmallHome) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        item_id = screen.headlines.current_id
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
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Said at start (and gone after a few seconds: asked at once).
        assert any("nope" in n for n in notifications(app))
        screen = main(app)
        item_id = screen.headlines.current_id
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
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_source(pilot, f"feed:{small.evil}@World")
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
    async with app.run_test(size=SIZE) as pilot:
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
        async with app.run_test(size=(200, 40)) as pilot:
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
    async with app.run_test(size=SIZE) as pilot:
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
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.has_class("-narrow")
        headlines = screen.query_one("#headlines-pane").region
        reader = screen.query_one("#reader-pane").region
        assert reader.y >= headlines.bottom
        assert headlines.height >= 8
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.item_id is not None
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
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == screen.headlines.current_row.url
        assert any("link is copied" in n for n in notifications(app))
    newsroom.close()


async def test_every_key_on_an_empty_newsroom_explains_rather_than_fails(tmp_path) -> None:
    from newsroom_tui.service import Newsroom

    newsroom = Newsroom.open(tmp_path / "empty")
    app = create_app(newsroom)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.headlines.total == 0
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
