"""Maturity over time as a chart: bar heights follow levels, every group has its row, a new
snapshot adds a bar, and a narrow terminal keeps the newest snapshots."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tui_helpers import choose, go, make_app, wait_for_screen

from mlprofile_tui.core.maturity_history import MaturityHistory, Point, Series
from mlprofile_tui.tui.screens.history import HistoryScreen
from mlprofile_tui.tui.screens.workload import WorkloadScreen
from mlprofile_tui.tui.widgets.maturity_chart import BLOCKS, MaturityChart, bar_glyph, chart


@given(st.integers(1, 7))
def test_a_higher_level_is_a_taller_bar(top):
    heights = [BLOCKS.index(bar_glyph(level, top)) for level in range(top + 1)]
    assert heights == sorted(set(heights))  # strictly taller, level by level
    assert heights[0] == 0 and heights[-1] == len(BLOCKS) - 1
    assert bar_glyph(None, top) == "·"


def history(snapshots: int, levels: list[int]) -> MaturityHistory:
    points = tuple(
        Point(f"s{i}", f"2026-01-{i + 1:02d}T00:00:00Z", False) for i in range(snapshots)
    )
    points += (Point("aim", None, True, "current"),)
    series = Series("overall", "Overall", (*levels, 4), tuple(None for _ in range(snapshots + 1)))
    ladder = (("L0", "Below"), ("L1", "Initial"), ("L2", "Rep"), ("L3", "Rel"), ("L4", "Scal"))
    return MaturityHistory(points, (series,), ladder)


@given(st.lists(st.integers(0, 4), min_size=1, max_size=40), st.integers(50, 200))
def test_the_chart_fits_and_keeps_the_newest_snapshots(levels, width):
    h = history(len(levels), levels)
    lines = chart(h, width).plain.splitlines()
    assert all(len(line) <= width for line in lines)
    row = lines[1]
    bars = row[24:].split("┊")[0].split()
    left_out = len(levels) - len(bars)
    assert [b[0] for b in bars] == [bar_glyph(lv, 4) for lv in levels[left_out:]]
    assert (f"… {left_out} older" in lines[-1]) == (left_out > 0)
    assert row.rstrip().split("┊")[1].split()[0][0] == bar_glyph(4, 4)  # the target's bar


async def test_a_new_snapshot_adds_a_taller_bar(example):
    app = make_app(example)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_screen(pilot, WorkloadScreen)
        await go(pilot, "deployment.instance_selection")  # L2 today, the group's blocker
        await choose(pilot, "inference_recommender")  # L3
        assert screen.session.score().groups["deployment"].level == 3
        await pilot.press("f6")  # keep a snapshot of it
        await pilot.pause()
        await pilot.press("f7")
        history_screen = await wait_for_screen(pilot, HistoryScreen)
        text = history_screen.query_one(MaturityChart).content.plain
        row = next(line for line in text.splitlines() if line.startswith("Model deployment"))
        bars = row[24:].split("┊")[0].split()
        assert len(bars) == 3  # the old snapshot, the new one, current (like it)
        assert [b[0] for b in bars] == [bar_glyph(lv, 4) for lv in (1, 3, 3)]
        assert row.rstrip().endswith("L3 Reliable ▲2")
        assert screen.session.workload.snapshots()[-2].name != "current"
