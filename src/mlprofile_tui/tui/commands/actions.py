"""One table per screen drives its keys, footer labels and command-palette entries.

A screen lists ``ScreenAction``s once; ``bindings`` makes its ``BINDINGS`` and ``palette``
its palette entries, so a key, its footer label and its "group: Action" entry cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class ScreenAction:
    palette: str  # the palette entry, "group: Action…"
    action: str  # "save" runs the screen's action_save; "app.help" the app's action_help
    help: str  # palette help text and the key's tooltip
    key: str | None = None  # Textual key spec, "ctrl+s" or "escape,q"; None: palette only
    label: str | None = None  # footer and help label (default: the palette entry's action part)
    show: bool = True  # in the footer
    id: str | None = None  # binding id (default: the action name with dashes)
    priority: bool = False
    narrow: bool = True  # in the footer below 100 columns too (False: F1 and palette only)

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.label or self.palette.split(": ", 1)[-1],
            show=self.show,
            id=self.id or self.action.replace("_", "-").replace(".", "-"),
            tooltip=self.help,
            priority=self.priority,
        )

    @property
    def palette_help(self) -> str:
        return f"{self.help} ({key_label(self.key)})" if self.key else self.help

    def callback(self, node) -> Callable:
        target, _, name = self.action.rpartition(".")
        owner = node.app if target == "app" else node
        return getattr(owner, f"action_{name}")


def key_label(key: str) -> str:
    """``ctrl+s`` → ``Ctrl+S``, ``f5`` → ``F5``, ``escape,q`` → ``Escape``; single letters stay."""
    first = key.split(",")[0]
    if len(first) == 1:
        return first
    return "+".join(
        p.upper() if len(p) == 1 or (p[0] == "f" and p[1:].isdigit()) else p.capitalize()
        for p in first.split("+")
    )


def bindings(actions: Iterable[ScreenAction]) -> list[Binding]:
    return [a.binding() for a in actions if a.key]


def palette(node, actions: Iterable[ScreenAction]) -> list[tuple[str, str, Callable]]:
    return [(a.palette, a.palette_help, a.callback(node)) for a in actions]
