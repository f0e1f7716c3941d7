"""The interview and the app on a workload stored in S3 (the moto server of ``conftest``).

Both go through the same document and conditional write as the command line; here the point is
what the person sees when someone else saved first: the interview keeps the answers in its
recovery file and says how to resume, the app offers Save as… (a new object) or Reload.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from aws_support import EXAMPLE, S3_KEY

from mlprofile_tui.aws import s3store
from mlprofile_tui.aws.locations import workload_location
from mlprofile_tui.core.creation import create_workload
from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.location import ObjectLocation

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "interview"))  # interview_fakes
sys.path.insert(0, str(TESTS / "tui"))  # tui_helpers

from interview_fakes import DEFAULT, ScriptedTerminal, interview_args  # noqa: E402
from tui_helpers import choose, dialog_text, go, make_app, wait_for_screen  # noqa: E402

BUSINESS = ("Catch card fraud", "99.9", DEFAULT, "0.5", DEFAULT, "documented", True)
"""The business group of the built-in rubric answered, then "write them": yes."""


def _someone_saves_after_our_read(s3, data: bytes) -> None:
    def save(**_):
        s3.put(data)

    s3store.default_store().client.meta.events.register("after-call.s3.GetObject", save)


def test_interview_writes_the_object(s3):
    from mlprofile_tui.interview import run_interview

    location = workload_location(s3.uri)
    create_workload(location, "Fraud", "risk", None)
    term = ScriptedTerminal(*BUSINESS)
    assert run_interview(interview_args(location, group="business"), terminal=term) == 0
    values = tomllib.loads(s3.body().decode())["profiles"]["current"]["values"]
    assert values["business.outcome"]["value"] == "Catch card fraud"
    assert f"Write these 4 answers to {location.name}?" in [m for _, m in term.asked]
    assert s3.keys() == [S3_KEY]


def test_interview_loser_keeps_its_answers_and_is_told_how_to_resume(s3):
    from mlprofile_tui.interview import run_interview

    location = workload_location(s3.uri)
    create_workload(location, "Fraud", "risk", None)
    theirs = s3.body() + b"# saved by the other interviewer\n"
    _someone_saves_after_our_read(s3, theirs)
    with pytest.raises(MlprofileError) as e:
        run_interview(
            interview_args(location, group="business"), terminal=ScriptedTerminal(*BUSINESS)
        )
    message = e.value.render()
    assert e.value.exit_code == 2
    assert message.startswith(f"{s3.uri}: changed in the store since it was loaded")
    assert "4 unsaved answers are kept in" in message and f"mlprofile interview {s3.uri}" in message
    assert s3.body() == theirs and s3.keys() == [S3_KEY]


async def _change(pilot):
    await go(pilot, "deployment.profile_review")
    await choose(pilot, "each_release")


async def test_app_conflict_offers_save_as_a_new_object(seeded):
    from mlprofile_tui.tui.screens.dialogs import ChoiceDialog, TextDialog
    from mlprofile_tui.tui.screens.workload import WorkloadScreen

    app = make_app(workload_location(seeded.uri))
    theirs = EXAMPLE.read_bytes() + b"\n# saved by another interviewer\n"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        assert screen.session.path.name == "fraud.mlprofile.toml"
        await _change(pilot)
        seeded.put(theirs)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ChoiceDialog)
        assert "Not saved: the object changed in the store" in dialog_text(app)
        await pilot.click("#choice-save_as")
        dialog = await wait_for_screen(pilot, TextDialog)
        mine = f"s3://{seeded.bucket}/team/fraud.mine.mlprofile.toml"
        assert dialog.query_one("#text").value == mine
        await pilot.press("enter")
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.pause()
        assert isinstance(screen.session.path, ObjectLocation)
        assert screen.session.path.uri == mine and not screen.session.unsaved
    assert seeded.body() == theirs
    assert b'"deployment.profile_review" = { value = "each_release"' in seeded.body(
        "team/fraud.mine.mlprofile.toml"
    )
    assert seeded.keys() == sorted([S3_KEY, "team/fraud.mine.mlprofile.toml"])


async def test_app_conflict_can_reload_from_the_store(seeded):
    from mlprofile_tui.tui.screens.dialogs import ChoiceDialog
    from mlprofile_tui.tui.screens.workload import WorkloadScreen

    app = make_app(workload_location(seeded.uri))
    theirs = EXAMPLE.read_text().replace('name = "Card fraud scorer"', 'name = "Fraud v2"')
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await _change(pilot)
        seeded.put(theirs.encode())
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.click("#choice-reload")
        await wait_for_screen(pilot, WorkloadScreen)
        await pilot.pause()
        s = screen.session
        assert s.workload.name == "Fraud v2" and not s.unsaved
        # and the reloaded session saves over the new version (its ETag is the stored one)
        await _change(pilot)
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not s.unsaved
    assert b'name = "Fraud v2"' in seeded.body()
    assert b'"deployment.profile_review" = { value = "each_release"' in seeded.body()


def test_the_recent_list_keeps_objects_without_reading_them(seeded):
    from mlprofile_tui.tui import userdata

    userdata.remember_workload(workload_location(seeded.uri), "Card fraud scorer")
    seeded.client.delete_object(Bucket=seeded.bucket, Key=S3_KEY)  # listing never reads it
    [recent] = userdata.recent_workloads()
    assert recent.path == seeded.uri and recent.file_name == "fraud.mlprofile.toml"
