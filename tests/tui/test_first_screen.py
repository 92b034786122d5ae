"""The first screen: rows at once, the counts a moment later (and right).

The counts scan every item, so the first frame does not wait for them. These
tests hold the counts back to look at the screen before they arrive.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from driving import cursor_line, drive, list_lines, pane_title, settle, sidebar_lines, until
from homes import SmallHome

from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.backend import Backend, SidebarCounts
from newsroom_tui.tui.screens.dialogs import TextPrompt

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


@pytest.fixture
def held_counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The first counts are read at once but handed over only when the event is set."""
    gate = threading.Event()
    real = Backend.counts
    calls = 0

    def counts(self: Backend) -> SidebarCounts:
        nonlocal calls
        calls += 1
        loaded = real(self)
        if calls == 1:
            gate.wait(timeout=10)
        return loaded

    monkeypatch.setattr(Backend, "counts", counts)
    try:
        yield gate
    finally:
        gate.set()  # never leave a worker thread waiting


def title(app) -> str:
    return pane_title(app)


def counts_shown(app) -> dict[str, int]:
    """The unread count each source's row shows (0 for none), by its name."""
    shown: dict[str, int] = {}
    for line in sidebar_lines(app):
        name, _, count = line.strip().rpartition(" ")
        if count.replace(",", "").isdigit():
            shown[name.strip()] = int(count.replace(",", ""))
        else:
            shown[line.strip()] = 0
    return shown


def counts_expected(small: SmallHome, truth) -> dict[str, int]:
    return {
        "All": truth.all_unread,
        "Unread": truth.all_unread,
        "Bookmarks": truth.bookmarks,
        "Alpha Wire": truth.unread.get(small.alpha, 0),
        "Beta Desk": truth.unread.get(small.beta, 0),
        "Gamma JSON": truth.unread.get(small.gamma, 0),
    }


async def test_rows_show_before_the_counts_which_then_arrive_right(
    small: SmallHome, held_counts: threading.Event
) -> None:
    newsroom = small.newsroom()
    newsroom.save_search("Council", "council")
    truth = newsroom.view_counts()
    saved_unread = newsroom.saved_searches()[0].unread
    assert truth.all_unread and saved_unread
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await pilot.pause()
        assert len(list_lines(app)) == 9 and "東京で会議" in cursor_line(app)
        # Before the counts: no numbers at all, rather than wrong ones.
        assert not any(ch.isdigit() for line in sidebar_lines(app) for ch in line)
        assert "Council" in "\n".join(sidebar_lines(app))
        assert "unread" not in title(app)
        assert "9 items" in title(app)  # the whole list is here, so its length is known

        held_counts.set()
        await settle(pilot)
        assert counts_expected(small, truth).items() <= counts_shown(app).items()
        assert f"{truth.all_unread:,} unread" in title(app)
        lines = sidebar_lines(app)
        assert lines[0].split()[-1] == f"{truth.all_unread:,}"  # All
        assert next(line for line in lines if "Council" in line).split()[-1] == str(saved_unread)
    newsroom.close()


async def test_what_the_user_reads_before_the_counts_arrive_is_counted(
    small: SmallHome, held_counts: threading.Event
) -> None:
    newsroom = small.newsroom()
    unread_before = newsroom.view_counts().all_unread
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await pilot.pause()
        item_id = small.item_id("東京で会議 wide characters 日本語の見出し")
        assert "東京で会議" in cursor_line(app) and cursor_line(app).startswith("●")  # unread
        # The counts were read before this key; they arrive after its write.
        await pilot.press("m")
        await until(pilot, lambda: small.state(item_id)[0])
        held_counts.set()
        await settle(pilot)
        assert counts_shown(app)["All"] == unread_before - 1
        assert counts_expected(small, newsroom.view_counts()).items() <= counts_shown(app).items()
        assert f"{unread_before - 1:,} unread" in title(app)
    newsroom.close()


async def test_a_search_saved_before_the_counts_arrive_stays_listed(
    small: SmallHome, held_counts: threading.Event
) -> None:
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"alpha")
        await until(pilot, lambda: "2 results" in title(app) and len(list_lines(app)) == 2)
        await pilot.press("enter", "S")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press("enter")  # the name offered: "alpha"
        await until(pilot, lambda: any("alpha" in line for line in sidebar_lines(app)))
        # The counts on their way were read before the save, with no saved searches.
        held_counts.set()
        await settle(pilot)
        listed = [line.split() for line in sidebar_lines(app) if line.strip().startswith("alpha")]
        assert listed == [["alpha", "2"]]
    newsroom.close()


async def test_counts_that_fail_once_are_read_again(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from newsroom_tui.tui.widgets import sources_view

    monkeypatch.setattr(sources_view, "COUNTS_RETRY_DELAY", 0.01)
    real = Backend.counts
    calls = 0

    def busy_once(self: Backend) -> SidebarCounts:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(self)

    monkeypatch.setattr(Backend, "counts", busy_once)
    newsroom = small.newsroom()
    truth = newsroom.view_counts()
    app = create_app(newsroom)
    async with drive(app, size=SIZE) as pilot:
        await settle(pilot)
        assert calls == 2
        assert counts_expected(small, truth).items() <= counts_shown(app).items()
        assert f"{truth.all_unread:,} unread" in title(app)
    newsroom.close()


def test_an_app_that_fails_to_start_leaves_garbage_collection_on(
    small: SmallHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    def fails(self: Backend, spec: object) -> None:
        raise RuntimeError("the cache went away")

    monkeypatch.setattr(Backend, "first_screen", fails)
    newsroom = small.newsroom()
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        create_app(newsroom)
    newsroom.close()
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "No feeds yet: press a to add a feed or a news page."),
        ("vi", "Chưa có nguồn tin: nhấn a để thêm một nguồn tin hoặc một trang tin tức."),
    ],
)
async def test_the_empty_newsroom_sentence_wraps_whole_at_80_columns(
    tmp_path, language: str, sentence: str
) -> None:
    from newsroom_tui.i18n import set_language
    from newsroom_tui.service import Newsroom

    home = tmp_path / "empty"
    home.mkdir()
    (home / "config.toml").write_text(f'[display]\nlanguage = "{language}"\n')
    newsroom = Newsroom.open(home)
    app = create_app(newsroom)
    try:
        async with drive(app, size=(80, 24)) as pilot:
            await settle(pilot)
            lines = [line.strip() for line in list_lines(app) if line.strip()]
            assert " ".join(lines) == sentence
            assert not any(line.endswith("…") for line in lines)
    finally:
        newsroom.close()
        set_language("en")
