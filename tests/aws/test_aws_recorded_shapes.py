"""The recorded responses are shaped as botocore's service models say (as Stubber checks)."""

from __future__ import annotations

import math

import aws_recorded as recorded
import botocore.session
import pytest
from botocore.validate import ParamValidator

CASES = (
    [("sagemaker", "DescribeModel", r) for r in recorded.DESCRIBE_MODEL.values()]
    + [("sagemaker", "DescribeEndpoint", r) for r in recorded.DESCRIBE_ENDPOINT.values()]
    + [
        ("sagemaker", "DescribeEndpointConfig", r)
        for r in recorded.DESCRIBE_ENDPOINT_CONFIG.values()
    ]
    + [
        ("sagemaker", "ListInferenceComponents", r)
        for r in recorded.LIST_INFERENCE_COMPONENTS.values()
    ]
    + [
        ("sagemaker", "DescribeInferenceComponent", r)
        for r in recorded.DESCRIBE_INFERENCE_COMPONENT.values()
    ]
    + [("sagemaker", "ListInferenceRecommendationsJobs", r) for r in recorded.LIST_IR_JOBS.values()]
    + [
        ("sagemaker", "DescribeInferenceRecommendationsJob", r)
        for r in recorded.DESCRIBE_IR_JOB.values()
    ]
    + [
        ("sagemaker", "ListMonitoringSchedules", r)
        for r in recorded.LIST_MONITORING_SCHEDULES.values()
    ]
    + [
        ("sagemaker", "DescribeDataQualityJobDefinition", r)
        for r in recorded.DESCRIBE_DATA_QUALITY_JOB_DEFINITION.values()
    ]
    + [
        ("sagemaker", "DescribeMonitoringSchedule", r)
        for r in recorded.DESCRIBE_MONITORING_SCHEDULE.values()
    ]
    + [
        ("sagemaker", "ListProcessingJobs", {"ProcessingJobSummaries": [s]})
        for s, _d in recorded.PROCESSING_JOBS
    ]
    + [("sagemaker", "DescribeProcessingJob", d) for d in recorded.DESCRIBE_PROCESSING_JOB.values()]
    + [("service-quotas", "ListServiceQuotas", r) for r in recorded.APPLIED_QUOTA_PAGES]
    + [("service-quotas", "ListAWSDefaultServiceQuotas", recorded.DEFAULT_QUOTAS)]
)


def _finite(value):
    """NaN is what the service sends for unknown metrics; the validator wants a float, fine."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return 0.0 if isinstance(value, float) and math.isnan(value) else value


@pytest.mark.parametrize(
    "service, operation, response", CASES, ids=[f"{s}.{o}" for s, o, _ in CASES]
)
def test_recorded_response_matches_the_output_shape(service, operation, response):
    model = botocore.session.get_session().get_service_model(service).operation_model(operation)
    report = ParamValidator().validate(_finite(response), model.output_shape)
    assert not report.has_errors(), report.generate_report()
