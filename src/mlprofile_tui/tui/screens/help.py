"""F1: how the app works, the keys of the screen underneath, and the current question's help."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

GUIDE = """\
# How mlprofile works

A **profile** records how an ML workload is built, deployed, fed and paid for. Every answer
is scored against the rubric into a maturity level, **L0 Below baseline** to **L4 Scalable**.
A group's level is its weakest gating answer; the overall level is the weakest group. The
score bar moves with every answer even when the level does not.

- **Snapshots** are dated copies of the current state: the history of maturity.
- **Targets** branch from a profile, store only what they change, and explain each change.
- **Unknown** (F2) is an honest final answer: it scores L0 but shows what resolving it could
  reach (the *optimistic level*). **Not applicable** (F3) needs a reason and is left out.
- A number may be typed **approximately** (`~400`, `about 2 s`, `400ish`): it is kept as an
  estimate. The **Provenance** control under it (Tab, then ←/→) says where it came from;
  *measured* asks for the metric, report or ARN it was read from.
- Nothing is written until **Ctrl+S**. A recovery copy follows every change, and is offered
  back if the app is killed. A file changed on disk is never overwritten.
- **Ctrl+P** opens the command palette: every action is there.
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help", id="help-close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 90%;
        border: thick $primary 60%; background: $surface; padding: 0 1; }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self):
        with VerticalScroll():
            yield Markdown(self.text())

    def text(self) -> str:
        """Markdown: the keys of the screen and the app first (what a newcomer looks for),
        then the question in view, how the app works, and last the other keys (Tab, an
        input's editing keys), where they do not bury the app's own. The app's keys are the
        bindings with an id (every ``ScreenAction`` has one)."""
        screen: list[str] = []
        app: list[str] = []
        field: list[str] = []
        # every_binding: a narrow footer leaves keys out; help lists them all
        shown = getattr(self.under, "every_binding", None) or self.under.active_bindings
        for active in shown.values():
            b = active.binding
            if not b.description or b.system:
                continue
            row = f"| `{self.app.get_key_display(b)}` | {b.description} | {b.tooltip or ''} |"
            if b.id is None or active.node not in (self.under, self.app):
                field.append(row)  # Textual's own (Tab) and the focused field's keys
            elif active.node is self.under:
                screen.append(row)
            else:
                app.append(row)
        table = "| key | action | |\n|---|---|---|\n"
        text = "# Keys here\n\n" + table + "\n".join(dict.fromkeys(screen + app)) + "\n"
        text += "\n`Ctrl+P` opens the command palette: every action, by name.\n"
        session = getattr(self.under, "session", None)
        key = getattr(self.under, "key", None)
        if session is not None and key:
            ch = session.rubric.get(key)
            text += f"\n# This question: `{ch.key}`\n\n**{ch.question}**\n\n{ch.help.strip()}\n"
        text += "\n" + GUIDE
        if field:
            text += "\n# Other keys\n\n" + table + "\n".join(dict.fromkeys(field))
        return text + "\n"
