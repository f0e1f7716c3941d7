"""Maturity over time as data: the levels per group and overall across snapshots, then targets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlprofile_tui.core.examples import bundled_examples
from mlprofile_tui.core.loading import load_workload
from mlprofile_tui.core.maturity_history import OVERALL, Point, Series, maturity_history
from mlprofile_tui.core.scoring import score_profile


@pytest.mark.parametrize("path", bundled_examples(), ids=lambda p: p.name.split(".")[0])
def test_every_series_is_the_score_of_each_profile(path):
    w = load_workload(path)
    h = maturity_history(w)
    names = [p.name for p in w.snapshots()] + [p.name for p in w.targets()]
    assert [p.profile for p in h.points] == names
    assert [p.is_target for p in h.points] == [w.profiles[n].is_target for n in names]
    assert [s.id for s in h.series] == [OVERALL] + [g.id for g in w.rubric.groups]
    assert h.levels == tuple((lv.id, lv.label) for lv in w.rubric.levels)
    for i, name in enumerate(names):
        sc = score_profile(w.rubric, w.effective(name), name)
        assert h.series[0].levels[i] == sc.level and h.series[0].scores[i] == sc.score
        for s in h.series[1:]:
            assert s.levels[i] == sc.groups[s.id].level
            assert s.scores[i] == sc.groups[s.id].score
    assert maturity_history(w, targets=False).points == h.snapshots()


def test_a_callers_scores_are_used():
    w = load_workload(bundled_examples()[0])
    asked = []

    def score(name):
        asked.append(name)
        return score_profile(w.rubric, w.effective(name), name)

    maturity_history(w, score=score)
    assert asked == [p.name for p in w.snapshots()] + [p.name for p in w.targets()]


levels = st.one_of(st.none(), st.integers(0, 5))


@given(st.lists(st.tuples(st.booleans(), levels), max_size=8))
def test_change_counts_snapshots_only_from_oldest_to_newest_known(rows):
    points = tuple(Point(f"p{i}", None, is_target) for i, (is_target, _) in enumerate(rows))
    series = Series("g", "G", tuple(lv for _, lv in rows), tuple(None for _ in rows))
    known = [lv for is_target, lv in rows if not is_target and lv is not None]
    expected = known[-1] - known[0] if len(known) >= 2 else None
    assert series.change(points) == expected
