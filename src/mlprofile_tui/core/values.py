"""Typed values: one registry of value types, and reading, checking and showing values with it.

``REGISTRY`` holds one ``ValueType`` per type a rubric may name (``enum``, ``int``, ``bytes``,
...): how text is parsed, how a stored value is checked, how a value is shown and edited, the
hint and example beside a prompt, and the input kind (choice, multi, text, matrix). Front ends
dispatch on the input kind only and ask this module for everything else, so a type's
behaviour is written once and a new type is one entry (DESIGN.md §5).

Every front end (CLI ``set``, the Textual form, the questionary interview) reads what a person
typed with ``parse_input`` (or ``parse_answer``), and everything else (files, the AWS importer)
goes through ``check_value``, so a value means the same thing everywhere. A number typed
approximately (``~400``, ``about 1.2 GB``, ``400ish``) is read here, once: the value is the
plain number and ``Parsed.approximate`` says it was an estimate. The provisioning matrix's
rows, columns and text form live in ``core.matrix``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from . import matrix
from .answers import Answer, State, typed_provenance
from .errors import ValueProblem, short_repr
from .matrix import check_matrix, parse_matrix
from .units import (
    DURATION,
    NUMBER,
    SIZE,
    WHOLE_NUMBER,
    check_finite,
    check_int64,
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

if TYPE_CHECKING:  # the rubric imports this registry to know its types
    from .rubric import Characteristic

_YES_OR_NO = "true or false (yes/no)"
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}
_EMPTY = "empty value; give a value, or `unknown`, or `n/a:REASON`"
_EMPTY_MULTI = "empty value; `none` for no choices, or `unknown`"


class InputKind(StrEnum):
    """How a front end asks for a value: the only thing the app, the interview and the CLI
    dispatch on. Everything else about a type comes from its ``ValueType``."""

    CHOICE = "choice"  # pick one option (enum, bool)
    MULTI = "multi"  # tick any number of options
    TEXT = "text"  # type a line that ``parse_input`` reads (numbers, sizes, durations, text)
    MATRIX = "matrix"  # a table of rows (the provisioning matrix)


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    """One option of a choice or multi input: the typed ``value`` it stands for, its label,
    the level it earns (a rank, or None when it is not scored) and its help text."""

    value: Any
    label: str
    level: int | None = None
    help: str = ""


@dataclass(frozen=True)
class ValueType:
    """Everything one value type does, written once (DESIGN.md §5: one value-type registry).

    Every callable takes the characteristic first (its choices, unit, range and matrix spec):
    - ``parse(ch, text)``: stripped, non-empty text → the value in normal form; ValueProblem.
    - ``check(ch, value)``: a value a file or an importer holds → its normal form; ValueProblem.
    - ``show(ch, value)``: short display for tables (choice labels, ``1.2 GB``, ``250 ms``).
    - ``label(ch, value)``: display for people (choice labels); ``show`` when not given.
    - ``edit(ch, value)``: text that ``parse`` reads back to the very same value.
    - ``describe(ch)``: what to type, without range or unit (``a whole number``).
    - ``examples(ch)``: texts to offer as an example, best first; the first that parses wins.
    - ``exact(ch, value)``: the unrounded value beside a rounded display (``48,234,567 bytes``).
    - ``options(ch)``: the options of a choice or multi input.
    ``numeric`` types may be written approximately (``~400``), take thresholds and a picked
    provenance; ``whole`` numeric types hold ints; ``unit`` is the unit a rubric gets when it
    names none; ``takes_choices`` types need ``choices`` in the rubric; ``empty`` is the
    message for empty text.
    """

    name: str
    input: InputKind
    parse: Callable[[Characteristic, str], Any]
    check: Callable[[Characteristic, Any], Any]
    show: Callable[[Characteristic, Any], str]
    edit: Callable[[Characteristic, Any], str]
    describe: Callable[[Characteristic], str]
    examples: Callable[[Characteristic], Sequence[str]]
    label: Callable[[Characteristic, Any], str] | None = None
    exact: Callable[[Characteristic, Any], str] | None = None
    options: Callable[[Characteristic], tuple[ChoiceOption, ...]] | None = None
    numeric: bool = False
    whole: bool = False
    unit: str = ""
    takes_choices: bool = False
    empty: str = _EMPTY


# ---------------------------------------------------------------------- numbers


# Plain functions the registry's entries call with their type's words and units, not closures
# built at import: mutmut swaps a function in at call time, so a closure is never mutated.


def _check_number(
    ch: Characteristic, value: Any, stored: str, normal: Callable[[int | float], int | float]
) -> int | float:
    """A numeric type's check: a finite number inside TOML's range, in its normal form
    (``normal``), inside ``ch``'s range and step; ``stored`` names what was expected."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueProblem(f"expected {stored}, got {short_repr(value)}")
    # Finite, and whole numbers inside TOML's 64-bit range, before any conversion: a file
    # may hold 1e400 (inf), a 40-digit integer, or 1e300 for a size (a 301-digit integer).
    if isinstance(value, int):
        check_int64(value)
    else:
        check_finite(value)
    return _check_range(ch, normal(value))


