"""The command line through its entry point: commands, --json shapes, exit codes, bad input."""

from __future__ import annotations

import hashlib
import json
import textwrap

import pytest


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- happy paths


def test_new_set_show_score(cli, tmp_path):
    path = tmp_path / "w.mlprofile.toml"
    assert cli("new", path, "--name", "Ranker", "--owner", "search").code == 0
    assert "# ML workload profile" in path.read_text()
    r = cli(
        "set",
        path,
        "deployment.model_artifact_size=1.2GB",
        "traffic.p95_latency_ms=250ms",
        "network.vpc=yes",
        "architecture.frameworks=pytorch,sklearn",
        "network.network_isolation=unknown",
        "cost.spot_training=n/a:no training in this account",
        "--provenance",
        "measured",
    )
    assert r.code == 0, r.err
    shown = cli("show", path, "--json").json()
    assert shown["profile"] == "current"
    assert shown["workload"]["name"] == "Ranker"
    v = shown["values"]
    assert v["deployment.model_artifact_size"] == {
        "state": "value",
        "value": 1_200_000_000,
        "provenance": "measured",
        "source": None,
        "rationale": None,
        "reason": None,
        "inherited": False,
    }
    assert v["traffic.p95_latency_ms"]["value"] == 250
    assert v["network.vpc"]["value"] is True
    assert v["architecture.frameworks"]["value"] == ["pytorch", "sklearn"]
    assert v["network.network_isolation"]["state"] == "unknown"
    assert v["cost.spot_training"]["state"] == "not_applicable"
    assert v["cost.spot_training"]["reason"] == "no training in this account"
    assert v["traffic.traffic_pattern"]["state"] == "unanswered"
    score = cli("score", path, "--json").json()
    assert score["profile"] == "current"
    assert set(score["overall"]) >= {"level", "label", "score", "completeness", "optimistic_level"}
    assert score["overall"]["level"] == 0 and score["overall"]["label"] == "Below baseline"
    assert 0 < score["overall"]["completeness"] < 1
    assert score["groups"]["network"]["blockers"][0]["key"] in (
        "network.network_isolation",
        "network.kms_encryption",
    )
    human = cli("score", path)
    assert "Below baseline" in human.out and "draft" in human.out


def test_branch_set_with_rationale_compare_and_validate(cli, fraud):
    r = cli(
        "branch",
        fraud,
        "--from",
        "current",
        "--name",
        "serverless",
        "--rationale",
        "Idle at night; try pay-per-request.",
    )
    assert r.code == 0
    r = cli("set", fraud, "--profile", "serverless", "deployment.deployment_location=serverless")
    assert "no rationale yet" in r.out
    warn = cli("validate", fraud)
    assert "warning" in warn.out and "without a rationale" in warn.out
    r = cli(
        "set",
        fraud,
        "-p",
        "serverless",
        "deployment.deployment_location=serverless",
        "--rationale",
        "Traffic is idle 60 % of the time.",
    )
    assert r.code == 0 and "no rationale" not in r.out
    # what the target still inherits contradicts serverless: validate says so, naming each
    clash = cli("validate", fraud)
    assert clash.code == 1
    for name in ("serverless_in_vpc", "serverless_serial_pipeline", "serverless_data_capture"):
        assert f"contradiction {name}" in clash.out
    r = cli(
        "set",
        fraud,
        "-p",
        "serverless",
        "network.vpc=false",
        "network.network_isolation=false",
        "architecture.inference_pipeline=single_endpoint",
        "monitoring.data_capture_pct=0",
        "--rationale",
        "What Serverless Inference offers: no VPC, no isolation, one container, no capture.",
    )
    assert r.code == 0, r.err
    assert cli("validate", fraud, "--strict").code == 0
    data = cli("compare", fraud, "--profiles", "current,serverless", "--json").json()
    assert data["profiles"] == ["current", "serverless"]
    row = next(r for r in data["rows"] if r["key"] == "deployment.deployment_location")
    assert row == {
        "key": "deployment.deployment_location",
        "values": {"current": "sagemaker_realtime", "serverless": "serverless"},
        "states": {"current": "value", "serverless": "value"},
        "levels": {"current": None, "serverless": None},
        "deltas": {"current": None, "serverless": None},
        "differs": True,
        "rationale": {"current": None, "serverless": "Traffic is idle 60 % of the time."},
    }
    # skip logic: the instance type no longer applies to a serverless deployment
    inst = next(r for r in data["rows"] if r["key"] == "deployment.instance_type")
    assert inst["differs"] is False
    assert set(data["summary"]["serverless"]["overall"]) >= {"level", "score", "completeness"}
    diff_only = cli(
        "compare", fraud, "--profiles", "current,serverless", "--json", "--diff-only"
    ).json()
    assert [r["key"] for r in diff_only["rows"]] == [
        "deployment.deployment_location",
        "architecture.inference_pipeline",
        "network.vpc",
        "network.network_isolation",
        "monitoring.data_capture_pct",
    ]


