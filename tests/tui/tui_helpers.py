"""Shared helpers for the TUI tests: waiting for screens and reading what the terminal shows."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pilot_waits import wait_for_screen, wait_until  # noqa: F401 (the TUI tests import them here)

from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.session import Session


def make_app(path: Path | None = None) -> MlprofileApp:
    return MlprofileApp(Session.open(path) if path is not None else None)


def screen_text(app) -> str:
    """The terminal as plain text, read back from the SVG screenshot (what a person would see)."""
    svg = app.export_screenshot()
    lines: dict[int, list[tuple[float, str]]] = {}
    for m in re.finditer(
        r'<text [^>]*x="([\d.]+)"[^>]*clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>'
        r"(.*?)</text>",
        svg,
    ):
        lines.setdefault(int(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3))))
    out = []
    for n in sorted(lines):
        row = ""
        for x, t in sorted(lines[n]):
            row = row.ljust(int(round(x / 12.2))) + t
        out.append(row.replace("\xa0", " ").rstrip())
    return "\n".join(out)


async def choose(pilot, value) -> None:
    """Move the focused choice list to ``value`` with the arrow keys and press Enter."""
    widget = pilot.app.focused
    target = widget.values.index(value)
    current = widget.highlighted or 0
    key = "down" if target > current else "up"
    await pilot.press(*([key] * abs(target - current)), "enter")
    await pilot.pause()


async def type_text(pilot, text: str, *, clear: bool = True, submit: bool = True) -> None:
    if clear:
        pilot.app.focused.value = ""
    await pilot.press(*text)
    if submit:
        await pilot.press("enter")
    await pilot.pause()


async def go(pilot, key: str) -> None:
    """Jump the interview to a question and let its input take focus."""
    await pilot.app.screen.go_to(key)
    await pilot.pause()


def shown(widget) -> str:
    """The plain text a Static shows, whatever wrapping the terminal applies."""
    content = widget.content
    return " ".join(str(getattr(content, "plain", content)).split())


def dialog_text(app) -> str:
    """Title and message of the dialog on top, unwrapped."""
    screen = app.screen
    return shown(screen.query_one(".title")) + " " + shown(screen.query_one(".message"))


def palette_first_hit(app) -> str:
    """The plain text of the command the palette has highlighted ("" while it has none)."""
    from textual.command import CommandList

    for commands in app.screen.query(CommandList):
        option = commands.highlighted_option
        if option is not None:
            return getattr(option.prompt, "plain", str(option.prompt))
    return ""


def our_textual_classes() -> list[type]:
    """Every Textual class (app, screens, dialogs, widgets) the app's package defines."""
    import importlib
    import inspect
    import pkgutil

    from textual.message_pump import MessagePump

    import mlprofile_tui.tui as tui_package

    classes = {}
    for info in pkgutil.walk_packages(tui_package.__path__, tui_package.__name__ + "."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, MessagePump)
                and obj.__module__ == module.__name__
            ):
                classes[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [classes[k] for k in sorted(classes)]


def toasts(app) -> list[str]:
    """The messages of the notifications the app shows now, oldest first."""
    return [n.message for n in app._notifications]
