"""Typed values, one table per type: what a person types, what a file holds, how it is shown.

On a small purpose-built rubric, so each type's parsing and its limits (min, max, step) are
tested alone, whatever the built-in rubric's characteristics happen to be.
"""

from __future__ import annotations

import pytest
from rubric_builders import characteristic, one_group_rubric

from mlprofile_tui.core.answers import Answer, State
from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.values import (
    check_matrix,
    check_value,
    display,
    display_value,
    exact_value,
    not_applicable,
    parse_answer,
    parse_matrix,
    parse_text,
    problem,
)

RUBRIC = one_group_rubric(
    "v",
    [
        characteristic("n", "int"),
        characteristic("pct", "float", unit="%", min=0, max=100),
        characteristic("f", "float"),
        characteristic("size", "bytes"),
        characteristic("lat", "duration_ms"),
        characteristic("floor", "int", min=2, unit="replicas"),
        characteristic("step", "int", multiple_of=64, unit="MB"),
        characteristic("bare_step", "float", multiple_of=0.5),
        characteristic("on", "bool", na_allowed=False),
        characteristic(
            "mode",
            "enum",
            choices=[{"id": "real_time", "label": "Real-time"}, {"id": "batch"}],
        ),
        characteristic("levers", "multi", choices=[{"id": "spot"}, {"id": "savings_plans"}]),
        characteristic(
            "tier",
            "enum",
            choices=[
                {"id": "gpu", "label": "Accelerated"},
                {"id": "stream", "label": "Near-real-time stream"},
            ],
        ),
        characteristic("note", "text"),
        characteristic(
            "fleet",
            "matrix",
            environments=["production", "staging"],
            workloads=["real_time_inference", "training"],
        ),
    ],
)


def ch(cid):
    return RUBRIC.get(f"g.{cid}")


@pytest.mark.parametrize(
    ("cid", "text", "value"),
    [
        ("n", " 12 ", 12),
        ("n", "1_200", 1200),
        ("f", "2.5", 2.5),
        ("pct", "100", 100.0),
        ("pct", "0", 0.0),
        ("size", "1.5 KiB", 1536),
        ("size", "0", 0),
        ("lat", "1.5 s", 1500),
        ("lat", "0.5", 0.5),
        ("floor", "2", 2),
        ("step", "128", 128),
        ("bare_step", "1.5", 1.5),
        ("on", "yes", True),
        ("on", "Y", True),
        ("on", "true", True),
        ("on", "1", True),
        ("on", "ON", True),
        ("on", "no", False),
        ("on", "N", False),
        ("on", "false", False),
        ("on", "0", False),
        ("on", "off", False),
        ("mode", "real_time", "real_time"),
        ("mode", "Real-time", "real_time"),
        ("mode", "real time", "real_time"),
        ("mode", "BATCH", "batch"),
        # a choice is its id or its label, in any case, with - and space alike
        ("tier", "GPU", "gpu"),
        ("tier", "accelerated", "gpu"),
        ("tier", "near-real-time stream", "stream"),
        ("tier", "Near real time Stream", "stream"),
        ("levers", "spot, savings_plans, spot", ["spot", "savings_plans"]),
        ("levers", "none", []),
        ("levers", "[]", []),
        ("note", "  free text  ", "free text"),
        ("fleet", "none", []),
        ("fleet", "NONE", []),
    ],
)
def test_typed_text(cid, text, value):
    parsed = parse_text(ch(cid), text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("cid", "text", "message"),
    [
        ("n", "2.5", "expected a whole number, got '2.5'"),
        ("n", "  ", "empty value; give a value, or `unknown`, or `n/a:REASON`"),
        ("fleet", " ", "empty value; give a value, or `unknown`, or `n/a:REASON`; `none` empties"),
        ("pct", "101", "must be at most 100, got 101"),
        ("pct", "-1", "must not be negative, got -1"),
        ("size", "-1", "must not be negative, got -1"),
        ("floor", "1", "must be at least 2, got 1"),
        ("step", "100", "must be a whole multiple of 64 MB, got 100"),
        ("bare_step", "1.2", "must be a whole multiple of 0.5, got 1.2"),
        ("on", "maybe", "expected true or false (yes/no), got 'maybe'"),
        ("mode", "stream", "'stream' is not a valid choice; valid choices: real_time, batch"),
        ("levers", " , ", "empty value; `none` for no choices, or `unknown`"),
        ("levers", "", "empty value; `none` for no choices, or `unknown`"),
        (
            "levers",
            "spot,cheap",
            "'cheap' is not a valid choice; valid choices: spot, savings_plans",
        ),
    ],
)
def test_refused_text(cid, text, message):
    with pytest.raises(ValueProblem) as e:
        parse_text(ch(cid), text)
    assert str(e.value).startswith(message)