def _whole(value: int | float) -> int:
    return whole_from_float(value) if isinstance(value, float) else value


def _whole_if_whole(value: int | float) -> int | float:
    # Whole milliseconds stay whole (an int in the file); fractions stay floats.
    return whole_from_float(value) if isinstance(value, float) and value.is_integer() else value


def _check_quantity(
    ch: Characteristic, value: Any, stored: str, normal: Callable[[int | float], int | float]
) -> int | float:
    """Sizes and durations: a file may also hold them as text (``"1.2 GB"``)."""
    if isinstance(value, str):
        return parse_text(ch, value)
    return _check_number(ch, value, stored, normal)


def _with_unit(ch: Characteristic, value: int | float) -> str:
    s = format_number(value)
    return f"{s} {ch.unit}" if ch.unit else s


def _exact_float(ch: Characteristic, value: float) -> str:
    # The display keeps six digits (2350.12): beside it, what is stored (2350.123456).
    s = exact_number(value)
    if s == format_number(value):
        return ""
    return f"{s} {ch.unit}" if ch.unit else s


def _edit_in_units(
    ch: Characteristic,
    value: int | float,
    steps: Sequence[tuple[str, int]],
    parse: Callable[[str], Any],
    plain: str,
) -> str:
    """Editable text of a size or duration: its display form or the largest unit that reads
    back exactly (``48.2 MB``, ``1.5 s``), else the plain number (``48234567``)."""
    candidates = [display_value(ch, value)]
    candidates += [
        f"{format_number(value / factor)} {unit}" for unit, factor in steps if abs(value) >= factor
    ]
    for text in candidates:
        try:
            if parse(text) == value:
                return text
        except ValueProblem:  # a display rounded beyond the 64-bit range (1.54e+14 min)
            continue
    return exact_number(value) + plain


def multiples_inside(
    lo: float | None, hi: float | None, step: float
) -> tuple[float | None, float | None]:
    """The first and last whole multiples of ``step`` inside ``[lo, hi]`` (None for an open
    end); the first is above the last when none lies inside. Corrected after the division,
    which rounds (``-5e-324 / 2.5`` is ``-0.0``, whose multiple 0 is above -5e-324)."""
    first = last = None
    if lo is not None:
        k = math.ceil(lo / step)
        first = (k + 1) * step if k * step < lo else k * step
    if hi is not None:
        k = math.floor(hi / step)
        last = (k - 1) * step if k * step > hi else k * step
    return first, last


def _number_examples(ch: Characteristic, preferred: Sequence[str]) -> list[str]:
    """Examples of a number: the preferred ones, then the ends of its range and its step, so
    one always fits a characteristic that any value fits."""
    lo, hi, step = ch.minimum, ch.maximum, ch.multiple_of
    if step:
        lo, hi = multiples_inside(lo, hi, step)
    ends = [exact_number(b) for b in (lo, hi, step) if b is not None]
    return [*preferred, *ends]


def _check_float(ch: Characteristic, value: Any) -> float:
    return _check_number(ch, value, NUMBER, float)


def _parse_float(ch: Characteristic, text: str) -> float:
    return _check_float(ch, parse_float(text))


