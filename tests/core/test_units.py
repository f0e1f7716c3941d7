"""Every unit a person can type, what it means, and how sizes and durations are shown back.

Table-driven so that a unit off by 1,000 (kB read as KiB, s as min) or a display boundary one
step off is a failing row with its own name.
"""

from __future__ import annotations

import pytest

from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.units import (
    INT64_MAX,
    INT64_MIN,
    check_finite,
    check_int64,
    checked_number,
    exact_number,
    format_bytes,
    format_duration_ms,
    format_number,
    parse_bytes,
    parse_duration_ms,
    parse_float,
    parse_int,
    split_approximate,
    whole_from_float,
)

BYTES = [
    ("0", 0),
    ("7", 7),
    ("7 b", 7),
    ("7B", 7),
    ("7 byte", 7),
    ("7 bytes", 7),
    ("2 kb", 2_000),
    ("2 KB", 2_000),
    ("2 k", 2_000),
    ("2 MB", 2_000_000),
    ("2 m", 2_000_000),
    ("2 GB", 2_000_000_000),
    ("2 g", 2_000_000_000),
    ("2 TB", 2_000_000_000_000),
    ("2 t", 2_000_000_000_000),
    ("2 KiB", 2_048),
    ("2 MiB", 2 * 1_048_576),
    ("2 GiB", 2 * 1_073_741_824),
    ("2 TiB", 2 * 1_099_511_627_776),
    ("1.2 GB", 1_200_000_000),
    ("1.5 KiB", 1_536),
    ("1_200 MB", 1_200_000_000),
    ("  3 GB  ", 3_000_000_000),
    ("-1 KB", -1_000),
    ("1e3", 1_000),
    ("1.0005 KB", 1_000),  # half a byte rounds to even: a unit's decimals, not a typed fraction
    ("1.0015 KB", 1_002),
]


@pytest.mark.parametrize(("text", "expected"), BYTES)
def test_sizes_in_every_unit(text, expected):
    value = parse_bytes(text)
    assert value == expected and isinstance(value, int)


DURATIONS = [
    ("250", 250.0),
    ("250 ms", 250.0),
    ("250 msec", 250.0),
    ("1 millisecond", 1.0),
    ("250 milliseconds", 250.0),
    ("500 us", 0.5),
    ("500 µs", 0.5),
    ("1 microsecond", 0.001),
    ("500 microseconds", 0.5),
    ("1.5 s", 1_500.0),
    ("2 sec", 2_000.0),
    ("1 second", 1_000.0),
    ("3 seconds", 3_000.0),
    ("2 min", 120_000.0),
    ("1 minute", 60_000.0),
    ("3 minutes", 180_000.0),
    ("2 h", 7_200_000.0),
    ("1 hour", 3_600_000.0),
    ("2 hours", 7_200_000.0),
    ("2 MS", 2.0),
    (" 4 S ", 4_000.0),
    ("-1 s", -1_000.0),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations_in_every_unit(text, expected):
    assert parse_duration_ms(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (
            parse_bytes,
            "3 parsecs",
            "unknown unit 'parsecs' in '3 parsecs'; use one of: b, byte, bytes, k, kb, kib, m, "
            "mb, mib, g, gb, gib, t, tb, tib",
        ),
        (
            parse_duration_ms,
            "3 days",
            "unknown unit 'days' in '3 days'; use one of: microsecond, microseconds, us, µs, "
            "millisecond, milliseconds, ms, msec, s, sec, second, seconds, min, minute, minutes, "
            "h, hour, hours",
        ),
        (parse_bytes, "GB", "expected a size such as 1.2 GB or 500 MiB, got 'GB'"),
        (parse_duration_ms, "soon", "expected a duration such as 250 ms or 1.5 s, got 'soon'"),
        (parse_bytes, " 1,5 GB ", "'1,5 GB': ',' is not accepted in a number"),
        (parse_bytes, " nan ", "'nan' is not a finite number"),
        (parse_duration_ms, " -inf ", "'-inf' is not a finite number"),
        (parse_bytes, " 1.5 ", "'1.5' is not a whole number of bytes"),
        (parse_bytes, "0.0000001 B", "'0.0000001 B' is not a whole number of bytes"),
        (parse_bytes, "0.0001 KB", "'0.0001 KB' is not a whole number of bytes"),
        (parse_bytes, " 1e401 ", "'1e401' is beyond TOML's 64-bit integer range"),
        (parse_bytes, "1e99999999999999999999999", "is beyond TOML's 64-bit integer range"),
        (parse_bytes, " 9.3e18 ", "'9.3e18' is beyond TOML's 64-bit integer range"),
        (parse_bytes, " -9.3e18 ", "'-9.3e18' is beyond TOML's 64-bit integer range"),
        (parse_duration_ms, " 9.3e15 s ", "'9.3e15 s' is beyond TOML's 64-bit integer range"),
        (parse_duration_ms, " -9.3e15 s ", "'-9.3e15 s' is beyond TOML's 64-bit integer range"),
        (parse_duration_ms, " 1e401 ", "'1e401' is beyond TOML's 64-bit integer range"),
    ],
)
def test_refused_quantities_say_why(parse, text, message):
    with pytest.raises(ValueProblem) as e:
        parse(text)
    assert message in str(e.value)


