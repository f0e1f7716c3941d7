"""The editing rules, one table each: which profiles change, what is stored, what needs a why.

These are the rules the app, the interview, the importer and the CLI share (``core.editing``);
each row is a case a user would name.
"""

from __future__ import annotations

import textwrap

import pytest

from mlprofile_tui.core.answers import UNANSWERED, Answer, Provenance, State
from mlprofile_tui.core.editing import (
    PICKABLE,
    Change,
    answer_by_hand,
    changes,
    changes_without_rationale,
    editable_problem,
    inherited,
    is_editable,
    needs_rationale,
    provenance_choices,
    stores_answer,
    suggested_provenance,
)
from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.workload import load_workload

WORKLOAD = textwrap.dedent("""\
    format = 1

    [rubric]
    id = "mloe-05"
    version = "1.0.0"

    [workload]
    name = "Scorer"

    [profiles.q1]
    kind = "snapshot"
    taken = 2026-01-01T00:00:00Z

    [profiles.q1.values]
    "traffic.p95_latency_ms" = { value = 90, provenance = "measured" }

    [profiles.current]
    kind = "snapshot"
    taken = 2026-11-01T00:00:00Z

    [profiles.current.values]
    "traffic.p95_latency_ms" = { value = 61, provenance = "measured" }
    "network.vpc" = { value = true, provenance = "declared" }

    [profiles.faster]
    kind = "target"
    based_on = "current"
    rationale = "Meet the SLO."

    [profiles.faster.values]
    "traffic.p95_latency_ms" = { value = 45, provenance = "estimated", rationale = "c6i" }
    "network.vpc" = { value = false, provenance = "declared", rationale = "  " }
    "traffic.latency_class" = { value = "low", provenance = "declared" }

    [profiles.cheaper]
    kind = "target"
    based_on = "faster"
    rationale = "Spend less."
""")

LATENCY = "traffic.p95_latency_ms"
VPC = "network.vpc"
CLASS = "traffic.latency_class"


@pytest.fixture
def workload(tmp_path):
    path = tmp_path / "scorer.mlprofile.toml"
    path.write_text(WORKLOAD, encoding="utf-8")
    return load_workload(path)


def value(v, **kw) -> Answer:
    return Answer(State.VALUE, v, provenance=kw.pop("provenance", "declared"), **kw)


@pytest.mark.parametrize(
    ("profile", "editable"),
    [("current", True), ("faster", True), ("cheaper", True), ("q1", False)],
)
def test_targets_and_the_current_state_change_history_does_not(workload, profile, editable):
    assert is_editable(workload, profile) is editable
    assert (editable_problem(workload, profile) is None) is editable


def test_a_history_snapshot_says_what_to_edit_instead(workload):
    problem = editable_problem(workload, "q1", verb="import into")
    assert problem == (
        "profile 'q1' is a dated snapshot (history) and is not edited; import into "
        "'current' or a target (faster, cheaper)"
    )
    assert "; edit 'current'" in editable_problem(workload, "q1")


def test_without_targets_the_history_message_says_branch_one_first(workload):
    for name in ("faster", "cheaper"):
        del workload.profiles[name]
    assert editable_problem(workload, "q1").endswith("'current' or a target (branch one first)")


def test_the_newest_snapshot_is_current_when_no_profile_is_called_current(workload):
    workload.profiles["now"] = workload.profiles.pop("current")
    workload.profiles["now"].name = "now"
    assert is_editable(workload, "now")
    assert not is_editable(workload, "q1")


@pytest.mark.parametrize(
    ("profile", "key", "expected"),
    [
        ("current", LATENCY, UNANSWERED),  # a snapshot inherits nothing
        ("faster", LATENCY, value(61, provenance="measured")),
        ("faster", CLASS, UNANSWERED),  # the base does not answer it
        ("cheaper", LATENCY, value(45, provenance="estimated", rationale="c6i")),
        ("cheaper", VPC, value(False, rationale="  ")),
    ],
)
def test_what_a_profile_inherits(workload, profile, key, expected):
    assert inherited(workload, profile, key) == expected


