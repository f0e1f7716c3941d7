"""Conditions over answers, what contradictions need of them: strict comparisons (above, below),
the keys that make a condition hold, and tests a rubric cannot satisfy (a string for a yes/no
question) rejected with their key. Every other test is in test_conditions.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.answers import UNANSWERED, Answer, State
from mlprofile_tui.core.conditions import ConditionSyntaxError, parse_condition, subsumes
from mlprofile_tui.core.errors import RubricError
from mlprofile_tui.core.rubric import build_rubric


def value(v) -> Answer:
    return Answer(State.VALUE, v, provenance="declared")


@settings(derandomize=True)
@given(st.integers(-10, 10), st.integers(-10, 10))
def test_above_and_below_are_strict_and_at_least_at_most_inclusive(x, bound):
    answers = {"t.n": value(x)}
    for op, holds in (
        ("above", x > bound),
        ("below", x < bound),
        ("at_least", x >= bound),
        ("at_most", x <= bound),
    ):
        assert parse_condition({"key": "t.n", op: bound}).test(answers) is holds, (op, x, bound)


def test_comparisons_on_a_missing_answer_are_undetermined():
    cond = parse_condition({"key": "t.n", "above": 1})
    assert cond.test({}) is None
    assert cond.test({"t.n": UNANSWERED}) is None
    assert cond.test({"t.n": Answer(State.UNKNOWN)}) is None


@pytest.mark.parametrize("arg", ["6", True, float("nan"), float("inf"), [1]])
def test_strict_comparisons_need_a_finite_number(arg):
    with pytest.raises(ConditionSyntaxError, match="needs a finite number"):
        parse_condition({"key": "t.n", "above": arg})


def test_subsumes_knows_strict_bounds():
    above = parse_condition({"key": "t.n", "above": 5})
    assert subsumes(above, parse_condition({"key": "t.n", "above": 9}))
    assert not subsumes(above, parse_condition({"key": "t.n", "above": 2}))
    below = parse_condition({"key": "t.n", "below": 5})
    assert subsumes(below, parse_condition({"key": "t.n", "below": 1}))
    assert not subsumes(below, parse_condition({"key": "t.n", "below": 7}))


def test_holding_keys_name_what_makes_the_condition_true_in_its_order():
    cond = parse_condition(
        {
            "all": [
                {"key": "a.loc", "equals": "serverless"},
                {"any": [{"key": "b.in", "above": 10}, {"key": "b.out", "above": 10}]},
            ]
        }
    )
    answers = {"a.loc": value("serverless"), "b.in": value(20), "b.out": value(5)}
    assert cond.holding_keys(answers) == ["a.loc", "b.in"]
    answers["b.out"] = value(50)
    assert cond.holding_keys(answers) == ["a.loc", "b.in", "b.out"]
    answers["a.loc"] = value("batch")
    assert cond.holding_keys(answers) == []  # not true: nothing to quote
    negated = parse_condition({"not": {"key": "a.loc", "in": ["serverless"]}})
    assert negated.holding_keys(answers) == ["a.loc"]
    assert parse_condition({}).holding_keys(answers) == []


def test_holding_keys_of_an_any_inside_an_any_quote_only_the_inner_branch_that_holds():
    cond = parse_condition(
        {
            "any": [
                {"any": [{"key": "b.in", "above": 10}, {"key": "b.out", "above": 10}]},
                {"key": "a.loc", "equals": "batch"},
            ]
        }
    )
    answers = {"a.loc": value("serverless"), "b.in": value(20), "b.out": value(5)}
    assert cond.holding_keys(answers) == ["b.in"]


RUBRIC = {
    "id": "t",
    "version": "1",
    "title": "T",
    "levels": [{"rank": 0, "id": "L0"}, {"rank": 1, "id": "L1"}],
    "groups": [
        {
            "id": "g",
            "characteristics": [
                {"id": "flag", "question": "Q", "help": "H", "type": "bool"},
                {"id": "n", "question": "Q", "help": "H", "type": "int"},
                {"id": "name", "question": "Q", "help": "H", "type": "text"},
                {"id": "later", "question": "Q", "help": "H", "type": "int", "when": {}},
            ],
        }
    ],
}


@pytest.mark.parametrize(
    "when, message",
    [
        ({"key": "g.flag", "equals": "true"}, "g.flag is bool; a string ('true') can never"),
        ({"key": "g.n", "in": [1, "2"]}, "g.n is int; a string ('2') can never"),
        ({"key": "g.n", "equals": True}, "g.n is int; a boolean (True) can never"),
        ({"key": "g.name", "not_in": [3]}, "g.name is text; an integer (3) can never"),
        ({"key": "g.flag", "above": 1}, "'above' needs a number; g.flag is bool"),
        ({"key": "g.name", "below": 1}, "'below' needs a number; g.name is text"),
    ],
)
def test_a_test_no_answer_can_satisfy_is_a_rubric_problem_with_its_key(when, message):
    raw = {**RUBRIC, "groups": [dict(RUBRIC["groups"][0])]}
    chars = [dict(c) for c in raw["groups"][0]["characteristics"]]
    chars[-1]["when"] = when
    raw["groups"][0]["characteristics"] = chars
    with pytest.raises(RubricError) as info:
        build_rubric(raw, path="t.toml")
    assert any(p.startswith("groups[0].characteristics[3].when") for p in info.value.problems)
    assert any(message in p for p in info.value.problems), info.value.problems


def test_tests_of_the_right_type_build():
    raw = {**RUBRIC, "groups": [dict(RUBRIC["groups"][0])]}
    chars = [dict(c) for c in raw["groups"][0]["characteristics"]]
    chars[-1]["when"] = {
        "all": [
            {"key": "g.flag", "equals": True},
            {"key": "g.n", "in": [1, 2.5]},
            {"key": "g.n", "above": 0},
            {"key": "g.name", "not_in": ["x"]},
        ]
    }
    raw["groups"][0]["characteristics"] = chars
    assert build_rubric(raw, path="t.toml").by_key["g.later"].when is not None
