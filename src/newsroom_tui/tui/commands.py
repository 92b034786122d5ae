"""The command palette (ctrl+p): every action by name, the same ids as the keys."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from newsroom_tui.i18n import _
from newsroom_tui.tui.keymap import ACTIONS, KeyAction, effective_keys, key_label


class NewsroomCommands(Provider):
    """Reading actions, plus "open link N" for each link of the open article."""

    def _commands(self) -> list[tuple[str, str, object]]:
        from newsroom_tui.tui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        keymap = getattr(self.app, "user_keymap", {})
        commands: list[tuple[str, str, object]] = []
        for action in ACTIONS:
            if not action.palette:
                continue
            commands.append(
                (
                    _(action.help),
                    self._help_for(action, keymap),
                    partial(self.app.run_action, action.action, screen),
                )
            )
        commands.append(
            (
                _("Open the selected headline"),
                "enter",
                partial(self.app.run_action, "open", screen),
            )
        )
        for number, url in enumerate(screen.reader.links, 1):
            commands.append(
                (
                    _("Open link {number}: {url}").format(number=number, url=url),
                    str(number),
                    partial(screen.reader_pane.open_link, number),
                )
            )
        return commands

    @staticmethod
    def _help_for(action: KeyAction, keymap: dict[str, str]) -> str:
        return f"{key_label(effective_keys(action, keymap))}  ·  {action.id}"

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
