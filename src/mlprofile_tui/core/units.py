"""Quantities people type (``1.2 GB``, ``250 ms``) and how they are shown back."""

from __future__ import annotations

import math
import re

from .errors import ValueProblem

# Decimal units follow S3 and the SageMaker console; binary ones are accepted as typed.
_BYTE_UNITS = {
    "": 1, "b": 1, "byte": 1, "bytes": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}
_DURATION_UNITS = {
    "": 1.0, "ms": 1.0, "msec": 1.0, "millisecond": 1.0, "milliseconds": 1.0,
    "us": 0.001, "µs": 0.001, "microsecond": 0.001, "microseconds": 0.001,
    "s": 1000.0, "sec": 1000.0, "second": 1000.0, "seconds": 1000.0,
    "min": 60_000.0, "minute": 60_000.0, "minutes": 60_000.0,
    "h": 3_600_000.0, "hour": 3_600_000.0, "hours": 3_600_000.0,
}
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+(?:[_,]\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zµ]*)\s*$", re.I)


def _split(text: str, units: dict, what: str) -> tuple[float, float]:
    m = _QUANTITY.match(text)
    if not m:
        raise ValueProblem(f"expected {what}, got {text!r}")
    number = float(m.group(1).replace("_", "").replace(",", ""))
    unit = m.group(2).lower()
    if unit not in units:
        known = ", ".join(sorted({u for u in units if u}, key=lambda u: (units[u], u)))
        raise ValueProblem(f"unknown unit {m.group(2)!r} in {text!r}; use one of: {known}")
    return number, units[unit]


def parse_bytes(text: str) -> int:
    """``"1.2 GB"`` → 1_200_000_000; a bare number is bytes."""
    number, factor = _split(text, _BYTE_UNITS, "a size such as 1.2 GB or 500 MiB")
    return int(round(number * factor))


def parse_duration_ms(text: str) -> float:
    """``"250ms"`` → 250.0, ``"1.5 s"`` → 1500.0; a bare number is milliseconds."""
    number, factor = _split(text, _DURATION_UNITS, "a duration such as 250 ms or 1.5 s")
    return number * factor


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
