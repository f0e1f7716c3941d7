"""`mlprofile set` and where a value comes from: --provenance and --source, and a rationale
changed alone that leaves the answer's provenance as it was."""

from __future__ import annotations

import tomllib

KEY = "deployment.model_artifact_size"  # measured in the example, with its S3 source


def _answer(path, profile, key=KEY):
    return tomllib.loads(path.read_text(encoding="utf-8"))["profiles"][profile]["values"][key]


def test_a_rationale_alone_keeps_provenance_and_source(cli, fraud):
    before = _answer(fraud, "current")
    assert before["provenance"] == "measured"
    result = cli("set", fraud, f"{KEY}=48200000", "--rationale", "re-checked the object")
    assert result.code == 0, result.err
    after = _answer(fraud, "current")
    assert after == {**before, "rationale": "re-checked the object"}


def test_the_same_value_in_other_units_is_the_same_answer(cli, fraud):
    assert cli("set", fraud, f"{KEY}=48.2MB", "-r", "same object").code == 0
    assert _answer(fraud, "current")["provenance"] == "measured"


def test_a_changed_value_is_declared_unless_told(cli, fraud):
    assert cli("set", fraud, f"{KEY}=50MB").code == 0
    changed = _answer(fraud, "current")
    assert changed["provenance"] == "declared" and "source" not in changed
    assert cli("set", fraud, f"{KEY}=~50MB").code == 0
    assert _answer(fraud, "current")["provenance"] == "estimated"


def test_provenance_and_source_are_what_was_given(cli, fraud):
    result = cli(
        "set", fraud, f"{KEY}=48200000", "--provenance", "declared", "--source", "model card"
    )
    assert result.code == 0, result.err
    answer = _answer(fraud, "current")
    assert answer["provenance"] == "declared" and answer["source"] == "model card"
    assert cli("set", fraud, f"{KEY}=~48MB", "--provenance", "measured").code == 2