def test_size_and_duration_range_edges():
    assert parse_bytes(str(INT64_MAX)) == INT64_MAX
    assert parse_bytes(str(INT64_MIN)) == INT64_MIN
    assert parse_bytes("0 GB") == 0 and parse_bytes("0e500") == 0  # zero has no magnitude
    assert parse_bytes("1e400 B".replace("1e400", "0.0")) == 0
    with pytest.raises(ValueProblem, match="range"):
        parse_bytes(str(INT64_MAX + 1))
    # A duration is stored in whole milliseconds: exactly TOML's range, as a file may hold it
    # (check_value accepts INT64_MIN ms, so the text the app offers for it must parse).
    assert parse_duration_ms(str(INT64_MAX)) == INT64_MAX
    assert parse_duration_ms(str(INT64_MIN)) == INT64_MIN
    with pytest.raises(ValueProblem, match="range"):
        parse_duration_ms(str(2**63))
    with pytest.raises(ValueProblem, match="range"):
        parse_duration_ms(str(-(2**63) - 1))


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (999.9, "999 B"),
        (1_000, "1 KB"),
        (1_500, "1.5 KB"),
        (999_000, "999 KB"),
        (999_500, "1e+03 KB"),
        (999_999, "1e+03 KB"),
        (1_000_000, "1 MB"),
        (2_500_000, "2.5 MB"),
        (1_000_000_000, "1 GB"),
        (1_230_000_000, "1.23 GB"),
        (999_999_999, "1e+03 MB"),
        (1_000_000_000_000, "1 TB"),
        (5_000_000_000_000_000, "5e+03 TB"),
        (-1_500, "-1.5 KB"),
        (-2_000_000, "-2 MB"),
        (-3_000_000_000, "-3 GB"),
        (-4_000_000_000_000, "-4 TB"),
        (-999, "-999 B"),
    ],
)
def test_sizes_are_shown_in_the_largest_decimal_unit_they_reach(n, shown):
    assert format_bytes(n) == shown


@pytest.mark.parametrize(
    ("ms", "shown"),
    [
        (0, "0 ms"),
        (250, "250 ms"),
        (250.0, "250 ms"),
        (0.5, "0.5 ms"),
        (12.345, "12.3 ms"),
        (999, "999 ms"),
        (999.5, "1e+03 ms"),
        (1_000, "1 s"),
        (1_500, "1.5 s"),
        (59_999, "60 s"),
        (60_000, "1 min"),
        (90_000, "1.5 min"),
        (7_200_000, "120 min"),
        (-1_000, "-1 s"),
        (-60_000, "-1 min"),
        (-250, "-250 ms"),
    ],
)
def test_durations_are_shown_in_ms_s_or_min(ms, shown):
    assert format_duration_ms(ms) == shown


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (3, "3"),
        (3.0, "3"),
        (-3.0, "-3"),
        (2.5, "2.5"),
        (1e15, "1e+15"),
        (999_999_999_999_999.0, "999999999999999"),
        (-1e15, "-1e+15"),
        (10**20, "100000000000000000000"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (0.000123, "0.000123"),
    ],
)
def test_numbers_are_shown_without_a_needless_decimal_point(x, shown):
    assert format_number(x) == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200", 1200),
        ("1_200", 1200),
        ("-3", -3),
        ("+4", 4),
        (" 5 ", 5),
        (str(INT64_MIN), INT64_MIN),
    ],
)
def test_whole_numbers_as_typed(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2.5", "expected a whole number, got '2.5'"),
        (" 1e3 ", "expected a whole number, got '1e3'"),
        (" ten ", "expected a whole number, got 'ten'"),
        (" inf ", "'inf' is not a finite number"),
        (" 1,200 ", "'1,200': ',' is not accepted"),
        (" 9223372036854775808 ", "9223372036854775808 is beyond TOML's 64-bit integer range"),
        ("1" * 41, "111111111111111111111111... is beyond"),
    ],
)
def test_refused_whole_numbers_say_why(text, message):
    with pytest.raises(ValueProblem) as e:
        parse_int(text)
    assert message in str(e.value)


