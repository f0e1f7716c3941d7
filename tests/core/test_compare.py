"""Compare: deltas per characteristic and group, and rationale that follows inherited changes."""

from __future__ import annotations

from mlprofile_tui.core.compare import compare
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
