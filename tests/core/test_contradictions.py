"""Contradictions across answers (``[[contradictions]]``, ``core.contradictions``): how a rubric
declares them and is refused when it declares them badly, what each named check finds, and how
``mlprofile validate`` reports them (profile, keys, line, severity, exit code, JSON shape).

The built-in rubric's own contradictions are tested file by file in
``test_contradictions_corpus.py``.
"""

from __future__ import annotations

import copy
import json
import textwrap
import tomllib
from pathlib import Path

import pytest
from rubric_fixtures import levels_toml

from mlprofile_tui.core.answers import UNANSWERED, Answer, State
from mlprofile_tui.core.contradictions import (
    CHECKS,
    contradiction_findings,
    find_contradictions,
    instance_family,
)
from mlprofile_tui.core.errors import RubricError
from mlprofile_tui.core.rubric import build_rubric, load_rubric
from mlprofile_tui.core.workload import load_workload

TEAM = (
    'id = "team"\nversion = "1.0.0"\ntitle = "Team rubric"\n'
    + levels_toml(1)
    + textwrap.dedent("""\

    [[groups]]
    id = "d"
    [[groups.characteristics]]
    id = "loc"
    question = "Where?"
    help = "h"
    type = "enum"
    choices = [{ id = "rt" }, { id = "sls" }, { id = "batch" }]
    [[groups.characteristics]]
    id = "inst"
    question = "Instance type?"
    help = "h"
    type = "text"
    when = { key = "d.loc", in = ["rt", "batch"] }
    [[groups.characteristics]]
    id = "min"
    question = "Minimum?"
    help = "h"
    type = "int"
    [[groups.characteristics]]
    id = "max"
    question = "Maximum?"
    help = "h"
    type = "int"
    [[groups.characteristics]]
    id = "mem"
    question = "Memory?"
    help = "h"
    type = "int"
    unit = "MB"
    [[groups.characteristics]]
    id = "size"
    question = "Artefact size?"
    help = "h"
    type = "bytes"
    [[groups.characteristics]]
    id = "vpc"
    question = "VPC?"
    help = "h"
    type = "bool"
    [[groups.characteristics]]
    id = "total"
    question = "Total?"
    help = "h"
    type = "duration_ms"
    [[groups.characteristics]]
    id = "a"
    question = "Stage a?"
    help = "h"
    type = "duration_ms"
    [[groups.characteristics]]
    id = "b"
    question = "Stage b?"
    help = "h"
    type = "duration_ms"
    [[groups.characteristics]]
    id = "reason"
    question = "Why several Regions?"
    help = "h"
    type = "enum"
    choices = [{ id = "one" }, { id = "dr" }]
    [[groups.characteristics]]
    id = "matrix"
    question = "Matrix?"
    help = "h"
    type = "matrix"
    environments = ["dev", "production"]
    workloads = ["rt_inf", "batch_inf"]

    [[contradictions]]
    id = "sls_vpc"
    when = { all = [{ key = "d.vpc", equals = true }, { key = "d.loc", equals = "sls" }] }
    severity = "error"
    message = "serverless has no VPC"

    [[contradictions]]
    id = "min_above_max"
    check = "exceeds"
    params = { value = "d.min", limit = "d.max" }
    severity = "error"
    message = "the minimum is above the maximum"

    [[contradictions]]
    id = "artefact_above_memory"
    check = "exceeds"
    params = { value = "d.size", limit = "d.mem", scale = 1048576 }
    severity = "warning"
    message = "the artefact does not fit in memory"

    [[contradictions]]
    id = "stages"
    check = "parts_exceed_total"
    params = { parts = ["d.a", "d.b"], total = "d.total" }
    severity = "error"
    message = "stages are parts of the total"

    [[contradictions]]
    id = "rows"
    check = "matrix_rows_differ"
    severity = "warning"
    message = "the matrix serves on another type"
    [contradictions.params]
    matrix = "d.matrix"
    instance = "d.inst"
    by = "d.loc"
    workloads = { rt = "rt_inf", batch = "batch_inf" }

    [[contradictions]]
    id = "missing"
    check = "instance_not_in_matrix"
    severity = "warning"
    message = "the matrix lacks the deployment's type"
    [contradictions.params]
    matrix = "d.matrix"
    instance = "d.inst"
    by = "d.loc"
    workloads = { rt = "rt_inf" }

    [[contradictions]]
    id = "regions"
    check = "regions_without_reason"
    params = { matrix = "d.matrix", reason = "d.reason", single = ["one"] }
    severity = "warning"
    message = "say why several Regions"

    [[contradictions]]
    id = "nvme_key"
    when = { key = "d.loc", equals = "rt" }
    check = "instance_family_in"
    params = { instance = "d.inst", families = ["g5", "c5d"] }
    severity = "warning"
    message = "local storage takes no volume key"
""")
)

