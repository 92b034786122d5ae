"""Invisible characters are not shown in the headline list or the reader, even
for items a cache stored with them before they were dropped at the edge."""

from __future__ import annotations

import sqlite3

import pytest
from driving import cursor_to, drive, list_lines, screen_text, settle
from homes import SmallHome

from newsroom_tui.tui.app import create_app

pytestmark = pytest.mark.anyio

STORED = "Kinh\u00adtế Hà\u200dNội ph\u00e1t\u180etriển"
SHOWN = "Kinhtế HàNội pháttriển"
PERSIAN = "می\u200cخواهم 👨\u200d👩\u200d👧"


async def test_titles_stored_with_invisible_characters_show_without_them(
    small: SmallHome,
) -> None:
    item_id = small.item_id("Alpha one: council approves budget")
    other_id = small.item_id("Alpha two: metro line opens")
    conn = sqlite3.connect(small.home / "newsroom.sqlite3")
    conn.execute("UPDATE items SET title = ? WHERE id = ?", (STORED, item_id))
    conn.execute("UPDATE items SET title = ? WHERE id = ?", (PERSIAN, other_id))
    conn.commit()
    conn.close()
    newsroom = small.newsroom()
    app = create_app(newsroom)
    async with drive(app, size=(120, 40)) as pilot:
        await settle(pilot)
        lines = "\n".join(list_lines(app))
        assert SHOWN in lines
        assert "\u00ad" not in lines and "\u180e" not in lines
        assert "\u200d" not in lines.replace("👨\u200d👩\u200d👧", "")
        assert "می\u200cخواهم" in lines  # the non-joiner Persian needs stays
        await cursor_to(pilot, SHOWN)
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert shown.count(SHOWN) >= 2  # in the list and in the reader's header
        assert "\u00ad" not in shown and "\u180e" not in shown
    newsroom.close()
