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

    def on_resize(self) -> None:
        self._changed()

    def _changed(self) -> None:
        title = self.screen.title or self.app.title
        sub = self.screen.sub_title or ""
        self.update(fit_title(title, sub, self.size.width or 80), layout=False)  # one line


def fit_title(title: str, sub_title: str, width: int) -> Text:
    """``title — part · part · part`` in ``width`` cells: the sub-title's parts go from the
    last, so a screen puts first what must stay in sight (the file, the unsaved marker); the
    title itself is cut (…) only when no part is left."""
    parts = [p for p in sub_title.split(" · ") if p]
    while parts and len(title) + 3 + len(" · ".join(parts)) > width:
        parts.pop()
    text = Text(title, style="bold", no_wrap=True, overflow="ellipsis")
    if parts:
        text.append(" — " + " · ".join(parts), style="not bold")
    text.truncate(width, overflow="ellipsis")
    return text
