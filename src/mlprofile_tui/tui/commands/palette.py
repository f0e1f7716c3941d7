"""Command palette: every action of the screen in view, named ``"group: Action"``.

Screens list their actions in ``palette_commands()``; the provider only searches them, so a
new action appears in the palette by being added in one place, next to its key binding.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher


def highlighted(matcher: Matcher, title: str) -> Content:
    """``title`` as plain text (it quotes profile names and rubric text, never markup) with
    the letters the query matched highlighted, as ``Matcher.highlight`` does for markup."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if score:
        for offset in offsets:
            if not title[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


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
            # Content, not str: the palette reads a str prompt or help as markup
            yield DiscoveryHit(Content(title), callback, text=title, help=Content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, title),
                    callback,
                    text=title,
                    help=Content(help_text),
                )
