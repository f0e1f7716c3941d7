"""Rubric 1.1.0 as an ML Lens reviewer reads it: platform limits are not applicable (never an
immaturity), fits far beyond their requirement are capped, latency is judged end to end,
process items do not gate, every scored characteristic cites its sources; and the rubric
fields that carry this (``not_applicable``, ``cap``, ``plus``, ``multiple_of``) are checked
like every other field."""

from __future__ import annotations

import random

import pytest
from golden_answers import random_answers
from hypothesis import given, settings
from hypothesis import strategies as st
from rubric_fixtures import levels_toml

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.errors import RubricError
from mlprofile_tui.core.rubric import load_rubric, resolve_rubric
from mlprofile_tui.core.scoring import applies, in_scope, score_characteristic, score_profile
from mlprofile_tui.core.values import ValueProblem, parse_text

RUBRIC = resolve_rubric("mloe-05")

# What Serverless Inference does not offer (DG "Serverless Inference", feature exclusions).
SERVERLESS_EXCLUDED = (
    "network.vpc",
    "network.network_isolation",
    "monitoring.data_capture_pct",
    "monitoring.model_monitor",
    "traffic.scaling",
)


def val(v):
    return Answer(State.VALUE, v, "declared")


def test_the_newest_builtin_rubric_is_1_1_0_and_cites_every_threshold():
    assert RUBRIC.version == "1.1.0"
    assert RUBRIC.require_sources
    assert RUBRIC.unsourced() == ()
    assert resolve_rubric("mloe-05", "1.0.0").version == "1.0.0"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_serverless_is_never_marked_down_for_what_it_cannot_offer(seed):
    """Whatever else a profile says, a serverless one scores the excluded features N/A."""
    answers = random_answers(RUBRIC, random.Random(seed))
    answers["deployment.deployment_location"] = val("serverless")
    result = score_profile(RUBRIC, answers)
    for key in SERVERLESS_EXCLUDED:
        c = result.characteristic(key)
        assert c.state in ("not_applicable", "skipped"), key
        assert c.level is None and not c.applies, key
        assert all(b.key != key for b in result.blockers)
    vpc = result.characteristic("network.vpc")
    assert (
        vpc.distance == "not applicable: Serverless Inference does not support a VPC configuration"
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_an_automatic_na_is_never_asked_and_never_scored(seed):
    """The class: any rule-out that holds takes the characteristic out of asking and scoring."""
    answers = random_answers(RUBRIC, random.Random(seed))
    result = score_profile(RUBRIC, answers)
    scoped = in_scope(RUBRIC, answers)
    for ch in RUBRIC.characteristics:
        ruled_out = any(na.condition.test(scoped) is True for na in ch.not_applicable)
        c = result.characteristic(ch.key)
        if ruled_out:
            assert not applies(ch, answers) and c.level is None and not c.applies, ch.key


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_an_answer_skip_logic_sets_aside_decides_nothing(seed):
    """The class: no condition (skip logic, rule-out, rule, cap) sees an answer to a question
    that is itself skipped or ruled out, so an inherited answer the profile no longer asks
    cannot change what is asked or how it scores."""
    answers = random_answers(RUBRIC, random.Random(seed))
    scoped = in_scope(RUBRIC, answers)
    for ch in RUBRIC.characteristics:
        if ch.key in scoped:
            assert applies(ch, scoped), ch.key
    assert score_profile(RUBRIC, answers) == score_profile(RUBRIC, scoped)


def test_a_serverless_target_inherits_no_gpu_from_its_base():
    """The classifier's serverless target: its base runs on a GPU; serverless skips the
    accelerator question, so the evaluation it is the result of still scores."""
    answers = {
        "deployment.deployment_location": val("serverless"),
        "deployment.accelerator_class": val("gpu"),  # inherited, no longer asked
        "architecture.serverless_evaluation": val("in_use"),
    }
    r = score_profile(RUBRIC, answers).characteristic("architecture.serverless_evaluation")
    assert r.level == 4


def test_the_bundled_serverless_target_was_stuck_at_l1_on_vpc_and_is_not_now():
    """The 1.0.0 review's case: serverless + vpc = false scored network at L1."""
    answers = {"deployment.deployment_location": val("serverless"), "network.vpc": val(False)}
    assert score_characteristic(RUBRIC.get("network.vpc"), answers).level is None
    old = resolve_rubric("mloe-05", "1.0.0")
    assert score_characteristic(old.get("network.vpc"), answers).level == 1


@pytest.mark.parametrize(
    "answers, reason",
    [
        (
            {"deployment.model_family": "foundation_model", "deployment.accelerator_class": "gpu"},
            "CPUs only",
        ),
        (
            {
                "deployment.model_family": "foundation_model",
                "deployment.accelerator_class": "inferentia",
            },
            "CPUs only",
        ),
        ({"deployment.accelerator_memory": 16 * 2**30}, "6 GB ceiling"),
        ({"deployment.deployment_location": "bedrock"}, "per token"),
    ],
)
def test_serverless_evaluation_is_not_applicable_where_serverless_cannot_run(answers, reason):
    ch = RUBRIC.get("architecture.serverless_evaluation")
    given_answers = {k: val(v) for k, v in answers.items()}
    given_answers[ch.key] = val("evaluated_unsuitable")
    r = score_characteristic(ch, given_answers)
    assert r.level is None and reason in r.distance
    cpu = {"deployment.accelerator_class": val("cpu"), ch.key: val("evaluated_unsuitable")}
    assert score_characteristic(ch, cpu).level == 4
    # a deep-learning model on a GPU today may still run on CPUs: the question stands
    gpu_today = {
        "deployment.model_family": val("deep_learning"),
        "deployment.accelerator_class": val("gpu"),
        ch.key: val("discussed"),
    }
    assert score_characteristic(ch, gpu_today).level == 2


def _latency(location: str, p95: float, overhead: float | None = None) -> dict[str, Answer]:
    answers = {
        "deployment.deployment_location": val(location),
        "traffic.latency_class": val("low"),
        "traffic.latency_target_ms": val(100),
        "traffic.p95_latency_ms": val(p95),
    }
    if overhead is not None:
        answers["traffic.overhead_latency_ms"] = val(overhead)
    return answers


def test_far_under_the_target_on_instances_is_over_provisioning_capped_at_l3():
    ch = RUBRIC.get("traffic.p95_latency_ms")
    r = score_characteristic(ch, _latency("sagemaker_realtime", 8))
    assert (r.level, r.next_level) == (3, 4)
    assert "capped at L3 under 0.25x" in r.distance and "right-size" in r.distance
    # on serverless faster is cheaper (billed per millisecond): no cap
    assert score_characteristic(ch, _latency("serverless", 8)).level == 4
    # at the cap's bound the bands decide
    assert score_characteristic(ch, _latency("sagemaker_realtime", 25)).level == 4


def test_latency_is_judged_end_to_end_with_the_overhead():
    ch = RUBRIC.get("traffic.p95_latency_ms")
    alone = score_characteristic(ch, _latency("sagemaker_realtime", 75))
    assert alone.level == 4
    both = score_characteristic(ch, _latency("sagemaker_realtime", 75, overhead=30))
    assert both.level == 2
    assert both.distance.startswith("75 ms + 30 ms = 105 ms vs 100 ms = 1.05x")


def test_process_items_move_the_score_not_the_level():
    process = {
        "deployment.profile_review",
        "cost.pricing_comparison",
        "provisioning.staging_parity",
        "provisioning.capacity_review",
    }
    assert {c.key for c in RUBRIC.characteristics if c.scored and not c.gating} == process
    answers = {"deployment.update_automation": val("cicd_canary_rollback")}
    low = dict(answers, **{"deployment.profile_review": val("never")})
    high = dict(answers, **{"deployment.profile_review": val("scheduled_and_on_change")})
    lo, hi = score_profile(RUBRIC, low), score_profile(RUBRIC, high)
    assert lo.groups["deployment"].level == hi.groups["deployment"].level
    assert lo.groups["deployment"].score < hi.groups["deployment"].score


def test_serverless_memory_comes_in_one_gigabyte_steps():
    ch = RUBRIC.get("deployment.serverless_memory_mb")
    assert parse_text(ch, "4096") == 4096
    for bad, message in (("3000", "whole multiple of 1024 MB"), ("8192", "at most 6144")):
        with pytest.raises(ValueProblem, match=message):
            parse_text(ch, bad)


def test_cost_per_1000_is_scored_against_the_business_target():
    ch = RUBRIC.get("cost.cost_per_1000_usd")
    answers = {"business.target_cost_per_1000_usd": val(0.40), ch.key: val(0.30)}
    assert score_characteristic(ch, answers).level == 4
    answers[ch.key] = val(0.50)
    assert score_characteristic(ch, answers).level == 2


# --------------------------------------------------------------------------- the new fields

BASE = (
    'id = "t"\nversion = "1"\ntitle = "T"\n'
    + levels_toml(2)
    + """\
[[groups]]
id = "g"
[[groups.characteristics]]
id = "where"
question = "Where?"
help = "H"
type = "enum"
choices = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
[[groups.characteristics]]
id = "target"
question = "Target?"
help = "H"
type = "duration_ms"
[[groups.characteristics]]
id = "extra"
question = "Extra?"
help = "H"
type = "duration_ms"
[[groups.characteristics]]
id = "count"
question = "Count?"
help = "H"
type = "int"
[[groups.characteristics]]
id = "measured"
question = "Measured?"
help = "H"
type = "duration_ms"
kind = "fit"
requirement = "g.target"
direction = "lower"
thresholds = { L1 = 1.0, L2 = 0.5 }
"""
)


def _problems(tmp_path, extra: str) -> list[str]:
    path = tmp_path / "r.toml"
    path.write_text(BASE + extra)
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    return info.value.problems


def test_the_new_fields_load(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(
        BASE
        + 'plus = ["g.extra"]\n'
        + 'cap = { beyond = 0.1, level = "L1", advice = "smaller", '
        + 'when = { key = "g.where", equals = "a" } }\n'
        + 'not_applicable = [{ when = { key = "g.where", equals = "b" }, reason = "b has none" }]\n'
    )
    ch = load_rubric(path).get("g.measured")
    assert ch.plus == ("g.extra",) and ch.cap is not None and ch.cap.beyond == 0.1
    assert ch.not_applicable[0].reason == "b has none"


@pytest.mark.parametrize(
    "extra, message",
    [
        ('plus = ["g.nope"]\n', "names unknown characteristic 'g.nope'"),
        ('plus = ["g.count"]\n', "only a duration_ms in ms adds to g.measured"),
        ('plus = ["g.measured"]\n', "cannot add to itself"),
        ('cap = { beyond = 0.9, level = "L1", advice = "x" }\n', "must lie beyond the top band"),
        ('cap = { beyond = 0.1, level = "L2", advice = "x" }\n', "caps nothing"),
        ('cap = { beyond = 0, level = "L1", advice = "x" }\n', "a ratio above 0"),
        ('cap = { beyond = 0.1, level = "L1" }\n', "advice: is required"),
        ('cap = { beyond = 0.1, level = "L1", advice = "x", colour = 1 }\n', "unknown field"),
        ("cap = 3\n", "must be a { beyond, level, advice } table"),
        ('not_applicable = [{ reason = "r" }]\n', "when: is required"),
        (
            'not_applicable = [{ when = { key = "g.where", equals = "a" } }]\n',
            "reason: is required",
        ),
        (
            'not_applicable = [{ when = { key = "g.where", equals = "z" }, reason = "r" }]\n',
            "has no choice 'z'",
        ),
        (
            'not_applicable = [{ when = { key = "g.measured", at_least = 1 }, reason = "r" }]\n',
            "its own answer",
        ),
        ('not_applicable = "x"\n', "must be a list of { when, reason } tables"),
        ("multiple_of = 0\n", "must be a number above 0"),
    ],
)
def test_malformed_new_fields_are_rubric_errors_with_their_key(tmp_path, extra, message):
    problems = _problems(tmp_path, extra)
    assert any(message in p for p in problems), problems
    assert all(p.startswith("groups[0].characteristics[4]") for p in problems), problems


def test_a_rule_out_may_only_look_at_earlier_answers(tmp_path):
    text = BASE.replace(
        'id = "where"\n',
        'id = "where"\n'
        'not_applicable = [{ when = { key = "g.count", at_least = 1 }, reason = "r" }]\n',
    )
    path = tmp_path / "r.toml"
    path.write_text(text)
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    assert any("'g.count' is asked later" in p for p in info.value.problems)