def test_durations_keep_whole_milliseconds_whole_and_fractions_as_floats():
    assert type(parse_text(ch("lat"), "2 s")) is int
    assert type(parse_text(ch("lat"), "0.25 ms")) is float
    assert check_value(ch("lat"), 250.0) == 250 and type(check_value(ch("lat"), 250.0)) is int
    assert check_value(ch("lat"), 0.5) == 0.5
    assert check_value(ch("lat"), "1.5 s") == 1500  # a file may hold a size or duration as text
    assert check_value(ch("size"), "1 KB") == 1000


@pytest.mark.parametrize(
    ("cid", "value", "normal"),
    [
        ("n", 3, 3),
        ("n", 3.0, 3),
        ("f", 3, 3.0),
        ("size", 2.0, 2),
        ("pct", 50, 50.0),
        ("on", False, False),
        ("note", "x", "x"),
        ("mode", "Real-time", "real_time"),
        ("levers", ("spot", "spot"), ["spot"]),
    ],
)
def test_file_values_in_normal_form(cid, value, normal):
    checked = check_value(ch(cid), value)
    assert checked == normal and type(checked) is type(normal)


@pytest.mark.parametrize(
    ("cid", "value", "message"),
    [
        ("n", True, "expected a whole number, got True"),
        ("n", "3", "expected a whole number, got '3'"),
        ("f", None, "expected a number, got None"),
        ("size", True, "expected a size in bytes (or text like 1.2 GB), got True"),
        ("lat", [1], "expected a duration in milliseconds (or text like 250 ms), got [1]"),
        ("n", 2.5, "expected a whole number, got 2.5"),
        ("n", 10**70, "a 71-digit number is beyond"),
        ("f", float("nan"), "nan is not a finite number"),
        ("on", "yes", "expected true or false, got 'yes'"),
        ("on", 1, "expected true or false, got 1"),
        ("note", 3, "expected text, got 3"),
        ("mode", 1, "expected one of real_time, batch, got 1"),
        ("levers", "spot", "expected a list of choices from spot, savings_plans, got 'spot'"),
        ("levers", [1], "expected choices from spot, savings_plans, got 1"),
        ("pct", 100.5, "must be at most 100, got 100.5"),
    ],
)
def test_refused_file_values(cid, value, message):
    with pytest.raises(ValueProblem) as e:
        check_value(ch(cid), value)
    assert str(e.value).startswith(message)


def test_a_long_value_is_cut_in_the_message():
    with pytest.raises(ValueProblem) as e:
        check_value(ch("n"), "x" * 200)
    assert str(e.value) == f"expected a whole number, got '{'x' * 76}..."
    with pytest.raises(ValueProblem) as e:
        check_value(ch("n"), "x" * 78)  # its repr is exactly 80 characters: shown whole
    assert str(e.value) == f"expected a whole number, got '{'x' * 78}'"


ROW = {
    "environment": "production",
    "region": "us-east-1",
    "workload": "real_time_inference",
    "instance_type": "ml.m5.xlarge",
    "count": 4,
}


