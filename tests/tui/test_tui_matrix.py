"""The matrix editor (issue 15): the rubric's environments and workloads, the optional account
column, and a table that keeps its Count column in sight at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError
from tui_helpers import go, make_app, screen_text, shown, wait_for_screen

from mlprofile_tui.cli import main
from mlprofile_tui.core import matrix as m
from mlprofile_tui.tui.screens.dialogs import ChoiceDialog
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.matrix_editor import MatrixEditor, MatrixTable, fit_widths

KEY = "provisioning.matrix"
SMALL = (80, 24)
WIDE_ROWS = (
    "production:111122223333:ap-southeast-2:real_time_inference:ml.p4de.24xlarge:4;"
    "production:111122223333:ap-southeast-2:processing:ml.m5.4xlarge:2;"
    "staging:444455556666:eu-west-1:batch_inference:ml.c5.xlarge:1;"
    "dev:eu-west-1:notebooks:ml.t3.medium:3"
)


def _set(path, rows: str) -> None:
    assert main(["set", str(path), f"{KEY}={rows}"]) == 0


def _table_lines(app) -> list[str]:
    """The table's header and rows as the terminal shows them."""
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Environment"))
    return lines[start : start + 1 + len(app.screen.query_one(MatrixEditor).rows)]


async def _open_matrix(pilot):
    screen = await wait_for_screen(pilot, WorkloadScreen)
    await go(pilot, KEY)
    return screen, screen.query_one(MatrixEditor)


