"""The JSON Schema of a workload file, generated from a rubric (``mlprofile schema``).

Editors that read TOML through a JSON Schema (taplo / Even Better TOML, tombi) complete keys and
choices and flag typos while a person types; pre-commit can check files before mlprofile runs.
Everything here is derived from the rubric (keys, types, choices, ranges, matrix columns) and
from the loader's own vocabulary (answer fields, states, provenances, the units text sizes and
durations may be written in), so the schema cannot drift from what ``mlprofile validate`` reads.

Only keywords draft 4 and draft 7 share are used (no ``const``, ``if``, ``propertyNames``,
numeric ``exclusiveMinimum``): taplo implements draft 4, jsonschema checks draft 7. The schema
is never looser than the loader; it is stricter in two places on purpose: choices are their ids
(the loader also accepts labels), and a non-value answer's ``provenance``/``at`` are typed.
What it cannot express (two matrix rows with the same identity, a target's ``based_on`` naming
a profile that exists, cycles) stays with ``mlprofile validate``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .answers import Provenance, State
from .matrix import _ACCOUNT_ID, _INSTANCE, _REGION, REQUIRED_COLUMNS
from .model import FORMAT_VERSION, PROFILE_NAME, SNAPSHOT, TARGET
from .rubric import Characteristic, Rubric
from .units import _BYTE_UNITS, _DURATION_UNITS, _NUMBER, INT64_MAX, INT64_MIN

DRAFT = "http://json-schema.org/draft-07/schema#"
DIRECTIVE = "#:schema"
"""taplo's header directive: ``#:schema ./path.json`` on the first line of a TOML file."""


def schema_file_name(rubric: Rubric) -> str:
    """The file name ``mlprofile new`` gives the schema beside a workload:
    ``<rubric id>-<version>.schema.json`` (workloads of one rubric version share it)."""
    return f"{rubric.id}-{rubric.version}.schema.json"


def workload_schema(rubric: Rubric) -> dict[str, Any]:
    """The JSON Schema (a JSON-ready dict) of a workload file scored by ``rubric``.

    Covers ``format``, ``[rubric]``, ``[workload]`` (extra keys allowed: they are the user's),
    and ``[profiles.NAME]`` with every characteristic key of ``rubric`` under ``values``: its
    value type, choices, range and units, and the unknown / not-applicable / provenance /
    rationale fields of an answer. TOML date-times are strings in the schema's eyes (as taplo
    sees them; ``toml_as_json`` does the same for Python validators).
    """
    values = {ch.key: _answer(ch) for ch in rubric.characteristics}
    profile = {
        "type": "object",
        "description": "A snapshot (a dated state; `current` is the live one) or a target "
        "(an alternative, based_on another profile, storing only the values it changes).",
        "properties": {
            "kind": {"type": "string", "enum": [SNAPSHOT.value, TARGET.value]},
            "based_on": {"type": "string", "pattern": PROFILE_NAME.pattern},
            "taken": {"type": "string", "description": "a TOML date-time"},
            "rationale": {"type": "string", "description": "why this target is worth aiming for"},
            "description": {"type": "string"},
            "values": {
                "type": "object",
                "description": 'one answer a characteristic, keyed "group.characteristic"',
                "properties": values,
                "additionalProperties": False,
            },
        },
        # A target names its base; a snapshot has none (kind defaults to snapshot).
        "anyOf": [
            {
                "properties": {"kind": {"enum": [SNAPSHOT.value]}},
                "not": {"required": ["based_on"]},
            },
            {"properties": {"kind": {"enum": [TARGET.value]}}, "required": ["kind", "based_on"]},
        ],
    }
    return {
        "$schema": DRAFT,
        "title": f"mlprofile workload ({rubric.id} {rubric.version})",
        "description": f"An ML workload profile file (*.mlprofile.toml) scored by {rubric.title}.",
        "type": "object",
        "required": ["format", "workload", "profiles"],
        "properties": {
            "format": {"type": "integer", "enum": [FORMAT_VERSION]},
            "rubric": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "enum": [rubric.id]},
                    "version": {"type": "string", "enum": [rubric.version]},
                    "sha256": {"type": "string"},
                    "path": {"type": "string", "description": "a team rubric, relative to here"},
                },
            },
            "workload": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "pattern": r"\S"},
                    "owner": {"type": "string"},
                    "notes": {"type": "string"},
                    "new_instance_types": {
                        "type": "array",
                        "description": "instance types newer than mlprofile's list",
                        "items": {"type": "string", "pattern": _anchored(_INSTANCE.pattern)},
                    },
                },
            },
            "profiles": {
                "type": "object",
                "minProperties": 1,
                "patternProperties": {PROFILE_NAME.pattern: profile},
                "additionalProperties": False,
            },
        },
    }