def test_matrix_text_and_json():
    text = (
        "production:us-east-1:real_time_inference:ml.m5.xlarge:4;"
        "staging:eu-west-1:training:ml.g5.2xlarge:0"
    )
    rows = parse_text(ch("fleet"), text)
    assert rows == [
        ROW,
        {
            "environment": "staging",
            "region": "eu-west-1",
            "workload": "training",
            "instance_type": "ml.g5.2xlarge",
            "count": 0,
        },
    ]
    assert list(rows[0]) == ["environment", "region", "workload", "instance_type", "count"]
    assert parse_matrix(
        ch("fleet"),
        ' [{"environment": "production", "region": "us-east-1", '
        '"workload": "real_time_inference", "instance_type": "ml.m5.xlarge", '
        '"count": 4}]',
    ) == [ROW]
    assert display_value(ch("fleet"), rows) == "2 rows, 4 instances"
    assert check_matrix(ch("fleet"), (ROW,)) == [ROW]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "production:us-east-1:real_time_inference:4",
            "matrix row 1 'production:us-east-1:"
            "real_time_inference:4': expected ENVIRONMENT:REGION:WORKLOAD:INSTANCE_TYPE:COUNT",
        ),
        (
            "production:us-east-1:real_time_inference:ml.m5.xlarge:x",
            "matrix row 1: count: expected a whole number, got 'x'",
        ),
        ("[1", "matrix JSON is not valid: Expecting ',' delimiter at column 3"),
        ("[" * 100_000, "matrix JSON is nested too deeply"),
        ("[" + "1" * 5000 + "]", "matrix JSON is not valid: Exceeds the limit"),
    ],
)
def test_refused_matrix_text(text, message):
    with pytest.raises(ValueProblem) as e:
        parse_matrix(ch("fleet"), text)
    assert str(e.value).startswith(message)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("x", "expected a list of rows {environment, region, workload, instance_type, count}"),
        ([5], "matrix row 1: expected a table, got 5"),
        (
            [ROW, {"environment": "production", "region": "us-east-1", "extra": 1}],
            "matrix row 2: columns are environment, region, workload, instance_type, count; "
            "missing workload, instance_type, count; unknown extra",
        ),
        (
            [{**ROW, "environment": "dev"}],
            "matrix row 1: environment 'dev' is not one of production, staging",
        ),
        (
            [{**ROW, "region": "mars-1"}],
            "matrix row 1: 'mars-1' is not an AWS Region code such as us-east-1",
        ),
        ([{**ROW, "region": 5}], "matrix row 1: region must be text, got 5"),
        (
            [{**ROW, "workload": "batch"}],
            "matrix row 1: workload 'batch' is not one of real_time_inference, training",
        ),
        (
            [{**ROW, "instance_type": "m5.xlarge"}],
            "matrix row 1: 'm5.xlarge' is not a SageMaker instance type such as ml.m5.xlarge",
        ),
        ([{**ROW, "count": -1}], "matrix row 1: count must be a whole number >= 0, got -1"),
        ([{**ROW, "count": True}], "matrix row 1: count must be a whole number >= 0, got True"),
        ([{**ROW, "count": 2.0}], "matrix row 1: count must be a whole number >= 0, got 2.0"),
        ([{**ROW, "count": 2**63}], "matrix row 1: count 9223372036854775808 is beyond"),
        (
            [ROW, dict(ROW)],
            "matrix row 2: duplicates an earlier row (row 1) for "
            "production/us-east-1/real_time_inference/ml.m5.xlarge",
        ),
    ],
)
def test_refused_matrix_rows(rows, message):
    with pytest.raises(ValueProblem) as e:
        check_matrix(ch("fleet"), rows)
    assert str(e.value).startswith(message)


def test_matrix_regions_and_instances_repeat_across_rows():
    rows = [ROW, {**ROW, "environment": "staging"}, {**ROW, "workload": "training"}]
    assert check_matrix(ch("fleet"), rows) == rows
    assert check_matrix(ch("fleet"), [{**ROW, "count": 2**63 - 1}])[0]["count"] == 2**63 - 1
    assert check_matrix(ch("fleet"), [{**ROW, "region": "us-gov-west-1"}])


def test_whole_answers():
    assert parse_answer(ch("n"), " unknown ") == Answer(State.UNKNOWN)
    assert parse_answer(ch("n"), "?") == Answer(State.UNKNOWN)
    assert parse_answer(ch("n"), "UNKNOWN").state is State.UNKNOWN
    assert parse_answer(ch("n"), "n/a: no GPU ") == Answer(State.NOT_APPLICABLE, reason="no GPU")
    assert parse_answer(ch("n"), "na: none here").reason == "none here"
    assert parse_answer(ch("n"), "N/A:Only CPU").reason == "Only CPU"
    assert parse_answer(ch("n"), " 7 ") == Answer(State.VALUE, 7, provenance="declared")
    for text in ("na", "n/a", "n/a:  "):
        with pytest.raises(ValueProblem) as e:
            parse_answer(ch("n"), text)
        assert str(e.value) == "not applicable needs a reason: n/a:REASON"
    with pytest.raises(ValueProblem) as e:
        not_applicable(ch("on"), "why")
    assert str(e.value) == (
        "this characteristic cannot be marked not applicable; answer it or say unknown"
    )


