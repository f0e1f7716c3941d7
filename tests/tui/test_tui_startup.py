"""Start-up: what `mlprofile FILE` draws first and what it imports on the way.

The timings themselves live in bench/bench_tui_start.py; these tests pin the properties that
make start-up fast, so a change that undoes one fails here rather than only in a benchmark.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
from textual._compositor import LayoutUpdate
from tui_helpers import make_app, screen_text, wait_for_screen, wait_until

from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.session import Session
from mlprofile_tui.tui.widgets.gauge import Blockers, GaugePanel


class FrameRecorder(MlprofileApp):
    """Keeps every update the app hands to the terminal, with whether Textual would drop it
    (drawn inside a batch: App._display writes nothing then)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.frames: list[tuple[type, object, bool]] = []
        self.collecting: list[bool] = []  # gc.isenabled() at each frame

    def _display(self, screen, renderable) -> None:
        if renderable is not None:
            self.frames.append((type(screen), renderable, bool(self._batch_count)))
            self.collecting.append(gc.isenabled())
        super()._display(screen, renderable)


def _rows(update: LayoutUpdate) -> list[str]:
    return ["".join(segment.text for strip in row for segment in strip) for row in update.strips]


async def test_the_first_frame_shows_the_title_and_the_overall_level_together(example):
    session = Session.open(example)
    name = session.workload.name
    level = session.rubric.level(session.score().level)
    app = FrameRecorder(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        shown = [(r, dropped) for screen, r, dropped in app.frames if screen is WorkloadScreen]
        assert shown, "the workload screen was never drawn"
        first, dropped = next((r, d) for r, d in shown if not d)
        # The terminal's first frame of the workload is a full one: had the full frame been
        # drawn inside Textual's start-up batch (and dropped), the next would carry only the
        # rows that changed since, and the title bar would come a frame later.
        assert isinstance(first, LayoutUpdate), type(first).__name__
        rows = _rows(first)
        assert name in rows[0]
        assert any("Overall" in row and f"{level.id}  {level.label}" in row for row in rows)
        # The question, the sidebar's lists and the footer come a frame later, into places
        # kept for them: the gauges are where they stay, not moved aside when those arrive.
        overall_at = next(row.index("Overall") for row in rows if "Overall" in row)
        await wait_until(pilot, lambda: screen.is_complete, "the workload screen complete")
        await pilot.pause()
        now = screen_text(app).splitlines()
        assert next(row.index("Overall") for row in now if "Overall" in row) == overall_at

        # What blocks the next level follows a frame later (it is not in the first one).
        next_level = session.rubric.level(level.rank + 1)
        heading = f"To reach {next_level.id} {next_level.label}:"
        assert not any(heading in row for row in rows)
        blockers = screen.query_one(Blockers)
        for _ in range(100):
            if str(blockers.content).startswith(heading):
                break
            await pilot.pause()
        assert str(blockers.content).startswith(heading)


# Modules opening a workload must not load: each is imported by the action that needs it.
NOT_AT_START = (
    "mlprofile_tui.tui.screens.dialogs",
    "textual.widgets._text_area",
    "mlprofile_tui.tui.screens.aws_import",
    "mlprofile_tui.tui.screens.compare",
    "mlprofile_tui.tui.screens.history",
    "mlprofile_tui.tui.screens.portfolio",
    "mlprofile_tui.core.portfolio",
    "mlprofile_tui.tui.screens.help",
    "boto3",
    "botocore",
    "questionary",
)

OPEN_AND_LIST_MODULES = """
import asyncio, sys
from pathlib import Path
from mlprofile_tui.cli import main  # the console script's own import
from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.session import Session
from mlprofile_tui.tui.widgets.gauge import Blockers, GaugePanel

async def open_workload():
    app = MlprofileApp(Session.open(Path(sys.argv[1])))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(1000):  # until the lazily mounted parts are in too: the whole screen
            if app.screen.query("GroupNav") and app.screen.query("#help-box"):
                break
            await pilot.pause()
        else:
            raise SystemExit("the workload screen never completed")
        await app.workers.wait_for_complete()
        print(type(app.screen).__name__)
        print(*sorted(sys.modules), sep="\\n")

asyncio.run(open_workload())
"""


def test_opening_a_workload_imports_no_dialog_no_textarea_and_no_boto3(example):
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST_MODULES, str(example)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    assert result.returncode == 0, result.stderr
    screen, *modules = result.stdout.split()
    assert screen == "WorkloadScreen"
    assert "textual.app" in modules and "mlprofile_tui.tui.screens.workload" in modules
    loaded = [m for m in NOT_AT_START if any(x == m or x.startswith(m + ".") for x in modules)]
    assert loaded == []


async def test_the_footer_is_rebuilt_only_when_its_keys_change(example):
    from textual.widgets._footer import FooterKey

    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await app.workers.wait_for_complete()
        keys = list(screen.query(FooterKey))
        assert "Save" in [k.description for k in keys]
        screen.query_one(GaugePanel).focus()  # the same keys: no new FooterKeys
        screen.refresh_bindings()
        await pilot.pause()
        assert list(screen.query(FooterKey)) == keys

        app.set_keymap({"save": "ctrl+w"})  # a key the footer shows changed: rebuilt
        app.refresh_bindings()
        await pilot.pause()
        save = [k for k in screen.query(FooterKey) if k.description == "Save"]
        assert [k.key for k in save] == ["ctrl+w"]


async def test_the_collector_is_off_until_the_first_frame(example):
    """run_app turns the cyclic collector off while starting; the app turns it back on (with
    what start-up built frozen) once its first frame is drawn."""
    app = FrameRecorder(Session.open(example))
    gc.disable()  # as run_app does
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_screen(pilot, WorkloadScreen)
            for _ in range(100):  # the callback after the first refresh
                if gc.isenabled():
                    break
                await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
            shown = [(s, d) for s, _, d in app.frames]
            first = shown.index((WorkloadScreen, False))
            assert app.collecting[first] is False  # the first frame was drawn without it
    finally:
        gc.enable()
        gc.unfreeze()


def test_run_app_turns_the_collector_back_on_whatever_happens(monkeypatch):
    from mlprofile_tui.tui import run_app

    seen = []

    def run(self):
        seen.append(gc.isenabled())
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(MlprofileApp, "run", run)
    with pytest.raises(RuntimeError, match="went away"):
        run_app(None)
    assert seen == [False]
    assert gc.isenabled()


def test_the_questions_kept_for_the_first_frame_follow_every_change(example):
    """Session.questions is computed once per profile for start-up, and again after each change:
    skip logic decided on older answers must never outlive them."""
    from mlprofile_tui.core.answers import Answer, State
    from mlprofile_tui.core.scoring import applies, in_scope

    def fresh(s: Session) -> list[str]:
        scoped = in_scope(s.rubric, s.answers())
        return [ch.key for ch in s.rubric.characteristics if applies(ch, scoped)]

    s = Session.open(example)
    try:
        where = "deployment.deployment_location"
        asked_on_sagemaker = [ch.key for ch in s.questions()]
        assert asked_on_sagemaker == fresh(s)
        s.set_answer(where, Answer(State.VALUE, "serverless"))
        on_serverless = [ch.key for ch in s.questions()]
        assert on_serverless == fresh(s) and on_serverless != asked_on_sagemaker
        s.branch("current", "back", "back on SageMaker")  # the branch is now the profile
        s.set_answer(where, Answer(State.VALUE, "sagemaker_realtime"))
        assert [ch.key for ch in s.questions()] == fresh(s) == asked_on_sagemaker
        s.profile = "current"
        assert [ch.key for ch in s.questions()] == on_serverless
    finally:
        s.close()


async def test_a_question_moved_to_before_the_question_mounts_is_the_one_it_shows(
    example, monkeypatch
):
    """Keys work from the first frame, a frame before the question is mounted: a move made
    then is not lost, text typed then reaches the input, and nothing fails for want of the
    question's widgets."""
    from mlprofile_tui.tui.widgets.question import QuestionView

    mount = WorkloadScreen._mount_question
    held: list[WorkloadScreen] = []  # the question's mount, held back until the test says

    async def held_back(self):
        held.append(self)

    monkeypatch.setattr(WorkloadScreen, "_mount_question", held_back)
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WorkloadScreen), "workload")
        screen = app.screen
        first = screen.key
        await pilot.press("ctrl+n")  # next question, with no question on screen yet
        await wait_until(pilot, lambda: screen.key != first, "the interview moved on")
        assert not screen.query(QuestionView)
        await screen.go_to("traffic.p95_latency_ms")  # a number, typed into an Input
        moved_to = screen.key
        await pilot.press("1", "2")  # typed before there is an input to take them
        assert held == [screen]
        await mount(screen)
        await wait_until(pilot, lambda: screen.is_complete, "the question mounted")
        assert screen.query_one(QuestionView).ch.key == moved_to
        assert app.focused is not None and app.focused.id == "answer-input"
        # The early keys reached the input, in order, once it had focus: none was lost.
        await wait_until(pilot, lambda: app.focused.value.endswith("12"), "the typed keys")


def test_opening_a_workload_takes_no_lock_until_the_window_claims_its_slot(example):
    """The lock library and the slot files cost ~15 ms of start-up: opening reads the file
    only; the window claims its slot when it first needs it (after its first frame)."""
    session = Session.open(example)
    try:
        assert not session.has_slot
        assert session.slot.number == 1 and session.has_slot
    finally:
        session.close()
