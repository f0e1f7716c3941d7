"""Start-up: what `mlprofile FILE` draws first and what it imports on the way.

The timings themselves live in bench/bench_tui_start.py; these tests pin the properties that
make start-up fast, so a change that undoes one fails here rather than only in a benchmark.
"""

from __future__ import annotations

from textual._compositor import LayoutUpdate
from tui_helpers import wait_for_screen

from mlprofile_tui.tui.app import MlprofileApp
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.session import Session


class FrameRecorder(MlprofileApp):
    """Keeps every update the app hands to the terminal, with whether Textual would drop it
    (drawn inside a batch: App._display writes nothing then)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session, blink=False)
        self.frames: list[tuple[type, object, bool]] = []

    def _display(self, screen, renderable) -> None:
        if renderable is not None:
            self.frames.append((type(screen), renderable, bool(self._batch_count)))
        super()._display(screen, renderable)


def _rows(update: LayoutUpdate) -> list[str]:
    return ["".join(segment.text for strip in row for segment in strip) for row in update.strips]


async def test_the_first_frame_shows_the_title_and_the_overall_level_together(example):
    session = Session.open(example)
    name = session.workload.name
    level = session.rubric.level(session.score().level)
    app = FrameRecorder(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WorkloadScreen)
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
