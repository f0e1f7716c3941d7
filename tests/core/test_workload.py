"""The workload file: tomlkit round trip, atomic saves, conflicts, targets and snapshots."""

from __future__ import annotations

import difflib
import os
import textwrap

import pytest

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.errors import ConflictError, MlprofileError
from mlprofile_tui.core.workload import WorkloadDocument, load_workload

HAND_WRITTEN = textwrap.dedent("""\
    # Hand-written by the payments team. Keep these comments!
    format = 1   # file format

    [rubric]
    id = "mloe-05"
    version = "1.0.0"

    [workload]
    name   = "Scorer"      # aligned on purpose
    owner  = "risk"
    slack  = "#risk-ml"    # a key mlprofile does not know

    # ---- current state ----
    [profiles.current]
    kind = "snapshot"
    taken = 2026-11-01T00:00:00Z
    reviewer = "ana"  # unknown key inside a profile

    [profiles.current.values]
    # measured in the October load test
    "traffic.latency_class" = { value = "low", provenance = "declared" }
    "traffic.latency_target_ms" = { value = 50, provenance = "declared" }   # SLO from the switch
    "traffic.p95_latency_ms" = { value = 61, provenance = "measured" }  # too slow!
    "network.vpc" = { value = true, provenance = "declared" }

    # ---- where we want to be ----
    [profiles.faster]
    kind = "target"
    based_on = "current"
    rationale = "Meet the SLO."

    [profiles.faster.values]
    "traffic.p95_latency_ms" = { value = 45, provenance = "estimated", rationale = "c6i" }

    [x-team-metadata]   # a whole table mlprofile does not know
    cost_centre = 4711
""")


@pytest.fixture
def handwritten(tmp_path):
    path = tmp_path / "scorer.mlprofile.toml"
    path.write_text(HAND_WRITTEN)
    return path


def _diff(a: str, b: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def test_edit_keeps_every_comment_and_changes_only_its_line(handwritten):
    doc = WorkloadDocument.load(handwritten)
    doc.set_answer("current", "traffic.p95_latency_ms", Answer(State.VALUE, 48, "measured"))
    doc.save()
    after = handwritten.read_text()
    for line in HAND_WRITTEN.splitlines():
        if "#" in line and "p95" not in line:
            assert line in after
    assert _diff(HAND_WRITTEN, after) == [
        '-"traffic.p95_latency_ms" = { value = 61, provenance = "measured" }  # too slow!',
        '+"traffic.p95_latency_ms" = { value = 48, provenance = "measured" }  # too slow!',
    ]


def test_adding_a_value_adds_one_line_in_its_profile(handwritten):
    doc = WorkloadDocument.load(handwritten)
    doc.set_answer("current", "network.network_isolation", Answer(State.UNKNOWN))
    doc.save()
    changed = _diff(HAND_WRITTEN, handwritten.read_text())
    assert changed == ['+"network.network_isolation" = { state = "unknown" }']
    text = handwritten.read_text()
    # it lands in the current profile's values table, before the target's section
    assert text.index("network.network_isolation") < text.index("# ---- where we want to be")
    assert (
        load_workload(handwritten).profiles["current"].values["network.network_isolation"].state
        is State.UNKNOWN
    )


def test_unknown_keys_survive_a_branch_and_a_snapshot(handwritten):
    doc = WorkloadDocument.load(handwritten)
    doc.branch("current", "isolated", "Lock the network down.")
    doc.set_answer(
        "isolated",
        "network.network_isolation",
        Answer(State.VALUE, True, "declared", rationale="Container needs no egress."),
    )
    doc.snapshot()
    doc.save()
    text = handwritten.read_text()
    for marker in (
        'slack  = "#risk-ml"',
        'reviewer = "ana"',
        "[x-team-metadata]",
        "cost_centre = 4711",
    ):
        assert marker in text
    assert _diff(HAND_WRITTEN, text)[0].startswith("+")  # nothing removed
    assert not [ln for ln in _diff(HAND_WRITTEN, text) if ln.startswith("-")]
    w = load_workload(handwritten)
    assert w.profiles["isolated"].based_on == "current"
    assert w.profiles["snapshot-2026-11-26"].kind == "snapshot"
    assert w.profiles["snapshot-2026-11-26"].values["traffic.p95_latency_ms"].value == 61
    assert w.changes("isolated")[0][0] == "network.network_isolation"


def test_targets_inherit_and_store_only_what_they_change(handwritten):
    w = load_workload(handwritten)
    eff = w.effective("faster")
    assert eff["traffic.p95_latency_ms"].value == 45
    assert eff["network.vpc"].value is True  # inherited
    assert w.profiles["faster"].values.keys() == {"traffic.p95_latency_ms"}
    doc = WorkloadDocument.load(handwritten)
    # setting a target's value back to its base's drops the override instead of copying it
    doc.set_answer("faster", "traffic.p95_latency_ms", Answer(State.VALUE, 61, "measured"))
    assert "traffic.p95_latency_ms" not in doc.workload.profiles["faster"].values
    assert '"traffic.p95_latency_ms"' not in doc.text().split("[profiles.faster.values]")[1]


def test_save_refuses_to_clobber_a_file_changed_on_disk(handwritten):
    doc = WorkloadDocument.load(handwritten)
    doc.set_answer("current", "network.vpc", Answer(State.VALUE, False, "declared"))
    someone_else = HAND_WRITTEN.replace('owner  = "risk"', 'owner  = "fraud"')
    handwritten.write_text(someone_else)
    with pytest.raises(ConflictError, match="changed on disk"):
        doc.save()
    assert handwritten.read_text() == someone_else
    doc.save(force=True)  # an explicit decision to overwrite is still possible
    assert "value = false" in handwritten.read_text()


def test_save_is_atomic_and_keeps_the_mode(handwritten, monkeypatch):
    os.chmod(handwritten, 0o640)
    doc = WorkloadDocument.load(handwritten)
    doc.set_answer("current", "network.vpc", Answer(State.VALUE, False, "declared"))

    def explode(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(MlprofileError, match="cannot write: disk full; the file is unchanged"):
        doc.save()
    assert handwritten.read_text() == HAND_WRITTEN
    assert [p.name for p in handwritten.parent.iterdir()] == [handwritten.name]  # no temp left
    monkeypatch.undo()
    doc.save()
    assert oct(handwritten.stat().st_mode & 0o777) == "0o640"


def test_history_snapshots_are_read_only(examples, fraud):
    doc = WorkloadDocument.load(fraud)
    with pytest.raises(MlprofileError, match="dated snapshot"):
        doc.set_answer("snapshot-2026-05-04", "network.vpc", Answer(State.VALUE, False))


def test_profile_names_and_duplicates(fraud):
    doc = WorkloadDocument.load(fraud)
    with pytest.raises(MlprofileError, match="already exists"):
        doc.branch("current", "reliable", "again")
    with pytest.raises(MlprofileError, match="letters, digits"):
        doc.branch("current", "has space", "why")
    with pytest.raises(MlprofileError, match="no profile 'nope'"):
        doc.branch("nope", "x", "why")
    with pytest.raises(MlprofileError, match="needs a rationale"):
        doc.branch("current", "x", "  ")


def test_reads_never_parse_with_tomlkit(examples):
    doc = WorkloadDocument.load(examples["llm-assistant"])
    assert doc._editor is None  # scoring and display use tomllib only
    assert not doc.dirty
