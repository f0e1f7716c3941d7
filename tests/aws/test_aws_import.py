"""The import against a seeded moto account: each characteristic from the call that holds it."""

from __future__ import annotations

import tomllib

import aws_recorded as recorded
import aws_seed as seed
import pytest
from aws_support import PINNED_NOW, json_out, run_cli

from mlprofile_tui.aws.importer import plan_import, run_import_job, write_import
from mlprofile_tui.core.values import check_value


def _import(workload, *endpoints, **kw):
    kw.setdefault("days", 1)  # moto computes every empty minute of a 14-day window slowly
    plan = plan_import(workload, list(endpoints), region="us-east-1", **kw)
    return run_import_job(plan)


def _values(result):
    return {k: a.value for k, a in result.values.items()}


def test_two_variant_endpoint_with_kms_capture_autoscaling_and_spiky_traffic(aws_hooks, workload):
    result = _import(workload, "churn-prod")
    v = _values(result)
    assert result.account == seed.ACCOUNT and result.region == "us-east-1"
    assert v["deployment.deployment_location"] == "sagemaker_realtime"
    assert v["deployment.model_artifact_size"] == seed.ARTIFACT_SIZE
    assert v["deployment.models_per_endpoint"] == 2
    assert v["deployment.hosting_mode"] == "single_model"
    assert v["deployment.instance_type"] == "ml.m5.xlarge, ml.c5.xlarge"
    assert v["network.kms_encryption"] == "customer_managed"
    assert v["network.multi_variant"] == "weighted"
    assert v["network.vpc"] is True
    assert v["network.network_isolation"] is False  # the BYOC challenger is not isolated
    assert v["network.image_registry"] == "ecr"
    assert v["architecture.container_source"] == "bring_your_own"  # the challenger's own image
    assert v["architecture.inference_pipeline"] == "single_endpoint"
    assert v["traffic.scaling"] == "target_tracking"
    # Only the champion's model has an Inference Recommender job: the choice is not evidenced.
    assert "'churn-byoc-v4'" in result.skipped["deployment.instance_selection"]
    # p95 from the recorded percentile answer: worst variant, microseconds -> ms.
    assert v["traffic.p95_latency_ms"] == 52
    # Spiky: a 60/min baseline with a 950/min burst every hour; the numbers are in the source.
    assert v["traffic.traffic_pattern"] == "spiky"
    assert v["traffic.peak_invocations_per_minute"] == seed.SPIKE
    tsrc = result.values["traffic.traffic_pattern"].source
    assert "CV 1.5" in tsrc and "peak 950/min" in tsrc and "Invocations Sum/60s" in tsrc
    # Matrix: champion scales to 6 (autoscaling max), challenger stays at 1; other rows kept.
    rows = {(r["environment"], r["instance_type"]): r["count"] for r in v["provisioning.matrix"]}
    assert rows[("production", "ml.m5.xlarge")] == 6
    assert rows[("production", "ml.c5.xlarge")] == 1
    assert ("staging", "ml.c5.xlarge") in rows
    # BYOC image: the framework cannot be read from its name; said so, not guessed.
    assert "churn-byoc:4.0" in result.skipped["architecture.frameworks"]
    assert "scale-out" in result.skipped["cold_start.measured_cold_start_ms"]
    assert result.complete and not result.failed


def test_every_value_is_imported_with_provenance_source_and_time(aws_hooks, workload):
    result = _import(workload, "churn-prod")
    rubric = result.plan.document.rubric
    assert result.values
    for key, answer in result.values.items():
        assert answer.provenance == "imported"
        assert answer.source
        assert answer.at == PINNED_NOW
        assert check_value(rubric.get(key), answer.value) == answer.value


def test_serverless_endpoint(aws_hooks, workload):
    result = _import(workload, "churn-serverless")
    v = _values(result)
    assert v["deployment.deployment_location"] == "serverless"
    assert v["traffic.scaling"] == "managed"
    assert v["network.network_isolation"] is True  # from the recorded DescribeModel
    assert v["network.kms_encryption"] == "aws_managed"
    assert v["network.multi_variant"] == "single"
    assert v["architecture.container_source"] == "sagemaker_prebuilt"
    assert v["architecture.frameworks"] == ["xgboost"]
    # ModelSetupTime average of the seeded cold starts: (1.8 s + 2.2 s) / 2.
    assert v["cold_start.measured_cold_start_ms"] == 2000
    assert "ModelSetupTime" in result.values["cold_start.measured_cold_start_ms"].source
    # Inference Recommender (recorded): the cheapest recommendation, NaN costs never win.
    assert v["deployment.instance_selection"] == "inference_recommender"
    src = result.values["deployment.instance_selection"].source
    assert recorded.IR_JOB in src and "recommends ml.c5.xlarge" in src
    assert v["traffic.p95_latency_ms"] == 88.5
    assert "serverless" in result.skipped["deployment.instance_type"]
    assert "provisioning.matrix" in result.skipped
    assert "Invocations" in result.skipped["traffic.traffic_pattern"]


def test_multi_model_endpoint_counts_models_under_the_prefix(aws_hooks, workload):
    v = _values(_import(workload, "mme-endpoint"))
    assert v["deployment.hosting_mode"] == "multi_model"
    assert v["deployment.models_per_endpoint"] == 3
    assert v["deployment.model_artifact_size"] == 900_000  # the largest model one load costs
    assert v["architecture.frameworks"] == ["sklearn"]


