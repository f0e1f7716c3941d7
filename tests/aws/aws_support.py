"""Helpers for the AWS tests: recorded answers for moto's gaps, fake credentials, the CLI.

A module of its own (not conftest) so test files can import it by a name no other test folder
uses.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import aws_recorded as recorded

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "fraud-scorer.mlprofile.toml"
# The fraud example as rubric 1.0.0 wrote it (frozen when 1.1.0 shipped): the importer's 1.0.0
# behaviour is tested on it, as teams' 1.0.0 files keep importing.
EXAMPLE_1_0 = (
    Path(__file__).resolve().parents[1]
    / "core"
    / "data"
    / "rubric-1.0.0"
    / "fraud-scorer.mlprofile.toml"
)
FAKE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PINNED_NOW = "2026-11-26T12:00:00Z"
S3_KEY = "team/fraud.mlprofile.toml"
"""Where the ``s3`` and ``seeded`` fixtures keep the workload in their bucket."""


def ok_response(parsed: dict):
    from botocore.awsrequest import AWSResponse

    body = dict(parsed)
    body.setdefault("ResponseMetadata", {"HTTPStatusCode": 200, "RetryAttempts": 0})
    return AWSResponse("https://recorded.invalid/", 200, {}, None), body


def client_error(code: str, message: str, status: int = 400):
    from botocore.awsrequest import AWSResponse

    parsed = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status, "RetryAttempts": 0},
    }
    return AWSResponse("https://recorded.invalid/", status, {}, None), parsed


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_):
        yield self._body


def access_denied(request, **_):
    """A ``before-send`` hook answering with S3's own 403 AccessDenied (moto does not apply a
    bucket policy to listings)."""
    from botocore.awsrequest import AWSResponse

    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
        b"<Message>Access Denied</Message></Error>"
    )
    return AWSResponse(request.url, 403, {"x-amz-request-id": "denied"}, _Raw(body))


def _api_params(context) -> dict:
    return context.get("mlprofile_test_params", {})


def _remember_params(params, context, **_):
    context["mlprofile_test_params"] = params


def recorded_response(operation: str, params: dict):
    """The recorded parsed response for a call moto cannot serve, or None to let moto answer."""
    if operation == "DescribeModel":
        found = recorded.DESCRIBE_MODEL.get(params.get("ModelName"))
        return ok_response(found) if found else None
    if operation == "DescribeEndpoint":
        found = recorded.DESCRIBE_ENDPOINT.get(params.get("EndpointName"))
        return ok_response(found) if found else None
    if operation == "DescribeEndpointConfig":
        found = recorded.DESCRIBE_ENDPOINT_CONFIG.get(params.get("EndpointConfigName"))
        return ok_response(found) if found else None
    if operation == "ListInferenceComponents":
        return ok_response(
            recorded.LIST_INFERENCE_COMPONENTS.get(
                params.get("EndpointNameEquals"), {"InferenceComponents": []}
            )
        )
    if operation == "DescribeInferenceComponent":
        return ok_response(recorded.DESCRIBE_INFERENCE_COMPONENT[params["InferenceComponentName"]])
    if operation == "ListInferenceRecommendationsJobs":
        return ok_response(
            recorded.LIST_IR_JOBS.get(
                params.get("ModelNameEquals"), {"InferenceRecommendationsJobs": []}
            )
        )
    if operation == "DescribeInferenceRecommendationsJob":
        return ok_response(recorded.DESCRIBE_IR_JOB[params["JobName"]])
    if operation == "ListMonitoringSchedules":
        return ok_response(
            recorded.LIST_MONITORING_SCHEDULES.get(
                params.get("EndpointName"), {"MonitoringScheduleSummaries": []}
            )
        )
    if operation == "DescribeDataQualityJobDefinition":
        return ok_response(
            recorded.DESCRIBE_DATA_QUALITY_JOB_DEFINITION[params["JobDefinitionName"]]
        )
    if operation == "DescribeMonitoringSchedule":
        return ok_response(recorded.DESCRIBE_MONITORING_SCHEDULE[params["MonitoringScheduleName"]])
    if operation == "ListProcessingJobs":
        return _processing_jobs(params)
    if operation == "DescribeProcessingJob":
        found = recorded.DESCRIBE_PROCESSING_JOB.get(params.get("ProcessingJobName"))
        return ok_response(found) if found else None
    if operation == "GetMetricData":
        return _percentiles(params)
    if operation == "ListServiceQuotas" and params.get("ServiceCode") == "sagemaker":
        page = 1 if params.get("NextToken") == "page-2" else 0
        return ok_response(recorded.APPLIED_QUOTA_PAGES[page])
    if operation == "ListAWSDefaultServiceQuotas" and params.get("ServiceCode") == "sagemaker":
        return ok_response(recorded.DEFAULT_QUOTAS)
    return None


def _processing_jobs(params: dict):
    """ListProcessingJobs as AWS pages it: newest first, CreationTimeAfter honoured."""
    after = params.get("CreationTimeAfter")
    summaries = [
        s for s, _d in recorded.PROCESSING_JOBS if after is None or s["CreationTime"] > after
    ]
    assert params.get("SortBy") == "CreationTime" and params.get("SortOrder") == "Descending"
    start = int(params.get("NextToken") or 0)
    end = start + recorded.LIST_PROCESSING_JOBS_PAGE
    page = {"ProcessingJobSummaries": summaries[start:end]}
    if end < len(summaries):
        page["NextToken"] = str(end)
    return ok_response(page)


def _percentiles(params: dict):
    """moto crashes on percentile statistics; answer those, let moto answer Sum/Average."""
    queries = params.get("MetricDataQueries", [])
    if not any(q.get("MetricStat", {}).get("Stat", "").startswith("p") for q in queries):
        return None
    results = []
    for q in queries:
        dims = {d["Name"]: d["Value"] for d in q["MetricStat"]["Metric"]["Dimensions"]}
        values = recorded.P95_MICROS.get(dims.get("EndpointName"), [])
        idx = int(q["Id"].lstrip("lat") or 0)
        vals = values[idx : idx + 1]
        results.append(
            {
                "Id": q["Id"],
                "Label": q["MetricStat"]["Metric"]["MetricName"],
                "Timestamps": [params["StartTime"]] * len(vals),
                "Values": vals,
                "StatusCode": "Complete",
            }
        )
    return ok_response({"MetricDataResults": results, "Messages": []})


def install_recorded(events, extra=None) -> None:
    """Register the hooks on a boto3 session's event system (clients inherit them)."""
    events.register("before-parameter-build", _remember_params)

    def before_call(model, context, **_):
        params = _api_params(context)
        if extra is not None:
            answer = extra(model.name, params)
            if answer is not None:
                return answer
        return recorded_response(model.name, params)

    events.register("before-call", before_call)


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    from mlprofile_tui.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def json_out(text: str) -> dict:
    return json.loads(text, parse_constant=lambda c: math.nan)