async def _fill(pilot, editor, **fields) -> None:
    for name, value in fields.items():
        widget = editor.query_one(f"#f-{name}")
        widget.value = value
    editor.query_one("#f-count", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_count_column_stays_in_sight_at_80x24_with_accounts(accounts_workload):
    _set(accounts_workload, WIDE_ROWS)
    app = make_app(accounts_workload)
    async with app.run_test(size=SMALL) as pilot:
        _, editor = await _open_matrix(pilot)
        table = editor.query_one(MatrixTable)
        header, *rows = _table_lines(app)
        # Every column is on screen, the count last and whole; long cells are cropped, not lost.
        assert header.split() == [
            "Environment",
            "Account",
            "Region",
            "Workload",
            "Instance",
            "ty…",
            "Count",
        ]
        assert [r.split()[-1] for r in rows] == ["4", "2", "1", "3"]
        assert "111122223333" in rows[0] and "…" in rows[0]
        assert max(len(line) for line in (header, *rows)) <= 80
        assert table.virtual_size.width <= table.size.width  # nothing hides to the right
        # Wider, the same table needs no cropping.
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert editor.widths == editor.natural_widths(editor.shown_columns)
        assert "real_time_inference" in "\n".join(_table_lines(app))
        # And back: cropped again, the count still in sight.
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert [r.split()[-1] for r in _table_lines(app)[1:]] == ["4", "2", "1", "3"]


async def test_the_form_offers_the_rubrics_workloads_and_an_account(accounts_workload):
    _set(accounts_workload, "dev:eu-west-1:notebooks:ml.t3.medium:3")
    app = make_app(accounts_workload)
    async with app.run_test(size=SMALL) as pilot:
        screen, editor = await _open_matrix(pilot)
        s = screen.session
        assert _table_lines(app)[0].split()[:2] == ["Environment", "Region"]  # no account yet
        await pilot.press("a")
        await pilot.pause()
        workloads = editor.query_one("#f-workload", Select)
        assert "processing" in s.rubric.get(KEY).matrix.workloads
        for workload in s.rubric.get(KEY).matrix.workloads:
            workloads.value = workload  # each is an option: an unknown value raises
        with pytest.raises(InvalidSelectValueError):
            workloads.value = "real-time"  # the old label table's, not the rubric's
        # A bad account is the core's message; nothing changes.
        await _fill(
            pilot,
            editor,
            workload="processing",
            account="1234",
            region="eu-west-1",
            instance="ml.m5.xlarge",
            count="2",
        )
        assert "account '1234' is not an AWS account ID" in shown(
            editor.query_one("#matrix-status")
        )
        assert len(s.answer(KEY).value) == 1
        # Twelve digits: the row is accepted and the account column appears.
        editor.query_one("#f-account", Input).value = "012345678901"
        editor.query_one("#f-count", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        rows = s.answer(KEY).value
        assert rows[-1] == {
            "environment": "dev",
            "account": "012345678901",
            "region": "eu-west-1",
            "workload": "processing",
            "instance_type": "ml.m5.xlarge",
            "count": 2,
        }
        header, *shown_rows = _table_lines(app)
        assert header.split()[:2] == ["Environment", "Account"]
        assert "012345678901" in shown_rows[1] and shown_rows[1].split()[-1] == "2"
        # The same row again in no account is a row of its own; in the same account a duplicate.
        await pilot.press("a")
        await pilot.pause()
        assert editor.query_one("#f-account", Input).value == "012345678901"  # from the last row
        await _fill(pilot, editor, workload="processing", count="5")
        assert "duplicates an earlier row (row 2)" in shown(editor.query_one("#matrix-status"))
        await _fill(pilot, editor, account="")
        assert len(s.answer(KEY).value) == 3 and "account" not in s.answer(KEY).value[-1]
        # Deleting the only row that names an account: the column goes.
        await pilot.press("up", "x")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("enter")
        await wait_for_screen(pilot, WorkloadScreen)
        assert all("account" not in r for r in s.answer(KEY).value)
        assert len(s.answer(KEY).value) == 2
        assert _table_lines(app)[0].split()[:2] == ["Environment", "Region"]


async def test_no_account_field_where_the_rubric_has_no_account_column(no_accounts_workload):
    app = make_app(no_accounts_workload)
    async with app.run_test(size=SMALL) as pilot:
        _, editor = await _open_matrix(pilot)
        assert not editor.query("#f-account")
        header, *rows = _table_lines(app)
        assert header.split() == ["Environment", "Region", "Workload", "Instance", "type", "Count"]
        assert [r.split()[-1] for r in rows] == ["4", "2", "1", "3"]
        assert "real_time_inference" in rows[0]  # the rubric's id, as typed everywhere else
        # A longer cell than any before widens its column in place, cropping others to fit.
        await pilot.press("a")
        await pilot.pause()
        await _fill(pilot, editor, region="ap-southeast-2", instance="ml.p4de.24xlarge", count="7")
        header, *rows = _table_lines(app)
        assert len(rows) == 5 and rows[-1].split()[-1] == "7" and header.split()[-1] == "Count"
        assert "ap-southeast-2" in rows[-1] and "ml.p4de.24xlarge" in rows[-1]
        assert max(len(line) for line in (header, *rows)) <= 80


def test_fit_widths_crops_the_widest_text_first_never_account_or_count():
    natural = {"environment": 11, "account": 12, "region": 14, "workload": 19}
    natural |= {"instance_type": 16, "count": 5}
    assert fit_widths(natural, 89, 1) is None  # 77 + 12 of padding: it fits
    fitted = fit_widths(natural, 80, 1)
    assert sum(fitted.values()) + 12 == 80
    assert fitted["account"] == 12 and fitted["count"] == 5 and fitted["environment"] == 11
    assert fitted["workload"] < 19 and fitted["instance_type"] < 16
    tight = fit_widths(natural, 20, 1)  # cannot fit: each text column down to its minimum
    assert tight == {**natural, "region": 8, "workload": 8, "instance_type": 8, "environment": 8}


async def _add_unknown_type(pilot, instance: str):
    """A new row typed with ``instance``, a type SageMaker's list lacks: the screen, the matrix
    editor and the dialog that asks what to do."""
    screen, editor = await _open_matrix(pilot)
    await pilot.press("a")
    await pilot.pause()
    await _fill(pilot, editor, region="us-west-2", instance=instance, count="2")
    return screen, editor, await wait_for_screen(pilot, ChoiceDialog)


async def test_an_unknown_instance_type_asks_and_fixing_it_keeps_what_was_typed(
    no_accounts_workload,
):
    app = make_app(no_accounts_workload)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, editor, dialog = await _add_unknown_type(pilot, "ml.m5.superhuge")
        s = screen.session
        assert "'ml.m5.superhuge' is not a size SageMaker offers for ml.m5" in shown(
            dialog.query_one(".message")
        )
        assert len(s.answer(KEY).value) == 4 and not s.unsaved  # nothing taken yet
        await pilot.press("enter")  # "Fix it", the first button
        await wait_for_screen(pilot, WorkloadScreen)
        assert app.focused is editor.query_one("#f-instance", Input)
        assert editor.query_one("#f-instance", Input).value == "ml.m5.superhuge"
        assert editor.query_one("#f-region", Input).value == "us-west-2"
        assert "it comes in large, xlarge" in shown(editor.query_one("#matrix-status"))
        assert len(s.answer(KEY).value) == 4 and s.workload.new_instance_types == []
        # Corrected, it goes in without a question.
        await _fill(pilot, editor, instance="ml.m5.xlarge")
        assert s.answer(KEY).value[-1]["instance_type"] == "ml.m5.xlarge"
        assert isinstance(app.screen, WorkloadScreen)


async def test_a_newer_instance_type_is_accepted_for_the_workload_on_confirmation(
    no_accounts_workload,
):
    app = make_app(no_accounts_workload)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, editor, dialog = await _add_unknown_type(pilot, "ml.g9.2xlarge")
        s = screen.session
        assert "no family 'g9'" in shown(dialog.query_one(".message"))
        await pilot.click("#choice-allow")
        await wait_for_screen(pilot, WorkloadScreen)
        assert s.answer(KEY).value[-1]["instance_type"] == "ml.g9.2xlarge"
        assert s.workload.new_instance_types == ["ml.g9.2xlarge"]
        assert "ml.g9.2xlarge" in _table_lines(app)[-1]
        # Once accepted, the same type needs no question: edit the row's count.
        await pilot.press("e")
        await pilot.pause()
        await _fill(pilot, editor, count="3")
        assert isinstance(app.screen, WorkloadScreen)
        assert s.answer(KEY).value[-1]["count"] == 3
        path = s.save()
    text = path.read_text()
    assert 'new_instance_types = ["ml.g9.2xlarge"]' in text
    assert main(["validate", "--strict", str(path)]) == 0


async def test_x_asks_before_a_row_is_deleted_and_the_footer_names_x(no_accounts_workload):
    app = make_app(no_accounts_workload)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, editor = await _open_matrix(pilot)
        s = screen.session
        footer = screen_text(app).splitlines()[-1]
        assert " x Delete row…" in footer and "del " not in footer
        await pilot.press("down", "x")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert "Row 2: production/eu-west-1/training/ml.m5.4xlarge, 2 instances." in shown(
            dialog.query_one(".message")
        )
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)
        assert len(s.answer(KEY).value) == 4 and not s.unsaved
        await pilot.press("delete")  # the other key asks the same
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.click("#choice-delete")
        await wait_for_screen(pilot, WorkloadScreen)
        assert [r["instance_type"] for r in s.answer(KEY).value] == [
            "ml.c5.xlarge",
            "ml.c5.xlarge",
            "ml.t3.medium",
        ]
        assert app.focused is editor.query_one(MatrixTable)


@pytest.mark.parametrize("fixture", ["no_accounts_workload", "accounts_workload"])
async def test_the_form_reads_like_a_row_and_marks_the_field_being_typed_in(fixture, request):
    path = request.getfixturevalue(fixture)
    if fixture == "accounts_workload":
        _set(path, WIDE_ROWS)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        _, editor = await _open_matrix(pilot)
        await pilot.press("e")
        await pilot.pause()
        labels = [shown(w) for w in editor.query(".field-label") if shown(w)]
        header = [c.label.plain for c in editor.query_one(MatrixTable).ordered_columns]
        columns = [c for c, _ in editor.form_fields()]
        # The labels are the table's headers, in its order (the account field whenever the
        # rubric allows one, the column once a row names one).
        assert labels == [c.capitalize() for c in (m.HEADERS[c] for c in columns)]
        assert [h for h in labels if h in header] == header
        focused = [w.id for w in editor.query(".field-label.-focused")]
        assert focused == ["label-f-env"]
        await pilot.press("tab")
        await pilot.pause()
        assert [w.id for w in editor.query(".field-label.-focused")] == [f"label-{app.focused.id}"]
        # The focused field's own background differs from its neighbours'.
        field = app.focused
        other = next(w for w in editor.query(Input) if w is not field)
        assert field.styles.background != other.styles.background