def schema_text(rubric: Rubric) -> str:
    """``workload_schema`` as the text ``mlprofile schema`` writes (indented JSON, LF, a
    final newline): stable, so a committed schema file diffs cleanly."""
    return json.dumps(workload_schema(rubric), indent=2, ensure_ascii=False) + "\n"


def toml_as_json(value: Any) -> Any:
    """A tomllib reading with its dates and times as ISO strings, the way schema tools see
    them (JSON has no date type)."""
    if isinstance(value, dict):
        return {k: toml_as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [toml_as_json(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- answers


def _answer(ch: Characteristic) -> dict[str, Any]:
    """An answer: ``{ value = ... }`` with provenance, or a state without a value."""
    text = {"type": "string"}
    common = {
        "source": {"type": "string", "description": "evidence: an ARN, a metric, a document"},
        "at": {"type": "string", "description": "when it was imported or measured"},
        "rationale": {"type": "string", "description": "in a target: why it differs"},
        "provenance": {"type": "string", "enum": [p.value for p in Provenance]},
    }
    value_answer = {
        "properties": {
            "value": value_schema(ch),
            "state": {"enum": [State.VALUE.value]},
            "reason": text,
            **common,
        },
        "required": ["value"],
        "additionalProperties": False,
    }
    open_states = [State.UNKNOWN.value, State.UNANSWERED.value]
    no_value = {
        "properties": {"state": {"enum": open_states}, "reason": text, **common},
        "required": ["state"],
        "additionalProperties": False,
    }
    shapes = [value_answer, no_value]
    if ch.na_allowed:
        shapes.append(
            {
                "properties": {
                    "state": {"enum": [State.NOT_APPLICABLE.value]},
                    "reason": {"type": "string", "pattern": r"\S"},
                    **common,
                },
                "required": ["state", "reason"],
                "additionalProperties": False,
            }
        )
    description = ch.question + (f" ({ch.unit})" if ch.unit else "")
    return {"type": "object", "title": ch.question, "description": description, "anyOf": shapes}


def value_schema(ch: Characteristic) -> dict[str, Any]:
    """The schema of ``ch``'s ``value``, by its type (``VALUE_SCHEMAS``)."""
    schema = VALUE_SCHEMAS[ch.type](ch)
    if ch.help:
        schema["description"] = ch.help.strip()
    return schema


def _choices(ch: Characteristic) -> dict[str, Any]:
    # x-taplo: an editor shows each choice's label beside its id while completing
    return {
        "type": "string",
        "enum": list(ch.choice_ids),
        "x-taplo": {"docs": {"enumValues": [c.label for c in ch.choices]}},
    }


def _multi(ch: Characteristic) -> dict[str, Any]:
    return {"type": "array", "items": _choices(ch)}


def _range(ch: Characteristic, whole: bool) -> dict[str, Any]:
    lo = ch.minimum if ch.minimum is not None else (INT64_MIN if whole else None)
    hi = ch.maximum if ch.maximum is not None else (INT64_MAX if whole else None)
    out: dict[str, Any] = {}
    if lo is not None:
        out["minimum"] = lo
    if hi is not None:
        out["maximum"] = min(hi, INT64_MAX) if whole else hi
    if ch.multiple_of is not None:
        out["multipleOf"] = ch.multiple_of
    return out


def _int(ch: Characteristic) -> dict[str, Any]:
    return {"type": "integer", **_range(ch, whole=True)}


def _float(ch: Characteristic) -> dict[str, Any]:
    return {"type": "number", **_range(ch, whole=False)}


def _with_units(ch: Characteristic, number: dict, units: Iterable[str], unit: str) -> dict:
    """A number in ``unit`` as the file stores it, or text with one of ``units`` (read on
    load: ``"1.2 GB"``, ``"250 ms"``)."""
    words = "|".join(_any_case(u) for u in sorted(units, key=len, reverse=True) if u)
    # Text is checked for its shape (and sign), not its range: mlprofile validate does that.
    signed = ch.minimum is None or ch.minimum < 0
    number_text = _NUMBER if signed else _NUMBER.replace("[-+]?", r"\+?", 1)
    text = {
        "type": "string",
        "pattern": rf"^\s*{number_text}\s*(?:{words})?\s*$",
        "description": f"text with a unit, read on load as {unit}",
    }
    return {"anyOf": [{**number, "description": f"in {unit}"}, text]}


def _bytes(ch: Characteristic) -> dict[str, Any]:
    return _with_units(ch, {"type": "integer", **_range(ch, whole=True)}, _BYTE_UNITS, "bytes")


def _duration(ch: Characteristic) -> dict[str, Any]:
    return _with_units(ch, {"type": "number", **_range(ch, whole=False)}, _DURATION_UNITS, "ms")


def _matrix(ch: Characteristic) -> dict[str, Any]:
    spec = ch.matrix
    text = {"type": "string"}
    columns: dict[str, Any] = {
        "environment": {**text, "enum": list(spec.environments)} if spec else text,
        "region": {**text, "pattern": _anchored(_REGION.pattern)},
        "workload": {**text, "enum": list(spec.workloads)} if spec else text,
        "instance_type": {**text, "pattern": _anchored(_INSTANCE.pattern)},
        "count": {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
    }
    if spec is None or spec.accounts:
        columns["account"] = {**text, "pattern": f"^(?:{_ACCOUNT_ID.pattern})?$"}
    row = {
        "type": "object",
        "properties": columns,
        "required": list(REQUIRED_COLUMNS),
        "additionalProperties": False,
    }
    return {
        "type": "array",
        "items": row,
        "description": "one row per environment, Region, workload and instance type; "
        "no two rows may share all but the count (mlprofile validate checks that)",
    }


VALUE_SCHEMAS: dict[str, Callable[[Characteristic], dict[str, Any]]] = {
    "enum": _choices,
    "multi": _multi,
    "int": _int,
    "float": _float,
    "bytes": _bytes,
    "duration_ms": _duration,
    "bool": lambda ch: {"type": "boolean"},
    "text": lambda ch: {"type": "string"},
    "matrix": _matrix,
}
"""One schema builder per value type of the rubric (``rubric.TYPES``); a test checks that
every type has one."""


def _anchored(pattern: str) -> str:
    return f"^(?:{pattern})$"


def _any_case(word: str) -> str:
    """``kb`` as ``[kK][bB]``: ECMA-262 regular expressions (JSON Schema's) have no (?i)."""
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else re.escape(c) for c in word
    )


def write_directive(text: str, schema_ref: str) -> str:
    """``text`` with ``#:schema schema_ref`` as its first line and a blank line after it
    (taplo reads the directive only at the top; tombi wants the blank line). The directive is
    a TOML comment: it changes nothing a TOML reader sees."""
    return f"{DIRECTIVE} {schema_ref}\n\n{text}"


def schema_path_for(workload: Path, rubric: Rubric) -> Path:
    """Where ``mlprofile new`` puts the schema a workload's directive names: beside it."""
    return workload.parent / schema_file_name(rubric)
