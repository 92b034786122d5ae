"""Small dialogs: a one-line text prompt and a yes/no question.

Both take their words as plain text: a saved search's name or a note may
come from anywhere, so nothing here is read as markup.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newsroom_tui.i18n import N_, _
from newsroom_tui.tui.widgets.keybar import KeyBar


class TextPrompt(ModalScreen[str | None], inherit_bindings=False):
    """Asks for one line of text: enter gives it, esc gives None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), show=True)]

    def __init__(self, title: str, label: str, value: str = "", *, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="dialog") as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = Content(_("enter to save · esc to cancel"))
            yield Static(Content(self.label), id="prompt-label")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one("#prompt-input", Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool], inherit_bindings=False):
    """A yes/no question: y or enter says yes; n or esc says no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Yes"), show=True),
        Binding("n,escape", "answer(False)", N_("No"), show=True),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = Content(_("y: yes · n: no"))
            yield Static(Content(self.question), id="confirm-question")
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
