"""Command palette: every action of the screen in view, named ``"group: Action"``.

Screens list their actions in ``palette_commands()``; the provider only searches them, so a
new action appears in the palette by being added in one place, next to its key binding.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        commands = list(getattr(self.screen, "palette_commands", lambda: [])())
        commands.append(("app: Help", "How the app works and the keys (F1)", self.app.action_help))
        commands.append(
            (
                "app: Quit",
                "Asks first when there are unsaved changes (Ctrl+Q)",
                self.app.action_quit,
            )
        )
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