@pytest.mark.parametrize(
    ("profile", "key", "answer", "stored", "why"),
    [
        # the current state stores every answer: it inherits nothing
        ("current", LATENCY, value(61), True, False),
        ("current", CLASS, UNANSWERED, False, False),
        # a target stores what differs from its base, and that needs a rationale
        ("faster", LATENCY, value(50), True, True),
        ("faster", CLASS, value("low"), True, True),
        # what it would inherit anyway is not stored twice ...
        ("faster", LATENCY, value(61, provenance="declared"), False, False),
        # ... unless the target says why it keeps it explicitly
        ("faster", LATENCY, value(61, rationale="keep it"), True, False),
        ("cheaper", LATENCY, value(45), False, False),
        ("cheaper", LATENCY, Answer(State.UNKNOWN), True, True),
        ("cheaper", CLASS, UNANSWERED, True, True),
        # a snapshot never keeps a same answer for its rationale
        ("current", CLASS, Answer(State.UNANSWERED, rationale="x"), False, False),
    ],
)
def test_what_is_stored_and_what_needs_a_rationale(workload, profile, key, answer, stored, why):
    assert stores_answer(workload, profile, key, answer) is stored
    assert needs_rationale(workload, profile, key, answer) is why


def test_a_targets_changes_in_file_order_and_those_without_a_why(workload):
    found = changes(workload, "faster")
    assert [c.key for c in found] == [LATENCY, VPC, CLASS]
    assert [c.before for c in found] == [value(61, provenance="measured"), value(True), UNANSWERED]
    assert [c.rationale for c in found] == ["c6i", None, None]  # blank is no rationale
    assert all(c.changed for c in found)
    assert [c.key for c in changes_without_rationale(workload, "faster")] == [VPC, CLASS]
    assert changes(workload, "current") == []
    assert changes(workload, "cheaper") == []


@pytest.mark.parametrize(
    ("before", "after", "changed", "rationale"),
    [
        (value(1), value(1, provenance="measured", source="load test"), False, None),
        (value(1), value(2, rationale="  bigger  "), True, "bigger"),
        (value(1), Answer(State.UNKNOWN, rationale=""), True, None),
        (UNANSWERED, Answer(State.UNANSWERED, rationale="why"), False, "why"),
    ],
)
def test_a_change_is_the_answer_not_where_it_came_from(before, after, changed, rationale):
    change = Change("k", before, after)
    assert change.changed is changed
    assert change.rationale == rationale


@pytest.mark.parametrize(
    ("current", "choices"),
    [
        (value(3, provenance="imported"), (Provenance.IMPORTED, *PICKABLE)),
        (value(3, provenance="measured"), PICKABLE),
        (Answer(State.UNKNOWN, provenance="imported"), PICKABLE),
        (UNANSWERED, PICKABLE),
    ],
)
def test_imported_is_offered_only_while_the_current_answer_is_an_imported_value(current, choices):
    assert provenance_choices(current) == choices
    assert PICKABLE == (Provenance.DECLARED, Provenance.ESTIMATED, Provenance.MEASURED)


@pytest.mark.parametrize(
    ("current", "new", "approximate", "suggested"),
    [
        (value(3, provenance="measured"), 3, False, Provenance.MEASURED),
        (value(3, provenance="measured"), 3, True, Provenance.ESTIMATED),
        (value(3, provenance="measured"), 4, False, Provenance.DECLARED),
        (value(3, provenance=None), 3, False, Provenance.DECLARED),
        (value(3, provenance="guessed-by-a-later-version"), 3, False, Provenance.DECLARED),
        (Answer(State.UNKNOWN, value=3, provenance="measured"), 3, False, Provenance.DECLARED),
    ],
)
def test_the_preselected_provenance(current, new, approximate, suggested):
    assert suggested_provenance(current, new, approximate) is suggested


def test_a_value_is_exact_unless_said_approximate():
    assert suggested_provenance(value(3, provenance="measured"), 3) is Provenance.MEASURED


def test_a_new_source_for_the_same_measurement_drops_its_old_time():
    measured = value(3, provenance="measured", source="load test", at="2026-11-01T00:00:00+00:00")
    assert answer_by_hand(measured, 3, source="load test").at == measured.at
    again = answer_by_hand(measured, 3, source="CloudWatch p95, 14 days")
    assert (again.source, again.at) == ("CloudWatch p95, 14 days", None)
    cleared = answer_by_hand(measured, 3, source="  ")
    assert (cleared.source, cleared.at) == (None, None)


def test_imported_picked_by_hand_says_what_imported_means():
    with pytest.raises(ValueProblem) as e:
        answer_by_hand(value(3, provenance="imported"), 4, provenance="imported")
    assert str(e.value) == (
        "imported is what an AWS import records; a value given by hand is declared, "
        "estimated or measured"
    )
