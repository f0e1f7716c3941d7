"""Where a number came from: the Provenance control under a numeric answer, and its source.

The person picks declared, estimated or measured (imported too while an imported value is
unchanged); until they pick, the control follows ``core.editing.suggested_provenance`` as they
type (``~400`` turns it to estimated). Measured shows a one-line source, the old one offered.
The screen turns the choice into an answer with ``core.editing.answer_by_hand``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label

from ...core.answers import Answer, Provenance
from ...core.editing import provenance_choices, suggested_provenance

LABEL = "Provenance"
_GAP = "  "


class ProvenancePicker(Widget, can_focus=True):
    """One line of choices (it wraps when narrow): ←/→ or a click picks, Enter accepts the
    answer."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("enter", "accept", "Accept", show=False),
    ]
    DEFAULT_CSS = """
    ProvenancePicker { height: auto; width: 1fr; }
    ProvenancePicker > .provenance-picker--label { color: $text-muted; }
    ProvenancePicker > .provenance-picker--on { text-style: bold; }
    ProvenancePicker:focus > .provenance-picker--on {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """
    COMPONENT_CLASSES = {
        "provenance-picker--label",
        "provenance-picker--on",
    }
    HELP = "Where the value came from: ←/→ picks, Enter accepts the answer."

    value: reactive[Provenance] = reactive(Provenance.DECLARED, layout=True)

    class Changed(Message):
        """The choice changed (picked by the person, or following what they type)."""

        def __init__(self, picker: ProvenancePicker, value: Provenance) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> ProvenancePicker:
            return self.picker

    class Accepted(Message):
        """Enter on the control: accept the answer with this provenance."""

    def __init__(self, choices: tuple[Provenance, ...], value: Provenance, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self.picked = False  # True once the person chose: what they type no longer moves it
        self.set_reactive(ProvenancePicker.value, value)
        self._spans: list[tuple[int, int, int, Provenance]] = []  # (line, start, end, choice)

    def pick(self, value: Provenance) -> None:
        """The person's choice: it stays, whatever they type next."""
        self.picked = True
        self.value = value

    def suggest(self, value: Provenance) -> None:
        """What the typed value suggests; ignored once the person has picked."""
        if not self.picked and value in self.choices:
            self.value = value

    def watch_value(self, value: Provenance) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, step: int) -> None:
        i = self.choices.index(self.value) if self.value in self.choices else 0
        self.pick(self.choices[(i + step) % len(self.choices)])

    def action_accept(self) -> None:
        self.post_message(self.Accepted())

    def on_click(self, event: events.Click) -> None:
        for line, start, end, choice in self._spans:
            if event.y == line and start <= event.x < end:
                self.pick(choice)
                return

    def render(self) -> Text:
        text, self._spans = self._lines(self.size.width)
        return text

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return self._lines(width)[0].plain.count("\n") + 1

    def _lines(self, width: int) -> tuple[Text, list[tuple[int, int, int, Provenance]]]:
        """The label and the choices laid out in ``width`` cells (an item never splits), and
        where each choice is (for clicks)."""
        label = self.get_component_rich_style("provenance-picker--label", partial=True)
        on_style = self.get_component_rich_style("provenance-picker--on", partial=True)
        text = Text(LABEL, style=label)
        line, x = 0, len(LABEL)
        spans = []
        for choice in self.choices:
            item = f"{'●' if choice == self.value else '○'} {choice.value}"
            if x + len(_GAP) + len(item) > max(width, 1) and x > 0:
                # a new line, its items under the first line's when there is room
                indent = len(LABEL) + len(_GAP) if width >= len(LABEL) + len(_GAP) + 12 else 0
                text.append("\n" + " " * indent)
                line, x = line + 1, indent
            else:
                text.append(_GAP)
                x += len(_GAP)
            text.append(item, style=on_style if choice == self.value else "")
            spans.append((line, x, x + len(item), choice))
            x += len(item)
        return text, spans


class ProvenanceField(Vertical):
    """The Provenance control and, for measured, the source it was read from."""

    DEFAULT_CSS = """
    ProvenanceField { height: auto; margin-top: 1; }
    ProvenanceField #source-row { display: none; height: 1; }
    ProvenanceField.-measured #source-row { display: block; }
    ProvenanceField #source-row > Label { width: 12; color: $text-muted; }
    ProvenanceField #provenance-source { width: 1fr; }
    """

    class Accepted(Message):
        """Enter on the control or in the source: accept the answer."""

    def __init__(self, current: Answer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current = current
        self.initial = (
            suggested_provenance(current, current.value)
            if current.is_value
            else Provenance.DECLARED
        )

    def compose(self):
        yield ProvenancePicker(provenance_choices(self.current), self.initial, id="provenance")
        with Horizontal(id="source-row"):
            yield Label("Source")
            yield Input(
                self.current.source or "",
                placeholder="the metric, report or ARN it was read from (optional)",
                id="provenance-source",
                compact=True,
            )

    def on_mount(self) -> None:
        self.set_class(self.initial is Provenance.MEASURED, "-measured")

    @property
    def picker(self) -> ProvenancePicker:
        return self.query_one(ProvenancePicker)

    def follow(self, value: Any, approximate: bool) -> None:
        """The person typed ``value``: preselect what it suggests, unless they picked."""
        self.picker.suggest(suggested_provenance(self.current, value, approximate))

    def choice(self) -> tuple[str | None, str | None]:
        """(provenance, source) for ``answer_by_hand``: None where the person said nothing
        (the suggestion then applies, and an unchanged value keeps its source)."""
        picker = self.picker
        provenance = picker.value.value if picker.picked else None
        source = None
        if picker.value is Provenance.MEASURED:
            source = self.query_one("#provenance-source", Input).value
        return provenance, source

    @on(ProvenancePicker.Changed)
    def _changed(self, event: ProvenancePicker.Changed) -> None:
        event.stop()
        self.set_class(event.value is Provenance.MEASURED, "-measured")

    @on(ProvenancePicker.Accepted)
    @on(Input.Submitted, "#provenance-source")
    def _accepted(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Accepted())
