"""Small modal dialogs. Each returns its answer through ``dismiss``; Escape always cancels."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

# At 80x24 a dialog may not fit: it scrolls, and Tab brings the buttons into view.
DIALOG_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: 72; max-width: 95%; height: auto; max-height: 95%;
    border: thick $primary 60%; background: $surface; padding: 1 2; overflow-y: auto; }}
{cls} .title {{ text-style: bold; width: 1fr; margin-bottom: 1; }}
{cls} .message {{ height: auto; margin-bottom: 1; }}
{cls} .error {{ color: $error; height: auto; }}
{cls} Horizontal.buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{cls} Horizontal.buttons Button {{ margin-left: 1; min-width: 10; }}
{cls} TextArea {{ height: 5; }}
{cls} OptionList {{ height: auto; max-height: 16; }}
"""


def plain(text: str | Text) -> Text:
    """Text shown as it is: titles, messages and errors quote file paths, names, values and
    what people typed, and a str would be read as markup (``[workload]`` would vanish)."""
    return text if isinstance(text, Text) else Text(text)


class Dialog(ModalScreen):
    """A modal that answers once, through ``dismiss``; Escape cancels (answers None).

    Escape, a button and a worker finishing may all try to answer: only the first does. A
    second ``dismiss`` would pop whatever screen is on top by then, the workload screen under
    the dialog included, so it is dropped.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]
    answered = False  # True once dismissed: work still running must not touch the dialog

    def action_cancel(self) -> None:
        self.dismiss(None)

    def dismiss(self, result=None) -> AwaitComplete:
        if self.answered or not self.is_active:  # answered already, or not the top screen
            return AwaitComplete.nothing()
        self.answered = True
        self.stop_work()
        return super().dismiss(result)

    def stop_work(self) -> None:
        """Stop work the dialog started (it answers before that work ends)."""


class ChoiceDialog(Dialog):
    """A question with a few labelled answers (buttons). Returns the chosen id, None on Escape."""

    DEFAULT_CSS = DIALOG_CSS.format(cls="ChoiceDialog")

    def __init__(
        self, title: str, message: str | Text, choices: list[tuple[str, str, str]]
    ) -> None:
        """``choices``: (id, label, variant) with variant one of default/primary/error/warning."""
        super().__init__()
        self.title_text, self.message, self.choices = title, message, choices

    def compose(self):
        with Vertical():
            yield Label(plain(self.title_text), classes="title")
            yield Static(plain(self.message), classes="message")
            with Horizontal(classes="buttons"):
                for cid, label, variant in self.choices:
                    yield Button(label, id=f"choice-{cid}", variant=variant)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("choice-"))


class TextDialog(Dialog):
    """One line (Input) or several (TextArea) of text, checked by ``check`` before it is accepted.

    Returns the text, ``None`` on cancel, or ``DEFER`` when ``defer_label`` is given and chosen.
    """

    DEFAULT_CSS = DIALOG_CSS.format(cls="TextDialog")
    DEFER = "\x00defer"

    def __init__(
        self,
        title: str,
        message: str | Text,
        *,
        initial: str = "",
        placeholder: str = "",
        multiline: bool = False,
        ok_label: str = "OK",
        cancel_label: str = "Cancel",
        defer_label: str | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text, self.message = title, message
        self.initial, self.placeholder, self.multiline = initial, placeholder, multiline
        self.ok_label, self.defer_label, self.check = ok_label, defer_label, check
        self.cancel_label = cancel_label

    def compose(self):
        with Vertical():
            yield Label(plain(self.title_text), classes="title")
            yield Static(plain(self.message), classes="message")
            if self.multiline:
                yield TextArea(
                    self.initial, soft_wrap=True, id="text", placeholder=self.placeholder
                )
            else:
                yield Input(self.initial, placeholder=self.placeholder, id="text")
            yield Static(classes="error", id="error")
            with Horizontal(classes="buttons"):
                if self.defer_label:
                    yield Button(self.defer_label, id="defer")
                yield Button(self.cancel_label, id="cancel")
                yield Button(self.ok_label, id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    @property
    def text(self) -> str:
        w = self.query_one("#text")
        return w.text if isinstance(w, TextArea) else w.value

    @on(Input.Submitted, "#text")
    def _submitted(self) -> None:
        self._ok()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._ok()
        elif event.button.id == "defer":
            self.dismiss(self.DEFER)
        else:
            self.dismiss(None)

    def _ok(self) -> None:
        text = self.text.strip()
        problem = self.check(text) if self.check else None
        if problem:
            self.query_one("#error", Static).update(plain(problem))
            self.query_one("#text").focus()  # straight back to fixing it
            return
        self.dismiss(text)


class SubmittingTextArea(TextArea):
    """A TextArea where Enter submits, like a one-line field: the text wraps on screen and
    a short rationale needs no line breaks (Ctrl+J still breaks a line)."""

    class Submitted(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        if event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)


class BranchDialog(Dialog):
    """Name a new target and say why it is worth aiming for. Returns (name, rationale).

    Enter in the name moves on to the rationale (or branches when it is written already);
    Enter in the rationale branches. An error goes away as soon as the field it is about is
    fixed."""

    DEFAULT_CSS = DIALOG_CSS.format(cls="BranchDialog")

    def __init__(self, base: str, check_name: Callable[[str], str | None]) -> None:
        super().__init__()
        self.base, self.check_name = base, check_name

    def compose(self):
        with Vertical():
            yield Label(plain(f"Branch a target from '{self.base}'"), classes="title")
            yield Static(
                "A target stores only what it changes from its base, each change with "
                "its own rationale. Name it after the idea: serverless, graviton, "
                "multi-model-r5.",
                classes="message",
            )
            yield Label("Name")
            yield Input(placeholder="e.g. serverless", id="name")
            yield Label("Why is this the profile to aim for? (overall rationale)")
            yield SubmittingTextArea(
                soft_wrap=True,
                id="rationale",
                placeholder="e.g. Cut idle cost: traffic is spiky and tolerates 1 s cold starts.",
            )
            yield Static(classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Branch", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    def _problem(self) -> str | None:
        problem = self.check_name(self.query_one("#name", Input).value.strip())
        if not problem and not self.query_one("#rationale", TextArea).text.strip():
            problem = "Write the rationale: why is this the profile to aim for?"
        return problem

    @on(Input.Submitted, "#name")
    def _name_entered(self) -> None:
        name_problem = self.check_name(self.query_one("#name", Input).value.strip())
        if not name_problem and self.query_one("#rationale", TextArea).text.strip():
            self._submit()
        elif name_problem:
            self.query_one("#error", Static).update(name_problem)
        else:
            self.query_one("#rationale").focus()

    @on(SubmittingTextArea.Submitted)
    def _rationale_entered(self) -> None:
        self._submit()

    @on(Input.Changed, "#name")
    @on(TextArea.Changed, "#rationale")
    def _edited(self) -> None:
        error = self.query_one("#error", Static)
        shown = str(error.content)
        if shown and shown != self._problem():  # fixed: the next problem waits for Enter
            error.update("")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "ok":
            self.dismiss(None)
            return
        self._submit()

    def _submit(self) -> None:
        problem = self._problem()
        if problem:
            self.query_one("#error", Static).update(plain(problem))
            return
        name = self.query_one("#name", Input).value.strip()
        self.dismiss((name, self.query_one("#rationale", TextArea).text.strip()))


class PickDialog(Dialog):
    """Choose one item from a list. Returns its id."""

    DEFAULT_CSS = DIALOG_CSS.format(cls="PickDialog")

    def __init__(self, title: str, items: list[tuple[str, str | Text]], message: str = "") -> None:
        super().__init__()
        self.title_text, self.items, self.message = title, items, message

    def compose(self):
        with Vertical():
            yield Label(plain(self.title_text), classes="title")
            if self.message:
                yield Static(plain(self.message), classes="message")
            yield OptionList(
                *(Option(plain(label), id=item_id) for item_id, label in self.items), id="pick"
            )

    def on_mount(self) -> None:
        self.query_one("#pick").focus()

    @on(OptionList.OptionSelected, "#pick")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
