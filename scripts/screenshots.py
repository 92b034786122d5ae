"""Regenerate the SVG screenshots in screenshots/ from the real app on the demo newsroom.

    python scripts/screenshots.py [--out screenshots]

Each shot seeds a fresh demo home (as `newsroom demo` does), drives the app
headless with the keys a user would press, and saves what the screen shows.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from newsroom_tui.demo import seed_demo
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app

ROOT = Path(__file__).resolve().parents[1]

# (file name, terminal size, keys, seconds to wait after the keys)
SHOTS = [
    ("main-article.svg", (160, 48), ["j", "j", "enter"], 0.0),
    ("search.svg", (120, 40), ["slash", *"ba dinh"], 0.5),
    ("help.svg", (120, 40), ["question_mark"], 0.0),
    ("80x24.svg", (80, 24), ["j", "enter"], 0.0),
]


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(
    home: Path, name: str, size: tuple[int, int], keys: list[str], wait: float, out: Path
) -> None:
    newsroom = Newsroom.open(home)
    app = create_app(newsroom, clock=lambda: datetime(2024, 6, 28, 9, 30, tzinfo=UTC))
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            if wait:
                await pilot.pause(wait)
                await settle(pilot)
            app.save_screenshot(filename=name, path=str(out))
    finally:
        newsroom.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    template = Path(tempfile.mkdtemp(prefix="newsroom-shots-"))
    try:
        seed_demo(template / "demo")
        for name, size, keys, wait in SHOTS:
            home = template / name
            shutil.copytree(template / "demo", home)
            asyncio.run(shoot(home, name, size, keys, wait, args.out))
            print(args.out / name)
    finally:
        shutil.rmtree(template, ignore_errors=True)


if __name__ == "__main__":
    main()