TEAM_RAW = tomllib.loads(TEAM)


def team() -> object:
    return build_rubric(TEAM_RAW, path="team.toml")


def v(value) -> Answer:
    return Answer(State.VALUE, value, provenance="declared")


def found(answers: dict) -> dict[str, list[str]]:
    """Contradiction id -> its messages, for ``answers`` on the team rubric."""
    out: dict[str, list[str]] = {}
    for f in find_contradictions(team(), {k: v(x) for k, x in answers.items()}):
        out.setdefault(f.contradiction.id, []).append(f.message)
    return out


def row(env="production", region="us-east-1", workload="rt_inf", inst="ml.c5.xlarge", n=2):
    return {
        "environment": env,
        "region": region,
        "workload": workload,
        "instance_type": inst,
        "count": n,
    }


# --------------------------------------------------------------------------- building


def test_team_rubric_builds_with_its_contradictions():
    rubric = team()
    assert [c.id for c in rubric.contradictions] == [
        "sls_vpc",
        "min_above_max",
        "artefact_above_memory",
        "stages",
        "rows",
        "missing",
        "regions",
        "nvme_key",
    ]
    stages = rubric.contradictions[3]
    assert stages.check == "parts_exceed_total"
    assert stages.params == {"parts": ("d.a", "d.b"), "total": "d.total"}


def _entry(**fields) -> dict:
    base = {
        "id": "x",
        "severity": "error",
        "message": "m",
        "when": {"key": "d.vpc", "equals": True},
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    "entry, key, message",
    [
        (_entry(id="not an id"), "contradictions[0].id", "must be an identifier"),
        (_entry(severity="fatal"), "contradictions[0].severity", "must be 'error' or 'warning'"),
        (_entry(severity=None), "contradictions[0].severity", "is required"),
        (_entry(message=None), "contradictions[0].message", "is required"),
        (_entry(message="two\nlines"), "contradictions[0].message", "is one line"),
        (_entry(colour="red"), "contradictions[0]", "unknown field(s) colour"),
        (_entry(when=None), "contradictions[0]", "needs a 'when' condition"),
        (_entry(when={}), "contradictions[0].when", "is empty: it would fire on every profile"),
        (_entry(when={"key": "d.nowhere", "equals": 1}), "contradictions[0].when", "d.nowhere"),
        (
            _entry(when={"key": "d.loc", "equals": "lambda"}),
            "contradictions[0].when",
            "d.loc has no choice 'lambda'",
        ),
        (
            _entry(when={"key": "d.vpc", "equals": "yes"}),
            "contradictions[0].when",
            "d.vpc is bool; a string ('yes') can never be its answer",
        ),
        (_entry(when={"key": "d.vpc", "is": True}), "contradictions[0].when", "unknown condition"),
        (_entry(check="stages_sum"), "contradictions[0].check", "unknown check 'stages_sum'"),
        (_entry(check=5), "contradictions[0].check", "unknown check an integer (5)"),
        (_entry(params={"value": "d.min"}), "contradictions[0].params", "belong to a 'check'"),
        (
            _entry(check="exceeds", params={"value": "d.min"}),
            "contradictions[0].params.limit",
            "is required",
        ),
        (
            _entry(check="exceeds", params={"value": "d.min", "limit": "d.max", "by": "d.loc"}),
            "contradictions[0].params.by",
            "is not a parameter of exceeds; known: value, limit, scale",
        ),
        (
            _entry(check="exceeds", params={"value": "d.nope", "limit": "d.max"}),
            "contradictions[0].params.value",
            "names unknown characteristic 'd.nope'",
        ),
        (
            _entry(check="exceeds", params={"value": "d.vpc", "limit": "d.max"}),
            "contradictions[0].params.value",
            "d.vpc is bool; value takes int or float or bytes or duration_ms",
        ),
        (
            _entry(check="exceeds", params={"value": "d.size", "limit": "d.mem"}),
            "contradictions[0].params.limit",
            "different types or units",
        ),
        (
            _entry(check="exceeds", params={"value": "d.min", "limit": "d.max", "scale": 0}),
            "contradictions[0].params.scale",
            "must be a number above 0",
        ),
        (
            _entry(check="exceeds", params=5),
            "contradictions[0].params",
            "must be a table of value, limit, scale",
        ),
        (
            _entry(check="parts_exceed_total", params={"parts": [], "total": "d.total"}),
            "contradictions[0].params.parts",
            "is a non-empty list",
        ),
        (
            _entry(
                check="parts_exceed_total", params={"parts": ["d.a", "d.min"], "total": "d.total"}
            ),
            "contradictions[0].params.parts",
            "different types or units",
        ),
        (
            _entry(
                check="matrix_rows_differ",
                params={
                    "matrix": "d.matrix",
                    "instance": "d.inst",
                    "by": "d.loc",
                    "workloads": {"lambda": "rt_inf", "rt": "notebooks"},
                    "environment": "prod",
                },
            ),
            "contradictions[0].params.workloads",
            "d.loc has no choice 'lambda'",
        ),
        (
            _entry(
                check="matrix_rows_differ",
                params={
                    "matrix": "d.matrix",
                    "instance": "d.inst",
                    "by": "d.loc",
                    "workloads": {"rt": "notebooks"},
                },
            ),
            "contradictions[0].params.workloads",
            "d.matrix has no workload 'notebooks'",
        ),
        (
            _entry(
                check="regions_without_reason",
                params={"matrix": "d.matrix", "reason": "d.reason", "single": ["solo"]},
            ),
            "contradictions[0].params.single",
            "d.reason has no choice 'solo'",
        ),
        (
            _entry(
                check="regions_without_reason",
                params={
                    "matrix": "d.matrix",
                    "reason": "d.reason",
                    "single": ["one"],
                    "environment": "prod",
                },
            ),
            "contradictions[0].params.environment",
            "d.matrix has no environment 'prod'",
        ),
        (
            _entry(check="instance_family_in", params={"instance": "d.inst", "families": ["G5"]}),
            "contradictions[0].params.families",
            "lowercase",
        ),
        (
            _entry(sources=[{"title": "t", "url": "ftp://x"}]),
            "contradictions[0].sources[0].url",
            "must be an http(s) address",
        ),
    ],
)
def test_a_malformed_contradiction_is_a_problem_with_its_key(entry, key, message):
    raw = copy.deepcopy(TEAM_RAW)
    raw["contradictions"] = [entry]
    with pytest.raises(RubricError) as info:
        build_rubric(raw, path="team.toml")
    assert any(p.startswith(f"{key}:") and message in p for p in info.value.problems), (
        info.value.problems
    )


