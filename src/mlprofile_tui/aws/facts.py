"""What one read of the account says about one characteristic: a fact, or why there is none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fact:
    value: Any  # a rubric value, or a OneOf for an enum whose ids differ between rubric versions
    source: str  # the ARN, S3 URI or metric the value was read from


@dataclass(frozen=True)
class OneOf:
    """One enum fact in the words of several rubric versions, the most precise first.

    Rubric 1.1.0 splits some of 1.0.0's choices ("aws_managed" became "s3_default" and
    "aws_managed_kms"); the reader says what it saw once, and the import writes the first id the
    file's rubric offers. ``otherwise``: why nothing is imported when the rubric offers none
    (rubric 1.1.0 has no "managed" scaling: serverless scaling is not applicable there).
    """

    ids: tuple[str, ...]
    otherwise: str = ""

    def pick(self, offered: Iterable[str]) -> str | None:
        """The first of ``ids`` among ``offered`` (a characteristic's choice ids), or None."""
        have = set(offered)
        return next((i for i in self.ids if i in have), None)


@dataclass(frozen=True)
class Missing:
    reason: str
    fault: bool = False  # True: a call failed (denied, throttled, vanished); False: nothing to read


Reading = Fact | Missing

# The rubric keys the importer can answer, in rubric order.
DEPLOYMENT_LOCATION = "deployment.deployment_location"
ARTIFACT_SIZE = "deployment.model_artifact_size"
MODELS_PER_ENDPOINT = "deployment.models_per_endpoint"
HOSTING_MODE = "deployment.hosting_mode"
INSTANCE_TYPE = "deployment.instance_type"
ACCELERATOR_CLASS = "deployment.accelerator_class"
INSTANCE_COUNT_MIN = "deployment.instance_count_min"
INSTANCE_COUNT_MAX = "deployment.instance_count_max"
AVAILABILITY = "deployment.availability"
SERVERLESS_MEMORY = "deployment.serverless_memory_mb"
SERVERLESS_MAX_CONCURRENCY = "deployment.serverless_max_concurrency"
SERVERLESS_PROVISIONED = "deployment.serverless_provisioned_concurrency"
INSTANCE_SELECTION = "deployment.instance_selection"
INFERENCE_PIPELINE = "architecture.inference_pipeline"
FRAMEWORKS = "architecture.frameworks"
CONTAINER_SOURCE = "architecture.container_source"
TRAFFIC_PATTERN = "traffic.traffic_pattern"
PEAK_INVOCATIONS = "traffic.peak_invocations_per_minute"
P95_LATENCY = "traffic.p95_latency_ms"
SCALING = "traffic.scaling"
COLD_START = "cold_start.measured_cold_start_ms"
KMS = "network.kms_encryption"
MULTI_VARIANT = "network.multi_variant"
VPC = "network.vpc"
NETWORK_ISOLATION = "network.network_isolation"
IMAGE_REGISTRY = "network.image_registry"
DATA_CAPTURE_PCT = "monitoring.data_capture_pct"
MODEL_MONITOR = "monitoring.model_monitor"
SPOT_TRAINING = "cost.spot_training"
MATRIX = "provisioning.matrix"

# A rubric version imports the ones it has (rubric.by_key): 1.0.0 files never get 1.1.0's keys.
IMPORTABLE = (
    DEPLOYMENT_LOCATION,
    ARTIFACT_SIZE,
    MODELS_PER_ENDPOINT,
    HOSTING_MODE,
    INSTANCE_TYPE,
    ACCELERATOR_CLASS,
    INSTANCE_COUNT_MIN,
    INSTANCE_COUNT_MAX,
    AVAILABILITY,
    SERVERLESS_MEMORY,
    SERVERLESS_MAX_CONCURRENCY,
    SERVERLESS_PROVISIONED,
    INSTANCE_SELECTION,
    INFERENCE_PIPELINE,
    FRAMEWORKS,
    CONTAINER_SOURCE,
    TRAFFIC_PATTERN,
    PEAK_INVOCATIONS,
    P95_LATENCY,
    SCALING,
    COLD_START,
    KMS,
    MULTI_VARIANT,
    VPC,
    NETWORK_ISOLATION,
    IMAGE_REGISTRY,
    DATA_CAPTURE_PCT,
    MODEL_MONITOR,
    SPOT_TRAINING,
    MATRIX,
)
