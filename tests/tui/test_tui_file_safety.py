"""Nothing is lost, nothing is clobbered: unsaved-quit confirm, crash recovery, disk conflicts."""

from __future__ import annotations

import json

import pytest
from tui_helpers import choose, dialog_text, go, make_app, wait_for_screen

from mlprofile_tui.core import recovery
from mlprofile_tui.tui.screens.dialogs import ChoiceDialog, TextDialog
from mlprofile_tui.tui.screens.workload import WorkloadScreen


async def change_something(pilot) -> None:
    await go(pilot, "deployment.profile_review")
    await choose(pilot, "each_release")


async def open_change_and_quit(pilot) -> None:
    """An unsaved change, then Ctrl+Q: the app asks before it goes."""
    await wait_for_screen(pilot, WorkloadScreen)
    await change_something(pilot)
    await pilot.press("ctrl+q")
    await wait_for_screen(pilot, ChoiceDialog)


async def test_quit_with_unsaved_changes_asks_first(example):
    original = example.read_text()
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_change_and_quit(pilot)
        assert "has changes that are not saved" in dialog_text(app)
        await pilot.click("#choice-cancel")
        await wait_for_screen(pilot, WorkloadScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.click("#choice-discard")
        await pilot.pause()
    assert app.return_code == 0
    assert example.read_text() == original
    assert not recovery.left_behind(example)  # the user chose to drop the edits


async def test_save_and_quit(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_change_and_quit(pilot)
        await pilot.click("#choice-save")
        await pilot.app.workers.wait_for_complete()  # the save runs in a thread
        await pilot.pause()
    assert '"deployment.profile_review" = { value = "each_release"' in example.read_text()


async def test_quit_without_changes_does_not_ask(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)


async def test_recovery_after_a_crash(example):
    original = example.read_text()
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await change_something(pilot)
        await app.workers.wait_for_complete()  # the copy is written by a thread worker
        # written on the change, not on quit
        assert recovery.recovery_path(example, "app-1").exists()
    # the run ended without quitting through the app: the same as a killed terminal
    assert example.read_text() == original

    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        assert "Restore unsaved changes?" in dialog_text(app)
        await pilot.click("#choice-restore")
        screen = await wait_for_screen(pilot, WorkloadScreen)
        s = screen.session
        assert s.unsaved and s.answer("deployment.profile_review").value == "each_release"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()  # the save runs in a thread
        await pilot.pause()
        assert not s.unsaved
    assert '"deployment.profile_review" = { value = "each_release"' in example.read_text()
    assert not recovery.left_behind(example)


async def test_recovery_can_be_discarded(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await change_something(pilot)
        await app.workers.wait_for_complete()
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.click("#choice-discard")
        screen = await wait_for_screen(pilot, WorkloadScreen)
        assert screen.session.answer("deployment.profile_review").value == "ad_hoc"
    assert not recovery.left_behind(example)


async def test_file_changed_on_disk_is_never_clobbered(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await change_something(pilot)
        theirs = example.read_text() + "\n# pulled from git while the app was open\n"
        example.write_text(theirs)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ChoiceDialog)
        assert "Not saved: the file changed on disk" in dialog_text(app)
        assert example.read_text() == theirs
        await pilot.click("#choice-save_as")
        dialog = await wait_for_screen(pilot, TextDialog)
        mine = example.with_name("fraud-scorer.mine.mlprofile.toml")
        assert dialog.query_one("#text").value == str(mine)
        await pilot.press("enter")
        await wait_for_screen(pilot, WorkloadScreen)
        assert screen.session.path == mine and not screen.session.unsaved
    assert example.read_text() == theirs
    assert '"deployment.profile_review" = { value = "each_release"' in mine.read_text()


async def test_conflict_can_reload_from_disk(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await change_something(pilot)
        theirs = example.read_text().replace(
            'name = "Card fraud scorer"', 'name = "Fraud scorer v2"'
        )
        example.write_text(theirs)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.click("#choice-reload")
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.pause()
        s = screen.session
        assert s.workload.name == "Fraud scorer v2" and not s.unsaved
        assert s.answer("deployment.profile_review").value == "ad_hoc"
    assert example.read_text() == theirs


async def test_restored_edits_never_overwrite_a_newer_file(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
        await change_something(pilot)
        await pilot.pause()
    theirs = example.read_text() + "\n# someone else's commit\n"
    example.write_text(theirs)
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, ChoiceDialog)
        assert "changed on disk since then" in dialog_text(app)
        await pilot.click("#choice-restore")
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ChoiceDialog)
        assert "Not saved" in dialog_text(app)
    assert example.read_text() == theirs


def test_two_windows_keep_their_own_unsaved_answers(example):
    """Each window on a file has its own private recovery copy; the second save is refused."""
    import pytest

    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.errors import ConflictError
    from mlprofile_tui.tui.session import Session

    first, second = Session.open(example), Session.open(example)
    assert (first.slot.number, second.slot.number, second.slot.others) == (1, 2, 1)
    first.set_answer("deployment.profile_review", Answer(State.VALUE, "each_release"))
    second.set_answer("cost.pricing_comparison", Answer(State.VALUE, "on_change"))
    one, two = first.write_recovery(), second.write_recovery()
    assert one != two and one.stat().st_mode & 0o777 == 0o600

    def edits(copy):
        return {tuple(e["path"]): e.get("value") for e in json.loads(copy.read_text())["edits"]}

    review = ("profiles", "current", "values", "deployment.profile_review")
    assert edits(one)[review]["value"] == "each_release" and review not in edits(two)

    second.save()
    with pytest.raises(ConflictError):
        first.save()
    first.close()  # the window ends without saving: its copy is what the next one offers
    (left,) = recovery.left_behind(example, mine=second.slot)
    assert left.path == one
    second.close()


async def test_a_second_window_says_so(example):
    from mlprofile_tui.core.recovery import EditorSlot

    elsewhere = EditorSlot(example, "app")  # another window holds the file
    try:
        app = make_app(example)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await wait_for_screen(pilot, WorkloadScreen)
            assert screen.session.slot.number == 2
            await pilot.pause()
            toasts = [n.message for n in app._notifications]  # what the toast rack shows
            assert any("1 other mlprofile window has" in t for t in toasts), toasts
    finally:
        elsewhere.release()


def test_a_recovery_copy_replays_every_kind_of_edit(example, tmp_path):
    """Answers, a branch (its date-time travels through JSON), a snapshot and rationale come
    back exactly; on a file changed since, they can be saved as a new file only."""
    import pytest

    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.errors import ConflictError
    from mlprofile_tui.tui.session import Session

    s = Session.open(example)
    s.set_answer("deployment.profile_review", Answer(State.VALUE, "each_release"))
    s.branch("current", "spot", "Spot for batch")
    s.set_answer("cost.spot_training", Answer(State.VALUE, "used", rationale="cheaper"))
    s.snapshot("snapshot-2026-12-01")
    s.profile = "current"
    s.set_answer("network.vpc", Answer(State.UNKNOWN))
    s.write_recovery()
    expected = s.recovery_text()
    s.close()

    (found,) = recovery.left_behind(example)
    restored = Session.restore(found)
    assert restored.recovery_text() == expected
    assert restored.workload.profiles["spot"].taken == s.workload.profiles["spot"].taken
    restored.close()

    example.write_text(example.read_text() + "\n# a colleague's change\n")
    stale = Session.restore(found)
    with pytest.raises(ConflictError):
        stale.save()
    mine = stale.save(tmp_path / "mine.mlprofile.toml")
    assert "snapshot-2026-12-01" in mine.read_text()
    stale.close()


def test_an_answer_given_while_saving_stays_unsaved(example):
    """The app saves in a thread; what is answered meanwhile is not in that save."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.tui.session import Session

    s = Session.open(example)
    s.set_answer("deployment.profile_review", Answer(State.VALUE, "each_release"))
    real_save = s.doc.save

    def save_while_answering(*args, **kwargs):
        s.set_answer("cost.pricing_comparison", Answer(State.VALUE, "on_change"))
        return real_save(*args, **kwargs)

    s.doc.save = save_while_answering
    s.save()
    assert s.unsaved  # the second answer is in the model, not yet in the file
    del s.doc.save
    s.save()
    assert not s.unsaved and '"cost.pricing_comparison" = { value = "on_change"' in (
        example.read_text()
    )
    s.close()


@pytest.mark.parametrize("left_copy", [False, True], ids=["straight-in", "copy-to-offer"])
async def test_a_file_every_slot_of_which_is_taken_is_refused_with_a_message(example, left_copy):
    """The slot is claimed after the first frame (or before offering a copy back): when all
    are taken the app says so and goes to the start screen, never a traceback, file as it was."""
    from mlprofile_tui.core.recovery import MAX_SLOTS, EditorSlot, recovery_path
    from mlprofile_tui.tui.screens.start import StartScreen

    original = example.read_bytes()
    others = [EditorSlot(example, "app") for _ in range(MAX_SLOTS)]
    if left_copy:
        recovery_path(example, f"app-{MAX_SLOTS + 1}").write_text("{}")
    try:
        app = make_app(example)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_screen(pilot, StartScreen)
            toasts = [n.message for n in app._notifications]
            assert any(f"{MAX_SLOTS} editors already have this file open" in t for t in toasts)
            assert app.session is None
    finally:
        for slot in others:
            slot.release()
    assert example.read_bytes() == original


async def test_two_crashed_windows_each_get_their_copy_offered_none_overwritten(example):
    """Two windows ended without saving: one copy is offered (the newest); restoring it never
    writes over the other, which is offered the next time the file is opened."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.tui.session import Session

    first, second = Session.open(example), Session.open(example)
    first.set_answer("deployment.profile_review", Answer(State.VALUE, "each_release"))
    second.set_answer("deployment.profile_review", Answer(State.VALUE, "ad_hoc"))
    copies = {first.write_recovery(): None, second.write_recovery(): None}
    first.close()  # both windows end without saving (as a crash would leave them)
    second.close()
    copies = {path: path.read_bytes() for path in copies}
    restored = []
    for _ in copies:
        app = make_app(example)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_screen(pilot, ChoiceDialog)
            await pilot.click("#choice-restore")
            screen = await wait_for_screen(pilot, WorkloadScreen)
            restored.append(screen.session.answer("deployment.profile_review").value)
            assert screen.session.recovery().path.exists()  # the restored edits' new copy
            if len(restored) == 1:  # the copy not offered yet is byte for byte as it was left
                left = [path for path in copies if path.exists()]
                assert len(left) == 1 and left[0].read_bytes() == copies[left[0]]
            await pilot.press("ctrl+q")
            await wait_for_screen(pilot, ChoiceDialog)
            await pilot.click("#choice-discard")
    assert sorted(restored) == ["ad_hoc", "each_release"]  # each offered once
    assert not recovery.left_behind(example)  # both dealt with
