"""Regenerate the SVG screenshots in screenshots/ from the real app on the demo newsroom.

    python scripts/screenshots.py [--out screenshots] [--png]

Each shot seeds a fresh demo home (as `newsroom demo` does), drives the app
headless with the keys a user would press, and saves what the screen shows.
The article-with-images shot uses the tests' illustrated home (an article
whose two images are stored in the cache). `--png` also writes each screen
as a PNG, one 8x16 block per cell (Pillow), to look at the pictures without
an SVG viewer.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import shutil
import sys
import tempfile
import threading
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsroom_tui.demo import seed_demo
from newsroom_tui.service import Newsroom
from newsroom_tui.tui.app import create_app

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

# The portal a dialog shot looks at: the Ba Đình corpus, served on 127.0.0.1.
PORTAL_SITE = ROOT / "tests" / "data" / "corpus" / "portals" / "ba-dinh" / "site"
SITE = "{site}"  # a key that types the served portal's base URL

# (file name, terminal size, keys, seconds to wait after the keys)
SHOTS = [
    ("add-source.svg", (120, 40), ["a", SITE, *"/tin-tuc/index.html", "enter"], 0.5),
    ("main-article.svg", (160, 48), ["j", "j", "enter"], 0.0),
    ("search.svg", (120, 40), ["slash", *"ba dinh"], 0.5),
    ("help.svg", (120, 40), ["question_mark"], 0.0),
    ("80x24.svg", (80, 24), ["j", "enter"], 0.0),
]
# The same, on the illustrated home; "focus_reader" moves the focus to the article.
PICTURE_SHOTS = [
    ("article-images.svg", (160, 50), ["enter"], 0.0),
    ("article-images-80x24.svg", (80, 24), ["enter", "focus_reader", "pagedown"], 0.0),
    ("image-full-screen.svg", (120, 40), ["enter", "focus_reader", "v"], 0.0),
]


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(
    home: Path,
    name: str,
    size: tuple[int, int],
    keys: list[str],
    wait: float,
    out: Path,
    png: bool = False,
    site: str = "",
) -> None:
    newsroom = Newsroom.open(home)
    app = create_app(newsroom, clock=lambda: datetime(2024, 6, 28, 9, 30, tzinfo=UTC))
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for key in keys:
                if key == "focus_reader":
                    app.screen.query_one("#reader").focus()
                else:
                    await pilot.press(*(site if key == SITE else [key]))
                await settle(pilot)
            if wait:
                await pilot.pause(wait)
                await settle(pilot)
            app.save_screenshot(filename=name, path=str(out))
            if png:
                save_png(app, out / name.replace(".svg", ".png"))
    finally:
        newsroom.close()


def save_png(app, path: Path) -> None:
    """The screen as a PNG: each cell's background, "▀" half cells, text in its colour."""
    from PIL import Image, ImageDraw, ImageFont
    from rich.color import Color

    strips = app.screen._compositor.render_strips()  # what the terminal would show
    cell_w, cell_h = 8, 16
    image = Image.new("RGB", (app.size.width * cell_w, len(strips) * cell_h))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    theme = app.console.get_style("default")
    default_fg = (theme.color or Color.parse("white")).get_truecolor()
    default_bg = (theme.bgcolor or Color.parse("black")).get_truecolor()
    for y, strip in enumerate(strips):
        x = 0
        for segment in strip:
            style = segment.style
            fg = style.color.get_truecolor() if style and style.color else default_fg
            bg = style.bgcolor.get_truecolor() if style and style.bgcolor else default_bg
            if style and style.reverse:
                fg, bg = bg, fg
            for char in segment.text:
                left, top = x * cell_w, y * cell_h
                draw.rectangle((left, top, left + cell_w - 1, top + cell_h - 1), fill=tuple(bg))
                if char == "▀":
                    draw.rectangle(
                        (left, top, left + cell_w - 1, top + cell_h // 2 - 1), fill=tuple(fg)
                    )
                elif char.strip():
                    draw.text((left, top + 2), char, fill=tuple(fg), font=font)
                x += 1
    image.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--png", action="store_true", help="also write each screen as a PNG")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    template = Path(tempfile.mkdtemp(prefix="newsroom-shots-"))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(PORTAL_SITE))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        seed_demo(template / "demo")
        for name, size, keys, wait in SHOTS:
            home = template / name
            shutil.copytree(template / "demo", home)
            asyncio.run(shoot(home, name, size, keys, wait, args.out, args.png, site))
            print(args.out / name)
        from support.illustrated_home import build_illustrated_home

        illustrated = build_illustrated_home(template / "illustrated")
        for name, size, keys, wait in PICTURE_SHOTS:
            home = template / name
            shutil.copytree(illustrated, home)
            asyncio.run(shoot(home, name, size, keys, wait, args.out, args.png))
            print(args.out / name)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(template, ignore_errors=True)


if __name__ == "__main__":
    main()
