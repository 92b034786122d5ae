"""The reader draws an article's stored images in half-block cells, with captions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from driving import drive, notifications, reader_text, screen_text, settle

from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app
from newsroom_tui.tui.screens.image_view import ImageView
from support.illustrated_home import CAPTIONS, build_illustrated_home

HALF = "▀"
pytestmark = pytest.mark.anyio


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return build_illustrated_home(tmp_path)


def _picture_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.count(HALF) >= 10]


async def test_the_article_shows_its_images_with_captions_under_them(home: Path) -> None:
    app = create_app(Newsroom.open(home))
    async with drive(app, size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        rows = _picture_rows(text)
        assert len(rows) >= 8, text
        lines = text.splitlines()
        first_picture = next(n for n, line in enumerate(lines) if HALF * 10 in line)
        caption_at = next(n for n, line in enumerate(lines) if CAPTIONS[0] in line)
        # The caption sits right under its picture.
        assert first_picture < caption_at
        assert all(HALF * 10 in lines[n] for n in range(first_picture, caption_at))
        # The placeholder is gone where the picture is drawn.
        assert "[Image]" not in "\n".join(lines[: caption_at + 1])


async def test_the_picture_is_as_wide_as_the_reader_at_80_columns(home: Path) -> None:
    app = create_app(Newsroom.open(home))
    async with drive(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # The rule under the article's header is as wide as the reader.
        width = max(line.count("─") for line in reader_text(app).splitlines())
        await pilot.press("tab", "pagedown")  # the pane is short: the picture is below the fold
        await settle(pilot)
        rows = _picture_rows(screen_text(app))
        assert rows
        assert max(row.count(HALF) for row in rows) >= width - 2


async def test_images_off_shows_a_placeholder_and_the_caption(home: Path) -> None:
    (home / "config.toml").write_text('[display]\nimages = "off"\n', encoding="utf-8")
    app = create_app(Newsroom.open(home))
    async with drive(app, size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert not _picture_rows(text)
        assert "[Image]" in text and CAPTIONS[0] in text


async def test_v_shows_the_images_full_screen_one_after_another(home: Path) -> None:
    app = create_app(Newsroom.open(home))
    async with drive(app, size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "tab")  # open the article, then into the reader
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ImageView)
        text = screen_text(app)
        assert "1/2" in text and CAPTIONS[0] in text
        assert len(_picture_rows(text)) >= 20  # the screen's height, not the pane's
        await pilot.press("right")
        await settle(pilot)
        assert "2/2" in screen_text(app) and CAPTIONS[1] in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImageView)


async def test_opening_an_article_with_cached_images_paints_quickly(home: Path) -> None:
    # Not a benchmark (bench/bench_images.py is): a guard against decoding on
    # the event loop or per scroll. Scrolling through the pictures redraws
    # stored lines only.
    app = create_app(Newsroom.open(home))
    async with drive(app, size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab")
        started = time.perf_counter()
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        assert time.perf_counter() - started < 5


async def test_a_whole_article_from_the_feed_shows_its_own_image(tmp_path: Path) -> None:
    from support.feedserver import FeedServer
    from support.illustrated_home import IMAGES

    text = "<p>" + "Nội dung đầy đủ của bài viết trong nguồn tin. " * 40 + "</p>"
    body = (
        f'{text}<figure><img src="/whole/photo.jpg" alt="">'
        "<figcaption>Ảnh trong nguồn tin</figcaption></figure>"
    )
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Đủ</title>'
        "<link>/whole/</link><item><title>Bài đầy đủ</title><link>/whole/bai.html</link>"
        f"<guid>du-1</guid><description><![CDATA[{body}]]></description></item>"
        "</channel></rss>"
    )
    newsroom = Newsroom.open(tmp_path / "home")
    with FeedServer() as server:
        server.add("/whole/rss.xml", rss.encode(), content_type="application/rss+xml")
        photo = (IMAGES / "photo.jpg").read_bytes()
        server.add("/whole/photo.jpg", photo, content_type="image/jpeg")
        newsroom.subscribe(server.url("/whole/rss.xml"))
        await newsroom.refresh()
    app = create_app(newsroom)
    async with drive(app, size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "end")
        await settle(pilot)
        text_shown = screen_text(app)
        assert _picture_rows(text_shown), text_shown
        assert "Ảnh trong nguồn tin" in text_shown


async def test_the_image_view_keys_speak_the_configured_language(home: Path) -> None:
    (home / "config.toml").write_text('[display]\nlanguage = "vi"\n', encoding="utf-8")
    app = create_app(Newsroom.open(home))
    try:
        async with drive(app, size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("enter", "tab", "v")
            await settle(pilot)
            keys = screen_text(app).splitlines()[-1]
            assert "Quay lại" in keys and "Ảnh sau" in keys and "Ảnh trước" in keys
            assert "Back" not in keys and "image" not in keys and "palette" not in keys
            assert CAPTIONS[0] in screen_text(app)  # the caption keeps its line above
    finally:
        from newsroom_tui.i18n import set_language

        set_language("en")


async def test_v_in_the_headline_list_shows_the_selected_items_images(home: Path) -> None:
    app = create_app(Newsroom.open(home))
    async with drive(app, size=(80, 24)) as pilot:
        await settle(pilot)
        # Not opened yet: v opens the item under the cursor, then its images.
        await pilot.press("v")
        await settle(pilot)
        text = screen_text(app)
        assert "1/2" in text and CAPTIONS[0] in text, text
        assert len(_picture_rows(text)) >= 10
        await pilot.press("escape")
        await settle(pilot)
        assert "1/2" not in screen_text(app)
        # Open, the focus still on the list: v shows them again.
        await pilot.press("v")
        await settle(pilot)
        assert "1/2" in screen_text(app) and CAPTIONS[0] in screen_text(app)


async def test_v_on_an_item_without_images_says_so(demo_home: Path) -> None:
    app = create_app(Newsroom.open(demo_home))
    async with drive(app, size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert notifications(app) == ["This article has no stored image."]
        assert "1/" not in screen_text(app).splitlines()[-1]


async def test_v_on_an_empty_list_says_why_nothing_shows(tmp_path: Path) -> None:
    app = create_app(Newsroom.open(tmp_path / "empty"))
    async with drive(app, size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert notifications(app) == ["No item to show images of: the list is empty."]