def test_every_problem_of_every_contradiction_is_listed_at_once(tmp_path):
    raw = copy.deepcopy(TEAM_RAW)
    raw["contradictions"] = [
        _entry(id="a", severity="fatal"),
        _entry(id="a", check="sums"),
        _entry(id="c", check="exceeds", params={"value": "d.min"}),
        "not a table",
    ]
    raw["contradiction"] = [_entry()]  # misspelt: would be ignored silently
    with pytest.raises(RubricError) as info:
        build_rubric(raw, path=str(tmp_path / "team.toml"))
    problems = info.value.problems
    assert problems == [
        "contradictions[3]: must be a table, got a string ('not a table')",
        "contradictions[0].severity: must be 'error' or 'warning', got 'fatal'",
        "contradictions[1].id: duplicate contradiction id 'a'",
        "contradictions[1].check: unknown check 'sums'; known: exceeds, instance_family_in, "
        "instance_has_local_storage, instance_not_in_matrix, matrix_rows_differ, "
        "parts_exceed_total, regions_without_reason",
        "contradictions[2].params.limit: is required: the answer that bounds it",
        "contradiction: unknown top-level key; known: contradictions, groups, id, levels, "
        "migrations, practices, require_sources, title, version",
    ]
    assert str(tmp_path / "team.toml") in info.value.render()


def test_a_rubric_that_requires_sources_requires_them_of_contradictions_too():
    raw = copy.deepcopy(TEAM_RAW)
    raw["require_sources"] = True
    raw["contradictions"] = [_entry(), _entry(id="y", sources=["One line of reasoning."])]
    with pytest.raises(RubricError) as info:
        build_rubric(raw, path="team.toml")
    assert [p for p in info.value.problems if p.startswith("contradictions")] == [
        "contradictions[0].sources: this rubric sets require_sources: cite where the rule is "
        "documented"
    ]


