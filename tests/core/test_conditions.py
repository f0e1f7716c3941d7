"""Skip logic and scoring rules: every condition test and combinator, three-valued.

Each row is a condition as a rubric writes it, the answers it sees and what it decides: True,
False or None (undetermined: a characteristic it reads holds no value yet).
"""

from __future__ import annotations

import pytest

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.conditions import (
    Condition,
    ConditionSyntaxError,
    parse_condition,
    subsumes,
)


def value(v):
    return Answer(State.VALUE, v)


UNKNOWN = Answer(State.UNKNOWN)
NA = Answer(State.NOT_APPLICABLE, reason="no GPU")
UNANSWERED = Answer(State.UNANSWERED)

K = "g.k"
# condition, the answer held by g.k (None: nothing recorded), decision
TABLE = [
    ({"equals": "a"}, value("a"), True),
    ({"equals": "a"}, value("b"), False),
    ({"equals": 3}, value(3), True),
    ({"equals": True}, value(False), False),
    ({"equals": "a"}, UNKNOWN, None),
    ({"equals": "a"}, None, None),
    ({"in": ["a", "b"]}, value("b"), True),
    ({"in": ["a", "b"]}, value("c"), False),
    ({"in": "a"}, value("a"), True),  # a single item is a list of one
    ({"in": ["a"]}, NA, None),
    ({"not_in": ["a", "b"]}, value("c"), True),
    ({"not_in": ["a", "b"]}, value("a"), False),
    ({"not_in": ["a"]}, UNANSWERED, None),
    ({"includes": ["x", "y"]}, value(["x", "y", "z"]), True),
    ({"includes": ["x", "y"]}, value(["x"]), False),
    ({"includes": "x"}, value("x"), True),  # a single chosen option counts as a list of one
    ({"includes": ["x"]}, value([]), False),
    ({"includes": ["x"]}, UNKNOWN, None),
    ({"includes_any": ["x", "q"]}, value(["x", "y"]), True),
    ({"includes_any": ["q", "r"]}, value(["x", "y"]), False),
    ({"includes_any": ["x"]}, value("x"), True),
    ({"includes_any": ["x"]}, None, None),
    ({"count_at_least": 2}, value(["x", "y"]), True),
    ({"count_at_least": 2}, value(["x"]), False),
    ({"count_at_least": 3}, value(["x", "y", "z", "w"]), True),
    ({"count_at_least": 0}, value([]), True),
    ({"count_at_least": 1}, value("x"), True),
    ({"count_at_least": 1}, UNKNOWN, None),
    ({"at_least": 10}, value(10), True),
    ({"at_least": 10}, value(10.5), True),
    ({"at_least": 10}, value(9), False),
    ({"at_least": 10}, value("100"), False),  # text is never a number
    ({"at_least": 10}, UNKNOWN, None),
    ({"at_most": 10}, value(10), True),
    ({"at_most": 10}, value(9.5), True),
    ({"at_most": 10}, value(11), False),
    ({"at_most": 10}, value("1"), False),
    ({"at_most": 10}, NA, None),
    ({"state": ["unknown"]}, UNKNOWN, True),
    ({"state": ["unknown"]}, value(1), False),
    ({"state": "not_applicable"}, NA, True),
    ({"state": ["value", "unknown"]}, value(1), True),
    ({"state": ["unanswered"]}, None, True),  # state decides even when nothing is recorded
    ({"state": ["unanswered"]}, UNANSWERED, True),
    ({"state": ["value"]}, None, False),
]


@pytest.mark.parametrize(("raw", "answer", "decision"), TABLE)
def test_each_condition_test(raw, answer, decision):
    answers = {} if answer is None else {K: answer}
    cond = parse_condition({"key": K, **raw})
    assert cond.op == next(iter(raw)) and cond.key == K
    assert cond.test(answers) is decision


T = {"key": K, "equals": 1}  # true on the answers below
F = {"key": K, "equals": 2}  # false
U = {"key": "g.unset", "equals": 1}  # undetermined
ANSWERS = {K: value(1)}

COMBINED = [
    ({"all": [T, T]}, True),
    ({"all": [T, F]}, False),
    ({"all": [F, U]}, False),  # one false decides, even beside an unknown
    ({"all": [U, F]}, False),
    ({"all": [T, U]}, None),
    ({"all": [U]}, None),
    ({"any": [F, T]}, True),
    ({"any": [U, T]}, True),  # one true decides, even beside an unknown
    ({"any": [F, F]}, False),
    ({"any": [F, U]}, None),
    ({"any": [U]}, None),
    ({"not": T}, False),
    ({"not": F}, True),
    ({"not": U}, None),
    ({"not": {"not": T}}, True),
    ({"any": [T], "not": T}, False),  # several tests in one table must all hold
    ({"any": [T], "all": [T], "not": F}, True),
    ({"key": K, "equals": 1, "in": [1, 2]}, True),
    ({"key": K, "equals": 1, "in": [2]}, False),
    ({}, True),  # an empty condition always holds
]


@pytest.mark.parametrize(("raw", "decision"), COMBINED)
def test_combinators_are_three_valued(raw, decision):
    assert parse_condition(raw).test(ANSWERS) is decision


def test_the_characteristic_itself_is_the_default_key():
    cond = parse_condition({"includes": ["spot"]}, default_key="cost.levers")
    assert cond == Condition("includes", key="cost.levers", arg=("spot",))
    assert cond.test({"cost.levers": value(["spot", "sp"])}) is True
    nested = parse_condition({"any": [{"equals": 1}], "not": {"equals": 2}}, default_key="a.b")
    assert nested.keys() == {"a.b"}
    explicit = parse_condition({"key": "c.d", "equals": 1}, default_key="a.b")
    assert explicit.key == "c.d"


