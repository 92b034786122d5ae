"""Drive the app with Pilot and read what a user sees.

Every Pilot test reads the screen through these helpers: the text of the whole
screen or of one pane's region (taken from the app's own SVG screenshot, the
public `export_screenshot`), the row drawn under the headline cursor, and the
messages the app posted (notifications among them), recorded by `drive`'s
message hook. No test reads a pane's attributes or a private Textual name.
"""

from __future__ import annotations

import html
import re
import weakref
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widget import Widget

M = TypeVar("M", bound=Message)

# Rich's SVG export places each run of text at x = column * char_width on the
# clip path of its line; char_width is its fixed 20 px * 0.61 aspect ratio.
SVG_CHAR_WIDTH = 20 * 0.61
SVG_LINE_HEIGHT = 20 * 1.22
SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>'
)
SVG_RUN = re.compile(
    r'<text class="[^"]*?-(r\d+)" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)
SVG_CLASS = re.compile(r"\.[\w-]+?-(r\d+) \{ ([^}]*) \}")
SVG_RECT = re.compile(r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"')


class MessageRecorder:
    """Every message the app dispatched, in order (the `message_hook` of run_test)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        self.messages.append(message)


_recorders: weakref.WeakKeyDictionary[App[Any], MessageRecorder] = weakref.WeakKeyDictionary()


def drive(
    app: App[Any], size: tuple[int, int] = (80, 24), **options: bool
) -> AbstractAsyncContextManager[Pilot]:
    """`app.run_test` (options such as notifications=True, tooltips=True) that records
    what the app posts (see `posted`)."""
    recorder = MessageRecorder()
    _recorders[app] = recorder
    return app.run_test(size=size, message_hook=recorder, **options)


def posted(app: App[Any], kind: type[M]) -> list[M]:
    """The messages of one kind the app dispatched since `drive` started it."""
    return [m for m in _recorders[app].messages if isinstance(m, kind)]


def notifications(app: App[Any], severity: str | None = None) -> list[str]:
    """Every notification the app showed (of one severity if given), oldest first."""
    return [
        n.notification.message
        for n in posted(app, Notify)
        if severity is None or n.notification.severity == severity
    ]


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Let workers finish and their messages land (workers start more workers)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot: Pilot, predicate: Callable[[], object], rounds: int = 200) -> None:
    """Pause until `predicate()` holds, without waiting for workers (one may be held)."""
    for _ in range(rounds):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app did not get there")


def styled_runs(app: App[Any], selector: str) -> list[tuple[str, str]]:
    """The runs of text drawn inside one widget with the CSS the screenshot paints
    them in ("fill: #e0e0e0;font-weight: bold"), left to right, top to bottom."""
    svg = app.export_screenshot()
    css = dict(SVG_CLASS.findall(svg))
    region = app.screen.query_one(selector).scrollable_content_region
    runs = []
    for name, x, line, run in SVG_RUN.findall(svg):
        column, row = round(float(x) / SVG_CHAR_WIDTH), int(line)
        if region.y <= row < region.bottom and region.x <= column < region.right:
            runs.append((html.unescape(run).replace("\xa0", " "), css.get(name, "")))
    return runs


def screen_cells(app: App[Any]) -> list[list[str]]:
    """The screen as rows of cells (a wide character fills its cell and an empty one)."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, run in SVG_TEXT.findall(app.export_screenshot()):
        row = rows[int(line)]
        column = round(float(x) / SVG_CHAR_WIDTH)
        for char in html.unescape(run).replace("\xa0", " "):
            cells = cell_len(char)
            if cells == 0 and column > 0:
                row[column - 1] += char  # a combining mark joins the cell before it
                continue
            if column < width:
                row[column] = char
            if cells == 2 and column + 1 < width:
                row[column + 1] = ""
            column += cells
    return rows


def region_lines(app: App[Any], region: Region) -> list[str]:
    """The text drawn in one region of the screen, one string per row."""
    rows = screen_cells(app)[region.y : region.bottom]
    return ["".join(row[region.x : region.right]) for row in rows]


def screen_text(app: App[Any]) -> str:
    """Everything on screen as plain text, one line per row."""
    return "\n".join("".join(row).rstrip() for row in screen_cells(app))


def pane_text(app: App[Any], selector: str | Widget) -> str:
    """The text a user sees inside one widget (its region of the screen, scroll bars left out)."""
    widget = app.screen.query_one(selector) if isinstance(selector, str) else selector
    region = widget.scrollable_content_region
    return "\n".join(line.rstrip() for line in region_lines(app, region))


def list_lines(app: App[Any]) -> list[str]:
    """The headline rows on screen, top to bottom, each as wide as the list (blank rows
    under a short list dropped)."""
    lines = region_lines(app, app.screen.query_one("#headlines").scrollable_content_region)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def sidebar_lines(app: App[Any]) -> list[str]:
    """The sources pane's rows as shown."""
    return [line for line in pane_text(app, "#sources").splitlines() if line.strip()]


def cursor_line(app: App[Any], selector: str = "#headlines") -> str:
    """The row painted in the widget's cursor colour, as text ("" when none is).

    Read from the screenshot's cell backgrounds: the row whose cells across
    most of the widget carry the cursor's background (focused or not).
    """
    widget = app.screen.query_one(selector)
    region = widget.scrollable_content_region
    colours = set()
    # A widget's own component classes and those it inherits (OptionList's highlight).
    names = set().union(*(vars(kind).get("COMPONENT_CLASSES", ()) for kind in type(widget).__mro__))
    for name in names:
        if "cursor" in name or "highlighted" in name:
            background = widget.get_component_rich_style(name).bgcolor
            if background is not None:
                colours.add(background.get_truecolor().hex.lower())
    painted: dict[int, int] = {}
    for fill, x, y, width in SVG_RECT.findall(app.export_screenshot()):
        row = round((float(y) - 1.5) / SVG_LINE_HEIGHT)
        column = round(float(x) / SVG_CHAR_WIDTH)
        if fill.lower() in colours and region.y <= row < region.bottom and column >= region.x:
            painted[row] = painted.get(row, 0) + round(float(width) / SVG_CHAR_WIDTH)
    rows = [row for row, cells in painted.items() if cells * 2 > region.width]
    if not rows:
        return ""
    [row] = rows
    return region_lines(app, Region(region.x, row, region.width, 1))[0]


def focused(app: App[Any]) -> str | None:
    """The id of the widget that has the keyboard (the pane a user's keys go to)."""
    return app.focused.id if app.focused is not None else None


async def cursor_to(pilot: Pilot, text: str, selector: str = "#headlines") -> None:
    """Move a list's cursor with the keys, from the top, until its row shows `text`."""
    app = pilot.app
    app.screen.query_one(selector).focus()
    await pilot.press("home")
    await pilot.pause()
    previous = None
    for _ in range(1_000):
        line = cursor_line(app, selector)
        if text in line:
            return
        if line == previous:
            raise AssertionError(f"no row of {selector} shows {text!r}")
        previous = line
        await pilot.press("down")
        await pilot.pause()
    raise AssertionError(f"no row of {selector} shows {text!r}")


async def select_source(pilot: Pilot, label: str) -> None:
    """Choose a source in the sources pane by its label, as a user does (keys, then enter)."""
    await cursor_to(pilot, label, "#sources")
    await pilot.press("enter")
    await settle(pilot)


def pane_title(app: App[Any]) -> str:
    """The headline pane's title line ("All · 9 items, 9 unread · by date")."""
    return pane_text(app, "#headlines-title").strip()


def reader_text(app: App[Any]) -> str:
    """The article as the reader pane shows it (its visible lines)."""
    return pane_text(app, "#reader")


def toasts(app: App[Any]) -> list[str]:
    """The notifications on screen now, each on one line (a toast wraps long text)."""
    return [" ".join(pane_text(app, toast).split()) for toast in app.screen.query("Toast")]
