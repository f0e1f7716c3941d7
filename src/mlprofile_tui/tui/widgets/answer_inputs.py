"""One input per input kind (choice, multi, text, matrix). Each posts ``ValueSubmitted`` with a
typed, checked value.

The question spec (``core.rubric.Characteristic``) and the value-type registry
(``core.values``) decide everything: options, hints, editable text, units, ranges. Text goes
through ``core.values.parse_input``, the same parser the CLI and the interview use, so
``1.2 GB`` (and ``~1.2 GB``, an estimate) means the same thing everywhere.
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
from ...core.values import (
    InputKind,
    choice_options,
    display_value,
    editable_text,
    exact_value,
    input_kind,
    is_numeric,
    parse_input,
    typing_hint,
)
from ..messages import ValueSubmitted
from .gauge import LEVEL_COLOURS


def _level_tag(rubric: Rubric, level: int | None) -> Text:
    if level is None:
        return Text("")
    colour = LEVEL_COLOURS[min(level, len(LEVEL_COLOURS) - 1)]
    return Text(f"{rubric.level(level).id} ", style=f"bold {colour}")


class ChoiceInput(OptionList):
    """One of the registry's options (enums, booleans): arrows to choose, Enter to accept."""

    DEFAULT_CSS = """
    ChoiceInput { height: auto; max-height: 12; }
    """

    def __init__(self, rubric: Rubric, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        self.ch = ch
        self.choice_options = choice_options(ch)
        self.values: list[Any] = [o.value for o in self.choice_options]
        super().__init__(
            *(Option(_level_tag(rubric, o.level) + Text(o.label)) for o in self.choice_options),
            **kwargs,
        )
        if answer.state is State.VALUE and answer.value in self.values:
            self.highlighted = self.values.index(answer.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(ValueSubmitted(self.ch.key, self.values[event.option_index]))

    def choice_help(self, index: int | None) -> str:
        return self.choice_options[index].help if index is not None else ""


class MultiInput(SelectionList):
    """Multi-select: Space toggles, Enter accepts the whole selection."""

    BINDINGS = [Binding("enter", "accept", "Accept", show=False)]
    DEFAULT_CSS = """
    MultiInput { height: auto; max-height: 14; }
    """

    def __init__(self, rubric: Rubric, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        self.ch = ch
        self.option_values = [o.value for o in choice_options(ch)]
        chosen = set(answer.value or ()) if answer.state is State.VALUE else set()
        selections = [
            (_level_tag(rubric, o.level) + Text(o.label), o.value, o.value in chosen)
            for o in choice_options(ch)
        ]
        super().__init__(*selections, **kwargs)

    def action_accept(self) -> None:
        chosen = set(self.selected)
        # Keep the rubric's order so equal selections compare equal across profiles.
        self.post_message(
            ValueSubmitted(self.ch.key, [v for v in self.option_values if v in chosen])
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
    """A typed line: numbers with units, sizes, durations, text. Enter accepts a valid value;
    the placeholder is the registry's hint."""

    def __init__(self, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        self.ch = ch
        text = ""
        if answer.state is State.VALUE:
            text = editable_text(ch, answer.value)
        super().__init__(
            text,
            placeholder=typing_hint(ch),
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


def preview(ch: Characteristic, text: str) -> Text:
    """What the typed text will be stored as, or why it cannot be."""
    try:
        parsed = parse_input(ch, text)
    except ValueProblem as e:
        return Text("✗ ", style="bold red") + Text(str(e), style="red")
    value = parsed.value
    shown = ("about " if parsed.approximate else "") + display_value(ch, value)
    exact = exact_value(ch, value)
    if exact:
        shown += f"  ({exact})"
    return Text("✓ ", style="bold green") + Text(f"{shown}  — Enter to accept")


def inputs_for(rubric: Rubric, ch: Characteristic, answer: Answer) -> list[Widget]:
    """The answer's input (id ``answer-input``) and, for a number, its Provenance control."""
    widgets = [input_for(rubric, ch, answer)]
    if is_numeric(ch):
        from .provenance import ProvenanceField

        widgets.append(ProvenanceField(answer, id="provenance-field"))
    return widgets


def input_for(rubric: Rubric, ch: Characteristic, answer: Answer) -> Widget:
    """The answer's input (id ``answer-input``), chosen by the type's input kind only."""
    kind = input_kind(ch)
    if kind is InputKind.CHOICE:
        return ChoiceInput(rubric, ch, answer, id="answer-input")
    if kind is InputKind.MULTI:
        return MultiInput(rubric, ch, answer, id="answer-input")
    if kind is InputKind.MATRIX:
        from .matrix_editor import MatrixEditor

        return MatrixEditor(ch, answer, id="answer-input")
    return ValueInput(ch, answer, id="answer-input")