def test_forty_digit_numbers_are_read_and_found_out_of_range():
    with pytest.raises(ValueProblem) as e:
        parse_int("1" * 40)
    assert str(e.value) == f"{'1' * 40} is beyond TOML's 64-bit integer range (max {INT64_MAX})"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2.5", 2.5), ("1e3", 1000.0), ("1_200.5", 1200.5), (".5", 0.5), ("-3", -3.0), ("7", 7.0)],
)
def test_numbers_as_typed(text, expected):
    value = parse_float(text)
    assert value == expected and isinstance(value, float)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" nan ", "'nan' is not a finite number"),
        (" 2.5 GB ", "expected a number, got '2.5 GB'"),
        (" 1,5 ", "'1,5': ',' is not accepted"),
        (" 1e400 ", "1e400 is not a finite number"),
        (" 9223372036854775808 ", "9223372036854775808 is beyond TOML's 64-bit integer range"),
        ("9" * 41, "999999999999999999999999... is beyond"),
    ],
)
def test_refused_numbers_say_why(text, message):
    with pytest.raises(ValueProblem) as e:
        parse_float(text)
    assert message in str(e.value)


def test_int64_edges_and_how_an_out_of_range_number_is_named():
    assert check_int64(INT64_MAX) == INT64_MAX and check_int64(INT64_MIN) == INT64_MIN
    for bad in (INT64_MAX + 1, INT64_MIN - 1):
        with pytest.raises(ValueProblem) as e:
            check_int64(bad)
        assert str(e.value) == f"{bad} is beyond TOML's 64-bit integer range (max {INT64_MAX})"
    with pytest.raises(ValueProblem) as e:
        check_int64(10**70)
    assert str(e.value).startswith("a 71-digit number is beyond")
    with pytest.raises(ValueProblem) as e:
        check_int64(-(10**59) * 10)  # exactly 10**60 long: named by its length
    assert str(e.value).startswith("a 61-digit number is beyond")
    with pytest.raises(ValueProblem) as e:
        check_int64(10**59, "the big one")
    assert str(e.value).startswith("the big one is beyond")
    with pytest.raises(ValueProblem) as e:
        check_int64(10**59)
    assert str(e.value).startswith(f"{10**59} is beyond")


def test_finite_checks_name_the_value():
    assert check_finite(1.5) == 1.5
    for bad in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValueProblem) as e:
            check_finite(bad)
        assert str(e.value) == f"{bad} is not a finite number"
    with pytest.raises(ValueProblem) as e:
        check_finite(float("inf"), "cost")
    assert str(e.value) == "cost is not a finite number"


def test_numbers_from_files_are_checked_by_kind():
    assert checked_number(INT64_MAX) == INT64_MAX
    assert checked_number(2.5) == 2.5
    with pytest.raises(ValueProblem) as e:
        checked_number(INT64_MAX + 1, "limit")
    assert str(e.value).startswith("limit is beyond")
    with pytest.raises(ValueProblem) as e:
        checked_number(float("nan"), "rate")
    assert str(e.value) == "rate is not a finite number"