def test_keys_and_leaves_of_a_nested_condition():
    cond = parse_condition(
        {"all": [{"key": "a.x", "equals": 1}, {"not": {"key": "b.y", "in": [1]}}]},
        default_key=None,
    )
    assert cond.keys() == {"a.x", "b.y"}
    assert [(leaf.op, leaf.key) for leaf in cond.leaves()] == [("equals", "a.x"), ("in", "b.y")]
    assert parse_condition({}).keys() == set()
    assert parse_condition({}).leaves() == [Condition("always")]


def test_arguments_are_kept_in_the_form_tests_use():
    assert parse_condition({"key": K, "in": "a"}).arg == ("a",)
    assert parse_condition({"key": K, "state": ["unknown", "value"]}).arg == ("unknown", "value")
    assert parse_condition({"key": K, "at_least": 2.5}).arg == 2.5
    assert parse_condition({"key": K, "count_at_least": 0}).arg == 0
    assert parse_condition({"key": K, "equals": False}).arg is False
    one = parse_condition({"any": [T]})
    assert one.op == "any" and len(one.children) == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["equals", 1], "a condition must be a table, got ['equals', 1]"),
        ({"all": []}, "'all' needs a non-empty list of conditions"),
        ({"any": {"key": K}}, "'any' needs a non-empty list of conditions"),
        ({"key": 3, "equals": 1}, "'key' names a characteristic as \"group.id\", got 3"),
        ({"key": K, "like": 1}, "unknown condition test 'like'; known: equals, in, not_in,"),
        ({"equals": 1}, "test 'equals' needs a 'key'"),
        ({"key": K}, "condition has no test"),
        ({"key": K, "at_least": True}, "'at_least' needs a finite number, got True"),
        ({"key": K, "at_most": "3"}, "'at_most' needs a finite number, got '3'"),
        ({"key": K, "at_least": float("nan")}, "'at_least' needs a finite number, got nan"),
        ({"key": K, "at_most": float("inf")}, "'at_most' needs a finite number, got inf"),
        ({"key": K, "at_least": float("-inf")}, "'at_least' needs a finite number, got -inf"),
        ({"key": K, "count_at_least": -1}, "'count_at_least' needs a whole number >= 0, got -1"),
        ({"key": K, "count_at_least": 1.0}, "'count_at_least' needs a whole number >= 0, got 1.0"),
        ({"key": K, "count_at_least": True}, "'count_at_least' needs a whole number >= 0"),
        ({"key": K, "equals": [1]}, "'equals' needs a string, number or boolean, got [1]"),
        (
            {"key": K, "in": [{"a": 1}]},
            "'in' needs a string, number or boolean, or a list of them, got [{'a': 1}]",
        ),
        (
            {"key": K, "state": ["gone", "value", "maybe"]},
            "'state' takes value, unknown, not_applicable, unanswered; got 'gone', 'maybe'",
        ),
    ],
)
def test_malformed_conditions_say_what_is_wrong(raw, message):
    with pytest.raises(ConditionSyntaxError) as e:
        parse_condition(raw)
    assert str(e.value).startswith(message)


def test_the_list_of_known_tests_is_complete_and_in_order():
    with pytest.raises(ConditionSyntaxError) as e:
        parse_condition({"key": K, "like": 1})
    assert str(e.value) == (
        "unknown condition test 'like'; known: equals, in, not_in, includes, includes_any, "
        "count_at_least, at_least, at_most, above, below, state, all, any, not, key"
    )


def _c(raw):
    return parse_condition({"key": K, **raw})


@pytest.mark.parametrize(
    ("earlier", "later", "dead"),
    [
        (parse_condition({}), _c({"equals": 1}), True),  # "always" shadows everything
        (_c({"equals": 1}), _c({"equals": 1}), True),
        (_c({"equals": 1}), _c({"equals": 2}), False),
        (_c({"equals": 1}), parse_condition({"key": "g.other", "equals": 1}), False),
        (_c({"in": [1]}), _c({"not_in": [1]}), False),
        (_c({"includes": ["a"]}), _c({"includes": ["a", "b"]}), True),
        (_c({"includes": ["a", "b"]}), _c({"includes": ["a"]}), False),
        (_c({"includes": ["a", "b"]}), _c({"includes": ["b", "a"]}), True),
        (_c({"count_at_least": 1}), _c({"count_at_least": 2}), True),
        (_c({"count_at_least": 2}), _c({"count_at_least": 1}), False),
        (_c({"at_least": 5}), _c({"at_least": 5.5}), True),
        (_c({"at_least": 5}), _c({"at_least": 4}), False),
        (_c({"at_most": 5}), _c({"at_most": 4}), True),
        (_c({"at_most": 5}), _c({"at_most": 6}), False),
        (_c({"in": [1, 2]}), _c({"in": [2]}), True),
        (_c({"in": [2]}), _c({"in": [1, 2]}), False),
        (_c({"in": [1, 2]}), _c({"in": [2, 1]}), True),
        (_c({"includes_any": ["a", "b"]}), _c({"includes_any": ["a"]}), True),
        (_c({"includes_any": ["a"]}), _c({"includes_any": ["a", "b"]}), False),
        (_c({"not_in": [1]}), _c({"not_in": [1, 2]}), False),  # not recognised: conservative
        (_c({"state": ["unknown"]}), _c({"state": ["unknown"]}), True),
    ],
)
def test_a_rule_shadowed_by_an_earlier_one_is_recognised(earlier, later, dead):
    assert subsumes(earlier, later) is dead
