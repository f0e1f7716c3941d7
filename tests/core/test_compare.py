"""Compare: deltas per characteristic and group, and rationale that follows inherited changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.compare import compare, compare_json
from mlprofile_tui.core.errors import MlprofileError
from mlprofile_tui.core.model import SNAPSHOT, TARGET, Profile, Workload
from mlprofile_tui.core.rubric import build_rubric
from mlprofile_tui.core.workload import load_workload


def test_rationale_follows_changes_inherited_from_an_intermediate_target(examples):
    w = load_workload(examples["fraud-scorer"])
    c = compare(w, ["current", "graviton"])
    rows = {r.key: r for r in c.rows}
    sel = rows["deployment.instance_selection"]  # changed in "reliable", graviton's base
    assert sel.differs and sel.deltas == {"current": 0, "graviton": 1}
    assert sel.rationale["graviton"].startswith("Run Inference Recommender")
    assert sel.rationale["current"] is None
    same = rows["network.vpc"]
    assert not same.differs and same.rationale == {"current": None, "graviton": None}
    assert c.group_deltas("deployment") == {"current": 0, "graviton": 1}
    assert c.group_deltas("cold_start") == {"current": None, "graviton": None}  # skipped group


def test_default_profiles_are_the_current_state_and_every_target(examples):
    w = load_workload(examples["fraud-scorer"])
    assert compare(w).profiles == ["current", "reliable", "graviton"]


def _ch(cid, type_, **more):
    return {"id": cid, "question": "q", "help": "h", "type": type_, **more}


SMALL = build_rubric(
    {
        "id": "small",
        "version": "1",
        "title": "Small",
        "levels": [{"rank": r, "id": f"L{r}"} for r in range(4)],
        "groups": [
            {
                "id": "a",
                "characteristics": [
                    _ch(
                        "n",
                        "int",
                        kind="maturity",
                        direction="higher",
                        thresholds={"L1": 1, "L3": 3},
                    ),
                    _ch("note", "text"),
                ],
            },
            {
                "id": "b",
                "characteristics": [
                    _ch("on", "bool", kind="maturity", levels={"true": 3, "false": 1}),
                ],
            },
        ],
    },
    path="small.toml",
)


def _v(value, rationale=None):
    return Answer(State.VALUE, value, "declared", rationale=rationale)


def _workload():
    profiles = {
        "old": Profile("old", SNAPSHOT, {"a.n": _v(0), "b.on": _v(False)}, taken="2026-01-01"),
        "current": Profile(
            "current", SNAPSHOT, {"a.n": _v(1), "a.note": _v("x"), "b.on": _v(False)}
        ),
        "goal": Profile("goal", TARGET, {"a.n": _v(3, "scale out")}, based_on="current"),
        "stretch": Profile(
            "stretch", TARGET, {"b.on": _v(True, "turn it on")}, based_on="goal", rationale="why"
        ),
        "same": Profile("same", TARGET, {"a.n": _v(1, "kept")}, based_on="current"),
    }
    return Workload(Path("w.toml"), SMALL, "w", profiles=profiles)


def test_rows_deltas_and_rationale_against_the_first_profile():
    c = compare(_workload(), ["current", "goal", "stretch", "same"])
    rows = {r.key: r for r in c.rows}
    assert [r.key for r in c.rows] == ["a.n", "a.note", "b.on"]
    n = rows["a.n"]
    assert n.levels == {"current": 1, "goal": 3, "stretch": 3, "same": 1}
    assert n.deltas == {"current": 0, "goal": 2, "stretch": 2, "same": 0}
    assert n.differs
    # stretch inherits goal's change and its rationale; same restates current: its own
    # rationale is kept because it is its own answer
    assert n.rationale == {
        "current": None,
        "goal": "scale out",
        "stretch": "scale out",
        "same": "kept",
    }
    note = rows["a.note"]
    assert note.levels == {n: None for n in c.profiles} and note.deltas == note.levels
    assert not note.differs
    assert note.answers["goal"] == _v("x")
    on = rows["b.on"]
    assert on.deltas == {"current": 0, "goal": 0, "stretch": 2, "same": 0}
    assert on.rationale["stretch"] == "turn it on" and on.rationale["goal"] is None
    assert c.group_deltas("a") == {"current": 0, "goal": 2, "stretch": 2, "same": 0}
    assert c.group_deltas("b") == {"current": 0, "goal": 0, "stretch": 2, "same": 0}


def test_a_missing_level_has_no_delta():
    w = _workload()
    w.profiles["current"].values.pop("a.n")
    w.profiles["goal"].values["a.n"] = Answer(State.NOT_APPLICABLE, reason="r")
    c = compare(w, ["current", "goal", "stretch"])
    n = next(r for r in c.rows if r.key == "a.n")
    assert n.levels == {"current": 0, "goal": None, "stretch": None}
    assert n.deltas == {"current": 0, "goal": None, "stretch": None}
    w.profiles["current"].values["a.n"] = Answer(State.NOT_APPLICABLE, reason="r")
    c = compare(w, ["current", "same"])
    n = next(r for r in c.rows if r.key == "a.n")
    assert n.deltas == {"current": None, "same": None}
    assert c.group_deltas("b") == {"current": 0, "same": 0}


def test_the_default_comparison_is_the_newest_snapshot_and_every_target():
    assert compare(_workload()).profiles == ["current", "goal", "stretch", "same"]
    only_targets = _workload()
    for name in ("old", "current"):
        del only_targets.profiles[name]
    only_targets.profiles["goal"].based_on = None
    only_targets.profiles["same"].based_on = None
    assert compare(only_targets).profiles == ["goal", "stretch", "same"]


def test_profiles_listed_twice_or_unknown_are_refused():
    with pytest.raises(MlprofileError, match="profile 'goal' is listed twice"):
        compare(_workload(), ["current", "goal", "goal"])
    with pytest.raises(MlprofileError, match="no profile 'nope'"):
        compare(_workload(), ["current", "nope"])


def test_compare_json_shape():
    w = _workload()
    c = compare(w, ["current", "stretch"])
    d = compare_json(w, c)
    assert d["profiles"] == ["current", "stretch"]
    assert d["rows"][0] == {
        "key": "a.n",
        "values": {"current": 1, "stretch": 3},
        "states": {"current": "value", "stretch": "value"},
        "levels": {"current": 1, "stretch": 3},
        "deltas": {"current": 0, "stretch": 2},
        "differs": True,
        "rationale": {"current": None, "stretch": "scale out"},
    }
    w.profiles["current"].values["a.note"] = Answer(State.UNKNOWN)
    d = compare_json(w, compare(w, ["current", "stretch"]))
    assert d["rows"][1]["values"] == {"current": None, "stretch": None}
    assert d["rows"][1]["states"] == {"current": "unknown", "stretch": "unknown"}
    s = d["summary"]["stretch"]
    assert s["overall"]["level"] == 3
    assert s["groups"]["a"] == {
        "level": 3,
        "score": c.scores["stretch"].groups["a"].score,
        "delta": 2,
    }
    assert s["groups"]["b"]["delta"] == 2
    assert (s["based_on"], s["rationale"]) == ("goal", "why")
    assert d["summary"]["current"]["based_on"] is None