def test_whole_numbers_from_floats():
    assert whole_from_float(3.0) == 3 and isinstance(whole_from_float(3.0), int)
    assert whole_from_float(-(2.0**63)) == INT64_MIN
    assert whole_from_float(2.0**63 - 1024) == 2**63 - 1024  # the largest float inside int64
    with pytest.raises(ValueProblem) as e:
        whole_from_float(2.5)
    assert str(e.value) == "expected a whole number, got 2.5"
    with pytest.raises(ValueProblem) as e:
        whole_from_float(2.5, "replicas")
    assert str(e.value) == "expected a whole number, got 'replicas'"
    with pytest.raises(ValueProblem) as e:
        whole_from_float(2.0**63)
    assert str(e.value) == f"{2.0**63!r} is beyond TOML's 64-bit integer range (max {INT64_MAX})"
    with pytest.raises(ValueProblem) as e:
        whole_from_float(-(2.0**64), "floor")
    assert str(e.value).startswith("'floor' is beyond")
    with pytest.raises(ValueProblem) as e:
        whole_from_float(float("inf"), "ceiling")
    assert str(e.value) == "ceiling is not a finite number"


@pytest.mark.parametrize("parse", [parse_int, parse_float])
def test_an_out_of_range_number_is_named_as_typed(parse):
    with pytest.raises(ValueProblem) as e:
        parse(" +9_223_372_036_854_775_808 ")
    assert str(e.value).startswith("+9_223_372_036_854_775_808 is beyond")
    with pytest.raises(ValueProblem) as e:
        parse("1" * 40)  # forty digits are read whole and named whole
    assert str(e.value).startswith(f"{'1' * 40} is beyond")
    with pytest.raises(ValueProblem) as e:
        parse("2" * 50)  # longer ones are cut after 24 characters
    assert str(e.value).startswith(f"{'2' * 24}... is beyond")


def test_minutes_are_shown_to_three_significant_digits():
    assert format_duration_ms(74_100) == "1.24 min"


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (3, "3"),
        (3.0, "3"),
        (-2.0, "-2"),
        (0.1, "0.1"),
        (2350.123456, "2350.123456"),  # never rounded to six digits as a display is
        (999_999_999_999_999.0, "999999999999999"),
        (1e15, "1000000000000000.0"),  # from 1e15 on, Python's shortest round-trip form
        (1.5e17, "1.5e+17"),
        (INT64_MAX, "9223372036854775807"),
        (float("inf"), "inf"),
    ],
)
def test_exact_numbers_are_written_to_be_read_back(x, text):
    assert exact_number(x) == text


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("~400", ("400", True)),
        ("≈ 400", ("400", True)),
        (" About 2 s ", ("2 s", True)),
        ("around 400", ("400", True)),
        ("approx. 400", ("400", True)),
        ("approx 400", ("400", True)),
        ("approximately 400", ("400", True)),
        ("ROUGHLY 1.2 GB", ("1.2 GB", True)),
        ("circa 400", ("400", True)),
        ("ca. 400", ("400", True)),
        ("400ish", ("400", True)),
        ("400-ish", ("400", True)),
        ("1.2 GB ish", ("1.2 GB", True)),
        (" 400 ", ("400", False)),
        ("aboutface", ("aboutface", False)),
        ("fish", ("fish", False)),
    ],
)
def test_an_approximate_marker_is_split_off(text, split):
    assert split_approximate(text) == split


_LIKE = "an approximate value is written like ~400, about 1.2 GB or 400ish"
_ONCE = "one marker is enough, e.g. ~400, about 1.2 GB or 400ish"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" ~ ", f"'~' has no number after '~'; {_LIKE}"),
        ("about", f"'about' has no number after 'about'; {_LIKE}"),
        ("~~400", f"'~~400' says approximate twice; {_ONCE}"),
        ("about 400ish", f"'about 400ish' says approximate twice; {_ONCE}"),
        ("400 ish ish", f"'400 ish ish' says approximate twice; {_ONCE}"),
        ("400ishish", f"'400ishish' says approximate twice; {_ONCE}"),
    ],
)
def test_a_marker_alone_or_twice_is_refused(text, message):
    with pytest.raises(ValueProblem) as e:
        split_approximate(text)
    assert str(e.value) == message