def test_contradictions_not_an_array_of_tables():
    raw = copy.deepcopy(TEAM_RAW)
    raw["contradictions"] = {"id": "x"}
    with pytest.raises(RubricError) as info:
        build_rubric(raw, path="team.toml")
    assert info.value.problems == [
        "contradictions: must be an array of tables ([[contradictions]]), got a table ({'id': 'x'})"
    ]


def test_every_check_documents_its_parameters():
    for check in CHECKS.values():
        assert check.help.strip() and check.params
        for p in check.params:
            assert p.help.strip() and p.kind in ("key", "keys", "text", "texts", "number", "table")


# --------------------------------------------------------------------------- the checks


def test_a_condition_fires_only_when_definitely_true():
    assert found({"d.vpc": True, "d.loc": "sls"}) == {
        "sls_vpc": ["d.vpc = yes, d.loc = sls: serverless has no VPC"]
    }
    assert found({"d.vpc": True}) == {}  # location unanswered: undetermined, not a contradiction
    assert found({"d.vpc": False, "d.loc": "sls"}) == {}
    unknown = {"d.vpc": v(True), "d.loc": Answer(State.UNKNOWN)}
    assert find_contradictions(team(), unknown) == []


def test_exceeds_compares_one_answer_with_its_bound_in_its_unit():
    assert found({"d.min": 3, "d.max": 2}) == {
        "min_above_max": ["d.min = 3 > d.max = 2: the minimum is above the maximum"]
    }
    assert found({"d.min": 2, "d.max": 2}) == {}
    assert found({"d.min": 3}) == {}
    # 2,048 MB of memory holds 2,147,483,648 bytes; one byte more does not fit
    assert found({"d.size": 2048 * 1048576, "d.mem": 2048}) == {}
    assert found({"d.size": 2048 * 1048576 + 1, "d.mem": 2048}) == {
        "artefact_above_memory": [
            "d.size = 2.15 GB > d.mem = 2048 MB (2.15 GB): the artefact does not fit in memory"
        ]
    }


def test_parts_exceed_total_adds_only_the_parts_that_have_values():
    assert found({"d.total": 5000, "d.a": 4000, "d.b": 1500}) == {
        "stages": [
            "d.a = 4 s + d.b = 1.5 s (5.5 s in all) > d.total = 5 s: stages are parts of the total"
        ]
    }
    assert found({"d.total": 5000, "d.a": 6000}) == {
        "stages": ["d.a = 6 s > d.total = 5 s: stages are parts of the total"]
    }
    assert found({"d.total": 5000, "d.a": 4000}) == {}  # b unanswered: nothing to add
    assert found({"d.total": 5000, "d.a": 2500, "d.b": 2500}) == {}  # equal is consistent
    assert found({"d.a": 4000, "d.b": 9000}) == {}  # no total: nothing to exceed


def test_matrix_rows_on_another_instance_type_each_make_a_finding():
    answers = {
        "d.loc": "rt",
        "d.inst": "ml.g5.xlarge",
        "d.matrix": [
            row(inst="ml.g5.xlarge"),
            row(region="eu-west-1", inst="ml.c5.xlarge"),
            row(env="dev", inst="ml.m5.large"),  # dev rows are not production
            row(workload="batch_inf", inst="ml.m5.large"),  # another workload
        ],
        "d.reason": "dr",
    }
    assert found(answers) == {
        "rows": [
            "d.matrix row production:eu-west-1:rt_inf:ml.c5.xlarge:2 serves rt_inf on another "
            "instance type than d.inst = ml.g5.xlarge: the matrix serves on another type"
        ],
        "nvme_key": [
            "d.loc = rt, d.inst = ml.g5.xlarge (family g5): local storage takes no volume key"
        ],
    }


def test_the_deployment_type_in_no_production_row():
    answers = {"d.loc": "rt", "d.inst": "ML.C5.XLARGE ", "d.matrix": [row(inst="ml.c5.xlarge")]}
    assert found(answers) == {}  # one type, however it is written
    answers["d.inst"] = "m5.large"
    assert found(answers)["missing"] == [
        "d.inst = m5.large (d.loc = rt) is in none of the 1 production rows of d.matrix: the "
        "matrix lacks the deployment's type"
    ]
    answers["d.matrix"] = [row(env="dev")]
    assert (
        found(answers) == {}
    )  # no production rows yet: a matrix not filled in, not a contradiction
    answers["d.loc"] = "sls"
    answers["d.matrix"] = [row(inst="ml.c5.xlarge")]
    assert found(answers) == {}  # serverless: the instance type is not asked, so not in force


