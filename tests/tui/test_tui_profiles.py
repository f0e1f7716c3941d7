"""Branching a target, rationale per change, compare, save and reopen: the lens's whole loop."""

from __future__ import annotations

from tui_helpers import (
    choose,
    go,
    make_app,
    palette_first_hit,
    shown,
    type_text,
    wait_for_screen,
    wait_until,
)

from mlprofile_tui.core.workload import load_workload
from mlprofile_tui.tui.screens.compare import CompareScreen
from mlprofile_tui.tui.screens.dialogs import BranchDialog, PickDialog, TextDialog
from mlprofile_tui.tui.screens.history import HistoryScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.gauge import GaugePanel


async def branch(pilot, name: str, rationale: str) -> None:
    await pilot.press("f4")
    dialog = await wait_for_screen(pilot, BranchDialog)
    await pilot.press(*name, "enter")  # Enter moves on to the rationale
    await pilot.press(*rationale)
    await pilot.click("#ok")
    await wait_for_screen(pilot, WorkloadScreen)
    assert dialog is not None


async def test_branch_change_explain_compare_save_reopen(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session

        # a target needs a name that is free and a rationale
        await pilot.press("f4")
        dialog = await wait_for_screen(pilot, BranchDialog)
        await pilot.press(*"reliable", "enter")
        await pilot.click("#ok")
        await pilot.pause()
        assert "already exists" in shown(dialog.query_one("#error"))
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)

        await branch(pilot, "serverless", "Spiky traffic pays for idle instances")
        assert s.profile == "serverless"
        assert s.current.is_target and s.current.based_on == "current"
        assert "target ← current" in screen.sub_title

        # a changed value asks why; the answer is stored with the change
        await go(pilot, "deployment.deployment_location")
        await choose(pilot, "serverless")
        rationale = await wait_for_screen(pilot, TextDialog)
        await pilot.press(*"Traffic idles overnight")
        await pilot.click("#ok")
        await wait_for_screen(pilot, WorkloadScreen)
        own = s.current.values["deployment.deployment_location"]
        assert own.value == "serverless" and own.rationale == "Traffic idles overnight"
        assert rationale is not None

        # a second change with the rationale deferred is listed as still lacking one
        await go(pilot, "cost.pricing_comparison")
        await choose(pilot, "on_change")
        await wait_for_screen(pilot, TextDialog)
        await pilot.click("#defer")
        await wait_for_screen(pilot, WorkloadScreen)
        debt = shown(screen.query_one(GaugePanel).query_one("#rationale-debt"))
        assert "1 change(s) without a rationale" in debt and "cost.pricing_comparison" in debt
        # ... and Ctrl+R on it writes one later
        await go(pilot, "cost.pricing_comparison")
        await pilot.press("ctrl+r")
        await wait_for_screen(pilot, TextDialog)
        await pilot.press(*"Re-price on every traffic change")
        await pilot.click("#ok")
        await wait_for_screen(pilot, WorkloadScreen)
        assert not s.changes_without_rationale()

        # compare: current beside the new target, changed rows marked, rationale shown
        await pilot.press("f5")
        compare = await wait_for_screen(pilot, CompareScreen)
        assert compare.names == ["current", "serverless"]
        rows = {r.key: r for r in compare.comparison.rows}
        assert rows["deployment.deployment_location"].differs
        assert (
            rows["deployment.deployment_location"].rationale["serverless"]
            == "Traffic idles overnight"
        )
        all_rows = len(compare.row_keys)
        await pilot.press("d")
        await pilot.pause()
        assert compare.diff_only and len(compare.row_keys) < all_rows
        assert "deployment.deployment_location" in compare.row_keys
        assert "deployment.model_family" not in compare.row_keys
        await pilot.press("a")
        picker = await wait_for_screen(pilot, PickDialog)
        await pilot.press("down", "enter")  # the second candidate
        await wait_for_screen(pilot, CompareScreen)
        assert len(compare.names) == 3
        added = compare.names[-1]
        assert picker is not None
        await pilot.press("r")
        await wait_for_screen(pilot, PickDialog)
        await pilot.press("end", "enter")
        await wait_for_screen(pilot, CompareScreen)
        assert added not in compare.names and len(compare.names) == 2
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)

        # snapshot + maturity over time
        await pilot.press("f6")
        await pilot.pause()
        assert "snapshot-2026-11-26" in s.workload.profiles
        await pilot.press("f7")
        history = await wait_for_screen(pilot, HistoryScreen)
        assert history.query_one("#history-table").row_count == len(s.rubric.groups) + 1
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)

        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()  # the save runs in a thread
        await pilot.pause()
        assert not s.unsaved and "unsaved" not in screen.sub_title

    # reopen: everything is in the file
    w = load_workload(example)
    target = w.profiles["serverless"]
    assert target.rationale == "Spiky traffic pays for idle instances"
    assert target.values["deployment.deployment_location"].rationale == "Traffic idles overnight"
    assert target.values["cost.pricing_comparison"].rationale == "Re-price on every traffic change"
    assert "snapshot-2026-11-26" in w.profiles
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await screen.switch_profile("serverless")
        await go(pilot, "deployment.deployment_location")
        text = shown(screen.query_one("#answer-state"))
        assert "Changed from current" in text and "Traffic idles overnight" in text


async def test_palette_reaches_actions(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"branch target")
        await wait_until(pilot, lambda: "Branch target" in palette_first_hit(app), "the hit")
        await pilot.press("enter")
        await wait_for_screen(pilot, BranchDialog)


async def test_help_shows_keys_and_the_question(example):
    from mlprofile_tui.tui.screens.help import HelpScreen

    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        text = help_screen.text()
        assert "Branch…" in text and "business.outcome" in text  # the question shown
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)


async def test_typed_value_in_target_keeps_inheritance_honest(example):
    """Answering a target with its base's value stores nothing and asks for no rationale."""
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await branch(pilot, "same", "Checking inheritance")
        await go(pilot, "deployment.models_per_endpoint")
        await type_text(pilot, "1")
        assert isinstance(app.screen, WorkloadScreen)  # no rationale asked
        assert "deployment.models_per_endpoint" not in screen.session.current.values
