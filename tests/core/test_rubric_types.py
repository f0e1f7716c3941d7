"""A rubric file of any shape is either a Rubric or a RubricError/MlprofileError: never a crash."""

from __future__ import annotations

import copy
import os
import tomllib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.errors import MlprofileError, RubricError
from mlprofile_tui.core.rubric import build_rubric, builtin_rubrics, load_rubric

BUILTIN = tomllib.loads(builtin_rubrics()["mloe-05"].read_text())

MINIMAL = """\
id = "tiny"
version = "1"
title = "Tiny"
[[levels]]
rank = 0
id = "L0"
[[levels]]
rank = 1
id = "L1"
[[groups]]
id = "g"
[[groups.characteristics]]
id = "c"
question = "Q?"
help = "H"
type = "int"
kind = "maturity"
direction = "higher"
thresholds = { L1 = 5 }
"""


def _problems(tmp_path, text: str, name: str = "r.toml") -> list[str]:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    assert str(path) in info.value.render()
    return info.value.problems


def test_minimal_rubric_loads(tmp_path):
    (tmp_path / "r.toml").write_text(MINIMAL)
    assert load_rubric(tmp_path / "r.toml").by_key["g.c"].thresholds == ((1, 5.0),)


@pytest.mark.parametrize(
    "old, new, key, message",
    [
        (
            '[[levels]]\nrank = 0\nid = "L0"\n[[levels]]\nrank = 1\nid = "L1"\n',
            "levels = [1, 2]\n",
            "levels[0]",
            "must be a table, got an integer (1)",
        ),
        ('id = "tiny"', "id = 5", "id", "must be a string, got an integer (5)"),
        ('version = "1"', "version = 1", "version", "must be a string, got an integer (1)"),
        ('title = "Tiny"', "title = []", "title", "must be a string"),
        ('title = "Tiny"', 'title = "Tiny"\npractices = 5', "practices", "list of strings"),
        (
            'help = "H"',
            'help = "H"\nweight = "x"',
            "characteristics[0].weight",
            "integer from 1 to 100, got a string ('x')",
        ),
        (
            'help = "H"',
            'help = "H"\nchoices = 5',
            "characteristics[0].choices",
            "must be an array of tables",
        ),
        (
            'help = "H"',
            'help = "H"\nwhen = 5',
            "characteristics[0].when",
            "a condition must be a table, got 5",
        ),
        (
            "thresholds = { L1 = 5 }",
            "thresholds = [5, 10]",
            "characteristics[0].thresholds",
            "a table of level = bound is required",
        ),
        (
            "thresholds = { L1 = 5 }",
            'thresholds = { L1 = "five" }',
            "thresholds.L1",
            "bound must be a finite number",
        ),
        (
            "thresholds = { L1 = 5 }",
            "thresholds = { L1 = inf }",
            "thresholds.L1",
            "bound must be a finite number",
        ),
        (
            "thresholds = { L1 = 5 }",
            "thresholds = { L1 = 99999999999999999999999 }",
            "thresholds.L1",
            "bound must be a finite number",
        ),
        ('help = "H"', 'help = "H"\nmin = "0"', "characteristics[0].min", "finite number"),
        ('help = "H"', 'help = "H"\nna_allowed = "no"', "na_allowed", "true or false"),
        ('help = "H"', 'help = "H"\ngating = 0', "gating", "true or false"),
        ('help = "H"', 'help = "H"\nunit = 5', "characteristics[0].unit", "must be a string"),
        ('help = "H"', "help = 5", "characteristics[0].help", "must be a string"),
        (
            "[[groups.characteristics]]\n",
            "characteristics = 5\n[[xc]]\n",
            "groups[0].characteristics",
            "must be an array of tables",
        ),
        (
            '[[groups]]\nid = "g"\n',
            '[[groups]]\nid = "g"\nweight = 2.5\ntitle = 3\n',
            "groups[0].title",
            "must be a string",
        ),
        ('rank = 1\nid = "L1"', 'rank = true\nid = "L1"', "levels[1].rank", "expected 1"),
        ('rank = 1\nid = "L1"', "rank = 1\nid = 1", "levels[1].id", "must be a string"),
    ],
)
def test_wrong_types_are_problems_with_their_key(tmp_path, old, new, key, message):
    assert old in MINIMAL
    problems = _problems(tmp_path, MINIMAL.replace(old, new, 1))
    assert any(key in p and message in p for p in problems), problems


