"""The built-in rubric covers the lens; a broken rubric is rejected with every problem listed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mlprofile_tui.core.errors import MlprofileError, RubricError
from mlprofile_tui.core.rubric import load_rubric, resolve_rubric

# DESIGN.md §1: every characteristic the ML Lens names, by the key the rubric gives it.
LENS_KEYS = [
    "deployment.model_artifact_size",
    "deployment.models_per_endpoint",
    "deployment.instance_type",
    "deployment.retraining_frequency",
    "deployment.endpoint_update_frequency",
    "deployment.deployment_location",
    "architecture.inference_pipeline",
    "architecture.frameworks",
    "architecture.container_source",
    "architecture.artifact_location",
    "architecture.serverless_evaluation",
    "traffic.traffic_pattern",
    "traffic.input_size",
    "traffic.latency_class",
    "traffic.concurrency",
    "cold_start.tolerance_ms",
    # the lens's per-stage cold-start tolerances: one total tolerance (above) and the measured
    # stages since 1.1.0, because owners can give the one and measure the others
    "cold_start.measured_setup_ms",
    "cold_start.measured_download_ms",
    "cold_start.measured_load_ms",
    "network.kms_encryption",
    "network.multi_variant",
    "network.network_isolation",
    "network.image_registry",
    "cost.spot_training",
    "cost.levers",
    "cost.pricing_comparison",
    "provisioning.matrix",
    # 2025 edition additions
    "deployment.hosting_mode",
    "deployment.quantisation",
    "deployment.context_window_tokens",
    "deployment.tokens_per_second",
    "deployment.accelerator_memory",
    "deployment.profile_review",
]


def test_builtin_rubric_covers_every_lens_characteristic():
    rubric = resolve_rubric(None)
    assert rubric.id == "mloe-05"
    assert {"MLOE-05", "MLOPS02-BP02"} <= set(rubric.practices)
    assert [g.id for g in rubric.groups] == [
        "business",
        "deployment",
        "architecture",
        "traffic",
        "cold_start",
        "network",
        "monitoring",
        "cost",
        "provisioning",
    ]
    missing = [k for k in LENS_KEYS if k not in rubric.by_key]
    assert missing == []
    assert [lv.label for lv in rubric.levels] == [
        "Below baseline",
        "Initial",
        "Repeatable",
        "Reliable",
        "Scalable",
    ]


def test_every_characteristic_can_be_asked_and_scored():
    rubric = resolve_rubric(None)
    for ch in rubric.characteristics:
        assert ch.question.endswith("?"), ch.key
        assert len(ch.help.split()) >= 15, f"{ch.key}: help should teach, not just name"
        if ch.kind == "maturity":
            assert (
                ch.rules
                or ch.thresholds
                or ch.bool_levels
                or all(c.level is not None for c in ch.choices)
            ), ch.key
        if ch.kind == "fit":
            assert ch.requirement in rubric.by_key and ch.thresholds, ch.key
    # every group has something that is scored, so no group is silently unscorable
    for g in rubric.groups:
        assert any(c.kind != "descriptive" for c in g.characteristics), g.id
    matrix = rubric.get("provisioning.matrix")
    assert set(matrix.matrix.workloads) == {
        "training",
        "processing",
        "batch_inference",
        "real_time_inference",
        "notebooks",
    }
    assert {"staging", "production"} <= set(matrix.matrix.environments)


BROKEN = textwrap.dedent("""
    id = "team"
    version = "0.1"
    title = "Broken on purpose"
    [[levels]]
    rank = 0
    id = "L0"
    label = "Low"
    [[levels]]
    rank = 1
    id = "L1"
    label = "Mid"
    [[levels]]
    rank = 2
    id = "L2"
    label = "High"

    [[groups]]
    id = "g"
    title = "G"
    [[groups.characteristics]]
    id = "latency"
    question = "Latency?"
    help = "help"
    type = "duration_ms"
    kind = "maturity"
    direction = "lower"
    thresholds = { L1 = 100, L2 = 200 }
    [[groups.characteristics]]
    id = "latency"
    question = "Again?"
    help = "help"
    type = "int"
    [[groups.characteristics]]
    id = "levers"
    question = "Levers?"
    help = "help"
    type = "multi"
    kind = "maturity"
    choices = [{ id = "a" }, { id = "b" }]
    rules = [{ count_at_least = 1, level = 1 }, { count_at_least = 2, level = 2 }]
    default = 0
    [[groups.characteristics]]
    id = "odd"
    question = "Odd?"
    help = "help"
    type = "colour"
    when = { key = "g.nowhere", equals = 1 }
""")


def test_broken_rubric_lists_every_problem_with_file_and_key(tmp_path):
    path = tmp_path / "team.toml"
    path.write_text(BROKEN)
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    problems = info.value.problems
    text = info.value.render()
    assert str(path) in text
    assert any(
        "groups[0].characteristics[0].thresholds" in p and "not monotonic" in p for p in problems
    )
    assert any("characteristics[1].id" in p and "duplicate" in p for p in problems)
    assert any("rules[1]" in p and "unreachable" in p for p in problems)
    assert any("characteristics[3].type" in p and "unknown type 'colour'" in p for p in problems)
    assert any("characteristics[3].when" in p and "g.nowhere" in p for p in problems)
    assert len(problems) == 5


def test_when_must_look_backwards_and_choices_must_exist(tmp_path):
    text = BROKEN.replace('when = { key = "g.nowhere", equals = 1 }', "") + textwrap.dedent("""
        [[groups.characteristics]]
        id = "late"
        question = "Late?"
        help = "help"
        type = "int"
        when = { key = "g.later", in = ["x"] }
        [[groups.characteristics]]
        id = "later"
        question = "Later?"
        help = "help"
        type = "enum"
        choices = [{ id = "y" }]
    """)
    path = tmp_path / "r.toml"
    path.write_text(text)
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    joined = "\n".join(info.value.problems)
    assert "asked later" in joined
    assert "has no choice 'x'" in joined


def test_unknown_rubric_id_and_version():
    with pytest.raises(MlprofileError, match="not known; built-in rubrics: mloe-05"):
        resolve_rubric("mloe-99")
    with pytest.raises(MlprofileError, match="version 9.9 is not available"):
        resolve_rubric("mloe-05", "9.9")


def test_rubric_cli_show_json_shape(cli):
    result = cli("rubric", "show", "--json")
    assert result.code == 0
    data = result.json()
    assert set(data) >= {"id", "version", "levels", "groups"}
    char = data["groups"][0]["characteristics"][0]
    assert set(char) >= {"id", "question", "help", "type", "kind", "unit", "choices"}
    assert len(data["groups"]) == 9


def test_rubric_cli_validate(cli, tmp_path):
    ok = cli("rubric", "validate", Path(__file__).parents[2] / "rubrics" / "mloe-05.toml")
    assert ok.code == 0 and "is valid" in ok.out
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN)
    result = cli("rubric", "validate", bad)
    assert result.code == 1 and result.err == ""  # findings: exit 1, the report on stdout
    assert "5 problems" in result.out and "unreachable" in result.out
