"""Drives the app on a read-only cache and prints what it showed, as JSON.

Run in its own process by test_refused_writes.py, so that as root the test can
drop the capabilities that would let it write through the file mode.
Usage: read_only_driver.py HOME
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from driving import drive, list_lines, notifications, pane_text, settle, sidebar_lines

from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app


async def show(home: Path) -> dict[str, object]:
    newsroom = Newsroom.open(home)
    app = create_app(newsroom)
    shown: dict[str, object] = {}
    async with drive(app, size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        shown["before"] = list_lines(app)[0]
        await pilot.press("b")
        await settle(pilot)
        shown["after_b"] = list_lines(app)[0]
        await pilot.press("m")
        await settle(pilot)
        shown["after_m"] = list_lines(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        shown["after_enter"] = list_lines(app)[0]
        shown["reader"] = pane_text(app, "#reader-title").strip()
        shown["sidebar"] = sidebar_lines(app)
        shown["notifications"] = notifications(app)
    newsroom.close()
    return shown


if __name__ == "__main__":
    print(json.dumps(asyncio.run(show(Path(sys.argv[1])))))
