"""A realistic SageMaker estate in moto: what the import tests and the bench read.

Instance types are ones moto's hard-coded list accepts (it refuses ml.g5.*, which AWS accepts).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecutionRole"
BUCKET = "acme-ml-artifacts"
ARTIFACT_SIZE = 3_145_728
XGB_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
BYOC_IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-byoc:4.0"
SKLEARN_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
TORCH_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310"
PRIVATE_IMAGE = "registry.example.com/team/scorer:1.0"
SPOT_OUTPUT = f"s3://{BUCKET}/training"
SPOT_JOB = "churn-train-spot"
SPOT_ARTIFACT = f"{SPOT_OUTPUT}/{SPOT_JOB}/output/model.tar.gz"
PREFIX_ARTIFACT = f"s3://{BUCKET}/exported/churn-v5"  # a folder, not one object
PREFIX_SIZES = (1_000_000, 2_500_000, 500_000)
BASELINE, SPIKE = 60, 950  # per minute on churn-prod: spiky
MINUTES = 240
PACKAGE_GROUP = "churn"  # the model registry group registry-ep's model was created from
ASYNC_OUTPUT = f"s3://{BUCKET}/async-output/"


def clients(boto3, **kw):
    names = ("sagemaker", "s3", "kms", "cloudwatch", "application-autoscaling")
    return {n: boto3.client(n, region_name=REGION, **kw) for n in names}


def seed(c: dict, *, now: datetime | None = None) -> dict:
    """Create the estate; returns facts the tests assert against (key ARN, ...)."""
    sm, s3, kms, cw = c["sagemaker"], c["s3"], c["kms"], c["cloudwatch"]
    key = kms.create_key(Description="ml endpoint key")["KeyMetadata"]
    kms.create_alias(AliasName="alias/ml-endpoint", TargetKeyId=key["KeyId"])
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="churn/v3/model.tar.gz", Body=b"\0" * ARTIFACT_SIZE)
    s3.put_object(Bucket=BUCKET, Key="churn/v4/model.tar.gz", Body=b"\0" * 2_000_000)
    s3.put_object(
        Bucket=BUCKET, Key="training/churn-train-spot/output/model.tar.gz", Body=b"\0" * 1_500_000
    )
    for i, size in enumerate((400_000, 900_000, 650_000)):
        s3.put_object(Bucket=BUCKET, Key=f"mme/model-{i}.tar.gz", Body=b"\0" * size)
    for i, size in enumerate(PREFIX_SIZES):
        s3.put_object(Bucket=BUCKET, Key=f"exported/churn-v5/part-{i}.bin", Body=b"\0" * size)
    s3.put_object(Bucket=BUCKET, Key="pipeline/preprocess.tar.gz", Body=b"\0" * 100_000)
    s3.put_object(Bucket=BUCKET, Key="pipeline/model.tar.gz", Body=b"\0" * 5_000_000)

    vpc = {"SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0123456789abcdef0"]}
    sm.create_model(
        ModelName="churn-xgb-v3",
        ExecutionRoleArn=ROLE,
        VpcConfig=vpc,
        EnableNetworkIsolation=True,
        PrimaryContainer={
            "Image": XGB_IMAGE,
            "ModelDataUrl": f"s3://{BUCKET}/churn/v3/model.tar.gz",
        },
    )
    sm.create_model(
        ModelName="churn-byoc-v4",
        ExecutionRoleArn=ROLE,
        VpcConfig=vpc,
        PrimaryContainer={
            "Image": BYOC_IMAGE,
            "ModelDataUrl": f"s3://{BUCKET}/churn/v4/model.tar.gz",
        },
    )
    sm.create_model(
        ModelName="nlp-pipeline",
        ExecutionRoleArn=ROLE,
        Containers=[
            {"Image": SKLEARN_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/pipeline/preprocess.tar.gz"},
            {"Image": TORCH_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/pipeline/model.tar.gz"},
        ],
        InferenceExecutionConfig={"Mode": "Serial"},
    )
    sm.create_model(
        ModelName="mme-sklearn",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": SKLEARN_IMAGE,
            "Mode": "MultiModel",
            "ModelDataUrl": f"s3://{BUCKET}/mme/",
        },
    )
    sm.create_model(
        ModelName="private-registry",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": PRIVATE_IMAGE,
            "ModelDataUrl": f"s3://{BUCKET}/churn/v3/model.tar.gz",
            "ImageConfig": {
                "RepositoryAccessMode": "Vpc",
                "RepositoryAuthConfig": {
                    "RepositoryCredentialsProviderArn": (
                        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:registry-credentials"
                    )
                },
            },
        },
    )
    sm.create_model(
        ModelName="churn-spot",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": XGB_IMAGE, "ModelDataUrl": SPOT_ARTIFACT},
    )
    sm.create_model(
        ModelName="churn-prefix",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": XGB_IMAGE, "ModelDataUrl": PREFIX_ARTIFACT},
    )
    # A model created from a registry version: its container names the package, no image.
    sm.create_model_package_group(ModelPackageGroupName=PACKAGE_GROUP)
    package = sm.create_model_package(
        ModelPackageGroupName=PACKAGE_GROUP,
        ModelApprovalStatus="Approved",
        InferenceSpecification={
            "Containers": [
                {
                    "Image": XGB_IMAGE,
                    "ModelDataUrl": f"s3://{BUCKET}/churn/v3/model.tar.gz",
                    "Framework": "XGBOOST",
                    "FrameworkVersion": "1.7",
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
            "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
        },
    )["ModelPackageArn"]
    sm.create_model(
        ModelName="churn-from-registry",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"ModelPackageName": package},
    )

    sm.create_training_job(
        TrainingJobName=SPOT_JOB,
        RoleArn=ROLE,
        EnableManagedSpotTraining=True,
        AlgorithmSpecification={"TrainingImage": XGB_IMAGE, "TrainingInputMode": "File"},
        OutputDataConfig={"S3OutputPath": SPOT_OUTPUT},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
        CheckpointConfig={"S3Uri": f"s3://{BUCKET}/checkpoints/{SPOT_JOB}/"},
    )

    def endpoint(name: str, **cfg) -> None:
        sm.create_endpoint_config(EndpointConfigName=f"{name}-cfg", **cfg)
        sm.create_endpoint(EndpointName=name, EndpointConfigName=f"{name}-cfg")

    endpoint(
        "churn-prod",
        KmsKeyId=key["Arn"],
        ProductionVariants=[
            {
                "VariantName": "champion",
                "ModelName": "churn-xgb-v3",
                "InstanceType": "ml.m5.xlarge",
                "InitialInstanceCount": 2,
                "InitialVariantWeight": 0.9,
            },
            {
                "VariantName": "challenger",
                "ModelName": "churn-byoc-v4",
                "InstanceType": "ml.c5.xlarge",
                "InitialInstanceCount": 1,
                "InitialVariantWeight": 0.1,
            },
        ],
        DataCaptureConfig={
            "EnableCapture": True,
            "InitialSamplingPercentage": 20,
            "DestinationS3Uri": f"s3://{BUCKET}/capture/",
            "KmsKeyId": key["Arn"],
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        },
    )
    endpoint(
        "churn-serverless",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn-xgb-v3",
                "ServerlessConfig": {
                    "MemorySizeInMB": 2048,
                    "MaxConcurrency": 20,
                    "ProvisionedConcurrency": 2,
                },
            }
        ],
    )
    endpoint(
        "mme-endpoint",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "mme-sklearn",
                "InstanceType": "ml.c5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    endpoint(
        "nlp-pipeline-ep",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "nlp-pipeline",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    endpoint(
        "private-ep",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "private-registry",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    endpoint(
        "spot-ep",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn-spot",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    endpoint(
        "registry-ep",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn-from-registry",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    # Asynchronous, on a GPU type with local NVMe storage (no volume key possible), output
    # encrypted with the customer key, scaled to zero when the queue is empty.
    endpoint(
        "async-ep",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn-xgb-v3",
                "InstanceType": "ml.g4dn.xlarge",
                "InitialInstanceCount": 1,
            }
        ],
        AsyncInferenceConfig={
            "OutputConfig": {"S3OutputPath": ASYNC_OUTPUT, "KmsKeyId": key["Arn"]},
            "ClientConfig": {"MaxConcurrentInvocationsPerInstance": 4},
        },
    )
    endpoint(
        "prefix-ep",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn-prefix",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )

    aas = c["application-autoscaling"]
    aas.register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/churn-prod/variant/champion",
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        MinCapacity=2,
        MaxCapacity=6,
    )
    aas.put_scaling_policy(
        PolicyName="churn-invocations",
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/churn-prod/variant/champion",
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 700.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
            },
        },
    )

    aas.register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/async-ep/variant/AllTraffic",
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        MinCapacity=0,
        MaxCapacity=3,
    )
    aas.put_scaling_policy(
        PolicyName="async-backlog",
        ServiceNamespace="sagemaker",
        ResourceId="endpoint/async-ep/variant/AllTraffic",
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 5.0,
            "CustomizedMetricSpecification": {
                "MetricName": "ApproximateBacklogSizePerInstance",
                "Namespace": "AWS/SageMaker",
                "Dimensions": [{"Name": "EndpointName", "Value": "async-ep"}],
                "Statistic": "Average",
            },
        },
    )

    put_invocations(cw, "churn-prod", ("champion", "challenger"), now=now)
    return {"key_arn": key["Arn"], "key_id": key["KeyId"], "package_arn": package}


def invocation_minutes(minutes: int = MINUTES) -> list[int]:
    """Per-minute totals: a steady baseline with a burst at the top of every hour."""
    return [SPIKE if i % 60 == 30 else BASELINE for i in range(minutes)]


def put_invocations(
    cw, endpoint: str, variants: tuple[str, ...], *, now: datetime | None = None
) -> None:
    end = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    totals = invocation_minutes()
    start = end - timedelta(minutes=len(totals))
    data = []
    for i, total in enumerate(totals):
        share = [total * 0.9, total * 0.1] if len(variants) == 2 else [total]
        for v, n in zip(variants, share, strict=True):
            data.append(
                {
                    "MetricName": "Invocations",
                    "Timestamp": start + timedelta(minutes=i),
                    "Value": n,
                    "Unit": "None",
                    "Dimensions": [
                        {"Name": "EndpointName", "Value": endpoint},
                        {"Name": "VariantName", "Value": v},
                    ],
                }
            )
    for i in range(0, len(data), 500):
        cw.put_metric_data(Namespace="AWS/SageMaker", MetricData=data[i : i + 500])


def put_setup_time(cw, endpoint: str, micros: list[float], *, now: datetime | None = None) -> None:
    """Serverless cold starts (ModelSetupTime, microseconds) an hour ago."""
    at = (now or datetime.now(UTC)).replace(second=0, microsecond=0) - timedelta(hours=1)
    cw.put_metric_data(
        Namespace="AWS/SageMaker",
        MetricData=[
            {
                "MetricName": "ModelSetupTime",
                "Timestamp": at + timedelta(minutes=i),
                "Value": v,
                "Unit": "Microseconds",
                "Dimensions": [
                    {"Name": "EndpointName", "Value": endpoint},
                    {"Name": "VariantName", "Value": "AllTraffic"},
                ],
            }
            for i, v in enumerate(micros)
        ],
    )
