"""The value-type registry (core.values.REGISTRY): every type, every property, every front end.

Properties hold for every registered type (a new type without a value strategy here fails
``test_every_registered_type_is_covered``): any valid value's editable text parses back to the
same value; display never raises; the hint is not empty and the example parses; the input
kind is one of four. Then the app, the interview and the CLI are shown to take their hints and
options from the registry, not from copies of their own.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import example as case_
from hypothesis import strategies as st
from rubric_builders import characteristic, one_group_rubric
from rubric_fixtures import MATRIX_WORKLOADS, accounts_rubric

from mlprofile_tui.core.answers import UNANSWERED
from mlprofile_tui.core.errors import RubricError, ValueProblem
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.units import INT64_MAX, INT64_MIN
from mlprofile_tui.core.values import (
    REGISTRY,
    InputKind,
    check_value,
    choice_options,
    display_value,
    editable_text,
    exact_value,
    example,
    hint,
    input_kind,
    label_value,
    parse_input,
    parse_text,
    problem,
    typing_hint,
    value_type,
)

# Each type with its limits: bare, bounded, stepped, with a unit; enough shapes to trip an
# example or an editable text that ignores one of them.
SHAPES = [
    characteristic("n", "int"),
    characteristic("n_range", "int", min=1, max=64, unit="replicas"),
    characteristic("n_step", "int", min=1024, max=6144, multiple_of=1024, unit="MB"),
    characteristic("n_neg", "int", min=-5, max=-2),
    characteristic("f", "float"),
    characteristic("pct", "float", min=0, max=100, unit="%"),
    characteristic("f_step", "float", min=0.25, max=3, multiple_of=0.5),
    characteristic("size", "bytes"),
    characteristic("size_floor", "bytes", min=1_000_000),
    characteristic("lat", "duration_ms"),
    characteristic("lat_range", "duration_ms", min=10, max=90),
    characteristic("on", "bool"),
    characteristic(
        "mode", "enum", choices=[{"id": "real_time", "label": "Real-time"}, {"id": "batch"}]
    ),
    characteristic(
        "levers", "multi", choices=[{"id": "spot"}, {"id": "savings_plans"}, {"id": "x"}]
    ),
    characteristic("note", "text"),
    characteristic(
        "fleet",
        "matrix",
        environments=["production", "staging"],
        workloads=["real_time_inference", "training"],
    ),
    characteristic(
        "fleet_acc", "matrix", environments=["dev"], workloads=["training"], accounts=True
    ),
]

RUBRIC = one_group_rubric("registry", SHAPES)
ALL = list(RUBRIC.characteristics) + list(resolve_rubric(None).characteristics)
ALL += list(accounts_rubric().characteristics)


def _numbers(ch, whole: bool):
    lo = ch.minimum if ch.minimum is not None else (INT64_MIN if whole else -1e300)
    hi = ch.maximum if ch.maximum is not None else (INT64_MAX if whole else 1e300)
    if ch.multiple_of:
        step = ch.multiple_of
        lo_k, hi_k = math.ceil(lo / step), math.floor(hi / step)
        return st.integers(lo_k, hi_k).map(lambda k: k * step) if lo_k <= hi_k else st.nothing()
    if whole:
        lo_i, hi_i = math.ceil(lo), math.floor(hi)
        return st.integers(lo_i, hi_i) if lo_i <= hi_i else st.nothing()
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def _durations(ch):
    return st.one_of(_numbers(ch, True), _numbers(ch, False))


_REGIONS = st.sampled_from(["us-east-1", "eu-west-1", "us-gov-west-1", "ap-southeast-2"])
_INSTANCES = st.sampled_from(["ml.m5.xlarge", "ml.g5.2xlarge", "ml.c7g.large", "ml.inf2.48xlarge"])


def _matrix(ch):
    spec = ch.matrix
    envs = spec.environments if spec else ("production",)
    wls = spec.workloads if spec else MATRIX_WORKLOADS
    row = st.fixed_dictionaries(
        {
            "environment": st.sampled_from(envs),
            "region": _REGIONS,
            "workload": st.sampled_from(wls),
            "instance_type": _INSTANCES,
            "count": st.integers(0, INT64_MAX),
        },
        optional={"account": st.from_regex(r"[0-9]{12}", fullmatch=True)}
        if spec is None or spec.accounts
        else {},
    )
    return st.lists(row, max_size=6)


STRATEGIES = {
    "enum": lambda ch: st.sampled_from(ch.choice_ids),
    "multi": lambda ch: st.lists(st.sampled_from(ch.choice_ids), unique=True),
    "int": lambda ch: _numbers(ch, True),
    "float": lambda ch: _numbers(ch, False),
    "bytes": lambda ch: _numbers(ch, True),
    "duration_ms": _durations,
    "bool": lambda ch: st.booleans(),
    # A text's normal form is what a person can type: parse strips the ends, so do we.
    "text": lambda ch: st.text(min_size=1).map(str.strip).filter(bool),
    "matrix": _matrix,
}


@st.composite
def characteristic_and_value(draw):
    """A characteristic of any shape and a valid value of it, in normal form."""
    ch = draw(st.sampled_from(ALL))
    raw = draw(STRATEGIES[ch.type](ch))
    try:
        value = check_value(ch, raw)
    except ValueProblem:
        assume(False)  # e.g. two matrix rows with the same identity
    return ch, value


def test_every_registered_type_is_covered():
    assert set(STRATEGIES) == set(REGISTRY)
    assert {ch.type for ch in RUBRIC.characteristics} == set(REGISTRY)


@settings(max_examples=1500, derandomize=True, suppress_health_check=[HealthCheck.filter_too_much])
@given(characteristic_and_value())
@case_((RUBRIC.get("g.lat"), INT64_MIN))  # the text offered for it once did not parse
@case_((RUBRIC.get("g.lat"), 2**53 + 1))  # once read through a float, losing its last digit
@case_((RUBRIC.get("g.f"), 2350.123456))  # once offered rounded to six digits
@case_((RUBRIC.get("g.size"), 999))
def test_editable_text_parses_back_to_the_same_value(case):
    ch, value = case
    text = editable_text(ch, value)
    back = parse_text(ch, text)
    assert back == value and type(back) is type(value), (ch.key, value, text)
    # What a person submits unchanged is the same exact value, never an estimate.
    typed = parse_input(ch, text)
    assert typed.value == value and not typed.approximate
    assert check_value(ch, value) == value  # the normal form is a fixed point
    assert problem(ch, value) is None


@settings(max_examples=500, derandomize=True)
@given(characteristic_and_value())
def test_display_never_raises(case):
    ch, value = case
    for shown in (display_value(ch, value), label_value(ch, value), exact_value(ch, value)):
        assert isinstance(shown, str)
    assert display_value(ch, value)


@pytest.mark.parametrize("ch", ALL, ids=lambda ch: f"{ch.key}:{ch.type}")
def test_every_characteristic_has_a_hint_an_example_that_parses_and_an_input_kind(ch):
    assert hint(ch).strip()
    assert typing_hint(ch).startswith(hint(ch))
    assert hint(ch).startswith(value_type(ch).describe(ch))
    check_value(ch, parse_text(ch, example(ch)))
    assert input_kind(ch) in set(InputKind)
    assert {k.value for k in InputKind} == {"choice", "multi", "text", "matrix"}
    options = choice_options(ch)
    if input_kind(ch) in (InputKind.CHOICE, InputKind.MULTI):
        assert options, "a choice needs options"
        for o in options:  # every option is a value of its characteristic
            check_value(ch, [o.value] if input_kind(ch) is InputKind.MULTI else o.value)
    else:
        assert options == ()


@st.composite
def numeric_characteristics(draw):
    """Numbers of any type with any range and step the rubric loader accepts."""
    type_ = draw(st.sampled_from([n for n, t in REGISTRY.items() if t.numeric]))
    whole = REGISTRY[type_].whole
    bound = st.integers(-(10**6), 10**6) if whole else st.floats(-1e6, 1e6, allow_nan=False)
    more = {}
    lo, hi = draw(st.none() | bound), draw(st.none() | bound)
    if type_ == "bytes" and lo is None:
        lo = 0  # a size needs a floor
    if lo is not None:
        more["min"] = lo
    if hi is not None:
        more["max"] = hi
    if draw(st.booleans()):
        step = draw(st.integers(1, 5000) if whole else st.sampled_from([0.25, 0.5, 2.5, 64]))
        more["multiple_of"] = step
    try:
        rubric = one_group_rubric("gen", [characteristic("x", type_, **more)])
    except RubricError:
        assume(False)
    return rubric.get("g.x")


@settings(max_examples=400, derandomize=True, suppress_health_check=[HealthCheck.filter_too_much])
@given(numeric_characteristics(), st.data())
def test_any_numeric_shape_has_a_parsing_example_and_round_trips(ch, data):
    try:
        value = check_value(ch, data.draw(STRATEGIES[ch.type](ch)))
    except ValueProblem:
        assume(False)  # e.g. a range with no multiple of its step inside
    assert parse_text(ch, example(ch)) is not None
    assert parse_text(ch, editable_text(ch, value)) == value


@pytest.mark.parametrize(
    "more",
    [
        {"max": -5e-324, "multiple_of": 2.5},  # -5e-324 / 2.5 rounds to -0.0: multiple 0 is out
        {"min": 5e-324, "multiple_of": 2.5},
        {"min": 0.1, "max": 0.3, "multiple_of": 0.1},
        {"min": -7.5, "max": -2.5, "multiple_of": 2.5},
    ],
)
def test_an_example_fits_a_stepped_range_at_the_edges_of_floats(more):
    ch = one_group_rubric("gen", [characteristic("x", "float", **more)]).get("g.x")
    assert check_value(ch, parse_text(ch, example(ch))) is not None


# ------------------------------------------------------------------ the front ends agree


class _Prompt:
    """Records what the interview shows at one prompt and answers unknown."""

    def __init__(self):
        self.seen = SimpleNamespace(instruction=None, options=None)

    def show(self, renderable):
        pass

    def text(self, message, *, default="", validate=None, instruction=None):
        self.seen.instruction = instruction
        return "?"

    def select(self, message, options, *, default=None, keys=None, instruction=None):
        from mlprofile_tui.interview.terminal import Special

        self.seen.options = [o.value for o in options if not o.separator]
        return Special.UNKNOWN

    def checkbox(self, message, options, *, validate=None, keys=None, instruction=None):
        return self.select(message, options, keys=keys, instruction=instruction)

    def confirm(self, message, *, default=True, keys=None, instruction=None):
        from mlprofile_tui.interview.terminal import Special

        self.seen.options = [True, False]
        return Special.UNKNOWN


def _interview_sees(ch):
    from mlprofile_tui.interview.questions import QuestionAsker

    prompt = _Prompt()
    QuestionAsker(prompt).ask(ch, UNANSWERED)
    return prompt.seen


@pytest.mark.parametrize("ch", RUBRIC.characteristics, ids=lambda ch: f"{ch.key}:{ch.type}")
def test_the_app_the_interview_and_the_cli_show_the_registrys_hint(ch, cli, tmp_path):
    from mlprofile_tui.interview.questions import SPECIAL_HINT
    from mlprofile_tui.tui.widgets.answer_inputs import input_for

    widget = input_for(RUBRIC, ch, UNANSWERED)
    kind = input_kind(ch)
    if kind is InputKind.TEXT:
        assert widget.placeholder == typing_hint(ch)
        assert _interview_sees(ch).instruction == f"({typing_hint(ch)} · {SPECIAL_HINT})"
    elif kind is not InputKind.MATRIX:
        options = [o.value for o in choice_options(ch)]
        values = widget.values if kind is InputKind.CHOICE else widget.option_values
        assert values == options
        assert _interview_sees(ch).options[: len(options)] == options
    # The CLI's message for text that is not of the type at all names the same words.
    rubric_file = tmp_path / "registry.rubric.toml"
    rubric_file.write_text(_rubric_toml(), encoding="utf-8")
    path = tmp_path / "w.mlprofile.toml"
    assert cli("new", path, "--name", "W", "--rubric", rubric_file).code == 0
    if ch.type == "text":
        return  # any text is a text
    r = cli("set", path, f"{ch.key}=@@@")
    assert r.code == 2
    described = value_type(ch).describe(ch)
    if kind is InputKind.TEXT:
        assert f"expected {described}, got '@@@'" in r.err
    else:
        assert ", ".join(ch.choice_ids) in r.err or "matrix row 1" in r.err


def _rubric_toml() -> str:
    import tomlkit

    return tomlkit.dumps(
        {
            "id": "registry",
            "version": "1.0.0",
            "title": "R",
            "levels": [{"rank": 0, "id": "L0"}, {"rank": 1, "id": "L1"}],
            "groups": [{"id": "g", "title": "G", "characteristics": SHAPES}],
        }
    )


@pytest.mark.parametrize(
    ("type_", "more", "problem_text"),
    [
        (
            "float",
            {"min": 1, "max": 0},
            "groups[0].characteristics[0].max: must not be below min (1)",
        ),
        (
            "int",
            {"min": 0.2, "max": 0.8},
            "groups[0].characteristics[0].min: no whole number lies between min 0.2 and max 0.8",
        ),
        (
            "int",
            {"min": 1, "max": 63, "multiple_of": 64},
            "groups[0].characteristics[0].min: no multiple of 64 lies between min 1 and max 63",
        ),
        (
            "duration_ms",
            {"min": 10, "max": 5},
            "groups[0].characteristics[0].max: must not be below min (10)",
        ),
    ],
)
def test_a_rubric_range_no_value_fits_is_refused(type_, more, problem_text):
    # Such a characteristic would refuse every answer and have no example to offer.
    with pytest.raises(RubricError) as e:
        one_group_rubric("gen", [characteristic("x", type_, **more)])
    assert problem_text in str(e.value)
