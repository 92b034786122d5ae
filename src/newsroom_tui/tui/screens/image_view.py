"""An article's images full screen, in half-block cells, one at a time.

Half-blocks, not a terminal graphics protocol: Kitty's and Sixel are lost
or garbled through tmux and screen and over many SSH set-ups, which is where
our readers are, and the one Textual widget that speaks them (textual-image)
queries the terminal at import. The picture is the one the reader already
decoded; scaling to the screen happens once per size.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.app import ComposeResult
from textual.app import RenderResult as WidgetRender
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from newsroom_tui.i18n import N_
from newsroom_tui.render.images import HalfBlockPicture
from newsroom_tui.tui.widgets.keybar import KeyBar


class _Fitted:
    """A picture drawn within `rows` rows of the width it is given, centred."""

    def __init__(self, picture: HalfBlockPicture, rows: int) -> None:
        self.picture = picture
        self.rows = max(1, rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.picture.__rich_console__(
            console, options.update(height=self.rows, max_width=options.max_width)
        )


class PictureView(Widget):
    DEFAULT_CSS = """
    PictureView { height: 1fr; width: 1fr; }
    """

    def __init__(self, picture: HalfBlockPicture) -> None:
        super().__init__()
        self.picture = picture

    def render(self) -> WidgetRender:
        return _Fitted(self.picture, self.size.height)


class ImageView(ModalScreen[None]):
    """←/→ (or p/n) go through the images; escape, q or v go back to the article."""

    DEFAULT_CSS = """
    ImageView { background: $background; }
    ImageView #image-caption { height: auto; max-height: 3; padding: 0 1; }
    ImageView KeyBar { dock: bottom; }
    """

    # The descriptions are message ids, translated as the key bar draws them.
    BINDINGS = [
        Binding("escape,q,v", "close", N_("Back"), show=True),
        Binding("right,n,space", "step(1)", N_("Next image"), show=True),
        Binding("left,p", "step(-1)", N_("Previous image"), show=True),
    ]

    def __init__(self, pictures: list[tuple[HalfBlockPicture, str]], start: int = 0) -> None:
        super().__init__()
        self.pictures = pictures
        self.index = start % len(pictures)

    def compose(self) -> ComposeResult:
        picture, _caption = self.pictures[self.index]
        yield PictureView(picture)
        yield Static(self._caption(), id="image-caption", markup=False)
        yield KeyBar(id="image-keys")

    def _caption(self) -> Text:
        _picture, caption = self.pictures[self.index]
        place = f"{self.index + 1}/{len(self.pictures)}"
        return Text.assemble((place, "bold"), "  ", (caption, "italic"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.pictures)
        view = self.query_one(PictureView)
        view.picture = self.pictures[self.index][0]
        view.refresh()
        self.query_one("#image-caption", Static).update(self._caption())
