"""The matrix editor (issue 15): the rubric's environments and workloads, the optional account
column, and a table that keeps its Count column in sight at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError
from tui_helpers import go, make_app, screen_text, shown, wait_for_screen

from mlprofile_tui.cli import main
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
        await pilot.pause()
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
