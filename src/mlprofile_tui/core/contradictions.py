"""Contradictions across answers: what ``mlprofile validate`` reports when a profile's answers
cannot all be true (a serverless endpoint in a VPC, stage times longer than their total).

A rubric declares them in ``[[contradictions]]`` (built into ``rubric.Contradiction``): as data
where a condition over answers can say it, and as a named check from ``CHECKS`` where it cannot
(sums, one answer against another, the provisioning matrix's rows). A team's own rubric uses the
same checks by name; ``rubric`` verifies each entry (unknown check, unknown or missing parameter,
a key of the wrong type) with every other problem of the file.

What counts: the answers in force (``in_force``), that is the answers of the questions skip
logic asks, decided as the front ends and scoring decide it (an answer left behind by a question
no longer asked is not a claim the profile makes), and a condition only when it is definitely
true (``Condition.test``): an unanswered or unknown answer never makes a contradiction.
Automatic not-applicable rules do not set answers aside here: a serverless profile that answers
``network.vpc = true`` is exactly what a contradiction is for.

Contradictions are findings of ``validate``, never load errors: a file that says two things
that cannot both be true still opens, scores and edits, so its owner can fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .answers import Answer, State
from .instance_types import has_instance_storage
from .loading import Locator
from .matrix import row_text
from .model import Finding, Severity, Workload
from .rubric import NUMERIC_TYPES, Characteristic, Contradiction, Rubric
from .scoring import asked, in_scope, not_applicable_reason
from .values import display_value

SEVERITIES = (Severity.ERROR, Severity.WARNING)
"""What a contradiction may be: an error (the answers cannot all be true; ``validate`` exits 1)
or a warning (very likely wrong; exit 1 only with ``--strict``)."""


# --------------------------------------------------------------------------- the named checks


@dataclass(frozen=True)
class Param:
    """One parameter of a named check, as the rubric gives it in ``params = { ... }``.

    ``kind``: ``key`` (one characteristic, ``"group.id"``), ``keys`` (a non-empty list of them),
    ``text``, ``texts`` (a non-empty list of strings), ``number`` (finite, above 0) or ``table``
    (strings to strings). ``types`` limits the characteristic types a key may have.
    """

    name: str
    kind: str
    help: str
    types: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Hit:
    """One contradiction a check found: the characteristic ``keys`` it is about (the first is
    where a finding points) and ``facts``, their values in words (``a = 4 s > b = 3 s``)."""

    keys: tuple[str, ...]
    facts: str


Values = Mapping[str, Answer]
Run = Callable[[Mapping[str, Any], Values, Rubric], list[Hit]]
Verify = Callable[[Mapping[str, Any], Mapping[str, Characteristic]], list[tuple[str, str]]]


def _nothing_more(params: Mapping[str, Any], by_key: Mapping[str, Characteristic]) -> list:
    return []


@dataclass(frozen=True)
class Check:
    """A contradiction a condition cannot express, by name.

    ``run(params, answers, rubric)`` returns a ``Hit`` for each contradiction found (several for
    a matrix with several wrong rows, none when the answers agree or are missing). ``verify``
    checks what ``params`` must say together (keys of one unit, choices that exist) and returns
    (parameter, problem) pairs; each parameter alone is checked against ``params`` first.
    """

    name: str
    help: str
    params: tuple[Param, ...]
    run: Run
    verify: Verify = field(default=_nothing_more)


def _value(answers: Values, key: str) -> Any:
    """The value of ``key``, or None unless it is answered with a value."""
    a = answers.get(key)
    return a.value if a is not None and a.is_value else None


def _number(answers: Values, key: str) -> float | int | None:
    v = _value(answers, key)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def stated(rubric: Rubric, key: str, value: Any) -> str:
    """``key = value`` as a message shows it (``traffic.input_size = 8 MB``)."""
    return f"{key} = {display_value(rubric.by_key[key], value)}"


def _same_unit(keys: list[str], by_key: Mapping[str, Characteristic]) -> str | None:
    """Why numbers of ``keys`` cannot be compared (different types or units), or None."""
    kinds = {(by_key[k].type, by_key[k].unit) for k in keys if k in by_key}
    if len(kinds) > 1:
        shown = ", ".join(f"{k} ({by_key[k].type}, {by_key[k].unit or 'no unit'})" for k in keys)
        return f"compares numbers of different types or units: {shown}"
    return None


# parts_exceed_total ------------------------------------------------------------------------


def _parts_exceed_total(params: Mapping[str, Any], answers: Values, rubric: Rubric) -> list[Hit]:
    total_key = params["total"]
    total = _number(answers, total_key)
    present = [(k, v) for k in params["parts"] if (v := _number(answers, k)) is not None]
    if total is None or not present:
        return []
    added = sum(v for _, v in present)
    if added <= total:
        return []
    ch = rubric.by_key[total_key]
    parts = " + ".join(stated(rubric, k, v) for k, v in present)
    if len(present) > 1:
        parts += f" ({display_value(ch, added)} in all)"
    facts = f"{parts} > {stated(rubric, total_key, total)}"
    return [Hit((*(k for k, _ in present), total_key), facts)]


def _verify_parts(params: Mapping[str, Any], by_key: Mapping[str, Characteristic]) -> list:
    keys = [*params["parts"], params["total"]]
    problems = []
    if params["total"] in params["parts"]:
        problems.append(("parts", f"names the total {params['total']} among its parts"))
    why = _same_unit(keys, by_key)
    if why:
        problems.append(("parts", why))
    return problems


# exceeds -------------------------------------------------------------------------------------


def _exceeds(params: Mapping[str, Any], answers: Values, rubric: Rubric) -> list[Hit]:
    value_key, limit_key = params["value"], params["limit"]
    value, limit = _number(answers, value_key), _number(answers, limit_key)
    if value is None or limit is None:
        return []
    scale = params.get("scale", 1)
    if value <= limit * scale:
        return []
    facts = f"{stated(rubric, value_key, value)} > {stated(rubric, limit_key, limit)}"
    if scale != 1:
        facts += f" ({display_value(rubric.by_key[value_key], limit * scale)})"
    return [Hit((value_key, limit_key), facts)]


def _verify_exceeds(params: Mapping[str, Any], by_key: Mapping[str, Characteristic]) -> list:
    if params["value"] == params["limit"]:
        return [("limit", "is the value itself")]
    if "scale" in params:  # the scale converts the limit's unit into the value's
        return []
    why = _same_unit([params["value"], params["limit"]], by_key)
    return [("limit", why + "; give 'scale' to convert the limit")] if why else []


# the provisioning matrix ---------------------------------------------------------------------


def _instance(text: str) -> str:
    """An instance type compared across answers: ``ML.G5.xlarge `` and ``g5.xlarge`` are one."""
    return text.strip().lower().removeprefix("ml.")


def _serving_rows(params: Mapping[str, Any], answers: Values) -> tuple[str, str, str, list] | None:
    """(instance type, location, matrix workload, that environment's rows) when the answers
    name all of them, else None."""
    location = _value(answers, params["by"])
    workload = params["workloads"].get(location) if isinstance(location, str) else None
    instance = _value(answers, params["instance"])
    rows = _value(answers, params["matrix"])
    if workload is None or not isinstance(instance, str) or not instance.strip() or not rows:
        return None
    environment = params.get("environment", "production")
    return instance, location, workload, [r for r in rows if r["environment"] == environment]


def _matrix_rows_differ(params: Mapping[str, Any], answers: Values, rubric: Rubric) -> list[Hit]:
    found = _serving_rows(params, answers)
    if found is None:
        return []
    instance, _location, workload, rows = found
    return [
        Hit(
            (params["matrix"], params["instance"]),
            f"{params['matrix']} row {row_text(r)} serves {workload} on another instance type than "
            f"{stated(rubric, params['instance'], instance)}",
        )
        for r in rows
        if r["workload"] == workload and _instance(r["instance_type"]) != _instance(instance)
    ]


def _instance_not_in_matrix(
    params: Mapping[str, Any], answers: Values, rubric: Rubric
) -> list[Hit]:
    found = _serving_rows(params, answers)
    if found is None:
        return []
    instance, location, _workload, rows = found
    # No row at all for the environment is a matrix not filled in yet, not a contradiction.
    if not rows or any(_instance(r["instance_type"]) == _instance(instance) for r in rows):
        return []
    environment = params.get("environment", "production")
    return [
        Hit(
            (params["instance"], params["matrix"]),
            f"{stated(rubric, params['instance'], instance)} "
            f"({stated(rubric, params['by'], location)}) is in none of the {len(rows)} "
            f"{environment} rows of {params['matrix']}",
        )
    ]


def _verify_matrix(params: Mapping[str, Any], by_key: Mapping[str, Characteristic]) -> list:
    problems: list[tuple[str, str]] = []
    by = by_key.get(params["by"])
    matrix = by_key.get(params["matrix"])
    spec = matrix.matrix if matrix is not None else None
    for choice, workload in params["workloads"].items():
        if by is not None and choice not in by.choice_ids:
            problems.append(
                (
                    "workloads",
                    f"{params['by']} has no choice {choice!r}; valid: {', '.join(by.choice_ids)}",
                )
            )
        if spec is not None and workload not in spec.workloads:
            problems.append(
                (
                    "workloads",
                    f"{params['matrix']} has no workload {workload!r}; valid: "
                    f"{', '.join(spec.workloads)}",
                )
            )
    problems += _verify_environment(params, spec)
    return problems


def _verify_environment(params: Mapping[str, Any], spec: Any) -> list[tuple[str, str]]:
    environment = params.get("environment", "production")
    if spec is not None and environment not in spec.environments:
        return [
            (
                "environment",
                f"{params['matrix']} has no environment {environment!r}; valid: "
                f"{', '.join(spec.environments)}",
            )
        ]
    return []


def _regions_without_reason(
    params: Mapping[str, Any], answers: Values, rubric: Rubric
) -> list[Hit]:
    rows = _value(answers, params["matrix"])
    environment = params.get("environment", "production")
    regions = sorted({r["region"] for r in rows or () if r["environment"] == environment})
    if len(regions) < 2:
        return []
    reason_key = params["reason"]
    answer = answers.get(reason_key)
    if answer is None or answer.state is State.UNANSWERED:
        why = f"{reason_key} is unanswered"
    elif answer.is_value and answer.value in params["single"]:
        why = stated(rubric, reason_key, answer.value)
    else:
        return []
    where = f"{params['matrix']} has {environment} rows in {len(regions)} Regions"
    return [Hit((reason_key, params["matrix"]), f"{where} ({', '.join(regions)}), {why}")]


def _verify_regions(params: Mapping[str, Any], by_key: Mapping[str, Characteristic]) -> list:
    problems: list[tuple[str, str]] = []
    reason = by_key.get(params["reason"])
    if reason is not None:
        bad = [c for c in params["single"] if c not in reason.choice_ids]
        if bad:
            problems.append(
                (
                    "single",
                    f"{params['reason']} has no choice {', '.join(map(repr, bad))}; "
                    f"valid: {', '.join(reason.choice_ids)}",
                )
            )
    matrix = by_key.get(params["matrix"])
    problems += _verify_environment(params, matrix.matrix if matrix is not None else None)
    return problems


# instance families ---------------------------------------------------------------------------


def instance_family(instance_type: str) -> str:
    """The family of an instance type: ``g5`` for ``ml.g5.2xlarge`` and for ``g5.2xlarge``."""
    return _instance(instance_type).split(".", 1)[0]


def _instance_family_in(params: Mapping[str, Any], answers: Values, rubric: Rubric) -> list[Hit]:
    key = params["instance"]
    instance = _value(answers, key)
    if not isinstance(instance, str) or instance_family(instance) not in params["families"]:
        return []
    family = instance_family(instance)
    return [Hit((key,), f"{stated(rubric, key, instance)} (family {family})")]


def _local_storage(params: Mapping[str, Any], answers: Values, rubric: Rubric) -> list[Hit]:
    key = params["instance"]
    instance = _value(answers, key)
    if not isinstance(instance, str) or not has_instance_storage(instance):
        return []
    facts = f"{stated(rubric, key, instance)} (local NVMe instance storage)"
    return [Hit((key,), facts)]


def _verify_families(params: Mapping[str, Any], by_key: Mapping[str, Characteristic]) -> list:
    bad = [f for f in params["families"] if f != f.strip().lower() or not f or "." in f]
    if bad:
        return [("families", f"families are lowercase names such as g5; got {bad!r}")]
    return []


_MATRIX_PARAMS = (
    Param("matrix", "key", "the provisioning matrix", types=("matrix",)),
    Param("instance", "key", "the deployment's instance type", types=("text",)),
    Param("by", "key", "the deployment location", types=("enum",)),
    Param(
        "workloads",
        "table",
        "location choice = matrix workload its instances serve (unlisted "
        "locations are not checked)",
    ),
    Param("environment", "text", "the matrix environment to look at (production)", required=False),
)

CHECKS: dict[str, Check] = {
    c.name: c
    for c in (
        Check(
            "parts_exceed_total",
            "The parts that have values add up to more than the total they are parts of.",
            (
                Param("parts", "keys", "the parts", types=NUMERIC_TYPES),
                Param("total", "key", "the total they are parts of", types=NUMERIC_TYPES),
            ),
            _parts_exceed_total,
            _verify_parts,
        ),
        Check(
            "exceeds",
            "One answer is above another that bounds it (value > limit x scale).",
            (
                Param("value", "key", "the bounded answer", types=NUMERIC_TYPES),
                Param("limit", "key", "the answer that bounds it", types=NUMERIC_TYPES),
                Param(
                    "scale",
                    "number",
                    "the limit's unit in the value's (1,048,576 for MB against bytes)",
                    required=False,
                ),
            ),
            _exceeds,
            _verify_exceeds,
        ),
        Check(
            "matrix_rows_differ",
            "Each matrix row serving the deployment's workload on another instance type than "
            "the deployment's.",
            _MATRIX_PARAMS,
            _matrix_rows_differ,
            _verify_matrix,
        ),
        Check(
            "instance_not_in_matrix",
            "The deployment's instance type is in none of the environment's matrix rows.",
            _MATRIX_PARAMS,
            _instance_not_in_matrix,
            _verify_matrix,
        ),
        Check(
            "regions_without_reason",
            "The matrix spans several Regions in an environment, and the reason for more than "
            "one Region is unanswered or says one Region.",
            (
                Param("matrix", "key", "the provisioning matrix", types=("matrix",)),
                Param("reason", "key", "why it runs in several Regions", types=("enum",)),
                Param("single", "texts", "the reason's choices that mean one Region"),
                Param("environment", "text", "the environment (production)", required=False),
            ),
            _regions_without_reason,
            _verify_regions,
        ),
        Check(
            "instance_has_local_storage",
            "The instance type has local NVMe instance storage (c5d, m6id, g4dn, g5, p4d, ...: "
            "core.instance_types, the rule the AWS importer uses too).",
            (Param("instance", "key", "the instance type", types=("text",)),),
            _local_storage,
        ),
        Check(
            "instance_family_in",
            "The instance type belongs to one of the listed families (ml.g5.xlarge: g5).",
            (
                Param("instance", "key", "the instance type", types=("text",)),
                Param("families", "texts", "instance families, lowercase (g5, c5d)"),
            ),
            _instance_family_in,
            _verify_families,
        ),
    )
}


def check_params(
    check: Check, raw: Any, by_key: Mapping[str, Characteristic]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``raw`` (a contradiction's ``params`` table) checked against ``check``: the parameters in
    normal form (tuples for lists) and every problem as (parameter or "", message)."""
    if not isinstance(raw, Mapping):
        return {}, [("", f"must be a table of {', '.join(p.name for p in check.params)}")]
    problems: list[tuple[str, str]] = []
    known = {p.name: p for p in check.params}
    for name in sorted(map(str, set(raw) - set(known))):
        problems.append((name, f"is not a parameter of {check.name}; known: {', '.join(known)}"))
    params: dict[str, Any] = {}
    for p in check.params:
        if p.name not in raw:
            if p.required:
                problems.append((p.name, f"is required: {p.help}"))
            continue
        value, problem = _param(p, raw[p.name], by_key)
        if problem:
            problems.append((p.name, problem))
        else:
            params[p.name] = value
    if not problems:
        problems += check.verify(params, by_key)
    return params, problems


def _param(p: Param, raw: Any, by_key: Mapping[str, Characteristic]) -> tuple[Any, str | None]:
    if p.kind in ("key", "keys"):
        keys = [raw] if p.kind == "key" else raw
        if p.kind == "key" and not isinstance(raw, str):
            return None, f'names one characteristic as "group.id", got {raw!r}'
        if p.kind == "keys" and (
            not isinstance(raw, list) or not raw or not all(isinstance(k, str) for k in raw)
        ):
            return None, f'is a non-empty list of characteristics ("group.id"), got {raw!r}'
        for k in keys:
            ch = by_key.get(k)
            if ch is None:
                return None, f"names unknown characteristic {k!r}"
            if p.types and ch.type not in p.types:
                return None, f"{k} is {ch.type}; {p.name} takes {' or '.join(p.types)}"
        return (raw if p.kind == "key" else tuple(raw)), None
    if p.kind == "text":
        return (raw, None) if isinstance(raw, str) and raw.strip() else (None, "must be text")
    if p.kind == "texts":
        if not isinstance(raw, list) or not raw or not all(isinstance(t, str) for t in raw):
            return None, f"is a non-empty list of strings, got {raw!r}"
        return tuple(raw), None
    if p.kind == "number":
        ok = isinstance(raw, int | float) and not isinstance(raw, bool) and 0 < raw < float("inf")
        return (raw, None) if ok else (None, f"must be a number above 0, got {raw!r}")
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        return None, f"must be a table of strings, got {raw!r}"
    return dict(raw), None


# --------------------------------------------------------------------------- finding them


@dataclass(frozen=True)
class Found:
    """One contradiction on one profile: the rubric's entry, the characteristic ``keys`` it is
    about (the first is where it points), and the message (their values, then the rubric's
    words)."""

    contradiction: Contradiction
    keys: tuple[str, ...]
    message: str


def in_force(rubric: Rubric, answers: Values) -> dict[str, Answer]:
    """The answers a contradiction may quote: those of the questions the front ends ask
    (``scoring.in_scope``: skip logic decided in rubric order, so an answer set aside decides
    nothing), plus the answers a platform rules out where the question is asked, since "a
    serverless endpoint in a VPC" is exactly what a contradiction names. Keys of this rubric
    only."""
    scope = in_scope(rubric, answers)
    out = {}
    for k, a in answers.items():
        ch = rubric.by_key.get(k)
        if ch is None:
            continue
        if k in scope or (asked(ch, scope) and not_applicable_reason(ch, scope) is not None):
            out[k] = a
    return out


def find_contradictions(rubric: Rubric, answers: Values) -> list[Found]:
    """Every contradiction of ``rubric`` that ``answers`` (a profile's effective answers) make,
    in the rubric's order; [] for a rubric without ``[[contradictions]]``."""
    if not rubric.contradictions:
        return []
    current = in_force(rubric, answers)
    found = []
    for c in rubric.contradictions:
        held: list[str] = []
        if c.condition is not None:
            if c.condition.test(current) is not True:
                continue
            held = c.condition.holding_keys(current)
        hits = CHECKS[c.check].run(c.params, current, rubric) if c.check else [Hit((), "")]
        for hit in hits:
            keys = tuple(dict.fromkeys((*held, *hit.keys)))
            facts = [_fact(rubric, k, current) for k in held if k not in hit.keys]
            facts += [hit.facts] if hit.facts else []
            found.append(Found(c, keys, f"{', '.join(facts)}: {c.message}"))
    return found


def _fact(rubric: Rubric, key: str, answers: Values) -> str:
    a = answers.get(key)
    if a is not None and a.is_value:
        return stated(rubric, key, a.value)
    return f"{key} is {a.state.value if a is not None else 'unanswered'}"


def contradiction_findings(
    workload: Workload, locate: Locator | None = None, text: str = ""
) -> list[Finding]:
    """Every profile's contradictions as ``validate`` findings, profile by profile in file
    order, each with the profile, keys, severity, and the line of the first key whose answer
    the file holds (the profile's own answer first, else the base's it inherits).

    A target reports only what its base does not: a contradiction inherited unchanged is its
    base's to fix, and is reported there once. ``locate`` finds lines in the file's ``text``.
    """
    rubric = workload.rubric
    if not rubric.contradictions or not workload.profiles:
        return []
    if locate is None:
        locate = Locator(text)
    answers = workload.effective_many(workload.profiles)
    fired = {name: find_contradictions(rubric, a) for name, a in answers.items()}
    findings = []
    for name, profile in workload.profiles.items():
        base = fired.get(profile.based_on) if profile.based_on else None
        inherited = {(f.contradiction.id, f.message) for f in base or ()}
        for f in fired[name]:
            if (f.contradiction.id, f.message) in inherited:
                continue
            key, line = _where(workload, name, f.keys, locate)
            findings.append(
                Finding(
                    f.contradiction.severity,
                    f.message,
                    key,
                    line,
                    profile=name,
                    keys=f.keys,
                    contradiction=f.contradiction.id,
                )
            )
    return findings


def _where(
    workload: Workload, name: str, keys: tuple[str, ...], locate: Locator
) -> tuple[str, int | None]:
    """The TOML key and line of the first of ``keys`` the profile answers itself, else of the
    first one it inherits (in the base that answers it), else of the profile's table."""
    lineage = workload.lineage(name)
    owners = [(p.name, k) for k in keys for p in lineage if k in p.values]
    own = [(owner, k) for owner, k in owners if owner == name]
    if own or owners:
        owner, key = (own or owners)[0]
        return f'profiles.{owner}.values."{key}"', locate.line(f"profiles.{owner}", key)
    return f"profiles.{name}", locate.line(f"profiles.{name}")
