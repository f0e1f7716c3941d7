"""Escape on every dialog, reached the way a person reaches it: the dialog goes and the app
still answers keys (Ctrl+P opens the palette, F1 the help, a key reaches the screen below).

Escape on the AWS import's result once left the app deaf to every key (the dialog had
overwritten a flag of Textual's own; see test_tui_textual_names.py). Every dialog class is
reached by at least one route here, and a new one fails the inventory test until it is.
"""

from __future__ import annotations

import inspect

import pytest
from textual.command import CommandPalette
from textual.screen import ModalScreen
from tui_helpers import go, make_app, our_textual_classes, wait_for_screen

from mlprofile_tui.tui.screens.aws_import import ImportRunScreen, ImportSettingsDialog
from mlprofile_tui.tui.screens.compare import CompareScreen
from mlprofile_tui.tui.screens.details import DetailsDialog
from mlprofile_tui.tui.screens.dialogs import (
    BranchDialog,
    ChoiceDialog,
    Dialog,
    PickDialog,
    TextDialog,
)
from mlprofile_tui.tui.screens.help import HelpScreen
from mlprofile_tui.tui.screens.start import StartScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen


async def _unsaved(pilot, screen) -> None:
    await pilot.press("f2")  # an honest "unknown": the workload has an unsaved change
    await pilot.pause()
    assert screen.session.unsaved


async def import_settings(pilot, screen):
    await pilot.press("f8")
    return ImportSettingsDialog


async def import_result_without_region(pilot, screen):
    """The reported hang: an endpoint typed, no AWS Region anywhere, Escape on the result."""
    await pilot.press("f8")
    await wait_for_screen(pilot, ImportSettingsDialog)
    await pilot.press(*"fraud-prod", "enter", "enter", "enter", "enter")
    run = await wait_for_screen(pilot, ImportRunScreen)
    await run.reading.wait()
    await pilot.pause()
    assert "no AWS Region" in str(run.query_one("#status").render())
    return ImportRunScreen


async def branch(pilot, screen):
    await pilot.press("f4")
    return BranchDialog


async def not_applicable(pilot, screen):
    await go(pilot, "business.outcome")
    await pilot.press("f3")
    return TextDialog


async def rationale(pilot, screen):
    await screen.switch_profile("reliable")
    await go(pilot, "cost.pricing_comparison")
    await pilot.press("ctrl+r")
    return TextDialog


async def pick_profile(pilot, screen):
    await pilot.press("ctrl+o")
    return PickDialog


async def profile_rationale(pilot, screen):
    await screen.switch_profile("reliable")
    screen.action_edit_profile_rationale()
    return TextDialog


async def save_as(pilot, screen):
    screen.action_save_as()
    return TextDialog


async def reload_confirm(pilot, screen):
    await _unsaved(pilot, screen)
    screen.action_reload()
    return ChoiceDialog


async def quit_unsaved(pilot, screen):
    await _unsaved(pilot, screen)
    await pilot.press("ctrl+q")
    return ChoiceDialog


async def save_conflict(pilot, screen):
    await _unsaved(pilot, screen)
    path = screen.session.path
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited elsewhere\n", "utf-8")
    await pilot.press("ctrl+s")
    return ChoiceDialog


async def help_screen(pilot, screen):
    await pilot.press("f1")
    return HelpScreen


async def compare_add(pilot, screen):
    await pilot.press("f5")
    await wait_for_screen(pilot, CompareScreen)
    await pilot.press("a")
    return PickDialog


async def compare_remove(pilot, screen):
    await screen.switch_profile("graviton")  # three profiles: one may go
    await pilot.press("f5")
    await wait_for_screen(pilot, CompareScreen)
    await pilot.press("r")
    return PickDialog


async def workload_details(pilot, screen):
    screen.action_edit_details()
    return DetailsDialog


async def rename_target(pilot, screen):
    await screen.switch_profile("graviton")
    screen.action_rename_profile()
    return TextDialog


async def delete_target(pilot, screen):
    await screen.switch_profile("graviton")
    screen.action_delete_profile()
    return ChoiceDialog


async def start_open(pilot, screen):
    await pilot.press("o")
    return TextDialog


async def start_new(pilot, screen):
    await pilot.press("n")
    return TextDialog


WORKLOAD_ROUTES = [
    import_settings,
    import_result_without_region,
    branch,
    not_applicable,
    rationale,
    pick_profile,
    profile_rationale,
    save_as,
    reload_confirm,
    quit_unsaved,
    save_conflict,
    help_screen,
    compare_add,
    compare_remove,
    workload_details,
    rename_target,
    delete_target,
]
START_ROUTES = [start_open, start_new, help_screen]


@pytest.fixture
def no_aws_region(fake_aws):
    fake_aws.delenv("AWS_REGION")
    fake_aws.delenv("AWS_DEFAULT_REGION", raising=False)


async def _escape_and_answer(pilot, route, under_type) -> None:
    app = pilot.app
    under = await wait_for_screen(pilot, under_type)
    dialog_type = await route(pilot, under)
    dialog = await wait_for_screen(pilot, dialog_type)
    below = app.screen_stack[-2]

    await pilot.press("escape")
    await wait_for_screen(pilot, type(below))
    assert app.screen is below and dialog not in app.screen_stack

    await pilot.press("ctrl+p")
    await wait_for_screen(pilot, CommandPalette)
    await pilot.press("escape")
    await wait_for_screen(pilot, type(below))
    await pilot.press("f1")
    await wait_for_screen(pilot, HelpScreen)
    await pilot.press("escape")
    await wait_for_screen(pilot, type(below))
    if isinstance(below, WorkloadScreen):
        key = below.key
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert below.key != key  # the key reached the workload screen


@pytest.mark.parametrize("route", WORKLOAD_ROUTES, ids=lambda r: r.__name__)
async def test_escape_on_a_workload_dialog_leaves_the_app_answering(example, no_aws_region, route):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await _escape_and_answer(pilot, route, WorkloadScreen)


@pytest.mark.parametrize("route", START_ROUTES, ids=lambda r: r.__name__)
async def test_escape_on_a_start_dialog_leaves_the_app_answering(route):
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await _escape_and_answer(pilot, route, StartScreen)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_dialog_has_an_escape_route():
    """The routes above reach every dialog the app has (ModalScreens included)."""
    ours = {c for c in our_textual_classes() if issubclass(c, ModalScreen) and c is not Dialog}
    routed = set()
    for route in WORKLOAD_ROUTES + START_ROUTES:
        for name, obj in route.__globals__.items():
            if inspect.isclass(obj) and name in inspect.getsource(route) and obj in ours:
                routed.add(obj)
    missing = sorted(c.__name__ for c in ours - routed)
    assert ours == routed, f"dialogs without an Escape test: {missing}"
    assert _subclasses(Dialog) <= ours
