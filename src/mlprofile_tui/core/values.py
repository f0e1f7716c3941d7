"""Typed values: checking what a file holds, parsing what a person types, showing it back.

Every front end (CLI ``set``, the Textual form, the questionary interview) reads what a person
typed with ``parse_input`` (or ``parse_answer``), and everything else (files, the AWS importer)
goes through ``check_value``, so a value means the same thing everywhere. A number typed
approximately (``~400``, ``about 1.2 GB``, ``400ish``) is read here, once: the value is the
plain number and ``Parsed.approximate`` says it was an estimate. The provisioning matrix's
rows, columns and text form live in ``core.matrix``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import matrix
from .answers import Answer, State, typed_provenance
from .errors import ValueProblem, short_repr
from .matrix import check_matrix, parse_matrix
from .rubric import Characteristic
from .units import (
    check_finite,
    check_int64,
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

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}
NUMERIC_TYPES = frozenset({"int", "float", "bytes", "duration_ms"})
"""Types whose answers are numbers: the ones that may be written approximately (``~400``) and
whose provenance a person picks when answering (declared, estimated, measured)."""


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
    if ch.type in NUMERIC_TYPES:
        rest, approximate = split_approximate(text)
        if approximate:
            try:
                return Parsed(parse_text(ch, rest), approximate=True)
            except ValueProblem as e:
                raise ValueProblem(f"{text.strip()!r}: {e}") from None
    return Parsed(parse_text(ch, text))


def check_value(ch: Characteristic, value: Any) -> Any:
    """Validate a typed value (from TOML, JSON or an importer) and return its normal form."""
    t = ch.type
    if t == "enum":
        if not isinstance(value, str):
            raise ValueProblem(f"expected one of {_choices(ch)}, got {value!r}")
        return _choice(ch, value)
    if t == "multi":
        if not isinstance(value, list | tuple):
            raise ValueProblem(f"expected a list of choices from {_choices(ch)}, got {value!r}")
        out = []
        for v in value:
            c = _choice(ch, v) if isinstance(v, str) else None
            if c is None:
                raise ValueProblem(f"expected choices from {_choices(ch)}, got {v!r}")
            if c not in out:
                out.append(c)
        return out
    if t == "bool":
        if not isinstance(value, bool):
            raise ValueProblem(f"expected true or false, got {value!r}")
        return value
    if t == "text":
        if not isinstance(value, str):
            raise ValueProblem(f"expected text, got {value!r}")
        return value
    if t == "matrix":
        return check_matrix(ch, value)
    if t in ("bytes", "duration_ms") and isinstance(value, str):
        return parse_text(ch, value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueProblem(f"expected {_describe(ch)}, got {short_repr(value)}")
    # Finite, and whole numbers inside TOML's 64-bit range, before any conversion: a file may
    # hold 1e400 (inf), a 40-digit integer, or 1e300 for a size (a 301-digit integer).
    if isinstance(value, int):
        check_int64(value)
    else:
        check_finite(value)
    if t in ("int", "bytes"):
        if isinstance(value, float):
            value = whole_from_float(value)
    elif t == "float":
        value = float(value)
    elif isinstance(value, float) and value == int(value):  # duration_ms: whole ms stay whole
        value = whole_from_float(value)
    return _check_range(ch, value)


def parse_text(ch: Characteristic, text: str) -> Any:
    """Parse exact text (``1.2GB``, ``250ms``, ``yes``, ``a,b``) into a typed value.

    No approximate marker is accepted here (``~400`` is refused): this reads sizes and
    durations a file holds as text. What a person types goes through ``parse_input``, which
    keeps the marker's meaning. Raises ValueProblem.
    """
    text = text.strip()
    t = ch.type
    if not text and t != "multi":
        # An unset shell variable must not wipe an answer (a 5,000-row matrix, a type).
        raise ValueProblem(
            "empty value; give a value, or `unknown`, or `n/a:REASON`"
            + ("; `none` empties the matrix" if t == "matrix" else "")
        )
    if t == "bytes":
        return _check_range(ch, parse_bytes(text))
    if t == "duration_ms":
        v = parse_duration_ms(text)
        return _check_range(ch, whole_from_float(v) if v == int(v) else v)
    if t == "int":
        return _check_range(ch, parse_int(text))
    if t == "float":
        return check_value(ch, parse_float(text))
    if t == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueProblem(f"expected true or false (yes/no), got {text!r}")
    if t == "enum":
        return _choice(ch, text)
    if t == "multi":
        if text in ("none", "[]"):
            return []
        if not text.replace(",", "").strip():
            raise ValueProblem("empty value; `none` for no choices, or `unknown`")
        return check_value(ch, [p.strip() for p in text.split(",") if p.strip()])
    if t == "matrix":
        return [] if text.lower() == "none" else parse_matrix(ch, text)
    return text


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


def display_value(ch: Characteristic, v: Any) -> str:
    """Short human form of a typed value: choices by their labels, sizes and durations in
    their units (``1.2 GB``, ``250 ms``)."""
    t = ch.type
    if t == "enum":
        return ch.choice_label(v)
    if t == "bytes":
        return format_bytes(v)
    if t == "duration_ms":
        return format_duration_ms(v)
    if t == "bool":
        return "yes" if v else "no"
    if t == "multi":
        return ", ".join(ch.choice_label(c) for c in v) if v else "none"
    if t == "matrix":
        return matrix.summary(v)
    if t in ("int", "float"):
        s = format_number(v)
        return f"{s} {ch.unit}" if ch.unit else s
    return str(v)


def _describe(ch: Characteristic) -> str:
    return {
        "int": "a whole number",
        "float": "a number",
        "bytes": "a size in bytes (or text like 1.2 GB)",
        "duration_ms": "a duration in milliseconds (or text like 250 ms)",
    }.get(ch.type, ch.type)


def _choices(ch: Characteristic) -> str:
    return ", ".join(ch.choice_ids)


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
