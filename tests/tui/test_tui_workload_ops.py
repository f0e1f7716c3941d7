"""The operations issue 9 found missing in the app: the workload's name, owner and notes;
renaming and deleting a target or a dated snapshot (asking first); going to any question from
the palette by its text or key. Each goes through the session and the core's document, stays
in memory until Ctrl+S, and is saved like any other edit."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import Button
from tui_helpers import make_app, shown, wait_for_screen

from mlprofile_tui.core.workload import load_workload
from mlprofile_tui.tui.commands.questions import QuestionCommands
from mlprofile_tui.tui.screens.details import DetailsDialog
from mlprofile_tui.tui.screens.dialogs import ChoiceDialog, TextDialog
from mlprofile_tui.tui.screens.workload import WorkloadScreen

SIZE = (120, 40)


def _toasts(app, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity in (None, n.severity)]


async def _until(pilot, condition, what: str, tries: int = 2000) -> None:
    """Let messages settle until ``condition()`` holds (the palette searches in a worker)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def _palette(pilot, query: str, expected: str) -> None:
    """Open the palette, type ``query`` and run the first hit once it is ``expected``."""
    await pilot.press("ctrl+p")
    palette = await wait_for_screen(pilot, CommandPalette)
    await pilot.press(*query)
    results = palette.query_one(CommandList)

    def first_is_expected() -> bool:
        return bool(results.option_count) and expected in str(results.get_option_at_index(0).prompt)

    await _until(pilot, first_is_expected, f"{expected!r} first for {query!r}")
    await pilot.press("enter")
    await _until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), "palette closed")


async def test_name_owner_and_notes_are_edited_and_saved(example):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        await _palette(pilot, "edit name owner", "workload: Edit name, owner and notes")
        dialog = await wait_for_screen(pilot, DetailsDialog)
        assert dialog.query_one("#name").value == "Card fraud scorer"
        # An empty name is refused in the dialog, with the core's words; nothing changes.
        dialog.query_one("#name").value = "   "
        await pilot.click("#ok")
        await pilot.pause()
        assert shown(dialog.query_one("#error")) == "A workload needs a name."
        assert isinstance(app.screen, DetailsDialog) and not s.unsaved
        dialog.query_one("#name").value = "Card fraud scorer [v2]"  # markup-like text stays text
        dialog.query_one("#owner").value = "risk-ml"
        dialog.query_one("#notes").text = "Line one.\nLine two."
        # Not a second click: Textual's Button ignores clicks for 0.2 s after the last one (its
        # "-active" effect), a time this test must not depend on. Pressed as Enter would.
        dialog.query_one("#ok", Button).press()
        await wait_for_screen(pilot, WorkloadScreen)
        assert (s.workload.name, s.workload.owner) == ("Card fraud scorer [v2]", "risk-ml")
        assert s.unsaved and screen.title == "Card fraud scorer [v2]"
        # Escape leaves everything as it is.
        await screen.run_action("edit_details")
        await wait_for_screen(pilot, DetailsDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
    again = load_workload(example)
    assert (again.name, again.owner, again.notes) == (
        "Card fraud scorer [v2]",
        "risk-ml",
        "Line one.\nLine two.",
    )


async def test_a_target_is_renamed_and_the_targets_on_it_follow(example):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        s.branch("reliable", "arm", "Graviton on top of reliable.")
        await screen.switch_profile("reliable")
        await screen.run_action("rename_profile")
        dialog = await wait_for_screen(pilot, TextDialog)
        assert dialog.query_one("#text").value == "reliable"
        assert "(graviton, arm) follow the new name" in shown(dialog.query_one(".message"))
        dialog.query_one("#text").value = "Arm"  # taken, ignoring case
        await pilot.press("enter")
        await pilot.pause()
        assert "already exists" in shown(dialog.query_one("#error"))
        dialog.query_one("#text").value = "multi-az"
        await pilot.press("enter")
        await wait_for_screen(pilot, WorkloadScreen)
        assert s.profile == "multi-az" and "reliable" not in s.workload.profiles
        assert s.workload.profiles["arm"].based_on == "multi-az"
        assert s.workload.profiles["graviton"].based_on == "multi-az"
        assert "multi-az ·" in screen.sub_title
        profiles = screen.query_one("#profiles")
        ids = [profiles.get_option_at_index(i).id for i in range(profiles.option_count)]
        assert "multi-az" in ids and "reliable" not in ids
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
    again = load_workload(example)
    assert again.profiles["arm"].based_on == "multi-az"
    assert again.effective("arm") == s.workload.effective("arm")


async def test_the_current_state_keeps_its_name_and_cannot_be_deleted(example):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await screen.run_action("rename_profile")
        await app.workers.wait_for_complete()
        await screen.run_action("delete_profile")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, WorkloadScreen)  # no dialog: nothing to ask
        warnings = _toasts(app, "warning")
        assert any("'current' is the current state and keeps its name" in w for w in warnings)
        assert any("'current' is the current state; it cannot be deleted" in w for w in warnings)
        assert not screen.session.unsaved


async def test_a_snapshot_is_deleted_after_asking_and_a_base_of_targets_is_not(example):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        snap = s.snapshot("before-audit").name
        await screen.switch_profile(snap)
        await screen.run_action("delete_profile")
        dialog = await wait_for_screen(pilot, ChoiceDialog)
        assert f"snapshot {snap!r} of 2026-11-26" in shown(dialog.query_one(".message"))
        await pilot.press("escape")  # cancel: nothing goes
        await wait_for_screen(pilot, WorkloadScreen)
        assert snap in s.workload.profiles
        await screen.run_action("delete_profile")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.click("#choice-delete")
        await wait_for_screen(pilot, WorkloadScreen)
        await app.workers.wait_for_complete()
        assert snap not in s.workload.profiles and s.profile == "current"
        # Targets are based on "reliable": deleting it is refused with the reason.
        s.branch("reliable", "arm", "why")
        await screen.switch_profile("reliable")
        await screen.run_action("delete_profile")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, WorkloadScreen)
        assert any(
            "targets 'graviton', 'arm' are based on 'reliable'" in w
            for w in _toasts(app, "warning")
        )
        assert "reliable" in s.workload.profiles


async def test_the_palette_goes_to_a_question_by_its_text_or_its_key(example):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await _palette(pilot, "p95_latency", "go to: Traffic pattern:")
        await pilot.pause()
        assert screen.key == "traffic.p95_latency_ms"
        await _palette(pilot, "how many instances serve it at the quietest", "go to:")
        await pilot.pause()
        assert screen.key == "deployment.instance_count_min"


async def test_question_hits_cover_every_question_asked_and_only_those(example):
    app = make_app(example)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        provider = QuestionCommands(screen)
        asked = [ch.key for ch in screen.session.questions()]
        for ch in screen.session.questions():
            hits = [h async for h in provider.search(ch.key)]
            assert ch.key in [h.help for h in hits]  # its key finds it
            words = " ".join(ch.question.split()[:6])
            hits = [h async for h in provider.search(words)]
            assert ch.key in [h.help for h in hits]  # and so does its text
        every = {h.help for h in [h async for h in provider.search(".")]}
        assert every <= set(asked)
