"""Snapshots of every screen and input kind (pytest-textual-snapshot; SVGs in __snapshots__).

Plain ``def`` tests: ``snap_compare`` runs the app with ``asyncio.run``. Sizes are fixed, the
cursor does not blink (tests/conftest.py), the clock and data folder are pinned by conftest.
Regenerate with ``--snapshot-update`` only after looking at snapshot_report.html.
"""

from __future__ import annotations

import pytest
from tui_helpers import make_app, wait_for_screen

from mlprofile_tui.tui.screens.workload import WorkloadScreen

WIDE = (120, 40)
SMALL = (80, 24)


def at_question(key: str):
    async def run_before(pilot) -> None:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await screen.go_to(key)
        await pilot.pause()

    return run_before


async def workload_ready(pilot) -> None:
    await wait_for_screen(pilot, WorkloadScreen)


def test_start_screen(snap_compare):
    assert snap_compare(make_app(None), terminal_size=WIDE)


def test_start_screen_small(snap_compare):
    assert snap_compare(make_app(None), terminal_size=SMALL)


def test_workload_screen(snap_compare, example):
    assert snap_compare(make_app(example), terminal_size=WIDE, run_before=workload_ready)


def test_workload_screen_small(snap_compare, example):
    assert snap_compare(make_app(example), terminal_size=SMALL, run_before=workload_ready)


@pytest.mark.parametrize(
    "key",
    [
        "deployment.instance_selection",  # enum with levels
        "cost.levers",  # multi-select
        "network.vpc",  # bool
        "deployment.instance_type",  # text
        "traffic.latency_target_ms",  # duration with unit
    ],
)
def test_question_kinds(snap_compare, example, key):
    assert snap_compare(make_app(example), terminal_size=WIDE, run_before=at_question(key))


def test_size_typed_with_unit_shows_what_it_means(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=at_question("deployment.model_artifact_size"),
        press=["ctrl+u", *"1.2 GB"],
    )


def test_invalid_number_explains_itself(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=at_question("traffic.p95_latency_ms"),
        press=["ctrl+u", *"fast"],
    )


def test_matrix_editor(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=at_question("provisioning.matrix"),
        press=["down", "e"],
    )


def test_matrix_editor_small(snap_compare, example):
    """80×24: the gauges step aside for the matrix, so every column, Count last, is in sight."""
    assert snap_compare(
        make_app(example),
        terminal_size=SMALL,
        run_before=at_question("provisioning.matrix"),
        press=["down", "e"],
    )


def test_branch_dialog(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=workload_ready,
        press=["f4", *"serverless", "enter", *"Spiky traffic pays for idle"],
    )


def test_compare_screen(snap_compare, example):
    assert snap_compare(
        make_app(example), terminal_size=WIDE, run_before=workload_ready, press=["f5"]
    )


def test_compare_differences_only(snap_compare, example):
    assert snap_compare(
        make_app(example), terminal_size=WIDE, run_before=workload_ready, press=["f5", "d"]
    )


def test_history_screen(snap_compare, example):
    assert snap_compare(
        make_app(example), terminal_size=WIDE, run_before=workload_ready, press=["f7"]
    )


def test_workload_screen_small_unsaved(snap_compare, example):
    """80×24 after an answer: the name, the file, ● unsaved, the overall level and F1 Help."""
    assert snap_compare(
        make_app(example),
        terminal_size=SMALL,
        run_before=at_question("network.vpc"),
        press=["enter"],
    )


def test_help_small(snap_compare, example):
    """80×24: F1 opens on the keys, the app's own first."""
    assert snap_compare(
        make_app(example), terminal_size=SMALL, run_before=workload_ready, press=["f1"]
    )


def test_matrix_small_wide_rows(snap_compare, data_dir):
    """80×24 with the longest instance types of the examples: every column, Count too."""
    from mlprofile_tui.core.examples import example_copy

    assert snap_compare(
        make_app(example_copy("llm-assistant")),
        terminal_size=SMALL,
        run_before=at_question("provisioning.matrix"),
    )


def test_history_screen_small(snap_compare, example):
    """80×24: the chart of maturity over time comes first, the table below it."""
    assert snap_compare(
        make_app(example), terminal_size=SMALL, run_before=workload_ready, press=["f7"]
    )


def test_matrix_delete_asks_first(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=at_question("provisioning.matrix"),
        press=["down", "x"],
    )


def _run_action(action: str, profile: str | None = None):
    async def run_before(pilot) -> None:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        if profile is not None:
            await screen.switch_profile(profile)
        await screen.run_action(action)
        await pilot.pause()

    return run_before


def test_workload_details_dialog(snap_compare, example):
    assert snap_compare(
        make_app(example), terminal_size=WIDE, run_before=_run_action("edit_details")
    )


def test_rename_target_dialog(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=_run_action("rename_profile", "reliable"),
    )


def test_delete_snapshot_asks_first(snap_compare, example):
    assert snap_compare(
        make_app(example),
        terminal_size=WIDE,
        run_before=_run_action("delete_profile", "snapshot-2026-05-04"),
    )