# ---------------------------------------------------------------------- choices


def _choices(ch: Characteristic) -> str:
    return ", ".join(ch.choice_ids)


def _choice_options(ch: Characteristic) -> tuple[ChoiceOption, ...]:
    return tuple(ChoiceOption(c.id, c.label, c.level, c.help) for c in ch.choices)


def _bool_options(ch: Characteristic) -> tuple[ChoiceOption, ...]:
    levels = ch.bool_levels or {}
    return tuple(
        ChoiceOption(v, label, levels.get(v)) for v, label in ((True, "Yes"), (False, "No"))
    )


def _check_enum(ch: Characteristic, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"expected one of {_choices(ch)}, got {value!r}")
    return _choice(ch, value)


def _check_multi(ch: Characteristic, value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValueProblem(f"expected a list of choices from {_choices(ch)}, got {value!r}")
    out: list[str] = []
    for v in value:
        c = _choice(ch, v) if isinstance(v, str) else None
        if c is None:
            raise ValueProblem(f"expected choices from {_choices(ch)}, got {v!r}")
        if c not in out:
            out.append(c)
    return out


def _parse_multi(ch: Characteristic, text: str) -> list[str]:
    if text in ("none", "[]"):
        return []
    if not text.replace(",", "").strip():
        raise ValueProblem(_EMPTY_MULTI)
    return _check_multi(ch, [p.strip() for p in text.split(",") if p.strip()])


def _label_of(ch: Characteristic, choice_id: str) -> str:
    return ch.choice_label(choice_id)  # the rubric's one id -> label mapping


def _check_bool(ch: Characteristic, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueProblem(f"expected true or false, got {value!r}")
    return value


def _parse_bool(ch: Characteristic, text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueProblem(f"expected {_YES_OR_NO}, got {text!r}")


def _check_text(ch: Characteristic, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"expected text, got {value!r}")
    return value


# ---------------------------------------------------------------------- the registry

_SIZE_STEPS = (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3))
_DURATION_STEPS = (("min", 60_000), ("s", 1000))
_STORED_SIZE = "a size in bytes (or text like 1.2 GB)"
_STORED_DURATION = "a duration in milliseconds (or text like 250 ms)"

REGISTRY: dict[str, ValueType] = {
    t.name: t
    for t in (
        ValueType(
            "enum",
            InputKind.CHOICE,
            parse=lambda ch, text: _choice(ch, text),
            check=_check_enum,
            show=_label_of,  # people read labels, never ids (files and --json keep the ids)
            edit=lambda ch, v: str(v),
            describe=lambda ch: f"one of {_choices(ch)}",
            examples=lambda ch: ch.choice_ids[:1],
            options=_choice_options,
            takes_choices=True,
        ),
        ValueType(
            "multi",
            InputKind.MULTI,
            parse=_parse_multi,
            check=_check_multi,
            show=lambda ch, v: ", ".join(_label_of(ch, c) for c in v) if v else "none",
            edit=lambda ch, v: ", ".join(v) if v else "none",
            describe=lambda ch: f"any of {_choices(ch)}, separated by commas, or none",
            examples=lambda ch: [", ".join(ch.choice_ids[:2]), "none"],
            options=_choice_options,
            takes_choices=True,
            empty=_EMPTY_MULTI,
        ),
        ValueType(
            "int",
            InputKind.TEXT,
            parse=lambda ch, text: _check_range(ch, parse_int(text)),
            check=lambda ch, v: _check_number(ch, v, WHOLE_NUMBER, _whole),
            show=_with_unit,
            edit=lambda ch, v: exact_number(v),
            describe=lambda ch: WHOLE_NUMBER,
            examples=lambda ch: _number_examples(ch, ("400", "4")),
            numeric=True,
            whole=True,
        ),
        ValueType(
            "float",
            InputKind.TEXT,
            parse=_parse_float,
            check=_check_float,
            show=_with_unit,
            edit=lambda ch, v: exact_number(v),
            exact=_exact_float,
            describe=lambda ch: NUMBER,
            examples=lambda ch: _number_examples(ch, ("400", "2.5")),
            numeric=True,
        ),
        ValueType(
            "bytes",
            InputKind.TEXT,
            parse=lambda ch, text: _check_range(ch, parse_bytes(text)),
            check=lambda ch, v: _check_quantity(ch, v, _STORED_SIZE, _whole),
            show=lambda ch, v: format_bytes(v),
            edit=lambda ch, v: _edit_in_units(ch, v, _SIZE_STEPS, parse_bytes, ""),
            exact=lambda ch, v: f"{v:,} bytes",
            describe=lambda ch: SIZE,
            examples=lambda ch: _number_examples(ch, ("1.2 GB", "48 MB")),
            numeric=True,
            whole=True,
            unit="B",
        ),
        ValueType(
            "duration_ms",
            InputKind.TEXT,
            parse=lambda ch, text: _check_range(ch, parse_duration_ms(text)),
            check=lambda ch, v: _check_quantity(ch, v, _STORED_DURATION, _whole_if_whole),
            show=lambda ch, v: format_duration_ms(v),
            edit=lambda ch, v: _edit_in_units(ch, v, _DURATION_STEPS, parse_duration_ms, " ms"),
            exact=lambda ch, v: f"{exact_number(v)} ms",
            describe=lambda ch: DURATION,
            examples=lambda ch: _number_examples(ch, ("250 ms", "1.5 s")),
            numeric=True,
            unit="ms",
        ),
        ValueType(
            "bool",
            InputKind.CHOICE,
            parse=_parse_bool,
            check=_check_bool,
            show=lambda ch, v: "yes" if v else "no",
            edit=lambda ch, v: "yes" if v else "no",
            describe=lambda ch: _YES_OR_NO,
            examples=lambda ch: ["yes"],
            options=_bool_options,
        ),
        ValueType(
            "text",
            InputKind.TEXT,
            parse=lambda ch, text: text,
            check=_check_text,
            show=lambda ch, v: str(v),
            edit=lambda ch, v: str(v),
            describe=lambda ch: "free text",
            examples=lambda ch: ["as you would say it"],
        ),
        ValueType(
            "matrix",
            InputKind.MATRIX,
            parse=lambda ch, text: [] if text.lower() == "none" else parse_matrix(ch, text),
            check=check_matrix,
            show=lambda ch, v: matrix.summary(v),
            edit=lambda ch, v: matrix.matrix_text(v),
            describe=lambda ch: f"rows of {matrix.row_format(ch.matrix)} separated by ;, or none",
            examples=lambda ch: [matrix.example_row(ch.matrix)],
            empty=_EMPTY + "; `none` empties the matrix",
        ),
    )
}
"""Every value type a rubric may name, by name. A new type is one entry here."""

TYPES = tuple(REGISTRY)
NUMERIC_TYPES = tuple(name for name, t in REGISTRY.items() if t.numeric)
"""Types whose answers are numbers: the ones that may be written approximately (``~400``) and
whose provenance a person picks when answering (declared, estimated, measured)."""


def value_type(ch: Characteristic) -> ValueType:
    """The registry entry of ``ch``'s type (a loaded rubric names only registered types)."""
    return REGISTRY[ch.type]


def input_kind(ch: Characteristic) -> InputKind:
    """How a front end asks for ``ch``: choice, multi, text or matrix."""
    return REGISTRY[ch.type].input


def is_numeric(ch: Characteristic) -> bool:
    """Whether ``ch`` is a number: approximate markers, thresholds and a picked provenance."""
    return REGISTRY[ch.type].numeric


def check_value(ch: Characteristic, value: Any) -> Any:
    """Validate a typed value (from TOML, JSON or an importer) and return its normal form.

    Raises ValueProblem saying what the type expects, or which limit (min, max, step, choice,
    matrix row) the value breaks."""
    return REGISTRY[ch.type].check(ch, value)


def problem(ch: Characteristic, value: Any) -> str | None:
    """Why ``value`` is not a valid answer of ``ch``, or None when it is."""
    try:
        check_value(ch, value)
    except ValueProblem as e:
        return str(e)
    return None


def parse_text(ch: Characteristic, text: str) -> Any:
    """Parse exact text (``1.2GB``, ``250ms``, ``yes``, ``a,b``) into a typed value.

    No approximate marker is accepted here (``~400`` is refused): this reads sizes and
    durations a file holds as text. What a person types goes through ``parse_input``, which
    keeps the marker's meaning. Raises ValueProblem.
    """
    text = text.strip()
    vt = REGISTRY[ch.type]
    if not text:
        # An unset shell variable must not wipe an answer (a 5,000-row matrix, a type).
        raise ValueProblem(vt.empty)
    return vt.parse(ch, text)


def display_value(ch: Characteristic, v: Any) -> str:
    """A value's short form for tables and messages: choices by their labels (``Deep
    learning``), sizes and durations in their largest unit to three digits (``1.2 GB``,
    ``250 ms``), numbers with their unit."""
    return REGISTRY[ch.type].show(ch, v)


def label_value(ch: Characteristic, v: Any) -> str:
    """A value as a person reads it: choice labels (``Deep learning``), else ``display_value``."""
    vt = REGISTRY[ch.type]
    return (vt.label or vt.show)(ch, v)


def exact_value(ch: Characteristic, v: Any) -> str:
    """The unrounded value beside its display (``48,234,567 bytes``), or "" when the display
    is already exact."""
    vt = REGISTRY[ch.type]
    return vt.exact(ch, v) if vt.exact is not None else ""


def editable_text(ch: Characteristic, v: Any) -> str:
    """A value in normal form as text ``parse_text`` reads back to the same value (display
    rounds; this never does): ``48.2 MB`` only when that is exactly the size, else
    ``48234567``; ``1.5 s``; ``2350.123456``; ``a, b``; ``none``; matrix rows."""
    return REGISTRY[ch.type].edit(ch, v)


def choice_options(ch: Characteristic) -> tuple[ChoiceOption, ...]:
    """The options of a choice or multi input, in the rubric's order (empty for other kinds)."""
    options = REGISTRY[ch.type].options
    return options(ch) if options is not None else ()


def hint(ch: Characteristic) -> str:
    """What to type for ``ch``, with its range, step and unit: ``a whole number from 1 to 10
    (replicas)``, ``a size, e.g. 48 MB, 1.2 GB or 500 MiB``. The app's placeholder, the
    interview's instruction and the CLI's messages all show this text."""
    vt = REGISTRY[ch.type]
    text = vt.describe(ch)
    if vt.numeric:
        lo, hi = ch.minimum, ch.maximum
        if lo is not None and hi is not None:
            text += f" from {format_number(lo)} to {format_number(hi)}"
        elif lo is not None and lo != 0:
            text += f", at least {format_number(lo)}"
        elif hi is not None:
            text += f", at most {format_number(hi)}"
        if ch.multiple_of is not None:
            text += f", in steps of {format_number(ch.multiple_of)}"
        if ch.unit and ch.unit != vt.unit:
            text += f" ({ch.unit})"
    return text


def example(ch: Characteristic) -> str:
    """A text ``parse_text`` accepts for ``ch`` (inside its range and step), to show beside a
    prompt: ``400``, ``1.2 GB``, the first choice, a matrix row. Raises ValueProblem only for
    a characteristic no value can satisfy (a range with no multiple of its step inside)."""
    candidates = list(REGISTRY[ch.type].examples(ch))
    for text in candidates:
        try:
            parse_text(ch, text)
        except ValueProblem:
            continue
        return text
    raise ValueProblem(f"no example fits {ch.key}: tried {', '.join(candidates)}")


def typing_hint(ch: Characteristic) -> str:
    """The hint beside a text input: ``hint`` and, for a number, how to mark an estimate
    (``a duration, e.g. 250 ms, 1.5 s or 2 min · ~250 ms if estimated``)."""
    text = hint(ch)
    if is_numeric(ch):
        text += f" · ~{example(ch)} if estimated"
    return text


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a person typed, read as a value of its characteristic.

    ``value`` is the typed value in normal form (as ``check_value`` returns it);
    ``approximate`` is True when a number was written with an approximate marker (``~400``,
    ``about 2 s``, ``400ish``): the value is then the plain number, and the answer's
    provenance is ``estimated`` unless the person says otherwise.
    """

    value: Any
    approximate: bool = False


def parse_input(ch: Characteristic, text: str) -> Parsed:
    """Read what a person typed for ``ch`` (``1.2 GB``, ``~250 ms``, ``yes``, ``a,b``).

    Numbers (``NUMERIC_TYPES``) may carry one approximate marker; any other type reads the
    text as it is (a text answer "about 400" stays that text). Raises ValueProblem with the
    reason: the wrong type, unit, range or choice, or a marker without a number or twice.
    """
    if is_numeric(ch):
        rest, approximate = split_approximate(text)
        if approximate:
            try:
                return Parsed(parse_text(ch, rest), approximate=True)
            except ValueProblem as e:
                raise ValueProblem(f"{text.strip()!r}: {e}") from None
    return Parsed(parse_text(ch, text))


def parse_answer(
    ch: Characteristic, text: str, *, provenance: str | None = None, source: str | None = None
) -> Answer:
    """A whole answer from text: ``unknown``, ``n/a:REASON`` or a value.

    A value's provenance is ``provenance`` when given (declared, estimated, measured), else
    estimated for an approximate number (``~400``) and declared otherwise; ``source`` is kept
    with a value. Raises ValueProblem for text that does not fit ``ch``, and for an
    approximate number given as measured.
    """
    stripped = text.strip()
    low = stripped.lower()
    if low in ("unknown", "?"):
        return Answer(State.UNKNOWN)
    if low.startswith(("n/a", "na:")) or low == "na":
        reason = stripped.split(":", 1)[1].strip() if ":" in stripped else ""
        if ch.na_allowed and not reason:
            # typed text: say how to write the reason (the app asks for it in a field)
            raise ValueProblem("not applicable needs a reason: n/a:REASON")
        return not_applicable(ch, reason)
    parsed = parse_input(ch, stripped)
    try:
        chosen = typed_provenance(parsed.approximate, provenance)
    except ValueProblem as e:
        raise ValueProblem(f"{stripped!r}: {e}") from None
    return Answer(State.VALUE, parsed.value, provenance=chosen.value, source=source or None)


def not_applicable(ch: Characteristic, reason: str) -> Answer:
    if not ch.na_allowed:
        raise ValueProblem(
            "this characteristic cannot be marked not applicable; answer it or say unknown"
        )
    if not reason.strip():
        raise ValueProblem("not applicable needs a reason")
    return Answer(State.NOT_APPLICABLE, reason=reason.strip())


def display(ch: Characteristic, answer: Answer) -> str:
    """Short human form of an answer, for tables."""
    if answer.state is State.UNKNOWN:
        return "unknown"
    if answer.state is State.UNANSWERED:
        return "—"
    if answer.state is State.NOT_APPLICABLE:
        return f"n/a ({answer.reason})" if answer.reason else "n/a"
    return display_value(ch, answer.value)


def _choice(ch: Characteristic, text: str) -> str:
    if text in ch.choice_ids:
        return text
    low = text.strip().lower().replace("-", "_").replace(" ", "_")
    for c in ch.choices:
        if low in (c.id.lower(), c.label.lower().replace("-", "_").replace(" ", "_")):
            return c.id
    raise ValueProblem(f"{text!r} is not a valid choice; valid choices: {_choices(ch)}")


def _check_range(ch: Characteristic, v: int | float) -> int | float:
    if ch.minimum is not None and v < ch.minimum:
        if ch.minimum == 0:
            raise ValueProblem(f"must not be negative, got {format_number(v)}")
        raise ValueProblem(f"must be at least {format_number(ch.minimum)}, got {format_number(v)}")
    if ch.maximum is not None and v > ch.maximum:
        raise ValueProblem(f"must be at most {format_number(ch.maximum)}, got {format_number(v)}")
    if ch.multiple_of is not None and v % ch.multiple_of:
        step = format_number(ch.multiple_of)
        raise ValueProblem(
            f"must be a whole multiple of {step} {ch.unit}".rstrip() + f", got {format_number(v)}"
        )
    return v
