"""Operations on the workload itself rather than on one answer: its name, owner and notes, and
renaming or deleting a target or a dated snapshot.

Each is a dialog, then one call to the session (``core.document`` makes the edit and checks
it; the core's rules say what may be renamed or deleted, and the dialogs show those same
messages before anything changes). Like every edit, it stays in memory until Ctrl+S.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from ...core.editing import delete_problem, rename_problem, workload_name_problem
from ...core.errors import MlprofileError
from ...core.model import CURRENT
from .dialogs import DIALOG_CSS, ChoiceDialog, Dialog, TextDialog

if TYPE_CHECKING:
    from .workload import WorkloadScreen


class DetailsDialog(Dialog):
    """The workload's name, owner and notes. Returns ``(name, owner, notes)``, None on cancel."""

    DEFAULT_CSS = DIALOG_CSS.format(cls="DetailsDialog")

    def __init__(self, name: str, owner: str, notes: str) -> None:
        super().__init__()
        self.initial = (name, owner, notes)

    def compose(self):
        name, owner, notes = self.initial
        with Vertical():
            yield Label("Workload details", classes="title")
            yield Label("Name")
            yield Input(name, id="name", placeholder="e.g. Card fraud scorer")
            yield Label("Owner (team or person)")
            yield Input(owner, id="owner", placeholder="e.g. payments-risk-ml")
            yield Label("Notes")
            yield TextArea(notes, id="notes", soft_wrap=True)
            yield Static(classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save details", id="ok", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#name").focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Changed, "#name")
    def _clear_error(self) -> None:
        self.query_one("#error", Static).update("")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "ok":
            self.dismiss(None)
            return
        name = self.query_one("#name", Input).value
        problem = workload_name_problem(name)
        if problem:
            self.query_one("#error", Static).update(Text(problem.capitalize() + "."))
            self.query_one("#name").focus()
            return
        self.dismiss(
            (
                name.strip(),
                self.query_one("#owner", Input).value.strip(),
                self.query_one("#notes", TextArea).text,
            )
        )


async def edit_details(screen: WorkloadScreen) -> None:
    s = screen.session
    w = s.workload
    result = await screen.app.push_screen_wait(DetailsDialog(w.name, w.owner, w.notes))
    if result is None:
        return
    name, owner, notes = result
    if (name, owner, notes.strip("\n").rstrip()) == (w.name, w.owner, w.notes):
        return
    try:
        s.set_details(name=name, owner=owner, notes=notes)
    except MlprofileError as e:
        screen.notify(e.message, severity="error", title="Not changed", markup=False)
        return
    screen.after_structure_change()
    screen.notify("Name, owner and notes are changed; Ctrl+S saves them.", title="Details")


async def rename_profile(screen: WorkloadScreen) -> None:
    s = screen.session
    old = s.profile
    if old == CURRENT:  # the core's own words for why
        problem = rename_problem(s.workload, old, old) or ""
        screen.notify(problem, severity="warning", title="Cannot rename", markup=False)
        return

    def check(new: str) -> str | None:
        return rename_problem(s.workload, old, new)

    followers = [t.name for t in s.workload.targets() if t.based_on == old]
    message = f"A new name for {old!r}."
    if followers:
        message += f" The targets based on it ({', '.join(followers)}) follow the new name."
    new = await screen.app.push_screen_wait(
        TextDialog(
            f"Rename {old!r}",
            Text(message),
            initial=old,
            ok_label="Rename",
            check=check,
        )
    )
    if not new:
        return
    try:
        s.rename_profile(old, new)
    except MlprofileError as e:
        screen.notify(e.message, severity="error", title="Not renamed", markup=False)
        return
    screen.after_structure_change()
    screen.notify(f"{old!r} is now {new!r}; Ctrl+S saves it.", title="Renamed", markup=False)


async def delete_profile(screen: WorkloadScreen) -> None:
    s = screen.session
    name = s.profile
    problem = delete_problem(s.workload, name)
    if problem:
        screen.notify(problem, severity="warning", title="Cannot delete", markup=False)
        return
    p = s.current
    what = (
        f"target {name!r} (based on {p.based_on!r}) and its {len(p.values)} own answers"
        if p.is_target
        else f"snapshot {name!r} of {(p.taken or '')[:10]}"
    )
    choice = await screen.app.push_screen_wait(
        ChoiceDialog(
            "Delete this profile?",
            Text(f"Delete the {what}? Until you save, Reload from disk brings it back."),
            [("delete", "Delete", "error"), ("cancel", "Cancel", "default")],
        )
    )
    if choice != "delete":
        return
    try:
        s.delete_profile(name)
    except MlprofileError as e:
        screen.notify(e.message, severity="error", title="Not deleted", markup=False)
        return
    await screen.switch_profile(s.profile)
    screen.schedule_recovery()
    screen.notify(f"Deleted {name!r}; Ctrl+S saves it.", title="Deleted", markup=False)
