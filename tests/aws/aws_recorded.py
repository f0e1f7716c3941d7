"""Responses for what moto 5.2.5 cannot serve, shaped as botocore's service models say.

Parsed-response dicts (not HTTP cassettes: the wire protocol changes between botocore
versions, the parsed shape does not). ``test_aws_recorded_shapes`` validates each one against
the operation's output shape, as botocore's Stubber would.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aws_seed import ACCOUNT, BUCKET, ROLE, XGB_IMAGE

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ARN = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}"
TGI_IMAGE = (
    "763104351884.dkr.ecr.us-east-1.amazonaws.com/"
    "huggingface-pytorch-tgi-inference:2.1-tgi2.0-gpu-py310"
)
IR_JOB = "churn-xgb-v3-ir-2026-11"
P95_MICROS = {"churn-prod": [41_000.0, 52_000.0], "churn-serverless": [88_500.0]}

# moto hard-codes EnableNetworkIsolation=False; AWS returns what was set.
DESCRIBE_MODEL = {
    "churn-xgb-v3": {
        "ModelName": "churn-xgb-v3",
        "ModelArn": f"{ARN}:model/churn-xgb-v3",
        "PrimaryContainer": {
            "Image": XGB_IMAGE,
            "ModelDataUrl": f"s3://{BUCKET}/churn/v3/model.tar.gz",
            "Mode": "SingleModel",
        },
        "ExecutionRoleArn": ROLE,
        "CreationTime": T0,
        "EnableNetworkIsolation": True,
        "VpcConfig": {
            "SecurityGroupIds": ["sg-0123456789abcdef0"],
            "Subnets": ["subnet-0123456789abcdef0"],
        },
    },
}

# An inference-component endpoint: moto cannot create one (variants without ModelName), and it
# drops VpcConfig and EnableNetworkIsolation on endpoint configs.
IC_ENDPOINT = "llm-ic"
SHADOW_ENDPOINT = "churn-shadow"
DESCRIBE_ENDPOINT = {
    IC_ENDPOINT: {
        "EndpointName": IC_ENDPOINT,
        "EndpointArn": f"{ARN}:endpoint/{IC_ENDPOINT}",
        "EndpointConfigName": f"{IC_ENDPOINT}-cfg",
        "EndpointStatus": "InService",
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "CurrentInstanceCount": 2,
                "DesiredInstanceCount": 2,
                "CurrentWeight": 1.0,
                "DesiredWeight": 1.0,
                "ManagedInstanceScaling": {
                    "Status": "ENABLED",
                    "MinInstanceCount": 1,
                    "MaxInstanceCount": 4,
                },
            }
        ],
    },
    # Shadow testing: moto drops ShadowProductionVariants from configs and endpoints.
    SHADOW_ENDPOINT: {
        "EndpointName": SHADOW_ENDPOINT,
        "EndpointArn": f"{ARN}:endpoint/{SHADOW_ENDPOINT}",
        "EndpointConfigName": f"{SHADOW_ENDPOINT}-cfg",
        "EndpointStatus": "InService",
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "ProductionVariants": [
            {"VariantName": "champion", "CurrentInstanceCount": 2, "DesiredInstanceCount": 2}
        ],
        "ShadowProductionVariants": [
            {"VariantName": "shadow", "CurrentInstanceCount": 1, "DesiredInstanceCount": 1}
        ],
    },
}
DESCRIBE_ENDPOINT_CONFIG = {
    f"{IC_ENDPOINT}-cfg": {
        "EndpointConfigName": f"{IC_ENDPOINT}-cfg",
        "EndpointConfigArn": f"{ARN}:endpoint-config/{IC_ENDPOINT}-cfg",
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "InstanceType": "ml.g5.12xlarge",
                "InitialInstanceCount": 2,
                "RoutingConfig": {"RoutingStrategy": "LEAST_OUTSTANDING_REQUESTS"},
                "ManagedInstanceScaling": {
                    "Status": "ENABLED",
                    "MinInstanceCount": 1,
                    "MaxInstanceCount": 4,
                },
            }
        ],
        "CreationTime": T0,
        "ExecutionRoleArn": ROLE,
        "EnableNetworkIsolation": True,
        "VpcConfig": {
            "SecurityGroupIds": ["sg-0123456789abcdef0"],
            "Subnets": ["subnet-0123456789abcdef0"],
        },
    },
}
DESCRIBE_ENDPOINT_CONFIG[f"{SHADOW_ENDPOINT}-cfg"] = {
    "EndpointConfigName": f"{SHADOW_ENDPOINT}-cfg",
    "EndpointConfigArn": f"{ARN}:endpoint-config/{SHADOW_ENDPOINT}-cfg",
    "ProductionVariants": [
        {
            "VariantName": "champion",
            "ModelName": "churn-xgb-v3",
            "InstanceType": "ml.m5.xlarge",
            "InitialInstanceCount": 2,
        }
    ],
    "ShadowProductionVariants": [
        {
            "VariantName": "shadow",
            "ModelName": "churn-byoc-v4",
            "InstanceType": "ml.c5.xlarge",
            "InitialInstanceCount": 1,
        }
    ],
    "DataCaptureConfig": {
        "EnableCapture": False,
        "InitialSamplingPercentage": 50,
        "DestinationS3Uri": f"s3://{BUCKET}/capture/",
        "CaptureOptions": [{"CaptureMode": "Input"}],
    },
    "CreationTime": T0,
}

LIST_INFERENCE_COMPONENTS = {
    IC_ENDPOINT: {
        "InferenceComponents": [
            {
                "InferenceComponentName": "llm-base",
                "InferenceComponentArn": f"{ARN}:inference-component/llm-base",
                "EndpointName": IC_ENDPOINT,
                "EndpointArn": f"{ARN}:endpoint/{IC_ENDPOINT}",
                "VariantName": "AllTraffic",
                "InferenceComponentStatus": "InService",
                "CreationTime": T0,
                "LastModifiedTime": T0,
            },
            {
                "InferenceComponentName": "churn-ic",
                "InferenceComponentArn": f"{ARN}:inference-component/churn-ic",
                "EndpointName": IC_ENDPOINT,
                "EndpointArn": f"{ARN}:endpoint/{IC_ENDPOINT}",
                "VariantName": "AllTraffic",
                "InferenceComponentStatus": "InService",
                "CreationTime": T0,
                "LastModifiedTime": T0,
            },
        ]
    },
}
DESCRIBE_INFERENCE_COMPONENT = {
    "llm-base": {
        "InferenceComponentName": "llm-base",
        "InferenceComponentArn": f"{ARN}:inference-component/llm-base",
        "EndpointName": IC_ENDPOINT,
        "EndpointArn": f"{ARN}:endpoint/{IC_ENDPOINT}",
        "VariantName": "AllTraffic",
        "Specification": {
            "Container": {
                "DeployedImage": {"SpecifiedImage": TGI_IMAGE, "ResolvedImage": TGI_IMAGE},
                "ArtifactUrl": f"s3://{BUCKET}/churn/v3/model.tar.gz",
            },
            "ComputeResourceRequirements": {
                "NumberOfAcceleratorDevicesRequired": 4.0,
                "MinMemoryRequiredInMb": 65536,
            },
        },
        "RuntimeConfig": {"DesiredCopyCount": 1, "CurrentCopyCount": 1},
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "InferenceComponentStatus": "InService",
    },
    "churn-ic": {
        "InferenceComponentName": "churn-ic",
        "InferenceComponentArn": f"{ARN}:inference-component/churn-ic",
        "EndpointName": IC_ENDPOINT,
        "EndpointArn": f"{ARN}:endpoint/{IC_ENDPOINT}",
        "VariantName": "AllTraffic",
        "Specification": {
            "ModelName": "churn-xgb-v3",
            "ComputeResourceRequirements": {
                "MinMemoryRequiredInMb": 2048,
                "NumberOfCpuCoresRequired": 1.0,
            },
        },
        "RuntimeConfig": {"DesiredCopyCount": 2, "CurrentCopyCount": 2},
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "InferenceComponentStatus": "InService",
    },
}

# Inference Recommender (moto: not implemented).
LIST_IR_JOBS = {
    "churn-xgb-v3": {
        "InferenceRecommendationsJobs": [
            {
                "JobName": IR_JOB,
                "JobDescription": "default job",
                "JobType": "Default",
                "JobArn": f"{ARN}:inference-recommendations-job/{IR_JOB}",
                "Status": "COMPLETED",
                "CreationTime": T0,
                "CompletionTime": T0,
                "RoleArn": ROLE,
                "LastModifiedTime": T0,
                "ModelName": "churn-xgb-v3",
            }
        ]
    },
}
DESCRIBE_IR_JOB = {
    IR_JOB: {
        "JobName": IR_JOB,
        "JobType": "Default",
        "JobArn": f"{ARN}:inference-recommendations-job/{IR_JOB}",
        "RoleArn": ROLE,
        "Status": "COMPLETED",
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "InputConfig": {"ModelName": "churn-xgb-v3"},
        "InferenceRecommendations": [
            {
                "RecommendationId": "rec-1",
                "Metrics": {
                    "CostPerHour": 0.23,
                    "CostPerInference": 0.0000011,
                    "MaxInvocations": 3500,
                    "ModelLatency": 18,
                },
                "EndpointConfiguration": {
                    "EndpointName": "ir-1",
                    "VariantName": "v1",
                    "InstanceType": "ml.c5.xlarge",
                    "InitialInstanceCount": 1,
                },
                "ModelConfiguration": {},
            },
            {
                "RecommendationId": "rec-2",
                "Metrics": {
                    "CostPerHour": 0.115,
                    "CostPerInference": float("nan"),
                    "MaxInvocations": 0,
                    "ModelLatency": 0,
                },
                "EndpointConfiguration": {
                    "EndpointName": "ir-2",
                    "VariantName": "v2",
                    "InstanceType": "ml.m5.large",
                    "InitialInstanceCount": 1,
                },
                "ModelConfiguration": {},
            },
        ],
    },
}


# Service Quotas for sagemaker: moto models only vpc. Applied quotas come in two pages.
def _quota(name: str, code: str, value: float) -> dict:
    return {
        "ServiceCode": "sagemaker",
        "ServiceName": "Amazon SageMaker",
        "QuotaCode": code,
        "QuotaArn": f"arn:aws:servicequotas:us-east-1:{ACCOUNT}:sagemaker/{code}",
        "QuotaName": name,
        "Value": value,
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
    }


APPLIED_QUOTA_PAGES = [
    {
        "Quotas": [_quota("ml.m5.xlarge for endpoint usage", "L-2F737F8D", 4.0)],
        "NextToken": "page-2",
    },
    {"Quotas": [_quota("ml.c5.xlarge for endpoint usage", "L-C1B9A48D", 10.0)]},
]
DEFAULT_QUOTAS = {
    "Quotas": [
        _quota("ml.m5.xlarge for endpoint usage", "L-2F737F8D", 2.0),
        _quota("ml.c5.xlarge for endpoint usage", "L-C1B9A48D", 2.0),
        _quota("ml.c5.2xlarge for endpoint usage", "L-1D4B9B5A", 2.0),
        _quota("ml.m5.large for endpoint usage", "L-0F5E8D5B", 4.0),
        _quota("ml.m5.xlarge for training job usage", "L-8A2F6E1C", 0.0),
        _quota("ml.m5.xlarge for processing job usage", "L-5B9E3D7A", 4.0),
    ]
}


# Model Monitor (moto: not implemented). churn-prod: a data-quality schedule with a named job
# definition (its baseline there) and a model-quality one; mme-endpoint: an older schedule that
# carries its own job definition; spot-ep: a stopped one.
def _schedule(name: str, endpoint: str, kind: str | None, status: str, definition: str = ""):
    s = {
        "MonitoringScheduleName": name,
        "MonitoringScheduleArn": f"{ARN}:monitoring-schedule/{name}",
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "MonitoringScheduleStatus": status,
        "EndpointName": endpoint,
    }
    if kind:
        s["MonitoringType"] = kind
    if definition:
        s["MonitoringJobDefinitionName"] = definition
    return s


BASELINE = f"s3://{BUCKET}/monitoring/baseline/constraints.json"
LIST_MONITORING_SCHEDULES = {
    "churn-prod": {
        "MonitoringScheduleSummaries": [
            _schedule("churn-dq", "churn-prod", "DataQuality", "Scheduled", "churn-dq-def"),
            _schedule("churn-mq", "churn-prod", "ModelQuality", "Scheduled", "churn-mq-def"),
        ]
    },
    "mme-endpoint": {
        "MonitoringScheduleSummaries": [
            _schedule("mme-dq-legacy", "mme-endpoint", None, "Scheduled"),
        ]
    },
    "spot-ep": {
        "MonitoringScheduleSummaries": [
            _schedule("spot-dq", "spot-ep", "DataQuality", "Stopped", "spot-dq-def"),
        ]
    },
}
_MONITOR_IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
_MONITOR_OUTPUT = {
    "MonitoringOutputs": [
        {"S3Output": {"S3Uri": f"s3://{BUCKET}/monitoring/reports", "LocalPath": "/opt/ml/out"}}
    ]
}
_MONITOR_RESOURCES = {
    "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 20}
}
DESCRIBE_DATA_QUALITY_JOB_DEFINITION = {
    "churn-dq-def": {
        "JobDefinitionArn": f"{ARN}:data-quality-job-definition/churn-dq-def",
        "JobDefinitionName": "churn-dq-def",
        "CreationTime": T0,
        "DataQualityBaselineConfig": {"ConstraintsResource": {"S3Uri": BASELINE}},
        "DataQualityAppSpecification": {"ImageUri": _MONITOR_IMAGE},
        "DataQualityJobInput": {
            "EndpointInput": {"EndpointName": "churn-prod", "LocalPath": "/opt/ml/processing/in"}
        },
        "DataQualityJobOutputConfig": _MONITOR_OUTPUT,
        "JobResources": _MONITOR_RESOURCES,
        "RoleArn": ROLE,
    },
}
DESCRIBE_MONITORING_SCHEDULE = {
    "mme-dq-legacy": {
        "MonitoringScheduleArn": f"{ARN}:monitoring-schedule/mme-dq-legacy",
        "MonitoringScheduleName": "mme-dq-legacy",
        "MonitoringScheduleStatus": "Scheduled",
        "MonitoringType": "DataQuality",
        "CreationTime": T0,
        "LastModifiedTime": T0,
        "EndpointName": "mme-endpoint",
        "MonitoringScheduleConfig": {
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
            "MonitoringJobDefinition": {
                "BaselineConfig": {"ConstraintsResource": {"S3Uri": BASELINE}},
                "MonitoringInputs": [
                    {
                        "EndpointInput": {
                            "EndpointName": "mme-endpoint",
                            "LocalPath": "/opt/ml/processing/in",
                        }
                    }
                ],
                "MonitoringOutputConfig": _MONITOR_OUTPUT,
                "MonitoringResources": _MONITOR_RESOURCES,
                "MonitoringAppSpecification": {"ImageUri": _MONITOR_IMAGE},
                "RoleArn": ROLE,
            },
        },
    },
}


# Processing jobs (moto 5.2.5 lists and describes them but drops ProcessingResources and stamps
# its own clock's times). Times around the pinned now (2026-11-26T12:00Z); listed newest first
# in two pages, as ListProcessingJobs with SortOrder=Descending pages them.
def _job(name, instance_type, count, created, start=None, end=None, status="Completed"):
    describe = {
        "ProcessingJobName": name,
        "ProcessingJobArn": f"{ARN}:processing-job/{name}",
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceCount": count,
                "InstanceType": instance_type,
                "VolumeSizeInGB": 30,
            }
        },
        "AppSpecification": {"ImageUri": SKLEARN_PROCESSING_IMAGE},
        "RoleArn": ROLE,
        "ProcessingJobStatus": status,
        "CreationTime": created,
        "LastModifiedTime": end or start or created,
    }
    if start is not None:
        describe["ProcessingStartTime"] = start
    if end is not None:
        describe["ProcessingEndTime"] = end
    summary = {
        "ProcessingJobName": name,
        "ProcessingJobArn": describe["ProcessingJobArn"],
        "CreationTime": created,
        "LastModifiedTime": describe["LastModifiedTime"],
        "ProcessingJobStatus": status,
    }
    if end is not None:
        summary["ProcessingEndTime"] = end
    return summary, describe


SKLEARN_PROCESSING_IMAGE = (
    "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
)
_DAY = datetime(2026, 11, 26, tzinfo=UTC)
PROCESSING_JOBS = [  # newest first
    # Running now on a GPU instance type: counted until now.
    _job(
        "churn-embed",
        "ml.g4dn.xlarge",
        1,
        _DAY.replace(hour=10, minute=55),
        _DAY.replace(hour=11),
        status="InProgress",
    ),
    # Failed before any instance started: nothing ran.
    _job(
        "churn-bad-input",
        "ml.m5.4xlarge",
        4,
        _DAY.replace(hour=10, minute=20),
        end=_DAY.replace(hour=10, minute=21),
        status="Failed",
    ),
    # Starts the moment churn-features-b ends: no overlap with it.
    _job(
        "churn-eval",
        "ml.m5.xlarge",
        1,
        _DAY.replace(hour=10, minute=8),
        _DAY.replace(hour=10, minute=10),
        _DAY.replace(hour=10, minute=30),
    ),
    # churn-features-a and -b overlap from 09:30 to 09:40: 2 + 3 instances at once.
    _job(
        "churn-features-b",
        "ml.m5.xlarge",
        3,
        _DAY.replace(hour=9, minute=28),
        _DAY.replace(hour=9, minute=30),
        _DAY.replace(hour=10, minute=10),
    ),
    _job(
        "churn-features-a",
        "ml.m5.xlarge",
        2,
        _DAY.replace(hour=8, minute=58),
        _DAY.replace(hour=9),
        _DAY.replace(hour=9, minute=40),
    ),
    # A week old: outside a one-day import window.
    _job(
        "churn-backfill",
        "ml.c5.9xlarge",
        8,
        datetime(2026, 11, 19, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 19, 9, 5, tzinfo=UTC),
        datetime(2026, 11, 19, 13, 0, tzinfo=UTC),
    ),
]
PROCESSING_PEAKS = {"ml.m5.xlarge": 5, "ml.g4dn.xlarge": 1}  # within one day of the pinned now
LIST_PROCESSING_JOBS_PAGE = 3  # summaries per page
DESCRIBE_PROCESSING_JOB = {d["ProcessingJobName"]: d for _s, d in PROCESSING_JOBS}