def test_several_production_regions_need_a_reason():
    rows = [row(), row(region="eu-west-1"), row(env="dev", region="ap-south-1")]
    assert found({"d.matrix": rows}) == {
        "regions": [
            "d.matrix has production rows in 2 Regions (eu-west-1, us-east-1), d.reason is "
            "unanswered: say why several Regions"
        ]
    }
    assert found({"d.matrix": rows, "d.reason": "one"})["regions"] == [
        "d.matrix has production rows in 2 Regions (eu-west-1, us-east-1), d.reason = one: say "
        "why several Regions"
    ]
    assert found({"d.matrix": rows, "d.reason": "dr"}) == {}
    unknown = {"d.matrix": v(rows), "d.reason": Answer(State.UNKNOWN)}
    assert find_contradictions(team(), unknown) == []  # an honest "unknown" is an answer
    assert found({"d.matrix": rows[:1] + rows[2:]}) == {}  # one production Region


@pytest.mark.parametrize(
    "instance, family",
    [("ml.g5.xlarge", "g5"), ("g5.2xlarge", "g5"), (" ML.C5D.large", "c5d"), ("p4d", "p4d")],
)
def test_instance_family(instance, family):
    assert instance_family(instance) == family


def test_a_check_with_a_condition_fires_only_where_both_hold():
    assert "nvme_key" in found({"d.loc": "rt", "d.inst": "ml.c5d.xlarge"})
    assert found({"d.loc": "batch", "d.inst": "ml.c5d.xlarge"}) == {}
    assert found({"d.loc": "rt", "d.inst": "ml.c5.xlarge"}) == {}


def test_a_rubric_without_contradictions_finds_none():
    raw = copy.deepcopy(TEAM_RAW)
    del raw["contradictions"]
    rubric = build_rubric(raw, path="team.toml")
    assert find_contradictions(rubric, {"d.vpc": v(True), "d.loc": v("sls")}) == []
    assert find_contradictions(team(), {"d.vpc": UNANSWERED}) == []


# --------------------------------------------------------------------------- findings in a file

WORKLOAD = textwrap.dedent("""\
    format = 1

    [rubric]
    path = "team.toml"
    version = "1.0.0"

    [workload]
    name = "demo"

    [profiles.current]
    kind = "snapshot"

    [profiles.current.values]
    "d.loc" = { value = "sls" }
    "d.vpc" = { value = true }
    "d.min" = { value = 1 }
    "d.max" = { value = 2 }

    [profiles.wider]
    kind = "target"
    based_on = "current"
    rationale = "more headroom"

    [profiles.wider.values]
    "d.min" = { value = 4, rationale = "peak" }

    [profiles.fixed]
    kind = "target"
    based_on = "current"
    rationale = "no VPC on serverless"

    [profiles.fixed.values]
    "d.vpc" = { value = false, rationale = "not offered" }
""")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    (tmp_path / "team.toml").write_text(TEAM)
    path = tmp_path / "demo.mlprofile.toml"
    path.write_text(WORKLOAD)
    return path


