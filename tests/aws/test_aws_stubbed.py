"""Shapes moto cannot seed, through botocore's Stubber on real clients (responses validated
against the service model as they are served): inference components scaled to zero by copy
policies, Model Monitor without a baseline, denied reads."""

from __future__ import annotations

from datetime import UTC, datetime

import botocore.session
import pytest
from botocore.stub import Stubber

from mlprofile_tui.aws import facts as K
from mlprofile_tui.aws.calls import AwsCaller
from mlprofile_tui.aws.capacity import read_capacity
from mlprofile_tui.aws.facts import Fact, Missing, OneOf
from mlprofile_tui.aws.monitoring import model_monitor

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ARN = "arn:aws:sagemaker:us-east-1:123456789012"


class StubbedAccount:
    """What AwsCaller needs of an account: one stubbed client per service."""

    region = "us-east-1"
    identity = None

    def __init__(self) -> None:
        session = botocore.session.get_session()
        self.clients = {
            s: session.create_client(s, region_name="us-east-1")
            for s in ("sagemaker", "application-autoscaling")
        }
        self.stubs = {s: Stubber(c) for s, c in self.clients.items()}

    def client(self, service: str, region: str | None = None):
        return self.clients[service]


@pytest.fixture
def account(fake_aws):
    acct = StubbedAccount()
    for stub in acct.stubs.values():
        stub.activate()
    yield acct
    for stub in acct.stubs.values():
        stub.assert_no_pending_responses()
        stub.deactivate()


IC_EP = {
    "EndpointName": "llm-zero",
    "EndpointArn": f"{ARN}:endpoint/llm-zero",
    "EndpointConfigName": "llm-zero-cfg",
    "EndpointStatus": "InService",
    "CreationTime": T0,
    "LastModifiedTime": T0,
    "ProductionVariants": [
        {
            "VariantName": "AllTraffic",
            "CurrentInstanceCount": 0,
            "ManagedInstanceScaling": {
                "Status": "ENABLED",
                "MinInstanceCount": 0,
                "MaxInstanceCount": 2,
            },
        }
    ],
}
IC_CFG = {
    "EndpointConfigName": "llm-zero-cfg",
    "EndpointConfigArn": f"{ARN}:endpoint-config/llm-zero-cfg",
    "ProductionVariants": [
        {
            "VariantName": "AllTraffic",
            "InstanceType": "ml.g6.12xlarge",
            "InitialInstanceCount": 1,
            "ManagedInstanceScaling": {
                "Status": "ENABLED",
                "MinInstanceCount": 0,
                "MaxInstanceCount": 2,
            },
        }
    ],
    "CreationTime": T0,
}


def test_inference_components_scaled_to_zero_by_copy_policies(account):
    aas = account.stubs["application-autoscaling"]
    ids = ["endpoint/llm-zero/variant/AllTraffic", "inference-component/llm-a"]
    aas.add_response(
        "describe_scalable_targets",
        {
            "ScalableTargets": [
                {
                    "ServiceNamespace": "sagemaker",
                    "ResourceId": "inference-component/llm-a",
                    "ScalableDimension": "sagemaker:inference-component:DesiredCopyCount",
                    "MinCapacity": 0,
                    "MaxCapacity": 4,
                    "RoleARN": "arn:aws:iam::123456789012:role/aas",
                    "CreationTime": T0,
                }
            ]
        },
        {"ServiceNamespace": "sagemaker", "ResourceIds": ids},
    )
    aas.add_response(
        "describe_scaling_policies",
        {
            "ScalingPolicies": [
                {
                    "PolicyARN": "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:"
                    "1a2b3c4d-0000-0000-0000-000000000000:resource/sagemaker/"
                    "inference-component/llm-a:policyName/copies",
                    "PolicyName": "copies",
                    "ServiceNamespace": "sagemaker",
                    "ResourceId": "inference-component/llm-a",
                    "ScalableDimension": "sagemaker:inference-component:DesiredCopyCount",
                    "PolicyType": "TargetTrackingScaling",
                    "CreationTime": T0,
                }
            ]
        },
        {"ServiceNamespace": "sagemaker", "ResourceId": "inference-component/llm-a"},
    )
    found = read_capacity(
        AwsCaller(account),
        "llm-zero",
        IC_EP,
        IC_CFG,
        components=["llm-a"],
        environment="production",
        region="us-east-1",
    )
    scaling = found.facts[K.SCALING]
    assert isinstance(scaling, Fact) and scaling.value == OneOf(("scale_to_zero", "managed"))
    assert "copies" in scaling.source and "minimum 0 on AllTraffic" in scaling.source
    assert found.facts[K.INSTANCE_COUNT_MIN].value == 0
    assert found.facts[K.INSTANCE_COUNT_MAX].value == 2
    assert "MinInstanceCount 0" in found.facts[K.INSTANCE_COUNT_MIN].source
    assert "scales to zero" in found.facts[K.AVAILABILITY].reason
    assert found.matrix_rows == [
        {
            "environment": "production",
            "region": "us-east-1",
            "workload": "real_time_inference",
            "instance_type": "ml.g6.12xlarge",
            "count": 2,
        }
    ]


