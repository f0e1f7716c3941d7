"""The workload file's JSON Schema (``mlprofile schema``): generated from the rubric, accepts
every good file we ship, rejects each kind of bad value, is never looser than the loader, and
``mlprofile new`` points new files at it without changing what they mean."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.errors import MlprofileError, ValueProblem
from mlprofile_tui.core.loading import ANSWER_KEYS, answer_from_toml, build_workload, rubric_for
from mlprofile_tui.core.rubric import TYPES, resolve_rubric
from mlprofile_tui.core.schema import VALUE_SCHEMAS, toml_as_json, workload_schema
from mlprofile_tui.core.workload import WorkloadDocument, load_workload

ROOT = Path(__file__).resolve().parents[2]
GOOD_FILES = sorted(
    [
        *(ROOT / "examples").glob("*.mlprofile.toml"),
        *(ROOT / "tests" / "core" / "data").rglob("*.mlprofile.toml"),
    ]
)
RUBRIC = resolve_rubric(None)
SCHEMA = workload_schema(RUBRIC)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
FRAUD = tomllib.loads((ROOT / "examples" / "fraud-scorer.mlprofile.toml").read_text())
# Keywords draft 4 (taplo) does not know, or reads differently (exclusiveMinimum as a number).
NOT_DRAFT_4 = {"const", "if", "then", "else", "propertyNames", "contains", "examples"}


def _keywords(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(k)
            if k not in ("properties", "patternProperties"):
                _keywords(v, out)
            else:
                for sub in v.values():
                    _keywords(sub, out)
    elif isinstance(node, list):
        for v in node:
            _keywords(v, out)
    return out


def _loader_errors(raw: dict) -> list[str]:
    path = ROOT / "examples" / "x.mlprofile.toml"
    try:
        _, findings = build_workload(raw, path)
    except MlprofileError as e:
        return [e.message]
    return [f.message for f in findings if f.severity == "error"]


def test_every_value_type_has_a_schema():
    assert set(VALUE_SCHEMAS) == set(TYPES)


def test_schema_is_valid_draft_7_and_draft_4():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert not _keywords(SCHEMA, set()) & NOT_DRAFT_4


def test_schema_carries_every_characteristic_and_choice():
    values = SCHEMA["properties"]["profiles"]["patternProperties"]
    (profile,) = values.values()
    keys = profile["properties"]["values"]["properties"]
    assert set(keys) == set(RUBRIC.by_key)
    for ch in RUBRIC.characteristics:
        value = keys[ch.key]["anyOf"][0]["properties"]["value"]
        if ch.type == "enum":
            assert value["enum"] == list(ch.choice_ids)
        if ch.type == "multi":
            assert value["items"]["enum"] == list(ch.choice_ids)
        # an answer takes exactly the fields the loader knows
        assert set(keys[ch.key]["anyOf"][0]["properties"]) == ANSWER_KEYS


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_every_bundled_and_golden_file_validates(path):
    raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    schema = workload_schema(rubric_for(raw, path))
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(toml_as_json(raw))]
    assert errors == [], path


def _set_value(raw, key, value, profile="current"):
    raw["profiles"][profile]["values"][key] = value
    return raw


def _matrix_row(**change):
    row = {
        "environment": "production",
        "region": "eu-west-1",
        "workload": "real_time_inference",
        "instance_type": "ml.c5.xlarge",
        "count": 4,
    }
    row.update(change)
    return _set_value(
        copy.deepcopy(FRAUD), "provisioning.matrix", {"value": [{k: v for k, v in row.items()}]}
    )


BAD = {
    "wrong type (text for a number)": lambda r: _set_value(
        r, "traffic.p95_latency_ms", {"value": True}
    ),
    "wrong type (number for an enum)": lambda r: _set_value(
        r, "traffic.latency_class", {"value": 3}
    ),
    "unknown choice": lambda r: _set_value(r, "traffic.latency_class", {"value": "ludicrous"}),
    "unknown choice in a multi": lambda r: _set_value(
        r, "architecture.frameworks", {"value": ["sklearn", "cobol"]}
    ),
    "unknown characteristic key": lambda r: _set_value(r, "traffic.p99_vibes", {"value": 1}),
    "out of range (negative size)": lambda r: _set_value(
        r, "deployment.model_artifact_size", {"value": -5}
    ),
    "beyond 64-bit": lambda r: _set_value(r, "deployment.model_artifact_size", {"value": 2**63}),
    "unknown answer field": lambda r: _set_value(
        r, "traffic.latency_class", {"value": "low", "confidence": "high"}
    ),
    "unknown provenance": lambda r: _set_value(
        r, "traffic.latency_class", {"value": "low", "provenance": "rumoured"}
    ),
    "unknown state": lambda r: _set_value(r, "traffic.latency_class", {"state": "maybe"}),
    "value with a state that has none": lambda r: _set_value(
        r, "traffic.latency_class", {"state": "unknown", "value": "low"}
    ),
    "not applicable without a reason": lambda r: _set_value(
        r, "cost.spot_training", {"state": "not_applicable"}
    ),
    "matrix row: unknown environment": lambda r: _matrix_row(environment="qa"),
    "matrix row: negative count": lambda r: _matrix_row(count=-1),
    "matrix row: unknown column": lambda r: _matrix_row(zone="a"),
    "matrix row: missing column": lambda r: _matrix_row(region=None),
    "matrix row: malformed Region": lambda r: _matrix_row(region="Ireland"),
    "matrix row: malformed instance type": lambda r: _matrix_row(instance_type="c5.xlarge"),
    "matrix row: account as a number": lambda r: _matrix_row(account=12345678901),
    "profile name with a space": lambda r: {
        **r,
        "profiles": {**r["profiles"], "my target": r["profiles"]["current"]},
    },
    "target without based_on": lambda r: {
        **r,
        "profiles": {**r["profiles"], "t": {"kind": "target", "values": {}}},
    },
    "snapshot with based_on": lambda r: {
        **r,
        "profiles": {**r["profiles"], "s": {"kind": "snapshot", "based_on": "current"}},
    },
    "unknown profile kind": lambda r: {
        **r,
        "profiles": {**r["profiles"], "s": {"kind": "wish"}},
    },
    "workload without a name": lambda r: {**r, "workload": {"owner": "x"}},
    "newer format": lambda r: {**r, "format": 2},
}


def _drop_none_columns(raw):
    m = raw["profiles"]["current"]["values"].get("provisioning.matrix")
    if m and "value" in m:
        m["value"] = [{k: v for k, v in row.items() if v is not None} for row in m["value"]]
    return raw


@pytest.mark.parametrize("case", BAD)
def test_each_kind_of_bad_file_is_rejected_by_the_schema_and_the_loader(case):
    raw = _drop_none_columns(BAD[case](copy.deepcopy(FRAUD)))
    assert list(VALIDATOR.iter_errors(toml_as_json(raw))), f"schema accepted: {case}"
    assert _loader_errors(raw), f"loader accepted (the corpus is wrong): {case}"


def test_the_unmodified_corpus_base_is_good():
    assert not list(VALIDATOR.iter_errors(toml_as_json(FRAUD)))
    assert _loader_errors(copy.deepcopy(FRAUD)) == []


# Values of every JSON type, and the shapes that come close to good ones.
JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        sorted({c.id for ch in RUBRIC.characteristics for c in ch.choices})
        + ["1.2 GB", "250 ms", "-3 kb", "ml.c5.xlarge", "eu-west-1", "production", "sklearn"]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
ROWS = st.fixed_dictionaries(
    {
        "environment": st.sampled_from(["dev", "staging", "production", "qa"]),
        "region": st.sampled_from(["eu-west-1", "us-east-1", "mars-1"]),
        "workload": st.sampled_from(["training", "notebooks", "real_time_inference", "x"]),
        "instance_type": st.sampled_from(["ml.c5.xlarge", "ml.m5.large", "c5"]),
        "count": st.integers(min_value=-2, max_value=5) | st.floats(0, 3),
    },
    optional={"account": st.sampled_from(["", "012345678901", "12"])},
)
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "value": JSONISH | st.lists(ROWS, max_size=3, unique_by=lambda r: tuple(r.values())[:4]),
        "state": st.sampled_from(["value", "unknown", "not_applicable", "unanswered", "x"]),
        "provenance": st.sampled_from(["declared", "measured", "imported", "guessed"]),
        "reason": st.sampled_from(["", "trained on premises"]),
        "rationale": st.text(max_size=5),
    },
)


def _near(ch) -> st.SearchStrategy:
    """Values close to good ones for ``ch``: its own choices, numbers at and past its bounds,
    sizes and durations as text, matrix rows; so that many answers pass the schema and the
    property says something."""
    ids = st.sampled_from(list(ch.choice_ids) or ["x"])
    edges = [v for v in (ch.minimum, ch.maximum) if v is not None]
    numbers = st.sampled_from([*edges, *(e - 1 for e in edges), *(e + 0.5 for e in edges), 0])
    return st.one_of(
        ids,
        st.lists(ids, max_size=3),
        numbers,
        st.integers(-10, 10**6),
        st.floats(-1, 1e6, allow_nan=False),
        st.sampled_from(["1.2 GB", "250 ms", "+3 kb", "-3 kb", "1_0 MiB", "2 min", " 7 "]),
        st.booleans(),
        st.lists(ROWS, max_size=3),
    )


@st.composite
def _answers(draw, key):
    ch = RUBRIC.by_key[key]
    shape = draw(st.integers(0, 2))
    if shape == 0:
        answer = {"value": draw(_near(ch))}
        answer.update(draw(st.fixed_dictionaries({}, optional={"provenance": ANSWER_PROV})))
        return answer
    if shape == 1:
        return draw(
            st.fixed_dictionaries(
                {"state": st.sampled_from(["unknown", "not_applicable", "unanswered"])},
                optional={"reason": st.sampled_from(["", " ", "on premises"])},
            )
        )
    return draw(ANSWERS)


ANSWER_PROV = st.sampled_from(["declared", "estimated", "measured", "imported", "guessed"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), key=st.sampled_from(sorted(RUBRIC.by_key)))
def test_the_schema_is_never_looser_than_the_loader(data, key):
    """Whatever an editor's schema check lets through, mlprofile reads."""
    ch = RUBRIC.by_key[key]
    answer = data.draw(_answers(key))
    answer_schema = SCHEMA["properties"]["profiles"]["patternProperties"]
    (profile,) = answer_schema.values()
    schema = {"definitions": {}, **profile["properties"]["values"]["properties"][key]}
    if jsonschema.Draft7Validator(schema).is_valid(answer):
        try:
            answer_from_toml(ch, answer)
        except ValueProblem as e:
            if "duplicates an earlier row" in str(e):
                return  # row identity is beyond JSON Schema; validate checks it
            pytest.fail(f"schema accepted what the loader refuses: {answer!r}: {e}")


