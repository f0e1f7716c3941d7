"""Importing into rubric 1.1.0 files: what 1.1.0 added where AWS holds it, in 1.1.0's words,
and the shapes real accounts have (shadow variants, inference components with managed instance
scaling, models from the registry, asynchronous endpoints scaled to zero on NVMe instances).

moto serves what it implements (the seeded estate); recorded responses serve the rest."""

from __future__ import annotations

import tomllib

import aws_recorded as recorded
import aws_seed as seed
from aws_support import PINNED_NOW

from mlprofile_tui.aws import facts as K
from mlprofile_tui.aws.importer import apply_import, plan_import, run_import_job, write_import
from mlprofile_tui.core.document import WorkloadDocument
from mlprofile_tui.core.values import check_value

ONLY_1_1 = (
    K.ACCELERATOR_CLASS,
    K.INSTANCE_COUNT_MIN,
    K.INSTANCE_COUNT_MAX,
    K.AVAILABILITY,
    K.SERVERLESS_MEMORY,
    K.SERVERLESS_MAX_CONCURRENCY,
    K.SERVERLESS_PROVISIONED,
    K.DATA_CAPTURE_PCT,
    K.MODEL_MONITOR,
)


def _import(workload, *endpoints, **kw):
    kw.setdefault("days", 1)
    return run_import_job(plan_import(workload, list(endpoints), region="us-east-1", **kw))


def _values(result):
    return {k: a.value for k, a in result.values.items()}


def test_two_variant_endpoint_in_1_1_words(aws_hooks, workload_1_1):
    result = _import(workload_1_1, "churn-prod")
    v = _values(result)
    # Champion: autoscaling 2..6; challenger: 1 instance, not scaled. Summed over the variants.
    assert v[K.INSTANCE_COUNT_MIN] == 3 and v[K.INSTANCE_COUNT_MAX] == 7
    src = result.values[K.INSTANCE_COUNT_MIN].source
    assert "endpoint/churn-prod/variant/champion" in src and "MinCapacity 2" in src
    assert "challenger CurrentInstanceCount 1" in src
    # The challenger alone serves its share: one instance is one Availability Zone.
    assert v[K.AVAILABILITY] == "single_instance"
    assert v[K.ACCELERATOR_CLASS] == "cpu"
    assert v[K.DATA_CAPTURE_PCT] == 20
    assert v[K.KMS] == "customer_managed"
    # AWS's prebuilt XGBoost image and the team's own ECR image: the weaker is plain ECR.
    assert v[K.IMAGE_REGISTRY] == "ecr"
    # A scheduled data-quality check against baseline constraints; the source lists all.
    assert v[K.MODEL_MONITOR] == "scheduled_data_quality"
    msrc = result.values[K.MODEL_MONITOR].source
    assert "DataQuality churn-dq (Scheduled)" in msrc and "ModelQuality churn-mq" in msrc
    assert recorded.BASELINE in msrc
    assert "no ServerlessConfig" in result.skipped[K.SERVERLESS_MEMORY]
    assert result.complete and not result.failed
    rubric = result.plan.rubric
    assert rubric.version == "1.1.0"
    for key, answer in result.values.items():
        assert answer.provenance == "imported" and answer.source and answer.at == PINNED_NOW
        assert check_value(rubric.get(key), answer.value) == answer.value


def test_serverless_endpoint_in_1_1(aws_hooks, workload_1_1):
    result = _import(workload_1_1, "churn-serverless")
    v = _values(result)
    assert (v[K.SERVERLESS_MEMORY], v[K.SERVERLESS_MAX_CONCURRENCY]) == (2048, 20)
    assert v[K.SERVERLESS_PROVISIONED] == 2
    assert "ServerlessConfig.MemorySizeInMB" in result.values[K.SERVERLESS_MEMORY].source
    # 1.1.0 has no "managed" scaling: serverless scaling is not applicable there.
    assert "scales by itself" in result.skipped[K.SCALING]
    assert "does not capture data" in result.skipped[K.DATA_CAPTURE_PCT]
    assert "does not support Model Monitor" in result.skipped[K.MODEL_MONITOR]
    assert "serverless" in result.skipped[K.ACCELERATOR_CLASS]
    assert v[K.KMS] == "s3_default"  # no key anywhere: the defaults
    assert v[K.IMAGE_REGISTRY] == "aws_prebuilt"
    assert not result.failed