def test_an_endpoint_with_many_components_is_asked_about_in_batches_of_50(account):
    aas = account.stubs["application-autoscaling"]
    names = [f"ic-{i:03d}" for i in range(60)]
    ids = ["endpoint/llm-zero/variant/AllTraffic"] + [f"inference-component/{n}" for n in names]
    for batch in (ids[:50], ids[50:]):
        aas.add_response(
            "describe_scalable_targets",
            {"ScalableTargets": []},
            {"ServiceNamespace": "sagemaker", "ResourceIds": batch},
        )
    found = read_capacity(
        AwsCaller(account),
        "llm-zero",
        IC_EP,
        IC_CFG,
        components=names,
        environment="production",
        region="us-east-1",
    )
    assert found.facts[K.SCALING].value == "fixed"
    assert found.facts[K.INSTANCE_COUNT_MAX].value == 2


def test_denied_scaling_reads_cost_only_the_capacity_answers(account):
    account.stubs["application-autoscaling"].add_client_error(
        "describe_scalable_targets", service_error_code="AccessDeniedException"
    )
    found = read_capacity(
        AwsCaller(account),
        "llm-zero",
        IC_EP,
        IC_CFG,
        components=[],
        environment="production",
        region="us-east-1",
    )
    for key in (K.SCALING, K.INSTANCE_COUNT_MIN, K.INSTANCE_COUNT_MAX, K.AVAILABILITY):
        miss = found.facts[key]
        assert isinstance(miss, Missing) and miss.fault
        assert "AccessDenied on application-autoscaling:DescribeScalableTargets" in miss.reason
    assert isinstance(found.matrix_rows, Missing)


def _summary(name: str, status: str = "Scheduled", kind: str = "DataQuality") -> dict:
    return {
        "MonitoringScheduleName": name,
        "MonitoringScheduleArn": f"{ARN}:monitoring-schedule/{name}",
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "MonitoringScheduleStatus": status,
        "EndpointName": "churn-prod",
        "MonitoringJobDefinitionName": f"{name}-def",
        "MonitoringType": kind,
    }


def test_a_data_quality_schedule_without_a_baseline_is_not_imported(account):
    sm = account.stubs["sagemaker"]
    sm.add_response(
        "list_monitoring_schedules",
        {"MonitoringScheduleSummaries": [_summary("dq"), _summary("bias", kind="ModelBias")]},
        {"EndpointName": "churn-prod"},
    )
    sm.add_response(
        "describe_data_quality_job_definition",
        {
            "JobDefinitionArn": f"{ARN}:data-quality-job-definition/dq-def",
            "JobDefinitionName": "dq-def",
            "CreationTime": T0,
            "DataQualityAppSpecification": {"ImageUri": "monitor:latest"},
            "DataQualityJobInput": {
                "EndpointInput": {"EndpointName": "churn-prod", "LocalPath": "/opt/ml/in"}
            },
            "DataQualityJobOutputConfig": {
                "MonitoringOutputs": [
                    {"S3Output": {"S3Uri": "s3://b/reports", "LocalPath": "/opt/ml/out"}}
                ]
            },
            "JobResources": {
                "ClusterConfig": {
                    "InstanceCount": 1,
                    "InstanceType": "ml.m5.xlarge",
                    "VolumeSizeInGB": 20,
                }
            },
            "RoleArn": "arn:aws:iam::123456789012:role/monitor",
        },
        {"JobDefinitionName": "dq-def"},
    )
    reading = model_monitor(AwsCaller(account), "churn-prod")
    assert isinstance(reading, Missing) and not reading.fault
    assert "DataQuality dq (Scheduled); ModelBias bias (Scheduled)" in reading.reason
    assert "baseline" in reading.reason


def test_denied_model_monitor_read_is_a_failed_call(account):
    account.stubs["sagemaker"].add_client_error(
        "list_monitoring_schedules", service_error_code="AccessDeniedException"
    )
    reading = model_monitor(AwsCaller(account), "churn-prod")
    assert isinstance(reading, Missing) and reading.fault
    assert "AccessDenied on sagemaker:ListMonitoringSchedules" in reading.reason
