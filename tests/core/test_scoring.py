"""Scoring rules: bands and distances, skip logic, answer states, weakest-link gating."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.scoring import score_characteristic, score_profile
from mlprofile_tui.core.workload import load_workload

RUBRIC = resolve_rubric(None)


def val(v):
    return Answer(State.VALUE, v, "declared")


def test_threshold_bands_and_distance_for_a_fit_characteristic():
    answers = {
        "traffic.latency_class": val("low"),
        "traffic.latency_target_ms": val(100),
        "traffic.p95_latency_ms": val(140),
    }
    r = score_characteristic(RUBRIC.get("traffic.p95_latency_ms"), answers)
    assert r.level == 2  # 1.4x the target: within 1.5x
    assert r.next_level == 3
    assert r.distance == "140 ms vs 100 ms = 1.40x; L3 needs <= 1x (<= 100 ms)"
    answers["traffic.p95_latency_ms"] = val(80)
    assert score_characteristic(RUBRIC.get("traffic.p95_latency_ms"), answers).level == 4
    answers["traffic.p95_latency_ms"] = val(301)
    assert score_characteristic(RUBRIC.get("traffic.p95_latency_ms"), answers).level == 0


def test_fit_without_its_requirement_scores_l0_and_says_why():
    answers = {"traffic.latency_class": val("low"), "traffic.p95_latency_ms": val(50)}
    r = score_characteristic(RUBRIC.get("traffic.p95_latency_ms"), answers)
    assert r.level == 0 and "traffic.latency_target_ms" in r.distance


def test_enum_bool_and_rules():
    ch = RUBRIC.get("deployment.update_automation")
    r = score_characteristic(ch, {ch.key: val("scripted")})
    assert (r.level, r.next_level) == (2, 3)
    # choices by their labels, as people read them
    assert r.distance == (
        "A script or notebook someone runs is L2; L3 needs A pipeline with a registry approval step"
    )
    iso = RUBRIC.get("network.network_isolation")
    assert score_characteristic(iso, {iso.key: val(False)}).level == 2
    assert score_characteristic(iso, {iso.key: val(True)}).level == 4
    # cost levers score by their fit to the traffic pattern, not by how many are ticked
    levers = RUBRIC.get("cost.levers")

    def levers_level(pattern, chosen):
        answers = {levers.key: val(chosen)}
        if pattern:
            answers["traffic.traffic_pattern"] = val(pattern)
        return score_characteristic(levers, answers).level

    idle_levers = ["serverless", "scale_to_zero", "autoscaling", "model_consolidation"]
    assert levers_level("steady", ["savings_plans", "right_sizing"]) == 4
    assert levers_level("steady", idle_levers) == 2  # four levers, none that fits steady use
    assert levers_level("intermittent", ["savings_plans", "right_sizing"]) == 2
    assert levers_level("intermittent", ["right_sizing", "serverless"]) == 4
    assert levers_level("spiky", ["autoscaling"]) == 3
    assert levers_level("periodic", ["autoscaling"]) == 3
    assert levers_level("periodic", ["autoscaling", "right_sizing", "savings_plans"]) == 4
    assert levers_level(None, ["savings_plans", "right_sizing"]) == 2  # fit unknown yet
    assert levers_level("steady", []) == 1


def test_unknown_is_l0_with_an_optimistic_bound_and_na_is_excluded():
    ch = RUBRIC.get("network.kms_encryption")
    unknown = score_characteristic(ch, {ch.key: Answer(State.UNKNOWN)})
    assert (unknown.level, unknown.best, unknown.applies) == (0, 4, True)
    na = score_characteristic(ch, {ch.key: Answer(State.NOT_APPLICABLE, reason="on premises")})
    assert (na.level, na.applies) == (None, False)


def test_skip_logic_excludes_the_cold_start_group_when_capacity_is_always_on():
    answers = {"cold_start.exposure": val("never")}
    result = score_profile(RUBRIC, answers)
    group = result.groups["cold_start"]
    assert group.level is None
    assert all(
        c.state == "skipped" for c in group.characteristics if c.key != "cold_start.exposure"
    )
    # undetermined (unanswered) skip logic still asks the question
    result = score_profile(RUBRIC, {})
    assert result.groups["cold_start"].level == 0


def test_example_scores_and_blockers(examples):
    workload = load_workload(examples["fraud-scorer"])
    result = score_profile(workload.rubric, workload.effective("current"), "current")
    assert result.level == 2
    assert result.groups["architecture"].level == 3
    assert not result.draft and result.completeness == 1.0
    keys = [b.key for b in result.blockers]
    assert "deployment.instance_selection" in keys and "provisioning.quota_headroom" in keys
    assert all(b.needs == 3 for b in result.blockers)


# ------------------------------------------------------------------ properties over random profiles

SCORED_ENUMS = [c for c in RUBRIC.characteristics if c.kind == "maturity" and c.type == "enum"]


@st.composite
def profiles(draw):
    answers = {}
    for ch in SCORED_ENUMS:
        state = draw(st.sampled_from(["value", "value", "value", "unknown", "na", "missing"]))
        if state == "value":
            answers[ch.key] = val(draw(st.sampled_from(ch.choice_ids)))
        elif state == "unknown":
            answers[ch.key] = Answer(State.UNKNOWN)
        elif state == "na":
            answers[ch.key] = Answer(State.NOT_APPLICABLE, reason="test")
    return answers


@settings(max_examples=150, deadline=None)
@given(profiles(), st.sampled_from(SCORED_ENUMS), st.data())
def test_a_better_answer_never_lowers_a_level(answers, ch, data):
    current = answers.get(ch.key)
    # N/A -> value is a change of scope, not a better answer: it may fairly lower the average.
    assume(current is None or current.state is not State.NOT_APPLICABLE)
    before = score_profile(RUBRIC, answers)
    current_level = ch.choice(current.value).level if current and current.is_value else 0
    better = [c.id for c in ch.choices if c.level >= current_level]
    choice = data.draw(st.sampled_from(better))
    after = score_profile(RUBRIC, {**answers, ch.key: val(choice)})
    assert after.level >= before.level
    assert after.score >= before.score - 1e-12
    for gid, g in after.groups.items():
        if g.level is not None and before.groups[gid].level is not None:
            assert g.level >= before.groups[gid].level


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_min_gating_holds(answers):
    result = score_profile(RUBRIC, answers)
    for g in result.groups.values():
        gating = [
            c.level for c in g.characteristics if c.applies and c.level is not None and c.gating
        ]
        assert g.level == (min(gating) if gating else None)
        assert g.optimistic_level is None or g.optimistic_level >= g.level
    group_levels = [g.level for g in result.groups.values() if g.level is not None]
    assert result.level == min(group_levels, default=0)


@settings(max_examples=150, deadline=None)
@given(profiles(), st.sampled_from(SCORED_ENUMS))
def test_not_applicable_never_counts(answers, ch):
    na = {**answers, ch.key: Answer(State.NOT_APPLICABLE, reason="does not apply")}
    result = score_profile(RUBRIC, na)
    group = result.groups[ch.group]
    others = [
        c for c in group.characteristics if c.key != ch.key and c.applies and c.level is not None
    ]
    gating = [c.level for c in others if c.gating]
    assert group.level == (min(gating) if gating else None)
    if others:
        total = sum(c.weight for c in others)
        expected = sum(c.weight * c.level for c in others) / (total * RUBRIC.top_rank)
        assert group.score == pytest.approx(expected)
    assert next(c for c in group.characteristics if c.key == ch.key).applies is False


# --------------------------------------------------------------------------- fit shortfalls

FITS = [ch for ch in RUBRIC.characteristics if ch.kind == "fit"]


@settings(max_examples=300, deadline=None)
@given(
    ch=st.sampled_from(FITS),
    requirement=st.integers(min_value=1, max_value=10**6),
    value=st.integers(min_value=0, max_value=10**7),
    answered=st.sampled_from(["fit", "requirement"]),
)
def test_a_fit_short_of_its_requirement_says_so_from_either_answer(
    ch, requirement, value, answered
):
    from mlprofile_tui.core.scoring import applies, requirement_level, shortfalls

    answers = {ch.requirement: val(requirement), ch.key: val(value)}
    assert applies(ch, answers)  # skip logic asks a fit until an answer rules it out
    key = ch.key if answered == "fit" else ch.requirement
    found = shortfalls(RUBRIC, answers, key)
    result = score_characteristic(ch, answers)
    if result.level < requirement_level(ch):
        assert [(s.key, s.level, s.distance) for s in found] == [
            (ch.key, result.level, result.distance)
        ]
        assert found[0].line(RUBRIC).startswith(f"{ch.key} is L{result.level}, short of its")
    else:
        assert found == []
    meets = value <= requirement if ch.direction == "lower" else value >= requirement
    if meets:
        assert found == []  # at or better than the requirement is never short of it


def test_no_shortfall_without_a_requirement_value_or_for_other_answers():
    from mlprofile_tui.core.scoring import shortfalls

    answers = {"traffic.latency_class": val("low"), "traffic.p95_latency_ms": val(500)}
    assert shortfalls(RUBRIC, answers, "traffic.p95_latency_ms") == []
    answers["traffic.latency_target_ms"] = Answer(State.UNKNOWN)
    assert shortfalls(RUBRIC, answers, "traffic.p95_latency_ms") == []
    answers["traffic.latency_target_ms"] = val(100)
    assert shortfalls(RUBRIC, answers, "traffic.latency_class") == []  # not a fit, no requirement
    (short,) = shortfalls(RUBRIC, answers, "traffic.p95_latency_ms")
    assert short.line(RUBRIC) == (
        "traffic.p95_latency_ms is L0, short of its requirement: "
        "500 ms vs 100 ms = 5.00x; L1 needs <= 3x (<= 300 ms)"
    )
    answers["traffic.latency_class"] = val("batch")  # skip logic: no latency to fit
    assert shortfalls(RUBRIC, answers, "traffic.p95_latency_ms") == []
