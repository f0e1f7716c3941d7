"""One minimal invalid rubric per validation rule, and the exact problem it reports.

Each row edits a small valid rubric (``_valid()``) in one way; the rubric must then be refused
with the row's problem, worded as a rubric author reads it: key, colon, what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlprofile_tui.core.errors import RubricError
from mlprofile_tui.core.rubric import build_rubric
from mlprofile_tui.core.values import REGISTRY

C0 = "groups[0].characteristics[0]"
C1 = "groups[0].characteristics[1]"


def _ch(cid, type_="int", kind="maturity", **more):
    return {"id": cid, "question": f"{cid}?", "help": "h", "type": type_, "kind": kind, **more}


def _valid() -> dict:
    return {
        "id": "tiny",
        "version": "2",
        "title": "Tiny",
        "levels": [{"rank": r, "id": f"L{r}"} for r in range(4)],
        "groups": [
            {
                "id": "g",
                "characteristics": [
                    _ch("a", direction="higher", thresholds={"L1": 10, "L2": 20}),
                    _ch("m", "multi", kind="descriptive", choices=[{"id": "x"}, {"id": "y"}]),
                ],
            }
        ],
    }


def _problems(raw) -> list[str]:
    with pytest.raises(RubricError) as e:
        build_rubric(raw, path="r.toml")
    return e.value.problems


def test_the_base_rubric_is_valid():
    rubric = build_rubric(_valid(), path="r.toml")
    assert rubric.get("g.a").thresholds == ((1, 10.0), (2, 20.0))
    assert rubric.get("g.a").gating and rubric.get("g.a").na_allowed
    assert rubric.get("g.a").weight == 1 and rubric.groups[0].weight == 1
    assert rubric.top_rank == 3


def _a(**edit):
    raw = _valid()
    raw["groups"][0]["characteristics"][0].update(edit)
    return raw


def _drop(raw, *keys):
    for k in keys:
        raw["groups"][0]["characteristics"][0].pop(k)
    return raw


def _with(ch):
    raw = _valid()
    raw["groups"][0]["characteristics"].append(ch)
    return raw


C2 = "groups[0].characteristics[2]"

CASES = {
    # thresholds
    "equal bounds (higher)": (
        _a(thresholds={"L1": 10, "L2": 10}),
        f"{C0}.thresholds: not monotonic: L2 (10) must be > L1 (10) when higher is better",
    ),
    "falling bounds (higher)": (
        _a(thresholds={"L1": 10, "L2": 5}),
        f"{C0}.thresholds: not monotonic: L2 (5) must be > L1 (10) when higher is better",
    ),
    "equal bounds (lower)": (
        _a(direction="lower", thresholds={"L1": 10, "L2": 10}),
        f"{C0}.thresholds: not monotonic: L2 (10) must be < L1 (10) when lower is better",
    ),
    "rising bounds (lower)": (
        _a(direction="lower", thresholds={"L1": 10, "L2": 20}),
        f"{C0}.thresholds: not monotonic: L2 (20) must be < L1 (10) when lower is better",
    ),
    "no direction": (
        _drop(_valid(), "direction"),
        f"{C0}.direction: must be 'higher' or 'lower' (which is better), got NoneType (None)",
    ),
    "misspelt direction": (
        _a(direction="up"),
        f"{C0}.direction: must be 'higher' or 'lower' (which is better), got 'up'",
    ),
    "no thresholds": (
        _drop(_valid(), "thresholds"),
        f"{C0}.thresholds: a table of level = bound is required, e.g. {{ L3 = 100, L4 = 50 }}",
    ),
    "empty thresholds": (
        _a(thresholds={}),
        f"{C0}.thresholds: a table of level = bound is required, e.g. {{ L3 = 100, L4 = 50 }}"
        ", got a table ({})",
    ),
    "unknown level in thresholds": (
        _a(thresholds={"L9": 10}),
        f"{C0}.thresholds.L9: unknown level 'L9'; the ladder has ['L0', 'L1', 'L2', 'L3']",
    ),
    # levels
    "one level": (
        {**_valid(), "levels": [{"rank": 0, "id": "L0"}]},
        "levels: the ladder needs 2 to 6 [[levels]] tables, "
        "got an array ([{'rank': 0, 'id': 'L0'}])",
    ),
    "seven levels": (
        {**_valid(), "levels": [{"rank": r, "id": f"L{r}"} for r in range(7)]},
        "levels: the ladder needs 2 to 6 [[levels]] tables, "
        "got an array ([{'rank': 0, 'id': 'L0'}, {'rank': 1,...)",
    ),
    "no levels": (
        {k: v for k, v in _valid().items() if k != "levels"},
        "levels: the ladder needs 2 to 6 [[levels]] tables",
    ),
    "ranks out of order": (
        {**_valid(), "levels": [{"rank": 0, "id": "L0"}, {"rank": 2, "id": "L1"}]},
        "levels[1].rank: ranks must count up from 0; expected 1, got an integer (2)",
    ),
    "duplicate level id": (
        {**_valid(), "levels": [{"rank": 0, "id": "L0"}, {"rank": 1, "id": "L0"}]},
        "levels[1].id: duplicate level id 'L0'",
    ),
    "level without id": (
        {**_valid(), "levels": [{"rank": 0, "id": "L0"}, {"rank": 1}]},
        "levels[1].id: is required",
    ),
    # rules
    "rules without a default": (
        _drop(
            _a(type="multi", kind="maturity", choices=[{"id": "x"}], rules=[{"includes": "x"}]),
            "direction",
            "thresholds",
        ),
        f"{C0}.default: rules need a 'default' level for when no rule matches",
    ),
    "rule without a level": (
        _drop(
            _a(
                type="multi",
                choices=[{"id": "x"}],
                rules=[{"includes": "x"}],
                default=0,
            ),
            "direction",
            "thresholds",
        ),
        f"{C0}.rules[0]: a rule is a table with a condition and a 'level'",
    ),
    "unreachable rule": (
        _drop(
            _a(
                type="multi",
                choices=[{"id": "x"}, {"id": "y"}],
                rules=[{"includes": "x", "level": 2}, {"includes": ["x", "y"], "level": 3}],
                default=0,
            ),
            "direction",
            "thresholds",
        ),
        f"{C0}.rules[1]: unreachable: rules[0] matches whenever this rule would",
    ),
    "maturity text": (
        _drop(_a(type="text"), "direction", "thresholds"),
        f"{C0}.kind: a maturity text needs 'rules' (first match wins) and a 'default'",
    ),
    "maturity enum choice without a level": (
        _drop(
            _a(type="enum", choices=[{"id": "x", "level": 1}, {"id": "y"}, {"id": "z"}]),
            "direction",
            "thresholds",
        ),
        f"{C0}.choices: a maturity enum gives every choice a level; missing: y, z",
    ),
    "maturity bool with one answer": (
        _drop(_a(type="bool", levels={"true": 3}), "direction", "thresholds"),
        f"{C0}.levels: a maturity bool maps both answers, and only those: "
        'levels = { true = "L3", false = "L1" }; got true',
    ),
    "maturity bool with no answers": (
        _drop(_a(type="bool", levels={}), "direction", "thresholds"),
        f"{C0}.levels: a maturity bool maps both answers, and only those: "
        'levels = { true = "L3", false = "L1" }; got none',
    ),
    "maturity bool levels not a table": (
        _drop(_a(type="bool", levels=3), "direction", "thresholds"),
        f"{C0}.levels: a maturity bool maps both answers, and only those: "
        'levels = { true = "L3", false = "L1" }, got an integer (3)',
    ),
    "maturity bool example from a ladder named in words": (
        {
            **_drop(_a(type="bool", levels={"yes": 1}), "direction", "thresholds"),
            "levels": [{"rank": r, "id": i} for r, i in enumerate(("none", "some", "most"))],
        },
        f"{C0}.levels: a maturity bool maps both answers, and only those: "
        'levels = { true = "most", false = "some" }; got yes',
    ),
    # dependencies
    "depends on itself": (
        _a(when={"key": "g.a", "equals": 1}),
        f"{C0}.when: a characteristic cannot depend on its own answer",
    ),
    "looks at a later answer": (
        _a(when={"key": "g.m", "includes": "x"}),
        f"{C0}.when: 'g.m' is asked later; skip logic may only look at earlier answers",
    ),
    "not applicable on its own answer": (
        _a(not_applicable=[{"when": {"key": "g.a", "equals": 1}, "reason": "r"}]),
        f"{C0}.not_applicable[0].when: a characteristic cannot depend on its own answer",
    ),
    "not applicable on a later answer": (
        _a(not_applicable=[{"when": {"key": "g.m", "includes": "x"}, "reason": "r"}]),
        f"{C0}.not_applicable[0].when: 'g.m' is asked later; it may only look at earlier answers",
    ),
    "unknown characteristic": (
        _with(_ch("b", kind="descriptive", when={"key": "g.zz", "equals": 1})),
        f"{C2}.when: names unknown characteristic 'g.zz'",
    ),
    "unknown choice": (
        _with(_ch("b", kind="descriptive", when={"key": "g.m", "includes": ["x", "q"]})),
        f"{C2}.when: g.m has no choice 'q'; valid: x, y",
    ),
    "includes on a number": (
        _with(_ch("b", kind="descriptive", when={"key": "g.a", "includes": 3})),
        f"{C2}.when: 'includes' needs a multi characteristic; g.a is int",
    ),
    "count on a number": (
        _with(_ch("b", kind="descriptive", when={"key": "g.a", "count_at_least": 3})),
        f"{C2}.when: 'count_at_least' needs a multi characteristic; g.a is int",
    ),
    "at_least on a multi": (
        _with(_ch("b", kind="descriptive", when={"key": "g.m", "at_least": 3})),
        f"{C2}.when: 'at_least' needs a number; g.m is multi",
    ),
    "at_most on a multi": (
        _with(_ch("b", kind="descriptive", when={"key": "g.m", "at_most": 3})),
        f"{C2}.when: 'at_most' needs a number; g.m is multi",
    ),
    # weights and flags
    "weight 0": (
        _a(weight=0),
        f"{C0}.weight: must be an integer from 1 to 100, got an integer (0)",
    ),
    "weight 101": (
        _a(weight=101),
        f"{C0}.weight: must be an integer from 1 to 100, got an integer (101)",
    ),
    "weight true": (
        _a(weight=True),
        f"{C0}.weight: must be an integer from 1 to 100, got a boolean (True)",
    ),
    "group weight 0": (
        {**_valid(), "groups": [{**_valid()["groups"][0], "weight": 0}]},
        "groups[0].weight: must be an integer from 1 to 100, got an integer (0)",
    ),
    "group weight 101": (
        {**_valid(), "groups": [{**_valid()["groups"][0], "weight": 101}]},
        "groups[0].weight: must be an integer from 1 to 100, got an integer (101)",
    ),
    "group weight true": (
        {**_valid(), "groups": [{**_valid()["groups"][0], "weight": True}]},
        "groups[0].weight: must be an integer from 1 to 100, got a boolean (True)",
    ),
    # ids and shapes
    "duplicate characteristic": (
        _with(_ch("a", kind="descriptive")),
        f"{C2}.id: duplicate characteristic id 'g.a'",
    ),
    "duplicate group": (
        {**_valid(), "groups": _valid()["groups"] * 2},
        "groups[1].id: duplicate group id 'g'",
    ),
    "group id not an identifier": (
        {**_valid(), "groups": [{**_valid()["groups"][0], "id": "a-b"}]},
        "groups[0].id: must be an identifier, got 'a-b'",
    ),
    "group without characteristics": (
        {**_valid(), "groups": [{"id": "g"}]},
        "groups[0].characteristics: group 'g' has no characteristics",
    ),
    "characteristic id not an identifier": (
        _a(id="a b"),
        f"{C0}.id: must be an identifier, got 'a b'",
    ),
    "unknown type": (
        _a(type="decimal"),
        f"{C0}.type: unknown type 'decimal'; known types: {', '.join(REGISTRY)}",
    ),
    "unknown kind": (
        _a(kind="grade"),
        f"{C0}.kind: unknown kind 'grade'; known kinds: descriptive, maturity, fit",
    ),
    "enum without choices": (
        _with(_ch("b", "enum", kind="descriptive")),
        f"{C2}.choices: a enum needs choices",
    ),
    "choices on a number": (
        _a(choices=[{"id": "x"}]),
        f"{C0}.choices: only enum and multi take choices, not int",
    ),
    "choice without an id": (
        _with(_ch("b", "enum", kind="descriptive", choices=[{"label": "x"}])),
        f"{C2}.choices[0]: each choice needs an 'id' (a string)",
    ),
    "duplicate choice": (
        _with(_ch("b", "enum", kind="descriptive", choices=[{"id": "x"}, {"id": "x"}])),
        f"{C2}.choices[1].id: duplicate choice 'x'",
    ),
    "descriptive choice with a level": (
        _with(_ch("b", "enum", kind="descriptive", choices=[{"id": "x", "level": 1}])),
        f"{C2}.choices: a descriptive characteristic's choices carry no level",
    ),
    "descriptive with thresholds": (
        _a(kind="descriptive"),
        f"{C0}.thresholds: a descriptive characteristic is never scored; remove it or set kind",
    ),
    "matrix without lists": (
        _with(_ch("b", "matrix", kind="descriptive")),
        f"{C2}: a matrix needs 'environments' and 'workloads' lists",
    ),
    "step on text": (
        _with(_ch("b", "text", kind="descriptive", multiple_of=2)),
        f"{C2}.multiple_of: only numbers take a step, not text",
    ),
    "step of 0": (
        _a(multiple_of=0),
        f"{C0}.multiple_of: must be a number above 0, got an integer (0)",
    ),
    "infinite min": (_a(min=float("inf")), f"{C0}.min: must be a finite number, got a float (inf)"),
    "infinite max": (_a(max=float("nan")), f"{C0}.max: must be a finite number, got a float (nan)"),
    "cap on a maturity characteristic": (
        _a(thresholds={"L1": 10, "L2": 20}, cap=1),
        f"{C0}.kind: only a fit characteristic takes 'cap' and 'plus'",
    ),
    # fits
    "fit on text": (
        _with(
            _ch("b", "text", kind="fit", requirement="g.a", direction="lower", thresholds={"L1": 2})
        ),
        f"{C2}.kind: a fit characteristic must be numeric, not text",
    ),
    "fit without a requirement": (
        _with(_ch("b", kind="fit", direction="lower", thresholds={"L1": 2})),
        f"{C2}.requirement: a fit characteristic names the requirement it is measured against",
    ),
    "fit requirement not a string": (
        _with(_ch("b", kind="fit", requirement=3, direction="lower", thresholds={"L1": 2})),
        f"{C2}.requirement: a fit characteristic names the requirement it is measured against"
        ", got an integer (3)",
    ),
    "fit requirement unknown": (
        _with(_ch("b", kind="fit", requirement="g.zz", direction="lower", thresholds={"L1": 2})),
        f"{C2}.requirement: names unknown characteristic 'g.zz'",
    ),
    "fit requirement not numeric": (
        _with(_ch("b", kind="fit", requirement="g.m", direction="lower", thresholds={"L1": 2})),
        f"{C2}.requirement: g.m must be numeric to measure against",
    ),
    "plus of an unknown characteristic": (
        _with(
            _ch(
                "b",
                kind="fit",
                requirement="g.a",
                direction="lower",
                thresholds={"L1": 2},
                plus=["g.zz"],
            )
        ),
        f"{C2}.plus[0]: names unknown characteristic 'g.zz'",
    ),
    "plus of another type": (
        _with(
            _ch(
                "b",
                "float",
                kind="fit",
                requirement="g.a",
                direction="lower",
                thresholds={"L1": 2},
                plus=["g.a"],
            )
        ),
        f"{C2}.plus[0]: g.a is int in no unit; only a float in no unit adds to g.b",
    ),
    "plus of itself": (
        _with(
            _ch(
                "b",
                kind="fit",
                requirement="g.a",
                direction="lower",
                thresholds={"L1": 2},
                plus=["g.b"],
            )
        ),
        f"{C2}.plus[0]: a value cannot add to itself",
    ),
}


@pytest.mark.parametrize(("raw", "problem"), list(CASES.values()), ids=list(CASES))
def test_each_invalid_rubric_is_refused_with_its_problem(raw, problem):
    problems = _problems(raw)
    assert problem in problems, problems


def _edited(edit):
    raw = _valid()
    edit(raw)
    return raw


# A misspelt field must be heard of, not ignored: ``weigth`` would leave the weight at 1.
UNKNOWN_FIELDS = {
    "a characteristic": (
        _a(weigth=3, colour="red"),
        f"{C0}: unknown field(s) colour, weigth; known: id, question, help",
    ),
    "a group": (
        _edited(lambda r: r["groups"][0].update(titel="G")),
        "groups[0]: unknown field(s) titel; known: id, title, description, weight",
    ),
    "a level": (
        _edited(lambda r: r["levels"][1].update(lable="One")),
        "levels[1]: unknown field(s) lable; known: rank, id, label, description",
    ),
    "a choice": (
        _edited(lambda r: r["groups"][0]["characteristics"][1]["choices"][0].update(lvl=1)),
        f"{C1}.choices[0]: unknown field(s) lvl; known: id, label, level, help",
    ),
}


@pytest.mark.parametrize(("raw", "start"), list(UNKNOWN_FIELDS.values()), ids=list(UNKNOWN_FIELDS))
def test_an_unknown_field_of_any_table_is_named(raw, start):
    problems = _problems(raw)
    assert any(p.startswith(start) for p in problems), problems


def test_an_archived_version_loads_as_published_while_the_newest_gets_every_check(tmp_path):
    """A field once ignored and now refused must not strand workloads pinned to an older,
    published version, nor ``migrate`` off it; validating that file itself still names it."""
    import shutil

    from mlprofile_tui.cli import main
    from mlprofile_tui.core.rubric import load_rubric, resolve_rubric
    from mlprofile_tui.core.scoring import score_profile
    from mlprofile_tui.core.workload import load_workload

    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    shutil.copytree(examples, tmp_path / "examples")
    folder = tmp_path / "examples"
    archived = folder / "team.rubric" / "1.0.0.toml"
    text = archived.read_text(encoding="utf-8")
    archived.write_text(text.replace("[[groups]]\n", '[[groups]]\nnotes = "reviewed"\n', 1))

    with pytest.raises(RubricError) as e:
        load_rubric(archived)  # the file itself, as `rubric validate` reads it
    assert any(p.startswith("groups[0]: unknown field(s) notes") for p in e.value.problems)
    old = resolve_rubric(str(folder / "team.rubric.toml"), version="1.0.0")
    assert old.version == "1.0.0"
    workload = load_workload(folder / "checkout.mlprofile.toml")  # pinned to 1.0.0
    profile = workload.default_profile()
    assert score_profile(workload.rubric, workload.effective(profile), profile).level >= 0
    assert main(["migrate", str(folder / "checkout.mlprofile.toml")]) == 0

    newest = folder / "team.rubric.toml"  # the newest version is checked in full
    newest.write_text(
        newest.read_text(encoding="utf-8").replace("[[groups]]\n", '[[groups]]\nnotes = "x"\n', 1),
        encoding="utf-8",
    )
    with pytest.raises(RubricError):
        resolve_rubric(str(newest), version="1.0.0")


@pytest.mark.parametrize(
    "argv",
    [
        ["rubric", "show", "s3://bkt/team.rubric.toml"],
        ["rubric", "validate", "s3://bkt/team.rubric.toml"],
        ["schema", "--rubric", "https://example.com/team.rubric.toml"],
        ["new", "{tmp}/w.mlprofile.toml", "--name", "W", "--rubric", "s3://bkt/r.toml"],
    ],
    ids=["show", "validate", "schema", "new"],
)
def test_a_rubric_named_by_a_uri_is_refused_as_one(argv, tmp_path, capsys):
    """Never read as a local folder named ``s3:`` (``no such file: /cwd/s3:/bkt/…``)."""
    from mlprofile_tui.cli import main

    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err
    assert "a rubric is a built-in id or a local file, not a URI" in err, err
    assert "s3:/b" not in err.replace("s3://", "") and not list(tmp_path.iterdir())
