"""The interview's centre: progress, the question in plain words, its input, and the help."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import Group as RichGroup
from rich.text import Text
from textual import on
from textual.containers import Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.message import Message
from textual.widgets import Input, OptionList, Static

from ...core.answers import Answer, State
from ...core.errors import ValueProblem
from ...core.rubric import Characteristic, Rubric
from ...core.values import InputKind, display, input_kind, parse_input
from ..messages import ValueSubmitted
from .answer_inputs import ChoiceInput, ValueInput, inputs_for, preview
from .provenance import ProvenanceField

STATE_STYLE = {State.UNKNOWN: "yellow", State.NOT_APPLICABLE: "cyan", State.UNANSWERED: "dim"}
KEYS = {
    InputKind.CHOICE: "↑↓ choose · Enter accepts · F2 unknown · F3 not applicable",
    InputKind.MULTI: "↑↓ move · Space toggles · Enter accepts · F2 unknown · F3 n/a",
    InputKind.MATRIX: "Each row edit is accepted at once · Ctrl+N next question",
    InputKind.TEXT: "Type a value · Enter accepts · F2 unknown · F3 not applicable",
}
"""The keys of each input kind, shown under the input until something is typed."""


@dataclass(frozen=True)
class QuestionContext:
    """Everything the view shows besides the question itself; built by the screen."""

    answer: Answer
    position: int  # 1-based among the questions skip logic asks
    total: int
    group_title: str
    group_position: int  # 1-based index of the question within its group
    group_total: int
    group_index: int
    group_count: int
    editable: bool
    profile: str
    base: str | None = None  # a target's base profile
    base_answer: Answer | None = None
    changed: bool = False
    rationale: str | None = None


def thresholds_text(rubric: Rubric, ch: Characteristic) -> str:
    """The bands of a numeric maturity or fit characteristic, e.g. ``L3 <= 100 ms``."""
    if not ch.thresholds:
        return ""
    cmp = "<=" if ch.direction == "lower" else ">="
    if ch.kind == "fit":
        bands = ", ".join(f"{rubric.level(r).id} {cmp} {b:g}x" for r, b in ch.thresholds)
        return f"Levels (measured against {ch.requirement}): {bands}"
    from ...core.values import display_value

    bands = ", ".join(
        f"{rubric.level(r).id} {cmp} {display_value(ch, b)}" for r, b in ch.thresholds
    )
    return f"Levels: {bands}"


_LABEL = re.compile(r"^(?:[A-Z][A-Za-z ,'/-]{2,40}:|[-*•] )")


def reflow(text: str) -> str:
    """Rubric help is wrapped for the TOML file; let the terminal wrap it instead. A line that
    starts with a label ("How to find it:") or a bullet starts a new paragraph."""
    paragraphs: list[str] = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            paragraphs.append("")
        elif paragraphs and paragraphs[-1] and not _LABEL.match(line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return "\n".join(p for p in paragraphs if p)


class HelpBox(VerticalScroll):
    class Ready(Message):
        """Mounted (lazily, after the first frame): time to fill in the help text."""

    def on_mount(self) -> None:
        self.post_message(self.Ready())


class QuestionView(Vertical):
    DEFAULT_CSS = """
    QuestionView { height: 1fr; padding: 0 1; }
    QuestionView #progress { color: $text-muted; height: 1; }
    QuestionView #question { text-style: bold; margin: 1 0 0 0; height: auto; }
    QuestionView #answer-state { height: auto; margin-bottom: 1; }
    QuestionView #input-slot { height: auto; }
    QuestionView #status { height: auto; min-height: 1; margin-top: 1; }
    QuestionView #help-box { height: 1fr; min-height: 4; border: round $primary 40%;
        border-title-color: $text-muted; padding: 0 1; margin-top: 1; }
    """

    def __init__(
        self, rubric: Rubric, first: tuple[Characteristic, QuestionContext] | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.rubric = rubric
        self.ch: Characteristic | None = None
        self._first = first  # composed in place, so the first frame is already complete

    def compose(self):
        yield Static(id="progress")
        yield Static(id="question")
        yield Static(id="answer-state")
        with Vertical(id="input-slot"):
            if self._first is not None:
                ch, ctx = self._first
                for widget in inputs_for(self.rubric, ch, ctx.answer):
                    widget.disabled = not ctx.editable
                    yield widget
        yield Static(id="status")
        # The help text is long: it mounts just after the first frame (Lazy).
        yield Lazy(HelpBox(Static(id="help"), id="help-box"))

    def on_mount(self) -> None:
        if self._first is not None:
            ch, ctx = self._first
            self._first = None
            self.fill(ch, ctx)
            widget = self.query_one("#answer-input")
            if ctx.editable:
                widget.focus()

    async def show(self, ch: Characteristic, ctx: QuestionContext, *, focus: bool = True) -> None:
        slot = self.query_one("#input-slot", Vertical)
        await slot.remove_children()
        focused = self.screen.focused
        if focused is not None and not focused.is_attached:
            # A deferred ``focus()`` of the input just removed (asked for by the question
            # before, a moment ago) can land while it is on its way out; focus left on a
            # detached widget sends no key anywhere, and the app looks hung.
            self.screen.set_focus(None)
        widgets = inputs_for(self.rubric, ch, ctx.answer)
        for widget in widgets:
            widget.disabled = not ctx.editable
        await slot.mount_all(widgets)
        self.fill(ch, ctx)
        if focus and ctx.editable:
            widgets[0].focus()  # its own focus(): the matrix editor passes it to a field

    def fill(self, ch: Characteristic, ctx: QuestionContext) -> None:
        """Everything but the input: progress, question, answer state, hint and help."""
        self.ch = ch
        self.query_one("#progress", Static).update(
            Text.assemble(
                (f"{ctx.group_title} {ctx.group_position}/{ctx.group_total}", "bold"),
                f" · group {ctx.group_index}/{ctx.group_count}",
                f" · {ctx.position}/{ctx.total} overall",
                (f" · {ctx.profile}", "magenta"),
            )
        )
        kind = {
            "maturity": "scored",
            "fit": "scored against a requirement",
            "descriptive": "recorded, not scored",
        }[ch.kind]
        self.query_one("#question", Static).update(
            Text(ch.question) + Text(f"   {ch.key} · {kind}", style="dim not bold")
        )
        self.query_one("#answer-state", Static).update(self._answer_state(ch, ctx))
        self._hint(ctx)
        self._show_help()

    def _show_help(self) -> None:
        ch = self.ch
        for box in self.query("#help-box"):  # absent until the lazy help box mounts
            box.border_title = "Why it matters · how to find it"
            help_text = Text(reflow(ch.help))
            extra = [
                t
                for t in (
                    thresholds_text(self.rubric, ch),
                    f"Where AWS holds it: {ch.aws}" if ch.aws else "",
                )
                if t
            ]
            box.query_one("#help", Static).update(
                RichGroup(help_text, *(Text("\n" + t, style="italic") for t in extra))
            )

    @on(HelpBox.Ready)
    def _help_mounted(self) -> None:
        if self.ch is not None:
            self._show_help()

    def _answer_state(self, ch: Characteristic, ctx: QuestionContext) -> Text:
        a = ctx.answer
        text = Text("Answer: ", style="dim") + Text(
            display(ch, a), style=STATE_STYLE.get(a.state, "bold")
        )
        if a.state is State.VALUE and a.provenance:
            text.append(f"  ({a.provenance}{': ' + a.source if a.source else ''})", style="dim")
        if not ctx.editable:
            text.append(
                "\nA dated snapshot is history: read only. Branch a target (F4) to change it.",
                style="italic yellow",
            )
        elif ctx.base is not None:
            base = display(ch, ctx.base_answer) if ctx.base_answer is not None else "—"
            if ctx.changed:
                text.append(f"\nChanged from {ctx.base}: {base} → {display(ch, a)}", style="bold")
                text.append("  F9 back to inherited", style="dim")
                if ctx.rationale:
                    text.append(f"\nRationale: {ctx.rationale}", style="green")
                else:
                    text.append("\nNo rationale yet: Ctrl+R to write why", style="bold yellow")
            else:
                text.append(f"\nSame as {ctx.base} (inherited)", style="dim")
        return text

    def _hint(self, ctx: QuestionContext) -> None:
        ch = self.ch
        kind = input_kind(ch)
        hint = Text(KEYS[kind], style="dim") if ctx.editable else Text("")
        if ctx.editable and kind is InputKind.TEXT:
            widget = self.query_one("#answer-input", ValueInput)
            if widget.value:
                hint = preview(ch, widget.value)
        self.query_one("#status", Static).update(hint)

    @on(Input.Changed, "#answer-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.ch is not None and event.value.strip():
            self.query_one("#status", Static).update(preview(self.ch, event.value))
            self._follow(event.value)
        else:
            self.query_one("#status", Static).update(Text(KEYS[InputKind.TEXT], style="dim"))

    def _follow(self, text: str) -> None:
        """The Provenance control follows what is typed (``~400``: estimated) until picked."""
        for field in self.query(ProvenanceField):
            try:
                parsed = parse_input(self.ch, text)
            except ValueProblem:
                return
            field.follow(parsed.value, parsed.approximate)

    @on(ValueSubmitted)
    def _with_provenance(self, event: ValueSubmitted) -> None:
        # Not stopped: the screen takes the answer; this adds what the Provenance control says.
        for field in self.query(ProvenanceField):
            if self.ch is not None and event.key == self.ch.key:
                event.provenance, event.source = field.choice()

    @on(ProvenanceField.Accepted)
    async def _accept_from_provenance(self, event: ProvenanceField.Accepted) -> None:
        event.stop()
        await self.query_one("#answer-input", ValueInput).action_submit()

    @on(OptionList.OptionHighlighted, "#answer-input")
    def _choice_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        widget = event.option_list
        if isinstance(widget, ChoiceInput):
            text = widget.choice_help(event.option_index)
            hint = Text(KEYS[InputKind.CHOICE], style="dim")
            self.query_one("#status", Static).update(
                RichGroup(Text(text, style="italic"), hint) if text else hint
            )
