"""The provisioning matrix as an editable table: environment × region × workload × instance → count.

Every row edit is an accepted answer (the gauges follow it); the whole list is checked by
``core.values.check_matrix`` before it is accepted, so a bad row never reaches the profile.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Input, Select, Static

from ...core.answers import Answer, State
from ...core.errors import ValueProblem
from ...core.rubric import Characteristic
from ...core.values import check_matrix
from ..messages import ValueSubmitted

HEADERS = ("Environment", "Region", "Workload", "Instance type", "Count")
WORKLOAD_LABELS = {
    "training": "training",
    "batch_inference": "batch",
    "real_time_inference": "real-time",
    "notebooks": "notebooks",
}


class MatrixTable(DataTable):
    BINDINGS = [
        Binding("a,insert", "add_row", "Add row", id="matrix-add"),
        Binding("e", "edit_row", "Edit row", id="matrix-edit"),
        Binding("delete,x", "delete_row", "Delete row", id="matrix-delete"),
    ]

    def action_add_row(self) -> None:
        self.parent_editor.start_edit(None)

    def action_edit_row(self) -> None:
        if self.row_count:
            self.parent_editor.start_edit(self.cursor_row)

    def action_delete_row(self) -> None:
        if self.row_count:
            self.parent_editor.delete_row(self.cursor_row)

    @property
    def parent_editor(self) -> MatrixEditor:
        return self.query_ancestor(MatrixEditor)


class MatrixEditor(Vertical):
    """Table on top, a one-row form below it for adding or editing a row."""

    DEFAULT_CSS = """
    MatrixEditor { height: auto; }
    MatrixEditor MatrixTable { height: auto; max-height: 14; }
    MatrixEditor #matrix-form { height: auto; display: none; grid-size: 3; grid-gutter: 0 1;
        grid-columns: 1fr 1fr 1fr; grid-rows: 1; margin-top: 1; }
    MatrixEditor.-editing #matrix-form { display: block; }
    MatrixEditor #matrix-status { height: auto; color: $text-muted; }
    """

    def __init__(self, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ch = ch
        self.rows: list[dict] = list(answer.value) if answer.state is State.VALUE else []
        self.editing: int | None = None  # row index, or None when adding

    def compose(self):
        spec = self.ch.matrix
        table = MatrixTable(cursor_type="row", zebra_stripes=True, id="matrix-table")
        table.add_columns(*HEADERS)
        yield table
        with Grid(id="matrix-form"):
            yield Select(
                [(e, e) for e in spec.environments], allow_blank=False, id="f-env", compact=True
            )
            yield Select(
                [(WORKLOAD_LABELS.get(w, w), w) for w in spec.workloads],
                allow_blank=False,
                id="f-workload",
                compact=True,
            )
            yield Input(placeholder="count", id="f-count", type="integer", compact=True)
            yield Input(placeholder="region: us-east-1", id="f-region", compact=True)
            yield Input(placeholder="instance: ml.m5.xlarge", id="f-instance", compact=True)
        yield Static(id="matrix-status")

    def on_mount(self) -> None:
        self.refill()
        blink = getattr(self.app, "blink", True)
        for inp in self.query(Input):
            inp.cursor_blink = blink
        self.hint()

    @staticmethod
    def cells(r: dict) -> tuple:
        return (
            r["environment"],
            r["region"],
            WORKLOAD_LABELS.get(r["workload"], r["workload"]),
            r["instance_type"],
            Text(str(r["count"]), justify="right"),
        )

    def refill(self) -> None:
        table = self.query_one(MatrixTable)
        cursor = table.cursor_row
        table.clear()
        table.add_rows(self.cells(r) for r in self.rows)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def hint(self, message: Text | str | None = None) -> None:
        total = sum(r["count"] for r in self.rows)
        base = Text(
            f"{len(self.rows)} rows, {total} instances · a add · e/Enter edit · x delete",
            style="dim",
        )
        self.query_one("#matrix-status", Static).update(message if message is not None else base)

    # ---- editing

    def start_edit(self, index: int | None) -> None:
        self.editing = index
        row = (
            self.rows[index]
            if index is not None
            else {
                "environment": self.ch.matrix.environments[0],
                "region": self.rows[-1]["region"] if self.rows else "",
                "workload": self.ch.matrix.workloads[0],
                "instance_type": self.rows[-1]["instance_type"] if self.rows else "",
                "count": 1,
            }
        )
        self.query_one("#f-env", Select).value = row["environment"]
        self.query_one("#f-region", Input).value = row["region"]
        self.query_one("#f-workload", Select).value = row["workload"]
        self.query_one("#f-instance", Input).value = row["instance_type"]
        self.query_one("#f-count", Input).value = str(row["count"])
        self.add_class("-editing")
        verb = f"editing row {index + 1}" if index is not None else "new row"
        self.hint(Text(f"{verb}: Enter in a field applies, Escape cancels", style="bold"))
        self.query_one("#f-env", Select).focus()

    @on(DataTable.RowSelected, "#matrix-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.start_edit(event.cursor_row)

    @on(Input.Submitted, "#matrix-form Input")
    def _apply(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_form()

    def apply_form(self) -> None:
        count_text = self.query_one("#f-count", Input).value.strip()
        try:
            count = int(count_text)
        except ValueError:
            self.hint(Text(f"✗ count must be a whole number, got {count_text!r}", style="red"))
            return
        row = {
            "environment": self.query_one("#f-env", Select).value,
            "region": self.query_one("#f-region", Input).value.strip(),
            "workload": self.query_one("#f-workload", Select).value,
            "instance_type": self.query_one("#f-instance", Input).value.strip(),
            "count": count,
        }
        rows = list(self.rows)
        if self.editing is None:
            rows.append(row)
        else:
            rows[self.editing] = row
        try:
            rows = check_matrix(self.ch, rows)
        except ValueProblem as e:
            self.hint(Text(f"✗ {e}", style="red"))
            return
        adding = self.editing is None
        index = len(rows) - 1 if adding else self.editing
        self.rows = rows
        self.stop_edit()
        table = self.query_one(MatrixTable)
        # One row changes, so one row is redrawn: a 500-row matrix stays instant.
        if adding:
            table.add_row(*self.cells(rows[index]))
        else:
            row_key = table.coordinate_to_cell_key((index, 0)).row_key
            for column, value in zip(table.columns, self.cells(rows[index]), strict=True):
                table.update_cell(row_key, column, value)
        table.move_cursor(row=index)
        self.hint()
        self.post_message(ValueSubmitted(self.ch.key, list(self.rows), advance=False))

    def delete_row(self, index: int) -> None:
        del self.rows[index]
        table = self.query_one(MatrixTable)
        table.remove_row(table.coordinate_to_cell_key((index, 0)).row_key)
        self.hint()
        self.post_message(ValueSubmitted(self.ch.key, list(self.rows), advance=False))

    def stop_edit(self) -> None:
        self.editing = None
        self.remove_class("-editing")
        self.hint()
        self.query_one(MatrixTable).focus()

    def key_escape(self, event) -> None:
        if self.has_class("-editing"):
            event.stop()
            self.stop_edit()

    def focus(self, scroll_visible: bool = True):  # focus lands on the table
        self.query_one(MatrixTable).focus(scroll_visible)
        return self