def test_compare_human_output_shows_deltas_and_rationale(cli, examples):
    out = cli("compare", examples["fraud-scorer"], "--diff-only").out
    assert "reliable" in out and "graviton" in out and "▲" in out
    assert "Recommender" in out  # the rationale (wrapped in its narrow column)


def test_snapshot_keeps_history(cli, fraud):
    assert cli("snapshot", fraud).code == 0
    assert cli("snapshot", fraud).code == 0
    data = cli("export", fraud, "--format", "json").json()
    assert {"snapshot-2026-11-26", "snapshot-2026-11-26-2"} <= set(data["profiles"])
    assert cli("snapshot", fraud, "--name", "current").code == 2


def test_check_gate(cli, examples):
    ok = cli("check", examples["fraud-scorer"], "--min-level", "2")
    assert ok.code == 0 and "ok" in ok.out
    below = cli("check", examples["fraud-scorer"], "--min-level", "L3")
    assert below.code == 1
    assert "provisioning.quota_headroom" in below.out
    assert (
        cli("check", examples["fraud-scorer"], "--min-level", "3", "--profile", "reliable").code
        == 0
    )


def test_export_markdown_and_json(cli, examples, tmp_path):
    md = cli("export", examples["llm-assistant"], "--format", "markdown").out
    assert md.startswith("# ML workload profile: Support assistant LLM")
    assert "### Why inf2-int8" in md and "INT8 weights on Inferentia2" in md
    assert "| Provisioning matrix |" in md
    out = tmp_path / "doc.json"
    assert cli("export", examples["llm-assistant"], "--format", "json", "-o", out).code == 0
    data = json.loads(out.read_text())
    assert data["practices"] == ["MLOE-05", "MLOPS02-BP02"]
    assert data["comparison"]["profiles"] == ["current", "inf2-int8", "inference-components"]


def test_validate_many_files(cli, examples):
    r = cli("validate", *examples.values())
    assert r.code == 0
    assert r.out.count(": ok (0 errors, 0 warnings)") == len(examples)
    data = cli("validate", *examples.values(), "--json").json()
    assert data["ok"] is True


def test_without_a_terminal_no_argument_prints_the_overview_of_a_bundled_example(cli):
    r = cli()  # captured output is not a terminal: no full-screen app
    assert r.code == 0
    assert "current" in r.out and "target ← current" in r.out


# --------------------------------------------------------------------------- bad input

WORKLOAD_HEAD = 'format = 1\n[rubric]\nid = "mloe-05"\nversion = "1.0.0"\n[workload]\nname = "x"\n'