@pytest.mark.parametrize(
    ("text", "more", "answer"),
    [
        # the reason is everything after the first colon
        ("n/a: GPU: none here", {}, Answer(State.NOT_APPLICABLE, reason="GPU: none here")),
        ("7", {"source": "aws"}, Answer(State.VALUE, 7, provenance="declared", source="aws")),
        ("7", {"source": ""}, Answer(State.VALUE, 7, provenance="declared")),
        ("~7", {}, Answer(State.VALUE, 7, provenance="estimated")),
        ("7", {"provenance": "measured"}, Answer(State.VALUE, 7, provenance="measured")),
    ],
)
def test_an_answer_keeps_its_reason_source_and_provenance(text, more, answer):
    assert parse_answer(ch("n"), text, **more) == answer


def test_not_applicable_needs_a_reason():
    # the app asks for the reason in its own field and passes it here
    assert not_applicable(ch("n"), " no GPU ") == Answer(State.NOT_APPLICABLE, reason="no GPU")
    with pytest.raises(ValueProblem) as e:
        not_applicable(ch("n"), "  ")
    assert str(e.value) == "not applicable needs a reason"


@pytest.mark.parametrize(
    ("cid", "value", "why"),
    [
        ("n", 3, None),
        ("n", 2.5, "expected a whole number, got 2.5"),
        ("pct", 101, "must be at most 100, got 101"),
        ("size", "1 KB", None),
        ("size", "1.5", "'1.5' is not a whole number of bytes"),
        ("mode", "stream", "'stream' is not a valid choice; valid choices: real_time, batch"),
    ],
)
def test_problem_says_why_a_value_is_not_an_answer(cid, value, why):
    assert problem(ch(cid), value) == why


@pytest.mark.parametrize(
    ("cid", "value", "exact"),
    [
        ("size", 48_234_567, "48,234,567 bytes"),
        ("lat", 1500.5, "1500.5 ms"),
        ("lat", 250, "250 ms"),
        ("pct", 12.345678, "12.345678 %"),  # shown as 12.3457 %
        ("f", 2350.123456, "2350.123456"),
        # the display is already exact
        ("pct", 12.5, ""),
        ("f", 1.5e17, ""),
        ("n", 123_456_789, ""),
        ("mode", "batch", ""),
    ],
)
def test_the_exact_value_beside_a_rounded_display(cid, value, exact):
    assert exact_value(ch(cid), value) == exact


@pytest.mark.parametrize(
    ("cid", "answer", "shown"),
    [
        ("n", Answer(State.UNKNOWN), "unknown"),
        ("n", Answer(State.UNANSWERED), "—"),
        ("n", Answer(State.NOT_APPLICABLE, reason="no GPU"), "n/a (no GPU)"),
        ("n", Answer(State.NOT_APPLICABLE), "n/a"),
        ("n", Answer(State.VALUE, 3), "3"),
        ("floor", Answer(State.VALUE, 3), "3 replicas"),
        ("pct", Answer(State.VALUE, 12.5), "12.5 %"),
        ("size", Answer(State.VALUE, 1_500_000), "1.5 MB"),
        ("lat", Answer(State.VALUE, 1500), "1.5 s"),
        ("on", Answer(State.VALUE, True), "yes"),
        ("on", Answer(State.VALUE, False), "no"),
        ("levers", Answer(State.VALUE, ["spot", "savings_plans"]), "spot, savings_plans"),
        ("levers", Answer(State.VALUE, []), "none"),
        ("mode", Answer(State.VALUE, "batch"), "batch"),
        ("note", Answer(State.VALUE, "hello"), "hello"),
    ],
)
def test_answers_are_shown_short(cid, answer, shown):
    assert display(ch(cid), answer) == shown