# --------------------------------------------------------------------------- command line


def test_schema_command_writes_the_schema(cli, tmp_path):
    out = cli("schema")
    assert out.code == 0 and json.loads(out.out) == json.loads(json.dumps(SCHEMA))
    older = cli("schema", "--rubric", str(ROOT / "rubrics" / "mloe-05" / "1.0.0.toml"))
    assert json.loads(older.out)["properties"]["rubric"]["properties"]["version"]["enum"] == [
        "1.0.0"
    ]
    target = tmp_path / "s.json"
    assert cli("schema", "-o", target).code == 0
    assert json.loads(target.read_text()) == json.loads(out.out)


def test_schema_command_refuses_an_unknown_rubric(cli):
    r = cli("schema", "--rubric", "mloe-99")
    assert r.code == 2 and "mloe-99" in r.err and "Traceback" not in r.err


def test_new_writes_a_directive_and_the_schema_beside_it(cli, tmp_path):
    path = tmp_path / "w.mlprofile.toml"
    assert cli("new", path, "--name", "Ranker").code == 0
    text = path.read_text()
    assert text.startswith("#:schema ./mloe-05-1.1.0.schema.json\n\n")
    schema = json.loads((tmp_path / "mloe-05-1.1.0.schema.json").read_text())
    assert schema == json.loads(json.dumps(SCHEMA))
    # The directive is a comment: the file loads, edits and saves with it kept, line one.
    assert cli("set", path, "traffic.latency_class=low", "network.vpc=yes").code == 0
    assert cli("snapshot", path, "--name", "s1").code == 0
    saved = path.read_text()
    assert saved.splitlines()[0] == "#:schema ./mloe-05-1.1.0.schema.json"
    assert load_workload(path).profiles["s1"].values["traffic.latency_class"].value == "low"
    raw = tomllib.loads(saved)
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(toml_as_json(raw)))
    doc = WorkloadDocument.load(path, edit=True)
    assert doc.findings == []


def test_new_leaves_an_existing_schema_file_alone_and_can_skip_it(cli, tmp_path):
    mine = tmp_path / "mloe-05-1.1.0.schema.json"
    mine.write_text("{}\n")
    assert cli("new", tmp_path / "a.mlprofile.toml", "--name", "A").code == 0
    assert mine.read_text() == "{}\n"
    bare = tmp_path / "sub"
    bare.mkdir()
    assert cli("new", bare / "b.mlprofile.toml", "--name", "B", "--no-schema").code == 0
    assert list(bare.iterdir()) == [bare / "b.mlprofile.toml"]
    assert not (bare / "b.mlprofile.toml").read_text().startswith("#:schema")