def _line(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def test_findings_name_profile_keys_and_line_and_a_target_reports_only_its_own(demo):
    workload = load_workload(demo)
    findings = contradiction_findings(workload, text=demo.read_text())
    shown = [(f.profile, f.contradiction, f.severity, f.key, f.line, f.keys) for f in findings]
    assert shown == [
        (
            "current",
            "sls_vpc",
            "error",
            'profiles.current.values."d.vpc"',
            _line(demo, '"d.vpc" = { value = true }'),
            ("d.vpc", "d.loc"),
        ),
        # "wider" inherits the VPC contradiction unchanged: reported once, at its base
        (
            "wider",
            "min_above_max",
            "error",
            'profiles.wider.values."d.min"',
            _line(demo, '"d.min" = { value = 4, rationale = "peak" }'),
            ("d.min", "d.max"),
        ),
    ]


def test_a_target_inheriting_the_first_key_points_at_its_own_answer(demo):
    text = demo.read_text().replace(
        '"d.vpc" = { value = false, rationale = "not offered" }',
        '"d.loc" = { value = "rt", rationale = "r" }\n"d.inst" = { value = "ml.g5.xlarge" }',
    )
    demo.write_text(text)
    findings = contradiction_findings(load_workload(demo), text=text)
    nvme = next(f for f in findings if f.contradiction == "nvme_key")
    assert nvme.profile == "fixed" and nvme.keys == ("d.loc", "d.inst")
    assert nvme.key == 'profiles.fixed.values."d.loc"'
    assert nvme.line == _line(demo, '"d.loc" = { value = "rt", rationale = "r" }')


def test_validate_reports_contradictions_with_exit_codes_by_severity(cli, demo):
    r = cli("validate", demo)
    assert r.code == 1 and r.err == ""
    line = _line(demo, '"d.vpc" = { value = true }')
    assert (
        f'{demo}:{line}: error: profiles.current.values."d.vpc": d.vpc = yes, d.loc = sls: '
        "serverless has no VPC (profile current, contradiction sls_vpc)"
    ) in r.out.splitlines()
    assert r.out.splitlines()[-1] == f"{demo}: invalid (2 errors, 0 warnings)"

    # only warnings left: exit 0, and --strict makes them errors
    text = demo.read_text().replace('"d.vpc" = { value = true }', '"d.vpc" = { value = false }')
    text = text.replace('"d.min" = { value = 4, rationale = "peak" }', "")
    text = text.replace(
        '"d.min" = { value = 1 }', '"d.size" = { value = 3000000000 }\n"d.mem" = { value = 2048 }'
    )
    demo.write_text(text)
    r = cli("validate", demo)
    assert r.code == 0 and r.out.splitlines()[-1] == f"{demo}: ok (0 errors, 1 warning)"
    assert "contradiction artefact_above_memory" in r.out
    strict = cli("validate", demo, "--strict")
    assert strict.code == 1 and "error: " in strict.out


def test_validate_json_keeps_its_shape_and_adds_the_contradiction_keys(cli, demo):
    data = cli("validate", demo, "--json").json()
    assert set(data) == {"files", "ok"} and data["ok"] is False
    findings = data["files"][str(demo)]
    assert all(
        set(f) == {"severity", "message", "key", "line", "profile", "keys", "contradiction"}
        for f in findings
    )
    first = findings[0]
    assert first == {
        "severity": "error",
        "message": "d.vpc = yes, d.loc = sls: serverless has no VPC",
        "key": 'profiles.current.values."d.vpc"',
        "line": _line(demo, '"d.vpc" = { value = true }'),
        "profile": "current",
        "keys": ["d.vpc", "d.loc"],
        "contradiction": "sls_vpc",
    }


def test_a_file_with_contradictions_still_opens_scores_and_shows(cli, demo):
    assert cli("show", demo).code == 0
    assert cli("score", demo).code == 0


def test_other_findings_gain_the_new_keys_empty(cli, demo):
    text = demo.read_text().replace(
        '"d.min" = { value = 4, rationale = "peak" }', '"d.min" = { value = 2 }'
    )
    demo.write_text(text)
    findings = cli("validate", demo, "--json").json()["files"][str(demo)]
    rationale = next(f for f in findings if "without a rationale" in f["message"])
    assert rationale["profile"] is None and rationale["keys"] == []
    assert rationale["contradiction"] is None
    assert json.dumps(findings)  # plain JSON throughout


def test_load_rubric_reads_contradictions_from_a_file(tmp_path):
    path = tmp_path / "team.toml"
    path.write_text(TEAM)
    assert len(load_rubric(path).contradictions) == 8


def test_rubric_show_json_and_docs_carry_the_contradictions(cli, tmp_path):
    path = tmp_path / "team.toml"
    path.write_text(TEAM)
    data = cli("rubric", "show", path, "--json").json()
    assert [c["id"] for c in data["contradictions"]][:2] == ["sls_vpc", "min_above_max"]
    assert data["contradictions"][3] == {
        "id": "stages",
        "severity": "error",
        "message": "stages are parts of the total",
        "when": None,
        "check": "parts_exceed_total",
        "params": {"parts": ["d.a", "d.b"], "total": "d.total"},
        "sources": [],
    }
    assert data["contradictions"][0]["when"] == "(`d.vpc` is yes and `d.loc` is `sls`)"
    docs = cli("rubric", "docs", path).out
    section = docs[docs.index("## Contradictions validate checks") :]
    assert "### `sls_vpc` (error)\n\nServerless has no VPC.\n\n- When (`d.vpc` is yes" in section
    assert (
        "- Check `exceeds` (value `d.size`; limit `d.mem`; scale 1048576): One answer is above"
        in section
    )
    assert "rt` → `rt_inf`, `batch` → `batch_inf`" in section
    assert "Contradictions validate checks" in cli("rubric", "show", path).out
