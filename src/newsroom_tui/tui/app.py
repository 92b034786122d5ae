"""The reader: a three-pane Textual app over the newsroom service.

`create_app` builds it the same way for the command line, the tests and
the screenshot script.
"""

from __future__ import annotations

import gc

# Textual and the screens make tens of thousands of objects (modules, classes,
# functions) that live as long as the process. Collecting while they are made
# frees nothing, nor does any later full collection that walks them again:
# ~20 ms at import, ~35 ms at the first layout. So the collector waits for
# these imports, then gc.freeze() sets everything made so far aside for good
# (refcounting still frees it). An import runs once per process.
_collecting = gc.isenabled()
gc.disable()
try:
    from collections.abc import Callable
    from datetime import UTC, datetime

    from textual.app import App

    from newsroom_tui.i18n import _, set_language
    from newsroom_tui.query.lists import ViewSpec
    from newsroom_tui.service import Newsroom
    from newsroom_tui.tui.backend import Backend, FirstScreen
    from newsroom_tui.tui.commands import NewsroomCommands
    from newsroom_tui.tui.keymap import keymap_from_config, shadowed_keys
    from newsroom_tui.tui.screens.main import MainScreen
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

Clock = Callable[[], datetime]

THEMES = {"dark": "textual-dark", "light": "textual-light"}


class NewsroomApp(App[int]):
    CSS_PATH = "newsroom.tcss"
    TITLE = "newsroom"
    COMMANDS = App.COMMANDS | {NewsroomCommands}

    def __init__(self, newsroom: Newsroom, *, clock: Clock | None = None) -> None:
        # Nor any collection until the first frames are shown: they would walk
        # the UI being built (~15 ms at start-up) and find nothing to free.
        self._gc_paused = gc.isenabled()
        gc.disable()
        try:
            super().__init__()
            display = newsroom.config.display
            set_language(display.language)
            self.newsroom = newsroom
            self.backend = Backend(newsroom)
            self.clock: Clock = clock or (lambda: datetime.now(UTC))
            self.user_keymap, self._unknown_actions = keymap_from_config(newsroom.config.keys)
            self._shadowed_keys = shadowed_keys(newsroom.config.keys)
            self.set_keymap(self.user_keymap)
            self.theme = THEMES.get(display.theme, "textual-dark")
            # Read before the event loop starts (nothing to freeze yet), so the first
            # frame shows headlines; everything after this runs in workers.
            self._first_screen: FirstScreen | None = self.backend.first_screen(ViewSpec())
        except BaseException:
            self._resume_gc()  # no app will mount to do it
            raise

    def get_default_screen(self) -> MainScreen:
        first, self._first_screen = self._first_screen, None
        return MainScreen(self.backend, clock=self.clock, keymap=self.user_keymap, first=first)

    def on_mount(self) -> None:
        self.screen.call_after_refresh(self._resume_gc)  # once the first frames are out
        for line in self._shadowed_keys:
            self.notify(line, severity="warning", markup=False)
        if self._unknown_actions:
            self.notify(
                _("Unknown action ids in the config's [keys]: {ids}").format(
                    ids=", ".join(self._unknown_actions)
                ),
                severity="warning",
                markup=False,
            )

    def on_unmount(self) -> None:
        self._resume_gc()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()


def create_app(newsroom: Newsroom, *, clock: Clock | None = None) -> NewsroomApp:
    """The app for `newsroom` (the CLI, tests and screenshots all build it here)."""
    return NewsroomApp(newsroom, clock=clock)
