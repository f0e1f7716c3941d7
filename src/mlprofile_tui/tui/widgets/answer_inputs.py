"""One input per characteristic type. Each posts ``ValueSubmitted`` with a typed, checked value.

The question spec (``core.rubric.Characteristic``) decides everything: choices, units, ranges.
Text goes through ``core.values.parse_input``, the same parser the CLI and the interview use,
so ``1.2 GB`` (and ``~1.2 GB``, an estimate) means the same thing everywhere.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets.option_list import Option

from ...core.answers import Answer, State
from ...core.errors import ValueProblem
from ...core.rubric import Characteristic, Rubric
from ...core.units import format_number
from ...core.values import NUMERIC_TYPES, display_value, parse_input, parse_text
from ..messages import ValueSubmitted
from .gauge import LEVEL_COLOURS

PLACEHOLDERS = {
    "bytes": "a size, e.g. 48 MB, 1.2 GB or 500 MiB",
    "duration_ms": "a duration, e.g. 250 ms, 1.5 s or 2 min",
    "int": "a whole number, e.g. 4",
    "float": "a number, e.g. 2350.5",
    "text": "free text",
}


def _level_tag(rubric: Rubric, level: int | None) -> Text:
    if level is None:
        return Text("")
    colour = LEVEL_COLOURS[min(level, len(LEVEL_COLOURS) - 1)]
    return Text(f"{rubric.level(level).id} ", style=f"bold {colour}")


class ChoiceInput(OptionList):
    """Enums and booleans: arrows to choose, Enter to accept."""

    DEFAULT_CSS = """
    ChoiceInput { height: auto; max-height: 12; }
    """

    def __init__(self, rubric: Rubric, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        self.ch = ch
        self.values: list[Any] = []
        options = []
        if ch.type == "bool":
            levels = ch.bool_levels or {}
            for value, label in ((True, "Yes"), (False, "No")):
                self.values.append(value)
                options.append(Option(_level_tag(rubric, levels.get(value)) + Text(label)))
        else:
            for c in ch.choices:
                self.values.append(c.id)
                options.append(Option(_level_tag(rubric, c.level) + Text(c.label)))
        super().__init__(*options, **kwargs)
        if answer.state is State.VALUE and answer.value in self.values:
            self.highlighted = self.values.index(answer.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ValueSubmitted(self.ch.key, self.values[event.option_index]))

    def choice_help(self, index: int | None) -> str:
        if index is None or self.ch.type == "bool":
            return ""
        return self.ch.choices[index].help


class MultiInput(SelectionList):
    """Multi-select: Space toggles, Enter accepts the whole selection."""

    BINDINGS = [Binding("enter", "accept", "Accept", show=False)]
    DEFAULT_CSS = """
    MultiInput { height: auto; max-height: 14; }
    """

    def __init__(self, rubric: Rubric, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        self.ch = ch
        chosen = set(answer.value or ()) if answer.state is State.VALUE else set()
        selections = [
            (_level_tag(rubric, c.level) + Text(c.label), c.id, c.id in chosen) for c in ch.choices
        ]
        super().__init__(*selections, **kwargs)

    def action_accept(self) -> None:
        chosen = set(self.selected)
        # Keep the rubric's order so equal selections compare equal across profiles.
        self.post_message(
            ValueSubmitted(self.ch.key, [c.id for c in self.ch.choices if c.id in chosen])
        )


class ParsesAs(Validator):
    """Inline validation as you type, with the core's own message."""

    def __init__(self, ch: Characteristic) -> None:
        super().__init__()
        self.ch = ch

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure("type a value, or F2 for unknown")
        try:
            parse_input(self.ch, value)
        except ValueProblem as e:
            return self.failure(str(e))
        return self.success()


class ValueInput(Input):
    """Numbers with units, sizes, durations and text. Enter accepts a valid value."""

    def __init__(self, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        self.ch = ch
        text = ""
        if answer.state is State.VALUE:
            text = editable_text(ch, answer.value)
        placeholder = PLACEHOLDERS.get(ch.type, "")
        if ch.unit and ch.type in ("int", "float"):
            placeholder = f"{placeholder} ({ch.unit})"
        if ch.type in NUMERIC_TYPES:
            placeholder += "; ~ in front if estimated"
        super().__init__(
            text,
            placeholder=placeholder,
            validators=[ParsesAs(ch)],
            validate_on=["changed", "submitted"],
            **kwargs,
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.validation_result is not None and not event.validation_result.is_valid:
            return
        parsed = parse_input(self.ch, self.value)
        self.post_message(ValueSubmitted(self.ch.key, parsed.value, approximate=parsed.approximate))


def editable_text(ch: Characteristic, value: Any) -> str:
    """A value as text that parses back to the same value (display rounds; this must not)."""
    if ch.type in ("bytes", "duration_ms"):
        shown = display_value(ch, value)
        try:
            if parse_text(ch, shown) == value:
                return shown
        except ValueProblem:
            pass
        return format_number(value) + (" ms" if ch.type == "duration_ms" else "")
    if ch.type in ("int", "float"):
        return format_number(value)
    return str(value)


def preview(ch: Characteristic, text: str) -> Text:
    """What the typed text will be stored as, or why it cannot be."""
    try:
        parsed = parse_input(ch, text)
    except ValueProblem as e:
        return Text("✗ ", style="bold red") + Text(str(e), style="red")
    value = parsed.value
    shown = ("about " if parsed.approximate else "") + display_value(ch, value)
    if ch.type == "bytes":
        shown += f"  ({value:,} bytes)"
    elif ch.type == "duration_ms":
        shown += f"  ({format_number(value)} ms)"
    return Text("✓ ", style="bold green") + Text(f"{shown}  — Enter to accept")


def inputs_for(rubric: Rubric, ch: Characteristic, answer: Answer) -> list[Widget]:
    """The answer's input (id ``answer-input``) and, for a number, its Provenance control."""
    widgets = [input_for(rubric, ch, answer)]
    if ch.type in NUMERIC_TYPES:
        from .provenance import ProvenanceField

        widgets.append(ProvenanceField(answer, id="provenance-field"))
    return widgets


def input_for(rubric: Rubric, ch: Characteristic, answer: Answer) -> Widget:
    if ch.type in ("enum", "bool"):
        return ChoiceInput(rubric, ch, answer, id="answer-input")
    if ch.type == "multi":
        return MultiInput(rubric, ch, answer, id="answer-input")
    if ch.type == "matrix":
        from .matrix_editor import MatrixEditor

        return MatrixEditor(ch, answer, id="answer-input")
    return ValueInput(ch, answer, id="answer-input")
