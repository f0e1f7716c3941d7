"""What one read of the account says about one characteristic: a fact, or why there is none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fact:
    value: Any
    source: str  # the ARN, S3 URI or metric the value was read from


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
SPOT_TRAINING = "cost.spot_training"
MATRIX = "provisioning.matrix"

IMPORTABLE = (
    DEPLOYMENT_LOCATION,
    ARTIFACT_SIZE,
    MODELS_PER_ENDPOINT,
    HOSTING_MODE,
    INSTANCE_TYPE,
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
    SPOT_TRAINING,
    MATRIX,
)
