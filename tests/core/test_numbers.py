"""Numbers people type and numbers files hold: finite, inside TOML's 64-bit integers, no commas."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.units import INT64_MAX, INT64_MIN, parse_bytes, parse_duration_ms
from mlprofile_tui.core.values import check_value, parse_answer, parse_text

RUBRIC = resolve_rubric(None)
BY_TYPE = {}
for _ch in RUBRIC.characteristics:
    # one characteristic of each type, without an upper bound, so the values below test the
    # type's own parsing and range, not a characteristic's limit (a percentage's 100)
    if _ch.maximum is None:
        BY_TYPE.setdefault(_ch.type, _ch)
NUMERIC = [BY_TYPE[t] for t in ("int", "float", "bytes", "duration_ms")]
MATRIX = BY_TYPE["matrix"]
ROW = "production:us-east-1:real_time_inference:ml.m5.xlarge:"


def _parses(ch, text):
    try:
        return True, parse_text(ch, text)
    except ValueProblem as e:
        return False, str(e)


def _assert_storable(value):
    assert not isinstance(value, bool)
    if isinstance(value, int):
        assert INT64_MIN <= value <= INT64_MAX
    else:
        assert isinstance(value, float) and math.isfinite(value)


numberish = st.one_of(
    st.text(alphabet="0123456789_.,eE+-kKmMgGtTbBsSiIhnNaAfF µ", max_size=30),
    st.from_regex(r"\A[-+]?\d{1,45}(\.\d{0,5})?([eE][-+]?\d{1,4})?\s?(GB|TB|KiB|ms|s|h|min)?\Z"),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@settings(max_examples=300, deadline=None)
@given(text=numberish)
def test_anything_that_parses_is_finite_and_inside_int64(text):
    for ch in NUMERIC:
        ok, value = _parses(ch, text)
        if ok:
            _assert_storable(value)
            # and what parsed is accepted again when read back from the file
            assert check_value(ch, value) == value


@settings(max_examples=200, deadline=None)
@given(n=st.one_of(st.integers(min_value=INT64_MAX + 1), st.integers(max_value=INT64_MIN - 1)))
def test_integers_beyond_64_bits_are_refused(n):
    for ch in NUMERIC:
        for text in (str(n), f"{n:_}"):
            ok, message = _parses(ch, text)
            assert not ok
        with pytest.raises(ValueProblem):
            check_value(ch, n)
    ok, message = _parses(MATRIX, ROW + str(n))
    assert not ok
    with pytest.raises(ValueProblem):
        check_value(
            MATRIX,
            [
                dict(
                    environment="production",
                    region="us-east-1",
                    workload="real_time_inference",
                    instance_type="ml.m5.xlarge",
                    count=n,
                )
            ],
        )


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.integers(min_value=0, max_value=999), min_size=2, max_size=5))
def test_comma_separators_are_refused_with_the_reason(parts):
    text = ",".join(str(p) for p in parts)
    for ch in NUMERIC:
        ok, message = _parses(ch, text)
        assert not ok and "','" in message, (ch.type, text, message)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**6))
def test_underscore_separators_are_tomls_own_and_accepted(n):
    ch = BY_TYPE["bytes"]
    assert parse_text(ch, f"{n:_}") == n
    assert parse_bytes(f"{n:_} MB") == n * 10**6


@pytest.mark.parametrize(
    "ch_type, text, message",
    [
        ("bytes", "1e30TB", "beyond TOML's 64-bit integer range (max 9223372036854775807)"),
        ("bytes", "9223372036854775808", "beyond TOML's 64-bit integer range"),
        ("bytes", "1e99999999999999999999999", "beyond TOML's 64-bit integer range"),
        ("duration_ms", "1e309", "beyond TOML's 64-bit integer range"),
        ("duration_ms", "1e17 h", "beyond TOML's 64-bit integer range"),
        ("float", "1e309", "not a finite number"),
        ("float", "nan", "not a finite number"),
        ("float", "-inf", "not a finite number"),
        ("int", "inf", "not a finite number"),
        ("int", "1,2,3", "',' is not accepted in a number"),
        ("int", "1,200", "',' is not accepted in a number"),
        ("float", "1,5", "',' is not accepted in a number"),
        ("bytes", "1,5 GB", "',' is not accepted in a number"),
        ("int", "2.5", "expected a whole number"),
        ("int", "2.0", "expected a whole number"),
        ("int", "9" * 5000, "beyond TOML's 64-bit integer range"),
        ("int", "1__0", "expected a whole number"),
        ("int", "_10", "expected a whole number"),
    ],
)
def test_refused_text(ch_type, text, message):
    ok, got = _parses(BY_TYPE[ch_type], text)
    assert not ok and message in got, got


@pytest.mark.parametrize(
    "ch_type, value, message",
    [
        ("bytes", 1e300, "beyond TOML's 64-bit integer range"),
        ("bytes", 2.0**63, "beyond TOML's 64-bit integer range"),
        ("bytes", float("inf"), "not a finite number"),
        ("int", 10**40, "beyond TOML's 64-bit integer range"),
        ("int", 2.5, "expected a whole number"),
        ("float", 10**400, "beyond TOML's 64-bit integer range"),
        ("float", float("nan"), "not a finite number"),
        ("duration_ms", 1e300, "beyond TOML's 64-bit integer range"),
        ("duration_ms", float("-inf"), "not a finite number"),
        ("int", True, "expected a whole number"),
    ],
)
def test_refused_file_values(ch_type, value, message):
    with pytest.raises(ValueProblem, match=message.replace("(", r"\(")):
        check_value(BY_TYPE[ch_type], value)


def test_good_values_keep_their_meaning():
    assert parse_bytes("1.2 GB") == 1_200_000_000
    assert parse_bytes("500 MiB") == 500 * 2**20
    assert parse_bytes("1_200") == 1200
    assert parse_duration_ms("1.5 s") == 1500.0
    assert parse_text(BY_TYPE["duration_ms"], "250ms") == 250
    assert parse_text(BY_TYPE["float"], "1_200.5") == 1200.5
    three = check_value(BY_TYPE["bytes"], 3.0)
    assert three == 3 and isinstance(three, int)
    assert parse_text(MATRIX, ROW + "1_000")[0]["count"] == 1000


@pytest.mark.parametrize("text", ["no", "NO", "n", "false", "off", "0", " No "])
def test_no_is_never_true(text):
    assert parse_text(BY_TYPE["bool"], text) is False
    assert parse_answer(BY_TYPE["bool"], text).value is False


@pytest.mark.parametrize("value", ["no", "yes", 0, 1, None])
def test_a_bool_in_a_file_is_a_toml_boolean(value):
    with pytest.raises(ValueProblem):
        check_value(BY_TYPE["bool"], value)


def test_matrix_json_with_absurd_numbers_is_a_value_problem():
    for text in (
        '[{"environment": "production", "count": ' + "1" * 5000 + "}]",
        "[" * 5000 + "]" * 5000,
        '[{"count": NaN}]',
    ):
        with pytest.raises(ValueProblem):
            parse_text(MATRIX, text)


@pytest.mark.parametrize(
    ("key", "text", "why"),
    [
        ("provisioning.matrix", "", "empty value"),
        ("deployment.instance_type", "  ", "empty value"),
        ("architecture.frameworks", ",", "empty value"),
        ("traffic.p95_latency_ms", "", "empty value"),
        ("traffic.input_size", "1.5", "whole number of bytes"),
        ("deployment.model_artifact_size", "0.0000001B", "whole number of bytes"),
        ("traffic.peak_invocations_per_minute", "١٢", "expected"),
        ("traffic.peak_invocations_per_minute", "１２", "expected"),
    ],
)
def test_typed_text_that_would_silently_change_an_answer_is_refused(key, text, why):
    from mlprofile_tui.core.rubric import resolve_rubric
    from mlprofile_tui.core.values import parse_text

    with pytest.raises(ValueProblem, match=why):
        parse_text(resolve_rubric(None).get(key), text)


def test_none_empties_a_matrix_and_a_list():
    from mlprofile_tui.core.rubric import resolve_rubric
    from mlprofile_tui.core.values import parse_text

    rubric = resolve_rubric(None)
    assert parse_text(rubric.get("provisioning.matrix"), "none") == []
    assert parse_text(rubric.get("architecture.frameworks"), "none") == []
    assert parse_text(rubric.get("deployment.model_artifact_size"), "1.2345GB") == 1_234_500_000


def _reference_depth(value, level=0):
    """Nesting depth as the loader defines it: a scalar sits one below its container."""
    if isinstance(value, dict):
        return max((_reference_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_reference_depth(v, level + 1) for v in value), default=level)
    return level


_tree = st.recursive(
    st.one_of(st.integers(), st.text(max_size=3), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=30,
)


@given(st.dictionaries(st.text(max_size=2), _tree, max_size=4))
def test_the_loaders_depth_walk_measures_what_the_definition_says(doc):
    from mlprofile_tui.core.loading import _depth

    assert _depth(doc) == _reference_depth(doc)
