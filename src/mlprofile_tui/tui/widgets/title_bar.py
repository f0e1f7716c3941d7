"""The top line: the screen's title (the workload's name) and sub-title (profile, file, state).

A one-line Static instead of Textual's Header: it renders straight from the screen's
``title``/``sub_title`` reactives with a synchronous watcher and never asks for a relayout,
so the per-answer sub-title change ("● unsaved") costs next to nothing.
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