def _bad_files(tmp_path, fraud):
    text = fraud.read_text()
    cases = {
        "malformed": ("format = 1\n[workload\nname = 'x'\n", ["show"], ":2:10: malformed TOML"),
        "empty": ("", ["score"], "file is empty"),
        "not-a-workload": ('[tool.poetry]\nname = "x"\n', ["show"], "is not an mlprofile workload"),
        "unknown-key": (
            text.replace('"network.vpc" = { value = true', '"network.vpcc" = { value = true', 1),
            ["show"],
            'values."network.vpcc": unknown characteristic',
        ),
        "wrong-type": (
            text.replace(
                '"deployment.models_per_endpoint" = { value = 1,',
                '"deployment.models_per_endpoint" = { value = "one",',
                1,
            ),
            ["score"],
            "expected a whole number, got 'one'",
        ),
        "bad-choice": (
            text.replace(
                '"deployment.update_automation" = { value = "scripted"',
                '"deployment.update_automation" = { value = "yolo"',
                1,
            ),
            ["show"],
            "valid choices: manual, scripted",
        ),
        "negative": (
            text.replace("value = 41000000,", "value = -41000000,", 1),
            ["show"],
            "must not be negative",
        ),
        "no-base": (
            text.replace('based_on = "reliable"', 'based_on = "ghost"'),
            ["compare"],
            "'ghost', which does not exist",
        ),
        "cycle": (
            text.replace('based_on = "current"', 'based_on = "graviton"'),
            ["score", "--profile", "graviton"],
            "based_on cycle",
        ),
        "rubric-id": (
            text.replace('id = "mloe-05"', 'id = "mloe-99"'),
            ["show"],
            "'mloe-99' is not known",
        ),
        "rubric-version": (
            text.replace('version = "1.1.0"', 'version = "2.0"'),
            ["show"],
            "version 2.0 is not available",
        ),
        "format": (
            text.replace("format = 1", "format = 9", 1),
            ["show"],
            "written by a newer mlprofile",
        ),
        "na-no-reason": (
            WORKLOAD_HEAD + "[profiles.current]\n[profiles.current.values]\n"
            '"network.vpc" = { state = "not_applicable" }\n',
            ["show"],
            "needs a reason",
        ),
    }
    for name, (content, args, message) in cases.items():
        path = tmp_path / f"{name}.mlprofile.toml"
        path.write_text(content)
        yield name, path, args, message
    garbage = tmp_path / "garbage.mlprofile.toml"
    garbage.write_bytes(bytes(range(256)) * 4)
    yield "garbage", garbage, ["show"], "binary file"
    latin = tmp_path / "latin.mlprofile.toml"
    latin.write_bytes(WORKLOAD_HEAD.replace('"x"', '"caf\xe9"').encode("latin-1"))
    yield "latin-1", latin, ["show"], "not UTF-8"


def test_every_bad_file_gets_one_clear_message_and_exit_2(cli, tmp_path, fraud):
    for name, path, args, message in _bad_files(tmp_path, fraud):
        before = digest(path)
        r = cli(args[0], path, *args[1:])
        assert r.code == 2, (name, r.err)
        assert message in r.err, (name, r.err)
        assert str(path) in r.err, name
        assert r.err.startswith("mlprofile: error: ") and r.err.count("\n") == 1, (name, r.err)
        assert "Traceback" not in r.err
        assert digest(path) == before, name


@pytest.mark.parametrize(
    "assignment, message",
    [
        ("deployment.model_size=3GB", "did you mean deployment.model_artifact_size"),
        ("deployment.models_per_endpoint=abc", "expected a whole number, got 'abc'"),
        ("deployment.models_per_endpoint=0", "must be at least 1, got 0"),
        (
            "deployment.update_automation=yolo",
            "valid choices: manual, scripted, pipeline_with_approval",
        ),
        ("deployment.model_artifact_size=-5GB", "must not be negative"),
        ("traffic.p95_latency_ms=12parsecs", "unknown unit 'parsecs'"),
        ("network.vpc=perhaps", "expected true or false"),
        ("network.vpc=n/a", "needs a reason"),
        ("provisioning.matrix=production:mars-1:training:ml.m5.large:2", "not an AWS Region"),
        (
            "provisioning.matrix=production:us-east-1:training:m5.large:2",
            "not a SageMaker instance type",
        ),
        (
            "provisioning.matrix=production:us-east-1:training:ml.m5.large:-1",
            "count must be a whole number >= 0",
        ),
        ("novalue", "expected KEY=VALUE"),
    ],
)
def test_set_refuses_bad_values_and_writes_nothing(cli, fraud, assignment, message):
    before = digest(fraud)
    # a good assignment first: nothing may be written unless all of them are good
    r = cli("set", fraud, "network.vpc=false", assignment)
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.err
    assert digest(fraud) == before


