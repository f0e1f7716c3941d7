"""Read-only by construction: the guard refuses writes before they are built, on every client."""

from __future__ import annotations

import pytest

from mlprofile_tui.aws.readonly import ReadOnlyViolation, is_read_operation
from mlprofile_tui.aws.session import SERVICES, AwsAccount


@pytest.mark.parametrize(
    "op, ok",
    [
        ("DescribeEndpoint", True),
        ("ListModels", True),
        ("GetMetricData", True),
        ("HeadObject", True),
        ("DeleteEndpoint", False),
        ("CreateModel", False),
        ("UpdateEndpoint", False),
        ("PutMetricData", False),
        ("InvokeEndpoint", False),
        ("StopTrainingJob", False),
        ("RequestServiceQuotaIncrease", False),
        ("AssumeRole", False),
        ("Decrypt", False),
    ],
)
def test_only_describe_list_get_head(op, ok):
    assert is_read_operation(op) is ok


def test_guard_refuses_writes_and_nothing_reaches_the_account(aws_hooks, estate):
    account = AwsAccount(region="us-east-1")
    sm = account.client("sagemaker")
    with pytest.raises(ReadOnlyViolation, match="refused sagemaker:DeleteEndpoint"):
        sm.delete_endpoint(EndpointName="churn-prod")
    with pytest.raises(ReadOnlyViolation, match="refused s3:PutObject"):
        account.client("s3").put_object(Bucket="acme-ml-artifacts", Key="x", Body=b"x")
    with pytest.raises(
        ReadOnlyViolation, match="refused service-quotas:RequestServiceQuotaIncrease"
    ):
        account.client("service-quotas").request_service_quota_increase(
            ServiceCode="sagemaker", QuotaCode="L-2F737F8D", DesiredValue=10.0
        )
    # The raw (unguarded) seeding client still sees the endpoint: the delete never left.
    assert estate["clients"]["sagemaker"].describe_endpoint(EndpointName="churn-prod")[
        "EndpointName"
    ]
    assert sm.describe_endpoint(EndpointName="churn-prod")["EndpointName"] == "churn-prod"


def test_every_client_is_guarded(aws_hooks, estate):
    account = AwsAccount(region="us-east-1")
    for service in SERVICES:
        client = account.client(service)
        assert client is account.client(service)  # one client per service and Region
        write = next(
            op for op in client.meta.service_model.operation_names if not is_read_operation(op)
        )
        method = getattr(
            client,
            client.meta.method_to_api_mapping
            and {v: k for k, v in client.meta.method_to_api_mapping.items()}[write],
        )
        with pytest.raises(ReadOnlyViolation):
            method()


def test_a_full_import_calls_only_read_operations(aws_hooks, workload):
    from mlprofile_tui.aws.importer import plan_import, run_import_job

    called = []
    aws_hooks["after"] = lambda model, **kw: called.append(model.name)
    result = run_import_job(
        plan_import(
            workload,
            [
                "churn-prod",
                "churn-serverless",
                "mme-endpoint",
                "nlp-pipeline-ep",
                "spot-ep",
                "llm-ic",
                "prefix-ep",
            ],
            region="us-east-1",
            days=1,
        )
    )
    assert result.values
    assert called and all(is_read_operation(op) for op in called), sorted(set(called))
    assert {"GetCallerIdentity", "DescribeEndpoint", "GetMetricData", "HeadObject"} <= set(called)


def test_the_shipped_iam_policy_grants_every_action_the_importer_calls(
    aws_hooks, workload, workload_1_1, accounts_workload, capsys
):
    """docs/iam-policy.json is least privilege for what the code really calls, no less
    (rubric 1.1.0 imports read more: Model Monitor schedules, Processing jobs)."""
    import json
    from pathlib import Path

    from aws_support import run_cli

    from mlprofile_tui.aws.importer import plan_import, run_import_job

    policy = json.loads((Path(__file__).parents[2] / "docs" / "iam-policy.json").read_text())
    granted = {a for st in policy["Statement"] for a in st["Action"]}
    called = set()

    def record(model, **kw):
        client_name = model.service_model.service_name  # "sagemaker", "service-quotas", ...
        prefix = {"service-quotas": "servicequotas"}.get(client_name, client_name)
        name = {"HeadObject": "GetObject", "ListObjectsV2": "ListBucket"}.get(
            model.name, model.name
        )
        called.add(f"{prefix}:{name}")

    aws_hooks["after"] = record
    for target in (workload, workload_1_1):
        run_import_job(
            plan_import(
                target,
                ["churn-prod", "churn-serverless", "mme-endpoint", "llm-ic", "spot-ep"]
                + ["registry-ep", "async-ep"],
                region="us-east-1",
                days=1,
            )
        )
    assert run_cli(["quotas", workload], capsys)[0] in (0, 1)
    # Processing jobs are read where the rubric's matrix has their row; the recorded ones are
    # dated around the pinned now.
    from datetime import datetime

    from aws_support import PINNED_NOW

    now = datetime.fromisoformat(PINNED_NOW.replace("Z", "+00:00"))
    result = run_import_job(plan_import(accounts_workload, ["churn-prod"], days=1), now=now)
    assert "provisioning.matrix" in result.values, result.skipped
    called.discard("sts:GetCallerIdentity")  # needs no permission
    assert called <= granted, sorted(called - granted)
    assert granted <= called, f"granted but never needed: {sorted(granted - called)}"


def test_retries_are_standard_mode_with_an_explicit_total(aws_hooks, monkeypatch):
    from mlprofile_tui.aws.session import DEFAULT_TOTAL_ATTEMPTS

    assert AwsAccount(region="us-east-1").config.retries == {
        "mode": "standard",
        "total_max_attempts": 3,
    }
    monkeypatch.delenv("AWS_MAX_ATTEMPTS")
    retries = AwsAccount(region="us-east-1").config.retries
    assert retries == {"mode": "standard", "total_max_attempts": DEFAULT_TOTAL_ATTEMPTS}
