"""What the app shows: compare keeps every value and delta, the gauges tell score from
completeness, dialogs and help behave as a newcomer expects, and the palette has one Quit."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable
from tui_helpers import go, make_app, shown, wait_for_screen, wait_until

from mlprofile_tui.core.compare import delta_mark
from mlprofile_tui.tui.commands.palette import ScreenCommands
from mlprofile_tui.tui.screens.compare import CompareScreen
from mlprofile_tui.tui.screens.dialogs import BranchDialog, TextDialog
from mlprofile_tui.tui.screens.help import HelpScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.gauge import GroupGauges


def test_delta_marks_are_the_command_lines():
    assert [delta_mark(d) for d in (2, 1, 0, None, -1, -3)] == ["▲2", "▲1", "", "", "▼1", "▼3"]


async def test_compare_cuts_no_value_and_drops_no_delta(example):
    app = make_app(example)
    async with app.run_test(size=(80, 24)) as pilot:  # the narrowest terminal it must serve
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("f5")
        compare = await wait_for_screen(pilot, CompareScreen)
        c = compare.comparison
        table = compare.query_one(DataTable)
        rubric = compare.session.rubric
        for i, key in enumerate(compare.row_keys):
            row = table.get_row_at(i)
            # the rows are as tall as their content: every cell's whole text fits its lines
            height = table.ordered_rows[i].height
            for column, cell in zip(table.ordered_columns, row, strict=True):
                lines = app.console.render_lines(
                    cell, app.console.options.update_width(column.width)
                )
                assert len(lines) <= height, (key, cell.plain)
            if key.startswith("group:"):
                deltas = c.group_deltas(key.removeprefix("group:"))
            else:
                r = next(r for r in c.rows if r.key == key)
                deltas = r.deltas
                for n, cell in zip(compare.names, row[1:], strict=False):
                    from mlprofile_tui.core.values import display

                    assert display(rubric.get(key), r.answers[n]) in " ".join(cell.plain.split())
            for n, cell in zip(compare.names, row[1:], strict=False):
                assert delta_mark(deltas[n]) in cell.plain
                assert "+" not in cell.plain.replace(" ", "")[-2:]  # ▲/▼, never +1/-1
        summary = shown(compare.query_one("#compare-summary"))
        assert "▲1" in summary  # reliable and graviton are a level above current


async def test_group_gauges_keep_score_and_completeness_apart(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        lines = str(screen.query_one(GroupGauges).content).splitlines()
        assert lines[0].split() == ["lvl", "score", "done"]
        score = screen.session.score()
        for line, g in zip(lines[1:], score.groups.values(), strict=True):
            answered, asked = g.answered
            assert line.rstrip().endswith(f"{answered}/{asked}")  # a count, not a percent
            if g.score is not None:
                assert f"{g.score:.0%}" in line


async def test_branch_dialog_submits_on_enter_and_clears_a_fixed_error(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("f4")
        dialog = await wait_for_screen(pilot, BranchDialog)
        await pilot.press(*"reliable", "enter")  # taken: the error shows at once
        assert "already exists" in shown(dialog.query_one("#error"))
        await pilot.press("backspace", *"2")  # "reliabl2" is free: the error goes
        await pilot.pause()
        assert shown(dialog.query_one("#error")) == ""
        await pilot.press("enter")  # on to the rationale
        assert app.focused is dialog.query_one("#rationale")
        await pilot.press("enter")  # no rationale yet
        assert "Write the rationale" in shown(dialog.query_one("#error"))
        await pilot.press(*"Cheaper")
        await pilot.pause()
        assert shown(dialog.query_one("#error")) == ""
        await pilot.press("enter")  # Enter branches
        await wait_for_screen(pilot, WorkloadScreen)
        assert screen.session.profile == "reliabl2"
        assert screen.session.current.rationale == "Cheaper"


async def test_not_applicable_dialog_speaks_the_apps_language(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, "deployment.instance_type")
        await pilot.press("f3")
        dialog = await wait_for_screen(pilot, TextDialog)
        await pilot.press("ctrl+u", "enter")  # no reason
        error = shown(dialog.query_one("#error"))
        assert error == "not applicable needs a reason"


async def test_help_lists_the_apps_keys_first(example):
    app = make_app(example)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, "deployment.instance_type")  # a text field: it has editing keys
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        text = help_screen.text()
        assert text.startswith("# Keys here")
        ours = text.index("| Save |")
        assert ours < text.index("| Help |") < text.index("# How mlprofile works")
        other = text.index("# Other keys")
        assert "Focus Next" in text[other:] and "Focus Next" not in text[:other]


async def test_one_quit_in_the_palette(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        system = [c.title for c in app.get_system_commands(screen)]
        ours = [h.text async for h in ScreenCommands(screen).discover()]
        quits = [t for t in system + ours if "quit" in str(t).lower()]
        assert quits == ["app: Quit"]
        assert system  # the other system commands (theme, keys, screenshot) stay


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_group_gauge_lines_fit_their_width_in_every_profile(example, size):
    """A long blocker brings the panel's scrollbar: the lines are laid out again to fit."""
    app = make_app(example)
    async with app.run_test(size=size) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        gauges = screen.query_one(GroupGauges)

        def widest() -> int:
            return max(map(len, str(gauges.content).splitlines()))

        for name in screen.session.workload.profiles:
            await screen.switch_profile(name)
            # The scrollbar arrives with the layout after the switch, and the lines are laid
            # out again on that resize: wait for it, not for a fixed number of rounds.
            await wait_until(
                pilot,
                lambda: widest() <= gauges.content_size.width,
                f"{name}: group gauge lines within {gauges.content_size.width} columns",
            )
