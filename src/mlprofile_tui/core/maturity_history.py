"""Maturity over time: the level of every group, and overall, in each snapshot and target.

The data behind a chart, not the chart: the app draws it with text, and an HTML report can
draw the same series with SVG. Snapshots come oldest first (the history of the current
state, ``current`` last); targets follow them, as where the workload is heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Workload
from .scoring import ProfileScore, score_profile

OVERALL = "overall"
"""The id of the series of overall levels (a group id is never empty, never this)."""


@dataclass(frozen=True, slots=True)
class Point:
    """One profile on the time axis. ``taken``: its ISO 8601 date-time (snapshots; targets
    have none); ``based_on``: a target's base."""

    profile: str
    taken: str | None
    is_target: bool
    based_on: str | None = None

    @property
    def date(self) -> str:
        """``YYYY-MM-DD`` of a snapshot, ``""`` for a target or an undated snapshot."""
        return (self.taken or "")[:10]


@dataclass(frozen=True, slots=True)
class Series:
    """One row of the chart: a group (or ``OVERALL``) across the points, in their order.

    ``levels[i]`` is the level rank at ``points[i]`` (None: nothing scored applies there);
    ``scores[i]`` the weighted score, a 0-1 fraction (None likewise)."""

    id: str
    title: str
    levels: tuple[int | None, ...]
    scores: tuple[float | None, ...]

    def change(self, points: tuple[Point, ...]) -> int | None:
        """Levels gained (+) or lost (-) from the oldest to the newest snapshot that has a
        level; None with fewer than two. Targets do not count: they are plans, not history."""
        seen = [lv for p, lv in zip(points, self.levels, strict=True) if not p.is_target]
        known = [lv for lv in seen if lv is not None]
        return known[-1] - known[0] if len(known) >= 2 else None


@dataclass(frozen=True, slots=True)
class MaturityHistory:
    """Every series over the same points. ``levels``: the rubric's ladder as (id, label) by
    rank, so a chart can name a level without the rubric."""

    points: tuple[Point, ...]
    series: tuple[Series, ...]  # OVERALL first, then the groups in rubric order
    levels: tuple[tuple[str, str], ...]

    @property
    def top(self) -> int:
        """The highest level rank of the ladder."""
        return len(self.levels) - 1

    def snapshots(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if not p.is_target)


def maturity_history(
    workload: Workload,
    *,
    targets: bool = True,
    score: Callable[[str], ProfileScore] | None = None,
) -> MaturityHistory:
    """The levels of ``workload``'s groups and overall level in each snapshot, oldest first,
    then (when ``targets``) in each target in file order.

    ``score`` returns a profile's score by name (a caller that keeps scores, like the app's
    session, passes its own); by default each profile is scored here.
    """
    rubric = workload.rubric

    def scored(name: str) -> ProfileScore:
        return score_profile(rubric, workload.effective(name), name)

    score = score or scored
    profiles = workload.snapshots() + (workload.targets() if targets else [])
    points = tuple(Point(p.name, p.taken, p.is_target, p.based_on) for p in profiles)
    scores = [score(p.profile) for p in points]
    series = [
        Series(
            OVERALL,
            "Overall",
            tuple(s.level for s in scores),
            tuple(s.score for s in scores),
        )
    ]
    for g in rubric.groups:
        series.append(
            Series(
                g.id,
                g.title,
                tuple(s.groups[g.id].level for s in scores),
                tuple(s.groups[g.id].score for s in scores),
            )
        )
    return MaturityHistory(points, tuple(series), tuple((lv.id, lv.label) for lv in rubric.levels))
