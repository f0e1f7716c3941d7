"""The provisioning matrix as an editable table: environment × [account] × region × workload ×
instance type → count.

Every row edit is an accepted answer (the gauges follow it); the whole list is checked by
``core.matrix.check_matrix`` before it is accepted, so a bad row never reaches the profile.
Environments and workloads are the rubric's; the account column and field exist only when the
rubric's matrix allows accounts, and the table shows the column only once a row names one.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Input, Select, Static

from ...core import matrix
from ...core.answers import Answer, State
from ...core.errors import ValueProblem
from ...core.instance_types import instance_type_problem, unknown_instance_types
from ...core.rubric import Characteristic
from ..messages import AllowInstanceTypes, ValueSubmitted

# When the table is wider than the room it has, these columns are cropped (with an ellipsis),
# widest first, down to MIN_WIDTH; the account and the count are never cropped.
SHRINKABLE = ("environment", "region", "workload", "instance_type")
MIN_WIDTH = 8


def fit_widths(natural: dict[str, int], room: int, padding: int) -> dict[str, int] | None:
    """Column widths (cells, padding excluded) that fit ``room`` cells, or None when the
    natural widths fit as they are. ``natural``: column -> widest cell or header."""
    excess = sum(w + 2 * padding for w in natural.values()) - room
    if excess <= 0:
        return None
    widths = dict(natural)
    while excess > 0:
        column = max((c for c in SHRINKABLE if c in widths), key=widths.__getitem__, default=None)
        if column is None or widths[column] <= MIN_WIDTH:
            break  # as narrow as it goes: the table scrolls sideways
        widths[column] -= 1
        excess -= 1
    return widths


class MatrixTable(DataTable):
    # The first key is the one the footer shows: it must be the key the hint names (x).
    BINDINGS = [
        Binding("a,insert", "add_row", "Add row", id="matrix-add"),
        Binding("e", "edit_row", "Edit row", id="matrix-edit"),
        Binding("x,delete", "delete_row", "Delete row…", id="matrix-delete"),
    ]

    def action_add_row(self) -> None:
        self.parent_editor.start_edit(None)

    def action_edit_row(self) -> None:
        if self.row_count:
            self.parent_editor.start_edit(self.cursor_row)

    def action_delete_row(self) -> None:
        if self.row_count:
            self.parent_editor.confirm_delete(self.cursor_row)

    @property
    def parent_editor(self) -> MatrixEditor:
        return self.query_ancestor(MatrixEditor)


class MatrixEditor(Vertical):
    """Table on top, a one-row form below it for adding or editing a row."""

    # The form mirrors the table: the same column names, in the table's order, three a line,
    # each above its field; the field being typed in stands out (accent background).
    DEFAULT_CSS = """
    MatrixEditor { height: auto; }
    MatrixEditor MatrixTable { height: auto; max-height: 14; }
    MatrixEditor #matrix-form { height: auto; display: none; grid-size: 3; grid-gutter: 0 1;
        grid-columns: 1fr 1fr 1fr; grid-rows: 1; margin-top: 1; }
    MatrixEditor.-editing #matrix-form { display: block; }
    MatrixEditor #matrix-form .field-label { color: $text-muted; }
    MatrixEditor #matrix-form .field-label.-focused { color: $accent; text-style: bold; }
    MatrixEditor #matrix-form Input:focus { background: $accent 35%; text-style: bold; }
    MatrixEditor #matrix-form Select:focus > SelectCurrent { background: $accent 35%;
        text-style: bold; }
    MatrixEditor #matrix-status { height: auto; color: $text-muted; }
    """

    def __init__(self, ch: Characteristic, answer: Answer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ch = ch
        self.accounts = ch.matrix is not None and ch.matrix.accounts
        self.rows: list[dict] = list(answer.value) if answer.state is State.VALUE else []
        self.editing: int | None = None  # row index, or None when adding
        self.shown_columns: tuple[str, ...] = ()
        self.widths: dict[str, int] = {}  # the shown columns' widths (cells, no padding)

    def form_fields(self) -> list[tuple[str, str]]:
        """(column, field id) in the table's column order: the form reads like a row."""
        ids = {
            "environment": "f-env",
            matrix.ACCOUNT: "f-account",
            "region": "f-region",
            "workload": "f-workload",
            "instance_type": "f-instance",
            "count": "f-count",
        }
        return [(c, ids[c]) for c in matrix.COLUMNS if c != matrix.ACCOUNT or self.accounts]

    def compose(self):
        spec = self.ch.matrix
        yield MatrixTable(cursor_type="row", zebra_stripes=True, id="matrix-table")
        fields = {
            "f-env": lambda: Select(
                [(e, e) for e in spec.environments], allow_blank=False, id="f-env", compact=True
            ),
            "f-account": lambda: Input(
                placeholder="12 digits, or empty", id="f-account", compact=True
            ),
            "f-region": lambda: Input(placeholder="us-east-1", id="f-region", compact=True),
            "f-workload": lambda: Select(
                [(w, w) for w in spec.workloads], allow_blank=False, id="f-workload", compact=True
            ),
            "f-instance": lambda: Input(placeholder="ml.m5.xlarge", id="f-instance", compact=True),
            "f-count": lambda: Input(placeholder="1", id="f-count", type="integer", compact=True),
        }
        layout = self.form_fields()
        with Grid(id="matrix-form"):
            # Two lines of three: a line of labels (the table's headers), then their fields.
            for start in range(0, len(layout), 3):
                line = layout[start : start + 3]
                for column, field_id in line:
                    yield Static(
                        matrix.HEADERS[column].capitalize(),
                        classes="field-label",
                        id=f"label-{field_id}",
                    )
                for _ in range(3 - len(line)):
                    yield Static(classes="field-label")
                for _column, field_id in line:
                    yield fields[field_id]()
                for _ in range(3 - len(line)):
                    yield Static()
        yield Static(id="matrix-status")

    @on(events.DescendantFocus)
    @on(events.DescendantBlur)
    def _mark_focused_label(self) -> None:
        focused = self.app.focused
        for label in self.query(".field-label"):
            label.set_class(focused is not None and label.id == f"label-{focused.id}", "-focused")

    def on_mount(self) -> None:
        self.refill()
        blink = getattr(self.app, "blink", True)
        for inp in self.query(Input):
            inp.cursor_blink = blink
        self.hint()

    def columns(self) -> tuple[str, ...]:
        """The account column only where the rubric allows one and a row names one."""
        return matrix.columns(self.rows) if self.accounts else matrix.REQUIRED_COLUMNS

    def cells(self, r: dict) -> tuple:
        return tuple(
            Text(str(r[c]), justify="right")
            if c == "count"
            else Text(r.get(c, ""), no_wrap=True, overflow="ellipsis")
            for c in self.shown_columns
        )

    def natural_widths(self, columns: tuple[str, ...]) -> dict[str, int]:
        """Each column's widest cell or header, in cells (linear in rows)."""
        return {
            c: max(
                cell_len(matrix.HEADERS[c]),
                max((cell_len(v) for v in {str(r.get(c, "")) for r in self.rows}), default=0),
            )
            for c in columns
        }

    def target_widths(self, columns: tuple[str, ...]) -> dict[str, int]:
        """The natural widths, cropped to the room the table has once it is laid out."""
        natural = self.natural_widths(columns)
        table = self.query_one(MatrixTable)
        if not table.size.width:  # not laid out yet: its first Resize fits it
            return natural
        room = table.size.width - table.styles.scrollbar_size_vertical
        return fit_widths(natural, room, table.cell_padding) or natural

    def refill(self) -> None:
        """Every row again, and the columns when they or their widths change. Widths are
        always set here, never measured by the table later, so no frame shows stale ones."""
        table = self.query_one(MatrixTable)
        cursor = table.cursor_row
        columns = self.columns()
        widths = self.target_widths(columns)
        rebuild = columns != self.shown_columns or widths != self.widths
        table.clear(columns=rebuild)
        if rebuild:
            self.shown_columns, self.widths = columns, widths
            for c in columns:
                label = Text(matrix.HEADERS[c].capitalize(), no_wrap=True, overflow="ellipsis")
                table.add_column(label, width=widths[c])
        table.add_rows(self.cells(r) for r in self.rows)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def refit(self) -> str:
        """Before a one-row change: "refilled" when the account column came or went (every
        row is redrawn), "resized" when new widths were set on the columns in place (the row
        change that follows redraws the table with them), else ""."""
        columns = self.columns()
        if columns != self.shown_columns:
            self.refill()
            return "refilled"
        widths = self.target_widths(columns)
        if widths == self.widths:
            return ""
        self.widths = widths
        table = self.query_one(MatrixTable)
        for c, column in zip(columns, table.ordered_columns, strict=True):
            column.width = widths[c]
        return "resized"

    def on_resize(self, event: events.Resize) -> None:
        if self.target_widths(self.shown_columns) != self.widths:
            self.refill()

    def hint(self, message: Text | str | None = None) -> None:
        base = Text(
            f"{matrix.summary(self.rows)} · a add · e/Enter edit · x delete",
            style="dim",
        )
        self.query_one("#matrix-status", Static).update(message if message is not None else base)

    # ---- editing

    def start_edit(self, index: int | None) -> None:
        self.editing = index
        spec = self.ch.matrix
        last = self.rows[-1] if self.rows else {}
        row = (
            self.rows[index]
            if index is not None
            else {  # a new row starts where the last one is: same Region, type and account
                "environment": spec.environments[0],
                matrix.ACCOUNT: last.get(matrix.ACCOUNT, ""),
                "region": last.get("region", ""),
                "workload": spec.workloads[0],
                "instance_type": last.get("instance_type", ""),
                "count": 1,
            }
        )
        self.query_one("#f-env", Select).value = row["environment"]
        self.query_one("#f-region", Input).value = row["region"]
        self.query_one("#f-workload", Select).value = row["workload"]
        self.query_one("#f-instance", Input).value = row["instance_type"]
        self.query_one("#f-count", Input).value = str(row["count"])
        if self.accounts:
            self.query_one("#f-account", Input).value = row.get(matrix.ACCOUNT, "")
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
        row: dict[str, Any] = {"environment": self.query_one("#f-env", Select).value}
        account = self.query_one("#f-account", Input).value.strip() if self.accounts else ""
        if account:  # an empty field means none: no key, as in the file
            row[matrix.ACCOUNT] = account
        row.update(
            region=self.query_one("#f-region", Input).value.strip(),
            workload=self.query_one("#f-workload", Select).value,
            instance_type=self.query_one("#f-instance", Input).value.strip(),
            count=count,
        )
        rows = list(self.rows)
        if self.editing is None:
            rows.append(row)
        else:
            rows[self.editing] = row
        try:
            rows = matrix.check_matrix(self.ch, rows)
        except ValueProblem as e:
            self.hint(Text(f"✗ {e}", style="red"))
            return
        unknown = unknown_instance_types([row["instance_type"]], self.new_instance_types())
        if unknown:
            self.confirm_new_type(unknown[0], rows)
            return
        self.commit(rows)

    def new_instance_types(self) -> list[str]:
        """The instance types this workload accepts beyond SageMaker's list (the session's)."""
        session = getattr(self.screen, "session", None)
        return session.workload.new_instance_types if session is not None else []

    def confirm_new_type(self, name: str, rows: list[dict]) -> None:
        """An instance type SageMaker's list does not know: a typo, or a newer type. Ask;
        the form keeps what was typed either way."""
        from ..screens.dialogs import ChoiceDialog

        problem = instance_type_problem(name) or name

        def answered(choice: str | None) -> None:
            if choice == "allow":
                self.post_message(AllowInstanceTypes([name]))
                self.commit(rows)
                return
            self.hint(Text(f"✗ {problem}", style="red"))
            self.query_one("#f-instance", Input).focus()

        self.app.push_screen(
            ChoiceDialog(
                "Unknown instance type",
                Text(
                    f"{problem}.\n\nFix it, or, if it is a type newer than mlprofile's list, "
                    "accept it for this workload (the file lists it in [workload] "
                    "new_instance_types)."
                ),
                [
                    ("fix", "Fix it", "primary"),
                    ("allow", f"Accept {name}", "warning"),
                ],
            ),
            answered,
        )

    def commit(self, rows: list[dict]) -> None:
        """Take checked rows: the table changes by one row and the answer is posted."""
        adding = self.editing is None
        index = len(rows) - 1 if adding else self.editing
        self.rows = rows
        self.stop_edit()
        table = self.query_one(MatrixTable)
        fit = self.refit()
        # One row changes, so one row is redrawn: a 500-row matrix stays instant.
        if fit == "refilled":
            pass
        elif adding:
            table.add_row(*self.cells(rows[index]))
        else:
            row_key = table.coordinate_to_cell_key((index, 0)).row_key
            for column, value in zip(table.columns, self.cells(rows[index]), strict=True):
                # update_width only when widths changed: it re-measures the whole column.
                table.update_cell(row_key, column, value, update_width=fit == "resized")
        table.move_cursor(row=index)
        self.hint()
        self.post_message(ValueSubmitted(self.ch.key, list(self.rows), advance=False))

    def confirm_delete(self, index: int) -> None:
        """Ask before a row goes: one key press must not lose it."""
        from ..screens.dialogs import ChoiceDialog

        row = self.rows[index]
        what = "/".join(p for p in matrix.row_identity(row) if p)

        def answered(choice: str | None) -> None:
            if choice == "delete" and index < len(self.rows) and self.rows[index] is row:
                self.delete_row(index)
            self.query_one(MatrixTable).focus()

        self.app.push_screen(
            ChoiceDialog(
                "Delete this row?",
                Text(f"Row {index + 1}: {what}, {row['count']} instances."),
                [("delete", "Delete row", "error"), ("cancel", "Cancel", "default")],
            ),
            answered,
        )

    def delete_row(self, index: int) -> None:
        del self.rows[index]
        table = self.query_one(MatrixTable)
        if self.refit() != "refilled":
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
