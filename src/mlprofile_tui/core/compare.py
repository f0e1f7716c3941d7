"""Compare N profiles side by side: values, levels, level deltas, the rationale for each change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .answers import UNANSWERED, Answer
from .errors import MlprofileError
from .scoring import ProfileScore, score_json, score_profile
from .workload import Workload


@dataclass(frozen=True)
class CompareRow:
    key: str
    answers: dict[str, Answer]
    levels: dict[str, int | None]
    deltas: dict[str, int | None]  # level change against the first profile
    differs: bool
    rationale: dict[str, str | None]


@dataclass(frozen=True)
class Comparison:
    profiles: list[str]
    rows: list[CompareRow]
    scores: dict[str, ProfileScore]

    def group_deltas(self, group: str) -> dict[str, int | None]:
        first = self.scores[self.profiles[0]].groups[group].level
        out = {}
        for name in self.profiles:
            lv = self.scores[name].groups[group].level
            out[name] = None if lv is None or first is None else lv - first
        return out


def delta_mark(delta: int | None) -> str:
    """A level change as every front end shows it: ``▲2`` up, ``▼1`` down, ``""`` for none
    (no change, or nothing to compare)."""
    if not delta:
        return ""
    return f"▲{delta}" if delta > 0 else f"▼{-delta}"


def compare(workload: Workload, names: list[str] | None = None) -> Comparison:
    """Rows in rubric order. ``names`` defaults to every profile, snapshots then targets."""
    if not names:
        names = [p.name for p in workload.snapshots()][-1:] + [p.name for p in workload.targets()]
        names = names or list(workload.profiles)
    seen = set()
    for n in names:
        if n in seen:
            raise MlprofileError(f"profile {n!r} is listed twice", path=workload.path)
        seen.add(n)
        workload.profile(n)  # unknown names are bad input
    rubric = workload.rubric
    effective = workload.effective_many(names)
    scores = {n: score_profile(rubric, effective[n], n) for n in names}
    rows = []
    for ch in rubric.characteristics:
        answers = {n: effective[n].get(ch.key, UNANSWERED) for n in names}
        levels = {n: scores[n].characteristic(ch.key).level for n in names}
        first = levels[names[0]]
        deltas = {
            n: (None if lv is None or first is None else lv - first) for n, lv in levels.items()
        }
        first_answer = answers[names[0]]
        differs = any(not a.same_answer(first_answer) for a in answers.values())
        rationale = {}
        for n in names:
            # A target inherits its base's changes, and their rationale with them: comparing
            # current with a target two branches away still says why each value moved.
            own = workload.profiles[n].values.get(ch.key)
            moved = not answers[n].same_answer(first_answer)
            rationale[n] = answers[n].rationale if (own is not None or moved) else None
        rows.append(CompareRow(ch.key, answers, levels, deltas, differs, rationale))
    return Comparison(names, rows, scores)


def _json_value(answer: Answer) -> Any:
    return answer.value if answer.is_value else None


def compare_json(workload: Workload, comparison: Comparison) -> dict:
    rubric = workload.rubric
    # Once a group, not once a group and profile: each is a pass over every profile.
    deltas = {g.id: comparison.group_deltas(g.id) for g in rubric.groups}
    return {
        "profiles": comparison.profiles,
        "rows": [
            {
                "key": r.key,
                "values": {n: _json_value(a) for n, a in r.answers.items()},
                "states": {n: a.state.value for n, a in r.answers.items()},
                "levels": r.levels,
                "deltas": r.deltas,
                "differs": r.differs,
                "rationale": r.rationale,
            }
            for r in comparison.rows
        ],
        "summary": {
            n: {
                "overall": score_json(rubric, s)["overall"],
                "groups": {
                    gid: {
                        "level": g.level,
                        "score": g.score,
                        "delta": deltas[gid][n],
                    }
                    for gid, g in s.groups.items()
                },
                "based_on": workload.profiles[n].based_on,
                "rationale": workload.profiles[n].rationale,
            }
            for n, s in comparison.scores.items()
        },
    }
