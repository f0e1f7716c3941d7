"""Pure mapping rules (no AWS): image URIs, traffic verdicts, merging endpoints, failures."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from mlprofile_tui.aws import facts as K
from mlprofile_tui.aws import images, traffic
from mlprofile_tui.aws.endpoint_reader import _best_recommendation
from mlprofile_tui.aws.facts import Fact, Missing, OneOf
from mlprofile_tui.aws.faults import describe_failure, redact, remember_secrets
from mlprofile_tui.aws.importer import combine, in_rubric_words
from mlprofile_tui.aws.metrics import Window
from mlprofile_tui.core.rubric import resolve_rubric

OWN = "123456789012"


@pytest.mark.parametrize(
    "uri, host, repo, tag, account",
    [
        (
            "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310",
            "763104351884.dkr.ecr.eu-west-1.amazonaws.com",
            "pytorch-inference",
            "2.1.0-gpu-py310",
            "763104351884",
        ),
        (
            f"{OWN}.dkr.ecr.us-east-1.amazonaws.com/team/churn@sha256:abc",
            f"{OWN}.dkr.ecr.us-east-1.amazonaws.com",
            "team/churn",
            "sha256:abc",
            OWN,
        ),
        (
            "727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/xgboost:1",
            "727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn",
            "xgboost",
            "1",
            "727897471807",
        ),
        ("python:3.11", "docker.io", "python", "3.11", None),
        ("team/app", "docker.io", "team/app", "latest", None),
        (
            "registry.example.com:5000/team/app:2",
            "registry.example.com:5000",
            "team/app",
            "2",
            None,
        ),
    ],
)
def test_parse_image(uri, host, repo, tag, account):
    img = images.parse_image(uri)
    assert (img.host, img.repository, img.tag, img.account) == (host, repo, tag, account)


@pytest.mark.parametrize(
    "repo, expected",
    [
        ("huggingface-pytorch-tgi-inference", {"huggingface", "pytorch"}),
        ("tei-cpu", {"huggingface"}),
        ("djl-inference", {"djl_lmi"}),
        ("sagemaker-tritonserver", {"triton"}),
        ("sagemaker-scikit-learn", {"sklearn"}),
        ("sagemaker-xgboost", {"xgboost"}),
        ("tensorflow-inference", {"tensorflow"}),
        ("team/lightgbm-server", {"lightgbm"}),
        ("kmeans", {"other"}),
        ("mxnet-inference", {"other"}),
        ("protein-scorer", None),  # "tei" inside a word is not TEI
        ("churn-byoc", None),
    ],
)
def test_frameworks_from_repository_names(repo, expected):
    assert (
        images.frameworks(images.parse_image(f"{OWN}.dkr.ecr.us-east-1.amazonaws.com/{repo}:1"))
        == expected
    )


@pytest.mark.parametrize(
    "uri, expected",
    [
        (f"{OWN}.dkr.ecr.us-east-1.amazonaws.com/churn:1", "bring_your_own"),
        ("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2", "sagemaker_prebuilt"),
        (
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
            "sagemaker_prebuilt",
        ),
        (
            "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1",
            "sagemaker_prebuilt",
        ),
        ("999999999999.dkr.ecr.us-east-1.amazonaws.com/shared:1", None),  # another team's account
        ("docker.io/library/python:3.11", "bring_your_own"),
    ],
)
def test_container_source(uri, expected):
    assert images.container_source(images.parse_image(uri), OWN) == expected


def test_registry():
    ecr = images.parse_image(f"{OWN}.dkr.ecr.us-east-1.amazonaws.com/churn:1")
    other = images.parse_image("registry.example.com/team/scorer:1.0")
    assert images.registry(ecr, None) == "ecr"
    assert images.registry(ecr, None, prebuilt=True) == "aws_prebuilt"
    assert images.registry(other, "Vpc") == "private_vpc"
    assert images.registry(other, "Platform") == "public"


@pytest.mark.parametrize(
    "word, expected",
    [("XGBOOST", {"xgboost"}), ("PYTORCH", {"pytorch"}), ("SKLEARN", {"sklearn"}), (None, None)],
)
def test_model_package_framework_names(word, expected):
    assert images.named_frameworks(word) == expected


# ---------------------------------------------------------------------- rubric versions

V1_0 = resolve_rubric(None, "1.0.0")
V1_1 = resolve_rubric(None, "1.1.0")


@pytest.mark.parametrize(
    "key, ids, in_1_0, in_1_1",
    [
        (K.KMS, ("s3_default", "aws_managed"), "aws_managed", "s3_default"),
        (K.KMS, ("aws_managed_kms", "aws_managed"), "aws_managed", "aws_managed_kms"),
        (
            K.KMS,
            ("instance_storage_plus_cmk", "customer_managed"),
            "customer_managed",
            "instance_storage_plus_cmk",
        ),
        (
            K.IMAGE_REGISTRY,
            ("private_registry_vpc", "private_third_party"),
            "private_third_party",
            "private_registry_vpc",
        ),
        (K.IMAGE_REGISTRY, ("aws_prebuilt", "ecr"), "ecr", "aws_prebuilt"),
        (K.SCALING, ("scale_to_zero", "managed"), "managed", "scale_to_zero"),
        (K.SCALING, ("managed",), "managed", None),
    ],
)
def test_one_fact_in_each_rubric_versions_words(key, ids, in_1_0, in_1_1):
    reading = Fact(OneOf(ids, otherwise="serverless scales by itself"), "src")
    assert in_rubric_words(V1_0, key, reading) == Fact(in_1_0, "src")
    expected = Fact(in_1_1, "src") if in_1_1 else Missing("serverless scales by itself")
    assert in_rubric_words(V1_1, key, reading) == expected


def test_a_key_the_reader_left_out_is_a_failed_read_not_a_gap():
    reading = in_rubric_words(V1_1, K.KMS, None)
    assert isinstance(reading, Missing) and reading.fault
    plain = Fact(True, "src")
    assert in_rubric_words(V1_1, K.VPC, plain) is plain


# ---------------------------------------------------------------------- traffic

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _stats(values: list[float], period: int = 60):
    points = {T0 + timedelta(seconds=period * i): v for i, v in enumerate(values) if v}
    return traffic.summarise(points, T0, T0 + timedelta(seconds=period * len(values)), period)


def test_steady():
    s = _stats([100 + (i % 7) for i in range(600)])
    assert traffic.classify(s) == "steady" and s.cv < 0.1 and s.idle_fraction == 0


def test_spiky_by_peak_to_mean():
    s = _stats([60 if i % 60 else 950 for i in range(600)])
    assert traffic.classify(s) == "spiky" and s.peak_to_mean > 5 and s.peak_per_minute == 950


def test_intermittent_counts_missing_minutes_as_idle():
    s = _stats([0, 0, 0, 40, 0, 0, 0, 0, 35, 0] * 60)  # CloudWatch omits the zeros
    assert s.idle_fraction == pytest.approx(0.8)
    assert traffic.classify(s) == "intermittent"


def test_periodic_daily_cycle():
    hourly = [100 + 60 * math.sin(2 * math.pi * h / 24) for h in range(24 * 4)]
    s = _stats([v for v in hourly for _ in range(60)])
    assert s.daily_correlation is not None and s.daily_correlation > 0.9
    assert traffic.classify(s) == "periodic"
    assert "daily correlation" in traffic.explain(s)


def test_no_traffic_is_no_verdict():
    assert _stats([0, 0, 0]) is None


def test_window_periods_follow_cloudwatch_retention():
    now = datetime(2026, 11, 26, 12, 0, 30, tzinfo=UTC)
    assert Window.last_days(14, now).period_s == 60
    assert Window.last_days(30, now).period_s == 300
    assert Window.last_days(100, now).period_s == 3600
    w = Window.last_days(1, now)
    assert w.end == datetime(2026, 11, 26, 12, 0, tzinfo=UTC) and w.seconds == 86400


# ---------------------------------------------------------------------- inference recommender


def test_best_recommendation_ignores_nan_costs():
    recs = [
        {
            "Metrics": {"CostPerInference": float("nan")},
            "EndpointConfiguration": {"InstanceType": "ml.m5.large"},
        },
        {
            "Metrics": {"CostPerInference": 2e-6},
            "EndpointConfiguration": {"InstanceType": "ml.c5.xlarge"},
        },
        {
            "Metrics": {"CostPerInference": 5e-6},
            "EndpointConfiguration": {"ServerlessConfig": {"MemorySizeInMB": 2048}},
        },
    ]
    assert _best_recommendation(recs) == "ml.c5.xlarge at $2e-06/inference"
    assert _best_recommendation(recs[2:]) == "serverless 2048 MB at $5e-06/inference"
    assert _best_recommendation([]) == ""


# ---------------------------------------------------------------------- merging endpoints


def test_combine_rules():
    f = Fact

    def combine_(key, readings, rubric=V1_0):
        return combine(key, readings, rubric)

    assert combine_(
        K.HOSTING_MODE, [("a", f("single_model", "x")), ("b", f("single_model", "y"))]
    ) == Fact("single_model", "x; y")
    disagree = combine_(
        K.DEPLOYMENT_LOCATION, [("a", f("serverless", "x")), ("b", f("batch", "y"))]
    )
    assert isinstance(disagree, Missing) and "a=serverless, b=batch" in disagree.reason
    # The weakest endpoint answers, by the rubric's own levels (1.0.0's words, then 1.1.0's).
    weak = [("a", f("customer_managed", "x")), ("b", f("aws_managed", "y"))]
    assert combine_(K.KMS, weak).value == "aws_managed"
    weak = [("a", f("customer_managed", "x")), ("b", f("aws_managed_kms", "y"))]
    assert combine_(K.KMS, weak, V1_1).value == "aws_managed_kms"
    assert combine_(K.ARTIFACT_SIZE, [("a", f(5, "x")), ("b", f(9, "y"))]) == Fact(9, "y")
    assert combine_(
        K.FRAMEWORKS, [("a", f(["xgboost"], "x")), ("b", f(["pytorch"], "y"))]
    ).value == ["pytorch", "xgboost"]
    assert combine_(K.VPC, [("a", f(True, "x")), ("b", f(False, "y"))]).value is False
    # Present-only keys ignore endpoints that have nothing to say (a serverless instance type).
    assert combine_(
        K.INSTANCE_TYPE, [("a", Missing("serverless")), ("b", f("ml.m5.large", "y"))]
    ) == Fact("ml.m5.large", "y")
    # Instances add up over the workload's endpoints; a serverless one adds none.
    counts = [("a", f(2, "x")), ("b", f(3, "y")), ("c", Missing("serverless"))]
    assert combine_(K.INSTANCE_COUNT_MAX, counts, V1_1) == Fact(5, "x; y")
    # Others refuse to answer for the workload from half of it.
    half = combine_(
        K.CONTAINER_SOURCE, [("a", Missing("cannot tell")), ("b", f("bring_your_own", "y"))]
    )
    assert isinstance(half, Missing) and not half.fault
    # A failed call anywhere wins: the answer would be built on a gap.
    failed = combine_(
        K.VPC,
        [
            ("a", Missing("AccessDenied on sagemaker:DescribeModel", fault=True)),
            ("b", f(True, "y")),
        ],
    )
    assert failed.fault and "AccessDenied" in failed.reason


# ---------------------------------------------------------------------- failures and secrets


def _client_error(code: str, status: int, message: str = "m", retries: int = 0) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status, "RetryAttempts": retries},
        },
        "Op",
    )


@pytest.mark.parametrize(
    "code, status, kind",
    [
        ("AccessDeniedException", 400, "denied"),
        ("403", 403, "denied"),
        ("ThrottlingException", 400, "throttled"),
        ("ValidationException", 400, "error"),
        ("NoSuchKey", 404, "not_found"),
        ("InternalFailure", 500, "error"),
        ("UnknownOperationException", 400, "not_implemented"),
    ],
)
def test_failures_are_classified(code, status, kind):
    assert describe_failure(_client_error(code, status), "svc:Op").kind == kind


def test_validation_not_found_message_is_not_found():
    e = _client_error("ValidationException", 400, 'Could not find endpoint "x".')
    assert describe_failure(e, "sagemaker:DescribeEndpoint").is_not_found


def test_throttled_reason_counts_attempts():
    e = _client_error("ThrottlingException", 400, retries=3)
    assert "after 4 attempts" in describe_failure(e, "sagemaker:DescribeModel").reason


def test_redact_removes_remembered_secrets_and_key_ids():
    remember_secrets("s3cr3t-value-that-is-long", None, "")
    text = redact("key ASIAABCDEFGHIJKLMNOP secret s3cr3t-value-that-is-long")
    assert "s3cr3t" not in text and "ASIA" not in text and text.count("***") == 2
