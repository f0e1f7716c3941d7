"""What a person is told to type, and the text an answer is edited as, pinned per shape of
characteristic: the hint's range, step and unit phrasing; the example that fits; the unit a
size or duration is edited in at each boundary; the multiples of a step inside a range.

The registry's property tests prove these round-trip; these tables pin the words and the
choices a person sees (the app's placeholder, the interview's instruction, the CLI's errors).
"""

from __future__ import annotations

import pytest
from rubric_builders import characteristic, one_group_rubric

from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.rubric import Characteristic
from mlprofile_tui.core.values import (
    ChoiceOption,
    choice_options,
    editable_text,
    example,
    hint,
    multiples_inside,
    typing_hint,
)

RUBRIC = one_group_rubric(
    "h",
    [
        characteristic("both", "int", min=1, max=64),
        characteristic("at_most", "int", max=10),
        characteristic("negative_floor", "float", min=-5),
        characteristic("zero_floor", "float", min=0),
        characteristic("stepped", "int", min=0, max=512, multiple_of=64, unit="MB"),
        characteristic("size", "bytes", min=1000),
        characteristic("wait", "duration_ms", max=60000),
        characteristic("on", "bool"),
        characteristic("half_steps", "float", min=0.25, max=10.75, multiple_of=0.5),
        characteristic("thirds", "int", multiple_of=3),
        characteristic("below", "int", max=-10, multiple_of=4),
        characteristic(
            "tier",
            "enum",
            kind="maturity",
            choices=[
                {"id": "gpu", "label": "Accelerated", "level": "L1", "help": "GPUs"},
                {"id": "cpu", "level": 0},
            ],
        ),
        characteristic("scaled", "bool", kind="maturity", levels={"true": "L1", "false": "L0"}),
    ],
)


def ch(cid):
    return RUBRIC.get(f"g.{cid}")


@pytest.mark.parametrize(
    ("cid", "words", "fits"),
    [
        ("both", "a whole number from 1 to 64", "4"),
        ("at_most", "a whole number, at most 10", "4"),
        ("negative_floor", "a number, at least -5", "400"),
        # a floor of 0 says nothing a person needs
        ("zero_floor", "a number", "400"),
        ("stepped", "a whole number from 0 to 512, in steps of 64 (MB)", "0"),
        ("size", "a size such as 1.2 GB or 500 MiB, at least 1000", "1.2 GB"),
        ("wait", "a duration such as 250 ms or 1.5 s, at most 60000", "250 ms"),
        ("on", "true or false (yes/no)", "yes"),
        ("half_steps", "a number from 0.25 to 10.75, in steps of 0.5", "2.5"),
        # no range: the step itself is the example
        ("thirds", "a whole number, in steps of 3", "3"),
        # only a ceiling: the last multiple under it
        ("below", "a whole number, at most -10, in steps of 4", "-12"),
    ],
)
def test_hint_and_example_per_shape(cid, words, fits):
    c = ch(cid)
    assert hint(c) == words
    assert example(c) == fits
    estimated = f" · ~{fits} if estimated" if c.type != "bool" else ""
    assert typing_hint(c) == words + estimated


def test_a_yes_no_question_offers_yes_then_no():
    options = choice_options(ch("on"))
    assert [(o.value, o.label, o.level) for o in options] == [
        (True, "Yes", None),
        (False, "No", None),
    ]


@pytest.mark.parametrize(
    ("cid", "options"),
    [
        (
            "tier",
            (ChoiceOption("gpu", "Accelerated", 1, "GPUs"), ChoiceOption("cpu", "cpu", 0, "")),
        ),
        ("scaled", (ChoiceOption(True, "Yes", 1), ChoiceOption(False, "No", 0))),
    ],
)
def test_a_scored_choice_offers_the_level_and_help_of_each_option(cid, options):
    assert choice_options(ch(cid)) == options


def test_a_characteristic_no_value_fits_has_no_example_and_says_what_was_tried():
    # The rubric loader refuses such a range; a characteristic built by hand is not checked.
    empty = Characteristic(
        group="g",
        id="x",
        question="q",
        help="h",
        type="int",
        kind="descriptive",
        minimum=1,
        maximum=63,
        multiple_of=64,
    )
    with pytest.raises(ValueProblem) as e:
        example(empty)
    assert str(e.value) == "no example fits g.x: tried 400, 4, 64, 0, 64"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (999, "999 B"),
        (1000, "1 KB"),
        (48_200_000, "48.2 MB"),
        (48_234_567, "48234567"),  # no unit reads back exactly: the plain number
        (48_234_000, "48.234 MB"),  # the display (48.2 MB) rounds; more digits are exact
        (1_500_000_000, "1.5 GB"),
        (10**12, "1 TB"),
        (3 * 10**12 + 1, "3000000000001"),
    ],
)
def test_a_size_is_edited_in_the_largest_unit_that_reads_back_exactly(value, text):
    assert editable_text(ch("size"), value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (250, "250 ms"),
        (1500, "1.5 s"),
        (1234, "1.234 s"),
        (60000, "1 min"),
        (90000, "1.5 min"),
        (3_600_000, "60 min"),
        (0.5, "0.5 ms"),
        # the display (1.54e+14 min) rounds beyond the 64-bit range; seconds are exact
        (9_220_000_000_000_000_000, "9.22e+15 s"),
    ],
)
def test_a_duration_is_edited_in_the_largest_unit_that_reads_back_exactly(value, text):
    assert editable_text(ch("wait"), value) == text


@pytest.mark.parametrize(
    ("lo", "hi", "step", "ends"),
    [
        (0.25, 10.75, 0.5, (0.5, 10.5)),
        (1, 1.4, 0.5, (1.0, 1.0)),  # the ends themselves are multiples
        (1.1, 1.4, 0.5, (1.5, 1.0)),  # none inside: the first is above the last
        (None, 7, 2, (None, 6)),
        (3, None, 2, (4, None)),
        (-5e-324, None, 2.5, (0.0, None)),  # the division rounds to -0.0; 0 is still inside
        (-7, -1, 3, (-6, -3)),
        (0, 6, 2, (0, 6)),  # both ends are multiples
        (5e-324, None, 2.5, (2.5, None)),  # the division rounds to 0.0; 0 is below the floor
        (None, -5e-324, 2.5, (None, -2.5)),  # rounds to -0.0; 0 is above the ceiling
    ],
)
def test_multiples_of_a_step_inside_a_range(lo, hi, step, ends):
    assert multiples_inside(lo, hi, step) == ends
