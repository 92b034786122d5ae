"""Helpers to drive the app with Pilot and read what it shows."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Let workers finish and their messages land (workers start more workers)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot, predicate, rounds: int = 200) -> None:
    """Pause until `predicate()` holds, without waiting for workers (one may be held)."""
    for _ in range(rounds):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app did not get there")


def screen_text(app: App) -> str:
    """Everything on screen as plain text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def list_lines(app: App) -> list[str]:
    headlines = app.screen.query_one("#headlines")
    height = headlines.scrollable_content_region.height
    return [headlines.render_line(y).text for y in range(height)]


def notifications(app: App) -> list[str]:
    return [n.message for n in app._notifications]


def plain(renderable, width: int = 200) -> str:
    """A Rich renderable or Textual visual as plain text, wide enough not to wrap."""
    from rich.console import Console

    console = Console(width=width, color_system=None, record=True, file=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def toasts(app: App) -> list[str]:
    from textual.widgets._toast import Toast

    return [str(toast.render()) for toast in app.screen.query(Toast)]


def sidebar_lines(app: App) -> list[str]:
    sources = app.screen.query_one("#sources")
    return [
        plain(sources.get_option_at_index(k).prompt).rstrip() for k in range(sources.option_count)
    ]
