"""Quantities people type (``1.2 GB``, ``250 ms``) and how they are shown back.

Every number parsed here is finite, and every whole number fits TOML's signed 64-bit integer
range, so what a person types can always be written back to the workload file and read again.
``_`` is accepted between digits (TOML's own separator, ``1_200``); ``,`` is refused, because
it is a decimal point in some locales, a thousands separator in others and a list elsewhere.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import TypeVar

from .errors import ValueProblem

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
"""TOML integers are signed 64-bit (TOML 1.0, "Integer"); nothing outside is ever written."""

# Decimal units follow S3 and the SageMaker console; binary ones are accepted as typed.
T = TypeVar("T", int, float)

_BYTE_UNITS: dict[str, int] = {
    "": 1,
    "b": 1,
    "byte": 1,
    "bytes": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "k": 10**3,
    "m": 10**6,
    "g": 10**9,
    "t": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}
_DURATION_UNITS: dict[str, float] = {
    "": 1.0,
    "ms": 1.0,
    "msec": 1.0,
    "millisecond": 1.0,
    "milliseconds": 1.0,
    "us": 0.001,
    "µs": 0.001,
    "microsecond": 0.001,
    "microseconds": 0.001,
    "s": 1000.0,
    "sec": 1000.0,
    "second": 1000.0,
    "seconds": 1000.0,
    "min": 60_000.0,
    "minute": 60_000.0,
    "minutes": 60_000.0,
    "h": 3_600_000.0,
    "hour": 3_600_000.0,
    "hours": 3_600_000.0,
}
# ASCII digits only: "١٢" or "１２" are not numbers a reviewer would recognise in the file.
# TOML's rule, an underscore only between two digits, is Python's own (PEP 515): int(),
# float() and Decimal() read what these patterns let through, underscores and all.
_DIGITS = r"[0-9]+(?:_[0-9]+)*"
_NUMBER = rf"[-+]?(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][-+]?{_DIGITS})?"
_QUANTITY = re.compile(rf"^\s*({_NUMBER})\s*([a-zµ]*)\s*$", re.I)
_PLAIN_NUMBER = re.compile(rf"^\s*({_NUMBER})\s*$")
_WHOLE = re.compile(rf"^\s*([-+]?{_DIGITS})\s*$")
_NOT_FINITE = re.compile(r"^\s*[-+]?(?:nan|inf|infinity)\s*$", re.I)
_COMMA_NUMBER = re.compile(r"^\s*[-+]?[\d.]*\d,\d[\d,._]*(?:[eE][-+]?\d+)?\s*[a-zµ]*\s*$", re.I)
# Exponents beyond this are refused before any arithmetic (no Decimal overflow, no 10**9999).
_MAX_EXPONENT = 400

# What each kind of quantity looks like, in every "expected ..., got ..." message; the value
# registry (core.values) starts its hints with the same words, so all front ends agree.
WHOLE_NUMBER = "a whole number"
NUMBER = "a number"
SIZE = "a size such as 1.2 GB or 500 MiB"
DURATION = "a duration such as 250 ms or 1.5 s"

RANGE_MESSAGE = f"beyond TOML's 64-bit integer range (max {INT64_MAX})"
COMMA_MESSAGE = (
    "',' is not accepted in a number (a thousands separator in some locales, a decimal point "
    "in others); write 1200 or 1_200, and 1.5 for a fraction"
)


def _refuse_commas(text: str) -> None:
    if _COMMA_NUMBER.match(text):
        raise ValueProblem(f"{text.strip()!r}: {COMMA_MESSAGE}")


def check_int64(value: int, text: object | None = None) -> int:
    """``value`` if it fits a TOML integer; otherwise a ValueProblem saying why."""
    if not INT64_MIN <= value <= INT64_MAX:
        shown = text if text is not None else _short(value)
        raise ValueProblem(f"{shown} is {RANGE_MESSAGE}")
    return value


def check_finite(value: float, text: object | None = None) -> float:
    """``value`` if it is a finite float; otherwise a ValueProblem saying why."""
    if math.isnan(value) or math.isinf(value):
        shown = text if text is not None else value
        raise ValueProblem(f"{shown} is not a finite number")
    return value


def checked_number(value: int | float, text: object | None = None) -> int | float:
    """A number read from a file or an importer: finite, and whole numbers inside int64."""
    if isinstance(value, int):
        return check_int64(value, text)
    return check_finite(value, text)


def whole_from_float(value: float, text: object | None = None) -> int:
    """A float that must be a whole number (``3.0`` → 3), never ``int(inf)`` or a 40-digit int."""
    check_finite(value, text)
    if value != math.floor(value):
        raise ValueProblem(f"expected {WHOLE_NUMBER}, got {text if text is not None else value!r}")
    if not -(2.0**63) <= value < 2.0**63:
        raise ValueProblem(f"{text if text is not None else value!r} is {RANGE_MESSAGE}")
    return int(value)


def _short(value: int) -> str:
    s = str(value) if abs(value) < 10**60 else f"a {len(str(abs(value)))}-digit number"
    return s


def parse_int(text: str) -> int:
    """A whole number as typed: ``1200``, ``1_200``, ``-3``; never ``1,200`` or ``2.5``."""
    _refuse_commas(text)
    if _NOT_FINITE.match(text):
        raise ValueProblem(f"{text.strip()!r} is not a finite number")
    m = _WHOLE.match(text)
    if not m:
        raise ValueProblem(f"expected {WHOLE_NUMBER}, got {text.strip()!r}")
    if len(m.group(1)) > 40:  # int() of a huge string is slow; it is out of range anyway
        raise ValueProblem(f"{text.strip()[:24]}... is {RANGE_MESSAGE}")
    return check_int64(int(m.group(1)), text.strip())


def parse_float(text: str) -> float:
    """A number as typed: ``2.5``, ``1e3``, ``1_200.5``; finite; never ``nan``, ``inf``, ``1,5``."""
    _refuse_commas(text)
    if _NOT_FINITE.match(text):
        raise ValueProblem(f"{text.strip()!r} is not a finite number")
    m = _PLAIN_NUMBER.match(text)
    if not m:
        raise ValueProblem(f"expected {NUMBER}, got {text.strip()!r}")
    if _WHOLE.match(text):  # an integer literal is checked as one: 2**63 would lose its last digits
        if len(m.group(1)) > 40:
            raise ValueProblem(f"{text.strip()[:24]}... is {RANGE_MESSAGE}")
        check_int64(int(m.group(1)), text.strip())
    value = float(m.group(1))
    return check_finite(value, text.strip())


def _split(text: str, units: dict[str, T], what: str) -> tuple[Decimal, T]:
    _refuse_commas(text)
    if _NOT_FINITE.match(text):
        raise ValueProblem(f"{text.strip()!r} is not a finite number")
    m = _QUANTITY.match(text)
    if not m:
        raise ValueProblem(f"expected {what}, got {text!r}")
    unit = m.group(2).lower()
    if unit not in units:
        known = ", ".join(sorted({u for u in units if u}, key=lambda u: (units[u], u)))
        raise ValueProblem(f"unknown unit {m.group(2)!r} in {text!r}; use one of: {known}")
    try:
        number = Decimal(m.group(1))
    except InvalidOperation:  # an exponent with more digits than any machine holds
        raise ValueProblem(f"{text.strip()!r} is {RANGE_MESSAGE}") from None
    if number and number.adjusted() > _MAX_EXPONENT:  # sizes and durations are stored as int64
        raise ValueProblem(f"{text.strip()!r} is {RANGE_MESSAGE}")
    return number, units[unit]


# An approximate number says so before it (``~400``, ``about 1.2 GB``) or after it (``400ish``).
# Words need a word boundary: ``aboutface`` is not ``about face``; ``ca.`` and ``approx.`` carry
# their dot (``ca`` alone is too short to mean anything).
_APPROX_BEFORE = re.compile(
    r"^\s*(~|≈|about\b|around\b|approximately\b|approx\.|approx\b|roughly\b|circa\b|ca\.)\s*(.*?)\s*$",
    re.I | re.S,
)
# After a number (and its unit): ``400ish``, ``400-ish``, ``1.2 GB ish``. What comes before must
# start like a number, so a word that happens to end in "ish" is never read as one.
_APPROX_AFTER = re.compile(r"^\s*([-+]?[0-9.].*?)\s*(?:-\s*)?ish\s*$", re.I | re.S)
APPROXIMATE_EXAMPLE = "~400, about 1.2 GB or 400ish"


def split_approximate(text: str) -> tuple[str, bool]:
    """``text`` without its approximate marker, and whether it had one.

    ``"~400"``, ``"≈ 400"``, ``"about 2 s"``, ``"around 400"``, ``"approx. 400"``,
    ``"approximately 400"``, ``"roughly 400"``, ``"circa 400"``, ``"ca. 400"``, ``"400ish"``
    and ``"400-ish"`` (any case, any surrounding space) give ``("400", True)`` and so on; text
    without a marker comes back stripped with ``False``. The rest is not checked here: the
    caller parses it as its type. Raises ValueProblem for a marker with nothing after it
    (``"~"``, ``"about"``) and for two markers (``"~~400"``, ``"about 400ish"``, ``"400ishish"``).
    """
    before = _APPROX_BEFORE.match(text)
    if before is not None:
        marker, rest = before.group(1), before.group(2)
        if not rest:
            raise ValueProblem(
                f"{text.strip()!r} has no number after {marker!r}; an approximate value is "
                f"written like {APPROXIMATE_EXAMPLE}"
            )
    else:
        after = _APPROX_AFTER.match(text)
        if after is None:
            return text.strip(), False
        rest = after.group(1)
    if _APPROX_BEFORE.match(rest) or _APPROX_AFTER.match(rest):
        raise ValueProblem(
            f"{text.strip()!r} says approximate twice; one marker is enough, e.g. "
            f"{APPROXIMATE_EXAMPLE}"
        )
    return rest, True


def parse_bytes(text: str) -> int:
    """``"1.2 GB"`` → 1_200_000_000; a bare number is bytes. Exact (no float rounding).

    A fraction of a byte is refused where it is more than rounding a unit's decimals would
    give (``1.5`` bytes, ``0.0000001B``): the answer would silently not be what was typed.
    """
    number, factor = _split(text, _BYTE_UNITS, SIZE)
    product = number * Decimal(factor)
    exact = product.to_integral_value(rounding=ROUND_HALF_EVEN)
    if product != exact and (factor == 1 or exact == 0):
        raise ValueProblem(f"{text.strip()!r} is not a whole number of bytes")
    if not INT64_MIN <= exact <= INT64_MAX:
        raise ValueProblem(f"{text.strip()!r} is {RANGE_MESSAGE}")
    return int(exact)


def parse_duration_ms(text: str) -> int | float:
    """``"250ms"`` → 250, ``"1.5 s"`` → 1500, ``"0.25 ms"`` → 0.25; a bare number is ms.

    Exact: a whole number of milliseconds comes back as an int (computed in decimal, so
    ``9007199254740993 ms`` keeps its last digit), a fraction as the nearest float. Whole
    milliseconds stay inside the 64-bit integer range, as they are stored.
    """
    number, factor = _split(text, _DURATION_UNITS, DURATION)
    product = number * Decimal(str(factor))
    if not INT64_MIN <= product <= INT64_MAX:
        raise ValueProblem(f"{text.strip()!r} is {RANGE_MESSAGE}")
    if product == product.to_integral_value():
        return int(product)
    return float(product)


def format_bytes(n: int | float) -> str:
    n = float(n)
    for unit, factor in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if abs(n) >= factor:
            return f"{n / factor:.3g} {unit}"
    return f"{int(n)} B"


def format_duration_ms(ms: int | float) -> str:
    ms = float(ms)
    if abs(ms) >= 60_000:
        return f"{ms / 60_000:.3g} min"
    if abs(ms) >= 1000:
        return f"{ms / 1000:.3g} s"
    if ms == int(ms):
        return f"{int(ms)} ms"
    return f"{ms:.3g} ms"


def format_number(x: int | float) -> str:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    if isinstance(x, float) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}" if isinstance(x, float) else str(x)


def exact_number(x: int | float) -> str:
    """``x`` as text that ``parse_int`` / ``parse_float`` read back to the very same number.

    ``format_number`` rounds to six significant digits, which is right for showing a value and
    wrong for text a person edits and submits again (``2350.123456`` would become ``2350.12``).
    Whole floats below 1e15 are written without a fraction (``3``), others as Python's
    shortest round-trip form (``2350.123456``, ``1.5e+17``).
    """
    if isinstance(x, float) and math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return str(x)  # a float's str is its repr: the shortest text that reads back to it