def test_two_container_serial_pipeline(aws_hooks, workload):
    result = _import(workload, "nlp-pipeline-ep")
    v = _values(result)
    assert v["architecture.inference_pipeline"] == "serial_pipeline"
    assert v["architecture.frameworks"] == ["pytorch", "sklearn"]
    assert v["architecture.container_source"] == "sagemaker_prebuilt"
    assert v["deployment.model_artifact_size"] == 5_100_000  # both containers load


def test_private_registry_image(aws_hooks, workload):
    result = _import(workload, "private-ep")
    v = _values(result)
    assert v["network.image_registry"] == "private_third_party"
    assert v["architecture.container_source"] == "bring_your_own"
    assert "registry.example.com/team/scorer:1.0" in result.skipped["architecture.frameworks"]


def test_spot_training_job_behind_the_model(aws_hooks, workload):
    result = _import(workload, "spot-ep")
    assert result.values["cost.spot_training"].value == "used_with_checkpoints"
    assert seed.SPOT_JOB in result.values["cost.spot_training"].source


def test_inference_component_endpoint_from_recorded_responses(aws_hooks, workload):
    v = _values(_import(workload, recorded.IC_ENDPOINT))
    assert v["deployment.hosting_mode"] == "inference_components"
    assert v["deployment.models_per_endpoint"] == 2
    assert v["network.vpc"] is True and v["network.network_isolation"] is True  # endpoint config
    assert v["architecture.frameworks"] == ["huggingface", "pytorch", "xgboost"]
    assert v["deployment.instance_type"] == "ml.g5.12xlarge"


def test_endpoints_that_disagree_are_not_merged_into_a_lie(aws_hooks, workload):
    result = _import(workload, "churn-prod", "churn-serverless")
    assert "endpoints disagree" in result.skipped["deployment.deployment_location"]
    assert "churn-prod=sagemaker_realtime" in result.skipped["deployment.deployment_location"]
    v = _values(result)
    assert v["deployment.instance_type"] == "ml.m5.xlarge, ml.c5.xlarge"
    assert v["network.kms_encryption"] == "aws_managed"  # the weaker of the two
    assert v["cold_start.measured_cold_start_ms"] == 2000


# ---------------------------------------------------------------------- the command


def test_dry_run_prints_the_diff_and_writes_nothing(aws_hooks, workload, capsys):
    before = workload.read_bytes()
    code, out, err = run_cli(
        ["import-aws", workload, "--endpoint", "churn-prod", "--dry-run", "--days", "1"], capsys
    )
    assert code == 0, err
    assert workload.read_bytes() == before
    assert "48.2 MB -> 3.15 MB" in out
    assert "Steady -> Spiky (bursts)" in out  # choices by their labels
    assert "dry run: nothing written" in out
    assert not list(workload.parent.glob(".*.tmp"))


def test_import_writes_atomically_and_keeps_comments(aws_hooks, workload, capsys):
    code, out, err = run_cli(
        ["import-aws", workload, "--endpoint", "churn-prod", "--days", "1"], capsys
    )
    assert code == 0, err
    assert "Steady -> Spiky (bursts)" in out and "wrote" in out
    text = workload.read_text()
    assert "# Locust run, June" in text  # a user's comment survives
    data = tomllib.loads(text)["profiles"]["current"]["values"]
    pattern = data["traffic.traffic_pattern"]
    assert pattern["value"] == "spiky" and pattern["provenance"] == "imported"
    assert pattern["at"] == PINNED_NOW and "CV" in pattern["source"]
    assert data["deployment.model_artifact_size"]["value"] == seed.ARTIFACT_SIZE
    code, out, err = run_cli(["validate", workload], capsys)
    assert code == 0, out + err


def test_json_shape(aws_hooks, workload, capsys):
    before = workload.read_bytes()
    code, out, _ = run_cli(
        ["import-aws", workload, "--endpoint", "churn-prod", "--dry-run", "--json", "--days", "1"],
        capsys,
    )
    assert code == 0
    data = json_out(out)
    assert set(data) == {"values", "skipped"}
    size = data["values"]["deployment.model_artifact_size"]
    assert size == {
        "value": seed.ARTIFACT_SIZE,
        "source": f"s3://{seed.BUCKET}/churn/v3/model.tar.gz",
        "old": 48_200_000,
    }
    assert all(set(x) == {"value", "source", "old"} for x in data["values"].values())
    assert all(isinstance(r, str) for r in data["skipped"].values())
    assert workload.read_bytes() == before


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--days", "0"], "--days"),
        (["--profile", "snapshot-2026-05-04"], "dated snapshot"),
        (["--region", "narnia"], "not an AWS Region"),
        (["--environment", "qa"], "--environment"),
    ],
)
def test_bad_input_is_refused_before_any_call(aws_hooks, workload, capsys, argv, message):
    before = workload.read_bytes()
    code, out, err = run_cli(["import-aws", workload, "--endpoint", "churn-prod", *argv], capsys)
    assert code == 2 and message in err and "Traceback" not in err
    assert workload.read_bytes() == before


def test_write_import_api_round_trip(aws_hooks, workload):
    plan = plan_import(workload, ["mme-endpoint"], region="us-east-1", days=1)
    seen = []
    result = run_import_job(plan, progress=seen.append)
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total
    assert write_import(result) == len(result.values)
    data = tomllib.loads(workload.read_text())["profiles"]["current"]["values"]
    assert data["deployment.hosting_mode"]["value"] == "multi_model"
