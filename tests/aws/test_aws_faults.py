"""Every fault the issue names: a clear message, a partial import that says what is missing,
no traceback, no half-written file, no secret in any output or file."""

from __future__ import annotations

import threading
import tomllib

import aws_seed as seed
import pytest
from aws_support import FAKE_KEY_ID, FAKE_SECRET, client_error, run_cli

from mlprofile_tui.aws.importer import apply_import, plan_import, run_import_job


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_):
        yield self._body


def _throttle(**kwargs):
    from botocore.awsrequest import AWSResponse

    body = b'{"__type":"ThrottlingException","message":"Rate exceeded"}'
    return AWSResponse(
        kwargs["request"].url,
        400,
        {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "throttled"},
        _Raw(body),
    )


@pytest.fixture
def fast_retries(monkeypatch):
    """Keep botocore's retry loop (attempt counting, codes) but not its sleeping."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, ctx: 0.001)


def _cli(workload, capsys, *argv):
    before = workload.read_bytes()
    code, out, err = run_cli(["import-aws", workload, "--days", "1", *argv], capsys)
    assert "Traceback" not in out + err
    return code, out, err, before


def test_no_credentials(aws_hooks, workload, capsys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, out, err, before = _cli(workload, capsys, "--endpoint", "churn-prod")
    assert code == 2
    assert "no AWS credentials found" in err and "nothing was imported" in err
    assert workload.read_bytes() == before


def test_unknown_aws_profile(aws_hooks, workload, capsys):
    code, out, err, before = _cli(
        workload, capsys, "--endpoint", "churn-prod", "--aws-profile", "nope"
    )
    assert code == 2 and "AWS profile 'nope' is not configured" in err
    assert workload.read_bytes() == before


def test_no_region(aws_hooks, workload, capsys, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    code, out, err, before = _cli(workload, capsys, "--endpoint", "churn-prod")
    assert code == 2 and "no AWS Region" in err and "--region" in err
    assert workload.read_bytes() == before


def test_named_profile_supplies_the_region(aws_hooks, monkeypatch):
    # The fixture's config file has [profile moto] with a region and, on purpose, no credentials.
    from mlprofile_tui.aws.session import AwsAccount

    monkeypatch.delenv("AWS_DEFAULT_REGION")
    assert AwsAccount("moto").region == "us-east-1"


def test_no_credentials_as_json_still_has_the_contract_shape(
    aws_hooks, workload, capsys, monkeypatch
):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    import json

    code, out, err, before = _cli(workload, capsys, "--endpoint", "churn-prod", "--json")
    data = json.loads(out)
    assert (
        code == 2
        and data["values"] == {}
        and "no AWS credentials" in data["skipped"]["network.vpc"]
    )
    assert workload.read_bytes() == before


@pytest.mark.parametrize(
    "operation, action, lost, kept",
    [
        (
            "GetMetricData",
            "cloudwatch:GetMetricData",
            [
                "traffic.traffic_pattern",
                "traffic.peak_invocations_per_minute",
                "traffic.p95_latency_ms",
            ],
            "deployment.model_artifact_size",
        ),
        (
            "HeadObject",
            "s3:HeadObject",
            ["deployment.model_artifact_size"],
            "traffic.traffic_pattern",
        ),
    ],
)
def test_access_denied_on_one_call_costs_only_what_needed_it(
    aws_hooks, workload, capsys, operation, action, lost, kept
):
    aws_hooks["extra"] = lambda op, p: (
        client_error("AccessDenied" if op == "GetMetricData" else "403", "Forbidden", 403)
        if op == operation
        else None
    )
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "churn-prod")
    assert code == 1
    for key in lost:
        assert f"! {key}: AccessDenied on {action}" in out
    assert "`mlprofile docs iam-policy`" in out
    data = tomllib.loads(workload.read_text())["profiles"]["current"]["values"]
    assert data[kept]["provenance"] == "imported"  # the partial import was written
    assert data[lost[0]]["provenance"] != "imported"  # and the rest kept what it had


def test_throttling_is_retried(aws_hooks, workload, fast_retries):
    attempts = []

    def send(event_name, **kw):
        if event_name.endswith("DescribeEndpointConfig"):
            attempts.append(1)
            if len(attempts) < 3:  # AWS_MAX_ATTEMPTS=3 in the test env: the third try succeeds
                return _throttle(**kw)
        return None

    aws_hooks["send"] = send
    result = run_import_job(plan_import(workload, ["mme-endpoint"], region="us-east-1", days=1))
    assert len(attempts) == 3
    assert result.complete and result.values["deployment.hosting_mode"].value == "multi_model"


def test_throttling_past_the_attempt_limit_is_reported(aws_hooks, workload, capsys, fast_retries):
    calls = []

    def send(event_name, **kw):
        if event_name.endswith("DescribeModel"):
            calls.append(1)
            return _throttle(**kw)
        return None

    aws_hooks["send"] = send
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "mme-endpoint")
    assert code == 1
    assert "throttled by sagemaker:DescribeModel (ThrottlingException) after 3 attempts" in out
    assert "! deployment.hosting_mode" in out
    assert "deployment.deployment_location" in out.split("Not imported")[0]  # still imported
    assert len(calls) == 3


def test_endpoint_vanishing_mid_import(aws_hooks, estate, workload, capsys):
    sm = estate["clients"]["sagemaker"]
    sm.create_endpoint_config(
        EndpointConfigName="doomed-cfg",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn-spot",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    sm.create_endpoint(EndpointName="doomed-ep", EndpointConfigName="doomed-cfg")

    def after(model, parsed, **kw):
        # Someone deletes the endpoint right after we described it.
        if model.name == "DescribeEndpoint" and parsed.get("EndpointName") == "doomed-ep":
            sm.delete_endpoint(EndpointName="doomed-ep")
            sm.delete_endpoint_config(EndpointConfigName="doomed-cfg")

    aws_hooks["after"] = after
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "doomed-ep", "--endpoint", "spot-ep")
    assert code == 1
    assert "endpoint 'doomed-ep' vanished during the import" in out
    assert "left out of the import" in out
    data = tomllib.loads(workload.read_text())["profiles"]["current"]["values"]
    assert data["cost.spot_training"]["value"] == "used_with_checkpoints"  # spot-ep still imported


def test_unknown_endpoint(aws_hooks, workload, capsys):
    code, out, err, before = _cli(workload, capsys, "--endpoint", "no-such-endpoint", "--dry-run")
    assert code == 1
    assert "endpoint 'no-such-endpoint' not found in us-east-1" in out
    assert workload.read_bytes() == before


def test_artefact_that_is_an_s3_prefix(aws_hooks, workload, capsys):
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "prefix-ep", "--dry-run")
    assert code == 0
    assert "is an S3 prefix, not one object: summed 3 objects" in out
    result = run_import_job(plan_import(workload, ["prefix-ep"], region="us-east-1", days=1))
    assert result.values["deployment.model_artifact_size"].value == sum(seed.PREFIX_SIZES)


def test_no_secret_in_any_output_or_file(aws_hooks, workload, capsys):
    leak = f"signature for {FAKE_KEY_ID} with {FAKE_SECRET} does not match"
    aws_hooks["extra"] = lambda op, p: (
        client_error("SignatureDoesNotMatch", leak) if op == "DescribeScalableTargets" else None
    )
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "churn-prod")
    text = out + err + workload.read_text()
    assert code == 1 and "SignatureDoesNotMatch" in out
    assert FAKE_SECRET not in text and FAKE_KEY_ID not in text
    for f in workload.parent.iterdir():
        assert FAKE_SECRET not in f.read_text(errors="replace")


def test_a_bug_in_one_endpoint_reader_is_a_message_not_a_traceback(aws_hooks, workload, capsys):
    def boom(op, p):
        if op == "DescribeEndpoint" and p.get("EndpointName") == "private-ep":
            raise RuntimeError("unexpected shape")
        return None

    aws_hooks["extra"] = boom
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "private-ep", "--dry-run")
    assert (
        code == 1 and "reading endpoint 'private-ep' failed: RuntimeError: unexpected shape" in out
    )


def test_cancel_writes_nothing(aws_hooks, workload):
    before = workload.read_bytes()
    cancel = threading.Event()

    def progress(p):
        cancel.set()  # the user pressed cancel as soon as the import started

    result = run_import_job(
        plan_import(workload, ["churn-prod", "mme-endpoint"], region="us-east-1", days=1),
        progress=progress,
        cancel=cancel,
    )
    assert result.cancelled and not result.values
    assert set(result.skipped.values()) == {"import cancelled"}
    assert apply_import(result) == 0
    assert workload.read_bytes() == before


def test_file_edited_during_the_import_is_not_clobbered(aws_hooks, workload, capsys):
    edited = []

    def after(model, **kw):
        if model.name == "DescribeEndpoint" and not edited:  # someone saves the file meanwhile
            workload.write_text(workload.read_text() + "\n# edited by a colleague\n")
            edited.append(True)

    aws_hooks["after"] = after
    code, out, err, _ = _cli(workload, capsys, "--endpoint", "mme-endpoint")
    assert code == 2 and "changed on disk since it was loaded" in err
    assert workload.read_text().endswith("# edited by a colleague\n")
    assert 'provenance = "imported"' not in workload.read_text()