@pytest.mark.parametrize(
    "groups, message",
    [
        ("groups = [5]", "groups[0]: must be a table, got an integer (5)"),
        ("groups = 5", "groups: must be an array of tables ([[groups]]), got an integer (5)"),
        (
            "groups = [{ id = 'g', characteristics = [5] }]",
            "groups[0].characteristics[0]: must be a table, got an integer (5)",
        ),
        (
            "groups = [{ id = 'g', characteristics = [{ id = 'c', question = 'q', help = 'h', "
            "type = 'int', kind = 'maturity', direction = 'higher', thresholds = 5 }] }]",
            "a table of level = bound is required",
        ),
        ("groups = []", "groups: at least one [[groups]] table is required"),
    ],
)
def test_groups_of_the_wrong_shape(tmp_path, groups, message):
    head = MINIMAL.split("[[levels]]")[0]
    levels = MINIMAL[len(head) :].split("[[groups]]")[0]
    problems = _problems(tmp_path, head + groups + "\n" + levels)
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize(
    "rule, message",
    [
        ("{ at_least = 'x', level = 1 }", "'at_least' needs a finite number"),
        ("{ count_at_least = 1.5, level = 1 }", "'count_at_least' needs a whole number"),
        ("{ in = [{ a = 1 }], level = 1 }", "'in' needs a string, number or boolean"),
        ("{ equals = [1], level = 1 }", "'equals' needs a string"),
        ("{ state = ['bogus'], level = 1 }", "'state' takes value"),
        ("{ key = 5, equals = 1, level = 1 }", "'key' names a characteristic"),
        ("{ any = 5, level = 1 }", "'any' needs a non-empty list"),
        ("{ not = 5, level = 1 }", "a condition must be a table"),
        ("5", "a rule is a table"),
    ],
)
def test_condition_arguments_are_type_checked(tmp_path, rule, message):
    text = MINIMAL.replace(
        'direction = "higher"\nthresholds = { L1 = 5 }', f"rules = [{rule}]\ndefault = 0"
    )
    problems = _problems(tmp_path, text)
    assert any(message in p for p in problems), problems


def test_rules_not_a_list(tmp_path):
    scored = 'direction = "higher"\nthresholds = { L1 = 5 }'
    text = MINIMAL.replace(scored, "rules = 5\ndefault = 0")
    assert any("rules: must be a list" in p for p in _problems(tmp_path, text))


def test_unreadable_rubric_files_are_one_clear_error(tmp_path):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    cases = {
        fifo: "not a regular file (a named pipe (FIFO))",
        tmp_path: "(a directory)",
        "/dev/zero": "not a regular file (a device)",
        tmp_path / "missing.toml": "no such file",
    }
    (tmp_path / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    cases[tmp_path / "deep.toml"] = "nested too deeply"
    (tmp_path / "bin.toml").write_bytes(b"\x00\x01" * 100)
    cases[tmp_path / "bin.toml"] = "binary file"
    (tmp_path / "latin.toml").write_bytes(b'id = "caf\xe9"\n')
    cases[tmp_path / "latin.toml"] = "not UTF-8"
    (tmp_path / "bad.toml").write_text("id = \n")
    cases[tmp_path / "bad.toml"] = "not valid TOML"
    for path, message in cases.items():
        with pytest.raises(MlprofileError) as info:
            load_rubric(path)
        assert message in info.value.render(), (path, info.value.render())


def test_bom_and_crlf_rubric_loads(tmp_path):
    path = tmp_path / "r.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    assert load_rubric(path).id == "tiny"


def test_an_edited_rubric_file_is_read_again(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    assert load_rubric(path).title == "Tiny"
    path.write_text(MINIMAL.replace('title = "Tiny"', 'title = "Small"'))
    assert load_rubric(path).title == "Small"


# --------------------------------------------------------------------------- fuzz

WRONG = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just([{}]),
    st.just([[]]),
    st.just({"key": 5}),
    st.just({"any": [5]}),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:3]):
            yield from _paths(v, (*prefix, i))


PATHS = [p for p in _paths(BUILTIN) if p]


def _replace(data, path, value):
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), WRONG), min_size=1, max_size=3))
# A table whose keys are not all strings (a rubric built from Python data, not TOML) once
# crashed sorting the unknown fields it names.
@example(edits=[(("contradictions", 2, "sources", 0), {"any": [5], 2: [2002, -811]})])
def test_any_field_of_any_type_is_a_rubric_error_never_a_crash(edits):
    data = copy.deepcopy(BUILTIN)
    for path, value in edits:
        try:
            _replace(data, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier edit changed the shape under this path
    try:
        build_rubric(data, path="fuzz.toml")
    except RubricError as e:
        assert e.problems and all(isinstance(p, str) for p in e.problems)
