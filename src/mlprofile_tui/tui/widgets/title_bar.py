"""The top line: the screen's title (the workload's name) and sub-title (profile, file, state).

Textual's Header updates itself through coroutine watchers scheduled on the app; on a busy
start-up they can run before its children exist (NoMatches at start-up, "never awaited" at
exit). This bar renders from the screen's reactives synchronously, so it cannot race.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; background: $panel; color: $foreground;
        text-align: center; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._changed)
        self.watch(self.screen, "sub_title", self._changed)

    def _changed(self) -> None:
        title = self.screen.title or self.app.title
        sub = self.screen.sub_title or ""
        text = Text(title, style="bold")
        if sub:
            text.append(f" — {sub}", style="not bold")
        self.update(text, layout=False)  # always one line