def test_new_refuses_to_overwrite(cli, fraud):
    before = digest(fraud)
    r = cli("new", fraud, "--name", "again")
    assert r.code == 2 and "already exists" in r.err
    assert digest(fraud) == before


def test_new_with_unknown_rubric(cli, tmp_path):
    r = cli("new", tmp_path / "w.toml", "--name", "x", "--rubric", "mloe-99")
    assert r.code == 2 and "not known" in r.err
    assert not (tmp_path / "w.toml").exists()


def test_set_refuses_to_clobber_a_concurrent_edit(cli, fraud, monkeypatch):
    """Someone saves between our load and our save: the command fails and their edit stays."""
    from mlprofile_tui.core import workload as wl

    real_save = wl.WorkloadDocument.save

    def racing_save(self, *a, **k):
        fraud.write_text(fraud.read_text() + "\n# edited by a colleague\n")
        return real_save(self, *a, **k)

    monkeypatch.setattr(wl.WorkloadDocument, "save", racing_save)
    r = cli("set", fraud, "network.vpc=false")
    assert r.code == 2 and "changed on disk" in r.err
    assert fraud.read_text().endswith("# edited by a colleague\n")
    assert "value = true" in fraud.read_text().split('"network.vpc"')[2]


def test_usage_errors_exit_2(cli):
    assert cli("show").code == 2
    assert cli("frobnicate-this.toml").code == 2
    r = cli("export", "x.toml", "--format", "pdf")
    assert r.code == 2 and "invalid choice" in r.err


def test_real_process_has_no_traceback_and_the_right_codes(cli_process, tmp_path, examples):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        textwrap.dedent("""\
        format = 1
        [workload
    """)
    )
    r = cli_process("score", bad)
    assert r.code == 2 and "malformed TOML" in r.err and "Traceback" not in r.err
    r = cli_process("check", examples["fraud-scorer"], "--min-level", "4")
    assert r.code == 1
    r = cli_process("score", examples["fraud-scorer"], "--json")
    assert r.code == 0 and json.loads(r.out)["overall"]["level"] == 2


@pytest.mark.parametrize("assignment", [b"\xff=1", b"workload.owner=caf\xe9"])
def test_an_argument_that_is_not_utf8_is_one_message_exit_2(cli_process, fraud, assignment):
    before = digest(fraud)
    r = cli_process("set", fraud, assignment)
    assert r.code == 2 and "Traceback" not in r.err
    assert r.err.splitlines() == [
        f"mlprofile: error: argument 3 ({assignment.decode('utf-8', 'backslashreplace')}) is not "
        "valid UTF-8 text; mlprofile reads its arguments as UTF-8 (check the terminal's or the "
        "script's encoding)"
    ]
    assert digest(fraud) == before


def test_a_lone_surrogate_in_argv_is_refused_before_parsing(cli, fraud):
    r = cli("show", fraud, "--group", "\udcff")
    assert r.code == 2 and "argument 4 (\\xff) is not valid UTF-8 text" in r.err


def test_unwritable_output_is_one_line_exit_2(cli, examples, tmp_path):
    r = cli(
        "export",
        examples["fraud-scorer"],
        "--format",
        "json",
        "-o",
        tmp_path / "nowhere" / "x.json",
    )
    assert r.code == 2 and "does not exist" in r.err and "Traceback" not in r.err


def test_editing_commands_report_malformed_toml_like_the_readers(cli, tmp_path):
    bad = tmp_path / "bad.mlprofile.toml"
    bad.write_text("format = 1\n[workload\nname = 'x'\n")
    before = digest(bad)
    for args in (
        ["set", bad, "network.vpc=true"],
        ["branch", bad, "--from", "current", "--name", "x", "--rationale", "y"],
        ["snapshot", bad],
    ):
        r = cli(*args)
        assert r.code == 2 and ":2:10: malformed TOML: Expected ']'" in r.err, r.err
    assert digest(bad) == before