def test_async_endpoint_scaled_to_zero_on_nvme_with_output_key(aws_hooks, workload_1_1, estate):
    result = _import(workload_1_1, "async-ep")
    v = _values(result)
    assert v[K.DEPLOYMENT_LOCATION] == "sagemaker_async"
    assert v[K.ACCELERATOR_CLASS] == "gpu"  # ml.g4dn: the g is the GPU series, not Graviton
    # g4dn has local NVMe storage (hardware-encrypted, no volume key); the output has the key.
    assert v[K.KMS] == "instance_storage_plus_cmk"
    ksrc = result.values[K.KMS].source
    assert "local NVMe instance storage on ml.g4dn.xlarge" in ksrc
    assert f"async output key {estate['key_arn']}" in ksrc
    assert v[K.SCALING] == "scale_to_zero"
    assert "minimum 0 on AllTraffic" in result.values[K.SCALING].source
    assert v[K.INSTANCE_COUNT_MIN] == 0 and v[K.INSTANCE_COUNT_MAX] == 3
    assert "scales to zero" in result.skipped[K.AVAILABILITY]
    assert v[K.DATA_CAPTURE_PCT] == 0
    rows = {(r["environment"], r["instance_type"]): r["count"] for r in v[K.MATRIX]}
    assert rows[("production", "ml.g4dn.xlarge")] == 3
    assert not result.failed


def test_async_endpoint_into_1_0_keeps_1_0_words(aws_hooks, workload):
    v = _values(_import(workload, "async-ep"))
    assert v[K.KMS] == "customer_managed"  # 1.0.0 has no instance-storage choice
    assert v[K.SCALING] == "managed"  # 1.0.0: "managed by the service (asynchronous to zero)"


def test_model_created_from_a_registry_version(aws_hooks, workload_1_1, estate):
    called = []
    aws_hooks["after"] = lambda model, context, **kw: called.append(
        (model.name, context.get("mlprofile_test_params"))
    )
    result = _import(workload_1_1, "registry-ep")
    v = _values(result)
    # The package holds the image and the artefact; DescribeModel only names the package.
    assert ("DescribeModelPackage", {"ModelPackageName": estate["package_arn"]}) in called
    assert v[K.FRAMEWORKS] == ["xgboost"]
    assert v[K.CONTAINER_SOURCE] == "sagemaker_prebuilt"
    assert v[K.ARTIFACT_SIZE] == seed.ARTIFACT_SIZE
    assert v[K.IMAGE_REGISTRY] == "aws_prebuilt"


def test_shadow_variant_is_billed_in_the_matrix_not_counted_as_serving(aws_hooks, workload_1_1):
    result = _import(workload_1_1, recorded.SHADOW_ENDPOINT)
    v = _values(result)
    assert v[K.MULTI_VARIANT] == "shadow"
    rows = {(r["environment"], r["instance_type"]): r["count"] for r in v[K.MATRIX]}
    assert rows[("production", "ml.m5.xlarge")] == 2
    assert rows[("production", "ml.c5.xlarge")] == 1  # the shadow's instance
    assert v[K.INSTANCE_COUNT_MIN] == 2 and v[K.INSTANCE_COUNT_MAX] == 2
    assert "shadow variants shadow not counted" in result.values[K.INSTANCE_COUNT_MIN].source
    assert "Availability Zones" in result.skipped[K.AVAILABILITY]  # 2 instances: AZs unseen
    assert v[K.DATA_CAPTURE_PCT] == 0  # EnableCapture false, whatever the percentage says
    # The shadow's own model runs in the account: its image and missing isolation count.
    assert v[K.CONTAINER_SOURCE] == "bring_your_own"
    assert v[K.NETWORK_ISOLATION] is False


def test_inference_components_with_managed_instance_scaling(aws_hooks, workload_1_1):
    result = _import(workload_1_1, recorded.IC_ENDPOINT)
    v = _values(result)
    assert v[K.HOSTING_MODE] == "inference_components"
    assert v[K.INSTANCE_COUNT_MIN] == 1 and v[K.INSTANCE_COUNT_MAX] == 4
    assert "ManagedInstanceScaling" in result.values[K.INSTANCE_COUNT_MAX].source
    assert v[K.AVAILABILITY] == "single_instance"
    assert v[K.ACCELERATOR_CLASS] == "gpu"
    # ml.g5 has NVMe storage and the config names no other key: defaults, said why.
    assert v[K.KMS] == "s3_default"
    assert "encrypted in hardware" in result.values[K.KMS].source
    rows = {(r["environment"], r["instance_type"]): r["count"] for r in v[K.MATRIX]}
    assert rows[("production", "ml.g5.12xlarge")] == 4


