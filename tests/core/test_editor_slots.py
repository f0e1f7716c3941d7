"""Editor slots: each window on a workload holds its own OS lock (``filelock``) while it runs.

Any other tool that locks the slot's file with filelock sees ours and we see its; a process that
dies frees its slot because the OS lock goes with it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from mlprofile_tui.core.recovery import EditorSlot, recovery_folder, slot_in_use


@pytest.fixture
def workload(tmp_path):
    path = tmp_path / "w.mlprofile.toml"
    path.write_text("")
    return path


def test_windows_in_one_process_get_their_own_slots(workload):
    first = EditorSlot(workload)
    second = EditorSlot(workload)
    try:
        assert (first.number, second.number) == (1, 2)
        assert (first.others, second.others) == (0, 1)
        assert slot_in_use(workload, "app", 1) and slot_in_use(workload, "app", 2)
        first.release()
        assert not slot_in_use(workload, "app", 1)
        third = EditorSlot(workload)
        assert third.number == 1 and third.others == 1
        third.release()
    finally:
        first.release()
        second.release()


def test_filelock_and_our_slots_see_each_other(workload):
    from filelock import FileLock, Timeout

    ours = EditorSlot(workload)
    (lock_file,) = recovery_folder().glob("*.app-1.lock")
    theirs = FileLock(lock_file, is_singleton=False, thread_local=False)
    with pytest.raises(Timeout):
        theirs.acquire(timeout=0)
    ours.release()

    theirs.acquire(timeout=0)
    try:
        assert slot_in_use(workload, "app", 1)
        beside = EditorSlot(workload)
        assert beside.number == 2
        beside.release()
    finally:
        theirs.release()


def test_an_editor_that_dies_frees_its_slot(workload):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from mlprofile_tui.core.recovery import EditorSlot\n"
            f"slot = EditorSlot({str(workload)!r})\n"
            "print(slot.number, flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "1"  # it holds the slot now
        assert slot_in_use(workload, "app", 1)
    finally:
        holder.kill()
        holder.wait()
    assert not slot_in_use(workload, "app", 1)
    again = EditorSlot(workload)
    assert again.number == 1
    again.release()


def test_any_copies_sees_every_copy_of_its_workload_and_no_other(workload, tmp_path):
    """The start-up check that lets a window open before it takes any lock: it must see a copy
    of any editor number, held or left behind, and never another workload's copies."""
    from mlprofile_tui.core.recovery import any_copies, recovery_path

    other = tmp_path / "other.mlprofile.toml"
    other.write_text("")
    assert not any_copies(workload)
    recovery_path(other, "app-1").write_text("{}")
    assert not any_copies(workload)  # another file's copy
    recovery_path(workload, "interview-current").write_text("{}")
    assert not any_copies(workload)  # another kind of editor's copy
    assert any_copies(workload, "interview")
    recovery_path(workload, "app-7").write_text("{}")
    assert any_copies(workload)


def test_a_slot_with_a_copy_left_in_it_is_not_taken(workload):
    """A crashed window's copy stays where it is until it is offered: the next window takes a
    slot with no copy, so its own copies can never overwrite edits nobody was offered."""
    from mlprofile_tui.core.recovery import recovery_path

    left = recovery_path(workload, "app-1")
    left.write_text('{"left": "behind"}')
    first = EditorSlot(workload)
    second = EditorSlot(workload)
    try:
        assert (first.number, second.number) == (2, 3)
        assert left.read_text() == '{"left": "behind"}'
        left.unlink()  # offered and dealt with: the slot is free again
        third = EditorSlot(workload)
        assert third.number == 1
        third.release()
    finally:
        first.release()
        second.release()