def test_model_monitor_schedules(aws_hooks, workload_1_1):
    legacy = _import(workload_1_1, "mme-endpoint")
    assert legacy.values[K.MODEL_MONITOR].value == "scheduled_data_quality"
    assert "mme-dq-legacy" in legacy.values[K.MODEL_MONITOR].source
    stopped = _import(workload_1_1, "spot-ep")
    assert "DataQuality spot-dq (Stopped)" in stopped.skipped[K.MODEL_MONITOR]
    assert K.MODEL_MONITOR not in stopped.failed
    none = _import(workload_1_1, "prefix-ep")
    assert "no Model Monitor schedule on prefix-ep" in none.skipped[K.MODEL_MONITOR]


# ---------------------------------------------------------------------- 1.0.0 files


def test_a_1_0_file_gets_only_1_0_keys(aws_hooks, workload):
    before = tomllib.loads(workload.read_text())
    result = _import(workload, "churn-prod", "async-ep")
    assert not set(ONLY_1_1) & (set(result.values) | set(result.skipped))
    assert not set(ONLY_1_1) & {c.key for c in result.diff}
    write_import(result)
    after = tomllib.loads(workload.read_text())
    assert after["rubric"] == before["rubric"]
    written = after["profiles"]["current"]["values"]
    assert not set(ONLY_1_1) & set(written)


def test_applying_a_1_1_result_to_a_1_0_document_writes_only_what_1_0_has(
    aws_hooks, workload, workload_1_1
):
    result = _import(workload_1_1, "churn-prod")
    assert set(ONLY_1_1) & set(result.values)
    doc = WorkloadDocument.load(workload, edit=True)
    n = apply_import(result, doc)
    values = doc.workload.profile("current").values
    assert not set(ONLY_1_1) & set(values)
    # 1.1.0's words that 1.0.0 does not offer are left out too (ecr is in both), and so is
    # 1.1.0's matrix: its rows name the account, a column 1.0.0 does not have.
    assert values[K.IMAGE_REGISTRY].value == "ecr"
    assert any("account" in r for r in result.values[K.MATRIX].value)
    assert all("account" not in r for r in values[K.MATRIX].value)
    assert n == len([k for k in result.values if k not in ONLY_1_1 and k != K.MATRIX])


def test_a_denied_model_package_costs_only_the_model_answers(aws_hooks, workload_1_1):
    from aws_support import client_error

    aws_hooks["extra"] = lambda op, params: (
        client_error("AccessDeniedException", "no") if op == "DescribeModelPackage" else None
    )
    result = _import(workload_1_1, "registry-ep")
    assert "AccessDenied on sagemaker:DescribeModelPackage" in result.skipped[K.FRAMEWORKS]
    assert K.ARTIFACT_SIZE in result.failed
    assert result.values[K.INSTANCE_TYPE].value == "ml.m5.large"


def test_the_command_into_a_1_1_file(aws_hooks, workload_1_1, capsys):
    from aws_support import json_out, run_cli

    before = workload_1_1.read_bytes()
    code, out, err = run_cli(
        [
            "import-aws",
            workload_1_1,
            "--endpoint",
            "async-ep",
            "--days",
            "1",
            "--dry-run",
            "--json",
        ],
        capsys,
    )
    assert code == 0, err
    data = json_out(out)
    assert set(data) == {"values", "skipped"}  # the contract: keys added, never renamed
    assert data["values"][K.KMS]["value"] == "instance_storage_plus_cmk"
    assert data["values"][K.INSTANCE_COUNT_MIN]["value"] == 0
    assert workload_1_1.read_bytes() == before
    code, out, err = run_cli(
        ["import-aws", workload_1_1, "--endpoint", "async-ep", "--days", "1"], capsys
    )
    assert code == 0, err
    written = tomllib.loads(workload_1_1.read_text())["profiles"]["current"]["values"]
    assert written[K.SCALING]["value"] == "scale_to_zero"
    assert written[K.SCALING]["provenance"] == "imported"
    code, out, err = run_cli(["validate", workload_1_1], capsys)
    assert code == 0, out + err
